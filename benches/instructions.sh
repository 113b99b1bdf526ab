#!/usr/bin/env bash
# Instructions per round of each benchmarked job, counted by callgrind: the
# same numbers on a busy or an idle machine. Prints a markdown table.
# Usage: benches/instructions.sh [ROUNDS]   (needs valgrind)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-2000}"
target="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --quiet --profile bench -p caseexport-benches --example profile_flow
bin="$target/release/examples/profile_flow"
count() { # job rounds -> total instructions
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 \
        | sed -n 's/.*Collected : \([0-9]*\).*/\1/p;s/.*I *refs: *\([0-9,]*\).*/\1/p' | tr -d , | head -1
}
per_round() { # (count(rounds) - count(0)) / rounds: setup excluded
    local a b
    a=$(count "$1" "$rounds"); b=$(count "$1" 0)
    echo $(( (a - b) / rounds ))
}
echo "| job | caseexport | baseline | baseline ÷ caseexport |"
echo "|---|---:|---:|---:|"
for pair in "flow flow-value" "serialize serialize-derived" "diff diff-value"; do
    set -- $pair
    ours=$(per_round "$1"); theirs=$(per_round "$2")
    ratio=$(python3 -c "print(f'{$theirs / $ours:.2f}×')")
    echo "| $1 (vs $2) | $ours | $theirs | $ratio |"
done
