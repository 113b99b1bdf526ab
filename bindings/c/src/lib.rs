//! # caseexport-c — `libcaseexport`, the C API of caseexport
//!
//! Builds `libcaseexport.so` and `libcaseexport.a`; the header
//! `include/caseexport.h` is generated from this crate by cbindgen (see
//! `tests/header.rs`) and checked in. Every exported symbol starts with `cx_`.
//!
//! This crate converts and nothing else: C buffers and handles to the core's
//! types and back, the core's errors to result codes and error lists. All
//! semantics — reading, validation, canonical output, apply, diff, HTTP — are
//! the `caseexport` crate's.
//!
//! Conventions (rustls-ffi's), kept in [`ffi`]: every fallible function
//! returns a `cx_result`; outputs go through out-parameters, written only on
//! success; handles are opaque, made by the library and freed by a `_free`
//! function (`_free(NULL)` is a no-op); input buffers are `(pointer, length)`
//! with no NUL terminator assumed; every body runs under `catch_unwind`; no
//! global mutable state.

// The C ABI cannot be written without `unsafe`. Each unsafe block carries a
// `// SAFETY:` comment (enforced by `clippy::undocumented_unsafe_blocks`), and
// unsafe operations inside `unsafe fn` still need their own block.
#![allow(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(clippy::undocumented_unsafe_blocks)]
// Exported names are C names: `cx_operation`, `cx_result`, …
#![allow(non_camel_case_types)]

use std::os::raw::c_char;

pub mod buffer;
pub mod error;
pub mod ffi;
pub mod http;
pub mod operation;
pub mod options;
pub mod patch;
pub mod poll;
pub mod property;
pub mod typed;

/// The version of the library, `"MAJOR.MINOR.PATCH"`, as a static
/// NUL-terminated string. Compare with `CX_VERSION_STRING` from the header to
/// detect a header/library mismatch.
///
/// Ownership: static; do not free it.
/// Thread safety: uses no handle and no shared state; callable from any thread at any time.
#[no_mangle]
pub extern "C" fn cx_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}
