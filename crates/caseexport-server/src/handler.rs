//! One request, start to end: authentication, routing, the body under its
//! size and time limits, the store, and the answer. Every answer carries
//! `request-id` and `client-request-id`; every error is a Graph error body
//! written by the core ([`GraphError::to_json`]), its `innerError` with the
//! client's `client-request-id` or, when it sent none, the request id. Every
//! answer's JSON starts with `@odata.context` (OData JSON 4.01 §4.4).

use std::time::Instant;

use bytes::Bytes;
use caseexport::{
    ExportOperation, GraphError, Json, ReadOptions, Resource, INCLUDE_UNKNOWN_ENUM_MEMBERS,
};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use subtle::ConstantTimeEq;

use crate::options::{self, Options, DEFAULT_TOP};
use crate::routes::Route;
use crate::store::{self, IfMatch, Patched};
use crate::{ids, State};

type Answer = Response<Full<Bytes>>;

/// An error answer: the Graph error, plus what the response needs besides.
struct Failure {
    /// Boxed: a `Result<_, Failure>` stays small on the happy path.
    error: Box<GraphError>,
    /// `Allow` for a 405.
    allow: Option<&'static str>,
    /// Close the connection after answering (the body was not read to its end).
    close: bool,
    /// Send `Retry-After: 1` (a 503 at a limit).
    retry_after: bool,
}

impl Failure {
    fn new(status: u16, code: &str, message: impl Into<String>) -> Failure {
        Failure {
            error: Box::new(GraphError::new(status, code, message)),
            allow: None,
            close: false,
            retry_after: false,
        }
    }

    fn status(status: u16, message: impl Into<String>) -> Failure {
        Failure {
            error: Box::new(GraphError::for_status(status, message)),
            allow: None,
            close: false,
            retry_after: false,
        }
    }

    fn closing(mut self) -> Failure {
        self.close = true;
        self
    }

    /// A 500 for a store failure that changed nothing; the cause goes to
    /// the log once, with the request id (it names no secret).
    fn internal(state: &State, request_id: &str, what: &dyn std::fmt::Display) -> Failure {
        state.log.cause(request_id, what);
        Failure::status(500, "The store failed; the request changed nothing.")
    }

    /// A 500 for one stored operation that cannot be read; README "serve"
    /// says how to repair it.
    fn unreadable(state: &State, request_id: &str, what: &dyn std::fmt::Display) -> Failure {
        state.log.cause(request_id, what);
        Failure::status(
            500,
            "The stored operation cannot be read; the request changed nothing. The server's log \
             names the cause under this request-id; restarting the server with --replace \
             CASE_ID=FILE repairs the operation.",
        )
    }

    fn into_response(mut self, request_id: &str, client_request_id: Option<&str>) -> Answer {
        self.error.request_id = Some(request_id.to_owned());
        // Graph answers carry it always: the client's, else the request id
        // (as the response header does).
        self.error.client_request_id = Some(client_request_id.unwrap_or(request_id).to_owned());
        self.error.date = Some(ids::now());
        let status = self.error.status;
        let mut response = json_response(status, self.error.to_json());
        let headers = response.headers_mut();
        if status == 401 {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(allow) = self.allow {
            headers.insert(header::ALLOW, HeaderValue::from_static(allow));
        }
        if self.close {
            headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        if self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

fn json_response(status: u16, body: Vec<u8>) -> Answer {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// Answers one request and logs it.
pub(crate) async fn handle(state: &State, req: Request<Incoming>) -> Answer {
    let started = Instant::now();
    let request_id = ids::request_id();
    let client_request_id = req
        .headers()
        .get("client-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 256)
        .map(str::to_owned);
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let mut response = match answer(state, req, &request_id).await {
        Ok(response) => response,
        Err(failure) => failure.into_response(&request_id, client_request_id.as_deref()),
    };
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        headers.insert("request-id", v.clone());
        let client = client_request_id
            .as_deref()
            .and_then(|c| HeaderValue::from_str(c).ok())
            .unwrap_or(v);
        headers.insert("client-request-id", client);
    }
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    state.log.request(
        method.as_str(),
        &path,
        response.status().as_u16(),
        millis,
        &request_id,
    );
    response
}

async fn answer(
    state: &State,
    req: Request<Incoming>,
    request_id: &str,
) -> Result<Answer, Failure> {
    let base = base_url(state, &req)?;
    authenticate(state, req.headers())?;
    let route = Route::parse(req.uri().path())
        .ok_or_else(|| Failure::new(404, "ResourceNotFound", "No resource is at this path."))?;
    let include_unknown = prefers_unknown_members(req.headers());
    let mut response = match (&route.id, req.method()) {
        (Some(id), &Method::GET) => {
            let stored = state
                .store
                .get(&route.case, id)
                .await
                .map_err(|e| Failure::internal(state, request_id, &e))?
                .ok_or_else(|| not_found(&route))?;
            let op = store::read_stored(&stored.doc)
                .map_err(|e| Failure::unreadable(state, request_id, &e))?;
            if let Some(cast) = route.cast {
                if !cast.admits(op.operation_type()) {
                    return Err(Failure::new(
                        404,
                        "itemNotFound",
                        format!("The operation is not of type {}.", cast.name()),
                    ));
                }
            }
            let scope = options::scope(&route, Some(op.operation_type()));
            let opts = options::parse(req.uri().query().unwrap_or_default(), &route, &scope)
                .map_err(bad_option)?;
            one(&route, &base, stored.version, op, include_unknown, &opts)
        }
        (Some(_), &Method::PATCH) if route.cast.is_some() => {
            let mut f = Failure::status(
                405,
                "A type-cast operation answers GET only; PATCH the operation's own URL.",
            );
            f.allow = Some("GET");
            return Err(f);
        }
        (Some(id), &Method::PATCH) => {
            let id = id.clone();
            patch(state, req, &route, &id, &base, include_unknown, request_id).await?
        }
        (Some(_), _) => {
            let mut f = Failure::status(405, "An operation answers GET and PATCH only.");
            f.allow = Some("GET, PATCH");
            return Err(f);
        }
        (None, &Method::GET) => {
            list(state, &req, &route, &base, include_unknown, request_id).await?
        }
        (None, _) => {
            let mut f = Failure::status(405, "The operations list answers GET only.");
            f.allow = Some("GET");
            return Err(f);
        }
    };
    if include_unknown {
        response.headers_mut().insert(
            "preference-applied",
            HeaderValue::from_static(INCLUDE_UNKNOWN_ENUM_MEMBERS),
        );
    }
    Ok(response)
}

/// A query option's `400`.
fn bad_option(refused: options::Refused) -> Failure {
    Failure::new(400, "BadRequest", refused.0)
}

fn not_found(route: &Route) -> Failure {
    let message = match &route.id {
        Some(_) => "The case or the operation does not exist.",
        None => "The case does not exist.",
    };
    Failure::new(404, "itemNotFound", message)
}

/// `401` unless the request carries one of the accepted bearer tokens. The
/// token is compared with each accepted one in constant time.
fn authenticate(state: &State, headers: &HeaderMap) -> Result<(), Failure> {
    let unauthorized = |message: &str| Failure::new(401, "InvalidAuthenticationToken", message);
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or_else(|| unauthorized("Access token is empty."))?;
    let value = value.as_bytes();
    let token = match value.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case(b"bearer ") => &value[7..],
        _ => {
            return Err(unauthorized(
                "The Authorization header is not a bearer token.",
            ))
        }
    };
    let mut accepted = subtle::Choice::from(0);
    for known in &state.config.tokens {
        accepted |= known.expose().as_bytes().ct_eq(token);
    }
    if bool::from(accepted) {
        Ok(())
    } else {
        Err(unauthorized("Access token validation failure."))
    }
}

/// The base of `@odata.context` and `@odata.nextLink`: `--public-url`
/// when given, else `http://HOST` from the `Host` header, checked first in
/// every case (RFC 9112 §3.2): an HTTP/1.1 request without one `Host`, or
/// with one that is not `host[:port]` (RFC 3986), is answered `400`. An
/// HTTP/1.0 request without `Host` gets the listening address.
fn base_url(state: &State, req: &Request<Incoming>) -> Result<String, Failure> {
    let bad = |m: &str| Failure::new(400, "BadRequest", m).closing();
    let mut hosts = req.headers().get_all(header::HOST).iter();
    let host = match (hosts.next(), hosts.next()) {
        (Some(_), Some(_)) => return Err(bad("The request has more than one Host header.")),
        (None, _) if req.version() >= hyper::Version::HTTP_11 => {
            return Err(bad(
                "The request has no Host header (HTTP/1.1 requires one).",
            ))
        }
        (None, _) => None,
        (Some(h), None) => Some(
            h.to_str()
                .ok()
                .filter(|h| valid_host(h))
                .ok_or_else(|| bad("The Host header is not a valid host[:port]."))?,
        ),
    };
    Ok(match (&state.config.public_url, host) {
        (Some(url), _) => url.trim_end_matches('/').to_owned(),
        (None, Some(host)) => format!("http://{host}"),
        (None, None) => format!("http://{}", state.local_addr),
    })
}

/// `host[:port]` as RFC 3986 writes it, with the host a registered name
/// of letters, digits, `-`, `.`, `_` and `~` (no percent-escapes, no
/// sub-delimiters, no user info), an IPv4 address, or a bracketed IPv6
/// address; the port digits only.
pub(crate) fn valid_host(value: &str) -> bool {
    let (host, port) = if let Some(rest) = value.strip_prefix('[') {
        let Some((ip, after)) = rest.split_once(']') else {
            return false;
        };
        if ip.parse::<std::net::Ipv6Addr>().is_err() {
            return false;
        }
        match after {
            "" => return true,
            p => match p.strip_prefix(':') {
                Some(port) => (ip, port),
                None => return false,
            },
        }
    } else {
        match value.rsplit_once(':') {
            Some((h, p)) => (h, p),
            None => (value, ""),
        }
    };
    let port_ok = port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
    let host_ok = value.starts_with('[')
        || (!host.is_empty()
            && host.len() <= 253
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')));
    port_ok && host_ok && !(value.contains(':') && port.is_empty() && !value.starts_with('['))
}

/// Checks `--public-url`: `http://` or `https://`, a valid host[:port], an
/// optional path; no query, fragment or user info.
pub(crate) fn check_public_url(url: &str) -> Result<(), String> {
    let bad = || {
        Err(format!(
            "the public URL {:?} must be http[s]://HOST[:PORT][/PATH] without query, fragment \
             or user info",
            crate::log::escape(url, 200)
        ))
    };
    let Some(rest) = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
    else {
        return bad();
    };
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let path_ok = path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/' | b'%'));
    if !valid_host(authority) || !path_ok {
        return bad();
    }
    Ok(())
}

/// `415` for a `Content-Encoding` other than `identity`: bodies are read
/// as sent, never decompressed.
fn check_content_encoding(headers: &HeaderMap) -> Result<(), Failure> {
    for value in headers.get_all(header::CONTENT_ENCODING) {
        let identity = value.to_str().is_ok_and(|v| {
            v.split(',')
                .map(str::trim)
                .all(|c| c.is_empty() || c.eq_ignore_ascii_case("identity"))
        });
        if !identity {
            return Err(Failure::status(
                415,
                "Content-Encoding is not supported: send the body uncompressed (identity).",
            )
            .closing());
        }
    }
    Ok(())
}

/// `true` when a `Prefer` header asks for `include-unknown-enum-members`.
fn prefers_unknown_members(headers: &HeaderMap) -> bool {
    headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim().eq_ignore_ascii_case(INCLUDE_UNKNOWN_ENUM_MEMBERS))
}

/// Sets the served annotation `@odata.etag` first, before the operation's
/// own, and hides evolvable members unless the client asked for them.
/// (`@odata.context` is written before it all: [`with_context`].)
fn dress(op: &mut ExportOperation, version: i64, include_unknown: bool) {
    match op {
        ExportOperation::Seed(op) => dress_annotations(&mut **op, version),
        ExportOperation::Ediscovery(op) => dress_annotations(&mut **op, version),
        ExportOperation::Security(op) => dress_annotations(&mut **op, version),
    }
    if !include_unknown {
        op.hide_evolvable_members();
    }
}

/// The served annotation first, then the operation's own.
fn dress_annotations<R: Resource>(op: &mut R, version: i64) {
    // Annotation names (`@…`) are always accepted as annotations.
    const ACCEPTED: &str = "an annotation name is accepted as an annotation";
    let mut annotations = caseexport::Annotations::default();
    annotations
        .insert("@odata.etag", Json::String(store::etag(version)))
        .expect(ACCEPTED);
    for (name, value) in op.annotations_ref().iter() {
        if !store::SERVED_ANNOTATIONS.contains(&name) {
            annotations.insert(name, value.clone()).expect(ACCEPTED);
        }
    }
    *op.annotations_mut() = annotations;
}

/// An operation's JSON as an answer holds it: dressed, and only the
/// `$select`ed members (with every annotation) when there is a selection.
fn served_json(
    mut op: ExportOperation,
    version: i64,
    include_unknown: bool,
    opts: &Options,
) -> Vec<u8> {
    dress(&mut op, version, include_unknown);
    let json = op.to_json();
    match &opts.select {
        Some(select) if !select.is_all() => match Json::from_json(&json) {
            Ok(value) => select.apply(&value).to_json().into_bytes(),
            Err(_) => json, // the core's own output always reads back
        },
        _ => json,
    }
}

/// `{"@odata.context":CONTEXT,` then the members of `object` (a JSON
/// object's bytes): the context first, as OData JSON 4.01 §4.4 orders it.
fn with_context(context: &str, object: &[u8]) -> Vec<u8> {
    let mut body = Vec::with_capacity(object.len() + context.len() + 24);
    body.extend_from_slice(b"{\"@odata.context\":");
    body.extend_from_slice(Json::String(context.to_owned()).to_json().as_bytes());
    match object.strip_prefix(b"{") {
        Some(b"}") | None => body.push(b'}'),
        Some(rest) => {
            body.push(b',');
            body.extend_from_slice(rest);
        }
    }
    body
}

/// The select list of `@odata.context` (`(a,b)`), or nothing.
fn select_suffix(opts: &Options) -> String {
    opts.select
        .as_ref()
        .map(|s| s.context_suffix())
        .unwrap_or_default()
}

/// `200` with one operation and its `ETag`.
fn one(
    route: &Route,
    base: &str,
    version: i64,
    op: ExportOperation,
    include_unknown: bool,
    opts: &Options,
) -> Answer {
    let context = route.context_with(base, &select_suffix(opts));
    let body = with_context(&context, &served_json(op, version, include_unknown, opts));
    let mut response = json_response(200, body);
    if let Ok(tag) = HeaderValue::from_str(&store::etag(version)) {
        response.headers_mut().insert(header::ETAG, tag);
    }
    response
}

async fn patch(
    state: &State,
    req: Request<Incoming>,
    route: &Route,
    id: &str,
    base: &str,
    include_unknown: bool,
    request_id: &str,
) -> Result<Answer, Failure> {
    let max = state.config.max_body;
    check_content_type(req.headers())?;
    check_content_encoding(req.headers())?;
    let if_match = if_match(req.headers())?;
    let too_large =
        || Failure::status(413, format!("The request body is larger than {max} bytes.")).closing();
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        // Answered without reading the body; the connection is closed.
        return Err(too_large());
    }
    // The body's bytes count against the bytes in flight until the store
    // has answered: the declared length, or the largest body when unknown.
    let reserve = declared.map_or(max, |n| usize::try_from(n).unwrap_or(max));
    let reserve = u32::try_from(reserve.max(1)).unwrap_or(u32::MAX);
    let Ok(_budget) = state.body_budget.try_acquire_many(reserve) else {
        let mut f = Failure::status(
            503,
            "The server is reading as many request bodies as it may; retry later.",
        )
        .closing();
        f.retry_after = true;
        return Err(f);
    };
    let read = Limited::new(req.into_body(), max).collect();
    let body = match tokio::time::timeout(state.config.read_timeout, read).await {
        Err(_) => {
            return Err(Failure::status(408, "The request body did not arrive in time.").closing())
        }
        Ok(Err(e)) if e.is::<LengthLimitError>() => return Err(too_large()),
        Ok(Err(_)) => {
            return Err(
                Failure::new(400, "BadRequest", "The request body could not be read.").closing(),
            )
        }
        Ok(Ok(collected)) => collected.to_bytes(),
    };
    let opts = ReadOptions::strict().with_max_size(max);
    let outcome = state
        .store
        .patch(&route.case, id, if_match, body, opts, include_unknown)
        .await
        .map_err(|e| Failure::internal(state, request_id, &e))?;
    match outcome {
        Patched::Updated(version, op) => Ok(one(
            route,
            base,
            version,
            *op,
            include_unknown,
            &Options::default(),
        )),
        Patched::TooLarge(size) => Err(Failure::new(
            413,
            "limitExceeded",
            format!(
                "The operation would be {size} bytes after this PATCH; a stored operation is at \
                 most {} bytes (16 MiB). Nothing was changed.",
                store::MAX_STORED_BYTES
            ),
        )),
        Patched::Unreadable(cause) => Err(Failure::unreadable(state, request_id, &cause)),
        Patched::Unknown(cause) => {
            state.log.cause(request_id, &cause);
            Err(Failure::status(
                500,
                "The store failed while saving; whether the change was kept is not known. \
                 GET the operation to see.",
            ))
        }
        Patched::NotFound => Err(not_found(route)),
        Patched::PreconditionFailed => Err(Failure::status(
            412,
            "The If-Match value is not the operation's current ETag.",
        )),
        Patched::Invalid(e) => Err(Failure {
            error: Box::new(GraphError::bad_request(&e)),
            allow: None,
            close: false,
            retry_after: false,
        }),
    }
}

/// `415` unless the body is `application/json` (parameters allowed; a
/// `charset` must be UTF-8).
fn check_content_type(headers: &HeaderMap) -> Result<(), Failure> {
    let unsupported = || {
        Failure::status(
            415,
            "The request body must be sent as Content-Type: application/json.",
        )
    };
    let value = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(unsupported)?;
    let mut parts = value.split(';');
    let media = parts.next().unwrap_or_default().trim();
    if !media.eq_ignore_ascii_case("application/json") {
        return Err(unsupported());
    }
    for param in parts {
        let (name, v) = param.split_once('=').unwrap_or((param, ""));
        let v = v.trim().trim_matches('"');
        if name.trim().eq_ignore_ascii_case("charset") && !v.eq_ignore_ascii_case("utf-8") {
            return Err(unsupported());
        }
    }
    Ok(())
}

/// The `If-Match` headers: absent, `*`, or a list of entity tags.
fn if_match(headers: &HeaderMap) -> Result<IfMatch, Failure> {
    let mut tags = Vec::new();
    for value in headers.get_all(header::IF_MATCH) {
        let value = value
            .to_str()
            .map_err(|_| Failure::new(400, "BadRequest", "The If-Match header is not ASCII."))?;
        for tag in value.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            if tag == "*" {
                return Ok(IfMatch::Any);
            }
            tags.push(tag.to_owned());
        }
    }
    if tags.is_empty() {
        if headers.contains_key(header::IF_MATCH) {
            return Err(Failure::new(
                400,
                "BadRequest",
                "The If-Match header is empty.",
            ));
        }
        return Ok(IfMatch::Absent);
    }
    Ok(IfMatch::Tags(tags))
}

async fn list(
    state: &State,
    req: &Request<Incoming>,
    route: &Route,
    base: &str,
    include_unknown: bool,
    request_id: &str,
) -> Result<Answer, Failure> {
    let scope = options::scope(route, None);
    let opts =
        options::parse(req.uri().query().unwrap_or_default(), route, &scope).map_err(bad_option)?;
    let top = opts.top.unwrap_or(DEFAULT_TOP);
    // Without $filter, $orderby, $skip, $count or an export type's cast, a
    // page is read from the store as it is (ordered by id, keyset paging);
    // otherwise the case is read whole and worked on here.
    let scan = opts.needs_scan(route);
    let limit = if scan { usize::MAX } else { top };
    // Keyset paging by id (the token is the last id sent) unless $orderby
    // orders otherwise, where $skip pages instead.
    let after = if opts.orderby.is_none() {
        opts.skiptoken.clone()
    } else {
        None
    };
    let page = state
        .store
        .list(&route.case, after, limit)
        .await
        .map_err(|e| Failure::internal(state, request_id, &e))?
        .ok_or_else(|| not_found(route))?;
    // Read, filter, order: (id, version, operation); a filter or an order
    // also reads the stored bytes as JSON, which it works on.
    let keyed = opts.filter.is_some() || opts.orderby.is_some();
    let mut rows = Vec::with_capacity(page.items.len());
    let mut jsons = Vec::new();
    for (id, stored) in page.items {
        // An operation that cannot be read is left out of the list (its own
        // GET answers 500); the log names it under this request's id.
        let op = match store::read_stored(&stored.doc) {
            Ok(op) => op,
            Err(e) => {
                state.log.cause(
                    request_id,
                    &format!("left out of the list: operation {:?}: {e}", id),
                );
                continue;
            }
        };
        if route.cast.is_some_and(|c| !c.admits(op.operation_type())) {
            continue;
        }
        if keyed {
            jsons.push(Json::from_json(&stored.doc).unwrap_or_default());
        }
        rows.push((id, stored.version, op));
    }
    let mut more = page.more;
    let (mut total, mut skip) = (None, 0);
    if scan {
        if keyed {
            let mut pairs: Vec<_> = rows
                .into_iter()
                .zip(jsons)
                .filter(|(_, json)| opts.filter.as_ref().is_none_or(|f| f.matches(json)))
                .collect();
            if let Some(by) = &opts.orderby {
                pairs.sort_by(|a, b| by.compare(&a.1, &b.1));
            }
            rows = pairs.into_iter().map(|(row, _)| row).collect();
        }
        if route.count {
            let mut response = Response::new(Full::new(Bytes::from(rows.len().to_string())));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            return Ok(response);
        }
        total = Some(rows.len());
        skip = if opts.orderby.is_some() {
            opts.skip.saturating_add(skip_of_token(&opts)?)
        } else {
            opts.skip
        };
        rows.drain(..skip.min(rows.len()));
        more = rows.len() > top;
    }
    rows.truncate(top);
    let page = Page {
        rows,
        more,
        total,
        skipped: skip,
    };
    Ok(json_response(
        200,
        page_body(route, base, &opts, include_unknown, page, req),
    ))
}

/// One page of operations as the list answers it.
struct Page {
    rows: Vec<(String, i64, ExportOperation)>,
    /// More follow this page.
    more: bool,
    /// How many the filter and the cast admit (for `@odata.count`), when
    /// the case was read whole.
    total: Option<usize>,
    /// How many were skipped before this page (with `$orderby`, the next
    /// link's position).
    skipped: usize,
}

/// With `$orderby`, the next page's `$skiptoken` is a position: `s.N`.
fn skip_of_token(opts: &Options) -> Result<usize, Failure> {
    match &opts.skiptoken {
        None => Ok(0),
        Some(t) => t
            .strip_prefix("s.")
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| {
                Failure::new(
                    400,
                    "BadRequest",
                    "$skiptoken is not one this server gave for this $orderby; follow @odata.nextLink.",
                )
            }),
    }
}

/// A list page: `@odata.context` (with the select list), `@odata.count`
/// when asked, `value`, and `@odata.nextLink` carrying the options.
fn page_body(
    route: &Route,
    base: &str,
    opts: &Options,
    include_unknown: bool,
    page: Page,
    req: &Request<Incoming>,
) -> Vec<u8> {
    let Page {
        rows,
        more,
        total,
        skipped,
    } = page;
    let top = opts.top.unwrap_or(DEFAULT_TOP);
    let mut body = Vec::with_capacity(256 + 1024 * rows.len());
    body.extend_from_slice(b"{\"@odata.context\":");
    let context = route.context_with(base, &select_suffix(opts));
    body.extend_from_slice(Json::String(context).to_json().as_bytes());
    if let (true, Some(total)) = (opts.count, total) {
        body.extend_from_slice(format!(",\"@odata.count\":{total}").as_bytes());
    }
    body.extend_from_slice(b",\"value\":[");
    let last = rows.last().map(|(id, _, _)| id.clone());
    let sent = rows.len();
    for (i, (_, version, op)) in rows.into_iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        body.extend_from_slice(&served_json(op, version, include_unknown, opts));
    }
    body.push(b']');
    if more {
        let token = if opts.orderby.is_some() {
            Some(format!("s.{}", skipped + sent))
        } else {
            last.map(|id| caseexport::encode_segment(&id))
        };
        if let Some(token) = token {
            let mut link = format!("{base}{}?", req.uri().path());
            for carried in &opts.carried {
                link.push_str(carried);
                link.push('&');
            }
            link.push_str(&format!("$top={top}&$skiptoken={token}"));
            body.extend_from_slice(b",\"@odata.nextLink\":");
            body.extend_from_slice(Json::String(link).to_json().as_bytes());
        }
    }
    body.push(b'}');
    body
}
