"""Issue 14 from Python: bounded error text, the whole input's path, the SAS
token in the display form of a request, response edge cases, numbers and
diff with one id. All of it comes from the core; these tests show Python
gets the same."""

from __future__ import annotations

import pytest

from caseexport import (
    CaseExportOperation,
    GraphError,
    ParseError,
    Patch,
    Request,
    ValidationError,
    diff,
    read_response,
)

BUDGET = 64 * 1024  # the documented default of max_error_bytes


def long_name_with_duplicates(name_len: int, duplicates: int) -> bytes:
    inner = ",".join(['"x":1'] * duplicates)
    return ('{"' + "n" * name_len + '":{' + inner + "}}").encode()


def text_bytes(err: ValidationError | ParseError) -> int:
    return sum(len(d.path.encode()) + len(d.message.encode()) for d in err.errors)


def test_error_text_is_bounded_by_default() -> None:
    doc = long_name_with_duplicates(1_000_000, 5_000)
    with pytest.raises(ParseError) as e:
        CaseExportOperation.from_json(doc)
    assert text_bytes(e.value) <= BUDGET
    assert e.value.truncated
    first = e.value.errors[0]
    assert first.code == "duplicateProperty"
    assert first.path == "/" + "n" * 64 + "…(+999936 bytes)/x"
    # The same input as a strict patch: the long name is quoted in a message too.
    with pytest.raises(ParseError) as e:
        Patch.from_json(doc)
    assert text_bytes(e.value) <= BUDGET
    assert e.value.errors[0].code == "unknownProperty"
    assert e.value.errors[0].message.endswith("…(+999936 bytes)")


def test_error_budget_is_a_keyword_option() -> None:
    doc = long_name_with_duplicates(100, 50)
    with pytest.raises(ParseError) as e:
        CaseExportOperation.from_json(doc, max_error_bytes=0)
    assert len(e.value.errors) == 1 and e.value.truncated
    with pytest.raises(ParseError) as e:
        CaseExportOperation.from_json(doc)
    assert len(e.value.errors) == 49 and not e.value.truncated


def test_whole_input_path_is_the_empty_pointer() -> None:
    with pytest.raises(ValidationError) as e:
        Patch.from_json("[1]")
    assert e.value.errors[0].path == ""
    assert str(e.value).startswith('"" invalidPatch ')


def test_negative_zero_and_float_literals() -> None:
    op = CaseExportOperation.from_json('{"percentProgress":-0,"resultInfo":{"code":-0}}')
    assert op.percent_progress == 0 and op.result_info is not None and op.result_info.code == 0
    for literal in ["8e47", "1e19", "9300000000000000000.5", "5e1"]:
        with pytest.raises(ValidationError) as e:
            CaseExportOperation.from_json('{"percentProgress":' + literal + "}")
        assert [(d.path, d.code) for d in e.value.errors] == [("/percentProgress", "invalidType")]


def test_display_form_masks_the_sas_token() -> None:
    req = Request("https://x/y", "tok", {"azureBlobToken": "sig=SAS-SECRET"})
    shown_body = b'{"@odata.type":"#microsoft.graph.caseExportOperation","azureBlobToken":"***"}'
    shown = req.to_http1()
    assert b"SAS-SECRET" not in shown
    assert shown.endswith(b"Content-Length: %d\r\n\r\n" % len(shown_body) + shown_body)
    sent = req.to_http1(reveal_token=True)
    assert sent.endswith(b"\r\n\r\n" + req.body) and b"sig=SAS-SECRET" in sent


def test_response_edge_cases() -> None:
    with pytest.raises(ParseError) as e:
        read_response(200, {}, b"\x0c")
    assert [(d.path, d.code) for d in e.value.errors] == [("", "invalidJson")]
    with pytest.raises(GraphError) as g:
        read_response(503, {"Retry-After": "+3"}, b"")
    assert g.value.retry_after == "+3"


def test_diff_with_one_id_is_refused() -> None:
    with_id = CaseExportOperation.from_json('{"id":"op1","outputName":"a"}')
    without = CaseExportOperation.from_json('{"outputName":"a"}')
    for a, b in [(with_id, without), (without, with_id)]:
        with pytest.raises(ValidationError) as e:
            diff(a, b)
        assert [(d.path, d.code) for d in e.value.errors] == [("/id", "readOnlyProperty")]
