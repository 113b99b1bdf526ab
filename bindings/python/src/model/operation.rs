//! The `CaseExportOperation` class: a core operation (or a lazily patched
//! one) with its attributes, reading, patching and writing.

use std::cell::RefCell;
use std::ops::Deref;
use std::sync::OnceLock;

use caseexport::{CaseExportOperation, Patched, Property, ReadOptions};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use super::nested::{attribute, state_by_name};
use super::repr::{repr_properties, Repr};
use super::shared::{
    equal_if, expect_mapping, is_state, json_str, read_options, reduce, restore_options, run,
    Reduce, DETACH_THRESHOLD,
};
use crate::convert::{self, json_to_py, members_to_py};
use crate::errors::to_py_err;
use crate::patch::PyPatch;

thread_local! {
    /// The output buffer `to_json` and `to_bytes` reuse on this thread.
    static OUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
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

/// The class's methods: those written here, and one attribute per declared
/// property, generated from the core's declaration of `caseExportOperation`.
macro_rules! operation_methods {
    ({ $($methods:tt)* } [$($V:ident $field:ident $wire:literal),+]) => {
        #[pymethods]
        impl PyOperation {
            $($methods)*

            $(
                #[doc = concat!("`", $wire, "`: its value (see the stub for its type), `None` when absent or null.")]
                #[getter]
                fn $field<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
                    attribute(py, self.op().get(Property::$V))
                }
            )+
        }
    };
}

caseexport::case_export_operation_properties!(operation_methods {{
    /// Reads a document from JSON text (`str`, `bytes`, `bytearray`) or a
    /// `dict`. Lenient by default (responses, stored objects); `strict=True`
    /// refuses unknown properties, unknown enum members and
    /// `unknownFutureValue`. Limits default to depth 64, 16 MiB, 100 errors,
    /// 64 KiB of error text (`max_error_bytes`).
    ///
    /// Raises `ParseError` (not usable JSON) or `ValidationError`, with every
    /// problem in `.errors`.
    #[staticmethod]
    #[pyo3(signature = (data, *, strict = false, max_depth = None, max_size = None, max_errors = None, max_error_bytes = None))]
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
        Self::read(
            py,
            data,
            true,
            &read_options(strict, max_depth, max_size, max_errors, max_error_bytes),
        )
    }

    /// Reads a document from a `dict` of JSON values (wire names such as
    /// `"outputName"`); enum members, `ExportOptions` and aware `datetime`
    /// values are accepted where their wire strings go. Same rules and errors
    /// as `from_json`.
    #[staticmethod]
    #[pyo3(signature = (d, *, strict = false, max_depth = None, max_size = None, max_errors = None, max_error_bytes = None))]
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
        Self::read(
            py,
            d,
            true,
            &read_options(strict, max_depth, max_size, max_errors, max_error_bytes),
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
    #[pyo3(signature = (patch, *, strict = true, max_depth = None, max_size = None, max_errors = None, max_error_bytes = None))]
    #[allow(clippy::too_many_arguments)]
    fn apply_patch(
        slf: &Bound<'_, Self>,
        patch: &Bound<'_, PyAny>,
        strict: bool,
        max_depth: Option<usize>,
        max_size: Option<usize>,
        max_errors: Option<usize>,
        max_error_bytes: Option<usize>,
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
        let opts = read_options(strict, max_depth, max_size, max_errors, max_error_bytes);
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
}});
