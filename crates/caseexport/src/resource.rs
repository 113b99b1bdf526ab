//! The resource types (entities) as one trait: [`Resource`], implemented by
//! every resource declaration (`declare_type!` with `resource:`), so that
//! [`Patch`](crate::Patch), [`Patched`](crate::Patched), [`diff`](crate::diff),
//! reading and the writer work for each of them.

use std::fmt;

use crate::error::{Error, ErrorCode, Errors};
use crate::field::Field;
use crate::patch::Patch;
use crate::read::{read_into, Kind, ReadOptions};

pub(crate) mod sealed {
    use crate::error::{Errors, Path};
    use crate::kept::Undeclared;
    use crate::patch::View;
    use crate::write::ObjectWriter;

    /// What the crate itself needs of a resource type; made by
    /// `declare_type!`. Public in a private module: no other crate can
    /// name it, so none can implement [`Resource`](super::Resource).
    // Sealed (no other crate can name it), so its crate-private argument
    // types are never reachable.
    #[allow(private_interfaces, private_bounds)]
    pub trait Sealed: crate::read::objects::ObjectType + crate::kept::Owner {
        /// Which of the type's names the value carries (0: canonical).
        fn type_index(&self) -> usize;
        /// Merges a patch's property states (the key left alone).
        fn merge_from(&mut self, patch: Self);
        /// The complex values a patch merges into, merged.
        fn merged_with(&self, patch: &Self) -> Self;
        /// Whether `patch` merges into anything (else `merged_with` is all absent).
        fn merges(patch: &Self) -> bool;
        /// The patch states from `base` to `target` (the key left out).
        fn diff_from(base: &Self, target: &Self, path: &Path<'_>, errors: &mut Errors) -> Self;
        /// `true` when some declared property is an explicit `null`.
        fn has_nulls(&self) -> bool;
        /// The read-only key.
        fn id_slot(&self) -> &Option<String>;
        /// The read-only key, mutable.
        fn id_slot_mut(&mut self) -> &mut Option<String>;
        /// The kept unknown properties.
        fn unknown_ref(&self) -> &Undeclared<Self>;
        /// The kept unknown properties, mutable.
        fn unknown_mut(&mut self) -> &mut Undeclared<Self>;
        /// The writer's buffer estimate for a view.
        fn size_hint_view(v: &View<'_, Self>) -> usize;
        /// Writes a view's declared properties in canonical order.
        fn write_view(w: &mut ObjectWriter<'_>, v: &View<'_, Self>);
    }
}

/// A resource type (an entity with the key `id`): the seed's
/// [`CaseExportOperation`](crate::CaseExportOperation), the beta compliance
/// [`EdiscoveryCaseExportOperation`](crate::EdiscoveryCaseExportOperation),
/// the security [`SecurityExportOperation`](crate::SecurityExportOperation)
/// and the two base `caseOperation` types a list page holds. Sealed: only
/// the crate's declarations implement it.
///
/// ```
/// use caseexport::{CaseExportOperation, Resource, SecurityExportOperation};
/// assert_eq!(SecurityExportOperation::TYPE_NAMES, ["#microsoft.graph.security.ediscoveryExportOperation"]);
/// let op = CaseExportOperation::from_json(br##"{"@odata.type":"microsoft.graph.ediscovery.caseExportOperation"}"##)?;
/// assert_eq!(op.odata_type(), "#microsoft.graph.ediscovery.caseExportOperation");
/// # Ok::<(), caseexport::Error>(())
/// ```
pub trait Resource:
    sealed::Sealed + Clone + fmt::Debug + PartialEq + Default + Send + Sync + 'static
{
    /// The public enum of its declared properties.
    type Property: Copy + fmt::Debug + Eq + 'static;
    /// The `@odata.type` values it is read from and written with (`#`
    /// included), the canonical one first.
    const TYPE_NAMES: &'static [&'static str];
    /// The `@odata.type` this value is written with: the one it was read
    /// with (one of [`TYPE_NAMES`](Self::TYPE_NAMES)), else the canonical one.
    fn odata_type(&self) -> &'static str;
    /// Chooses the `@odata.type` to write (with or without `#`); `false`,
    /// and no change, when it is not one of [`TYPE_NAMES`](Self::TYPE_NAMES).
    fn set_odata_type(&mut self, name: &str) -> bool;
    /// The key, when present.
    fn id(&self) -> Option<&str>;
    /// The kept annotations (other than `@odata.type`).
    fn annotations_ref(&self) -> &crate::kept::Annotations<Self>;
    /// The kept annotations, mutable.
    fn annotations_mut(&mut self) -> &mut crate::kept::Annotations<Self>;
    /// The declared property with this wire name.
    fn property_from_wire(name: &str) -> Option<Self::Property>;
    /// A declared property's wire name.
    fn property_wire_name(property: Self::Property) -> &'static str;
    /// Moves `property`'s state out of `from` (leaving it absent) into `self`.
    fn take_property(&mut self, property: Self::Property, from: &mut Self);
    /// Absent ≡ null for declared properties; annotations and the type
    /// name ignored; undeclared members compared exactly.
    fn equivalent(&self, other: &Self) -> bool;
    /// Reads property values as the members of a PATCH body, in the order
    /// given (see [`Patch::set_values`]), into `self`.
    #[doc(hidden)]
    fn read_property_values<'v>(
        &mut self,
        values: &mut dyn Iterator<Item = (Self::Property, crate::WireValue<'v>)>,
        opts: &ReadOptions,
    ) -> Result<(), Error>;
}

/// Reads a document of type `R` with `opts`.
pub(crate) fn read_document<R: Resource>(bytes: &[u8], opts: &ReadOptions) -> Result<R, Error> {
    let mut field = Field::Absent;
    read_into(bytes, opts, Kind::Document, &mut field).into_result()?;
    Ok(field
        .into_option()
        .expect("a read without errors has read an object"))
}

/// [`read_document`] into a heap allocation.
pub(crate) fn read_document_boxed<R: Resource>(
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<Box<R>, Error> {
    let mut field: Field<Box<R>> = Field::Absent;
    read_into(bytes, opts, Kind::Document, &mut field).into_result()?;
    Ok(field
        .into_option()
        .expect("a read without errors has read an object"))
}

/// `id` is read-only: a patch may repeat the current id, nothing else.
pub(crate) fn check_id<R: Resource>(current: &R, patch: &R, errors: &mut Errors) {
    if let Some(pid) = patch.id_slot() {
        if current.id_slot().as_ref() != Some(pid) {
            errors.push_pointer(
                "/id".to_owned(),
                ErrorCode::ReadOnlyProperty,
                "id is read-only; a patch may only repeat the current id",
            );
        }
    }
}

/// Applies a typed patch in place; on error (`id` differs) nothing changes.
pub(crate) fn apply_in_place<R: Resource>(op: &mut R, patch: &Patch<R>) -> Result<(), Error> {
    let mut errors = Errors::new(1);
    check_id(op, patch.properties(), &mut errors);
    errors.into_result()?;
    op.merge_from(patch.properties().clone());
    Ok(())
}

/// Reads a PATCH body and applies it in place, all or nothing.
pub(crate) fn apply_json_in_place<R: Resource>(
    op: &mut R,
    patch: &[u8],
    opts: &ReadOptions,
) -> Result<(), Error> {
    let mut p: Field<R> = Field::Absent;
    let mut errors = read_into(patch, opts, Kind::Patch, &mut p);
    if let Field::Value(p) = &p {
        check_id(op, p, &mut errors);
    }
    errors.into_result()?;
    if let Field::Value(p) = p {
        op.merge_from(p);
    }
    Ok(())
}

/// The inherent methods every resource type has (the seed's are written
/// out by hand in `lib.rs`, `patch.rs` and `write.rs`, with examples).
macro_rules! resource_methods {
    ($T:ident) => {
        impl $T {
            /// An empty value (every property absent), written with the
            /// canonical `@odata.type`.
            pub fn new() -> Self {
                Self::default()
            }

            /// Reads a document leniently with the default limits.
            pub fn from_json(bytes: &[u8]) -> Result<$T, $crate::Error> {
                Self::from_json_with(bytes, &$crate::ReadOptions::lenient())
            }

            /// Reads a document with the given mode and limits. Annotations
            /// are kept; an `@odata.type` naming another type is `typeMismatch`.
            pub fn from_json_with(
                bytes: &[u8],
                opts: &$crate::ReadOptions,
            ) -> Result<$T, $crate::Error> {
                $crate::resource::read_document(bytes, opts)
            }

            /// [`from_json_with`](Self::from_json_with) into a heap allocation.
            pub fn from_json_boxed(
                bytes: &[u8],
                opts: &$crate::ReadOptions,
            ) -> Result<Box<$T>, $crate::Error> {
                $crate::resource::read_document_boxed(bytes, opts)
            }

            /// Applies a typed patch, returning the updated value.
            pub fn apply(&self, patch: &$crate::Patch<$T>) -> Result<$T, $crate::Error> {
                let mut out = self.clone();
                out.apply_in_place(patch)?;
                Ok(out)
            }

            /// Applies a typed patch in place; on error nothing changes.
            pub fn apply_in_place(
                &mut self,
                patch: &$crate::Patch<$T>,
            ) -> Result<(), $crate::Error> {
                $crate::resource::apply_in_place(self, patch)
            }

            /// Reads a PATCH body and applies it, returning the updated value.
            pub fn apply_json(
                &self,
                patch: &[u8],
                opts: &$crate::ReadOptions,
            ) -> Result<$T, $crate::Error> {
                let mut out = self.clone();
                out.apply_json_in_place(patch, opts)?;
                Ok(out)
            }

            /// Reads a PATCH body and applies it in place, all or nothing.
            pub fn apply_json_in_place(
                &mut self,
                patch: &[u8],
                opts: &$crate::ReadOptions,
            ) -> Result<(), $crate::Error> {
                $crate::resource::apply_json_in_place(self, patch, opts)
            }

            /// The canonical JSON bytes.
            pub fn to_json(&self) -> Vec<u8> {
                $crate::write::write_resource(self)
            }

            /// Appends the canonical JSON to `out`.
            pub fn write_json(&self, out: &mut Vec<u8>) {
                $crate::write::write_resource_into(self, out)
            }

            /// The canonical JSON as a `String`.
            pub fn to_json_string(&self) -> String {
                String::from_utf8(self.to_json())
                    .expect("the writer emits only UTF-8: every piece comes from a str")
            }

            /// The `@odata.etag` annotation, when present as a string.
            pub fn etag(&self) -> Option<&str> {
                self.annotations
                    .get("@odata.etag")
                    .and_then($crate::Json::as_str)
            }
        }
    };
}

pub(crate) use resource_methods;
