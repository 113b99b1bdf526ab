//! The mistakes a new user makes first, and what the tool says about them
//! (issue 21): the type a PATCH body is read as (`request`, `send`,
//! `apply --ndjson`), errors that name the fix (NDJSON given to plain
//! `apply`, DOC and PATCH swapped, https against a plain-HTTP server, the
//! `--type` flag), the help texts, and `request --curl` run by a shell
//! against `caseexport serve`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

use common::Serve;
const TOKEN: &str = "guidance-token-5e1f";
const SEC: &str = "#microsoft.graph.security.ediscoveryExportOperation";

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
        .to_str()
        .unwrap()
        .to_owned()
}

fn run_with(args: &[&str], stdin: &[u8]) -> Output {
    common::run_cli(args, stdin, TOKEN)
}

fn run(args: &[&str]) -> Output {
    run_with(args, b"")
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

impl Serve {
    fn start(load: &str) -> Serve {
        Serve::spawn(&["--quiet", "--load", load], TOKEN, None)
    }
}

fn security_url(base: &str, case: &str, id: &str) -> String {
    format!("{base}/v1.0/security/cases/ediscoveryCases/{case}/operations/{id}")
}

#[test]
fn request_reads_the_patch_as_the_type_of_the_urls_route() {
    let patch = br#"{"exportStructure":"msg"}"#;
    let sec_url =
        "https://graph.microsoft.com/v1.0/security/cases/ediscoveryCases/c1/operations/s1";
    let o = run_with(&["request", "-", "--url", sec_url], patch);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(
        out(&o).ends_with(&format!(
            "\r\n\r\n{{\"@odata.type\":\"{SEC}\",\"exportStructure\":\"msg\"}}\n"
        )),
        "{}",
        out(&o)
    );
    // The beta compliance route names the ediscovery type.
    let compliance =
        "https://graph.microsoft.com/beta/compliance/ediscovery/cases/c1/operations/o1";
    let o = run_with(
        &["request", "-", "--url", compliance],
        br#"{"status":"running"}"#,
    );
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(out(&o).contains(
        r##"{"@odata.type":"#microsoft.graph.ediscovery.caseExportOperation","status":"running"}"##
    ));
    // The body's own @odata.type wins over the route; so does --type.
    let named = br##"{"@odata.type":"#microsoft.graph.caseExportOperation","status":"running"}"##;
    let o = run_with(&["request", "-", "--url", sec_url], named);
    assert!(out(&o).contains(r##"{"@odata.type":"#microsoft.graph.caseExportOperation""##));
    let o = run_with(
        &[
            "request",
            "-",
            "--url",
            sec_url,
            "--type",
            "caseExportOperation",
        ],
        patch,
    );
    assert_eq!(code(&o), 1);
    assert_eq!(
        err(&o),
        "/exportStructure invalidEnumMember \"msg\" is not a member of exportFileStructure\n",
        "an explicit --type: no hint"
    );
}

#[test]
fn an_assumed_type_is_named_in_a_hint_with_the_type_flag() {
    let patch = br#"{"exportStructure":"msg"}"#;
    // No route, no @odata.type, no --type: the seed's type, and the hint says so.
    let o = run_with(
        &["request", "-", "--url", "http://127.0.0.1:9/ops/1"],
        patch,
    );
    assert_eq!(code(&o), 1);
    let e = err(&o);
    let lines: Vec<&str> = e.lines().collect();
    assert_eq!(lines.len(), 2, "{}", err(&o));
    assert!(lines[0].starts_with("/exportStructure invalidEnumMember"));
    assert_eq!(
        lines[1],
        "caseexport: hint: the PATCH body was read as caseExportOperation (the default: nothing \
         names a type); if it is another type's (ediscovery.caseExportOperation, \
         security.ediscoveryExportOperation), pass --type TYPE or name the type in its @odata.type"
    );
    // From the route: the hint names the route as the reason.
    let o = run_with(
        &[
            "request",
            "-",
            "--url",
            "https://graph.microsoft.com/v1.0/security/cases/ediscoveryCases/c/operations/o",
        ],
        br#"{"status":"done"}"#,
    );
    assert_eq!(code(&o), 1);
    assert!(
        err(&o).contains(
            "caseexport: hint: the PATCH body was read as security.ediscoveryExportOperation \
             (the type of the URL's route); if it is another type's (caseExportOperation, \
             ediscovery.caseExportOperation), pass --type TYPE"
        ),
        "{}",
        err(&o)
    );
    // validate --patch: one hint for the batch of files.
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.json", r#"{"exportStructure":"msg"}"#);
    let b = write(dir.path(), "b.json", r#"{"exportStructure":"pst2"}"#);
    let o = run(&["validate", "--patch", &a, &b]);
    assert_eq!(code(&o), 1);
    assert_eq!(err(&o).matches("--type TYPE").count(), 1, "{}", err(&o));
    // The Graph error format stays one JSON body per line: no hint.
    let o = run_with(
        &[
            "request",
            "--error-format",
            "graph",
            "-",
            "--url",
            "http://127.0.0.1:9/ops/1",
        ],
        patch,
    );
    assert_eq!(code(&o), 1);
    assert_eq!(err(&o).lines().count(), 1, "{}", err(&o));
    assert!(err(&o).starts_with(r#"{"error":"#));
}

#[test]
fn ndjson_lines_are_each_read_as_the_type_they_name() {
    let dir = tempfile::tempdir().unwrap();
    let docs = write(
        dir.path(),
        "docs.ndjson",
        &format!(
            "{{\"@odata.type\":\"{SEC}\",\"id\":\"s1\",\"status\":\"running\"}}\n\
             {{\"@odata.type\":\"{SEC}\",\"id\":\"s2\",\"status\":\"running\"}}\n\
             {{\"id\":\"seed\",\"status\":\"running\"}}\n"
        ),
    );
    // A status patch fits every type: every line is updated as its own type.
    let status = write(dir.path(), "status.json", r#"{"status":"succeeded"}"#);
    let o = run(&["apply", "--ndjson", "-j", "1", &docs, &status]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_eq!(
        out(&o),
        format!(
            "{{\"@odata.type\":\"{SEC}\",\"id\":\"s1\",\"status\":\"succeeded\"}}\n\
             {{\"@odata.type\":\"{SEC}\",\"id\":\"s2\",\"status\":\"succeeded\"}}\n\
             {{\"@odata.type\":\"#microsoft.graph.caseExportOperation\",\"id\":\"seed\",\"status\":\"succeeded\"}}\n"
        )
    );
    // A patch valid for the security type only: the seed line fails, with
    // the patch's error as that line's type reads it.
    let msg = write(dir.path(), "msg.json", r#"{"exportStructure":"msg"}"#);
    let o = run(&["apply", "--ndjson", "-j", "2", &docs, &msg]);
    assert_eq!(code(&o), 1);
    assert_eq!(out(&o).lines().count(), 2, "{}", out(&o));
    assert_eq!(
        err(&o),
        "line 3: PATCH as caseExportOperation: /exportStructure invalidEnumMember \"msg\" is not a \
         member of exportFileStructure\n\
         caseexport: 1 of 3 lines failed (2 applied, 0 blank)\n"
    );
    // --type decides the lines without @odata.type.
    let o = run(&[
        "apply",
        "--ndjson",
        "--type",
        "security.ediscoveryExportOperation",
        &docs,
        &msg,
    ]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(out(&o).contains(&format!(
        "{{\"@odata.type\":\"{SEC}\",\"id\":\"seed\",\"status\":\"running\",\"exportStructure\":\"msg\"}}"
    )));
    // A patch invalid as every type stops the batch before any line.
    let bad = write(dir.path(), "bad.json", r#"{"percentProgress":101}"#);
    let o = run(&["apply", "--ndjson", &docs, &bad]);
    assert_eq!(code(&o), 1);
    assert_eq!(out(&o), "");
    assert!(
        err(&o).contains("bad.json: /percentProgress outOfRange"),
        "{}",
        err(&o)
    );
}

#[test]
fn send_to_a_security_route_reads_the_patch_as_the_security_type() {
    let dir = tempfile::tempdir().unwrap();
    let load = write(
        dir.path(),
        "sec.ndjson",
        &format!("{{\"@odata.type\":\"{SEC}\",\"id\":\"s1\",\"status\":\"running\"}}\n"),
    );
    let server = Serve::start(&format!("c1={load}"));
    let url = security_url(&server.url, "c1", "s1");
    let o = run_with(
        &["send", "-", "--url", &url, "--include-unknown-members"],
        br#"{"exportStructure":"msg","status":"succeeded"}"#,
    );
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(out(&o).contains(r#""status":"succeeded""#), "{}", out(&o));
    assert!(
        out(&o).contains(r#""exportStructure":"msg""#),
        "{}",
        out(&o)
    );
}

#[test]
fn apply_names_ndjson_and_swapped_arguments() {
    let ops = example("operations.ndjson");
    let patch = example("patch.json");
    let o = run(&["apply", &ops, &patch]);
    assert_eq!(code(&o), 1);
    assert_eq!(
        err(&o),
        format!(
            "{ops}: \"\" invalidJson malformed JSON: trailing characters at line 2 column 1\n\
             caseexport: hint: DOC ({ops}) holds one JSON document per line (NDJSON): to apply \
             the patch to every line, use `caseexport apply --ndjson {ops} {patch}`\n"
        )
    );

    let op = example("operation.json");
    let o = run(&["apply", &patch, &op]);
    assert_eq!(code(&o), 1);
    assert_eq!(
        err(&o),
        format!(
            "{op}: /id readOnlyProperty id is read-only; a patch may only repeat the current id\n\
             caseexport: hint: the arguments look swapped: PATCH ({op}) is a stored operation \
             (it has an id) and DOC ({patch}) has no id; the order is `caseexport apply DOC \
             PATCH`: try `caseexport apply {op} {patch}`\n"
        )
    );

    // A plain JSON syntax error is not taken for NDJSON, nor a different id
    // for a swap.
    let dir = tempfile::tempdir().unwrap();
    let broken = write(
        dir.path(),
        "broken.json",
        "{\"id\": \"1\",\n\"status\": }\n",
    );
    let o = run(&["apply", &broken, &patch]);
    assert_eq!(code(&o), 1);
    assert!(!err(&o).contains("hint"), "{}", err(&o));
    let other_id = write(dir.path(), "other.json", r#"{"id":"2"}"#);
    let o = run(&["apply", &op, &other_id]);
    assert_eq!(code(&o), 1);
    assert!(err(&o).contains("/id readOnlyProperty"));
    assert!(!err(&o).contains("hint"), "{}", err(&o));
}

#[test]
fn https_against_plain_http_says_use_http() {
    let dir = tempfile::tempdir().unwrap();
    let load = write(dir.path(), "c.ndjson", "{\"id\":\"o1\"}\n");
    let server = Serve::start(&format!("c1={load}"));
    let https = server.url.replacen("http://", "https://", 1);
    let url = format!("{https}/beta/compliance/ediscovery/cases/c1/operations/o1");
    let o = run(&["get", "--url", &url, "--retries", "0", "--timeout", "10"]);
    assert_eq!(code(&o), 2);
    assert_eq!(
        err(&o),
        format!(
            "caseexport: error: GET {url} failed: the server answered in plain HTTP, not TLS: \
             use an http:// URL (caseexport serve speaks plain HTTP)\n"
        )
    );
}

#[test]
fn help_names_every_subcommand_and_error_format_where_it_applies() {
    let o = run(&["--help"]);
    assert_eq!(code(&o), 0);
    let about = out(&o).lines().next().unwrap().to_owned();
    for word in ["apply", "diff", "validate", "send", "get", "serve"] {
        assert!(about.contains(word), "{word} missing from {about:?}");
    }
    let o = run(&["get", "--help"]);
    assert!(
        out(&o).contains("or a page of a case's operations list"),
        "{}",
        out(&o)
    );
    for sub in ["serve", "get"] {
        let o = run(&[sub, "--help"]);
        assert!(
            !out(&o).contains("--error-format"),
            "{sub} --help: {}",
            out(&o)
        );
        let o = run(&[sub, "--error-format", "graph"]);
        assert_eq!(code(&o), 2, "{sub} takes no --error-format");
    }
    for sub in ["apply", "diff", "validate", "request", "send"] {
        let o = run(&[sub, "--help"]);
        assert!(
            out(&o).contains("--error-format"),
            "{sub} --help: {}",
            out(&o)
        );
    }
    let o = run(&["--error-format", "graph", "serve"]);
    assert_eq!(code(&o), 2);
    assert_eq!(
        err(&o),
        "caseexport: error: --error-format applies to apply, diff, validate, request and send only\n"
    );
}

/// `curl` on PATH, else `None` (the test then says it skipped).
fn curl() -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("curl"))
            .find(|p| p.is_file())
    })
}

#[test]
fn request_curl_prints_a_command_that_sends_the_request() {
    let url = "http://127.0.0.1:9/beta/compliance/ediscovery/cases/c'1/operations/o1";
    let patch = br#"{"azureBlobToken":"sv=1&sig=SAS-x","description":"it's done"}"#;
    let o = run_with(
        &[
            "request",
            "-",
            "--url",
            url,
            "--if-match",
            "W/\"1\"",
            "--curl",
        ],
        patch,
    );
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_eq!(
        out(&o),
        "curl --silent --show-error --fail-with-body --request PATCH --url \
         'http://127.0.0.1:9/beta/compliance/ediscovery/cases/c'\\''1/operations/o1' \
         --header \"Authorization: Bearer ${CASEEXPORT_TOKEN}\" \
         --header 'Content-Type: application/json' --header 'If-Match: W/\"1\"' \
         --data-binary '{\"@odata.type\":\"#microsoft.graph.ediscovery.caseExportOperation\",\
         \"azureBlobToken\":\"***\",\"description\":\"it'\\''s done\"}'\n"
    );
    assert!(!out(&o).contains(TOKEN) && !out(&o).contains("SAS-x"));
    assert_eq!(
        err(&o),
        "caseexport: note: the body's azureBlobToken shows as ***; add --reveal-token for a \
         command that sends it\n"
    );
    let o = run_with(
        &["request", "-", "--url", url, "--curl", "--token-env", "A-B"],
        patch,
    );
    assert_eq!(code(&o), 2);

    // Run by a shell against the server: the PATCH is applied.
    if curl().is_none() {
        eprintln!("SKIP: curl is not installed: the --curl command is not run");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let load = write(
        dir.path(),
        "c.ndjson",
        "{\"id\":\"o1\",\"status\":\"running\"}\n",
    );
    let server = Serve::start(&format!("c1={load}"));
    let url = format!(
        "{}/beta/compliance/ediscovery/cases/c1/operations/o1",
        server.url
    );
    let o = run_with(
        &["request", "-", "--url", &url, "--if-match", "*", "--curl"],
        br#"{"status":"succeeded"}"#,
    );
    assert_eq!(code(&o), 0);
    let sh = Command::new("sh")
        .args(["-c", &out(&o)])
        .env("CASEEXPORT_TOKEN", TOKEN)
        .output()
        .unwrap();
    assert!(
        sh.status.success(),
        "{}",
        String::from_utf8_lossy(&sh.stderr)
    );
    let answer = String::from_utf8(sh.stdout).unwrap();
    assert!(answer.contains(r#""@odata.etag":"W/\"2\"""#), "{answer}");
    assert!(answer.contains(r#""status":"succeeded""#), "{answer}");
}
