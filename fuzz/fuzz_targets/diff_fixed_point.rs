//! libFuzzer entry point for the `diff_fixed_point` target; the checks are in
//! `caseexport_fuzz::diff_fixed_point::check` (replayed by `cargo test` without libFuzzer).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| caseexport_fuzz::diff_fixed_point::check(data));
