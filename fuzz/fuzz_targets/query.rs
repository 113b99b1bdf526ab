//! libFuzzer entry point for the `query` target; the checks are in
//! `caseexport_fuzz::query::check` (replayed by `cargo test` without libFuzzer).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| caseexport_fuzz::query::check(data));
