//! Watching an export operation until it ends, sans IO: [`Poll::step`]
//! reads one answer to `GET` the operation (status, headers, body) and says
//! what comes next — wait and ask again (how long, and why), the operation
//! succeeded, or it ended otherwise — so that the CLI's `wait`, the C API and
//! Python share one policy. The caller does the I/O and keeps the clock.
//!
//! The policy (docs/DESIGN.md, "Watching an operation"):
//! - `2xx` with the operation: `succeeded` is done; `failed`,
//!   `partiallySucceeded` and `submissionFailed` end it with its
//!   `resultInfo`; any other status (`notStarted`, `running`, a member the
//!   service adds later) waits.
//! - `429`, `502`, `503` and `504` are transient: they wait, at most
//!   [`Poll::with_max_transient`] times in a row, then end as the error.
//! - Any other answer (`401`, `404`, an empty `2xx`, …) ends as an error.
//! - The wait is the answer's `Retry-After` in seconds when it has one
//!   (capped at [`Poll::with_max_wait`]); otherwise an exponential backoff
//!   from 1 s, doubling to 30 s (Microsoft's API guidelines suggest 30 s
//!   between polls of a long-running operation). A `Retry-After` date is
//!   not read (this step knows no clock): the backoff applies.

use std::time::Duration;

use crate::error::Error;
use crate::http::{
    graph_error, read_export_response, retry_after, ExportOutcome, GraphError, RetryAfter,
};
use crate::json::Json;
use crate::operations::{Expect, ExportOperation};
use crate::schema::ValueRef;
use crate::Field;

/// Why [`Poll::step`] says to wait.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WaitReason {
    /// The operation has not ended: its `status` (wire name, `None` when
    /// absent) and `percentProgress`.
    Running {
        /// The `status` wire name, when the answer has one.
        status: Option<String>,
        /// `percentProgress`, when the answer has one.
        percent: Option<i32>,
    },
    /// A transient error (`429`, `502`, `503`, `504`): its status, and how
    /// many transient errors came in a row (1 for the first).
    Transient {
        /// The HTTP status.
        status: u16,
        /// Transient errors in a row, this one included.
        in_a_row: u32,
    },
}

/// What to do after one answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Next {
    /// Ask again after `after`.
    Wait {
        /// How long to wait before the next `GET`.
        after: Duration,
        /// `true` when `after` is the answer's `Retry-After`.
        from_retry_after: bool,
        /// Why.
        reason: WaitReason,
    },
    /// The operation succeeded; here it is.
    Succeeded(Box<ExportOperation>),
    /// The operation ended without succeeding (`failed`,
    /// `partiallySucceeded`, `submissionFailed`): its status, the
    /// `resultInfo` code and message when it has them, and the operation.
    Ended {
        /// The `status` wire name.
        status: String,
        /// `resultInfo.code`, when present.
        code: Option<i64>,
        /// `resultInfo.message`, when present.
        message: Option<String>,
        /// The operation as answered.
        operation: Box<ExportOperation>,
    },
    /// The service answered with an error that waiting will not mend (or
    /// too many transient ones in a row).
    Error(Box<GraphError>),
}

/// An operation's `percentProgress`, when it has one.
fn percent_of(op: &ExportOperation) -> Option<i32> {
    match op.get("percentProgress") {
        Some(Field::Value(ValueRef::Int32(p))) => Some(p),
        _ => None,
    }
}

impl Next {
    /// The operation's `percentProgress` in this answer, when it has one
    /// (a transient error or an error answer has none).
    pub fn percent(&self) -> Option<i32> {
        match self {
            Next::Wait {
                reason: WaitReason::Running { percent, .. },
                ..
            } => *percent,
            Next::Succeeded(op) | Next::Ended { operation: op, .. } => percent_of(op),
            Next::Wait { .. } | Next::Error(_) => None,
        }
    }
}

/// The state of watching one operation: the backoff and the count of
/// transient errors in a row.
///
/// ```
/// use caseexport::poll::{Next, Poll, WaitReason};
/// use caseexport::{Expect, OperationType};
/// use std::time::Duration;
/// let mut poll = Poll::new(Expect::Any(OperationType::Security));
/// let running = br#"{"status":"running","percentProgress":40}"#;
/// match poll.step(200, &[], running)? {
///     Next::Wait { after, reason: WaitReason::Running { percent, .. }, .. } => {
///         assert_eq!(after, Duration::from_secs(1));
///         assert_eq!(percent, Some(40));
///     }
///     other => panic!("{other:?}"),
/// }
/// // The service's Retry-After is honoured.
/// match poll.step(200, &[("Retry-After", "7")], running)? {
///     Next::Wait { after, from_retry_after: true, .. } => assert_eq!(after, Duration::from_secs(7)),
///     other => panic!("{other:?}"),
/// }
/// let failed = br#"{"status":"failed","resultInfo":{"code":5,"message":"disk full"}}"#;
/// match poll.step(200, &[], failed)? {
///     Next::Ended { status, code, message, .. } => {
///         assert_eq!((status.as_str(), code, message.as_deref()), ("failed", Some(5), Some("disk full")));
///     }
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), caseexport::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Poll {
    expect: Expect,
    first: Duration,
    max_wait: Duration,
    retry_after_cap: Duration,
    max_transient: u32,
    backoff: Duration,
    transient: u32,
}

impl Poll {
    /// Watching an operation read as `expect` says (the type its
    /// `@odata.type` names with [`Expect::Any`]): backoff from 1 s to 30 s,
    /// `Retry-After` capped at 300 s, 5 transient errors in a row waited out.
    pub fn new(expect: Expect) -> Poll {
        Poll {
            expect,
            first: Duration::from_secs(1),
            max_wait: Duration::from_secs(30),
            retry_after_cap: Duration::from_secs(300),
            max_transient: 5,
            backoff: Duration::from_secs(1),
            transient: 0,
        }
    }

    /// The first wait of the backoff (later waits double it, up to
    /// [`Poll::with_max_wait`]'s bound). A zero first wait polls without
    /// waiting (for an emulator whose operations end at once).
    pub fn with_first_wait(mut self, first: Duration) -> Poll {
        self.first = first;
        self.backoff = first;
        self
    }

    /// The longest wait of the backoff.
    pub fn with_max_wait(mut self, max: Duration) -> Poll {
        self.max_wait = max;
        self
    }

    /// The longest `Retry-After` honoured (a longer one is cut to this).
    pub fn with_max_retry_after(mut self, max: Duration) -> Poll {
        self.retry_after_cap = max;
        self
    }

    /// How many transient errors in a row are waited out; the next one
    /// ends the watch with [`Next::Error`].
    pub fn with_max_transient(mut self, n: u32) -> Poll {
        self.max_transient = n;
        self
    }

    /// The wait after this answer: its `Retry-After` (seconds, capped), else
    /// the backoff's next step.
    fn wait(&mut self, headers: &[(&str, &str)], reason: WaitReason) -> Next {
        if let Some(RetryAfter::Seconds(s)) = retry_after(headers) {
            return Next::Wait {
                after: Duration::from_secs(s).min(self.retry_after_cap),
                from_retry_after: true,
                reason,
            };
        }
        let after = self.backoff.min(self.max_wait);
        self.backoff = (self.backoff * 2).min(self.max_wait);
        Next::Wait {
            after,
            from_retry_after: false,
            reason,
        }
    }

    /// Reads one answer to `GET` the operation and says what comes next.
    /// An `Err` is a `2xx` whose body is not an export operation (not JSON,
    /// another type than `expect` allows).
    pub fn step(
        &mut self,
        status: u16,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<Next, Error> {
        let op = match read_export_response(status, headers, body, self.expect)? {
            ExportOutcome::Updated(op) => op,
            ExportOutcome::NoContent => {
                self.transient = 0;
                let mut e = graph_error(status, headers, b"");
                e.message = "The answer has no operation in its body.".to_owned();
                return Ok(Next::Error(Box::new(e)));
            }
            ExportOutcome::Failed(e) => {
                if matches!(e.status, 429 | 502 | 503 | 504) && self.transient < self.max_transient
                {
                    self.transient += 1;
                    let reason = WaitReason::Transient {
                        status: e.status,
                        in_a_row: self.transient,
                    };
                    return Ok(self.wait(headers, reason));
                }
                return Ok(Next::Error(Box::new(e)));
            }
        };
        self.transient = 0;
        let status_name = match op.get("status") {
            Some(Field::Value(ValueRef::Enum { wire, .. })) => Some(wire.to_owned()),
            _ => None,
        };
        match status_name.as_deref() {
            Some("succeeded") => Ok(Next::Succeeded(op)),
            Some(ended @ ("failed" | "partiallySucceeded" | "submissionFailed")) => {
                let info = match op.get("resultInfo") {
                    Some(Field::Value(v)) => Json::from_json(&v.to_json()).ok(),
                    _ => None,
                };
                let member = |name: &str| {
                    info.as_ref()
                        .and_then(|i| i.as_object()?.get(name).cloned())
                };
                Ok(Next::Ended {
                    status: ended.to_owned(),
                    code: member("code").and_then(|c| match c {
                        Json::Number(n) => n.as_i64(),
                        _ => None,
                    }),
                    message: member("message").and_then(|m| m.as_str().map(str::to_owned)),
                    operation: op,
                })
            }
            _ => {
                let reason = WaitReason::Running {
                    status: status_name,
                    percent: percent_of(&op),
                };
                Ok(self.wait(headers, reason))
            }
        }
    }

    /// Starts the backoff again from its first wait (after the caller
    /// resumes a watch it paused).
    pub fn reset(&mut self) {
        self.backoff = self.first;
        self.transient = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::OperationType;

    fn poll() -> Poll {
        Poll::new(Expect::Any(OperationType::Security))
    }

    fn wait_of(n: Next) -> (Duration, bool, WaitReason) {
        match n {
            Next::Wait {
                after,
                from_retry_after,
                reason,
            } => (after, from_retry_after, reason),
            other => panic!("not a wait: {other:?}"),
        }
    }

    #[test]
    fn backoff_doubles_to_its_cap_and_a_retry_after_wins() {
        let mut p = poll().with_max_wait(Duration::from_secs(5));
        let running = br#"{"status":"running"}"#;
        let waits: Vec<u64> = (0..5)
            .map(|_| wait_of(p.step(200, &[], running).unwrap()).0.as_secs())
            .collect();
        assert_eq!(waits, [1, 2, 4, 5, 5]);
        let (after, from, _) = wait_of(p.step(200, &[("retry-after", "12")], running).unwrap());
        assert_eq!((after.as_secs(), from), (12, true));
        let (after, _, _) = wait_of(p.step(200, &[("Retry-After", "99999")], running).unwrap());
        assert_eq!(after.as_secs(), 300);
        // A date is not read: the backoff applies.
        let (after, from, _) = wait_of(
            p.step(
                200,
                &[("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")],
                running,
            )
            .unwrap(),
        );
        assert_eq!((after.as_secs(), from), (5, false));
        p.reset();
        assert_eq!(wait_of(p.step(200, &[], running).unwrap()).0.as_secs(), 1);
    }

    #[test]
    fn every_status_is_classified() {
        let mut p = poll();
        for s in ["notStarted", "running", "unknownFutureValue"] {
            let body = format!(r#"{{"status":"{s}","percentProgress":3}}"#);
            let (_, _, reason) = wait_of(p.step(200, &[], body.as_bytes()).unwrap());
            assert_eq!(
                reason,
                WaitReason::Running {
                    status: Some(s.to_owned()),
                    percent: Some(3)
                }
            );
        }
        let (_, _, reason) = wait_of(p.step(200, &[], b"{}").unwrap());
        assert_eq!(
            reason,
            WaitReason::Running {
                status: None,
                percent: None
            }
        );
        let done = p
            .step(200, &[], br#"{"status":"succeeded","percentProgress":100}"#)
            .unwrap();
        assert!(matches!(done, Next::Succeeded(_)));
        assert_eq!(done.percent(), Some(100));
        for s in ["failed", "partiallySucceeded", "submissionFailed"] {
            let body = format!(r#"{{"status":"{s}"}}"#);
            match p.step(200, &[], body.as_bytes()).unwrap() {
                Next::Ended {
                    status,
                    code,
                    message,
                    ..
                } => assert_eq!((status.as_str(), code, message), (s, None, None)),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn transient_errors_wait_until_too_many_in_a_row() {
        let mut p = poll().with_max_transient(2);
        for (i, status) in [503u16, 429].into_iter().enumerate() {
            let (_, _, reason) = wait_of(p.step(status, &[], b"").unwrap());
            assert_eq!(
                reason,
                WaitReason::Transient {
                    status,
                    in_a_row: i as u32 + 1
                }
            );
        }
        match p.step(502, &[], b"").unwrap() {
            Next::Error(e) => assert_eq!(e.status, 502),
            other => panic!("{other:?}"),
        }
        // A good answer resets the count.
        let mut p = poll().with_max_transient(1);
        wait_of(p.step(503, &[], b"").unwrap());
        wait_of(p.step(200, &[], br#"{"status":"running"}"#).unwrap());
        wait_of(p.step(503, &[], b"").unwrap());
    }

    #[test]
    fn other_errors_and_empty_answers_end_the_watch() {
        let mut p = poll();
        let body = br#"{"error":{"code":"itemNotFound","message":"gone"}}"#;
        match p.step(404, &[], body).unwrap() {
            Next::Error(e) => assert_eq!((e.status, e.code.as_str()), (404, "itemNotFound")),
            other => panic!("{other:?}"),
        }
        match p.step(204, &[], b"").unwrap() {
            Next::Error(e) => assert_eq!(e.status, 204),
            other => panic!("{other:?}"),
        }
        // A body of another type than the one expected is an error of the reader.
        let mut only = Poll::new(Expect::Only(OperationType::Security));
        let seed =
            br##"{"@odata.type":"#microsoft.graph.caseExportOperation","status":"running"}"##;
        assert!(only.step(200, &[], seed).is_err());
    }
}
