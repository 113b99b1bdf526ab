//! `repr` of the model objects: `Type(name=value, …)` with the declared
//! properties in the core's order, under their snake-case names.

use caseexport::{
    CaseExportOperation, Field, Identity, IdentityMember, IdentitySet, IdentitySetMember, Property,
    ResultInfo, ResultInfoMember, ValueRef,
};
use pyo3::prelude::*;

use super::shared::py_repr;
use crate::convert::members_to_py;

/// Builds `Type(name=value, …)` listing the present properties; a null one
/// shows `None`; the SAS token shows `'***'`.
pub struct Repr<'py> {
    py: Python<'py>,
    out: String,
    first: bool,
}

impl<'py> Repr<'py> {
    /// Starts `Type(`.
    pub fn new(py: Python<'py>, type_name: &str) -> Self {
        Repr {
            py,
            out: format!("{type_name}("),
            first: true,
        }
    }

    /// Adds `name=text`.
    pub fn raw(&mut self, name: &str, text: &str) {
        if !self.first {
            self.out.push_str(", ");
        }
        self.first = false;
        self.out.push_str(name);
        self.out.push('=');
        self.out.push_str(text);
    }

    /// Adds a tri-state property, formatting a value with `fmt`.
    pub fn field<T>(
        &mut self,
        name: &str,
        f: &Field<T>,
        fmt: impl FnOnce(Python<'py>, &T) -> PyResult<String>,
    ) -> PyResult<()> {
        match f {
            Field::Absent => {}
            Field::Null => self.raw(name, "None"),
            Field::Value(v) => {
                let text = fmt(self.py, v)?;
                self.raw(name, &text);
            }
        }
        Ok(())
    }

    /// Adds a string property.
    pub fn string(&mut self, name: &str, f: &Field<String>) -> PyResult<()> {
        self.field(name, f, |py, s| py_repr(py, s))
    }

    /// Adds a kept-members dict (unknown, extra, annotations) when not empty.
    pub fn members(&mut self, name: &str, m: &caseexport::Members) -> PyResult<()> {
        if !m.is_empty() {
            let text = members_to_py(self.py, m)?.repr()?.to_cow()?.into_owned();
            self.raw(name, &text);
        }
        Ok(())
    }

    /// Ends with `)`.
    pub fn finish(mut self) -> String {
        self.out.push(')');
        self.out
    }
}

/// Adds the declared properties `all` of a value, in canonical order, each
/// under its snake-case name with its state from `get`.
fn repr_declared<'a, P: Copy>(
    r: &mut Repr<'_>,
    all: &[P],
    snake_name: fn(P) -> &'static str,
    get: impl Fn(P) -> Field<ValueRef<'a>>,
) -> PyResult<()> {
    for &p in all {
        r.field(snake_name(p), &get(p), value_repr)?;
    }
    Ok(())
}

/// How a value shows in `repr`: strings, timestamps, enums and flags as
/// Python string literals, numbers as numbers, nested values as their own
/// `repr`, the SAS token as `'***'`.
fn value_repr(py: Python<'_>, v: &ValueRef<'_>) -> PyResult<String> {
    match *v {
        ValueRef::String(s) => py_repr(py, s),
        ValueRef::Secret(_) => Ok("'***'".to_owned()),
        ValueRef::Int32(i) => Ok(i.to_string()),
        ValueRef::DateTimeOffset(t) => py_repr(py, &t.to_string()),
        ValueRef::Enum { wire, .. } => py_repr(py, wire),
        ValueRef::Flags(f) => py_repr(py, &f.to_string()),
        ValueRef::IdentitySet(s) => identity_set_repr(py, s),
        ValueRef::Identity(i) => identity_repr(py, i),
        ValueRef::ResultInfo(ri) => result_info_repr(py, ri),
        ValueRef::Int64(i) => Ok(i.to_string()),
        ValueRef::SecurityFlags(f) => py_repr(py, &f.to_string()),
        ValueRef::ExportFileMetadata(_)
        | ValueRef::LiveIdentitySet(_)
        | ValueRef::LiveResultInfo(_)
        | ValueRef::ExportFileMetadataList(_)
        | ValueRef::Json(_) => py_repr(py, &String::from_utf8_lossy(&v.to_json())),
    }
}

/// Writes the properties of an operation (or a patch) into a [`Repr`].
pub fn repr_properties(r: &mut Repr<'_>, op: &CaseExportOperation) -> PyResult<()> {
    repr_declared(r, Property::ALL, Property::snake_name, |p| op.get(p))?;
    r.members("unknown", &op.unknown)
}

pub(crate) fn identity_repr(py: Python<'_>, i: &Identity) -> PyResult<String> {
    let mut r = Repr::new(py, "Identity");
    repr_declared(
        &mut r,
        IdentityMember::ALL,
        IdentityMember::snake_name,
        |m| i.get(m),
    )?;
    r.members("extra", &i.extra)?;
    r.members("annotations", &i.annotations)?;
    Ok(r.finish())
}

pub(crate) fn identity_set_repr(py: Python<'_>, s: &IdentitySet) -> PyResult<String> {
    let mut r = Repr::new(py, "IdentitySet");
    repr_declared(
        &mut r,
        IdentitySetMember::ALL,
        IdentitySetMember::snake_name,
        |m| s.get(m),
    )?;
    r.members("extra", &s.extra)?;
    r.members("annotations", &s.annotations)?;
    Ok(r.finish())
}

pub(crate) fn result_info_repr(py: Python<'_>, ri: &ResultInfo) -> PyResult<String> {
    let mut r = Repr::new(py, "ResultInfo");
    repr_declared(
        &mut r,
        ResultInfoMember::ALL,
        ResultInfoMember::snake_name,
        |m| ri.get(m),
    )?;
    r.members("unknown", &ri.unknown)?;
    r.members("annotations", &ri.annotations)?;
    Ok(r.finish())
}
