//! `caseexport wait`: polls an export operation until it ends, as the
//! core's sans-IO `Poll` decides (its `Retry-After`, else a backoff), with a
//! progress bar from `percentProgress` on standard error when that is a
//! terminal and one line per change of status otherwise. The final operation
//! goes to standard output. Exit status: 0 succeeded; 1 failed,
//! partiallySucceeded or submissionFailed (its `resultInfo` on standard
//! error); 2 a timeout, a connection failure or an error answer.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use caseexport::poll::{Next, Poll, WaitReason};
use caseexport::{Expect, Request};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::files::emit;
use crate::report::one_line;
use crate::send::{agent_with_timeout, print_graph_error, token, try_once, type_of_url};
use crate::{Failure, DEFAULT_TOKEN_ENV};

#[derive(Debug, Args)]
pub struct WaitArgs {
    /// The operation's URL (the `Location` of the action that started it), e.g.
    /// `http://127.0.0.1:8080/v1.0/security/cases/ediscoveryCases/{caseId}/operations/{id}`
    #[arg(long, value_name = "URL")]
    url: String,

    /// The environment variable holding the bearer token (never an argument).
    #[arg(long, value_name = "VAR", default_value = DEFAULT_TOKEN_ENV)]
    token_env: String,

    /// Give up (exit 2) when the operation has not ended after this many
    /// seconds; without it, wait as long as it takes.
    #[arg(long, value_name = "SECONDS")]
    timeout: Option<f64>,

    /// Give up on one request after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    request_timeout: f64,

    /// The first wait between polls when the service sends no `Retry-After`;
    /// later waits double, up to --max-wait.
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0)]
    first_wait: f64,

    /// The longest wait between polls without `Retry-After`.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    max_wait: f64,

    /// Ask to see evolvable enum members after `unknownFutureValue`
    /// (`Prefer: include-unknown-enum-members`).
    #[arg(long)]
    include_unknown_members: bool,
}

/// Seconds from an option: finite, not negative, at most a year.
fn seconds(flag: &str, s: f64) -> Result<Duration, Failure> {
    if s.is_finite() && (0.0..=31_536_000.0).contains(&s) {
        Ok(Duration::from_secs_f64(s))
    } else {
        Err(Failure::Usage(format!(
            "{flag} must be a number of seconds from 0 to 31536000 (a year), not {s}"
        )))
    }
}

/// How progress is shown: a bar on a terminal, else a line per change.
enum Progress {
    Bar(ProgressBar),
    Lines { last: Option<String> },
}

impl Progress {
    fn new() -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress::Lines { last: None };
        }
        let bar = ProgressBar::with_draw_target(Some(100), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] [{wide_bar}] {pos:>3}% {msg}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress::Bar(bar)
    }

    fn show(&mut self, status: Option<&str>, percent: Option<i32>, note: &str) {
        let status = status.unwrap_or("(no status)");
        match self {
            Progress::Bar(bar) => {
                if let Some(p) = percent {
                    bar.set_position(p.clamp(0, 100) as u64);
                }
                bar.set_message(format!("{status}{note}"));
            }
            Progress::Lines { last } => {
                let pct = percent.map(|p| format!(" {p}%")).unwrap_or_default();
                let line = format!("{status}{pct}");
                // One line per change of status (the percentage is shown
                // with it); notes (transient errors) always.
                let changed = last.as_deref().map(|l| l.split(' ').next()) != Some(Some(status));
                if changed || !note.is_empty() {
                    eprintln!("caseexport: {line}{note}");
                }
                *last = Some(line);
            }
        }
    }

    fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

pub fn wait(args: WaitArgs) -> Result<(), Failure> {
    let token = token(&args.token_env)?;
    let deadline = args
        .timeout
        .map(|t| seconds("--timeout", t))
        .transpose()?
        .map(|t| Instant::now() + t);
    let first = seconds("--first-wait", args.first_wait)?;
    let max = seconds("--max-wait", args.max_wait)?;
    if first > max {
        return Err(Failure::Usage(format!(
            "--first-wait ({}) is longer than --max-wait ({})",
            args.first_wait, args.max_wait
        )));
    }
    let agent = agent_with_timeout(args.request_timeout, "--request-timeout")?;
    // The core checks the URL and the token as for a PATCH; the body is unused.
    let mut request = Request::with_body(args.url.clone(), token, Vec::new())
        .map_err(|e| Failure::Usage(e.to_string()))?;
    request.set_include_unknown_enum_members(args.include_unknown_members);
    let path = args.url.split(['?', '#']).next().unwrap_or_default();
    let mut poll = Poll::new(Expect::Any(type_of_url(path)))
        .with_first_wait(first)
        .with_max_wait(max);
    let mut progress = Progress::new();
    loop {
        let answer = match try_once(&agent, "GET", &request) {
            Ok(a) => a,
            Err(e) => {
                progress.finish();
                // ureq's messages name the host, never a header value.
                return Err(Failure::Usage(format!("GET {} failed: {e}", request.url())));
            }
        };
        let headers: Vec<(&str, &str)> = answer
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let next = match poll.step(answer.status, &headers, &answer.body) {
            Ok(next) => next,
            Err(e) => {
                progress.finish();
                eprintln!(
                    "caseexport: HTTP {}: the answer is not a valid operation:",
                    answer.status
                );
                for d in e.details() {
                    eprintln!("response: {}", one_line(&d.to_string()));
                }
                return Err(Failure::UsageReported);
            }
        };
        let (after, reason) = match next {
            Next::Wait { after, reason, .. } => (after, reason),
            Next::Succeeded(op) => {
                progress.finish();
                let mut out = op.to_json();
                out.push(b'\n');
                return emit(None, &out);
            }
            Next::Ended {
                status,
                code,
                message,
                operation,
            } => {
                progress.finish();
                let mut out = operation.to_json();
                out.push(b'\n');
                emit(None, &out)?;
                let _ = writeln!(
                    std::io::stderr().lock(),
                    "caseexport: the operation ended {status}: resultInfo code {}, message {}",
                    code.map_or("(none)".to_owned(), |c| c.to_string()),
                    message.as_deref().map_or("(none)".into(), one_line)
                );
                return Err(Failure::Invalid);
            }
            Next::Error(e) => {
                progress.finish();
                print_graph_error(&e);
                return Err(Failure::UsageReported);
            }
        };
        match &reason {
            WaitReason::Running { status, percent } => {
                progress.show(status.as_deref(), *percent, "")
            }
            WaitReason::Transient { status, in_a_row } => progress.show(
                None,
                None,
                &format!(" (HTTP {status}, {in_a_row} in a row; trying again)"),
            ),
        }
        if let Some(deadline) = deadline {
            if Instant::now() + after > deadline {
                progress.finish();
                let state = match reason {
                    WaitReason::Running { status, percent } => format!(
                        "status {}, {}",
                        status.as_deref().unwrap_or("absent"),
                        percent.map_or("no percentProgress".to_owned(), |p| format!("{p}%"))
                    ),
                    WaitReason::Transient { status, .. } => format!("HTTP {status}"),
                };
                return Err(Failure::Usage(format!(
                    "the operation has not ended within --timeout {} s ({state}); \
                     wait again, or raise --timeout",
                    args.timeout.unwrap_or_default()
                )));
            }
        }
        std::thread::sleep(after);
    }
}
