//! libFuzzer entry point for the `response` target; the checks are in
//! `caseexport_fuzz::response::check` (replayed by `cargo test` without libFuzzer).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| caseexport_fuzz::response::check(data));
