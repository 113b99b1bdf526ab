//! Inputs and baselines for the criterion benches in `benches/patch.rs`.
//!
//! The baselines are what a Rust user would write without caseexport: a plain
//! `#[derive(Serialize)]` struct (the floor for serialization), a
//! `serde_json::Value` built by hand, `json_patch` on `Value`s, and a
//! hand-written RFC 7396 diff on `Value`s. None of them validates anything.

use caseexport::{
    CaseAction, CaseOperationStatus, DateTimeOffset, ExportFileStructure, ExportOptions, Field,
    Identity, IdentitySet, Patch, Percent, ResultInfo,
};
use serde::Serialize;
use serde_json::{Map, Value};

/// A stored operation, compact, as the service sends it (about 1 KB).
pub const OPERATION: &[u8] = include_bytes!("../data/operation.json");
/// A three-property PATCH body.
pub const PATCH: &[u8] = include_bytes!("../data/patch.json");

/// The seed's full request body (every writable property), as borrowed values.
#[allow(missing_docs)] // one field per wire property, named after it
pub struct FullBody {
    pub completed: &'static str,
    pub progress: i32,
    pub status: &'static str,
    pub action: &'static str,
    pub user_id: &'static str,
    pub user_name: &'static str,
    pub code: i32,
    pub message: &'static str,
    pub output_name: &'static str,
    pub description: &'static str,
    pub folder: &'static str,
    pub container: &'static str,
    pub token: &'static str,
    pub options: &'static str,
    pub structure: &'static str,
}

/// Realistic values for [`FullBody`].
pub const FULL: FullBody = FullBody {
    completed: "2024-05-01T09:41:27.654321Z",
    progress: 100,
    status: "succeeded",
    action: "contentExport",
    user_id: "c25c3914-f9f7-43ee-9cba-a25377e0cec6",
    user_name: "Adele Vance",
    code: 0,
    message: "Completed",
    output_name: "Contoso export 2024-05",
    description: "Weekly custodian export",
    folder: "exports-2024-05",
    container: "https://contoso.blob.core.windows.net/exports",
    token: "sv=2023-01-03&sp=rw&sig=NOTAREAL%3D",
    options: "originalFiles,text,fileInfo",
    structure: "directory",
};

/// The full body as a typed [`Patch`].
pub fn full_patch() -> Patch {
    let mut user = Identity::default();
    user.id = Field::Value(FULL.user_id.into());
    user.display_name = Field::Value(FULL.user_name.into());
    let mut created_by = IdentitySet::default();
    created_by.user = Field::Value(user);
    let mut result = ResultInfo::default();
    result.code = Field::Value(FULL.code);
    result.message = Field::Value(FULL.message.into());
    Patch::new()
        .set_completed_date_time(
            FULL.completed
                .parse::<DateTimeOffset>()
                .expect("valid date"),
        )
        .set_percent_progress(Percent::new(FULL.progress).expect("in range"))
        .set_status(
            FULL.status
                .parse::<CaseOperationStatus>()
                .unwrap_or(CaseOperationStatus::Succeeded),
        )
        .set_action(
            FULL.action
                .parse::<CaseAction>()
                .unwrap_or(CaseAction::ContentExport),
        )
        .set_created_by(created_by)
        .set_result_info(result)
        .set_output_name(FULL.output_name)
        .set_description(FULL.description)
        .set_output_folder_id(FULL.folder)
        .set_azure_blob_container(FULL.container)
        .set_azure_blob_token(FULL.token)
        .set_export_options(FULL.options.parse::<ExportOptions>().expect("valid flags"))
        .set_export_structure(
            FULL.structure
                .parse::<ExportFileStructure>()
                .unwrap_or(ExportFileStructure::Directory),
        )
}

/// A small two-property patch.
pub fn small_patch() -> Patch {
    Patch::new()
        .set_percent_progress(Percent::new(100).expect("in range"))
        .clear_description()
}

/// The derived-struct floor: what `serde_json::to_vec` of a plain struct costs.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct DerivedBody<'a> {
    #[serde(rename = "@odata.type")]
    pub odata_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completed_date_time: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent_progress: Option<Option<i32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<DerivedIdentitySet<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_info: Option<DerivedResultInfo<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_folder_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub azure_blob_container: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub azure_blob_token: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export_options: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export_structure: Option<&'a str>,
}

/// `identitySet` for the derived floor (only `user`).
#[derive(Serialize)]
#[allow(missing_docs)]
pub struct DerivedIdentitySet<'a> {
    pub user: DerivedIdentity<'a>,
}

/// `identity` for the derived floor.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct DerivedIdentity<'a> {
    pub id: &'a str,
    pub display_name: &'a str,
}

/// `resultInfo` for the derived floor.
#[derive(Serialize)]
#[allow(missing_docs)]
pub struct DerivedResultInfo<'a> {
    pub code: i32,
    pub message: &'a str,
}

const TYPE: &str = "#microsoft.graph.caseExportOperation";

/// The full body as the derived struct.
pub fn full_derived() -> DerivedBody<'static> {
    DerivedBody {
        odata_type: TYPE,
        completed_date_time: Some(FULL.completed),
        percent_progress: Some(Some(FULL.progress)),
        status: Some(FULL.status),
        action: Some(FULL.action),
        created_by: Some(DerivedIdentitySet {
            user: DerivedIdentity {
                id: FULL.user_id,
                display_name: FULL.user_name,
            },
        }),
        result_info: Some(DerivedResultInfo {
            code: FULL.code,
            message: FULL.message,
        }),
        output_name: Some(FULL.output_name),
        description: Some(Some(FULL.description)),
        output_folder_id: Some(FULL.folder),
        azure_blob_container: Some(FULL.container),
        azure_blob_token: Some(FULL.token),
        export_options: Some(FULL.options),
        export_structure: Some(FULL.structure),
    }
}

/// The small patch as the derived struct.
pub fn small_derived() -> DerivedBody<'static> {
    DerivedBody {
        odata_type: TYPE,
        percent_progress: Some(Some(100)),
        description: Some(None),
        ..DerivedBody::default()
    }
}

/// The full body built as a `serde_json::Value` (what the loop measures).
pub fn full_value() -> Value {
    let mut m = Map::new();
    m.insert("@odata.type".into(), TYPE.into());
    m.insert("completedDateTime".into(), FULL.completed.into());
    m.insert("percentProgress".into(), FULL.progress.into());
    m.insert("status".into(), FULL.status.into());
    m.insert("action".into(), FULL.action.into());
    let mut user = Map::new();
    user.insert("id".into(), FULL.user_id.into());
    user.insert("displayName".into(), FULL.user_name.into());
    let mut set = Map::new();
    set.insert("user".into(), Value::Object(user));
    m.insert("createdBy".into(), Value::Object(set));
    let mut ri = Map::new();
    ri.insert("code".into(), FULL.code.into());
    ri.insert("message".into(), FULL.message.into());
    m.insert("resultInfo".into(), Value::Object(ri));
    m.insert("outputName".into(), FULL.output_name.into());
    m.insert("description".into(), FULL.description.into());
    m.insert("outputFolderId".into(), FULL.folder.into());
    m.insert("azureBlobContainer".into(), FULL.container.into());
    m.insert("azureBlobToken".into(), FULL.token.into());
    m.insert("exportOptions".into(), FULL.options.into());
    m.insert("exportStructure".into(), FULL.structure.into());
    Value::Object(m)
}

/// The small patch built as a `serde_json::Value`.
pub fn small_value() -> Value {
    let mut m = Map::new();
    m.insert("@odata.type".into(), TYPE.into());
    m.insert("percentProgress".into(), 100.into());
    m.insert("description".into(), Value::Null);
    Value::Object(m)
}

/// A hand-written RFC 7396 diff on `Value`s: the minimal merge patch from
/// `base` to `target` (no validation, no unrepresentable check).
pub fn value_merge_diff(base: &Value, target: &Value) -> Value {
    match (base, target) {
        (Value::Object(b), Value::Object(t)) => {
            let mut patch = Map::new();
            for (k, bv) in b {
                match t.get(k) {
                    None => {
                        patch.insert(k.clone(), Value::Null);
                    }
                    Some(tv) if tv != bv => {
                        patch.insert(k.clone(), value_merge_diff(bv, tv));
                    }
                    Some(_) => {}
                }
            }
            for (k, tv) in t {
                if !b.contains_key(k) {
                    patch.insert(k.clone(), tv.clone());
                }
            }
            Value::Object(patch)
        }
        (_, t) => t.clone(),
    }
}

/// The stored operation with `description` grown to `len` bytes, compact.
pub fn operation_with_description(len: usize) -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(OPERATION).expect("valid data");
    let text: String = "Weekly export of custodian mailboxes. "
        .chars()
        .cycle()
        .take(len)
        .collect();
    v["description"] = Value::String(text);
    serde_json::to_vec(&v).expect("serializable")
}

#[cfg(test)]
mod tests {
    use super::*;
    use caseexport::CaseExportOperation;

    fn parse(bytes: &[u8]) -> Value {
        serde_json::from_slice(bytes).unwrap()
    }

    #[test]
    fn baselines_serialize_the_same_bodies() {
        let ours = parse(&full_patch().to_vec());
        assert_eq!(ours, full_value());
        assert_eq!(ours, parse(&serde_json::to_vec(&full_derived()).unwrap()));
        let small = parse(&small_patch().to_vec());
        assert_eq!(small, small_value());
        assert_eq!(small, parse(&serde_json::to_vec(&small_derived()).unwrap()));
        let n = full_patch().to_vec().len();
        assert!((500..=650).contains(&n), "full body is {n} bytes");
    }

    #[test]
    fn value_diff_is_a_merge_patch() {
        let base = parse(br#"{"a":1,"b":{"c":2,"d":3},"e":4}"#);
        let target = parse(br#"{"a":1,"b":{"c":5},"f":6}"#);
        let patch = value_merge_diff(&base, &target);
        assert_eq!(patch, parse(br#"{"b":{"c":5,"d":null},"e":null,"f":6}"#));
        let mut merged = base.clone();
        json_patch::merge(&mut merged, &patch);
        assert_eq!(merged, target);
    }

    #[test]
    fn scaling_documents_have_the_requested_description() {
        let doc = operation_with_description(4096);
        let op = CaseExportOperation::from_json(&doc).unwrap();
        assert_eq!(op.description.as_option().map(String::len), Some(4096));
    }
}
