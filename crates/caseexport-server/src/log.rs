//! The server's log on standard error: one line per request (method, path,
//! status, milliseconds, request id), the cause of every 500 once with its
//! request id, and the store's own notes. Every line goes through
//! `tracing-appender`'s non-blocking writer: a bounded queue drained by a
//! thread of its own, which takes the standard-error lock for one line at a
//! time. When the queue is full (standard error is not read fast enough, or
//! not at all) lines are dropped and counted, never waited for: serving
//! never blocks on the log. The count is reported when the server stops.
//!
//! Fields a client chooses (method, path) are escaped: control characters
//! (C0, DEL, C1), bidi controls and other invisible format characters become
//! `\u{…}`, a backslash becomes `\\`, and a field longer than
//! [`MAX_FIELD_BYTES`] is cut with a `…(+N bytes)` marker. No header and no
//! body is ever logged, so neither the bearer token nor the SAS token can
//! appear.

use std::fmt::Write as _;
use std::io::Write as _;

use tracing_appender::non_blocking::{ErrorCounter, NonBlocking, NonBlockingBuilder, WorkerGuard};

/// The longest client-chosen field written to the log, in bytes of input.
pub(crate) const MAX_FIELD_BYTES: usize = 256;

/// Lines the log queue holds before new ones are dropped (and counted).
const QUEUE_LINES: usize = 16 * 1024;

/// A handle to the log writer; cheap to clone.
#[derive(Clone)]
pub(crate) struct Log {
    out: NonBlocking,
    /// Whether request lines are written (`--quiet` turns them off; the
    /// causes of 500s are always written).
    requests: bool,
}

/// The log thread: flushed and reported on when the server stops.
pub(crate) struct LogThread {
    guard: WorkerGuard,
    dropped: ErrorCounter,
    out: NonBlocking,
}

impl Log {
    /// Starts the log thread; `requests` turns the request lines on.
    pub(crate) fn start(requests: bool) -> (Log, LogThread) {
        let (out, guard) = NonBlockingBuilder::default()
            .lossy(true)
            .buffered_lines_limit(QUEUE_LINES)
            .thread_name("caseexport-log")
            .finish(std::io::stderr());
        let dropped = out.error_counter();
        let thread = LogThread {
            guard,
            dropped,
            out: out.clone(),
        };
        (Log { out, requests }, thread)
    }

    fn write(&self, line: &str) {
        // One `write` is one queued line; a full queue drops it and counts.
        let _ = self.out.clone().write(line.as_bytes());
    }

    /// Logs one request: `METHOD PATH STATUS MILLISECONDSms REQUEST-ID`.
    pub(crate) fn request(
        &self,
        method: &str,
        path: &str,
        status: u16,
        millis: f64,
        request_id: &str,
    ) {
        if self.requests {
            self.write(&format!(
                "{} {} {status} {millis:.2}ms {request_id}\n",
                field(method),
                field(path)
            ));
        }
    }

    /// Logs why request `request_id` was answered 500 (once per request).
    pub(crate) fn cause(&self, request_id: &str, what: &dyn std::fmt::Display) {
        self.write(&format!(
            "caseexport serve: request {request_id}: {}\n",
            field_long(&what.to_string())
        ));
    }

    /// Logs a note of the server itself (start-up, the store).
    pub(crate) fn note(&self, what: &str) {
        self.write(&format!("caseexport serve: {}\n", field_long(what)));
    }
}

impl LogThread {
    /// Reports how many lines were dropped, if any (through the queue too:
    /// standard error may still not be read), then writes out the queue,
    /// waiting at most about a second.
    pub(crate) fn join(mut self) {
        let dropped = self.dropped.dropped_lines();
        if dropped > 0 {
            let _ = writeln!(
                self.out,
                "caseexport serve: {dropped} log line(s) were dropped: standard error did not \
                 keep up"
            );
        }
        drop(self.out);
        drop(self.guard);
    }
}

/// A client-chosen field, escaped and cut at [`MAX_FIELD_BYTES`].
pub(crate) fn field(s: &str) -> String {
    escape(s, MAX_FIELD_BYTES)
}

/// A cause or note (it may quote client input): escaped, cut at 4 KiB.
fn field_long(s: &str) -> String {
    escape(s, 4096)
}

/// `s` with control, bidi and other invisible format characters as
/// `\u{…}` and `\` as `\\`, cut after `max` bytes of `s` with a
/// `…(+N bytes)` marker.
pub(crate) fn escape(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len().min(max) + 16);
    for (i, c) in s.char_indices() {
        if i + c.len_utf8() > max {
            let _ = write!(out, "…(+{} bytes)", s.len() - i);
            break;
        }
        if c == '\\' {
            out.push_str("\\\\");
        } else if needs_escape(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// Control characters (C0, DEL, C1), bidi controls, and other characters
/// that change or hide what a terminal shows.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'             // Arabic letter mark
            | '\u{200B}'..='\u{200F}' // zero-width spaces and joiners, LRM, RLM
            | '\u{2028}'..='\u{202E}' // line/paragraph separators, bidi embeddings and overrides
            | '\u{2060}'..='\u{206F}' // word joiner, invisible operators, bidi isolates
            | '\u{FEFF}'           // byte order mark
            | '\u{FFF9}'..='\u{FFFB}' // interlinear annotations
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_escaped_and_long_fields_cut() {
        assert_eq!(escape("GET", 10), "GET");
        assert_eq!(
            escape("a\u{9b}b\u{202e}c\nd\\", 100),
            "a\\u{9b}b\\u{202e}c\\u{a}d\\\\"
        );
        assert_eq!(escape("\u{1b}[2J", 100), "\\u{1b}[2J");
        let long = "M".repeat(60_000);
        let cut = field(&long);
        assert_eq!(
            cut,
            format!("{}…(+{} bytes)", "M".repeat(256), 60_000 - 256)
        );
        // A cut never splits a character.
        assert_eq!(escape("ééé", 3), "é…(+4 bytes)");
    }
}
