//! The checked-in header `include/caseexport.h` must be exactly what the
//! pinned cbindgen generates from `src/` with `cbindgen.toml`. Regenerate it
//! with `CX_BLESS=1 cargo test -p caseexport-c --test header`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The version macros, from the crate's own version.
fn version_macros() -> String {
    format!(
        "\n#define CX_VERSION_MAJOR {}\n#define CX_VERSION_MINOR {}\n#define CX_VERSION_PATCH {}\n#define CX_VERSION_STRING \"{}\"\n",
        env!("CARGO_PKG_VERSION_MAJOR"),
        env!("CARGO_PKG_VERSION_MINOR"),
        env!("CARGO_PKG_VERSION_PATCH"),
        env!("CARGO_PKG_VERSION"),
    )
}

fn generate() -> String {
    let dir = crate_dir();
    let mut config = cbindgen::Config::from_file(dir.join("cbindgen.toml"))
        .expect("bindings/c/cbindgen.toml is readable and valid");
    config.after_includes = Some(version_macros());
    // cbindgen follows the `mod` declarations from lib.rs; no `cargo
    // metadata`, so the result does not depend on the rest of the workspace.
    let builder = cbindgen::Builder::new()
        .with_config(config)
        .with_src(dir.join("src").join("lib.rs"));
    let bindings = builder.generate().expect("cbindgen generates the header");
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).expect("the header is UTF-8")
}

/// The first differing lines, with a little context, as a readable message.
fn describe_difference(want: &str, got: &str) -> String {
    let want: Vec<&str> = want.lines().collect();
    let got: Vec<&str> = got.lines().collect();
    let first = want
        .iter()
        .zip(&got)
        .position(|(a, b)| a != b)
        .unwrap_or(want.len().min(got.len()));
    let mut msg = String::new();
    let from = first.saturating_sub(3);
    for i in from..(first + 12).max(from) {
        match (want.get(i), got.get(i)) {
            (Some(a), Some(b)) if a == b => writeln!(msg, "   {:5} {a}", i + 1),
            (a, b) => {
                if let Some(a) = a {
                    writeln!(msg, " - {:5} {a}", i + 1).unwrap();
                }
                if let Some(b) = b {
                    writeln!(msg, " + {:5} {b}", i + 1).unwrap();
                }
                Ok(())
            }
        }
        .unwrap();
    }
    msg
}

fn header_path() -> PathBuf {
    crate_dir().join("include").join("caseexport.h")
}

fn bless(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).expect("write the header");
    eprintln!("wrote {}", path.display());
}

/// `src/property.rs`, generated from the core's `Property` declaration: the
/// C enum cbindgen turns into `cx_property` (cbindgen reads source, so the
/// enum must be written out; this test keeps it the core's).
fn generate_property_source() -> String {
    use caseexport::{Property, ValueKind};
    let mut out = String::from(
        "//! `cx_property`: GENERATED from the core's `caseexport::Property` by\n\
         //! `CX_BLESS=1 cargo test -p caseexport-c --test header`. Do not edit.\n\n\
         /// The declared properties of a caseExportOperation, in the specification's\n\
         /// table order (the canonical order), passed as a `uint32_t`.\n\
         #[repr(u32)]\n\
         #[derive(Clone, Copy, Debug, PartialEq, Eq)]\n\
         pub enum cx_property {\n",
    );
    for (i, p) in Property::ALL.iter().enumerate() {
        let kind = match p.kind() {
            ValueKind::String => "String".to_owned(),
            ValueKind::Secret => "String, a secret".to_owned(),
            ValueKind::Int32 { min, max } if (min, max) == (i32::MIN, i32::MAX) => {
                "Int32".to_owned()
            }
            ValueKind::Int32 { min, max } => format!("Int32, {min}..{max}"),
            ValueKind::DateTimeOffset => "DateTimeOffset".to_owned(),
            ValueKind::Enum(t) => t.type_name.to_owned(),
            ValueKind::Flags(t) => format!("{} flags", t.type_name),
            ValueKind::Complex(name) => format!("{name}, complex"),
            ValueKind::Int64 => "Int64".to_owned(),
            ValueKind::Collection(name) => format!("collection of {name}"),
            ValueKind::Json => "navigation property, JSON".to_owned(),
        };
        let note = match (p.is_read_only(), p.is_nullable()) {
            (true, false) => "; read-only key, never null",
            (true, true) => "; read-only",
            (false, false) => "; never null",
            (false, true) => "",
        };
        writeln!(out, "    /// `{}` ({kind}{note})", p.wire_name()).unwrap();
        writeln!(out, "    {p:?} = {i},").unwrap();
    }
    out.push_str("}\n");
    out
}

/// Compares a checked-in generated file with what generates it now, or
/// writes it with `CX_BLESS=1`.
fn check_generated(path: &Path, generated: &str, what: &str) {
    if std::env::var_os("CX_BLESS").is_some_and(|v| v == "1") {
        bless(path, generated);
        return;
    }
    let checked_in = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "{} is not {what} (- checked in, + generated):\n{}\nRegenerate it with:\n  \
         CX_BLESS=1 cargo test -p caseexport-c --test header",
        path.display(),
        describe_difference(&checked_in, generated)
    );
}

#[test]
fn property_source_is_generated_from_the_core() {
    check_generated(
        &crate_dir().join("src").join("property.rs"),
        &generate_property_source(),
        "generated from caseexport::Property",
    );
}

/// Both directions: every `CX_PROPERTY_*` constant of the checked-in header
/// is a core property with that value and name, and every core property has
/// its constant.
#[test]
fn header_properties_are_the_core_properties() {
    let header = std::fs::read_to_string(header_path()).expect("the header is readable");
    let in_header: Vec<(String, usize)> = header
        .lines()
        .filter_map(|l| l.trim().strip_prefix("CX_PROPERTY_"))
        .map(|l| {
            let (name, value) = l
                .trim_end_matches(',')
                .split_once(" = ")
                .expect("NAME = value");
            (name.to_owned(), value.parse().expect("a number"))
        })
        .collect();
    let core: Vec<(String, usize)> = caseexport::Property::ALL
        .iter()
        .enumerate()
        .map(|(i, p)| (p.snake_name().to_uppercase(), i))
        .collect();
    for entry in &in_header {
        assert!(
            core.contains(entry),
            "CX_PROPERTY_{} = {} is not a core property",
            entry.0,
            entry.1
        );
    }
    for entry in &core {
        assert!(
            in_header.contains(entry),
            "core property {} = {} is missing from the header",
            entry.0,
            entry.1
        );
    }
}

#[test]
fn checked_in_header_is_current() {
    check_generated(
        &header_path(),
        &generate(),
        "what cbindgen generates from bindings/c/src",
    );
}

#[test]
fn header_has_what_the_conventions_promise() {
    let h = generate();
    for needle in [
        "#ifndef CASEEXPORT_H",
        "extern \"C\" {",
        "#define CX_VERSION_MAJOR ",
        "#define CX_VERSION_STRING \"",
        "CX_RESULT_OK = 0",
        "CX_RESULT_NULL_ARGUMENT = 1",
        "CX_RESULT_PANIC = 13",
        "CX_ERROR_CODE_INVALID_JSON = 1",
        "CX_PROPERTY_EXPORT_STRUCTURE = 14",
        "CX_MODE_LENIENT = 1",
        "typedef struct cx_operation cx_operation;",
    ] {
        assert!(h.contains(needle), "the header lacks {needle:?}");
    }
    // Every exported function carries the cx_ prefix and a doc comment.
    let lines: Vec<&str> = h.lines().collect();
    let mut functions = 0;
    for (i, line) in lines.iter().enumerate() {
        let Some(open) = line.find('(') else { continue };
        let is_declaration = !line.starts_with([' ', '*', '/', '#', '}'])
            && !line.starts_with("typedef")
            && line.contains("cx_");
        if !is_declaration {
            continue;
        }
        functions += 1;
        let name = line[..open].rsplit([' ', '*']).next().unwrap();
        assert!(name.starts_with("cx_"), "{name} lacks the cx_ prefix");
        assert!(
            i > 0 && lines[i - 1].trim() == "*/",
            "{name} has no doc comment"
        );
    }
    assert!(
        functions > 40,
        "only {functions} functions found in the header"
    );
}

/// The doc comment just above line `end` (the declaration's first line).
fn doc_comment_before<'a>(lines: &[&'a str], end: usize) -> Vec<&'a str> {
    let start = (0..end)
        .rev()
        .find(|&i| lines[i].trim_start().starts_with("/**"))
        .expect("a doc comment");
    lines[start..end].to_vec()
}

#[test]
fn every_function_has_one_thread_safety_sentence_of_the_documented_forms() {
    let h = generate();
    let lines: Vec<&str> = h.lines().collect();
    let body_start = lines
        .iter()
        .position(|l| l.starts_with("extern \"C\" {"))
        .expect("extern \"C\"");
    let mut checked = 0;
    for i in body_start..lines.len() {
        let line = lines[i];
        let Some(open) = line.find("cx_").filter(|_| line.contains('(')) else {
            continue;
        };
        if line.starts_with([' ', '*', '/', '#', '}']) {
            continue;
        }
        let name = &line[open..line.find('(').unwrap()];
        let doc = doc_comment_before(&lines, i);
        let sentences: Vec<&str> = doc
            .iter()
            .filter_map(|l| l.split_once("Thread safety: ").map(|(_, s)| s))
            .collect();
        assert_eq!(
            sentences.len(),
            1,
            "{name}: {} thread-safety sentences",
            sentences.len()
        );
        let s = sentences[0];
        // The forms the header's conventions describe (cbindgen.toml).
        let known = s.starts_with("reads `") && s.contains(" only; other threads may read ")
            || s.starts_with("changes `")
                && s.contains("which no other thread may use during the call")
            || s.starts_with("frees `")
                && s.ends_with("no other thread may use it during or after the call.")
            || s == "uses no handle and no shared state; callable from any thread at any time.";
        assert!(
            known,
            "{name}: thread-safety sentence of no documented form: {s:?}"
        );
        checked += 1;
    }
    assert!(checked > 40, "only {checked} functions checked");
}

/// The doc comment of the function `name` in the header.
fn doc_of(h: &str, name: &str) -> String {
    let lines: Vec<&str> = h.lines().collect();
    let at = lines
        .iter()
        .position(|l| !l.starts_with([' ', '*', '/']) && l.contains(&format!(" {name}(")))
        .unwrap_or_else(|| panic!("{name} is not declared"));
    doc_comment_before(&lines, at).join("\n")
}

/// Issue 24: the header says every limit and type rule the functions
/// enforce (each one is also checked against the behaviour by the C tests,
/// `test_bounds.c`), and no longer what they do not do.
#[test]
fn header_documents_the_limits_and_type_rules_it_enforces() {
    let h = generate();
    let rules: [(&str, &[&str]); 8] = [
        ("cx_request_header_count", &["Prefer", "4, 5 or 6"]),
        ("cx_request_header", &["If-Match` if set, then `Prefer"]),
        ("cx_response_read", &["first 200", "followed by `…`"]),
        (
            "cx_response_read_export",
            &["alias", "typeMismatch", "64 KiB", "100 errors"],
        ),
        (
            "cx_export_operation_from_json",
            &["reads only its own name", "alias", "typeMismatch"],
        ),
        ("cx_export_patch_from_json", &["alias", "typeMismatch"]),
        ("cx_operation_from_json", &["alias", "written back"]),
        (
            "cx_operations_page_from_json",
            &[
                "max_size",
                "max_depth",
                "max_errors",
                "max_error_bytes",
                "whole error list",
                "own bytes",
                "shortened past 64 bytes",
                "typeMismatch",
            ],
        ),
    ];
    for (name, needles) in rules {
        let doc = doc_of(&h, name).replace("\n * ", " ");
        for needle in needles {
            assert!(
                doc.contains(needle),
                "{name}'s doc lacks {needle:?}:\n{doc}"
            );
        }
    }
    let read = doc_of(&h, "cx_response_read").replace("\n * ", " ");
    assert!(
        !read.contains("gives its first 200 characters as the message"),
        "cx_response_read still says the message is the first 200 characters"
    );
    assert!(!doc_of(&h, "cx_request_header_count").contains("or 5 with `If-Match`"));
}
