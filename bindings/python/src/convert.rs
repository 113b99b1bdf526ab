//! Conversions between Python objects and JSON text, the only "semantics" the
//! binding owns: Python values are handed to the core as they are (strings,
//! integers: [`PyWireValue`]) or written as JSON text for the core to read
//! (and validate), and JSON the core wrote is turned into Python objects.
//!
//! Nothing here decides whether a document is valid: a value that is not JSON
//! (NaN, a lone surrogate, a huge or cyclic structure) is written so that the
//! core's reader reports it, with the same codes and paths as for text input.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use caseexport::{DateTimeOffset, ExportOptions, Json, Members, WireValue};
use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString,
    PyTuple,
};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::types;

/// Containers nested deeper than this are written as `null`: the core caps its
/// depth limit far below (127), so it reports `limitExceeded` at the same path
/// before it could see the difference, and cyclic structures terminate.
const MAX_WRITE_DEPTH: usize = 256;

/// JSON input handed to the core: borrowed from a `bytes` object when the
/// caller passed one, otherwise owned.
pub enum Input<'py> {
    /// A `bytes` object (read without copying).
    Bytes(Bound<'py, PyBytes>),
    /// Text produced here (from `str`, `bytearray`, `dict`, …).
    Owned(Vec<u8>),
}

impl Input<'_> {
    /// The bytes to read.
    pub fn as_slice(&self) -> &[u8] {
        match self {
            Input::Bytes(b) => b.as_bytes(),
            Input::Owned(v) => v,
        }
    }
}

/// Accepts `bytes`, `bytearray`, `str` (encoded as UTF-8; lone surrogates are
/// kept as the invalid bytes they are, so the core reports `invalidJson`) and,
/// when `allow_objects`, a `dict` (or any mapping) or `list`, written as JSON.
/// `size_cap` stops writing a huge object early: the core then reports
/// `limitExceeded` for the oversized text.
pub fn input<'py>(
    obj: &Bound<'py, PyAny>,
    allow_objects: bool,
    size_cap: usize,
) -> PyResult<Input<'py>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Input::Bytes(b.clone()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return str_bytes(s).map(Input::Bytes);
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(Input::Owned(b.to_vec()));
    }
    if allow_objects
        && (obj.is_instance_of::<PyDict>()
            || obj.is_instance_of::<PyList>()
            || obj.is_instance_of::<PyMapping>())
    {
        let mut w = Writer::new(size_cap);
        w.value(obj, 0)?;
        return Ok(Input::Owned(w.out));
    }
    let expected = if allow_objects {
        "str, bytes or dict"
    } else {
        "str or bytes"
    };
    Err(PyTypeError::new_err(format!(
        "expected {expected}, got {}",
        type_name(obj)
    )))
}

/// The UTF-8 bytes of a `str`; lone surrogates are encoded as themselves
/// (`surrogatepass`), which the core reads as invalid UTF-8.
fn str_bytes<'py>(s: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyBytes>> {
    match s.encode_utf8() {
        Ok(b) => Ok(b),
        Err(_) => Ok(s
            .call_method1(pyo3::intern!(s.py(), "encode"), ("utf-8", "surrogatepass"))?
            .cast_into::<PyBytes>()?),
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

/// Writes Python values as compact JSON text.
pub struct Writer {
    /// The text written so far.
    pub out: Vec<u8>,
    cap: usize,
}

impl Writer {
    /// A writer that stops adding text once `cap` bytes are exceeded.
    pub fn new(cap: usize) -> Self {
        Writer {
            out: Vec::with_capacity(256),
            cap,
        }
    }

    fn full(&self) -> bool {
        self.out.len() > self.cap
    }

    /// Writes one value; see [`input`] for what is accepted.
    pub fn value(&mut self, obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<()> {
        if self.full() {
            return Ok(());
        }
        let py = obj.py();
        if obj.is_none() {
            self.out.extend_from_slice(b"null");
        } else if let Ok(s) = obj.cast::<PyString>() {
            // str subclasses too: the str-valued enums write their wire name.
            self.string(s)?;
        } else if let Ok(b) = obj.cast::<PyBool>() {
            self.out
                .extend_from_slice(if b.is_true() { b"true" } else { b"false" });
        } else if let Ok(i) = obj.cast::<PyInt>() {
            if let Ok(v) = i.extract::<i64>() {
                self.out
                    .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
            } else if let Ok(v) = i.extract::<u64>() {
                self.out
                    .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
            } else {
                // Beyond 64 bits: the digits, for the core to judge.
                self.out.extend_from_slice(i.str()?.to_cow()?.as_bytes());
            }
        } else if let Ok(f) = obj.cast::<PyFloat>() {
            let v = f.value();
            if v.is_finite() {
                self.out
                    .extend_from_slice(ryu::Buffer::new().format_finite(v).as_bytes());
            } else {
                // Not a JSON number: the core's reader reports `invalidJson`.
                self.out.extend_from_slice(b"NaN");
            }
        } else if let Ok(d) = obj.cast::<PyDict>() {
            if depth >= MAX_WRITE_DEPTH {
                self.out.extend_from_slice(b"null");
                return Ok(());
            }
            self.out.push(b'{');
            for (i, (k, v)) in d.iter().enumerate() {
                if i > 0 {
                    self.out.push(b',');
                }
                self.key(&k)?;
                self.value(&v, depth + 1)?;
                if self.full() {
                    return Ok(());
                }
            }
            self.out.push(b'}');
        } else if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
            if depth >= MAX_WRITE_DEPTH {
                self.out.extend_from_slice(b"null");
                return Ok(());
            }
            self.out.push(b'[');
            for (i, item) in obj.try_iter()?.enumerate() {
                if i > 0 {
                    self.out.push(b',');
                }
                self.value(&item?, depth + 1)?;
                if self.full() {
                    return Ok(());
                }
            }
            self.out.push(b']');
        } else if obj.is_instance(types::export_options_class(py)?)? {
            let bits: u8 = obj.getattr(pyo3::intern!(py, "value"))?.extract()?;
            let wire = ExportOptions::from_parts(bits, Vec::new()).to_string();
            write_str(&mut self.out, &wire);
        } else if let Ok(dt) = obj.cast::<PyDateTime>() {
            self.datetime(dt)?;
        } else if let Some(json) = crate::model::nested_json(obj)? {
            self.out.extend_from_slice(&json);
        } else if obj.is_instance(types::enum_class(py)?)? {
            let v = obj.getattr(pyo3::intern!(py, "value"))?;
            self.value(&v, depth)?;
        } else if let Ok(m) = obj.cast::<PyMapping>() {
            if depth >= MAX_WRITE_DEPTH {
                self.out.extend_from_slice(b"null");
                return Ok(());
            }
            self.out.push(b'{');
            for (i, kv) in m.items()?.iter().enumerate() {
                if i > 0 {
                    self.out.push(b',');
                }
                let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = kv.extract()?;
                self.key(&k)?;
                self.value(&v, depth + 1)?;
                if self.full() {
                    return Ok(());
                }
            }
            self.out.push(b'}');
        } else {
            return Err(PyTypeError::new_err(format!(
                "Object of type {} is not JSON serializable",
                type_name(obj)
            )));
        }
        Ok(())
    }

    fn key(&mut self, k: &Bound<'_, PyAny>) -> PyResult<()> {
        let s = k
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err(format!("keys must be str, not {}", type_name(k))))?;
        self.string(s)?;
        self.out.push(b':');
        Ok(())
    }

    fn string(&mut self, s: &Bound<'_, PyString>) -> PyResult<()> {
        match s.encode_utf8() {
            Ok(b) => {
                let text = std::str::from_utf8(b.as_bytes())
                    .expect("encode_utf8 gives the UTF-8 encoding of a str");
                write_str(&mut self.out, text);
            }
            Err(_) => {
                // Lone surrogates: written as `\uXXXX` escapes, which the core
                // rejects (`invalidJson`) exactly as it does in text input.
                let dumped = types::json_dumps(s.py())?.call1((s,))?;
                self.out
                    .extend_from_slice(dumped.cast::<PyString>()?.to_cow()?.as_bytes());
            }
        }
        Ok(())
    }

    fn datetime(&mut self, dt: &Bound<'_, PyDateTime>) -> PyResult<()> {
        write_str(&mut self.out, &datetime_text(dt)?);
        Ok(())
    }
}

/// An aware datetime in the canonical DateTimeOffset form; a naive one as
/// `isoformat()` (no offset), which the core rejects with `invalidDateTime`
/// at the value's path.
fn datetime_text(dt: &Bound<'_, PyDateTime>) -> PyResult<String> {
    use pyo3::types::PyTzInfoAccess;
    if dt.get_tzinfo().is_some() {
        let t: time::OffsetDateTime = dt.extract()?;
        if let Ok(d) = DateTimeOffset::from_offset_date_time(t) {
            return Ok(d.to_string());
        }
    }
    let iso = dt.call_method0(pyo3::intern!(dt.py(), "isoformat"))?;
    Ok(iso.cast::<PyString>()?.to_cow()?.into_owned())
}

/// A Python value as the core's [`WireValue`] takes it, owned: `None`, a
/// `str` (enum members included), an `int` within 64 bits, an
/// `ExportOptions` or a `datetime` (as their wire text) are handed over as
/// they are; anything else (dicts, nested model objects, and whatever the
/// core must refuse: booleans, floats, lone surrogates, huge integers) as
/// its JSON text, written as [`input`] writes it.
pub enum PyWireValue {
    /// `None`.
    Null,
    /// Text.
    String(String),
    /// An integer.
    Int(i64),
    /// JSON text.
    Json(Vec<u8>),
}

impl PyWireValue {
    /// Converts `obj`; JSON text stops growing past `size_cap` bytes (the
    /// core then reports `limitExceeded`).
    pub fn new(obj: &Bound<'_, PyAny>, size_cap: usize) -> PyResult<Self> {
        let py = obj.py();
        if obj.is_none() {
            return Ok(PyWireValue::Null);
        }
        if let Ok(s) = obj.cast::<PyString>() {
            if let Ok(text) = s.to_cow() {
                return Ok(PyWireValue::String(text.into_owned()));
            }
        } else if obj.is_instance_of::<PyBool>() {
            // Written as JSON `true`/`false`, for the core to refuse.
        } else if let Ok(i) = obj.cast::<PyInt>() {
            if let Ok(v) = i.extract::<i64>() {
                return Ok(PyWireValue::Int(v));
            }
        } else if obj.is_instance(types::export_options_class(py)?)? {
            let bits: u8 = obj.getattr(pyo3::intern!(py, "value"))?.extract()?;
            let wire = ExportOptions::from_parts(bits, Vec::new()).to_string();
            return Ok(PyWireValue::String(wire));
        } else if let Ok(dt) = obj.cast::<PyDateTime>() {
            return Ok(PyWireValue::String(datetime_text(dt)?));
        }
        let mut w = Writer::new(size_cap);
        w.value(obj, 1)?;
        Ok(PyWireValue::Json(w.out))
    }

    /// The value, borrowed, for the core.
    pub fn as_wire(&self) -> WireValue<'_> {
        match self {
            PyWireValue::Null => WireValue::Null,
            PyWireValue::String(s) => WireValue::String(s),
            PyWireValue::Int(i) => WireValue::Int(*i),
            PyWireValue::Json(j) => WireValue::Json(j),
        }
    }
}

/// Writes a JSON string literal: serde_json's escaping (the core reads it back).
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    // Writing into a Vec cannot fail, and a &str always serializes.
    let _ = serde_json::to_writer(&mut *out, s);
}

/// Converts JSON text written by the core into Python objects (`dict` in
/// member order, `list`, `str`, `int`, `float`, `bool`, `None`).
pub fn json_to_py<'py>(py: Python<'py>, text: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    let failure = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_slice(text);
    let seed = PySeed {
        py,
        failure: &failure,
    };
    let result = seed.deserialize(&mut de).and_then(|v| de.end().map(|()| v));
    match (result, failure.into_inner()) {
        (Ok(v), None) => Ok(v),
        (_, Some(err)) => Err(err),
        (Err(e), None) => Err(PyRuntimeError::new_err(format!(
            "internal error: unreadable JSON from the core: {e}"
        ))),
    }
}

/// Builds Python objects while serde walks the text; a Python error (out of
/// memory) is kept in `failure` and stops the walk.
#[derive(Clone, Copy)]
struct PySeed<'a, 'py> {
    py: Python<'py>,
    failure: &'a RefCell<Option<PyErr>>,
}

impl PySeed<'_, '_> {
    fn fail<E: serde::de::Error>(&self, e: PyErr) -> E {
        *self.failure.borrow_mut() = Some(e);
        E::custom("a Python error occurred")
    }
}

impl<'de, 'py> DeserializeSeed<'de> for PySeed<'_, 'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, 'py> Visitor<'de> for PySeed<'_, 'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.py.None().into_bound(self.py))
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(PyBool::new(self.py, v).to_owned().into_any())
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        let Ok(i) = v.into_pyobject(self.py);
        Ok(i.into_any())
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        let Ok(i) = v.into_pyobject(self.py);
        Ok(i.into_any())
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(PyFloat::new(self.py, v).into_any())
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(PyString::new(self.py, v).into_any())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let list = PyList::empty(self.py);
        while let Some(item) = seq.next_element_seed(self)? {
            list.append(item).map_err(|e| self.fail(e))?;
        }
        Ok(list.into_any())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let dict = PyDict::new(self.py);
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let value = map.next_value_seed(self)?;
            dict.set_item(PyString::new(self.py, &key), value)
                .map_err(|e| self.fail(e))?;
        }
        Ok(dict.into_any())
    }
}

/// Converts a kept JSON value (unknown property, extra member, annotation).
pub fn json_value_to_py<'py>(py: Python<'py>, v: &Json) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Json::Null => py.None().into_bound(py),
        Json::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Json::Number(n) => {
            if let Some(u) = n.as_u64() {
                let Ok(i) = u.into_pyobject(py);
                i.into_any()
            } else if let Some(i) = n.as_i64() {
                let Ok(i) = i.into_pyobject(py);
                i.into_any()
            } else {
                PyFloat::new(py, n.as_f64()).into_any()
            }
        }
        Json::String(s) => PyString::new(py, s).into_any(),
        Json::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_value_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Json::Object(m) => members_to_py(py, m)?.into_any(),
    })
}

/// Converts object members to a `dict`, in member order.
pub fn members_to_py<'py>(py: Python<'py>, m: &Members) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (k, v) in m.iter() {
        dict.set_item(k, json_value_to_py(py, v)?)?;
    }
    Ok(dict)
}
