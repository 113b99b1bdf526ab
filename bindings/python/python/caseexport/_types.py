"""The pure-Python parts of ``caseexport`` besides the enumerations
(``_enums.py``): ``FieldState`` and the exception classes. The native module
hands out their members and raises these exceptions; nothing here validates
anything (the core does)."""

from __future__ import annotations

import enum
from typing import Any, Iterable, Optional, Union

__all__ = [
    "FieldState",
    "CaseExportError",
    "ParseError",
    "ValidationError",
    "RequestError",
    "GraphError",
]


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
    FieldState,
    CaseExportError,
    ParseError,
    ValidationError,
    RequestError,
    GraphError,
):
    _cls.__module__ = "caseexport"
del _cls
