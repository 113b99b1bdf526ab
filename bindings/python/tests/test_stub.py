"""The stubs (`caseexport/_native.pyi`, the native module's, and
`caseexport/_enums.pyi`, generated from the core) match the installed package:
`mypy.stubtest` compares every name, signature and class, with no allowlist;
and the README's Python examples type-check against the stub."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import caseexport
from test_readme import python_blocks


def run_mypy(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.setdefault("MYPY_CACHE_DIR", tempfile.mkdtemp(prefix="caseexport-mypy-"))
    return subprocess.run(
        [sys.executable, "-m", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),  # import the installed package, not the source tree
    )


def test_stub_matches_the_module() -> None:
    package = Path(caseexport.__file__).parent
    for stub in ("_native.pyi", "_enums.pyi", "py.typed"):
        assert (package / stub).is_file(), f"the wheel must ship {stub}"
    result = run_mypy("mypy.stubtest", "caseexport")
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_examples_type_check_against_the_stub(tmp_path: Path) -> None:
    blocks = python_blocks()
    if not blocks:
        pytest.fail("no README python blocks found")
    files = []
    for i, (source, _, code) in enumerate(blocks):
        f = tmp_path / f"example_{i}.py"
        f.write_text(f"# from {source}\n{code}", encoding="utf-8")
        files.append(str(f))
    result = run_mypy("mypy", "--strict", "--no-error-summary", *files)
    assert result.returncode == 0, result.stdout + result.stderr
