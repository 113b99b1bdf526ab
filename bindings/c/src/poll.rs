//! Watching an export operation until it ends, in C: `cx_poll`, a handle on
//! the core's sans-IO `Poll` (the backoff and the count of transient errors
//! in a row), and `cx_poll_step`, which reads one answer to `GET` the
//! operation and fills a plain `cx_poll_next`. The operation or the error
//! itself is read from the same answer with `cx_response_read_export`.

use std::time::Duration;

use caseexport::poll::{Next, Poll, WaitReason};

use crate::error::{cx_error_list, cx_result, report};
use crate::ffi::{borrow_mut, free_handle, guard, input, into_handle, Out};
use crate::http::{cx_header, header_pairs};
use crate::typed::expect;

/// What to do after one answer (`cx_poll_next.kind`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum cx_poll_kind {
    /// Send the next `GET` after `wait_ms` milliseconds.
    Wait = 0,
    /// The operation succeeded (`status` is `succeeded`).
    Succeeded = 1,
    /// The operation ended without succeeding: `status` is `failed`,
    /// `partiallySucceeded` or `submissionFailed` (`ended`), with
    /// `resultInfo`'s code when it has one.
    Ended = 2,
    /// The service answered with an error that waiting will not mend (or too
    /// many transient ones in a row): `http_status` says which.
    Error = 3,
}

/// How an operation ended without succeeding (`cx_poll_next.ended`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum cx_poll_ended {
    /// Not `CX_POLL_KIND_ENDED`.
    None = 0,
    /// `failed`
    Failed = 1,
    /// `partiallySucceeded`
    PartiallySucceeded = 2,
    /// `submissionFailed`
    SubmissionFailed = 3,
}

/// The decision `cx_poll_step` writes.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct cx_poll_next {
    /// What to do.
    pub kind: cx_poll_kind,
    /// `CX_POLL_KIND_WAIT`: how long to wait, in milliseconds; else 0.
    pub wait_ms: u64,
    /// `CX_POLL_KIND_WAIT`: true when `wait_ms` is the answer's `Retry-After`.
    pub from_retry_after: bool,
    /// `CX_POLL_KIND_WAIT` on a transient error (`429`, `502`, `503`, `504`),
    /// and `CX_POLL_KIND_ERROR`: the HTTP status; else 0.
    pub http_status: u16,
    /// `CX_POLL_KIND_WAIT` on a transient error: how many came in a row; else 0.
    pub transient_in_a_row: u32,
    /// The operation's `percentProgress` (0..=100) when the answer has one; else -1.
    pub percent: i32,
    /// `CX_POLL_KIND_ENDED`: which status; else `CX_POLL_ENDED_NONE`.
    pub ended: cx_poll_ended,
    /// `CX_POLL_KIND_ENDED`: true when `resultInfo.code` is present.
    pub has_result_code: bool,
    /// `CX_POLL_KIND_ENDED`: `resultInfo.code` when present; else 0.
    pub result_code: i64,
}

/// The state of watching one operation: made by `cx_poll_new`, freed with
/// `cx_poll_free`.
pub struct cx_poll(Poll);

/// A new watch of an operation read as `type` selects
/// (`CX_OPERATION_TYPE_ANY`: the type the answer's `@odata.type` names)
/// into `*out`, with the backoff starting at `first_wait_ms` and doubling up
/// to `max_wait_ms` (1000 and 30000 are the core's defaults; 0 and 0 poll
/// without waiting), and `max_transient` transient errors in a row waited
/// out (the core's default is 5). A `Retry-After` in seconds is honoured up
/// to 300 s.
///
/// Errors: `CX_RESULT_INVALID_ARGUMENT` for an unknown `type`, or
/// `first_wait_ms` above `max_wait_ms`.
/// Ownership: on success `*out` is a new handle (free with `cx_poll_free`).
/// Thread safety: uses no handle and no shared state; callable from any thread at any time.
///
/// # Safety
/// `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_poll_new(
    r#type: u32,
    first_wait_ms: u64,
    max_wait_ms: u64,
    max_transient: u32,
    out: *mut *mut cx_poll,
) -> cx_result {
    guard(|| {
        let expect = expect(r#type)?;
        if first_wait_ms > max_wait_ms {
            return Err(cx_result::InvalidArgument);
        }
        // SAFETY: the caller guarantees `out` is NULL or writable.
        let out = unsafe { Out::new(out) }?;
        let poll = Poll::new(expect)
            .with_first_wait(Duration::from_millis(first_wait_ms))
            .with_max_wait(Duration::from_millis(max_wait_ms))
            .with_max_transient(max_transient);
        out.write(into_handle(cx_poll(poll)));
        Ok(())
    })
}

/// Reads one answer to `GET` the operation — `status`, `header_count`
/// headers at `headers` (NULL allowed when 0), the `body_len` bytes of
/// `body` — and writes what comes next into `*out` (see `cx_poll_next`). The
/// backoff and the count of transient errors in `poll` advance.
///
/// Limits: as `cx_response_read_export` (a `2xx` body is read leniently with
/// the default limits).
/// Errors: `CX_RESULT_INVALID_UTF8` (a header); `CX_RESULT_INVALID_INPUT`
/// when a `2xx` body is not an export operation of the type `poll` was made
/// for (error list in `*errors_out` when not NULL; free with
/// `cx_error_list_free`).
/// Thread safety: changes `poll`, which no other thread may use during the call.
///
/// # Safety
/// `poll` is NULL or live; `headers`, `body` as `cx_response_read`; `out`
/// and `errors_out` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_poll_step(
    poll: *mut cx_poll,
    status: u16,
    headers: *const cx_header,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    out: *mut cx_poll_next,
    errors_out: *mut *mut cx_error_list,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `poll` is NULL or live and unaliased.
        let poll = unsafe { borrow_mut(poll) }?;
        // SAFETY: forwarded from this function's own contract.
        let pairs = unsafe { header_pairs(headers, header_count) }?;
        // SAFETY: the caller guarantees `body` holds `body_len` readable bytes.
        let body = unsafe { input(body, body_len) }?;
        // SAFETY: the caller guarantees `out` is NULL or writable.
        let out = unsafe { Out::new(out) }?;
        // SAFETY: the caller guarantees `errors_out` is NULL or writable.
        let mut errors_out = unsafe { Out::optional(errors_out) };
        let next = poll
            .0
            .step(status, &pairs, body)
            .map_err(|e| report(&mut errors_out, e))?;
        out.write(describe(&next));
        Ok(())
    })
}

/// The plain C description of a decision.
fn describe(next: &Next) -> cx_poll_next {
    let mut d = cx_poll_next {
        kind: cx_poll_kind::Wait,
        wait_ms: 0,
        from_retry_after: false,
        http_status: 0,
        transient_in_a_row: 0,
        percent: -1,
        ended: cx_poll_ended::None,
        has_result_code: false,
        result_code: 0,
    };
    d.percent = next.percent().unwrap_or(-1);
    match next {
        Next::Wait {
            after,
            from_retry_after,
            reason,
        } => {
            d.wait_ms = u64::try_from(after.as_millis()).unwrap_or(u64::MAX);
            d.from_retry_after = *from_retry_after;
            if let WaitReason::Transient { status, in_a_row } = reason {
                d.http_status = *status;
                d.transient_in_a_row = *in_a_row;
            }
        }
        Next::Succeeded(_) => d.kind = cx_poll_kind::Succeeded,
        Next::Ended { status, code, .. } => {
            d.kind = cx_poll_kind::Ended;
            d.ended = match status.as_str() {
                "failed" => cx_poll_ended::Failed,
                "partiallySucceeded" => cx_poll_ended::PartiallySucceeded,
                _ => cx_poll_ended::SubmissionFailed,
            };
            d.has_result_code = code.is_some();
            d.result_code = code.unwrap_or(0);
        }
        Next::Error(e) => {
            d.kind = cx_poll_kind::Error;
            d.http_status = e.status;
        }
    }
    d
}

/// Starts the backoff again from its first wait, and the count of transient
/// errors from 0 (after the caller paused a watch).
///
/// Thread safety: changes `poll`, which no other thread may use during the call.
///
/// # Safety
/// `poll` is NULL or live.
#[no_mangle]
pub unsafe extern "C" fn cx_poll_reset(poll: *mut cx_poll) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `poll` is NULL or live and unaliased.
        unsafe { borrow_mut(poll) }?.0.reset();
        Ok(())
    })
}

/// Frees a watch; NULL is a no-op.
///
/// Thread safety: frees `poll`; no other thread may use it during or after the call.
///
/// # Safety
/// `poll` is NULL or came from `cx_poll_new` and is not used after this call.
#[no_mangle]
pub unsafe extern "C" fn cx_poll_free(poll: *mut cx_poll) {
    // SAFETY: forwarded from this function's own contract.
    unsafe { free_handle(poll) }
}
