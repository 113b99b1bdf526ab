//! The live service's types from Python: `ExportOperation` (any of the
//! three export operation types, the type taken from the document) and
//! `OperationsPage` (a page of the operations collection). Thin wrappers:
//! the core reads, applies, diffs and writes.

use caseexport::Field;
use caseexport::{Expect, ExportOperation, ExportPatch, OperationType, OperationsPage};
use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::convert;
use crate::errors::to_py_err;
use crate::model::nested::value_to_py;
use crate::model::shared::{read_options, run};
use crate::types::field_state;

/// The reading rule a `type` argument names: `"any"` (the type the
/// document names, the seed's when it names none) or one type's name.
pub(crate) fn expect(name: &str) -> PyResult<Expect> {
    if name == "any" {
        return Ok(Expect::Any(OperationType::Seed));
    }
    operation_type(name).map(Expect::Only)
}

/// The type a name gives (short or full, with or without `#`).
fn operation_type(name: &str) -> PyResult<OperationType> {
    OperationType::from_name(name).ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown operation type {name:?}: expected \"any\", \"caseExportOperation\", \
             \"ediscovery.caseExportOperation\" or \"security.ediscoveryExportOperation\""
        ))
    })
}

/// An export operation of any of the three types: the seed's
/// `caseExportOperation`, the beta compliance
/// `ediscovery.caseExportOperation` or the live
/// `security.ediscoveryExportOperation`. A selected `type` reads only its
/// own name: `type="caseExportOperation"` refuses the seed's alias
/// `#microsoft.graph.ediscovery.caseExportOperation` (`typeMismatch`), which
/// `type="any"` reads as the ediscovery type.
#[pyclass(module = "caseexport", name = "ExportOperation", frozen)]
pub struct PyExportOperation {
    inner: ExportOperation,
}

impl PyExportOperation {
    /// Wraps a core operation.
    pub(crate) fn new(inner: ExportOperation) -> Self {
        PyExportOperation { inner }
    }
}

/// Reads `data` (JSON text, or a `dict` when `dict` allows it) within
/// `opts`' size limit and hands its bytes to `read`, with the interpreter
/// released for large inputs; a core error becomes the Python exception.
fn read_input<T: Send>(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    dict: bool,
    opts: &caseexport::ReadOptions,
    read: impl FnOnce(&[u8]) -> Result<T, caseexport::Error> + Send,
) -> PyResult<T> {
    let input = convert::input(data, dict, opts.max_size)?;
    let bytes = input.as_slice();
    run(py, bytes.len(), || read(bytes)).map_err(|e| to_py_err(py, &e))
}

#[pymethods]
impl PyExportOperation {
    /// Reads a document (`bytes`, `str` or a `dict` of JSON values). `type` is `"any"` (the type
    /// its `@odata.type` names; the seed's when it names none) or a type's
    /// name (a document naming another type is a `typeMismatch`).
    #[staticmethod]
    #[pyo3(signature = (data, *, strict = false, r#type = "any", max_depth = None, max_size = None, max_errors = None, max_error_bytes = None))]
    #[allow(clippy::too_many_arguments)]
    fn from_json(
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        strict: bool,
        r#type: &str,
        max_depth: Option<usize>,
        max_size: Option<usize>,
        max_errors: Option<usize>,
        max_error_bytes: Option<usize>,
    ) -> PyResult<Self> {
        let opts = read_options(strict, max_depth, max_size, max_errors, max_error_bytes);
        let expect = expect(r#type)?;
        read_input(py, data, true, &opts, |bytes| {
            ExportOperation::from_json_with(bytes, &opts, expect)
        })
        .map(|inner| PyExportOperation { inner })
    }

    /// The type's short name (`"security.ediscoveryExportOperation"`, …).
    #[getter]
    fn operation_type(&self) -> &'static str {
        self.inner.operation_type().name()
    }

    /// The `@odata.type` it is written with (the one it was read with).
    #[getter]
    fn odata_type(&self) -> &'static str {
        self.inner.odata_type()
    }

    /// The `id`, or `None`.
    #[getter]
    fn id(&self) -> Option<String> {
        self.inner.id().map(str::to_owned)
    }

    /// The canonical JSON bytes.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.to_json())
    }

    /// The value of the declared property `name` (snake-case or wire name;
    /// enum and flags values as members of their enum classes, a member
    /// this version does not know as its wire string): `None` when absent
    /// or null (`state` tells them apart). Raises
    /// `KeyError` when the operation's type declares no such property.
    fn get<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        match self.inner.get(name) {
            None => Err(PyKeyError::new_err(format!(
                "{} has no property {name:?}",
                self.inner.operation_type().name()
            ))),
            Some(Field::Value(v)) => value_to_py(py, v),
            Some(_) => Ok(py.None().into_bound(py)),
        }
    }

    /// The state of the declared property `name`: a `FieldState`.
    fn state<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        let state = match self.inner.get(name) {
            None => {
                return Err(PyKeyError::new_err(format!(
                    "{} has no property {name:?}",
                    self.inner.operation_type().name()
                )))
            }
            Some(Field::Absent) => "absent",
            Some(Field::Null) => "null",
            Some(Field::Value(_)) => "value",
        };
        field_state(py, state)
    }

    /// The snake-case names of the type's declared properties, in canonical order.
    fn property_names(&self) -> Vec<&'static str> {
        self.inner.property_names()
    }

    /// The canonical JSON text.
    fn to_json(&self) -> String {
        String::from_utf8(self.inner.to_json()).expect("the writer emits UTF-8")
    }

    /// Reads a PATCH body (`bytes`, `str` or a `dict`) as this operation's type and
    /// applies it; returns the updated operation.
    #[pyo3(signature = (patch, *, strict = true))]
    fn apply_patch(
        &self,
        py: Python<'_>,
        patch: &Bound<'_, PyAny>,
        strict: bool,
    ) -> PyResult<Self> {
        let opts = read_options(strict, None, None, None, None);
        read_input(py, patch, true, &opts, |bytes| {
            self.inner.apply_json(bytes, &opts)
        })
        .map(|inner| PyExportOperation { inner })
    }

    /// Applies a typed `ExportPatch`; `ValidationError` (`typeMismatch`)
    /// when it is for another type, or `readOnlyProperty` for another `id`.
    fn apply(&self, py: Python<'_>, patch: &PyExportPatch) -> PyResult<Self> {
        self.inner
            .apply(&patch.inner)
            .map(|inner| PyExportOperation { inner })
            .map_err(|e| to_py_err(py, &e))
    }

    /// The minimal PATCH body (canonical bytes) from this operation to
    /// `target`, naming this operation's `@odata.type` unless `odata_type`
    /// is false.
    #[pyo3(signature = (target, *, odata_type = true))]
    fn diff<'py>(
        &self,
        py: Python<'py>,
        target: &PyExportOperation,
        odata_type: bool,
    ) -> PyResult<Bound<'py, PyBytes>> {
        self.inner
            .diff(&target.inner)
            .map(|p| PyBytes::new(py, &p.with_odata_type(odata_type).to_vec()))
            .map_err(|e| to_py_err(py, &e))
    }

    fn __repr__(&self) -> String {
        format!(
            "ExportOperation(operation_type={:?}, id={:?})",
            self.inner.operation_type().name(),
            self.inner.id()
        )
    }
}

/// A page of `GET …/operations`: `context` (`@odata.context`), the
/// operations, and `next_link` (`@odata.nextLink`) when there are more.
/// `max_errors` and `max_error_bytes` bound the page's whole error list;
/// each element is read from its own bytes.
#[pyclass(module = "caseexport", name = "OperationsPage", frozen)]
pub struct PyOperationsPage {
    inner: OperationsPage,
}

#[pymethods]
impl PyOperationsPage {
    /// Reads a page; elements without `@odata.type` are read as `type`
    /// (a type's name; default the seed's).
    #[staticmethod]
    #[pyo3(signature = (data, *, strict = false, r#type = "caseExportOperation", max_depth = None, max_size = None, max_errors = None, max_error_bytes = None))]
    #[allow(clippy::too_many_arguments)]
    fn from_json(
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        strict: bool,
        r#type: &str,
        max_depth: Option<usize>,
        max_size: Option<usize>,
        max_errors: Option<usize>,
        max_error_bytes: Option<usize>,
    ) -> PyResult<Self> {
        let opts = read_options(strict, max_depth, max_size, max_errors, max_error_bytes);
        let default = operation_type(r#type)?;
        read_input(py, data, false, &opts, |bytes| {
            OperationsPage::from_json_with(bytes, &opts, default)
        })
        .map(|inner| PyOperationsPage { inner })
    }

    /// `@odata.context`, or `None`.
    #[getter]
    fn context(&self) -> Option<String> {
        self.inner.context.clone()
    }

    /// `@odata.nextLink`, or `None` on the last page.
    #[getter]
    fn next_link(&self) -> Option<String> {
        self.inner.next_link.clone()
    }

    /// The export operations of the page, in order (other operation types
    /// are left out; `to_bytes` writes them all).
    fn export_operations(&self) -> Vec<PyExportOperation> {
        self.inner
            .value
            .iter()
            .filter_map(|o| o.as_export())
            .map(|op| PyExportOperation { inner: op.clone() })
            .collect()
    }

    /// The `@odata.type` of every element, in order.
    fn odata_types(&self) -> Vec<&'static str> {
        self.inner.value.iter().map(|o| o.odata_type()).collect()
    }

    /// The canonical JSON bytes of the page.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.to_json())
    }

    fn __len__(&self) -> usize {
        self.inner.value.len()
    }
}

/// A PATCH body for one of the three export operation types, read from JSON
/// or built property by property.
#[pyclass(module = "caseexport", name = "ExportPatch")]
pub struct PyExportPatch {
    inner: ExportPatch,
}

#[pymethods]
impl PyExportPatch {
    /// An empty patch for the type named `type`.
    #[new]
    #[pyo3(signature = (r#type = "caseExportOperation"))]
    fn new(r#type: &str) -> PyResult<Self> {
        Ok(PyExportPatch {
            inner: ExportPatch::empty(operation_type(r#type)?),
        })
    }

    /// Reads a PATCH body (strict by default); `type` is `"any"` (the type
    /// its `@odata.type` names, the seed's when none) or a type's name.
    #[staticmethod]
    #[pyo3(signature = (data, *, strict = true, r#type = "any", max_depth = None, max_size = None, max_errors = None, max_error_bytes = None))]
    #[allow(clippy::too_many_arguments)]
    fn from_json(
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        strict: bool,
        r#type: &str,
        max_depth: Option<usize>,
        max_size: Option<usize>,
        max_errors: Option<usize>,
        max_error_bytes: Option<usize>,
    ) -> PyResult<Self> {
        let opts = read_options(strict, max_depth, max_size, max_errors, max_error_bytes);
        let expect = expect(r#type)?;
        read_input(py, data, true, &opts, |bytes| {
            ExportPatch::from_json_with(bytes, &opts, expect)
        })
        .map(|inner| PyExportPatch { inner })
    }

    /// The type's short name.
    #[getter]
    fn operation_type(&self) -> &'static str {
        self.inner.operation_type().name()
    }

    /// Sets the declared property `name` from the JSON text of its value
    /// (`"null"` clears it), read strictly unless `strict=False`.
    #[pyo3(signature = (name, value, *, strict = true))]
    fn set_json(
        &mut self,
        py: Python<'_>,
        name: &str,
        value: &Bound<'_, PyAny>,
        strict: bool,
    ) -> PyResult<()> {
        let opts = read_options(strict, None, None, None, None);
        let input = convert::input(value, false, opts.max_size)?;
        self.inner
            .set_json(name, input.as_slice(), &opts)
            .map_err(|e| to_py_err(py, &e))
    }

    /// `True` when the patch changes nothing.
    fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    /// The canonical PATCH body.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.to_vec())
    }
}
