//! Result codes (`cx_result`), the stable error codes of SPEC §4
//! (`cx_error_code`, mapped from the core's `ErrorCode` in one `match`), and
//! the error list (`cx_error_list`) that carries every problem of one input.

use std::os::raw::c_char;

use caseexport::{Error, ErrorCode};

use crate::buffer::cx_buffer;
use crate::ffi::cx_str;
use crate::ffi::{borrow, free_handle, guard_or, into_handle, read_into, NulText, Out, Status};

/// What a fallible function did. `CX_RESULT_OK` is 0; every other value is a
/// failure, after which no out-parameter was written (except `errors_out` on
/// `CX_RESULT_INVALID_INPUT`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum cx_result {
    /// Success; the out-parameters were written.
    Ok = 0,
    /// A pointer argument that is required was NULL (or an input buffer was
    /// NULL with a non-zero length).
    NullArgument = 1,
    /// A string argument (URL, token, property value, header, name) is not
    /// valid UTF-8. (JSON input that is not UTF-8 is `CX_RESULT_INVALID_INPUT`
    /// with an `invalidJson` error, like any malformed JSON.)
    InvalidUtf8 = 2,
    /// The input (a document, a PATCH body, a diff) is invalid; the details
    /// (path, code, message) are in the error list written to `errors_out`.
    InvalidInput = 3,
    /// An argument is out of its domain: an unknown `cx_mode` value, a length
    /// larger than `PTRDIFF_MAX`.
    InvalidArgument = 4,
    /// The `cx_property` value is unknown or not usable with this function.
    InvalidProperty = 5,
    /// The value is not valid for the property (checked as a strict PATCH
    /// body would be: a bad date, an unknown enum member, a percentage
    /// outside 0..100, …), or a name is not usable for an unknown property.
    InvalidValue = 6,
    /// An index is not below the number of items.
    OutOfRange = 7,
    /// The property or annotation asked for has no value (absent or null).
    NoValue = 8,
    /// The response is not of the kind this function reads (for example
    /// asking a `204` response for its operation).
    WrongKind = 9,
    /// The request URL is empty, has spaces or control characters, or is not
    /// an absolute `http(s)://` URL with a host (a path alone is refused).
    InvalidUrl = 10,
    /// The bearer token is empty or has spaces or control characters.
    InvalidToken = 11,
    /// The `If-Match` value is empty or has control characters.
    InvalidIfMatch = 12,
    /// The library panicked (a bug); the call had no effect on its arguments
    /// that can be relied on. Please report it.
    Panic = 13,
}

/// A static, NUL-terminated description of a result code ("unknown result
/// code" for a value that is not a `cx_result`).
///
/// Ownership: the string is static; do not free it.
/// Thread safety: uses no handle and no shared state; callable from any thread at any time.
#[no_mangle]
pub extern "C" fn cx_result_str(result: u32) -> *const c_char {
    let text: &'static [u8] = match result {
        0 => b"ok\0",
        1 => b"a required pointer argument was NULL\0",
        2 => b"a string argument is not valid UTF-8\0",
        3 => b"the input is invalid; see the error list\0",
        4 => b"an argument is out of its domain\0",
        5 => b"the property is unknown or not usable with this function\0",
        6 => b"the value is not valid for the property\0",
        7 => b"the index is out of range\0",
        8 => b"no value\0",
        9 => b"the response is not of that kind\0",
        10 => b"invalid request URL\0",
        11 => b"invalid bearer token\0",
        12 => b"invalid If-Match value\0",
        13 => b"the library panicked (a bug)\0",
        _ => b"unknown result code\0",
    };
    text.as_ptr().cast()
}

/// The stable error codes of the specification (§4), the same strings in Rust,
/// C, Python and the command line. `cx_error_detail.code_name` holds the
/// string.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum cx_error_code {
    /// `invalidJson`: malformed JSON or invalid UTF-8.
    InvalidJson = 1,
    /// `invalidPatch`: a PATCH body that is not a JSON object.
    InvalidPatch = 2,
    /// `unknownProperty`: a member the type does not declare (strict mode).
    UnknownProperty = 3,
    /// `readOnlyProperty`: an attempt to change `id`.
    ReadOnlyProperty = 4,
    /// `invalidType`: a value of the wrong JSON type.
    InvalidType = 5,
    /// `invalidEnumMember`: not a member of the enumeration or flags type.
    InvalidEnumMember = 6,
    /// `invalidDateTime`: not a valid DateTimeOffset.
    InvalidDateTime = 7,
    /// `outOfRange`: a number outside the property's range.
    OutOfRange = 8,
    /// `duplicateProperty`: a member name that appears twice in one object.
    DuplicateProperty = 9,
    /// `typeMismatch`: an `@odata.type` that names another type.
    TypeMismatch = 10,
    /// `limitExceeded`: larger, deeper or with more errors than the limits.
    LimitExceeded = 11,
    /// `unrepresentable`: a diff target that RFC 7396 cannot express.
    Unrepresentable = 12,
}

impl From<ErrorCode> for cx_error_code {
    /// The one place the core's codes become C codes.
    fn from(code: ErrorCode) -> cx_error_code {
        match code {
            ErrorCode::InvalidJson => cx_error_code::InvalidJson,
            ErrorCode::InvalidPatch => cx_error_code::InvalidPatch,
            ErrorCode::UnknownProperty => cx_error_code::UnknownProperty,
            ErrorCode::ReadOnlyProperty => cx_error_code::ReadOnlyProperty,
            ErrorCode::InvalidType => cx_error_code::InvalidType,
            ErrorCode::InvalidEnumMember => cx_error_code::InvalidEnumMember,
            ErrorCode::InvalidDateTime => cx_error_code::InvalidDateTime,
            ErrorCode::OutOfRange => cx_error_code::OutOfRange,
            ErrorCode::DuplicateProperty => cx_error_code::DuplicateProperty,
            ErrorCode::TypeMismatch => cx_error_code::TypeMismatch,
            ErrorCode::LimitExceeded => cx_error_code::LimitExceeded,
            ErrorCode::Unrepresentable => cx_error_code::Unrepresentable,
        }
    }
}

/// One problem of an input, borrowed from its `cx_error_list`: every `cx_str`
/// lives as long as the list.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct cx_error_detail {
    /// RFC 6901 JSON Pointer to the offending member; the empty string `""`
    /// is the whole input. Member names longer than 64 bytes are shortened,
    /// marked `…(+N bytes)`.
    pub path: cx_str,
    /// The stable code.
    pub code: cx_error_code,
    /// The stable code as its string (`"invalidType"`, …).
    pub code_name: cx_str,
    /// A message for people; its wording is not stable. Never holds a secret.
    pub message: cx_str,
}

struct Detail {
    path: NulText,
    code: cx_error_code,
    code_name: NulText,
    message: NulText,
}

/// Every problem found in one input (at least one), in document order, up to
/// the `max_errors` and `max_error_bytes` limits. Made by the library; freed with
/// `cx_error_list_free`.
pub struct cx_error_list {
    error: Error,
    details: Vec<Detail>,
}

impl cx_error_list {
    pub(crate) fn new(error: Error) -> cx_error_list {
        let details = error
            .details()
            .iter()
            .map(|d| Detail {
                path: NulText::new(d.path.as_bytes()),
                code: d.code.into(),
                code_name: NulText::new(d.code.as_str().as_bytes()),
                message: NulText::new(d.message.as_bytes()),
            })
            .collect();
        cx_error_list { error, details }
    }
}

/// Hands a core error to C through the optional `errors_out` (taken, so it is
/// written at most once) and gives `CX_RESULT_INVALID_INPUT`.
pub(crate) fn report(errors_out: &mut Option<Out<*mut cx_error_list>>, error: Error) -> cx_result {
    if let Some(out) = errors_out.take() {
        out.write(into_handle(cx_error_list::new(error)));
    }
    cx_result::InvalidInput
}

/// Ends a function that makes a new handle: the handle of `result`'s value
/// into `out`, or the error through `errors_out` (`CX_RESULT_INVALID_INPUT`).
pub(crate) fn deliver<T, H>(
    result: Result<T, Error>,
    out: Out<*mut H>,
    mut errors_out: Option<Out<*mut cx_error_list>>,
    handle: impl FnOnce(T) -> *mut H,
) -> Status {
    let value = result.map_err(|e| report(&mut errors_out, e))?;
    out.write(handle(value));
    Ok(())
}

/// The number of problems in `list` (0 when `list` is NULL).
///
/// Thread safety: reads `list` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `list` is NULL or a live `cx_error_list`.
#[no_mangle]
pub unsafe extern "C" fn cx_error_list_len(list: *const cx_error_list) -> usize {
    // SAFETY: the caller guarantees `list` is NULL or live.
    guard_or(0, || unsafe { borrow(list) }.map_or(0, |l| l.details.len()))
}

/// `true` when more problems existed than the `max_errors` limit let the
/// list hold (`false` when `list` is NULL).
///
/// Thread safety: reads `list` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `list` is NULL or a live `cx_error_list`.
#[no_mangle]
pub unsafe extern "C" fn cx_error_list_is_truncated(list: *const cx_error_list) -> bool {
    guard_or(false, || {
        // SAFETY: the caller guarantees `list` is NULL or live.
        unsafe { borrow(list) }.is_ok_and(|l| l.error.is_truncated())
    })
}

/// Writes problem number `index` (from 0) of `list` to `*out`.
///
/// Ownership: the strings in `*out` are borrowed from `list` and stay valid
/// until `cx_error_list_free(list)`; do not free them.
/// Errors: `CX_RESULT_NULL_ARGUMENT`, `CX_RESULT_OUT_OF_RANGE` when `index`
/// is not below `cx_error_list_len(list)`.
/// Thread safety: reads `list` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `list` is NULL or a live `cx_error_list`; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_error_list_get(
    list: *const cx_error_list,
    index: usize,
    out: *mut cx_error_detail,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe {
        read_into(list, out, |list| {
            let d = list.details.get(index).ok_or(cx_result::OutOfRange)?;
            Ok(cx_error_detail {
                path: d.path.as_cx_str(),
                code: d.code,
                code_name: d.code_name.as_cx_str(),
                message: d.message.as_cx_str(),
            })
        })
    }
}

/// Renders `list` as the body of a Microsoft Graph `400 Bad Request`:
/// `{"error":{"code":"BadRequest","message":…,"details":[{"code":…,"target":…,"message":…}]}}`.
///
/// Ownership: on success `*out` is a new buffer; free it with `cx_buffer_free`.
/// Thread safety: reads `list` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `list` is NULL or a live `cx_error_list`; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_error_list_to_graph_body(
    list: *const cx_error_list,
    out: *mut *mut cx_buffer,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe {
        read_into(list, out, |list| {
            Ok(cx_buffer::new(list.error.to_graph_error_body()))
        })
    }
}

/// Frees an error list. NULL is a no-op. Every `cx_str` borrowed from it
/// becomes invalid.
///
/// Thread safety: frees `list`; no other thread may use it during or after the call.
///
/// # Safety
/// `list` is NULL or a list from this library not freed yet.
#[no_mangle]
pub unsafe extern "C" fn cx_error_list_free(list: *mut cx_error_list) {
    // SAFETY: the caller guarantees `list` is NULL or an unfreed handle.
    guard_or((), || unsafe { free_handle(list) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn every_core_code_has_its_own_c_code() {
        let mut seen = Vec::new();
        for code in ErrorCode::ALL {
            let c = cx_error_code::from(code);
            assert!(!seen.contains(&c), "{code} shares its C code");
            seen.push(c);
        }
        // SPEC order, numbered from 1.
        for (i, code) in ErrorCode::ALL.iter().enumerate() {
            assert_eq!(cx_error_code::from(*code) as usize, i + 1);
        }
    }

    #[test]
    fn result_strings_cover_every_code() {
        for code in 0..=cx_result::Panic as u32 {
            // SAFETY: `cx_result_str` returns a static NUL-terminated string.
            let s = unsafe { CStr::from_ptr(cx_result_str(code)) };
            assert_ne!(s.to_str().unwrap(), "unknown result code", "{code}");
        }
        // SAFETY: as above.
        let s = unsafe { CStr::from_ptr(cx_result_str(999)) };
        assert_eq!(s.to_str().unwrap(), "unknown result code");
    }
}
