//! `cx_buffer`: bytes the library made and the caller owns (canonical JSON,
//! HTTP/1.1 text, a property's wire value), freed with `cx_buffer_free`.

use std::os::raw::c_char;
use std::ptr;

use crate::ffi::{borrow, free_handle, guard_or, into_handle, NulText};

/// Bytes owned by the caller: UTF-8 text followed by a NUL byte that
/// `cx_buffer_len` does not count. Free with `cx_buffer_free`.
pub struct cx_buffer(NulText);

impl cx_buffer {
    /// A new handle holding `bytes`.
    pub(crate) fn new(bytes: Vec<u8>) -> *mut cx_buffer {
        into_handle(cx_buffer(NulText::from_vec(bytes)))
    }
}

/// The first byte of `buf` (NULL when `buf` is NULL). The bytes are followed
/// by a NUL, so the pointer can be used as a C string; `cx_buffer_len` is
/// authoritative.
///
/// Ownership: borrowed from `buf`; valid until `cx_buffer_free(buf)`.
/// Thread safety: reads `buf` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `buf` is NULL or a live `cx_buffer`.
#[no_mangle]
pub unsafe extern "C" fn cx_buffer_data(buf: *const cx_buffer) -> *const c_char {
    guard_or(ptr::null(), || {
        // SAFETY: the caller guarantees `buf` is NULL or live.
        unsafe { borrow(buf) }.map_or(ptr::null(), |b| b.0.as_ptr())
    })
}

/// The number of bytes in `buf`, not counting the trailing NUL (0 when `buf`
/// is NULL).
///
/// Thread safety: reads `buf` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `buf` is NULL or a live `cx_buffer`.
#[no_mangle]
pub unsafe extern "C" fn cx_buffer_len(buf: *const cx_buffer) -> usize {
    // SAFETY: the caller guarantees `buf` is NULL or live.
    guard_or(0, || unsafe { borrow(buf) }.map_or(0, |b| b.0.len()))
}

/// Frees a buffer. NULL is a no-op.
///
/// Thread safety: frees `buf`; no other thread may use it during or after the call.
///
/// # Safety
/// `buf` is NULL or a buffer from this library not freed yet.
#[no_mangle]
pub unsafe extern "C" fn cx_buffer_free(buf: *mut cx_buffer) {
    // SAFETY: the caller guarantees `buf` is NULL or an unfreed handle.
    guard_or((), || unsafe { free_handle(buf) })
}
