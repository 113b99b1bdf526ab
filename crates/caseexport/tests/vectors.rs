//! Runs every shared vector in `tests/vectors/*.json` (the same files the C and
//! Python suites run) against the Rust API, and reports every mismatch.

use std::collections::BTreeSet;
use std::path::PathBuf;

use caseexport::{
    diff, CaseExportOperation, Error, Expect, ExportOperation, Mode, OperationType, OperationsPage,
    Patched, ReadOptions,
};
use serde_json::Value;

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors")
}

fn text<'a>(case: &'a Value, key: &str) -> &'a [u8] {
    case[key]
        .as_str()
        .unwrap_or_else(|| panic!("case {} has no string {key:?}", case["name"]))
        .as_bytes()
}

fn options(case: &Value, mode: Mode) -> ReadOptions {
    let mut o = ReadOptions::new(mode);
    if let Some(d) = case["options"]["max_depth"].as_u64() {
        o = o.with_max_depth(d as usize);
    }
    if let Some(s) = case["options"]["max_size"].as_u64() {
        o = o.with_max_size(s as usize);
    }
    if let Some(n) = case["options"]["max_errors"].as_u64() {
        o = o.with_max_errors(n as usize);
    }
    if let Some(n) = case["options"]["max_error_bytes"].as_u64() {
        o = o.with_max_error_bytes(n as usize);
    }
    o
}

/// The case's type selector: `None` for the seed's own API (no `type`).
fn expect(case: &Value) -> Option<Expect> {
    let name = case["type"].as_str()?;
    Some(match name {
        "any" => Expect::Any(OperationType::Seed),
        _ => Expect::Only(
            OperationType::from_name(name)
                .unwrap_or_else(|| panic!("case {}: unknown type {name:?}", case["name"])),
        ),
    })
}

/// Runs a case with a type selector through [`ExportOperation`].
fn run_typed(case: &Value, expect: Expect, mode: Mode) -> Result<Vec<u8>, Error> {
    let lenient = ReadOptions::lenient();
    let stored = |key: &str| {
        ExportOperation::from_json_with(text(case, key), &lenient, expect)
            .unwrap_or_else(|e| panic!("case {}: {key} is invalid: {e}", case["name"]))
    };
    match case["op"].as_str() {
        Some("read") => {
            let out = ExportOperation::from_json_with(
                text(case, "document"),
                &options(case, mode),
                expect,
            )
            .map(|op| op.to_json());
            // Canonical output reads back (as any type) to itself, byte for byte.
            if let Ok(bytes) = &out {
                let again = ExportOperation::from_json_with(
                    bytes,
                    &lenient,
                    Expect::Any(OperationType::Seed),
                )
                .unwrap_or_else(|e| {
                    panic!("case {}: output does not read back: {e}", case["name"])
                });
                assert_eq!(
                    &again.to_json(),
                    bytes,
                    "case {}: not a fixed point",
                    case["name"]
                );
            }
            out
        }
        Some("apply") => stored("document")
            .apply_json(text(case, "patch"), &options(case, mode))
            .map(|op| op.to_json()),
        Some("diff") => {
            let odata_type = case["odata_type"].as_bool().unwrap_or(true);
            stored("document")
                .diff(&stored("target"))
                .map(|p| p.with_odata_type(odata_type).to_vec())
        }
        other => panic!("case {}: unknown op {other:?}", case["name"]),
    }
}

/// Runs one case: `Ok(bytes)` or `Err(error)`.
fn run(case: &Value) -> Result<Vec<u8>, Error> {
    let mode = match case["mode"].as_str() {
        Some("strict") => Mode::Strict,
        _ => Mode::Lenient,
    };
    if case["op"] == "list" {
        let default = match expect(case) {
            Some(Expect::Only(t)) => t,
            _ => OperationType::Seed,
        };
        let out =
            OperationsPage::from_json_with(text(case, "document"), &options(case, mode), default)
                .map(|page| page.to_json());
        if let Ok(bytes) = &out {
            let again = OperationsPage::from_json_with(bytes, &ReadOptions::lenient(), default)
                .unwrap_or_else(|e| panic!("case {}: page does not read back: {e}", case["name"]));
            assert_eq!(
                &again.to_json(),
                bytes,
                "case {}: page not a fixed point",
                case["name"]
            );
        }
        return out;
    }
    if let Some(expect) = expect(case) {
        return run_typed(case, expect, mode);
    }
    let stored = || {
        CaseExportOperation::from_json(text(case, "document"))
            .unwrap_or_else(|e| panic!("case {}: stored document is invalid: {e}", case["name"]))
    };
    match case["op"].as_str() {
        Some("read") => {
            CaseExportOperation::from_json_with(text(case, "document"), &options(case, mode))
                .map(|op| op.to_json())
        }
        Some("apply") => {
            let base = stored();
            let opts = options(case, mode);
            let eager = base.apply_json(text(case, "patch"), &opts);
            // The lazy form must agree exactly: same bytes, same operation,
            // same errors.
            match (&eager, Patched::read(&base, text(case, "patch"), &opts)) {
                (Ok(op), Ok(lazy)) => {
                    assert_eq!(
                        lazy.to_json(),
                        op.to_json(),
                        "case {}: Patched::to_json",
                        case["name"]
                    );
                    assert_eq!(
                        &lazy.to_operation(),
                        op,
                        "case {}: Patched::to_operation",
                        case["name"]
                    );
                }
                (Err(e), Err(lazy)) => {
                    assert_eq!(
                        lazy.details(),
                        e.details(),
                        "case {}: Patched::read errors",
                        case["name"]
                    );
                }
                (e, lazy) => panic!(
                    "case {}: apply_json {e:?} but Patched::read {lazy:?}",
                    case["name"]
                ),
            }
            eager.map(|op| op.to_json())
        }
        Some("diff") => {
            let target = CaseExportOperation::from_json(text(case, "target"))
                .unwrap_or_else(|e| panic!("case {}: target is invalid: {e}", case["name"]));
            let odata_type = case["odata_type"].as_bool().unwrap_or(true);
            diff(&stored(), &target).map(|p| p.with_odata_type(odata_type).to_vec())
        }
        other => panic!("case {}: unknown op {other:?}", case["name"]),
    }
}

#[test]
fn shared_vectors() {
    let mut files: Vec<_> = std::fs::read_dir(vectors_dir())
        .expect("tests/vectors exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut names = BTreeSet::new();
    let mut count = 0;
    for file in &files {
        let doc: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        for case in doc["cases"].as_array().expect("cases") {
            count += 1;
            let name = case["name"].as_str().expect("name").to_owned();
            assert!(names.insert(name.clone()), "duplicate case name {name}");
            let got = run(case);
            if std::env::var_os("CX_VECTORS_SHOW").is_some() {
                match &got {
                    Ok(b) => eprintln!("SHOW {name}\n  {}", String::from_utf8_lossy(b)),
                    Err(e) => eprintln!(
                        "SHOW {name}\n  {:?}",
                        e.details()
                            .iter()
                            .map(|d| (&d.path, d.code))
                            .collect::<Vec<_>>()
                    ),
                }
            }
            let outcome = match (&case["expected"], &case["errors"], got) {
                (Value::String(want), _, Ok(bytes)) if want.as_bytes() == bytes => continue,
                (Value::String(want), _, Ok(bytes)) => {
                    format!(
                        "output differs\n  want {want}\n  got  {}",
                        String::from_utf8_lossy(&bytes)
                    )
                }
                (Value::String(_), _, Err(e)) => format!("unexpected error: {:?}", e.details()),
                (_, Value::Array(want), Err(e)) => {
                    let want: Vec<(String, String)> = want
                        .iter()
                        .map(|w| {
                            (
                                w["path"].as_str().unwrap().to_owned(),
                                w["code"].as_str().unwrap().to_owned(),
                            )
                        })
                        .collect();
                    let got: Vec<(String, String)> = e
                        .details()
                        .iter()
                        .map(|d| (d.path.clone(), d.code.to_string()))
                        .collect();
                    if want == got {
                        continue;
                    }
                    format!("errors differ\n  want {want:?}\n  got  {got:?}")
                }
                (_, Value::Array(want), Ok(bytes)) => {
                    format!(
                        "expected errors {want:?}, got output {}",
                        String::from_utf8_lossy(&bytes)
                    )
                }
                _ => panic!("case {name} has neither expected nor errors"),
            };
            failures.push(format!(
                "{} :: {name}: {outcome}",
                file.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(count >= 30, "only {count} vector cases found");
    assert!(
        failures.is_empty(),
        "{} of {count} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
