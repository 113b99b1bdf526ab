"""Issue 24 from Python: every reading entry point keeps the library's
bounds on its whole result (max_errors, max_error_bytes, path shortening),
a page is read from its own bytes, exportFileMetadata takes null items, a
diff's patch bytes are a fixed point, and a selected type reads only its
own name (the seed's alias is read by the seed's own API only)."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from caseexport import (
    CaseExportOperation,
    ExportOperation,
    ExportPatch,
    OperationsPage,
    ParseError,
    Patch,
    ValidationError,
    read_response,
)

BUDGET = 4096
MAX_ERRORS = 50
TYPES = ["caseExportOperation", "ediscovery.caseExportOperation", "security.ediscoveryExportOperation"]
ALIAS = "#microsoft.graph.ediscovery.caseExportOperation"


def name(i: int, size: int) -> str:
    return f"{i}-" + "n" * size


def deep_duplicate(i: int, depth: int) -> str:
    head = "".join('{"%s":' % name(i * 1000 + d, 200) for d in range(depth))
    return head + '{"x":1,"x":1}' + "}" * depth


def adversarial_object(items: int) -> str:
    parts = ['"status":7', '"percentProgress":"x"', '"outputName":[1]']
    parts += ['"%s":%s' % (name(i, 3000), deep_duplicate(i, 20)) for i in range(items)]
    return "{" + ",".join(parts) + "}"


def adversarial_page(odata_type: str) -> str:
    items = []
    for i in range(900):
        if i % 3 == 0:
            items.append("7")
        elif i % 3 == 1:
            items.append(
                '{"@odata.type":"%s","status":7,"%s":1,"percentProgress":"x"}' % (odata_type, name(i, 2000))
            )
        else:
            items.append('{"@odata.type":"#microsoft.graph.%s"}' % name(i, 2000))
    return '{"%s":1,"value":[%s]}' % (name(0, 3000), ",".join(items))


def assert_bounded(what: str, err: ValidationError | ParseError, budget: int, max_errors: int) -> None:
    sizes = [len(d.path.encode()) + len(d.message.encode()) for d in err.errors]
    assert len(sizes) <= max_errors, what
    assert sum(sizes) <= budget + sizes[0], (what, sum(sizes))
    assert err.truncated, what
    longest_step = 64 + len("…(+99999999 bytes)".encode())
    for d in err.errors:
        assert all(len(step.encode()) <= longest_step for step in d.path.split("/")), (what, d.path[:200])


def raises_bounded(what: str, call: Callable[[], Any], budget: int = BUDGET, max_errors: int = MAX_ERRORS) -> None:
    with pytest.raises((ValidationError, ParseError)) as e:
        call()
    assert_bounded(what, e.value, budget, max_errors)


LIMITS = {"max_errors": MAX_ERRORS, "max_error_bytes": BUDGET}


@pytest.mark.parametrize("strict", [True, False])
def test_every_reading_entry_point_is_bounded(strict: bool) -> None:
    doc = adversarial_object(80)
    raises_bounded("seed document", lambda: CaseExportOperation.from_json(doc, strict=strict, **LIMITS))
    raises_bounded("seed patch", lambda: Patch.from_json(doc, strict=strict, **LIMITS))
    for ty in TYPES + ["any"]:
        raises_bounded(ty, lambda: ExportOperation.from_json(doc, strict=strict, type=ty, **LIMITS))
        raises_bounded(ty, lambda: ExportPatch.from_json(doc, strict=strict, type=ty, **LIMITS))
        # The response readers take no options: the defaults bound them.
        raises_bounded(ty, lambda: read_response(200, {}, doc, type=ty), 64 * 1024, 100)
    raises_bounded("response", lambda: read_response(200, {}, doc), 64 * 1024, 100)
    for ty in TYPES:
        page = adversarial_page("#microsoft.graph." + ty)
        for default in TYPES:
            raises_bounded(
                "page", lambda: OperationsPage.from_json(page, strict=strict, type=default, **LIMITS)
            )
        # set_json takes no limits: the defaults bound it.
        raises_bounded("set_json", lambda: ExportPatch(ty).set_json("createdBy", doc, strict=strict), 64 * 1024, 100)


def test_page_errors_are_capped_as_a_whole() -> None:
    with pytest.raises(ValidationError) as e:
        OperationsPage.from_json('{"value":[7,7,7,7,7]}', max_errors=2)
    assert [(d.path, d.code) for d in e.value.errors] == [("/value/0", "invalidType"), ("/value/1", "invalidType")]
    assert e.value.truncated
    with pytest.raises(ValidationError) as e:
        OperationsPage.from_json('{"value":[%s]}' % ",".join(["7"] * 10_000))
    assert len(e.value.errors) == 100 and e.value.truncated


def test_page_element_is_read_from_its_own_bytes() -> None:
    page = b'{"value":[{"x":[-0,-0,-0,-0,-0,-0,-0,-0]}]}'
    assert len(OperationsPage.from_json(page, max_size=len(page))) == 1
    with pytest.raises(ParseError) as e:
        OperationsPage.from_json(page, max_size=len(page) - 1)
    assert [(d.path, d.code) for d in e.value.errors] == [("", "limitExceeded")]


def test_page_top_level_paths_are_shortened() -> None:
    with pytest.raises(ValidationError) as e:
        OperationsPage.from_json('{"%s":1,"value":[]}' % ("n" * 5000), strict=True)
    assert e.value.errors[0].path == "/" + "n" * 64 + "…(+4936 bytes)"


def test_export_file_metadata_null_items_and_a_diffs_fixed_point() -> None:
    sec = "security.ediscoveryExportOperation"
    op = ExportOperation.from_json('{"exportFileMetadata":[null,{"fileName":"a"}]}', type=sec, strict=True)
    assert op.get("exportFileMetadata") == [None, {"fileName": "a"}]
    base = ExportOperation.from_json("{}", type=sec)
    target = ExportOperation.from_json('{"exportFileMetadata":[{"@a":1,"fileName":"x"}]}', type=sec)
    patch = base.diff(target)
    assert b"@a" not in patch
    # The patch's bytes read and written again are the same bytes, and
    # applying them gives what applying the typed patch gives.
    assert ExportPatch.from_json(patch, type=sec).to_bytes() == patch
    assert base.apply_patch(patch).to_bytes() == base.apply(ExportPatch.from_json(patch, type=sec)).to_bytes()


def test_a_selected_type_reads_only_its_own_name() -> None:
    doc = '{"@odata.type":"%s","id":"1"}' % ALIAS
    for read in (
        lambda: ExportOperation.from_json(doc, type="caseExportOperation"),
        lambda: ExportPatch.from_json(doc, type="caseExportOperation"),
        lambda: read_response(200, {}, doc, type="caseExportOperation"),
        lambda: ExportOperation.from_json("{}", type="caseExportOperation").apply_patch(
            '{"@odata.type":"%s","outputName":"x"}' % ALIAS
        ),
    ):
        with pytest.raises(ValidationError) as e:
            read()
        assert [(d.path, d.code) for d in e.value.errors] == [("/@odata.type", "typeMismatch")]
    # "any": the ediscovery type, the same after a write and a read.
    op = ExportOperation.from_json(doc)
    assert op.operation_type == "ediscovery.caseExportOperation"
    assert ExportOperation.from_json(op.to_bytes()).operation_type == "ediscovery.caseExportOperation"
    # The seed's own API still reads the alias, and writes it back.
    assert CaseExportOperation.from_json(doc).to_bytes().startswith(b'{"@odata.type":"%s"' % ALIAS.encode())
