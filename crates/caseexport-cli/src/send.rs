//! `caseexport send` and `caseexport get`: a PATCH (or a GET) over HTTP(S)
//! with ureq (rustls, the system's trusted roots), the answer read by the
//! core's `read_export_response` (a list page by `OperationsPage`). `429`, `503` and `504` are retried, honouring
//! `Retry-After`, within a bounded number of tries and a bounded wait.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use caseexport::{
    read_export_response, read_response, Expect, ExportOutcome, ExportPatch, GraphError,
    OperationType, OperationsPage, Outcome, ReadOptions, Request, RetryAfter, Secret,
};
use clap::Args;

use crate::files::{emit, Input};
use crate::report::{one_line, Reporter};
use crate::{max_size, patch_options, print_type_hint, Failure, TypeArg, DEFAULT_TOKEN_ENV};

/// The longest single wait between tries, whatever `Retry-After` says.
const MAX_WAIT: Duration = Duration::from_secs(60);

/// Options shared by `send` and `get`.
#[derive(Debug, Args)]
pub struct HttpArgs {
    /// The operation's URL, e.g.
    /// `http://127.0.0.1:8080/beta/compliance/ediscovery/cases/{caseId}/operations/{id}`
    #[arg(long, value_name = "URL")]
    url: String,

    /// The environment variable holding the bearer token (never an argument).
    #[arg(long, value_name = "VAR", default_value = DEFAULT_TOKEN_ENV)]
    token_env: String,

    /// Give up on one try after this many seconds (connecting, sending, reading).
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    timeout: f64,

    /// How many times to try again after 429, 503 or 504 (each wait follows
    /// `Retry-After`, at most 60 s; without it 1 s, 2 s, 4 s, …).
    #[arg(long, value_name = "N", default_value_t = 3)]
    retries: u32,

    /// Ask to see evolvable enum members after `unknownFutureValue`
    /// (`Prefer: include-unknown-enum-members`).
    #[arg(long)]
    include_unknown_members: bool,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// The PATCH body, read strictly unless --lenient (`-`: standard input).
    #[arg(value_name = "PATCH")]
    patch: PathBuf,

    /// Send `If-Match: ETAG` (the operation's `@odata.etag`, or `*`).
    #[arg(long, value_name = "ETAG")]
    if_match: Option<String>,

    /// Read the PATCH body leniently.
    #[arg(long)]
    lenient: bool,

    #[command(flatten)]
    pub format: crate::FormatArg,

    #[command(flatten)]
    ty: TypeArg,

    #[command(flatten)]
    http: HttpArgs,
}

#[derive(Debug, Args)]
pub struct GetArgs {
    #[command(flatten)]
    http: HttpArgs,
}

/// The bearer token from the environment variable `var` (`send`, `get` and
/// `request` read it the same way).
pub(crate) fn token(var: &str) -> Result<Secret, Failure> {
    match std::env::var(var) {
        Ok(token) => Ok(Secret::new(token)),
        Err(std::env::VarError::NotPresent) => Err(Failure::Usage(format!(
            "the bearer token is read from the environment variable {var}, which is not set \
             (use --token-env VAR to name another one)"
        ))),
        Err(std::env::VarError::NotUnicode(_)) => Err(Failure::Usage(format!(
            "the environment variable {var} is not valid UTF-8"
        ))),
    }
}

/// What a successful answer holds.
#[derive(Clone, Copy)]
enum Reading {
    /// One operation, of the type it names (else `default`).
    One(OperationType),
    /// A page of the operations collection (elements without a type are `default`).
    List(OperationType),
}

/// The type of operations without `@odata.type` at `url`: the type of its
/// route (the security or compliance API's export type), else the seed's.
pub(crate) fn type_of_url(url: &str) -> OperationType {
    OperationType::of_url(url).unwrap_or_default()
}

/// What a PATCH request is made of, as `send` and `request` take it.
pub(crate) struct PatchRequest<'a> {
    pub patch: PathBuf,
    pub lenient: bool,
    pub ty: &'a TypeArg,
    pub url: String,
    pub token_env: &'a str,
    pub if_match: Option<String>,
    pub include_unknown_members: bool,
}

/// Reads the PATCH body (its errors reported, exit 1) and builds the
/// request that carries it (a bad URL or header value: exit 2), with the
/// token from the environment; gives the patch's type too.
pub(crate) fn patch_request(
    args: PatchRequest<'_>,
    reporter: &Reporter,
) -> Result<(Request, OperationType), Failure> {
    let token = token(args.token_env)?;
    let bytes = Input::from(args.patch).read_all(max_size())?;
    // The type the body names, else --type, else the URL's route's.
    let (ty, source) = args.ty.of_patch(&bytes, Some(&args.url));
    let patch = ExportPatch::read(&bytes, &patch_options(args.lenient), ty).map_err(|e| {
        reporter.report("", &e);
        print_type_hint(reporter, ty, source);
        Failure::Invalid
    })?;
    let usage = |e: caseexport::RequestError| Failure::Usage(e.to_string());
    let mut request = Request::with_body(args.url, token, patch.to_vec()).map_err(usage)?;
    request.set_include_unknown_enum_members(args.include_unknown_members);
    if let Some(etag) = args.if_match {
        request.set_if_match(etag).map_err(usage)?;
    }
    Ok((request, patch.operation_type()))
}

pub fn send(args: SendArgs, reporter: &Reporter) -> Result<(), Failure> {
    let (request, ty) = patch_request(
        PatchRequest {
            patch: args.patch,
            lenient: args.lenient,
            ty: &args.ty,
            url: args.http.url.clone(),
            token_env: &args.http.token_env,
            if_match: args.if_match,
            include_unknown_members: args.http.include_unknown_members,
        },
        reporter,
    )?;
    exchange(&args.http, "PATCH", &request, Reading::One(ty))
}

pub fn get(args: GetArgs) -> Result<(), Failure> {
    let token = token(&args.http.token_env)?;
    let path = args.http.url.split(['?', '#']).next().unwrap_or_default();
    let default = type_of_url(path);
    // A list URL reads a page of the operations collection.
    let reading = if path.trim_end_matches('/').ends_with("/operations") {
        Reading::List(default)
    } else {
        Reading::One(default)
    };
    // The core checks the URL and the token as for a PATCH; the body is unused.
    let mut request = Request::with_body(args.http.url.clone(), token, Vec::new())
        .map_err(|e| Failure::Usage(e.to_string()))?;
    request.set_include_unknown_enum_members(args.http.include_unknown_members);
    exchange(&args.http, "GET", &request, reading)
}

fn agent(http: &HttpArgs) -> Result<ureq::Agent, Failure> {
    agent_with_timeout(http.timeout, "--timeout")
}

/// An agent whose every try gives up after `timeout` seconds (`flag` names
/// the option that set it, for the error).
pub(crate) fn agent_with_timeout(timeout: f64, flag: &str) -> Result<ureq::Agent, Failure> {
    if !(timeout.is_finite() && timeout > 0.0 && timeout <= 1e9) {
        return Err(Failure::Usage(format!(
            "{flag} must be a positive number of seconds (at most 1e9)"
        )));
    }
    let tls = ureq::tls::TlsConfig::builder()
        .root_certs(ureq::tls::RootCerts::PlatformVerifier)
        .build();
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs_f64(timeout)))
        .http_status_as_error(false)
        // A redirect would carry the bearer token elsewhere: never follow one.
        .max_redirects(0)
        .tls_config(tls)
        .user_agent(concat!("caseexport/", env!("CARGO_PKG_VERSION")))
        .build();
    Ok(config.into())
}

/// One answer as the core reads it: status, headers, body.
pub(crate) struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

pub(crate) fn try_once(
    agent: &ureq::Agent,
    method: &str,
    request: &Request,
) -> Result<Answer, ureq::Error> {
    let mut builder = ureq::http::Request::builder()
        .method(method)
        .uri(request.url());
    for (name, value) in request.headers() {
        // ureq writes Host and Content-Length itself; a GET has no body.
        let skip = matches!(name, "Host" | "Content-Length")
            || (method == "GET" && name == "Content-Type");
        if !skip {
            builder = builder.header(name, value);
        }
    }
    let body = if method == "GET" {
        Vec::new()
    } else {
        request.body().to_vec()
    };
    let http_request = builder.body(body).map_err(ureq::Error::from)?;
    let mut response = agent.run(http_request)?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
        .collect();
    let body = response
        .body_mut()
        .with_config()
        .limit(max_size() as u64 + 1)
        .read_to_vec()?;
    Ok(Answer {
        status,
        headers,
        body,
    })
}

fn exchange(
    http: &HttpArgs,
    method: &str,
    request: &Request,
    reading: Reading,
) -> Result<(), Failure> {
    let agent = agent(http)?;
    let mut attempt = 0;
    let answer = loop {
        let answer = try_once(&agent, method, request).map_err(|e| {
            if is_plain_http_answer(&e) {
                return Failure::Usage(format!(
                    "{method} {} failed: the server answered in plain HTTP, not TLS: use an \
                     http:// URL (caseexport serve speaks plain HTTP)",
                    request.url()
                ));
            }
            // ureq's messages name the host, never a header value.
            Failure::Usage(format!("{method} {} failed: {e}", request.url()))
        })?;
        let retryable = matches!(answer.status, 429 | 503 | 504);
        if !retryable || attempt >= http.retries {
            break answer;
        }
        attempt += 1;
        let wait = wait_before_retry(&answer, attempt);
        eprintln!(
            "caseexport: HTTP {}; trying again in {:.1} s (retry {attempt} of {})",
            answer.status,
            wait.as_secs_f64(),
            http.retries
        );
        std::thread::sleep(wait);
    };
    let headers: Vec<(&str, &str)> = answer
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let default = match reading {
        Reading::One(t) => t,
        Reading::List(t) => {
            if (200..300).contains(&answer.status) && !answer.body.is_empty() {
                // A page of operations of any type, read by the core.
                return match OperationsPage::from_json_with(
                    &answer.body,
                    &ReadOptions::lenient(),
                    t,
                ) {
                    Ok(page) => {
                        let mut out = page.to_json();
                        out.push(b'\n');
                        emit(None, &out)
                    }
                    Err(e) => invalid_answer(answer.status, "operations page", &e),
                };
            }
            t
        }
    };
    // One operation of any type (the one it names, else the URL's), no
    // content, or a Graph error: read by the core.
    match read_export_response(answer.status, &headers, &answer.body, Expect::Any(default)) {
        Ok(ExportOutcome::Updated(op)) => {
            let mut out = op.to_json();
            out.push(b'\n');
            emit(None, &out)
        }
        Ok(ExportOutcome::NoContent) => {
            eprintln!(
                "caseexport: HTTP {} (no content): the service sent no operation back",
                answer.status
            );
            Ok(())
        }
        Ok(ExportOutcome::Failed(error)) => {
            print_graph_error(&error);
            Err(Failure::Invalid)
        }
        Err(e) => invalid_answer(answer.status, "operation", &e),
    }
}

/// `true` when TLS failed because the first bytes of the answer were not
/// a TLS record: an https URL at a plain-HTTP server (whose `HTTP/1.1 400`
/// starts with a byte that is no TLS content type).
fn is_plain_http_answer(e: &ureq::Error) -> bool {
    let tls = match e {
        ureq::Error::Rustls(tls) => Some(tls),
        ureq::Error::Io(io) => io.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()),
        _ => None,
    };
    matches!(
        tls,
        Some(rustls::Error::InvalidMessage(
            rustls::InvalidMessage::InvalidContentType
        ))
    )
}

/// A successful answer that is not a valid `what`: its errors on standard
/// error, one `response: PATH CODE MESSAGE` line each.
fn invalid_answer(status: u16, what: &str, e: &caseexport::Error) -> Result<(), Failure> {
    eprintln!("caseexport: HTTP {status}: the answer is not a valid {what}:");
    for d in e.details() {
        eprintln!("response: {}", one_line(&d.to_string()));
    }
    Err(Failure::Invalid)
}

/// How long to wait before retry `attempt`: `Retry-After` when the answer has
/// one (seconds or an HTTP date), else 1 s, 2 s, 4 s, …; never over `MAX_WAIT`.
fn wait_before_retry(answer: &Answer, attempt: u32) -> Duration {
    let headers: Vec<(&str, &str)> = answer
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let retry_after = match read_response(answer.status, &headers, &answer.body) {
        Ok(Outcome::Failed(e)) => e.retry_after,
        _ => None,
    };
    let wait = match retry_after {
        Some(RetryAfter::Seconds(s)) => Duration::from_secs(s),
        Some(RetryAfter::Date(date)) => httpdate::parse_http_date(&date)
            .ok()
            .and_then(|at| at.duration_since(SystemTime::now()).ok())
            .unwrap_or_default(),
        None => Duration::from_secs(1u64 << (attempt - 1).min(6)),
    };
    wait.min(MAX_WAIT)
}

/// A Graph error on standard error: a summary line, one `PATH CODE MESSAGE`
/// line per detail, then the ids to quote to the service's operators.
pub(crate) fn print_graph_error(e: &GraphError) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "caseexport: HTTP {} {}: {}",
        e.status,
        one_line(&e.code),
        one_line(&e.message)
    );
    for d in &e.details {
        let path = match d.target.as_deref() {
            None | Some("") => "(root)".to_owned(),
            Some(t) => format!("/{t}"),
        };
        let _ = writeln!(
            err,
            "{} {} {}",
            one_line(&path),
            one_line(&d.code),
            one_line(&d.message)
        );
    }
    let ids: Vec<String> = [
        ("request-id", &e.request_id),
        ("client-request-id", &e.client_request_id),
        ("date", &e.date),
    ]
    .into_iter()
    .filter_map(|(n, v)| v.as_ref().map(|v| format!("{n}: {}", one_line(v))))
    .collect();
    if !ids.is_empty() {
        let _ = writeln!(err, "caseexport: {}", ids.join(", "));
    }
}
