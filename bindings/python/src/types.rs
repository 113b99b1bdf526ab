//! The Python-level types the native code hands out or recognises — the enums,
//! `FieldState` and the exception classes, all defined in
//! `caseexport/_types.py` — looked up once and cached.

use caseexport::ExportOptions;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString, PyType};

const TYPES: &str = "caseexport._types";

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
    export_options_class => TYPES, "ExportOptions";
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

/// Which evolvable enum a wire string belongs to.
#[derive(Clone, Copy)]
pub enum EnumKind {
    /// `caseOperationStatus`
    Status,
    /// `caseAction`
    Action,
    /// `exportFileStructure`
    Structure,
}

/// `{wire name: member}` of one of the Python enums.
fn members(py: Python<'_>, kind: EnumKind) -> PyResult<&Bound<'_, PyDict>> {
    static STATUS: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
    static ACTION: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
    static STRUCTURE: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
    let (cell, name) = match kind {
        EnumKind::Status => (&STATUS, "CaseOperationStatus"),
        EnumKind::Action => (&ACTION, "CaseAction"),
        EnumKind::Structure => (&STRUCTURE, "ExportFileStructure"),
    };
    cell.get_or_try_init(py, || {
        let cls = py.import(TYPES)?.getattr(name)?;
        let map = PyDict::new(py);
        for member in cls.try_iter()? {
            let member = member?;
            map.set_item(member.getattr("value")?, member)?;
        }
        Ok::<_, PyErr>(map.unbind())
    })
    .map(|d| d.bind(py))
}

/// The enum member for a wire name; a member this version does not know (kept
/// from a lenient read) stays its wire string.
pub fn enum_to_py<'py>(py: Python<'py>, kind: EnumKind, wire: &str) -> PyResult<Bound<'py, PyAny>> {
    match members(py, kind)?.get_item(wire)? {
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

/// A `FieldState` member by its value (`"absent"`, `"null"`, `"value"`).
pub fn field_state<'py>(py: Python<'py>, state: &str) -> PyResult<Bound<'py, PyAny>> {
    field_state_class(py)?.getattr(match state {
        "absent" => "ABSENT",
        "null" => "NULL",
        "value" => "VALUE",
        _ => return Err(PyRuntimeError::new_err("unknown field state")),
    })
}
