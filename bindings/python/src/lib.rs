//! `caseexport._native`: the Python skin over the `caseexport` core crate.
//!
//! Every rule — reading, validation, merge, diff, canonical output, the HTTP
//! exchange — is the core's; this crate converts between Python objects and
//! the core's types and errors, and releases the interpreter while the core
//! works on large inputs. The public Python package (`python/caseexport`)
//! re-exports these classes next to its enums and exceptions.
//!
//! Module map: [`convert`] (Python ⇄ JSON text), [`types`] (the Python-level
//! enums and exceptions, cached), [`errors`], [`model`] (the operation and its
//! nested types), [`patch`] (`Patch`, `diff`), [`typed`] (the export
//! operations of any type, pages, `ExportPatch`), [`http`] (`Request`,
//! `read_response`), [`poll`] (`Poll`, watching an operation), [`serve`]
//! (the server in this process, for `caseexport.testing`).

use pyo3::prelude::*;

pub mod convert;
pub mod errors;
pub mod http;
pub mod model;
pub mod patch;
pub mod poll;
pub mod serve;
pub mod typed;
pub mod types;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The flags type named `type_name` (a core flags type's OData name).
fn flags_type(type_name: &str) -> PyResult<&'static caseexport::EnumType> {
    caseexport::enum_types()
        .into_iter()
        .find(|t| t.flags && t.type_name == type_name)
        .ok_or_else(|| {
            pyo3::exceptions::PyValueError::new_err(format!("no flags type {type_name:?}"))
        })
}

/// The wire string of a flags value of the flags type `type_name` given its
/// bits (known members in declaration order, joined by `,`; empty for no
/// members).
#[pyfunction]
#[pyo3(signature = (bits, type_name = "exportOptions"))]
fn flags_to_wire(bits: u64, type_name: &str) -> PyResult<String> {
    Ok(flags_type(type_name)?.flags_to_wire(bits))
}

/// Parses a wire string of the flags type `type_name` leniently: `(bits,
/// unknown members)`. Raises `ValueError` for a malformed string (empty,
/// empty member, stray space).
#[pyfunction]
#[pyo3(signature = (wire, type_name = "exportOptions"))]
fn flags_from_wire(wire: &str, type_name: &str) -> PyResult<(u64, Vec<String>)> {
    flags_type(type_name)?
        .flags_from_wire(wire)
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("{e}: {wire:?}")))
}

/// The core's enumeration and flags types, from its declarations:
/// `[(type name, [member wire names], is_flags)]`. `caseexport._enums`
/// builds its enum classes from this list.
#[pyfunction]
fn _enum_types() -> Vec<(&'static str, Vec<&'static str>, bool)> {
    caseexport::enum_types()
        .into_iter()
        .map(|t| (t.type_name, t.members.to_vec(), t.flags))
        .collect()
}

/// The core's declared properties: `{type name: [(snake name, wire name)]}`,
/// each list in canonical order (what the tests hold the classes and the
/// stub to).
#[pyfunction]
fn _declared_properties() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    use caseexport::{IdentityMember, IdentitySetMember, Property, ResultInfoMember};
    fn names<P: Copy>(
        all: &[P],
        snake: fn(P) -> &'static str,
        wire: fn(P) -> &'static str,
    ) -> Vec<(&'static str, &'static str)> {
        all.iter().map(|&p| (snake(p), wire(p))).collect()
    }
    vec![
        (
            Property::TYPE_NAME,
            names(Property::ALL, Property::snake_name, Property::wire_name),
        ),
        (
            IdentitySetMember::TYPE_NAME,
            names(
                IdentitySetMember::ALL,
                IdentitySetMember::snake_name,
                IdentitySetMember::wire_name,
            ),
        ),
        (
            IdentityMember::TYPE_NAME,
            names(
                IdentityMember::ALL,
                IdentityMember::snake_name,
                IdentityMember::wire_name,
            ),
        ),
        (
            ResultInfoMember::TYPE_NAME,
            names(
                ResultInfoMember::ALL,
                ResultInfoMember::snake_name,
                ResultInfoMember::wire_name,
            ),
        ),
    ]
}

/// A value kind as the stub generator reads it: `"String"`, `"Secret"`,
/// `"Int32"`, `"Int64"`, `"DateTimeOffset"`, `"Enum:<type>"`,
/// `"Flags:<type>"`, `"Complex:<type>"`, `"Collection:<type>"` or `"Json"`.
fn kind_name(kind: caseexport::ValueKind) -> String {
    use caseexport::ValueKind;
    match kind {
        ValueKind::String => "String".to_owned(),
        ValueKind::Secret => "Secret".to_owned(),
        ValueKind::Int32 { .. } => "Int32".to_owned(),
        ValueKind::Int64 => "Int64".to_owned(),
        ValueKind::DateTimeOffset => "DateTimeOffset".to_owned(),
        ValueKind::Enum(t) => format!("Enum:{}", t.type_name),
        ValueKind::Flags(t) => format!("Flags:{}", t.type_name),
        ValueKind::Complex(t) => format!("Complex:{t}"),
        ValueKind::Collection(t) => format!("Collection:{t}"),
        ValueKind::Json => "Json".to_owned(),
    }
}

/// One property for the stub generator: (snake name, kind, read-only).
type PropertyKind = (&'static str, String, bool);

/// The seed's declared properties with their kinds: `{type name: [(snake
/// name, kind, read-only)]}` in canonical order, from which the tests
/// generate the native stub's attributes and `Patch` keywords.
#[pyfunction]
fn _declared_kinds() -> Vec<(&'static str, Vec<PropertyKind>)> {
    use caseexport::{IdentityMember, IdentitySetMember, Property, ResultInfoMember};
    macro_rules! kinds {
        ($P:ident) => {
            (
                $P::TYPE_NAME,
                $P::ALL
                    .iter()
                    .map(|&p| (p.snake_name(), kind_name(p.kind()), p.is_read_only()))
                    .collect(),
            )
        };
    }
    vec![
        kinds!(Property),
        kinds!(IdentitySetMember),
        kinds!(IdentityMember),
        kinds!(ResultInfoMember),
    ]
}

/// The native module behind the `caseexport` package.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<model::PyOperation>()?;
    m.add_class::<model::PyIdentitySet>()?;
    m.add_class::<model::PyIdentity>()?;
    m.add_class::<model::PyResultInfo>()?;
    m.add_class::<patch::PyPatch>()?;
    m.add_class::<typed::PyExportOperation>()?;
    m.add_class::<typed::PyOperationsPage>()?;
    m.add_class::<typed::PyExportPatch>()?;
    m.add_class::<errors::PyErrorDetail>()?;
    m.add_class::<http::PyRequest>()?;
    m.add_class::<http::PyGraphErrorDetail>()?;
    m.add_class::<poll::PyPoll>()?;
    m.add_class::<poll::PyPollStep>()?;
    m.add_class::<serve::PyServer>()?;
    m.add_function(wrap_pyfunction!(patch::diff, m)?)?;
    m.add_function(wrap_pyfunction!(http::read_response, m)?)?;
    m.add_function(wrap_pyfunction!(http::operation_url, m)?)?;
    m.add_function(wrap_pyfunction!(flags_to_wire, m)?)?;
    m.add_function(wrap_pyfunction!(flags_from_wire, m)?)?;
    m.add_function(wrap_pyfunction!(_enum_types, m)?)?;
    m.add_function(wrap_pyfunction!(_declared_properties, m)?)?;
    m.add_function(wrap_pyfunction!(_declared_kinds, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DETACH_THRESHOLD", model::DETACH_THRESHOLD)?;
    m.add(
        "BUILD_PROFILE",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
    )?;
    Ok(())
}
