"""Hypothesis properties: the laws of SPEC §4–5 through the Python API —
apply(diff(a, b)) reproduces b, applying a patch twice equals applying it
once, canonical output round-trips exactly — and no input, however broken,
crashes the interpreter or escapes the documented exceptions."""

from __future__ import annotations

import json
import pickle
import string
from typing import Any

from hypothesis import given, strategies as st

from caseexport import CaseExportOperation, ParseError, Patch, ValidationError, diff

# --- documents --------------------------------------------------------------

ABSENT = object()
DECLARED = {
    "id", "createdDateTime", "completedDateTime", "percentProgress", "status", "action",
    "createdBy", "resultInfo", "outputName", "description", "outputFolderId",
    "azureBlobContainer", "azureBlobToken", "exportOptions", "exportStructure",
}
IDENTITY_SET = [
    "application", "applicationInstance", "conversation", "conversationIdentityType",
    "device", "encrypted", "onPremises", "guest", "phone", "user",
]
FLAGS = ["originalFiles", "text", "pdfReplacement", "fileInfo", "tags", "unknownFutureValue"]

texts = st.text(max_size=12)
int32 = st.integers(-(2**31), 2**31 - 1)


@st.composite
def datetimes(draw: st.DrawFn) -> str:
    d = draw(st.dates(min_value=__import__("datetime").date(1, 1, 1)))
    h, m, s = draw(st.integers(0, 23)), draw(st.integers(0, 59)), draw(st.integers(0, 59))
    digits = draw(st.integers(0, 9))
    frac = "." + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=digits, max_size=digits))) if digits else ""
    if draw(st.booleans()):
        off = "Z"
    else:
        off = "{}{:02d}:{:02d}".format(draw(st.sampled_from("+-")), draw(st.integers(0, 23)), draw(st.integers(0, 59)))
    return f"{d.isoformat()}T{h:02d}:{m:02d}:{s:02d}{frac}{off}"


def member_names(reserved: set[str]) -> st.SearchStrategy[str]:
    """Names of extra/unknown members: not declared, not annotations."""
    return st.text(string.ascii_letters + "é/~_", min_size=1, max_size=6).filter(
        lambda n: n not in reserved and "@" not in n
    )


def _json_values(nulls: bool) -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.booleans(),
        st.integers(-(2**63), 2**64 - 1),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=8),
        *([st.none()] if nulls else []),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(st.text(max_size=4), inner, max_size=3),
        ),
        max_leaves=8,
    )


_JSON = {True: _json_values(True), False: _json_values(False)}


def json_values(nulls: bool) -> st.SearchStrategy[Any]:
    """Any JSON value (with or without nulls), built once."""
    return _JSON[nulls]


def tri(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A declared property: absent, null or a value."""
    return st.one_of(st.just(ABSENT), st.none(), values)


def identity(nulls: bool) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda i, n, extra: {k: v for k, v in {"id": i, "displayName": n, **extra}.items() if v is not ABSENT},
        tri(texts),
        tri(texts),
        st.dictionaries(member_names({"id", "displayName"}), json_values(nulls), max_size=2),
    )


def identity_set(nulls: bool) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda members, extra: {**{k: v for k, v in members.items() if v is not ABSENT}, **extra},
        st.fixed_dictionaries({}, optional={m: st.one_of(st.none(), identity(nulls)) for m in IDENTITY_SET}),
        st.dictionaries(member_names(set(IDENTITY_SET)), json_values(nulls), max_size=2),
    )


def result_info() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {}, optional={"code": st.one_of(st.none(), int32), "message": st.one_of(st.none(), texts), "subcode": st.one_of(st.none(), int32)}
    )


def flags() -> st.SearchStrategy[str]:
    known = st.lists(st.sampled_from(FLAGS), min_size=1, max_size=4, unique=True)
    unknown = st.lists(st.sampled_from(["newThing", "other"]), max_size=1)
    return st.builds(lambda k, u: ", ".join(k + u), known, unknown)


def _properties(nulls: bool) -> dict[str, st.SearchStrategy[Any]]:
    return {
        "createdDateTime": datetimes(),
        "completedDateTime": datetimes(),
        "percentProgress": st.integers(0, 100),
        "status": st.sampled_from(["notStarted", "submissionFailed", "running", "succeeded", "partiallySucceeded", "failed", "paused"]),
        "action": st.sampled_from(["contentExport", "tag", "convertToPdf", "index", "search", "addDataToReviewSet", "applyTags"]),
        "createdBy": identity_set(nulls),
        "resultInfo": result_info(),
        "outputName": texts,
        "description": texts,
        "outputFolderId": texts,
        "azureBlobContainer": texts,
        "azureBlobToken": texts,
        "exportOptions": flags(),
        "exportStructure": st.sampled_from(["none", "directory", "pst", "unknownFutureValue", "zip"]),
    }


_PROPERTIES = {nulls: {k: tri(v) for k, v in _properties(nulls).items()} for nulls in (True, False)}
_UNKNOWN = {nulls: st.dictionaries(member_names(DECLARED), json_values(nulls), max_size=3) for nulls in (True, False)}


@st.composite
def documents(draw: st.DrawFn, nulls: bool = True, op_id: Any = ABSENT) -> dict[str, Any]:
    """A valid document (for lenient reading) as a dict."""
    doc: dict[str, Any] = {}
    if draw(st.booleans()):
        doc["@odata.etag"] = draw(texts)
    if op_id is not ABSENT:
        doc["id"] = op_id
    for name, values in _PROPERTIES[nulls].items():
        v = draw(values)
        if v is not ABSENT:
            doc[name] = v
    for k, v in draw(_UNKNOWN[nulls]).items():
        doc[k] = v
    return doc


def read(doc: dict[str, Any]) -> CaseExportOperation:
    return CaseExportOperation.from_json(json.dumps(doc))


# --- laws -------------------------------------------------------------------


@given(st.data())
def test_apply_of_diff_reproduces_the_target(data: st.DataObject) -> None:
    op_id = data.draw(st.one_of(st.just(ABSENT), texts))
    # Targets hold no null inside unknown values: RFC 7396 cannot create one.
    a = read(data.draw(documents(op_id=op_id)))
    b = read(data.draw(documents(nulls=False, op_id=op_id)))
    patch = diff(a, b)
    result = a.apply_patch(patch, strict=False)
    assert result.equivalent(b)
    # The typed form and the dict form are the same patch.
    assert a.apply_patch(Patch.diff(a, b)) == result
    # A second diff is empty: nothing left to change.
    assert diff(result, b) == {"@odata.type": "#microsoft.graph.caseExportOperation"}


@given(documents(), documents())
def test_diff_fails_only_for_what_a_merge_patch_cannot_say(a: dict[str, Any], b: dict[str, Any]) -> None:
    base, target = read(a), read(b)
    try:
        patch = diff(base, target)
    except ValidationError as e:
        codes = {d.code for d in e.errors}
        assert codes <= {"unrepresentable", "readOnlyProperty"}
        if "readOnlyProperty" in codes:
            assert a.get("id") != b.get("id") and "id" in a and "id" in b
        return
    assert base.apply_patch(patch, strict=False).equivalent(target)


@given(documents(), documents())
def test_applying_a_patch_twice_equals_applying_it_once(a: dict[str, Any], p: dict[str, Any]) -> None:
    op = read(a)
    p.pop("@odata.etag", None)
    once = op.apply_patch(p, strict=False)
    twice = once.apply_patch(p, strict=False)
    assert twice == once
    assert twice.to_json() == once.to_json()


@given(documents())
def test_canonical_output_round_trips_exactly(doc: dict[str, Any]) -> None:
    op = read(doc)
    text = op.to_json()
    again = CaseExportOperation.from_json(text)
    assert again == op and again.to_json() == text
    assert op.to_bytes() == text.encode()
    assert op.to_dict() == json.loads(text)
    assert CaseExportOperation.from_dict(op.to_dict()) == op
    assert pickle.loads(pickle.dumps(op)) == op
    if isinstance(doc.get("azureBlobToken"), str):
        # The token never shows: another token gives the very same repr.
        other = read({**doc, "azureBlobToken": doc["azureBlobToken"] + "-other"})
        assert repr(other) == repr(op) and "azure_blob_token='***'" in repr(op)


# --- nothing crashes --------------------------------------------------------

SEED = json.dumps(
    {
        "@odata.etag": 'W/"1"',
        "id": "op1",
        "createdDateTime": "2024-03-01T10:20:30.1234567Z",
        "percentProgress": 40,
        "status": "running",
        "createdBy": {"user": {"id": "u1", "displayName": "Megan"}},
        "resultInfo": {"code": 0},
        "exportOptions": "originalFiles,text",
        "x": [1, {"y": None}],
    }
).encode()


def survives(call: Any) -> None:
    """Either a result or one of the documented errors with details."""
    try:
        call()
    except (ParseError, ValidationError) as e:
        assert e.errors and all(d.path == "" or d.path.startswith("/") for d in e.errors)


@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    base = CaseExportOperation.from_json(SEED)
    survives(lambda: CaseExportOperation.from_json(data))
    survives(lambda: CaseExportOperation.from_json(data, strict=True, max_depth=3))
    survives(lambda: base.apply_patch(data))
    survives(lambda: base.apply_patch(data, strict=False))
    survives(lambda: Patch.from_json(data))


@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes(text: str) -> None:
    # Includes lone surrogates, which no UTF-8 encoder accepts.
    survives(lambda: CaseExportOperation.from_json(text))
    survives(lambda: CaseExportOperation.from_json(SEED).apply_patch(text))


@given(st.data())
def test_mutated_documents_never_crash(data: st.DataObject) -> None:
    raw = bytearray(SEED)
    for _ in range(data.draw(st.integers(1, 6))):
        i = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(["flip", "delete", "insert"]))
        if action == "flip":
            raw[i] = data.draw(st.integers(0, 255))
        elif action == "delete":
            del raw[i]
        else:
            raw.insert(i, data.draw(st.sampled_from(b'{}[],:"\\0-.eE \xff')))
    survives(lambda: CaseExportOperation.from_json(bytes(raw)))
    survives(lambda: CaseExportOperation.from_json(SEED).apply_patch(bytes(raw), strict=False))


@given(json_values(nulls=True) | st.dictionaries(st.sampled_from(sorted(DECLARED)), json_values(nulls=True)))
def test_arbitrary_python_values_never_crash(value: Any) -> None:
    d = value if isinstance(value, dict) else {"x": value}
    survives(lambda: CaseExportOperation.from_dict(d))
    survives(lambda: CaseExportOperation.from_dict(d, strict=True))
    survives(lambda: CaseExportOperation.from_json(SEED).apply_patch(d))


@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(2**63), 2**64 - 1))
def test_numbers_in_unknown_members_round_trip(n: Any) -> None:
    op = CaseExportOperation.from_dict({"n": n})
    got = op.unknown["n"]
    assert got == n and type(got) is type(n)
    assert json.loads(op.to_json())["n"] == n
