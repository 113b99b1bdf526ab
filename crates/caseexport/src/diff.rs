//! Diff (SPEC §5): the minimal merge patch from one operation to another,
//! member by member inside complex values, refusing what RFC 7396 cannot say.

use crate::error::{Error, ErrorCode, Errors, Path};
use crate::field::Field;
use crate::json::diff_members;
use crate::model::{CaseExportOperation, Identity, IdentitySet, ResultInfo};
use crate::patch::Patch;

/// The minimal patch turning `base` into `target`, so that
/// `base.apply(&diff(base, target)?)` is [equivalent](CaseExportOperation::equivalent)
/// to `target`. The patch writes `@odata.type` first unless
/// [`Patch::with_odata_type`]`(false)`.
///
/// Errors: `readOnlyProperty` at `/id` when the ids differ, including when
/// only one side has an id (no patch can add, change or remove an id, so no
/// patch could reproduce the target); `unrepresentable` where the target holds a null inside an unknown property
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
    if base.id != target.id {
        let why = match (&base.id, &target.id) {
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
    let root = Path::Root;
    let p = CaseExportOperation {
        created_date_time: scalar(&base.created_date_time, &target.created_date_time),
        completed_date_time: scalar(&base.completed_date_time, &target.completed_date_time),
        percent_progress: scalar(&base.percent_progress, &target.percent_progress),
        status: scalar(&base.status, &target.status),
        action: scalar(&base.action, &target.action),
        created_by: complex(
            &base.created_by,
            &target.created_by,
            &Path::Key(&root, "createdBy"),
            &mut errors,
            |b, t, path, errors| Box::new(identity_set(b, t, path, errors)),
            |a, b| a.equivalent(b),
        ),
        result_info: complex(
            &base.result_info,
            &target.result_info,
            &Path::Key(&root, "resultInfo"),
            &mut errors,
            result_info,
            ResultInfo::equivalent,
        ),
        output_name: scalar(&base.output_name, &target.output_name),
        description: scalar(&base.description, &target.description),
        output_folder_id: scalar(&base.output_folder_id, &target.output_folder_id),
        azure_blob_container: scalar(&base.azure_blob_container, &target.azure_blob_container),
        azure_blob_token: scalar(&base.azure_blob_token, &target.azure_blob_token),
        export_options: scalar(&base.export_options, &target.export_options),
        export_structure: scalar(&base.export_structure, &target.export_structure),
        unknown: diff_members(&base.unknown, &target.unknown, &root, &mut errors),
        ..CaseExportOperation::default()
    };
    errors.into_result()?;
    Ok(Patch::from_properties(p))
}

/// Unchanged (absent ≡ null) → absent; no value in target → null; else the target value.
fn scalar<T: Clone + PartialEq>(base: &Field<T>, target: &Field<T>) -> Field<T> {
    match (base.as_option(), target.as_option()) {
        (b, t) if b == t => Field::Absent,
        (_, None) => Field::Null,
        (_, Some(t)) => Field::Value(t.clone()),
    }
}

/// A complex property: diffed member by member against the base value (or an
/// empty one when the base has none).
fn complex<T: Default>(
    base: &Field<T>,
    target: &Field<T>,
    path: &Path<'_>,
    errors: &mut Errors,
    diff: fn(&T, &T, &Path<'_>, &mut Errors) -> T,
    equivalent: fn(&T, &T) -> bool,
) -> Field<T> {
    match (base.as_option(), target.as_option()) {
        (None, None) => Field::Absent,
        (Some(_), None) => Field::Null,
        (Some(b), Some(t)) if equivalent(b, t) => Field::Absent,
        (Some(b), Some(t)) => Field::Value(diff(b, t, path, errors)),
        (None, Some(t)) => Field::Value(diff(&T::default(), t, path, errors)),
    }
}

fn identity(base: &Identity, target: &Identity, path: &Path<'_>, errors: &mut Errors) -> Identity {
    Identity {
        id: scalar(&base.id, &target.id),
        display_name: scalar(&base.display_name, &target.display_name),
        extra: diff_members(&base.extra, &target.extra, path, errors),
        annotations: Default::default(),
    }
}

fn identity_set(
    base: &IdentitySet,
    target: &IdentitySet,
    path: &Path<'_>,
    errors: &mut Errors,
) -> IdentitySet {
    let mut p = IdentitySet::default();
    for (((name, slot), (_, b)), (_, t)) in p
        .members_mut()
        .into_iter()
        .zip(base.members())
        .zip(target.members())
    {
        *slot = complex(
            b,
            t,
            &Path::Key(path, name),
            errors,
            identity,
            Identity::equivalent,
        );
    }
    p.extra = diff_members(&base.extra, &target.extra, path, errors);
    p
}

fn result_info(
    base: &ResultInfo,
    target: &ResultInfo,
    path: &Path<'_>,
    errors: &mut Errors,
) -> ResultInfo {
    ResultInfo {
        code: scalar(&base.code, &target.code),
        message: scalar(&base.message, &target.message),
        subcode: scalar(&base.subcode, &target.subcode),
        unknown: diff_members(&base.unknown, &target.unknown, path, errors),
        annotations: Default::default(),
    }
}
