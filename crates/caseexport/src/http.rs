//! The HTTP exchange, sans-IO (SPEC §6): build the `PATCH` request as a value
//! any HTTP client can send, and read the response into the updated operation
//! or a typed Graph error. No socket is ever opened here.

use std::fmt;

use crate::error::Error;
use crate::json::Json;
use crate::model::CaseExportOperation;
use crate::operations::{Expect, ExportOperation};
use crate::patch::Patch;
use crate::read::ReadOptions;
use crate::secret::Secret;

/// The URL of a case export operation in the beta compliance API (the
/// seed's endpoint; [`security_operation_url`] gives the live `/security` one):
/// `https://graph.microsoft.com/beta/compliance/ediscovery/cases/{caseId}/operations/{operationId}`,
/// with both ids percent-encoded.
///
/// ```
/// assert_eq!(
///     caseexport::operation_url("c 1", "op/2"),
///     "https://graph.microsoft.com/beta/compliance/ediscovery/cases/c%201/operations/op%2F2"
/// );
/// ```
pub fn operation_url(case_id: &str, operation_id: &str) -> String {
    format!(
        "https://graph.microsoft.com/beta/compliance/ediscovery/cases/{}/operations/{}",
        encode_segment(case_id),
        encode_segment(operation_id)
    )
}

/// The list of a case's operations in the beta compliance API:
/// `https://graph.microsoft.com/beta/compliance/ediscovery/cases/{caseId}/operations`.
///
/// ```
/// assert_eq!(caseexport::operations_url("c1"),
///     "https://graph.microsoft.com/beta/compliance/ediscovery/cases/c1/operations");
/// ```
pub fn operations_url(case_id: &str) -> String {
    format!(
        "https://graph.microsoft.com/beta/compliance/ediscovery/cases/{}/operations",
        encode_segment(case_id)
    )
}

/// A Microsoft Graph API version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ApiVersion {
    /// `v1.0`
    V1,
    /// `beta`
    Beta,
}

impl ApiVersion {
    /// The URL segment: `v1.0` or `beta`.
    pub fn segment(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1.0",
            ApiVersion::Beta => "beta",
        }
    }
}

/// An operation of a case in the security API (the live export operation,
/// `security.ediscoveryExportOperation`):
/// `https://graph.microsoft.com/{v1.0|beta}/security/cases/ediscoveryCases/{caseId}/operations/{operationId}`.
///
/// ```
/// use caseexport::{security_operation_url, ApiVersion};
/// assert_eq!(security_operation_url(ApiVersion::V1, "c1", "op 2"),
///     "https://graph.microsoft.com/v1.0/security/cases/ediscoveryCases/c1/operations/op%202");
/// ```
pub fn security_operation_url(version: ApiVersion, case_id: &str, operation_id: &str) -> String {
    format!(
        "{}/{}",
        security_operations_url(version, case_id),
        encode_segment(operation_id)
    )
}

/// The list of a case's operations in the security API:
/// `https://graph.microsoft.com/{v1.0|beta}/security/cases/ediscoveryCases/{caseId}/operations`.
///
/// ```
/// use caseexport::{security_operations_url, ApiVersion};
/// assert_eq!(security_operations_url(ApiVersion::Beta, "c1"),
///     "https://graph.microsoft.com/beta/security/cases/ediscoveryCases/c1/operations");
/// ```
pub fn security_operations_url(version: ApiVersion, case_id: &str) -> String {
    format!(
        "https://graph.microsoft.com/{}/security/cases/ediscoveryCases/{}/operations",
        version.segment(),
        encode_segment(case_id)
    )
}

/// Percent-encodes `s` for a URL path segment or a query value: every byte
/// but the RFC 3986 unreserved characters (ASCII letters, digits, `-`, `.`,
/// `_`, `~`) becomes `%XX` (upper-case hex) of its UTF-8 bytes. What the URL
/// builders ([`operation_url`], …) do to the ids.
///
/// ```
/// assert_eq!(caseexport::encode_segment("c 1/é~x"), "c%201%2F%C3%A9~x");
/// assert_eq!(caseexport::encode_segment("plain-1.2_~"), "plain-1.2_~");
/// ```
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Why a request could not be built. Messages never include the token.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// The URL is empty, has whitespace or control characters, or is not an
    /// absolute `http(s)://` URL with a host.
    #[error("invalid URL: {0}")]
    InvalidUrl(&'static str),
    /// The bearer token is empty or contains characters a header cannot carry.
    #[error("invalid bearer token: {0}")]
    InvalidToken(&'static str),
    /// The `If-Match` value contains characters a header cannot carry.
    #[error("invalid If-Match value: {0}")]
    InvalidIfMatch(&'static str),
}

/// The authority (`host[:port]`) of an absolute http(s) URL.
fn host_of(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    // No userinfo: credentials do not belong in a request URL.
    (!authority.is_empty() && !authority.contains('@')).then_some(authority)
}

fn header_safe(v: &str) -> Result<(), &'static str> {
    if v.is_empty() {
        return Err("empty");
    }
    if v.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Err("contains control characters (CR, LF, …)");
    }
    Ok(())
}

/// A `PATCH` request ready to send: method, URL, headers (with the exact
/// `Content-Length`) and the canonical body.
///
/// `Debug` shows `Authorization: Bearer ***` and only the body's size (a
/// body may carry `azureBlobToken`); [`Request::to_http1`]`(false)` masks
/// both the bearer token and `azureBlobToken`.
///
/// ```
/// use caseexport::{Patch, Request, Secret};
/// let req = Request::new(
///     "https://graph.microsoft.com/beta/compliance/ediscovery/cases/c1/operations/o1",
///     Secret::new("eyJ0eXAi.secret"),
///     &Patch::new().set_description("nightly"),
/// ).unwrap().with_if_match("W/\"7\"").unwrap();
/// assert_eq!(req.method(), "PATCH");
/// let text = String::from_utf8(req.to_http1(false)).unwrap();
/// assert!(text.contains("Authorization: Bearer ***\r\n"));
/// assert!(text.contains(&format!("Content-Length: {}\r\n", req.body().len())));
/// assert!(!format!("{req:?}").contains("secret"));
/// let with_sas = Request::new("https://x/y", "t", &Patch::new().set_azure_blob_token("sig=SAS")).unwrap();
/// assert!(!format!("{with_sas:?}").contains("SAS"));
/// ```
#[derive(Clone)]
pub struct Request {
    url: String,
    token: Secret,
    if_match: Option<String>,
    include_unknown_enum_members: bool,
    body: Vec<u8>,
}

impl Request {
    /// Builds the request for `patch` (serialized canonically) at `url`.
    pub fn new<R: crate::Resource>(
        url: impl Into<String>,
        token: impl Into<Secret>,
        patch: &Patch<R>,
    ) -> Result<Request, RequestError> {
        Request::with_body(url, token, patch.to_vec())
    }

    /// Builds the request with an already serialized body.
    pub fn with_body(
        url: impl Into<String>,
        token: impl Into<Secret>,
        body: Vec<u8>,
    ) -> Result<Request, RequestError> {
        let url = url.into();
        header_safe(&url).map_err(RequestError::InvalidUrl)?;
        if url.contains(' ') {
            return Err(RequestError::InvalidUrl("contains spaces"));
        }
        if host_of(&url).is_none() {
            return Err(RequestError::InvalidUrl(
                "must be an absolute http(s) URL with a host (the Host header needs it)",
            ));
        }
        let token = token.into();
        header_safe(token.expose()).map_err(RequestError::InvalidToken)?;
        if token.expose().contains(' ') {
            return Err(RequestError::InvalidToken("contains spaces"));
        }
        Ok(Request {
            url,
            token,
            if_match: None,
            include_unknown_enum_members: false,
            body,
        })
    }

    /// Adds an `If-Match` header (optimistic concurrency with `@odata.etag`).
    pub fn with_if_match(mut self, etag: impl Into<String>) -> Result<Request, RequestError> {
        self.set_if_match(etag)?;
        Ok(self)
    }

    /// Adds `Prefer: include-unknown-enum-members`, so that the service
    /// accepts and returns the members of evolvable enums declared after
    /// `unknownFutureValue` (`holdPolicySync`, `msg`, `condensePaths`, …)
    /// instead of `unknownFutureValue`.
    ///
    /// ```
    /// use caseexport::{Patch, Request};
    /// let req = Request::new("https://x/y", "t", &Patch::new())?.with_include_unknown_enum_members();
    /// assert!(req.headers().contains(&("Prefer", "include-unknown-enum-members".to_owned())));
    /// # Ok::<(), caseexport::RequestError>(())
    /// ```
    #[must_use]
    pub fn with_include_unknown_enum_members(mut self) -> Request {
        self.include_unknown_enum_members = true;
        self
    }

    /// [`Request::with_include_unknown_enum_members`] in place, or (with
    /// `false`) the `Prefer` header taken away again.
    ///
    /// ```
    /// use caseexport::{Patch, Request};
    /// let mut req = Request::new("https://x/y", "t", &Patch::new())?;
    /// req.set_include_unknown_enum_members(true);
    /// assert!(req.headers().iter().any(|(n, _)| *n == "Prefer"));
    /// req.set_include_unknown_enum_members(false);
    /// assert!(!req.headers().iter().any(|(n, _)| *n == "Prefer"));
    /// # Ok::<(), caseexport::RequestError>(())
    /// ```
    pub fn set_include_unknown_enum_members(&mut self, yes: bool) {
        self.include_unknown_enum_members = yes;
    }

    /// [`Request::with_if_match`] in place: on error the request is unchanged.
    pub fn set_if_match(&mut self, etag: impl Into<String>) -> Result<(), RequestError> {
        let etag = etag.into();
        header_safe(&etag).map_err(RequestError::InvalidIfMatch)?;
        self.if_match = Some(etag);
        Ok(())
    }

    /// Always `PATCH`.
    pub fn method(&self) -> &'static str {
        "PATCH"
    }

    /// The request URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The body bytes (canonical JSON).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The bearer token.
    pub fn token(&self) -> &Secret {
        &self.token
    }

    /// The headers to send, with real values (the token included), in order:
    /// `Host`, `Authorization`, `Content-Type`, `Content-Length`, then
    /// `If-Match` if set, then `Prefer` if set.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        self.headers_with(true, self.body.len())
    }

    fn headers_with(&self, reveal: bool, content_length: usize) -> Vec<(&'static str, String)> {
        let auth = if reveal { self.token.expose() } else { "***" };
        let mut h = vec![
            ("Host", host_of(&self.url).unwrap_or_default().to_owned()),
            ("Authorization", format!("Bearer {auth}")),
            ("Content-Type", "application/json".to_owned()),
            ("Content-Length", content_length.to_string()),
        ];
        if let Some(etag) = &self.if_match {
            h.push(("If-Match", etag.clone()));
        }
        if self.include_unknown_enum_members {
            h.push((
                "Prefer",
                crate::service::INCLUDE_UNKNOWN_ENUM_MEMBERS.to_owned(),
            ));
        }
        h
    }

    /// The body as the display form shows it: the value of a top-level
    /// `azureBlobToken` string replaced by `"***"`; a body that is not a
    /// JSON object (possible only with [`Request::with_body`]) as `***`.
    fn display_body(&self) -> Vec<u8> {
        crate::read::mask_top_level_strings(&self.body, "azureBlobToken", "\"***\"")
            .unwrap_or_else(|| b"***".to_vec())
    }

    /// The request as HTTP/1.1 text (CRLF line ends): request line, headers,
    /// blank line, body.
    ///
    /// With `reveal` it is exactly what is sent: the bearer token and the
    /// real body. Without it, it is the display form, for logs and humans:
    /// `Authorization: Bearer ***`, and the body with the value of
    /// `azureBlobToken` (the SAS token) shown as `"***"`. Its
    /// `Content-Length` is then the length of the body shown, so the text is
    /// still a consistent HTTP/1.1 message and does not reveal the SAS
    /// token's length either; [`Request::headers`] and [`Request::body`]
    /// give the real values.
    ///
    /// ```
    /// use caseexport::{Patch, Request};
    /// let req = Request::new("https://x/y", "t", &Patch::new().set_azure_blob_token("sig=SAS")).unwrap();
    /// let shown = String::from_utf8(req.to_http1(false)).unwrap();
    /// assert!(shown.ends_with("Content-Length: 77\r\n\r\n{\"@odata.type\":\"#microsoft.graph.caseExportOperation\",\"azureBlobToken\":\"***\"}"));
    /// let sent = String::from_utf8(req.to_http1(true)).unwrap();
    /// assert!(sent.ends_with("Content-Length: 81\r\n\r\n{\"@odata.type\":\"#microsoft.graph.caseExportOperation\",\"azureBlobToken\":\"sig=SAS\"}"));
    /// ```
    pub fn to_http1(&self, reveal: bool) -> Vec<u8> {
        let masked;
        let body = if reveal {
            &self.body
        } else {
            masked = self.display_body();
            &masked
        };
        let mut out = Vec::with_capacity(self.url.len() + body.len() + 160);
        out.extend_from_slice(b"PATCH ");
        out.extend_from_slice(self.url.as_bytes());
        out.extend_from_slice(b" HTTP/1.1\r\n");
        for (name, value) in self.headers_with(reveal, body.len()) {
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(body);
        out
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &"PATCH")
            .field("url", &self.url)
            .field("headers", &self.headers_with(false, self.body.len()))
            // The body may carry azureBlobToken: show its size only.
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

/// `Retry-After`: seconds to wait, or an HTTP date to wait until.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RetryAfter {
    /// `Retry-After: 30`: delay-seconds, ASCII digits only (`+3` and `3.5`
    /// are not; nor is a value too large for `u64`).
    Seconds(u64),
    /// `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`, or any other value that
    /// is not delay-seconds, kept as sent (trimmed).
    Date(String),
}

/// One entry of a Graph error's `details`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphErrorDetail {
    /// `code`
    pub code: String,
    /// `target`, when given.
    pub target: Option<String>,
    /// `message`
    pub message: String,
}

/// A Microsoft Graph error response (`4xx`/`5xx`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("HTTP {status} {code}: {message}")]
#[non_exhaustive]
pub struct GraphError {
    /// The HTTP status.
    pub status: u16,
    /// `error.code`, or a name derived from the status when the body is not a Graph error.
    pub code: String,
    /// `error.message` (or a short excerpt of a non-JSON body).
    pub message: String,
    /// `request-id` header, or `error.innerError.request-id`.
    pub request_id: Option<String>,
    /// `client-request-id` header, or `error.innerError.client-request-id`.
    pub client_request_id: Option<String>,
    /// `Date` header, or `error.innerError.date`.
    pub date: Option<String>,
    /// `error.details`.
    pub details: Vec<GraphErrorDetail>,
    /// `Retry-After` (sent with 429 and 503).
    pub retry_after: Option<RetryAfter>,
}

/// What a response means for the caller.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// `200 OK` with the updated operation (read leniently).
    Updated(Box<CaseExportOperation>),
    /// `204 No Content`: the service accepted the patch and sent nothing back;
    /// apply the patch locally to know the new state.
    NoContent,
    /// `4xx`/`5xx` (or an unexpected status): a typed Graph error.
    Failed(GraphError),
}

fn header<'h>(headers: &[(&str, &'h str)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

pub(crate) fn status_code_name(status: u16) -> &'static str {
    match status {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        408 => "RequestTimeout",
        409 => "Conflict",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => "UnexpectedStatus",
    }
}

/// Reads an HTTP response to the `PATCH`.
///
/// `headers` are (name, value) pairs, names matched case-insensitively.
/// `204`, and a `2xx` whose body is empty or only JSON whitespace (space,
/// tab, CR, LF), mean [`Outcome::NoContent`]; any other `2xx` body is read
/// leniently as the updated operation. Fails only when that body is not a
/// valid caseExportOperation (a lone form feed is `invalidJson`).
///
/// ```
/// use caseexport::{read_response, Outcome, RetryAfter};
/// let body = br#"{"error":{"code":"TooManyRequests","message":"Slow down","innerError":{"request-id":"r-1","date":"2024-01-01T00:00:00"}}}"#;
/// match read_response(429, &[("Retry-After", "30")], body).unwrap() {
///     Outcome::Failed(e) => {
///         assert_eq!((e.status, e.code.as_str(), e.request_id.as_deref()), (429, "TooManyRequests", Some("r-1")));
///         assert_eq!(e.retry_after, Some(RetryAfter::Seconds(30)));
///     }
///     other => panic!("{other:?}"),
/// }
/// assert_eq!(read_response(204, &[], b"").unwrap(), Outcome::NoContent);
/// ```
pub fn read_response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Result<Outcome, Error> {
    match classify(status, body) {
        Class::NoContent => Ok(Outcome::NoContent),
        Class::Body => Ok(Outcome::Updated(Box::new(
            CaseExportOperation::from_json_with(body, &ReadOptions::lenient())?,
        ))),
        Class::Failed => Ok(Outcome::Failed(graph_error(status, headers, body))),
    }
}

/// What a response's status and body say before any reading.
enum Class {
    /// `204`, or a `2xx` whose body is only JSON whitespace.
    NoContent,
    /// A `2xx` with a body: the operation.
    Body,
    /// Any other status: a Graph error.
    Failed,
}

fn classify(status: u16, body: &[u8]) -> Class {
    match status {
        204 => Class::NoContent,
        // Only JSON whitespace counts as an empty body (not form feed).
        200..=299
            if body
                .iter()
                .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) =>
        {
            Class::NoContent
        }
        200..=299 => Class::Body,
        _ => Class::Failed,
    }
}

/// What a response means when its operation may be of any export operation
/// type ([`read_export_response`]).
#[derive(Clone, Debug, PartialEq)]
pub enum ExportOutcome {
    /// A `2xx` with the operation (read leniently), of the type it names.
    Updated(Box<ExportOperation>),
    /// `204 No Content` (or an empty `2xx`), as in [`Outcome::NoContent`].
    NoContent,
    /// `4xx`/`5xx` (or an unexpected status): a typed Graph error.
    Failed(GraphError),
}

/// Reads an HTTP response whose operation may be of any export operation
/// type: as [`read_response`], except that a `2xx` body is read leniently
/// as `expect` says — [`Expect::Any`]: the type its `@odata.type` names
/// (the given type when it names none); [`Expect::Only`]: that type only (a
/// body naming another type is `typeMismatch`). What answers a `PATCH` or a
/// `GET` of one operation of the live service.
///
/// ```
/// use caseexport::{read_export_response, Expect, ExportOutcome, OperationType};
/// let body = br##"{"@odata.type":"#microsoft.graph.security.ediscoveryExportOperation","status":"running"}"##;
/// let any = Expect::Any(OperationType::Seed);
/// match read_export_response(200, &[], body, any)? {
///     ExportOutcome::Updated(op) => assert_eq!(op.operation_type(), OperationType::Security),
///     other => panic!("{other:?}"),
/// }
/// // A body without `@odata.type` is the given type's.
/// let at_security = Expect::Any(OperationType::Security);
/// let ExportOutcome::Updated(op) = read_export_response(200, &[], br#"{"id":"1"}"#, at_security)? else {
///     panic!()
/// };
/// assert_eq!(op.operation_type(), OperationType::Security);
/// assert_eq!(read_export_response(204, &[], b"", any)?, ExportOutcome::NoContent);
/// # Ok::<(), caseexport::Error>(())
/// ```
pub fn read_export_response(
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    expect: Expect,
) -> Result<ExportOutcome, Error> {
    match classify(status, body) {
        Class::NoContent => Ok(ExportOutcome::NoContent),
        Class::Body => Ok(ExportOutcome::Updated(Box::new(
            ExportOperation::from_json_with(body, &ReadOptions::lenient(), expect)?,
        ))),
        Class::Failed => Ok(ExportOutcome::Failed(graph_error(status, headers, body))),
    }
}

/// How an error body is read: by the core's reader, with its nesting limit
/// at its cap (127 levels, about where `serde_json`, which read these bodies
/// before, stops) and no size limit (the body is already in memory). A body
/// this cannot read (not JSON, too deep, a member name twice) is not a Graph
/// error: the code then comes from the status and the message from the body.
const ERROR_BODY: ReadOptions = ReadOptions::lenient()
    .with_max_depth(127)
    .with_max_size(usize::MAX);

/// The `Retry-After` header of a response, when it has a non-empty one.
pub(crate) fn retry_after(headers: &[(&str, &str)]) -> Option<RetryAfter> {
    header(headers, "Retry-After")
        .filter(|v| !v.is_empty())
        // delay-seconds is `1*DIGIT` (RFC 9110): no sign, no space.
        .map(
            |v| match v.bytes().all(|b| b.is_ascii_digit()).then(|| v.parse()) {
                Some(Ok(secs)) => RetryAfter::Seconds(secs),
                _ => RetryAfter::Date(v.to_owned()),
            },
        )
}

pub(crate) fn graph_error(status: u16, headers: &[(&str, &str)], body: &[u8]) -> GraphError {
    let parsed = Json::from_json_with(body, &ERROR_BODY).ok();
    fn get<'j>(v: &'j Json, k: &str) -> Option<&'j Json> {
        v.as_object().and_then(|o| o.get(k))
    }
    let err = parsed
        .as_ref()
        .and_then(|v| get(v, "error"))
        .filter(|e| e.as_object().is_some());
    let s = |v: Option<&Json>, k: &str| {
        v.and_then(|v| get(v, k))
            .and_then(|x| x.as_str())
            .map(str::to_owned)
    };
    let inner = err.and_then(|e| get(e, "innerError").or_else(|| get(e, "innererror")));
    let message = s(err, "message").unwrap_or_else(|| {
        let text = String::from_utf8_lossy(body);
        let text = text.trim();
        match text.char_indices().nth(200) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text.to_owned(),
        }
    });
    let details = err
        .and_then(|e| get(e, "details"))
        .and_then(|d| match d {
            Json::Array(items) => Some(items),
            _ => None,
        })
        .map(|items| {
            items
                .iter()
                .map(|d| GraphErrorDetail {
                    code: s(Some(d), "code").unwrap_or_default(),
                    target: s(Some(d), "target"),
                    message: s(Some(d), "message").unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    let retry_after = retry_after(headers);
    GraphError {
        status,
        code: s(err, "code").unwrap_or_else(|| status_code_name(status).to_owned()),
        message,
        request_id: header(headers, "request-id")
            .map(str::to_owned)
            .or_else(|| s(inner, "request-id")),
        client_request_id: header(headers, "client-request-id")
            .map(str::to_owned)
            .or_else(|| s(inner, "client-request-id")),
        date: header(headers, "Date")
            .map(str::to_owned)
            .or_else(|| s(inner, "date")),
        details,
        retry_after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_injection_is_refused() {
        let p = Patch::new();
        assert!(matches!(
            Request::new("https://x/y", "a\r\nX-Evil: 1", &p),
            Err(RequestError::InvalidToken(_))
        ));
        assert!(matches!(
            Request::new("https://x/y z", "t", &p),
            Err(RequestError::InvalidUrl(_))
        ));
        assert!(matches!(
            Request::new("ftp://x", "t", &p),
            Err(RequestError::InvalidUrl(_))
        ));
        for bad in ["/relative", "https://u:pw@h/x", "https:///x"] {
            assert!(
                matches!(Request::new(bad, "t", &p), Err(RequestError::InvalidUrl(_))),
                "{bad}"
            );
        }
        let r = Request::new("https://graph.microsoft.com:443/beta/x?y=1", "t", &p).unwrap();
        assert_eq!(
            r.headers()[0],
            ("Host", "graph.microsoft.com:443".to_owned())
        );
        let r = Request::new("https://x/y", "t", &p).unwrap();
        assert!(matches!(
            r.with_if_match("a\nb"),
            Err(RequestError::InvalidIfMatch(_))
        ));
    }

    #[test]
    fn a_refused_if_match_leaves_the_request_unchanged() {
        let mut r = Request::new("https://h/x", Secret::new("t"), &Patch::new()).unwrap();
        r.set_if_match("W/\"1\"").unwrap();
        let before = r.headers();
        assert_eq!(
            r.set_if_match("a\r\nX: y"),
            Err(RequestError::InvalidIfMatch(
                "contains control characters (CR, LF, …)"
            ))
        );
        assert_eq!(r.headers(), before);
    }

    #[test]
    fn non_json_error_bodies_still_give_a_typed_error() {
        match read_response(502, &[("request-id", "abc")], b"<html>Bad gateway</html>").unwrap() {
            Outcome::Failed(e) => {
                assert_eq!(e.code, "BadGateway");
                assert_eq!(e.message, "<html>Bad gateway</html>");
                assert_eq!(e.request_id.as_deref(), Some("abc"));
            }
            other => panic!("{other:?}"),
        }
    }

    /// Error bodies are read by the core's reader, which accepts what
    /// `serde_json` (the reader before it) accepts, up to the same depth;
    /// a member name given twice (which `serde_json` took the last of) makes
    /// the body unreadable as a Graph error.
    #[test]
    fn error_bodies_are_read_as_serde_json_read_them() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let failed = |body: &str| match read_response(400, &[], body.as_bytes()).unwrap() {
            Outcome::Failed(e) => e,
            other => panic!("{other:?}"),
        };
        let mut bodies = vec![
            r#"{"error":{"code":"X","message":"m\u00e9","details":[{"code":"d","target":"t","message":"dm"},{"code":1},7],"innererror":{"request-id":"r","date":"d"}}}"#.to_owned(),
            r#"{"error":{"code":"X","innerError":{"client-request-id":"c"}}} "#.to_owned(),
            r#"{"error":"flat"}"#.to_owned(),
            r#"{"error":{"code":"X","message":"m"}} x"#.to_owned(),
            r#"{"error":{"code":"X","message":"\ud800"}}"#.to_owned(),
            "[1,2".to_owned(),
            "".to_owned(),
        ];
        for n in 124..=130 {
            bodies.push(format!(
                r#"{{"error":{{"code":"Deep","message":"m","details":{}}}}}"#,
                deep(n - 2)
            ));
        }
        for body in &bodies {
            let e = failed(body);
            let oracle: Option<serde_json::Value> = serde_json::from_str(body).ok();
            let code = oracle
                .as_ref()
                .and_then(|v| v.get("error"))
                .filter(|e| e.is_object())
                .and_then(|e| e.get("code"))
                .and_then(|c| c.as_str());
            assert_eq!(e.code, code.unwrap_or("BadRequest"), "{body}");
        }
        let e = failed(bodies[0].as_str());
        assert_eq!(e.message, "mé");
        assert_eq!(e.request_id.as_deref(), Some("r"));
        assert_eq!(e.details.len(), 3);
        assert_eq!(e.details[0].target.as_deref(), Some("t"));
        assert_eq!(
            (e.details[1].code.as_str(), e.details[1].message.as_str()),
            ("", "")
        );
        let e = failed(r#"{"error":{"code":"A","message":"m"},"error":{"code":"B"}}"#);
        assert_eq!(e.code, "BadRequest");
    }

    #[test]
    fn ok_with_body_is_the_updated_operation() {
        let out = read_response(200, &[], br#"{"id":"1","action":"applyTags"}"#).unwrap();
        match out {
            Outcome::Updated(op) => {
                assert_eq!(op.action.as_option().map(|a| a.as_str()), Some("applyTags"))
            }
            other => panic!("{other:?}"),
        }
        assert!(read_response(200, &[], b"{").is_err());
    }

    #[test]
    fn only_json_whitespace_makes_an_empty_body() {
        assert_eq!(
            read_response(200, &[], b" \t\r\n").unwrap(),
            Outcome::NoContent
        );
        for body in [&b"\x0c"[..], b" \x0b ", b"\xc2\xa0"] {
            let err = read_response(200, &[], body).unwrap_err();
            assert_eq!(
                err.details()[0].code,
                crate::ErrorCode::InvalidJson,
                "{body:?}"
            );
        }
    }

    #[test]
    fn retry_after_seconds_are_digits_only() {
        let retry = |v: &str| match read_response(503, &[("Retry-After", v)], b"").unwrap() {
            Outcome::Failed(e) => e.retry_after,
            other => panic!("{other:?}"),
        };
        assert_eq!(retry(" 3 "), Some(RetryAfter::Seconds(3)));
        assert_eq!(retry("0"), Some(RetryAfter::Seconds(0)));
        for v in ["+3", "-3", "3.5", "3 s", "99999999999999999999999"] {
            assert_eq!(retry(v), Some(RetryAfter::Date(v.to_owned())), "{v}");
        }
        assert_eq!(retry(""), None);
    }
}
