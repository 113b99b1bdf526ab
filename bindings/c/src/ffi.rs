//! The conventions of the C boundary, in one place: the panic guard every
//! exported body runs in, NULL-checked borrows of handles and input buffers,
//! out-parameters that are checked first and written only on success, owned
//! handles, and NUL-terminated text handed out as [`cx_str`].

use std::os::raw::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr::{self, NonNull};

use crate::error::cx_result;

/// What an exported body returns before it becomes a `cx_result`.
pub(crate) type Status = Result<(), cx_result>;

/// Runs an exported body: `Ok` → `CX_RESULT_OK`, `Err(code)` → `code`, and a
/// panic → `CX_RESULT_PANIC` (no unwinding ever crosses into C).
pub(crate) fn guard(body: impl FnOnce() -> Status) -> cx_result {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => cx_result::Ok,
        Ok(Err(code)) => code,
        Err(_) => cx_result::Panic,
    }
}

/// Runs an infallible exported body (accessors, `_free`); a panic gives `fallback`.
pub(crate) fn guard_or<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

/// Borrows a handle; NULL → `CX_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `ptr` is NULL or points to a live `T` that nothing mutates for `'a`.
pub(crate) unsafe fn borrow<'a, T>(ptr: *const T) -> Result<&'a T, cx_result> {
    // SAFETY: the caller guarantees `ptr` is NULL or valid for reads for 'a;
    // `as_ref` turns NULL into `None`.
    unsafe { ptr.as_ref() }.ok_or(cx_result::NullArgument)
}

/// Borrows a handle mutably; NULL → `CX_RESULT_NULL_ARGUMENT`.
///
/// # Safety
/// `ptr` is NULL or points to a live `T` that nothing else uses for `'a`.
pub(crate) unsafe fn borrow_mut<'a, T>(ptr: *mut T) -> Result<&'a mut T, cx_result> {
    // SAFETY: the caller guarantees `ptr` is NULL or valid and unaliased for 'a.
    unsafe { ptr.as_mut() }.ok_or(cx_result::NullArgument)
}

/// An input buffer `(data, len)`: NULL is allowed only with `len == 0`.
///
/// # Safety
/// When `len > 0`, `data` is NULL or points to `len` readable bytes that stay
/// unchanged for `'a`.
pub(crate) unsafe fn input<'a>(data: *const u8, len: usize) -> Result<&'a [u8], cx_result> {
    if len == 0 {
        return Ok(&[]);
    }
    if data.is_null() {
        return Err(cx_result::NullArgument);
    }
    if len > isize::MAX as usize {
        return Err(cx_result::InvalidArgument);
    }
    // SAFETY: `data` is non-null, `len` is within `isize::MAX`, and the caller
    // guarantees `len` readable bytes that stay unchanged for 'a.
    Ok(unsafe { std::slice::from_raw_parts(data, len) })
}

/// An input string `(data, len)`: as [`input`], then UTF-8 checked
/// (`CX_RESULT_INVALID_UTF8`). No NUL terminator is needed or looked for.
///
/// # Safety
/// As [`input`].
pub(crate) unsafe fn input_str<'a>(data: *const u8, len: usize) -> Result<&'a str, cx_result> {
    // SAFETY: forwarded from this function's own contract.
    let bytes = unsafe { input(data, len) }?;
    std::str::from_utf8(bytes).map_err(|_| cx_result::InvalidUtf8)
}

/// An out-parameter: checked for NULL before any work is done, written once,
/// only on success.
pub(crate) struct Out<T>(NonNull<T>);

impl<T> Out<T> {
    /// A required out-parameter; NULL → `CX_RESULT_NULL_ARGUMENT`.
    ///
    /// # Safety
    /// `ptr` is NULL or valid for a write of `T` until the exported call returns.
    pub(crate) unsafe fn new(ptr: *mut T) -> Result<Out<T>, cx_result> {
        NonNull::new(ptr).map(Out).ok_or(cx_result::NullArgument)
    }

    /// An optional out-parameter (NULL: the caller does not want it).
    ///
    /// # Safety
    /// As [`Out::new`].
    pub(crate) unsafe fn optional(ptr: *mut T) -> Option<Out<T>> {
        NonNull::new(ptr).map(Out)
    }

    /// Writes the value (the previous contents are not read or dropped).
    pub(crate) fn write(self, value: T) {
        // SAFETY: `Out` is only made by `new`/`optional`, whose callers
        // guarantee the pointer is valid for a write of `T` during this call.
        unsafe { self.0.as_ptr().write(value) }
    }
}

/// The body of an exported function that reads one handle into one
/// out-parameter: `get(handle)`, written to `*out` when it succeeds. Both
/// pointers are checked (the handle first) before `get` runs.
///
/// # Safety
/// `handle` is NULL or live and nothing mutates it during the call; `out` is
/// NULL or writable.
pub(crate) unsafe fn read_into<H, T>(
    handle: *const H,
    out: *mut T,
    get: impl FnOnce(&H) -> Result<T, cx_result>,
) -> cx_result {
    guard(|| {
        // SAFETY: forwarded from this function's own contract.
        let handle = unsafe { borrow(handle) }?;
        // SAFETY: forwarded from this function's own contract.
        let out = unsafe { Out::new(out) }?;
        out.write(get(handle)?);
        Ok(())
    })
}

/// Moves a value to the heap and hands its ownership to C.
pub(crate) fn into_handle<T>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// Takes back and drops a handle made by [`into_handle`]; NULL is a no-op.
///
/// # Safety
/// `ptr` is NULL or came from [`into_handle`] for this `T` and was not freed yet.
pub(crate) unsafe fn free_handle<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: the caller guarantees `ptr` came from `Box::into_raw` in
        // `into_handle` and is freed exactly once.
        drop(unsafe { Box::from_raw(ptr) });
    }
}

/// A borrowed run of text: `len` bytes of UTF-8 at `data`, followed by a NUL
/// byte that `len` does not count (so `data` can be used as a C string when
/// the text has no interior NUL). `data` is NULL (and `len` 0) for "absent".
/// The bytes belong to the handle they came from and live as long as it.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct cx_str {
    /// The first byte, or NULL when the value is absent.
    pub data: *const c_char,
    /// The number of bytes, not counting the NUL that follows them.
    pub len: usize,
}

impl cx_str {
    /// The "absent" value: `{NULL, 0}`.
    pub(crate) fn absent() -> cx_str {
        cx_str {
            data: ptr::null(),
            len: 0,
        }
    }
}

/// Owned bytes followed by a NUL byte, handed out as [`cx_str`].
#[derive(Clone, Debug)]
pub(crate) struct NulText(Box<[u8]>);

impl NulText {
    /// Copies `bytes` and appends a NUL.
    pub(crate) fn new(bytes: &[u8]) -> NulText {
        let mut v = Vec::with_capacity(bytes.len() + 1);
        v.extend_from_slice(bytes);
        v.push(0);
        NulText(v.into_boxed_slice())
    }

    /// Takes `bytes` and appends a NUL.
    pub(crate) fn from_vec(mut bytes: Vec<u8>) -> NulText {
        bytes.push(0);
        NulText(bytes.into_boxed_slice())
    }

    /// The text, without the NUL.
    pub(crate) fn len(&self) -> usize {
        self.0.len() - 1
    }

    /// A pointer to the first byte (the text is followed by a NUL).
    pub(crate) fn as_ptr(&self) -> *const c_char {
        self.0.as_ptr().cast()
    }

    /// The text as a borrowed `cx_str`.
    pub(crate) fn as_cx_str(&self) -> cx_str {
        cx_str {
            data: self.as_ptr(),
            len: self.len(),
        }
    }
}

/// An optional text as a `cx_str` (`{NULL, 0}` when absent).
pub(crate) fn opt_cx_str(text: Option<&NulText>) -> cx_str {
    text.map_or_else(cx_str::absent, NulText::as_cx_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_the_panic_code() {
        assert_eq!(guard(|| panic!("boom")), cx_result::Panic);
        assert_eq!(
            guard(|| Err(cx_result::InvalidUtf8)),
            cx_result::InvalidUtf8
        );
        assert_eq!(guard(|| Ok(())), cx_result::Ok);
        assert_eq!(guard_or(7, || panic!("boom")), 7);
    }

    #[test]
    fn input_buffers() {
        // SAFETY: NULL with length 0 is the empty buffer; no memory is read.
        assert_eq!(unsafe { input(ptr::null(), 0) }, Ok(&[][..]));
        // SAFETY: NULL with a length is refused before any read.
        let null_with_len = unsafe { input(ptr::null(), 3) };
        assert_eq!(null_with_len, Err(cx_result::NullArgument));
        let bad = [0xffu8, 0xfe];
        // SAFETY: `bad` is a live array of 2 bytes.
        let not_utf8 = unsafe { input_str(bad.as_ptr(), 2) };
        assert_eq!(not_utf8, Err(cx_result::InvalidUtf8));
        // SAFETY: a length beyond isize::MAX is refused before any read.
        let too_long = unsafe { input(bad.as_ptr(), usize::MAX) };
        assert_eq!(too_long, Err(cx_result::InvalidArgument));
    }

    #[test]
    fn nul_text_is_terminated_and_counts_without_the_nul() {
        let t = NulText::new(b"a\0b");
        assert_eq!(t.len(), 3);
        let s = t.as_cx_str();
        // SAFETY: `s` borrows `t`, which holds len + 1 bytes.
        let bytes = unsafe { std::slice::from_raw_parts(s.data.cast::<u8>(), s.len + 1) };
        assert_eq!(bytes, b"a\0b\0");
        assert!(opt_cx_str(None).data.is_null());
    }
}
