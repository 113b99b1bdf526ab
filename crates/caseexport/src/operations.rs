//! The three export operation types behind one value, with the type taken
//! from the document ([`ExportOperation`], [`ExportPatch`]), and a page of
//! the `operations` collection ([`OperationsPage`]), whose elements may be
//! of any operation type of a namespace.

use crate::error::{Error, ErrorCode, ErrorDetail, Errors};
use crate::json::{Json, Members};
use crate::model::{
    CaseExportOperation, EdiscoveryCaseExportOperation, EdiscoveryCaseOperation,
    SecurityCaseOperation, SecurityExportOperation,
};
use crate::patch::Patch;
use crate::read::ReadOptions;
use crate::resource::Resource;

/// Which export operation type a document is.
///
/// ```
/// use caseexport::OperationType;
/// assert_eq!(OperationType::from_name("security.ediscoveryExportOperation"), Some(OperationType::Security));
/// assert_eq!(OperationType::from_odata_type("#microsoft.graph.ediscovery.caseExportOperation"),
///            Some(OperationType::Ediscovery));
/// assert_eq!(OperationType::default(), OperationType::Seed);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum OperationType {
    /// The seed's `microsoft.graph.caseExportOperation` (2020 beta snapshot):
    /// [`CaseExportOperation`]. The default.
    #[default]
    Seed,
    /// `microsoft.graph.ediscovery.caseExportOperation` (beta, `/compliance`):
    /// [`EdiscoveryCaseExportOperation`].
    Ediscovery,
    /// `microsoft.graph.security.ediscoveryExportOperation` (v1.0 and beta,
    /// `/security`): [`SecurityExportOperation`].
    Security,
}

impl OperationType {
    /// Every type, the default first.
    pub const ALL: [OperationType; 3] = [
        OperationType::Seed,
        OperationType::Ediscovery,
        OperationType::Security,
    ];

    /// The canonical `@odata.type` (with `#`).
    pub fn odata_type(self) -> &'static str {
        match self {
            OperationType::Seed => CaseExportOperation::TYPE_NAMES[0],
            OperationType::Ediscovery => EdiscoveryCaseExportOperation::TYPE_NAMES[0],
            OperationType::Security => SecurityExportOperation::TYPE_NAMES[0],
        }
    }

    /// The short name (the type name after `microsoft.graph.`): what the
    /// CLI's `--type`, the C and Python selectors and the vectors use.
    pub fn name(self) -> &'static str {
        &self.odata_type()["#microsoft.graph.".len()..]
    }

    /// The type with this short name or full name (with or without `#`).
    pub fn from_name(name: &str) -> Option<OperationType> {
        let full = name.strip_prefix('#').unwrap_or(name);
        let short = full.strip_prefix("microsoft.graph.").unwrap_or(full);
        Self::ALL.into_iter().find(|t| t.name() == short)
    }

    /// The export operation type a document's top-level `@odata.type`
    /// names; `None` when it names none or another type, or when the text
    /// is not a JSON object (the typed reader then says why).
    ///
    /// ```
    /// use caseexport::OperationType;
    /// let body = br##"{"status":"succeeded","@odata.type":"#microsoft.graph.security.ediscoveryExportOperation"}"##;
    /// assert_eq!(OperationType::named_by(body), Some(OperationType::Security));
    /// assert_eq!(OperationType::named_by(b"{}"), None);
    /// ```
    pub fn named_by(bytes: &[u8]) -> Option<OperationType> {
        crate::read::top_level_odata_type(bytes).and_then(|t| Self::from_odata_type(&t))
    }

    /// The export operation type served under the route a URL names: the
    /// security API's (`…/security/cases/ediscoveryCases/…`, v1.0 or beta)
    /// is [`Security`](Self::Security), the beta compliance API's
    /// (`…/compliance/ediscovery/cases/…`) is
    /// [`Ediscovery`](Self::Ediscovery); `None` for any other URL (the
    /// seed's type has no route of its own). Only the path counts (not the
    /// host, query or fragment), so a local emulator's URLs
    /// (`http://127.0.0.1:8080/v1.0/security/…`) name the same types as the
    /// URL builders' ([`security_operation_url`](crate::security_operation_url),
    /// [`operation_url`](crate::operation_url)).
    ///
    /// ```
    /// use caseexport::{operation_url, security_operation_url, ApiVersion, OperationType};
    /// assert_eq!(OperationType::of_url(&security_operation_url(ApiVersion::V1, "c1", "o1")),
    ///            Some(OperationType::Security));
    /// assert_eq!(OperationType::of_url(&operation_url("c1", "o1")), Some(OperationType::Ediscovery));
    /// assert_eq!(OperationType::of_url("http://127.0.0.1:8080/v1.0/security/cases/ediscoveryCases/c1/operations"),
    ///            Some(OperationType::Security));
    /// assert_eq!(OperationType::of_url("https://example.com/ops/1?next=/security/cases/ediscoveryCases/"), None);
    /// ```
    pub fn of_url(url: &str) -> Option<OperationType> {
        // The path: after `scheme://authority`, before `?` or `#`.
        let rest = match url.find("://") {
            Some(i) => {
                let after = &url[i + 3..];
                &after[after.find('/').unwrap_or(after.len())..]
            }
            None => url,
        };
        let path = rest.split(['?', '#']).next().unwrap_or_default();
        let segments: Vec<&str> = path.split('/').collect();
        segments.windows(3).find_map(|w| match w {
            ["security", "cases", "ediscoveryCases"] => Some(OperationType::Security),
            ["compliance", "ediscovery", "cases"] => Some(OperationType::Ediscovery),
            _ => None,
        })
    }

    /// The type an `@odata.type` value names (with or without `#`). The
    /// ediscovery name is the [`Ediscovery`](Self::Ediscovery) type here,
    /// although the seed's type also reads it (as its alias).
    pub fn from_odata_type(value: &str) -> Option<OperationType> {
        let full = value.strip_prefix('#').unwrap_or(value);
        full.strip_prefix("microsoft.graph.")
            .and_then(|short| Self::ALL.into_iter().find(|t| t.name() == short))
    }
}

/// Which type a document is read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Only this type: a document without `@odata.type` is read as it, one
    /// naming another type is `typeMismatch`.
    Only(OperationType),
    /// Any export operation: the type its `@odata.type` names, this one
    /// when it has none.
    Any(OperationType),
}

impl Default for Expect {
    /// Only the seed's type.
    fn default() -> Self {
        Expect::Only(OperationType::Seed)
    }
}

/// One export operation of any of the three types.
///
/// ```
/// use caseexport::{Expect, ExportOperation, OperationType, ReadOptions};
/// let doc = br##"{"@odata.type":"microsoft.graph.security.ediscoveryExportOperation","id":"1","status":"running"}"##;
/// let any = Expect::Any(OperationType::Seed);
/// let op = ExportOperation::from_json_with(doc, &ReadOptions::lenient(), any)?;
/// assert_eq!(op.operation_type(), OperationType::Security);
/// let updated = op.apply_json(br#"{"status":"succeeded"}"#, &ReadOptions::strict())?;
/// assert_eq!(op.diff(&updated)?.to_vec(),
///     br##"{"@odata.type":"#microsoft.graph.security.ediscoveryExportOperation","status":"succeeded"}"##);
/// // Asked for the seed's type only, the document is another type's:
/// let only = Expect::Only(OperationType::Seed);
/// assert!(ExportOperation::from_json_with(doc, &ReadOptions::lenient(), only).is_err());
/// # Ok::<(), caseexport::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum ExportOperation {
    /// The seed's type.
    Seed(Box<CaseExportOperation>),
    /// The beta compliance type.
    Ediscovery(Box<EdiscoveryCaseExportOperation>),
    /// The security type.
    Security(Box<SecurityExportOperation>),
}

/// A PATCH body of one of the three types.
#[derive(Clone, Debug, PartialEq)]
pub enum ExportPatch {
    /// For the seed's type.
    Seed(Patch<CaseExportOperation>),
    /// For the beta compliance type.
    Ediscovery(Patch<EdiscoveryCaseExportOperation>),
    /// For the security type.
    Security(Patch<SecurityExportOperation>),
}

/// One error at `path`.
fn one_error(path: &str, code: ErrorCode, message: String) -> Error {
    Error::new(
        vec![ErrorDetail {
            path: path.to_owned(),
            code,
            message,
        }],
        false,
    )
}

/// Runs `$body` with `$op` bound to the typed value of each variant.
macro_rules! each {
    ($e:expr, $Enum:ident, |$op:ident| $body:expr) => {
        match $e {
            $Enum::Seed($op) => $body,
            $Enum::Ediscovery($op) => $body,
            $Enum::Security($op) => $body,
        }
    };
}

impl ExportOperation {
    /// Reads a document leniently as [`Expect::Any`] (default: the seed's type).
    pub fn from_json(bytes: &[u8]) -> Result<ExportOperation, Error> {
        Self::from_json_with(
            bytes,
            &ReadOptions::lenient(),
            Expect::Any(OperationType::Seed),
        )
    }

    /// Reads a document as `expect` says, with the given mode and limits.
    pub fn from_json_with(
        bytes: &[u8],
        opts: &ReadOptions,
        expect: Expect,
    ) -> Result<ExportOperation, Error> {
        let ty = match expect {
            Expect::Only(t) => t,
            Expect::Any(default) => crate::read::top_level_odata_type(bytes)
                .and_then(|name| OperationType::from_odata_type(&name))
                .unwrap_or(default),
        };
        Self::read_as(bytes, opts, ty)
    }

    fn read_as(bytes: &[u8], opts: &ReadOptions, ty: OperationType) -> Result<Self, Error> {
        // A selected type reads only its own name (the seed's alias is
        // read by the seed's own entry points only).
        let opts = &opts.own_name_only();
        Ok(match ty {
            OperationType::Seed => {
                ExportOperation::Seed(CaseExportOperation::from_json_boxed(bytes, opts)?)
            }
            OperationType::Ediscovery => ExportOperation::Ediscovery(
                EdiscoveryCaseExportOperation::from_json_boxed(bytes, opts)?,
            ),
            OperationType::Security => {
                ExportOperation::Security(SecurityExportOperation::from_json_boxed(bytes, opts)?)
            }
        })
    }

    /// The operation's type.
    pub fn operation_type(&self) -> OperationType {
        match self {
            ExportOperation::Seed(_) => OperationType::Seed,
            ExportOperation::Ediscovery(_) => OperationType::Ediscovery,
            ExportOperation::Security(_) => OperationType::Security,
        }
    }

    /// The `@odata.type` it is written with (the one it was read with).
    pub fn odata_type(&self) -> &'static str {
        each!(self, ExportOperation, |op| op.odata_type())
    }

    /// The key, when present.
    pub fn id(&self) -> Option<&str> {
        each!(self, ExportOperation, |op| Resource::id(&**op))
    }

    /// The canonical JSON bytes.
    pub fn to_json(&self) -> Vec<u8> {
        each!(self, ExportOperation, |op| op.to_json())
    }

    /// The state and value of the declared property called `name` (wire or
    /// snake-case name); `None` when the operation's type declares none.
    ///
    /// ```
    /// use caseexport::{ExportOperation, Field, ValueRef};
    /// let op = ExportOperation::from_json(
    ///     br##"{"@odata.type":"#microsoft.graph.security.ediscoveryExportOperation","exportStructure":"msg"}"##)?;
    /// assert!(matches!(op.get("export_structure"), Some(Field::Value(ValueRef::Enum { wire: "msg", .. }))));
    /// assert_eq!(op.get("outputName"), Some(Field::Absent));
    /// assert_eq!(op.get("colour"), None);
    /// # Ok::<(), caseexport::Error>(())
    /// ```
    pub fn get(&self, name: &str) -> Option<crate::Field<crate::ValueRef<'_>>> {
        match self {
            ExportOperation::Seed(op) => crate::Property::from_name(name).map(|p| op.get(p)),
            ExportOperation::Ediscovery(op) => {
                crate::EdiscoveryProperty::from_name(name).map(|p| op.get(p))
            }
            ExportOperation::Security(op) => {
                crate::SecurityProperty::from_name(name).map(|p| op.get(p))
            }
        }
    }

    /// The snake-case names of the type's declared properties, in canonical order.
    pub fn property_names(&self) -> Vec<&'static str> {
        match self {
            ExportOperation::Seed(_) => crate::Property::ALL
                .iter()
                .map(|p| p.snake_name())
                .collect(),
            ExportOperation::Ediscovery(_) => crate::EdiscoveryProperty::ALL
                .iter()
                .map(|p| p.snake_name())
                .collect(),
            ExportOperation::Security(_) => crate::SecurityProperty::ALL
                .iter()
                .map(|p| p.snake_name())
                .collect(),
        }
    }

    /// Reads a PATCH body as this operation's type and applies it,
    /// returning the updated operation (all or nothing).
    pub fn apply_json(&self, patch: &[u8], opts: &ReadOptions) -> Result<Self, Error> {
        let opts = &opts.own_name_only();
        Ok(match self {
            ExportOperation::Seed(op) => {
                ExportOperation::Seed(Box::new(op.apply_json(patch, opts)?))
            }
            ExportOperation::Ediscovery(op) => {
                ExportOperation::Ediscovery(Box::new(op.apply_json(patch, opts)?))
            }
            ExportOperation::Security(op) => {
                ExportOperation::Security(Box::new(op.apply_json(patch, opts)?))
            }
        })
    }

    /// Applies a typed patch; `typeMismatch` when it is for another type.
    pub fn apply(&self, patch: &ExportPatch) -> Result<Self, Error> {
        Ok(match (self, patch) {
            (ExportOperation::Seed(op), ExportPatch::Seed(p)) => {
                ExportOperation::Seed(Box::new(op.apply(p)?))
            }
            (ExportOperation::Ediscovery(op), ExportPatch::Ediscovery(p)) => {
                ExportOperation::Ediscovery(Box::new(op.apply(p)?))
            }
            (ExportOperation::Security(op), ExportPatch::Security(p)) => {
                ExportOperation::Security(Box::new(op.apply(p)?))
            }
            _ => return Err(mismatch(self.operation_type(), patch.operation_type())),
        })
    }

    /// The minimal patch from `self` to `target` (see [`diff`](crate::diff)),
    /// of their type, naming `self`'s `@odata.type`; `typeMismatch` at
    /// `/@odata.type` when the two are of different types.
    pub fn diff(&self, target: &ExportOperation) -> Result<ExportPatch, Error> {
        Ok(match (self, target) {
            (ExportOperation::Seed(b), ExportOperation::Seed(t)) => {
                ExportPatch::Seed(crate::diff(&**b, &**t)?)
            }
            (ExportOperation::Ediscovery(b), ExportOperation::Ediscovery(t)) => {
                ExportPatch::Ediscovery(crate::diff(&**b, &**t)?)
            }
            (ExportOperation::Security(b), ExportOperation::Security(t)) => {
                ExportPatch::Security(crate::diff(&**b, &**t)?)
            }
            _ => return Err(mismatch(self.operation_type(), target.operation_type())),
        })
    }
}

fn mismatch(want: OperationType, got: OperationType) -> Error {
    one_error(
        "/@odata.type",
        ErrorCode::TypeMismatch,
        format!(
            "a {} cannot be compared with or patched by a {}",
            want.name(),
            got.name()
        ),
    )
}

impl ExportPatch {
    /// An empty patch for `ty`.
    pub fn empty(ty: OperationType) -> ExportPatch {
        match ty {
            OperationType::Seed => ExportPatch::Seed(Patch::empty()),
            OperationType::Ediscovery => ExportPatch::Ediscovery(Patch::empty()),
            OperationType::Security => ExportPatch::Security(Patch::empty()),
        }
    }

    /// Reads a PATCH body of type `ty` (its `@odata.type`, when present,
    /// must name `ty`).
    pub fn read(bytes: &[u8], opts: &ReadOptions, ty: OperationType) -> Result<Self, Error> {
        let opts = &opts.own_name_only();
        Ok(match ty {
            OperationType::Seed => ExportPatch::Seed(Patch::read(bytes, opts)?),
            OperationType::Ediscovery => ExportPatch::Ediscovery(Patch::read(bytes, opts)?),
            OperationType::Security => ExportPatch::Security(Patch::read(bytes, opts)?),
        })
    }

    /// Reads a PATCH body as `expect` says: [`Expect::Any`] takes the type
    /// the body's `@odata.type` names (the given one when it names none).
    pub fn from_json_with(bytes: &[u8], opts: &ReadOptions, expect: Expect) -> Result<Self, Error> {
        let ty = match expect {
            Expect::Only(t) => t,
            Expect::Any(default) => OperationType::named_by(bytes).unwrap_or(default),
        };
        Self::read(bytes, opts, ty)
    }

    /// Sets the declared property `name` (wire or snake-case name) from the
    /// JSON text of its value, as [`Patch::set_json`] does (`null` clears
    /// it). `unknownProperty` at `/<name>` when the type declares no such
    /// property. On error the patch is unchanged.
    ///
    /// ```
    /// use caseexport::{ExportPatch, OperationType, ReadOptions};
    /// let mut p = ExportPatch::empty(OperationType::Security);
    /// p.set_json("export_structure", br#""msg""#, &ReadOptions::strict())?;
    /// assert_eq!(p.to_vec(),
    ///     br##"{"@odata.type":"#microsoft.graph.security.ediscoveryExportOperation","exportStructure":"msg"}"##);
    /// assert!(p.set_json("colour", b"1", &ReadOptions::strict()).is_err());
    /// # Ok::<(), caseexport::Error>(())
    /// ```
    pub fn set_json(&mut self, name: &str, value: &[u8], opts: &ReadOptions) -> Result<(), Error> {
        let type_name = self.operation_type().name();
        let unknown = || {
            let mut path = String::from("/");
            crate::error::push_escaped(&mut path, name);
            one_error(
                &path,
                ErrorCode::UnknownProperty,
                format!(
                    "{} has no property {}",
                    type_name,
                    crate::error::Quoted(name)
                ),
            )
        };
        match self {
            ExportPatch::Seed(p) => {
                let prop = crate::Property::from_name(name).ok_or_else(unknown)?;
                p.set_json(prop, value, opts)
            }
            ExportPatch::Ediscovery(p) => {
                let prop = crate::EdiscoveryProperty::from_name(name).ok_or_else(unknown)?;
                p.set_json(prop, value, opts)
            }
            ExportPatch::Security(p) => {
                let prop = crate::SecurityProperty::from_name(name).ok_or_else(unknown)?;
                p.set_json(prop, value, opts)
            }
        }
    }

    /// The patch's type.
    pub fn operation_type(&self) -> OperationType {
        match self {
            ExportPatch::Seed(_) => OperationType::Seed,
            ExportPatch::Ediscovery(_) => OperationType::Ediscovery,
            ExportPatch::Security(_) => OperationType::Security,
        }
    }

    /// Whether the body starts with `@odata.type` (default `true`).
    #[must_use]
    pub fn with_odata_type(self, yes: bool) -> Self {
        match self {
            ExportPatch::Seed(p) => ExportPatch::Seed(p.with_odata_type(yes)),
            ExportPatch::Ediscovery(p) => ExportPatch::Ediscovery(p.with_odata_type(yes)),
            ExportPatch::Security(p) => ExportPatch::Security(p.with_odata_type(yes)),
        }
    }

    /// `true` when the patch changes nothing.
    pub fn is_empty(&self) -> bool {
        each!(self, ExportPatch, |p| p.is_empty())
    }

    /// The canonical bytes of this PATCH body.
    pub fn to_vec(&self) -> Vec<u8> {
        each!(self, ExportPatch, |p| p.to_vec())
    }

    /// Refuses the evolvable enum members a client must ask for: a property
    /// this patch sets to a member that
    /// [`ExportOperation::hide_evolvable_members`] would hide (one declared
    /// after `unknownFutureValue`, or one this version does not know) is an
    /// `invalidEnumMember` error at its path. A service applies this to
    /// PATCH requests sent without `Prefer: include-unknown-enum-members`,
    /// as Microsoft Graph does.
    ///
    /// ```
    /// use caseexport::{ErrorCode, ExportPatch, OperationType, ReadOptions};
    /// let body = br#"{"exportStructure":"msg","outputName":"x"}"#;
    /// let patch = ExportPatch::read(body, &ReadOptions::strict(), OperationType::Security)?;
    /// let err = patch.check_hidden_members().unwrap_err();
    /// assert_eq!((err.details()[0].path.as_str(), err.details()[0].code),
    ///            ("/exportStructure", ErrorCode::InvalidEnumMember));
    /// let plain = ExportPatch::read(br#"{"exportStructure":"pst"}"#, &ReadOptions::strict(), OperationType::Security)?;
    /// assert!(plain.check_hidden_members().is_ok());
    /// # Ok::<(), caseexport::Error>(())
    /// ```
    pub fn check_hidden_members(&self) -> Result<(), Error> {
        // The properties whose state hiding changes, by wire name.
        macro_rules! hidden {
            ($patch:expr, $P:ty) => {{
                let props = $patch.properties();
                let mut shown = props.clone();
                if shown.hide_evolvable_members() {
                    <$P>::ALL
                        .iter()
                        .filter(|&&p| props.get(p) != shown.get(p))
                        .map(|p| p.wire_name())
                        .collect::<Vec<_>>()
                } else {
                    Vec::new()
                }
            }};
        }
        let names = match self {
            ExportPatch::Seed(p) => hidden!(p, crate::Property),
            ExportPatch::Ediscovery(p) => hidden!(p, crate::EdiscoveryProperty),
            ExportPatch::Security(p) => hidden!(p, crate::SecurityProperty),
        };
        if names.is_empty() {
            return Ok(());
        }
        let details = names
            .into_iter()
            .map(|name| ErrorDetail {
                path: format!("/{name}"),
                code: ErrorCode::InvalidEnumMember,
                message: format!(
                    "{name} is set to a member that is sent only with \"Prefer: {}\"",
                    crate::INCLUDE_UNKNOWN_ENUM_MEMBERS
                ),
            })
            .collect();
        Err(Error::new(details, false))
    }
}

/// An element of an operations list page.
#[derive(Clone, Debug, PartialEq)]
pub enum ListedOperation {
    /// An export operation, typed.
    Export(ExportOperation),
    /// Another operation type of the beta compliance namespace, read as its
    /// base `ediscovery.caseOperation` (its own members kept in `extra`).
    Ediscovery(Box<EdiscoveryCaseOperation>),
    /// Another operation type of the security namespace, read as its base
    /// `security.caseOperation` (its own members kept in `extra`).
    Security(Box<SecurityCaseOperation>),
}

impl ListedOperation {
    /// The `@odata.type` it is written with.
    pub fn odata_type(&self) -> &'static str {
        match self {
            ListedOperation::Export(op) => op.odata_type(),
            ListedOperation::Ediscovery(op) => op.odata_type(),
            ListedOperation::Security(op) => op.odata_type(),
        }
    }

    /// The key, when present.
    pub fn id(&self) -> Option<&str> {
        match self {
            ListedOperation::Export(op) => op.id(),
            ListedOperation::Ediscovery(op) => Resource::id(&**op),
            ListedOperation::Security(op) => Resource::id(&**op),
        }
    }

    /// The export operation, when it is one.
    pub fn as_export(&self) -> Option<&ExportOperation> {
        match self {
            ListedOperation::Export(op) => Some(op),
            _ => None,
        }
    }

    /// The canonical JSON bytes.
    pub fn to_json(&self) -> Vec<u8> {
        match self {
            ListedOperation::Export(op) => op.to_json(),
            ListedOperation::Ediscovery(op) => op.to_json(),
            ListedOperation::Security(op) => op.to_json(),
        }
    }
}

/// A page of `GET …/operations`: `@odata.context`, the operations (`value`),
/// and `@odata.nextLink` when there are more.
///
/// ```
/// use caseexport::{OperationType, OperationsPage, ReadOptions};
/// let page = br##"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#x","value":[
///   {"@odata.type":"#microsoft.graph.security.ediscoveryExportOperation","id":"1","status":"succeeded"},
///   {"@odata.type":"#microsoft.graph.security.ediscoveryEstimateOperation","id":"2","mailboxCount":3}],
///   "@odata.nextLink":"https://graph.microsoft.com/v1.0/next"}"##;
/// let page = OperationsPage::from_json_with(page, &ReadOptions::strict(), OperationType::Security)?;
/// assert_eq!(page.next_link.as_deref(), Some("https://graph.microsoft.com/v1.0/next"));
/// assert!(page.value[0].as_export().is_some());
/// assert!(page.value[1].as_export().is_none());
/// assert!(String::from_utf8(page.value[1].to_json()).unwrap().ends_with(r#""id":"2","mailboxCount":3}"#));
/// # Ok::<(), caseexport::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Default)]
pub struct OperationsPage {
    /// `@odata.context`, when present.
    pub context: Option<String>,
    /// The operations, in order.
    pub value: Vec<ListedOperation>,
    /// `@odata.nextLink`: the URL of the next page, when there is one.
    pub next_link: Option<String>,
    /// Other annotations of the page (`@odata.count`, …), in arrival order.
    pub annotations: Members,
    /// Other members of the page (lenient reading), in arrival order.
    pub unknown: Members,
}

impl OperationsPage {
    /// Reads a page leniently; elements without `@odata.type` are the seed's type.
    pub fn from_json(bytes: &[u8]) -> Result<OperationsPage, Error> {
        Self::from_json_with(bytes, &ReadOptions::lenient(), OperationType::Seed)
    }

    /// Reads a page with the given mode and limits. Each element is read
    /// as the type its `@odata.type` names (an export operation typed,
    /// another operation type as its namespace's base `caseOperation`), as
    /// `default` when it names none; errors carry the element's path
    /// (`/value/2/status`).
    pub fn from_json_with(
        bytes: &[u8],
        opts: &ReadOptions,
        default: OperationType,
    ) -> Result<OperationsPage, Error> {
        use crate::read::PageMember;
        let Some(members) = crate::read::read_page(bytes, opts, "value")? else {
            return Err(one_error(
                "",
                ErrorCode::InvalidType,
                "an operations page must be a JSON object".to_owned(),
            ));
        };
        let strict = opts.mode == crate::Mode::Strict;
        let mut page = OperationsPage::default();
        // One list for the whole page: its caps (count and bytes) bound the
        // page's errors, whatever each element reports.
        let mut errors = Errors::with_budget(opts.max_errors, opts.max_error_bytes);
        for (key, member) in members {
            if errors.is_truncated() {
                break;
            }
            let mut path = String::from("/");
            crate::error::push_escaped(&mut path, &key);
            let v = match member {
                PageMember::Items(spans) => {
                    for (i, span) in spans.into_iter().enumerate() {
                        if errors.is_truncated() {
                            break;
                        }
                        // The element's own bytes: nothing is written out
                        // and read again.
                        match read_element(&bytes[span], opts, default) {
                            Ok(op) => page.value.push(op),
                            Err(e) => errors.append_under(&format!("/value/{i}"), e),
                        }
                    }
                    continue;
                }
                PageMember::Value(v) => v,
            };
            match (key.as_str(), v) {
                ("@odata.context", Json::String(s)) => page.context = Some(s),
                ("@odata.nextLink", Json::String(s)) => page.next_link = Some(s),
                ("@odata.context" | "@odata.nextLink", _) => errors.push_pointer(
                    path,
                    ErrorCode::InvalidType,
                    format!("{key} must be a string"),
                ),
                ("value", _) => errors.push_pointer(
                    path,
                    ErrorCode::InvalidType,
                    "value must be an array of operations",
                ),
                (k, v) if k.contains('@') => page.annotations.insert(k, v),
                (k, v) if !strict => page.unknown.insert(k, v),
                (k, _) => errors.push_pointer(
                    path,
                    ErrorCode::UnknownProperty,
                    format!(
                        "an operations page has no member {}",
                        crate::error::Quoted(k)
                    ),
                ),
            }
        }
        errors.into_result()?;
        Ok(page)
    }

    /// The canonical JSON of the page: `@odata.context`, the other
    /// annotations, `value` (each element canonical), `@odata.nextLink`,
    /// then the other members.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w = crate::write::ObjectWriter::new(&mut out);
        if let Some(c) = &self.context {
            crate::write::write_str(w.key("@odata.context"), c);
        }
        w.members(&self.annotations);
        let o = w.key("value");
        o.push(b'[');
        for (i, op) in self.value.iter().enumerate() {
            if i > 0 {
                o.push(b',');
            }
            o.extend_from_slice(&op.to_json());
        }
        o.push(b']');
        if let Some(n) = &self.next_link {
            crate::write::write_str(w.key("@odata.nextLink"), n);
        }
        w.members(&self.unknown);
        w.end();
        out
    }
}

/// One element of a page, read from its own bytes by its `@odata.type`.
fn read_element(
    bytes: &[u8],
    opts: &ReadOptions,
    default: OperationType,
) -> Result<ListedOperation, Error> {
    if bytes.first() != Some(&b'{') {
        return Err(one_error(
            "",
            ErrorCode::InvalidType,
            "an operation must be a JSON object".to_owned(),
        ));
    }
    // `None` also when `@odata.type` is not a string: the typed reader of
    // the default type reports it.
    let Some(name) = crate::read::top_level_odata_type(bytes) else {
        return ExportOperation::from_json_with(bytes, opts, Expect::Only(default))
            .map(ListedOperation::Export);
    };
    if let Some(ty) = OperationType::from_odata_type(&name) {
        return ExportOperation::from_json_with(bytes, opts, Expect::Only(ty))
            .map(ListedOperation::Export);
    }
    let short = name.strip_prefix('#').unwrap_or(&name);
    let is = |names: &[&str]| names.iter().any(|n| &n[1..] == short);
    if is(EdiscoveryCaseOperation::TYPE_NAMES) {
        EdiscoveryCaseOperation::from_json_boxed(bytes, opts).map(ListedOperation::Ediscovery)
    } else if is(SecurityCaseOperation::TYPE_NAMES) {
        SecurityCaseOperation::from_json_boxed(bytes, opts).map(ListedOperation::Security)
    } else {
        Err(one_error(
            "/@odata.type",
            ErrorCode::TypeMismatch,
            format!(
                "@odata.type {} does not name an operation type",
                crate::error::Quoted(&name)
            ),
        ))
    }
}
