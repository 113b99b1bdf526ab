//! An NDJSON batch of tens of MB streams through `caseexport apply --ndjson`
//! with a peak memory far below the file size.
//!
//! The peak resident set size of the child is read with
//! `getrusage(RUSAGE_CHILDREN)` after it has been waited for: the largest
//! peak of all the children this process has waited for. This file holds a
//! single test, so that child is the only one. Linux only (`ru_maxrss` is in
//! KiB there; other systems use other units); elsewhere the test says it is
//! skipped.

#[cfg(target_os = "linux")]
#[test]
fn ndjson_batch_of_tens_of_mb_runs_in_bounded_memory() {
    use std::fs;
    use std::io::{BufRead, BufReader, BufWriter, Write};
    use std::path::Path;
    use std::process::{Command, Stdio};
    use std::time::Instant;

    use caseexport::{CaseExportOperation, ReadOptions};
    use nix::sys::resource::{getrusage, UsageWho};

    /// Size of the generated batch.
    const INPUT_BYTES: usize = 48 * 1024 * 1024;
    /// Peak RSS allowed: a small fraction of the input.
    const MAX_RSS_KIB: i64 = 16 * 1024;

    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let template = fs::read_to_string(examples.join("operations.ndjson")).unwrap();
    let template: Vec<&str> = template.lines().collect();
    let patch = examples.join("patch.json");

    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("big.ndjson");
    let mut writer = BufWriter::new(fs::File::create(&docs).unwrap());
    let (mut written, mut lines) = (0usize, 0usize);
    while written < INPUT_BYTES {
        // Each line a distinct operation (its id carries the line number).
        let base = template[lines % template.len()];
        let id_start = base.find(r#""id":""#).unwrap() + 6;
        let id_end = id_start + base[id_start..].find('"').unwrap();
        let line = format!("{}{lines:08}{}\n", &base[..id_start], &base[id_end..]);
        writer.write_all(line.as_bytes()).unwrap();
        written += line.len();
        lines += 1;
    }
    writer.flush().unwrap();
    drop(writer);

    let before = getrusage(UsageWho::RUSAGE_CHILDREN).unwrap().max_rss();
    assert!(
        before < MAX_RSS_KIB,
        "no earlier child may mask the measurement ({before} KiB)"
    );
    let out_path = dir.path().join("out.ndjson");
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_caseexport"))
        .args(["apply", "--ndjson", "--jobs", "2", "-o"])
        .arg(&out_path)
        .arg(&docs)
        .arg(&patch)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let peak_kib = getrusage(UsageWho::RUSAGE_CHILDREN).unwrap().max_rss();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!(
        "{} MiB, {lines} lines in {elapsed:.2?}; child peak RSS {peak_kib} KiB (bound {MAX_RSS_KIB} KiB)",
        written >> 20
    );
    assert!(
        peak_kib > 1024,
        "the measurement saw the child ({peak_kib} KiB)"
    );
    assert!(
        peak_kib < MAX_RSS_KIB,
        "peak RSS {peak_kib} KiB over the {MAX_RSS_KIB} KiB bound for a {} MiB batch",
        written >> 20
    );

    // Every line came out, in order, updated.
    let patch_bytes = fs::read(&patch).unwrap();
    let reader = BufReader::new(fs::File::open(&out_path).unwrap());
    let mut count = 0usize;
    for (i, line) in reader.lines().enumerate() {
        let line = line.unwrap();
        let op = CaseExportOperation::from_json(line.as_bytes()).unwrap();
        assert!(op.id.as_deref().unwrap().ends_with(&format!("{i:08}")));
        if i % 9973 == 0 {
            // The same operation apart from its id, updated by the core.
            let doc = template[i % template.len()];
            let mut want = CaseExportOperation::from_json(doc.as_bytes())
                .unwrap()
                .apply_json(&patch_bytes, &ReadOptions::strict())
                .unwrap();
            want.id = op.id.clone();
            assert_eq!(op, want, "line {}", i + 1);
        }
        count += 1;
    }
    assert_eq!(count, lines);
}

#[cfg(not(target_os = "linux"))]
#[test]
fn ndjson_batch_of_tens_of_mb_runs_in_bounded_memory() {
    eprintln!("SKIPPED: peak RSS is read with getrusage(RUSAGE_CHILDREN) in KiB, Linux only");
}
