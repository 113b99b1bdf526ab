//! # caseexport
//!
//! The Microsoft Graph eDiscovery **caseExportOperation** and its update
//! (`PATCH`) flow, done carefully: a typed model where every property is
//! absent, null or a value; strict and lenient reading with every error
//! reported at once (JSON Pointer path, stable code, message); canonical JSON
//! output; RFC 7396 merge-patch apply and minimal diff on the typed model; and
//! a sans-IO HTTP request/response layer. Secrets never print.
//!
//! ```
//! use caseexport::{diff, CaseExportOperation, Patch, ReadOptions, Request, Secret};
//!
//! // Service side: a stored operation and an incoming PATCH body.
//! let stored = CaseExportOperation::from_json(br#"{
//!     "id": "359c4f92", "status": "running", "percentProgress": 40,
//!     "createdDateTime": "2024-05-01T08:00:00.1234567Z",
//!     "azureBlobToken": "sv=2023&sig=SECRET"
//! }"#)?;
//! let updated = stored.apply_json(br#"{"percentProgress": 100, "status": "succeeded"}"#,
//!                                 &ReadOptions::strict())?;
//! assert_eq!(updated.percent_progress.as_option().map(|p| p.get()), Some(100));
//! assert!(!format!("{updated:?}").contains("SECRET")); // the SAS token never prints
//!
//! // Client side: the minimal PATCH body, and the request to send it.
//! let patch = diff(&stored, &updated)?;
//! assert_eq!(patch.to_json_string(),
//!     r##"{"@odata.type":"#microsoft.graph.caseExportOperation","percentProgress":100,"status":"succeeded"}"##);
//! let request = Request::new(caseexport::operation_url("case-1", "359c4f92"), Secret::new("token"), &patch)?;
//! assert_eq!(request.headers()[3], ("Content-Length", patch.to_vec().len().to_string()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Module map: [`Field`] (tri-state), the model ([`CaseExportOperation`],
//! [`IdentitySet`], [`Identity`], [`ResultInfo`]), wire types
//! ([`DateTimeOffset`], the enums, [`ExportOptions`], [`Secret`], [`Json`]),
//! reading ([`ReadOptions`], [`Mode`]), [`Patch`] and apply (eager, or lazy
//! with [`Patched`]), [`diff`], the
//! HTTP exchange ([`Request`], [`read_response`]) and errors ([`Error`],
//! [`ErrorDetail`], [`ErrorCode`]). The rules the code follows where the
//! specification is silent are in `docs/DESIGN.md`.

mod datetime;
mod diff;
mod enums;
mod error;
mod field;
mod http;
mod json;
mod kept;
mod model;
mod operations;
mod patch;
pub mod poll;
pub mod query;
mod read;
mod resource;
mod schema;
mod secret;
mod service;
mod special;
mod write;

pub use datetime::{DateTimeError, DateTimeOffset};
pub use diff::diff;
pub use enums::{
    CaseAction, CaseOperationStatus, EdiscoveryCaseAction, EmptyMember, ExportFileStructure,
    ExportOptions, FlagsError, SecurityCaseAction, SecurityCaseOperationStatus,
    SecurityExportFileStructure, SecurityExportOptions,
};
pub use error::{
    Error, ErrorCode, ErrorDetail, UnknownErrorCode, DEFAULT_MAX_ERROR_BYTES, MAX_QUOTED_BYTES,
};
pub use field::Field;
pub use http::{
    encode_segment, operation_url, operations_url, read_export_response, read_response,
    security_operation_url, security_operations_url, ApiVersion, ExportOutcome, GraphError,
    GraphErrorDetail, Outcome, Request, RequestError, RetryAfter,
};
pub use json::{Json, Members, Number};
pub use kept::{Annotations, ReservedName, Undeclared};
pub use model::{
    CaseExportOperation, EdiscoveryCaseExportOperation, EdiscoveryCaseOperation,
    EdiscoveryCaseOperationProperty, EdiscoveryProperty, ExportFileMetadata,
    ExportFileMetadataMember, Identity, IdentityMember, IdentitySet, IdentitySetMember,
    LiveIdentitySet, LiveIdentitySetMember, LiveResultInfo, LiveResultInfoMember, Percent,
    Property, ResultInfo, ResultInfoMember, SecurityCaseOperation, SecurityCaseOperationProperty,
    SecurityExportOperation, SecurityProperty, IDENTITY_SET_MEMBERS, ODATA_TYPE, PROPERTIES,
};
pub use operations::{
    Expect, ExportOperation, ExportPatch, ListedOperation, OperationType, OperationsPage,
};
pub use patch::{Patch, Patched};
pub use read::{Mode, ReadOptions, WireValue};
pub use resource::Resource;
pub use schema::{enum_types, EnumType, ValueKind, ValueRef};
pub use secret::Secret;
pub use service::INCLUDE_UNKNOWN_ENUM_MEMBERS;

/// The crate README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct CrateReadmeDoctests;

/// The repository README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct RepoReadmeDoctests;
