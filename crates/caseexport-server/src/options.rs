//! A request's OData system query options, read from its query string:
//! `$filter`, `$orderby` and `$select` (parsed and checked by the core's
//! `caseexport::query` against the type the route addresses), `$top`,
//! `$skip`, `$count`, `$skiptoken`, and the refusals for `$expand`,
//! `$search` and anything unknown. Which options a list and an item take is
//! in docs/DESIGN.md ("The emulator's query options").

use caseexport::query::{Filter, OrderBy, QueryError, Scope, Select};
use caseexport::Json;

use crate::routes::{decode, Cast, Route};

/// The page size of a list when `$top` is not given, and the largest `$top`.
pub(crate) const DEFAULT_TOP: usize = 100;
pub(crate) const MAX_TOP: usize = 1000;

/// What the query string asks for.
#[derive(Debug, Default)]
pub(crate) struct Options {
    pub filter: Option<Filter>,
    pub orderby: Option<OrderBy>,
    pub select: Option<Select>,
    pub top: Option<usize>,
    pub skip: usize,
    pub count: bool,
    pub skiptoken: Option<String>,
    /// The options to carry into `@odata.nextLink` (`$filter`, `$orderby`,
    /// `$select`, `$count`), as the client sent them (still encoded).
    pub carried: Vec<String>,
}

impl Options {
    /// `true` when the list must be read whole and worked on in memory
    /// (anything beyond id order and `$top`/`$skiptoken`).
    pub(crate) fn needs_scan(&self, route: &Route) -> bool {
        self.filter.is_some()
            || self.orderby.is_some()
            || self.skip > 0
            || self.count
            || route.count
            || matches!(route.cast, Some(Cast::Export(_)))
    }
}

/// A `400` for a query option: Graph's `BadRequest` with the message.
#[derive(Debug)]
pub(crate) struct Refused(pub String);

impl From<QueryError> for Refused {
    fn from(e: QueryError) -> Refused {
        Refused(format!("Invalid {} clause: {}", e.option, e.message))
    }
}

/// The scope a route's names are checked against: the cast's type, else
/// the item's stored type (`item`), else the API's base `caseOperation`.
pub(crate) fn scope(route: &Route, item: Option<caseexport::OperationType>) -> Scope {
    match (route.cast, item) {
        (Some(Cast::Export(ty)), _) => Scope::of(ty),
        (_, Some(ty)) if route.id.is_some() => Scope::of(ty),
        _ if route.security => Scope::security_case_operation(),
        _ => Scope::ediscovery_case_operation(),
    }
}

/// The name of a system query option: `$name`, or, on beta, `name`
/// without the `$` (Graph: "on beta the `$` prefix is optional").
fn system_name<'a>(name: &'a str, route: &Route) -> Option<&'a str> {
    const KNOWN: [&str; 11] = [
        "filter",
        "orderby",
        "select",
        "top",
        "skip",
        "count",
        "skiptoken",
        "expand",
        "search",
        "format",
        "levels",
    ];
    match name.strip_prefix('$') {
        Some(n) => Some(n),
        None if route.version == "beta" && KNOWN.contains(&name) => Some(name),
        None => None,
    }
}

/// Reads the query string of a request on `route`; `scope` checks names.
/// Each option may appear once; an option the route does not take, or an
/// unknown `$` option, is refused.
pub(crate) fn parse(query: &str, route: &Route, scope: &Scope) -> Result<Options, Refused> {
    let mut o = Options::default();
    let mut seen: Vec<String> = Vec::new();
    let list = route.id.is_none();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        // `+` is a space in a query string (HTML forms; Kiota encodes %20).
        let name = decode(&raw_name.replace('+', " ")).unwrap_or_default();
        let Some(option) = system_name(&name, route) else {
            continue; // not a system query option: ignored, as Graph does
        };
        let option = option.to_ascii_lowercase();
        if seen.contains(&option) {
            return Err(Refused(format!(
                "The query option ${option} is given more than once."
            )));
        }
        seen.push(option.clone());
        let value = decode(&raw_value.replace('+', " "));
        let text = || -> Result<String, Refused> {
            value
                .clone()
                .ok_or_else(|| Refused(format!("The query option ${option} has no value.")))
        };
        let number = |what: &str, max: usize| -> Result<usize, Refused> {
            value
                .as_deref()
                .and_then(|v| v.parse::<usize>().ok())
                .filter(|n| *n <= max)
                .ok_or_else(|| {
                    Refused(format!(
                        "Invalid value for ${option}: it must be {what} from 0 to {max}."
                    ))
                })
        };
        let list_only = |o: &str| -> Result<(), Refused> {
            if list {
                Ok(())
            } else {
                Err(Refused(format!(
                    "The query option ${o} applies to a collection; this request addresses one operation."
                )))
            }
        };
        match option.as_str() {
            "filter" => {
                list_only("filter")?;
                o.filter = Some(Filter::parse(&text()?, scope)?);
                o.carried.push(format!("$filter={raw_value}"));
            }
            "orderby" => {
                list_only("orderby")?;
                o.orderby = Some(OrderBy::parse(&text()?, scope)?);
                o.carried.push(format!("$orderby={raw_value}"));
            }
            "select" => {
                o.select = Some(Select::parse(&text()?, scope)?);
                o.carried.push(format!("$select={raw_value}"));
            }
            "top" => {
                list_only("top")?;
                let n = number("an integer", MAX_TOP)?;
                if n == 0 {
                    return Err(Refused(format!(
                        "Invalid value for $top: it must be an integer from 1 to {MAX_TOP}."
                    )));
                }
                o.top = Some(n);
            }
            "skip" => {
                list_only("skip")?;
                o.skip = number("an integer", i32::MAX as usize)?;
            }
            "count" => {
                list_only("count")?;
                o.count = match value.as_deref() {
                    Some("true") => true,
                    Some("false") => false,
                    _ => {
                        return Err(Refused(
                            "Invalid value for $count: it must be true or false.".to_owned(),
                        ))
                    }
                };
                o.carried.push(format!("$count={raw_value}"));
            }
            "skiptoken" => {
                list_only("skiptoken")?;
                o.skiptoken = Some(value.ok_or_else(|| {
                    Refused("$skiptoken is empty or malformed.".to_owned())
                })?);
            }
            // Chosen (no Graph source says how these entities answer; docs/
            // DESIGN.md): the emulator holds no review sets or searches to
            // expand, and no full-text index to search.
            "expand" => {
                return Err(Refused(format!(
                    "$expand is not supported by this emulator: it holds no {} to expand.",
                    if route.security {
                        "reviewSet, reviewSetQuery or search"
                    } else {
                        "reviewSet"
                    }
                )))
            }
            "search" => {
                return Err(Refused(
                    "$search is not supported on operations; use $filter.".to_owned(),
                ))
            }
            other => {
                return Err(Refused(format!(
                    "The query option {} is not supported. Supported: $filter, $orderby, $select, $top, $skip, $count, $skiptoken on the list; $select on one operation.",
                    Json::String(format!("${other}")).to_json()
                )))
            }
        }
    }
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(path: &str) -> Route {
        Route::parse(path).unwrap()
    }

    const LIST: &str = "/v1.0/security/cases/ediscoveryCases/c1/operations";

    #[test]
    fn options_are_read_once_each_and_checked() {
        let r = route(LIST);
        let s = scope(&r, None);
        let o = parse(
            "$filter=status%20eq%20'running'&$top=5&$skip=2&$count=true&x=1",
            &r,
            &s,
        )
        .unwrap();
        assert!(o.filter.is_some() && o.count);
        assert_eq!((o.top, o.skip), (Some(5), 2));
        assert_eq!(
            o.carried,
            ["$filter=status%20eq%20'running'", "$count=true"]
        );
        let refused = |q: &str| parse(q, &r, &s).unwrap_err().0;
        assert_eq!(
            refused("$top=1&$top=2"),
            "The query option $top is given more than once."
        );
        assert!(refused("$top=0").contains("from 1 to 1000"));
        assert!(refused("$count=yes").contains("true or false"));
        assert!(refused("$filter=outputName%20eq%20'x'").starts_with(
            "Invalid $filter clause: Could not find a property named 'outputName' on type 'microsoft.graph.security.caseOperation'."
        ));
        assert!(refused("$expand=reviewSet").contains("$expand is not supported"));
        assert!(refused("$search=x").contains("$search is not supported"));
        assert!(refused("$frob=1").contains("\"$frob\" is not supported"));
        // v1.0 needs the `$`; unknown names are ignored there.
        assert!(parse("filter=nonsense", &r, &s).unwrap().filter.is_none());
    }

    #[test]
    fn beta_takes_options_without_the_dollar() {
        let r = route("/beta/security/cases/ediscoveryCases/c1/operations");
        let s = scope(&r, None);
        assert_eq!(parse("top=3", &r, &s).unwrap().top, Some(3));
        assert!(parse("filter=nope%20eq%201", &r, &s).is_err());
    }

    #[test]
    fn an_item_takes_select_only() {
        let r = route(&format!("{LIST}/o1"));
        let s = scope(&r, Some(caseexport::OperationType::Security));
        assert!(parse("$select=outputName,status", &r, &s)
            .unwrap()
            .select
            .is_some());
        for q in [
            "$filter=id%20eq%20'1'",
            "$top=1",
            "$orderby=id",
            "$count=true",
        ] {
            assert!(
                parse(q, &r, &s)
                    .unwrap_err()
                    .0
                    .contains("applies to a collection"),
                "{q}"
            );
        }
    }

    #[test]
    fn a_cast_widens_the_names() {
        let r = route(&format!(
            "{LIST}/microsoft.graph.security.ediscoveryExportOperation"
        ));
        let s = scope(&r, None);
        assert!(parse("$filter=outputName%20eq%20'x'", &r, &s).is_ok());
        assert!(parse("$orderby=outputName%20desc", &r, &s).is_ok());
    }
}
