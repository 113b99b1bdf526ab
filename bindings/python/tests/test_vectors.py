"""The shared vectors (tests/vectors/*.json, the files the Rust and C suites
run): byte-identical canonical output and identical (path, code) error lists (in order),
for every kind of input the package accepts."""

from __future__ import annotations

import json
import math
from typing import Any, Optional, Union

import pytest

from caseexport import (
    CaseExportOperation,
    ExportOperation,
    OperationsPage,
    ParseError,
    Patch,
    ValidationError,
    diff,
)

from conftest import vector_cases

CASES = list(vector_cases())
Outcome = Union[bytes, list]


def errors_of(e: Union[ParseError, ValidationError]) -> list:
    return [(d.path, d.code) for d in e.errors]


def expected(case: dict[str, Any]) -> Outcome:
    if "expected" in case:
        assert "errors" not in case
        return case["expected"].encode("utf-8")
    return [(e["path"], e["code"]) for e in case["errors"]]


def limits(case: dict[str, Any]) -> dict[str, int]:
    return {k: v for k, v in case.get("options", {}).items() if k in ("max_depth", "max_size", "max_errors", "max_error_bytes")}


def convert(text: str, kind: str) -> Any:
    """The case's input text as `bytes` (the UTF-8 bytes, unchanged) or `str`."""
    return text.encode("utf-8") if kind == "bytes" else text


def run_typed(case: dict[str, Any], kind: str) -> bytes:
    """A case with a type selector or a list page, through `ExportOperation`
    and `OperationsPage`."""
    strict = case.get("mode") == "strict"
    if case["op"] == "list":
        return OperationsPage.from_json(
            convert(case["document"], kind),
            strict=strict,
            type=case.get("type", "caseExportOperation"),
            **limits(case),
        ).to_bytes()
    selector = case["type"]
    if case["op"] == "read":
        return ExportOperation.from_json(
            convert(case["document"], kind), strict=strict, type=selector, **limits(case)
        ).to_bytes()
    stored = ExportOperation.from_json(convert(case["document"], kind), type=selector)
    if case["op"] == "apply":
        return stored.apply_patch(convert(case["patch"], kind), strict=strict).to_bytes()
    assert case["op"] == "diff", case["op"]
    target = ExportOperation.from_json(convert(case["target"], kind), type=selector)
    return stored.diff(target, odata_type=case.get("odata_type", True))


def run(case: dict[str, Any], kind: str) -> Outcome:
    strict = case.get("mode") == "strict"
    try:
        if "type" in case or case["op"] == "list":
            return run_typed(case, kind)
        if case["op"] == "read":
            op = CaseExportOperation.from_json(
                convert(case["document"], kind), strict=strict, **limits(case)
            )
            return op.to_bytes()
        stored = CaseExportOperation.from_json(convert(case["document"], kind))
        if case["op"] == "apply":
            return stored.apply_patch(convert(case["patch"], kind), strict=strict).to_bytes()
        assert case["op"] == "diff", case["op"]
        target = CaseExportOperation.from_json(convert(case["target"], kind))
        odata_type = case.get("odata_type", True)
        patch = Patch.diff(stored, target, odata_type=odata_type)
        # caseexport.diff() gives the same patch as a dict.
        assert diff(stored, target, odata_type=odata_type) == json.loads(patch.to_json())
        return patch.to_bytes()
    except (ParseError, ValidationError) as e:
        assert e.errors, "an error without details"
        # ParseError exactly when some detail is a parse-level code.
        parse_codes = {"invalidJson", "duplicateProperty", "limitExceeded"}
        assert isinstance(e, ParseError) == any(d.code in parse_codes for d in e.errors)
        return errors_of(e)


@pytest.mark.parametrize("kind", ["bytes", "str"])
@pytest.mark.parametrize(
    "case", [c for _, c in CASES], ids=[f"{f}:{c['name']}" for f, c in CASES]
)
def test_vector(case: dict[str, Any], kind: str) -> None:
    assert run(case, kind) == expected(case)


def loads_exactly(text: str) -> Optional[Any]:
    """The text as Python objects, or None when a dict could not say the same
    thing: not JSON for `json`, duplicate names (a dict keeps one), numbers a
    float cannot hold, or a top level that is not an object or array."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        if len({k for k, _ in items}) != len(items):
            raise ValueError("duplicate member")
        return dict(items)

    def big_float(s: str) -> float:
        f = float(s)
        if math.isinf(f):
            raise ValueError("out of range")
        return f

    try:
        value = json.loads(text, object_pairs_hook=pairs, parse_float=big_float)
    except ValueError:
        return None
    return value if isinstance(value, (dict, list)) else None


def dict_variant(case: dict[str, Any]) -> Optional[dict[str, Any]]:
    """The case with its JSON inputs as Python objects, when that is faithful."""
    if "options" in case:  # size limits count bytes of the original text
        return None
    if "type" in case or case["op"] == "list":  # the typed API reads text only
        return None
    out = dict(case)
    for key in ("document", "patch", "target"):
        if key in case:
            value = loads_exactly(case[key])
            if value is None:
                return None
            out[key] = value
    return out


DICT_CASES = [(f, c, d) for f, c in CASES if (d := dict_variant(c)) is not None]


def run_objects(case: dict[str, Any]) -> Outcome:
    strict = case.get("mode") == "strict"
    try:
        if case["op"] == "read":
            return CaseExportOperation.from_json(case["document"], strict=strict).to_bytes()
        stored = CaseExportOperation.from_dict(case["document"])
        if case["op"] == "apply":
            return stored.apply_patch(case["patch"], strict=strict).to_bytes()
        target = CaseExportOperation.from_dict(case["target"])
        odata_type = case.get("odata_type", True)
        return Patch.diff(stored, target, odata_type=odata_type).to_bytes()
    except (ParseError, ValidationError) as e:
        return errors_of(e)


@pytest.mark.parametrize(
    "case,objects",
    [(c, d) for _, c, d in DICT_CASES],
    ids=[f"{f}:{c['name']}" for f, c, _ in DICT_CASES],
)
def test_vector_as_python_objects(case: dict[str, Any], objects: dict[str, Any]) -> None:
    """The same vectors with dict/list input: same output, same errors."""
    assert run_objects(objects) == expected(case)


def test_dict_variants_cover_most_vectors() -> None:
    # The objects variant must not silently shrink to nothing.
    assert len(DICT_CASES) >= 0.7 * len(CASES), (len(DICT_CASES), len(CASES))


def test_vector_names_are_unique_and_numerous() -> None:
    names = [c["name"] for _, c in CASES]
    assert len(names) == len(set(names))
    assert len(names) >= 30
