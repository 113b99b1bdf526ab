//! `apply`: byte 0 picks the patch's mode (bit 0 set: strict), the rest is
//! `DOCUMENT NUL PATCH` (no NUL: the whole rest is the patch, applied to an
//! empty operation). A document that does not read leniently is skipped.
//!
//! - The four ways to apply (`apply_json`, `apply_json_in_place`,
//!   `Patch::from_json_with` + `apply`, lazy `Patched`) agree: same value,
//!   same bytes, same errors.
//! - On error nothing is lost or changed: the operation applied in place is
//!   still equal to the original, byte for byte.
//! - Idempotence: applying the patch again to the result changes nothing.
//! - The result's canonical bytes read back to the result.

use caseexport::{CaseExportOperation, Mode, Patch, Patched, ReadOptions};

use crate::{check_error_shape, split_nul};

/// Runs every check on `data`.
pub fn check(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let mode = if flags & 1 == 1 {
        Mode::Strict
    } else {
        Mode::Lenient
    };
    let opts = ReadOptions::new(mode);
    let (base, body) = match split_nul(rest) {
        (doc, Some(body)) => match CaseExportOperation::from_json(doc) {
            Ok(op) => (op, body),
            Err(_) => return,
        },
        (body, None) => (CaseExportOperation::new(), body),
    };
    let before = base.to_json();

    let eager = base.apply_json(body, &opts);
    let mut in_place = base.clone();
    let in_place_result = in_place.apply_json_in_place(body, &opts);
    let lazy = Patched::read(&base, body, &opts);
    let typed = Patch::from_json_with(body, &opts);

    match eager {
        Ok(updated) => {
            in_place_result.expect("apply_json_in_place fails where apply_json succeeds");
            assert_eq!(in_place, updated, "in place and eager apply differ");
            let bytes = updated.to_json();
            let lazy = lazy.expect("Patched::read fails where apply_json succeeds");
            assert_eq!(lazy.to_json(), bytes, "Patched::to_json differs from apply");
            assert_eq!(
                lazy.to_operation(),
                updated,
                "Patched::to_operation differs"
            );
            let patch = typed.expect("Patch::from_json_with fails where apply_json succeeds");
            let via_typed = base.apply(&patch).expect("typed apply fails");
            assert_eq!(via_typed, updated, "typed and byte apply differ");

            // Idempotence: the same patch again changes nothing.
            let twice = updated
                .apply(&patch)
                .unwrap_or_else(|e| panic!("the patch applies once but not twice: {e}"));
            assert_eq!(twice, updated, "applying the patch twice differs from once");
            assert_eq!(twice.to_json(), bytes, "applying twice gives other bytes");

            // The canonical result reads back (leniently, like any stored document).
            let back = CaseExportOperation::from_json(&bytes)
                .unwrap_or_else(|e| panic!("the result's bytes do not read back: {e}"));
            assert_eq!(
                back, updated,
                "the result's bytes read back to another value"
            );
        }
        Err(e) => {
            check_error_shape(&e, opts.max_errors);
            let err = in_place_result.expect_err("in place succeeds where apply_json fails");
            assert_eq!(err, e, "in place and eager apply report other errors");
            assert_eq!(
                in_place, base,
                "a failed in-place apply changed the operation"
            );
            assert_eq!(
                in_place.to_json(),
                before,
                "a failed in-place apply changed the bytes"
            );
            let lazy = lazy.expect_err("Patched::read succeeds where apply_json fails");
            assert_eq!(lazy, e, "Patched::read reports other errors");
            if let Ok(patch) = typed {
                // The patch reads: what fails is the id check, the same way typed.
                let mut copy = base.clone();
                let err = copy
                    .apply_in_place(&patch)
                    .expect_err("typed apply succeeds");
                assert_eq!(err, e, "typed apply reports other errors");
                assert_eq!(
                    copy, base,
                    "a failed typed in-place apply changed the operation"
                );
            }
        }
    }
}
