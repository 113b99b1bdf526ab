//! The HTTP exchange, sans-IO (SPEC §6): `Request` (what to send, with any
//! HTTP client) and `read_response` (what came back). No socket is opened.

use caseexport::{
    read_export_response, read_response as core_read_response, ExportOutcome, Outcome, RetryAfter,
    Secret,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

use crate::convert;
use crate::errors::{request_error, to_py_err};
use crate::model::{py_repr, read_options, PyOperation, Reduce};
use crate::patch::patch_arg;
use crate::types;

/// A `PATCH` request ready to send: `method`, `url`, `headers` (with the real
/// bearer token and the exact `Content-Length`) and the canonical `body`.
/// `repr` and `to_http1()` show the token as `***`; `to_http1()` also shows
/// the SAS token (`azureBlobToken` in the body) as `***`.
#[pyclass(module = "caseexport", name = "Request", frozen)]
pub struct PyRequest {
    inner: caseexport::Request,
}

#[pymethods]
impl PyRequest {
    /// Builds the request carrying `patch` (a `Patch`, JSON text or a `dict`,
    /// read strictly unless `strict=False`) to `url` with the bearer `token`;
    /// `if_match` adds an `If-Match` header (use `op.etag`). `url` must be an
    /// absolute `http(s)://` URL: the `Host` header comes from it. Raises
    /// `RequestError` for such a URL, or a token or `If-Match` value a header
    /// cannot carry, and `ParseError`/`ValidationError` for an invalid patch.
    /// `include_unknown_enum_members=True` adds
    /// `Prefer: include-unknown-enum-members` (the evolvable enums' members
    /// after `unknownFutureValue`).
    #[new]
    #[pyo3(signature = (url, token, patch, *, if_match = None, strict = true, include_unknown_enum_members = false))]
    fn new(
        py: Python<'_>,
        url: String,
        token: String,
        patch: &Bound<'_, PyAny>,
        if_match: Option<String>,
        strict: bool,
        include_unknown_enum_members: bool,
    ) -> PyResult<Self> {
        let patch = patch_arg(py, patch, &read_options(strict, None, None, None, None))?;
        let mut req = caseexport::Request::new(url, Secret::new(token), &patch)
            .map_err(|e| request_error(py, &e))?;
        if let Some(etag) = if_match {
            req = req.with_if_match(etag).map_err(|e| request_error(py, &e))?;
        }
        req.set_include_unknown_enum_members(include_unknown_enum_members);
        Ok(PyRequest { inner: req })
    }

    /// Always `"PATCH"`.
    #[getter]
    fn method(&self) -> &'static str {
        self.inner.method()
    }

    /// The request URL.
    #[getter]
    fn url(&self) -> &str {
        self.inner.url()
    }

    /// The headers to send, in order — `Authorization` (with the real
    /// token), `Content-Type`, `Content-Length`, then `If-Match` if set.
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (name, value) in self.inner.headers() {
            d.set_item(name, value)?;
        }
        Ok(d)
    }

    /// The body: the patch's canonical JSON.
    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.body())
    }

    /// The request as HTTP/1.1 text (CRLF line ends). By default the display
    /// form: the bearer token and `azureBlobToken`'s value in the body show
    /// as `***`, and `Content-Length` is the length of the body shown. With
    /// `reveal_token=True`, exactly what is sent.
    #[pyo3(signature = (reveal_token = false))]
    fn to_http1<'py>(&self, py: Python<'py>, reveal_token: bool) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.to_http1(reveal_token))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        // The body is not shown: a patch may carry the SAS token.
        let headers: Vec<String> = self
            .inner
            .headers()
            .into_iter()
            .map(|(name, value)| {
                let value = if name == "Authorization" {
                    "Bearer ***".to_owned()
                } else {
                    value
                };
                Ok(format!("{}: {}", py_repr(py, name)?, py_repr(py, &value)?))
            })
            .collect::<PyResult<_>>()?;
        Ok(format!(
            "Request(method='PATCH', url={}, headers={{{}}}, body=<{} bytes>)",
            py_repr(py, self.inner.url())?,
            headers.join(", "),
            self.inner.body().len()
        ))
    }
}

/// One entry of a Graph error's `details`: `code`, `target` (or `None`) and
/// `message`.
#[pyclass(module = "caseexport", name = "GraphErrorDetail", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyGraphErrorDetail {
    /// `code`
    #[pyo3(get)]
    code: String,
    /// `target`, when given.
    #[pyo3(get)]
    target: Option<String>,
    /// `message`
    #[pyo3(get)]
    message: String,
}

#[pymethods]
impl PyGraphErrorDetail {
    /// A detail entry (for tests and for building errors of your own).
    #[new]
    #[pyo3(signature = (code, target, message))]
    fn new(code: String, target: Option<String>, message: String) -> Self {
        PyGraphErrorDetail {
            code,
            target,
            message,
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let target = match &self.target {
            Some(t) => py_repr(py, t)?,
            None => "None".to_owned(),
        };
        Ok(format!(
            "GraphErrorDetail(code={}, target={}, message={})",
            py_repr(py, &self.code)?,
            target,
            py_repr(py, &self.message)?
        ))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> Reduce<'py, (String, Option<String>, String)> {
        let me = slf.get();
        Ok((
            slf.get_type().into_any(),
            (me.code.clone(), me.target.clone(), me.message.clone()),
        ))
    }
}

/// Collects response headers from a mapping (`dict`, `requests`/`httpx`
/// headers) or an iterable of `(name, value)` pairs.
pub(crate) fn header_pairs(headers: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    let py = headers.py();
    let items = if headers.hasattr(pyo3::intern!(py, "items"))? {
        headers.call_method0(pyo3::intern!(py, "items"))?
    } else {
        headers.clone()
    };
    let mut out = Vec::new();
    for item in items.try_iter()? {
        let (name, value): (String, String) = item?.extract().map_err(|_| {
            PyTypeError::new_err("headers must be a mapping or (name, value) string pairs")
        })?;
        out.push((name, value));
    }
    Ok(out)
}

/// Reads the HTTP response to the `PATCH`: `200` with a body → the updated
/// `CaseExportOperation` (read leniently); `204` (or an empty `2xx`) → `None`
/// (apply your patch locally to know the new state); anything else raises
/// `GraphError` (status, code, message, request id, date, details,
/// `retry_after`). An invalid `200` body raises `ParseError`/`ValidationError`.
///
/// With `type` (`"any"`, the type the body's `@odata.type` names, the
/// seed's when none; or a type's name, only that type) the body is read as
/// an `ExportOperation` of any of the export operation types.
#[pyfunction]
#[pyo3(signature = (status, headers, body, *, r#type = None))]
pub fn read_response<'py>(
    py: Python<'py>,
    status: u16,
    headers: &Bound<'py, PyAny>,
    body: &Bound<'py, PyAny>,
    r#type: Option<&str>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    let pairs = header_pairs(headers)?;
    let refs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let input = convert::input(body, false, usize::MAX)?;
    let bytes = input.as_slice();
    if let Some(name) = r#type {
        let expect = crate::typed::expect(name)?;
        let outcome = crate::model::run(py, bytes.len(), || {
            read_export_response(status, &refs, bytes, expect)
        })
        .map_err(|e| to_py_err(py, &e))?;
        return match outcome {
            ExportOutcome::Updated(op) => Ok(Some(
                crate::typed::PyExportOperation::new(*op)
                    .into_pyobject(py)?
                    .into_any(),
            )),
            ExportOutcome::NoContent => Ok(None),
            ExportOutcome::Failed(e) => Err(graph_error(py, &e)),
        };
    }
    let outcome = crate::model::run(py, bytes.len(), || core_read_response(status, &refs, bytes))
        .map_err(|e| to_py_err(py, &e))?;
    match outcome {
        Outcome::Updated(op) => Ok(Some(
            PyOperation::new(op, bytes.len())
                .into_pyobject(py)?
                .into_any(),
        )),
        Outcome::NoContent => Ok(None),
        Outcome::Failed(e) => Err(graph_error(py, &e)),
    }
}

pub(crate) fn graph_error(py: Python<'_>, e: &caseexport::GraphError) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let details = PyList::empty(py);
        for d in &e.details {
            details.append(PyGraphErrorDetail {
                code: d.code.clone(),
                target: d.target.clone(),
                message: d.message.clone(),
            })?;
        }
        let kwargs = PyDict::new(py);
        kwargs.set_item("status", e.status)?;
        kwargs.set_item("code", &e.code)?;
        kwargs.set_item("request_id", &e.request_id)?;
        kwargs.set_item("client_request_id", &e.client_request_id)?;
        kwargs.set_item("date", &e.date)?;
        kwargs.set_item("details", details)?;
        match &e.retry_after {
            Some(RetryAfter::Seconds(s)) => kwargs.set_item("retry_after", s)?,
            Some(RetryAfter::Date(d)) => kwargs.set_item("retry_after", d)?,
            None => kwargs.set_item("retry_after", py.None())?,
        }
        let message = PyString::new(py, &e.message);
        let exc = types::graph_error_class(py)?.call((message,), Some(&kwargs))?;
        Ok(PyErr::from_value(exc))
    };
    match build() {
        Ok(err) => err,
        Err(err) => err,
    }
}

/// The URL of a case export operation in the beta compliance API under
/// `https://graph.microsoft.com/beta`, both ids percent-encoded.
#[pyfunction]
pub fn operation_url(case_id: &str, operation_id: &str) -> String {
    caseexport::operation_url(case_id, operation_id)
}
