//! The checks behind caseexport's fuzz targets. Each module has one
//! `check(data: &[u8])` that panics when a property of the library does not
//! hold for `data`; the libFuzzer binaries (`fuzz_targets/`) call it, and
//! `tests/replay.rs` runs it over every file of the target's corpus
//! (`corpus/<target>/`), so the test command replays the corpora without
//! libFuzzer. How each target reads its input is in `README.md`.

pub mod apply;
pub mod datetime;
pub mod diff;
pub mod diff_fixed_point;
pub mod page;
pub mod patch_builder;
pub mod query;
pub mod read;
pub mod response;

use caseexport::{Error, ErrorCode};

/// A target's checks: panics when a property does not hold for the input.
pub type Check = fn(&[u8]);

/// The targets: names (of their `corpus/` folders and binaries) and checks.
pub const TARGETS: [(&str, Check); 9] = [
    ("read", read::check),
    ("apply", apply::check),
    ("diff", diff::check),
    ("datetime", datetime::check),
    ("response", response::check),
    ("patch_builder", patch_builder::check),
    ("page", page::check),
    ("diff_fixed_point", diff_fixed_point::check),
    ("query", query::check),
];

/// Splits at the first NUL byte: `(before, Some(after))`, or `(all, None)`.
pub fn split_nul(data: &[u8]) -> (&[u8], Option<&[u8]>) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    }
}

/// JSON's whitespace (RFC 8259): space, tab, line feed, carriage return.
pub fn is_json_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// What serde_json, the oracle, says about the syntax of `data`:
/// `Some(true)` valid JSON, `Some(false)` malformed, `None` when it cannot
/// say (its recursion limit of 128 levels is not a syntax rule; caseexport
/// checks deep values to their end without recursing).
pub fn oracle_syntax(data: &[u8]) -> Option<bool> {
    match serde_json::from_slice::<serde_json::Value>(data) {
        Ok(_) => Some(true),
        Err(e) if e.to_string().starts_with("recursion limit exceeded") => None,
        Err(_) => Some(false),
    }
}

/// The invariants every error must satisfy, whatever the input: at least one
/// detail, no more than `max_errors`, each path a valid RFC 6901 pointer.
pub fn check_error_shape(err: &Error, max_errors: usize) {
    let details = err.details();
    assert!(!details.is_empty(), "an error without details");
    assert!(
        details.len() <= max_errors,
        "{} details, more than max_errors = {max_errors}",
        details.len()
    );
    for d in details {
        assert_pointer(&d.path);
        assert!(!d.message.is_empty(), "empty message at {:?}", d.path);
    }
}

/// Panics unless `p` is an RFC 6901 JSON Pointer.
pub fn assert_pointer(p: &str) {
    assert!(
        p.is_empty() || p.starts_with('/'),
        "not a JSON Pointer: {p:?}"
    );
    let b = p.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'~' {
            assert!(
                matches!(b.get(i + 1), Some(b'0' | b'1')),
                "bad ~ escape in pointer {p:?}"
            );
        }
    }
}

/// `true` when `err` is exactly one `invalidJson` at the root (how malformed
/// JSON is reported, DESIGN.md "Reading").
pub fn is_single_invalid_json(err: &Error) -> bool {
    matches!(err.details(), [d] if d.code == ErrorCode::InvalidJson && d.path.is_empty())
}

/// `true` when any detail of `err` is `invalidJson`.
pub fn has_invalid_json(err: &Error) -> bool {
    err.details()
        .iter()
        .any(|d| d.code == ErrorCode::InvalidJson)
}
