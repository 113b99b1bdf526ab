"""The Python classes, the stub and the core's declarations agree, both ways:
a property or enum member added to (or removed from) the core must show up
here — as an attribute, a ``state()`` name, a ``repr`` entry, a ``Patch``
keyword, an enum member — or one of these tests fails."""

from __future__ import annotations

import ast
import enum
import json
import os
import re
from pathlib import Path
from typing import Any

import caseexport
from caseexport import _enums, _native

# The Python class of each core type.
CLASSES: dict[str, Any] = {
    "caseExportOperation": caseexport.CaseExportOperation,
    "identitySet": caseexport.IdentitySet,
    "identity": caseexport.Identity,
    "resultInfo": caseexport.ResultInfo,
}

# Accessors that are not declared properties (kept members, annotations).
NOT_DECLARED = {"etag", "annotations", "unknown", "extra"}

# The native module's stub (classes, attributes, `Patch` keywords), in the
# source tree (its generated blocks blessed there) and in the installed package.
STUB = Path(caseexport.__file__).with_name("_native.pyi")
STUB_SOURCE = Path(__file__).resolve().parents[1] / "python" / "caseexport" / "_native.pyi"
# The enumerations' stub, generated from the core (`enum_stub()` below), in the
# source tree (blessed there) and in the installed package.
ENUM_STUB_SOURCE = Path(__file__).resolve().parents[1] / "python" / "caseexport" / "_enums.pyi"
ENUM_STUB_INSTALLED = Path(caseexport.__file__).with_name("_enums.pyi")


def declared() -> dict[str, list[tuple[str, str]]]:
    return dict(_native._declared_properties())


def stub_classes() -> dict[str, ast.ClassDef]:
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    return {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}


def getters(cls: Any) -> set[str]:
    return {
        name
        for name, attr in vars(cls).items()
        if not name.startswith("_") and type(attr).__name__ == "getset_descriptor"
    }


def test_every_core_type_has_its_class() -> None:
    assert set(declared()) == set(CLASSES)


def test_attributes_are_the_declared_properties() -> None:
    for type_name, props in declared().items():
        cls = CLASSES[type_name]
        snake = [s for s, _ in props]
        assert getters(cls) - NOT_DECLARED == set(snake), type_name


def test_state_accepts_every_snake_and_wire_name() -> None:
    empty = {
        "caseExportOperation": caseexport.CaseExportOperation.from_json("{}"),
        "identitySet": caseexport.CaseExportOperation.from_json('{"createdBy":{}}').created_by,
        "identity": caseexport.CaseExportOperation.from_json(
            '{"createdBy":{"user":{}}}'
        ).created_by.user,  # type: ignore[union-attr]
        "resultInfo": caseexport.CaseExportOperation.from_json('{"resultInfo":{}}').result_info,
    }
    for type_name, props in declared().items():
        obj = empty[type_name]
        for snake, wire in props:
            assert obj.state(snake) is caseexport.FieldState.ABSENT
            assert obj.state(wire) is caseexport.FieldState.ABSENT


def top_names(text: str) -> list[str]:
    """The `name=` entries of a repr at its own level (not inside nested ones)."""
    text = re.sub(r"'(?:[^'\\]|\\.)*'", "''", text)  # no parentheses inside strings
    inner = text[text.index("(") + 1 : -1]
    while True:
        flat = re.sub(r"\w+\([^()]*\)", "X", inner)
        if flat == inner:
            break
        inner = flat
    return re.findall(r"(?:^|, )([a-z_]+)=", inner)


def test_repr_lists_properties_in_declaration_order() -> None:
    doc = {
        "id": "I",
        "createdDateTime": "2024-01-01T00:00:00Z",
        "completedDateTime": None,
        "percentProgress": 7,
        "status": "running",
        "action": "tag",
        "createdBy": {"user": {"id": "u", "displayName": "U"}, "device": None},
        "resultInfo": {"code": 1, "message": "m", "subcode": 2},
        "outputName": "O",
        "description": None,
        "outputFolderId": "F",
        "azureBlobContainer": "C",
        "azureBlobToken": "T",
        "exportOptions": "text",
        "exportStructure": "pst",
    }
    op = caseexport.CaseExportOperation.from_dict(doc)
    props = dict(declared())
    assert [w for _, w in props["caseExportOperation"]] == list(doc), "the test covers every property"
    top = [s for s, _ in props["caseExportOperation"]]
    assert top_names(repr(op)) == top, repr(op)
    set_names = [s for s, _ in props["identitySet"]]
    assert top_names(repr(op.created_by)) == [n for n in set_names if n in ("device", "user")]
    info = [s for s, _ in props["resultInfo"]]
    assert top_names(repr(op.result_info)) == info


def test_enum_classes_are_the_core_enums() -> None:
    core = {name: (members, flags) for name, members, flags in _native._enum_types()}
    assert set(core) == set(_enums._ENUM_CLASSES)
    for type_name, (members, flags) in core.items():
        cls = _enums._ENUM_CLASSES[type_name]
        assert getattr(caseexport, cls.__name__) is cls
        assert issubclass(cls, enum.Flag if flags else enum.Enum)
        got = [(m.name, m.value) for m in cls]
        if flags:
            # Flag iteration skips aliases only; every member is one bit.
            want = [(_enums._member_name(w), 1 << i) for i, w in enumerate(members)]
        else:
            want = [(_enums._member_name(w), w) for w in members]
        assert got == want, type_name


ENUM_STUB_HEADER = '''# Generated from the core's enumerations by tests/test_schema.py: do not edit.
# After changing an enumeration in the core, regenerate it with
#   CX_BLESS=1 bindings/python/run-tests.sh tests/test_schema.py
"""Type stubs for the enumerations that ``_enums.py`` builds from the core."""

import enum

from typing_extensions import Self
'''


def enum_stub() -> str:
    """The text of ``_enums.pyi``: one class per core enumeration type, its
    members the core's, in the core's order."""
    lines = [ENUM_STUB_HEADER]
    for type_name, members, flags in _native._enum_types():
        cls = _enums._ENUM_CLASSES[type_name]
        base = "enum.Flag" if flags else "str, enum.Enum"
        lines += [f"class {cls.__name__}({base}):", f'    """{cls.__doc__}"""', ""]
        for i, wire in enumerate(members):
            value = str(1 << i) if flags else json.dumps(wire)
            lines.append(f"    {_enums._member_name(wire)} = {value}")
        if flags:
            lines += [
                "    @property",
                "    def wire(self) -> str: ...",
                "    @classmethod",
                f"    def from_wire(cls, wire: str) -> {cls.__name__}: ...",
            ]
        else:
            lines += [
                "    def __new__(cls, value: str) -> Self: ...",
                "    def __str__(self) -> str: ...",
                "    def __format__(self, spec: str) -> str: ...",
            ]
        lines.append("")
    return "\n".join(lines)


def test_enum_stub_is_generated_from_the_core() -> None:
    want = enum_stub()
    if os.environ.get("CX_BLESS") == "1":
        ENUM_STUB_SOURCE.write_text(want, encoding="utf-8")
    assert ENUM_STUB_SOURCE.read_text(encoding="utf-8") == want, (
        "_enums.pyi differs from the core's enumerations: regenerate it with "
        "CX_BLESS=1 bindings/python/run-tests.sh tests/test_schema.py"
    )
    assert ENUM_STUB_INSTALLED.read_text(encoding="utf-8") == want, "the wheel ships the stub"


def test_stub_states_every_declared_property() -> None:
    classes = stub_classes()
    for type_name, props in declared().items():
        node = classes[CLASSES[type_name].__name__]
        stated = {
            stmt.name
            for stmt in node.body
            if isinstance(stmt, ast.FunctionDef)
            and any(isinstance(d, ast.Name) and d.id == "property" for d in stmt.decorator_list)
        }
        assert stated - NOT_DECLARED == {s for s, _ in props}, type_name


def test_patch_keywords_are_the_declared_properties() -> None:
    props = [s for s, _ in declared()["caseExportOperation"]]
    new = next(
        stmt
        for stmt in stub_classes()["Patch"].body
        if isinstance(stmt, ast.FunctionDef) and stmt.name == "__new__"
    )
    assert [a.arg for a in new.args.kwonlyargs] == props
    # And the runtime takes each of them: None clears (sends null), except
    # for the read-only key, which cannot be null.
    for snake, wire in declared()["caseExportOperation"]:
        if snake == "id":
            continue
        body = caseexport.Patch(**{snake: None}).to_dict()
        assert wire in body and body[wire] is None, snake


def _enum_class_name(type_name: str) -> str:
    return str(_enums._ENUM_CLASSES[type_name].__name__)


def attribute_type(kind: str) -> str:
    """The stub's type of an attribute of this core value kind."""
    head, _, arg = kind.partition(":")
    if head in ("String", "Secret"):
        return "Optional[str]"
    if head in ("Int32", "Int64"):
        return "Optional[int]"
    if head == "DateTimeOffset":
        return "Optional[datetime]"
    if head in ("Enum", "Flags"):
        return f"Union[{_enum_class_name(arg)}, str, None]"
    if head == "Complex":
        return f"Optional[{CLASSES[arg].__name__}]"
    raise AssertionError(f"no Python type for the value kind {kind!r}: add one here")


def keyword_type(kind: str, read_only: bool) -> str:
    """The stub's type of a ``Patch`` keyword of this core value kind."""
    head, _, arg = kind.partition(":")
    if read_only:
        return "str"
    if head == "DateTimeOffset":
        return "Union[datetime, str, None]"
    if head == "Complex":
        return f"Union[{CLASSES[arg].__name__}, Mapping[str, Any], None]"
    return attribute_type(kind)


def native_stub(text: str) -> str:
    """``text`` (the native stub) with each generated block made again from
    the core's declarations."""
    blocks: dict[str, list[str]] = {}
    for type_name, props in _native._declared_kinds():
        lines = []
        for snake, kind, _ in props:
            lines += ["    @property", f"    def {snake}(self) -> {attribute_type(kind)}: ..."]
        blocks[f"    # BEGIN generated: {type_name} properties"] = lines
        if type_name == "caseExportOperation":
            blocks["        # BEGIN generated: Patch keywords"] = [
                f"        {snake}: {keyword_type(kind, ro)} = ...," for snake, kind, ro in props
            ]
    out: list[str] = []
    lines_in = iter(text.split("\n"))
    for line in lines_in:
        out.append(line)
        if line in blocks:
            end = line.replace("BEGIN", "END")
            for skipped in lines_in:
                if skipped == end:
                    break
            else:
                raise AssertionError(f"no {end.strip()!r} in the stub")
            out += blocks.pop(line)
            out.append(end)
    assert not blocks, f"the stub lacks the generated blocks {list(blocks)}"
    return "\n".join(out)


def test_native_stub_blocks_are_generated_from_the_core() -> None:
    text = STUB_SOURCE.read_text(encoding="utf-8")
    want = native_stub(text)
    if os.environ.get("CX_BLESS") == "1":
        STUB_SOURCE.write_text(want, encoding="utf-8")
        text = want
    assert text == want, (
        "_native.pyi's generated blocks differ from the core's declarations: "
        "regenerate them with CX_BLESS=1 bindings/python/run-tests.sh tests/test_schema.py"
    )
    assert STUB.read_text(encoding="utf-8") == want, "the wheel ships the stub"


def test_native_stub_generator_sees_a_new_property() -> None:
    # The generator is driven by the declarations: a property it was not
    # given disappears from the block, and an unknown kind is refused.
    text = STUB_SOURCE.read_text(encoding="utf-8")
    assert "def output_name(self) -> Optional[str]: ..." in native_stub(text)
    trimmed = text.replace(
        "    @property\n    def output_name(self) -> Optional[str]: ...\n", "", 1
    )
    assert trimmed != text and native_stub(trimmed) == native_stub(text)
    try:
        attribute_type("Float")
    except AssertionError:
        pass
    else:
        raise AssertionError("an unknown kind must fail")
