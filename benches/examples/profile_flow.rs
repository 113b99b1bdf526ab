//! Runs the full flow in a loop, for profilers (`valgrind --tool=callgrind`):
//! `cargo build --profile bench -p caseexport-benches --example profile_flow`,
//! then `valgrind --tool=callgrind target/release/examples/profile_flow 2000 [value]`.
//! With `value` it runs the untyped baseline instead (`Value` + `json_patch::merge`).

use caseexport::{CaseExportOperation, ReadOptions};
use caseexport_benches::{OPERATION, PATCH};

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let baseline = std::env::args().nth(2).as_deref() == Some("value");
    let mut total = 0;
    for _ in 0..rounds {
        if baseline {
            let mut v: serde_json::Value =
                serde_json::from_slice(std::hint::black_box(OPERATION)).expect("valid");
            let p: serde_json::Value = serde_json::from_slice(PATCH).expect("valid");
            json_patch::merge(&mut v, &p);
            total += serde_json::to_vec(&v).expect("serializable").len();
            continue;
        }
        let mut op = CaseExportOperation::from_json(std::hint::black_box(OPERATION))
            .expect("valid document");
        op.apply_json_in_place(PATCH, &ReadOptions::strict())
            .expect("valid patch");
        total += op.to_json().len();
    }
    println!("{total}");
}
