//! libFuzzer entry point for the `apply` target; the checks are in
//! `caseexport_fuzz::apply::check` (replayed by `cargo test` without libFuzzer).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| caseexport_fuzz::apply::check(data));
