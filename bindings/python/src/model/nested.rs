//! Property values as Python objects (through the core's access by name),
//! and the classes of the nested values: `IdentitySet`, `Identity`,
//! `ResultInfo`.

use caseexport::{
    Field, Identity, IdentityMember, IdentitySet, IdentitySetMember, ReadOptions, ResultInfo,
    ResultInfoMember, ValueRef,
};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use super::repr::{identity_repr, identity_set_repr, result_info_repr};
use super::shared::{
    equal_if, is_state, json_str, reduce, restore_options, state_of, unknown_name, Reduce,
};
use crate::convert::{json_to_py, members_to_py};
use crate::errors::to_py_err;
use crate::types::{enum_to_py, flags_to_py, security_flags_to_py};

/// A property value as a Python object: `str`, `int`, an aware `datetime`,
/// an enum member (or the wire string of a member this version does not
/// know), an `ExportOptions` or `SecurityExportOptions` flag (or its wire
/// string when it holds unknown members), or a nested model object.
pub(crate) fn value_to_py<'py>(py: Python<'py>, v: ValueRef<'_>) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        ValueRef::String(s) => PyString::new(py, s).into_any(),
        ValueRef::Secret(s) => PyString::new(py, s.expose()).into_any(),
        ValueRef::Int32(i) => i.into_pyobject(py)?.into_any(),
        ValueRef::DateTimeOffset(t) => t.to_offset_date_time().into_pyobject(py)?.into_any(),
        ValueRef::Enum { type_name, wire } => enum_to_py(py, type_name, wire)?,
        ValueRef::Flags(f) => flags_to_py(py, f)?,
        ValueRef::IdentitySet(s) => PyIdentitySet { inner: s.clone() }
            .into_pyobject(py)?
            .into_any(),
        ValueRef::Identity(i) => PyIdentity { inner: i.clone() }
            .into_pyobject(py)?
            .into_any(),
        ValueRef::ResultInfo(r) => PyResultInfo { inner: r.clone() }
            .into_pyobject(py)?
            .into_any(),
        ValueRef::Int64(i) => i.into_pyobject(py)?.into_any(),
        ValueRef::SecurityFlags(f) => security_flags_to_py(py, f)?,
        // The security type's collection and navigation values, as the
        // Python values of their JSON.
        ValueRef::ExportFileMetadata(_)
        | ValueRef::LiveIdentitySet(_)
        | ValueRef::LiveResultInfo(_)
        | ValueRef::ExportFileMetadataList(_)
        | ValueRef::Json(_) => json_to_py(py, &v.to_json())?,
    })
}

/// An attribute: the property's value, `None` when absent or null.
pub(crate) fn attribute<'py>(
    py: Python<'py>,
    f: Field<ValueRef<'_>>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    f.into_option().map(|v| value_to_py(py, v)).transpose()
}

/// The state of a declared property named by its snake-case or wire name.
pub(crate) fn state_by_name<'a, 'py, P>(
    py: Python<'py>,
    type_name: &str,
    name: &str,
    from_name: fn(&str) -> Option<P>,
    get: impl FnOnce(P) -> Field<ValueRef<'a>>,
) -> PyResult<Bound<'py, PyAny>> {
    let p = from_name(name).ok_or_else(|| unknown_name(type_name, name))?;
    state_of(py, &get(p))
}

/// What the wrappers of nested values share: how a pickled value reads back
/// (the core's reader of the type on its own does all the checking) and how
/// it shows in `repr`. Its JSON is the core's `to_json`.
trait Nested: Sized {
    /// The core's reader of this type on its own.
    fn from_json_with(bytes: &[u8], opts: &ReadOptions) -> Result<Self, caseexport::Error>;
    fn repr(py: Python<'_>, value: &Self) -> PyResult<String>;
}

impl Nested for IdentitySet {
    fn from_json_with(bytes: &[u8], opts: &ReadOptions) -> Result<Self, caseexport::Error> {
        IdentitySet::from_json_with(bytes, opts)
    }
    fn repr(py: Python<'_>, value: &Self) -> PyResult<String> {
        identity_set_repr(py, value)
    }
}

impl Nested for Identity {
    fn from_json_with(bytes: &[u8], opts: &ReadOptions) -> Result<Self, caseexport::Error> {
        Identity::from_json_with(bytes, opts)
    }
    fn repr(py: Python<'_>, value: &Self) -> PyResult<String> {
        identity_repr(py, value)
    }
}

impl Nested for ResultInfo {
    fn from_json_with(bytes: &[u8], opts: &ReadOptions) -> Result<Self, caseexport::Error> {
        ResultInfo::from_json_with(bytes, opts)
    }
    fn repr(py: Python<'_>, value: &Self) -> PyResult<String> {
        result_info_repr(py, value)
    }
}

/// Reads a nested value back from its canonical text (unpickling).
fn read_nested<T: Nested>(py: Python<'_>, text: &[u8]) -> PyResult<T> {
    T::from_json_with(text, &restore_options()).map_err(|e| to_py_err(py, &e))
}

/// The canonical JSON of a nested model object (`IdentitySet`, `Identity`,
/// `ResultInfo`), or `None` for anything else.
pub fn nested_json(obj: &Bound<'_, PyAny>) -> PyResult<Option<Vec<u8>>> {
    if let Ok(s) = obj.cast::<PyIdentitySet>() {
        return Ok(Some(s.get().inner.to_json()));
    }
    if let Ok(i) = obj.cast::<PyIdentity>() {
        return Ok(Some(i.get().inner.to_json()));
    }
    if let Ok(r) = obj.cast::<PyResultInfo>() {
        return Ok(Some(r.get().inner.to_json()));
    }
    Ok(None)
}

/// The `#[pymethods]` of a nested wrapper (a frozen class whose `inner` is a
/// [`Nested`] core value): its own methods, given as `$own`; one attribute
/// per declared member and `state`, from the core's declaration (the list
/// at the end, handed over by the core's `…_members!` macro); then the
/// methods all three have alike.
macro_rules! nested_pymethods {
    (
        $class:ident $Member:ident $python_name:literal { $($own:tt)* }
        [$($V:ident $field:ident $wire:literal),+]
    ) => {
        #[pymethods]
        impl $class {
            $($own)*

            $(
                #[doc = concat!("`", $wire, "`: its value (see the stub for its type), `None` when absent or null.")]
                #[getter]
                fn $field<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
                    attribute(py, self.inner.get($Member::$V))
                }
            )+

            /// The state of a member (snake-case or wire name): a `FieldState`.
            fn state<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
                state_by_name(py, $python_name, name, $Member::from_name, |m| {
                    self.inner.get(m)
                })
            }

            /// Annotations of this object (its `@odata.type` among them).
            #[getter]
            fn annotations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                members_to_py(py, &self.inner.annotations)
            }

            /// `True` when the member was not in the document.
            fn is_absent(&self, py: Python<'_>, name: &str) -> PyResult<bool> {
                is_state(&self.state(py, name)?, "absent")
            }

            /// `True` when the member is present as JSON `null`.
            fn is_null(&self, py: Python<'_>, name: &str) -> PyResult<bool> {
                is_state(&self.state(py, name)?, "null")
            }

            /// Absent ≡ null for declared members; annotations ignored.
            fn equivalent(&self, other: &Bound<'_, $class>) -> bool {
                self.inner.equivalent(&other.get().inner)
            }

            /// The canonical JSON of this object.
            fn to_json<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
                json_str(py, &self.inner.to_json())
            }

            /// The canonical JSON as Python objects (wire names).
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                json_to_py(py, &self.inner.to_json())
            }

            /// Restores a pickled object from its canonical JSON (used by `__reduce__`).
            #[staticmethod]
            fn _from_canonical(py: Python<'_>, data: &Bound<'_, PyBytes>) -> PyResult<Self> {
                Ok($class {
                    inner: read_nested(py, data.as_bytes())?,
                })
            }

            fn __eq__(&self, other: &Bound<'_, PyAny>) -> Py<PyAny> {
                equal_if::<$class>(other, |o| self.inner == o.inner)
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                Nested::repr(py, &self.inner)
            }

            fn __reduce__<'py>(slf: &Bound<'py, Self>) -> Reduce<'py, (Bound<'py, PyBytes>,)> {
                let bytes = slf.get().inner.to_json();
                reduce(slf, (PyBytes::new(slf.py(), &bytes),))
            }
        }
    };
}

/// `identitySet`: who created the operation. An open type: members it does
/// not declare are kept in `extra`. Attributes are `Identity` or `None`.
#[pyclass(module = "caseexport", name = "IdentitySet", frozen)]
pub struct PyIdentitySet {
    inner: IdentitySet,
}

caseexport::identity_set_members!(nested_pymethods {
    PyIdentitySet IdentitySetMember "IdentitySet" {
        /// Members `identitySet` does not declare, in arrival order.
        #[getter]
        fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
            members_to_py(py, &self.inner.extra)
        }
    }
});

/// `identity`: an `id` and a `displayName`. An open type: other members are
/// kept in `extra`.
#[pyclass(module = "caseexport", name = "Identity", frozen)]
pub struct PyIdentity {
    inner: Identity,
}

caseexport::identity_members!(nested_pymethods {
    PyIdentity IdentityMember "Identity" {
        /// Members `identity` does not declare, in arrival order.
        #[getter]
        fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
            members_to_py(py, &self.inner.extra)
        }
    }
});

/// `resultInfo`: the outcome `code`, `message` and `subcode` of an operation.
#[pyclass(module = "caseexport", name = "ResultInfo", frozen)]
pub struct PyResultInfo {
    inner: ResultInfo,
}

caseexport::result_info_members!(nested_pymethods {
    PyResultInfo ResultInfoMember "ResultInfo" {
        /// Unknown members kept by a lenient read, in arrival order.
        #[getter]
        fn unknown<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
            members_to_py(py, &self.inner.unknown)
        }
    }
});
