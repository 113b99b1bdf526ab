//! libFuzzer entry point for the `page` target; the checks are in
//! `caseexport_fuzz::page::check` (replayed by `cargo test` without libFuzzer).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| caseexport_fuzz::page::check(data));
