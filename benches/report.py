#!/usr/bin/env python3
"""Prints the BENCHMARKS.md tables from criterion's saved estimates.

Run after `cargo bench -p caseexport-benches --bench patch`:

    python3 benches/report.py [TARGET_DIR]

Reads TARGET_DIR/criterion/<group>/<bench>[/<input>]/new/{estimates,benchmark}.json
(TARGET_DIR defaults to $CARGO_TARGET_DIR or ./target) and prints, per group,
the median time, the throughput, and each row's ratio to caseexport's row.
"""
import json
import os
import sys
from pathlib import Path

target = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CARGO_TARGET_DIR", "target"))
root = target / "criterion"
if not root.is_dir():
    sys.exit(f"no criterion results under {root}: run `cargo bench -p caseexport-benches --bench patch` first")


def num(v: float) -> str:
    """Three significant digits, never in exponent form (1020, not 1.02e+03)."""
    return f"{v:.0f}" if v >= 100 else f"{v:.3g}"


def fmt_time(ns: float) -> str:
    for unit, scale in (("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{num(ns / scale)} {unit}"
    return f"{num(ns)} ns"


def fmt_rate(bytes_per_s: float) -> str:
    for unit, scale in (("GiB/s", 2**30), ("MiB/s", 2**20)):
        if bytes_per_s >= scale:
            return f"{num(bytes_per_s / scale)} {unit}"
    return f"{num(bytes_per_s / 2**10)} KiB/s"


rows = {}
for bench in sorted(root.rglob("new/benchmark.json")):
    meta = json.loads(bench.read_text())
    est = json.loads((bench.parent / "estimates.json").read_text())
    median = est["median"]["point_estimate"]
    size = (meta.get("throughput") or {}).get("Bytes")
    group = meta["group_id"]
    function = meta.get("function_id") or ""
    value = meta.get("value_str") or ""
    rows.setdefault((group, value), []).append((function, median, size))

for (group, value), items in sorted(rows.items()):
    ours = next((m for f, m, _ in items if f.startswith("caseexport")), None)
    title = f"{group}" + (f" / {value}" if value else "")
    print(f"\n#### {title}\n")
    print("| implementation | median | throughput | time ÷ caseexport's |")
    print("|---|---:|---:|---:|")
    for function, median, size in sorted(items, key=lambda r: r[1]):
        rate = fmt_rate(size / (median * 1e-9)) if size else ""
        ratio = f"{median / ours:.2f}×" if ours else ""
        print(f"| `{function}` | {fmt_time(median)} | {rate} | {ratio} |")
