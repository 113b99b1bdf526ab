//! Errors: the core's [`caseexport::Error`] becomes `ParseError` (input that
//! is not usable JSON) or `ValidationError` (JSON that is not a valid
//! operation or patch), each carrying every `ErrorDetail`; the request
//! builder's errors become `RequestError`.

use pyo3::prelude::*;

use crate::model::Reduce;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple};

use crate::types;

/// One problem in a document: where (`path`, an RFC 6901 JSON Pointer; `""`
/// is the whole document), what (`code`, a stable string such as
/// `"invalidType"`) and a message for humans (never containing a secret).
#[pyclass(module = "caseexport", name = "ErrorDetail", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyErrorDetail {
    /// JSON Pointer to the offending member.
    #[pyo3(get)]
    pub path: String,
    /// The stable error code.
    #[pyo3(get)]
    pub code: String,
    /// A message for humans; its wording is not part of the API.
    #[pyo3(get)]
    pub message: String,
}

#[pymethods]
impl PyErrorDetail {
    /// An error detail (for tests and for re-raising errors of your own).
    #[new]
    fn new(path: String, code: String, message: String) -> Self {
        PyErrorDetail {
            path,
            code,
            message,
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "ErrorDetail(path={}, code={}, message={})",
            crate::model::py_repr(py, &self.path)?,
            crate::model::py_repr(py, &self.code)?,
            crate::model::py_repr(py, &self.message)?
        ))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> Reduce<'py, (String, String, String)> {
        let me = slf.get();
        Ok((
            slf.get_type().into_any(),
            (me.path.clone(), me.code.clone(), me.message.clone()),
        ))
    }
}

/// Converts a core error into the matching Python exception.
pub fn to_py_err(py: Python<'_>, err: &caseexport::Error) -> PyErr {
    match build(py, err) {
        Ok(e) => e,
        Err(e) => e,
    }
}

fn build(py: Python<'_>, err: &caseexport::Error) -> PyResult<PyErr> {
    let class = if err.is_parse_error() {
        types::parse_error_class(py)?
    } else {
        types::validation_error_class(py)?
    };
    let details = PyList::empty(py);
    for d in err.details() {
        details.append(PyErrorDetail {
            path: d.path.clone(),
            code: d.code.as_str().to_owned(),
            message: d.message.clone(),
        })?;
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("truncated", err.is_truncated())?;
    kwargs.set_item(
        "graph_error_body",
        PyBytes::new(py, &err.to_graph_error_body()),
    )?;
    let args = PyTuple::new(
        py,
        [
            err.to_string().into_pyobject(py)?.into_any(),
            details.into_any(),
        ],
    )?;
    let exc = class.call(args, Some(&kwargs))?;
    Ok(PyErr::from_value(exc))
}

/// Converts a request-building error into `RequestError`.
pub fn request_error(py: Python<'_>, err: &caseexport::RequestError) -> PyErr {
    match types::request_error_class(py).and_then(|c| c.call1((err.to_string(),))) {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => e,
    }
}
