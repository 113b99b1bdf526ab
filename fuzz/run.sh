#!/usr/bin/env bash
# Runs every fuzz target under libFuzzer for a bounded time, one after the
# other, in one process each (no -jobs/-fork: the machine is shared).
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 120 s, every target)
#
# Needs cargo-fuzz (installed here with `cargo install cargo-fuzz --locked`
# when missing) and a nightly toolchain, or the stable one with
# RUSTC_BOOTSTRAP=1 (used when no nightly is installed). New inputs go to a
# scratch corpus under $CARGO_TARGET_DIR (or fuzz/target), never into the
# committed seeds in fuzz/corpus/; crashes go to fuzz/artifacts/<target>/.
# A summary (executions, corpus size, crashes) per target ends the output.
# To keep an input, copy it into fuzz/corpus/<target>/ and check that
# `cargo test --manifest-path fuzz/Cargo.toml` replays it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
secs="${1:-120}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(read apply diff datetime response patch_builder page diff_fixed_point query)
fi

if ! command -v cargo-fuzz >/dev/null 2>&1; then
    echo "cargo-fuzz is not installed: cargo install cargo-fuzz --locked"
    cargo install cargo-fuzz --locked
fi
toolchain=()
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    toolchain=(+nightly)
else
    echo "no nightly toolchain: using the stable one with RUSTC_BOOTSTRAP=1"
    export RUSTC_BOOTSTRAP=1
fi

scratch="${CARGO_TARGET_DIR:-$here/target}/fuzz-corpus"
log_dir="${CARGO_TARGET_DIR:-$here/target}/fuzz-logs"
mkdir -p "$scratch" "$log_dir"
summary=()
status=0
for t in "${targets[@]}"; do
    mkdir -p "$scratch/$t" "artifacts/$t"
    log="$log_dir/$t.log"
    echo "==== $t: ${secs}s ===="
    # -max_len 8192: documents and programs are small; longer inputs only slow the search.
    if cargo "${toolchain[@]}" fuzz run --features libfuzzer "$t" "$scratch/$t" "corpus/$t" -- \
        -max_total_time="$secs" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"$log" 2>&1; then
        result=ok
    else
        result="FAILED (see $log and artifacts/$t/)"
        status=1
    fi
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
    units="$(find "$scratch/$t" -type f | wc -l)"
    tail -3 "$log"
    summary+=("$(printf '%-14s %12s execs %8s/s  %6s new corpus units  %s' "$t" "${execs:-?}" "${rate:-?}" "$units" "$result")")
done
echo
echo "==== summary (${secs}s per target) ===="
printf '%s\n' "${summary[@]}"
exit "$status"
