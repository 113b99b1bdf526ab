//! The schema, declared once: [`declare_type!`] turns one declaration per
//! complex or resource type (each property's wire name, Rust name, value type,
//! nullability and read-only flag) into the struct, its public property enum
//! and everything the rest of the crate does property by property — the
//! reader's dispatch, the writer's order, merge, diff, equivalence and access
//! by name. What a property *does* comes from its value type, through the
//! per-value-kind traits: [`ReadValue`](crate::read::objects::ReadValue)
//! (reading), [`WriteValue`](crate::write::WriteValue) (writing) and
//! [`Value`] (merge, diff, equivalence, [`ValueRef`]). A property's container
//! ([`Slot`]) is a [`Field`] (nullable, tri-state) or, for the read-only key
//! `id`, an `Option<String>` (absent or a value, never null).
//!
//! Every derived path is an exhaustive `match` over the property enum or a
//! struct literal / destructuring naming every field, so a property the macro
//! did not see cannot exist, and one added to a declaration reaches every path.

use crate::datetime::DateTimeOffset;
use crate::enums::{ExportOptions, SecurityExportOptions};
use crate::error::{Errors, Path};
use crate::field::Field;
use crate::json::Json;
use crate::model::{
    ExportFileMetadata, Identity, IdentitySet, LiveIdentitySet, LiveResultInfo, Percent, ResultInfo,
};
use crate::read::objects::{ObjectType, ReadValue};
use crate::secret::Secret;
use crate::write::{ObjectWriter, WriteValue};

/// What kind of value a declared property holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueKind {
    /// `Edm.String`.
    String,
    /// `Edm.String` holding a secret (never printed).
    Secret,
    /// `Edm.Int32` restricted to `min..=max`.
    Int32 {
        /// Smallest accepted value.
        min: i32,
        /// Largest accepted value.
        max: i32,
    },
    /// `Edm.Int64`.
    Int64,
    /// `Edm.DateTimeOffset`.
    DateTimeOffset,
    /// An evolvable enumeration.
    Enum(&'static EnumType),
    /// A flags enumeration.
    Flags(&'static EnumType),
    /// A complex type, by its OData type name.
    Complex(&'static str),
    /// A collection of a complex type, by the element's OData type name.
    Collection(&'static str),
    /// A navigation property (an expanded entity), kept as its JSON object.
    Json,
}

/// An enumeration or flags type: its OData name and known members, for the
/// bindings (which build their enum classes from it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EnumType {
    /// The OData type name (`caseAction`, `exportOptions`, …).
    pub type_name: &'static str,
    /// The wire names of the known members, in declaration order (a flags
    /// member's bit is its index).
    pub members: &'static [&'static str],
    /// The member that stands for values a service adds later
    /// (`unknownFutureValue`), when the type has one.
    pub sentinel: Option<&'static str>,
    /// `true` for a flags type (a set of members), `false` for an enumeration.
    pub flags: bool,
}

/// Every enumeration and flags type a declared property of any declared
/// type uses, each once, in declaration order (the seed's types first, then
/// the live service's).
///
/// ```
/// let names: Vec<_> = caseexport::enum_types().iter().map(|t| t.type_name).collect();
/// assert_eq!(names, [
///     "caseOperationStatus", "caseAction", "exportOptions", "exportFileStructure",
///     "ediscovery.caseAction", "security.caseAction", "security.caseOperationStatus",
///     "security.exportOptions", "security.exportFileStructure",
/// ]);
/// ```
pub fn enum_types() -> Vec<&'static EnumType> {
    use crate::model::{
        EdiscoveryCaseOperationProperty, EdiscoveryProperty, ExportFileMetadataMember,
        IdentityMember, IdentitySetMember, LiveIdentitySetMember, LiveResultInfoMember, Property,
        ResultInfoMember, SecurityCaseOperationProperty, SecurityProperty,
    };
    // Every declared type's property enum (a test below holds this list to
    // the declarations).
    let kinds = Property::ALL
        .iter()
        .map(|p| p.kind())
        .chain(IdentitySetMember::ALL.iter().map(|p| p.kind()))
        .chain(IdentityMember::ALL.iter().map(|p| p.kind()))
        .chain(ResultInfoMember::ALL.iter().map(|p| p.kind()))
        .chain(EdiscoveryProperty::ALL.iter().map(|p| p.kind()))
        .chain(SecurityProperty::ALL.iter().map(|p| p.kind()))
        .chain(
            EdiscoveryCaseOperationProperty::ALL
                .iter()
                .map(|p| p.kind()),
        )
        .chain(SecurityCaseOperationProperty::ALL.iter().map(|p| p.kind()))
        .chain(LiveIdentitySetMember::ALL.iter().map(|p| p.kind()))
        .chain(LiveResultInfoMember::ALL.iter().map(|p| p.kind()))
        .chain(ExportFileMetadataMember::ALL.iter().map(|p| p.kind()));
    let mut out: Vec<&'static EnumType> = Vec::new();
    for kind in kinds {
        if let ValueKind::Enum(t) | ValueKind::Flags(t) = kind {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// A borrowed property value, whatever its type: what access by name
/// ([`CaseExportOperation::get`](crate::CaseExportOperation::get) and the
/// nested types' `get`) gives.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ValueRef<'a> {
    /// A string.
    String(&'a str),
    /// A secret string (its `Debug` never shows it).
    Secret(&'a Secret),
    /// An Int32 (a `Percent` gives its value).
    Int32(i32),
    /// An Int64.
    Int64(i64),
    /// A timestamp.
    DateTimeOffset(&'a DateTimeOffset),
    /// An enumeration member: its OData type name and wire name (a kept
    /// unknown member's wire name too).
    Enum {
        /// The OData enum type (`caseAction`, …).
        type_name: &'static str,
        /// The member's wire name.
        wire: &'a str,
    },
    /// A flags value.
    Flags(&'a ExportOptions),
    /// A `security.exportOptions` flags value.
    SecurityFlags(&'a SecurityExportOptions),
    /// An `identitySet`.
    IdentitySet(&'a IdentitySet),
    /// An `identity`.
    Identity(&'a Identity),
    /// A `resultInfo`.
    ResultInfo(&'a ResultInfo),
    /// A `security.exportFileMetadata`.
    ExportFileMetadata(&'a ExportFileMetadata),
    /// An `identitySet` of the live service's types.
    LiveIdentitySet(&'a LiveIdentitySet),
    /// A `resultInfo` of the live service's types.
    LiveResultInfo(&'a LiveResultInfo),
    /// A collection of `security.exportFileMetadata` (`None`: a `null` item).
    ExportFileMetadataList(&'a [Option<ExportFileMetadata>]),
    /// A navigation property's JSON object.
    Json(&'a Json),
}

impl ValueRef<'_> {
    /// The value's canonical JSON text, as an operation's document holds it
    /// (a secret exposed): for bindings that hand values over as JSON.
    pub fn to_json(&self) -> Vec<u8> {
        use crate::write::WriteValue;
        let mut out = Vec::new();
        match *self {
            ValueRef::String(s) => crate::write::write_str(&mut out, s),
            ValueRef::Secret(s) => crate::write::write_str(&mut out, s.expose()),
            ValueRef::Int32(i) => i32::write(&mut out, &i),
            ValueRef::Int64(i) => i64::write(&mut out, &i),
            ValueRef::DateTimeOffset(t) => DateTimeOffset::write(&mut out, t),
            ValueRef::Enum { wire, .. } => crate::write::write_str(&mut out, wire),
            ValueRef::Flags(f) => ExportOptions::write(&mut out, f),
            ValueRef::SecurityFlags(f) => SecurityExportOptions::write(&mut out, f),
            ValueRef::IdentitySet(v) => v.write_object(&mut out),
            ValueRef::Identity(v) => v.write_object(&mut out),
            ValueRef::ResultInfo(v) => v.write_object(&mut out),
            ValueRef::ExportFileMetadata(v) => v.write_object(&mut out),
            ValueRef::LiveIdentitySet(v) => v.write_object(&mut out),
            ValueRef::LiveResultInfo(v) => v.write_object(&mut out),
            ValueRef::ExportFileMetadataList(v) => out = crate::write::collection_json(v),
            ValueRef::Json(v) => crate::write::write_json(&mut out, v),
        }
        out
    }
}

/// What a property's value type brings to merge, diff and equivalence, on
/// top of reading and writing. Scalars replace; complex types merge and diff
/// member by member (see [`Complex`]).
pub(crate) trait Value: ReadValue + WriteValue + Clone + PartialEq {
    /// The kind of value, for the public property metadata.
    const KIND: ValueKind;

    /// Applies a patch state: absent leaves, null clears, a value replaces.
    #[inline]
    fn merge(current: &mut Field<Self>, patch: Field<Self>) {
        match patch {
            Field::Absent => {}
            other => *current = other,
        }
    }

    /// Whether a patch value merges into the current value (complex values,
    /// RFC 7396 recursion) rather than replacing it: only then may
    /// [`Value::merged`] be other than absent.
    const MERGES: bool = false;

    /// The state after `patch` when the patch merges into the current value
    /// rather than replacing it (lazy writing); [`Field::Absent`] otherwise.
    #[inline(always)]
    fn merged(_current: &Field<Self>, _patch: &Field<Self>) -> Field<Self> {
        Field::Absent
    }

    /// Unchanged (absent ≡ null) → absent; no value in target → null; else
    /// the target value.
    #[inline]
    fn diff(
        base: &Field<Self>,
        target: &Field<Self>,
        _path: &Path<'_>,
        _errors: &mut Errors,
    ) -> Field<Self> {
        match (base.as_option(), target.as_option()) {
            (b, t) if b == t => Field::Absent,
            (_, None) => Field::Null,
            (_, Some(t)) => Field::Value(t.clone()),
        }
    }

    /// Semantic equivalence of two values.
    #[inline]
    fn equivalent(a: &Self, b: &Self) -> bool {
        a == b
    }

    /// The value, borrowed.
    fn value_ref(&self) -> ValueRef<'_>;

    /// Roughly how many bytes of text the value writes beyond the fixed
    /// sizes the writer's estimate already counts (strings: their length).
    #[inline(always)]
    fn size_hint(&self) -> usize {
        0
    }
}

/// A complex type made by [`declare_type!`]: merged, diffed and compared
/// member by member.
pub(crate) trait Complex: ObjectType + Clone + PartialEq {
    /// Its [`ValueRef`].
    fn complex_ref(&self) -> ValueRef<'_>;
    /// Merges `patch` member by member (RFC 7396 on the typed model).
    fn merge_from(&mut self, patch: Self);
    /// The members of a merge patch from `base` to `target`.
    fn diff_from(base: &Self, target: &Self, path: &Path<'_>, errors: &mut Errors) -> Self;
    /// Absent ≡ null for declared members; annotations ignored.
    fn equivalent_to(&self, other: &Self) -> bool;
    /// Writes annotations, declared members in order and kept members.
    fn write_object(&self, out: &mut Vec<u8>);
}

/// Applies a complex property's patch state: a value merges member by member
/// into the current value (or into an empty one).
#[inline]
pub(crate) fn merge_complex<T: Default>(
    current: &mut Field<T>,
    patch: Field<T>,
    merge: impl FnOnce(&mut T, T),
) {
    match patch {
        Field::Absent => {}
        Field::Null => *current = Field::Null,
        Field::Value(p) => {
            if !current.is_value() {
                *current = Field::Value(T::default());
            }
            if let Field::Value(c) = current {
                merge(c, p);
            }
        }
    }
}

/// A complex property: diffed member by member against the base value (or an
/// empty one when the base has none).
pub(crate) fn diff_complex<T: Default>(
    base: &Field<T>,
    target: &Field<T>,
    path: &Path<'_>,
    errors: &mut Errors,
    diff: impl FnOnce(&T, &T, &Path<'_>, &mut Errors) -> T,
    equivalent: impl FnOnce(&T, &T) -> bool,
) -> Field<T> {
    match (base.as_option(), target.as_option()) {
        (None, None) => Field::Absent,
        (Some(_), None) => Field::Null,
        (Some(b), Some(t)) if equivalent(b, t) => Field::Absent,
        (Some(b), Some(t)) => Field::Value(diff(b, t, path, errors)),
        (None, Some(t)) => Field::Value(diff(&T::default(), t, path, errors)),
    }
}

/// The state after merging `patch` into `current`, when it carries a value.
pub(crate) fn merged_complex<T: Clone + Default>(
    current: &Field<T>,
    patch: &Field<T>,
    merge: impl FnOnce(&mut T, T),
) -> Field<T> {
    if !patch.is_value() {
        return Field::Absent;
    }
    let mut out = current.clone();
    merge_complex(&mut out, patch.clone(), merge);
    out
}

/// The per-value-kind traits of a complex type `$T` (its [`Complex`] impl
/// comes from [`declare_type!`]); a blanket impl would collide with the one
/// for `Box<T>`.
macro_rules! complex_value {
    ($T:ident) => {
        impl $crate::read::objects::ReadValue for $T {
            #[inline(always)]
            fn read(
                ctx: &mut $crate::read::Ctx,
                path: &$crate::error::Path<'_>,
                lx: &mut $crate::read::Lexer<'_>,
                slot: &mut $crate::Field<Self>,
            ) -> Result<(), $crate::read::LexError> {
                $crate::read::objects::read_object(ctx, path, lx, slot)
            }

            fn read_raw(
                ctx: &mut $crate::read::Ctx,
                path: &$crate::error::Path<'_>,
                raw: $crate::read::Raw<'_>,
                slot: &mut $crate::Field<Self>,
            ) {
                $crate::read::objects::read_object_raw(ctx, path, raw, slot)
            }
        }

        impl $crate::write::WriteValue for $T {
            #[inline(always)]
            fn write(out: &mut Vec<u8>, v: &Self) {
                $crate::schema::Complex::write_object(v, out)
            }
        }

        impl $crate::schema::Value for $T {
            const KIND: $crate::schema::ValueKind =
                $crate::schema::ValueKind::Complex(<$T as $crate::read::objects::ObjectType>::NAME);
            const MERGES: bool = true;
            fn merge(current: &mut $crate::Field<Self>, patch: $crate::Field<Self>) {
                $crate::schema::merge_complex(current, patch, $T::merge_from)
            }
            fn merged(
                current: &$crate::Field<Self>,
                patch: &$crate::Field<Self>,
            ) -> $crate::Field<Self> {
                $crate::schema::merged_complex(current, patch, $T::merge_from)
            }
            fn diff(
                base: &$crate::Field<Self>,
                target: &$crate::Field<Self>,
                path: &$crate::error::Path<'_>,
                errors: &mut $crate::error::Errors,
            ) -> $crate::Field<Self> {
                $crate::schema::diff_complex(
                    base,
                    target,
                    path,
                    errors,
                    $T::diff_from,
                    $T::equivalent,
                )
            }
            fn equivalent(a: &Self, b: &Self) -> bool {
                a.equivalent(b)
            }
            fn value_ref(&self) -> $crate::schema::ValueRef<'_> {
                $crate::schema::Complex::complex_ref(self)
            }
        }
    };
}

pub(crate) use complex_value;

/// A boxed complex value (`createdBy`) behaves as the value itself.
impl<T: Complex> Value for Box<T> {
    const KIND: ValueKind = ValueKind::Complex(T::NAME);
    const MERGES: bool = true;
    fn merge(current: &mut Field<Self>, patch: Field<Self>) {
        merge_complex(current, patch, |c, p| c.merge_from(*p))
    }
    fn merged(current: &Field<Self>, patch: &Field<Self>) -> Field<Self> {
        merged_complex(current, patch, |c, p| c.merge_from(*p))
    }
    fn diff(
        base: &Field<Self>,
        target: &Field<Self>,
        path: &Path<'_>,
        errors: &mut Errors,
    ) -> Field<Self> {
        diff_complex(
            base,
            target,
            path,
            errors,
            |b, t, path, errors| Box::new(T::diff_from(b, t, path, errors)),
            |a, b| a.equivalent_to(b),
        )
    }
    fn equivalent(a: &Self, b: &Self) -> bool {
        a.equivalent_to(b)
    }
    fn value_ref(&self) -> ValueRef<'_> {
        self.complex_ref()
    }
}

impl Value for String {
    const KIND: ValueKind = ValueKind::String;
    fn value_ref(&self) -> ValueRef<'_> {
        ValueRef::String(self)
    }
    #[inline(always)]
    fn size_hint(&self) -> usize {
        self.len()
    }
}

impl Value for Secret {
    const KIND: ValueKind = ValueKind::Secret;
    fn value_ref(&self) -> ValueRef<'_> {
        ValueRef::Secret(self)
    }
    #[inline(always)]
    fn size_hint(&self) -> usize {
        self.expose().len()
    }
}

impl Value for i32 {
    const KIND: ValueKind = ValueKind::Int32 {
        min: i32::MIN,
        max: i32::MAX,
    };
    fn value_ref(&self) -> ValueRef<'_> {
        ValueRef::Int32(*self)
    }
}

impl Value for i64 {
    const KIND: ValueKind = ValueKind::Int64;
    fn value_ref(&self) -> ValueRef<'_> {
        ValueRef::Int64(*self)
    }
}

impl Value for Json {
    const KIND: ValueKind = ValueKind::Json;
    fn value_ref(&self) -> ValueRef<'_> {
        ValueRef::Json(self)
    }
}

/// A collection replaces as a whole (RFC 7396 has no array merge). Its
/// items are compared as complex values are (annotations ignored), and a
/// patch carries them without annotations, as it carries `createdBy`.
impl Value for Vec<Option<ExportFileMetadata>> {
    const KIND: ValueKind =
        ValueKind::Collection(<ExportFileMetadata as crate::read::objects::ObjectType>::NAME);
    fn value_ref(&self) -> ValueRef<'_> {
        ValueRef::ExportFileMetadataList(self)
    }
    fn diff(
        base: &Field<Self>,
        target: &Field<Self>,
        _path: &Path<'_>,
        _errors: &mut Errors,
    ) -> Field<Self> {
        match (base.as_option(), target.as_option()) {
            (None, None) => Field::Absent,
            (Some(b), Some(t)) if Self::equivalent(b, t) => Field::Absent,
            (_, None) => Field::Null,
            (_, Some(t)) => Field::Value(
                t.iter()
                    .map(|item| {
                        item.as_ref().map(|i| ExportFileMetadata {
                            annotations: Default::default(),
                            ..i.clone()
                        })
                    })
                    .collect(),
            ),
        }
    }
    fn equivalent(a: &Self, b: &Self) -> bool {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| match (x, y) {
                (Some(x), Some(y)) => x.equivalent(y),
                (None, None) => true,
                _ => false,
            })
    }
}

impl Value for Percent {
    const KIND: ValueKind = ValueKind::Int32 { min: 0, max: 100 };
    fn value_ref(&self) -> ValueRef<'_> {
        ValueRef::Int32(self.get())
    }
}

impl Value for DateTimeOffset {
    const KIND: ValueKind = ValueKind::DateTimeOffset;
    fn value_ref(&self) -> ValueRef<'_> {
        ValueRef::DateTimeOffset(self)
    }
}

impl Value for ExportOptions {
    const KIND: ValueKind = ValueKind::Flags(&ExportOptions::ENUM_TYPE);
    fn value_ref(&self) -> ValueRef<'_> {
        ValueRef::Flags(self)
    }
}

/// A property's container: a tri-state [`Field`] of a [`Value`], or the
/// read-only key (`Option<String>`: absent or a value, never null, not
/// merged — a patch may only repeat it, which is checked before merging —
/// and not diffed — diff checks ids on their own).
pub(crate) trait Slot: Default {
    /// Whether the property may be `null`.
    const NULLABLE: bool;
    /// Whether a patch may change the property.
    const READ_ONLY: bool;
    /// The kind of value.
    const KIND: ValueKind;
    /// See [`Value::MERGES`]: `false` means [`Slot::merged`] is always absent.
    const MERGES: bool;
    /// Writes the property (nothing when absent) with its `key!` key.
    fn write(&self, w: &mut ObjectWriter<'_>, key: &'static str);
    /// `true` when the property is not present.
    fn is_absent(&self) -> bool;
    /// `true` when the property is an explicit `null`.
    fn is_null(&self) -> bool;
    /// Applies a patch state.
    fn merge(&mut self, patch: Self);
    /// See [`Value::merged`].
    fn merged(&self, patch: &Self) -> Self;
    /// The patch state from `base` to `target`.
    fn diff(base: &Self, target: &Self, path: &Path<'_>, errors: &mut Errors) -> Self;
    /// Semantic equivalence (absent ≡ null).
    fn equivalent(&self, other: &Self) -> bool;
    /// The state and value, borrowed.
    fn get(&self) -> Field<ValueRef<'_>>;
    /// See [`Value::size_hint`]; 0 without a value.
    fn size_hint(&self) -> usize;
}

impl<T: Value> Slot for Field<T> {
    const NULLABLE: bool = true;
    const READ_ONLY: bool = false;
    const KIND: ValueKind = T::KIND;
    const MERGES: bool = T::MERGES;
    #[inline(always)]
    fn write(&self, w: &mut ObjectWriter<'_>, key: &'static str) {
        w.field(key, self, T::write)
    }
    #[inline(always)]
    fn is_absent(&self) -> bool {
        Field::is_absent(self)
    }
    #[inline(always)]
    fn is_null(&self) -> bool {
        Field::is_null(self)
    }
    #[inline(always)]
    fn merge(&mut self, patch: Self) {
        T::merge(self, patch)
    }
    #[inline(always)]
    fn merged(&self, patch: &Self) -> Self {
        T::merged(self, patch)
    }
    #[inline(always)]
    fn diff(base: &Self, target: &Self, path: &Path<'_>, errors: &mut Errors) -> Self {
        T::diff(base, target, path, errors)
    }
    #[inline(always)]
    fn equivalent(&self, other: &Self) -> bool {
        match (self.as_option(), other.as_option()) {
            (None, None) => true,
            (Some(x), Some(y)) => T::equivalent(x, y),
            _ => false,
        }
    }
    fn get(&self) -> Field<ValueRef<'_>> {
        self.as_ref().map(T::value_ref)
    }
    #[inline(always)]
    fn size_hint(&self) -> usize {
        self.as_option().map_or(0, T::size_hint)
    }
}

impl Slot for Option<String> {
    const NULLABLE: bool = false;
    const READ_ONLY: bool = true;
    const KIND: ValueKind = ValueKind::String;
    const MERGES: bool = false;
    #[inline(always)]
    fn write(&self, w: &mut ObjectWriter<'_>, key: &'static str) {
        if let Some(id) = self {
            crate::write::write_str(w.declared_key(key), id);
        }
    }
    #[inline(always)]
    fn is_absent(&self) -> bool {
        self.is_none()
    }
    #[inline(always)]
    fn is_null(&self) -> bool {
        false
    }
    #[inline(always)]
    fn merge(&mut self, _patch: Self) {}
    #[inline(always)]
    fn merged(&self, _patch: &Self) -> Self {
        None
    }
    #[inline(always)]
    fn diff(_base: &Self, _target: &Self, _path: &Path<'_>, _errors: &mut Errors) -> Self {
        None
    }
    #[inline(always)]
    fn equivalent(&self, other: &Self) -> bool {
        self == other
    }
    fn get(&self) -> Field<ValueRef<'_>> {
        match self {
            Some(id) => Field::Value(ValueRef::String(id)),
            None => Field::Absent,
        }
    }
    #[inline(always)]
    fn size_hint(&self) -> usize {
        self.as_ref().map_or(0, String::len)
    }
}

/// Where the writer takes each property's state from: one object, or (a
/// patch applied lazily) the first of several layers that has the property.
pub(crate) trait Pick<'a, T: 'a> {
    /// The state to write for the property `field` selects.
    fn pick<S: Slot>(&self, field: impl Fn(&'a T) -> &'a S) -> &'a S;
}

impl<'a, T> Pick<'a, T> for &'a T {
    #[inline(always)]
    fn pick<S: Slot>(&self, field: impl Fn(&'a T) -> &'a S) -> &'a S {
        field(self)
    }
}

/// Declares a complex or resource type once; see the module documentation.
///
/// ```text
/// declare_type! {
///     /// docs of the struct
///     pub struct ResultInfo: "resultInfo" {
///         odata_types: ["microsoft.graph.resultInfo"],
///         /// docs of the property enum
///         properties: ResultInfoMember,
///         value: ResultInfo,          // its ValueRef variant (complex types only)
///         /// docs of the annotations field
///         annotations,
///         {
///             /// `code` (Int32)
///             Code code: Field<i32> = "code",
///             …
///         }
///         /// docs of the field keeping undeclared members
///         unknown, open: false,
///     }
/// }
/// ```
///
/// A property may end with `=> set_x, clear_x` to give the typed patch
/// ([`Patch`](crate::Patch)) its setter pair.
macro_rules! declare_type {
    (
        $(#[$meta:meta])*
        pub struct $T:ident : $name:literal {
            odata_types: [$($odata:literal),* $(,)?],
            $(resource: $tidx:ident,)?
            $(#[$pmeta:meta])*
            properties: $P:ident,
            $(value: $vref:ident,)?
            $(every: $every:ty,)?
            $(export: $export:ident $d:tt,)?
            $(#[$ameta:meta])*
            annotations,
            {
                $(
                    $(#[$fmeta:meta])*
                    $V:ident $field:ident : $container:ident<$vty:ty> = $wire:literal
                    $([$nn:ident])?
                    $(=> $set:ident, $clear:ident)?
                ),+ $(,)?
            }
            $(#[$rmeta:meta])*
            $rest:ident, open: $open:literal $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Default)]
        #[non_exhaustive]
        pub struct $T {
            $(#[$ameta])*
            pub annotations: $crate::kept::Annotations<$T>,
            $(
                /// Which of the type's names (`odata_types`) the document
                /// gave (0, the canonical name, when it gave none): written
                /// back as it was read.
                $tidx: u8,
            )?
            $(
                $(#[$fmeta])*
                pub $field: $container<$vty>,
            )+
            $(#[$rmeta])*
            pub $rest: $crate::kept::Undeclared<$T>,
        }

        $(#[$pmeta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $P {
            $(
                $(#[$fmeta])*
                $V,
            )+
        }

        impl $P {
            /// The OData name of the type these properties belong to.
            pub const TYPE_NAME: &'static str = $name;

            /// Every declared property, in canonical (writing) order.
            pub const ALL: &'static [$P] = &[$($P::$V),+];

            /// The wire (JSON) name.
            pub const fn wire_name(self) -> &'static str {
                match self {
                    $($P::$V => $wire,)+
                }
            }

            /// The snake-case (Rust field, Python attribute) name.
            pub const fn snake_name(self) -> &'static str {
                match self {
                    $($P::$V => stringify!($field),)+
                }
            }

            /// The kind of value it holds.
            pub const fn kind(self) -> $crate::schema::ValueKind {
                match self {
                    $($P::$V => <$container<$vty> as $crate::schema::Slot>::KIND,)+
                }
            }

            /// Whether it may be `null` (the read-only key `id` may not).
            pub const fn is_nullable(self) -> bool {
                match self {
                    $($P::$V => <$container<$vty> as $crate::schema::Slot>::NULLABLE
                        && !$crate::schema::declare_type!(@not_null $($nn)?),)+
                }
            }

            /// Whether a patch may change it.
            pub const fn is_read_only(self) -> bool {
                match self {
                    $($P::$V => <$container<$vty> as $crate::schema::Slot>::READ_ONLY,)+
                }
            }

            /// The property with this wire name.
            #[inline(always)]
            pub fn from_wire(name: &str) -> Option<$P> {
                Some(match name {
                    $($wire => $P::$V,)+
                    _ => return None,
                })
            }

            /// The property with this snake-case or wire name.
            pub fn from_name(name: &str) -> Option<$P> {
                Self::from_wire(name).or_else(|| {
                    Self::ALL.iter().copied().find(|p| p.snake_name() == name)
                })
            }
        }

        impl $T {
            /// The state and value of `property`, borrowed.
            pub fn get(&self, property: $P) -> $crate::Field<$crate::schema::ValueRef<'_>> {
                match property {
                    $($P::$V => $crate::schema::Slot::get(&self.$field),)+
                }
            }

            /// Moves `property`'s state out of `from` (leaving it absent) into `self`.
            pub fn take_property(&mut self, property: $P, from: &mut $T) {
                match property {
                    $($P::$V => self.$field = ::std::mem::take(&mut from.$field),)+
                }
            }

            /// Absent ≡ null for declared properties; annotations ignored;
            /// undeclared members compared exactly.
            pub fn equivalent(&self, other: &$T) -> bool {
                $($crate::schema::Slot::equivalent(&self.$field, &other.$field) &&)+
                self.$rest == other.$rest
            }

            /// `true` when some declared property is an explicit `null`.
            // Used for the resource (`Patch::is_empty`), not for complex types.
            #[allow(dead_code)]
            pub(crate) fn has_nulls(&self) -> bool {
                $($crate::schema::Slot::is_null(&self.$field) ||)+ false
            }

            /// Merges a patch's property states (RFC 7396 on the typed
            /// model); the key is left (it is checked before).
            pub(crate) fn merge_from(&mut self, patch: $T) {
                let $T { annotations: _, $($tidx: _,)? $($field,)+ $rest } = patch;
                $($crate::schema::Slot::merge(&mut self.$field, $field);)+
                self.$rest.members_mut().merge_patch(&$rest);
            }

            /// Whether `patch` has a value that merges into the current one
            /// (see [`Slot::MERGES`](crate::schema::Slot::MERGES)): when not,
            /// [`merged_with`](Self::merged_with) would be all absent, and a
            /// lazily patched writer does without it.
            // Used for the resource (`Patched`), not for complex types.
            #[allow(dead_code)]
            #[inline(always)]
            pub(crate) fn merges(patch: &$T) -> bool {
                false $(|| (<$container<$vty> as $crate::schema::Slot>::MERGES
                    && !$crate::schema::Slot::is_absent(&patch.$field)
                    && !$crate::schema::Slot::is_null(&patch.$field)))+
            }

            /// The complex values a patch merges into, merged (the others
            /// absent): what a lazily patched writer takes first.
            // Used for the resource (`Patched`), not for complex types.
            #[allow(dead_code)]
            pub(crate) fn merged_with(&self, patch: &$T) -> $T {
                $T {
                    annotations: Default::default(),
                    $($tidx: self.$tidx,)?
                    $($field: $crate::schema::Slot::merged(&self.$field, &patch.$field),)+
                    $rest: Default::default(),
                }
            }

            /// The patch states from `base` to `target` (the key left out).
            pub(crate) fn diff_from(
                base: &$T,
                target: &$T,
                path: &$crate::error::Path<'_>,
                errors: &mut $crate::error::Errors,
            ) -> $T {
                $T {
                    annotations: Default::default(),
                    $($tidx: base.$tidx,)?
                    $($field: {
                        let at = $crate::error::Path::Key(path, $wire);
                        let d = $crate::schema::Slot::diff(&base.$field, &target.$field, &at, errors);
                        if $crate::schema::declare_type!(@not_null $($nn)?)
                            && $crate::schema::Slot::is_null(&d)
                        {
                            errors.push(
                                &at,
                                $crate::ErrorCode::Unrepresentable,
                                concat!($wire, " is not nullable: a patch cannot remove it"),
                            );
                        }
                        d
                    },)+
                    // Its names are the base's and the target's: kept names.
                    $rest: $crate::kept::Undeclared::from_checked($crate::json::diff_members(
                        &base.$rest,
                        &target.$rest,
                        path,
                        errors,
                    )),
                }
            }

            /// The declared properties' [`size_hint`](crate::schema::Slot::size_hint)s,
            /// each state taken from `pick`: what a writer's buffer needs
            /// beyond names and punctuation.
            // Used for the resource's buffer estimate, not for complex types.
            #[allow(dead_code)]
            #[inline(always)]
            pub(crate) fn size_hint<'a>(pick: &impl $crate::schema::Pick<'a, $T>) -> usize {
                0 $(+ $crate::schema::Slot::size_hint(pick.pick(|o| &o.$field)))+
            }

            /// Writes the declared properties in canonical order, each
            /// state taken from `pick`.
            #[inline(always)]
            pub(crate) fn write_properties<'a>(
                w: &mut $crate::write::ObjectWriter<'_>,
                pick: &impl $crate::schema::Pick<'a, $T>,
            ) {
                $($crate::schema::Slot::write(
                    pick.pick(|o| &o.$field),
                    w,
                    concat!(",\"", $wire, "\":"),
                );)+
            }
        }

        $crate::schema::declare_type!(@every [$($every)?] $T $P { $($field $wire),+ });
        $crate::schema::declare_type!(@export [$($export $d)?] { $($V $field $wire),+ });

        impl $crate::kept::Owner for $T {
            const KEEPS_ODATA_TYPE: bool = $crate::schema::declare_type!(@complex $($vref)?);
            fn is_declared(name: &str) -> bool {
                $P::from_wire(name).is_some()
            }
        }

        impl $crate::read::objects::ObjectType for $T {
            const NAME: &'static str = $name;
            const ODATA_TYPES: &'static [&'static str] = &[$($odata),*];
            const TYPE_NAMES: &'static [&'static str] = &[$(concat!("#", $odata)),*];
            const KEEPS_ODATA_TYPE: bool = $crate::schema::declare_type!(@complex $($vref)?);
            type Member = $P;
            fn annotations(&mut self) -> &mut $crate::json::Members {
                self.annotations.members_mut()
            }
            #[allow(unused_variables)]
            fn set_type_index(&mut self, index: usize) {
                $(self.$tidx = index as u8;)?
            }
            #[inline(always)]
            fn undeclared(&mut self, strict: bool) -> Option<&mut $crate::json::Members> {
                ($open || !strict).then_some(self.$rest.members_mut())
            }
            #[inline(always)]
            fn member(key: &str) -> Option<$P> {
                $P::from_wire(key)
            }
            #[inline(always)]
            fn bit(member: $P) -> u32 {
                1 << (member as u32)
            }
            fn read_member(
                &mut self,
                ctx: &mut $crate::read::Ctx,
                member: $P,
                path: &$crate::error::Path<'_>,
                lx: &mut $crate::read::Lexer<'_>,
            ) -> Result<(), $crate::read::LexError> {
                match member {
                    $($P::$V => {
                        $crate::read::objects::ReadSlot::read_slot(&mut self.$field, ctx, path, lx)?;
                        if $crate::schema::declare_type!(@not_null $($nn)?)
                            && $crate::schema::Slot::is_null(&self.$field)
                        {
                            $crate::read::objects::not_nullable(ctx, path, $wire);
                            self.$field = Default::default();
                        }
                        Ok(())
                    })+
                }
            }
            fn read_member_raw(
                &mut self,
                ctx: &mut $crate::read::Ctx,
                member: $P,
                path: &$crate::error::Path<'_>,
                raw: $crate::read::Raw<'_>,
            ) {
                match member {
                    $($P::$V => $crate::read::objects::ReadSlot::read_slot_raw(
                        &mut self.$field, ctx, path, raw,
                    ),)+
                }
            }
        }

        $(
            impl $crate::schema::Complex for $T {
                fn complex_ref(&self) -> $crate::schema::ValueRef<'_> {
                    $crate::schema::ValueRef::$vref(self)
                }
                fn merge_from(&mut self, patch: Self) {
                    $T::merge_from(self, patch)
                }
                fn diff_from(
                    base: &Self,
                    target: &Self,
                    path: &$crate::error::Path<'_>,
                    errors: &mut $crate::error::Errors,
                ) -> Self {
                    $T::diff_from(base, target, path, errors)
                }
                fn equivalent_to(&self, other: &Self) -> bool {
                    $T::equivalent(self, other)
                }
                fn write_object(&self, out: &mut Vec<u8>) {
                    let mut w = $crate::write::ObjectWriter::new(out);
                    $crate::write::annotations(&mut w, &self.annotations);
                    $T::write_properties(&mut w, &self);
                    w.members(&self.$rest);
                    w.end();
                }
            }

            $crate::schema::complex_value!($T);

            impl $T {
                #[doc = concat!("Reads a `", $name, "` on its own (as it appears inside a document), with the")]
                /// given mode and limits; annotations, `@odata.type` included, are
                /// kept, and error paths are relative to this object.
                pub fn from_json_with(
                    bytes: &[u8],
                    opts: &$crate::ReadOptions,
                ) -> Result<$T, $crate::Error> {
                    $crate::read::read_complex(bytes, opts)
                }
            }
        )?

        $(
            // Sealed: its crate-private argument types are never reachable.
            #[allow(private_interfaces)]
            impl $crate::resource::sealed::Sealed for $T {
                #[inline(always)]
                fn type_index(&self) -> usize {
                    usize::from(self.$tidx)
                }
                fn merge_from(&mut self, patch: Self) {
                    $T::merge_from(self, patch)
                }
                fn merged_with(&self, patch: &Self) -> Self {
                    $T::merged_with(self, patch)
                }
                fn merges(patch: &Self) -> bool {
                    $T::merges(patch)
                }
                fn diff_from(
                    base: &Self,
                    target: &Self,
                    path: &$crate::error::Path<'_>,
                    errors: &mut $crate::error::Errors,
                ) -> Self {
                    $T::diff_from(base, target, path, errors)
                }
                fn has_nulls(&self) -> bool {
                    $T::has_nulls(self)
                }
                fn id_slot(&self) -> &Option<String> {
                    &self.id
                }
                fn id_slot_mut(&mut self) -> &mut Option<String> {
                    &mut self.id
                }
                fn unknown_ref(&self) -> &$crate::kept::Undeclared<Self> {
                    &self.$rest
                }
                fn unknown_mut(&mut self) -> &mut $crate::kept::Undeclared<Self> {
                    &mut self.$rest
                }
                #[inline(always)]
                fn size_hint_view(v: &$crate::patch::View<'_, Self>) -> usize {
                    $T::size_hint(v)
                }
                #[inline(always)]
                fn write_view(w: &mut $crate::write::ObjectWriter<'_>, v: &$crate::patch::View<'_, Self>) {
                    $T::write_properties(w, v)
                }
            }

            impl $crate::resource::Resource for $T {
                type Property = $P;
                const TYPE_NAMES: &'static [&'static str] =
                    <Self as $crate::read::objects::ObjectType>::TYPE_NAMES;
                #[inline(always)]
                fn odata_type(&self) -> &'static str {
                    Self::TYPE_NAMES[usize::from(self.$tidx)]
                }
                fn set_odata_type(&mut self, name: &str) -> bool {
                    let name = name.strip_prefix('#').unwrap_or(name);
                    match <Self as $crate::read::objects::ObjectType>::ODATA_TYPES.iter().position(|n| *n == name) {
                        Some(i) => {
                            self.$tidx = i as u8;
                            true
                        }
                        None => false,
                    }
                }
                fn id(&self) -> Option<&str> {
                    self.id.as_deref()
                }
                fn annotations_ref(&self) -> &$crate::kept::Annotations<Self> {
                    &self.annotations
                }
                fn annotations_mut(&mut self) -> &mut $crate::kept::Annotations<Self> {
                    &mut self.annotations
                }
                fn property_from_wire(name: &str) -> Option<$P> {
                    $P::from_wire(name)
                }
                fn property_wire_name(property: $P) -> &'static str {
                    property.wire_name()
                }
                fn take_property(&mut self, property: $P, from: &mut Self) {
                    $T::take_property(self, property, from)
                }
                fn equivalent(&self, other: &Self) -> bool {
                    $T::equivalent(self, other)
                }
                fn read_property_values<'v>(
                    &mut self,
                    values: &mut dyn Iterator<Item = ($P, $crate::WireValue<'v>)>,
                    opts: &$crate::ReadOptions,
                ) -> Result<(), $crate::Error> {
                    $crate::read::read_values(
                        self,
                        values.map(|(p, v)| (p, p.wire_name(), v)),
                        opts,
                        $crate::read::Kind::Patch,
                    )
                    .into_result()
                }
            }
        )?

        impl $crate::patch::Patch<$T> {
            $($(
                #[doc = concat!("Sets `", $wire, "`.")]
                #[must_use]
                pub fn $set(mut self, value: impl Into<$vty>) -> Self {
                    self.properties_mut().$field = $crate::Field::Value(value.into());
                    self
                }

                #[doc = concat!("Clears `", $wire, "` (sends `null`).")]
                #[must_use]
                pub fn $clear(mut self) -> Self {
                    self.properties_mut().$field = $crate::Field::Null;
                    self
                }
            )?)+
        }
    };
    // `export: name $`: a macro `name!` for other crates (the bindings) that
    // hands the declared properties to a callback macro, so that code made
    // per property (Python attributes) comes from this declaration too.
    (@export [] $($rest:tt)*) => {};
    (@export [$export:ident $d:tt] { $($V:ident $field:ident $wire:literal),+ }) => {
        /// Calls `callback! { args… [Variant field "wireName", …] }` with the
        /// declared properties in canonical order (for the bindings).
        #[doc(hidden)]
        #[macro_export]
        macro_rules! $export {
            ($d callback:ident { $d($d args:tt)* }) => {
                $d callback! { $d($d args)* [$($V $field $wire),+] }
            };
        }
    };
    // Whether a property is declared `[not_null]`.
    (@not_null) => { false };
    (@not_null not_null) => { true };
    // Whether the declaration is of a complex type (it names a `ValueRef`).
    (@complex) => { false };
    (@complex $vref:ident) => { true };
    // `every: T`: all declared members hold a `Field<T>`, listed as one array.
    (@every [] $($rest:tt)*) => {};
    (@every [$every:ty] $T:ident $P:ident { $($field:ident $wire:literal),+ }) => {
        impl $T {
            /// The declared members in canonical order, paired with their wire names.
            pub fn members(&self) -> [(&'static str, &$crate::Field<$every>); $P::ALL.len()] {
                [$(($wire, &self.$field)),+]
            }

            /// Mutable access to the declared members in canonical order.
            pub fn members_mut(
                &mut self,
            ) -> [(&'static str, &mut $crate::Field<$every>); $P::ALL.len()] {
                [$(($wire, &mut self.$field)),+]
            }

            /// The declared member called `name` (wire name).
            pub fn member_mut(&mut self, name: &str) -> Option<&mut $crate::Field<$every>> {
                self.members_mut()
                    .into_iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, f)| f)
            }
        }
    };
}

pub(crate) use declare_type;

#[cfg(test)]
mod tests {
    use crate::model::{IdentityMember, IdentitySetMember, Property, ResultInfoMember};
    /// `enum_types()` lists every enumeration and flags type of the crate,
    /// each once, and the generic flags conversions agree with each flags
    /// type's own parsing and writing.
    #[test]
    fn enum_types_are_every_enum_type() {
        use crate::enums::*;
        let all = [
            CaseOperationStatus::ENUM_TYPE,
            CaseAction::ENUM_TYPE,
            ExportOptions::ENUM_TYPE,
            ExportFileStructure::ENUM_TYPE,
            EdiscoveryCaseAction::ENUM_TYPE,
            SecurityCaseAction::ENUM_TYPE,
            SecurityCaseOperationStatus::ENUM_TYPE,
            SecurityExportOptions::ENUM_TYPE,
            SecurityExportFileStructure::ENUM_TYPE,
        ];
        let listed: Vec<super::EnumType> = super::enum_types().into_iter().copied().collect();
        assert_eq!(listed, all);
        for wire in [
            "text",
            "tags,originalFiles",
            "text, fileInfo",
            "condensePaths,newOne,newOne",
        ] {
            let typed: SecurityExportOptions = wire.parse().unwrap();
            let (bits, unknown) = SecurityExportOptions::ENUM_TYPE
                .flags_from_wire(wire)
                .unwrap();
            assert_eq!(
                (bits, unknown.as_slice()),
                (u64::from(typed.bits()), typed.unknown())
            );
            let known = SecurityExportOptions::ENUM_TYPE.flags_to_wire(bits);
            assert!(typed.to_string().starts_with(&known), "{wire}");
        }
        for wire in ["text", "tags,originalFiles", "text, newOne"] {
            let typed: ExportOptions = wire.parse().unwrap();
            let (bits, unknown) = ExportOptions::ENUM_TYPE.flags_from_wire(wire).unwrap();
            assert_eq!(
                (bits, unknown.as_slice()),
                (u64::from(typed.bits()), typed.unknown())
            );
        }
        for bad in ["", "text,", "a b", ",text"] {
            assert!(
                ExportOptions::ENUM_TYPE.flags_from_wire(bad).is_err(),
                "{bad:?}"
            );
        }
        assert!(CaseAction::ENUM_TYPE.flags_from_wire("tag").is_err());
        assert_eq!(CaseAction::ENUM_TYPE.flags_to_wire(1), "");
    }

    /// Every property enum: values are indexes into `ALL`, names round-trip,
    /// and no two properties share a name.
    fn check<P: Copy + PartialEq + std::fmt::Debug>(
        all: &[P],
        index: impl Fn(P) -> usize,
        wire: impl Fn(P) -> &'static str,
        snake: impl Fn(P) -> &'static str,
        from_name: impl Fn(&str) -> Option<P>,
    ) {
        assert!(all.len() <= 32, "the reader's duplicate bitmask holds 32");
        for (i, p) in all.iter().enumerate() {
            assert_eq!(index(*p), i);
            assert_eq!(from_name(wire(*p)), Some(*p));
            assert_eq!(from_name(snake(*p)), Some(*p));
            let camel: String = snake(*p)
                .split('_')
                .enumerate()
                .map(|(i, w)| {
                    if i == 0 {
                        w.to_owned()
                    } else {
                        w[..1].to_uppercase() + &w[1..]
                    }
                })
                .collect();
            assert_eq!(camel, wire(*p), "snake and wire names of {p:?} agree");
        }
    }

    #[test]
    fn property_enums_are_consistent() {
        check(
            Property::ALL,
            |p| p as usize,
            Property::wire_name,
            Property::snake_name,
            Property::from_name,
        );
        check(
            IdentitySetMember::ALL,
            |p| p as usize,
            IdentitySetMember::wire_name,
            IdentitySetMember::snake_name,
            IdentitySetMember::from_name,
        );
        check(
            IdentityMember::ALL,
            |p| p as usize,
            IdentityMember::wire_name,
            IdentityMember::snake_name,
            IdentityMember::from_name,
        );
        check(
            ResultInfoMember::ALL,
            |p| p as usize,
            ResultInfoMember::wire_name,
            ResultInfoMember::snake_name,
            ResultInfoMember::from_name,
        );
        macro_rules! check_all {
            ($($P:ident),+) => {$(
                check(
                    crate::$P::ALL,
                    |p| p as usize,
                    crate::$P::wire_name,
                    crate::$P::snake_name,
                    crate::$P::from_name,
                );
            )+};
        }
        check_all!(
            EdiscoveryProperty,
            SecurityProperty,
            EdiscoveryCaseOperationProperty,
            SecurityCaseOperationProperty,
            ExportFileMetadataMember,
            LiveIdentitySetMember,
            LiveResultInfoMember
        );
        assert!(crate::SecurityProperty::Id.is_read_only());
        assert!(!crate::LiveResultInfoMember::Code.is_nullable());
        assert!(!crate::LiveResultInfoMember::Subcode.is_nullable());
        assert!(crate::LiveResultInfoMember::Message.is_nullable());
        assert!(Property::Id.is_read_only() && !Property::Id.is_nullable());
        assert!(Property::ALL[1..]
            .iter()
            .all(|p| p.is_nullable() && !p.is_read_only()));
    }
}
