//! The model classes: `CaseExportOperation` and its nested `IdentitySet`,
//! `Identity` and `ResultInfo`. Each wraps the core value; attributes convert
//! on access, and every read, apply and write is the core's.
//!
//! By responsibility, each module using only those above it: [`shared`]
//! (reading options, releasing the interpreter, `__eq__`/`__reduce__`
//! helpers, property states), [`repr`] (`repr` of every model object),
//! [`nested`] (property values as Python objects, and the `IdentitySet`,
//! `Identity` and `ResultInfo` classes), [`operation`] (the
//! `CaseExportOperation` class).

pub mod nested;
pub mod operation;
pub mod repr;
pub mod shared;

pub use nested::{nested_json, PyIdentity, PyIdentitySet, PyResultInfo};
pub use operation::PyOperation;
pub use repr::{repr_properties, Repr};
pub use shared::{
    equal_if, expect_mapping, json_str, py_repr, read_options, reduce, restore_options, run,
    Reduce, DETACH_THRESHOLD,
};
