//! What the model classes share: reading options, releasing the interpreter,
//! property states, and the `__eq__`/`__reduce__` helpers.

use caseexport::{Field, Mode, ReadOptions};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::types;

/// What `__reduce__` returns: a callable and its arguments.
pub type Reduce<'py, A> = PyResult<(Bound<'py, PyAny>, A)>;

/// Inputs at least this large are read (and results of at least this size
/// written) with the interpreter released, so other threads run meanwhile.
/// Below it, releasing and re-acquiring would cost more than it frees.
pub const DETACH_THRESHOLD: usize = 32 * 1024;

/// Runs `f` with the interpreter released when `weight` (input bytes) is large.
pub fn run<T: Send>(py: Python<'_>, weight: usize, f: impl FnOnce() -> T + Send) -> T {
    if weight >= DETACH_THRESHOLD {
        py.detach(f)
    } else {
        f()
    }
}

/// Reader options from the keyword arguments shared by every reading function.
pub fn read_options(
    strict: bool,
    max_depth: Option<usize>,
    max_size: Option<usize>,
    max_errors: Option<usize>,
    max_error_bytes: Option<usize>,
) -> ReadOptions {
    let mut o = ReadOptions::new(if strict { Mode::Strict } else { Mode::Lenient });
    if let Some(d) = max_depth {
        o = o.with_max_depth(d);
    }
    if let Some(s) = max_size {
        o = o.with_max_size(s);
    }
    if let Some(e) = max_errors {
        o = o.with_max_errors(e);
    }
    if let Some(b) = max_error_bytes {
        o = o.with_max_error_bytes(b);
    }
    o
}

/// Options that read back anything the canonical writer produced (pickling).
pub fn restore_options() -> ReadOptions {
    ReadOptions::lenient()
        .with_max_depth(usize::MAX)
        .with_max_size(usize::MAX)
}

/// A `str` from JSON text the core wrote (UTF-8 by construction; Python
/// decodes it once, with no second check on the Rust side).
pub fn json_str<'py>(py: Python<'py>, text: &[u8]) -> PyResult<Bound<'py, PyString>> {
    PyString::from_bytes(py, text)
}

/// Python's `repr` of a string.
pub fn py_repr(py: Python<'_>, s: &str) -> PyResult<String> {
    Ok(PyString::new(py, s).repr()?.to_cow()?.into_owned())
}

/// The state of a tri-state property, as a `FieldState` member.
pub(crate) fn state_of<'py, T>(py: Python<'py>, f: &Field<T>) -> PyResult<Bound<'py, PyAny>> {
    types::field_state(
        py,
        match f {
            Field::Absent => "absent",
            Field::Null => "null",
            Field::Value(_) => "value",
        },
    )
}

pub(crate) fn unknown_name(kind: &str, name: &str) -> PyErr {
    PyValueError::new_err(format!("{kind} has no property {name:?}"))
}

/// Whether `state` (a `FieldState` member) is the one whose value is `which`.
pub(crate) fn is_state(state: &Bound<'_, PyAny>, which: &str) -> PyResult<bool> {
    Ok(state.getattr("value")?.cast::<PyString>()?.to_cow()? == which)
}

/// The result of `__eq__`: `eq` of `other` when it is a `T`, else
/// `NotImplemented`, so Python tries the reflected comparison (and `!=` is
/// derived from it).
pub fn equal_if<T>(other: &Bound<'_, PyAny>, eq: impl FnOnce(&T) -> bool) -> Py<PyAny>
where
    T: pyo3::PyClass<Frozen = pyo3::pyclass::boolean_struct::True> + Sync,
{
    match other.cast::<T>() {
        Ok(o) => pyo3::types::PyBool::new(other.py(), eq(o.get()))
            .to_owned()
            .into_any()
            .unbind(),
        Err(_) => other.py().NotImplemented(),
    }
}

/// What `__reduce__` returns for a class restored by its `_from_canonical`.
pub fn reduce<'py, T: pyo3::PyClass, A>(slf: &Bound<'py, T>, args: A) -> Reduce<'py, A> {
    Ok((slf.as_any().get_type().getattr("_from_canonical")?, args))
}

/// Refuses anything but a `dict` (or another mapping) for `from_dict`.
pub fn expect_mapping(d: &Bound<'_, PyAny>) -> PyResult<()> {
    if d.is_instance_of::<PyDict>() || d.is_instance_of::<pyo3::types::PyMapping>() {
        return Ok(());
    }
    Err(PyTypeError::new_err(format!(
        "from_dict() expects a dict, got {}",
        d.get_type().name()?
    )))
}
