"""The enumerations of ``caseexport``, built at import from the core's own
member lists (``caseexport::enum_types()``), so a member added to the core
appears here by itself. Their types are in ``_enums.pyi``, generated from the
same lists (``tests/test_schema.py`` checks it, and regenerates it with
``CX_BLESS=1``)."""

from __future__ import annotations

import enum
import re
from typing import Any

from . import _native


class _WireEnum(str, enum.Enum):
    """An enumeration whose values are the case-sensitive wire names. Members
    are also ``str`` (equal to their wire name), so an unknown member, which
    a lenient read keeps as a plain ``str``, compares the same way."""

    def __new__(cls, value: str) -> "_WireEnum":
        # How members are made (the documented custom-`__new__` pattern);
        # after class creation `CaseAction("tag")` looks members up as usual.
        member = str.__new__(cls, value)
        member._value_ = value
        return member

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class _WireFlag(enum.Flag):
    """A flags type: a set of members, combined with ``|``. On the wire the
    members are joined by ``,`` in declaration order (see ``wire``)."""

    @property
    def wire(self) -> str:
        """The wire string, e.g. ``"originalFiles,text"`` (empty for no
        members, which is not a valid value to send)."""
        return _native.flags_to_wire(self.value, type(self)._cx_type_name)

    @classmethod
    def from_wire(cls, wire: str) -> Any:
        """Parses a wire string (spaces after commas, any order, duplicates
        allowed). Raises ``ValueError`` for a malformed string or a member
        this version does not know."""
        bits, unknown = _native.flags_from_wire(wire, cls._cx_type_name)
        if unknown:
            raise ValueError(f"unknown {cls._cx_type_name} member(s): {', '.join(unknown)}")
        return cls(bits)


# The core's enumeration and flags types: {type name: (members, is_flags)}.
_CORE_ENUMS: "dict[str, tuple[list[str], bool]]" = {
    name: (members, flags) for name, members, flags in _native._enum_types()
}


def _member_name(wire: str) -> str:
    """``unknownFutureValue`` → ``UNKNOWN_FUTURE_VALUE``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", wire).upper()


def _class_name(type_name: str) -> str:
    """``security.caseAction`` → ``SecurityCaseAction`` (the Rust name)."""
    return "".join(part[0].upper() + part[1:] for part in type_name.split("."))


def _class_of(type_name: str, doc: str) -> Any:
    """The Python class of the core's enum type ``type_name``, its members the
    core's, in the core's order (a flags member's value is ``1 << index``)."""
    members, flags = _CORE_ENUMS[type_name]
    class_name = _class_name(type_name)
    cls: Any
    if flags:
        cls = _WireFlag(  # type: ignore[call-arg]
            class_name, [(_member_name(m), 1 << i) for i, m in enumerate(members)]
        )
    else:
        cls = _WireEnum(  # type: ignore[call-arg]
            class_name, [(_member_name(m), m) for m in members]
        )
    cls.__doc__ = doc
    # The core's type name, for the flags' wire conversions.
    cls._cx_type_name = type_name
    return cls


CaseOperationStatus = _class_of(
    "caseOperationStatus", """``caseOperationStatus``: where a case operation stands."""
)
CaseAction = _class_of("caseAction", """``caseAction``: what the case operation does.""")
ExportFileStructure = _class_of(
    "exportFileStructure",
    """``exportFileStructure``: how exported files are laid out.
    ``UNKNOWN_FUTURE_VALUE`` is a sentinel that strict reading refuses.""",
)
ExportOptions = _class_of(
    "exportOptions",
    """``exportOptions``: a set of flags, combined with ``|``. On the wire the
    members are joined by ``,`` in declaration order (see ``wire``).
    ``UNKNOWN_FUTURE_VALUE`` is a sentinel that strict reading refuses.""",
)
EdiscoveryCaseAction = _class_of(
    "ediscovery.caseAction",
    """``ediscovery.caseAction``: what a beta compliance case operation does.
    ``UNKNOWN_FUTURE_VALUE`` is a sentinel that strict reading refuses;
    ``PURGE_DATA`` comes after it.""",
)
SecurityCaseAction = _class_of(
    "security.caseAction",
    """``security.caseAction``: what a security case operation does.
    ``UNKNOWN_FUTURE_VALUE`` is a sentinel that strict reading refuses; the
    members after it are real members.""",
)
SecurityCaseOperationStatus = _class_of(
    "security.caseOperationStatus",
    """``security.caseOperationStatus``: where a security case operation stands.
    ``UNKNOWN_FUTURE_VALUE`` is a sentinel that strict reading refuses.""",
)
SecurityExportOptions = _class_of(
    "security.exportOptions",
    """``security.exportOptions``: a set of flags, combined with ``|``. On the
    wire the members are joined by ``,`` in declaration order (see ``wire``).
    ``UNKNOWN_FUTURE_VALUE`` is a sentinel that strict reading refuses; the
    members after it are real members.""",
)
SecurityExportFileStructure = _class_of(
    "security.exportFileStructure",
    """``security.exportFileStructure``: how exported files are laid out.
    ``UNKNOWN_FUTURE_VALUE`` is a sentinel that strict reading refuses;
    ``MSG`` comes after it.""",
)

# The enum classes by core type name: how the native module turns a member's
# wire name into its Python member (a test checks every core enum type is here).
_ENUM_CLASSES = {
    "caseOperationStatus": CaseOperationStatus,
    "caseAction": CaseAction,
    "exportFileStructure": ExportFileStructure,
    "exportOptions": ExportOptions,
    "ediscovery.caseAction": EdiscoveryCaseAction,
    "security.caseAction": SecurityCaseAction,
    "security.caseOperationStatus": SecurityCaseOperationStatus,
    "security.exportOptions": SecurityExportOptions,
    "security.exportFileStructure": SecurityExportFileStructure,
}


for _cls in _ENUM_CLASSES.values():
    _cls.__module__ = "caseexport"
del _cls
