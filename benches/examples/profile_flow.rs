//! Runs one benchmarked job in a loop, for instruction counts with callgrind
//! (repeatable on a noisy machine, unlike wall time):
//!
//! ```sh
//! cargo build --profile bench -p caseexport-benches --example profile_flow
//! valgrind --tool=callgrind target/release/examples/profile_flow JOB ROUNDS
//! ```
//!
//! JOB is one of `flow`, `flow-lazy` (the flow through `Patched`, as the
//! Python binding runs it), `flow-value` (the `Value` + `json_patch::merge`
//! baseline), `read`, `read-patch`, `tokenize` (serde_json's bare
//! tokenizer, for scale), `write`, `clone`, `datetime` (one timestamp
//! parsed), `flags` (one `exportOptions` value parsed), `serialize`,
//! `serialize-derived`, `diff`, `diff-value`.
//! `benches/instructions.sh` runs the three with baselines (flow, serialize,
//! diff) and prints instructions per round.

use std::hint::black_box;

use caseexport::{diff, CaseExportOperation, Patch, Patched, ReadOptions};
use caseexport_benches::{full_derived, full_patch, value_merge_diff, OPERATION, PATCH};
use serde_json::Value;

fn main() {
    let mut args = std::env::args().skip(1);
    let job = args.next().unwrap_or_else(|| "flow".to_owned());
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let base = CaseExportOperation::from_json(OPERATION).expect("valid document");
    let target = base
        .apply_json(PATCH, &ReadOptions::strict())
        .expect("valid patch");
    let base_v: Value = serde_json::from_slice(&base.to_json()).expect("valid");
    let target_v: Value = serde_json::from_slice(&target.to_json()).expect("valid");
    let patch = full_patch();
    let derived = full_derived();
    let mut total = 0usize;
    for _ in 0..rounds {
        total += match job.as_str() {
            "flow" => {
                let mut op = CaseExportOperation::from_json(black_box(OPERATION)).expect("valid");
                op.apply_json_in_place(black_box(PATCH), &ReadOptions::strict())
                    .expect("valid");
                op.to_json().len()
            }
            "flow-value" => {
                let mut v: Value = serde_json::from_slice(black_box(OPERATION)).expect("valid");
                let p: Value = serde_json::from_slice(black_box(PATCH)).expect("valid");
                json_patch::merge(&mut v, &p);
                serde_json::to_vec(&v).expect("serializable").len()
            }
            "read" => {
                let op = CaseExportOperation::from_json(black_box(OPERATION)).expect("valid");
                op.id.map_or(0, |id| id.len())
            }
            "tokenize" => {
                let _: serde::de::IgnoredAny =
                    serde_json::from_slice(black_box(OPERATION)).expect("valid");
                1
            }
            "write" => black_box(&base).to_json().len(),
            "flags" => {
                let o: caseexport::ExportOptions = black_box("originalFiles,text,fileInfo")
                    .parse()
                    .expect("valid");
                o.bits() as usize
            }
            "datetime" => {
                let t =
                    caseexport::DateTimeOffset::parse(black_box("2024-05-01T10:02:11.0000001Z"))
                        .expect("valid");
                t.nanosecond() as usize
            }
            "read-patch" => {
                let p =
                    Patch::from_json_with(black_box(PATCH), &ReadOptions::strict()).expect("valid");
                p.properties().percent_progress.is_value() as usize
            }
            "flow-lazy" => {
                let op = CaseExportOperation::from_json(black_box(OPERATION)).expect("valid");
                Patched::read(&op, black_box(PATCH), &ReadOptions::strict())
                    .expect("valid")
                    .to_json()
                    .len()
            }
            "clone" => black_box(&base).clone().id.map_or(0, |id| id.len()),
            "serialize" => black_box(&patch).to_vec().len(),
            "serialize-derived" => serde_json::to_vec(black_box(&derived))
                .expect("serializable")
                .len(),
            "diff" => diff(black_box(&base), black_box(&target))
                .expect("diffable")
                .to_vec()
                .len(),
            "diff-value" => {
                serde_json::to_vec(&value_merge_diff(black_box(&base_v), black_box(&target_v)))
                    .expect("serializable")
                    .len()
            }
            other => panic!("unknown job {other}"),
        };
    }
    println!("{total}");
}
