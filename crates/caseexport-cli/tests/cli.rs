//! End-to-end tests of the `caseexport` binary: every subcommand, every exit
//! status, standard input, atomic `-o`, token redaction, `--error-format
//! graph`, and NDJSON batches.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use caseexport::{CaseExportOperation, Json, Patch, ReadOptions};

const BIN: &str = env!("CARGO_BIN_EXE_caseexport");

/// A bearer token that must never show unless asked for.
const TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.BEARER-SECRET-7f3a";
/// The SAS signature in `examples/operation.json`.
const SAS_SIG: &str = "sig=Zk7d9pQ1xR3mN8vB2cL5tY0wE6uI4oA9sD1fG3hJ2kM%3D";

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

fn example_bytes(name: &str) -> Vec<u8> {
    fs::read(example(name)).unwrap()
}

/// Runs the binary with `args`, `stdin` as standard input, and no token in
/// the environment unless `env` sets one.
fn run_with(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_remove("CASEEXPORT_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    out
}

fn run(args: &[&str]) -> Output {
    run_with(args, b"", &[])
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// What the core computes for the example: the CLI must print exactly this.
fn expected_updated() -> String {
    let op = CaseExportOperation::from_json(&example_bytes("operation.json")).unwrap();
    let updated = op
        .apply_json(&example_bytes("patch.json"), &ReadOptions::strict())
        .unwrap();
    updated.to_json_string() + "\n"
}

// ---------------------------------------------------------------- apply

#[test]
fn apply_main_job_prints_the_updated_operation() {
    let out = run(&[
        "apply",
        p(&example("operation.json")),
        p(&example("patch.json")),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    assert_eq!(text, expected_updated());
    assert_eq!(text.lines().count(), 1);
    assert!(text.contains(r#""percentProgress":100,"status":"succeeded""#));
    assert!(text.contains(r#""completedDateTime":"2024-05-14T09:47:02.8830641Z""#));
    // Untouched properties keep their exact values, 7-digit fractions included.
    assert!(text.contains(r#""createdDateTime":"2024-05-14T09:12:31.4721093Z""#));
    assert!(
        text.contains(SAS_SIG),
        "the SAS token belongs in the document"
    );
}

#[test]
fn apply_reads_either_input_from_stdin() {
    let doc_from_stdin = run_with(
        &["apply", "-", p(&example("patch.json"))],
        &example_bytes("operation.json"),
        &[],
    );
    assert_eq!(code(&doc_from_stdin), 0, "{}", stderr(&doc_from_stdin));
    assert_eq!(stdout(&doc_from_stdin), expected_updated());

    let patch_from_stdin = run_with(
        &["apply", p(&example("operation.json")), "-"],
        &example_bytes("patch.json"),
        &[],
    );
    assert_eq!(code(&patch_from_stdin), 0, "{}", stderr(&patch_from_stdin));
    assert_eq!(stdout(&patch_from_stdin), expected_updated());
}

#[test]
fn apply_invalid_patch_exits_1_with_every_error_on_its_own_line() {
    let out = run_with(
        &["apply", p(&example("operation.json")), "-"],
        br#"{"percentProgress":101,"status":"done","colour":"red","azureBlobToken":"sv=1&sig=PATCH-SAS"}"#,
        &[],
    );
    assert_eq!(code(&out), 1);
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(lines[0].starts_with("<stdin>: /percentProgress outOfRange "));
    assert!(lines[1].starts_with("<stdin>: /status invalidEnumMember "));
    assert!(lines[2].starts_with("<stdin>: /colour unknownProperty "));
    assert!(!err.contains("PATCH-SAS"), "no SAS token in errors: {err}");
}

#[test]
fn apply_reports_errors_of_both_inputs_each_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.json");
    let patch = dir.path().join("patch.json");
    fs::write(&doc, br#"{"id":"1","percentProgress":"ten"}"#).unwrap();
    fs::write(&patch, br#"{"status":7}"#).unwrap();
    let out = run(&["apply", p(&doc), p(&patch)]);
    assert_eq!(code(&out), 1);
    let want = format!(
        "{}: /percentProgress invalidType expected an integer, found a string\n\
         {}: /status invalidType expected a caseOperationStatus string, found a number\n",
        p(&doc),
        p(&patch)
    );
    assert_eq!(stderr(&out), want);
}

#[test]
fn apply_refuses_to_change_the_id() {
    let out = run_with(
        &["apply", p(&example("operation.json")), "-"],
        br#"{"id":"another-id"}"#,
        &[],
    );
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).starts_with("<stdin>: /id readOnlyProperty "));
}

#[test]
fn apply_lenient_merges_what_strict_rejects() {
    let patch = br#"{"colour":"red","action":"applyTags"}"#;
    let strict = run_with(&["apply", p(&example("operation.json")), "-"], patch, &[]);
    assert_eq!(code(&strict), 1);
    assert_eq!(stderr(&strict).lines().count(), 2);

    let lenient = run_with(
        &["apply", "--lenient", p(&example("operation.json")), "-"],
        patch,
        &[],
    );
    assert_eq!(code(&lenient), 0, "{}", stderr(&lenient));
    let text = stdout(&lenient);
    assert!(text.contains(r#""action":"applyTags""#));
    assert!(text.ends_with("\"colour\":\"red\"}\n"), "{text}");
}

// ---------------------------------------------------------------- -o OUT

/// The names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn output_file_is_written_on_success_and_untouched_on_failure() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("updated.json");
    fs::write(&out_path, b"previous contents\n").unwrap();

    // Invalid patch: exit 1, OUT untouched, no temporary file left behind.
    let bad = run_with(
        &[
            "apply",
            p(&example("operation.json")),
            "-",
            "-o",
            p(&out_path),
        ],
        br#"{"percentProgress":-1}"#,
        &[],
    );
    assert_eq!(code(&bad), 1);
    assert_eq!(fs::read(&out_path).unwrap(), b"previous contents\n");
    assert_eq!(listing(dir.path()), ["updated.json"]);

    // Unreadable input: exit 2, OUT untouched.
    let missing = run(&[
        "apply",
        p(&dir.path().join("missing.json")),
        p(&example("patch.json")),
        "-o",
        p(&out_path),
    ]);
    assert_eq!(code(&missing), 2);
    assert_eq!(fs::read(&out_path).unwrap(), b"previous contents\n");

    // Success: OUT replaced, nothing on stdout, no temporary file left.
    let good = run(&[
        "apply",
        p(&example("operation.json")),
        p(&example("patch.json")),
        "--output",
        p(&out_path),
    ]);
    assert_eq!(code(&good), 0, "{}", stderr(&good));
    assert_eq!(stdout(&good), "");
    assert_eq!(fs::read_to_string(&out_path).unwrap(), expected_updated());
    assert_eq!(listing(dir.path()), ["updated.json"]);
}

#[cfg(unix)]
#[test]
fn output_file_keeps_existing_permissions_and_new_ones_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("existing.json");
    fs::write(&existing, b"old").unwrap();
    fs::set_permissions(&existing, fs::Permissions::from_mode(0o640)).unwrap();
    let fresh = dir.path().join("fresh.json");
    for out in [&existing, &fresh] {
        let o = run(&[
            "apply",
            p(&example("operation.json")),
            p(&example("patch.json")),
            "-o",
            p(out),
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    let mode = |f: &Path| fs::metadata(f).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&existing), 0o640);
    assert_eq!(mode(&fresh), 0o600, "new outputs carry the SAS token");
}

#[test]
fn unwritable_output_exits_2_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let in_missing_dir = dir.path().join("no-such-dir").join("out.json");
    let o = run(&[
        "apply",
        p(&example("operation.json")),
        p(&example("patch.json")),
        "-o",
        p(&in_missing_dir),
    ]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).starts_with("caseexport: error: cannot write "));
    assert_eq!(stdout(&o), "");

    // OUT is a directory: the rename fails, the directory stays as it was.
    let as_dir = dir.path().join("a-directory");
    fs::create_dir(&as_dir).unwrap();
    let o = run(&[
        "apply",
        p(&example("operation.json")),
        p(&example("patch.json")),
        "-o",
        p(&as_dir),
    ]);
    assert_eq!(code(&o), 2);
    assert!(as_dir.is_dir());
    assert_eq!(listing(dir.path()), ["a-directory"]);
}

// ---------------------------------------------------------------- usage

#[test]
fn wrong_usage_exits_2() {
    for args in [
        &[][..],
        &["apply"][..],
        &["apply", "a.json"][..],
        &["frobnicate"][..],
        &["apply", "a.json", "b.json", "--no-such-flag"][..],
        &["apply", "a.json", "b.json", "--jobs", "2"][..], // --jobs needs --ndjson
        &["apply", "a.json", "b.json", "--ndjson", "--jobs", "0"][..],
        &["validate"][..],
        &["validate", "--strict", "--lenient", "a.json"][..],
        &["request", "p.json"][..], // --url is required
        &["request", "p.json", "--url", "/x", "--token", TOKEN][..], // no token argument exists
        &["apply", "a.json", "b.json", "--error-format", "xml"][..],
    ] {
        let o = run(args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert_eq!(stdout(&o), "", "{args:?}");
        assert!(!stderr(&o).contains(TOKEN), "{args:?}");
    }
}

#[test]
fn help_and_version_exit_0() {
    let help = run(&["--help"]);
    assert_eq!(code(&help), 0);
    for sub in ["apply", "diff", "validate", "request"] {
        assert!(stdout(&help).contains(sub), "{sub}");
    }
    let version = run(&["--version"]);
    assert_eq!(code(&version), 0);
    assert_eq!(
        stdout(&version),
        format!("caseexport {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn unreadable_inputs_exit_2_with_a_clear_message() {
    let o = run(&["apply", "/no/such/doc.json", p(&example("patch.json"))]);
    assert_eq!(code(&o), 2);
    assert_eq!(
        stderr(&o),
        "caseexport: error: cannot read /no/such/doc.json: No such file or directory (os error 2)\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["diff", p(dir.path()), p(&example("target.json"))]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).starts_with(&format!(
        "caseexport: error: cannot read {}: ",
        p(dir.path())
    )));
}

#[test]
fn standard_input_can_be_used_once() {
    let o = run(&["apply", "-", "-"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("standard input (`-`) can be used for one input only"));
    let o = run(&["validate", "-", p(&example("patch.json")), "-"]);
    assert_eq!(code(&o), 2);
}

#[test]
fn oversized_input_is_invalid_not_read_whole() {
    // 17 MiB of whitespace after a valid document: over the 16 MiB limit.
    let mut doc = br#"{"id":"1"}"#.to_vec();
    doc.resize(17 * 1024 * 1024, b' ');
    let o = run_with(&["validate", "-"], &doc, &[]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).starts_with("\"\" limitExceeded "),
        "{}",
        stderr(&o)
    );
}

// ---------------------------------------------------------------- diff

#[test]
fn diff_prints_the_minimal_patch() {
    let o = run(&[
        "diff",
        p(&example("operation.json")),
        p(&example("target.json")),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        concat!(
            r##"{"@odata.type":"#microsoft.graph.caseExportOperation","##,
            r#""completedDateTime":"2024-05-14T09:47:02.8830641Z","percentProgress":100,"#,
            r#""status":"succeeded","resultInfo":{"message":"Export completed: 3,210 items"},"#,
            r#""description":null,"exportOptions":"originalFiles,text,fileInfo,tags"}"#,
            "\n"
        )
    );

    // Applying the printed patch to the base reproduces the target.
    let applied = run_with(
        &["apply", p(&example("operation.json")), "-"],
        &o.stdout,
        &[],
    );
    assert_eq!(code(&applied), 0);
    let got = CaseExportOperation::from_json(&applied.stdout).unwrap();
    let target = CaseExportOperation::from_json(&example_bytes("target.json")).unwrap();
    assert!(got.equivalent(&target));

    let bare = run_with(
        &["diff", "--no-odata-type", "-", p(&example("target.json"))],
        &example_bytes("target.json"),
        &[],
    );
    assert_eq!(code(&bare), 0);
    assert_eq!(stdout(&bare), "{}\n");
}

#[test]
fn diff_errors_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.json");
    fs::write(&other, br#"{"id":"a-different-id"}"#).unwrap();
    let o = run(&["diff", p(&example("operation.json")), p(&other)]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).starts_with(&format!("{}: /id readOnlyProperty ", p(&other))),
        "{}",
        stderr(&o)
    );

    let null_inside_unknown = dir.path().join("null.json");
    fs::write(&null_inside_unknown, br#"{"extra":{"k":null}}"#).unwrap();
    let o = run_with(&["diff", "-", p(&null_inside_unknown)], b"{}", &[]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("/extra/k unrepresentable "),
        "{}",
        stderr(&o)
    );

    let o = run_with(&["diff", "-", p(&example("target.json"))], b"[]", &[]);
    assert_eq!(code(&o), 1);
    assert_eq!(stderr(&o).lines().count(), 1);
    assert!(stderr(&o).starts_with("<stdin>: \"\" invalidType "));
}

// ---------------------------------------------------------------- validate

#[test]
fn validate_reports_each_file_and_prefixes_errors_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    fs::write(
        &bad,
        br#"{"createdDateTime":"2024-05-14 09:12:31Z","exportOptions":"text,,pst"}"#,
    )
    .unwrap();
    let good = example("operation.json");
    let o = run(&["validate", p(&good), p(&bad)]);
    assert_eq!(code(&o), 1);
    assert_eq!(stdout(&o), format!("{}: ok\n", p(&good)));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(lines[0].starts_with(&format!("{}: /createdDateTime invalidDateTime ", p(&bad))));
    assert!(lines[1].starts_with(&format!("{}: /exportOptions invalidEnumMember ", p(&bad))));

    // One file: no prefix.
    let o = run(&["validate", p(&bad)]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).starts_with("/createdDateTime invalidDateTime "));

    let o = run(&[
        "validate",
        p(&good),
        p(&example("target.json")),
        p(&example("patch.json")),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 3);
    assert_eq!(stderr(&o), "");
}

#[test]
fn validate_modes_documents_lenient_patches_strict() {
    let newer = br#"{"id":"1","action":"applyTags","colour":"red"}"#;
    let o = run_with(&["validate", "-"], newer, &[]);
    assert_eq!(code(&o), 0, "documents are lenient by default");
    assert_eq!(stdout(&o), "<stdin>: ok\n");

    let o = run_with(&["validate", "--strict", "-"], newer, &[]);
    assert_eq!(code(&o), 1);
    assert_eq!(stderr(&o).lines().count(), 2);
    assert!(stderr(&o).starts_with("/action invalidEnumMember "));

    let patch = br#"{"status":"unknownFutureValue"}"#;
    let o = run_with(&["validate", "--patch", "-"], patch, &[]);
    assert_eq!(code(&o), 1, "patches are strict by default");
    assert!(stderr(&o).starts_with("/status invalidEnumMember "));
    let o = run_with(&["validate", "--patch", "--lenient", "-"], patch, &[]);
    assert_eq!(code(&o), 0);

    let o = run_with(&["validate", "--patch", "-"], b"[1]", &[]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).starts_with("\"\" invalidPatch "));
}

#[test]
fn validate_keeps_going_past_an_unreadable_file_then_exits_2() {
    let o = run(&[
        "validate",
        "/no/such/file.json",
        p(&example("operation.json")),
    ]);
    assert_eq!(code(&o), 2);
    assert_eq!(
        stdout(&o),
        format!("{}: ok\n", p(&example("operation.json")))
    );
    assert!(stderr(&o).starts_with("caseexport: error: cannot read /no/such/file.json: "));
}

// ---------------------------------------------------------------- request

const URL: &str = "https://graph.microsoft.com/beta/compliance/ediscovery/cases/b0073e4e-4184-41c6-9eb7-8c8cc3e2288b/operations/359c4f92-4f92-359c-924f-9c35924f9c35";

fn expected_body() -> String {
    Patch::from_json(&example_bytes("patch.json"))
        .unwrap()
        .to_json_string()
}

#[test]
fn request_prints_the_http_request_with_the_token_hidden() {
    let o = run_with(
        &[
            "request",
            p(&example("patch.json")),
            "--url",
            URL,
            "--if-match",
            "W/\"3\"",
        ],
        b"",
        &[("CASEEXPORT_TOKEN", TOKEN)],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let body = expected_body();
    let want = format!(
        "PATCH {URL} HTTP/1.1\r\n\
         Host: graph.microsoft.com\r\n\
         Authorization: Bearer ***\r\n\
         Content-Type: application/json\r\n\
         Content-Length: {}\r\n\
         If-Match: W/\"3\"\r\n\
         \r\n\
         {body}\n",
        body.len()
    );
    assert_eq!(stdout(&o), want);
    assert_eq!(body.len(), 148);
    assert_eq!(stderr(&o), "");
    assert!(!stdout(&o).contains(TOKEN));
}

#[test]
fn request_masks_the_sas_token_in_the_body_unless_revealed() {
    let patch = br#"{"azureBlobToken":"sv=2023&sig=SAS-SECRET","outputName":"x"}"#;
    let args = ["request", "-", "--url", URL];
    let o = run_with(&args, patch, &[("CASEEXPORT_TOKEN", TOKEN)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // Read as the type of the URL's route (beta compliance: ediscovery).
    let body = r##"{"@odata.type":"#microsoft.graph.ediscovery.caseExportOperation","azureBlobToken":"***","outputName":"x"}"##;
    assert!(
        stdout(&o).ends_with(&format!("Content-Length: {}\r\n\r\n{body}\n", body.len())),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains("SAS-SECRET"));
    let o = run_with(
        &[&args[..], &["--reveal-token"]].concat(),
        patch,
        &[("CASEEXPORT_TOKEN", TOKEN)],
    );
    let body = body.replace("***", "sv=2023&sig=SAS-SECRET");
    assert!(stdout(&o).ends_with(&format!("Content-Length: {}\r\n\r\n{body}\n", body.len())));
}

#[test]
fn request_reveals_the_token_only_when_asked_and_reads_any_variable() {
    let o = run_with(
        &[
            "request",
            "-",
            "--url",
            "http://localhost:8080/compliance/ediscovery/cases/c1/operations/o1",
            "--token-env",
            "MY_GRAPH_TOKEN",
            "--reveal-token",
        ],
        &example_bytes("patch.json"),
        &[("MY_GRAPH_TOKEN", TOKEN)],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with(
        "PATCH http://localhost:8080/compliance/ediscovery/cases/c1/operations/o1 HTTP/1.1\r\nHost: localhost:8080\r\n"
    ));
    assert!(text.contains(&format!("\r\nAuthorization: Bearer {TOKEN}\r\n")));
    assert!(!text.contains("If-Match"));
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let body = body.strip_suffix('\n').unwrap();
    assert!(head.contains(&format!("\r\nContent-Length: {}", body.len())));
}

#[test]
fn request_refuses_a_url_without_a_host() {
    // HTTP/1.1 needs a Host header, so a relative URL cannot make a request.
    let o = run_with(
        &[
            "request",
            "-",
            "--url",
            "/compliance/ediscovery/cases/c1/operations/o1",
        ],
        &example_bytes("patch.json"),
        &[("CASEEXPORT_TOKEN", TOKEN)],
    );
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("URL"), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
}

#[test]
fn request_never_leaks_the_token_in_errors() {
    let env = [("CASEEXPORT_TOKEN", TOKEN)];
    // Invalid patch: exit 1.
    let o = run_with(
        &["request", "-", "--url", URL, "--reveal-token"],
        br#"{"percentProgress":"all"}"#,
        &env,
    );
    assert_eq!(code(&o), 1);
    assert_eq!(stdout(&o), "");
    assert!(stderr(&o).starts_with("/percentProgress invalidType "));
    assert!(!stderr(&o).contains(TOKEN));

    // Bad URL, bad If-Match: exit 2.
    for extra in [
        &["--url", "not a url"][..],
        &["--url", URL, "--if-match", "a\rb"][..],
    ] {
        let mut args = vec!["request", "-"];
        args.extend_from_slice(extra);
        let o = run_with(&args, &example_bytes("patch.json"), &env);
        assert_eq!(code(&o), 2, "{extra:?}");
        assert!(
            stderr(&o).starts_with("caseexport: error: invalid "),
            "{}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains(TOKEN));
        assert_eq!(stdout(&o), "");
    }

    // A token a header cannot carry: exit 2, and it is not echoed.
    let bad_token = "abc\r\nX-Injected: SECRET-PART";
    let o = run_with(
        &["request", "-", "--url", URL],
        &example_bytes("patch.json"),
        &[("CASEEXPORT_TOKEN", bad_token)],
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("invalid bearer token"));
    assert!(!stderr(&o).contains("SECRET-PART"));
    assert_eq!(stdout(&o), "");

    // No token at all: exit 2, naming the variable.
    let o = run_with(
        &["request", "-", "--url", URL],
        &example_bytes("patch.json"),
        &[],
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("environment variable CASEEXPORT_TOKEN, which is not set"));
}

// ---------------------------------------------------------------- --error-format graph

fn graph_details(line: &str) -> Vec<(String, String)> {
    let body = Json::from_json(line.as_bytes()).expect("a JSON line");
    let error = body
        .as_object()
        .unwrap()
        .get("error")
        .unwrap()
        .as_object()
        .unwrap();
    assert_eq!(error.get("code").and_then(Json::as_str), Some("BadRequest"));
    let Some(Json::Array(details)) = error.get("details") else {
        panic!("no details in {line}")
    };
    details
        .iter()
        .map(|d| {
            let d = d.as_object().unwrap();
            (
                d.get("code").and_then(Json::as_str).unwrap().to_owned(),
                d.get("target").and_then(Json::as_str).unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn graph_error_format_prints_the_400_body() {
    let o = run_with(
        &[
            "apply",
            p(&example("operation.json")),
            "-",
            "--error-format",
            "graph",
        ],
        br#"{"percentProgress":101,"colour":"red"}"#,
        &[],
    );
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    let line = err.strip_prefix("<stdin>: ").unwrap().trim_end();
    assert_eq!(
        graph_details(line),
        [
            ("outOfRange".to_owned(), "percentProgress".to_owned()),
            ("unknownProperty".to_owned(), "colour".to_owned())
        ]
    );

    // The option is global: before the subcommand too; one input, no prefix.
    let o = run_with(
        &["--error-format", "graph", "request", "-", "--url", URL],
        br#"{"status":"bogus"}"#,
        &[("CASEEXPORT_TOKEN", TOKEN)],
    );
    assert_eq!(code(&o), 1);
    assert_eq!(
        graph_details(stderr(&o).trim_end()),
        [("invalidEnumMember".to_owned(), "status".to_owned())]
    );
}

// ---------------------------------------------------------------- NDJSON

/// A batch of good, blank and bad lines.
const BATCH: &str = concat!(
    r#"{"id":"op-1","status":"running","percentProgress":10}"#,
    "\n",
    "\n",
    r#"{"id":"op-3","status":"running""#,
    "\n",
    r#"{"id":"op-4","percentProgress":"half"}"#,
    "\r\n",
    "   \n",
    r#"{"id":"op-6","status":"notStarted","colour":"red"}"#,
    "\n",
    r#"["not","an","object"]"#,
    "\n",
    r#"{"id":"op-8"}"#
);

fn batch_patch() -> &'static [u8] {
    br#"{"status":"succeeded","percentProgress":100}"#
}

fn ids(ndjson: &str) -> Vec<String> {
    ndjson
        .lines()
        .map(|l| {
            let op = CaseExportOperation::from_json(l.as_bytes()).unwrap();
            assert!(op.to_json_string() == l, "canonical lines");
            assert_eq!(op.percent_progress.as_option().map(|p| p.get()), Some(100));
            op.id.unwrap()
        })
        .collect()
}

#[test]
fn ndjson_batch_applies_good_lines_and_reports_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs.ndjson");
    let patch = dir.path().join("patch.json");
    fs::write(&docs, BATCH).unwrap();
    fs::write(&patch, batch_patch()).unwrap();
    for jobs in ["1", "2", "4"] {
        let o = run(&["apply", "--ndjson", p(&docs), p(&patch), "--jobs", jobs]);
        assert_eq!(code(&o), 1, "jobs {jobs}");
        assert_eq!(ids(&stdout(&o)), ["op-1", "op-6", "op-8"], "jobs {jobs}");
        assert!(
            stdout(&o).contains(r#""colour":"red"}"#),
            "documents are lenient"
        );
        let err = stderr(&o);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 4, "{err}");
        assert!(lines[0].starts_with("line 3: \"\" invalidJson "));
        assert!(lines[1].starts_with("line 4: /percentProgress invalidType "));
        assert!(lines[2].starts_with("line 7: \"\" invalidType "));
        assert_eq!(
            lines[3],
            "caseexport: 3 of 8 lines failed (3 applied, 2 blank)"
        );
    }
}

#[test]
fn ndjson_error_lines_stop_at_1000_and_the_summary_says_so() {
    // Binary-like input: every line fails.
    let mut input = Vec::new();
    for i in 0..1500u32 {
        input.extend_from_slice(&[0xff, 0xfe, b'a' + (i % 26) as u8, b'\n']);
    }
    for jobs in ["1", "2"] {
        let o = run_with(
            &[
                "apply",
                "--ndjson",
                "-",
                p(&example("patch.json")),
                "--jobs",
                jobs,
            ],
            &input,
            &[],
        );
        assert_eq!(code(&o), 1);
        let err = stderr(&o);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 1001, "jobs {jobs}");
        assert!(lines[999].starts_with("line 1000: \"\" invalidJson "));
        assert_eq!(
            lines[1000],
            "caseexport: 1500 of 1500 lines failed (0 applied, 0 blank); \
             500 more error lines not shown (at most 1000 lines and 1024 KiB are listed)"
        );
    }
}

#[test]
fn ndjson_batch_reads_stdin_and_is_silent_when_all_lines_apply() {
    let o = run_with(
        &["apply", "--ndjson", "-", p(&example("patch.json"))],
        &example_bytes("operations.ndjson"),
        &[],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "",
        "no progress bar when stderr is not a terminal"
    );
    let text = stdout(&o);
    assert_eq!(text.lines().count(), 4);
    let patch = example_bytes("patch.json");
    for (line, doc) in text.lines().zip(
        String::from_utf8(example_bytes("operations.ndjson"))
            .unwrap()
            .lines(),
    ) {
        let want = CaseExportOperation::from_json(doc.as_bytes())
            .unwrap()
            .apply_json(&patch, &ReadOptions::strict())
            .unwrap();
        assert_eq!(line, want.to_json_string());
    }
}

#[test]
fn ndjson_invalid_patch_stops_before_any_line() {
    let o = run_with(
        &["apply", "--ndjson", p(&example("operations.ndjson")), "-"],
        br#"{"percentProgress":1000}"#,
        &[],
    );
    assert_eq!(code(&o), 1);
    assert_eq!(stdout(&o), "");
    assert_eq!(stderr(&o).lines().count(), 1);
    assert!(stderr(&o).starts_with("<stdin>: /percentProgress outOfRange "));
}

#[test]
fn ndjson_output_file_and_graph_format() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.ndjson");
    let o = run_with(
        &[
            "apply",
            "--ndjson",
            "-",
            p(&example("patch.json")),
            "-o",
            p(&out_path),
            "--error-format",
            "graph",
        ],
        BATCH.as_bytes(),
        &[],
    );
    assert_eq!(code(&o), 1);
    assert_eq!(stdout(&o), "");
    // The batch ran to its end: its output is kept, bad lines left out.
    let written = fs::read_to_string(&out_path).unwrap();
    assert_eq!(ids(&written), ["op-1", "op-6", "op-8"]);
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    let (prefix, body) = lines[1].split_once(": ").unwrap();
    assert_eq!(prefix, "line 4");
    assert_eq!(
        graph_details(body),
        [("invalidType".to_owned(), "percentProgress".to_owned())]
    );
    assert_eq!(listing(dir.path()), ["out.ndjson"]);
}

#[test]
fn ndjson_too_long_line_is_reported_and_skipped() {
    // A 17 MiB line (over the 16 MiB limit) between two good ones.
    let mut input = b"{\"id\":\"a\"}\n{\"description\":\"".to_vec();
    input.resize(input.len() + 17 * 1024 * 1024, b'x');
    input.extend_from_slice(b"\"}\n{\"id\":\"c\"}\n");
    let o = run_with(
        &["apply", "--ndjson", "-", p(&example("patch.json"))],
        &input,
        &[],
    );
    assert_eq!(code(&o), 1);
    assert_eq!(ids(&stdout(&o)), ["a", "c"]);
    assert!(
        stderr(&o).starts_with("line 2: \"\" limitExceeded "),
        "{}",
        stderr(&o)
    );
}

/// Runs `cmd` under a pseudo-terminal with `script`, when it is installed.
#[cfg(target_os = "linux")]
#[test]
fn ndjson_progress_bar_shows_on_a_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("SKIPPED: `script` (util-linux) is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs.ndjson");
    let line = fs::read_to_string(example("operations.ndjson")).unwrap();
    // Enough lines to take well over one 200 ms progress tick in a debug build.
    fs::write(&docs, line.repeat(4000)).unwrap();
    let out_path = dir.path().join("out.ndjson");
    let cmd = format!(
        "{BIN} apply --ndjson {} {} -o {} --jobs 1",
        p(&docs),
        p(&example("patch.json")),
        p(&out_path)
    );
    let o = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stdout));
    let screen = String::from_utf8_lossy(&o.stdout);
    assert!(screen.contains("/s"), "throughput shown: {screen:?}");
    assert!(screen.contains(" lines, 0 failed"), "{screen:?}");
    assert_eq!(
        fs::read_to_string(&out_path).unwrap().lines().count(),
        16_000
    );
}

#[test]
fn ndjson_stops_quietly_when_the_reader_of_stdout_goes_away() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs.ndjson");
    let good = fs::read_to_string(example("operations.ndjson")).unwrap();
    // A bad first line, then ~20 MB that must not all be processed.
    fs::write(&docs, format!("{{\"id\":\n{}", good.repeat(5000))).unwrap();
    for jobs in ["1", "2"] {
        let mut child = Command::new(BIN)
            .args(["apply", "--ndjson", p(&docs), p(&example("patch.json"))])
            .args(["--jobs", jobs])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 10];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The pipe's read end is closed here, like `| head -c 10`.
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        assert_eq!(code(&out), 1, "jobs {jobs}: the bad line counts: {err}");
        assert!(err.starts_with("line 1: \"\" invalidJson "), "{err}");
        assert!(!err.contains("cannot write"), "{err}");
        let count = err.lines().last().unwrap();
        assert!(count.starts_with("caseexport: 1 of "), "{count}");
        assert!(!count.contains(" of 20001 lines"), "stopped early: {count}");
    }
}

// ------------------------------------------------ terminal and messages

/// The rows a terminal `width` columns wide shows after `bytes` were
/// written to it: printable characters (wrapping at the right margin the
/// way xterm does), `\r`, `\n`, backspace, and the CSI sequences a progress
/// bar uses (cursor up/down/left/right/column, erase in line, erase below).
fn screen(bytes: &[u8], width: usize) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut rows: Vec<Vec<char>> = vec![Vec::new()];
    let (mut row, mut col) = (0usize, 0usize);
    // xterm's pending wrap: a character written in the last column leaves
    // the cursor there; only the next printable character wraps.
    let mut wrap_next = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_control() {
            // Any control character or sequence ends a pending wrap.
            wrap_next = false;
        }
        match c {
            '\r' => col = 0,
            '\n' => {
                row += 1;
                col = 0;
            }
            '\u{8}' => col = col.saturating_sub(1),
            '\u{1b}' => {
                if chars.peek() != Some(&'[') {
                    chars.next();
                    continue;
                }
                chars.next();
                let mut params = String::new();
                let mut fin = ' ';
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() || c == '@' || c == '~' {
                        fin = c;
                        break;
                    }
                    params.push(c);
                }
                let n: usize = params.trim_start_matches('?').parse().unwrap_or(0);
                match fin {
                    'A' => row = row.saturating_sub(n.max(1)),
                    'B' => row += n.max(1),
                    'C' => col = (col + n.max(1)).min(width - 1),
                    'D' => col = col.saturating_sub(n.max(1)),
                    'G' => col = (n.max(1) - 1).min(width - 1),
                    'K' | 'J' => {
                        while rows.len() <= row {
                            rows.push(Vec::new());
                        }
                        let line = &mut rows[row];
                        match n {
                            0 => line.truncate(col),
                            1 => line.iter_mut().take(col + 1).for_each(|c| *c = ' '),
                            _ => line.clear(),
                        }
                        if fin == 'J' && n == 0 {
                            rows.truncate(row + 1);
                        }
                    }
                    _ => {} // colours, cursor visibility: no effect on text
                }
            }
            c if c.is_control() => {}
            c => {
                if wrap_next {
                    row += 1;
                    col = 0;
                    wrap_next = false;
                }
                while rows.len() <= row {
                    rows.push(Vec::new());
                }
                let line = &mut rows[row];
                while line.len() < col {
                    line.push(' ');
                }
                if col < line.len() {
                    line[col] = c;
                } else {
                    line.push(c);
                }
                if col + 1 == width {
                    wrap_next = true;
                } else {
                    col += 1;
                }
            }
        }
    }
    rows.into_iter()
        .map(|r| r.into_iter().collect::<String>().trim_end().to_owned())
        .collect()
}

#[test]
fn screen_emulation_overwrites_and_erases() {
    assert_eq!(
        screen(b"bar 10%\r\x1b[2Kbar 20%\r\x1b[2K{\"a\":1}\r\nbar", 80),
        ["{\"a\":1}", "bar"]
    );
    assert_eq!(screen(b"bar 10%{\"a\":1}\r\n", 80), ["bar 10%{\"a\":1}"]);
    assert_eq!(screen(b"one\r\ntwo\x1b[1A\r\x1b[2K", 80), ["", "two"]);
    // Wrapping: exactly `width` characters stay on one row until the next one.
    assert_eq!(screen(b"abcd\r\nef", 4), ["abcd", "ef"]);
    assert_eq!(screen(b"abcdef", 4), ["abcd", "ef"]);
}

/// On a terminal (standard output and standard error both on one pseudo
/// terminal), every output line has a row of its own: none is glued to the
/// progress bar, and the bar is gone at the end. Errors come before the
/// output lines of their chunk.
#[cfg(target_os = "linux")]
#[test]
fn ndjson_output_on_a_terminal_is_never_glued_to_the_progress_bar() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("SKIPPED: `script` (util-linux) is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs.ndjson");
    // Three chunks of lines (at most 4096 lines each), a bad line in the middle.
    let mut input = String::new();
    for i in 1..=10_000 {
        if i == 5_000 {
            input.push_str("{\"id\":\n");
        } else {
            input.push_str(&format!("{{\"id\":\"op-{i}\",\"status\":\"running\"}}\n"));
        }
    }
    fs::write(&docs, input).unwrap();
    // Wider than any output line, so that each is one row.
    const WIDTH: usize = 300;
    for jobs in ["1", "2"] {
        // A known width (a pseudo terminal without a size makes programs guess).
        let cmd = format!(
            "stty cols {WIDTH} rows 40 && exec {BIN} apply --ndjson {} {} --jobs {jobs}",
            p(&docs),
            p(&example("patch.json")),
        );
        let o = Command::new("script")
            .args(["-qec", &cmd, "/dev/null"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let rows = screen(&o.stdout, WIDTH);
        let shown: Vec<&str> = rows
            .iter()
            .map(String::as_str)
            .filter(|r| !r.is_empty())
            .collect();
        let mut ids = Vec::new();
        for (i, row) in shown.iter().enumerate() {
            if row.starts_with('{') {
                let op = CaseExportOperation::from_json(row.as_bytes()).unwrap_or_else(|e| {
                    panic!("jobs {jobs}: row {i} is not one document: {row:?}: {e}")
                });
                ids.push(op.id.unwrap());
            } else if i + 1 == shown.len() {
                assert_eq!(
                    *row,
                    "caseexport: 1 of 10000 lines failed (9999 applied, 0 blank)"
                );
            } else {
                assert!(
                    row.starts_with("line 5000: "),
                    "jobs {jobs}: row {i}: {row:?}"
                );
                // Errors are written before their chunk's output lines.
                assert!(
                    ids.len() < 4999,
                    "jobs {jobs}: the error follows its chunk's output"
                );
            }
        }
        let want: Vec<String> = (1..=10_000)
            .filter(|&i| i != 5_000)
            .map(|i| format!("op-{i}"))
            .collect();
        // Compared by count and first difference: the lists are long.
        let first_difference = ids.iter().zip(&want).position(|(a, b)| a != b);
        assert_eq!(first_difference, None, "jobs {jobs}");
        assert_eq!(ids.len(), want.len(), "jobs {jobs}");
    }
}

#[test]
fn help_accepts_help_like_every_subcommand() {
    for args in [
        &["help", "--help"][..],
        &["help", "-h"][..],
        &["help", "help"][..],
    ] {
        let o = run(args);
        assert_eq!(code(&o), 0, "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).contains("Usage: caseexport help"), "{args:?}");
    }
    let o = run(&["--error-format", "graph", "help", "apply", "--help"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("Usage: caseexport apply"));
}

#[test]
fn output_into_a_missing_folder_names_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("no-such-dir");
    let out = folder.join("out.json");
    let o = run(&[
        "apply",
        p(&example("operation.json")),
        p(&example("patch.json")),
        "-o",
        p(&out),
    ]);
    assert_eq!(code(&o), 2);
    assert_eq!(
        stderr(&o),
        format!(
            "caseexport: error: cannot write {}: cannot create a file in {}: no such folder\n",
            p(&out),
            p(&folder)
        )
    );
}

#[test]
fn the_size_limit_error_names_the_limit_not_a_byte_count() {
    let mut doc = br#"{"id":"1"}"#.to_vec();
    doc.resize(17 * 1024 * 1024, b' ');
    let o = run_with(&["validate", "-"], &doc, &[]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(
        err.ends_with(" limitExceeded input is larger than 16 MiB\n"),
        "{err}"
    );
}

/// A file in a fresh temporary directory holding `text`.
fn temp_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn apply_diff_validate_take_the_type_from_the_documents_and_type_for_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let sec = "#microsoft.graph.security.ediscoveryExportOperation";
    let doc = temp_file(
        dir.path(),
        "doc.json",
        &format!(r#"{{"@odata.type":"{sec}","id":"1","status":"running"}}"#),
    );
    let untyped = temp_file(
        dir.path(),
        "untyped.json",
        r#"{"id":"1","action":"holdPolicySync"}"#,
    );
    let patch = temp_file(
        dir.path(),
        "patch.json",
        r#"{"status":"succeeded","exportStructure":"msg"}"#,
    );

    // apply: the patch is read as the stored document's type.
    let out = run(&["apply", p(&doc), p(&patch)]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!("{{\"@odata.type\":\"{sec}\",\"id\":\"1\",\"status\":\"succeeded\",\"exportStructure\":\"msg\"}}\n")
    );
    // The seed's type has no `msg`: the same patch fails on a seed document.
    let seed = temp_file(dir.path(), "seed.json", r#"{"id":"1"}"#);
    let out = run(&["apply", p(&seed), p(&patch)]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("/exportStructure invalidEnumMember"),
        "{}",
        stderr(&out)
    );

    // validate: documents without @odata.type are --type.
    let out = run(&["validate", "--strict", p(&untyped)]);
    assert_eq!(code(&out), 1, "the seed's caseAction has no holdPolicySync");
    let out = run(&[
        "validate",
        "--strict",
        "--type",
        "security.ediscoveryExportOperation",
        p(&untyped),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = run(&["validate", "--type", "nonsense", p(&untyped)]);
    assert_eq!(code(&out), 2);

    // diff: the patch names the base's type.
    let out = run(&[
        "diff",
        "--type",
        "security.ediscoveryExportOperation",
        p(&untyped),
        p(&doc),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!("{{\"@odata.type\":\"{sec}\",\"action\":null,\"status\":\"running\"}}\n")
    );
    // Two documents of different types have no patch between them.
    let out = run(&["diff", p(&seed), p(&doc)]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("typeMismatch"), "{}", stderr(&out));
}

#[test]
fn ndjson_lines_are_read_as_the_patch_type() {
    let dir = tempfile::tempdir().unwrap();
    let sec = "#microsoft.graph.security.ediscoveryExportOperation";
    let docs = temp_file(
        dir.path(),
        "docs.ndjson",
        &format!(
            "{{\"id\":\"1\"}}\n{{\"@odata.type\":\"{sec}\",\"id\":\"2\"}}\n\
             {{\"@odata.type\":\"#microsoft.graph.caseExportOperation\",\"id\":\"3\"}}\n"
        ),
    );
    let patch = temp_file(
        dir.path(),
        "patch.json",
        &format!(r#"{{"@odata.type":"{sec}","exportStructure":"msg"}}"#),
    );
    let out = run(&["apply", "--ndjson", "-j", "1", p(&docs), p(&patch)]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "{{\"@odata.type\":\"{sec}\",\"id\":\"1\",\"exportStructure\":\"msg\"}}\n\
             {{\"@odata.type\":\"{sec}\",\"id\":\"2\",\"exportStructure\":\"msg\"}}\n"
        )
    );
    assert!(
        stderr(&out).contains("line 3: /@odata.type typeMismatch"),
        "{}",
        stderr(&out)
    );
}
