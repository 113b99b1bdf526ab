"""The Python API: types a Python user expects (aware datetimes, enum members,
nested objects), the tri-state, errors, Patch, pickling, ==, repr redaction,
and the HTTP helpers."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
from typing import Any

import pytest

import caseexport
from caseexport import _native
from caseexport import (
    CaseAction,
    CaseExportError,
    CaseExportOperation,
    CaseOperationStatus,
    ErrorDetail,
    ExportFileStructure,
    ExportOptions,
    FieldState,
    GraphError,
    GraphErrorDetail,
    Identity,
    IdentitySet,
    ParseError,
    Patch,
    Request,
    RequestError,
    ResultInfo,
    ValidationError,
    diff,
    operation_url,
    read_response,
)

# The type name the `op` fixture's document gives (the seed's alias), kept
# and written back.
ALIAS = "#microsoft.graph.ediscovery.caseExportOperation"

SECRET = "sv=2023-01-03&sig=VERYSECRET"
DOC = json.dumps(
    {
        "@odata.type": "#microsoft.graph.ediscovery.caseExportOperation",
        "@odata.etag": 'W/"3"',
        "id": "op1",
        "createdDateTime": "2024-03-01T10:20:30.1234567+05:30",
        "completedDateTime": None,
        "percentProgress": 40,
        "status": "running",
        "action": "contentExport",
        "createdBy": {
            "@odata.type": "#microsoft.graph.identitySet",
            "user": {"id": "u1", "displayName": "Megan", "mail": "megan@example.com"},
            "application": None,
            "ring": 7,
        },
        "resultInfo": {"code": 0, "message": "ok"},
        "outputName": "Export 1",
        "description": None,
        "azureBlobContainer": "https://x.blob.core.windows.net/c",
        "azureBlobToken": SECRET,
        "exportOptions": "text, originalFiles",
        "exportStructure": "directory",
        "colour": {"r": 1, "g": [2.5, True, None]},
    }
)


@pytest.fixture
def op() -> CaseExportOperation:
    return CaseExportOperation.from_json(DOC)


# --- attributes -------------------------------------------------------------


def test_scalar_attributes(op: CaseExportOperation) -> None:
    assert op.id == "op1"
    assert op.percent_progress == 40
    assert op.output_name == "Export 1"
    assert op.description is None
    assert op.output_folder_id is None
    assert op.azure_blob_container == "https://x.blob.core.windows.net/c"
    assert op.azure_blob_token == SECRET
    assert op.etag == 'W/"3"'
    assert op.annotations == {"@odata.etag": 'W/"3"'}
    assert op.unknown == {"colour": {"r": 1, "g": [2.5, True, None]}}


def test_datetime_is_aware_and_exact_value_is_kept(op: CaseExportOperation) -> None:
    t = op.created_date_time
    assert isinstance(t, dt.datetime)
    assert t.utcoffset() == dt.timedelta(hours=5, minutes=30)
    assert t == dt.datetime(2024, 3, 1, 4, 50, 30, 123456, tzinfo=dt.timezone.utc)
    # datetime shows microseconds; the 7th digit survives in the object.
    assert '"createdDateTime":"2024-03-01T10:20:30.1234567+05:30"' in op.to_json()
    assert op.completed_date_time is None
    nanos = CaseExportOperation.from_json('{"createdDateTime":"2024-03-01T10:20:30.123456789Z"}')
    assert nanos.to_dict()["createdDateTime"] == "2024-03-01T10:20:30.123456789Z"
    assert nanos.created_date_time.microsecond == 123456


def test_year_zero_is_kept_but_not_a_datetime() -> None:
    op = CaseExportOperation.from_json('{"createdDateTime":"0000-01-01T00:00:00Z"}')
    assert op.to_dict()["createdDateTime"] == "0000-01-01T00:00:00Z"
    with pytest.raises(ValueError):
        op.created_date_time


def test_enums_are_members_with_wire_values(op: CaseExportOperation) -> None:
    assert op.status is CaseOperationStatus.RUNNING
    assert op.action is CaseAction.CONTENT_EXPORT
    assert op.export_structure is ExportFileStructure.DIRECTORY
    assert op.export_options == ExportOptions.ORIGINAL_FILES | ExportOptions.TEXT
    assert op.export_options.wire == "originalFiles,text"
    assert CaseOperationStatus.PARTIALLY_SUCCEEDED.value == "partiallySucceeded"
    assert ExportOptions.ORIGINAL_FILES.value == 1
    # str-valued: members equal their wire names, and print as them.
    assert op.status == "running" and str(op.status) == "running" and f"{op.action}" == "contentExport"


def test_every_enum_member_round_trips_through_the_core() -> None:
    for cls, prop in (
        (CaseOperationStatus, "status"),
        (CaseAction, "action"),
        (ExportFileStructure, "exportStructure"),
    ):
        for member in cls:
            op = CaseExportOperation.from_json(json.dumps({prop: member.value}))
            got = getattr(op, {"exportStructure": "export_structure"}.get(prop, prop))
            assert got is member
    for flag in ExportOptions:
        op = CaseExportOperation.from_json(json.dumps({"exportOptions": flag.wire}))
        assert op.export_options is flag


def test_unknown_members_stay_readable_as_wire_strings() -> None:
    op = CaseExportOperation.from_json(
        '{"status":"paused","action":"applyTags","exportStructure":"zip",'
        '"exportOptions":"text,newThing"}'
    )
    assert op.status == "paused" and type(op.status) is str
    assert op.action == "applyTags" and type(op.action) is str
    assert op.export_structure == "zip"
    assert op.export_options == "text,newThing"
    assert op.to_dict()["exportOptions"] == "text,newThing"
    with pytest.raises(ValidationError) as e:
        CaseExportOperation.from_json('{"action":"applyTags"}', strict=True)
    assert [(d.path, d.code) for d in e.value.errors] == [("/action", "invalidEnumMember")]


def test_export_options_wire_helpers() -> None:
    assert ExportOptions.from_wire("tags, text,text") == ExportOptions.TEXT | ExportOptions.TAGS
    assert (ExportOptions.TAGS | ExportOptions.PDF_REPLACEMENT).wire == "pdfReplacement,tags"
    with pytest.raises(ValueError):
        ExportOptions.from_wire("text,")
    with pytest.raises(ValueError):
        ExportOptions.from_wire("text,newThing")


def test_nested_objects_have_attributes(op: CaseExportOperation) -> None:
    by = op.created_by
    assert isinstance(by, IdentitySet)
    assert isinstance(by.user, Identity)
    assert by.user.id == "u1" and by.user.display_name == "Megan"
    assert by.user.extra == {"mail": "megan@example.com"}
    assert by.application is None and by.device is None
    assert by.state("application") is FieldState.NULL
    assert by.state("device") is FieldState.ABSENT
    assert by.state("user") is FieldState.VALUE
    assert by.extra == {"ring": 7}
    assert by.annotations == {"@odata.type": "#microsoft.graph.identitySet"}
    assert by.to_dict() == json.loads(DOC)["createdBy"]
    ri = op.result_info
    assert isinstance(ri, ResultInfo)
    assert (ri.code, ri.message, ri.subcode) == (0, "ok", None)
    assert ri.state("subcode") is FieldState.ABSENT
    assert ri.to_json() == '{"code":0,"message":"ok"}'
    assert by.user.to_json() == '{"id":"u1","displayName":"Megan","mail":"megan@example.com"}'


# --- tri-state --------------------------------------------------------------


def test_tri_state_is_visible(op: CaseExportOperation) -> None:
    assert op.state("description") is FieldState.NULL
    assert op.state("outputFolderId") is FieldState.ABSENT  # wire names work too
    assert op.state("output_folder_id") is FieldState.ABSENT
    assert op.state("output_name") is FieldState.VALUE
    assert op.state("id") is FieldState.VALUE
    assert op.is_null("description") and not op.is_absent("description")
    assert op.is_absent("output_folder_id") and not op.is_null("output_folder_id")
    assert op.is_null("completed_date_time")
    with pytest.raises(ValueError):
        op.state("colour")
    # Written back as it was read: null stays null, absent stays absent.
    d = op.to_dict()
    assert d["description"] is None and "outputFolderId" not in d


def test_every_property_reports_its_state() -> None:
    names = {
        "id": "x",
        "created_date_time": "2024-01-01T00:00:00Z",
        "completed_date_time": "2024-01-01T00:00:00Z",
        "percent_progress": 1,
        "status": "running",
        "action": "tag",
        "created_by": {},
        "result_info": {},
        "output_name": "a",
        "description": "b",
        "output_folder_id": "c",
        "azure_blob_container": "d",
        "azure_blob_token": "e",
        "export_options": "text",
        "export_structure": "pst",
    }
    wire = {k: "".join(p.capitalize() if i else p for i, p in enumerate(k.split("_"))) for k in names}
    empty = CaseExportOperation.from_json("{}")
    full = CaseExportOperation.from_dict({wire[k]: v for k, v in names.items()})
    nulls = CaseExportOperation.from_dict({wire[k]: None for k in names if k != "id"})
    for name in names:
        assert empty.state(name) is FieldState.ABSENT, name
        assert full.state(name) is FieldState.VALUE, name
        assert getattr(full, name) is not None, name
        if name != "id":
            assert nulls.state(name) is FieldState.NULL, name
            assert getattr(nulls, name) is None, name


# --- reading ----------------------------------------------------------------


def test_inputs_str_bytes_bytearray_dict_give_the_same_object() -> None:
    a = CaseExportOperation.from_json(DOC)
    assert CaseExportOperation.from_json(DOC.encode()) == a
    assert CaseExportOperation.from_json(bytearray(DOC.encode())) == a
    assert CaseExportOperation.from_json(json.loads(DOC)) == a
    assert CaseExportOperation.from_dict(json.loads(DOC)) == a
    with pytest.raises(TypeError):
        CaseExportOperation.from_json(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        CaseExportOperation.from_dict(DOC)  # type: ignore[arg-type]


def test_from_dict_accepts_python_values_where_wire_strings_go() -> None:
    when = dt.datetime(2024, 3, 1, 9, 30, 0, 120000, tzinfo=dt.timezone(dt.timedelta(hours=-3)))
    op = CaseExportOperation.from_dict(
        {
            "status": CaseOperationStatus.FAILED,
            "exportOptions": ExportOptions.TAGS | ExportOptions.ORIGINAL_FILES,
            "createdDateTime": when,
            "colour": (1, 2),
        },
        strict=False,
    )
    assert op.to_dict() == {
        "@odata.type": "#microsoft.graph.caseExportOperation",
        "createdDateTime": "2024-03-01T09:30:00.12-03:00",
        "status": "failed",
        "exportOptions": "originalFiles,tags",
        "colour": [1, 2],
    }
    assert op.created_date_time == when
    # A naive datetime has no offset: the core rejects it at its path.
    with pytest.raises(ValidationError) as e:
        CaseExportOperation.from_dict({"createdDateTime": dt.datetime(2024, 1, 1)})
    assert [(d.path, d.code) for d in e.value.errors] == [("/createdDateTime", "invalidDateTime")]


def test_values_that_are_not_json() -> None:
    with pytest.raises(TypeError):
        CaseExportOperation.from_dict({"x": object()})
    with pytest.raises(TypeError):
        CaseExportOperation.from_dict({1: "x"})  # type: ignore[dict-item]
    for bad in ({"x": float("nan")}, {"x": float("inf")}, {"outputName": "\ud800"}):
        with pytest.raises(ParseError) as e:
            CaseExportOperation.from_dict(bad)
        assert [(d.path, d.code) for d in e.value.errors] == [("", "invalidJson")]
    cyclic: dict = {}
    cyclic["a"] = cyclic
    with pytest.raises(ParseError) as e:
        CaseExportOperation.from_dict({"x": cyclic})
    assert [d.code for d in e.value.errors] == ["limitExceeded"]
    assert e.value.errors[0].path == "/x" + "/a" * 63


def test_huge_integers_are_judged_by_the_core() -> None:
    with pytest.raises(ValidationError) as e:
        CaseExportOperation.from_dict({"percentProgress": 10**30})
    assert [(d.path, d.code) for d in e.value.errors] == [("/percentProgress", "outOfRange")]
    op = CaseExportOperation.from_dict({"big": 2**64 - 1, "neg": -(2**63)})
    assert op.unknown == {"big": 2**64 - 1, "neg": -(2**63)}


def test_invalid_utf8_and_lone_surrogates_are_invalid_json() -> None:
    for bad in (b'{"outputName":"\xff"}', b"\xc3", '{"outputName":"\ud800"}'):
        with pytest.raises(ParseError) as e:
            CaseExportOperation.from_json(bad)
        assert [(d.path, d.code) for d in e.value.errors] == [("", "invalidJson")]


def test_limits_are_keyword_options() -> None:
    with pytest.raises(ParseError) as e:
        CaseExportOperation.from_json('{"description":"far too long"}', max_size=16)
    assert e.value.errors[0].code == "limitExceeded"
    with pytest.raises(ParseError):
        CaseExportOperation.from_json('{"a":{"b":{}}}', max_depth=2)
    with pytest.raises(ValidationError) as e:
        CaseExportOperation.from_json('{"percentProgress":"x","status":1,"action":2}', max_errors=2)
    assert len(e.value.errors) == 2 and e.value.truncated


# --- errors -----------------------------------------------------------------


def test_errors_carry_every_problem() -> None:
    with pytest.raises(ValidationError) as e:
        CaseExportOperation.from_json(
            '{"percentProgress": 101, "colour": "red", "createdBy": {"user": {"id": 5}}}',
            strict=True,
        )
    err = e.value
    assert isinstance(err, ValueError) and isinstance(err, CaseExportError)
    assert [(d.path, d.code) for d in err.errors] == [
        ("/percentProgress", "outOfRange"),
        ("/colour", "unknownProperty"),
        ("/createdBy/user/id", "invalidType"),
    ]
    assert all(isinstance(d, ErrorDetail) and d.message for d in err.errors)
    assert str(err).startswith("/percentProgress outOfRange ")
    body = json.loads(err.to_graph_error_body())
    assert body["error"]["code"] == "BadRequest"
    assert [d["target"] for d in body["error"]["details"]] == [
        "percentProgress",
        "colour",
        "createdBy/user/id",
    ]


def test_parse_error_and_validation_error_are_distinct() -> None:
    with pytest.raises(ParseError) as p:
        CaseExportOperation.from_json("{")
    assert not isinstance(p.value, ValidationError)
    assert isinstance(p.value, ValueError)
    with pytest.raises(ParseError) as d:
        CaseExportOperation.from_json('{"id":"a","id":"b"}')
    assert [(x.path, x.code) for x in d.value.errors] == [("/id", "duplicateProperty")]
    with pytest.raises(ValidationError):
        CaseExportOperation.from_json("[]")


def test_error_messages_never_contain_the_token() -> None:
    with pytest.raises(ValidationError) as e:
        CaseExportOperation.from_json(json.dumps({"azureBlobToken": 5, "x": SECRET}), strict=True)
    assert SECRET not in str(e.value)
    assert all(SECRET not in d.message for d in e.value.errors)
    with pytest.raises(ValidationError) as e:
        CaseExportOperation.from_json('{"azureBlobToken": ["' + SECRET + '"]}')
    assert SECRET not in repr(e.value.errors) and SECRET not in str(e.value)


def test_exceptions_pickle_with_their_details() -> None:
    with pytest.raises(ValidationError) as e:
        CaseExportOperation.from_json('{"percentProgress": -1}')
    back = pickle.loads(pickle.dumps(e.value))
    assert type(back) is ValidationError
    assert back.errors == e.value.errors
    assert back.to_graph_error_body() == e.value.to_graph_error_body()
    assert str(back) == str(e.value)


# --- apply ------------------------------------------------------------------


def test_apply_patch_returns_a_new_object(op: CaseExportOperation) -> None:
    before = op.to_json()
    updated = op.apply_patch('{"percentProgress": 100, "status": "succeeded", "outputName": null}')
    assert op.to_json() == before
    assert updated.percent_progress == 100 and updated.status is CaseOperationStatus.SUCCEEDED
    assert updated.output_name is None and updated.is_null("output_name")
    assert updated.id == "op1" and updated.etag == op.etag


def test_apply_patch_accepts_every_input_kind(op: CaseExportOperation) -> None:
    body = {"description": "nightly", "createdBy": {"user": {"displayName": "Megan B"}}}
    want = op.apply_patch(json.dumps(body)).to_json()
    assert op.apply_patch(json.dumps(body).encode()).to_json() == want
    assert op.apply_patch(body).to_json() == want
    assert op.apply_patch(Patch.from_dict(body)).to_json() == want
    assert op.apply_patch(Patch(description="nightly", created_by={"user": {"displayName": "Megan B"}})).to_json() == want
    assert op.apply_patch(body).created_by.user.extra == {"mail": "megan@example.com"}


PATCHES = [
    {"percentProgress": 100, "status": "succeeded", "completedDateTime": "2024-05-01T10:02:11.0000001Z"},
    {"createdBy": {"user": {"displayName": "Megan B", "mail": None}, "device": {"id": "d1"}}},
    {"createdBy": None, "resultInfo": {"message": None, "subcode": 3}, "description": "d"},
    {"colour": {"g": None, "b": 4}, "shape": 3, "azureBlobToken": None},
    {"id": "op1", "exportOptions": "tags", "exportStructure": None},
    {},
]


@pytest.mark.parametrize("body", PATCHES)
def test_patched_objects_behave_like_read_ones(op: CaseExportOperation, body: dict) -> None:
    """Small results of apply_patch are written from the base and the patch
    without being built (the core's Patched); everything else builds them.
    Both must agree with an operation read from the same JSON, and with the
    eager path taken for large inputs."""
    patched = op.apply_patch(body, strict=False)
    text = patched.to_json()  # first use: written lazily
    again = CaseExportOperation.from_json(text)
    assert patched == again and again == patched  # builds the value
    assert patched.to_json() == text  # now written from the built value
    assert pickle.loads(pickle.dumps(op.apply_patch(body, strict=False))) == again
    assert repr(patched) == repr(again)
    for name in ("percent_progress", "status", "created_by", "result_info", "description",
                 "azure_blob_token", "export_options", "export_structure", "unknown", "etag"):
        assert getattr(patched, name) == getattr(again, name), name
        if name not in ("unknown", "etag"):
            assert patched.state(name) == again.state(name), name
    # The fixture names the alias type: diff writes the base's name back.
    assert diff(again, patched) == diff(patched, again) == {"@odata.type": ALIAS}
    # The same patch through the eager path (inputs too large to apply lazily).
    big = "x" * _native.DETACH_THRESHOLD
    eager = CaseExportOperation.from_json(DOC.replace('"Export 1"', json.dumps(big))).apply_patch(body, strict=False)
    assert eager.to_json() == text.replace('"Export 1"', json.dumps(big))


def test_writing_reuses_no_stale_bytes() -> None:
    # to_json/to_bytes write small objects into a per-thread buffer that is
    # reused; to_dict and pickling write into fresh ones. Interleave sizes.
    small = CaseExportOperation.from_json('{"id":"a"}')
    big = CaseExportOperation.from_json(json.dumps({"id": "b", "description": "x" * 20_000}))
    huge = CaseExportOperation.from_json(json.dumps({"id": "c", "description": "y" * 100_000}))
    objs = [big, small, big.apply_patch({"outputName": "o"}), small, huge, small, big]
    for o in objs + objs[::-1]:
        text = o.to_json()
        assert json.loads(text) == o.to_dict()
        assert o.to_bytes() == text.encode()
        assert CaseExportOperation.from_json(text) == o


def test_long_chains_of_patches_do_not_nest() -> None:
    # Each result builds its base's value before applying, so no chain of
    # lazily patched objects forms (which would recurse on use and on drop).
    # (`Patch` objects: they add no input bytes, so no size threshold cuts the chain.)
    op = CaseExportOperation.from_json('{"id":"op1","percentProgress":0}')
    patches = [Patch(percent_progress=i) for i in range(101)]
    for i in range(50_000):
        op = op.apply_patch(patches[i % 101])
    assert op.to_json().endswith('"percentProgress":' + str(49_999 % 101) + "}")
    assert op.percent_progress == 49_999 % 101
    del op


def test_apply_is_all_or_nothing_and_strict_by_default(op: CaseExportOperation) -> None:
    with pytest.raises(ValidationError) as e:
        op.apply_patch({"outputName": "new", "colour": None, "id": "other"})
    assert {(d.path, d.code) for d in e.value.errors} == {
        ("/colour", "unknownProperty"),
        ("/id", "readOnlyProperty"),
    }
    lenient = op.apply_patch({"colour": None, "shape": {"sides": 3}}, strict=False)
    assert lenient.unknown == {"shape": {"sides": 3}}
    with pytest.raises(ValidationError) as e:
        op.apply_patch("[1]")
    assert [(d.path, d.code) for d in e.value.errors] == [("", "invalidPatch")]


# --- Patch and diff ---------------------------------------------------------


def test_patch_keyword_form() -> None:
    p = Patch(
        output_name="export-2024",
        description=None,
        export_options=ExportOptions.ORIGINAL_FILES | ExportOptions.TEXT,
        percent_progress=5,
        status=CaseOperationStatus.RUNNING,
        completed_date_time=dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.timezone.utc),
    )
    assert p.to_json() == (
        '{"@odata.type":"#microsoft.graph.caseExportOperation","completedDateTime":"2024-05-01T08:00:00Z",'
        '"percentProgress":5,"status":"running","outputName":"export-2024","description":null,'
        '"exportOptions":"originalFiles,text"}'
    )
    assert p.to_bytes() == p.to_json().encode()
    assert p.with_odata_type(False).to_dict() == {
        "completedDateTime": "2024-05-01T08:00:00Z",
        "percentProgress": 5,
        "status": "running",
        "outputName": "export-2024",
        "description": None,
        "exportOptions": "originalFiles,text",
    }
    assert p.properties.state("description") is FieldState.NULL
    assert p.properties.state("action") is FieldState.ABSENT
    assert Patch().is_empty() and not Patch(description=None).is_empty()
    assert Patch(output_name="a") == Patch.from_json('{"outputName":"a"}')
    assert Patch(output_name="a") != Patch(output_name="b")


def test_patch_keywords_are_validated_by_the_core() -> None:
    with pytest.raises(TypeError):
        Patch(outputName="x")  # wire names are not keywords
    with pytest.raises(TypeError):
        Patch(colour="red")
    with pytest.raises(ValidationError) as e:
        Patch(percent_progress=101, status="paused", export_options=ExportOptions(0))
    assert [(d.path, d.code) for d in e.value.errors] == [
        ("/percentProgress", "outOfRange"),
        ("/status", "invalidEnumMember"),
        ("/exportOptions", "invalidEnumMember"),
    ]


def test_patch_keywords_report_what_the_same_body_reports() -> None:
    # Every keyword's errors, in keyword order, exactly as the body holding the
    # same values (read by Patch.from_dict) reports them.
    naive = dt.datetime(2024, 5, 1, 8, 0)
    keywords: dict[str, Any] = {
        "id": None,
        "created_date_time": naive,
        "completed_date_time": "2024-02-30T00:00:00Z",
        "percent_progress": True,
        "status": 3,
        "action": CaseAction.TAG,
        "created_by": {"user": {"id": 1, "displayName": []}, "app": "x"},
        "result_info": {"code": 2**70, "message": 1.5},
        "output_name": ["a"],
        "description": 2**63,
        "output_folder_id": 7.5,
        "azure_blob_container": {"x": 1},
        "azure_blob_token": "",
        "export_options": "text,newThing",
        "export_structure": ExportFileStructure.UNKNOWN_FUTURE_VALUE,
    }
    wire_of = dict(dict(_native._declared_properties())["caseExportOperation"])
    assert list(wire_of) == list(keywords), "the test covers every property, in order"
    wire = {wire_of[k]: v for k, v in keywords.items()}
    with pytest.raises(ValidationError) as by_keyword:
        Patch(**keywords)
    with pytest.raises(ValidationError) as by_body:
        Patch.from_dict(wire)
    got = [(d.path, d.code, d.message) for d in by_keyword.value.errors]
    assert got == [(d.path, d.code, d.message) for d in by_body.value.errors]
    assert [p for p, _, _ in got][:3] == ["/id", "/createdDateTime", "/completedDateTime"]
    assert len(got) == 15, got


def test_patch_accepts_nested_model_objects(op: CaseExportOperation) -> None:
    p = Patch(created_by=op.created_by, result_info=op.result_info)
    # A patch body carries no annotations (the nested @odata.type is checked, then dropped).
    want = {k: v for k, v in json.loads(DOC)["createdBy"].items() if k != "@odata.type"}
    assert p.to_dict()["createdBy"] == want
    assert p.to_dict()["resultInfo"] == {"code": 0, "message": "ok"}


def test_diff_is_minimal_and_member_by_member(op: CaseExportOperation) -> None:
    target = op.apply_patch(
        {"createdBy": {"user": {"displayName": "Megan Bowen"}}, "outputName": None, "percentProgress": 41}
    )
    assert diff(op, target) == {
        "@odata.type": ALIAS,
        "percentProgress": 41,
        "createdBy": {"user": {"displayName": "Megan Bowen"}},
        "outputName": None,
    }
    assert diff(op, target, odata_type=False)["percentProgress"] == 41
    assert "@odata.type" not in diff(op, target, odata_type=False)
    assert op.apply_patch(diff(op, target)).equivalent(target)
    assert Patch.diff(op, target).to_dict() == diff(op, target)
    assert diff(op, op) == {"@odata.type": ALIAS}


def test_diff_errors() -> None:
    a = CaseExportOperation.from_json('{"id":"a"}')
    b = CaseExportOperation.from_json('{"id":"b","x":{"y":null}}')
    with pytest.raises(ValidationError) as e:
        diff(a, b)
    assert {(d.path, d.code) for d in e.value.errors} == {
        ("/id", "readOnlyProperty"),
        ("/x/y", "unrepresentable"),
    }


# --- equality, pickling, repr -----------------------------------------------


def test_equality(op: CaseExportOperation) -> None:
    assert op == CaseExportOperation.from_json(DOC)
    assert op != op.apply_patch({"outputName": "other"})
    # Exact: absent differs from null; semantic equivalence does not care.
    absent = CaseExportOperation.from_json("{}")
    null = CaseExportOperation.from_json('{"outputName":null}')
    assert absent != null and absent.equivalent(null)
    # Unknown members compare as JSON (order does not matter).
    assert CaseExportOperation.from_json('{"a":1,"b":2}') == CaseExportOperation.from_json('{"b":2,"a":1}')
    assert op != "op1" and not (op == 1)
    with pytest.raises(TypeError):
        hash(op)


def test_pickle_and_copy_round_trip_exactly(op: CaseExportOperation) -> None:
    for proto in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(op, protocol=proto))
        assert back == op and back.to_json() == op.to_json()
    assert copy.copy(op) == op and copy.deepcopy(op) == op
    for nested in (op.created_by, op.created_by.user, op.result_info):
        assert pickle.loads(pickle.dumps(nested)) == nested
    p = Patch(description=None).with_odata_type(False)
    assert pickle.loads(pickle.dumps(p)) == p
    assert pickle.loads(pickle.dumps(p)).to_json() == '{"description":null}'
    deep = CaseExportOperation.from_json('{"x":' + "[" * 100 + "]" * 100 + "}", max_depth=127)
    assert pickle.loads(pickle.dumps(deep)) == deep
    detail = ErrorDetail("/a", "invalidType", "m")
    assert pickle.loads(pickle.dumps(detail)) == detail


def test_repr_never_shows_the_sas_token(op: CaseExportOperation) -> None:
    text = repr(op)
    assert SECRET not in text and "azure_blob_token='***'" in text
    assert text.startswith("CaseExportOperation(id='op1', created_date_time='2024-03-01T10:20:30.1234567+05:30'")
    assert "description=None" in text and "output_folder_id" not in text
    assert SECRET not in repr(Patch(azure_blob_token=SECRET))
    assert SECRET not in str(op) and SECRET not in repr([op])
    assert repr(op.created_by.user) == "Identity(id='u1', display_name='Megan', extra={'mail': 'megan@example.com'})"


# --- HTTP -------------------------------------------------------------------

URL = operation_url("case 1", "op/1")


def test_operation_url_encodes_ids() -> None:
    assert URL == "https://graph.microsoft.com/beta/compliance/ediscovery/cases/case%201/operations/op%2F1"


def test_request(op: CaseExportOperation) -> None:
    req = Request(URL, "eyJ0eXAi.TOKEN", Patch(description="nightly"), if_match=op.etag)
    assert req.method == "PATCH" and req.url == URL
    body = b'{"@odata.type":"#microsoft.graph.caseExportOperation","description":"nightly"}'
    assert req.body == body
    assert req.headers == {
        "Host": "graph.microsoft.com",
        "Authorization": "Bearer eyJ0eXAi.TOKEN",
        "Content-Type": "application/json",
        "Content-Length": str(len(body)),
        "If-Match": 'W/"3"',
    }
    text = req.to_http1()
    assert text.startswith(b"PATCH " + URL.encode() + b" HTTP/1.1\r\n")
    assert b"Authorization: Bearer ***\r\n" in text and b"TOKEN" not in text
    assert text.endswith(b"\r\n\r\n" + body)
    assert b"Authorization: Bearer eyJ0eXAi.TOKEN\r\n" in req.to_http1(reveal_token=True)
    assert "TOKEN" not in repr(req) and "Bearer ***" in repr(req)
    # A patch that carries the SAS token: the token is in the body, never in repr.
    req = Request(URL, "t", {"azureBlobToken": SECRET})
    assert SECRET.encode() in req.body and SECRET not in repr(req)
    assert Request(URL, "t", '{"outputName":"x"}').body == Patch(output_name="x").to_bytes()
    # The live service's evolvable enums: ask for the members after the sentinel.
    prefer = Request(URL, "t", Patch(), include_unknown_enum_members=True)
    assert prefer.headers["Prefer"] == "include-unknown-enum-members"
    assert b"\r\nPrefer: include-unknown-enum-members\r\n" in prefer.to_http1()
    assert "Prefer" not in Request(URL, "t", Patch()).headers


def test_request_errors_never_show_the_token() -> None:
    with pytest.raises(RequestError) as e:
        Request(URL, "abc\r\nX-Evil: 1", Patch())
    assert "Evil" not in str(e.value) and isinstance(e.value, ValueError)
    with pytest.raises(RequestError):
        Request("ftp://x", "t", Patch())
    with pytest.raises(RequestError):
        Request(URL, "t", Patch(), if_match="a\nb")
    with pytest.raises(ValidationError):
        Request(URL, "t", {"colour": "red"})
    assert Request(URL, "t", {"colour": "red"}, strict=False).body.endswith(b'"colour":"red"}')


def test_read_response_ok_and_no_content(op: CaseExportOperation) -> None:
    updated = read_response(200, {"Content-Type": "application/json"}, op.to_bytes())
    assert updated == op
    assert read_response(200, [], op.to_json()) == op
    assert read_response(204, {}, b"") is None
    assert read_response(200, {}, b"  ") is None
    with pytest.raises(ParseError):
        read_response(200, {}, b"{")


def test_read_response_graph_error() -> None:
    body = json.dumps(
        {
            "error": {
                "code": "TooManyRequests",
                "message": "Slow down",
                "details": [{"code": "throttled", "target": "operations", "message": "m"}],
                "innerError": {"request-id": "r-1", "date": "2024-01-01T00:00:00"},
            }
        }
    ).encode()
    with pytest.raises(GraphError) as e:
        read_response(429, [("Retry-After", "30"), ("client-request-id", "c-1")], body)
    err = e.value
    assert isinstance(err, CaseExportError) and not isinstance(err, ValueError)
    assert (err.status, err.code, err.message) == (429, "TooManyRequests", "Slow down")
    assert (err.request_id, err.client_request_id, err.date) == ("r-1", "c-1", "2024-01-01T00:00:00")
    assert err.retry_after == 30
    assert err.details == [GraphErrorDetail("throttled", "operations", "m")]
    assert str(err) == "HTTP 429 TooManyRequests: Slow down"
    back = pickle.loads(pickle.dumps(err))
    assert (back.status, back.details, back.retry_after) == (429, err.details, 30)
    with pytest.raises(GraphError) as e:
        read_response(503, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT", "request-id": "h"}, b"<html>")
    assert e.value.retry_after == "Wed, 21 Oct 2015 07:28:00 GMT"
    assert (e.value.code, e.value.request_id, e.value.message) == ("ServiceUnavailable", "h", "<html>")
    with pytest.raises(TypeError):
        read_response(500, [1, 2], b"")  # type: ignore[list-item]


def test_public_names() -> None:
    for name in caseexport.__all__:
        assert hasattr(caseexport, name), name
    assert caseexport.__version__ == "0.1.0"
    assert CaseExportOperation.__module__ == "caseexport"
    assert ValidationError.__module__ == "caseexport"
