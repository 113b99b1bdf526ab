//! The server over real loopback sockets: every route, every error status,
//! bad bodies, evolvable members, paging, concurrent conditional writers, a
//! stalled half request, and durability across a graceful restart.

mod common;

use std::io::{Read, Write};
use std::time::Duration;

use caseexport::{read_response, Outcome};
use caseexport_server::Server;
use common::*;

const ROUTES: [&str; 3] = [
    "/beta/compliance/ediscovery/cases/c1/operations/op1",
    "/v1.0/security/cases/ediscoveryCases/c1/operations/op1",
    "/beta/security/cases/ediscoveryCases/c1/operations/op1",
];

/// Checks the headers every answer carries and returns the Graph error.
fn graph_error(r: &Resp) -> caseexport::GraphError {
    let headers: Vec<(&str, &str)> = r
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    assert!(
        r.header("request-id").is_some_and(|v| v.len() == 36),
        "{r:?}"
    );
    let json = r.json();
    let inner = &json["error"]["innerError"];
    assert_eq!(
        inner["request-id"].as_str(),
        r.header("request-id"),
        "{}",
        r.text()
    );
    assert!(inner["date"].is_string());
    match read_response(r.status, &headers, &r.body).unwrap() {
        Outcome::Failed(e) => e,
        other => panic!("{other:?}"),
    }
}

#[test]
fn patch_and_get_on_every_route() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir);
    let addr = server.local_addr();
    for (i, route) in ROUTES.iter().enumerate() {
        let before = get(addr, route);
        assert_eq!(before.status, 200, "{}", before.text());
        let etag = before.header("etag").unwrap().to_owned();
        assert_eq!(before.json()["@odata.etag"], etag.as_str());
        let body = format!(r#"{{"percentProgress":{},"description":null}}"#, 50 + i);
        let r = patch(
            addr,
            route,
            &[("If-Match", &etag), ("client-request-id", "mine-1")],
            body.as_bytes(),
        );
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.header("client-request-id"), Some("mine-1"));
        let new_etag = r.header("etag").unwrap();
        assert_ne!(new_etag, etag);
        let json = r.json();
        assert_eq!(json["@odata.etag"], new_etag);
        assert_eq!(json["percentProgress"], 50 + i);
        assert!(json["description"].is_null());
        assert_eq!(json["status"], "running");
        let context = json["@odata.context"].as_str().unwrap();
        assert!(context.starts_with(&format!("http://{addr}/")), "{context}");
        assert!(context.ends_with("('c1')/operations/$entity"), "{context}");
        // The answer is what the core's response reader reads.
        let headers: Vec<(&str, &str)> = r
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        match read_response(200, &headers, &r.body).unwrap() {
            Outcome::Updated(op) => assert_eq!(op.etag(), Some(new_etag)),
            other => panic!("{other:?}"),
        }
        // A later GET on another route sees the same state.
        let again = get(addr, ROUTES[(i + 1) % 3]);
        assert_eq!(again.json()["percentProgress"], 50 + i);
        assert_eq!(again.header("etag"), Some(new_etag));
    }
    // If-Match: * always matches.
    let r = patch(
        addr,
        ROUTES[0],
        &[("If-Match", "*")],
        br#"{"status":"succeeded"}"#,
    );
    assert_eq!(r.status, 200);
    server.stop().unwrap();
}

#[test]
fn a_patch_that_changes_nothing_keeps_the_etag() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir);
    let addr = server.local_addr();
    let etag = get(addr, ITEM).header("etag").unwrap().to_owned();
    let r = patch(
        addr,
        ITEM,
        &[("If-Match", &etag)],
        br#"{"status":"running","id":"op1"}"#,
    );
    assert_eq!((r.status, r.header("etag")), (200, Some(etag.as_str())));
}

#[test]
fn every_error_status_is_a_graph_error() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir);
    let addr = server.local_addr();
    let ok = br#"{"percentProgress":60}"#;

    // 401: no token, a wrong token, another scheme.
    for auth in [
        None,
        Some("Bearer wrong-token"),
        Some("Basic dGVzdA=="),
        Some(&*format!("Bearer {TOKEN}x")),
    ] {
        let mut h = vec![("Content-Type", "application/json")];
        let mut req = format!(
            "PATCH {ITEM} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n",
            ok.len()
        );
        if let Some(a) = auth {
            h.push(("Authorization", a));
        }
        for (n, v) in &h {
            req.push_str(&format!("{n}: {v}\r\n"));
        }
        req.push_str("\r\n");
        let mut bytes = req.into_bytes();
        bytes.extend_from_slice(ok);
        let r = raw(addr, &bytes);
        assert_eq!(r.status, 401, "{auth:?}");
        assert_eq!(r.header("www-authenticate"), Some("Bearer"));
        assert_eq!(graph_error(&r).code, "InvalidAuthenticationToken");
        assert!(!r.text().contains(TOKEN));
    }

    // 404: an unknown path, case or operation.
    for path in [
        "/beta/compliance/ediscovery/cases/c1/operations/nope",
        "/beta/compliance/ediscovery/cases/nope/operations/op1",
        "/beta/compliance/ediscovery/cases/nope/operations",
        "/v1.0/compliance/ediscovery/cases/c1/operations/op1",
        "/",
    ] {
        let r = get(addr, path);
        assert_eq!(r.status, 404, "{path}");
        graph_error(&r);
        let r = patch(addr, path, &[], ok);
        // PATCH on the list is a wrong method whatever the case.
        let expected = if path.ends_with("/operations") {
            405
        } else {
            404
        };
        assert_eq!(r.status, expected, "{path}");
    }

    // 405, with Allow.
    for (method, path, allow) in [
        ("DELETE", ITEM, "GET, PATCH"),
        ("PUT", ITEM, "GET, PATCH"),
        (
            "POST",
            "/beta/compliance/ediscovery/cases/c1/operations",
            "GET",
        ),
    ] {
        let r = call(
            addr,
            method,
            path,
            &[("Content-Type", "application/json")],
            ok,
        );
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some(allow));
        assert_eq!(graph_error(&r).code, "MethodNotAllowed");
    }

    // 412: a stale or made-up ETag; nothing changes.
    for tag in ["W/\"0\"", "\"1\"", "W/\"2\", W/\"3\""] {
        let r = patch(addr, ITEM, &[("If-Match", tag)], ok);
        assert_eq!(r.status, 412, "{tag}");
        assert_eq!(graph_error(&r).code, "PreconditionFailed");
    }
    // A list of tags matches when one of them is current.
    let r = patch(
        addr,
        ITEM,
        &[("If-Match", "W/\"7\", W/\"1\"")],
        br#"{"percentProgress":41}"#,
    );
    assert_eq!(r.status, 200, "{}", r.text());

    // 415: not JSON, no Content-Type, another charset; charset=utf-8 is fine.
    for ct in [
        Some("text/plain"),
        None,
        Some("application/json; charset=latin1"),
        Some("application/jsonx"),
    ] {
        let headers: Vec<(&str, &str)> = ct.map(|c| ("Content-Type", c)).into_iter().collect();
        let r = call(addr, "PATCH", ITEM, &headers, ok);
        assert_eq!(r.status, 415, "{ct:?}");
        assert_eq!(graph_error(&r).code, "UnsupportedMediaType");
    }
    let r = call(
        addr,
        "PATCH",
        ITEM,
        &[("Content-Type", "Application/JSON; charset=UTF-8")],
        br#"{"percentProgress":42}"#,
    );
    assert_eq!(r.status, 200, "{}", r.text());

    // 400: every error listed, nothing changed.
    let before = get(addr, ITEM);
    let r = patch(
        addr,
        ITEM,
        &[],
        br#"{"percentProgress":101,"status":"done","colour":"red","id":"other"}"#,
    );
    assert_eq!(r.status, 400);
    let e = graph_error(&r);
    let found: Vec<(&str, &str)> = e
        .details
        .iter()
        .map(|d| (d.target.as_deref().unwrap(), d.code.as_str()))
        .collect();
    // The core's order: the read errors, then the apply error (id vs the stored id).
    assert_eq!(
        found,
        [
            ("percentProgress", "outOfRange"),
            ("status", "invalidEnumMember"),
            ("colour", "unknownProperty"),
            ("id", "readOnlyProperty")
        ]
    );
    let after = get(addr, ITEM);
    assert_eq!(after.body, before.body);

    // 413: a declared length over the limit is refused without being read.
    let mut c = config(vec![]);
    c.max_body = 64;
    let small = Server::bind(c).unwrap().spawn();
    let mut s = connect(small.local_addr());
    let head = format!("PATCH {ITEM} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n");
    s.write_all(head.as_bytes()).unwrap();
    let r = read_raw(&mut s);
    assert_eq!(r.status, 413);
    assert_eq!(graph_error(&r).code, "PayloadTooLarge");
    assert_eq!(r.header("connection"), Some("close"));
    // A chunked body is cut off at the limit.
    let mut s = connect(small.local_addr());
    let head = format!("PATCH {ITEM} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n50\r\n{{\"description\":\"{}\"}}\r\n", "x".repeat(80 - 18));
    s.write_all(head.as_bytes()).unwrap();
    let r = read_raw(&mut s);
    assert_eq!(r.status, 413);
    small.stop().unwrap();
    server.stop().unwrap();
}

#[test]
fn bad_bodies_are_400_with_the_core_codes() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir);
    let addr = server.local_addr();
    let deep = format!("{{\"x\":{}1{}}}", "[".repeat(200), "]".repeat(200));
    let cases: [(&[u8], &str, &str); 5] = [
        (b"", "invalidJson", ""),
        (b"{\"description\":\"\xff\xfe\"}", "invalidJson", ""),
        (deep.as_bytes(), "limitExceeded", "x/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0"),
        (b"[1]", "invalidPatch", ""),
        (br#"{"a":1,"a":2}"#, "duplicateProperty", "a"),
    ];
    for (body, code, target) in cases {
        let r = patch(addr, ITEM, &[], body);
        assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(body));
        let e = graph_error(&r);
        let found = e
            .details
            .iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("{}", r.text()));
        assert_eq!(found.target.as_deref(), Some(target));
    }
    // The operation is unchanged.
    assert_eq!(get(addr, ITEM).header("etag"), Some("W/\"1\""));
}

#[test]
fn evolvable_members_need_the_prefer_header() {
    let dir = tempfile::tempdir().unwrap();
    let file = ndjson(
        &dir,
        "c.ndjson",
        &[
            r#"{"id":"e1","exportStructure":"zip","exportOptions":"text,splitSource","action":"applyTags"}"#,
        ],
    );
    let server = Server::bind(config(vec![("c1".into(), file)]))
        .unwrap()
        .spawn();
    let addr = server.local_addr();
    let path = "/beta/compliance/ediscovery/cases/c1/operations/e1";
    let plain = get(addr, path);
    assert_eq!(plain.json()["exportStructure"], "unknownFutureValue");
    assert_eq!(plain.json()["exportOptions"], "text,unknownFutureValue");
    assert_eq!(plain.json()["action"], "applyTags");
    assert_eq!(plain.header("preference-applied"), None);
    let prefer = call(
        addr,
        "GET",
        path,
        &[(
            "Prefer",
            "odata.maxpagesize=5, include-unknown-enum-members",
        )],
        b"",
    );
    assert_eq!(prefer.json()["exportStructure"], "zip");
    assert_eq!(prefer.json()["exportOptions"], "text,splitSource");
    assert_eq!(
        prefer.header("preference-applied"),
        Some("include-unknown-enum-members")
    );
    // A PATCH that sends such a member is refused (the seed's type declares
    // none after unknownFutureValue), with or without the header.
    for extra in [vec![], vec![("Prefer", "include-unknown-enum-members")]] {
        let r = patch(addr, path, &extra, br#"{"exportStructure":"zip"}"#);
        assert_eq!(r.status, 400);
        assert_eq!(graph_error(&r).details[0].code, "invalidEnumMember");
    }
    let r = patch(
        addr,
        path,
        &[],
        br#"{"exportStructure":"unknownFutureValue"}"#,
    );
    assert_eq!(r.status, 400);
    // The stored member is kept: a PATCH of something else does not lose it.
    let r = patch(
        addr,
        path,
        &[("Prefer", "include-unknown-enum-members")],
        br#"{"description":"d"}"#,
    );
    assert_eq!(r.json()["exportStructure"], "zip");
}

#[test]
fn the_list_pages_with_top_and_next_link() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = (0..7)
        .map(|i| format!(r#"{{"id":"op/{i}","percentProgress":{i}}}"#))
        .collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let file = ndjson(&dir, "c.ndjson", &refs);
    let empty = ndjson(&dir, "e.ndjson", &[]);
    let server = Server::bind(config(vec![("c 1".into(), file), ("empty".into(), empty)]))
        .unwrap()
        .spawn();
    let addr = server.local_addr();
    let mut next = Some(format!(
        "http://{addr}/v1.0/security/cases/ediscoveryCases/c%201/operations?$top=3"
    ));
    let mut seen = Vec::new();
    while let Some(link) = next {
        let path = link
            .strip_prefix(&format!("http://{addr}"))
            .unwrap()
            .to_owned();
        let r = get(addr, &path);
        assert_eq!(r.status, 200, "{}", r.text());
        let json = r.json();
        assert!(json["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("ediscoveryCases('c 1')/operations"));
        for item in json["value"].as_array().unwrap() {
            assert_eq!(item["@odata.etag"], "W/\"1\"");
            seen.push(item["id"].as_str().unwrap().to_owned());
        }
        next = json["@odata.nextLink"].as_str().map(str::to_owned);
    }
    assert_eq!(seen, (0..7).map(|i| format!("op/{i}")).collect::<Vec<_>>());
    let r = get(addr, "/beta/compliance/ediscovery/cases/empty/operations");
    assert_eq!(r.json()["value"], serde_json::json!([]));
    assert!(r.json().get("@odata.nextLink").is_none());
    for bad in [
        "?$top=0",
        "?$top=x",
        "?$top=1001",
        "?$filter=id",
        "?$skiptoken=",
    ] {
        let r = get(
            addr,
            &format!("/beta/compliance/ediscovery/cases/empty/operations{bad}"),
        );
        assert_eq!(r.status, 400, "{bad}");
        graph_error(&r);
    }
}

#[test]
fn concurrent_conditional_writers_lose_no_update() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = config(vec![("c1".into(), ndjson(&dir, "c1.ndjson", &[OP]))]);
    c.db = Some(dir.path().join("store.db"));
    let server = Server::bind(c).unwrap().spawn();
    let addr = server.local_addr();
    let (clients, each) = (8, 50);
    let threads: Vec<_> = (0..clients)
        .map(|client| {
            std::thread::spawn(move || {
                let mut acknowledged = Vec::new();
                for n in 0..each {
                    let mark = format!("c{client}n{n};");
                    // Read, modify, write back under If-Match; on 412 start over.
                    for _attempt in 0..10_000 {
                        let current = get(addr, ITEM);
                        let etag = current.header("etag").unwrap().to_owned();
                        let description =
                            current.json()["description"].as_str().unwrap().to_owned();
                        let body =
                            serde_json::json!({ "description": description + &mark }).to_string();
                        let r = patch(addr, ITEM, &[("If-Match", &etag)], body.as_bytes());
                        match r.status {
                            200 => {
                                acknowledged.push(mark.clone());
                                break;
                            }
                            412 => continue,
                            other => panic!("{other}: {}", r.text()),
                        }
                    }
                }
                acknowledged
            })
        })
        .collect();
    let acknowledged: Vec<String> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    assert_eq!(acknowledged.len(), clients * each);
    let last = get(addr, ITEM);
    let description = last.json()["description"].as_str().unwrap().to_owned();
    for mark in &acknowledged {
        assert_eq!(
            description.matches(mark.as_str()).count(),
            1,
            "{mark} lost or doubled"
        );
    }
    assert_eq!(
        last.header("etag"),
        Some(&*format!("W/\"{}\"", 1 + clients * each))
    );
    server.stop().unwrap();
}

#[test]
fn a_stalled_half_request_is_cut_off_and_does_not_hold_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = config(vec![("c1".into(), ndjson(&dir, "c1.ndjson", &[OP]))]);
    c.read_timeout = Duration::from_millis(300);
    c.workers = 1;
    let server = Server::bind(c).unwrap().spawn();
    let addr = server.local_addr();

    // Half the headers, then nothing.
    let mut half_head = connect(addr);
    half_head
        .write_all(format!("PATCH {ITEM} HTTP/1.1\r\nHost: x\r\nAuthor").as_bytes())
        .unwrap();
    // The headers and half the body, then nothing.
    let mut half_body = connect(addr);
    let head = format!("PATCH {ITEM} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{{\"descr");
    half_body.write_all(head.as_bytes()).unwrap();

    // Meanwhile the server serves others.
    let r = patch(addr, ITEM, &[], br#"{"description":"served"}"#);
    assert_eq!(r.status, 200);

    // The half body gets a 408 and the connection is closed.
    let r = read_raw(&mut half_body);
    assert_eq!(r.status, 408);
    assert_eq!(graph_error(&r).code, "RequestTimeout");
    let mut rest = Vec::new();
    assert_eq!(half_body.read_to_end(&mut rest).unwrap(), 0);
    // The half header is dropped: the server closes the connection.
    let mut rest = Vec::new();
    let _ = half_head.read_to_end(&mut rest);
    assert!(!String::from_utf8_lossy(&rest).contains("200 OK"));
    // Nothing of the stalled PATCH was applied.
    assert_eq!(get(addr, ITEM).json()["description"], "served");
    server.stop().unwrap();
}

#[test]
fn a_file_store_keeps_updates_across_a_graceful_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let mut c = config(vec![("c1".into(), ndjson(&dir, "c1.ndjson", &[OP]))]);
    c.db = Some(db.clone());
    c.group_commit = 8;
    let server = Server::bind(c.clone()).unwrap().spawn();
    let r = patch(server.local_addr(), ITEM, &[], br#"{"description":"kept"}"#);
    assert_eq!(r.status, 200);
    server.stop().unwrap();
    // Restart without --load: the store has it.
    c.loads.clear();
    let server = Server::bind(c).unwrap().spawn();
    let r = get(server.local_addr(), ITEM);
    assert_eq!(r.json()["description"], "kept");
    assert_eq!(r.header("etag"), Some("W/\"2\""));
    // The SAS token is stored and served (it belongs in the document).
    assert_eq!(r.json()["azureBlobToken"], "sv=1&sig=SASSECRET");
    server.stop().unwrap();
}

#[test]
fn start_up_refuses_no_tokens_and_bad_load_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = config(vec![]);
    c.tokens.clear();
    assert!(matches!(
        Server::bind(c),
        Err(caseexport_server::ServeError::NoTokens)
    ));
    let bad = ndjson(
        &dir,
        "bad.ndjson",
        &[
            r#"{"id":"a"}"#,
            "",
            r#"{"percentProgress":"x"}"#,
            r#"{"status":"running"}"#,
        ],
    );
    match Server::bind(config(vec![("c".into(), bad)])) {
        Err(caseexport_server::ServeError::Load(problems)) => {
            assert_eq!(problems.len(), 2, "{problems:?}");
            assert!(
                problems[0].contains("line 3: /percentProgress invalidType"),
                "{problems:?}"
            );
            assert!(
                problems[1].contains("line 4: the operation has no \"id\""),
                "{problems:?}"
            );
        }
        other => panic!("{:?}", other.err()),
    }
}

#[test]
fn graceful_shutdown_lets_a_request_in_flight_finish() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let mut c = config(vec![("c1".into(), ndjson(&dir, "c1.ndjson", &[OP]))]);
    c.db = Some(db.clone());
    let server = Server::bind(c.clone()).unwrap().spawn();
    let addr = server.local_addr();
    // A PATCH whose handler is reading the body when the shutdown starts:
    // `Expect: 100-continue` makes the server say when it is.
    let body = br#"{"description":"finished during shutdown"}"#;
    let mut s = connect(addr);
    let head = format!("PATCH {ITEM} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n", body.len());
    s.write_all(head.as_bytes()).unwrap();
    let mut interim = [0u8; 25];
    s.read_exact(&mut interim).unwrap();
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    s.write_all(&body[..10]).unwrap();
    let stopping = std::thread::spawn(move || server.stop());
    std::thread::sleep(Duration::from_millis(300));
    s.write_all(&body[10..]).unwrap();
    let r = read_raw(&mut s);
    assert_eq!(r.status, 200, "{}", r.text());
    stopping.join().unwrap().unwrap();
    // The listener is closed, and the answered PATCH is in the store.
    assert!(std::net::TcpStream::connect(addr).is_err());
    c.loads.clear();
    let server = Server::bind(c).unwrap().spawn();
    assert_eq!(
        get(server.local_addr(), ITEM).json()["description"],
        "finished during shutdown"
    );
}

/// A seed's operation (stored without `@odata.type`) takes a PATCH naming
/// the compliance route's type today, `#microsoft.graph.ediscovery.caseExportOperation`
/// (what `caseexport send` writes for that route): the seed's own API reads
/// that alias. An ediscovery operation refuses the seed's name.
#[test]
fn a_seed_operation_takes_a_patch_naming_the_routes_type() {
    let dir = tempfile::tempdir().unwrap();
    let file = ndjson(
        &dir,
        "c1.ndjson",
        &[
            r#"{"id":"seed","status":"running"}"#,
            r##"{"@odata.type":"#microsoft.graph.ediscovery.caseExportOperation","id":"edi","status":"running"}"##,
        ],
    );
    let server = Server::bind(config(vec![("c1".into(), file)]))
        .unwrap()
        .spawn();
    let addr = server.local_addr();
    let item = |id: &str| format!("/beta/compliance/ediscovery/cases/c1/operations/{id}");
    let alias = br##"{"@odata.type":"#microsoft.graph.ediscovery.caseExportOperation","status":"succeeded"}"##;
    let r = patch(addr, &item("seed"), &[], alias);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "succeeded");
    let r = patch(addr, &item("edi"), &[], alias);
    assert_eq!(r.status, 200, "{}", r.text());
    let seed_name =
        br##"{"@odata.type":"#microsoft.graph.caseExportOperation","status":"failed"}"##;
    let r = patch(addr, &item("edi"), &[], seed_name);
    assert_eq!(r.status, 400, "{}", r.text());
    assert_eq!(graph_error(&r).details[0].code, "typeMismatch");
}
