//! The emulator as Graph answers (issue 22): `$filter`, `$orderby`,
//! `$select`, `$count`, `$skip` and `$top` on lists, `$select` on items,
//! `/$count`, type-cast segments, `@odata.context` first, and
//! `client-request-id` in every error's `innerError`; over real loopback
//! sockets against a server started in-process.

mod common;

use caseexport_server::Server;
use common::*;
use serde_json::Value;

const SEC: &str = "#microsoft.graph.security.ediscoveryExportOperation";
const LIST: &str = "/v1.0/security/cases/ediscoveryCases/s1/operations";

/// Case `s1`: six security operations; case `c1`: a seed and an ediscovery one.
fn server(dir: &tempfile::TempDir) -> caseexport_server::Running {
    let sec: Vec<String> = [
        ("a", "running", 40, "2024-05-01T08:00:00Z", "originalFiles,text", "Alpha"),
        ("b", "succeeded", 100, "2024-05-02T08:00:00+02:00", "text", "beta"),
        ("c", "failed", 10, "2024-05-03T08:00:00.1234567Z", "tags", "Gamma"),
        ("d", "running", 70, "2024-04-30T23:59:59Z", "originalFiles", "delta"),
        ("e", "notStarted", 0, "2024-05-05T00:00:00Z", "originalFiles,tags", "Epsilon"),
        ("f", "succeeded", 100, "2024-05-06T00:00:00Z", "text,tags", "zeta it's"),
    ]
    .iter()
    .map(|(id, status, pct, created, options, name)| {
        format!(
            r#"{{"@odata.type":"{SEC}","id":"{id}","status":"{status}","percentProgress":{pct},"createdDateTime":"{created}","exportOptions":"{options}","outputName":"{name}"}}"#
        )
    })
    .collect();
    let refs: Vec<&str> = sec.iter().map(String::as_str).collect();
    let s1 = ndjson(dir, "s1.ndjson", &refs);
    let c1 = ndjson(
        dir,
        "c1.ndjson",
        &[
            r#"{"id":"seed1","status":"running"}"#,
            r##"{"@odata.type":"#microsoft.graph.ediscovery.caseExportOperation","id":"edi1","status":"succeeded"}"##,
        ],
    );
    Server::bind(config(vec![("s1".into(), s1), ("c1".into(), c1)]))
        .unwrap()
        .spawn()
}

fn ids(json: &Value) -> String {
    json["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect::<Vec<_>>()
        .join(",")
}

fn ok(addr: std::net::SocketAddr, path: &str) -> Value {
    let r = get(addr, path);
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    assert!(
        r.text().starts_with(r#"{"@odata.context":"#),
        "{path}: the context comes first: {}",
        r.text()
    );
    r.json()
}

fn refused(addr: std::net::SocketAddr, path: &str) -> String {
    let r = get(addr, path);
    assert_eq!(r.status, 400, "{path}: {}", r.text());
    let json = r.json();
    assert_eq!(json["error"]["code"], "BadRequest", "{path}");
    json["error"]["message"].as_str().unwrap().to_owned()
}

#[test]
fn filter_by_every_kind_of_property() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(&dir);
    let addr = server.local_addr();
    let q = |f: &str| ids(&ok(addr, &format!("{LIST}?$filter={f}")));
    assert_eq!(q("status%20eq%20'running'"), "a,d");
    assert_eq!(
        q("percentProgress%20ge%2070%20and%20status%20ne%20'running'"),
        "b,f"
    );
    // Instants, not texts: b's 2024-05-02T08:00+02:00 is 06:00Z.
    assert_eq!(q("createdDateTime%20lt%202024-05-02T07:00:00Z"), "a,b,d");
    assert_eq!(q("createdDateTime%20lt%202024-05-02T06:00:00Z"), "a,d");
    // `has` on the flags type, an enum literal with its type.
    assert_eq!(
        q("status%20eq%20'succeeded'%20or%20not%20(percentProgress%20lt%2050)"),
        "b,d,f"
    );
    // The base caseOperation has no exportOptions: a cast reaches it.
    let cast = format!("{LIST}/microsoft.graph.security.ediscoveryExportOperation");
    let has = |f: &str| ids(&ok(addr, &format!("{cast}?$filter={f}")));
    assert_eq!(has("exportOptions%20has%20'tags'"), "c,e,f");
    assert_eq!(
        has("exportOptions%20has%20microsoft.graph.security.exportOptions'text'"),
        "a,b,f"
    );
    assert_eq!(
        has("startswith(tolower(outputName),'e')%20or%20contains(outputName,'''s')"),
        "e,f"
    );
    assert_eq!(has("status%20in%20('failed','notStarted')"), "c,e");
    // Errors name the property, the position and the fix, in ODataLib's words.
    let m = refused(
        addr,
        &format!("{LIST}?$filter=exportOptions%20has%20'tags'"),
    );
    assert_eq!(
        m,
        "Invalid $filter clause: Could not find a property named 'exportOptions' on type 'microsoft.graph.security.caseOperation'."
    );
    let m = refused(addr, &format!("{LIST}?$filter=status%20eq%20'runing'"));
    assert!(
        m.contains("The string 'runing' is not a valid enumeration type constant"),
        "{m}"
    );
    let m = refused(
        addr,
        &format!("{LIST}?$filter=status%20eq%20'running'%20and"),
    );
    assert!(m.contains("Expression expected at position 23"), "{m}");
}

#[test]
fn orderby_skip_top_and_count_page_together() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(&dir);
    let addr = server.local_addr();
    let first = ok(
        addr,
        &format!("{LIST}?$orderby=percentProgress%20desc,id&$top=2&$count=true"),
    );
    assert_eq!(first["@odata.count"], 6);
    let mut seen = vec![ids(&first)];
    let mut next = first["@odata.nextLink"].as_str().map(str::to_owned);
    while let Some(link) = next {
        let path = link
            .strip_prefix(&format!("http://{addr}"))
            .unwrap()
            .to_owned();
        let page = ok(addr, &path);
        assert_eq!(page["@odata.count"], 6, "{path}");
        seen.push(ids(&page));
        next = page["@odata.nextLink"].as_str().map(str::to_owned);
    }
    assert_eq!(seen, ["b,f", "d,a", "c,e"]);
    // $skip without $orderby, with a filter and keyset paging after it.
    let page = ok(
        addr,
        &format!("{LIST}?$filter=percentProgress%20gt%200&$skip=1&$top=2"),
    );
    assert_eq!(ids(&page), "b,c");
    let link = page["@odata.nextLink"].as_str().unwrap();
    assert!(link.contains("$filter=percentProgress%20gt%200&"), "{link}");
    let rest = ok(addr, link.strip_prefix(&format!("http://{addr}")).unwrap());
    assert_eq!(ids(&rest), "d,f");
    // /$count: text/plain, after the filter; on a cast too.
    for (path, want) in [
        (format!("{LIST}/$count"), "6"),
        (format!("{LIST}/$count?$filter=status%20eq%20'running'"), "2"),
        (
            format!("{LIST}/microsoft.graph.security.ediscoveryExportOperation/$count"),
            "6",
        ),
        (
            "/beta/compliance/ediscovery/cases/c1/operations/microsoft.graph.ediscovery.caseExportOperation/$count".to_owned(),
            "1",
        ),
    ] {
        let r = get(addr, &path);
        assert_eq!((r.status, r.text().as_str()), (200, want), "{path}");
        assert!(r.header("content-type").unwrap().starts_with("text/plain"));
    }
    assert!(refused(addr, &format!("{LIST}?$skiptoken=zz&$orderby=id"))
        .contains("follow @odata.nextLink"));
}

#[test]
fn select_on_lists_and_items() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(&dir);
    let addr = server.local_addr();
    let page = ok(addr, &format!("{LIST}?$select=status,id&$top=1"));
    assert!(page["@odata.context"]
        .as_str()
        .unwrap()
        .ends_with("ediscoveryCases('s1')/operations(status,id)"));
    let item = &page["value"][0];
    let mut names: Vec<&str> = item
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["@odata.etag", "@odata.type", "id", "status"]);
    assert!(page["@odata.nextLink"]
        .as_str()
        .unwrap()
        .contains("$select=status,id&"));

    let one = ok(addr, &format!("{LIST}/a?$select=outputName"));
    assert!(one["@odata.context"]
        .as_str()
        .unwrap()
        .ends_with("operations(outputName)/$entity"));
    assert_eq!(one["outputName"], "Alpha");
    assert!(one.get("status").is_none());
    let m = refused(addr, &format!("{LIST}/a?$select=colour"));
    assert_eq!(
        m,
        "Invalid $select clause: Could not find a property named 'colour' on type 'microsoft.graph.security.ediscoveryExportOperation'."
    );
    assert!(refused(addr, &format!("{LIST}/a?$top=1")).contains("applies to a collection"));
}

#[test]
fn casts_on_lists_and_items() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(&dir);
    let addr = server.local_addr();
    let compliance = "/beta/compliance/ediscovery/cases/c1/operations";
    let seed = ok(
        addr,
        &format!("{compliance}/microsoft.graph.caseExportOperation"),
    );
    assert_eq!(ids(&seed), "seed1");
    assert!(seed["@odata.context"]
        .as_str()
        .unwrap()
        .ends_with("operations/microsoft.graph.caseExportOperation"));
    let all = ok(
        addr,
        &format!("{compliance}/microsoft.graph.ediscovery.caseOperation"),
    );
    assert_eq!(ids(&all), "edi1,seed1");
    let one = ok(
        addr,
        &format!("{compliance}/edi1/microsoft.graph.ediscovery.caseExportOperation"),
    );
    assert_eq!(one["id"], "edi1");
    let r = get(
        addr,
        &format!("{compliance}/seed1/microsoft.graph.ediscovery.caseExportOperation"),
    );
    assert_eq!(r.status, 404, "{}", r.text());
    assert_eq!(r.json()["error"]["code"], "itemNotFound");
    // Another API's type is no route; PATCH through a cast is refused.
    let r = get(
        addr,
        &format!("{compliance}/microsoft.graph.security.ediscoveryExportOperation"),
    );
    assert_eq!(r.status, 404);
    let r = patch(
        addr,
        &format!("{compliance}/edi1/microsoft.graph.ediscovery.caseExportOperation"),
        &[],
        b"{}",
    );
    assert_eq!((r.status, r.header("allow")), (405, Some("GET")));
}

#[test]
fn refusals_follow_graph_and_carry_the_client_request_id() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(&dir);
    let addr = server.local_addr();
    assert!(
        refused(addr, &format!("{LIST}?$expand=reviewSet")).contains("$expand is not supported")
    );
    assert!(refused(addr, &format!("{LIST}?$search=x")).contains("use $filter"));
    assert!(refused(addr, &format!("{LIST}?$frob=1")).contains("\"$frob\" is not supported"));
    assert!(refused(addr, &format!("{LIST}?$top=1&$top=2")).contains("more than once"));
    // On beta the `$` is optional; on v1.0 an unknown plain name is ignored.
    let beta = "/beta/security/cases/ediscoveryCases/s1/operations";
    assert_eq!(
        ids(&ok(addr, &format!("{beta}?filter=status%20eq%20'failed'"))),
        "c"
    );
    assert_eq!(
        ids(&ok(addr, &format!("{LIST}?filter=nonsense&$top=1"))),
        "a"
    );
    // innerError's client-request-id: the request id when the client sent none.
    let r = get(addr, &format!("{LIST}?$search=x"));
    let inner = &r.json()["error"]["innerError"];
    assert_eq!(inner["client-request-id"].as_str(), r.header("request-id"));
    let r = call(
        addr,
        "GET",
        &format!("{LIST}?$search=x"),
        &[("client-request-id", "mine-1")],
        b"",
    );
    assert_eq!(
        r.json()["error"]["innerError"]["client-request-id"],
        "mine-1"
    );
    // PATCH answers start with the context too.
    let r = patch(addr, &format!("{LIST}/a"), &[], br#"{"description":"d"}"#);
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        r.text().starts_with(r#"{"@odata.context":"#),
        "{}",
        r.text()
    );
}
