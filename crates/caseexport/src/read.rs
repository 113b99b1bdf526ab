//! Reading documents and PATCH bodies (SPEC §3): strict and lenient modes,
//! limits, duplicate members, and every error of a document in one pass.
//!
//! The bytes are parsed once, straight into the typed model: the reader
//! pulls members and values from the [`lexer`] (no intermediate
//! `serde_json::Value`). Validation problems are collected in a [`Ctx`]; only
//! malformed JSON stops the parse.

use std::borrow::Cow;
use std::collections::HashSet;

mod lexer;
pub(crate) mod objects;
pub(crate) use lexer::{LexError, Lexer};
use lexer::{Num, Scalar};

use crate::error::{Error, ErrorCode, Errors, Path, DEFAULT_MAX_ERROR_BYTES};
use crate::field::Field;
use crate::json::{Json, Members, Number, N};

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
    /// Default 64; values above 127 act as 127 (the cap bounds the reader's
    /// recursion; deeper values are skipped without recursing).
    pub max_depth: usize,
    /// Largest input in bytes. Default 16 MiB.
    pub max_size: usize,
    /// Most errors reported for one input. Default 100.
    pub max_errors: usize,
    /// Most bytes of error text (paths plus messages, UTF-8) reported for
    /// one input. Default 64 KiB ([`DEFAULT_MAX_ERROR_BYTES`]). The first
    /// error is always reported; errors past the budget are left out and the
    /// error is marked truncated, as past `max_errors`. Member names and
    /// values quoted in errors are shortened past
    /// [`MAX_QUOTED_BYTES`](crate::MAX_QUOTED_BYTES), so one error stays
    /// small (at most about 20 KiB at the deepest nesting).
    pub max_error_bytes: usize,
    /// Whether a resource's top-level `@odata.type` may give only the type's
    /// own (canonical) name: set by the readers that select a type
    /// ([`ExportOperation`](crate::ExportOperation),
    /// [`ExportPatch`](crate::ExportPatch)), so that the seed's alias
    /// `microsoft.graph.ediscovery.caseExportOperation` is `typeMismatch`
    /// there (it names the ediscovery type) and read only by the seed's own
    /// entry points.
    pub(crate) own_name_only: bool,
}

impl ReadOptions {
    /// Default limits with the given mode.
    pub const fn new(mode: Mode) -> Self {
        ReadOptions {
            mode,
            max_depth: 64,
            max_size: 16 * 1024 * 1024,
            max_errors: 100,
            max_error_bytes: DEFAULT_MAX_ERROR_BYTES,
            own_name_only: false,
        }
    }

    /// These options for a reader that selects a type: only the type's own
    /// name is read (see `own_name_only`).
    pub(crate) fn own_name_only(&self) -> ReadOptions {
        ReadOptions {
            own_name_only: true,
            ..self.clone()
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

    /// Sets the most bytes of error text reported for one input (the first
    /// error is always reported).
    #[must_use]
    pub const fn with_max_error_bytes(mut self, bytes: usize) -> Self {
        self.max_error_bytes = bytes;
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

/// State shared by all the reading functions of one read.
pub(crate) struct Ctx {
    strict: bool,
    patch: bool,
    /// See [`ReadOptions::own_name_only`].
    pub(crate) own_name_only: bool,
    max_depth: usize,
    depth: usize,
    errors: Errors,
}

impl Ctx {
    fn new(opts: &ReadOptions, kind: Kind) -> Self {
        Ctx {
            strict: opts.mode == Mode::Strict,
            patch: kind == Kind::Patch,
            own_name_only: opts.own_name_only,
            // The reader recurses once per level it reads; this cap is what
            // bounds its stack (the lexer itself counts nothing).
            max_depth: opts.max_depth.min(127),
            depth: 0,
            errors: Errors::with_budget(opts.max_errors, opts.max_error_bytes),
        }
    }

    fn err(&mut self, path: &Path<'_>, code: ErrorCode, message: impl Into<String>) {
        self.errors.push(path, code, message);
    }

    /// Opens the object or array whose first byte is next, one level deeper;
    /// past the depth limit, reports that at `path`, skips the value whole
    /// (without recursion) and gives `false`.
    #[inline]
    fn open(&mut self, path: &Path<'_>, lx: &mut Lexer<'_>) -> Result<bool, LexError> {
        if self.depth >= self.max_depth {
            return self.too_deep(path, lx);
        }
        self.depth += 1;
        lx.open();
        Ok(true)
    }

    #[cold]
    fn too_deep(&mut self, path: &Path<'_>, lx: &mut Lexer<'_>) -> Result<bool, LexError> {
        self.err(
            path,
            ErrorCode::LimitExceeded,
            format!("nesting deeper than {} levels", self.max_depth),
        );
        lx.skip_value()?;
        Ok(false)
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }
}

/// A size limit as people write it: `16 MiB`, `64 KiB`, else `N bytes`.
fn size_text(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * KIB;
    match bytes {
        0 => "0 bytes".to_owned(),
        b if b % MIB == 0 => format!("{} MiB", b / MIB),
        b if b % KIB == 0 => format!("{} KiB", b / KIB),
        1 => "1 byte".to_owned(),
        b => format!("{b} bytes"),
    }
}

/// Runs `f` over `bytes`, turning the lexer's fatal error into the single
/// `invalidJson` error.
fn run<T>(
    bytes: &[u8],
    opts: &ReadOptions,
    kind: Kind,
    f: impl FnOnce(&mut Ctx, &mut Lexer<'_>) -> Result<T, LexError>,
) -> (Option<T>, Errors) {
    let mut ctx = Ctx::new(opts, kind);
    if bytes.len() > opts.max_size {
        ctx.errors.push_pointer(
            String::new(),
            ErrorCode::LimitExceeded,
            // Not the input's size: a caller that streams (the CLI) hands
            // over only the first `max_size + 1` bytes.
            format!("input is larger than {}", size_text(opts.max_size)),
        );
        return (None, ctx.errors);
    }
    // Validate UTF-8 once for the whole input (much cheaper than checking
    // every string on its own; SIMD where the CPU has it), then parse the
    // text. Only invalid input is checked again, for the error's position.
    let text = match simdutf8::basic::from_utf8(bytes).map_err(|_| std::str::from_utf8(bytes)) {
        Ok(text) => text,
        Err(Ok(text)) => text,
        Err(Err(e)) => {
            ctx.errors = Errors::new(1);
            ctx.errors.push_pointer(
                String::new(),
                ErrorCode::InvalidJson,
                format!("malformed JSON: invalid UTF-8 at byte {}", e.valid_up_to()),
            );
            return (None, ctx.errors);
        }
    };
    let mut lexer = Lexer::new(text);
    let result = f(&mut ctx, &mut lexer).and_then(|v| lexer.end().map(|()| v));
    match result {
        Ok(v) => (Some(v), ctx.errors),
        Err(e) => {
            let mut errors = Errors::new(1);
            errors.push_pointer(
                String::new(),
                ErrorCode::InvalidJson,
                format!("malformed JSON: {e}"),
            );
            (None, errors)
        }
    }
}

/// Reads a caseExportOperation document or PATCH body. Returns the value read
/// (possibly partial) and the errors found; the value is only meaningful when
/// there are no errors.
pub(crate) fn read_operation<T: objects::ObjectType>(
    bytes: &[u8],
    opts: &ReadOptions,
    kind: Kind,
) -> (Option<T>, Errors) {
    let mut field = Field::Absent;
    let errors = read_into(bytes, opts, kind, &mut field);
    (field.into_option(), errors)
}

/// [`read_operation`] straight into a heap allocation (the default
/// operation when the top level is not an object; then there are errors).
pub(crate) fn read_boxed<T: objects::ObjectType>(
    bytes: &[u8],
    opts: &ReadOptions,
    kind: Kind,
) -> (Box<T>, Errors) {
    let mut field = Field::Absent;
    let errors = read_into(bytes, opts, kind, &mut field);
    (field.into_option().unwrap_or_default(), errors)
}

/// Reads a document or PATCH body into `field` (an operation, or a boxed
/// one: the value is built where it will stay). `field` holds a value only
/// when the top level was an object; it is only meaningful when there are
/// no errors.
pub(crate) fn read_into<T: objects::ObjectType>(
    bytes: &[u8],
    opts: &ReadOptions,
    kind: Kind,
    field: &mut Field<T>,
) -> Errors {
    let (parsed, mut errors) = run(bytes, opts, kind, |ctx, lx| {
        objects::read_object(ctx, &Path::Root, lx, field)
    });
    match (parsed, &*field) {
        (Some(()), Field::Value(_)) => {}
        (Some(()), Field::Null) => {
            let (code, what) = top_level_error(kind, T::NAME);
            errors.push_pointer(String::new(), code, format!("{what}, found null"));
            *field = Field::Absent;
        }
        _ => *field = Field::Absent,
    }
    errors
}

/// The code and message for a top level that is not an object, for a
/// document of the type called `name` or a PATCH body.
fn top_level_error(kind: Kind, name: &str) -> (ErrorCode, String) {
    match kind {
        Kind::Document => {
            let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            (
                ErrorCode::InvalidType,
                format!("{article} {name} must be a JSON object"),
            )
        }
        Kind::Patch => (
            ErrorCode::InvalidPatch,
            "a PATCH body must be a JSON object".to_owned(),
        ),
    }
}

/// Reads the JSON text of one declared member's value, as the PATCH body (or
/// document) `{"<wire>": value}` would hold it: at path `/<wire>`, one level
/// down (the limits count the body's level), in `kind`'s mode, into
/// `target`. Only `member` of `target` is written; it is meaningful only
/// when there are no errors.
pub(crate) fn read_member<T: objects::ObjectType>(
    bytes: &[u8],
    opts: &ReadOptions,
    kind: Kind,
    target: &mut T,
    member: T::Member,
    wire: &str,
) -> Errors {
    let (_, errors) = run(bytes, opts, kind, |ctx, lx| {
        // Inside the body's object.
        ctx.depth = 1;
        target.read_member(ctx, member, &Path::Key(&Path::Root, wire), lx)
    });
    errors
}

/// A property's value as a caller holds it, before it is checked: what a
/// binding has at hand (a string, an integer, `None`) or, for any other
/// value, its JSON text. [`Patch::set_value`](crate::Patch::set_value) and
/// [`Patch::set_values`](crate::Patch::set_values) check it exactly as the
/// member of a PATCH body holding the same value is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WireValue<'a> {
    /// JSON `null`: clears the property.
    Null,
    /// A JSON string, given by its content (not escaped, no quotes): a
    /// string property's value, an enum member's or flags value's wire name
    /// (`succeeded`, `originalFiles,text`), a DateTimeOffset's text.
    String(&'a str),
    /// A JSON integer.
    Int(i64),
    /// The JSON text of any value (a complex value's object, say), read as
    /// [`Patch::set_json`](crate::Patch::set_json) reads it.
    Json(&'a [u8]),
}

/// Reads values a caller holds into the declared `members` of `target`, each
/// at `/<wire>` as the member of a PATCH body (or document) would be read,
/// one level down, in `kind`'s mode, every error of every value collected in
/// order under `opts`' limits: a string longer than `max_size` bytes is
/// `limitExceeded`, JSON text is read by [`read_member`], and a member given
/// twice is `duplicateProperty` (its second value is not read). `target` is
/// meaningful only when there are no errors.
pub(crate) fn read_values<'v, T: objects::ObjectType>(
    target: &mut T,
    values: impl IntoIterator<Item = (T::Member, &'static str, WireValue<'v>)>,
    opts: &ReadOptions,
    kind: Kind,
) -> Errors {
    let mut ctx = Ctx::new(opts, kind);
    // Inside the body's object.
    ctx.depth = 1;
    let mut seen = 0u32;
    for (member, wire, value) in values {
        let path = Path::Key(&Path::Root, wire);
        let bit = T::bit(member);
        if seen & bit != 0 {
            duplicate(&mut ctx, &path);
            continue;
        }
        seen |= bit;
        let raw = match value {
            WireValue::Null => Raw::Null,
            WireValue::Int(i) => Raw::Int(i),
            WireValue::String(s) if s.len() > opts.max_size => {
                ctx.err(
                    &path,
                    ErrorCode::LimitExceeded,
                    format!("value is larger than {}", size_text(opts.max_size)),
                );
                continue;
            }
            WireValue::String(s) => Raw::Str(Cow::Borrowed(s)),
            WireValue::Json(bytes) => {
                let errors = read_member(bytes, opts, kind, target, member, wire);
                ctx.errors.append(errors);
                continue;
            }
        };
        target.read_member_raw(&mut ctx, member, &path, raw);
    }
    ctx.errors
}

/// Reads a complex value on its own (a document of that type): its
/// annotations, `@odata.type` included, are kept.
pub(crate) fn read_complex<T: objects::ObjectType>(
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<T, Error> {
    let mut field = Field::Absent;
    read_into(bytes, opts, Kind::Document, &mut field).into_result()?;
    Ok(field
        .into_option()
        .expect("a read without errors has read an object"))
}

/// The top-level `@odata.type` string of a document, found without reading
/// the rest (values are skipped); `None` when there is none or the text is
/// not a readable object (the typed reader then reports why).
pub(crate) fn top_level_odata_type(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut lx = Lexer::new(text);
    if lx.peek_value().ok()? != b'{' {
        return None;
    }
    lx.open();
    let mut first = true;
    while let Some(key) = lx.next_key(&mut first).ok()? {
        if key == "@odata.type" {
            return match lx.scalar().ok()? {
                lexer::Scalar::Str(s) => Some(s.into_owned()),
                _ => None,
            };
        }
        lx.skip_value().ok()?;
    }
    None
}

/// Reads any JSON value with the limits and duplicate check.
pub(crate) fn read_json(bytes: &[u8], opts: &ReadOptions) -> Result<Json, Error> {
    let (v, errors) = run(bytes, opts, Kind::Document, |ctx, lx| {
        read_value(ctx, &Path::Root, lx)
    });
    errors.into_result()?;
    Ok(v.expect("a read without errors has read a value"))
}

/// A top-level member of a collection page, as [`read_page`] reads it.
pub(crate) enum PageMember {
    /// The items of the collection member (an array): where each lies in
    /// the input, to be read from the input's own bytes.
    Items(Vec<std::ops::Range<usize>>),
    /// Any other member's value.
    Value(Json),
}

/// Reads a collection page (`{"value":[…],…}`) with the limits and the
/// duplicate check over the whole input, in one pass: its members in
/// arrival order (a name given twice is `duplicateProperty`, its second
/// value dropped), the array called `items_key` as the byte ranges of its
/// items. `None` when the top level is not an object.
pub(crate) fn read_page(
    bytes: &[u8],
    opts: &ReadOptions,
    items_key: &str,
) -> Result<Option<Vec<(String, PageMember)>>, Error> {
    let (v, errors) = run(bytes, opts, Kind::Document, |ctx, lx| {
        if lx.peek_value()? != b'{' {
            read_value(ctx, &Path::Root, lx)?;
            return Ok(None);
        }
        if !ctx.open(&Path::Root, lx)? {
            return Ok(Some(Vec::new()));
        }
        let mut members = Vec::new();
        let mut seen = KeySet::default();
        let mut first = true;
        while let Some(key) = lx.next_key(&mut first)? {
            let path = Path::Key(&Path::Root, &key);
            let fresh = seen.insert(&key);
            let member = if key == items_key && lx.peek_value()? == b'[' {
                if ctx.open(&path, lx)? {
                    let mut spans = Vec::new();
                    let mut first_item = true;
                    while lx.next_item(&mut first_item)? {
                        lx.peek_value()?;
                        let start = lx.position();
                        read_value(ctx, &Path::Index(&path, spans.len()), lx)?;
                        spans.push(start..lx.position());
                    }
                    ctx.leave();
                    PageMember::Items(spans)
                } else {
                    PageMember::Items(Vec::new())
                }
            } else {
                PageMember::Value(read_value(ctx, &path, lx)?)
            };
            if fresh {
                members.push((key.into_owned(), member));
            } else {
                duplicate(ctx, &path);
            }
        }
        ctx.leave();
        Ok(Some(members))
    });
    errors.into_result()?;
    Ok(v.expect("a read without errors has read a value"))
}

/// `body` with the value of every top-level member called `name` that is a
/// string replaced by `mask` (a JSON text); `None` when `body` is not a
/// well-formed JSON object. For display forms that must not show a secret.
pub(crate) fn mask_top_level_strings(body: &[u8], name: &str, mask: &str) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(body).ok()?;
    let mut lx = Lexer::new(text);
    if lx.peek_value().ok()? != b'{' {
        return None;
    }
    lx.open();
    let mut out = Vec::with_capacity(body.len());
    let mut copied = 0;
    let mut first = true;
    while let Some(key) = lx.next_key(&mut first).ok()? {
        let is_secret = key == name && lx.peek_value().ok()? == b'"';
        let start = lx.position();
        lx.skip_value().ok()?;
        if is_secret {
            out.extend_from_slice(&body[copied..start]);
            out.extend_from_slice(mask.as_bytes());
            copied = lx.position();
        }
    }
    lx.end().ok()?;
    out.extend_from_slice(&body[copied..]);
    Some(out)
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

/// Reads any JSON value (unknown properties, annotations, extra members),
/// checking depth and duplicate names; past the depth limit the value is
/// skipped (its grammar still checked) and read as `null`.
fn read_value(ctx: &mut Ctx, path: &Path<'_>, lx: &mut Lexer<'_>) -> Result<Json, LexError> {
    match lx.peek_value()? {
        b'{' => {
            if !ctx.open(path, lx)? {
                return Ok(Json::Null);
            }
            let mut members = Members::new();
            let mut seen = KeySet::default();
            let mut first = true;
            while let Some(key) = lx.next_key(&mut first)? {
                let path = Path::Key(path, &key);
                let fresh = seen.insert(&key);
                let v = read_value(ctx, &path, lx)?;
                if fresh {
                    members.push_unchecked(key.into_owned(), v);
                } else {
                    duplicate(ctx, &path);
                }
            }
            ctx.leave();
            Ok(Json::Object(members))
        }
        b'[' => {
            if !ctx.open(path, lx)? {
                return Ok(Json::Null);
            }
            let mut items = Vec::new();
            let mut first = true;
            while lx.next_item(&mut first)? {
                let v = read_value(ctx, &Path::Index(path, items.len()), lx)?;
                items.push(v);
            }
            ctx.leave();
            Ok(Json::Array(items))
        }
        _ => Ok(match lx.scalar()? {
            Scalar::Null => Json::Null,
            Scalar::Bool(b) => Json::Bool(b),
            Scalar::Num(Num::U64(u)) => Json::Number(Number(N::PosInt(u))),
            Scalar::Num(Num::I64(i)) => Json::Number(Number::from(i)),
            Scalar::Num(Num::F64(f) | Num::IntF64(f)) => Json::Number(Number(N::Float(f))),
            Scalar::Str(s) => Json::String(s.into_owned()),
        }),
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
pub(crate) enum Raw<'de> {
    Null,
    Bool,
    Int(i64),
    /// An integer literal beyond 64 bits.
    BigInt,
    /// A literal with a fraction or an exponent, whatever its value.
    Float,
    Str(Cow<'de, str>),
    Array,
    Object,
}

impl Raw<'_> {
    fn kind(&self) -> &'static str {
        match self {
            Raw::Null => "null",
            Raw::Bool => "a boolean",
            Raw::Int(_) | Raw::BigInt | Raw::Float => "a number",
            Raw::Str(_) => "a string",
            Raw::Array => "an array",
            Raw::Object => "an object",
        }
    }
}

/// Reads a value where a scalar is expected. Objects and arrays are still
/// checked (duplicates, depth) and then dropped.
#[inline(always)]
fn read_raw<'de>(
    ctx: &mut Ctx,
    path: &Path<'_>,
    lx: &mut Lexer<'de>,
) -> Result<Raw<'de>, LexError> {
    Ok(match lx.peek_value()? {
        b'{' => {
            read_value(ctx, path, lx)?;
            Raw::Object
        }
        b'[' => {
            read_value(ctx, path, lx)?;
            Raw::Array
        }
        _ => match lx.scalar()? {
            Scalar::Null => Raw::Null,
            Scalar::Bool(_) => Raw::Bool,
            Scalar::Num(Num::U64(u)) => i64::try_from(u).map_or(Raw::BigInt, Raw::Int),
            Scalar::Num(Num::I64(i)) => Raw::Int(i),
            // `-0` is an integer literal meaning 0; other integer literals
            // read as floats are beyond 64 bits.
            Scalar::Num(Num::IntF64(0.0)) => Raw::Int(0),
            Scalar::Num(Num::IntF64(_)) => Raw::BigInt,
            Scalar::Num(Num::F64(_)) => Raw::Float,
            Scalar::Str(s) => Raw::Str(s),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::objects::ObjectType;
    use super::*;
    use crate::model::CaseExportOperation;
    use crate::model::{Identity, IdentitySet, ResultInfo, IDENTITY_SET_MEMBERS, PROPERTIES};

    fn errs(doc: &str, opts: &ReadOptions, kind: Kind) -> Vec<(String, ErrorCode)> {
        let (_, e) = read_operation::<CaseExportOperation>(doc.as_bytes(), opts, kind);
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
    fn the_size_limit_is_named_as_people_write_it() {
        assert_eq!(size_text(16 * 1024 * 1024), "16 MiB");
        assert_eq!(size_text(64 * 1024), "64 KiB");
        assert_eq!(size_text(1000), "1000 bytes");
        assert_eq!(size_text(1), "1 byte");
        assert_eq!(size_text(0), "0 bytes");
        let (_, e) = read_operation::<CaseExportOperation>(
            &[b' '; 11],
            &ReadOptions::default().with_max_size(10),
            Kind::Document,
        );
        let e = e.into_result().unwrap_err();
        assert_eq!(e.details()[0].code, ErrorCode::LimitExceeded);
        assert_eq!(e.details()[0].message, "input is larger than 10 bytes");
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
    fn utf8_is_checked_at_every_position_of_long_inputs() {
        // Long enough for the vector paths; every kind of sequence, cut or
        // broken at every offset around a 32-byte boundary.
        let prefix = format!("{{\"outputName\":\"{}", "a".repeat(40));
        for seq in [&b"\xc3\xa9"[..], b"\xe2\x82\xac", b"\xf0\x9f\x98\x80"] {
            for pad in 0..40 {
                for cut in 0..=seq.len() {
                    let mut doc = prefix.clone().into_bytes();
                    doc.extend(std::iter::repeat_n(b'b', pad));
                    doc.extend_from_slice(&seq[..cut]);
                    doc.extend_from_slice(b"\"}");
                    let (op, e) = read_operation::<CaseExportOperation>(
                        &doc,
                        &ReadOptions::lenient(),
                        Kind::Document,
                    );
                    match std::str::from_utf8(&doc) {
                        Ok(text) => {
                            assert!(e.is_empty(), "{text}");
                            let name = &text[15..text.len() - 2];
                            assert_eq!(
                                op.unwrap().output_name.as_option().map(String::as_str),
                                Some(name)
                            );
                        }
                        Err(want) => {
                            let got = e.into_result().unwrap_err();
                            let message = &got.details()[0].message;
                            assert_eq!(got.details()[0].code, ErrorCode::InvalidJson);
                            assert!(
                                message.ends_with(&format!("at byte {}", want.valid_up_to())),
                                "{message}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn members_and_bits_follow_the_canonical_order() {
        fn bits<T: ObjectType>(names: &[&str]) {
            for (i, name) in names.iter().enumerate() {
                let member = T::member(name).expect("declared");
                assert_eq!(T::bit(member), 1 << i, "{name}");
            }
        }
        bits::<CaseExportOperation>(&PROPERTIES);
        bits::<IdentitySet>(&IDENTITY_SET_MEMBERS);
        bits::<Identity>(&["id", "displayName"]);
        bits::<ResultInfo>(&["code", "message", "subcode"]);
        assert!(CaseExportOperation::member("@odata.type").is_none());
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
    fn masking_replaces_top_level_strings_only() {
        let mask = |b: &str| {
            mask_top_level_strings(b.as_bytes(), "azureBlobToken", r#""***""#)
                .map(|v| String::from_utf8(v).unwrap())
        };
        assert_eq!(
            mask(r#"{"a":1, "azureBlobToken" : "s\"x","b":{"azureBlobToken":"n"},"azureBlob\u0054oken":"y"}"#)
                .as_deref(),
            Some(r#"{"a":1, "azureBlobToken" : "***","b":{"azureBlobToken":"n"},"azureBlob\u0054oken":"***"}"#)
        );
        assert_eq!(
            mask(r#"{"azureBlobToken":null}"#).as_deref(),
            Some(r#"{"azureBlobToken":null}"#)
        );
        for bad in [
            "",
            "[1]",
            "{",
            r#"{"azureBlobToken":"x""#,
            r#"{"a":1} x"#,
            "\"s\"",
        ] {
            assert_eq!(mask(bad), None, "{bad}");
        }
    }

    #[test]
    fn annotations_are_kept_in_documents_and_dropped_from_patches() {
        let doc = br##"{"@odata.context":"c","outputName@odata.type":"#String","outputName":"x"}"##;
        let (op, e) =
            read_operation::<CaseExportOperation>(doc, &ReadOptions::strict(), Kind::Document);
        assert!(e.is_empty());
        assert_eq!(op.unwrap().annotations.len(), 2);
        let (p, e) =
            read_operation::<CaseExportOperation>(doc, &ReadOptions::strict(), Kind::Patch);
        assert!(e.is_empty());
        assert!(p.unwrap().annotations.is_empty());
    }
}
