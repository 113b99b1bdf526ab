//! The routes: which operation (or list) a request path names, with an
//! optional type-cast segment and the `/$count` segment of a list.

/// A type-cast segment: the qualified name of a type of the case's
/// operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cast {
    /// The base `caseOperation` of the route's API: every operation.
    Base(&'static str),
    /// One export operation type: only operations of that type.
    Export(caseexport::OperationType),
}

impl Cast {
    /// The cast a segment names on this API (`security`), if any.
    fn parse(segment: &str, security: bool) -> Option<Cast> {
        use caseexport::OperationType;
        let base = if security {
            "microsoft.graph.security.caseOperation"
        } else {
            "microsoft.graph.ediscovery.caseOperation"
        };
        if segment == base {
            return Some(Cast::Base(base));
        }
        let ty = OperationType::from_odata_type(segment)?;
        // The API's own export types (the seed's is the compliance API's).
        let ours = match ty {
            OperationType::Security => security,
            OperationType::Seed | OperationType::Ediscovery => !security,
        };
        (ours && segment.starts_with("microsoft.graph.")).then_some(Cast::Export(ty))
    }

    /// The qualified name, as the segment and `@odata.context` write it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Cast::Base(name) => name,
            Cast::Export(ty) => ty.odata_type().trim_start_matches('#'),
        }
    }

    /// Whether an operation of type `ty` is of this type.
    pub(crate) fn admits(self, ty: caseexport::OperationType) -> bool {
        match self {
            Cast::Base(_) => true,
            Cast::Export(t) => t == ty,
        }
    }
}

/// A path that names a case's operations, or one of them.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Route {
    /// `beta` or `v1.0`.
    pub version: &'static str,
    /// `true` for `/security/cases/ediscoveryCases/…`, `false` for
    /// `/compliance/ediscovery/cases/…`.
    pub security: bool,
    /// The case id, percent-decoded.
    pub case: String,
    /// The operation id, percent-decoded; `None` for the list.
    pub id: Option<String>,
    /// A type-cast segment after the list or the operation.
    pub cast: Option<Cast>,
    /// `…/operations[/cast]/$count`: the number of operations, as text.
    pub count: bool,
}

impl Route {
    /// Parses a request path; `None` when it is not one of the routes (or a
    /// segment does not decode to UTF-8).
    pub(crate) fn parse(path: &str) -> Option<Route> {
        let segments: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
        let (version, security, rest) = match segments.as_slice() {
            ["beta", "compliance", "ediscovery", "cases", rest @ ..] => ("beta", false, rest),
            ["v1.0", "security", "cases", "ediscoveryCases", rest @ ..] => ("v1.0", true, rest),
            ["beta", "security", "cases", "ediscoveryCases", rest @ ..] => ("beta", true, rest),
            _ => return None,
        };
        let cast = |s: &str| Cast::parse(s, security);
        // After `operations`: [ID [CAST]] or [CAST] [$count]. A segment that
        // names a cast type is a cast (an id that is such a name cannot be
        // addressed, as in OData, where the cast wins).
        let (case, id, cast, count) = match rest {
            [case, "operations"] => (*case, None, None, false),
            [case, "operations", "$count"] => (*case, None, None, true),
            [case, "operations", c, "$count"] => (*case, None, Some(cast(c)?), true),
            [case, "operations", seg] => match cast(seg) {
                Some(c) => (*case, None, Some(c), false),
                None => (*case, Some(*seg), None, false),
            },
            [case, "operations", id, c] => (*case, Some(*id), Some(cast(c)?), false),
            _ => return None,
        };
        let case = decode(case)?;
        let id = match id {
            Some(id) => Some(decode(id)?),
            None => None,
        };
        Some(Route {
            version,
            security,
            case,
            id,
            cast,
            count,
        })
    }

    /// The `@odata.context` of an answer on this route, under `base`
    /// (`http://host:port`), with a `$select` list (`(a,b)`, or empty),
    /// after the set and its cast, before `/$entity` (OData 4.01 JSON
    /// §10: `{entity-set}{/type-cast}{select-list}/$entity`).
    pub(crate) fn context_with(&self, base: &str, select: &str) -> String {
        let case = self.case.replace('\'', "''");
        let cast = self
            .cast
            .map(|c| format!("/{}", c.name()))
            .unwrap_or_default();
        let entity = if self.id.is_some() { "/$entity" } else { "" };
        let set = if self.security {
            format!("security/cases/ediscoveryCases('{case}')/operations")
        } else {
            format!("compliance/ediscovery/cases('{case}')/operations")
        };
        format!(
            "{base}/{}/$metadata#{set}{cast}{select}{entity}",
            self.version
        )
    }
}

/// Percent-decodes one path segment or query value; `None` for an empty
/// segment, a bad escape or bytes that are not UTF-8.
pub(crate) fn decode(s: &str) -> Option<String> {
    if s.is_empty() {
        return None;
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_routes_and_nothing_else() {
        let r = Route::parse("/beta/compliance/ediscovery/cases/c%201/operations/o1").unwrap();
        assert_eq!(
            (r.version, r.security, r.case.as_str(), r.id.as_deref()),
            ("beta", false, "c 1", Some("o1"))
        );
        let r = Route::parse("/v1.0/security/cases/ediscoveryCases/c1/operations").unwrap();
        assert_eq!((r.version, r.security, r.id), ("v1.0", true, None));
        assert!(Route::parse("/beta/security/cases/ediscoveryCases/c1/operations/o%2F1").is_some());
        for bad in [
            "/",
            "/v1.0/compliance/ediscovery/cases/c1/operations/o1",
            "/beta/compliance/ediscovery/cases/c1/operations/o1/x",
            "/beta/compliance/ediscovery/cases//operations/o1",
            "/beta/compliance/ediscovery/cases/c1/operations/%ff",
            "/beta/compliance/ediscovery/cases/c1/operations/%4",
            // A cast to another API's type, or to no operation type.
            "/beta/compliance/ediscovery/cases/c1/operations/o1/microsoft.graph.security.ediscoveryExportOperation",
            "/v1.0/security/cases/ediscoveryCases/c1/operations/microsoft.graph.ediscovery.caseExportOperation/$count",
            "/v1.0/security/cases/ediscoveryCases/c1/operations/o1/microsoft.graph.user",
            "/v1.0/security/cases/ediscoveryCases/c1/operations/o1/$count",
        ] {
            assert_eq!(Route::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn casts_and_count() {
        use caseexport::OperationType;
        let sec = "/v1.0/security/cases/ediscoveryCases/c1/operations";
        let r = Route::parse(&format!("{sec}/$count")).unwrap();
        assert_eq!((r.id, r.cast, r.count), (None, None, true));
        let r = Route::parse(&format!(
            "{sec}/microsoft.graph.security.ediscoveryExportOperation"
        ))
        .unwrap();
        assert_eq!(
            (r.id, r.cast, r.count),
            (None, Some(Cast::Export(OperationType::Security)), false)
        );
        let r = Route::parse(&format!(
            "{sec}/microsoft.graph.security.caseOperation/$count"
        ))
        .unwrap();
        assert_eq!(
            (r.cast.map(Cast::name), r.count),
            (Some("microsoft.graph.security.caseOperation"), true)
        );
        let r = Route::parse(&format!(
            "{sec}/o1/microsoft.graph.security.ediscoveryExportOperation"
        ))
        .unwrap();
        assert_eq!(r.id.as_deref(), Some("o1"));
        assert_eq!(
            r.context_with("http://h", ""),
            "http://h/v1.0/$metadata#security/cases/ediscoveryCases('c1')/operations/microsoft.graph.security.ediscoveryExportOperation/$entity"
        );
        let r = Route::parse(
            "/beta/compliance/ediscovery/cases/c1/operations/microsoft.graph.caseExportOperation",
        )
        .unwrap();
        assert_eq!(r.cast, Some(Cast::Export(OperationType::Seed)));
        assert_eq!(
            r.context_with("http://h", "(id,status)"),
            "http://h/beta/$metadata#compliance/ediscovery/cases('c1')/operations/microsoft.graph.caseExportOperation(id,status)"
        );
    }

    #[test]
    fn encode_and_decode_are_inverse() {
        for s in ["a b/c", "é'%", "plain-1.2_~"] {
            assert_eq!(decode(&caseexport::encode_segment(s)).as_deref(), Some(s));
        }
    }

    #[test]
    fn context_names_the_entity_or_the_set() {
        let r = Route::parse("/beta/compliance/ediscovery/cases/o'k/operations/1").unwrap();
        assert_eq!(
            r.context_with("http://h", ""),
            "http://h/beta/$metadata#compliance/ediscovery/cases('o''k')/operations/$entity"
        );
    }
}
