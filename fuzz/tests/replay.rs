//! Replays every corpus file through its target's checks, without libFuzzer:
//! `cargo test --manifest-path fuzz/Cargo.toml` (the test command runs it).

use std::path::Path;

#[test]
fn every_corpus_replays_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut total = 0;
    let mut failed = Vec::new();
    for (name, check) in caseexport_fuzz::TARGETS {
        let dir = root.join(name);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.expect("a directory entry").path())
            .collect();
        files.sort();
        assert!(
            files.len() >= 5,
            "{name}: only {} seeds in {}",
            files.len(),
            dir.display()
        );
        for file in &files {
            let data = std::fs::read(file).expect("a corpus file reads");
            let outcome = std::panic::catch_unwind(|| check(&data));
            if outcome.is_err() {
                failed.push(format!("{name}: {}", file.display()));
            }
        }
        println!("{name}: {} inputs replayed", files.len());
        total += files.len();
    }
    println!("{total} inputs in all");
    assert!(
        failed.is_empty(),
        "inputs that fail their checks:\n{}",
        failed.join("\n")
    );
}
