//! Error output is bounded (issue 14): whatever an input within the size
//! limit holds, the error text (paths plus messages) of one read, apply or
//! diff stays under the documented budget, 64 KiB by default.

use caseexport::{diff, CaseExportOperation, Error, ErrorCode, Patch, ReadOptions};

/// The documented default budget (`caseexport::DEFAULT_MAX_ERROR_BYTES`).
const BUDGET: usize = 64 * 1024;

fn text_bytes(err: &Error) -> usize {
    err.details()
        .iter()
        .map(|d| d.path.len() + d.message.len())
        .sum()
}

/// `{"NAME":{"x":1,"x":1,…}}`: every duplicate's path repeats NAME.
fn long_name_with_duplicates(name_len: usize, duplicates: usize) -> Vec<u8> {
    let mut doc = format!("{{\"{}\":{{", "n".repeat(name_len));
    for i in 0..duplicates {
        if i > 0 {
            doc.push(',');
        }
        doc.push_str("\"x\":1");
    }
    doc.push_str("}}");
    doc.into_bytes()
}

#[test]
fn the_reported_case_holds_kilobytes_of_error_text_not_megabytes() {
    // 8 MB member name, duplicates inside: 8.4 MB in all, under the 16 MiB
    // limit. Before the bound, its 100 errors held 839 MB of path text.
    let doc = long_name_with_duplicates(8_000_000, 70_000);
    assert!(doc.len() > 8_400_000 && doc.len() < 16 * 1024 * 1024);
    let err = CaseExportOperation::from_json(&doc).unwrap_err();
    assert!(
        text_bytes(&err) <= BUDGET,
        "{} bytes of error text",
        text_bytes(&err)
    );
    assert!(err.is_truncated());
    let first = &err.details()[0];
    assert_eq!(first.code, ErrorCode::DuplicateProperty);
    assert_eq!(
        first.path,
        format!("/{}…(+{} bytes)/x", "n".repeat(64), 8_000_000 - 64)
    );
}

#[test]
fn patches_are_bounded_the_same_way() {
    // Strict: the long name is also an unknownProperty, quoted in its message.
    let patch = long_name_with_duplicates(1_000_000, 5_000);
    let err = Patch::from_json(&patch).unwrap_err();
    assert!(text_bytes(&err) <= BUDGET, "{}", text_bytes(&err));
    let first = &err.details()[0];
    assert_eq!(first.code, ErrorCode::UnknownProperty);
    assert!(first.message.len() < 200, "{}", first.message);
    assert!(
        first.message.ends_with("…(+999936 bytes)"),
        "{}",
        first.message
    );
    let op = CaseExportOperation::default();
    let err = op.apply_json(&patch, &ReadOptions::strict()).unwrap_err();
    assert!(text_bytes(&err) <= BUDGET, "{}", text_bytes(&err));
}

#[test]
fn deep_paths_of_long_names_stop_at_the_budget() {
    // 62 levels of 64-byte names (each shown whole), then duplicates: each
    // path is about 4 KiB, so the budget, not the count, stops the list.
    let name = "m".repeat(64);
    let mut doc = String::new();
    for _ in 0..62 {
        doc.push_str(&format!("{{\"{name}\":"));
    }
    doc.push('{');
    doc.push_str(&vec!["\"x\":1"; 300].join(","));
    doc.push('}');
    doc.push_str(&"}".repeat(62));
    let err = CaseExportOperation::from_json(doc.as_bytes()).unwrap_err();
    assert!(text_bytes(&err) <= BUDGET, "{}", text_bytes(&err));
    assert!(err.is_truncated());
    assert!(err.details().len() < 100, "{}", err.details().len());
    assert!(err.details().len() > 5);
    // The budget is an option.
    let small = ReadOptions::lenient().with_max_error_bytes(10_000);
    let err = CaseExportOperation::from_json_with(doc.as_bytes(), &small).unwrap_err();
    assert!(text_bytes(&err) <= 10_000);
    assert_eq!(err.details().len(), 2);
    // The first error is always reported, whatever the budget.
    let none = ReadOptions::lenient().with_max_error_bytes(0);
    let err = CaseExportOperation::from_json_with(doc.as_bytes(), &none).unwrap_err();
    assert_eq!(err.details().len(), 1);
    assert!(err.is_truncated());
}

#[test]
fn quoted_values_are_shortened_in_messages() {
    let long = "2".repeat(100_000);
    let doc = format!(r#"{{"createdDateTime":"{long}","status":"{long}","@odata.type":"{long}"}}"#);
    let err =
        CaseExportOperation::from_json_with(doc.as_bytes(), &ReadOptions::strict()).unwrap_err();
    let codes: Vec<_> = err.details().iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            ErrorCode::InvalidDateTime,
            ErrorCode::InvalidEnumMember,
            ErrorCode::TypeMismatch
        ]
    );
    for d in err.details() {
        assert!(d.message.len() < 200, "{}", d.message);
        assert!(d.message.contains("…(+99936 bytes)"), "{}", d.message);
    }
}

#[test]
fn diff_errors_are_bounded() {
    // Nulls inside a new unknown member: one unrepresentable error each.
    let name = "u".repeat(1_000_000);
    let nulls: Vec<String> = (0..2_000).map(|i| format!("\"k{i}\":null")).collect();
    let target = format!(r#"{{"{name}":{{{}}}}}"#, nulls.join(","));
    let base = CaseExportOperation::default();
    let target = CaseExportOperation::from_json(target.as_bytes()).unwrap();
    let err = diff(&base, &target).unwrap_err();
    assert!(text_bytes(&err) <= BUDGET, "{}", text_bytes(&err));
    assert_eq!(err.details()[0].code, ErrorCode::Unrepresentable);
    assert!(err.details()[0].path.len() < 200);
}
