//! Diff (SPEC §5): the minimal merge patch from one operation to another,
//! member by member inside complex values, refusing what RFC 7396 cannot say.

use crate::error::{Error, ErrorCode, Errors, Path};
use crate::model::CaseExportOperation;
use crate::patch::Patch;

/// The minimal patch turning `base` into `target`, so that
/// `base.apply(&diff(base, target)?)` is [equivalent](CaseExportOperation::equivalent)
/// to `target`. The patch writes `@odata.type` first unless
/// [`Patch::with_odata_type`]`(false)`.
///
/// Errors: `readOnlyProperty` at `/id` when both have different ids;
/// `unrepresentable` where the target holds a null inside an unknown property
/// or an open type's extra member that a merge patch cannot create.
///
/// ```
/// use caseexport::{diff, CaseExportOperation};
/// let base = CaseExportOperation::from_json(
///     br#"{"id":"1","createdBy":{"user":{"id":"u1","displayName":"Adele"}},"outputName":"a"}"#).unwrap();
/// let target = CaseExportOperation::from_json(
///     br#"{"id":"1","createdBy":{"user":{"id":"u1","displayName":"Adele Vance"}}}"#).unwrap();
/// let patch = diff(&base, &target).unwrap();
/// assert_eq!(patch.with_odata_type(false).to_json_string(),
///     r#"{"createdBy":{"user":{"displayName":"Adele Vance"}},"outputName":null}"#);
/// ```
pub fn diff(base: &CaseExportOperation, target: &CaseExportOperation) -> Result<Patch, Error> {
    let mut errors = Errors::new(100);
    if let (Some(b), Some(t)) = (&base.id, &target.id) {
        if b != t {
            errors.push_pointer(
                "/id".to_owned(),
                ErrorCode::ReadOnlyProperty,
                "the operations have different ids; id cannot be patched",
            );
        }
    }
    // Every declared property but the key (checked above), member by member
    // inside complex values, as the declaration in `model.rs` derives it.
    let p = CaseExportOperation::diff_from(base, target, &Path::Root, &mut errors);
    errors.into_result()?;
    Ok(Patch::from_properties(p))
}
