//! What a service answering the PATCH needs beyond validation and apply:
//! Graph error bodies for every status (with `innerError`), and evolvable
//! enum members hidden from clients that did not ask for them. The HTTP
//! server (`caseexport-server`) uses these; it holds no wire format itself.

use crate::enums::ExportOptions;
use crate::error::Error;
use crate::field::Field;
use crate::http::{status_code_name, GraphError, GraphErrorDetail};
use crate::write::write_str;

/// The `Prefer` header value with which a client asks to see the members of
/// evolvable enums that come after `unknownFutureValue`.
pub const INCLUDE_UNKNOWN_ENUM_MEMBERS: &str = "include-unknown-enum-members";

impl GraphError {
    /// A Graph error with a status, a code and a message, and nothing else.
    ///
    /// ```
    /// let e = caseexport::GraphError::new(404, "itemNotFound", "no such operation");
    /// assert_eq!((e.status, e.code.as_str()), (404, "itemNotFound"));
    /// ```
    pub fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> GraphError {
        GraphError {
            status,
            code: code.into(),
            message: message.into(),
            request_id: None,
            client_request_id: None,
            date: None,
            details: Vec::new(),
            retry_after: None,
        }
    }

    /// A Graph error whose code is the status's usual name (`412` →
    /// `PreconditionFailed`, `415` → `UnsupportedMediaType`, …).
    ///
    /// ```
    /// let e = caseexport::GraphError::for_status(415, "send application/json");
    /// assert_eq!(e.code, "UnsupportedMediaType");
    /// ```
    pub fn for_status(status: u16, message: impl Into<String>) -> GraphError {
        GraphError::new(status, status_code_name(status), message)
    }

    /// The `400 Bad Request` for an invalid PATCH body: one detail per error,
    /// `target` being the JSON Pointer without its leading `/` (the same
    /// details as [`Error::to_graph_error_body`]).
    ///
    /// ```
    /// use caseexport::{GraphError, Patch};
    /// let err = Patch::from_json(br#"{"percentProgress":"x","colour":1}"#).unwrap_err();
    /// let e = GraphError::bad_request(&err);
    /// assert_eq!((e.status, e.details.len()), (400, 2));
    /// assert_eq!(e.details[0].target.as_deref(), Some("percentProgress"));
    /// ```
    pub fn bad_request(error: &Error) -> GraphError {
        let n = error.details().len();
        let message = match n {
            1 => "The request body is invalid: 1 error.".to_owned(),
            n => format!("The request body is invalid: {n} errors."),
        };
        let mut e = GraphError::new(400, "BadRequest", message);
        e.details = error
            .details()
            .iter()
            .map(|d| GraphErrorDetail {
                code: d.code.as_str().to_owned(),
                target: Some(d.path.strip_prefix('/').unwrap_or(&d.path).to_owned()),
                message: d.message.clone(),
            })
            .collect();
        e
    }

    /// The error as Graph's JSON body:
    /// `{"error":{"code":…,"message":…,"details":[…],"innerError":{"date":…,"request-id":…,"client-request-id":…}}}`.
    /// `details` is written when there are any, `innerError` when any of its
    /// members is known. [`read_response`](crate::read_response) reads it back.
    ///
    /// ```
    /// use caseexport::{read_response, GraphError, Outcome};
    /// let mut e = GraphError::for_status(412, "The ETag does not match.");
    /// e.request_id = Some("r-1".into());
    /// e.date = Some("2024-05-14T09:12:31".into());
    /// let body = e.to_json();
    /// assert_eq!(
    ///     String::from_utf8(body.clone()).unwrap(),
    ///     r#"{"error":{"code":"PreconditionFailed","message":"The ETag does not match.","innerError":{"date":"2024-05-14T09:12:31","request-id":"r-1"}}}"#
    /// );
    /// assert_eq!(read_response(412, &[], &body).unwrap(), Outcome::Failed(e));
    /// ```
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(160 + 96 * self.details.len());
        out.extend_from_slice(br#"{"error":{"code":"#);
        write_str(&mut out, &self.code);
        out.extend_from_slice(br#","message":"#);
        write_str(&mut out, &self.message);
        if !self.details.is_empty() {
            out.extend_from_slice(br#","details":["#);
            for (i, d) in self.details.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(br#"{"code":"#);
                write_str(&mut out, &d.code);
                if let Some(target) = &d.target {
                    out.extend_from_slice(br#","target":"#);
                    write_str(&mut out, target);
                }
                out.extend_from_slice(br#","message":"#);
                write_str(&mut out, &d.message);
                out.push(b'}');
            }
            out.push(b']');
        }
        let inner = [
            ("date", &self.date),
            ("request-id", &self.request_id),
            ("client-request-id", &self.client_request_id),
        ];
        if inner.iter().any(|(_, v)| v.is_some()) {
            out.extend_from_slice(br#","innerError":{"#);
            let mut first = true;
            for (name, value) in inner {
                if let Some(value) = value {
                    if !first {
                        out.push(b',');
                    }
                    first = false;
                    write_str(&mut out, name);
                    out.push(b':');
                    write_str(&mut out, value);
                }
            }
            out.push(b'}');
        }
        out.extend_from_slice(b"}}");
        out
    }
}

/// Replaces a value by what `hidden` shows; `true` when it changed.
fn hide<T>(field: &mut Field<T>, hidden: impl Fn(&T) -> Option<T>) -> bool {
    match field {
        Field::Value(v) => match hidden(v) {
            Some(h) => {
                *v = h;
                true
            }
            None => false,
        },
        _ => false,
    }
}

impl crate::model::EdiscoveryCaseExportOperation {
    /// As [`CaseExportOperation::hide_evolvable_members`](crate::CaseExportOperation::hide_evolvable_members): `action`'s
    /// `purgeData` (after the sentinel) and unknown members show as
    /// `unknownFutureValue`, as do unknown `exportOptions` and
    /// `exportStructure` members. Returns `true` when anything changed.
    pub fn hide_evolvable_members(&mut self) -> bool {
        let a = hide(&mut self.action, |v| v.hidden());
        let s = hide(&mut self.export_structure, |v| v.hidden());
        let o = hide(&mut self.export_options, |o| {
            (!o.unknown().is_empty()).then(|| {
                ExportOptions::from_parts(
                    o.bits() | ExportOptions::UNKNOWN_FUTURE_VALUE.bits(),
                    Vec::new(),
                )
            })
        });
        a | s | o
    }
}

impl crate::model::SecurityExportOperation {
    /// As [`CaseExportOperation::hide_evolvable_members`](crate::CaseExportOperation::hide_evolvable_members), for the security
    /// enums: `action`'s purgeData, exportReport, exportResult and
    /// holdPolicySync, `exportStructure`'s msg and `exportOptions`' splitSource,
    /// includeFolderAndPath, friendlyName and condensePaths (all declared
    /// after `unknownFutureValue`), and unknown members, show as
    /// `unknownFutureValue`. Returns `true` when anything changed.
    ///
    /// ```
    /// use caseexport::SecurityExportOperation;
    /// let mut op = SecurityExportOperation::from_json(
    ///     br#"{"action":"holdPolicySync","exportStructure":"msg","exportOptions":"text,condensePaths"}"#)?;
    /// assert!(op.hide_evolvable_members());
    /// assert_eq!(op.to_json_string(),
    ///     r##"{"@odata.type":"#microsoft.graph.security.ediscoveryExportOperation","action":"unknownFutureValue","exportOptions":"text,unknownFutureValue","exportStructure":"unknownFutureValue"}"##);
    /// # Ok::<(), caseexport::Error>(())
    /// ```
    pub fn hide_evolvable_members(&mut self) -> bool {
        let a = hide(&mut self.action, |v| v.hidden());
        let st = hide(&mut self.status, |v| v.hidden());
        let s = hide(&mut self.export_structure, |v| v.hidden());
        let o = hide(&mut self.export_options, |v| v.hidden());
        a | st | s | o
    }
}

impl crate::operations::ExportOperation {
    /// Hides the evolvable enum members a client has not asked to see (see
    /// each type's `hide_evolvable_members`). Returns `true` when anything
    /// changed.
    pub fn hide_evolvable_members(&mut self) -> bool {
        use crate::operations::ExportOperation as E;
        match self {
            E::Seed(op) => op.hide_evolvable_members(),
            E::Ediscovery(op) => op.hide_evolvable_members(),
            E::Security(op) => op.hide_evolvable_members(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::{read_response, Outcome};
    use crate::model::CaseExportOperation;
    use crate::patch::Patch;

    #[test]
    fn bad_request_body_is_the_validation_body_plus_inner_error() {
        let err = Patch::from_json(br#"{"percentProgress":101,"a/b":1,"status":"x"}"#).unwrap_err();
        let mut e = GraphError::bad_request(&err);
        assert_eq!(e.to_json(), err.to_graph_error_body());
        e.request_id = Some("r".into());
        e.client_request_id = Some("c\"q".into());
        e.date = Some("d".into());
        let body = e.to_json();
        assert!(body.ends_with(
            br#""innerError":{"date":"d","request-id":"r","client-request-id":"c\"q"}}}"#
        ));
        assert_eq!(read_response(400, &[], &body).unwrap(), Outcome::Failed(e));
    }

    #[test]
    fn every_error_status_has_a_name() {
        for (status, code) in [
            (401, "Unauthorized"),
            (404, "NotFound"),
            (405, "MethodNotAllowed"),
            (408, "RequestTimeout"),
            (412, "PreconditionFailed"),
            (413, "PayloadTooLarge"),
            (415, "UnsupportedMediaType"),
            (500, "InternalServerError"),
        ] {
            assert_eq!(GraphError::for_status(status, "m").code, code);
        }
    }

    #[test]
    fn hiding_keeps_known_members_and_nulls() {
        let mut op = CaseExportOperation::from_json(
            br#"{"exportStructure":"pst","exportOptions":"text","description":null}"#,
        )
        .unwrap();
        let before = op.clone();
        assert!(!op.hide_evolvable_members());
        assert_eq!(op, before);
    }
}
