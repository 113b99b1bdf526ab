"""Every ```python block of the package README (bindings/python/README.md)
and of the repository README (README.md, when it has any) runs as a test, so
the documentation cannot rot. Blocks of one file run in order in one
namespace, like a session."""

from __future__ import annotations

import doctest
import re

import pytest

import caseexport
from conftest import REPO

READMES = [REPO / "bindings" / "python" / "README.md", REPO / "README.md"]
FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)


def python_blocks() -> list[tuple[str, int, str]]:
    """(file, line, code) of every python block, in file order."""
    out = []
    for path in READMES:
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        for m in FENCE.finditer(text):
            line = text.count("\n", 0, m.start()) + 2
            out.append((str(path.relative_to(REPO)), line, m.group(1)))
    return out


BLOCKS = python_blocks()


def test_the_package_readme_has_examples() -> None:
    assert any(source == "bindings/python/README.md" for source, _, _ in BLOCKS)


@pytest.mark.parametrize("readme", sorted({s for s, _, _ in BLOCKS}))
def test_readme_python_blocks_run(readme: str) -> None:
    namespace: dict[str, object] = {"__name__": "__readme__"}
    for source, line, code in BLOCKS:
        if source != readme:
            continue
        # Pad so that tracebacks point at the README's own line numbers.
        compiled = compile("\n" * (line - 1) + code, source, "exec")
        exec(compiled, namespace)


def test_docstring_examples_run() -> None:
    result = doctest.testmod(caseexport, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
