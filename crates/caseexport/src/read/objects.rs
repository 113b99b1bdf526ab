//! Reading the typed model: scalar conversions with their error codes, and
//! the complex types (caseExportOperation, identitySet, identity, resultInfo)
//! read member by member, in place, with duplicate detection by slot bitmask.

use super::lexer::{LexError, Lexer, Scalar};
use super::{duplicate, read_raw, read_value, top_level_error, Ctx, KeySet, Kind, Raw};
use crate::datetime::DateTimeOffset;
use crate::enums::{ExportOptions, MemberError};
use crate::error::{ErrorCode, Path, Quoted};
use crate::field::Field;
use crate::json::{Json, Members};
use crate::model::Percent;
use crate::schema::Complex;
use crate::secret::Secret;

fn wrong_type<T>(ctx: &mut Ctx, path: &Path<'_>, expected: &str, raw: &Raw<'_>) -> Field<T> {
    ctx.err(
        path,
        ErrorCode::InvalidType,
        format!("expected {expected}, found {}", raw.kind()),
    );
    Field::Absent
}

#[inline(always)]
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
        // The literal's form decides, not its value (`5e1`, `8e47`).
        Raw::Float => {
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

fn int64_field(ctx: &mut Ctx, path: &Path<'_>, raw: Raw<'_>) -> Field<i64> {
    match raw {
        Raw::Null => Field::Null,
        Raw::Int(i) => Field::Value(i),
        Raw::BigInt => {
            ctx.err(
                path,
                ErrorCode::OutOfRange,
                "number is outside the Int64 range",
            );
            Field::Absent
        }
        Raw::Float => {
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
                    format!("{} is not a DateTimeOffset: {e}", Quoted(&s)),
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
                    format!("{} is not a member of {type_name}", Quoted(&m)),
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

/// A `null` for a property declared `[not_null]`.
pub(crate) fn not_nullable(ctx: &mut Ctx, path: &Path<'_>, wire: &str) {
    ctx.err(
        path,
        ErrorCode::InvalidType,
        format!("{wire} is not nullable, found null"),
    );
}

/// The index in `accepted` of `namespace.name`, given with an optional
/// leading `#`.
fn names_type(value: &str, accepted: &[&str]) -> Option<usize> {
    let v = value.strip_prefix('#').unwrap_or(value);
    accepted.iter().position(|a| *a == v)
}

/// `true` for instance (`@x`) and property (`name@x`) annotation names.
fn is_annotation(key: &str) -> bool {
    key.contains('@')
}

/// A complex type read member by member (implemented by
/// [`declare_type!`](crate::schema::declare_type)).
pub(crate) trait ObjectType: Default {
    /// The type's name for messages.
    const NAME: &'static str;
    /// The names `@odata.type` may give (without `#`); empty accepts any.
    const ODATA_TYPES: &'static [&'static str];
    /// [`ODATA_TYPES`](Self::ODATA_TYPES) with their `#`, as written.
    const TYPE_NAMES: &'static [&'static str];
    /// Whether a top-level `@odata.type` is kept as an annotation: complex
    /// types keep theirs (a value read on its own writes it back); a
    /// resource's is written from its type.
    const KEEPS_ODATA_TYPE: bool;
    /// The type's declared members.
    type Member: Copy;
    /// Keeps annotations (documents only; `@odata.type` included unless top-level).
    fn annotations(&mut self) -> &mut Members;
    /// Records which of [`ODATA_TYPES`](Self::ODATA_TYPES) a resource's
    /// top-level `@odata.type` gave (complex types keep theirs as an
    /// annotation instead).
    fn set_type_index(&mut self, index: usize);
    /// The declared member with this name.
    fn member(key: &str) -> Option<Self::Member>;
    /// The member's bit (its index in canonical order, below 32), for
    /// duplicate detection by bitmask.
    fn bit(member: Self::Member) -> u32;
    /// Reads the value of the declared `member`.
    fn read_member(
        &mut self,
        ctx: &mut Ctx,
        member: Self::Member,
        path: &Path<'_>,
        lx: &mut Lexer<'_>,
    ) -> Result<(), LexError>;
    /// Sets the declared `member` from a value the caller already holds (a
    /// string, an integer or `null`), with [`ObjectType::read_member`]'s
    /// checks and errors.
    fn read_member_raw(
        &mut self,
        ctx: &mut Ctx,
        member: Self::Member,
        path: &Path<'_>,
        raw: Raw<'_>,
    );
    /// Where undeclared members go: `Some` for open types (always kept) and for
    /// closed types read leniently; `None` means `unknownProperty`.
    fn undeclared(&mut self, strict: bool) -> Option<&mut Members>;
}

/// Reads a complex value: `null` → [`Field::Null`], an object → a value,
/// anything else → `invalidType` (or the top level's code).
/// The value is written in place into `slot`, so complex values are never
/// moved around.
pub(crate) fn read_object<T: ObjectType>(
    ctx: &mut Ctx,
    path: &Path<'_>,
    lx: &mut Lexer<'_>,
    slot: &mut Field<T>,
) -> Result<(), LexError> {
    let kind = match lx.peek_value()? {
        b'{' => return read_members(ctx, path, lx, slot),
        b'[' => {
            read_value(ctx, path, lx)?;
            "an array"
        }
        _ => match lx.scalar()? {
            Scalar::Null => {
                *slot = Field::Null;
                return Ok(());
            }
            Scalar::Bool(_) => "a boolean",
            Scalar::Num(_) => "a number",
            Scalar::Str(_) => "a string",
        },
    };
    let (code, what) = if matches!(path, Path::Root) {
        let kind = if ctx.patch {
            Kind::Patch
        } else {
            Kind::Document
        };
        top_level_error(kind, T::NAME)
    } else {
        (ErrorCode::InvalidType, "expected an object".to_owned())
    };
    ctx.err(path, code, format!("{what}, found {kind}"));
    Ok(())
}

/// A complex value given as a scalar (see [`ReadValue::read_raw`]): `null`
/// clears, anything else is `invalidType`, as [`read_object`] reports it
/// below the top level.
pub(crate) fn read_object_raw<T>(
    ctx: &mut Ctx,
    path: &Path<'_>,
    raw: Raw<'_>,
    slot: &mut Field<T>,
) {
    match raw {
        Raw::Null => *slot = Field::Null,
        other => ctx.err(
            path,
            ErrorCode::InvalidType,
            format!("expected an object, found {}", other.kind()),
        ),
    }
}

/// The members of a complex value whose `{` is next.
fn read_members<T: ObjectType>(
    ctx: &mut Ctx,
    path: &Path<'_>,
    lx: &mut Lexer<'_>,
    slot: &mut Field<T>,
) -> Result<(), LexError> {
    if !ctx.open(path, lx)? {
        return Ok(());
    }
    let top = matches!(path, Path::Root);
    if !slot.is_value() {
        *slot = Field::Value(T::default());
    }
    let Field::Value(value) = slot else {
        return Ok(());
    };
    let mut seen_declared = 0u32;
    let mut seen_type = false;
    // Made at the first undeclared member: most objects have none.
    let mut seen: Option<KeySet> = None;
    let mut first = true;
    while let Some(key) = lx.next_key(&mut first)? {
        let path = Path::Key(path, &key);
        if let Some(member) = T::member(&key) {
            let bit = T::bit(member);
            if seen_declared & bit != 0 {
                duplicate(ctx, &path);
                read_value(ctx, &path, lx)?;
            } else {
                seen_declared |= bit;
                value.read_member(ctx, member, &path, lx)?;
            }
            continue;
        }
        // `@odata.type` is tracked apart so that most objects never
        // allocate a key set.
        let fresh = if key == "@odata.type" {
            !std::mem::replace(&mut seen_type, true)
        } else {
            seen.get_or_insert_with(KeySet::default).insert(&key)
        };
        if !fresh {
            duplicate(ctx, &path);
            read_value(ctx, &path, lx)?;
            continue;
        }
        if key == "@odata.type" {
            // Read as a scalar: the name is checked where it lies in the
            // input, and copied only when kept (nested objects of documents).
            match read_raw(ctx, &path, lx)? {
                Raw::Str(s) => {
                    if !T::ODATA_TYPES.is_empty() {
                        match names_type(&s, T::ODATA_TYPES) {
                            Some(i) if top && i > 0 && ctx.own_name_only => ctx.err(
                                &path,
                                ErrorCode::TypeMismatch,
                                format!(
                                    "@odata.type {} is an alias, not {}'s own name {}: a reader that selects a type reads only its own name (select the type the alias names, or read it with the seed's own reader, which accepts the alias)",
                                    Quoted(&s),
                                    T::NAME,
                                    Quoted(T::TYPE_NAMES[0])
                                ),
                            ),
                            Some(i) if top => value.set_type_index(i),
                            Some(_) => {}
                            None => ctx.err(
                                &path,
                                ErrorCode::TypeMismatch,
                                format!("@odata.type {} does not name {}", Quoted(&s), T::NAME),
                            ),
                        }
                    }
                    if (!top || T::KEEPS_ODATA_TYPE) && !ctx.patch {
                        // A static name: nothing allocated for it, here or in clones.
                        value
                            .annotations()
                            .push_unchecked("@odata.type", Json::String(s.into_owned()));
                    }
                }
                // Any other value is an error, so the object is not kept.
                other => {
                    let kind = if matches!(other, Raw::Null) {
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
        } else if is_annotation(&key) {
            let v = read_value(ctx, &path, lx)?;
            if !ctx.patch {
                value.annotations().push_unchecked(key.into_owned(), v);
            }
        } else if let Some(members) = value.undeclared(ctx.strict) {
            let v = read_value(ctx, &path, lx)?;
            members.push_unchecked(key.into_owned(), v);
        } else {
            ctx.err(
                &path,
                ErrorCode::UnknownProperty,
                format!("{} has no property {}", T::NAME, Quoted(&key)),
            );
            read_value(ctx, &path, lx)?;
        }
    }
    ctx.leave();
    Ok(())
}

/// Reads the next value as a scalar and converts it.
#[inline(always)]
fn scalar<'de, T>(
    ctx: &mut Ctx,
    path: &Path<'_>,
    lx: &mut Lexer<'de>,
    convert: impl FnOnce(&mut Ctx, &Path<'_>, Raw<'de>) -> Field<T>,
) -> Result<Field<T>, LexError> {
    let r = read_raw(ctx, path, lx)?;
    Ok(convert(ctx, path, r))
}

/// A boxed complex value reads like the value itself.
impl<T: ObjectType> ObjectType for Box<T> {
    const NAME: &'static str = T::NAME;
    const ODATA_TYPES: &'static [&'static str] = T::ODATA_TYPES;
    const TYPE_NAMES: &'static [&'static str] = T::TYPE_NAMES;
    const KEEPS_ODATA_TYPE: bool = T::KEEPS_ODATA_TYPE;
    type Member = T::Member;
    fn annotations(&mut self) -> &mut Members {
        (**self).annotations()
    }
    fn set_type_index(&mut self, index: usize) {
        (**self).set_type_index(index)
    }
    fn member(key: &str) -> Option<T::Member> {
        T::member(key)
    }
    fn bit(member: T::Member) -> u32 {
        T::bit(member)
    }
    fn read_member(
        &mut self,
        ctx: &mut Ctx,
        member: T::Member,
        path: &Path<'_>,
        lx: &mut Lexer<'_>,
    ) -> Result<(), LexError> {
        (**self).read_member(ctx, member, path, lx)
    }
    fn read_member_raw(&mut self, ctx: &mut Ctx, member: T::Member, path: &Path<'_>, raw: Raw<'_>) {
        (**self).read_member_raw(ctx, member, path, raw)
    }
    fn undeclared(&mut self, strict: bool) -> Option<&mut Members> {
        (**self).undeclared(strict)
    }
}

/// How a value type is read into its property's [`Field`] (the reading part
/// of the per-value-kind traits; see [`crate::schema`]).
pub(crate) trait ReadValue: Sized {
    /// Reads the next value into `slot`, reporting problems at `path`.
    fn read(
        ctx: &mut Ctx,
        path: &Path<'_>,
        lx: &mut Lexer<'_>,
        slot: &mut Field<Self>,
    ) -> Result<(), LexError>;

    /// Converts a value the caller already holds (a string, an integer or
    /// `null`, see [`WireValue`](crate::WireValue)) into `slot`, with
    /// [`ReadValue::read`]'s checks and errors.
    fn read_raw(ctx: &mut Ctx, path: &Path<'_>, raw: Raw<'_>, slot: &mut Field<Self>);
}

/// How a property's container is read: a [`Field`] through its value type,
/// or the read-only key.
pub(crate) trait ReadSlot {
    /// Reads the next value into this property.
    fn read_slot(
        &mut self,
        ctx: &mut Ctx,
        path: &Path<'_>,
        lx: &mut Lexer<'_>,
    ) -> Result<(), LexError>;

    /// Sets this property from a value the caller already holds.
    fn read_slot_raw(&mut self, ctx: &mut Ctx, path: &Path<'_>, raw: Raw<'_>);
}

impl<T: ReadValue> ReadSlot for Field<T> {
    #[inline(always)]
    fn read_slot(
        &mut self,
        ctx: &mut Ctx,
        path: &Path<'_>,
        lx: &mut Lexer<'_>,
    ) -> Result<(), LexError> {
        T::read(ctx, path, lx, self)
    }

    fn read_slot_raw(&mut self, ctx: &mut Ctx, path: &Path<'_>, raw: Raw<'_>) {
        T::read_raw(ctx, path, raw, self)
    }
}

/// The read-only key `id`: a string, never null.
impl ReadSlot for Option<String> {
    fn read_slot(
        &mut self,
        ctx: &mut Ctx,
        path: &Path<'_>,
        lx: &mut Lexer<'_>,
    ) -> Result<(), LexError> {
        let raw = read_raw(ctx, path, lx)?;
        self.read_slot_raw(ctx, path, raw);
        Ok(())
    }

    fn read_slot_raw(&mut self, ctx: &mut Ctx, path: &Path<'_>, raw: Raw<'_>) {
        match raw {
            Raw::Str(s) => *self = Some(s.into_owned()),
            Raw::Null if ctx.patch => ctx.err(
                path,
                ErrorCode::ReadOnlyProperty,
                "id is read-only and cannot be cleared",
            ),
            other => {
                wrong_type::<()>(ctx, path, "a string (id is not nullable)", &other);
            }
        }
    }
}

/// Implements [`ReadValue`] for scalar types with their conversion function.
macro_rules! read_scalar {
    ($($ty:ty => $convert:expr;)*) => {
        $(
            impl ReadValue for $ty {
                #[inline(always)]
                fn read(
                    ctx: &mut Ctx,
                    path: &Path<'_>,
                    lx: &mut Lexer<'_>,
                    slot: &mut Field<Self>,
                ) -> Result<(), LexError> {
                    *slot = scalar(ctx, path, lx, $convert)?;
                    Ok(())
                }

                fn read_raw(ctx: &mut Ctx, path: &Path<'_>, raw: Raw<'_>, slot: &mut Field<Self>) {
                    *slot = ($convert)(ctx, path, raw);
                }
            }
        )*
    };
}

read_scalar! {
    String => string_field;
    i32 => int32_field;
    i64 => int64_field;
    Percent => percent_field;
    DateTimeOffset => datetime_field;
    Secret => |c: &mut Ctx, p: &Path<'_>, r: Raw<'_>| string_field(c, p, r).map(Secret::new);
    ExportOptions => |c: &mut Ctx, p: &Path<'_>, r: Raw<'_>| {
        member_field(c, p, r, ExportOptions::TYPE_NAME, ExportOptions::read)
    };
}

/// Reads an evolvable enum member (for `evolvable_enum!`).
#[inline(always)]
pub(crate) fn read_enum<T>(
    ctx: &mut Ctx,
    path: &Path<'_>,
    lx: &mut Lexer<'_>,
    slot: &mut Field<T>,
    type_name: &str,
    read: fn(&str, bool) -> Result<T, MemberError>,
) -> Result<(), LexError> {
    *slot = scalar(ctx, path, lx, |c, p, r| {
        member_field(c, p, r, type_name, read)
    })?;
    Ok(())
}

/// [`read_enum`] for a value the caller already holds.
pub(crate) fn read_enum_raw<T>(
    ctx: &mut Ctx,
    path: &Path<'_>,
    raw: Raw<'_>,
    slot: &mut Field<T>,
    type_name: &str,
    read: fn(&str, bool) -> Result<T, MemberError>,
) {
    *slot = member_field(ctx, path, raw, type_name, read);
}

/// A boxed complex value (`createdBy`) is read as the value itself.
impl<T: Complex> ReadValue for Box<T> {
    #[inline(always)]
    fn read(
        ctx: &mut Ctx,
        path: &Path<'_>,
        lx: &mut Lexer<'_>,
        slot: &mut Field<Self>,
    ) -> Result<(), LexError> {
        read_object(ctx, path, lx, slot)
    }

    fn read_raw(ctx: &mut Ctx, path: &Path<'_>, raw: Raw<'_>, slot: &mut Field<Self>) {
        read_object_raw(ctx, path, raw, slot)
    }
}

/// A navigation property (an expanded entity), kept as the JSON object it
/// is: an object or `null`, anything else `invalidType`.
impl ReadValue for Json {
    fn read(
        ctx: &mut Ctx,
        path: &Path<'_>,
        lx: &mut Lexer<'_>,
        slot: &mut Field<Self>,
    ) -> Result<(), LexError> {
        let v = read_value(ctx, path, lx)?;
        *slot = match v {
            Json::Null => Field::Null,
            Json::Object(_) => Field::Value(v),
            other => {
                let kind = match other {
                    Json::Bool(_) => "a boolean",
                    Json::Number(_) => "a number",
                    Json::String(_) => "a string",
                    _ => "an array",
                };
                ctx.err(
                    path,
                    ErrorCode::InvalidType,
                    format!("expected an object, found {kind}"),
                );
                Field::Absent
            }
        };
        Ok(())
    }

    fn read_raw(ctx: &mut Ctx, path: &Path<'_>, raw: Raw<'_>, slot: &mut Field<Self>) {
        read_object_raw(ctx, path, raw, slot)
    }
}

/// A collection of a complex type (`exportFileMetadata`): an array of
/// objects and `null`s (a collection property without a `Nullable`
/// attribute has nullable items: OData CSDL 4.01 §7.2.1), or `null`.
impl<T: Complex> ReadValue for Vec<Option<T>> {
    fn read(
        ctx: &mut Ctx,
        path: &Path<'_>,
        lx: &mut Lexer<'_>,
        slot: &mut Field<Self>,
    ) -> Result<(), LexError> {
        if lx.peek_value()? != b'[' {
            let raw = read_raw(ctx, path, lx)?;
            if matches!(raw, Raw::Null) {
                *slot = Field::Null;
            } else {
                wrong_type::<()>(ctx, path, "an array", &raw);
            }
            return Ok(());
        }
        if !ctx.open(path, lx)? {
            return Ok(());
        }
        let mut items = Vec::new();
        let mut first = true;
        let mut index = 0;
        while lx.next_item(&mut first)? {
            let item_path = Path::Index(path, index);
            let mut item = Field::Absent;
            read_object(ctx, &item_path, lx, &mut item)?;
            match item {
                Field::Value(v) => items.push(Some(v)),
                Field::Null => items.push(None),
                Field::Absent => {}
            }
            index += 1;
        }
        ctx.leave();
        *slot = Field::Value(items);
        Ok(())
    }

    fn read_raw(ctx: &mut Ctx, path: &Path<'_>, raw: Raw<'_>, slot: &mut Field<Self>) {
        match raw {
            Raw::Null => *slot = Field::Null,
            other => {
                wrong_type::<()>(ctx, path, "an array", &other);
            }
        }
    }
}
