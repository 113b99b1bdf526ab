//! libFuzzer entry point for the `datetime` target; the checks are in
//! `caseexport_fuzz::datetime::check` (replayed by `cargo test` without libFuzzer).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| caseexport_fuzz::datetime::check(data));
