//! Reading documents and PATCH bodies (SPEC §3): strict and lenient modes,
//! limits, duplicate members, and every error of a document in one pass.
//!
//! The bytes are parsed once, straight into the typed model, by serde visitors
//! (no intermediate `serde_json::Value`). Validation problems are collected in
//! a [`Ctx`]; only malformed JSON stops the parse.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::datetime::DateTimeOffset;
use crate::enums::{
    CaseAction, CaseOperationStatus, ExportFileStructure, ExportOptions, MemberError,
};
use crate::error::{Error, ErrorCode, Errors, Path};
use crate::field::Field;
use crate::json::{Json, Members, Number, N};
use crate::model::{
    CaseExportOperation, Identity, IdentitySet, Percent, ResultInfo, IDENTITY_SET_MEMBERS,
};
use crate::secret::Secret;

/// Strict or lenient reading (SPEC §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Unknown properties, unknown enum members and `unknownFutureValue` are
    /// errors. The default for PATCH bodies (service side).
    Strict,
    /// Unknown properties and enum members are kept verbatim. The default for
    /// documents (responses, stored objects).
    Lenient,
}

/// How to read: mode and limits. Limits have safe defaults.
///
/// ```
/// use caseexport::{CaseExportOperation, ErrorCode, Mode, ReadOptions};
/// let opts = ReadOptions::new(Mode::Strict).with_max_size(16);
/// let err = CaseExportOperation::from_json_with(br#"{"description":"far too long"}"#, &opts).unwrap_err();
/// assert_eq!(err.details()[0].code, ErrorCode::LimitExceeded);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadOptions {
    /// Strict or lenient.
    pub mode: Mode,
    /// Deepest nesting of objects/arrays (the document itself is depth 1).
    /// Default 64; values above 127 act as 127 (serde_json's recursion guard).
    pub max_depth: usize,
    /// Largest input in bytes. Default 16 MiB.
    pub max_size: usize,
    /// Most errors reported for one input. Default 100.
    pub max_errors: usize,
}

impl ReadOptions {
    /// Default limits with the given mode.
    pub const fn new(mode: Mode) -> Self {
        ReadOptions {
            mode,
            max_depth: 64,
            max_size: 16 * 1024 * 1024,
            max_errors: 100,
        }
    }

    /// Strict mode, default limits.
    pub const fn strict() -> Self {
        Self::new(Mode::Strict)
    }

    /// Lenient mode, default limits.
    pub const fn lenient() -> Self {
        Self::new(Mode::Lenient)
    }

    /// Sets the deepest nesting allowed.
    #[must_use]
    pub const fn with_max_depth(mut self, depth: usize) -> Self {
        self.max_depth = depth;
        self
    }

    /// Sets the largest input allowed, in bytes.
    #[must_use]
    pub const fn with_max_size(mut self, bytes: usize) -> Self {
        self.max_size = bytes;
        self
    }

    /// Sets the most errors reported for one input (at least 1).
    #[must_use]
    pub const fn with_max_errors(mut self, count: usize) -> Self {
        self.max_errors = count;
        self
    }
}

impl Default for ReadOptions {
    /// Lenient mode (documents), default limits.
    fn default() -> Self {
        Self::lenient()
    }
}

/// Which kind of input is read: it decides what happens to annotations and
/// how a non-object top level is reported.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Document,
    Patch,
}

/// State shared by all visitors of one read.
pub(crate) struct Ctx {
    strict: bool,
    patch: bool,
    max_depth: usize,
    depth: usize,
    errors: Errors,
}

impl Ctx {
    fn new(opts: &ReadOptions, kind: Kind) -> Self {
        Ctx {
            strict: opts.mode == Mode::Strict,
            patch: kind == Kind::Patch,
            max_depth: opts.max_depth.min(127),
            depth: 0,
            errors: Errors::new(opts.max_errors),
        }
    }

    fn err(&mut self, path: &Path<'_>, code: ErrorCode, message: impl Into<String>) {
        self.errors.push(path, code, message);
    }

    /// Enters an object or array at `path`; `false` (with an error) when too deep.
    fn enter(&mut self, path: &Path<'_>) -> bool {
        if self.depth >= self.max_depth {
            self.err(
                path,
                ErrorCode::LimitExceeded,
                format!("nesting deeper than {} levels", self.max_depth),
            );
            return false;
        }
        self.depth += 1;
        true
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }
}

/// Runs `seed` over `bytes`, turning serde_json's fatal errors into the single
/// `invalidJson` (or `limitExceeded` for its recursion guard) error.
fn run<T>(
    bytes: &[u8],
    opts: &ReadOptions,
    kind: Kind,
    f: impl FnOnce(
        &mut Ctx,
        &mut serde_json::Deserializer<serde_json::de::StrRead<'_>>,
    ) -> Result<T, serde_json::Error>,
) -> (Option<T>, Errors) {
    let mut ctx = Ctx::new(opts, kind);
    if bytes.len() > opts.max_size {
        ctx.errors.push_pointer(
            String::new(),
            ErrorCode::LimitExceeded,
            format!(
                "input of {} bytes exceeds the limit of {} bytes",
                bytes.len(),
                opts.max_size
            ),
        );
        return (None, ctx.errors);
    }
    // Validate UTF-8 once for the whole input (much cheaper than serde_json
    // checking every string on its own), then parse the text.
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            ctx.errors = Errors::new(1);
            ctx.errors.push_pointer(
                String::new(),
                ErrorCode::InvalidJson,
                format!("malformed JSON: invalid UTF-8 at byte {}", e.valid_up_to()),
            );
            return (None, ctx.errors);
        }
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let result = f(&mut ctx, &mut de).and_then(|v| de.end().map(|()| v));
    match result {
        Ok(v) => (Some(v), ctx.errors),
        Err(e) => {
            let mut errors = Errors::new(1);
            if e.to_string().starts_with("recursion limit exceeded") {
                errors.push_pointer(
                    String::new(),
                    ErrorCode::LimitExceeded,
                    "nesting deeper than 127 levels",
                );
            } else {
                errors.push_pointer(
                    String::new(),
                    ErrorCode::InvalidJson,
                    format!("malformed JSON: {e}"),
                );
            }
            (None, errors)
        }
    }
}

/// Reads a caseExportOperation document or PATCH body. Returns the value read
/// (possibly partial) and the errors found; the value is only meaningful when
/// there are no errors.
pub(crate) fn read_operation(
    bytes: &[u8],
    opts: &ReadOptions,
    kind: Kind,
) -> (Option<CaseExportOperation>, Errors) {
    let mut field = Field::Absent;
    let (parsed, mut errors) = run(bytes, opts, kind, |ctx, de| {
        ObjectSeed::new(ctx, &Path::Root, &mut field).deserialize(de)
    });
    let op = match (parsed, field) {
        (Some(()), Field::Value(op)) => Some(op),
        (Some(()), Field::Null) => {
            let (code, what) = top_level_error(kind);
            errors.push_pointer(String::new(), code, format!("{what}, found null"));
            None
        }
        _ => None,
    };
    (op, errors)
}

fn top_level_error(kind: Kind) -> (ErrorCode, &'static str) {
    match kind {
        Kind::Document => (
            ErrorCode::InvalidType,
            "a caseExportOperation must be a JSON object",
        ),
        Kind::Patch => (
            ErrorCode::InvalidPatch,
            "a PATCH body must be a JSON object",
        ),
    }
}

/// Reads any JSON value with the limits and duplicate check.
pub(crate) fn read_json(bytes: &[u8], opts: &ReadOptions) -> Result<Json, Error> {
    let (v, errors) = run(bytes, opts, Kind::Document, |ctx, de| {
        JsonSeed {
            ctx,
            path: &Path::Root,
        }
        .deserialize(de)
    });
    errors.into_result()?;
    Ok(v.unwrap_or_default())
}

/// Reads an object key, borrowing from the input when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// The names seen in one object: a short list, or a hash set once the object
/// is large, so duplicate detection stays linear.
#[derive(Default)]
struct KeySet<'de> {
    small: Vec<Cow<'de, str>>,
    large: Option<HashSet<Cow<'de, str>>>,
}

impl<'de> KeySet<'de> {
    /// `false` when `key` was already seen. Takes the `Cow` so that keys
    /// borrowed from the input are kept without copying.
    #[allow(clippy::ptr_arg)]
    fn insert(&mut self, key: &Cow<'de, str>) -> bool {
        if let Some(set) = &mut self.large {
            return set.insert(key.clone());
        }
        if self.small.iter().any(|k| k == key) {
            return false;
        }
        self.small.push(key.clone());
        if self.small.len() > 16 {
            self.large = Some(self.small.drain(..).collect());
        }
        true
    }
}

/// Any JSON value (unknown properties, annotations, extra members).
struct JsonSeed<'c, 'p> {
    ctx: &'c mut Ctx,
    path: &'p Path<'p>,
}

impl<'de> DeserializeSeed<'de> for JsonSeed<'_, '_> {
    type Value = Json;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for JsonSeed<'_, '_> {
    type Value = Json;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(Number(N::PosInt(v))))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(Number::from(v)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        Ok(Json::Number(Number(N::Float(v))))
    }
    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        if !self.ctx.enter(self.path) {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(Json::Null);
        }
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(JsonSeed {
            ctx: self.ctx,
            path: &Path::Index(self.path, items.len()),
        })? {
            items.push(v);
        }
        self.ctx.leave();
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        if !self.ctx.enter(self.path) {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(Json::Null);
        }
        let mut members = Members::new();
        let mut seen = KeySet::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let path = Path::Key(self.path, &key);
            let fresh = seen.insert(&key);
            let v = map.next_value_seed(JsonSeed {
                ctx: self.ctx,
                path: &path,
            })?;
            if fresh {
                members.push_unchecked(key.into_owned(), v);
            } else {
                duplicate(self.ctx, &path);
            }
        }
        self.ctx.leave();
        Ok(Json::Object(members))
    }
}

fn duplicate(ctx: &mut Ctx, path: &Path<'_>) {
    ctx.err(
        path,
        ErrorCode::DuplicateProperty,
        "member name appears more than once in this object",
    );
}

/// A scalar where the model expects one, or a note that something else came.
enum Raw<'de> {
    Null,
    Bool,
    Int(i64),
    BigInt,
    Float(f64),
    Str(Cow<'de, str>),
    Array,
    Object,
}

impl Raw<'_> {
    fn kind(&self) -> &'static str {
        match self {
            Raw::Null => "null",
            Raw::Bool => "a boolean",
            Raw::Int(_) | Raw::BigInt | Raw::Float(_) => "a number",
            Raw::Str(_) => "a string",
            Raw::Array => "an array",
            Raw::Object => "an object",
        }
    }
}

/// Reads a value where a scalar is expected. Objects and arrays are still
/// checked (duplicates, depth) and then dropped.
struct RawSeed<'c, 'p> {
    ctx: &'c mut Ctx,
    path: &'p Path<'p>,
}

impl<'de> DeserializeSeed<'de> for RawSeed<'_, '_> {
    type Value = Raw<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Raw<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RawSeed<'_, '_> {
    type Value = Raw<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Raw<'de>, E> {
        Ok(Raw::Null)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Raw<'de>, E> {
        Ok(Raw::Bool)
    }
    fn visit_u64<E>(self, v: u64) -> Result<Raw<'de>, E> {
        Ok(i64::try_from(v).map_or(Raw::BigInt, Raw::Int))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw<'de>, E> {
        Ok(Raw::Int(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Raw<'de>, E> {
        Ok(Raw::Float(v))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Owned(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Raw<'de>, A::Error> {
        JsonSeed {
            ctx: self.ctx,
            path: self.path,
        }
        .visit_seq(seq)?;
        Ok(Raw::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Raw<'de>, A::Error> {
        JsonSeed {
            ctx: self.ctx,
            path: self.path,
        }
        .visit_map(map)?;
        Ok(Raw::Object)
    }
}

fn wrong_type<T>(ctx: &mut Ctx, path: &Path<'_>, expected: &str, raw: &Raw<'_>) -> Field<T> {
    ctx.err(
        path,
        ErrorCode::InvalidType,
        format!("expected {expected}, found {}", raw.kind()),
    );
    Field::Absent
}

fn string_field(ctx: &mut Ctx, path: &Path<'_>, raw: Raw<'_>) -> Field<String> {
    match raw {
        Raw::Null => Field::Null,
        Raw::Str(s) => Field::Value(s.into_owned()),
        other => wrong_type(ctx, path, "a string", &other),
    }
}

fn int32_field(ctx: &mut Ctx, path: &Path<'_>, raw: Raw<'_>) -> Field<i32> {
    match raw {
        Raw::Null => Field::Null,
        Raw::Int(i) => match i32::try_from(i) {
            Ok(v) => Field::Value(v),
            Err(_) => {
                ctx.err(
                    path,
                    ErrorCode::OutOfRange,
                    format!("{i} is outside the Int32 range"),
                );
                Field::Absent
            }
        },
        Raw::BigInt => {
            ctx.err(
                path,
                ErrorCode::OutOfRange,
                "number is outside the Int32 range",
            );
            Field::Absent
        }
        // serde_json reads integer literals beyond 64 bits as floats.
        Raw::Float(f) if f.fract() == 0.0 && f.abs() >= 9.2e18 => {
            ctx.err(
                path,
                ErrorCode::OutOfRange,
                "number is outside the Int32 range",
            );
            Field::Absent
        }
        Raw::Float(_) => {
            ctx.err(
                path,
                ErrorCode::InvalidType,
                "expected an integer literal (no fraction or exponent)",
            );
            Field::Absent
        }
        other => wrong_type(ctx, path, "an integer", &other),
    }
}

fn percent_field(ctx: &mut Ctx, path: &Path<'_>, raw: Raw<'_>) -> Field<Percent> {
    match int32_field(ctx, path, raw) {
        Field::Value(v) => match Percent::new(v) {
            Some(p) => Field::Value(p),
            None => {
                ctx.err(
                    path,
                    ErrorCode::OutOfRange,
                    format!("{v} is outside 0..=100"),
                );
                Field::Absent
            }
        },
        Field::Null => Field::Null,
        Field::Absent => Field::Absent,
    }
}

fn datetime_field(ctx: &mut Ctx, path: &Path<'_>, raw: Raw<'_>) -> Field<DateTimeOffset> {
    match raw {
        Raw::Null => Field::Null,
        Raw::Str(s) => match DateTimeOffset::parse(&s) {
            Ok(t) => Field::Value(t),
            Err(e) => {
                ctx.err(
                    path,
                    ErrorCode::InvalidDateTime,
                    format!("{:?} is not a DateTimeOffset: {e}", &*s),
                );
                Field::Absent
            }
        },
        other => wrong_type(ctx, path, "a DateTimeOffset string", &other),
    }
}

fn member_field<T>(
    ctx: &mut Ctx,
    path: &Path<'_>,
    raw: Raw<'_>,
    type_name: &str,
    read: impl FnOnce(&str, bool) -> Result<T, MemberError>,
) -> Field<T> {
    match raw {
        Raw::Null => Field::Null,
        Raw::Str(s) => match read(&s, ctx.strict) {
            Ok(v) => Field::Value(v),
            Err(MemberError::Unknown(m)) => {
                ctx.err(
                    path,
                    ErrorCode::InvalidEnumMember,
                    format!("{m:?} is not a member of {type_name}"),
                );
                Field::Absent
            }
            Err(MemberError::Malformed(why)) => {
                ctx.err(
                    path,
                    ErrorCode::InvalidEnumMember,
                    format!("invalid {type_name} value: {why}"),
                );
                Field::Absent
            }
        },
        other => wrong_type(ctx, path, &format!("a {type_name} string"), &other),
    }
}

/// Accepts `namespace.name` with an optional leading `#`.
fn names_type(value: &str, accepted: &[&str]) -> bool {
    let v = value.strip_prefix('#').unwrap_or(value);
    accepted.contains(&v)
}

/// `true` for instance (`@x`) and property (`name@x`) annotation names.
fn is_annotation(key: &str) -> bool {
    key.contains('@')
}

/// A complex type read member by member.
trait ObjectType: Default {
    /// The type's name for messages.
    const NAME: &'static str;
    /// The names `@odata.type` may give (without `#`); empty accepts any.
    const ODATA_TYPES: &'static [&'static str];
    /// Keeps annotations (documents only; `@odata.type` included unless top-level).
    fn annotations(&mut self) -> Option<&mut Members>;
    /// The slot (0..32, the member's index in canonical order) of a declared
    /// member name, for duplicate detection by bitmask.
    fn slot(key: &str) -> Option<u32>;
    /// Reads the value of the declared member in `slot`.
    fn read_slot<'de, A: MapAccess<'de>>(
        &mut self,
        ctx: &mut Ctx,
        slot: u32,
        path: &Path<'_>,
        map: &mut A,
    ) -> Result<(), A::Error>;
    /// Where undeclared members go: `Some` for open types (always kept) and for
    /// closed types read leniently; `None` means `unknownProperty`.
    fn undeclared(&mut self, strict: bool) -> Option<&mut Members>;
}

/// Reads a complex value: `null` → [`Field::Null`], an object → a value,
/// anything else → `invalidType` (or the top level's code).
/// The value is written in place into `slot`, so large complex values are
/// never moved around.
struct ObjectSeed<'c, 'p, 's, T> {
    ctx: &'c mut Ctx,
    path: &'p Path<'p>,
    slot: &'s mut Field<T>,
}

impl<'c, 'p, 's, T> ObjectSeed<'c, 'p, 's, T> {
    fn new(ctx: &'c mut Ctx, path: &'p Path<'p>, slot: &'s mut Field<T>) -> Self {
        ObjectSeed { ctx, path, slot }
    }

    fn not_an_object(self, kind: &str) {
        let (code, what) = if matches!(self.path, Path::Root) {
            top_level_error(if self.ctx.patch {
                Kind::Patch
            } else {
                Kind::Document
            })
        } else {
            (ErrorCode::InvalidType, "expected an object")
        };
        self.ctx
            .err(self.path, code, format!("{what}, found {kind}"));
    }
}

impl<'de, T: ObjectType> DeserializeSeed<'de> for ObjectSeed<'_, '_, '_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: ObjectType> Visitor<'de> for ObjectSeed<'_, '_, '_, T> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} object", T::NAME)
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        *self.slot = Field::Null;
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        self.not_an_object("a boolean");
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        self.not_an_object("a number");
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        self.not_an_object("a number");
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        self.not_an_object("a number");
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        self.not_an_object("a string");
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        JsonSeed {
            ctx: &mut *self.ctx,
            path: self.path,
        }
        .visit_seq(seq)?;
        self.not_an_object("an array");
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ctx = self.ctx;
        if !ctx.enter(self.path) {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(());
        }
        let top = matches!(self.path, Path::Root);
        let value = match self.slot {
            Field::Value(v) => v,
            slot => {
                *slot = Field::Value(T::default());
                match slot {
                    Field::Value(v) => v,
                    _ => return Ok(()),
                }
            }
        };
        let mut seen_declared = 0u32;
        let mut seen_type = false;
        let mut seen = KeySet::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let path = Path::Key(self.path, &key);
            if let Some(slot) = T::slot(&key) {
                let bit = 1u32 << slot;
                if seen_declared & bit != 0 {
                    duplicate(ctx, &path);
                    map.next_value_seed(JsonSeed { ctx, path: &path })?;
                } else {
                    seen_declared |= bit;
                    value.read_slot(ctx, slot, &path, &mut map)?;
                }
                continue;
            }
            // `@odata.type` is tracked apart so that most objects never
            // allocate a key set.
            let fresh = if key == "@odata.type" {
                !std::mem::replace(&mut seen_type, true)
            } else {
                seen.insert(&key)
            };
            if !fresh {
                duplicate(ctx, &path);
                map.next_value_seed(JsonSeed { ctx, path: &path })?;
                continue;
            }
            if key == "@odata.type" {
                let v = map.next_value_seed(JsonSeed { ctx, path: &path })?;
                match &v {
                    Json::String(s)
                        if T::ODATA_TYPES.is_empty() || names_type(s, T::ODATA_TYPES) => {}
                    Json::String(s) => ctx.err(
                        &path,
                        ErrorCode::TypeMismatch,
                        format!("@odata.type {s:?} does not name {}", T::NAME),
                    ),
                    other => {
                        let kind = if other.is_null() {
                            "null"
                        } else {
                            "a non-string"
                        };
                        ctx.err(
                            &path,
                            ErrorCode::InvalidType,
                            format!("@odata.type must be a string, found {kind}"),
                        );
                    }
                }
                if !top && !ctx.patch {
                    if let Some(a) = value.annotations() {
                        a.push_unchecked(key.into_owned(), v);
                    }
                }
            } else if is_annotation(&key) {
                let v = map.next_value_seed(JsonSeed { ctx, path: &path })?;
                if !ctx.patch {
                    if let Some(a) = value.annotations() {
                        a.push_unchecked(key.into_owned(), v);
                    }
                }
            } else if let Some(members) = value.undeclared(ctx.strict) {
                let v = map.next_value_seed(JsonSeed { ctx, path: &path })?;
                members.push_unchecked(key.into_owned(), v);
            } else {
                ctx.err(
                    &path,
                    ErrorCode::UnknownProperty,
                    format!("{} has no property {:?}", T::NAME, &*key),
                );
                map.next_value_seed(JsonSeed { ctx, path: &path })?;
            }
        }
        ctx.leave();
        Ok(())
    }
}

/// Reads the next value as a scalar.
fn raw<'de, A: MapAccess<'de>>(
    ctx: &mut Ctx,
    path: &Path<'_>,
    map: &mut A,
) -> Result<Raw<'de>, A::Error> {
    map.next_value_seed(RawSeed { ctx, path })
}

/// Reads the next value as a scalar and converts it.
fn scalar<'de, A: MapAccess<'de>, T>(
    ctx: &mut Ctx,
    path: &Path<'_>,
    map: &mut A,
    convert: impl FnOnce(&mut Ctx, &Path<'_>, Raw<'de>) -> Field<T>,
) -> Result<Field<T>, A::Error> {
    let r = raw(ctx, path, map)?;
    Ok(convert(ctx, path, r))
}

/// Reads the next value as a complex type, in place into `slot`.
fn object<'de, T: ObjectType, A: MapAccess<'de>>(
    ctx: &mut Ctx,
    path: &Path<'_>,
    map: &mut A,
    slot: &mut Field<T>,
) -> Result<(), A::Error> {
    map.next_value_seed(ObjectSeed::new(ctx, path, slot))
}

impl ObjectType for CaseExportOperation {
    const NAME: &'static str = "caseExportOperation";
    const ODATA_TYPES: &'static [&'static str] = &[
        "microsoft.graph.caseExportOperation",
        "microsoft.graph.ediscovery.caseExportOperation",
    ];
    fn annotations(&mut self) -> Option<&mut Members> {
        Some(&mut self.annotations)
    }
    fn undeclared(&mut self, strict: bool) -> Option<&mut Members> {
        (!strict).then_some(&mut self.unknown)
    }
    fn slot(key: &str) -> Option<u32> {
        Some(match key {
            "id" => 0,
            "createdDateTime" => 1,
            "completedDateTime" => 2,
            "percentProgress" => 3,
            "status" => 4,
            "action" => 5,
            "createdBy" => 6,
            "resultInfo" => 7,
            "outputName" => 8,
            "description" => 9,
            "outputFolderId" => 10,
            "azureBlobContainer" => 11,
            "azureBlobToken" => 12,
            "exportOptions" => 13,
            "exportStructure" => 14,
            _ => return None,
        })
    }
    fn read_slot<'de, A: MapAccess<'de>>(
        &mut self,
        ctx: &mut Ctx,
        slot: u32,
        path: &Path<'_>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match slot {
            0 => match raw(ctx, path, map)? {
                Raw::Str(s) => self.id = Some(s.into_owned()),
                Raw::Null if ctx.patch => ctx.err(
                    path,
                    ErrorCode::ReadOnlyProperty,
                    "id is read-only and cannot be cleared",
                ),
                other => {
                    wrong_type::<()>(ctx, path, "a string (id is not nullable)", &other);
                }
            },
            1 => self.created_date_time = scalar(ctx, path, map, datetime_field)?,
            2 => self.completed_date_time = scalar(ctx, path, map, datetime_field)?,
            3 => self.percent_progress = scalar(ctx, path, map, percent_field)?,
            4 => {
                self.status = scalar(ctx, path, map, |c, p, r| {
                    member_field(
                        c,
                        p,
                        r,
                        CaseOperationStatus::TYPE_NAME,
                        CaseOperationStatus::read,
                    )
                })?
            }
            5 => {
                self.action = scalar(ctx, path, map, |c, p, r| {
                    member_field(c, p, r, CaseAction::TYPE_NAME, CaseAction::read)
                })?
            }
            6 => object(ctx, path, map, &mut self.created_by)?,
            7 => object(ctx, path, map, &mut self.result_info)?,
            8 => self.output_name = scalar(ctx, path, map, string_field)?,
            9 => self.description = scalar(ctx, path, map, string_field)?,
            10 => self.output_folder_id = scalar(ctx, path, map, string_field)?,
            11 => self.azure_blob_container = scalar(ctx, path, map, string_field)?,
            12 => self.azure_blob_token = scalar(ctx, path, map, string_field)?.map(Secret::new),
            13 => {
                self.export_options = scalar(ctx, path, map, |c, p, r| {
                    member_field(c, p, r, "exportOptions", ExportOptions::read)
                })?
            }
            _ => {
                self.export_structure = scalar(ctx, path, map, |c, p, r| {
                    member_field(
                        c,
                        p,
                        r,
                        ExportFileStructure::TYPE_NAME,
                        ExportFileStructure::read,
                    )
                })?
            }
        }
        Ok(())
    }
}

impl ObjectType for IdentitySet {
    const NAME: &'static str = "identitySet";
    const ODATA_TYPES: &'static [&'static str] = &["microsoft.graph.identitySet"];
    fn annotations(&mut self) -> Option<&mut Members> {
        Some(&mut self.annotations)
    }
    fn undeclared(&mut self, _strict: bool) -> Option<&mut Members> {
        Some(&mut self.extra)
    }
    fn slot(key: &str) -> Option<u32> {
        IDENTITY_SET_MEMBERS
            .iter()
            .position(|m| *m == key)
            .map(|i| i as u32)
    }
    fn read_slot<'de, A: MapAccess<'de>>(
        &mut self,
        ctx: &mut Ctx,
        slot: u32,
        path: &Path<'_>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match self.members_mut().into_iter().nth(slot as usize) {
            Some((_, member)) => object(ctx, path, map, member),
            None => map.next_value_seed(JsonSeed { ctx, path }).map(drop),
        }
    }
}

impl ObjectType for Identity {
    const NAME: &'static str = "identity";
    const ODATA_TYPES: &'static [&'static str] = &[];
    fn annotations(&mut self) -> Option<&mut Members> {
        Some(&mut self.annotations)
    }
    fn undeclared(&mut self, _strict: bool) -> Option<&mut Members> {
        Some(&mut self.extra)
    }
    fn slot(key: &str) -> Option<u32> {
        match key {
            "id" => Some(0),
            "displayName" => Some(1),
            _ => None,
        }
    }
    fn read_slot<'de, A: MapAccess<'de>>(
        &mut self,
        ctx: &mut Ctx,
        slot: u32,
        path: &Path<'_>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let field = if slot == 0 {
            &mut self.id
        } else {
            &mut self.display_name
        };
        *field = scalar(ctx, path, map, string_field)?;
        Ok(())
    }
}

impl ObjectType for ResultInfo {
    const NAME: &'static str = "resultInfo";
    const ODATA_TYPES: &'static [&'static str] = &["microsoft.graph.resultInfo"];
    fn annotations(&mut self) -> Option<&mut Members> {
        Some(&mut self.annotations)
    }
    fn undeclared(&mut self, strict: bool) -> Option<&mut Members> {
        (!strict).then_some(&mut self.unknown)
    }
    fn slot(key: &str) -> Option<u32> {
        match key {
            "code" => Some(0),
            "message" => Some(1),
            "subcode" => Some(2),
            _ => None,
        }
    }
    fn read_slot<'de, A: MapAccess<'de>>(
        &mut self,
        ctx: &mut Ctx,
        slot: u32,
        path: &Path<'_>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match slot {
            0 => self.code = scalar(ctx, path, map, int32_field)?,
            1 => self.message = scalar(ctx, path, map, string_field)?,
            _ => self.subcode = scalar(ctx, path, map, int32_field)?,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PROPERTIES;

    fn errs(doc: &str, opts: &ReadOptions, kind: Kind) -> Vec<(String, ErrorCode)> {
        let (_, e) = read_operation(doc.as_bytes(), opts, kind);
        match e.into_result() {
            Ok(()) => vec![],
            Err(e) => e
                .details()
                .iter()
                .map(|d| (d.path.clone(), d.code))
                .collect(),
        }
    }

    #[test]
    fn deep_nesting_is_limited_not_a_crash() {
        let deep = format!("{{\"x\":{}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
        let e = errs(&deep, &ReadOptions::lenient(), Kind::Document);
        let first_too_deep = format!("/x{}", "/0".repeat(63));
        assert_eq!(e, vec![(first_too_deep, ErrorCode::LimitExceeded)]);
        let d65 = format!("{{\"x\":{}1{}}}", "[".repeat(64), "]".repeat(64));
        let e = errs(&d65, &ReadOptions::lenient(), Kind::Document);
        let expected_path = format!("/x{}", "/0".repeat(63));
        assert_eq!(e, vec![(expected_path, ErrorCode::LimitExceeded)]);
        let d64 = format!("{{\"x\":{}1{}}}", "[".repeat(63), "]".repeat(63));
        assert!(errs(&d64, &ReadOptions::lenient(), Kind::Document).is_empty());
    }

    #[test]
    fn slots_follow_the_canonical_order() {
        for (i, name) in PROPERTIES.iter().enumerate() {
            assert_eq!(CaseExportOperation::slot(name), Some(i as u32));
        }
        for (i, name) in IDENTITY_SET_MEMBERS.iter().enumerate() {
            assert_eq!(IdentitySet::slot(name), Some(i as u32));
        }
        assert_eq!(Identity::slot("displayName"), Some(1));
        assert_eq!(ResultInfo::slot("subcode"), Some(2));
        assert_eq!(CaseExportOperation::slot("@odata.type"), None);
    }

    #[test]
    fn wide_objects_detect_duplicates_in_linear_time() {
        let mut doc = String::from("{\"x\":{");
        for i in 0..50_000 {
            doc.push_str(&format!("\"k{i}\":{i},"));
        }
        doc.push_str("\"k7\":0}}");
        let e = errs(&doc, &ReadOptions::lenient(), Kind::Document);
        assert_eq!(e, vec![("/x/k7".to_string(), ErrorCode::DuplicateProperty)]);
    }

    #[test]
    fn annotations_are_kept_in_documents_and_dropped_from_patches() {
        let doc = br##"{"@odata.context":"c","outputName@odata.type":"#String","outputName":"x"}"##;
        let (op, e) = read_operation(doc, &ReadOptions::strict(), Kind::Document);
        assert!(e.is_empty());
        assert_eq!(op.unwrap().annotations.len(), 2);
        let (p, e) = read_operation(doc, &ReadOptions::strict(), Kind::Patch);
        assert!(e.is_empty());
        assert!(p.unwrap().annotations.is_empty());
    }
}
