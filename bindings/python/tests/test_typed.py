"""The live service's types from Python: ExportOperation (type from the
document) and OperationsPage. The shared vectors (test_vectors.py) cover
reading, apply and diff byte for byte; these cover the Python surface."""

from __future__ import annotations

import pytest

from caseexport import ExportOperation, ExportPatch, FieldState, OperationsPage, ValidationError

SEC = "#microsoft.graph.security.ediscoveryExportOperation"
DOC = (
    '{"@odata.type": "%s", "id": "op1", "status": "running", "exportStructure": "msg",'
    ' "description": null, "exportFileMetadata": [{"fileName": "a.zip", "size": 5368709120}]}'
) % SEC


def test_type_comes_from_the_document() -> None:
    op = ExportOperation.from_json(DOC, strict=True)
    assert op.operation_type == "security.ediscoveryExportOperation"
    assert op.odata_type == SEC
    assert op.id == "op1"
    assert op.get("export_structure") == "msg"
    assert op.get("exportFileMetadata") == [{"fileName": "a.zip", "size": 5368709120}]
    assert op.get("description") is None
    assert op.state("description") == FieldState.NULL
    assert op.state("output_name") == FieldState.ABSENT
    assert "review_set_query" in op.property_names()
    with pytest.raises(KeyError):
        op.get("colour")
    assert ExportOperation.from_json('{"id": "1"}').operation_type == "caseExportOperation"


def test_only_one_type_is_a_type_mismatch() -> None:
    with pytest.raises(ValidationError) as e:
        ExportOperation.from_json(DOC, type="caseExportOperation")
    assert [(d.path, d.code) for d in e.value.errors] == [("/@odata.type", "typeMismatch")]
    with pytest.raises(ValueError):
        ExportOperation.from_json(DOC, type="nonsense")


def test_apply_and_diff_keep_the_type() -> None:
    op = ExportOperation.from_json(DOC)
    done = op.apply_patch('{"status": "succeeded", "percentProgress": 100}')
    assert done.get("status") == "succeeded"
    assert op.diff(done) == (
        '{"@odata.type":"%s","percentProgress":100,"status":"succeeded"}' % SEC
    ).encode()
    with pytest.raises(ValidationError):
        op.apply_patch('{"status": "unknownFutureValue"}')
    # Python objects are accepted too, and give the same result.
    assert op.apply_patch({"status": "succeeded", "percentProgress": 100}).to_bytes() == done.to_bytes()
    assert ExportOperation.from_json({"@odata.type": SEC, "id": "x"}).operation_type == (
        "security.ediscoveryExportOperation"
    )


def test_a_page_mixing_types() -> None:
    page = OperationsPage.from_json(
        '{"@odata.context": "c", "value": [%s, {"@odata.type":'
        ' "#microsoft.graph.security.ediscoveryTagOperation", "id": "t1"}],'
        ' "@odata.nextLink": "https://graph.microsoft.com/next"}' % DOC,
        type="security.ediscoveryExportOperation",
    )
    assert len(page) == 2
    assert page.context == "c"
    assert page.next_link == "https://graph.microsoft.com/next"
    assert page.odata_types() == [SEC, "#microsoft.graph.security.ediscoveryTagOperation"]
    assert [op.id for op in page.export_operations()] == ["op1"]
    assert OperationsPage.from_json('{"value": []}').next_link is None


def test_a_patch_built_for_a_chosen_type() -> None:
    patch = ExportPatch("security.ediscoveryExportOperation")
    assert patch.is_empty()
    patch.set_json("status", '"succeeded"')
    patch.set_json("exportStructure", '"msg"')
    assert patch.to_bytes() == (
        '{"@odata.type":"%s","status":"succeeded","exportStructure":"msg"}' % SEC
    ).encode()
    with pytest.raises(ValidationError):
        patch.set_json("colour", "1")
    with pytest.raises(ValidationError):
        patch.set_json("status", '"unknownFutureValue"')
    op = ExportOperation.from_json(DOC)
    assert op.apply(patch).get("status") == "succeeded"
    seed = ExportOperation.from_json('{"id": "op1"}')
    with pytest.raises(ValidationError) as e:
        seed.apply(patch)
    assert [(d.path, d.code) for d in e.value.errors] == [("/@odata.type", "typeMismatch")]
    assert ExportPatch.from_json({"@odata.type": SEC}).operation_type == "security.ediscoveryExportOperation"


def test_values_are_members_of_the_new_types_enums() -> None:
    import caseexport
    from caseexport import (
        EdiscoveryCaseAction,
        SecurityCaseAction,
        SecurityCaseOperationStatus,
        SecurityExportFileStructure,
        SecurityExportOptions,
    )

    doc = (
        '{"@odata.type": "%s", "status": "partiallySucceeded", "action": "holdPolicySync",'
        ' "exportStructure": "msg", "exportOptions": "text, condensePaths"}'
    ) % SEC
    op = ExportOperation.from_json(doc, strict=True)
    assert op.get("status") is SecurityCaseOperationStatus.PARTIALLY_SUCCEEDED
    assert op.get("action") is SecurityCaseAction.HOLD_POLICY_SYNC
    assert op.get("export_structure") is SecurityExportFileStructure.MSG
    opts = op.get("export_options")
    assert opts == SecurityExportOptions.TEXT | SecurityExportOptions.CONDENSE_PATHS
    assert opts.wire == "text,condensePaths"
    assert SecurityExportOptions.from_wire("condensePaths, text") == opts
    with pytest.raises(ValueError, match="security.exportOptions"):
        SecurityExportOptions.from_wire("text,brandNew")
    # The seed's flags keep their own members (bit 1 is `text` in both).
    assert caseexport.ExportOptions.from_wire("tags").wire == "tags"
    # A member this version does not know, read leniently, stays its wire string.
    lenient = ExportOperation.from_json(
        '{"@odata.type": "%s", "action": "brandNew", "exportOptions": "text,brandNew"}' % SEC
    )
    assert lenient.get("action") == "brandNew"
    assert type(lenient.get("action")) is str
    assert lenient.get("export_options") == "text,brandNew"
    beta = ExportOperation.from_json(
        '{"@odata.type": "#microsoft.graph.ediscovery.caseExportOperation", "action": "purgeData"}'
    )
    assert beta.get("action") is EdiscoveryCaseAction.PURGE_DATA
    assert beta.get("action") == "purgeData"


def test_read_response_of_any_export_type() -> None:
    from caseexport import CaseExportOperation, GraphError, read_response

    op = read_response(200, {}, DOC, type="any")
    assert isinstance(op, ExportOperation)
    assert op.operation_type == "security.ediscoveryExportOperation"
    assert op.get("export_structure") == "msg"
    bare = read_response(200, [], b'{"id": "1"}', type="ediscovery.caseExportOperation")
    assert isinstance(bare, ExportOperation)
    assert bare.operation_type == "ediscovery.caseExportOperation"
    with pytest.raises(ValidationError) as e:
        read_response(200, {}, DOC, type="caseExportOperation")
    assert [(d.path, d.code) for d in e.value.errors] == [("/@odata.type", "typeMismatch")]
    with pytest.raises(ValueError):
        read_response(200, {}, DOC, type="nonsense")
    assert read_response(204, {}, b"", type="any") is None
    assert read_response(200, {}, b" \r\n", type="any") is None
    with pytest.raises(GraphError):
        read_response(404, {}, b'{"error":{"code":"NotFound","message":"m"}}', type="any")
    # Without `type`, the seed's class as before.
    assert isinstance(read_response(200, {}, b'{"id": "1"}'), CaseExportOperation)


def test_the_live_types_readers_take_every_limit() -> None:
    # Three errors by default; max_errors and max_error_bytes cut the list
    # and mark it truncated, as for the seed's readers.
    bad = '{"@odata.type": "%s", "percentProgress": "a", "status": 5, "exportStructure": 1}' % SEC
    page = '{"value": [%s]}' % bad
    readers = [
        lambda **kw: ExportOperation.from_json(bad, **kw),
        lambda **kw: ExportPatch.from_json(bad, strict=False, **kw),
        lambda **kw: OperationsPage.from_json(page, **kw),
    ]
    for read in readers:
        with pytest.raises(ValidationError) as e:
            read()
        assert len(e.value.errors) == 3 and not e.value.truncated
        with pytest.raises(ValidationError) as e:
            read(max_errors=1)
        assert len(e.value.errors) == 1 and e.value.truncated
        with pytest.raises(ValidationError) as e:
            read(max_error_bytes=0)
        assert len(e.value.errors) == 1 and e.value.truncated
