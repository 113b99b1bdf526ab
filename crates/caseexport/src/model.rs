//! The typed model: [`CaseExportOperation`] and its complex types
//! [`IdentitySet`], [`Identity`], [`ResultInfo`], each property tri-state.

use crate::datetime::DateTimeOffset;
use crate::enums::{CaseAction, CaseOperationStatus, ExportFileStructure, ExportOptions};
use crate::field::Field;
use crate::json::{Json, Members};
use crate::secret::Secret;

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

/// `identity`: an open type with `id` and `displayName`; other members are
/// kept verbatim in [`Identity::extra`].
#[derive(Clone, Debug, PartialEq, Default)]
#[non_exhaustive]
pub struct Identity {
    /// Annotations of this object (its `@odata.type` first when written); kept
    /// when read from a document, never part of a patch.
    pub annotations: Members,
    /// `id`
    pub id: Field<String>,
    /// `displayName`
    pub display_name: Field<String>,
    /// Members not declared by `identity`, in arrival order.
    pub extra: Members,
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

    /// Absent ≡ null for declared members; annotations ignored.
    pub fn equivalent(&self, other: &Identity) -> bool {
        self.id.as_option() == other.id.as_option()
            && self.display_name.as_option() == other.display_name.as_option()
            && self.extra == other.extra
    }
}

/// The names of [`IdentitySet`]'s declared members, in canonical order.
pub const IDENTITY_SET_MEMBERS: [&str; 10] = [
    "application",
    "applicationInstance",
    "conversation",
    "conversationIdentityType",
    "device",
    "encrypted",
    "onPremises",
    "guest",
    "phone",
    "user",
];

/// `identitySet`: an open type of identities (`user`, `application`, …);
/// other members are kept verbatim in [`IdentitySet::extra`].
#[derive(Clone, Debug, PartialEq, Default)]
#[non_exhaustive]
pub struct IdentitySet {
    /// Annotations of this object; kept when read from a document.
    pub annotations: Members,
    /// `application`
    pub application: Field<Identity>,
    /// `applicationInstance`
    pub application_instance: Field<Identity>,
    /// `conversation`
    pub conversation: Field<Identity>,
    /// `conversationIdentityType`
    pub conversation_identity_type: Field<Identity>,
    /// `device`
    pub device: Field<Identity>,
    /// `encrypted`
    pub encrypted: Field<Identity>,
    /// `onPremises`
    pub on_premises: Field<Identity>,
    /// `guest`
    pub guest: Field<Identity>,
    /// `phone`
    pub phone: Field<Identity>,
    /// `user`
    pub user: Field<Identity>,
    /// Members not declared by `identitySet`, in arrival order.
    pub extra: Members,
}

impl IdentitySet {
    /// The declared members in canonical order, paired with their wire names.
    pub fn members(&self) -> [(&'static str, &Field<Identity>); 10] {
        [
            ("application", &self.application),
            ("applicationInstance", &self.application_instance),
            ("conversation", &self.conversation),
            ("conversationIdentityType", &self.conversation_identity_type),
            ("device", &self.device),
            ("encrypted", &self.encrypted),
            ("onPremises", &self.on_premises),
            ("guest", &self.guest),
            ("phone", &self.phone),
            ("user", &self.user),
        ]
    }

    /// Mutable access to the declared members in canonical order.
    pub fn members_mut(&mut self) -> [(&'static str, &mut Field<Identity>); 10] {
        [
            ("application", &mut self.application),
            ("applicationInstance", &mut self.application_instance),
            ("conversation", &mut self.conversation),
            (
                "conversationIdentityType",
                &mut self.conversation_identity_type,
            ),
            ("device", &mut self.device),
            ("encrypted", &mut self.encrypted),
            ("onPremises", &mut self.on_premises),
            ("guest", &mut self.guest),
            ("phone", &mut self.phone),
            ("user", &mut self.user),
        ]
    }

    /// The declared member called `name` (wire name).
    pub fn member_mut(&mut self, name: &str) -> Option<&mut Field<Identity>> {
        self.members_mut()
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| f)
    }

    /// Absent ≡ null for declared members; annotations ignored.
    pub fn equivalent(&self, other: &IdentitySet) -> bool {
        self.members()
            .iter()
            .zip(other.members().iter())
            .all(|((_, a), (_, b))| opt_eq(a, b, Identity::equivalent))
            && self.extra == other.extra
    }
}

/// `resultInfo`: the outcome code and message of an operation. A closed type:
/// unknown members are kept only when read leniently.
#[derive(Clone, Debug, PartialEq, Default)]
#[non_exhaustive]
pub struct ResultInfo {
    /// Annotations of this object; kept when read from a document.
    pub annotations: Members,
    /// `code` (Int32)
    pub code: Field<i32>,
    /// `message`
    pub message: Field<String>,
    /// `subcode` (Int32)
    pub subcode: Field<i32>,
    /// Unknown members (lenient reading), in arrival order.
    pub unknown: Members,
}

impl ResultInfo {
    /// Absent ≡ null for declared members; annotations ignored.
    pub fn equivalent(&self, other: &ResultInfo) -> bool {
        self.code.as_option() == other.code.as_option()
            && self.message.as_option() == other.message.as_option()
            && self.subcode.as_option() == other.subcode.as_option()
            && self.unknown == other.unknown
    }
}

/// The names of [`CaseExportOperation`]'s declared properties, in canonical order.
pub const PROPERTIES: [&str; 15] = [
    "id",
    "createdDateTime",
    "completedDateTime",
    "percentProgress",
    "status",
    "action",
    "createdBy",
    "resultInfo",
    "outputName",
    "description",
    "outputFolderId",
    "azureBlobContainer",
    "azureBlobToken",
    "exportOptions",
    "exportStructure",
];

/// The `@odata.type` written for a caseExportOperation.
pub const ODATA_TYPE: &str = "#microsoft.graph.caseExportOperation";

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
#[derive(Clone, Debug, PartialEq, Default)]
#[non_exhaustive]
pub struct CaseExportOperation {
    /// Instance and property annotations (`@odata.etag`, `outputName@odata.type`, …)
    /// other than `@odata.type`, in arrival order.
    pub annotations: Members,
    /// `id` (read-only key; never null).
    pub id: Option<String>,
    /// `createdDateTime`
    pub created_date_time: Field<DateTimeOffset>,
    /// `completedDateTime`
    pub completed_date_time: Field<DateTimeOffset>,
    /// `percentProgress` (0..=100)
    pub percent_progress: Field<Percent>,
    /// `status`
    pub status: Field<CaseOperationStatus>,
    /// `action`
    pub action: Field<CaseAction>,
    /// `createdBy`. Boxed: an identity set is large (ten identities) and
    /// usually absent or sparse, and keeping it out of line keeps the
    /// operation small to move, create and drop.
    pub created_by: Field<Box<IdentitySet>>,
    /// `resultInfo`
    pub result_info: Field<ResultInfo>,
    /// `outputName`
    pub output_name: Field<String>,
    /// `description`
    pub description: Field<String>,
    /// `outputFolderId`
    pub output_folder_id: Field<String>,
    /// `azureBlobContainer`
    pub azure_blob_container: Field<String>,
    /// `azureBlobToken` (a SAS token; never printed)
    pub azure_blob_token: Field<Secret>,
    /// `exportOptions`
    pub export_options: Field<ExportOptions>,
    /// `exportStructure`
    pub export_structure: Field<ExportFileStructure>,
    /// Unknown properties (lenient reading), in arrival order. Their names are
    /// never declared property names nor annotations (the reader guarantees
    /// it; keep it so when editing, or the written document repeats a name).
    pub unknown: Members,
}

impl CaseExportOperation {
    /// An empty operation (every property absent).
    pub fn new() -> Self {
        Self::default()
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

    /// Semantic equivalence: absent ≡ null for declared properties (no PATCH
    /// can make a declared property absent), annotations ignored, member order
    /// ignored. This is the equality `apply(a, diff(a, b))` reproduces.
    ///
    /// ```
    /// use caseexport::CaseExportOperation;
    /// let a = CaseExportOperation::from_json(br#"{"outputName":null}"#).unwrap();
    /// let b = CaseExportOperation::from_json(br#"{"@odata.etag":"1"}"#).unwrap();
    /// assert!(a.equivalent(&b));
    /// assert_ne!(a, b);
    /// ```
    pub fn equivalent(&self, other: &CaseExportOperation) -> bool {
        self.id == other.id
            && self.created_date_time.as_option() == other.created_date_time.as_option()
            && self.completed_date_time.as_option() == other.completed_date_time.as_option()
            && self.percent_progress.as_option() == other.percent_progress.as_option()
            && self.status.as_option() == other.status.as_option()
            && self.action.as_option() == other.action.as_option()
            && opt_eq(&self.created_by, &other.created_by, |a, b| a.equivalent(b))
            && opt_eq(
                &self.result_info,
                &other.result_info,
                ResultInfo::equivalent,
            )
            && self.output_name.as_option() == other.output_name.as_option()
            && self.description.as_option() == other.description.as_option()
            && self.output_folder_id.as_option() == other.output_folder_id.as_option()
            && self.azure_blob_container.as_option() == other.azure_blob_container.as_option()
            && self.azure_blob_token.as_option() == other.azure_blob_token.as_option()
            && self.export_options.as_option() == other.export_options.as_option()
            && self.export_structure.as_option() == other.export_structure.as_option()
            && self.unknown == other.unknown
    }
}

fn opt_eq<T>(a: &Field<T>, b: &Field<T>, eq: impl Fn(&T, &T) -> bool) -> bool {
    match (a.as_option(), b.as_option()) {
        (None, None) => true,
        (Some(x), Some(y)) => eq(x, y),
        _ => false,
    }
}
