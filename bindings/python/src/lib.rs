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
//! nested types), [`patch`] (`Patch`, `diff`), [`http`] (`Request`,
//! `read_response`).

use caseexport::ExportOptions;
use pyo3::prelude::*;

pub mod convert;
pub mod errors;
pub mod http;
pub mod model;
pub mod patch;
pub mod typed;
pub mod types;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The wire string of an `ExportOptions` value given its bits (known members
/// in declaration order, joined by `,`; empty for no members).
#[pyfunction]
fn flags_to_wire(bits: u8) -> String {
    ExportOptions::from_parts(bits, Vec::new()).to_string()
}

/// Parses an `exportOptions` wire string leniently: `(bits, unknown members)`.
/// Raises `ValueError` for a malformed string (empty, empty member, stray space).
#[pyfunction]
fn flags_from_wire(wire: &str) -> PyResult<(u8, Vec<String>)> {
    let o: ExportOptions = wire
        .parse()
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("{e}: {wire:?}")))?;
    Ok((o.bits(), o.unknown().to_vec()))
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
    m.add_function(wrap_pyfunction!(patch::diff, m)?)?;
    m.add_function(wrap_pyfunction!(http::read_response, m)?)?;
    m.add_function(wrap_pyfunction!(http::operation_url, m)?)?;
    m.add_function(wrap_pyfunction!(flags_to_wire, m)?)?;
    m.add_function(wrap_pyfunction!(flags_from_wire, m)?)?;
    m.add_function(wrap_pyfunction!(_enum_types, m)?)?;
    m.add_function(wrap_pyfunction!(_declared_properties, m)?)?;
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
