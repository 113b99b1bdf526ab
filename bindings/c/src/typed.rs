//! The live service's types in C: `cx_export_operation`, a separate handle
//! for an export operation of any of the three types (chosen by a
//! `cx_operation_type` selector or taken from the document), and
//! `cx_operations_page`, a page of the operations collection. The core
//! reads, applies, diffs and writes.

use caseexport::{
    Expect, ExportOperation, ExportPatch, Field, OperationType, OperationsPage, ReadOptions,
};

use crate::buffer::cx_buffer;
use crate::error::{cx_error_list, cx_result, deliver, report};
use crate::ffi::{
    borrow, borrow_mut, cx_str, free_handle, guard, guard_or, input_str, into_handle, read_into,
    Out,
};
use crate::operation::cx_field_state;
use crate::options::{cx_read_options, json_input};

/// Which export operation type to read (`cx_export_operation_from_json`),
/// or which type an operation is (`cx_export_operation_type`), passed as a
/// `uint32_t`.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum cx_operation_type {
    /// The seed's `microsoft.graph.caseExportOperation` (the `cx_operation` type).
    Seed = 0,
    /// `microsoft.graph.ediscovery.caseExportOperation` (beta, `/compliance`).
    Ediscovery = 1,
    /// `microsoft.graph.security.ediscoveryExportOperation` (v1.0 and beta, `/security`).
    Security = 2,
    /// Reading only: the type the document's `@odata.type` names; the
    /// seed's when it names none.
    Any = 3,
}

fn operation_type(value: u32) -> Result<OperationType, cx_result> {
    Ok(match value {
        0 => OperationType::Seed,
        1 => OperationType::Ediscovery,
        2 => OperationType::Security,
        _ => return Err(cx_result::InvalidArgument),
    })
}

/// The reading rule a `cx_operation_type` value selects.
pub(crate) fn expect(value: u32) -> Result<Expect, cx_result> {
    if value == cx_operation_type::Any as u32 {
        return Ok(Expect::Any(OperationType::Seed));
    }
    operation_type(value).map(Expect::Only)
}

/// An export operation of any of the three types. Made by the library;
/// freed with `cx_export_operation_free`.
pub struct cx_export_operation(pub(crate) ExportOperation);

fn export_handle(op: ExportOperation) -> *mut cx_export_operation {
    into_handle(cx_export_operation(op))
}

/// Reads a document as the type `type` selects (`CX_OPERATION_TYPE_ANY`:
/// the type its `@odata.type` names, the seed's when none; another value:
/// only that type, a document naming another type is a `typeMismatch`)
/// into a new operation in `*out`.
///
/// Type rule: a selected type reads only its own name (with or without
/// `#`). `CX_OPERATION_TYPE_SEED` reads `#microsoft.graph.caseExportOperation`
/// only: the seed's alias `#microsoft.graph.ediscovery.caseExportOperation`
/// names `CX_OPERATION_TYPE_EDISCOVERY`, so the seed selected refuses it
/// (`typeMismatch` at `/@odata.type`) and `CX_OPERATION_TYPE_ANY` reads it
/// as the ediscovery type. Only the seed's own functions
/// (`cx_operation_from_json`, `cx_patch_from_json`,
/// `cx_operation_apply_json`, `cx_response_read`) read the alias as the
/// seed's type, and write it back.
///
/// `options`: NULL reads leniently with the default limits. Every limit of
/// `cx_read_options` applies to the whole document and its whole error list.
///
/// Ownership: on `CX_RESULT_OK`, `*out` is a new operation (free with
/// `cx_export_operation_free`); on `CX_RESULT_INVALID_INPUT`,
/// `*errors_out`, when not NULL, is a new error list (free with
/// `cx_error_list_free`). `CX_RESULT_INVALID_ARGUMENT` for an unknown `type`.
/// Thread safety: uses no handle and no shared state; callable from any thread at any time.
///
/// # Safety
/// `json` points to `len` readable bytes (or `len` is 0); `options` is NULL
/// or readable; `out` and `errors_out` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_export_operation_from_json(
    json: *const u8,
    len: usize,
    options: *const cx_read_options,
    r#type: u32,
    out: *mut *mut cx_export_operation,
    errors_out: *mut *mut cx_error_list,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `json` holds `len` readable bytes and
        // `options` is NULL or readable.
        let (json, opts) = unsafe { json_input(json, len, options, ReadOptions::lenient()) }?;
        let expect = expect(r#type)?;
        // SAFETY: the caller guarantees `out` is NULL or writable.
        let out = unsafe { Out::new(out) }?;
        // SAFETY: the caller guarantees `errors_out` is NULL or writable.
        let errors_out = unsafe { Out::optional(errors_out) };
        deliver(
            ExportOperation::from_json_with(json, &opts, expect),
            out,
            errors_out,
            export_handle,
        )
    })
}

/// Frees an export operation. NULL is a no-op.
///
/// Thread safety: frees `op`; no other thread may use it during or after the call.
///
/// # Safety
/// `op` is NULL or an export operation from this library not freed yet.
#[no_mangle]
pub unsafe extern "C" fn cx_export_operation_free(op: *mut cx_export_operation) {
    // SAFETY: the caller guarantees `op` is NULL or an unfreed handle.
    guard_or((), || unsafe { free_handle(op) })
}

/// The operation's type (`CX_OPERATION_TYPE_SEED`, `_EDISCOVERY` or
/// `_SECURITY`) into `*out`.
///
/// Thread safety: reads `op` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `op` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_export_operation_type(
    op: *const cx_export_operation,
    out: *mut u32,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe {
        read_into(op, out, |op| {
            Ok(match op.0.operation_type() {
                OperationType::Seed => cx_operation_type::Seed,
                OperationType::Ediscovery => cx_operation_type::Ediscovery,
                OperationType::Security => cx_operation_type::Security,
            } as u32)
        })
    }
}

/// Writes `op` as canonical JSON (its `@odata.type` the one it was read
/// with) into a new buffer in `*out` (free with `cx_buffer_free`).
///
/// Thread safety: reads `op` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `op` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_export_operation_to_json(
    op: *const cx_export_operation,
    out: *mut *mut cx_buffer,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe { read_into(op, out, |op| Ok(cx_buffer::new(op.0.to_json()))) }
}

/// Reads a PATCH body as `op`'s type and applies it, giving the updated
/// operation in `*out`; `op` is unchanged. `options`: NULL reads the patch
/// strictly with the default limits. The body's `@odata.type`, when given,
/// must be the type's own name (see `cx_export_operation_from_json`: a
/// seed operation refuses the alias).
///
/// Ownership: as `cx_export_operation_from_json`.
/// Thread safety: reads `op` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `op` is NULL or live; `json` points to `len` readable bytes (or `len` is
/// 0); `options` is NULL or readable; `out` and `errors_out` are NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn cx_export_operation_apply_json(
    op: *const cx_export_operation,
    json: *const u8,
    len: usize,
    options: *const cx_read_options,
    out: *mut *mut cx_export_operation,
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
        deliver(op.0.apply_json(json, &opts), out, errors_out, export_handle)
    })
}

/// The minimal PATCH body from `base` to `target` (of the same type; it
/// names `base`'s `@odata.type` unless `odata_type` is false) as canonical
/// JSON in a new buffer in `*out` (free with `cx_buffer_free`). On
/// `CX_RESULT_INVALID_INPUT` (`typeMismatch` when the types differ,
/// `readOnlyProperty`, `unrepresentable`), `*errors_out`, when not NULL, is
/// a new error list.
///
/// Thread safety: reads `base` and `target` only; other threads may read them at the same time, but not change or free them.
///
/// # Safety
/// `base` and `target` are NULL or live; `out` and `errors_out` are NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn cx_export_operation_diff(
    base: *const cx_export_operation,
    target: *const cx_export_operation,
    odata_type: bool,
    out: *mut *mut cx_buffer,
    errors_out: *mut *mut cx_error_list,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `base` is NULL or live.
        let base = unsafe { borrow(base) }?;
        // SAFETY: the caller guarantees `target` is NULL or live.
        let target = unsafe { borrow(target) }?;
        // SAFETY: the caller guarantees `out` is NULL or writable.
        let out = unsafe { Out::new(out) }?;
        // SAFETY: the caller guarantees `errors_out` is NULL or writable.
        let errors_out = unsafe { Out::optional(errors_out) };
        let bytes = base
            .0
            .diff(&target.0)
            .map(|p| p.with_odata_type(odata_type).to_vec());
        deliver(bytes, out, errors_out, cx_buffer::new)
    })
}

/// A page of the operations collection. Made by the library; freed with
/// `cx_operations_page_free`.
pub struct cx_operations_page {
    page: OperationsPage,
    next_link: Vec<u8>,
}

/// Reads a page (`@odata.context`, `value`, `@odata.nextLink`) whose
/// elements may be of any operation type; an element without `@odata.type`
/// is read as `type` (not `CX_OPERATION_TYPE_ANY`). `options`: NULL reads
/// leniently with the default limits.
///
/// Type rule: an element is read as the type its `@odata.type` names (an
/// export operation typed, the alias
/// `#microsoft.graph.ediscovery.caseExportOperation` as the ediscovery
/// type; another operation type of the `ediscovery` or `security`
/// namespace as its base `caseOperation`); a name of no operation type is a
/// `typeMismatch` at `/value/N/@odata.type`.
///
/// Limits: they apply to the whole page. `max_size` and `max_depth` count
/// the page's bytes and nesting (an element is read from its own bytes,
/// never written out and read again, so `limitExceeded` means only that the
/// page is larger or deeper than allowed); `max_errors` and
/// `max_error_bytes` bound the page's whole error list, whatever number of
/// elements are wrong (the list is then marked truncated); member names in
/// paths, the page's own and its elements', are shortened past 64 bytes.
///
/// Ownership: on `CX_RESULT_OK`, `*out` is a new page (free with
/// `cx_operations_page_free`); on `CX_RESULT_INVALID_INPUT`, `*errors_out`,
/// when not NULL, is a new error list (paths such as `/value/2/status`).
/// Thread safety: uses no handle and no shared state; callable from any thread at any time.
///
/// # Safety
/// `json` points to `len` readable bytes (or `len` is 0); `options` is NULL
/// or readable; `out` and `errors_out` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_operations_page_from_json(
    json: *const u8,
    len: usize,
    options: *const cx_read_options,
    r#type: u32,
    out: *mut *mut cx_operations_page,
    errors_out: *mut *mut cx_error_list,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `json` holds `len` readable bytes and
        // `options` is NULL or readable.
        let (json, opts) = unsafe { json_input(json, len, options, ReadOptions::lenient()) }?;
        let default = operation_type(r#type)?;
        // SAFETY: the caller guarantees `out` is NULL or writable.
        let out = unsafe { Out::new(out) }?;
        // SAFETY: the caller guarantees `errors_out` is NULL or writable.
        let mut errors_out = unsafe { Out::optional(errors_out) };
        let page = OperationsPage::from_json_with(json, &opts, default)
            .map_err(|e| report(&mut errors_out, e))?;
        let mut next_link = page.next_link.clone().unwrap_or_default().into_bytes();
        next_link.push(0);
        out.write(into_handle(cx_operations_page { page, next_link }));
        Ok(())
    })
}

/// Frees a page. NULL is a no-op.
///
/// Thread safety: frees `page`; no other thread may use it during or after the call.
///
/// # Safety
/// `page` is NULL or a page from this library not freed yet.
#[no_mangle]
pub unsafe extern "C" fn cx_operations_page_free(page: *mut cx_operations_page) {
    // SAFETY: the caller guarantees `page` is NULL or an unfreed handle.
    guard_or((), || unsafe { free_handle(page) })
}

/// The number of operations on the page (0 when `page` is NULL).
///
/// Thread safety: reads `page` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `page` is NULL or live.
#[no_mangle]
pub unsafe extern "C" fn cx_operations_page_len(page: *const cx_operations_page) -> usize {
    guard_or(0, || {
        // SAFETY: the caller guarantees `page` is NULL or live.
        let page = unsafe { borrow(page) };
        page.map_or(0, |p| p.page.value.len())
    })
}

/// `@odata.nextLink` into `*out` (`{NULL, 0}` on the last page).
///
/// Ownership: borrowed from `page`; valid until it is freed.
/// Thread safety: reads `page` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `page` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_operations_page_next_link(
    page: *const cx_operations_page,
    out: *mut cx_str,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe {
        read_into(page, out, |p| {
            Ok(match &p.page.next_link {
                Some(link) => cx_str {
                    data: p.next_link.as_ptr().cast(),
                    len: link.len(),
                },
                None => cx_str::absent(),
            })
        })
    }
}

/// Writes the page as canonical JSON into a new buffer in `*out` (free
/// with `cx_buffer_free`).
///
/// Thread safety: reads `page` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `page` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_operations_page_to_json(
    page: *const cx_operations_page,
    out: *mut *mut cx_buffer,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe { read_into(page, out, |p| Ok(cx_buffer::new(p.page.to_json()))) }
}

/// The state of the declared property `name` (wire or snake-case name) of
/// `op` into `*state_out` and, when it has a value, the value's JSON text
/// (a string quoted, a number, an object, an array; `azureBlobToken`
/// included) into a new buffer in `*out` (free with `cx_buffer_free`);
/// `*out` is set to NULL when the property is absent or null.
///
/// Errors: `CX_RESULT_INVALID_PROPERTY` when `op`'s type declares no such
/// property (nothing is written).
/// Thread safety: reads `op` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `op` is NULL or live; `name` points to `name_len` readable bytes (or
/// `name_len` is 0); `state_out` and `out` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_export_operation_get_json(
    op: *const cx_export_operation,
    name: *const u8,
    name_len: usize,
    state_out: *mut cx_field_state,
    out: *mut *mut cx_buffer,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `op` is NULL or live.
        let op = unsafe { borrow(op) }?;
        // SAFETY: the caller guarantees `name` holds `name_len` readable bytes.
        let name = unsafe { input_str(name, name_len) }?;
        // SAFETY: the caller guarantees `state_out` is NULL or writable.
        let state_out = unsafe { Out::new(state_out) }?;
        // SAFETY: the caller guarantees `out` is NULL or writable.
        let out = unsafe { Out::new(out) }?;
        let field = op.0.get(name).ok_or(cx_result::InvalidProperty)?;
        let (state, value) = match field {
            Field::Absent => (cx_field_state::Absent, std::ptr::null_mut()),
            Field::Null => (cx_field_state::Null, std::ptr::null_mut()),
            Field::Value(v) => (cx_field_state::Value, cx_buffer::new(v.to_json())),
        };
        state_out.write(state);
        out.write(value);
        Ok(())
    })
}

/// A PATCH body for one of the three export operation types. Made by the
/// library; freed with `cx_export_patch_free`.
pub struct cx_export_patch(ExportPatch);

fn patch_handle(p: ExportPatch) -> *mut cx_export_patch {
    into_handle(cx_export_patch(p))
}

/// Makes an empty patch for the type `type` selects (not
/// `CX_OPERATION_TYPE_ANY`) in `*out` (free with `cx_export_patch_free`).
///
/// Thread safety: uses no handle and no shared state; callable from any thread at any time.
///
/// # Safety
/// `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_export_patch_new(
    r#type: u32,
    out: *mut *mut cx_export_patch,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `out` is NULL or writable.
        let out = unsafe { Out::new(out) }?;
        let ty = operation_type(r#type)?;
        out.write(patch_handle(ExportPatch::empty(ty)));
        Ok(())
    })
}

/// Reads a PATCH body as the type `type` selects (`CX_OPERATION_TYPE_ANY`:
/// the type its `@odata.type` names, the seed's when none). `options`: NULL
/// reads strictly with the default limits, which apply to the whole body
/// and its whole error list. Type rule: as `cx_export_operation_from_json`
/// (`CX_OPERATION_TYPE_SEED` refuses the alias
/// `#microsoft.graph.ediscovery.caseExportOperation`: `typeMismatch`).
///
/// Ownership: on `CX_RESULT_OK`, `*out` is a new patch (free with
/// `cx_export_patch_free`); on `CX_RESULT_INVALID_INPUT`, `*errors_out`,
/// when not NULL, is a new error list.
/// Thread safety: uses no handle and no shared state; callable from any thread at any time.
///
/// # Safety
/// `json` points to `len` readable bytes (or `len` is 0); `options` is NULL
/// or readable; `out` and `errors_out` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_export_patch_from_json(
    json: *const u8,
    len: usize,
    options: *const cx_read_options,
    r#type: u32,
    out: *mut *mut cx_export_patch,
    errors_out: *mut *mut cx_error_list,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `json` holds `len` readable bytes and
        // `options` is NULL or readable.
        let (json, opts) = unsafe { json_input(json, len, options, ReadOptions::strict()) }?;
        let expect = expect(r#type)?;
        // SAFETY: the caller guarantees `out` is NULL or writable.
        let out = unsafe { Out::new(out) }?;
        // SAFETY: the caller guarantees `errors_out` is NULL or writable.
        let errors_out = unsafe { Out::optional(errors_out) };
        deliver(
            ExportPatch::from_json_with(json, &opts, expect),
            out,
            errors_out,
            patch_handle,
        )
    })
}

/// Frees a patch. NULL is a no-op.
///
/// Thread safety: frees `patch`; no other thread may use it during or after the call.
///
/// # Safety
/// `patch` is NULL or a patch from this library not freed yet.
#[no_mangle]
pub unsafe extern "C" fn cx_export_patch_free(patch: *mut cx_export_patch) {
    // SAFETY: the caller guarantees `patch` is NULL or an unfreed handle.
    guard_or((), || unsafe { free_handle(patch) })
}

/// Sets the declared property `name` (wire or snake-case name) of `patch`
/// from the JSON text of its value (`null` clears it), read as that member
/// of a PATCH body (`options`: NULL is strict). On `CX_RESULT_INVALID_INPUT`
/// (`unknownProperty` for a name the type does not declare, or the value's
/// errors) the patch is unchanged and `*errors_out`, when not NULL, is a new
/// error list.
///
/// Thread safety: changes `patch`, which no other thread may use during the call.
///
/// # Safety
/// `patch` is NULL or live and not used elsewhere during the call; `name`
/// points to `name_len` readable bytes and `json` to `json_len` (or the
/// length is 0); `options` is NULL or readable; `errors_out` is NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn cx_export_patch_set_json(
    patch: *mut cx_export_patch,
    name: *const u8,
    name_len: usize,
    json: *const u8,
    json_len: usize,
    options: *const cx_read_options,
    errors_out: *mut *mut cx_error_list,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `patch` is NULL or live and unaliased.
        let patch = unsafe { borrow_mut(patch) }?;
        // SAFETY: the caller guarantees `name` holds `name_len` readable bytes.
        let name = unsafe { input_str(name, name_len) }?;
        // SAFETY: the caller guarantees `json` holds `json_len` readable bytes
        // and `options` is NULL or readable.
        let (json, opts) = unsafe { json_input(json, json_len, options, ReadOptions::strict()) }?;
        // SAFETY: the caller guarantees `errors_out` is NULL or writable.
        let mut errors_out = unsafe { Out::optional(errors_out) };
        patch
            .0
            .set_json(name, json, &opts)
            .map_err(|e| report(&mut errors_out, e))
    })
}

/// Writes the PATCH body (canonical JSON) into a new buffer in `*out` (free
/// with `cx_buffer_free`).
///
/// Thread safety: reads `patch` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `patch` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_export_patch_to_json(
    patch: *const cx_export_patch,
    out: *mut *mut cx_buffer,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe { read_into(patch, out, |p| Ok(cx_buffer::new(p.0.to_vec()))) }
}

/// Applies `patch` to `op`, giving the updated operation in `*out`; `op` is
/// unchanged. On `CX_RESULT_INVALID_INPUT` (`typeMismatch` when the patch is
/// for another type, `readOnlyProperty` for another `id`), `*errors_out`,
/// when not NULL, is a new error list.
///
/// Thread safety: reads `op` and `patch` only; other threads may read them at the same time, but not change or free them.
///
/// # Safety
/// `op` and `patch` are NULL or live; `out` and `errors_out` are NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn cx_export_operation_apply(
    op: *const cx_export_operation,
    patch: *const cx_export_patch,
    out: *mut *mut cx_export_operation,
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
        deliver(op.0.apply(&patch.0), out, errors_out, export_handle)
    })
}
