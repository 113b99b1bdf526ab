//! Errors: the stable error codes of SPEC §4, one error detail per problem
//! (JSON Pointer path, code, message), and [`Error`], which carries all the
//! details of one document.

use std::fmt;

/// A stable error code, the same string in Rust, C, Python and the CLI.
///
/// ```
/// use caseexport::ErrorCode;
/// assert_eq!(ErrorCode::OutOfRange.as_str(), "outOfRange");
/// assert_eq!("invalidType".parse::<ErrorCode>(), Ok(ErrorCode::InvalidType));
/// ```
///
/// The set is fixed by the specification, so the enum is exhaustive: a new
/// code is a breaking change that every binding's `match` must handle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// Malformed JSON or invalid UTF-8.
    InvalidJson,
    /// A PATCH body that is not a JSON object.
    InvalidPatch,
    /// A member the type does not declare (strict mode).
    UnknownProperty,
    /// An attempt to change a read-only property (`id`).
    ReadOnlyProperty,
    /// A value of the wrong JSON type.
    InvalidType,
    /// A string that is not a member of the enumeration or flags type.
    InvalidEnumMember,
    /// A string that is not a valid DateTimeOffset.
    InvalidDateTime,
    /// A number outside the property's range.
    OutOfRange,
    /// A member name that appears twice in one object.
    DuplicateProperty,
    /// An `@odata.type` that names another type.
    TypeMismatch,
    /// A document larger, deeper or with more errors than the configured limits.
    LimitExceeded,
    /// A diff target that RFC 7396 cannot express.
    Unrepresentable,
}

impl ErrorCode {
    /// Every code, in SPEC order.
    pub const ALL: [ErrorCode; 12] = [
        ErrorCode::InvalidJson,
        ErrorCode::InvalidPatch,
        ErrorCode::UnknownProperty,
        ErrorCode::ReadOnlyProperty,
        ErrorCode::InvalidType,
        ErrorCode::InvalidEnumMember,
        ErrorCode::InvalidDateTime,
        ErrorCode::OutOfRange,
        ErrorCode::DuplicateProperty,
        ErrorCode::TypeMismatch,
        ErrorCode::LimitExceeded,
        ErrorCode::Unrepresentable,
    ];

    /// The stable wire string of this code.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalidJson",
            ErrorCode::InvalidPatch => "invalidPatch",
            ErrorCode::UnknownProperty => "unknownProperty",
            ErrorCode::ReadOnlyProperty => "readOnlyProperty",
            ErrorCode::InvalidType => "invalidType",
            ErrorCode::InvalidEnumMember => "invalidEnumMember",
            ErrorCode::InvalidDateTime => "invalidDateTime",
            ErrorCode::OutOfRange => "outOfRange",
            ErrorCode::DuplicateProperty => "duplicateProperty",
            ErrorCode::TypeMismatch => "typeMismatch",
            ErrorCode::LimitExceeded => "limitExceeded",
            ErrorCode::Unrepresentable => "unrepresentable",
        }
    }

    /// `true` for codes that mean the input is not usable JSON at all
    /// (malformed, duplicate members, over a size or depth limit), as opposed
    /// to JSON that does not describe a valid operation or patch.
    pub const fn is_parse_error(self) -> bool {
        matches!(
            self,
            ErrorCode::InvalidJson | ErrorCode::DuplicateProperty | ErrorCode::LimitExceeded
        )
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The string was not one of the stable error codes.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown error code")]
pub struct UnknownErrorCode;

impl std::str::FromStr for ErrorCode {
    type Err = UnknownErrorCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ErrorCode::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or(UnknownErrorCode)
    }
}

/// One problem in a document: where (JSON Pointer), what (code), and a
/// human-readable message. Messages never contain secret values.
///
/// Displays as `PATH CODE MESSAGE`. The whole document's path is the empty
/// JSON Pointer (RFC 6901), which displays as `""` so that the line keeps
/// three fields (`/` would be the pointer of a member named `""`).
///
/// ```
/// use caseexport::Patch;
/// let err = Patch::from_json(b"[1]").unwrap_err();
/// assert_eq!(err.details()[0].path, "");
/// assert_eq!(err.details()[0].to_string(), r#""" invalidPatch a PATCH body must be a JSON object, found an array"#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorDetail {
    /// RFC 6901 JSON Pointer to the offending member (`""` is the whole document).
    pub path: String,
    /// The stable code.
    pub code: ErrorCode,
    /// A message for humans; its wording is not part of the stable API.
    pub message: String,
}

impl fmt::Display for ErrorDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The whole document's pointer is the empty string: shown quoted,
        // as JSON writes it, so that the line keeps its first field.
        let path = if self.path.is_empty() {
            "\"\""
        } else {
            &self.path
        };
        write!(f, "{} {} {}", path, self.code, self.message)
    }
}

/// All the problems found in one document, patch or diff (at least one).
///
/// Displays as the first detail plus a count; iterate [`Error::details`] for all.
///
/// ```
/// use caseexport::{CaseExportOperation, ErrorCode};
/// let err = CaseExportOperation::from_json(br#"{"percentProgress":"ten","status":"done"}"#).unwrap_err();
/// let codes: Vec<_> = err.details().iter().map(|d| (d.path.as_str(), d.code)).collect();
/// assert_eq!(codes, [("/percentProgress", ErrorCode::InvalidType)]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct Error {
    details: Vec<ErrorDetail>,
    truncated: bool,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.details.first() {
            Some(first) => write!(f, "{first}")?,
            None => f.write_str("invalid input")?,
        }
        let more = self.details.len().saturating_sub(1);
        if more > 0 || self.truncated {
            write!(
                f,
                " (and {more}{} more)",
                if self.truncated { "+" } else { "" }
            )?;
        }
        Ok(())
    }
}

impl Error {
    pub(crate) fn new(details: Vec<ErrorDetail>, truncated: bool) -> Self {
        debug_assert!(!details.is_empty());
        Error { details, truncated }
    }

    /// Every problem found, in document order.
    pub fn details(&self) -> &[ErrorDetail] {
        &self.details
    }

    /// `true` when more problems existed than the error cap allowed to report.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// `true` when the input was not usable JSON (see [`ErrorCode::is_parse_error`]).
    pub fn is_parse_error(&self) -> bool {
        self.details.iter().any(|d| d.code.is_parse_error())
    }

    /// Renders this error as the body of a Microsoft Graph `400 Bad Request`:
    /// `{"error":{"code":"BadRequest","message":…,"details":[{"code":…,"target":…,"message":…}]}}`.
    /// `target` is the JSON Pointer without its leading `/`.
    ///
    /// ```
    /// use caseexport::Patch;
    /// let err = Patch::from_json(br#"{"percentProgress":"x"}"#).unwrap_err();
    /// let body = String::from_utf8(err.to_graph_error_body()).unwrap();
    /// assert!(body.starts_with(r#"{"error":{"code":"BadRequest","#));
    /// assert!(body.contains(r#"{"code":"invalidType","target":"percentProgress","#));
    /// ```
    pub fn to_graph_error_body(&self) -> Vec<u8> {
        use crate::write::write_str;
        let mut out = Vec::with_capacity(64 + 96 * self.details.len());
        out.extend_from_slice(br#"{"error":{"code":"BadRequest","message":"#);
        let summary = match self.details.len() {
            1 => "The request body is invalid: 1 error.".to_owned(),
            n => format!("The request body is invalid: {n} errors."),
        };
        write_str(&mut out, &summary);
        out.extend_from_slice(br#","details":["#);
        for (i, d) in self.details.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(br#"{"code":"#);
            write_str(&mut out, d.code.as_str());
            out.extend_from_slice(br#","target":"#);
            write_str(&mut out, d.path.strip_prefix('/').unwrap_or(&d.path));
            out.extend_from_slice(br#","message":"#);
            write_str(&mut out, &d.message);
            out.push(b'}');
        }
        out.extend_from_slice(b"]}}");
        out
    }
}

/// Longest piece of input text (a member name, a value) quoted whole in an
/// error path or message, in bytes. Longer text keeps its first bytes (at
/// most this many, cut at a character boundary) followed by the marker
/// `…(+N bytes)`, where `N` is how many bytes were left out. This bounds every
/// path step and every quoted value whatever the input holds.
///
/// ```
/// use caseexport::{CaseExportOperation, ReadOptions, MAX_QUOTED_BYTES};
/// let name = "n".repeat(1000);
/// let doc = format!(r#"{{"{name}":1}}"#);
/// let err = CaseExportOperation::from_json_with(doc.as_bytes(), &ReadOptions::strict()).unwrap_err();
/// let path = &err.details()[0].path;
/// assert_eq!(*path, format!("/{}…(+{} bytes)", &name[..MAX_QUOTED_BYTES], 1000 - MAX_QUOTED_BYTES));
/// ```
pub const MAX_QUOTED_BYTES: usize = 64;

/// `text` cut to at most [`MAX_QUOTED_BYTES`] bytes at a character boundary,
/// and the number of bytes left out (0 when it is whole).
fn shortened(text: &str) -> (&str, usize) {
    if text.len() <= MAX_QUOTED_BYTES {
        return (text, 0);
    }
    let mut cut = MAX_QUOTED_BYTES;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    (&text[..cut], text.len() - cut)
}

/// Appends the shortening marker for `omitted` bytes (nothing when 0).
fn push_marker(out: &mut String, omitted: usize) {
    if omitted > 0 {
        out.push_str("…(+");
        out.push_str(itoa::Buffer::new().format(omitted));
        out.push_str(" bytes)");
    }
}

/// A piece of input text for an error message: quoted and escaped like
/// Rust's `{:?}`, shortened past [`MAX_QUOTED_BYTES`], with the marker after
/// the closing quote (`"abc"…(+N bytes)`).
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (head, omitted) = shortened(self.0);
        write!(f, "{head:?}")?;
        if omitted > 0 {
            write!(f, "…(+{omitted} bytes)")?;
        }
        Ok(())
    }
}

/// A location in a document, built on the stack while reading so that no
/// path string is allocated unless an error is reported.
#[derive(Clone, Copy)]
pub(crate) enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    /// The RFC 6901 JSON Pointer of this location, with member names longer
    /// than [`MAX_QUOTED_BYTES`] shortened (see there).
    pub(crate) fn pointer(&self) -> String {
        let mut out = String::new();
        self.write_pointer(&mut out);
        out
    }

    fn write_pointer(&self, out: &mut String) {
        match *self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.write_pointer(out);
                out.push('/');
                push_escaped(out, key);
            }
            Path::Index(parent, i) => {
                parent.write_pointer(out);
                out.push('/');
                out.push_str(itoa::Buffer::new().format(i));
            }
        }
    }
}

/// Appends one RFC 6901 reference token (`~` → `~0`, `/` → `~1`) for an
/// error path, shortened past [`MAX_QUOTED_BYTES`] with the marker.
pub(crate) fn push_escaped(out: &mut String, key: &str) {
    let (head, omitted) = shortened(key);
    for c in head.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    push_marker(out, omitted);
}

/// Default of [`ReadOptions::max_error_bytes`](crate::ReadOptions::max_error_bytes):
/// 64 KiB of error text (paths and messages) per input.
pub const DEFAULT_MAX_ERROR_BYTES: usize = 64 * 1024;

/// Collects error details up to a cap on their number and on the bytes of
/// their text (paths plus messages), in the order they are found. The first
/// detail is always kept; once one does not fit, it and every later one are
/// left out and the result is marked truncated, so the details kept are
/// always the first ones found.
pub(crate) struct Errors {
    details: Vec<ErrorDetail>,
    cap: usize,
    bytes_left: usize,
    truncated: bool,
}

impl Errors {
    /// At most `cap` details (at least 1) and the default byte budget.
    pub(crate) fn new(cap: usize) -> Self {
        Self::with_budget(cap, DEFAULT_MAX_ERROR_BYTES)
    }

    /// At most `cap` details (at least 1) holding at most `max_bytes` of
    /// path and message text (the first detail is kept whatever its size).
    pub(crate) fn with_budget(cap: usize, max_bytes: usize) -> Self {
        Errors {
            details: Vec::new(),
            cap: cap.max(1),
            bytes_left: max_bytes,
            truncated: false,
        }
    }

    /// `true` once no further detail will be kept.
    fn full(&self) -> bool {
        self.truncated || self.details.len() >= self.cap
    }

    pub(crate) fn push(&mut self, path: &Path<'_>, code: ErrorCode, message: impl Into<String>) {
        // Checked first: past the cap, no path is built at all.
        if self.full() {
            self.truncated = true;
            return;
        }
        self.push_pointer(path.pointer(), code, message);
    }

    pub(crate) fn push_pointer(
        &mut self,
        path: String,
        code: ErrorCode,
        message: impl Into<String>,
    ) {
        if self.full() {
            self.truncated = true;
            return;
        }
        let message = message.into();
        let size = path.len() + message.len();
        if size > self.bytes_left && !self.details.is_empty() {
            self.truncated = true;
            return;
        }
        self.bytes_left = self.bytes_left.saturating_sub(size);
        self.details.push(ErrorDetail {
            path,
            code,
            message,
        });
    }

    /// Adds `other`'s details after these, within this list's caps.
    pub(crate) fn append(&mut self, other: Errors) {
        for d in other.details {
            self.push_pointer(d.path, d.code, d.message);
        }
        self.truncated |= other.truncated;
    }

    /// Adds `other`'s details after these, each path behind `prefix` (a
    /// JSON Pointer, already escaped and shortened), within this list's caps.
    pub(crate) fn append_under(&mut self, prefix: &str, other: Error) {
        for d in other.details {
            if self.full() {
                self.truncated = true;
                break;
            }
            self.push_pointer(format!("{prefix}{}", d.path), d.code, d.message);
        }
        self.truncated |= other.truncated;
    }

    /// `true` once a detail has been left out: nothing more will be kept.
    pub(crate) fn is_truncated(&self) -> bool {
        self.truncated
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.details.is_empty()
    }

    /// `Ok(())` when nothing was reported.
    pub(crate) fn into_result(self) -> Result<(), Error> {
        if self.details.is_empty() {
            Ok(())
        } else {
            Err(Error::new(self.details, self.truncated))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_tilde_and_slash() {
        let root = Path::Root;
        let a = Path::Key(&root, "a/b~c");
        let b = Path::Index(&a, 3);
        assert_eq!(b.pointer(), "/a~1b~0c/3");
        assert_eq!(root.pointer(), "");
    }

    #[test]
    fn codes_round_trip_through_strings() {
        for code in ErrorCode::ALL {
            assert_eq!(code.as_str().parse::<ErrorCode>(), Ok(code));
        }
        assert!("nope".parse::<ErrorCode>().is_err());
    }

    #[test]
    fn errors_are_capped_and_marked_truncated() {
        let mut e = Errors::new(2);
        for _ in 0..5 {
            e.push(&Path::Root, ErrorCode::InvalidType, "x");
        }
        let err = e.into_result().unwrap_err();
        assert_eq!(err.details().len(), 2);
        assert!(err.is_truncated());
        assert!(err.to_string().ends_with("(and 1+ more)"));
    }
}
