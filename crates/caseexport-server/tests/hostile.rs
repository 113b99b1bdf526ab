//! Hostile clients against the in-process server over loopback (issue 18):
//! Host abuse (missing, doubled, user info, markup), `--public-url`,
//! `Content-Encoding`, and floods within the caps (connections, body bytes
//! in flight). Each test asserts the answers and what the store holds.

mod common;

use std::io::Write;
use std::time::Duration;

use caseexport_server::Server;
use common::*;

const LIST: &str = "/beta/compliance/ediscovery/cases/c1/operations";

/// A config with a file store under `dir` holding [`OP`] in case `c1`.
fn file_config(dir: &tempfile::TempDir) -> caseexport_server::Config {
    let file = ndjson(dir, "c1.ndjson", &[OP]);
    let mut c = config(vec![("c1".into(), file)]);
    c.db = Some(dir.path().join("store.db"));
    c
}

/// Restarts on the store of [`file_config`] and returns the operation.
fn after_restart(dir: &tempfile::TempDir) -> serde_json::Value {
    let mut c = config(vec![]);
    c.db = Some(dir.path().join("store.db"));
    let server = Server::bind(c).unwrap().spawn();
    let got = get(server.local_addr(), ITEM).json();
    server.stop().unwrap();
    got
}

fn request(host_lines: &str, path: &str) -> Vec<u8> {
    format!(
        "GET {path} HTTP/1.1\r\n{host_lines}Authorization: Bearer {TOKEN}\r\nConnection: close\r\n\r\n"
    )
    .into_bytes()
}

/// Items 7 and 8: a missing, doubled or malformed Host is 400 and is never
/// reflected; a valid one makes `@odata.context` and `@odata.nextLink`.
#[test]
fn host_is_validated_before_it_is_reflected() {
    let dir = tempfile::tempdir().unwrap();
    let file = ndjson(
        &dir,
        "c1.ndjson",
        &[OP, r#"{"id":"op2"}"#, r#"{"id":"op3"}"#],
    );
    let server = Server::bind(config(vec![("c1".into(), file)]))
        .unwrap()
        .spawn();
    let addr = server.local_addr();
    for host_lines in [
        "",
        "Host: a\r\nHost: b\r\n",
        "Host: a@evil.example\r\n",
        "Host: x:1<script>\r\n",
        "Host: evil.example/path\r\n",
        "Host: x:99999999\r\n",
        "Host: \r\n",
        "Host: a b\r\n",
        "Host: [::1\r\n",
    ] {
        let r = raw(addr, &request(host_lines, ITEM));
        assert_eq!(r.status, 400, "{host_lines:?}: {}", r.text());
        assert_eq!(r.json()["error"]["code"], "BadRequest");
        assert!(!r.text().contains("evil") && !r.text().contains("script"));
    }
    for (host, base) in [
        ("localhost:8080", "http://localhost:8080"),
        ("[::1]:80", "http://[::1]:80"),
        ("Example.test", "http://Example.test"),
    ] {
        let r = raw(addr, &request(&format!("Host: {host}\r\n"), ITEM));
        assert_eq!(r.status, 200, "{host}");
        let context = r.json()["@odata.context"].as_str().unwrap().to_owned();
        assert!(
            context.starts_with(&format!("{base}/beta/$metadata#")),
            "{context}"
        );
        let r = raw(
            addr,
            &request(&format!("Host: {host}\r\n"), &format!("{LIST}?$top=1")),
        );
        let link = r.json()["@odata.nextLink"].as_str().unwrap().to_owned();
        assert!(link.starts_with(&format!("{base}{LIST}?")), "{link}");
    }
    // HTTP/1.0 has no Host requirement: the listening address is used.
    let r = raw(
        addr,
        format!("GET {ITEM} HTTP/1.0\r\nAuthorization: Bearer {TOKEN}\r\n\r\n").as_bytes(),
    );
    assert_eq!(r.status, 200);
    let context = r.json()["@odata.context"].as_str().unwrap().to_owned();
    assert!(context.starts_with(&format!("http://{addr}/")), "{context}");
    server.stop().unwrap();
}

/// With `public_url`, the base of every link is the configured one, never
/// the Host a client sent; a malformed public URL does not start.
#[test]
fn public_url_is_the_base_of_every_link() {
    let dir = tempfile::tempdir().unwrap();
    let file = ndjson(&dir, "c1.ndjson", &[OP, r#"{"id":"op2"}"#]);
    let mut c = config(vec![("c1".into(), file.clone())]);
    c.public_url = Some("https://graph.example.test/proxy/".into());
    let server = Server::bind(c).unwrap().spawn();
    let addr = server.local_addr();
    let r = raw(addr, &request("Host: other.test\r\n", ITEM));
    assert_eq!(
        r.json()["@odata.context"],
        "https://graph.example.test/proxy/beta/$metadata#compliance/ediscovery/cases('c1')/operations/$entity"
    );
    let r = raw(
        addr,
        &request("Host: other.test\r\n", &format!("{LIST}?$top=1")),
    );
    let link = r.json()["@odata.nextLink"].as_str().unwrap().to_owned();
    assert!(
        link.starts_with(&format!("https://graph.example.test/proxy{LIST}?")),
        "{link}"
    );
    server.stop().unwrap();
    for bad in [
        "ftp://x",
        "http://u@x",
        "http://x/?q",
        "http://x/#f",
        "http://",
    ] {
        let mut c = config(vec![]);
        c.public_url = Some(bad.into());
        let e = Server::bind(c).err().expect(bad);
        assert!(e.to_string().contains("public URL"), "{bad}: {e}");
    }
}

/// Item 8: a body with a `Content-Encoding` other than identity is 415 and
/// changes nothing (bodies are never decompressed); identity is accepted.
#[test]
fn content_encoding_other_than_identity_is_415() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::bind(file_config(&dir)).unwrap().spawn();
    let addr = server.local_addr();
    let body = br#"{"description":"plain but labelled gzip"}"#;
    for coding in ["gzip", "br", "identity, gzip", "x-unknown"] {
        let r = patch(addr, ITEM, &[("Content-Encoding", coding)], body);
        assert_eq!(r.status, 415, "{coding}");
        assert!(r.text().contains("Content-Encoding"), "{}", r.text());
    }
    server.stop().unwrap();
    assert_eq!(after_restart(&dir)["description"], "start");
    let server = Server::bind(file_config(&dir)).unwrap().spawn();
    let addr = server.local_addr();
    let r = patch(addr, ITEM, &[("Content-Encoding", "identity")], body);
    assert_eq!(r.status, 200);
    server.stop().unwrap();
    assert_eq!(
        after_restart(&dir)["description"],
        "plain but labelled gzip"
    );
}

/// Item 9: connections past `max_connections` get 503 with Retry-After
/// and are closed; the ones within the cap are served; once connections
/// close, new ones are served again.
#[test]
fn connections_past_the_cap_get_503_and_the_server_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = ndjson(&dir, "c1.ndjson", &[OP]);
    let mut c = config(vec![("c1".into(), file)]);
    c.max_connections = 4;
    let server = Server::bind(c).unwrap().spawn();
    let addr = server.local_addr();
    // Four idle connections hold the four places.
    let idle: Vec<_> = (0..4).map(|_| connect(addr)).collect();
    std::thread::sleep(Duration::from_millis(200));
    for _ in 0..20 {
        let r = get(addr, ITEM);
        assert_eq!(r.status, 503);
        assert_eq!(r.header("retry-after"), Some("1"));
    }
    drop(idle);
    let mut served = false;
    for _ in 0..100 {
        let r = get(addr, ITEM);
        if r.status == 200 {
            served = true;
            break;
        }
        assert_eq!(r.status, 503);
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(served, "the places were never given back");
    server.stop().unwrap();
}

/// Item 9: request bodies past `max_body_in_flight` get 503 with
/// Retry-After without being read; when the body in flight is done, the
/// next PATCH is served. Nothing half-read is stored.
#[test]
fn bodies_past_the_bytes_in_flight_get_503() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = file_config(&dir);
    c.max_body = 1000;
    c.max_body_in_flight = 1500;
    let server = Server::bind(c).unwrap().spawn();
    let addr = server.local_addr();
    // A PATCH that declares 1000 bytes and sends them slowly.
    let body = format!(r#"{{"description":"{}"}}"#, "s".repeat(1000 - 18));
    assert_eq!(body.len(), 1000);
    let mut slow = connect(addr);
    slow.write_all(
        format!(
            "PATCH {ITEM} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\
             Content-Type: application/json\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n{}",
            &body[..10]
        )
        .as_bytes(),
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let r = patch(addr, ITEM, &[], &body.as_bytes()[..999]);
    assert_eq!(r.status, 503, "{}", r.text());
    assert_eq!(r.header("retry-after"), Some("1"));
    // A small body still fits beside the slow one.
    let r = patch(addr, ITEM, &[], br#"{"percentProgress":50}"#);
    assert_eq!(r.status, 200, "{}", r.text());
    slow.write_all(&body.as_bytes()[10..]).unwrap();
    let r = read_raw(&mut slow);
    assert_eq!(r.status, 200);
    let r = patch(addr, ITEM, &[], &body.as_bytes()[..999]);
    assert_eq!(
        r.status, 400,
        "a 999-byte cut is invalid JSON, but it was read"
    );
    server.stop().unwrap();
    let got = after_restart(&dir);
    assert_eq!(got["description"].as_str().unwrap().len(), 1000 - 18);
    assert_eq!(got["percentProgress"], 50);
}

/// Item 9: idle connections cannot hold the places for good: a connection
/// that sends nothing within `read_timeout` is closed, and its place is
/// given to the next.
#[test]
fn idle_connections_are_cut_off_after_the_read_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let file = ndjson(&dir, "c1.ndjson", &[OP]);
    let mut c = config(vec![("c1".into(), file)]);
    c.max_connections = 2;
    c.read_timeout = Duration::from_millis(500);
    let server = Server::bind(c).unwrap().spawn();
    let addr = server.local_addr();
    // One idle from the start, one idle after a first request (keep-alive).
    let idle = connect(addr);
    let mut kept = connect(addr);
    kept.write_all(
        format!("GET {ITEM} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\r\n")
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(read_raw(&mut kept).status, 200);
    assert_eq!(get(addr, ITEM).status, 503);
    let mut served = false;
    for _ in 0..100 {
        std::thread::sleep(Duration::from_millis(50));
        let r = get(addr, ITEM);
        if r.status == 200 {
            served = true;
            break;
        }
    }
    assert!(served, "idle connections kept their places");
    drop((idle, kept));
    server.stop().unwrap();
}
