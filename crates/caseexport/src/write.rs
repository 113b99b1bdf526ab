//! The canonical writer (SPEC §2): compact UTF-8, `@odata.type` first, then
//! annotations, declared properties in table order, unknown ones last; the
//! same bytes from every language. Writes straight into a `Vec<u8>`.

use crate::datetime::DateTimeOffset;
use crate::enums::ExportOptions;
use crate::field::Field;
use crate::json::{Json, Members, N};
use crate::model::Percent;
use crate::patch::View;
use crate::resource::Resource;
use crate::schema::Complex;
use crate::secret::Secret;
use crate::special::{is_special, special_bytes};

/// Writes a JSON string literal: escapes `"`, `\` and control characters only.
pub(crate) fn write_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    write_fragment(out, s);
    out.push(b'"');
}

/// Writes a string known to need no escaping (declared enum and flag
/// names) as a JSON string literal.
#[inline]
pub(crate) fn write_plain(out: &mut Vec<u8>, s: &str) {
    debug_assert!(!needs_escape(s.as_bytes()), "{s:?}");
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
}

/// `true` when some byte of `bytes` must be escaped. Checks 16-byte blocks
/// (the fold in `special_block` compiles to a few SSE2 instructions on
/// x86-64); the last, partial block overlaps the one before it. Most strings
/// need no escape at all.
#[inline]
fn needs_escape(bytes: &[u8]) -> bool {
    match bytes.len() {
        16.. => {
            // One (predictable) exit test per block keeps the compiler from
            // vectorizing across blocks instead of within each.
            let last = &bytes[bytes.len() - 16..];
            special_block(last) || bytes.chunks_exact(16).any(special_block)
        }
        8..=15 => {
            let word =
                |at: usize| <[u8; 8]>::try_from(&bytes[at..at + 8]).map_or(0, u64::from_le_bytes);
            special_bytes(word(0)) != 0 || special_bytes(word(bytes.len() - 8)) != 0
        }
        _ => bytes.iter().any(|&b| is_special(b)),
    }
}

/// `true` when one of the 16 bytes of `block` is special.
#[inline(always)]
fn special_block(block: &[u8]) -> bool {
    match <&[u8; 16]>::try_from(block) {
        Ok(b) => b.iter().fold(false, |found, &c| found | is_special(c)),
        Err(_) => block.iter().any(|&c| is_special(c)),
    }
}

/// Writes the escaped contents of a string literal, without the quotes.
fn write_fragment(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if !needs_escape(bytes) {
        out.extend_from_slice(bytes);
        return;
    }
    write_escaped(out, bytes);
}

/// The slow path of [`write_fragment`]: byte by byte, escaping as needed.
#[cold]
fn write_escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0x00..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if esc.is_empty() {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(b >> 4) as usize],
                HEX[(b & 0xf) as usize],
            ]);
        } else {
            out.extend_from_slice(esc);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

/// Writes any JSON value compactly, members in their order.
pub(crate) fn write_json(out: &mut Vec<u8>, v: &Json) {
    match v {
        Json::Null => out.extend_from_slice(b"null"),
        Json::Bool(true) => out.extend_from_slice(b"true"),
        Json::Bool(false) => out.extend_from_slice(b"false"),
        Json::Number(n) => match n.0 {
            N::PosInt(u) => out.extend_from_slice(itoa::Buffer::new().format(u).as_bytes()),
            N::NegInt(i) => out.extend_from_slice(itoa::Buffer::new().format(i).as_bytes()),
            N::Float(f) if f.is_finite() => {
                out.extend_from_slice(ryu::Buffer::new().format_finite(f).as_bytes())
            }
            N::Float(_) => out.extend_from_slice(b"null"),
        },
        Json::String(s) => write_str(out, s),
        Json::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_json(out, item);
            }
            out.push(b']');
        }
        Json::Object(m) => {
            let mut w = ObjectWriter::new(out);
            w.members(m);
            w.end();
        }
    }
}

/// The key of a declared member as [`ObjectWriter::declared_key`] writes
/// it: `,"name":`.
macro_rules! key {
    ($name:literal) => {
        concat!(",\"", $name, "\":")
    };
}

/// Writes one object's members, handling the commas.
pub(crate) struct ObjectWriter<'o> {
    out: &'o mut Vec<u8>,
    first: bool,
}

impl<'o> ObjectWriter<'o> {
    pub(crate) fn new(out: &'o mut Vec<u8>) -> Self {
        out.push(b'{');
        ObjectWriter { out, first: true }
    }

    /// Writes `"name":` and returns the buffer for the value.
    #[inline]
    pub(crate) fn key(&mut self, name: &str) -> &mut Vec<u8> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        write_str(self.out, name);
        self.out.push(b':');
        self.out
    }

    pub(crate) fn members(&mut self, m: &Members) {
        for (k, v) in m.iter() {
            write_json(self.key(k), v);
        }
    }

    /// Writes a declared key made by [`key!`] (`,"name":`, the name needing
    /// no escaping), without its comma when it is the first member: one copy
    /// of a constant string instead of four small writes.
    #[inline(always)]
    pub(crate) fn declared_key(&mut self, key: &'static str) -> &mut Vec<u8> {
        debug_assert!(
            key.starts_with(",\"") && key.ends_with("\":") && key.len() > 4,
            "{key}"
        );
        let key = key.as_bytes();
        if self.first {
            self.out.extend_from_slice(&key[1..]);
        } else {
            self.out.extend_from_slice(key);
        }
        self.first = false;
        self.out
    }

    /// Writes a tri-state field: absent → nothing, null → `null`, value →
    /// `write`. `key` is made by [`key!`].
    #[inline(always)]
    pub(crate) fn field<T>(
        &mut self,
        key: &'static str,
        f: &Field<T>,
        write: impl FnOnce(&mut Vec<u8>, &T),
    ) {
        match f {
            Field::Absent => {}
            Field::Null => self.declared_key(key).extend_from_slice(b"null"),
            Field::Value(v) => write(self.declared_key(key), v),
        }
    }

    pub(crate) fn end(self) {
        self.out.push(b'}');
    }
}

/// Writes a nested object's annotations: `@odata.type` first, then the others.
pub(crate) fn annotations(w: &mut ObjectWriter<'_>, a: &Members) {
    if let Some(t) = a.get("@odata.type") {
        write_json(w.declared_key(key!("@odata.type")), t);
    }
    for (k, v) in a.iter().filter(|(k, _)| *k != "@odata.type") {
        write_json(w.key(k), v);
    }
}

/// How a value type is written (the writing part of the per-value-kind
/// traits; see [`crate::schema`]).
pub(crate) trait WriteValue {
    /// Writes the value as JSON.
    fn write(out: &mut Vec<u8>, v: &Self);
}

impl WriteValue for String {
    #[inline(always)]
    fn write(out: &mut Vec<u8>, s: &Self) {
        write_str(out, s)
    }
}

impl WriteValue for Secret {
    #[inline(always)]
    fn write(out: &mut Vec<u8>, t: &Self) {
        write_str(out, t.expose())
    }
}

impl WriteValue for DateTimeOffset {
    #[inline(always)]
    fn write(out: &mut Vec<u8>, t: &Self) {
        out.push(b'"');
        t.write_to(out);
        out.push(b'"');
    }
}

impl WriteValue for i32 {
    #[inline(always)]
    fn write(out: &mut Vec<u8>, i: &Self) {
        out.extend_from_slice(itoa::Buffer::new().format(*i).as_bytes());
    }
}

impl WriteValue for i64 {
    #[inline(always)]
    fn write(out: &mut Vec<u8>, i: &Self) {
        out.extend_from_slice(itoa::Buffer::new().format(*i).as_bytes());
    }
}

impl WriteValue for Json {
    fn write(out: &mut Vec<u8>, v: &Self) {
        write_json(out, v)
    }
}

impl<T: Complex> WriteValue for Vec<Option<T>> {
    fn write(out: &mut Vec<u8>, items: &Self) {
        collection_into(out, items)
    }
}

impl WriteValue for Percent {
    #[inline(always)]
    fn write(out: &mut Vec<u8>, p: &Self) {
        i32::write(out, &p.get())
    }
}

impl WriteValue for ExportOptions {
    fn write(o: &mut Vec<u8>, v: &Self) {
        // Known names are plain (no escape check); kept unknown ones
        // follow, escaped: the order `names()` gives.
        o.push(b'"');
        let mut first = true;
        let mut comma = |o: &mut Vec<u8>| {
            if !std::mem::replace(&mut first, false) {
                o.push(b',');
            }
        };
        for (bit, name) in ExportOptions::KNOWN_NAMES.iter().enumerate() {
            if v.bits() & (1 << bit) != 0 {
                comma(o);
                o.extend_from_slice(name.as_bytes());
            }
        }
        for name in v.unknown() {
            comma(o);
            write_fragment(o, name);
        }
        o.push(b'"');
    }
}

impl<T: Complex> WriteValue for Box<T> {
    #[inline(always)]
    fn write(out: &mut Vec<u8>, v: &Self) {
        v.write_object(out)
    }
}

/// A size hint for the output buffer, so a document is written without regrowing.
fn estimate<R: Resource>(v: &View<'_, R>) -> usize {
    // Names, punctuation, timestamps and enums of a full document, plus a
    // typical createdBy and resultInfo: a buffer that rarely has to grow
    // (growing copies everything written so far). Strings add their length.
    1024 + R::size_hint_view(v) + 64 * (v.op.annotations_ref().len() + v.op.unknown_ref().len())
}

/// Writes an operation (document or patch body) or a patched view of one.
/// `annotations_too` is false for patch bodies, which carry none.
pub(crate) fn write_operation<R: Resource>(
    v: &View<'_, R>,
    odata_type: bool,
    annotations_too: bool,
) -> Vec<u8> {
    let mut out = Vec::new();
    write_operation_into(v, odata_type, annotations_too, &mut out);
    out
}

/// [`write_operation`], appending to `out`.
pub(crate) fn write_operation_into<R: Resource>(
    v: &View<'_, R>,
    odata_type: bool,
    annotations_too: bool,
    out: &mut Vec<u8>,
) {
    let op = v.op;
    out.reserve(estimate(v));
    let mut w = ObjectWriter::new(out);
    if odata_type {
        let out = w.declared_key(key!("@odata.type"));
        out.push(b'"');
        out.extend_from_slice(op.odata_type().as_bytes());
        out.push(b'"');
    }
    if annotations_too {
        w.members(op.annotations_ref());
    }
    // A patch may only repeat the id (checked before a view is made).
    R::write_view(&mut w, v);
    w.members(v.unknown.as_ref().unwrap_or(op.unknown_ref()));
    w.end();
}

/// A resource's canonical JSON.
pub(crate) fn write_resource<R: Resource>(op: &R) -> Vec<u8> {
    write_operation(&View::of(op), true, true)
}

/// [`write_resource`], appending to `out`.
pub(crate) fn write_resource_into<R: Resource>(op: &R, out: &mut Vec<u8>) {
    write_operation_into(&View::of(op), true, true, out)
}

/// A nested value's canonical JSON: the bytes it has inside an operation's
/// document (its `@odata.type` annotation first, then its other annotations,
/// declared members in table order, kept members last).
pub(crate) fn nested_json<T: Complex>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    value.write_object(&mut out);
    out
}

impl crate::model::ExportFileMetadata {
    /// The canonical JSON bytes of this object, as it appears in an
    /// operation's `exportFileMetadata` collection.
    pub fn to_json(&self) -> Vec<u8> {
        nested_json(self)
    }
}

/// The canonical JSON of a collection of complex values (`None` is `null`).
pub(crate) fn collection_json<T: Complex>(items: &[Option<T>]) -> Vec<u8> {
    let mut out = Vec::new();
    collection_into(&mut out, items);
    out
}

fn collection_into<T: Complex>(out: &mut Vec<u8>, items: &[Option<T>]) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        match item {
            Some(item) => item.write_object(out),
            None => out.extend_from_slice(b"null"),
        }
    }
    out.push(b']');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CaseExportOperation;

    fn s(x: &str) -> String {
        let mut out = Vec::new();
        write_str(&mut out, x);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_at_every_position_of_a_chunk() {
        for special in [
            '"', '\\', '\n', '\u{1}', '\u{1f}', '\u{7f}', 'é', '\u{2028}',
        ] {
            for pos in 0..20 {
                let mut x: String = "abcdefghijklmnopqrstuvwx".chars().take(pos).collect();
                x.push(special);
                x.push_str("tail-0123456789");
                assert_eq!(s(&x), serde_json::to_string(&x).unwrap(), "{x:?}");
            }
        }
    }

    #[test]
    fn nested_json_is_the_bytes_inside_the_document() {
        let op = CaseExportOperation::from_json(
            br##"{"createdBy":{"@odata.type":"#microsoft.graph.identitySet","user":{"id":"u","x":[1]},"guest":null,"z":{}},
                "resultInfo":{"message":"m","code":-3,"extra":true}}"##,
        )
        .unwrap();
        let doc = String::from_utf8(op.to_json()).unwrap();
        let set = op.created_by.as_option().unwrap();
        let user = set.user.as_option().unwrap();
        let info = op.result_info.as_option().unwrap();
        for (key, json) in [
            ("\"createdBy\":", set.to_json()),
            ("\"user\":", user.to_json()),
            ("\"resultInfo\":", info.to_json()),
        ] {
            let json = String::from_utf8(json).unwrap();
            assert!(
                doc.contains(&format!("{key}{json}")),
                "{key} {json} in {doc}"
            );
        }
    }

    #[test]
    fn escapes_like_serde_json() {
        for x in [
            "plain",
            "q\"b\\",
            "\u{0}\u{1f}\u{7f}",
            "\n\r\t\u{8}\u{c}",
            "é😀\u{2028}",
        ] {
            assert_eq!(s(x), serde_json::to_string(x).unwrap(), "{x:?}");
        }
    }

    #[test]
    fn declared_member_names_need_no_escaping() {
        use crate::{CaseAction, CaseOperationStatus, ExportFileStructure};
        let names = CaseOperationStatus::KNOWN
            .iter()
            .map(|m| m.as_str())
            .chain(CaseAction::KNOWN.iter().map(|m| m.as_str()))
            .chain(ExportFileStructure::KNOWN.iter().map(|m| m.as_str()))
            .chain(ExportOptions::KNOWN_NAMES);
        for name in names {
            assert!(
                !needs_escape(name.as_bytes()) && !name.contains(','),
                "{name}"
            );
        }
    }

    #[test]
    fn finds_an_escape_anywhere_in_strings_of_any_length() {
        for len in 0..40 {
            let plain = "aé".repeat(len).chars().take(len).collect::<String>();
            assert_eq!(s(&plain), serde_json::to_string(&plain).unwrap());
            for at in 0..len {
                for special in ['"', '\\', '\u{0}', '\u{1f}', '\n'] {
                    let mut x: Vec<char> = plain.chars().collect();
                    x[at] = special;
                    let x: String = x.into_iter().collect();
                    assert!(needs_escape(x.as_bytes()), "{x:?}");
                    assert_eq!(s(&x), serde_json::to_string(&x).unwrap(), "{x:?}");
                }
            }
        }
    }
}
