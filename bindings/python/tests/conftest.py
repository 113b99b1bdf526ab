"""Shared fixtures: where the repository's shared test vectors live, and the
hypothesis profile (no deadline: the suite runs against a debug build)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterator

from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[3]
VECTORS = REPO / "tests" / "vectors"

settings.register_profile(
    "default",
    deadline=None,
    max_examples=int(os.environ.get("CASEEXPORT_HYPOTHESIS_EXAMPLES", "200")),
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("default")


def vector_cases() -> Iterator[tuple[str, dict[str, Any]]]:
    """Every case of every `tests/vectors/*.json` file, as (file name, case)."""
    files = sorted(VECTORS.glob("*.json"))
    assert files, f"no vector files under {VECTORS}"
    for path in files:
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            yield path.name, case


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """A visible `SKIP: reason` line for the optional JSONTestSuite corpus
    (absent in a fresh clone), like the C and Rust suites print — pytest alone
    only counts skips unless run with `-rs`."""
    reasons = set()
    for report in terminalreporter.stats.get("skipped", []):
        if "test_jsontestsuite" in report.nodeid and isinstance(report.longrepr, tuple):
            reasons.add(report.longrepr[2].removeprefix("Skipped: "))
    for reason in sorted(reasons):
        terminalreporter.write_line(f"SKIP: {reason}")
