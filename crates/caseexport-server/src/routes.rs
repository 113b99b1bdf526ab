//! The routes: which operation (or list) a request path names.

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
        let (case, id) = match rest {
            [case, "operations"] => (*case, None),
            [case, "operations", id] => (*case, Some(*id)),
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
        })
    }

    /// The `@odata.context` of an answer on this route, under `base`
    /// (`http://host:port`).
    pub(crate) fn context(&self, base: &str) -> String {
        let case = self.case.replace('\'', "''");
        let entity = if self.id.is_some() { "/$entity" } else { "" };
        if self.security {
            format!(
                "{base}/{}/$metadata#security/cases/ediscoveryCases('{case}')/operations{entity}",
                self.version
            )
        } else {
            format!(
                "{base}/{}/$metadata#compliance/ediscovery/cases('{case}')/operations{entity}",
                self.version
            )
        }
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
        ] {
            assert_eq!(Route::parse(bad), None, "{bad}");
        }
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
            r.context("http://h"),
            "http://h/beta/$metadata#compliance/ediscovery/cases('o''k')/operations/$entity"
        );
    }
}
