//! The HTTP exchange (SPEC §6), sans-IO: `cx_request` builds the `PATCH`
//! (URL, headers with the exact `Content-Length`, canonical body) for any
//! HTTP client to send; `cx_response` reads what came back into the updated
//! operation, "no content", or a typed Graph error.

use caseexport::{
    read_export_response, read_response, ExportOperation, ExportOutcome, GraphError, Outcome,
    Request, RequestError, RetryAfter, Secret,
};

use crate::buffer::cx_buffer;
use crate::error::{cx_error_list, cx_result, report};
use crate::ffi::{
    borrow, borrow_mut, cx_str, free_handle, guard, guard_or, input, input_str, into_handle,
    opt_cx_str, read_into, NulText, Out,
};
use crate::operation::cx_operation;
use crate::patch::cx_patch;
use crate::typed::{cx_export_operation, expect};

/// A `PATCH` request ready to send. Made by the library; freed with
/// `cx_request_free`.
pub struct cx_request {
    inner: Request,
    url: NulText,
    body: NulText,
    headers: Vec<(NulText, NulText)>,
}

impl cx_request {
    fn new(inner: Request) -> cx_request {
        let mut r = cx_request {
            url: NulText::new(inner.url().as_bytes()),
            body: NulText::new(inner.body()),
            headers: Vec::new(),
            inner,
        };
        r.refresh_headers();
        r
    }

    fn refresh_headers(&mut self) {
        self.headers = self
            .inner
            .headers()
            .into_iter()
            .map(|(n, v)| (NulText::new(n.as_bytes()), NulText::new(v.as_bytes())))
            .collect();
    }
}

fn request_error(e: RequestError) -> cx_result {
    match e {
        RequestError::InvalidUrl(_) => cx_result::InvalidUrl,
        RequestError::InvalidToken(_) => cx_result::InvalidToken,
        RequestError::InvalidIfMatch(_) => cx_result::InvalidIfMatch,
    }
}

/// Builds the `PATCH` request for `patch` (serialized canonically) at the URL
/// in the `url_len` bytes at `url`, authorized by the bearer token in the
/// `token_len` bytes at `token`. Headers: `Host` (from the URL),
/// `Authorization: Bearer …`, `Content-Type: application/json`,
/// `Content-Length` (exact).
///
/// Accepted characters: the URL and the token must not be empty and must not
/// contain a space or an ASCII control character (bytes 0x00–0x1F and
/// 0x7F: CR, LF, tab, NUL, …), which would let them break out of their
/// request line or header. Non-ASCII text is accepted and sent as its
/// raw UTF-8 bytes, unchanged: HTTP/1.1 wants ASCII there, so percent-encode
/// non-ASCII URL characters (and keep the token ASCII) before the call.
/// Size: no limit; the URL, the token and the body are copied whole.
///
/// Errors: `CX_RESULT_INVALID_UTF8`, `CX_RESULT_INVALID_URL` (empty, a space
/// or a control character, not an absolute `http(s)://host…` URL, or a URL
/// with userinfo), `CX_RESULT_INVALID_TOKEN` (empty, a space or a control
/// character).
/// Ownership: the inputs are copied and stay the caller's; on success `*out`
/// is a new request (free with `cx_request_free`), which holds the token.
/// Thread safety: reads `patch` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `url` and `token` point to `url_len` and `token_len` readable bytes (or
/// the length is 0); `patch` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_request_new(
    url: *const u8,
    url_len: usize,
    token: *const u8,
    token_len: usize,
    patch: *const cx_patch,
    out: *mut *mut cx_request,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `url` holds `url_len` readable bytes.
        let url = unsafe { input_str(url, url_len) }?;
        // SAFETY: the caller guarantees `token` holds `token_len` readable bytes.
        let token = unsafe { input_str(token, token_len) }?;
        // SAFETY: the caller guarantees `patch` is NULL or live.
        let patch = unsafe { borrow(patch) }?;
        // SAFETY: the caller guarantees `out` is NULL or writable.
        let out = unsafe { Out::new(out) }?;
        let request = Request::new(url, Secret::new(token), &patch.0).map_err(request_error)?;
        out.write(into_handle(cx_request::new(request)));
        Ok(())
    })
}

/// As `cx_request_new`, with a body the caller already has (the `body_len`
/// bytes at `body`, sent as they are) instead of a `cx_patch`.
///
/// Errors, ownership and thread safety: as `cx_request_new`.
/// Thread safety: uses no handle and no shared state; callable from any thread at any time.
///
/// # Safety
/// `url`, `token` and `body` point to as many readable bytes as their
/// lengths say (or the length is 0); `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_request_new_with_body(
    url: *const u8,
    url_len: usize,
    token: *const u8,
    token_len: usize,
    body: *const u8,
    body_len: usize,
    out: *mut *mut cx_request,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `url` holds `url_len` readable bytes.
        let url = unsafe { input_str(url, url_len) }?;
        // SAFETY: the caller guarantees `token` holds `token_len` readable bytes.
        let token = unsafe { input_str(token, token_len) }?;
        // SAFETY: the caller guarantees `body` holds `body_len` readable bytes.
        let body = unsafe { input(body, body_len) }?;
        // SAFETY: the caller guarantees `out` is NULL or writable.
        let out = unsafe { Out::new(out) }?;
        let request =
            Request::with_body(url, Secret::new(token), body.to_vec()).map_err(request_error)?;
        out.write(into_handle(cx_request::new(request)));
        Ok(())
    })
}

/// Adds an `If-Match` header with the `len` bytes at `etag` (optimistic
/// concurrency with the operation's `@odata.etag`, see `cx_operation_etag`).
///
/// Accepted characters: anything but an empty value or an ASCII control
/// character (bytes 0x00–0x1F and 0x7F). Spaces are allowed (a list of
/// entity tags has them); non-ASCII text is accepted and sent as its raw
/// UTF-8 bytes (entity tags from Graph are ASCII). Size: no limit; the value
/// is copied.
///
/// Errors: `CX_RESULT_INVALID_UTF8`, `CX_RESULT_INVALID_IF_MATCH` (empty or
/// a control character); on failure the request is unchanged. Header views
/// from `cx_request_header` taken before this call become invalid.
/// Thread safety: changes `request`, which no other thread may use during the call.
///
/// # Safety
/// `request` is NULL or live and not used elsewhere during the call; `etag`
/// points to `len` readable bytes (or `len` is 0).
#[no_mangle]
pub unsafe extern "C" fn cx_request_set_if_match(
    request: *mut cx_request,
    etag: *const u8,
    len: usize,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `request` is NULL or live and unaliased.
        let request = unsafe { borrow_mut(request) }?;
        // SAFETY: the caller guarantees `etag` holds `len` readable bytes.
        let etag = unsafe { input_str(etag, len) }?;
        request.inner.set_if_match(etag).map_err(request_error)?;
        request.refresh_headers();
        Ok(())
    })
}

/// Adds (`yes` true) or takes away (false) the header
/// `Prefer: include-unknown-enum-members`, which asks the service for the
/// evolvable enums' members after `unknownFutureValue` (the live service
/// otherwise shows them as `unknownFutureValue`). Header views from
/// `cx_request_header` taken before this call become invalid.
///
/// Errors: `CX_RESULT_NULL_ARGUMENT` for a NULL `request`.
/// Thread safety: changes `request`, which no other thread may use during the call.
///
/// # Safety
/// `request` is NULL or live and not used elsewhere during the call.
#[no_mangle]
pub unsafe extern "C" fn cx_request_set_include_unknown_enum_members(
    request: *mut cx_request,
    yes: bool,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `request` is NULL or live and unaliased.
        let request = unsafe { borrow_mut(request) }?;
        request.inner.set_include_unknown_enum_members(yes);
        request.refresh_headers();
        Ok(())
    })
}

/// The request URL into `*out`.
///
/// Ownership: borrowed from `request`; valid until it is freed.
/// Thread safety: reads `request` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `request` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_request_url(request: *const cx_request, out: *mut cx_str) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe { read_into(request, out, |request| Ok(request.url.as_cx_str())) }
}

/// The request body (canonical JSON) into `*out`.
///
/// Ownership: borrowed from `request`; valid until it is freed.
/// Thread safety: reads `request` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `request` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_request_body(
    request: *const cx_request,
    out: *mut cx_str,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe { read_into(request, out, |request| Ok(request.body.as_cx_str())) }
}

/// The number of headers to send (0 when `request` is NULL): 4 (`Host`,
/// `Authorization`, `Content-Type`, `Content-Length`), plus 1 with
/// `If-Match` (`cx_request_set_if_match`), plus 1 with `Prefer`
/// (`cx_request_set_include_unknown_enum_members`): 4, 5 or 6.
///
/// Thread safety: reads `request` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `request` is NULL or live.
#[no_mangle]
pub unsafe extern "C" fn cx_request_header_count(request: *const cx_request) -> usize {
    guard_or(0, || {
        // SAFETY: the caller guarantees `request` is NULL or live.
        unsafe { borrow(request) }.map_or(0, |r| r.headers.len())
    })
}

/// Header number `index` (from 0), with its real value — the bearer token
/// included — into `*name` and `*value`, in order: `Host`, `Authorization`,
/// `Content-Type`, `Content-Length`, then `If-Match` if set, then `Prefer:
/// include-unknown-enum-members` if set.
///
/// Errors: `CX_RESULT_OUT_OF_RANGE` when `index` is not below
/// `cx_request_header_count`.
/// Ownership: borrowed from `request`; valid until it is freed or
/// `cx_request_set_if_match` succeeds. Keep the token out of logs.
/// Thread safety: reads `request` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `request` is NULL or live; `name` and `value` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_request_header(
    request: *const cx_request,
    index: usize,
    name: *mut cx_str,
    value: *mut cx_str,
) -> cx_result {
    guard(|| {
        // SAFETY: the caller guarantees `request` is NULL or live.
        let request = unsafe { borrow(request) }?;
        // SAFETY: the caller guarantees `name` is NULL or writable.
        let name = unsafe { Out::new(name) }?;
        // SAFETY: the caller guarantees `value` is NULL or writable.
        let value = unsafe { Out::new(value) }?;
        let (n, v) = request.headers.get(index).ok_or(cx_result::OutOfRange)?;
        name.write(n.as_cx_str());
        value.write(v.as_cx_str());
        Ok(())
    })
}

/// The request as HTTP/1.1 text (CRLF line ends: request line, headers, blank
/// line, body) into a new buffer in `*out`.
///
/// With `reveal_token` true it is exactly what is sent. With false it is the
/// display form, for logs: the bearer token shows as `***`, and so does the
/// value of a top-level `azureBlobToken` string in the body (the SAS token);
/// `Content-Length` is then the length of the body shown (a body set with
/// `cx_request_new_with_body` that is not a JSON object shows as `***`).
///
/// Ownership: on success `*out` is a new buffer; free it with
/// `cx_buffer_free`.
/// Thread safety: reads `request` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `request` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_request_to_http1(
    request: *const cx_request,
    reveal_token: bool,
    out: *mut *mut cx_buffer,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe {
        read_into(request, out, |request| {
            Ok(cx_buffer::new(request.inner.to_http1(reveal_token)))
        })
    }
}

/// Frees a request (and its copy of the token). NULL is a no-op.
///
/// Thread safety: frees `request`; no other thread may use it during or after the call.
///
/// # Safety
/// `request` is NULL or a request from this library not freed yet.
#[no_mangle]
pub unsafe extern "C" fn cx_request_free(request: *mut cx_request) {
    // SAFETY: the caller guarantees `request` is NULL or an unfreed handle.
    guard_or((), || unsafe { free_handle(request) })
}

/// One response header, given by the caller: `name_len` bytes at `name` and
/// `value_len` bytes at `value`, UTF-8, no NUL terminator needed.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct cx_header {
    /// The header name (matched case-insensitively).
    pub name: *const u8,
    /// Its length in bytes.
    pub name_len: usize,
    /// The header value.
    pub value: *const u8,
    /// Its length in bytes.
    pub value_len: usize,
}

/// What a response means (`cx_response_get_kind`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum cx_response_kind {
    /// `200 OK` (any 2xx with a body): the updated operation
    /// (`cx_response_operation`).
    Updated = 0,
    /// `204 No Content` (any 2xx without a body): apply your patch locally to
    /// know the new state.
    NoContent = 1,
    /// `4xx`/`5xx` or an unexpected status: a Graph error
    /// (`cx_response_graph_error`).
    Failed = 2,
}

/// Which form `Retry-After` took.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum cx_retry_after_kind {
    /// No `Retry-After` header.
    None = 0,
    /// `Retry-After: 30` (in `retry_after_seconds`).
    Seconds = 1,
    /// Any other `Retry-After` value, such as an HTTP date (in
    /// `retry_after_date`, as sent): delay-seconds is ASCII digits only, so
    /// `+3` lands here.
    Date = 2,
}

/// A Microsoft Graph error response, borrowed from its `cx_response`: every
/// `cx_str` lives as long as the response. Optional strings are `{NULL, 0}`
/// when absent.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct cx_graph_error_info {
    /// The HTTP status.
    pub status: u16,
    /// `error.code`, or a name derived from the status (`TooManyRequests`)
    /// when the body is not a Graph error.
    pub code: cx_str,
    /// `error.message`, or a short excerpt of a non-JSON body.
    pub message: cx_str,
    /// `request-id` header or `error.innerError.request-id` (optional).
    pub request_id: cx_str,
    /// `client-request-id` header or `error.innerError.client-request-id`
    /// (optional).
    pub client_request_id: cx_str,
    /// `Date` header or `error.innerError.date` (optional).
    pub date: cx_str,
    /// Whether and how `Retry-After` was sent (429, 503).
    pub retry_after: cx_retry_after_kind,
    /// Seconds to wait when `retry_after` is `CX_RETRY_AFTER_KIND_SECONDS`, else 0.
    pub retry_after_seconds: u64,
    /// The date when `retry_after` is `CX_RETRY_AFTER_KIND_DATE` (optional).
    pub retry_after_date: cx_str,
    /// The number of `error.details` entries (`cx_response_graph_error_detail`).
    pub detail_count: usize,
}

/// One entry of a Graph error's `details`, borrowed from its `cx_response`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct cx_graph_error_detail {
    /// `code`
    pub code: cx_str,
    /// `target` (optional: `{NULL, 0}` when absent).
    pub target: cx_str,
    /// `message`
    pub message: cx_str,
}

struct GraphErrorText {
    status: u16,
    code: NulText,
    message: NulText,
    request_id: Option<NulText>,
    client_request_id: Option<NulText>,
    date: Option<NulText>,
    retry_after: cx_retry_after_kind,
    retry_after_seconds: u64,
    retry_after_date: Option<NulText>,
    details: Vec<(NulText, Option<NulText>, NulText)>,
}

fn text(s: &str) -> NulText {
    NulText::new(s.as_bytes())
}

fn opt_text(s: Option<&String>) -> Option<NulText> {
    s.map(|s| text(s))
}

impl GraphErrorText {
    fn new(e: &GraphError) -> GraphErrorText {
        let (retry_after, retry_after_seconds, retry_after_date) = match &e.retry_after {
            None => (cx_retry_after_kind::None, 0, None),
            Some(RetryAfter::Seconds(s)) => (cx_retry_after_kind::Seconds, *s, None),
            Some(RetryAfter::Date(d)) => (cx_retry_after_kind::Date, 0, Some(text(d))),
        };
        GraphErrorText {
            status: e.status,
            code: text(&e.code),
            message: text(&e.message),
            request_id: opt_text(e.request_id.as_ref()),
            client_request_id: opt_text(e.client_request_id.as_ref()),
            date: opt_text(e.date.as_ref()),
            retry_after,
            retry_after_seconds,
            retry_after_date,
            details: e
                .details
                .iter()
                .map(|d| (text(&d.code), opt_text(d.target.as_ref()), text(&d.message)))
                .collect(),
        }
    }
}

/// An HTTP response to the `PATCH`, read. Made by `cx_response_read`; freed
/// with `cx_response_free`.
pub struct cx_response(Read);

enum Read {
    Updated(Box<cx_operation>),
    /// Read by `cx_response_read_export`: an operation of any export type.
    UpdatedExport(Box<ExportOperation>),
    NoContent,
    Failed(GraphErrorText),
}

/// Reads the response to the `PATCH`: `status`, `header_count` headers at
/// `headers` (may be NULL when `header_count` is 0), and the `body_len` bytes
/// of the body at `body`.
///
/// A `2xx` with a body is read leniently as the updated operation; `204` (or
/// any `2xx` whose body is empty or only JSON whitespace: space, tab, CR,
/// LF) is "no content"; anything else becomes a Graph error (status, code,
/// message, request id, date, details, `Retry-After`: seconds only when the
/// value is ASCII digits, otherwise kept as a date string).
///
/// Limits (this function takes no options): a `2xx` body is read with the
/// default lenient limits of `cx_read_options_init` (at most 16 MiB, nesting
/// depth 64, 100 errors listed); to read a body with other limits, call
/// `cx_operation_from_json` on it. Headers and the body of an error status
/// have no size limit: an error body is parsed whole (JSON nested deeper
/// than 127 levels is treated as a body that is not JSON), and a body that
/// is not a Graph error gives, as the message, its text trimmed of
/// whitespace: whole when it has at most 200 characters, else its first 200
/// characters followed by `…` (201 characters in all).
///
/// Errors: `CX_RESULT_INVALID_UTF8` (a header); `CX_RESULT_INVALID_INPUT`
/// when a `2xx` body is not a valid caseExportOperation (error list in
/// `*errors_out` when not NULL; free with `cx_error_list_free`).
/// Ownership: the inputs stay the caller's; on success `*out` is a new
/// response (free with `cx_response_free`).
/// Thread safety: uses no handle and no shared state; callable from any thread at any time.
///
/// # Safety
/// `headers` points to `header_count` readable `cx_header`s whose pointers
/// each point to as many readable bytes as their lengths say; `body` points
/// to `body_len` readable bytes (or `body_len` is 0); `out` and `errors_out`
/// are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_response_read(
    status: u16,
    headers: *const cx_header,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    out: *mut *mut cx_response,
    errors_out: *mut *mut cx_error_list,
) -> cx_result {
    guard(|| {
        // SAFETY: forwarded from this function's own contract.
        let pairs = unsafe { header_pairs(headers, header_count) }?;
        // SAFETY: the caller guarantees `body` holds `body_len` readable bytes.
        let body = unsafe { input(body, body_len) }?;
        // SAFETY: the caller guarantees `out` is NULL or writable.
        let out = unsafe { Out::new(out) }?;
        // SAFETY: the caller guarantees `errors_out` is NULL or writable.
        let mut errors_out = unsafe { Out::optional(errors_out) };
        let read = match read_response(status, &pairs, body) {
            Ok(Outcome::Updated(op)) => Read::Updated(Box::new(cx_operation(*op))),
            Ok(Outcome::NoContent) => Read::NoContent,
            Ok(Outcome::Failed(e)) => Read::Failed(GraphErrorText::new(&e)),
            Err(e) => return Err(report(&mut errors_out, e)),
        };
        out.write(into_handle(cx_response(read)));
        Ok(())
    })
}

/// The response headers as (name, value) pairs.
///
/// # Safety
/// `headers` points to `header_count` readable `cx_header`s whose pointers
/// each point to as many readable bytes as their lengths say (or
/// `header_count` is 0).
pub(crate) unsafe fn header_pairs<'h>(
    headers: *const cx_header,
    header_count: usize,
) -> Result<Vec<(&'h str, &'h str)>, cx_result> {
    let headers: &[cx_header] = if header_count == 0 {
        &[]
    } else if headers.is_null() {
        return Err(cx_result::NullArgument);
    } else if header_count > isize::MAX as usize / std::mem::size_of::<cx_header>() {
        return Err(cx_result::InvalidArgument);
    } else {
        // SAFETY: non-null, the size fits in isize, and the caller
        // guarantees `header_count` readable, initialized `cx_header`s.
        unsafe { std::slice::from_raw_parts(headers, header_count) }
    };
    let mut pairs = Vec::with_capacity(headers.len());
    for h in headers {
        // SAFETY: the caller guarantees each header's name holds `name_len` bytes.
        let name = unsafe { input_str(h.name, h.name_len) }?;
        // SAFETY: the caller guarantees each header's value holds `value_len` bytes.
        let value = unsafe { input_str(h.value, h.value_len) }?;
        pairs.push((name, value));
    }
    Ok(pairs)
}

/// Reads a response whose operation may be of any export operation type,
/// as `cx_response_read` does, except that a `2xx` body is read as `type`
/// selects: `CX_OPERATION_TYPE_ANY`, the type its `@odata.type` names (the
/// seed's when it names none); another value, only that type (a body naming
/// another type is a `typeMismatch`; `CX_OPERATION_TYPE_SEED` reads only the
/// seed's own name `#microsoft.graph.caseExportOperation`: the alias
/// `#microsoft.graph.ediscovery.caseExportOperation` names the ediscovery
/// type here, so it is a `typeMismatch`; `cx_response_read` reads it).
/// Take the operation with `cx_response_export_operation`.
///
/// Limits, headers and error bodies: as `cx_response_read` (the error list
/// holds at most 100 errors and 64 KiB of text, paths and quoted names
/// shortened past 64 bytes).
///
/// Errors: `CX_RESULT_INVALID_ARGUMENT` for an unknown `type`;
/// `CX_RESULT_INVALID_UTF8` (a header); `CX_RESULT_INVALID_INPUT` when a
/// `2xx` body is not a valid operation of the type (error list in
/// `*errors_out` when not NULL; free with `cx_error_list_free`).
/// Ownership: the inputs stay the caller's; on success `*out` is a new
/// response (free with `cx_response_free`).
/// Thread safety: uses no handle and no shared state; callable from any thread at any time.
///
/// # Safety
/// As `cx_response_read`.
#[no_mangle]
pub unsafe extern "C" fn cx_response_read_export(
    status: u16,
    headers: *const cx_header,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    r#type: u32,
    out: *mut *mut cx_response,
    errors_out: *mut *mut cx_error_list,
) -> cx_result {
    guard(|| {
        // SAFETY: forwarded from this function's own contract.
        let pairs = unsafe { header_pairs(headers, header_count) }?;
        // SAFETY: the caller guarantees `body` holds `body_len` readable bytes.
        let body = unsafe { input(body, body_len) }?;
        let expect = expect(r#type)?;
        // SAFETY: the caller guarantees `out` is NULL or writable.
        let out = unsafe { Out::new(out) }?;
        // SAFETY: the caller guarantees `errors_out` is NULL or writable.
        let mut errors_out = unsafe { Out::optional(errors_out) };
        let read = match read_export_response(status, &pairs, body, expect) {
            Ok(ExportOutcome::Updated(op)) => Read::UpdatedExport(op),
            Ok(ExportOutcome::NoContent) => Read::NoContent,
            Ok(ExportOutcome::Failed(e)) => Read::Failed(GraphErrorText::new(&e)),
            Err(e) => return Err(report(&mut errors_out, e)),
        };
        out.write(into_handle(cx_response(read)));
        Ok(())
    })
}

/// What the response means, into `*out`.
///
/// Thread safety: reads `response` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `response` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_response_get_kind(
    response: *const cx_response,
    out: *mut cx_response_kind,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe {
        read_into(response, out, |response| {
            Ok(match response.0 {
                Read::Updated(_) | Read::UpdatedExport(_) => cx_response_kind::Updated,
                Read::NoContent => cx_response_kind::NoContent,
                Read::Failed(_) => cx_response_kind::Failed,
            })
        })
    }
}

/// A copy of the updated operation of a `CX_RESPONSE_KIND_UPDATED` response
/// into `*out`.
///
/// Errors: `CX_RESULT_WRONG_KIND` for other responses, and for an operation
/// of another type than the seed's (read by `cx_response_read_export`; take
/// it with `cx_response_export_operation`).
/// Ownership: on success `*out` is a new operation, independent of
/// `response`; free it with `cx_operation_free`.
/// Thread safety: reads `response` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `response` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_response_operation(
    response: *const cx_response,
    out: *mut *mut cx_operation,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe {
        read_into(response, out, |response| match &response.0 {
            Read::Updated(op) => Ok(cx_operation::handle(op.0.clone())),
            Read::UpdatedExport(op) => match &**op {
                ExportOperation::Seed(seed) => Ok(cx_operation::handle((**seed).clone())),
                _ => Err(cx_result::WrongKind),
            },
            _ => Err(cx_result::WrongKind),
        })
    }
}

/// A copy of the updated operation of a `CX_RESPONSE_KIND_UPDATED` response,
/// of whichever export type it is (a seed's operation read by
/// `cx_response_read` too), into `*out`.
///
/// Errors: `CX_RESULT_WRONG_KIND` for other responses.
/// Ownership: on success `*out` is a new operation, independent of
/// `response`; free it with `cx_export_operation_free`.
/// Thread safety: reads `response` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `response` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_response_export_operation(
    response: *const cx_response,
    out: *mut *mut cx_export_operation,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe {
        read_into(response, out, |response| match &response.0 {
            Read::Updated(op) => Ok(into_handle(cx_export_operation(ExportOperation::Seed(
                Box::new(op.0.clone()),
            )))),
            Read::UpdatedExport(op) => Ok(into_handle(cx_export_operation((**op).clone()))),
            _ => Err(cx_result::WrongKind),
        })
    }
}

/// The Graph error of a `CX_RESPONSE_KIND_FAILED` response into `*out`.
///
/// Errors: `CX_RESULT_WRONG_KIND` for other responses.
/// Ownership: the strings in `*out` are borrowed from `response`; valid
/// until it is freed.
/// Thread safety: reads `response` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `response` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_response_graph_error(
    response: *const cx_response,
    out: *mut cx_graph_error_info,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe {
        read_into(response, out, |response| {
            let Read::Failed(e) = &response.0 else {
                return Err(cx_result::WrongKind);
            };
            Ok(cx_graph_error_info {
                status: e.status,
                code: e.code.as_cx_str(),
                message: e.message.as_cx_str(),
                request_id: opt_cx_str(e.request_id.as_ref()),
                client_request_id: opt_cx_str(e.client_request_id.as_ref()),
                date: opt_cx_str(e.date.as_ref()),
                retry_after: e.retry_after,
                retry_after_seconds: e.retry_after_seconds,
                retry_after_date: opt_cx_str(e.retry_after_date.as_ref()),
                detail_count: e.details.len(),
            })
        })
    }
}

/// Entry number `index` (from 0) of the Graph error's `details` into `*out`.
///
/// Errors: `CX_RESULT_WRONG_KIND` for a response that is not a Graph error;
/// `CX_RESULT_OUT_OF_RANGE` when `index` is not below `detail_count`.
/// Ownership: borrowed from `response`; valid until it is freed.
/// Thread safety: reads `response` only; other threads may read it at the same time, but not change or free it.
///
/// # Safety
/// `response` is NULL or live; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn cx_response_graph_error_detail(
    response: *const cx_response,
    index: usize,
    out: *mut cx_graph_error_detail,
) -> cx_result {
    // SAFETY: forwarded from this function's own contract.
    unsafe {
        read_into(response, out, |response| {
            let Read::Failed(e) = &response.0 else {
                return Err(cx_result::WrongKind);
            };
            let (code, target, message) = e.details.get(index).ok_or(cx_result::OutOfRange)?;
            Ok(cx_graph_error_detail {
                code: code.as_cx_str(),
                target: opt_cx_str(target.as_ref()),
                message: message.as_cx_str(),
            })
        })
    }
}

/// Frees a response. NULL is a no-op. Every `cx_str` borrowed from it becomes
/// invalid.
///
/// Thread safety: frees `response`; no other thread may use it during or after the call.
///
/// # Safety
/// `response` is NULL or a response from this library not freed yet.
#[no_mangle]
pub unsafe extern "C" fn cx_response_free(response: *mut cx_response) {
    // SAFETY: the caller guarantees `response` is NULL or an unfreed handle.
    guard_or((), || unsafe { free_handle(response) })
}
