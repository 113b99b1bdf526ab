//! A raw HTTP/1.1 client over loopback, so that tests control every byte
//! (bad bodies, half requests), and a server started in-process.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::time::Duration;

use caseexport_server::{Config, Running, Server};

pub const TOKEN: &str = "test-token-0123";

/// A stored operation with enough of everything.
pub const OP: &str = r#"{"id":"op1","status":"running","percentProgress":40,"description":"start","azureBlobToken":"sv=1&sig=SASSECRET","exportOptions":"text","exportStructure":"directory"}"#;

/// Writes an NDJSON file of `lines` in a temporary folder.
pub fn ndjson(dir: &tempfile::TempDir, name: &str, lines: &[&str]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

/// A config with the test token, quiet, loading `loads`.
pub fn config(loads: Vec<(String, PathBuf)>) -> Config {
    let mut c = Config::new(vec![TOKEN.into()]);
    c.listen = "127.0.0.1:0".parse().unwrap();
    c.loads = loads;
    c.log = false;
    c.workers = 2;
    c
}

/// Starts a server with case `c1` holding [`OP`].
pub fn start(dir: &tempfile::TempDir) -> Running {
    let file = ndjson(dir, "c1.ndjson", &[OP]);
    Server::bind(config(vec![("c1".into(), file)]))
        .unwrap()
        .spawn()
}

pub const ITEM: &str = "/beta/compliance/ediscovery/cases/c1/operations/op1";

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
}

/// Connects with generous socket timeouts (a bound, not a measurement).
pub fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(30))).unwrap();
    s
}

/// Sends raw bytes and reads the one response (the connection is closed).
pub fn raw(addr: SocketAddr, bytes: &[u8]) -> Resp {
    let mut s = connect(addr);
    s.write_all(bytes).unwrap();
    read_raw(&mut s)
}

/// Reads one response: status line, headers, a Content-Length body.
pub fn read_raw(s: &mut TcpStream) -> Resp {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        let n = s.read(&mut byte).unwrap();
        assert!(
            n == 1,
            "connection closed before the headers ended: {:?}",
            String::from_utf8_lossy(&buf)
        );
        buf.push(byte[0]);
    }
    let head = String::from_utf8(buf).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_owned(), v.trim().to_owned())
        })
        .collect();
    let len: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = vec![0; len];
    s.read_exact(&mut body).unwrap();
    Resp {
        status,
        headers,
        body,
    }
}

/// A request with the test token and `Connection: close`.
pub fn call(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("authorization"))
    {
        req.push_str(&format!("Authorization: Bearer {TOKEN}\r\n"));
    }
    for (n, v) in headers {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    if method == "PATCH" || !body.is_empty() {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    raw(addr, &bytes)
}

pub fn get(addr: SocketAddr, path: &str) -> Resp {
    call(addr, "GET", path, &[], b"")
}

pub fn patch(addr: SocketAddr, path: &str, extra: &[(&str, &str)], body: &[u8]) -> Resp {
    let mut headers = vec![("Content-Type", "application/json")];
    headers.extend_from_slice(extra);
    call(addr, "PATCH", path, &headers, body)
}
