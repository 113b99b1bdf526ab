//! The Python-level types the native code hands out or recognises — the enums
//! (`caseexport/_enums.py`), `FieldState` and the exception classes
//! (`caseexport/_types.py`) — looked up once and cached.

use caseexport::{ExportOptions, SecurityExportOptions};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString, PyType};

const TYPES: &str = "caseexport._types";
const ENUMS: &str = "caseexport._enums";

macro_rules! cached_class {
    ($($(#[$doc:meta])* $fn:ident => $module:expr, $name:literal;)*) => {
        $(
            $(#[$doc])*
            pub fn $fn(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
                static CELL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
                CELL.import(py, $module, $name)
            }
        )*
    };
}

cached_class! {
    /// `caseexport.ExportOptions` (an `enum.Flag`).
    export_options_class => ENUMS, "ExportOptions";
    /// `caseexport.SecurityExportOptions` (an `enum.Flag`).
    security_export_options_class => ENUMS, "SecurityExportOptions";
    /// `caseexport.FieldState`.
    field_state_class => TYPES, "FieldState";
    /// `caseexport.ParseError`.
    parse_error_class => TYPES, "ParseError";
    /// `caseexport.ValidationError`.
    validation_error_class => TYPES, "ValidationError";
    /// `caseexport.RequestError`.
    request_error_class => TYPES, "RequestError";
    /// `caseexport.GraphError`.
    graph_error_class => TYPES, "GraphError";
    /// `enum.Enum`.
    enum_class => "enum", "Enum";
}

/// `json.dumps` (used only to escape strings holding lone surrogates).
pub fn json_dumps(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static CELL: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    CELL.get_or_try_init(py, || {
        Ok::<_, PyErr>(py.import("json")?.getattr("dumps")?.unbind())
    })
    .map(|f| f.bind(py))
}

/// `{type name: {wire name: member}}` for every enum class of
/// `caseexport._enums` (built there from the core's `enum_types()`).
fn members(py: Python<'_>) -> PyResult<&Bound<'_, PyDict>> {
    static CELL: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
    CELL.get_or_try_init(py, || {
        let classes = py.import(ENUMS)?.getattr("_ENUM_CLASSES")?;
        let map = PyDict::new(py);
        for item in classes.cast::<PyDict>()?.iter() {
            let (type_name, cls) = item;
            let by_wire = PyDict::new(py);
            for member in cls.try_iter()? {
                let member = member?;
                by_wire.set_item(member.getattr("value")?, member)?;
            }
            map.set_item(type_name, by_wire)?;
        }
        Ok::<_, PyErr>(map.unbind())
    })
    .map(|d| d.bind(py))
}

/// The enum member of the core enumeration `type_name` for a wire name; a
/// member this version does not know (kept from a lenient read) stays its
/// wire string.
pub fn enum_to_py<'py>(
    py: Python<'py>,
    type_name: &str,
    wire: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let by_wire = members(py)?
        .get_item(type_name)?
        .ok_or_else(|| PyRuntimeError::new_err(format!("no Python class for {type_name}")))?;
    match by_wire.cast::<PyDict>()?.get_item(wire)? {
        Some(member) => Ok(member),
        None => Ok(PyString::new(py, wire).into_any()),
    }
}

/// An `ExportOptions` flag value, or the wire string when it holds members
/// this version does not know (a `Flag` cannot carry them).
pub fn flags_to_py<'py>(py: Python<'py>, v: &ExportOptions) -> PyResult<Bound<'py, PyAny>> {
    if v.unknown().is_empty() {
        export_options_class(py)?.call1((v.bits(),))
    } else {
        Ok(PyString::new(py, &v.to_string()).into_any())
    }
}

/// A `SecurityExportOptions` flag value, or the wire string when it holds
/// members this version does not know.
pub fn security_flags_to_py<'py>(
    py: Python<'py>,
    v: &SecurityExportOptions,
) -> PyResult<Bound<'py, PyAny>> {
    if v.unknown().is_empty() {
        security_export_options_class(py)?.call1((v.bits(),))
    } else {
        Ok(PyString::new(py, &v.to_string()).into_any())
    }
}

/// A `FieldState` member by its value (`"absent"`, `"null"`, `"value"`).
pub fn field_state<'py>(py: Python<'py>, state: &str) -> PyResult<Bound<'py, PyAny>> {
    field_state_class(py)?.getattr(match state {
        "absent" => "ABSENT",
        "null" => "NULL",
        "value" => "VALUE",
        _ => return Err(PyRuntimeError::new_err("unknown field state")),
    })
}
