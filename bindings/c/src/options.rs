//! Reading options from C: `cx_mode` and `cx_read_options`, converted to the
//! core's `ReadOptions` (whose defaults they start from).

use caseexport::{Mode, ReadOptions};

use crate::error::cx_result;
use crate::ffi::{borrow, guard, input, Out};

/// Strict or lenient reading (SPEC §3), passed as a `uint32_t`.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum cx_mode {
    /// Unknown properties, unknown enum members and `unknownFutureValue` are
    /// errors. The default for PATCH bodies.
    Strict = 0,
    /// Unknown properties and enum members are kept verbatim. The default for
    /// documents (responses, stored objects).
    Lenient = 1,
}

/// How to read an input: the mode (a `cx_mode` value) and the limits. Start
/// from `cx_read_options_init`, which fills in the library's defaults, then
/// change what you need.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct cx_read_options {
    /// A `cx_mode` value.
    pub mode: u32,
    /// Deepest nesting of objects/arrays; the document itself is depth 1.
    /// Default 64; values above 127 act as 127.
    pub max_depth: usize,
    /// Largest input in bytes (larger → `limitExceeded`, which means only
    /// that: nothing is measured after it is written out again). Default
    /// 16 MiB.
    pub max_size: usize,
    /// Most errors reported for one input (at least 1). Default 100. Every
    /// reading function applies it to its whole error list (a page's, for
    /// every element together), which is then marked truncated.
    pub max_errors: usize,
    /// Most bytes of error text (paths plus messages) reported for one
    /// input; the first error is always reported, later ones past the
    /// budget are left out and the list is marked truncated. Default 64 KiB.
    /// Member names and values longer than 64 bytes are shortened in paths
    /// and messages, marked `…(+N bytes)`. Every reading function applies
    /// the budget and the shortening to its whole error list.
    pub max_error_bytes: usize,
}

pub(crate) fn mode(value: u32) -> Result<Mode, cx_result> {
    match value {
        v if v == cx_mode::Strict as u32 => Ok(Mode::Strict),
        v if v == cx_mode::Lenient as u32 => Ok(Mode::Lenient),
        _ => Err(cx_result::InvalidArgument),
    }
}

/// The core's options for `options`, or `default` when `options` is NULL.
///
/// # Safety
/// `options` is NULL or points to a readable `cx_read_options`.
pub(crate) unsafe fn read_options(
    options: *const cx_read_options,
    default: ReadOptions,
) -> Result<ReadOptions, cx_result> {
    if options.is_null() {
        return Ok(default);
    }
    // SAFETY: non-null here, and the caller guarantees it is readable.
    let o = unsafe { borrow(options) }?;
    Ok(ReadOptions::new(mode(o.mode)?)
        .with_max_depth(o.max_depth)
        .with_max_size(o.max_size)
        .with_max_errors(o.max_errors)
        .with_max_error_bytes(o.max_error_bytes))
}

/// The JSON input of a reading function, the `len` bytes at `json`, and the
/// core's options for `options` (`default` when NULL).
///
/// # Safety
/// As [`input`] and [`read_options`].
pub(crate) unsafe fn json_input<'a>(
    json: *const u8,
    len: usize,
    options: *const cx_read_options,
    default: ReadOptions,
) -> Result<(&'a [u8], ReadOptions), cx_result> {
    // SAFETY: forwarded from this function's own contract.
    let json = unsafe { input(json, len) }?;
    // SAFETY: forwarded from this function's own contract.
    let opts = unsafe { read_options(options, default) }?;
    Ok((json, opts))
}

/// Fills `*out` with `mode` (a `cx_mode` value) and the library's default
/// limits.
///
/// Errors: `CX_RESULT_NULL_ARGUMENT`; `CX_RESULT_INVALID_ARGUMENT` when
/// `mode` is not a `cx_mode` value (then `*out` is untouched).
/// Ownership: `*out` is a plain struct owned by the caller; nothing to free.
/// Thread safety: uses no handle and no shared state; callable from any thread at any time.
///
/// # Safety
/// `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_read_options_init(out: *mut cx_read_options, mode: u32) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `out` is NULL or writable.
        let out = unsafe { Out::new(out) }?;
        let o = ReadOptions::new(self::mode(mode)?);
        out.write(cx_read_options {
            mode,
            max_depth: o.max_depth,
            max_size: o.max_size,
            max_errors: o.max_errors,
            max_error_bytes: o.max_error_bytes,
        });
        Ok(())
    })
}
