//! PATCH bodies: the typed `Patch` (keyword form, or read from JSON), and
//! `diff`, the minimal merge patch between two operations (the core's).

use caseexport::{Patch, Property, ReadOptions};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use crate::convert::{self, json_to_py, PyWireValue};
use crate::errors::to_py_err;
use crate::model::{
    equal_if, expect_mapping, read_options, reduce, repr_properties, restore_options, run,
    PyOperation, Reduce, Repr,
};

/// The property with this snake-case name (keyword form).
fn snake_property(name: &str) -> Option<Property> {
    Property::ALL
        .iter()
        .copied()
        .find(|p| p.snake_name() == name)
}

/// A typed PATCH body: for each property, leave it (not given), clear it
/// (`None`, sent as `null`) or set it. Build one with keywords —
/// `Patch(output_name="x", description=None)` — with snake-case property
/// names and Python values (str, int, enum members, `ExportOptions`, aware
/// `datetime`, dicts for `created_by` / `result_info`); the core validates it
/// strictly. `Patch.from_json` / `Patch.from_dict` read a body as is.
#[pyclass(module = "caseexport", name = "Patch", frozen)]
pub struct PyPatch {
    /// The core patch.
    pub inner: Patch,
}

fn read_patch(py: Python<'_>, data: &Bound<'_, PyAny>, opts: &ReadOptions) -> PyResult<Patch> {
    let input = convert::input(data, true, opts.max_size)?;
    let bytes = input.as_slice();
    run(py, bytes.len(), || Patch::from_json_with(bytes, opts)).map_err(|e| to_py_err(py, &e))
}

/// Converts any accepted patch argument (`Patch`, JSON text, `dict`) into a
/// core patch, reading text with `opts`.
pub fn patch_arg(py: Python<'_>, patch: &Bound<'_, PyAny>, opts: &ReadOptions) -> PyResult<Patch> {
    match patch.cast::<PyPatch>() {
        Ok(p) => Ok(p.get().inner.clone()),
        Err(_) => read_patch(py, patch, opts),
    }
}

#[pymethods]
impl PyPatch {
    /// A patch from keyword arguments: each a property's snake-case name
    /// (`output_name`, `percent_progress`, …); `None` clears the property.
    #[new]
    #[pyo3(signature = (**properties))]
    fn new(py: Python<'_>, properties: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let opts = ReadOptions::strict();
        let mut values = Vec::new();
        if let Some(props) = properties {
            for (k, v) in props.iter() {
                let key = k.cast::<PyString>()?.to_cow()?.into_owned();
                let property = snake_property(&key).ok_or_else(|| {
                    PyTypeError::new_err(format!(
                        "Patch() got an unexpected keyword argument {key:?}"
                    ))
                })?;
                values.push((property, PyWireValue::new(&v, opts.max_size)?));
            }
        }
        let mut inner = Patch::new();
        inner
            .set_values(values.iter().map(|(p, v)| (*p, v.as_wire())), &opts)
            .map_err(|e| to_py_err(py, &e))?;
        Ok(PyPatch { inner })
    }

    /// Reads a PATCH body from JSON text or a `dict`. Strict by default:
    /// unknown properties and enum members are errors; with `strict=False`
    /// they are kept (RFC 7396 on kept unknown properties).
    #[staticmethod]
    #[pyo3(signature = (data, *, strict = true, max_depth = None, max_size = None, max_errors = None, max_error_bytes = None))]
    #[allow(clippy::too_many_arguments)]
    fn from_json(
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        strict: bool,
        max_depth: Option<usize>,
        max_size: Option<usize>,
        max_errors: Option<usize>,
        max_error_bytes: Option<usize>,
    ) -> PyResult<Self> {
        let opts = read_options(strict, max_depth, max_size, max_errors, max_error_bytes);
        Ok(PyPatch {
            inner: read_patch(py, data, &opts)?,
        })
    }

    /// Reads a PATCH body from a `dict` (wire names); see `from_json`.
    #[staticmethod]
    #[pyo3(signature = (d, *, strict = true, max_depth = None, max_size = None, max_errors = None, max_error_bytes = None))]
    #[allow(clippy::too_many_arguments)]
    fn from_dict(
        py: Python<'_>,
        d: &Bound<'_, PyAny>,
        strict: bool,
        max_depth: Option<usize>,
        max_size: Option<usize>,
        max_errors: Option<usize>,
        max_error_bytes: Option<usize>,
    ) -> PyResult<Self> {
        expect_mapping(d)?;
        Self::from_json(
            py,
            d,
            strict,
            max_depth,
            max_size,
            max_errors,
            max_error_bytes,
        )
    }

    /// The minimal patch turning `base` into `target` (see `caseexport.diff`),
    /// as a `Patch`; `odata_type=False` leaves `@odata.type` out of the body.
    #[staticmethod]
    #[pyo3(signature = (base, target, *, odata_type = true))]
    fn diff(
        py: Python<'_>,
        base: &Bound<'_, PyOperation>,
        target: &Bound<'_, PyOperation>,
        odata_type: bool,
    ) -> PyResult<Self> {
        Ok(PyPatch {
            inner: diff_patch(py, base, target)?.with_odata_type(odata_type),
        })
    }

    /// Restores a pickled object from its canonical JSON (used by `__reduce__`).
    #[staticmethod]
    fn _from_canonical(
        py: Python<'_>,
        data: &Bound<'_, PyBytes>,
        odata_type: bool,
    ) -> PyResult<Self> {
        Ok(PyPatch {
            inner: read_patch(py, data.as_any(), &restore_options())?.with_odata_type(odata_type),
        })
    }

    /// This patch, writing `@odata.type` first (`True`, the default) or not.
    fn with_odata_type(&self, odata_type: bool) -> Self {
        PyPatch {
            inner: self.inner.clone().with_odata_type(odata_type),
        }
    }

    /// The property states of this patch, as a `CaseExportOperation` (use
    /// `state(name)` to see which properties it leaves, clears or sets).
    #[getter]
    fn properties(&self) -> PyOperation {
        PyOperation::new(Box::new(self.inner.properties().clone()), 0)
    }

    /// `True` when applying the patch changes nothing.
    fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    /// The canonical body text.
    fn to_json<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        crate::model::json_str(py, &self.inner.to_vec())
    }

    /// The canonical body as `bytes`.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.to_vec())
    }

    /// The canonical body as Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.inner.to_vec())
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> Py<PyAny> {
        equal_if::<PyPatch>(other, |o| self.inner == o.inner)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let mut r = Repr::new(py, "Patch");
        repr_properties(&mut r, self.inner.properties())?;
        Ok(r.finish())
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> Reduce<'py, (Bound<'py, PyBytes>, bool)> {
        let p = &slf.get().inner;
        reduce(
            slf,
            (PyBytes::new(slf.py(), &p.to_vec()), p.writes_odata_type()),
        )
    }
}

fn diff_patch(
    py: Python<'_>,
    base: &Bound<'_, PyOperation>,
    target: &Bound<'_, PyOperation>,
) -> PyResult<Patch> {
    let weight = base.get().weight.max(target.get().weight);
    let (b, t) = (base.get().op(), target.get().op());
    run(py, weight, || caseexport::diff(b, t)).map_err(|e| to_py_err(py, &e))
}

/// The minimal merge patch (RFC 7396) turning `base` into `target`, as a
/// `dict`: `base.apply_patch(diff(base, target))` is equivalent to `target`.
/// Unchanged properties are left out, a property with no value in `target`
/// is `None`, nested objects are diffed member by member. Raises
/// `ValidationError` (`readOnlyProperty` for different ids, also when only
/// one of the two has an id, since no patch can change an id; `unrepresentable`
/// for a null that a merge patch cannot create).
#[pyfunction]
#[pyo3(signature = (base, target, *, odata_type = true))]
pub fn diff<'py>(
    py: Python<'py>,
    base: &Bound<'py, PyOperation>,
    target: &Bound<'py, PyOperation>,
    odata_type: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let patch = diff_patch(py, base, target)?.with_odata_type(odata_type);
    json_to_py(py, &patch.to_vec())
}
