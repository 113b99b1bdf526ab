//! PATCH bodies (SPEC §4): the typed [`Patch`] (read from bytes, or built
//! property by property), and RFC 7396 apply on the typed model —
//! all-or-nothing and idempotent.

use std::ops::Deref;

use crate::error::{Error, ErrorCode, Errors};
use crate::field::Field;
use crate::json::{Json, Members};
use crate::model::{CaseExportOperation, Identity, IdentitySet, Percent, ResultInfo, PROPERTIES};
use crate::read::{read_boxed, read_into, Kind, ReadOptions};
use crate::write::{write_operation, write_operation_into, View};
use crate::{
    CaseAction, CaseOperationStatus, DateTimeOffset, ExportFileStructure, ExportOptions, Secret,
};

/// A typed PATCH body: for each property, leave it ([`Field::Absent`]), clear
/// it ([`Field::Null`]) or set it ([`Field::Value`]). Complex values are
/// partial: only the members they carry are merged.
///
/// Serializes straight to canonical bytes with [`Patch::to_vec`].
///
/// ```
/// use caseexport::{ExportOptions, Patch};
/// let body = Patch::new()
///     .set_output_name("export-2024")
///     .clear_description()
///     .set_export_options(ExportOptions::ORIGINAL_FILES | ExportOptions::TEXT)
///     .to_vec();
/// assert_eq!(
///     body,
///     br##"{"@odata.type":"#microsoft.graph.caseExportOperation","outputName":"export-2024","description":null,"exportOptions":"originalFiles,text"}"##
/// );
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Patch {
    /// Boxed: a patch is read and moved around (into [`Patched`], into the
    /// bindings' objects) far more often than it is built.
    properties: Box<CaseExportOperation>,
    odata_type: bool,
}

impl Default for Patch {
    fn default() -> Self {
        Patch::new()
    }
}

macro_rules! property_setters {
    ($($field:ident: $ty:ty, $set:ident, $clear:ident, $wire:literal;)*) => {
        impl Patch {
            $(
                #[doc = concat!("Sets `", $wire, "`.")]
                #[must_use]
                pub fn $set(mut self, value: impl Into<$ty>) -> Self {
                    self.properties.$field = Field::Value(value.into());
                    self
                }

                #[doc = concat!("Clears `", $wire, "` (sends `null`).")]
                #[must_use]
                pub fn $clear(mut self) -> Self {
                    self.properties.$field = Field::Null;
                    self
                }
            )*
        }
    };
}

property_setters! {
    created_date_time: DateTimeOffset, set_created_date_time, clear_created_date_time, "createdDateTime";
    completed_date_time: DateTimeOffset, set_completed_date_time, clear_completed_date_time, "completedDateTime";
    percent_progress: Percent, set_percent_progress, clear_percent_progress, "percentProgress";
    status: CaseOperationStatus, set_status, clear_status, "status";
    action: CaseAction, set_action, clear_action, "action";
    created_by: Box<IdentitySet>, set_created_by, clear_created_by, "createdBy";
    result_info: ResultInfo, set_result_info, clear_result_info, "resultInfo";
    output_name: String, set_output_name, clear_output_name, "outputName";
    description: String, set_description, clear_description, "description";
    output_folder_id: String, set_output_folder_id, clear_output_folder_id, "outputFolderId";
    azure_blob_container: String, set_azure_blob_container, clear_azure_blob_container, "azureBlobContainer";
    azure_blob_token: Secret, set_azure_blob_token, clear_azure_blob_token, "azureBlobToken";
    export_options: ExportOptions, set_export_options, clear_export_options, "exportOptions";
    export_structure: ExportFileStructure, set_export_structure, clear_export_structure, "exportStructure";
}

impl Patch {
    /// An empty patch (every property left unchanged) that writes `@odata.type` first.
    pub fn new() -> Self {
        Patch {
            properties: Box::default(),
            odata_type: true,
        }
    }

    /// Reads a PATCH body strictly (the service-side default), default limits.
    ///
    /// ```
    /// use caseexport::{ErrorCode, Patch};
    /// let err = Patch::from_json(br#"{"outputName":"x","colour":"red"}"#).unwrap_err();
    /// assert_eq!(err.details()[0].code, ErrorCode::UnknownProperty);
    /// assert_eq!(err.details()[0].path, "/colour");
    /// ```
    pub fn from_json(bytes: &[u8]) -> Result<Patch, Error> {
        Patch::from_json_with(bytes, &ReadOptions::strict())
    }

    /// Reads a PATCH body with the given mode and limits. Annotations are
    /// ignored, except `@odata.type`, which must name this type.
    pub fn from_json_with(bytes: &[u8], opts: &ReadOptions) -> Result<Patch, Error> {
        let (properties, errors) = read_boxed(bytes, opts, Kind::Patch);
        errors.into_result()?;
        Ok(Patch::from_boxed(properties))
    }

    /// Wraps property states as a patch (annotations are dropped).
    pub fn from_properties(properties: CaseExportOperation) -> Patch {
        Patch::from_boxed(Box::new(properties))
    }

    fn from_boxed(mut properties: Box<CaseExportOperation>) -> Patch {
        properties.annotations = Members::new();
        Patch {
            properties,
            odata_type: true,
        }
    }

    /// The property states of this patch.
    pub fn properties(&self) -> &CaseExportOperation {
        &self.properties
    }

    /// Mutable access to the property states, for what the setters do not
    /// cover (nested members, unknown properties).
    pub fn properties_mut(&mut self) -> &mut CaseExportOperation {
        &mut self.properties
    }

    /// Whether the body starts with `@odata.type` (default `true`).
    #[must_use]
    pub fn with_odata_type(mut self, yes: bool) -> Self {
        self.odata_type = yes;
        self
    }

    /// Whether the body starts with `@odata.type`.
    pub fn writes_odata_type(&self) -> bool {
        self.odata_type
    }

    /// Sets an unknown (lenient) property: objects merge, other values replace.
    ///
    /// Fails with `invalidPatch` when `name` is a declared property (use its
    /// setter) or an annotation name (patches carry none).
    ///
    /// ```
    /// use caseexport::{Json, Patch};
    /// let p = Patch::new().set_unknown("reviewTag", Json::String("hot".into()))?;
    /// assert!(p.to_json_string().ends_with(r#""reviewTag":"hot"}"#));
    /// assert!(Patch::new().set_unknown("status", Json::Null).is_err());
    /// # Ok::<(), caseexport::Error>(())
    /// ```
    pub fn set_unknown(mut self, name: impl Into<String>, value: Json) -> Result<Self, Error> {
        let name = name.into();
        if PROPERTIES.contains(&name.as_str()) || name.contains('@') {
            let mut path = String::from("/");
            crate::error::push_escaped(&mut path, &name);
            let what = if name.contains('@') {
                "an annotation"
            } else {
                "a declared property"
            };
            return Err(Error::new(
                vec![crate::ErrorDetail {
                    path,
                    code: ErrorCode::InvalidPatch,
                    message: format!(
                        "{} is {what}, not an unknown property",
                        crate::error::Quoted(&name)
                    ),
                }],
                false,
            ));
        }
        self.properties.unknown.insert(name, value);
        Ok(self)
    }

    /// Removes an unknown (lenient) property (sends `null`); same name rules
    /// as [`Patch::set_unknown`].
    pub fn remove_unknown(self, name: impl Into<String>) -> Result<Self, Error> {
        self.set_unknown(name, Json::Null)
    }

    /// `true` when the patch changes nothing.
    pub fn is_empty(&self) -> bool {
        self.properties.equivalent(&CaseExportOperation::default())
            && self.properties.id.is_none()
            && !has_nulls(&self.properties)
    }

    /// The canonical bytes of this PATCH body.
    pub fn to_vec(&self) -> Vec<u8> {
        write_operation(&View::of(&self.properties), self.odata_type, false)
    }

    /// The canonical body as a `String`.
    pub fn to_json_string(&self) -> String {
        // The writer emits only valid UTF-8.
        String::from_utf8(self.to_vec()).unwrap_or_default()
    }
}

/// `true` when some declared property of `op` is an explicit null.
fn has_nulls(op: &CaseExportOperation) -> bool {
    op.created_date_time.is_null()
        || op.completed_date_time.is_null()
        || op.percent_progress.is_null()
        || op.status.is_null()
        || op.action.is_null()
        || op.created_by.is_null()
        || op.result_info.is_null()
        || op.output_name.is_null()
        || op.description.is_null()
        || op.output_folder_id.is_null()
        || op.azure_blob_container.is_null()
        || op.azure_blob_token.is_null()
        || op.export_options.is_null()
        || op.export_structure.is_null()
}

/// Applies one property's patch state: absent leaves, null clears, a value replaces.
#[inline]
fn merge_scalar<T>(current: &mut Field<T>, patch: Field<T>) {
    match patch {
        Field::Absent => {}
        other => *current = other,
    }
}

/// Applies a complex property's patch state: a value merges member by member
/// into the current value (or into an empty one).
#[inline]
fn merge_complex<T: Default>(
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

fn merge_identity(current: &mut Identity, patch: Identity) {
    merge_scalar(&mut current.id, patch.id);
    merge_scalar(&mut current.display_name, patch.display_name);
    current.extra.merge_patch(&patch.extra);
}

fn merge_identity_set(current: &mut IdentitySet, patch: IdentitySet) {
    let IdentitySet {
        application,
        application_instance,
        conversation,
        conversation_identity_type,
        device,
        encrypted,
        on_premises,
        guest,
        phone,
        user,
        extra,
        annotations: _,
    } = patch;
    let incoming = [
        application,
        application_instance,
        conversation,
        conversation_identity_type,
        device,
        encrypted,
        on_premises,
        guest,
        phone,
        user,
    ];
    for ((_, slot), p) in current.members_mut().into_iter().zip(incoming) {
        merge_complex(slot, p, merge_identity);
    }
    current.extra.merge_patch(&extra);
}

fn merge_result_info(current: &mut ResultInfo, patch: ResultInfo) {
    merge_scalar(&mut current.code, patch.code);
    merge_scalar(&mut current.message, patch.message);
    merge_scalar(&mut current.subcode, patch.subcode);
    current.unknown.merge_patch(&patch.unknown);
}

/// Merges every property of `patch` into `op` (the id check is done before).
fn merge_operation(op: &mut CaseExportOperation, patch: CaseExportOperation) {
    merge_scalar(&mut op.created_date_time, patch.created_date_time);
    merge_scalar(&mut op.completed_date_time, patch.completed_date_time);
    merge_scalar(&mut op.percent_progress, patch.percent_progress);
    merge_scalar(&mut op.status, patch.status);
    merge_scalar(&mut op.action, patch.action);
    merge_complex(&mut op.created_by, patch.created_by, |c, p| {
        merge_identity_set(c, *p)
    });
    merge_complex(&mut op.result_info, patch.result_info, merge_result_info);
    merge_scalar(&mut op.output_name, patch.output_name);
    merge_scalar(&mut op.description, patch.description);
    merge_scalar(&mut op.output_folder_id, patch.output_folder_id);
    merge_scalar(&mut op.azure_blob_container, patch.azure_blob_container);
    merge_scalar(&mut op.azure_blob_token, patch.azure_blob_token);
    merge_scalar(&mut op.export_options, patch.export_options);
    merge_scalar(&mut op.export_structure, patch.export_structure);
    op.unknown.merge_patch(&patch.unknown);
}

/// `id` is read-only: a patch may repeat the current id, nothing else.
fn check_id(current: &CaseExportOperation, patch: &CaseExportOperation, errors: &mut Errors) {
    if let Some(pid) = &patch.id {
        if current.id.as_ref() != Some(pid) {
            errors.push_pointer(
                "/id".to_owned(),
                ErrorCode::ReadOnlyProperty,
                "id is read-only; a patch may only repeat the current id",
            );
        }
    }
}

/// The only check a typed patch needs before it applies: the `id` one.
fn check_typed(current: &CaseExportOperation, patch: &Patch) -> Result<(), Error> {
    let mut errors = Errors::new(1);
    check_id(current, &patch.properties, &mut errors);
    errors.into_result()
}

impl CaseExportOperation {
    /// Applies a typed patch, returning the updated operation; `self` is unchanged.
    ///
    /// ```
    /// use caseexport::{CaseExportOperation, Patch};
    /// let op = CaseExportOperation::from_json(br#"{"id":"1","outputName":"a","description":"d"}"#).unwrap();
    /// let updated = op.apply(&Patch::new().set_output_name("b").clear_description()).unwrap();
    /// assert_eq!(updated.to_json_string(),
    ///     r##"{"@odata.type":"#microsoft.graph.caseExportOperation","id":"1","outputName":"b","description":null}"##);
    /// ```
    pub fn apply(&self, patch: &Patch) -> Result<CaseExportOperation, Error> {
        let mut out = self.clone();
        out.apply_in_place(patch)?;
        Ok(out)
    }

    /// Applies a typed patch in place. On error (`id` differs) nothing changes.
    pub fn apply_in_place(&mut self, patch: &Patch) -> Result<(), Error> {
        check_typed(self, patch)?;
        merge_operation(self, (*patch.properties).clone());
        Ok(())
    }

    /// Reads a PATCH body and applies it, returning the updated operation.
    /// Reading errors and the `id` check are reported together.
    ///
    /// ```
    /// use caseexport::{CaseExportOperation, ErrorCode, ReadOptions};
    /// let op = CaseExportOperation::from_json(br#"{"id":"1","percentProgress":5}"#).unwrap();
    /// let err = op.apply_json(br#"{"id":"2","percentProgress":500}"#, &ReadOptions::strict()).unwrap_err();
    /// let got: Vec<_> = err.details().iter().map(|d| (d.path.as_str(), d.code)).collect();
    /// assert_eq!(got, [("/percentProgress", ErrorCode::OutOfRange), ("/id", ErrorCode::ReadOnlyProperty)]);
    /// ```
    pub fn apply_json(
        &self,
        patch: &[u8],
        opts: &ReadOptions,
    ) -> Result<CaseExportOperation, Error> {
        let mut out = self.clone();
        out.apply_json_in_place(patch, opts)?;
        Ok(out)
    }

    /// Reads a PATCH body and applies it in place, all or nothing.
    pub fn apply_json_in_place(&mut self, patch: &[u8], opts: &ReadOptions) -> Result<(), Error> {
        let mut p = Field::Absent;
        let mut errors = read_into(patch, opts, Kind::Patch, &mut p);
        if let Field::Value(p) = &p {
            check_id(self, p, &mut errors);
        }
        errors.into_result()?;
        if let Field::Value(p) = p {
            merge_operation(self, p);
        }
        Ok(())
    }
}

/// A patch applied lazily: an operation (held as any pointer to one: a
/// reference, `Box`, `Arc`, …) and a patch already checked against it, from
/// which the updated operation's canonical JSON is written directly, without
/// building (cloning) the updated operation first. Reading and checking are
/// exactly those of [`CaseExportOperation::apply_json`] /
/// [`CaseExportOperation::apply`]; [`Patched::to_json`] writes the same bytes
/// as applying and then writing, and [`Patched::to_operation`] builds the
/// same operation.
///
/// ```
/// use caseexport::{CaseExportOperation, Patched, ReadOptions};
/// let op = CaseExportOperation::from_json(br#"{"id":"1","outputName":"a","status":"running"}"#)?;
/// let body = br#"{"outputName":"b","status":null}"#;
/// let lazy = Patched::read(&op, body, &ReadOptions::strict())?;
/// let eager = op.apply_json(body, &ReadOptions::strict())?;
/// assert_eq!(lazy.to_json(), eager.to_json());
/// assert_eq!(lazy.to_operation(), eager);
/// // All or nothing, with the same errors as `apply_json`:
/// assert!(Patched::read(&op, br#"{"id":"2"}"#, &ReadOptions::strict()).is_err());
/// # Ok::<(), caseexport::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Patched<B> {
    base: B,
    patch: Patch,
}

impl<B: Deref<Target = CaseExportOperation>> Patched<B> {
    /// Pairs `base` with a typed patch; fails like
    /// [`CaseExportOperation::apply`] when the patch's `id` differs.
    pub fn new(base: B, patch: Patch) -> Result<Self, Error> {
        check_typed(&base, &patch)?;
        Ok(Patched { base, patch })
    }

    /// Reads a PATCH body for `base`: reading errors and the `id` check are
    /// reported together, as by [`CaseExportOperation::apply_json`].
    pub fn read(base: B, body: &[u8], opts: &ReadOptions) -> Result<Self, Error> {
        let (properties, mut errors) = read_boxed(body, opts, Kind::Patch);
        check_id(&base, &properties, &mut errors);
        errors.into_result()?;
        Ok(Patched {
            base,
            patch: Patch::from_boxed(properties),
        })
    }

    /// The operation the patch applies to.
    pub fn base(&self) -> &B {
        &self.base
    }

    /// The patch.
    pub fn patch(&self) -> &Patch {
        &self.patch
    }

    /// The canonical JSON of the updated operation (SPEC §2), written from
    /// the base and the patch: only values the patch merges into (a nested
    /// object, unknown members) are built first.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_json(&mut out);
        out
    }

    /// Appends [`Patched::to_json`]'s bytes to `out`.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        let (base, patch) = (&*self.base, &self.patch.properties);
        let created_by = merged(&base.created_by, &patch.created_by, |c, p| {
            merge_identity_set(c, *p)
        });
        let result_info = merged(&base.result_info, &patch.result_info, merge_result_info);
        let unknown = (!patch.unknown.is_empty()).then(|| {
            let mut u = base.unknown.clone();
            u.merge_patch(&patch.unknown);
            u
        });
        let view = View::patched(base, patch, created_by, result_info, unknown);
        write_operation_into(&view, true, true, out)
    }

    /// The updated operation: the base's clone with the patch applied.
    pub fn to_operation(&self) -> CaseExportOperation {
        let mut out = (*self.base).clone();
        merge_operation(&mut out, (*self.patch.properties).clone());
        out
    }
}

/// A complex property's state after a patch that merges into it (carries an
/// object), built by the apply code's own merge; `None` when the patch
/// leaves, clears or sets nothing to merge (the writer then picks).
fn merged<T: Clone + Default>(
    current: &Field<T>,
    patch: &Field<T>,
    merge: impl FnOnce(&mut T, T),
) -> Option<Field<T>> {
    if !patch.is_value() {
        return None;
    }
    let mut out = current.clone();
    merge_complex(&mut out, patch.clone(), merge);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_patch_detection_counts_nulls_and_unknowns() {
        assert!(Patch::new().is_empty());
        assert!(!Patch::new().clear_description().is_empty());
        assert!(!Patch::new().remove_unknown("x").unwrap().is_empty());
        assert!(Patch::new()
            .remove_unknown("outputName@odata.type")
            .is_err());
    }

    #[test]
    fn failed_apply_changes_nothing() {
        let mut op = CaseExportOperation::from_json(br#"{"id":"1","outputName":"a"}"#).unwrap();
        let before = op.clone();
        assert!(op
            .apply_json_in_place(
                br#"{"outputName":"b","status":"bogus"}"#,
                &ReadOptions::strict()
            )
            .is_err());
        assert_eq!(op, before);
        let mut p = Patch::new().set_output_name("b");
        p.properties_mut().id = Some("2".into());
        assert!(op.apply_in_place(&p).is_err());
        assert_eq!(op, before);
    }
}
