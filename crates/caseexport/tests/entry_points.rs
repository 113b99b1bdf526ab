//! One rule for bounds (issue 24): every public reading entry point —
//! document, patch, page, response, export response, `set_json` — applies
//! `max_errors`, `max_error_bytes` and path shortening to its whole result.
//! Each is fed large adversarial inputs (many bad items, long names, deep
//! paths); the error text must stay within `max_error_bytes` plus one error,
//! the count within `max_errors`, and every path step within
//! `MAX_QUOTED_BYTES` plus its marker.

use caseexport::{
    read_export_response, read_response, CaseExportOperation, Error, Expect, ExportOperation,
    ExportPatch, OperationType, OperationsPage, Patch, Property, ReadOptions, MAX_QUOTED_BYTES,
};

const BUDGET: usize = 4096;
const MAX_ERRORS: usize = 50;

fn opts(strict: bool) -> ReadOptions {
    let o = if strict {
        ReadOptions::strict()
    } else {
        ReadOptions::lenient()
    };
    o.with_max_error_bytes(BUDGET).with_max_errors(MAX_ERRORS)
}

/// The bounds of one error list: count, bytes (at most the budget plus the
/// first error, which is always kept), path steps shortened.
fn assert_bounded(what: &str, err: &Error, budget: usize, max_errors: usize) {
    let details = err.details();
    let sizes: Vec<usize> = details
        .iter()
        .map(|d| d.path.len() + d.message.len())
        .collect();
    let total: usize = sizes.iter().sum();
    assert!(
        details.len() <= max_errors,
        "{what}: {} errors",
        details.len()
    );
    assert!(
        total <= budget + sizes[0],
        "{what}: {total} bytes of error text, budget {budget}, first error {}",
        sizes[0]
    );
    assert!(err.is_truncated(), "{what}: not marked truncated");
    // "…(+N bytes)" after at most MAX_QUOTED_BYTES bytes of name.
    let longest_step = MAX_QUOTED_BYTES + "…(+99999999 bytes)".len();
    for d in details {
        for step in d.path.split('/') {
            assert!(
                step.len() <= longest_step,
                "{what}: a path step of {} bytes in {:?}",
                step.len(),
                &d.path[..200.min(d.path.len())]
            );
        }
    }
}

/// A name of `len` bytes, unique by `i`.
fn name(i: usize, len: usize) -> String {
    let mut n = format!("{i}-");
    n.push_str(&"n".repeat(len));
    n
}

/// An object `{…}` nested `depth` levels under long names, holding a
/// duplicated member: one deep duplicateProperty error.
fn deep_duplicate(i: usize, depth: usize) -> String {
    let mut s = String::new();
    for d in 0..depth {
        s.push_str(&format!("{{\"{}\":", name(i * 1000 + d, 200)));
    }
    s.push_str("{\"x\":1,\"x\":1}");
    s.push_str(&"}".repeat(depth));
    s
}

/// A document body with every kind of trouble: many long unknown names
/// (strict), wrong values, deep duplicates.
fn adversarial_object(items: usize) -> String {
    let mut s = String::from("{\"status\":7,\"percentProgress\":\"x\",\"outputName\":[1]");
    for i in 0..items {
        s.push_str(&format!(",\"{}\":{}", name(i, 5000), deep_duplicate(i, 30)));
    }
    s.push('}');
    s
}

/// A page: many elements that are not objects, many wrong elements with
/// long names, a long unknown top-level member.
fn adversarial_page(ty: &str) -> String {
    let mut s = format!("{{\"{}\":1,\"value\":[", name(0, 5000));
    for i in 0..3000 {
        if i > 0 {
            s.push(',');
        }
        match i % 3 {
            0 => s.push('7'),
            1 => s.push_str(&format!(
                "{{\"@odata.type\":\"{ty}\",\"status\":7,\"{}\":1,\"percentProgress\":\"x\"}}",
                name(i, 3000)
            )),
            _ => s.push_str(&format!(
                "{{\"@odata.type\":\"#microsoft.graph.{}\"}}",
                name(i, 3000)
            )),
        }
    }
    s.push_str("]}");
    s
}

const TYPES: [&str; 3] = [
    "#microsoft.graph.caseExportOperation",
    "#microsoft.graph.ediscovery.caseExportOperation",
    "#microsoft.graph.security.ediscoveryExportOperation",
];

#[test]
fn documents_and_patches_of_every_type() {
    let doc = adversarial_object(200);
    for strict in [true, false] {
        let o = opts(strict);
        let e = CaseExportOperation::from_json_with(doc.as_bytes(), &o).unwrap_err();
        assert_bounded("seed document", &e, BUDGET, MAX_ERRORS);
        let e = Patch::<CaseExportOperation>::from_json_with(doc.as_bytes(), &o).unwrap_err();
        assert_bounded("seed patch", &e, BUDGET, MAX_ERRORS);
        let base = CaseExportOperation::from_json(b"{}").unwrap();
        let e = base.apply_json(doc.as_bytes(), &o).unwrap_err();
        assert_bounded("seed apply_json", &e, BUDGET, MAX_ERRORS);
        for ty in OperationType::ALL {
            let e =
                ExportOperation::from_json_with(doc.as_bytes(), &o, Expect::Only(ty)).unwrap_err();
            assert_bounded(&format!("{ty:?} document"), &e, BUDGET, MAX_ERRORS);
            let e = ExportPatch::from_json_with(doc.as_bytes(), &o, Expect::Only(ty)).unwrap_err();
            assert_bounded(&format!("{ty:?} patch"), &e, BUDGET, MAX_ERRORS);
            let base = ExportOperation::from_json_with(b"{}", &o, Expect::Only(ty)).unwrap();
            let e = base.apply_json(doc.as_bytes(), &o).unwrap_err();
            assert_bounded(&format!("{ty:?} apply_json"), &e, BUDGET, MAX_ERRORS);
        }
    }
}

#[test]
fn pages_of_every_type() {
    for ty in TYPES {
        let page = adversarial_page(ty);
        for strict in [true, false] {
            for default in OperationType::ALL {
                let e = OperationsPage::from_json_with(page.as_bytes(), &opts(strict), default)
                    .unwrap_err();
                assert_bounded(&format!("page of {ty}"), &e, BUDGET, MAX_ERRORS);
            }
        }
    }
}

#[test]
fn pages_with_the_default_limits_report_at_most_100_errors() {
    // Issue 24's case: 10,000 entries that are not objects.
    let page = format!("{{\"value\":[{}]}}", vec!["7"; 10_000].join(","));
    let e = OperationsPage::from_json(page.as_bytes()).unwrap_err();
    assert_eq!(e.details().len(), 100);
    assert!(e.is_truncated());
    // And 1 MB of `7,`: kilobytes of errors, not megabytes.
    let page = format!("{{\"value\":[{}]}}", vec!["7"; 500_000].join(","));
    let e = OperationsPage::from_json(page.as_bytes()).unwrap_err();
    let bytes: usize = e
        .details()
        .iter()
        .map(|d| d.path.len() + d.message.len())
        .sum();
    assert!(bytes < 10_000, "{bytes}");
}

#[test]
fn responses_with_the_default_limits() {
    // The response readers take no options: the defaults (100 errors,
    // 64 KiB) bound them.
    let body = adversarial_object(400);
    let default = ReadOptions::lenient();
    let e = read_response(200, &[], body.as_bytes()).unwrap_err();
    assert_bounded("response", &e, default.max_error_bytes, default.max_errors);
    for ty in OperationType::ALL {
        for expect in [Expect::Only(ty), Expect::Any(ty)] {
            let e = read_export_response(200, &[], body.as_bytes(), expect).unwrap_err();
            assert_bounded(
                &format!("export response {expect:?}"),
                &e,
                default.max_error_bytes,
                default.max_errors,
            );
        }
    }
}

#[test]
fn set_json_of_every_type() {
    // A complex value holding deep duplicates under long names.
    let mut value = String::from("{\"user\":{\"displayName\":1}");
    for i in 0..200 {
        value.push_str(&format!(",\"{}\":{}", name(i, 5000), deep_duplicate(i, 30)));
    }
    value.push('}');
    for strict in [true, false] {
        let o = opts(strict);
        let mut p = Patch::<CaseExportOperation>::new();
        let e = p
            .set_json(Property::CreatedBy, value.as_bytes(), &o)
            .unwrap_err();
        assert_bounded("seed set_json", &e, BUDGET, MAX_ERRORS);
        for ty in OperationType::ALL {
            let mut p = ExportPatch::empty(ty);
            let e = p.set_json("createdBy", value.as_bytes(), &o).unwrap_err();
            assert_bounded(&format!("{ty:?} set_json"), &e, BUDGET, MAX_ERRORS);
        }
    }
}
