//! The in-process server behind `caseexport.testing.serve()`: the
//! `caseexport-server` crate (the same service as `caseexport serve`) run on
//! background threads of this process, so that the wheel alone serves, with
//! no `caseexport` binary to install. Its errors map to `RuntimeError` here,
//! once.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use caseexport::Secret;
use caseexport_server::{Config, Running, ServeError, Server};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

/// At most this many problems of `--load` files are listed in the message.
const MAX_LOAD_PROBLEMS: usize = 20;

/// A server listening on loopback, serving on background threads until
/// `stop()` (or until the object is collected).
#[pyclass(name = "_Server", module = "caseexport._native", frozen)]
pub struct PyServer {
    running: Mutex<Option<Running>>,
    url: String,
}

fn serve_error(e: ServeError) -> PyErr {
    let message = match e {
        ServeError::Load(problems) => {
            let mut lines: Vec<String> = problems.iter().take(MAX_LOAD_PROBLEMS).cloned().collect();
            if problems.len() > MAX_LOAD_PROBLEMS {
                lines.push(format!(
                    "({} more not shown)",
                    problems.len() - MAX_LOAD_PROBLEMS
                ));
            }
            format!(
                "{} invalid operation(s) to load:\n{}",
                problems.len(),
                lines.join("\n")
            )
        }
        other => other.to_string(),
    };
    PyRuntimeError::new_err(format!("the server did not start: {message}"))
}

#[pymethods]
impl PyServer {
    /// Binds `127.0.0.1` on a free port (or `port`), opens the store
    /// (`db`, else in memory), imports `loads` (case id, NDJSON file) and
    /// starts serving.
    #[new]
    #[pyo3(signature = (tokens, loads, db=None, port=0, max_body=None, read_timeout=None, group_commit=None, workers=2, log=false))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        tokens: Vec<String>,
        loads: Vec<(String, PathBuf)>,
        db: Option<PathBuf>,
        port: u16,
        max_body: Option<usize>,
        read_timeout: Option<f64>,
        group_commit: Option<usize>,
        workers: usize,
        log: bool,
    ) -> PyResult<Self> {
        let mut config = Config::new(tokens.into_iter().map(Secret::new).collect());
        config.listen = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        config.db = db;
        config.loads = loads;
        config.workers = workers.max(1);
        config.log = log;
        if let Some(n) = max_body {
            config.max_body = n;
        }
        if let Some(s) = read_timeout {
            if !(s.is_finite() && s > 0.0) {
                return Err(PyValueError::new_err(
                    "read_timeout must be a positive number of seconds",
                ));
            }
            config.read_timeout = Duration::from_secs_f64(s);
        }
        if let Some(n) = group_commit {
            config.group_commit = n.max(1);
        }
        let running = py
            .detach(|| Server::bind(config).map(Server::spawn))
            .map_err(serve_error)?;
        let url = format!("http://{}", running.local_addr());
        Ok(PyServer {
            running: Mutex::new(Some(running)),
            url,
        })
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    #[getter]
    fn url(&self) -> &str {
        &self.url
    }

    /// `True` until `stop()`.
    #[getter]
    fn running(&self) -> bool {
        self.running.lock().is_ok_and(|r| r.is_some())
    }

    /// Shuts down gracefully (no new connections, requests in flight
    /// finish, the store is closed) and waits for it; a second call does
    /// nothing.
    fn stop(&self, py: Python<'_>) -> PyResult<()> {
        let running = self
            .running
            .lock()
            .map_err(|_| PyRuntimeError::new_err("the server's lock is poisoned"))?
            .take();
        match running {
            Some(r) => py.detach(|| r.stop()).map_err(|e| {
                PyRuntimeError::new_err(format!("the server stopped with an error: {e}"))
            }),
            None => Ok(()),
        }
    }

    fn __repr__(&self) -> String {
        format!("<caseexport._native._Server {}>", self.url)
    }
}
