//! libFuzzer entry point for the `patch_builder` target; the checks are in
//! `caseexport_fuzz::patch_builder::check` (replayed by `cargo test` without libFuzzer).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| caseexport_fuzz::patch_builder::check(data));
