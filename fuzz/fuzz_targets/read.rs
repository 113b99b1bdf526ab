//! libFuzzer entry point for the `read` target; the checks are in
//! `caseexport_fuzz::read::check` (replayed by `cargo test` without libFuzzer).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| caseexport_fuzz::read::check(data));
