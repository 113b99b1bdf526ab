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
    /// The address to listen on; port 0 picks a free port. Once ready, the
    /// first line on standard output is `listening on http://HOST:PORT`.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
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
    /// line) into case CASE_ID; repeatable. Replaced operations get a new ETag.
    #[arg(long, value_name = "CASE_ID=FILE", value_parser = parse_load)]
    load: Vec<(String, PathBuf)>,

    /// The largest request body accepted, in bytes (larger: 413).
    #[arg(long, value_name = "BYTES", default_value_t = 4 * 1024 * 1024)]
    max_body: usize,

    /// Seconds a client may take to send a request's headers, then its body.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    read_timeout: f64,

    /// The most PATCHes one transaction (one disk sync) may hold; 1 commits
    /// every request on its own. See BENCHMARKS.md.
    #[arg(long, value_name = "N", default_value_t = NonZeroUsize::MIN)]
    group_commit: NonZeroUsize,

    /// Threads serving connections [default: the number of cores].
    #[arg(long, value_name = "N")]
    workers: Option<NonZeroUsize>,

    /// Do not log one line per request on standard error.
    #[arg(long)]
    quiet: bool,
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
    if !(args.read_timeout.is_finite() && args.read_timeout > 0.0) {
        return Err(Failure::Usage(
            "--read-timeout must be a positive number of seconds".into(),
        ));
    }
    let mut config = Config::new(tokens(&args.token_env)?);
    config.listen = args.listen;
    config.db = args.db;
    config.loads = args.load;
    config.max_body = args.max_body;
    config.read_timeout = Duration::from_secs_f64(args.read_timeout);
    config.group_commit = args.group_commit.get();
    if let Some(workers) = args.workers {
        config.workers = workers.get();
    }
    config.log = !args.quiet;
    let server = Server::bind(config).map_err(start_failure)?;
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
        other => Failure::Usage(format!("the server did not start: {other}")),
    }
}
