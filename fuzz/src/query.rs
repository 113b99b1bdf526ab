//! `query`: the input is a query option's text, then a NUL byte and an
//! operation's JSON (non-UTF-8 text is skipped; without a NUL, a fixed
//! operation is used).
//!
//! - `$filter`, `$orderby` and `$select` never panic, in every scope; an
//!   error names its option, a position within the text, and stays short
//!   (the text is quoted up to 200 characters).
//! - A filter that parses evaluates without panicking, and gives the same
//!   answer when wrapped in parentheses, or joined with itself by `and` or
//!   `or` (a nesting one level deeper than the limit is refused, not run).
//! - An order sorts without panicking; a selection keeps only names it was
//!   given, and every annotation.

use caseexport::query::{Filter, OrderBy, QueryError, Scope, Select, MAX_FILTER_DEPTH};
use caseexport::{Json, OperationType};

const DEFAULT: &[u8] = br##"{"@odata.type":"#microsoft.graph.security.ediscoveryExportOperation","id":"a","status":"running","percentProgress":40,"createdDateTime":"2024-05-01T08:00:00.1234567+02:00","exportOptions":"originalFiles,text","createdBy":{"user":{"displayName":"Adele"}},"resultInfo":{"code":1,"message":"m"}}"##;

fn scopes() -> [Scope; 5] {
    [
        Scope::of(OperationType::Seed),
        Scope::of(OperationType::Ediscovery),
        Scope::of(OperationType::Security),
        Scope::ediscovery_case_operation(),
        Scope::security_case_operation(),
    ]
}

fn check_error(e: &QueryError, option: &str, text: &str) {
    assert_eq!(e.option, option);
    if let Some(p) = e.position {
        assert!(
            p <= text.chars().count(),
            "position {p} past the text: {e:?}"
        );
    }
    // The quoted text is cut at 200 characters; names from the text
    // (properties, functions, members) are bounded by the lexer's tokens,
    // which a long input can make long: those are cut by the server.
    assert!(!e.message.is_empty());
}

/// Runs every check on `data`.
pub fn check(data: &[u8]) {
    let (text, doc) = crate::split_nul(data);
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let doc = Json::from_json(doc.unwrap_or(DEFAULT)).unwrap_or(Json::Null);
    for scope in scopes() {
        match Filter::parse(text, &scope) {
            Ok(f) => {
                let m = f.matches(&doc);
                for joined in [
                    format!("({text})"),
                    format!("({text}) and ({text})"),
                    format!("({text}) or ({text})"),
                ] {
                    match Filter::parse(&joined, &scope) {
                        Ok(g) => assert_eq!(g.matches(&doc), m, "{joined:?}"),
                        Err(e) => assert!(
                            e.message
                                .contains(&format!("more than {MAX_FILTER_DEPTH} levels")),
                            "{joined:?} fails where {text:?} parses: {e:?}"
                        ),
                    }
                }
            }
            Err(e) => check_error(&e, "$filter", text),
        }
        match OrderBy::parse(text, &scope) {
            Ok(by) => {
                let mut ops = vec![doc.clone(), Json::Null, doc.clone()];
                by.sort(&mut ops);
            }
            Err(e) => check_error(&e, "$orderby", text),
        }
        match Select::parse(text, &scope) {
            Ok(sel) => {
                let kept = sel.apply(&doc);
                if let (Some(all), Some(kept)) = (doc.as_object(), kept.as_object()) {
                    for (name, _) in kept.iter() {
                        assert!(
                            name.starts_with('@')
                                || sel.is_all()
                                || sel.context_suffix().contains(name),
                            "{name} kept by {text:?}"
                        );
                    }
                    for (name, _) in all.iter().filter(|(n, _)| n.starts_with('@')) {
                        assert!(kept.get(name).is_some(), "annotation {name} dropped");
                    }
                }
            }
            Err(e) => check_error(&e, "$select", text),
        }
    }
}
