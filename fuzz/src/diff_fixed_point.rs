//! `diff_fixed_point`: byte 0 picks the type (`% 3`: seed, ediscovery,
//! security); then `BASE NUL TARGET`, both read leniently as that type
//! (inputs that do not read are skipped).
//!
//! - A diff's patch bytes are a fixed point of reading and writing: read as
//!   a patch of the type (leniently), they write the same bytes, with and
//!   without `@odata.type`; the patch carries no annotations.
//! - Applying the typed patch and applying its bytes give the same
//!   operation, equivalent to the target.

use caseexport::{Expect, ExportOperation, ExportPatch, OperationType, ReadOptions};

use crate::{check_error_shape, split_nul};

/// Runs every check on `data`.
pub fn check(data: &[u8]) {
    let [ty, rest @ ..] = data else {
        return;
    };
    let ty = OperationType::ALL[usize::from(*ty % 3)];
    let (a, Some(b)) = split_nul(rest) else {
        return;
    };
    let lenient = ReadOptions::lenient();
    let read = |bytes| ExportOperation::from_json_with(bytes, &lenient, Expect::Only(ty));
    let (Ok(a), Ok(b)) = (read(a), read(b)) else {
        return;
    };
    let patch = match a.diff(&b) {
        Ok(p) => p,
        Err(e) => {
            check_error_shape(&e, 100);
            return;
        }
    };
    for with_type in [true, false] {
        let bytes = patch.clone().with_odata_type(with_type).to_vec();
        let read = ExportPatch::read(&bytes, &lenient, ty)
            .unwrap_or_else(|e| panic!("the diff's bytes do not read back: {e}"));
        assert_eq!(
            read.clone().with_odata_type(with_type).to_vec(),
            bytes,
            "the diff's bytes are not a fixed point of reading and writing"
        );
        let typed = a
            .apply(&patch)
            .unwrap_or_else(|e| panic!("the diff does not apply: {e}"));
        let wire = a
            .apply(&read)
            .unwrap_or_else(|e| panic!("the diff's bytes do not apply: {e}"));
        assert_eq!(
            typed.to_json(),
            wire.to_json(),
            "the typed patch and its bytes apply otherwise\npatch: {}",
            String::from_utf8_lossy(&bytes)
        );
    }
    // No annotation in the declared complex values the patch carries: their
    // own members, and those of the identities `createdBy` declares. (An
    // undeclared member of an open type is kept verbatim, whatever it holds.)
    let text = String::from_utf8(patch.to_vec()).expect("UTF-8");
    let value: serde_json::Value = serde_json::from_str(&text).expect("the patch is JSON");
    let annotated = |v: &serde_json::Value| {
        v.as_object()
            .is_some_and(|m| m.keys().any(|k| k.contains('@')))
    };
    let mut declared: Vec<&serde_json::Value> = Vec::new();
    if let Some(c) = value.get("createdBy") {
        declared.push(c);
        declared.extend(
            ["user", "application", "device"]
                .iter()
                .filter_map(|k| c.get(k)),
        );
    }
    declared.extend(value.get("resultInfo"));
    // Declared by the security type only (elsewhere an undeclared member).
    if ty == OperationType::Security {
        if let Some(items) = value.get("exportFileMetadata").and_then(|v| v.as_array()) {
            declared.extend(items);
        }
    }
    for v in declared {
        assert!(
            !annotated(v),
            "annotations in a declared value of the patch: {text}"
        );
    }
}
