//! `caseexport serve`, `send` and `get` against each other, as processes over
//! loopback: the end-to-end flow, exit statuses, retries, timeouts, secrets
//! kept out of every output, and a `kill -9` crash test on a file store.

#![cfg(target_os = "linux")]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

mod common;

use common::{Serve, BIN};

const TOKEN: &str = "tok-SECRET-4711";
const SAS: &str = "sig=SASSECRET";

fn op(id: &str) -> String {
    format!(
        r#"{{"id":"{id}","status":"running","percentProgress":10,"description":"","azureBlobToken":"sv=1&{SAS}"}}"#
    )
}

impl Serve {
    fn start(dir: &Path, args: &[&str]) -> Serve {
        Serve::spawn(args, &format!("other, {TOKEN}"), Some(dir))
    }

    fn item(&self, id: &str) -> String {
        format!(
            "{}/beta/compliance/ediscovery/cases/c1/operations/{id}",
            self.url
        )
    }
}

fn cli(args: &[&str], stdin: &[u8]) -> Output {
    common::run_cli(args, stdin, TOKEN)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn load_file(dir: &Path, ids: &[&str]) -> String {
    let path = dir.join("c1.ndjson");
    let lines: Vec<String> = ids.iter().map(|id| op(id)).collect();
    std::fs::write(&path, lines.join("\n")).unwrap();
    format!("c1={}", path.display())
}

#[test]
fn send_and_get_against_serve() {
    let dir = tempfile::tempdir().unwrap();
    let server = Serve::start(dir.path(), &["--load", &load_file(dir.path(), &["op1"])]);
    let url = server.item("op1");

    let got = cli(&["get", "--url", &url], b"");
    assert_eq!(got.status.code(), Some(0), "{}", text(&got.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&got.stdout).unwrap();
    assert_eq!(doc["@odata.etag"], "W/\"1\"");
    assert_eq!(doc["percentProgress"], 10);

    let sent = cli(
        &["send", "-", "--url", &url, "--if-match", "W/\"1\""],
        br#"{"percentProgress":100,"status":"succeeded"}"#,
    );
    assert_eq!(sent.status.code(), Some(0), "{}", text(&sent.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&sent.stdout).unwrap();
    assert_eq!(
        (doc["percentProgress"].as_i64(), doc["@odata.etag"].as_str()),
        (Some(100), Some("W/\"2\""))
    );

    // A stale ETag: the Graph error on standard error, exit 1.
    let stale = cli(
        &["send", "-", "--url", &url, "--if-match", "W/\"1\""],
        br#"{"percentProgress":5}"#,
    );
    assert_eq!(stale.status.code(), Some(1));
    assert!(stale.stdout.is_empty());
    let err = text(&stale.stderr);
    assert!(
        err.starts_with("caseexport: HTTP 412 PreconditionFailed: "),
        "{err}"
    );
    assert!(err.contains("request-id: "), "{err}");

    // The service's validation errors, one line each (sent leniently so
    // that the service, not the client, refuses them).
    let bad = cli(
        &["send", "--lenient", "-", "--url", &url],
        br#"{"colour":"red","percentProgress":5}"#,
    );
    assert_eq!(bad.status.code(), Some(1));
    let err = text(&bad.stderr);
    assert!(err.contains("HTTP 400 BadRequest"), "{err}");
    assert!(err.contains("\n/colour unknownProperty "), "{err}");

    // 401 and 404 are Graph errors too.
    let denied = Command::new(BIN)
        .args(["get", "--url", &url])
        .env("CASEEXPORT_TOKEN", "wrong")
        .output()
        .unwrap();
    assert_eq!(denied.status.code(), Some(1));
    assert!(text(&denied.stderr).contains("HTTP 401 InvalidAuthenticationToken"));
    let missing = cli(&["get", "--url", &server.item("nope")], b"");
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("HTTP 404 itemNotFound"));

    // Usage errors: no token variable, a bad URL. A list URL reads the page.
    let no_token = Command::new(BIN)
        .args(["get", "--url", &url])
        .env_remove("CASEEXPORT_TOKEN")
        .output()
        .unwrap();
    assert_eq!(no_token.status.code(), Some(2));
    let list = cli(
        &[
            "get",
            "--url",
            &format!(
                "{}/beta/compliance/ediscovery/cases/c1/operations",
                server.url
            ),
        ],
        b"",
    );
    assert_eq!(list.status.code(), Some(0), "{}", text(&list.stderr));
    let page = text(&list.stdout);
    assert!(page.starts_with(r#"{"@odata.context":"#), "{page}");
    assert!(
        page.contains(r##""value":[{"@odata.type":"#microsoft.graph.caseExportOperation""##),
        "{page}"
    );
    let bad_url = cli(&["get", "--url", "ftp://x/y"], b"");
    assert_eq!(bad_url.status.code(), Some(2));

    let log = server.log();
    let status = server.terminate();
    assert!(status.success(), "{status:?}");
    // One line per request; neither the bearer token nor the SAS token.
    assert!(
        log.contains("PATCH /beta/compliance/ediscovery/cases/c1/operations/op1 412 "),
        "{log}"
    );
    for out in [&got, &sent, &stale, &bad, &denied, &missing, &no_token] {
        assert!(!text(&out.stdout).contains(TOKEN) && !text(&out.stderr).contains(TOKEN));
    }
    assert!(!log.contains(TOKEN) && !log.contains(SAS), "{log}");
}

#[test]
fn serve_refuses_to_start_without_tokens_or_with_bad_loads() {
    let out = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env_remove("CASEEXPORT_SERVE_TOKENS")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("CASEEXPORT_SERVE_TOKENS"));
    assert!(out.stdout.is_empty());

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ndjson");
    std::fs::write(
        &bad,
        "{\"id\":\"a\"}\n{\"percentProgress\":\"x\",\"id\":\"b\"}\n",
    )
    .unwrap();
    let out = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--load"])
        .arg(format!("c1={}", bad.display()))
        .env("CASEEXPORT_SERVE_TOKENS", TOKEN)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("line 2: /percentProgress invalidType"),
        "{}",
        text(&out.stderr)
    );
}

/// A one-thread fake service: answers each request with the next canned
/// response and counts the requests.
fn fake_service(responses: Vec<String>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://{}/beta/compliance/ediscovery/cases/c1/operations/op1",
        listener.local_addr().unwrap()
    );
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    std::thread::spawn(move || {
        for response in responses {
            let Ok((mut s, _)) = listener.accept() else {
                return;
            };
            s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            let mut buf = Vec::new();
            let mut byte = [0u8; 1];
            while !buf.ends_with(b"\r\n\r\n") && s.read(&mut byte).unwrap_or(0) == 1 {
                buf.push(byte[0]);
            }
            let head = String::from_utf8_lossy(&buf).to_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse().unwrap());
            let mut body = vec![0; len];
            let _ = s.read_exact(&mut body);
            seen.fetch_add(1, Ordering::SeqCst);
            let _ = s.write_all(response.as_bytes());
        }
    });
    (url, count)
}

fn canned(status: &str, extra: &str, body: &str) -> String {
    format!("HTTP/1.1 {status}\r\nContent-Type: application/json\r\nConnection: close\r\n{extra}Content-Length: {}\r\n\r\n{body}", body.len())
}

#[test]
fn throttling_is_retried_with_retry_after_within_bounds() {
    let busy = canned(
        "503 Service Unavailable",
        "Retry-After: 0\r\n",
        r#"{"error":{"code":"ServiceUnavailable","message":"busy"}}"#,
    );
    let throttled = canned(
        "429 Too Many Requests",
        "Retry-After: Thu, 01 Jan 1970 00:00:00 GMT\r\n",
        r#"{"error":{"code":"TooManyRequests","message":"slow down"}}"#,
    );
    let ok = canned("200 OK", "", r#"{"id":"op1","percentProgress":100}"#);
    let (url, count) = fake_service(vec![busy.clone(), throttled, ok]);
    let out = cli(
        &["send", "-", "--url", &url, "--retries", "3"],
        br#"{"percentProgress":100}"#,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(count.load(Ordering::SeqCst), 3);
    assert!(text(&out.stdout).contains(r#""percentProgress":100"#));
    assert_eq!(text(&out.stderr).matches("trying again").count(), 2);

    // Out of retries: the last answer is the error, exit 1.
    let gateway = canned("504 Gateway Timeout", "", "");
    let (url, count) = fake_service(vec![busy.clone(), gateway]);
    let out = cli(&["get", "--url", &url, "--retries", "1"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(count.load(Ordering::SeqCst), 2);
    assert!(
        text(&out.stderr).contains("HTTP 504 GatewayTimeout"),
        "{}",
        text(&out.stderr)
    );

    // Other errors are not retried.
    let (url, count) = fake_service(vec![
        canned("500 Internal Server Error", "", ""),
        ok_again(),
    ]);
    let out = cli(&["get", "--url", &url], b"");
    assert_eq!(
        (out.status.code(), count.load(Ordering::SeqCst)),
        (Some(1), 1)
    );
}

fn ok_again() -> String {
    canned("200 OK", "", r#"{"id":"op1"}"#)
}

#[test]
fn unreachable_and_silent_services_exit_2() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/beta/compliance/ediscovery/cases/c/operations/o");
    let out = cli(&["get", "--url", &url], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("GET http://127.0.0.1"),
        "{}",
        text(&out.stderr)
    );

    // Accepts, reads, never answers: the timeout ends it.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://{}/beta/compliance/ediscovery/cases/c/operations/o",
        silent.local_addr().unwrap()
    );
    let hold = std::thread::spawn(move || {
        let conn = silent.accept();
        std::thread::sleep(Duration::from_secs(5));
        drop(conn);
    });
    let out = cli(
        &["send", "-", "--url", &url, "--timeout", "0.5"],
        br#"{"percentProgress":1}"#,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).to_lowercase().contains("timeout")
            || text(&out.stderr).to_lowercase().contains("timed out"),
        "{}",
        text(&out.stderr)
    );
    assert!(!text(&out.stderr).contains(TOKEN));
    hold.join().unwrap();
}

#[test]
fn acknowledged_patches_survive_kill_9() {
    crash_test(&[]);
}

#[test]
fn acknowledged_patches_survive_kill_9_with_group_commit() {
    crash_test(&["--group-commit", "16"]);
}

/// Writers PATCH their own operations, remembering every `200`; the server
/// is killed with SIGKILL mid-write, restarted on the same database, and
/// every acknowledged update must be there.
fn crash_test(extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let ids = ["w0", "w1", "w2", "w3"];
    let load = load_file(dir.path(), &ids);
    let mut args = vec!["--db", db.to_str().unwrap(), "--load", &load, "--quiet"];
    args.extend_from_slice(extra);
    let server = Serve::start(dir.path(), &args);
    let stop = Arc::new(AtomicBool::new(false));
    let total = Arc::new(AtomicUsize::new(0));
    let writers: Vec<_> = ids
        .iter()
        .map(|id| {
            let url = server.item(id);
            let (stop, total) = (Arc::clone(&stop), Arc::clone(&total));
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .timeout_global(Some(Duration::from_secs(10)))
                    .build()
                    .into();
                let mut description = String::new();
                let mut acknowledged = Vec::new();
                for n in 0.. {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let mark = format!("{n};");
                    let body = serde_json::json!({ "description": format!("{description}{mark}") })
                        .to_string();
                    let result = agent
                        .patch(&url)
                        .header("Authorization", &format!("Bearer {TOKEN}"))
                        .header("Content-Type", "application/json")
                        .send(body.as_bytes());
                    match result {
                        Ok(r) if r.status() == 200 => {
                            description.push_str(&mark);
                            acknowledged.push(mark);
                            total.fetch_add(1, Ordering::SeqCst);
                        }
                        Ok(r) => panic!("unexpected status {}", r.status()),
                        // The server is gone: what was not answered 200 may be lost.
                        Err(_) => break,
                    }
                }
                acknowledged
            })
        })
        .collect();
    // Let the writers get going, then kill the server mid-write.
    for _ in 0..600 {
        if total.load(Ordering::SeqCst) >= 80 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        total.load(Ordering::SeqCst) >= 80,
        "the writers made no progress"
    );
    let mut server = server;
    server.child.kill().unwrap(); // SIGKILL
    server.child.wait().unwrap();
    stop.store(true, Ordering::SeqCst);
    let acknowledged: Vec<Vec<String>> = writers.into_iter().map(|w| w.join().unwrap()).collect();
    drop(server);

    // Restart on the same database, without --load.
    let server = Serve::start(dir.path(), &["--db", db.to_str().unwrap(), "--quiet"]);
    for (id, marks) in ids.iter().zip(&acknowledged) {
        let out = cli(&["get", "--url", &server.item(id)], b"");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let description = doc["description"].as_str().unwrap();
        let expected: String = marks.concat();
        // Every acknowledged update is there; at most the one in flight more.
        assert!(
            description.starts_with(&expected),
            "{id}: {description:?} lacks {expected:?}"
        );
        assert!(description.len() - expected.len() <= format!("{};", marks.len()).len());
    }
    assert!(server.terminate().success());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn successful_answers_are_read_by_the_core_as_any_export_type() {
    let sec = r##"{"@odata.type":"#microsoft.graph.security.ediscoveryExportOperation","id":"op1","exportStructure":"msg"}"##;
    let (url, _) = fake_service(vec![
        canned("200 OK", "", sec),
        canned("200 OK", "", " \r\n"),
        canned("200 OK", "", r#"{"id":"op1","percentProgress":"x"}"#),
        canned("200 OK", "", r#"{"id":"op1"}"#),
    ]);
    // The type the answer names.
    let out = cli(&["get", "--url", &url], b"");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim_end(), sec);
    // Only JSON whitespace: no content, as the core's reader says.
    let out = cli(&["get", "--url", &url], b"");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("(no content)"),
        "{}",
        text(&out.stderr)
    );
    // An invalid operation: its errors, exit 1.
    let out = cli(&["get", "--url", &url], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("response: /percentProgress invalidType"),
        "{}",
        text(&out.stderr)
    );
    // No `@odata.type`: the URL's type (the compliance API's here).
    let out = cli(&["get", "--url", &url], b"");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).trim_end(),
        r##"{"@odata.type":"#microsoft.graph.ediscovery.caseExportOperation","id":"op1"}"##
    );
}

/// `--include-unknown-members` sends `Prefer: include-unknown-enum-members`
/// on `get` and `send`: the server then answers members declared after
/// `unknownFutureValue` (here the security type's `msg`), and accepts a
/// PATCH that sets one; without it they are answered as the sentinel and
/// such a PATCH is refused.
#[test]
fn include_unknown_members_sends_the_prefer_header() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sec.ndjson");
    std::fs::write(
        &path,
        r##"{"@odata.type":"#microsoft.graph.security.ediscoveryExportOperation","id":"s1","exportStructure":"msg"}"##,
    )
    .unwrap();
    let load = format!("c1={}", path.display());
    let server = Serve::start(dir.path(), &["--load", &load]);
    let url = format!(
        "{}/v1.0/security/cases/ediscoveryCases/c1/operations/s1",
        server.url
    );
    let structure = |out: &Output| {
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["exportStructure"].as_str().unwrap().to_owned()
    };
    assert_eq!(
        structure(&cli(&["get", "--url", &url], b"")),
        "unknownFutureValue"
    );
    let flag = "--include-unknown-members";
    assert_eq!(structure(&cli(&["get", "--url", &url, flag], b"")), "msg");

    // The body names no type: --type says which it is.
    let body = br#"{"exportStructure":"msg"}"#;
    let send = [
        "send",
        "-",
        "--url",
        &url,
        "--type",
        "security.ediscoveryExportOperation",
    ];
    let refused = cli(&send, body);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused.stderr));
    assert!(
        text(&refused.stderr).contains("invalidEnumMember"),
        "{}",
        text(&refused.stderr)
    );
    let accepted = cli(&[&send[..], &[flag]].concat(), body);
    assert_eq!(structure(&accepted), "msg");
    assert!(server.terminate().success());
}

/// A store of three security operations: succeeded, failed, running.
fn lifecycle_serve(dir: &Path) -> Serve {
    let sec = "#microsoft.graph.security.ediscoveryExportOperation";
    let lines = [
        format!(
            r#"{{"@odata.type":"{sec}","id":"done","status":"succeeded","percentProgress":100}}"#
        ),
        format!(
            r#"{{"@odata.type":"{sec}","id":"bad","status":"failed","resultInfo":{{"code":3,"message":"quota","subcode":0}}}}"#
        ),
        format!(r#"{{"@odata.type":"{sec}","id":"run","status":"running","percentProgress":30}}"#),
    ];
    let path = dir.join("sec.ndjson");
    std::fs::write(&path, lines.join("\n")).unwrap();
    Serve::start(dir, &["--load", &format!("c1={}", path.display())])
}

fn security_item(serve: &Serve, id: &str) -> String {
    format!(
        "{}/v1.0/security/cases/ediscoveryCases/c1/operations/{id}",
        serve.url
    )
}

#[test]
fn wait_exits_by_the_operations_end() {
    let dir = tempfile::tempdir().unwrap();
    let serve = lifecycle_serve(dir.path());
    let wait = |id: &str, extra: &[&str]| {
        let url = security_item(&serve, id);
        let mut args = vec!["wait", "--url", url.as_str()];
        args.extend_from_slice(extra);
        cli(&args, b"")
    };
    let out = wait("done", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains(r#""id":"done""#) && stdout.contains(r#""status":"succeeded""#));
    assert_eq!(text(&out.stderr), "");

    let out = wait("bad", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains(r#""id":"bad""#));
    assert_eq!(
        text(&out.stderr),
        "caseexport: the operation ended failed: resultInfo code 3, message quota\n"
    );

    // Off a terminal: one line per change of status, then the timeout (exit 2).
    let out = wait(
        "run",
        &[
            "--timeout",
            "0.5",
            "--first-wait",
            "0.05",
            "--max-wait",
            "0.1",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert_eq!(err.matches("caseexport: running 30%\n").count(), 1, "{err}");
    assert!(
        err.contains("the operation has not ended within --timeout 0.5 s (status running, 30%); wait again, or raise --timeout"),
        "{err}"
    );
    assert_eq!(text(&out.stdout), "");

    // An error answer, a connection failure and bad options: exit 2.
    let out = wait("missing", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("caseexport: HTTP 404 itemNotFound"));
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let out = cli(
        &["wait", "--url", &format!("http://127.0.0.1:{port}/v1.0/x")],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("GET http://127.0.0.1:"),
        "{}",
        text(&out.stderr)
    );
    for bad in [
        &["--timeout", "-1"][..],
        &["--first-wait", "5", "--max-wait", "1"],
        &["--request-timeout", "1e20"],
    ] {
        let out = wait("done", bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(text(&out.stderr).contains("--"), "{}", text(&out.stderr));
    }
    serve.terminate();
}

/// On a terminal (a pty made by `script`), `wait` draws a bar from
/// `percentProgress` instead of status lines.
#[test]
fn wait_draws_a_bar_on_a_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("SKIP: `script` (util-linux) is not installed: the pty test is skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let serve = lifecycle_serve(dir.path());
    let command = format!(
        "{BIN} wait --url {} --timeout 0.7 --first-wait 0.1 --max-wait 0.1",
        security_item(&serve, "run")
    );
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("CASEEXPORT_TOKEN", TOKEN)
        .env("TERM", "xterm")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let screen = text(&out.stdout);
    assert!(screen.contains(" 30% running"), "{screen:?}");
    assert!(!screen.contains("caseexport: running 30%"), "{screen:?}");
    assert!(
        screen.contains("has not ended within --timeout 0.7 s"),
        "{screen:?}"
    );
    serve.terminate();
}
