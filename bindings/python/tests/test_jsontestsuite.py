"""The JSONTestSuite parsing corpus (optional data beside the repository, in
``<repo>/../shared/data/jsontestsuite/test_parsing``), as
crates/caseexport/tests/jsontestsuite.rs runs it in Rust: every file is read
as bytes by ``CaseExportOperation.from_json`` (lenient and strict),
``Patch.from_json`` and ``apply_patch`` onto an empty operation.

- ``y_*.json`` is JSON: a reading may fail, but only as a ``ValidationError``
  (or a ``ParseError`` such as ``duplicateProperty``), never with
  ``invalidJson``;
- ``n_*.json`` is not JSON: every reading raises ``ParseError`` with
  ``invalidJson`` (or ``limitExceeded`` for nesting and size);
- ``i_*.json`` may go either way;
- whatever the file, nothing but ``ParseError``/``ValidationError`` (with a
  non-empty ``errors``) comes out: no other exception, no crash.

Where the folder is absent the test is skipped with the reason (pytest shows
it in its summary; ``-rs`` prints the reason). ``CASEEXPORT_JSONTESTSUITE=DIR``
points at another ``test_parsing`` folder, e.g. ``/nonexistent`` to see the
skip.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Optional

import pytest

from caseexport import CaseExportOperation, ParseError, Patch, ValidationError

from conftest import REPO

CORPUS = Path(
    os.environ.get(
        "CASEEXPORT_JSONTESTSUITE",
        REPO.parent / "shared" / "data" / "jsontestsuite" / "test_parsing",
    )
)
FILES = sorted(CORPUS.glob("*.json")) if CORPUS.is_dir() else []
SKIP_REASON = (
    f"JSONTestSuite corpus not found at {CORPUS} "
    "(../shared/data beside the repository, or CASEEXPORT_JSONTESTSUITE)"
)

READERS: list[tuple[str, Callable[[bytes], object]]] = [
    ("CaseExportOperation.from_json (lenient)", lambda b: CaseExportOperation.from_json(b)),
    (
        "CaseExportOperation.from_json (strict)",
        lambda b: CaseExportOperation.from_json(b, strict=True),
    ),
    ("Patch.from_json", lambda b: Patch.from_json(b)),
    ("apply_patch", lambda b: CaseExportOperation.from_json(b"{}").apply_patch(b)),
]


def problem(name: str, reader: str, read: Callable[[bytes], object], data: bytes) -> Optional[str]:
    """What is wrong with one reading of one file, or None."""
    try:
        read(data)
    except (ParseError, ValidationError) as e:
        codes = [d.code for d in e.errors]
        if not codes:
            return f"{reader}: {type(e).__name__} without errors"
        if name.startswith("y_") and "invalidJson" in codes:
            return f"{reader}: valid JSON reported as invalidJson: {codes}"
        if name.startswith("n_"):
            if not isinstance(e, ParseError):
                return f"{reader}: invalid JSON raised {type(e).__name__} {codes}, want ParseError"
            if "invalidJson" not in codes and "limitExceeded" not in codes:
                return f"{reader}: invalid JSON not reported as invalidJson: {codes}"
        return None
    except Exception as e:  # anything else is a bug in the reader
        return f"{reader}: raised {type(e).__name__}: {e}"
    if name.startswith("n_"):
        return f"{reader}: invalid JSON accepted"
    return None


@pytest.mark.parametrize("path", FILES or [None], ids=lambda p: p.name if p else "absent")
def test_jsontestsuite_file(path: Optional[Path]) -> None:
    if path is None:
        pytest.skip(SKIP_REASON)
    data = path.read_bytes()
    problems = [
        p for reader, read in READERS if (p := problem(path.name, reader, read, data)) is not None
    ]
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_jsontestsuite_corpus_is_complete() -> None:
    if not FILES:
        pytest.skip(SKIP_REASON)
    # An incomplete corpus would pass too easily.
    assert len(FILES) > 100, f"corpus looks incomplete: {len(FILES)} files in {CORPUS}"
    prefixes = {p.name[:2] for p in FILES}
    assert {"y_", "n_", "i_"} <= prefixes, prefixes
