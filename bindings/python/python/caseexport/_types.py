"""The pure-Python parts of ``caseexport``: enumerations, ``FieldState`` and
the exception classes. The native module hands out their members and raises
these exceptions; nothing here validates anything (the core does)."""

from __future__ import annotations

import enum
import importlib
import re
from typing import Any, Iterable, Optional, Union

# The native module (imported by name: it has no stub of its own).
_native: Any = importlib.import_module("caseexport._native")

__all__ = [
    "CaseOperationStatus",
    "CaseAction",
    "ExportFileStructure",
    "ExportOptions",
    "FieldState",
    "CaseExportError",
    "ParseError",
    "ValidationError",
    "RequestError",
    "GraphError",
]


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
        return _native.flags_to_wire(self.value)

    @classmethod
    def from_wire(cls, wire: str) -> Any:
        """Parses a wire string (spaces after commas, any order, duplicates
        allowed). Raises ``ValueError`` for a malformed string or a member
        this version does not know."""
        bits, unknown = _native.flags_from_wire(wire)
        if unknown:
            raise ValueError(f"unknown exportOptions member(s): {', '.join(unknown)}")
        return cls(bits)


# The core's enumeration and flags types: {type name: (members, is_flags)}.
_CORE_ENUMS: "dict[str, tuple[list[str], bool]]" = {
    name: (members, flags) for name, members, flags in _native._enum_types()
}


def _member_name(wire: str) -> str:
    """``unknownFutureValue`` → ``UNKNOWN_FUTURE_VALUE``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", wire).upper()


def _class_of(type_name: str, doc: str) -> Any:
    """The Python class of the core's enum type ``type_name``, its members the
    core's, in the core's order (a flags member's value is ``1 << index``)."""
    members, flags = _CORE_ENUMS[type_name]
    class_name = type_name[0].upper() + type_name[1:]
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

# The enum classes by core type name: how the native module turns a member's
# wire name into its Python member (a test checks every core enum type is here).
_ENUM_CLASSES = {
    "caseOperationStatus": CaseOperationStatus,
    "caseAction": CaseAction,
    "exportFileStructure": ExportFileStructure,
    "exportOptions": ExportOptions,
}


class FieldState(enum.Enum):
    """The state of a property: not in the document, JSON ``null``, or a value.
    Attributes read ``None`` for both of the first two; ``state(name)`` tells
    them apart (a PATCH leaves an absent property alone and clears a null one)."""

    ABSENT = "absent"
    NULL = "null"
    VALUE = "value"


class CaseExportError(Exception):
    """Base class of every error ``caseexport`` raises."""


class _InvalidInput(CaseExportError, ValueError):
    """An input the core refused; ``errors`` lists every problem found."""

    errors: "list[Any]"
    truncated: bool

    def __init__(
        self,
        message: str,
        errors: Iterable[Any] = (),
        *,
        truncated: bool = False,
        graph_error_body: Optional[bytes] = None,
    ) -> None:
        super().__init__(message)
        self.errors = list(errors)
        self.truncated = truncated
        self._graph_error_body = graph_error_body

    def to_graph_error_body(self) -> bytes:
        """These errors as the body of a Microsoft Graph ``400 Bad Request``:
        ``{"error":{"code":"BadRequest","message":…,"details":[…]}}``."""
        if self._graph_error_body is None:
            raise ValueError("this error was not raised by caseexport")
        return self._graph_error_body


class ParseError(_InvalidInput):
    """The input is not usable JSON: malformed, invalid UTF-8, duplicate member
    names, or over a size or depth limit (``invalidJson``,
    ``duplicateProperty``, ``limitExceeded``)."""


class ValidationError(_InvalidInput):
    """The input is JSON but not a valid operation or patch (or a diff target
    a merge patch cannot express); ``errors`` holds every problem, each with
    ``path``, ``code`` and ``message``."""


class RequestError(CaseExportError, ValueError):
    """A request could not be built: the URL, bearer token or ``If-Match``
    value cannot be carried by an HTTP header. The message never contains the
    token."""


class GraphError(CaseExportError):
    """An error response from Microsoft Graph (``4xx``/``5xx``): ``status``,
    ``code``, ``message``, ``request_id``, ``client_request_id``, ``date``,
    ``details`` and ``retry_after`` (seconds as ``int``, or an HTTP date as
    ``str``, sent with 429 and 503)."""

    status: int
    code: str
    message: str
    request_id: Optional[str]
    client_request_id: Optional[str]
    date: Optional[str]
    details: "list[Any]"
    retry_after: Union[int, str, None]

    def __init__(
        self,
        message: str,
        *,
        status: int = 0,
        code: str = "",
        request_id: Optional[str] = None,
        client_request_id: Optional[str] = None,
        date: Optional[str] = None,
        details: Iterable[Any] = (),
        retry_after: Union[int, str, None] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.request_id = request_id
        self.client_request_id = client_request_id
        self.date = date
        self.details = list(details)
        self.retry_after = retry_after

    def __str__(self) -> str:
        return f"HTTP {self.status} {self.code}: {self.message}"


for _cls in (
    CaseOperationStatus,
    CaseAction,
    ExportFileStructure,
    ExportOptions,
    FieldState,
    CaseExportError,
    ParseError,
    ValidationError,
    RequestError,
    GraphError,
):
    _cls.__module__ = "caseexport"
del _cls
