//! `cx_operation`: a caseExportOperation read from JSON, written canonically,
//! patched, compared, and looked at property by property.

use caseexport::{CaseExportOperation, Field, Property, ReadOptions, ValueKind, ValueRef};

use crate::buffer::cx_buffer;
use crate::error::{cx_error_list, cx_result, deliver, report};
use crate::ffi::{borrow, borrow_mut, free_handle, guard, guard_or, into_handle, read_into, Out};
use crate::options::{cx_read_options, json_input};
use crate::patch::cx_patch;

/// The core property a C `cx_property` value names;
/// `CX_RESULT_INVALID_PROPERTY` for any other value. (`cx_property`, in
/// `property.rs`, is generated from the same declaration, and a test holds
/// the header's values to the core's.)
pub(crate) fn property(value: u32) -> Result<Property, cx_result> {
    usize::try_from(value)
        .ok()
        .and_then(|i| Property::ALL.get(i).copied())
        .ok_or(cx_result::InvalidProperty)
}

/// The state of one property (SPEC §2): not sent, sent as `null`, or a value.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum cx_field_state {
    /// Not present in the document.
    Absent = 0,
    /// Present as JSON `null`.
    Null = 1,
    /// Present with a value.
    Value = 2,
}

/// A caseExportOperation. Made by the library; freed with `cx_operation_free`.
pub struct cx_operation(pub(crate) CaseExportOperation);

impl cx_operation {
    pub(crate) fn handle(op: CaseExportOperation) -> *mut cx_operation {
        into_handle(cx_operation(op))
    }
}

/// A property's state and, for a scalar with a value, its wire text.
enum View {
    NoValue(cx_field_state),
    Text(String),
    Complex(cx_field_state),
}

/// The one place a property is read for C: its state from the core, and a
/// scalar value's wire text by its kind.
fn view(op: &CaseExportOperation, property: Property) -> View {
    let state = |f: &Field<ValueRef<'_>>| match f {
        Field::Absent => cx_field_state::Absent,
        Field::Null => cx_field_state::Null,
        Field::Value(_) => cx_field_state::Value,
    };
    let field = op.get(property);
    if matches!(property.kind(), ValueKind::Complex(_)) {
        return View::Complex(state(&field));
    }
    let text = match field {
        Field::Absent | Field::Null => return View::NoValue(state(&field)),
        Field::Value(v) => match v {
            ValueRef::String(s) => s.to_owned(),
            ValueRef::Secret(s) => s.expose().to_owned(),
            ValueRef::Int32(i) => i.to_string(),
            ValueRef::DateTimeOffset(t) => t.to_string(),
            ValueRef::Enum { wire, .. } => wire.to_owned(),
            ValueRef::Flags(f) => f.to_string(),
            ValueRef::Int64(i) => i.to_string(),
            ValueRef::SecurityFlags(f) => f.to_string(),
            ValueRef::IdentitySet(_)
            | ValueRef::Identity(_)
            | ValueRef::ResultInfo(_)
            | ValueRef::ExportFileMetadata(_)
            | ValueRef::LiveIdentitySet(_)
            | ValueRef::LiveResultInfo(_)
            | ValueRef::ExportFileMetadataList(_)
            | ValueRef::Json(_) => return View::Complex(cx_field_state::Value),
        },
    };
    View::Text(text)
}

/// Makes an empty operation (every property absent) in `*out`.
///
/// Ownership: on success `*out` is a new operation; free it with
/// `cx_operation_free`.
/// Thread safety: uses no handle and no shared state; callable from any thread at any time.
///
/// # Safety
/// `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_operation_new(out: *mut *mut cx_operation) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `out` is NULL or writable.
        let out = unsafe { Out::new(out) }?;
        out.write(cx_operation::handle(CaseExportOperation::new()));
        Ok(())
    })
}

/// Frees an operation. NULL is a no-op.
///
/// Thread safety: frees `op`; no other thread may use it during or after the call.
///
/// # Safety
/// `op` is NULL or an operation from this library not freed yet.
#[no_mangle]
pub unsafe extern "C" fn cx_operation_free(op: *mut cx_operation) {
    // SAFETY: the caller guarantees `op` is NULL or an unfreed handle.
    guard_or((), || unsafe { free_handle(op) })
}

/// Copies `op` into a new operation in `*out`.
///
/// Ownership: `op` stays the caller's; on success `*out` is a new operation
/// to free with `cx_operation_free`.
/// Thread safety: reads `op` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `op` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_operation_clone(
    op: *const cx_operation,
    out: *mut *mut cx_operation,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe { read_into(op, out, |op| Ok(cx_operation::handle(op.0.clone()))) }
}

/// Reads a caseExportOperation document from the `len` bytes at `json`
/// (UTF-8 JSON; no NUL terminator needed).
///
/// `options`: NULL reads leniently with the default limits (the default for
/// stored documents and responses); otherwise see `cx_read_options_init`.
///
/// Type rule: `@odata.type`, when present, is the seed's name
/// `#microsoft.graph.caseExportOperation` or its legacy alias
/// `#microsoft.graph.ediscovery.caseExportOperation` (with or without `#`;
/// the name read is written back); another name is a `typeMismatch`. This
/// function and the seed's other functions (`cx_patch_from_json`,
/// `cx_operation_apply_json`, `cx_response_read`) are the only readers of
/// the alias: the typed functions (`cx_export_*`, `cx_response_read_export`)
/// read it as the ediscovery type, and refuse it with
/// `CX_OPERATION_TYPE_SEED` selected.
///
/// Ownership: the input stays the caller's. On `CX_RESULT_OK`, `*out` is a
/// new operation (free with `cx_operation_free`). On
/// `CX_RESULT_INVALID_INPUT` (malformed JSON, invalid UTF-8, or any
/// validation error), `*errors_out` — when `errors_out` is not NULL — is a new
/// error list with every problem (free with `cx_error_list_free`). Nothing is
/// written otherwise.
/// Thread safety: uses no handle and no shared state; callable from any thread at any time.
///
/// # Safety
/// `json` points to `len` readable bytes (or `len` is 0); `options` is NULL
/// or readable; `out` and `errors_out` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_operation_from_json(
    json: *const u8,
    len: usize,
    options: *const cx_read_options,
    out: *mut *mut cx_operation,
    errors_out: *mut *mut cx_error_list,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `json` holds `len` readable bytes and
        // `options` is NULL or readable.
        let (json, opts) = unsafe { json_input(json, len, options, ReadOptions::lenient()) }?;
        // SAFETY: the caller guarantees `out` is NULL or writable.
        let out = unsafe { Out::new(out) }?;
        // SAFETY: the caller guarantees `errors_out` is NULL or writable.
        let errors_out = unsafe { Out::optional(errors_out) };
        deliver(
            CaseExportOperation::from_json_with(json, &opts),
            out,
            errors_out,
            cx_operation::handle,
        )
    })
}

/// Writes `op` as canonical JSON (SPEC §2: compact UTF-8, `@odata.type`
/// first, properties in table order) into a new buffer in `*out`. Secrets
/// (`azureBlobToken`) are written: they belong in the document.
///
/// Ownership: on success `*out` is a new buffer; free it with
/// `cx_buffer_free`.
/// Thread safety: reads `op` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `op` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_operation_to_json(
    op: *const cx_operation,
    out: *mut *mut cx_buffer,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe { read_into(op, out, |op| Ok(cx_buffer::new(op.0.to_json()))) }
}

/// Applies a typed patch to `op`, giving the updated operation in `*out`;
/// `op` is unchanged.
///
/// Ownership: `op` and `patch` stay the caller's. On `CX_RESULT_OK`, `*out`
/// is a new operation (free with `cx_operation_free`). On
/// `CX_RESULT_INVALID_INPUT` (the patch carries an `id` other than `op`'s:
/// `readOnlyProperty`), `*errors_out`, when not NULL, is a new error list
/// (free with `cx_error_list_free`).
/// Thread safety: reads `op` and `patch` only; other threads may read them at the same time, but not change or free them.
///
/// # Safety
/// `op` and `patch` are NULL or live; `out` and `errors_out` are NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn cx_operation_apply(
    op: *const cx_operation,
    patch: *const cx_patch,
    out: *mut *mut cx_operation,
    errors_out: *mut *mut cx_error_list,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `op` is NULL or live.
        let op = unsafe { borrow(op) }?;
        // SAFETY: the caller guarantees `patch` is NULL or live.
        let patch = unsafe { borrow(patch) }?;
        // SAFETY: the caller guarantees `out` is NULL or writable.
        let out = unsafe { Out::new(out) }?;
        // SAFETY: the caller guarantees `errors_out` is NULL or writable.
        let errors_out = unsafe { Out::optional(errors_out) };
        deliver(op.0.apply(&patch.0), out, errors_out, cx_operation::handle)
    })
}

/// Applies a typed patch to `op` in place, all or nothing: on any failure
/// `op` is unchanged.
///
/// Ownership: as `cx_operation_apply`, without `*out`.
/// Thread safety: changes `op`, which no other thread may use during the call; reads `patch`, which other threads may also read but not change.
///
/// # Safety
/// `op` is NULL or live and not used elsewhere during the call; `patch` is
/// NULL or live; `errors_out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_operation_apply_in_place(
    op: *mut cx_operation,
    patch: *const cx_patch,
    errors_out: *mut *mut cx_error_list,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `op` is NULL or live and unaliased.
        let op = unsafe { borrow_mut(op) }?;
        // SAFETY: the caller guarantees `patch` is NULL or live.
        let patch = unsafe { borrow(patch) }?;
        // SAFETY: the caller guarantees `errors_out` is NULL or writable.
        let mut errors_out = unsafe { Out::optional(errors_out) };
        op.0.apply_in_place(&patch.0)
            .map_err(|e| report(&mut errors_out, e))
    })
}

/// Reads the PATCH body at `json` (`len` bytes) and applies it to `op`
/// (RFC 7396 on the typed model, SPEC §4), giving the updated operation in
/// `*out`; `op` is unchanged. Reading errors and the `id` check are reported
/// together.
///
/// `options`: NULL reads the patch strictly with the default limits (the
/// service-side default); otherwise see `cx_read_options_init`.
///
/// Ownership: as `cx_operation_from_json`: `*out` is a new operation on
/// `CX_RESULT_OK`; `*errors_out`, when not NULL, a new error list on
/// `CX_RESULT_INVALID_INPUT`.
/// Thread safety: reads `op` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `op` is NULL or live; `json` points to `len` readable bytes (or `len` is
/// 0); `options` is NULL or readable; `out` and `errors_out` are NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn cx_operation_apply_json(
    op: *const cx_operation,
    json: *const u8,
    len: usize,
    options: *const cx_read_options,
    out: *mut *mut cx_operation,
    errors_out: *mut *mut cx_error_list,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `op` is NULL or live.
        let op = unsafe { borrow(op) }?;
        // SAFETY: the caller guarantees `json` holds `len` readable bytes and
        // `options` is NULL or readable.
        let (json, opts) = unsafe { json_input(json, len, options, ReadOptions::strict()) }?;
        // SAFETY: the caller guarantees `out` is NULL or writable.
        let out = unsafe { Out::new(out) }?;
        // SAFETY: the caller guarantees `errors_out` is NULL or writable.
        let errors_out = unsafe { Out::optional(errors_out) };
        deliver(
            op.0.apply_json(json, &opts),
            out,
            errors_out,
            cx_operation::handle,
        )
    })
}

/// As `cx_operation_apply_json`, but updates `op` in place, all or nothing:
/// on any failure `op` is unchanged.
///
/// Ownership: `*errors_out`, when not NULL, is a new error list on
/// `CX_RESULT_INVALID_INPUT` (free with `cx_error_list_free`).
/// Thread safety: changes `op`, which no other thread may use during the call.
///
/// # Safety
/// `op` is NULL or live and not used elsewhere during the call; `json` points
/// to `len` readable bytes (or `len` is 0); `options` is NULL or readable;
/// `errors_out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_operation_apply_json_in_place(
    op: *mut cx_operation,
    json: *const u8,
    len: usize,
    options: *const cx_read_options,
    errors_out: *mut *mut cx_error_list,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `op` is NULL or live and unaliased.
        let op = unsafe { borrow_mut(op) }?;
        // SAFETY: the caller guarantees `json` holds `len` readable bytes and
        // `options` is NULL or readable.
        let (json, opts) = unsafe { json_input(json, len, options, ReadOptions::strict()) }?;
        // SAFETY: the caller guarantees `errors_out` is NULL or writable.
        let mut errors_out = unsafe { Out::optional(errors_out) };
        op.0.apply_json_in_place(json, &opts)
            .map_err(|e| report(&mut errors_out, e))
    })
}

/// `same(a, b)` into `*out`: the body of the comparison functions.
///
/// # Safety
/// `a` and `b` are NULL or live; `out` is NULL or writable.
unsafe fn compare(
    a: *const cx_operation,
    b: *const cx_operation,
    out: *mut bool,
    same: impl FnOnce(&CaseExportOperation, &CaseExportOperation) -> bool,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `a` is NULL or live.
        let a = unsafe { borrow(a) }?;
        // SAFETY: the caller guarantees `b` is NULL or live.
        let b = unsafe { borrow(b) }?;
        // SAFETY: the caller guarantees `out` is NULL or writable.
        let out = unsafe { Out::new(out) }?;
        out.write(same(&a.0, &b.0));
        Ok(())
    })
}

/// Exact equality into `*out`: the same state for every property (absent is
/// not null), the same annotations and members (member order ignored).
///
/// Thread safety: reads `a` and `b` only; other threads may read them at the same time, but not change or free them.
///
/// # Safety
/// `a` and `b` are NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_operation_equal(
    a: *const cx_operation,
    b: *const cx_operation,
    out: *mut bool,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe { compare(a, b, out, |a, b| a == b) }
}

/// Semantic equivalence into `*out`: absent and null count as the same "no
/// value" for declared properties and annotations are ignored — the
/// equality that applying `cx_diff(a, b)` to `a` reproduces.
///
/// Thread safety: reads `a` and `b` only; other threads may read them at the same time, but not change or free them.
///
/// # Safety
/// `a` and `b` are NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_operation_equivalent(
    a: *const cx_operation,
    b: *const cx_operation,
    out: *mut bool,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe { compare(a, b, out, CaseExportOperation::equivalent) }
}

/// The `@odata.etag` annotation of `op` (for `cx_request_set_if_match`) into
/// a new buffer in `*out`; `CX_RESULT_NO_VALUE` when there is none.
///
/// Ownership: on success `*out` is a new buffer; free it with
/// `cx_buffer_free`.
/// Thread safety: reads `op` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `op` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_operation_etag(
    op: *const cx_operation,
    out: *mut *mut cx_buffer,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe {
        read_into(op, out, |op| {
            let etag = op.0.etag().ok_or(cx_result::NoValue)?;
            Ok(cx_buffer::new(etag.as_bytes().to_vec()))
        })
    }
}

/// The state of `property` (a `cx_property` value) in `op` into `*out`:
/// absent, null or a value. Works for every property, complex ones included.
///
/// Errors: `CX_RESULT_NULL_ARGUMENT`, `CX_RESULT_INVALID_PROPERTY`.
/// Thread safety: reads `op` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `op` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_operation_state(
    op: *const cx_operation,
    property: u32,
    out: *mut cx_field_state,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe {
        read_into(op, out, |op| {
            let property = crate::operation::property(property)?;
            Ok(match view(&op.0, property) {
                View::NoValue(state) | View::Complex(state) => state,
                View::Text(_) => cx_field_state::Value,
            })
        })
    }
}

/// The value of a scalar `property` (a `cx_property` value other than
/// `CX_PROPERTY_CREATED_BY` and `CX_PROPERTY_RESULT_INFO`) in its wire form,
/// into a new buffer in `*out`: strings as they are (`azureBlobToken`
/// included), dates canonical (`2024-03-01T10:20:30.123Z`), enums and flags
/// as their wire names (unknown members kept verbatim), `percentProgress` in
/// decimal.
///
/// Errors: `CX_RESULT_NO_VALUE` when the property is absent or null
/// (`cx_operation_state` tells which); `CX_RESULT_INVALID_PROPERTY` for an
/// unknown or complex property (read those with `cx_operation_to_json`).
/// Ownership: on success `*out` is a new buffer; free it with
/// `cx_buffer_free`.
/// Thread safety: reads `op` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `op` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_operation_get(
    op: *const cx_operation,
    property: u32,
    out: *mut *mut cx_buffer,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe {
        read_into(op, out, |op| match view(&op.0, self::property(property)?) {
            View::Text(text) => Ok(cx_buffer::new(text.into_bytes())),
            View::NoValue(_) => Err(cx_result::NoValue),
            View::Complex(_) => Err(cx_result::InvalidProperty),
        })
    }
}

/// `percentProgress` of `op` into `*out` (0..100); `CX_RESULT_NO_VALUE` when
/// it is absent or null.
///
/// Thread safety: reads `op` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `op` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_operation_get_percent_progress(
    op: *const cx_operation,
    out: *mut i32,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe {
        read_into(op, out, |op| {
            let p =
                op.0.percent_progress
                    .as_option()
                    .ok_or(cx_result::NoValue)?;
            Ok(p.get())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_values_index_the_core_list() {
        for (i, p) in Property::ALL.iter().enumerate() {
            assert_eq!(property(i as u32), Ok(*p));
        }
        let past = Property::ALL.len() as u32;
        assert_eq!(property(past), Err(cx_result::InvalidProperty));
        assert_eq!(property(u32::MAX), Err(cx_result::InvalidProperty));
    }

    #[test]
    fn view_reads_the_property_it_names() {
        // One document with a distinct value per property: each view must
        // find the value under its own wire name.
        let doc = br#"{"id":"I","createdDateTime":"2024-01-01T00:00:00Z","completedDateTime":"2024-01-02T00:00:00+01:00",
            "percentProgress":7,"status":"running","action":"tag","createdBy":{},"resultInfo":null,
            "outputName":"O","description":"D","outputFolderId":"F","azureBlobContainer":"C","azureBlobToken":"T",
            "exportOptions":"text,tags","exportStructure":"pst"}"#;
        let op = CaseExportOperation::from_json(doc).unwrap();
        let raw: serde_like::Doc = serde_like::parse(doc);
        for &p in Property::ALL {
            match view(&op, p) {
                View::Text(t) => assert_eq!(Some(t.as_str()), raw.get(p.wire_name()), "{p:?}"),
                View::Complex(s) => {
                    let want = if p == Property::CreatedBy {
                        cx_field_state::Value
                    } else {
                        cx_field_state::Null
                    };
                    assert_eq!(s, want, "{p:?}")
                }
                View::NoValue(s) => panic!("{p:?} has no value ({s:?})"),
            }
        }
    }

    /// Just enough to read the flat test document above.
    mod serde_like {
        pub struct Doc(Vec<(String, String)>);
        impl Doc {
            pub fn get(&self, k: &str) -> Option<&str> {
                self.0.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
            }
        }
        pub fn parse(doc: &[u8]) -> Doc {
            let v = caseexport::Json::from_json(doc).unwrap();
            Doc(v
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| {
                    let text = match v.as_str() {
                        Some(s) => s.to_owned(),
                        None => v.to_json(),
                    };
                    (k.to_owned(), text)
                })
                .collect())
        }
    }
}
