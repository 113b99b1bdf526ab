//! Diff (SPEC §5): the minimal merge patch from one operation to another,
//! member by member inside complex values, refusing what RFC 7396 cannot say.

use crate::error::{Error, ErrorCode, Errors, Path};
use crate::patch::Patch;
use crate::resource::Resource;

/// The minimal patch turning `base` into `target`, so that
/// `base.apply(&diff(base, target)?)` is [equivalent](crate::CaseExportOperation::equivalent)
/// to `target`. The patch writes `@odata.type` first unless
/// [`Patch::with_odata_type`]`(false)`.
///
/// Errors: `readOnlyProperty` at `/id` when the ids differ, including when
/// only one side has an id (no patch can add, change or remove an id, so no
/// patch could reproduce the target); `unrepresentable` where the target holds a null inside an unknown property
/// or an open type's extra member that a merge patch cannot create.
///
/// The patch is of the operations' type and names the base's `@odata.type`
/// (the name it was read with).
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
pub fn diff<R: Resource>(base: &R, target: &R) -> Result<Patch<R>, Error> {
    let mut errors = Errors::new(100);
    if base.id_slot() != target.id_slot() {
        let why = match (base.id_slot(), target.id_slot()) {
            (Some(_), Some(_)) => "the operations have different ids",
            (Some(_), None) => "the base has an id and the target has none",
            _ => "the target has an id and the base has none",
        };
        errors.push_pointer(
            "/id".to_owned(),
            ErrorCode::ReadOnlyProperty,
            format!("{why}; id cannot be patched"),
        );
    }
    // Every declared property but the key (checked above), member by member
    // inside complex values, as the declaration in `model.rs` derives it.
    // The base's type name is kept by `diff_from`.
    let p = R::diff_from(base, target, &Path::Root, &mut errors);
    errors.into_result()?;
    Ok(Patch::from_properties(p))
}
