//! `cx_patch`: a PATCH body, read from JSON, computed by `cx_diff`, or built
//! property by property. Every typed setter hands its value to the core
//! (`Patch::set_value`), which checks it as the member of a strict PATCH
//! body holding it, so a value is accepted from C exactly when a service
//! would accept it on the wire.

use caseexport::{diff, Json, Patch, Property, ReadOptions, WireValue};

use crate::buffer::cx_buffer;
use crate::error::{cx_error_list, cx_result, deliver, report};
use crate::ffi::{
    borrow, borrow_mut, free_handle, guard, guard_or, input, input_str, into_handle, read_into, Out,
};
use crate::operation::cx_operation;
use crate::options::{cx_read_options, json_input};

/// A PATCH body: for each property, leave it, clear it (`null`) or set it.
/// Made by the library; freed with `cx_patch_free`.
pub struct cx_patch(pub(crate) Patch);

impl cx_patch {
    pub(crate) fn handle(patch: Patch) -> *mut cx_patch {
        into_handle(cx_patch(patch))
    }
}

/// A typed setter: the value checked strictly, with the default limits.
fn set_typed(patch: &mut Patch, property: Property, value: WireValue<'_>) -> Result<(), cx_result> {
    patch
        .set_value(property, value, &ReadOptions::strict())
        .map_err(|_| cx_result::InvalidValue)
}

/// Makes an empty patch (every property left unchanged; the body starts with
/// `@odata.type`) in `*out`.
///
/// Ownership: on success `*out` is a new patch; free it with `cx_patch_free`.
/// Thread safety: uses no handle and no shared state; callable from any thread at any time.
///
/// # Safety
/// `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_patch_new(out: *mut *mut cx_patch) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `out` is NULL or writable.
        let out = unsafe { Out::new(out) }?;
        out.write(cx_patch::handle(Patch::new()));
        Ok(())
    })
}

/// Frees a patch. NULL is a no-op.
///
/// Thread safety: frees `patch`; no other thread may use it during or after the call.
///
/// # Safety
/// `patch` is NULL or a patch from this library not freed yet.
#[no_mangle]
pub unsafe extern "C" fn cx_patch_free(patch: *mut cx_patch) {
    // SAFETY: the caller guarantees `patch` is NULL or an unfreed handle.
    guard_or((), || unsafe { free_handle(patch) })
}

/// Reads a PATCH body from the `len` bytes at `json`.
///
/// `options`: NULL reads strictly with the default limits (the service-side
/// default); otherwise see `cx_read_options_init`. Annotations are ignored,
/// except `@odata.type`, which must name this type (the seed's name or its
/// legacy alias, as `cx_operation_from_json` reads them).
///
/// The patch read always writes `@odata.type` first when serialized
/// (`cx_patch_to_json`, `cx_request_new`), whether or not the body had it;
/// `cx_patch_set_odata_type(patch, false)` leaves it out.
///
/// Ownership: on `CX_RESULT_OK`, `*out` is a new patch (free with
/// `cx_patch_free`); on `CX_RESULT_INVALID_INPUT`, `*errors_out`, when not
/// NULL, is a new error list (free with `cx_error_list_free`).
/// Thread safety: uses no handle and no shared state; callable from any thread at any time.
///
/// # Safety
/// `json` points to `len` readable bytes (or `len` is 0); `options` is NULL
/// or readable; `out` and `errors_out` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_patch_from_json(
    json: *const u8,
    len: usize,
    options: *const cx_read_options,
    out: *mut *mut cx_patch,
    errors_out: *mut *mut cx_error_list,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `json` holds `len` readable bytes and
        // `options` is NULL or readable.
        let (json, opts) = unsafe { json_input(json, len, options, ReadOptions::strict()) }?;
        // SAFETY: the caller guarantees `out` is NULL or writable.
        let out = unsafe { Out::new(out) }?;
        // SAFETY: the caller guarantees `errors_out` is NULL or writable.
        let errors_out = unsafe { Out::optional(errors_out) };
        deliver(
            Patch::from_json_with(json, &opts),
            out,
            errors_out,
            cx_patch::handle,
        )
    })
}

/// Writes the canonical bytes of the PATCH body into a new buffer in `*out`.
///
/// Ownership: on success `*out` is a new buffer; free it with
/// `cx_buffer_free`.
/// Thread safety: reads `patch` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `patch` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_patch_to_json(
    patch: *const cx_patch,
    out: *mut *mut cx_buffer,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe { read_into(patch, out, |patch| Ok(cx_buffer::new(patch.0.to_vec()))) }
}

/// Whether the body starts with `"@odata.type":"#microsoft.graph.caseExportOperation"`
/// (the default is `true`, as in the Graph documentation's example).
///
/// Thread safety: changes `patch`, which no other thread may use during the call.
///
/// # Safety
/// `patch` is NULL or live and not used elsewhere during the call.
#[no_mangle]
pub unsafe extern "C" fn cx_patch_set_odata_type(patch: *mut cx_patch, yes: bool) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `patch` is NULL or live and unaliased.
        let patch = unsafe { borrow_mut(patch) }?;
        patch.0 = std::mem::take(&mut patch.0).with_odata_type(yes);
        Ok(())
    })
}

/// `true` in `*out` when the patch changes nothing.
///
/// Thread safety: reads `patch` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `patch` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_patch_is_empty(patch: *const cx_patch, out: *mut bool) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe { read_into(patch, out, |patch| Ok(patch.0.is_empty())) }
}

/// Sets a property whose wire form is a JSON string, from the `len` bytes of
/// UTF-8 at `value` (no NUL terminator needed): `outputName`, `description`,
/// `outputFolderId`, `azureBlobContainer`, `azureBlobToken` (any text),
/// `createdDateTime`/`completedDateTime` (a date, see below),
/// `status`/`action`/`exportStructure`
/// (a member name, e.g. `succeeded`), `exportOptions` (flags, e.g.
/// `originalFiles,text`), or `id` (a patch may only repeat the current id).
///
/// The value is checked as a strict PATCH body would be: unknown enum
/// members and `unknownFutureValue` are refused (set those with
/// `cx_patch_set_json` and lenient options).
///
/// Dates (`createdDateTime`, `completedDateTime`) follow exactly
/// `YYYY-MM-DDTHH:MM:SS[.F](Z|+HH:MM|-HH:MM)`, e.g.
/// `2024-03-01T10:20:30.1234567Z`: uppercase `T` and `Z` only, a real
/// calendar date (years 0000–9999), seconds 00–59 (no leap second `60`),
/// 1 to 9 fraction digits `F` when there is a `.`, offset hours 00–23 and
/// minutes 00–59; the offset is required. They are written back with the
/// fewest fraction digits that keep the value, and `Z` for `+00:00` and
/// `-00:00`.
///
/// Size (this function takes no options): the value is checked with the
/// default limits, so a value longer than 16 MiB (16777216 bytes) is refused
/// with `CX_RESULT_INVALID_VALUE`.
///
/// Errors: `CX_RESULT_INVALID_PROPERTY` (unknown `property`),
/// `CX_RESULT_INVALID_UTF8`, `CX_RESULT_INVALID_VALUE` (not a valid value for
/// the property, or a property whose value is not a string, such as
/// `percentProgress`). On failure the patch is unchanged.
/// Ownership: the value is copied; it stays the caller's.
/// Thread safety: changes `patch`, which no other thread may use during the call.
///
/// # Safety
/// `patch` is NULL or live and not used elsewhere during the call; `value`
/// points to `len` readable bytes (or `len` is 0).
#[no_mangle]
pub unsafe extern "C" fn cx_patch_set_string(
    patch: *mut cx_patch,
    property: u32,
    value: *const u8,
    len: usize,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `patch` is NULL or live and unaliased.
        let patch = unsafe { borrow_mut(patch) }?;
        // SAFETY: the caller guarantees `value` holds `len` readable bytes.
        let value = unsafe { input_str(value, len) }?;
        let property = crate::operation::property(property)?;
        set_typed(&mut patch.0, property, WireValue::String(value))
    })
}

/// Sets `percentProgress` (0..100).
///
/// Errors: `CX_RESULT_INVALID_VALUE` outside 0..100 (the patch is unchanged).
/// Thread safety: changes `patch`, which no other thread may use during the call.
///
/// # Safety
/// `patch` is NULL or live and not used elsewhere during the call.
#[no_mangle]
pub unsafe extern "C" fn cx_patch_set_percent_progress(
    patch: *mut cx_patch,
    value: i32,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `patch` is NULL or live and unaliased.
        let patch = unsafe { borrow_mut(patch) }?;
        set_typed(
            &mut patch.0,
            Property::PercentProgress,
            WireValue::Int(value.into()),
        )
    })
}

/// Clears `property` (a `cx_property` value): the body sends `null`.
///
/// Errors: `CX_RESULT_INVALID_PROPERTY` (unknown `property`),
/// `CX_RESULT_INVALID_VALUE` for `CX_PROPERTY_ID` (not nullable).
/// Thread safety: changes `patch`, which no other thread may use during the call.
///
/// # Safety
/// `patch` is NULL or live and not used elsewhere during the call.
#[no_mangle]
pub unsafe extern "C" fn cx_patch_clear(patch: *mut cx_patch, property: u32) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `patch` is NULL or live and unaliased.
        let patch = unsafe { borrow_mut(patch) }?;
        let property = crate::operation::property(property)?;
        set_typed(&mut patch.0, property, WireValue::Null)
    })
}

/// Sets `property` (a `cx_property` value) from the JSON value in the `len`
/// bytes at `json` — the way to set `createdBy` and `resultInfo` (partial
/// objects, merged member by member when applied, e.g.
/// `{"user":{"displayName":"Adele Vance"}}`), and any other property with a
/// JSON value (`null` clears). Dates follow the grammar given at
/// `cx_patch_set_string`.
///
/// The value is read as the member of the body `{"<property>": <json>}`
/// with `options` (NULL: strict, default limits; every limit is honoured),
/// so error paths are relative to that body (`/createdBy/user/id`) and
/// `max_depth` counts its extra level; `max_size` is the value's size.
///
/// Errors: `CX_RESULT_INVALID_PROPERTY`; `CX_RESULT_INVALID_INPUT` with the
/// error list in `*errors_out` (when not NULL; free with
/// `cx_error_list_free`), text that is not exactly one JSON value included
/// (`invalidJson`). On failure the patch is unchanged.
/// Ownership: the input stays the caller's.
/// Thread safety: changes `patch`, which no other thread may use during the call.
///
/// # Safety
/// `patch` is NULL or live and not used elsewhere during the call; `json`
/// points to `len` readable bytes (or `len` is 0); `options` is NULL or
/// readable; `errors_out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_patch_set_json(
    patch: *mut cx_patch,
    property: u32,
    json: *const u8,
    len: usize,
    options: *const cx_read_options,
    errors_out: *mut *mut cx_error_list,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `patch` is NULL or live and unaliased.
        let patch = unsafe { borrow_mut(patch) }?;
        // SAFETY: the caller guarantees `json` holds `len` readable bytes and
        // `options` is NULL or readable.
        let (json, opts) = unsafe { json_input(json, len, options, ReadOptions::strict()) }?;
        // SAFETY: the caller guarantees `errors_out` is NULL or writable.
        let mut errors_out = unsafe { Out::optional(errors_out) };
        let property = crate::operation::property(property)?;
        patch
            .0
            .set_json(property, json, &opts)
            .map_err(|e| report(&mut errors_out, e))
    })
}

/// Sets an unknown property (one the type does not declare; for services
/// that read patches leniently) named by the `name_len` bytes of UTF-8 at
/// `name`, to the JSON value in the `json_len` bytes at `json`. When applied,
/// RFC 7396 rules hold: objects merge, `null` removes, anything else
/// replaces.
///
/// Errors: `CX_RESULT_INVALID_UTF8` (name), `CX_RESULT_INVALID_VALUE` when
/// `name` is a declared property or an annotation (`@…`, `…@…`),
/// `CX_RESULT_INVALID_INPUT` when `json` is not one valid JSON value (the
/// error list, paths relative to the value, in `*errors_out` when not NULL;
/// free with `cx_error_list_free`). On failure the patch is unchanged.
/// Size (this function takes no options): `json` is read with the default
/// limits (at most 16 MiB, nesting depth 64 with the value itself at depth
/// 1, 100 errors listed); `name` has no length limit.
/// Ownership: `name` and `json` are only read during the call and stay the
/// caller's (the patch keeps its own copies): free or reuse them as soon as
/// the call returns.
/// Thread safety: changes `patch`, which no other thread may use during the call.
///
/// # Safety
/// `patch` is NULL or live and not used elsewhere during the call; `name`
/// and `json` point to `name_len` and `json_len` readable bytes (or the
/// length is 0); `errors_out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_patch_set_unknown(
    patch: *mut cx_patch,
    name: *const u8,
    name_len: usize,
    json: *const u8,
    json_len: usize,
    errors_out: *mut *mut cx_error_list,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `patch` is NULL or live and unaliased.
        let patch = unsafe { borrow_mut(patch) }?;
        // SAFETY: the caller guarantees `name` holds `name_len` readable bytes.
        let name = unsafe { input_str(name, name_len) }?;
        // SAFETY: the caller guarantees `json` holds `json_len` readable bytes.
        let json = unsafe { input(json, json_len) }?;
        // SAFETY: the caller guarantees `errors_out` is NULL or writable.
        let mut errors_out = unsafe { Out::optional(errors_out) };
        let value = Json::from_json(json).map_err(|e| report(&mut errors_out, e))?;
        patch
            .0
            .insert_unknown(name, value)
            .map_err(|_| cx_result::InvalidValue)
    })
}

/// Removes an unknown property when the patch is applied (sends `null`).
///
/// Errors: `CX_RESULT_INVALID_UTF8`, `CX_RESULT_INVALID_VALUE` when `name` is
/// a declared property or an annotation (clear declared properties with
/// `cx_patch_clear`). On failure the patch is unchanged.
/// Size: `name` has no length limit.
/// Ownership: `name` is only read during the call and stays the caller's
/// (the patch keeps its own copy): free or reuse it as soon as the call
/// returns.
/// Thread safety: changes `patch`, which no other thread may use during the call.
///
/// # Safety
/// `patch` is NULL or live and not used elsewhere during the call; `name`
/// points to `name_len` readable bytes (or `name_len` is 0).
#[no_mangle]
pub unsafe extern "C" fn cx_patch_remove_unknown(
    patch: *mut cx_patch,
    name: *const u8,
    name_len: usize,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `patch` is NULL or live and unaliased.
        let patch = unsafe { borrow_mut(patch) }?;
        // SAFETY: the caller guarantees `name` holds `name_len` readable bytes.
        let name = unsafe { input_str(name, name_len) }?;
        patch
            .0
            .insert_unknown(name, Json::Null)
            .map_err(|_| cx_result::InvalidValue)
    })
}

/// The minimal PATCH body turning `base` into `target` (SPEC §5), in `*out`:
/// applying it to `base` gives an operation equivalent to `target`. The body
/// starts with `@odata.type` unless `cx_patch_set_odata_type(patch, false)`.
///
/// Errors: `CX_RESULT_INVALID_INPUT` — `readOnlyProperty` at `/id` when the
/// ids differ, including when only one of the two has an id (no patch can
/// change an id, so none could reproduce `target`), `unrepresentable` where `target` holds a null inside an
/// unknown property that a merge patch cannot create — with the error list in
/// `*errors_out` when not NULL (free with `cx_error_list_free`).
/// Ownership: on success `*out` is a new patch; free it with `cx_patch_free`.
/// Thread safety: reads `base` and `target` only; other threads may read them at the same time, but not change or free them.
///
/// # Safety
/// `base` and `target` are NULL or live; `out` and `errors_out` are NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn cx_diff(
    base: *const cx_operation,
    target: *const cx_operation,
    out: *mut *mut cx_patch,
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
        deliver(diff(&base.0, &target.0), out, errors_out, cx_patch::handle)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_property_names_are_checked_by_the_core() {
        let p = || Patch::new();
        assert!(p().set_unknown("colour", Json::Null).is_ok());
        assert!(p().set_unknown("a\"b\\c", Json::Null).is_ok());
        assert!(p().set_unknown("status", Json::Null).is_err());
        assert!(p().set_unknown("@odata.etag", Json::Null).is_err());
        assert!(p().remove_unknown("outputName@odata.type").is_err());
    }
}
