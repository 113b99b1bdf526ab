//! Fault injection against `caseexport serve` as a process over loopback
//! (issue 18): a 500 with the request log on, an unreadable stored
//! operation and its repair, the write lock held past the busy timeout, a
//! full store, an operation grown to the limit, a restart with `--load`,
//! log injection, and operator input checked at start. Each test asserts
//! what the client got and what the store holds after a restart; every
//! server is stopped by its process id (SIGTERM, bounded; SIGKILL on drop).
//! Group commit failing mid-batch is `store::batch_tests` (deterministic);
//! kill -9 under load is in `net.rs`.

#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;

use common::{Serve, BIN};

const TOKEN: &str = "tok-faults-0815";
const ITEM: &str = "/beta/compliance/ediscovery/cases/c1/operations";

impl Serve {
    fn start(dir: &Path, args: &[&str]) -> Serve {
        Serve::spawn(args, TOKEN, Some(dir))
    }
}

#[derive(Debug)]
struct Resp {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Resp {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.split("\r\n").find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }
}

/// Sends raw bytes on a new connection and reads the one answer (bounded).
fn raw(addr: SocketAddr, bytes: &[u8]) -> Resp {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(bytes).unwrap();
    let mut all = Vec::new();
    s.read_to_end(&mut all)
        .unwrap_or_else(|e| panic!("no answer within 20 s: {e}"));
    let end = all
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head: {:?}", String::from_utf8_lossy(&all)));
    let head = String::from_utf8_lossy(&all[..end]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Resp {
        status,
        head,
        body: all[end + 4..].to_vec(),
    }
}

fn call(addr: SocketAddr, method: &str, path: &str, body: &[u8]) -> Resp {
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Authorization: Bearer {TOKEN}\r\n"
    );
    if method == "PATCH" {
        req.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    raw(addr, &bytes)
}

fn get(addr: SocketAddr, id: &str) -> Resp {
    call(addr, "GET", &format!("{ITEM}/{id}"), b"")
}

fn list(addr: SocketAddr) -> Resp {
    call(addr, "GET", ITEM, b"")
}

fn patch(addr: SocketAddr, id: &str, body: &str) -> Resp {
    call(addr, "PATCH", &format!("{ITEM}/{id}"), body.as_bytes())
}

fn op(id: &str) -> String {
    format!(r#"{{"id":"{id}","status":"running","percentProgress":10,"description":"start"}}"#)
}

fn load_file(dir: &Path, ids: &[&str]) -> String {
    let path = dir.join("c1.ndjson");
    let lines: Vec<String> = ids.iter().map(|id| op(id)).collect();
    std::fs::write(&path, lines.join("\n")).unwrap();
    format!("c1={}", path.display())
}

/// The stored (version, document) of an operation, read from the file.
fn stored(db: &Path, id: &str) -> (i64, String) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT version, CAST(doc AS TEXT) FROM operations WHERE case_id = 'c1' AND id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

/// Item 1 and 2: with the request log on (the default) and one worker, a
/// stored operation that cannot be read answers 500 again and again, and
/// the server keeps answering: the other operation, the case's list (which
/// leaves the broken one out), and SIGTERM. The log names each cause once
/// with its request id. `--replace` repairs it; `--load` would not.
#[test]
fn an_unreadable_operation_answers_500_for_itself_only_and_is_repaired_by_replace() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let load = load_file(dir.path(), &["good", "bad"]);
    let db_arg = db.to_str().unwrap();
    let server = Serve::start(dir.path(), &["--db", db_arg, "--load", &load]);
    assert!(server.terminate().success());
    // An older version, or a hand, wrote what cannot be read.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE operations SET doc = CAST('{\"id\":\"bad\",\"percentProgress\":\"x\"' AS BLOB) WHERE id = 'bad'",
            [],
        )
        .unwrap();

    let server = Serve::start(dir.path(), &["--db", db_arg, "--workers", "1"]);
    let mut ids = Vec::new();
    for _ in 0..4 {
        let r = get(server.addr, "bad");
        assert_eq!(r.status, 500);
        let message = r.json()["error"]["message"].as_str().unwrap().to_owned();
        assert!(message.contains("--replace"), "{message}");
        ids.push(r.header("request-id").unwrap());
        let r = patch(server.addr, "bad", r#"{"createdBy":null}"#);
        assert_eq!(r.status, 500);
        ids.push(r.header("request-id").unwrap());
        assert_eq!(get(server.addr, "good").status, 200);
    }
    let r = list(server.addr);
    assert_eq!(r.status, 200);
    let listed: Vec<_> = r.json()["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, ["good"]);
    ids.push(r.header("request-id").unwrap());
    let log = server.log_with(ids.last().unwrap());
    for id in &ids {
        let causes = log
            .lines()
            .filter(|l| l.starts_with(&format!("caseexport serve: request {id}: ")))
            .count();
        assert_eq!(causes, 1, "request {id} in {log}");
        assert!(log.contains("unreadable"), "{log}");
    }
    assert!(server.terminate().success());
    assert_eq!(stored(&db, "bad").0, 1, "a 500 changed nothing");

    // --load keeps what the store has; --replace repairs.
    let server = Serve::start(dir.path(), &["--db", db_arg, "--load", &load]);
    assert_eq!(get(server.addr, "bad").status, 500);
    assert!(server.terminate().success());
    let replace = load.clone();
    let server = Serve::start(dir.path(), &["--db", db_arg, "--replace", &replace]);
    let r = get(server.addr, "bad");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("etag").as_deref(), Some("W/\"2\""));
    assert!(server.terminate().success());
}

/// Item 10: restarting with the README's own command line (`--db` and
/// `--load`) keeps every PATCH; `--replace` is the way to start over.
#[test]
fn restarting_with_load_keeps_patches_and_replace_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let load = load_file(dir.path(), &["o1"]);
    let args = ["--db", db.to_str().unwrap(), "--load", &load];
    let server = Serve::start(dir.path(), &args);
    let r = patch(server.addr, "o1", r#"{"description":"patched"}"#);
    assert_eq!(r.status, 200);
    assert!(server.terminate().success());

    let server = Serve::start(dir.path(), &args);
    let r = get(server.addr, "o1");
    assert_eq!(r.json()["description"], "patched");
    assert_eq!(r.header("etag").as_deref(), Some("W/\"2\""));
    let log = server.log_with("kept 1 operation(s)");
    assert!(log.contains("--replace"), "{log}");
    assert!(server.terminate().success());
    assert_eq!(stored(&db, "o1").0, 2);

    let server = Serve::start(
        dir.path(),
        &["--db", db.to_str().unwrap(), "--replace", &load],
    );
    let r = get(server.addr, "o1");
    assert_eq!(r.json()["description"], "start");
    assert_eq!(r.header("etag").as_deref(), Some("W/\"3\""));
    assert!(server.terminate().success());
}

/// Item 1 and 4: another connection holds the write lock past the busy
/// timeout: the PATCH is answered 500 (the log says the database is
/// locked, with the request id), reads are still answered, SIGTERM stops
/// the server within its grace period, and the store holds no change.
#[test]
fn the_write_lock_held_past_the_busy_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let load = load_file(dir.path(), &["o1"]);
    let server = Serve::start(
        dir.path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "--load",
            &load,
            "--workers",
            "1",
        ],
    );
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let r = patch(server.addr, "o1", r#"{"description":"blocked"}"#);
    assert_eq!(r.status, 500);
    let id = r.header("request-id").unwrap();
    let log = server.log_with(&format!("request {id}: "));
    assert!(
        log.contains(&format!(
            "request {id}: cannot start a transaction: database is locked"
        )),
        "{log}"
    );
    // Reads do not need the write lock.
    let r = get(server.addr, "o1");
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["description"], "start");
    // SIGTERM while the lock is still held.
    assert!(server.terminate().success());
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    let server = Serve::start(dir.path(), &["--db", db.to_str().unwrap()]);
    assert_eq!(get(server.addr, "o1").json()["description"], "start");
    assert!(server.terminate().success());
}

/// A full store (`--max-db-size`, SQLite's `max_page_count`): a PATCH that
/// does not fit is answered 500 and changes nothing; one that fits is
/// answered 200 and kept; the server goes on.
#[test]
fn a_full_store_answers_500_and_keeps_everything_it_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let load = load_file(dir.path(), &["o1", "o2"]);
    let db_arg = db.to_str().unwrap();
    let server = Serve::start(dir.path(), &["--db", db_arg, "--load", &load]);
    assert!(server.terminate().success());
    let size = std::fs::metadata(&db).unwrap().len();
    let cap = (size + 8 * 4096).to_string();
    let server = Serve::start(dir.path(), &["--db", db_arg, "--max-db-size", &cap]);
    let big = format!(r#"{{"description":"{}"}}"#, "x".repeat(1024 * 1024));
    let r = patch(server.addr, "o1", &big);
    assert_eq!(r.status, 500);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("changed nothing"));
    let r = patch(server.addr, "o2", r#"{"description":"fits"}"#);
    assert_eq!(r.status, 200);
    assert!(server.terminate().success());
    let server = Serve::start(dir.path(), &["--db", db_arg]);
    assert_eq!(get(server.addr, "o1").json()["description"], "start");
    assert_eq!(get(server.addr, "o2").json()["description"], "fits");
    assert!(server.terminate().success());
}

/// Item 2: with `--max-body` at its most (16 MiB), a PATCH whose result
/// would be larger than a stored operation may be is refused (413
/// limitExceeded) and nothing is written; one that ends just under the
/// limit is kept and reads back, also after a restart, in GET and in the
/// list.
#[test]
fn an_operation_grown_to_the_limit_stays_readable() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let load = load_file(dir.path(), &["o1"]);
    let db_arg = db.to_str().unwrap();
    let args = [
        "--db",
        db_arg,
        "--load",
        &load,
        "--max-body",
        "16777216",
        "--quiet",
    ];
    let server = Serve::start(dir.path(), &args);
    let limit = 16 * 1024 * 1024;
    let stored_len = stored(&db, "o1").1.len();
    // The description grows the document to exactly one byte over the limit.
    let over = limit + 1 - (stored_len - "start".len());
    let r = patch(
        server.addr,
        "o1",
        &format!(r#"{{"description":"{}"}}"#, "a".repeat(over)),
    );
    assert_eq!(r.status, 413);
    assert_eq!(r.json()["error"]["code"], "limitExceeded");
    assert_eq!(stored(&db, "o1").0, 1, "nothing was written");
    // Exactly at the limit: kept, and read back.
    let r = patch(
        server.addr,
        "o1",
        &format!(r#"{{"description":"{}"}}"#, "a".repeat(over - 1)),
    );
    assert_eq!(r.status, 200);
    assert_eq!(stored(&db, "o1").1.len(), limit);
    assert!(server.terminate().success());
    let server = Serve::start(dir.path(), &["--db", db_arg, "--quiet"]);
    assert_eq!(get(server.addr, "o1").status, 200);
    assert_eq!(list(server.addr).status, 200);
    assert_eq!(
        patch(server.addr, "o1", r#"{"description":"small"}"#).status,
        200
    );
    assert!(server.terminate().success());
}

/// Item 6: what a client sends in the request line reaches the log
/// escaped (C1 controls, bidi overrides, line breaks) and cut with a
/// marker, one line per request, without a token.
#[test]
fn the_request_line_is_logged_escaped_and_cut() {
    let dir = tempfile::tempdir().unwrap();
    let server = Serve::start(dir.path(), &[]);
    let long_method = "M".repeat(60_000);
    let r = raw(
        server.addr,
        format!("{long_method} / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    let long_id = r.header("request-id").unwrap();
    let mut req = b"GET /beta/a".to_vec();
    req.extend_from_slice("\u{9b}2J\u{202e}gnp.exe".as_bytes());
    req.extend_from_slice(b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    let r = raw(server.addr, &req);
    let odd_id = r.header("request-id");
    let log = server.log_with(&long_id);
    let line = log.lines().find(|l| l.contains(&long_id)).unwrap();
    assert!(line.len() < 400, "{line}");
    assert!(
        line.starts_with(&format!("{}…(+{} bytes) / ", "M".repeat(256), 60_000 - 256)),
        "{line}"
    );
    if let Some(odd_id) = odd_id {
        // hyper took the request line: its path is escaped in the log.
        let log = server.log_with(&odd_id);
        let line = log.lines().find(|l| l.contains(&odd_id)).unwrap();
        assert!(line.contains("\\u{9b}2J\\u{202e}gnp.exe"), "{line}");
    }
    assert!(
        !log.contains('\u{9b}') && !log.contains('\u{202e}'),
        "{log}"
    );
    assert!(server.terminate().success());
}

/// Item 5 and issue 21: operator input is checked at start, exit 2 with a
/// message naming the flag; a pretty-printed `--load` file is one error
/// saying the file must be NDJSON (exit 1); an unreadable one is exit 2.
#[test]
fn operator_input_is_checked_at_start() {
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .env("CASEEXPORT_SERVE_TOKENS", TOKEN)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    for (args, words) in [
        (&["--read-timeout", "1e20"][..], "--read-timeout must be"),
        (&["--read-timeout", "1.8e19"][..], "--read-timeout must be"),
        (&["--read-timeout", "0"][..], "--read-timeout must be"),
        (&["--read-timeout", "NaN"][..], "--read-timeout must be"),
        (&["--max-body", "16777217"][..], "--max-body must be"),
        (&["--max-body", "0"][..], "--max-body must be"),
        (&["--workers", "100000"][..], "--workers must be"),
        (&["--group-commit", "100000"][..], "--group-commit must be"),
        (&["--max-connections", "0"][..], "--max-connections must be"),
        (
            &["--max-body-in-flight", "1000"][..],
            "--max-body-in-flight",
        ),
        (
            &["--public-url", "http://a@evil.example"][..],
            "--public-url",
        ),
    ] {
        let out = run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("caseexport: error: "), "{args:?}: {err}");
        assert!(err.contains(words), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(out.stdout.is_empty());
    }
    let out = Command::new(BIN)
        .args(["serve", "--listen", "localhost:nope"])
        .env("CASEEXPORT_SERVE_TOKENS", TOKEN)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("localhost:PORT"));

    // `localhost:PORT` is accepted: the loopback address.
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .args(["serve", "--listen", "localhost:0"])
        .env("CASEEXPORT_SERVE_TOKENS", TOKEN)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.starts_with("listening on http://127.0.0.1:"), "{line}");

    // A pretty-printed operation (examples/operation.json): one error.
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/operation.json");
    let out = run(&["--load", &format!("c={example}")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(
        err.contains("operation.json: the file must be NDJSON, one operation per line"),
        "{err}"
    );
    assert!(err.contains("jq -c"), "{err}");
    // An unreadable file: exit 2, prefixed like the CLI's other errors.
    let missing = dir.path().join("missing.ndjson");
    let out = run(&["--load", &format!("c={}", missing.display())]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with(&format!(
            "caseexport: error: cannot read {}: ",
            missing.display()
        )),
        "{err}"
    );
}

/// Item 1: standard error that is never read (a full pipe) never blocks a
/// request, a 500 included: lines past the log's queue are dropped and
/// counted; SIGTERM still stops the server within its grace period.
#[test]
fn a_log_nobody_reads_never_blocks_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let load = load_file(dir.path(), &["o1"]);
    let mut child = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--workers", "1"])
        .args(["--db", db.to_str().unwrap(), "--load", &load])
        .env("CASEEXPORT_SERVE_TOKENS", TOKEN)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped()) // never read
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr: SocketAddr = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap()
        .parse()
        .unwrap();
    let holder = rusqlite::Connection::open(&db).unwrap();
    // 64 KiB of pipe is about 600 request lines; send many more, with a
    // long path so each line is long.
    let path = format!("{ITEM}/o1?{}", "p".repeat(200));
    for n in 0..2500 {
        let r = call(addr, "GET", &path, b"");
        assert_eq!(r.status, 200, "request {n}");
    }
    // A 500 (the write lock held past the busy timeout) is answered too.
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    assert_eq!(patch(addr, "o1", r#"{"description":"x"}"#).status, 500);
    holder.execute_batch("ROLLBACK").unwrap();
    assert_eq!(patch(addr, "o1", r#"{"description":"y"}"#).status, 200);
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(12) {
            let _ = child.kill();
            panic!("the server did not stop within 12 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success());
    // Now read what was logged: the first lines are there, many were dropped.
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    assert!(log.starts_with("GET "), "{}", &log[..200.min(log.len())]);
    assert!(log.lines().count() < 2500, "nothing was dropped");
    assert!(stored(&db, "o1").1.contains("\"y\""));
}

/// Item 3: group commit with a full store in the middle of batches. Eight
/// writers each PATCH their own operation, alternating a small change
/// (which fits) and a large one (which cannot): every small one is
/// answered 200, every large one 500, and after a restart each operation
/// holds exactly its writer's last acknowledged change.
#[test]
fn group_commit_with_a_failure_mid_batch_answers_each_patch_by_its_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let ids: Vec<String> = (0..8).map(|i| format!("w{i}")).collect();
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let load = load_file(dir.path(), &id_refs);
    let db_arg = db.to_str().unwrap();
    let server = Serve::start(dir.path(), &["--db", db_arg, "--load", &load]);
    assert!(server.terminate().success());
    let cap = (std::fs::metadata(&db).unwrap().len() + 16 * 4096).to_string();
    let server = Serve::start(
        dir.path(),
        &[
            "--db",
            db_arg,
            "--group-commit",
            "16",
            "--max-db-size",
            &cap,
            "--quiet",
        ],
    );
    let addr = server.addr;
    let big = format!(r#"{{"description":"{}"}}"#, "B".repeat(300_000));
    let writers: Vec<_> = ids
        .iter()
        .cloned()
        .map(|id| {
            let big = big.clone();
            std::thread::spawn(move || {
                let mut last = "start".to_owned();
                for n in 0..30 {
                    let small = format!("{id}-{n}");
                    let r = patch(addr, &id, &format!(r#"{{"description":"{small}"}}"#));
                    assert_eq!(r.status, 200, "{id} small {n}: {:?}", r.json());
                    last = small;
                    let r = patch(addr, &id, &big);
                    assert_eq!(r.status, 500, "{id} big {n}");
                }
                (id, last)
            })
        })
        .collect();
    let acknowledged: Vec<(String, String)> =
        writers.into_iter().map(|w| w.join().unwrap()).collect();
    let log = server.log();
    eprintln!(
        "{} shared transactions failed and were run again one PATCH at a time",
        log.matches("a group commit of").count()
    );
    assert!(server.terminate().success());
    let server = Serve::start(dir.path(), &["--db", db_arg, "--quiet"]);
    for (id, last) in &acknowledged {
        assert_eq!(get(server.addr, id).json()["description"], last.as_str());
        assert_eq!(stored(&db, id).0, 31, "{id}: one version per 200");
    }
    assert!(server.terminate().success());
}
