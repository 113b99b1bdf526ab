//! The JSONTestSuite parsing corpus (optional data in `../shared/data/`):
//! `y_` files are JSON (so at most a validation error, never `invalidJson`),
//! `n_` files are rejected as `invalidJson`, `i_` files may go either way;
//! nothing panics or hangs. Skipped, visibly, when the folder is absent.

use std::path::PathBuf;

use caseexport::{CaseExportOperation, ErrorCode, Patch, ReadOptions};

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/jsontestsuite/test_parsing");
    dir.is_dir().then_some(dir)
}

#[test]
fn jsontestsuite_parsing_corpus() {
    let Some(dir) = corpus() else {
        eprintln!("SKIPPED jsontestsuite_parsing_corpus: ../shared/data/jsontestsuite not found beside the repository");
        return;
    };
    let mut checked = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let results = [
            CaseExportOperation::from_json(&bytes).map(|_| ()),
            CaseExportOperation::from_json_with(&bytes, &ReadOptions::strict()).map(|_| ()),
            Patch::from_json(&bytes).map(|_| ()),
        ];
        for r in results {
            let invalid_json = matches!(&r, Err(e) if e.details().iter().any(|d| d.code == ErrorCode::InvalidJson));
            if name.starts_with("y_") && invalid_json {
                failures.push(format!(
                    "{name}: valid JSON reported as invalidJson: {:?}",
                    r
                ));
            }
            if name.starts_with("n_") && !invalid_json {
                let limit = matches!(&r, Err(e) if e.details().iter().any(|d| d.code == ErrorCode::LimitExceeded));
                if !limit {
                    failures.push(format!(
                        "{name}: invalid JSON not reported as invalidJson: {:?}",
                        r.err()
                    ));
                }
            }
        }
        checked += 1;
    }
    eprintln!("jsontestsuite: {checked} files checked");
    assert!(checked > 100, "corpus looks incomplete: {checked} files");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn invalid_utf8_is_invalid_json_not_a_crash() {
    for bytes in [
        &b"{\"outputName\":\"\xff\"}"[..],
        b"{\"\xc3\x28\":1}",
        b"\xef\xbb\xbf{}",
        b"{\"outputName\":\"\xed\xa0\x80\"}",
    ] {
        let err = CaseExportOperation::from_json(bytes).unwrap_err();
        assert_eq!(err.details().len(), 1);
        assert_eq!(err.details()[0].code, ErrorCode::InvalidJson);
        assert_eq!(err.details()[0].path, "");
    }
}
