//! Reading the typed model: scalar conversions with their error codes, and
//! the complex types (caseExportOperation, identitySet, identity, resultInfo)
//! read member by member, in place, with duplicate detection by slot bitmask.

use super::lexer::{LexError, Lexer, Scalar};
use super::{duplicate, read_raw, read_value, top_level_error, Ctx, KeySet, Kind, Raw};
use crate::datetime::DateTimeOffset;
use crate::enums::{
    CaseAction, CaseOperationStatus, ExportFileStructure, ExportOptions, MemberError,
};
use crate::error::{ErrorCode, Path, Quoted};
use crate::field::Field;
use crate::json::{Json, Members};
use crate::model::{CaseExportOperation, Identity, IdentitySet, Percent, ResultInfo};
use crate::secret::Secret;

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
pub(crate) trait ObjectType: Default {
    /// The type's name for messages.
    const NAME: &'static str;
    /// The names `@odata.type` may give (without `#`); empty accepts any.
    const ODATA_TYPES: &'static [&'static str];
    /// Keeps annotations (documents only; `@odata.type` included unless top-level).
    fn annotations(&mut self) -> &mut Members;
    /// The slot (0..32, the member's index in canonical order) of a declared
    /// member name, for duplicate detection by bitmask.
    fn slot(key: &str) -> Option<u32>;
    /// Reads the value of the declared member in `slot`.
    fn read_slot(
        &mut self,
        ctx: &mut Ctx,
        slot: u32,
        path: &Path<'_>,
        lx: &mut Lexer<'_>,
    ) -> Result<(), LexError>;
    /// Where undeclared members go: `Some` for open types (always kept) and for
    /// closed types read leniently; `None` means `unknownProperty`.
    fn undeclared(&mut self, strict: bool) -> Option<&mut Members>;
}

/// Reads a complex value: `null` → [`Field::Null`], an object → a value,
/// anything else → `invalidType` (or the top level's code).
/// The value is written in place into `slot`, so complex values are never
/// moved around.
pub(super) fn read_object<T: ObjectType>(
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
        top_level_error(if ctx.patch {
            Kind::Patch
        } else {
            Kind::Document
        })
    } else {
        (ErrorCode::InvalidType, "expected an object")
    };
    ctx.err(path, code, format!("{what}, found {kind}"));
    Ok(())
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
        if let Some(slot) = T::slot(&key) {
            let bit = 1u32 << slot;
            if seen_declared & bit != 0 {
                duplicate(ctx, &path);
                read_value(ctx, &path, lx)?;
            } else {
                seen_declared |= bit;
                value.read_slot(ctx, slot, &path, lx)?;
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
                    if !(T::ODATA_TYPES.is_empty() || names_type(&s, T::ODATA_TYPES)) {
                        ctx.err(
                            &path,
                            ErrorCode::TypeMismatch,
                            format!("@odata.type {} does not name {}", Quoted(&s), T::NAME),
                        );
                    }
                    if !top && !ctx.patch {
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
    fn annotations(&mut self) -> &mut Members {
        (**self).annotations()
    }
    fn slot(key: &str) -> Option<u32> {
        T::slot(key)
    }
    fn read_slot(
        &mut self,
        ctx: &mut Ctx,
        slot: u32,
        path: &Path<'_>,
        lx: &mut Lexer<'_>,
    ) -> Result<(), LexError> {
        (**self).read_slot(ctx, slot, path, lx)
    }
    fn undeclared(&mut self, strict: bool) -> Option<&mut Members> {
        (**self).undeclared(strict)
    }
}

impl ObjectType for CaseExportOperation {
    const NAME: &'static str = "caseExportOperation";
    const ODATA_TYPES: &'static [&'static str] = &[
        "microsoft.graph.caseExportOperation",
        "microsoft.graph.ediscovery.caseExportOperation",
    ];
    fn annotations(&mut self) -> &mut Members {
        &mut self.annotations
    }
    fn undeclared(&mut self, strict: bool) -> Option<&mut Members> {
        (!strict).then_some(&mut self.unknown)
    }
    #[inline(always)]
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
    fn read_slot(
        &mut self,
        ctx: &mut Ctx,
        slot: u32,
        path: &Path<'_>,
        lx: &mut Lexer<'_>,
    ) -> Result<(), LexError> {
        match slot {
            0 => match read_raw(ctx, path, lx)? {
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
            1 => self.created_date_time = scalar(ctx, path, lx, datetime_field)?,
            2 => self.completed_date_time = scalar(ctx, path, lx, datetime_field)?,
            3 => self.percent_progress = scalar(ctx, path, lx, percent_field)?,
            4 => {
                self.status = scalar(ctx, path, lx, |c, p, r| {
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
                self.action = scalar(ctx, path, lx, |c, p, r| {
                    member_field(c, p, r, CaseAction::TYPE_NAME, CaseAction::read)
                })?
            }
            6 => read_object(ctx, path, lx, &mut self.created_by)?,
            7 => read_object(ctx, path, lx, &mut self.result_info)?,
            8 => self.output_name = scalar(ctx, path, lx, string_field)?,
            9 => self.description = scalar(ctx, path, lx, string_field)?,
            10 => self.output_folder_id = scalar(ctx, path, lx, string_field)?,
            11 => self.azure_blob_container = scalar(ctx, path, lx, string_field)?,
            12 => self.azure_blob_token = scalar(ctx, path, lx, string_field)?.map(Secret::new),
            13 => {
                self.export_options = scalar(ctx, path, lx, |c, p, r| {
                    member_field(c, p, r, "exportOptions", ExportOptions::read)
                })?
            }
            _ => {
                self.export_structure = scalar(ctx, path, lx, |c, p, r| {
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
    fn annotations(&mut self) -> &mut Members {
        &mut self.annotations
    }
    fn undeclared(&mut self, _strict: bool) -> Option<&mut Members> {
        Some(&mut self.extra)
    }
    fn slot(key: &str) -> Option<u32> {
        // The index in IDENTITY_SET_MEMBERS (a test checks the two agree); a
        // match compares one candidate by length instead of scanning ten.
        Some(match key {
            "application" => 0,
            "applicationInstance" => 1,
            "conversation" => 2,
            "conversationIdentityType" => 3,
            "device" => 4,
            "encrypted" => 5,
            "onPremises" => 6,
            "guest" => 7,
            "phone" => 8,
            "user" => 9,
            _ => return None,
        })
    }
    fn read_slot(
        &mut self,
        ctx: &mut Ctx,
        slot: u32,
        path: &Path<'_>,
        lx: &mut Lexer<'_>,
    ) -> Result<(), LexError> {
        match self.members_mut().into_iter().nth(slot as usize) {
            Some((_, member)) => read_object(ctx, path, lx, member),
            None => read_value(ctx, path, lx).map(drop),
        }
    }
}

impl ObjectType for Identity {
    const NAME: &'static str = "identity";
    const ODATA_TYPES: &'static [&'static str] = &[];
    fn annotations(&mut self) -> &mut Members {
        &mut self.annotations
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
    fn read_slot(
        &mut self,
        ctx: &mut Ctx,
        slot: u32,
        path: &Path<'_>,
        lx: &mut Lexer<'_>,
    ) -> Result<(), LexError> {
        let field = if slot == 0 {
            &mut self.id
        } else {
            &mut self.display_name
        };
        *field = scalar(ctx, path, lx, string_field)?;
        Ok(())
    }
}

impl ObjectType for ResultInfo {
    const NAME: &'static str = "resultInfo";
    const ODATA_TYPES: &'static [&'static str] = &["microsoft.graph.resultInfo"];
    fn annotations(&mut self) -> &mut Members {
        &mut self.annotations
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
    fn read_slot(
        &mut self,
        ctx: &mut Ctx,
        slot: u32,
        path: &Path<'_>,
        lx: &mut Lexer<'_>,
    ) -> Result<(), LexError> {
        match slot {
            0 => self.code = scalar(ctx, path, lx, int32_field)?,
            1 => self.message = scalar(ctx, path, lx, string_field)?,
            _ => self.subcode = scalar(ctx, path, lx, int32_field)?,
        }
        Ok(())
    }
}
