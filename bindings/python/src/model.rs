//! The model classes: `CaseExportOperation` and its nested `IdentitySet`,
//! `Identity` and `ResultInfo`. Each wraps the core value; attributes convert
//! on access, and every read, apply and write is the core's.

use std::cell::RefCell;
use std::ops::Deref;
use std::sync::OnceLock;

use caseexport::{
    CaseExportOperation, Field, Identity, IdentityMember, IdentitySet, IdentitySetMember, Mode,
    Patched, Property, ReadOptions, ResultInfo, ResultInfoMember, ValueRef,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use crate::convert::{self, json_to_py, members_to_py};
use crate::errors::to_py_err;
use crate::patch::PyPatch;
use crate::types::{self, enum_to_py, flags_to_py};

/// What `__reduce__` returns: a callable and its arguments.
pub type Reduce<'py, A> = PyResult<(Bound<'py, PyAny>, A)>;

/// Inputs at least this large are read (and results of at least this size
/// written) with the interpreter released, so other threads run meanwhile.
/// Below it, releasing and re-acquiring would cost more than it frees.
pub const DETACH_THRESHOLD: usize = 32 * 1024;

thread_local! {
    /// The output buffer `to_json` and `to_bytes` reuse on this thread.
    static OUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

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
fn state_of<'py, T>(py: Python<'py>, f: &Field<T>) -> PyResult<Bound<'py, PyAny>> {
    types::field_state(
        py,
        match f {
            Field::Absent => "absent",
            Field::Null => "null",
            Field::Value(_) => "value",
        },
    )
}

fn unknown_name(kind: &str, name: &str) -> PyErr {
    PyValueError::new_err(format!("{kind} has no property {name:?}"))
}

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
    }
}

/// Writes the properties of an operation (or a patch) into a [`Repr`].
pub fn repr_properties(r: &mut Repr<'_>, op: &CaseExportOperation) -> PyResult<()> {
    repr_declared(r, Property::ALL, Property::snake_name, |p| op.get(p))?;
    r.members("unknown", &op.unknown)
}

fn identity_repr(py: Python<'_>, i: &Identity) -> PyResult<String> {
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

fn identity_set_repr(py: Python<'_>, s: &IdentitySet) -> PyResult<String> {
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

fn result_info_repr(py: Python<'_>, ri: &ResultInfo) -> PyResult<String> {
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

/// A property value as a Python object: `str`, `int`, an aware `datetime`,
/// an enum member (or the wire string of a member this version does not
/// know), an `ExportOptions` flag (or its wire string when it holds unknown
/// members), or a nested model object.
fn value_to_py<'py>(py: Python<'py>, v: ValueRef<'_>) -> PyResult<Bound<'py, PyAny>> {
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
    })
}

/// An attribute: the property's value, `None` when absent or null.
fn attribute<'py>(py: Python<'py>, f: Field<ValueRef<'_>>) -> PyResult<Option<Bound<'py, PyAny>>> {
    f.into_option().map(|v| value_to_py(py, v)).transpose()
}

/// The state of a declared property named by its snake-case or wire name.
fn state_by_name<'a, 'py, P>(
    py: Python<'py>,
    type_name: &str,
    name: &str,
    from_name: fn(&str) -> Option<P>,
    get: impl FnOnce(P) -> Field<ValueRef<'a>>,
) -> PyResult<Bound<'py, PyAny>> {
    let p = from_name(name).ok_or_else(|| unknown_name(type_name, name))?;
    state_of(py, &get(p))
}

/// The state of an operation property, by snake-case or wire name.
fn operation_state<'py>(
    py: Python<'py>,
    op: &CaseExportOperation,
    name: &str,
) -> PyResult<Bound<'py, PyAny>> {
    state_by_name(py, "CaseExportOperation", name, Property::from_name, |p| {
        op.get(p)
    })
}

fn is_state(state: &Bound<'_, PyAny>, which: &str) -> PyResult<bool> {
    Ok(state.getattr("value")?.cast::<PyString>()?.to_cow()? == which)
}

/// A Microsoft Graph eDiscovery `caseExportOperation`.
///
/// Read one with `from_json` / `from_dict` (lenient by default: unknown
/// properties and enum members are kept). Attributes give `None` for a
/// property that is absent or null; `state(name)` tells the two apart.
/// Objects are immutable: `apply_patch` returns a new one.
#[pyclass(module = "caseexport", name = "CaseExportOperation", frozen)]
pub struct PyOperation {
    state: State,
    /// Roughly how many bytes of JSON this object came from (decides whether
    /// working on it releases the interpreter).
    pub weight: usize,
}

/// What a `CaseExportOperation` object holds.
enum State {
    /// The core value, boxed: it is read (`from_json_boxed`) and cloned
    /// straight into its box, and the Python object stays small enough for
    /// the interpreter's small-object allocator.
    Ready(Box<CaseExportOperation>),
    /// The result of `apply_patch` on a small `Ready` operation: the base
    /// object and the checked patch (the core's `Patched`). `to_json` writes
    /// the result from the two without building it; anything that needs the
    /// updated value (attributes, `==`, `diff`, applying another patch)
    /// builds it once, into `done`. The base is always `Ready`, so chains of
    /// patches never nest (nor keep more than one base alive).
    Patched {
        /// Small (the patch inside is boxed), so held inline.
        lazy: Patched<Base>,
        done: OnceLock<Box<CaseExportOperation>>,
    },
}

/// The base of a lazily patched operation: the `Ready` object it came from.
struct Base(Py<PyOperation>);

impl Deref for Base {
    type Target = CaseExportOperation;

    fn deref(&self) -> &CaseExportOperation {
        self.0.get().op()
    }
}

impl PyOperation {
    /// An object holding `op`.
    pub fn new(op: Box<CaseExportOperation>, weight: usize) -> Self {
        PyOperation {
            state: State::Ready(op),
            weight,
        }
    }

    /// The operation's value. A lazily patched one is built on first use;
    /// building is plain Rust (no Python call, no release of the
    /// interpreter), so threads waiting on it cannot deadlock.
    pub fn op(&self) -> &CaseExportOperation {
        match &self.state {
            State::Ready(op) => op,
            State::Patched { lazy, done } => done.get_or_init(|| Box::new(lazy.to_operation())),
        }
    }

    /// Reads a document from any accepted input.
    pub fn read(
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        allow_objects: bool,
        opts: &ReadOptions,
    ) -> PyResult<Self> {
        let input = convert::input(data, allow_objects, opts.max_size)?;
        let bytes = input.as_slice();
        let result = run(py, bytes.len(), || {
            CaseExportOperation::from_json_boxed(bytes, opts)
        });
        match result {
            Ok(op) => Ok(PyOperation::new(op, bytes.len())),
            Err(e) => Err(to_py_err(py, &e)),
        }
    }

    /// `apply_patch`: lazily (a `Patched` state made by `make`) when this
    /// object is `Ready` and the work is too small to release the
    /// interpreter for; else a copy patched at once by `apply`, released
    /// when large.
    fn patched(
        slf: &Bound<'_, Self>,
        weight: usize,
        make: impl FnOnce(Base) -> Result<Patched<Base>, caseexport::Error>,
        apply: impl FnOnce(&mut CaseExportOperation) -> Result<(), caseexport::Error> + Send,
    ) -> PyResult<Self> {
        let py = slf.py();
        let this = slf.get();
        let result = match &this.state {
            State::Ready(_) if weight < DETACH_THRESHOLD => {
                make(Base(slf.clone().unbind())).map(|lazy| State::Patched {
                    lazy,
                    done: OnceLock::new(),
                })
            }
            _ => {
                let op = this.op();
                run(py, weight, || {
                    let mut out = Box::new(op.clone());
                    apply(&mut out).map(|()| State::Ready(out))
                })
            }
        };
        match result {
            Ok(state) => Ok(PyOperation { state, weight }),
            Err(e) => Err(to_py_err(py, &e)),
        }
    }

    /// Writes the canonical JSON into `out` (a lazily patched operation
    /// without being built).
    fn write_canonical(&self, out: &mut Vec<u8>) {
        match &self.state {
            State::Ready(op) => op.write_json(out),
            State::Patched { lazy, done } => match done.get() {
                Some(op) => op.write_json(out),
                None => lazy.write_json(out),
            },
        }
    }

    /// Calls `f` with the canonical JSON. Small operations are written into
    /// this thread's reused buffer (the text is copied into a Python object
    /// anyway, so a fresh buffer per call would only add an allocation);
    /// large ones as by [`canonical`](Self::canonical).
    fn with_canonical<R>(&self, py: Python<'_>, f: impl FnOnce(&[u8]) -> R) -> R {
        /// Kept between calls up to this capacity.
        const KEEP: usize = 64 * 1024;
        if self.weight >= DETACH_THRESHOLD {
            return f(&self.canonical(py));
        }
        OUT.with(|cell| match cell.try_borrow_mut() {
            Ok(mut buf) => {
                buf.clear();
                self.write_canonical(&mut buf);
                let result = f(&buf);
                if buf.capacity() > KEEP {
                    *buf = Vec::new();
                }
                result
            }
            // Re-entered (a collector-run finalizer writing JSON while `f`
            // builds the Python object): a buffer of its own.
            Err(_) => f(&self.canonical(py)),
        })
    }

    /// The canonical JSON, written with the interpreter released when large
    /// (a lazily patched operation is written without being built).
    fn canonical(&self, py: Python<'_>) -> Vec<u8> {
        run(py, self.weight, || {
            let mut out = Vec::new();
            self.write_canonical(&mut out);
            out
        })
    }
}

#[pymethods]
impl PyOperation {
    /// Reads a document from JSON text (`str`, `bytes`, `bytearray`) or a
    /// `dict`. Lenient by default (responses, stored objects); `strict=True`
    /// refuses unknown properties, unknown enum members and
    /// `unknownFutureValue`. Limits default to depth 64, 16 MiB, 100 errors.
    ///
    /// Raises `ParseError` (not usable JSON) or `ValidationError`, with every
    /// problem in `.errors`.
    #[staticmethod]
    #[pyo3(signature = (data, *, strict = false, max_depth = None, max_size = None, max_errors = None))]
    fn from_json(
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        strict: bool,
        max_depth: Option<usize>,
        max_size: Option<usize>,
        max_errors: Option<usize>,
    ) -> PyResult<Self> {
        Self::read(
            py,
            data,
            true,
            &read_options(strict, max_depth, max_size, max_errors),
        )
    }

    /// Reads a document from a `dict` of JSON values (wire names such as
    /// `"outputName"`); enum members, `ExportOptions` and aware `datetime`
    /// values are accepted where their wire strings go. Same rules and errors
    /// as `from_json`.
    #[staticmethod]
    #[pyo3(signature = (d, *, strict = false, max_depth = None, max_size = None, max_errors = None))]
    fn from_dict(
        py: Python<'_>,
        d: &Bound<'_, PyAny>,
        strict: bool,
        max_depth: Option<usize>,
        max_size: Option<usize>,
        max_errors: Option<usize>,
    ) -> PyResult<Self> {
        expect_mapping(d)?;
        Self::read(
            py,
            d,
            true,
            &read_options(strict, max_depth, max_size, max_errors),
        )
    }

    /// Restores a pickled operation from its canonical JSON (used by `__reduce__`).
    #[staticmethod]
    fn _from_canonical(py: Python<'_>, data: &Bound<'_, PyBytes>) -> PyResult<Self> {
        Self::read(py, data.as_any(), false, &restore_options())
    }

    /// The canonical JSON text (compact; `@odata.type` first, then
    /// annotations, properties in specification order, unknown properties
    /// last) — byte for byte what the Rust and C libraries write.
    fn to_json<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        self.with_canonical(py, |text| json_str(py, text))
    }

    /// The canonical JSON as `bytes` (what goes on the wire).
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        self.with_canonical(py, |text| PyBytes::new(py, text))
    }

    /// The canonical JSON as Python objects (`json.loads(op.to_json())`):
    /// wire names, strings for timestamps and enums; absent properties are
    /// missing and null ones `None`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &self.canonical(py))
    }

    /// Applies a PATCH body (RFC 7396 on the typed model), returning a new
    /// operation; this one is unchanged. `patch` is JSON text, a `dict`, or a
    /// `Patch`. Strict by default (the service side); all or nothing: any
    /// problem raises `ParseError`/`ValidationError` listing every error.
    #[pyo3(signature = (patch, *, strict = true, max_depth = None, max_size = None, max_errors = None))]
    fn apply_patch(
        slf: &Bound<'_, Self>,
        patch: &Bound<'_, PyAny>,
        strict: bool,
        max_depth: Option<usize>,
        max_size: Option<usize>,
        max_errors: Option<usize>,
    ) -> PyResult<Self> {
        let weight = slf.get().weight;
        if let Ok(p) = patch.cast::<PyPatch>() {
            let p = &p.get().inner;
            return Self::patched(
                slf,
                weight,
                |base| Patched::new(base, p.clone()),
                |out| out.apply_in_place(p),
            );
        }
        let opts = read_options(strict, max_depth, max_size, max_errors);
        let input = convert::input(patch, true, opts.max_size)?;
        let bytes = input.as_slice();
        Self::patched(
            slf,
            weight + bytes.len(),
            |base| Patched::read(base, bytes, &opts),
            |out| out.apply_json_in_place(bytes, &opts),
        )
    }

    /// Semantic equivalence: absent and null count as the same "no value"
    /// (no PATCH can make a declared property absent) and annotations are
    /// ignored. `==` is exact equality.
    fn equivalent(&self, other: &Bound<'_, PyOperation>) -> bool {
        self.op().equivalent(other.get().op())
    }

    /// The state of a property (snake-case or wire name):
    /// `FieldState.ABSENT`, `FieldState.NULL` or `FieldState.VALUE`.
    fn state<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        operation_state(py, self.op(), name)
    }

    /// `True` when the property was not in the document.
    fn is_absent(&self, py: Python<'_>, name: &str) -> PyResult<bool> {
        is_state(&operation_state(py, self.op(), name)?, "absent")
    }

    /// `True` when the property is present as JSON `null`.
    fn is_null(&self, py: Python<'_>, name: &str) -> PyResult<bool> {
        is_state(&operation_state(py, self.op(), name)?, "null")
    }

    /// `id` (read-only key).
    #[getter]
    fn id<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.op().get(Property::Id))
    }

    /// `createdDateTime` as an aware `datetime` (microseconds; the exact
    /// value, up to nanoseconds, is kept and written back).
    #[getter]
    fn created_date_time<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.op().get(Property::CreatedDateTime))
    }

    /// `completedDateTime` as an aware `datetime`.
    #[getter]
    fn completed_date_time<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.op().get(Property::CompletedDateTime))
    }

    /// `percentProgress` (0–100).
    #[getter]
    fn percent_progress<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.op().get(Property::PercentProgress))
    }

    /// `status`: a `CaseOperationStatus`, or the wire string of a member this
    /// version does not know.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.op().get(Property::Status))
    }

    /// `action`: a `CaseAction`, or the wire string of an unknown member.
    #[getter]
    fn action<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.op().get(Property::Action))
    }

    /// `createdBy` as an `IdentitySet`.
    #[getter]
    fn created_by<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.op().get(Property::CreatedBy))
    }

    /// `resultInfo` as a `ResultInfo`.
    #[getter]
    fn result_info<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.op().get(Property::ResultInfo))
    }

    /// `outputName`
    #[getter]
    fn output_name<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.op().get(Property::OutputName))
    }

    /// `description`
    #[getter]
    fn description<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.op().get(Property::Description))
    }

    /// `outputFolderId`
    #[getter]
    fn output_folder_id<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.op().get(Property::OutputFolderId))
    }

    /// `azureBlobContainer`
    #[getter]
    fn azure_blob_container<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.op().get(Property::AzureBlobContainer))
    }

    /// `azureBlobToken`, the SAS token itself (it never shows in `repr`).
    #[getter]
    fn azure_blob_token<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.op().get(Property::AzureBlobToken))
    }

    /// `exportOptions` as an `ExportOptions` flag, or its wire string when it
    /// holds a member this version does not know.
    #[getter]
    fn export_options<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.op().get(Property::ExportOptions))
    }

    /// `exportStructure`: an `ExportFileStructure`, or the wire string of an
    /// unknown member.
    #[getter]
    fn export_structure<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.op().get(Property::ExportStructure))
    }

    /// The `@odata.etag` annotation (for `If-Match`), when present.
    #[getter]
    fn etag(&self) -> Option<&str> {
        self.op().etag()
    }

    /// Instance and property annotations other than `@odata.type`
    /// (`@odata.etag`, `outputName@odata.type`, …), in arrival order.
    #[getter]
    fn annotations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        members_to_py(py, &self.op().annotations)
    }

    /// Unknown properties kept by a lenient read, in arrival order.
    #[getter]
    fn unknown<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        members_to_py(py, &self.op().unknown)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> Py<PyAny> {
        equal_if::<PyOperation>(other, |o| self.op() == o.op())
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let mut r = Repr::new(py, "CaseExportOperation");
        repr_properties(&mut r, self.op())?;
        r.members("annotations", &self.op().annotations)?;
        Ok(r.finish())
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> Reduce<'py, (Bound<'py, PyBytes>,)> {
        let py = slf.py();
        reduce(slf, (PyBytes::new(py, &slf.get().canonical(py)),))
    }

    fn __copy__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    fn __deepcopy__<'py>(slf: Bound<'py, Self>, _memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
        slf
    }
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
/// [`Nested`] core value): its own getters and `state`, given as `$own`, then
/// the methods all three have alike.
macro_rules! nested_pymethods {
    ($class:ident { $($own:tt)* }) => {
        #[pymethods]
        impl $class {
            $($own)*

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

nested_pymethods!(PyIdentitySet {
    /// `application`
    #[getter]
    fn application<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.inner.get(IdentitySetMember::Application))
    }

    /// `applicationInstance`
    #[getter]
    fn application_instance<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.inner.get(IdentitySetMember::ApplicationInstance))
    }

    /// `conversation`
    #[getter]
    fn conversation<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.inner.get(IdentitySetMember::Conversation))
    }

    /// `conversationIdentityType`
    #[getter]
    fn conversation_identity_type<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.inner.get(IdentitySetMember::ConversationIdentityType))
    }

    /// `device`
    #[getter]
    fn device<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.inner.get(IdentitySetMember::Device))
    }

    /// `encrypted`
    #[getter]
    fn encrypted<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.inner.get(IdentitySetMember::Encrypted))
    }

    /// `onPremises`
    #[getter]
    fn on_premises<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.inner.get(IdentitySetMember::OnPremises))
    }

    /// `guest`
    #[getter]
    fn guest<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.inner.get(IdentitySetMember::Guest))
    }

    /// `phone`
    #[getter]
    fn phone<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.inner.get(IdentitySetMember::Phone))
    }

    /// `user`
    #[getter]
    fn user<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.inner.get(IdentitySetMember::User))
    }

    /// Members `identitySet` does not declare, in arrival order.
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        members_to_py(py, &self.inner.extra)
    }

    /// The state of a member (snake-case or wire name): a `FieldState`.
    fn state<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        state_by_name(py, "IdentitySet", name, IdentitySetMember::from_name, |m| {
            self.inner.get(m)
        })
    }
});

/// `identity`: an `id` and a `displayName`. An open type: other members are
/// kept in `extra`.
#[pyclass(module = "caseexport", name = "Identity", frozen)]
pub struct PyIdentity {
    inner: Identity,
}

nested_pymethods!(PyIdentity {
    /// `id`
    #[getter]
    fn id<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.inner.get(IdentityMember::Id))
    }

    /// `displayName`
    #[getter]
    fn display_name<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.inner.get(IdentityMember::DisplayName))
    }

    /// Members `identity` does not declare, in arrival order.
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        members_to_py(py, &self.inner.extra)
    }

    /// The state of a member (snake-case or wire name): a `FieldState`.
    fn state<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        state_by_name(py, "Identity", name, IdentityMember::from_name, |m| {
            self.inner.get(m)
        })
    }
});

/// `resultInfo`: the outcome `code`, `message` and `subcode` of an operation.
#[pyclass(module = "caseexport", name = "ResultInfo", frozen)]
pub struct PyResultInfo {
    inner: ResultInfo,
}

nested_pymethods!(PyResultInfo {
    /// `code` (Int32)
    #[getter]
    fn code<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.inner.get(ResultInfoMember::Code))
    }

    /// `message`
    #[getter]
    fn message<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.inner.get(ResultInfoMember::Message))
    }

    /// `subcode` (Int32)
    #[getter]
    fn subcode<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        attribute(py, self.inner.get(ResultInfoMember::Subcode))
    }

    /// Unknown members kept by a lenient read, in arrival order.
    #[getter]
    fn unknown<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        members_to_py(py, &self.inner.unknown)
    }

    /// The state of a member (snake-case or wire name): a `FieldState`.
    fn state<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        state_by_name(py, "ResultInfo", name, ResultInfoMember::from_name, |m| {
            self.inner.get(m)
        })
    }
});

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
