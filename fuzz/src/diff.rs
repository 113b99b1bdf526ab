//! `diff`: the input is `BASE NUL TARGET`, both read leniently (inputs that
//! do not read are skipped).
//!
//! - `diff(a, a)` is an empty patch.
//! - `diff(a, b)` either fails with a documented code (`readOnlyProperty`
//!   at `/id`, `unrepresentable`) or gives a patch that applies to `a`,
//!   typed and through its bytes, with a result equivalent to `b`.

use caseexport::{diff, CaseExportOperation, ErrorCode, Patch, ReadOptions};

use crate::{check_error_shape, split_nul};

/// Runs every check on `data`.
pub fn check(data: &[u8]) {
    let (a, Some(b)) = split_nul(data) else {
        return;
    };
    let (Ok(a), Ok(b)) = (
        CaseExportOperation::from_json(a),
        CaseExportOperation::from_json(b),
    ) else {
        return;
    };
    for x in [&a, &b] {
        let same = diff(x, x).unwrap_or_else(|e| panic!("diff(x, x) fails: {e}"));
        assert!(
            same.is_empty(),
            "diff(x, x) is not empty: {}",
            same.to_json_string()
        );
    }
    match diff(&a, &b) {
        Ok(patch) => {
            let typed = a
                .apply(&patch)
                .unwrap_or_else(|e| panic!("the diff does not apply: {e}"));
            assert_equivalent(&typed, &b, &patch);
            let bytes = patch.to_vec();
            let read = Patch::from_json_with(&bytes, &ReadOptions::lenient())
                .unwrap_or_else(|e| panic!("the diff's bytes do not read back: {e}"));
            let wire = a
                .apply(&read)
                .unwrap_or_else(|e| panic!("the diff's bytes do not apply: {e}"));
            assert_eq!(wire, typed, "the diff applies otherwise through its bytes");
            let without = patch.clone().with_odata_type(false).to_vec();
            assert!(
                bytes.ends_with(&without[1..]) && without.len() <= bytes.len(),
                "with_odata_type(false) changes more than the leading member"
            );
        }
        Err(e) => {
            check_error_shape(&e, 100);
            for d in e.details() {
                match d.code {
                    ErrorCode::ReadOnlyProperty => assert_eq!(d.path, "/id"),
                    ErrorCode::Unrepresentable => {}
                    other => panic!("diff fails with an undocumented code {other} at {}", d.path),
                }
            }
        }
    }
}

fn assert_equivalent(got: &CaseExportOperation, want: &CaseExportOperation, patch: &Patch) {
    assert!(
        got.equivalent(want),
        "apply(a, diff(a, b)) is not equivalent to b\npatch: {}\ngot:  {}\nwant: {}",
        patch.to_json_string(),
        got.to_json_string(),
        want.to_json_string()
    );
}
