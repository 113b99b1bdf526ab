//! `Poll` and `PollStep`: the core's sans-IO watch of an export operation
//! (`caseexport::poll`) for Python. `caseexport.wait` (the package's
//! `_lifecycle.py`) drives it with the standard library's HTTP client.

use std::time::Duration;

use caseexport::poll::{Next, Poll, WaitReason};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::convert;
use crate::errors::to_py_err;
use crate::http::{graph_error, header_pairs};
use crate::typed::{expect, PyExportOperation};

/// Seconds as a `Duration`: finite and not negative, else `ValueError`.
fn seconds(name: &str, s: f64) -> PyResult<Duration> {
    Duration::try_from_secs_f64(s).map_err(|_| {
        PyValueError::new_err(format!(
            "{name} must be a finite number of seconds >= 0, not {s}"
        ))
    })
}

/// The state of watching one export operation until it ends: the backoff
/// (from `first_wait` seconds, doubling to `max_wait`) and the count of
/// transient errors (`429`, `502`, `503`, `504`) in a row, at most
/// `max_transient` waited out. `type` reads the answers: `"any"` (the type
/// their `@odata.type` names) or one type's name. Feed each answer to
/// `GET` the operation to `step()`; it says what comes next.
#[pyclass(module = "caseexport", name = "Poll")]
pub struct PyPoll {
    inner: Poll,
}

#[pymethods]
impl PyPoll {
    #[new]
    #[pyo3(signature = (*, r#type = "any", first_wait = 1.0, max_wait = 30.0, max_transient = 5))]
    fn new(r#type: &str, first_wait: f64, max_wait: f64, max_transient: u32) -> PyResult<Self> {
        let first = seconds("first_wait", first_wait)?;
        let max = seconds("max_wait", max_wait)?;
        if first > max {
            return Err(PyValueError::new_err(format!(
                "first_wait ({first_wait}) is longer than max_wait ({max_wait})"
            )));
        }
        Ok(PyPoll {
            inner: Poll::new(expect(r#type)?)
                .with_first_wait(first)
                .with_max_wait(max)
                .with_max_transient(max_transient),
        })
    }

    /// Reads one answer (`status`, headers as a mapping or pairs, the body)
    /// and returns a `PollStep`. Raises `ParseError`/`ValidationError` when a
    /// `2xx` body is not an export operation of the expected type.
    fn step<'py>(
        &mut self,
        py: Python<'py>,
        status: u16,
        headers: &Bound<'py, PyAny>,
        body: &Bound<'py, PyAny>,
    ) -> PyResult<PyPollStep> {
        let pairs = header_pairs(headers)?;
        let refs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let input = convert::input(body, false, usize::MAX)?;
        let next = self
            .inner
            .step(status, &refs, input.as_slice())
            .map_err(|e| to_py_err(py, &e))?;
        PyPollStep::new(py, next)
    }

    /// Starts the backoff again from its first wait.
    fn reset(&mut self) {
        self.inner.reset();
    }

    fn __repr__(&self) -> String {
        "Poll(...)".to_owned()
    }
}

/// What to do after one answer: `kind` is `"wait"` (sleep `wait` seconds,
/// then ask again), `"succeeded"`, `"ended"` (`failed`,
/// `partiallySucceeded` or `submissionFailed`, with `result_code` and
/// `result_message`) or `"error"` (`error` is the `GraphError`).
#[pyclass(module = "caseexport", name = "PollStep", frozen)]
pub struct PyPollStep {
    #[pyo3(get)]
    kind: &'static str,
    #[pyo3(get)]
    wait: f64,
    #[pyo3(get)]
    from_retry_after: bool,
    #[pyo3(get)]
    status: Option<String>,
    #[pyo3(get)]
    percent: Option<i32>,
    #[pyo3(get)]
    http_status: Option<u16>,
    #[pyo3(get)]
    transient_in_a_row: u32,
    #[pyo3(get)]
    result_code: Option<i64>,
    #[pyo3(get)]
    result_message: Option<String>,
    #[pyo3(get)]
    operation: Option<Py<PyExportOperation>>,
    #[pyo3(get)]
    error: Option<Py<PyAny>>,
}

impl PyPollStep {
    fn new(py: Python<'_>, next: Next) -> PyResult<Self> {
        let mut s = PyPollStep {
            kind: "wait",
            wait: 0.0,
            from_retry_after: false,
            status: None,
            percent: None,
            http_status: None,
            transient_in_a_row: 0,
            result_code: None,
            result_message: None,
            operation: None,
            error: None,
        };
        s.percent = next.percent();
        match next {
            Next::Wait {
                after,
                from_retry_after,
                reason,
            } => {
                s.wait = after.as_secs_f64();
                s.from_retry_after = from_retry_after;
                match reason {
                    WaitReason::Running { status, .. } => s.status = status,
                    WaitReason::Transient { status, in_a_row } => {
                        s.http_status = Some(status);
                        s.transient_in_a_row = in_a_row;
                    }
                }
            }
            Next::Succeeded(op) => {
                s.kind = "succeeded";
                s.status = Some("succeeded".to_owned());
                s.operation = Some(Py::new(py, PyExportOperation::new(*op))?);
            }
            Next::Ended {
                status,
                code,
                message,
                operation,
            } => {
                s.kind = "ended";
                s.status = Some(status);
                s.result_code = code;
                s.result_message = message;
                s.operation = Some(Py::new(py, PyExportOperation::new(*operation))?);
            }
            Next::Error(e) => {
                s.kind = "error";
                s.http_status = Some(e.status);
                s.error = Some(graph_error(py, &e).into_value(py).into_any());
            }
        }
        Ok(s)
    }
}

#[pymethods]
impl PyPollStep {
    fn __repr__(&self) -> String {
        match self.kind {
            "wait" => format!(
                "PollStep(kind='wait', wait={}, status={:?}, percent={:?})",
                self.wait, self.status, self.percent
            ),
            "error" => format!("PollStep(kind='error', http_status={:?})", self.http_status),
            kind => format!("PollStep(kind='{kind}', status={:?})", self.status),
        }
    }
}
