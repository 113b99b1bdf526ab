//! `page`: byte 0 picks the reading: bits 0–1 the type of elements without
//! `@odata.type` (0 seed, 1 ediscovery, 2 security, 3 security), bit 2 the
//! mode (1 strict), bits 3–5 `max_errors` (1–8), bits 6–7 `max_error_bytes`
//! (0, 64, 512 or the default); byte 1 the `max_depth` (its value, 0 for the
//! default); the rest is the page.
//!
//! - `limitExceeded` "input is larger than" only when the page is larger
//!   than `max_size`: the page read with `max_size` set to its own length
//!   gives exactly what it gives without a size limit (an element is never
//!   written out and read again).
//! - The errors of the whole page keep `max_errors`, `max_error_bytes` (plus
//!   the first error, always kept) and short path steps, and have valid
//!   pointer paths.
//! - A page that reads writes canonical bytes that read back to an equal
//!   page and the same bytes, with one element per item of `value`.

use caseexport::{OperationType, OperationsPage, ReadOptions, MAX_QUOTED_BYTES};

use crate::check_error_shape;

/// Runs every check on `data`.
pub fn check(data: &[u8]) {
    let [flags, depth, page @ ..] = data else {
        return;
    };
    let default = match flags & 3 {
        0 => OperationType::Seed,
        1 => OperationType::Ediscovery,
        _ => OperationType::Security,
    };
    let mut opts = if flags & 4 != 0 {
        ReadOptions::strict()
    } else {
        ReadOptions::lenient()
    };
    let max_errors = 1 + usize::from((flags >> 3) & 7);
    opts = opts.with_max_errors(max_errors);
    let budget = match flags >> 6 {
        0 => 0,
        1 => 64,
        2 => 512,
        _ => opts.max_error_bytes,
    };
    opts = opts.with_max_error_bytes(budget);
    if *depth != 0 {
        opts = opts.with_max_depth(usize::from(*depth));
    }
    let unlimited = opts.clone().with_max_size(usize::MAX);
    let read = OperationsPage::from_json_with(page, &unlimited, default);
    let exact =
        OperationsPage::from_json_with(page, &opts.clone().with_max_size(page.len()), default);
    assert_eq!(
        read, exact,
        "max_size equal to the page's length changes the result"
    );
    if !page.is_empty() {
        let smaller = opts.clone().with_max_size(page.len() - 1);
        let e = OperationsPage::from_json_with(page, &smaller, default)
            .expect_err("a page larger than max_size reads");
        assert!(
            matches!(e.details(), [d] if d.path.is_empty() && d.message.starts_with("input is larger than")),
            "a page larger than max_size: {e}"
        );
    }
    match read {
        Err(e) => {
            check_error_shape(&e, max_errors);
            let sizes: Vec<usize> = e
                .details()
                .iter()
                .map(|d| d.path.len() + d.message.len())
                .collect();
            let total: usize = sizes.iter().sum();
            assert!(
                total <= budget + sizes[0],
                "{total} bytes of errors, budget {budget}: {e}"
            );
            // The kept bytes are escaped (`~` → `~0`, `/` → `~1`) after
            // they are cut: each may take two.
            let longest_step = 2 * MAX_QUOTED_BYTES + "…(+99999999 bytes)".len();
            for d in e.details() {
                assert!(
                    d.path.split('/').all(|s| s.len() <= longest_step),
                    "a long path step in {:?}",
                    d.path
                );
                assert!(
                    !d.message.starts_with("input is larger than"),
                    "limitExceeded for a page within max_size"
                );
            }
        }
        Ok(p) => {
            let items = serde_json::from_slice::<serde_json::Value>(page)
                .ok()
                .and_then(|v| v.get("value").and_then(|v| v.as_array()).map(Vec::len));
            if let Some(n) = items {
                assert_eq!(p.value.len(), n, "one element per item of value");
            }
            let bytes = p.to_json();
            let again = OperationsPage::from_json_with(&bytes, &ReadOptions::lenient(), default)
                .unwrap_or_else(|e| panic!("the canonical page does not read back: {e}"));
            assert_eq!(
                again.to_json(),
                bytes,
                "the canonical page is not a fixed point"
            );
        }
    }
}
