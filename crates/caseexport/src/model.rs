//! The typed model: [`CaseExportOperation`] and its complex types
//! [`IdentitySet`], [`Identity`], [`ResultInfo`], each property tri-state.
//!
//! Each type is declared once here (see [`crate::schema`]): its properties'
//! wire and Rust names, value types, nullability and read-only flag. The
//! reader, writer, merge, diff, equivalence, access by name and the public
//! property enums ([`Property`], [`IdentitySetMember`], [`IdentityMember`],
//! [`ResultInfoMember`]) all derive from these declarations. Each type's
//! hand-written inherent methods (reading, writing, applying a patch) are
//! here too, next to its declaration; they call the modules that do the work
//! (`read`, `write`, `patch`, `service`).

use crate::datetime::DateTimeOffset;
use crate::enums::{
    CaseAction, CaseOperationStatus, EdiscoveryCaseAction, ExportFileStructure, ExportOptions,
    SecurityCaseAction, SecurityCaseOperationStatus, SecurityExportFileStructure,
    SecurityExportOptions,
};
use crate::error::Error;
use crate::field::Field;
use crate::json::Json;
use crate::patch::{Patch, View};
use crate::read::{self, ReadOptions};
use crate::schema::declare_type;
use crate::secret::Secret;
use crate::write::{nested_json, write_operation, write_operation_into};

/// `percentProgress`: an Int32 restricted to 0..=100.
///
/// ```
/// use caseexport::Percent;
/// assert_eq!(Percent::new(42).map(Percent::get), Some(42));
/// assert!(Percent::new(101).is_none());
/// assert!(Percent::new(-1).is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Percent(u8);

impl Percent {
    /// `Some` when `value` is within 0..=100.
    pub fn new(value: i32) -> Option<Percent> {
        (0..=100).contains(&value).then_some(Percent(value as u8))
    }

    /// The value, 0..=100.
    pub fn get(self) -> i32 {
        i32::from(self.0)
    }
}

declare_type! {
    /// `identity`: an open type with `id` and `displayName`; other members are
    /// kept verbatim in [`Identity::extra`].
    pub struct Identity: "identity" {
        // Any `@odata.type` is accepted (derived types).
        odata_types: [],
        /// The declared members of [`Identity`], in canonical order.
        properties: IdentityMember,
        value: Identity,
        export: identity_members $,
        /// Annotations of this object (its `@odata.type` first when written); kept
        /// when read from a document, never part of a patch.
        annotations,
        {
            /// `id`
            Id id: Field<String> = "id",
            /// `displayName`
            DisplayName display_name: Field<String> = "displayName",
        }
        /// Members not declared by `identity`, in arrival order.
        extra, open: true,
    }
}

impl Identity {
    /// An identity with the given `id` and `displayName`.
    ///
    /// ```
    /// let who = caseexport::Identity::new("a1b2", "Adele Vance");
    /// assert_eq!(who.display_name.as_option().map(String::as_str), Some("Adele Vance"));
    /// ```
    pub fn new(id: impl Into<String>, display_name: impl Into<String>) -> Self {
        Identity {
            id: Field::Value(id.into()),
            display_name: Field::Value(display_name.into()),
            ..Identity::default()
        }
    }

    /// The canonical JSON bytes of this object, as they appear under a member
    /// of an [`IdentitySet`].
    ///
    /// ```
    /// let who = caseexport::Identity::new("a1", "Adele Vance");
    /// assert_eq!(who.to_json(), br#"{"id":"a1","displayName":"Adele Vance"}"#);
    /// ```
    pub fn to_json(&self) -> Vec<u8> {
        nested_json(self)
    }
}

declare_type! {
    /// `identitySet`: an open type of identities (`user`, `application`, …);
    /// other members are kept verbatim in [`IdentitySet::extra`].
    pub struct IdentitySet: "identitySet" {
        // The base type and the types derived from it (schema file §4):
        // accepted and kept, so a `createdBy` written by SharePoint reads.
        odata_types: [
            "microsoft.graph.identitySet",
            "microsoft.graph.aiInteractionMentionedIdentitySet",
            "microsoft.graph.approvalIdentitySet",
            "microsoft.graph.chatMessageFromIdentitySet",
            "microsoft.graph.chatMessageMentionedIdentitySet",
            "microsoft.graph.chatMessageReactionIdentitySet",
            "microsoft.graph.communicationsIdentitySet",
            "microsoft.graph.customEmojiFromIdentitySet",
            "microsoft.graph.engagementIdentitySet",
            "microsoft.graph.sharePointIdentitySet",
        ],
        /// The declared members of [`IdentitySet`], in canonical order.
        properties: IdentitySetMember,
        value: IdentitySet,
        every: Identity,
        export: identity_set_members $,
        /// Annotations of this object; kept when read from a document.
        annotations,
        {
            /// `application`
            Application application: Field<Identity> = "application",
            /// `applicationInstance`
            ApplicationInstance application_instance: Field<Identity> = "applicationInstance",
            /// `conversation`
            Conversation conversation: Field<Identity> = "conversation",
            /// `conversationIdentityType`
            ConversationIdentityType conversation_identity_type: Field<Identity> = "conversationIdentityType",
            /// `device`
            Device device: Field<Identity> = "device",
            /// `encrypted`
            Encrypted encrypted: Field<Identity> = "encrypted",
            /// `onPremises`
            OnPremises on_premises: Field<Identity> = "onPremises",
            /// `guest`
            Guest guest: Field<Identity> = "guest",
            /// `phone`
            Phone phone: Field<Identity> = "phone",
            /// `user`
            User user: Field<Identity> = "user",
        }
        /// Members not declared by `identitySet`, in arrival order.
        extra, open: true,
    }
}

impl IdentitySet {
    /// The canonical JSON bytes of this object, as they appear under
    /// `createdBy` in an operation's document.
    ///
    /// ```
    /// use caseexport::{Field, Identity, IdentitySet};
    /// let mut who = IdentitySet::default();
    /// who.user = Field::Value(Identity::new("a1", "Adele Vance"));
    /// who.device = Field::Null;
    /// assert_eq!(
    ///     who.to_json(),
    ///     br#"{"device":null,"user":{"id":"a1","displayName":"Adele Vance"}}"#
    /// );
    /// ```
    pub fn to_json(&self) -> Vec<u8> {
        nested_json(self)
    }
}

/// The names of [`IdentitySet`]'s declared members, in canonical order.
pub const IDENTITY_SET_MEMBERS: [&str; IdentitySetMember::ALL.len()] = {
    let mut names = [""; IdentitySetMember::ALL.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = IdentitySetMember::ALL[i].wire_name();
        i += 1;
    }
    names
};

declare_type! {
    /// `resultInfo`: the outcome code and message of an operation. A closed type:
    /// unknown members are kept only when read leniently.
    pub struct ResultInfo: "resultInfo" {
        odata_types: ["microsoft.graph.resultInfo"],
        /// The declared members of [`ResultInfo`], in canonical order.
        properties: ResultInfoMember,
        value: ResultInfo,
        export: result_info_members $,
        /// Annotations of this object; kept when read from a document.
        annotations,
        {
            /// `code` (Int32)
            Code code: Field<i32> = "code",
            /// `message`
            Message message: Field<String> = "message",
            /// `subcode` (Int32)
            Subcode subcode: Field<i32> = "subcode",
        }
        /// Unknown members (lenient reading), in arrival order.
        unknown, open: false,
    }
}

impl ResultInfo {
    /// The canonical JSON bytes of this object, as they appear under
    /// `resultInfo` in an operation's document.
    ///
    /// ```
    /// use caseexport::{Field, ResultInfo};
    /// let mut outcome = ResultInfo::default();
    /// outcome.code = Field::Value(7);
    /// outcome.message = Field::Null;
    /// assert_eq!(outcome.to_json(), br#"{"code":7,"message":null}"#);
    /// ```
    pub fn to_json(&self) -> Vec<u8> {
        nested_json(self)
    }
}

/// The `@odata.type` written for a caseExportOperation.
pub const ODATA_TYPE: &str = "#microsoft.graph.caseExportOperation";

declare_type! {
    /// A Microsoft Graph eDiscovery `caseExportOperation`.
    ///
    /// Every property but `id` is a tri-state [`Field`]; unknown properties read
    /// leniently are kept in [`CaseExportOperation::unknown`] and annotations in
    /// [`CaseExportOperation::annotations`], both in arrival order.
    ///
    /// ```
    /// use caseexport::{CaseExportOperation, CaseOperationStatus, Field};
    /// let doc = br#"{"id":"op1","status":"running","percentProgress":40,"description":null}"#;
    /// let op = CaseExportOperation::from_json(doc).unwrap();
    /// assert_eq!(op.status, Field::Value(CaseOperationStatus::Running));
    /// assert!(op.description.is_null());
    /// assert!(op.output_name.is_absent());
    /// assert_eq!(
    ///     op.to_json_string(),
    ///     r##"{"@odata.type":"#microsoft.graph.caseExportOperation","id":"op1","percentProgress":40,"status":"running","description":null}"##
    /// );
    /// ```
    pub struct CaseExportOperation: "caseExportOperation" {
        odata_types: [
            "microsoft.graph.caseExportOperation",
            "microsoft.graph.ediscovery.caseExportOperation",
        ],
        resource: type_index,
        /// The declared properties of a [`CaseExportOperation`], in the
        /// specification's table order (the canonical order).
        ///
        /// ```
        /// use caseexport::Property;
        /// assert_eq!(Property::ALL.len(), 15);
        /// assert_eq!(Property::OutputName.wire_name(), "outputName");
        /// assert_eq!(Property::OutputName.snake_name(), "output_name");
        /// assert_eq!(Property::from_name("percent_progress"), Some(Property::PercentProgress));
        /// assert!(Property::Id.is_read_only());
        /// ```
        properties: Property,
        export: case_export_operation_properties $,
        /// Instance and property annotations (`@odata.etag`, `outputName@odata.type`, …)
        /// other than `@odata.type`, in arrival order.
        annotations,
        {
            /// `id` (read-only key; never null).
            Id id: Option<String> = "id",
            /// `createdDateTime`
            CreatedDateTime created_date_time: Field<DateTimeOffset> = "createdDateTime"
                => set_created_date_time, clear_created_date_time,
            /// `completedDateTime`
            CompletedDateTime completed_date_time: Field<DateTimeOffset> = "completedDateTime"
                => set_completed_date_time, clear_completed_date_time,
            /// `percentProgress` (0..=100)
            PercentProgress percent_progress: Field<Percent> = "percentProgress"
                => set_percent_progress, clear_percent_progress,
            /// `status`
            Status status: Field<CaseOperationStatus> = "status"
                => set_status, clear_status,
            /// `action`
            Action action: Field<CaseAction> = "action"
                => set_action, clear_action,
            /// `createdBy`. Boxed: an identity set is large (ten identities) and
            /// usually absent or sparse, and keeping it out of line keeps the
            /// operation small to move, create and drop.
            CreatedBy created_by: Field<Box<IdentitySet>> = "createdBy"
                => set_created_by, clear_created_by,
            /// `resultInfo`
            ResultInfo result_info: Field<ResultInfo> = "resultInfo"
                => set_result_info, clear_result_info,
            /// `outputName`
            OutputName output_name: Field<String> = "outputName"
                => set_output_name, clear_output_name,
            /// `description`
            Description description: Field<String> = "description"
                => set_description, clear_description,
            /// `outputFolderId`
            OutputFolderId output_folder_id: Field<String> = "outputFolderId"
                => set_output_folder_id, clear_output_folder_id,
            /// `azureBlobContainer`
            AzureBlobContainer azure_blob_container: Field<String> = "azureBlobContainer"
                => set_azure_blob_container, clear_azure_blob_container,
            /// `azureBlobToken` (a SAS token; never printed)
            AzureBlobToken azure_blob_token: Field<Secret> = "azureBlobToken"
                => set_azure_blob_token, clear_azure_blob_token,
            /// `exportOptions`
            ExportOptions export_options: Field<ExportOptions> = "exportOptions"
                => set_export_options, clear_export_options,
            /// `exportStructure`
            ExportStructure export_structure: Field<ExportFileStructure> = "exportStructure"
                => set_export_structure, clear_export_structure,
        }
        /// Unknown properties (lenient reading), in arrival order. Their names are
        /// never declared property names nor annotations ([`Undeclared::insert`](crate::Undeclared::insert)
        /// refuses them, so the written document never repeats a name).
        unknown, open: false,
    }
}

/// The names of [`CaseExportOperation`]'s declared properties, in canonical order.
pub const PROPERTIES: [&str; Property::ALL.len()] = {
    let mut names = [""; Property::ALL.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = Property::ALL[i].wire_name();
        i += 1;
    }
    names
};

impl CaseExportOperation {
    /// An empty operation (every property absent).
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads a document leniently (the default for responses and stored
    /// objects) with the default limits.
    pub fn from_json(bytes: &[u8]) -> Result<CaseExportOperation, Error> {
        Self::from_json_with(bytes, &ReadOptions::lenient())
    }

    /// Reads a document with the given mode and limits. Annotations are kept.
    ///
    /// ```
    /// use caseexport::{CaseExportOperation, ErrorCode, ReadOptions};
    /// let doc = br#"{"action":"applyTags","colour":"red"}"#;
    /// assert!(CaseExportOperation::from_json(doc).is_ok());
    /// let err = CaseExportOperation::from_json_with(doc, &ReadOptions::strict()).unwrap_err();
    /// let codes: Vec<_> = err.details().iter().map(|d| d.code).collect();
    /// assert_eq!(codes, [ErrorCode::InvalidEnumMember, ErrorCode::UnknownProperty]);
    /// ```
    pub fn from_json_with(bytes: &[u8], opts: &ReadOptions) -> Result<CaseExportOperation, Error> {
        let (op, errors) = read::read_operation(bytes, opts, read::Kind::Document);
        errors.into_result()?;
        Ok(op.expect("a read without errors has read an object"))
    }

    /// [`from_json_with`](Self::from_json_with), read straight into a heap
    /// allocation: for callers that keep operations boxed (the Python
    /// binding does), it saves copying the operation on its way there.
    ///
    /// ```
    /// use caseexport::{CaseExportOperation, ReadOptions};
    /// let op = CaseExportOperation::from_json_boxed(br#"{"id":"1"}"#, &ReadOptions::lenient()).unwrap();
    /// assert_eq!(op.id.as_deref(), Some("1"));
    /// ```
    pub fn from_json_boxed(
        bytes: &[u8],
        opts: &ReadOptions,
    ) -> Result<Box<CaseExportOperation>, Error> {
        let (op, errors) = read::read_boxed(bytes, opts, read::Kind::Document);
        errors.into_result()?;
        Ok(op)
    }

    /// The canonical JSON bytes (SPEC §2).
    ///
    /// ```
    /// let op = caseexport::CaseExportOperation::from_json(
    ///     br#"{"exportOptions":"text, originalFiles","id":"1","unknownThing":[1,2]}"#).unwrap();
    /// assert_eq!(
    ///     op.to_json(),
    ///     br##"{"@odata.type":"#microsoft.graph.caseExportOperation","id":"1","exportOptions":"originalFiles,text","unknownThing":[1,2]}"##
    /// );
    /// ```
    pub fn to_json(&self) -> Vec<u8> {
        write_operation(&View::of(self), true, true)
    }

    /// Appends the canonical JSON to `out`: for callers that reuse one
    /// buffer for many operations.
    ///
    /// ```
    /// let op = caseexport::CaseExportOperation::from_json(br#"{"id":"1"}"#).unwrap();
    /// let mut buf = b"[".to_vec();
    /// op.write_json(&mut buf);
    /// assert_eq!(buf, [&b"["[..], &op.to_json()].concat());
    /// ```
    pub fn write_json(&self, out: &mut Vec<u8>) {
        write_operation_into(&View::of(self), true, true, out)
    }

    /// The canonical JSON as a `String`.
    pub fn to_json_string(&self) -> String {
        String::from_utf8(self.to_json())
            .expect("the writer emits only UTF-8: every piece comes from a str")
    }

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
        crate::resource::apply_in_place(self, patch)
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
        crate::resource::apply_json_in_place(self, patch, opts)
    }

    /// Hides the members of evolvable enums that a client has not asked to
    /// see, as Microsoft Graph does for requests without
    /// `Prefer: include-unknown-enum-members`
    /// ([`INCLUDE_UNKNOWN_ENUM_MEMBERS`](crate::INCLUDE_UNKNOWN_ENUM_MEMBERS)):
    /// such a member is answered as `unknownFutureValue`.
    ///
    /// The members hidden are those declared after `unknownFutureValue`.
    /// The seed's type declares none, so for it they are the members this
    /// version does not know (kept from a stored document read leniently),
    /// in the enums that have the sentinel: `exportStructure` and
    /// `exportOptions`. `status` and `action` have no sentinel and are left
    /// as they are. Returns `true` when anything changed.
    ///
    /// ```
    /// use caseexport::CaseExportOperation;
    /// let mut op = CaseExportOperation::from_json(
    ///     br#"{"exportStructure":"zip","exportOptions":"text,splitSource","action":"applyTags"}"#).unwrap();
    /// assert!(op.hide_evolvable_members());
    /// assert_eq!(String::from_utf8(op.to_json()).unwrap(),
    ///     r##"{"@odata.type":"#microsoft.graph.caseExportOperation","action":"applyTags","exportOptions":"text,unknownFutureValue","exportStructure":"unknownFutureValue"}"##);
    /// assert!(!op.hide_evolvable_members());
    /// ```
    pub fn hide_evolvable_members(&mut self) -> bool {
        let mut changed = false;
        if let Field::Value(ExportFileStructure::Unknown(_)) = self.export_structure {
            self.export_structure = Field::Value(ExportFileStructure::UnknownFutureValue);
            changed = true;
        }
        if let Field::Value(options) = &mut self.export_options {
            if !options.unknown().is_empty() {
                let bits = options.bits() | ExportOptions::UNKNOWN_FUTURE_VALUE.bits();
                *options = ExportOptions::from_parts(bits, Vec::new());
                changed = true;
            }
        }
        changed
    }

    /// The `@odata.etag` annotation, when present as a string.
    ///
    /// ```
    /// let op = caseexport::CaseExportOperation::from_json(br#"{"@odata.etag":"W/\"1\"","id":"x"}"#).unwrap();
    /// assert_eq!(op.etag(), Some("W/\"1\""));
    /// ```
    pub fn etag(&self) -> Option<&str> {
        self.annotations.get("@odata.etag").and_then(Json::as_str)
    }
}

declare_type! {
    /// `identitySet` as Microsoft's metadata declares it (schema file §4),
    /// for the live service's types: an open type declaring `application`,
    /// `device` and `user`; other members (`siteUser`, `group`, …) are kept
    /// verbatim in [`LiveIdentitySet::extra`]. Types derived from it are
    /// accepted and kept.
    pub struct LiveIdentitySet: "identitySet" {
        odata_types: [
            "microsoft.graph.identitySet",
            "microsoft.graph.aiInteractionMentionedIdentitySet",
            "microsoft.graph.approvalIdentitySet",
            "microsoft.graph.chatMessageFromIdentitySet",
            "microsoft.graph.chatMessageMentionedIdentitySet",
            "microsoft.graph.chatMessageReactionIdentitySet",
            "microsoft.graph.communicationsIdentitySet",
            "microsoft.graph.customEmojiFromIdentitySet",
            "microsoft.graph.engagementIdentitySet",
            "microsoft.graph.sharePointIdentitySet",
        ],
        /// The declared members of [`LiveIdentitySet`], in canonical order.
        properties: LiveIdentitySetMember,
        value: LiveIdentitySet,
        every: Identity,
        /// Annotations of this object; kept when read from a document.
        annotations,
        {
            /// `application`
            Application application: Field<Identity> = "application",
            /// `device`
            Device device: Field<Identity> = "device",
            /// `user`
            User user: Field<Identity> = "user",
        }
        /// Members not declared by `identitySet`, in arrival order.
        extra, open: true,
    }
}

declare_type! {
    /// `resultInfo` as Microsoft's metadata declares it (schema file §5), for
    /// the live service's types: `code` and `subcode` are not nullable (a
    /// `null` is `invalidType`; a diff that would remove one is
    /// `unrepresentable`). A closed type.
    pub struct LiveResultInfo: "resultInfo" {
        odata_types: ["microsoft.graph.resultInfo"],
        /// The declared members of [`LiveResultInfo`], in canonical order.
        properties: LiveResultInfoMember,
        value: LiveResultInfo,
        /// Annotations of this object; kept when read from a document.
        annotations,
        {
            /// `code` (Int32, not nullable)
            Code code: Field<i32> = "code" [not_null],
            /// `message`
            Message message: Field<String> = "message",
            /// `subcode` (Int32, not nullable)
            Subcode subcode: Field<i32> = "subcode" [not_null],
        }
        /// Unknown members (lenient reading), in arrival order.
        unknown, open: false,
    }
}

declare_type! {
    /// `microsoft.graph.security.exportFileMetadata`: one file of an export
    /// (a closed type: unknown members are kept only when read leniently).
    pub struct ExportFileMetadata: "exportFileMetadata" {
        odata_types: ["microsoft.graph.security.exportFileMetadata"],
        /// The declared members of [`ExportFileMetadata`], in canonical order.
        properties: ExportFileMetadataMember,
        value: ExportFileMetadata,
        export: export_file_metadata_members $,
        /// Annotations of this object; kept when read from a document.
        annotations,
        {
            /// `downloadUrl`
            DownloadUrl download_url: Field<String> = "downloadUrl",
            /// `fileName`
            FileName file_name: Field<String> = "fileName",
            /// `size` (Int64)
            Size size: Field<i64> = "size",
        }
        /// Unknown members (lenient reading), in arrival order.
        unknown, open: false,
    }
}

declare_type! {
    /// `microsoft.graph.ediscovery.caseExportOperation`: the export operation
    /// of the beta `/compliance/ediscovery` API (deprecated by Microsoft in
    /// December 2022, still declared), with the namespace's current enums.
    ///
    /// ```
    /// use caseexport::{EdiscoveryCaseAction, EdiscoveryCaseExportOperation, Field, ReadOptions};
    /// let doc = br##"{"@odata.type":"#microsoft.graph.ediscovery.caseExportOperation","action":"applyTags"}"##;
    /// let op = EdiscoveryCaseExportOperation::from_json_with(doc, &ReadOptions::strict())?;
    /// assert_eq!(op.action, Field::Value(EdiscoveryCaseAction::ApplyTags));
    /// # Ok::<(), caseexport::Error>(())
    /// ```
    pub struct EdiscoveryCaseExportOperation: "caseExportOperation" {
        odata_types: ["microsoft.graph.ediscovery.caseExportOperation"],
        resource: type_index,
        /// The declared properties of an [`EdiscoveryCaseExportOperation`],
        /// in canonical order: `id`, then the metadata's order.
        properties: EdiscoveryProperty,
        export: ediscovery_case_export_operation_properties $,
        /// Instance and property annotations other than `@odata.type`, in arrival order.
        annotations,
        {
            /// `id` (read-only key; never null).
            Id id: Option<String> = "id",
            /// `action`
            Action action: Field<EdiscoveryCaseAction> = "action"
                => set_action, clear_action,
            /// `completedDateTime`
            CompletedDateTime completed_date_time: Field<DateTimeOffset> = "completedDateTime"
                => set_completed_date_time, clear_completed_date_time,
            /// `createdBy`
            CreatedBy created_by: Field<Box<LiveIdentitySet>> = "createdBy"
                => set_created_by, clear_created_by,
            /// `createdDateTime`
            CreatedDateTime created_date_time: Field<DateTimeOffset> = "createdDateTime"
                => set_created_date_time, clear_created_date_time,
            /// `percentProgress` (0..=100)
            PercentProgress percent_progress: Field<Percent> = "percentProgress"
                => set_percent_progress, clear_percent_progress,
            /// `resultInfo`
            ResultInfo result_info: Field<LiveResultInfo> = "resultInfo"
                => set_result_info, clear_result_info,
            /// `status` (`ediscovery.caseOperationStatus`: the seed's members, no sentinel)
            Status status: Field<CaseOperationStatus> = "status"
                => set_status, clear_status,
            /// `azureBlobContainer`
            AzureBlobContainer azure_blob_container: Field<String> = "azureBlobContainer"
                => set_azure_blob_container, clear_azure_blob_container,
            /// `azureBlobToken` (a SAS token; never printed)
            AzureBlobToken azure_blob_token: Field<Secret> = "azureBlobToken"
                => set_azure_blob_token, clear_azure_blob_token,
            /// `description`
            Description description: Field<String> = "description"
                => set_description, clear_description,
            /// `exportOptions` (`ediscovery.exportOptions`: the seed's members)
            ExportOptions export_options: Field<ExportOptions> = "exportOptions"
                => set_export_options, clear_export_options,
            /// `exportStructure` (`ediscovery.exportFileStructure`: the seed's members)
            ExportStructure export_structure: Field<ExportFileStructure> = "exportStructure"
                => set_export_structure, clear_export_structure,
            /// `outputFolderId`
            OutputFolderId output_folder_id: Field<String> = "outputFolderId"
                => set_output_folder_id, clear_output_folder_id,
            /// `outputName`
            OutputName output_name: Field<String> = "outputName"
                => set_output_name, clear_output_name,
            /// `reviewSet` (navigation property: the expanded entity, kept as JSON)
            ReviewSet review_set: Field<Json> = "reviewSet",
        }
        /// Unknown properties (lenient reading), in arrival order.
        unknown, open: false,
    }
}

declare_type! {
    /// `microsoft.graph.security.ediscoveryExportOperation`: the export
    /// operation as the service serves it today, under
    /// `/{v1.0|beta}/security/cases/ediscoveryCases/{caseId}/operations/{id}`.
    /// One type for v1.0 and beta: the beta-only deprecated properties
    /// (`azureBlobContainer`, `azureBlobToken`, `outputFolderId`) are
    /// declared, so both modes read them.
    ///
    /// ```
    /// use caseexport::{Field, ReadOptions, SecurityCaseAction, SecurityExportOperation};
    /// let doc = br##"{"@odata.type":"#microsoft.graph.security.ediscoveryExportOperation",
    ///   "action":"holdPolicySync","exportStructure":"msg",
    ///   "exportFileMetadata":[{"fileName":"a.zip","size":12345678901}]}"##;
    /// let op = SecurityExportOperation::from_json_with(doc, &ReadOptions::strict())?;
    /// assert_eq!(op.action, Field::Value(SecurityCaseAction::HoldPolicySync));
    /// let files = op.export_file_metadata.as_option().unwrap();
    /// assert_eq!(files[0].as_ref().unwrap().size, Field::Value(12345678901));
    /// # Ok::<(), caseexport::Error>(())
    /// ```
    pub struct SecurityExportOperation: "ediscoveryExportOperation" {
        odata_types: ["microsoft.graph.security.ediscoveryExportOperation"],
        resource: type_index,
        /// The declared properties of a [`SecurityExportOperation`], in
        /// canonical order: `id`, then the metadata's order.
        properties: SecurityProperty,
        export: security_export_operation_properties $,
        /// Instance and property annotations other than `@odata.type`, in arrival order.
        annotations,
        {
            /// `id` (read-only key; never null).
            Id id: Option<String> = "id",
            /// `action`
            Action action: Field<SecurityCaseAction> = "action"
                => set_action, clear_action,
            /// `completedDateTime`
            CompletedDateTime completed_date_time: Field<DateTimeOffset> = "completedDateTime"
                => set_completed_date_time, clear_completed_date_time,
            /// `createdBy`
            CreatedBy created_by: Field<Box<LiveIdentitySet>> = "createdBy"
                => set_created_by, clear_created_by,
            /// `createdDateTime`
            CreatedDateTime created_date_time: Field<DateTimeOffset> = "createdDateTime"
                => set_created_date_time, clear_created_date_time,
            /// `percentProgress` (0..=100)
            PercentProgress percent_progress: Field<Percent> = "percentProgress"
                => set_percent_progress, clear_percent_progress,
            /// `resultInfo`
            ResultInfo result_info: Field<LiveResultInfo> = "resultInfo"
                => set_result_info, clear_result_info,
            /// `status`
            Status status: Field<SecurityCaseOperationStatus> = "status"
                => set_status, clear_status,
            /// `azureBlobContainer` (beta only; deprecated)
            AzureBlobContainer azure_blob_container: Field<String> = "azureBlobContainer"
                => set_azure_blob_container, clear_azure_blob_container,
            /// `azureBlobToken` (beta only; deprecated; a SAS token, never printed)
            AzureBlobToken azure_blob_token: Field<Secret> = "azureBlobToken"
                => set_azure_blob_token, clear_azure_blob_token,
            /// `description`
            Description description: Field<String> = "description"
                => set_description, clear_description,
            /// `exportFileMetadata` (a collection; its items are nullable, as
            /// the property has no `Nullable` attribute: `None` is a `null` item)
            ExportFileMetadata export_file_metadata: Field<Vec<Option<ExportFileMetadata>>> = "exportFileMetadata"
                => set_export_file_metadata, clear_export_file_metadata,
            /// `exportOptions`
            ExportOptions export_options: Field<SecurityExportOptions> = "exportOptions"
                => set_export_options, clear_export_options,
            /// `exportStructure`
            ExportStructure export_structure: Field<SecurityExportFileStructure> = "exportStructure"
                => set_export_structure, clear_export_structure,
            /// `outputFolderId` (beta only; deprecated)
            OutputFolderId output_folder_id: Field<String> = "outputFolderId"
                => set_output_folder_id, clear_output_folder_id,
            /// `outputName`
            OutputName output_name: Field<String> = "outputName"
                => set_output_name, clear_output_name,
            /// `reviewSet` (navigation property: the expanded entity, kept as JSON)
            ReviewSet review_set: Field<Json> = "reviewSet",
            /// `reviewSetQuery` (navigation property: the expanded entity, kept as JSON)
            ReviewSetQuery review_set_query: Field<Json> = "reviewSetQuery",
        }
        /// Unknown properties (lenient reading), in arrival order.
        unknown, open: false,
    }
}

declare_type! {
    /// `microsoft.graph.ediscovery.caseOperation` and the operation types of
    /// that namespace other than the export (schema file §3), as a list page
    /// holds them: the base's properties typed, the subtype's own members
    /// kept verbatim (an open type, in both modes).
    pub struct EdiscoveryCaseOperation: "caseOperation" {
        odata_types: [
            "microsoft.graph.ediscovery.caseOperation",
            "microsoft.graph.ediscovery.addToReviewSetOperation",
            "microsoft.graph.ediscovery.caseHoldOperation",
            "microsoft.graph.ediscovery.caseIndexOperation",
            "microsoft.graph.ediscovery.estimateStatisticsOperation",
            "microsoft.graph.ediscovery.purgeDataOperation",
            "microsoft.graph.ediscovery.tagOperation",
        ],
        resource: type_index,
        /// The declared properties of an [`EdiscoveryCaseOperation`].
        properties: EdiscoveryCaseOperationProperty,
        /// Annotations other than `@odata.type`, in arrival order.
        annotations,
        {
            /// `id` (read-only key; never null).
            Id id: Option<String> = "id",
            /// `action`
            Action action: Field<EdiscoveryCaseAction> = "action",
            /// `completedDateTime`
            CompletedDateTime completed_date_time: Field<DateTimeOffset> = "completedDateTime",
            /// `createdBy`
            CreatedBy created_by: Field<Box<LiveIdentitySet>> = "createdBy",
            /// `createdDateTime`
            CreatedDateTime created_date_time: Field<DateTimeOffset> = "createdDateTime",
            /// `percentProgress` (0..=100)
            PercentProgress percent_progress: Field<Percent> = "percentProgress",
            /// `resultInfo`
            ResultInfo result_info: Field<LiveResultInfo> = "resultInfo",
            /// `status`
            Status status: Field<CaseOperationStatus> = "status",
        }
        /// The subtype's own members (and any other), in arrival order.
        extra, open: true,
    }
}

declare_type! {
    /// `microsoft.graph.security.caseOperation` and the operation types of
    /// that namespace other than the export (schema file §3), as a list page
    /// holds them: the base's properties typed, the subtype's own members
    /// kept verbatim (an open type, in both modes).
    pub struct SecurityCaseOperation: "caseOperation" {
        odata_types: [
            "microsoft.graph.security.caseOperation",
            "microsoft.graph.security.ediscoveryAddToReviewSetOperation",
            "microsoft.graph.security.ediscoveryEstimateOperation",
            "microsoft.graph.security.ediscoveryHoldOperation",
            "microsoft.graph.security.ediscoveryHoldPolicySyncOperation",
            "microsoft.graph.security.ediscoveryIndexOperation",
            "microsoft.graph.security.ediscoveryPurgeDataOperation",
            "microsoft.graph.security.ediscoverySearchExportOperation",
            "microsoft.graph.security.ediscoveryTagOperation",
        ],
        resource: type_index,
        /// The declared properties of a [`SecurityCaseOperation`].
        properties: SecurityCaseOperationProperty,
        /// Annotations other than `@odata.type`, in arrival order.
        annotations,
        {
            /// `id` (read-only key; never null).
            Id id: Option<String> = "id",
            /// `action`
            Action action: Field<SecurityCaseAction> = "action",
            /// `completedDateTime`
            CompletedDateTime completed_date_time: Field<DateTimeOffset> = "completedDateTime",
            /// `createdBy`
            CreatedBy created_by: Field<Box<LiveIdentitySet>> = "createdBy",
            /// `createdDateTime`
            CreatedDateTime created_date_time: Field<DateTimeOffset> = "createdDateTime",
            /// `percentProgress` (0..=100)
            PercentProgress percent_progress: Field<Percent> = "percentProgress",
            /// `resultInfo`
            ResultInfo result_info: Field<LiveResultInfo> = "resultInfo",
            /// `status`
            Status status: Field<SecurityCaseOperationStatus> = "status",
        }
        /// The subtype's own members (and any other), in arrival order.
        extra, open: true,
    }
}

crate::resource::resource_methods!(EdiscoveryCaseExportOperation);
crate::resource::resource_methods!(SecurityExportOperation);
crate::resource::resource_methods!(EdiscoveryCaseOperation);
crate::resource::resource_methods!(SecurityCaseOperation);
