//! `read`: the input is a document (or PATCH body), read strictly and
//! leniently, as a document, as a patch and as a plain JSON value.
//!
//! - serde_json is the oracle for JSON syntax: input it rejects is exactly one
//!   `invalidJson` at the root, in every mode; input it accepts never gives
//!   `invalidJson`.
//! - A document or patch that reads is written canonically, and that output
//!   reads back to an equal value and the same bytes (canonical is a fixed point).
//! - A plain JSON value that reads writes JSON that serde_json reads as the
//!   value it read from the input.
//! - Every error has a valid pointer path and respects `max_errors`.

use caseexport::{CaseExportOperation, Json, Mode, Patch, ReadOptions};

use crate::{check_error_shape, has_invalid_json, is_single_invalid_json, oracle_syntax};

/// Runs every check on `data`.
pub fn check(data: &[u8]) {
    let syntax = oracle_syntax(data);
    for mode in [Mode::Strict, Mode::Lenient] {
        let opts = ReadOptions::new(mode);
        document(data, &opts, syntax);
        patch(data, &opts, syntax);
    }
    json_value(data, syntax);
    if syntax == Some(true) {
        int32_literal(data);
    }
}

/// When the whole input is one JSON number, it is tried as an Int32
/// (`resultInfo.code`): the literal's form decides, not its size
/// (DESIGN.md): an integer literal (`-0` included) is a value or
/// `outOfRange`; a fraction or an exponent is `invalidType`.
fn int32_literal(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lit = text.trim_matches([' ', '\t', '\n', '\r']);
    let Some(digits) = lit
        .strip_prefix('-')
        .or(Some(lit))
        .filter(|d| d.starts_with(|c: char| c.is_ascii_digit()))
    else {
        return;
    };
    let integer = digits.bytes().all(|b| b.is_ascii_digit());
    let doc = format!("{{\"resultInfo\":{{\"code\":{lit}}}}}");
    let got = CaseExportOperation::from_json(doc.as_bytes());
    let want = if integer {
        lit.parse::<i32>()
            .map_err(|_| caseexport::ErrorCode::OutOfRange)
    } else {
        Err(caseexport::ErrorCode::InvalidType)
    };
    let got_code = match &got {
        Ok(op) => Ok(op
            .result_info
            .as_option()
            .and_then(|r| r.code.as_option().copied())
            .expect("a code that reads is kept")),
        Err(e) => {
            assert_eq!(e.details().len(), 1, "{lit}: {:?}", e.details());
            assert_eq!(e.details()[0].path, "/resultInfo/code");
            Err(e.details()[0].code)
        }
    };
    assert_eq!(got_code, want, "Int32 literal {lit}");
}

fn agree_on_syntax(what: &str, result: &Result<(), &caseexport::Error>, syntax: Option<bool>) {
    match (syntax, result) {
        (Some(false), Ok(())) => {
            panic!("{what}: serde_json rejects the input, caseexport reads it")
        }
        (Some(false), Err(e)) => assert!(
            is_single_invalid_json(e),
            "{what}: malformed JSON must be one invalidJson at the root, got {:?}",
            e.details()
        ),
        (Some(true), Err(e)) => assert!(
            !has_invalid_json(e),
            "{what}: serde_json reads the input, caseexport says invalidJson: {:?}",
            e.details()
        ),
        _ => {}
    }
}

fn document(data: &[u8], opts: &ReadOptions, syntax: Option<bool>) {
    let what = format!("document ({:?})", opts.mode);
    match CaseExportOperation::from_json_with(data, opts) {
        Ok(op) => {
            agree_on_syntax(&what, &Ok(()), syntax);
            let bytes = op.to_json();
            assert!(
                serde_json::from_slice::<serde_json::Value>(&bytes).is_ok(),
                "{what}: canonical output is not JSON: {}",
                String::from_utf8_lossy(&bytes)
            );
            let again = CaseExportOperation::from_json_with(&bytes, opts)
                .unwrap_or_else(|e| panic!("{what}: canonical output does not read back: {e}"));
            assert_eq!(
                again, op,
                "{what}: canonical output reads back to another value"
            );
            assert_eq!(
                again.to_json(),
                bytes,
                "{what}: canonical output is not a fixed point"
            );
            // The boxed reader is the same reader.
            let boxed = CaseExportOperation::from_json_boxed(data, opts).unwrap_or_else(|e| {
                panic!("{what}: from_json_boxed fails where from_json_with reads: {e}")
            });
            assert_eq!(*boxed, op, "{what}: from_json_boxed reads another value");
        }
        Err(e) => {
            check_error_shape(&e, opts.max_errors);
            agree_on_syntax(&what, &Err(&e), syntax);
            let boxed = CaseExportOperation::from_json_boxed(data, opts)
                .expect_err("from_json_boxed reads what from_json_with refuses");
            assert_eq!(boxed, e, "{what}: from_json_boxed reports other errors");
        }
    }
}

fn patch(data: &[u8], opts: &ReadOptions, syntax: Option<bool>) {
    let what = format!("patch ({:?})", opts.mode);
    match Patch::from_json_with(data, opts) {
        Ok(p) => {
            agree_on_syntax(&what, &Ok(()), syntax);
            let bytes = p.to_vec();
            let again = Patch::from_json_with(&bytes, opts)
                .unwrap_or_else(|e| panic!("{what}: the patch's bytes do not read back: {e}"));
            assert_eq!(
                again, p,
                "{what}: the patch's bytes read back to another patch"
            );
            assert_eq!(
                again.to_vec(),
                bytes,
                "{what}: patch bytes are not a fixed point"
            );
        }
        Err(e) => {
            check_error_shape(&e, opts.max_errors);
            agree_on_syntax(&what, &Err(&e), syntax);
        }
    }
}

fn json_value(data: &[u8], syntax: Option<bool>) {
    match Json::from_json(data) {
        Ok(v) => {
            assert_ne!(
                syntax,
                Some(false),
                "Json: serde_json rejects what caseexport reads"
            );
            let text = v.to_json();
            let ours: serde_json::Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("Json: output {text:?} is not JSON: {e}"));
            if syntax == Some(true) {
                // No duplicate members (caseexport refuses them), so serde_json's
                // value is the same value.
                let theirs: serde_json::Value = serde_json::from_slice(data).expect("oracle");
                assert_eq!(ours, theirs, "Json: another value than serde_json's");
            }
            let again = Json::from_json(text.as_bytes()).expect("Json output reads back");
            assert_eq!(again, v, "Json: output reads back to another value");
            assert_eq!(again.to_json(), text, "Json: output is not a fixed point");
        }
        Err(e) => {
            check_error_shape(&e, ReadOptions::default().max_errors);
            agree_on_syntax("Json", &Err(&e), syntax);
        }
    }
}
