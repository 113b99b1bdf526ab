//! `caseexport serve`: runs the `caseexport-server` crate's HTTP service
//! until SIGTERM or Ctrl-C. This module turns options into its `Config`.

use std::io::Write;
use std::net::SocketAddr;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Duration;

use caseexport::Secret;
use caseexport_server::{Config, ServeError, Server};
use clap::Args;

use crate::Failure;

/// The environment variable the accepted bearer tokens are read from by default.
const DEFAULT_TOKENS_ENV: &str = "CASEEXPORT_SERVE_TOKENS";

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on: IP:PORT or localhost:PORT; port 0 picks a
    /// free port. Once ready, the first line on standard output is
    /// `listening on http://HOST:PORT`.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080", value_parser = parse_listen)]
    listen: SocketAddr,

    /// The SQLite database file (created if missing). Without it the store
    /// is in memory and is lost when the server stops.
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,

    /// The environment variable holding the accepted bearer tokens,
    /// comma-separated (never an argument).
    #[arg(long, value_name = "VAR", default_value = DEFAULT_TOKENS_ENV)]
    token_env: String,

    /// Import the operations of FILE (NDJSON, one operation with an `id` per
    /// line) into case CASE_ID, adding only those the store does not have
    /// yet: stored ones keep their PATCHes; repeatable.
    #[arg(long, value_name = "CASE_ID=FILE", value_parser = parse_load)]
    load: Vec<(String, PathBuf)>,

    /// Like --load, but operations the store has are replaced (their
    /// PATCHes are lost; each gets a new ETag). Also repairs a stored
    /// operation that cannot be read; repeatable.
    #[arg(long, value_name = "CASE_ID=FILE", value_parser = parse_load)]
    replace: Vec<(String, PathBuf)>,

    /// The largest request body accepted, in bytes (larger: 413); at most
    /// 16777216 (16 MiB, the largest stored operation).
    #[arg(long, value_name = "BYTES", default_value_t = 4 * 1024 * 1024)]
    max_body: usize,

    /// The most request-body bytes read at once over all connections (past
    /// it: 503 with Retry-After); at least --max-body.
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    max_body_in_flight: usize,

    /// The most connections served at once (past it: 503 with Retry-After,
    /// then the connection is closed).
    #[arg(long, value_name = "N", default_value_t = 256)]
    max_connections: usize,

    /// Seconds a client may take to send a request's headers, then its body
    /// (more than 0, at most 3600).
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    read_timeout: f64,

    /// The most PATCHes one transaction (one disk sync) may hold, 1 to
    /// 1024; 1 commits every request on its own. See BENCHMARKS.md.
    #[arg(long, value_name = "N", default_value_t = NonZeroUsize::MIN)]
    group_commit: NonZeroUsize,

    /// Threads serving connections, 1 to 1024 [default: the number of cores].
    #[arg(long, value_name = "N")]
    workers: Option<NonZeroUsize>,

    /// The base URL of `@odata.context` and `@odata.nextLink`
    /// (http[s]://HOST[:PORT][/PATH]) [default: http:// and the request's
    /// Host].
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,

    /// The largest the database file may grow, in bytes; a PATCH past it is
    /// answered 500 and changes nothing [default: no limit].
    #[arg(long, value_name = "BYTES")]
    max_db_size: Option<u64>,

    /// Do not log one line per request on standard error.
    #[arg(long)]
    quiet: bool,
}

/// `IP:PORT`, or `localhost:PORT` (the loopback address, IPv4 first).
fn parse_listen(s: &str) -> Result<SocketAddr, String> {
    if let Ok(addr) = s.parse::<SocketAddr>() {
        return Ok(addr);
    }
    let port = s
        .strip_prefix("localhost:")
        .and_then(|p| p.parse::<u16>().ok())
        .ok_or_else(|| {
            "expected IP:PORT or localhost:PORT (for example 127.0.0.1:8080)".to_owned()
        })?;
    Ok(SocketAddr::from(([127, 0, 0, 1], port)))
}

fn parse_load(s: &str) -> Result<(String, PathBuf), String> {
    match s.split_once('=') {
        Some((case, file)) if !case.is_empty() && !file.is_empty() => {
            Ok((case.to_owned(), PathBuf::from(file)))
        }
        _ => Err("expected CASE_ID=FILE.ndjson".to_owned()),
    }
}

/// The accepted tokens from the environment: comma-separated, blanks dropped.
fn tokens(var: &str) -> Result<Vec<Secret>, Failure> {
    let value = std::env::var(var).unwrap_or_default();
    let tokens: Vec<Secret> = value
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(Secret::new)
        .collect();
    if tokens.is_empty() {
        return Err(Failure::Usage(format!(
            "no bearer token is accepted: set the environment variable {var} to one or more \
             tokens, comma-separated (or name another variable with --token-env); \
             the server does not start without one"
        )));
    }
    Ok(tokens)
}

pub fn serve(args: ServeArgs) -> Result<(), Failure> {
    let read_timeout = Duration::try_from_secs_f64(args.read_timeout)
        .ok()
        .filter(|t| !t.is_zero() && *t <= caseexport_server::MAX_READ_TIMEOUT)
        .ok_or_else(|| {
            Failure::Usage(format!(
                "--read-timeout must be more than 0 and at most {} seconds",
                caseexport_server::MAX_READ_TIMEOUT.as_secs()
            ))
        })?;
    let mut config = Config::new(tokens(&args.token_env)?);
    config.listen = args.listen;
    config.db = args.db;
    config.loads = args.load;
    config.replaces = args.replace;
    config.max_body = args.max_body;
    config.max_body_in_flight = args.max_body_in_flight;
    config.max_connections = args.max_connections;
    config.read_timeout = read_timeout;
    config.group_commit = args.group_commit.get();
    if let Some(workers) = args.workers {
        config.workers = workers.get();
    }
    config.public_url = args.public_url;
    config.max_db_size = args.max_db_size;
    config.log = !args.quiet;
    let server = Server::bind(config).map_err(start_failure)?;
    let imported = server.imported();
    if imported.kept > 0 {
        eprintln!(
            "caseexport serve: --load kept {} operation(s) the store already had, with their \
             PATCHes (--replace CASE_ID=FILE replaces them)",
            imported.kept
        );
    }
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "listening on http://{}", server.local_addr());
    let _ = out.flush();
    drop(out);
    server
        .run_until_signal()
        .map_err(|e| Failure::Usage(format!("the server stopped: {e}")))
}

fn start_failure(e: ServeError) -> Failure {
    match e {
        ServeError::Load(problems) => {
            for p in &problems {
                eprintln!("{}", crate::report::one_line(p));
            }
            eprintln!(
                "caseexport: the server did not start: {} problem(s) in --load files",
                problems.len()
            );
            Failure::Invalid
        }
        ServeError::LoadFile(message) => Failure::Usage(message),
        ServeError::Config(message) => Failure::Usage(format!(
            "the server did not start: {}",
            config_message(&message)
        )),
        other => Failure::Usage(format!("the server did not start: {other}")),
    }
}

/// A config error in the words of the command line's flags.
fn config_message(message: &str) -> String {
    const FLAGS: [(&str, &str); 7] = [
        ("the read timeout", "--read-timeout"),
        ("the largest body", "--max-body"),
        ("the body bytes in flight", "--max-body-in-flight"),
        ("the most connections", "--max-connections"),
        ("the workers", "--workers"),
        ("the group commit", "--group-commit"),
        ("the public URL", "--public-url"),
    ];
    for (words, flag) in FLAGS {
        if let Some(rest) = message.strip_prefix(words) {
            return format!("{flag}{rest}");
        }
    }
    message.to_owned()
}
