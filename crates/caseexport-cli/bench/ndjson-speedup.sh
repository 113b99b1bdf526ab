#!/usr/bin/env bash
# Measures `caseexport apply --ndjson` with 1 worker (sequential) and with N
# workers, on a generated batch: wall-clock median of RUNS runs each, runs
# alternated so that background load hits both alike.
#
#   crates/caseexport-cli/bench/ndjson-speedup.sh [MIB=200] [RUNS=7] [JOBS=2]
#
# Builds the release binary (once), writes the batch to a temporary folder,
# sends the output to /dev/null.
set -euo pipefail
cd "$(dirname "$0")/../../.."
MIB="${1:-200}"
RUNS="${2:-7}"
JOBS="${3:-2}"

cargo build --release --quiet -p caseexport-cli
BIN="${CARGO_TARGET_DIR:-$PWD/target}/release/caseexport"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# Distinct operations (the id carries the line number), from the examples.
awk -v mib="$MIB" '{ l[++c] = $0 }
  END {
    for (i = 0; size < mib * 1048576; i++) {
      s = l[i % c + 1]
      sub(/"id":"[^"]*"/, sprintf("\"id\":\"op-%09d\"", i), s)
      print s
      size += length(s) + 1
    }
  }' examples/operations.ndjson > "$TMP/batch.ndjson"
LINES=$(wc -l < "$TMP/batch.ndjson")
cat "$TMP/batch.ndjson" > /dev/null   # warm the page cache

declare -A times
TIMEFORMAT=%R
for ((r = 0; r < RUNS; r++)); do
  for j in 1 "$JOBS"; do
    t=$( { time "$BIN" apply --ndjson "$TMP/batch.ndjson" examples/patch.json --jobs "$j" > /dev/null; } 2>&1 )
    times[$j]+="$t "
  done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
seq_s=$(echo "${times[1]}" | median)
par_s=$(echo "${times[$JOBS]}" | median)
echo "batch: $MIB MiB, $LINES lines, $(nproc) cores; median of $RUNS runs"
echo "  --jobs 1:     ${seq_s} s  ($(awk -v m="$MIB" -v t="$seq_s" 'BEGIN { printf "%.0f", m / t }') MiB/s)   runs: ${times[1]}"
echo "  --jobs $JOBS:     ${par_s} s  ($(awk -v m="$MIB" -v t="$par_s" 'BEGIN { printf "%.0f", m / t }') MiB/s)   runs: ${times[$JOBS]}"
echo "  speedup:     $(awk -v a="$seq_s" -v b="$par_s" 'BEGIN { printf "%.2f", a / b }')x"
