"""Type stubs for caseexport (checked against the module by mypy.stubtest)."""

import enum
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Optional, Union

from typing_extensions import Self, final

__version__: str
__all__ = [
    "CaseExportOperation",
    "IdentitySet",
    "Identity",
    "ResultInfo",
    "Patch",
    "diff",
    "ExportOperation",
    "ExportPatch",
    "OperationsPage",
    "Request",
    "read_response",
    "operation_url",
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
    "ErrorDetail",
    "GraphErrorDetail",
    "__version__",
]

_JsonInput = Union[str, bytes, bytearray, Mapping[str, Any]]
"""JSON text (UTF-8 ``bytes``/``bytearray`` or ``str``) or a ``dict``."""

class CaseOperationStatus(str, enum.Enum):
    """``caseOperationStatus``: where a case operation stands."""

    NOT_STARTED = "notStarted"
    SUBMISSION_FAILED = "submissionFailed"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    PARTIALLY_SUCCEEDED = "partiallySucceeded"
    FAILED = "failed"
    def __new__(cls, value: str) -> Self: ...
    def __str__(self) -> str: ...
    def __format__(self, spec: str) -> str: ...

class CaseAction(str, enum.Enum):
    """``caseAction``: what the case operation does."""

    CONTENT_EXPORT = "contentExport"
    TAG = "tag"
    CONVERT_TO_PDF = "convertToPdf"
    INDEX = "index"
    SEARCH = "search"
    ADD_DATA_TO_REVIEW_SET = "addDataToReviewSet"
    def __new__(cls, value: str) -> Self: ...
    def __str__(self) -> str: ...
    def __format__(self, spec: str) -> str: ...

class ExportFileStructure(str, enum.Enum):
    """``exportFileStructure``: how exported files are laid out."""

    NONE = "none"
    DIRECTORY = "directory"
    PST = "pst"
    UNKNOWN_FUTURE_VALUE = "unknownFutureValue"
    def __new__(cls, value: str) -> Self: ...
    def __str__(self) -> str: ...
    def __format__(self, spec: str) -> str: ...

class ExportOptions(enum.Flag):
    """``exportOptions`` flags, combined with ``|``."""

    ORIGINAL_FILES = 1
    TEXT = 2
    PDF_REPLACEMENT = 4
    FILE_INFO = 8
    TAGS = 16
    UNKNOWN_FUTURE_VALUE = 32
    @property
    def wire(self) -> str: ...
    @classmethod
    def from_wire(cls, wire: str) -> ExportOptions: ...

class FieldState(enum.Enum):
    """The state of a property: absent, JSON ``null``, or a value."""

    ABSENT = "absent"
    NULL = "null"
    VALUE = "value"

@final
class ErrorDetail:
    """One problem: ``path`` (JSON Pointer), ``code`` (stable), ``message``."""

    def __new__(cls, path: str, code: str, message: str) -> Self: ...
    @property
    def path(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def message(self) -> str: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class GraphErrorDetail:
    """One entry of a Graph error's ``details``."""

    def __new__(cls, code: str, target: Optional[str], message: str) -> Self: ...
    @property
    def code(self) -> str: ...
    @property
    def target(self) -> Optional[str]: ...
    @property
    def message(self) -> str: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

class CaseExportError(Exception):
    """Base class of every error caseexport raises."""

class _InvalidInput(CaseExportError, ValueError):
    errors: list[ErrorDetail]
    truncated: bool
    def __init__(
        self,
        message: str,
        errors: Iterable[ErrorDetail] = (),
        *,
        truncated: bool = False,
        graph_error_body: Optional[bytes] = None,
    ) -> None: ...
    def to_graph_error_body(self) -> bytes: ...

class ParseError(_InvalidInput):
    """The input is not usable JSON (``invalidJson``, ``duplicateProperty``,
    ``limitExceeded``)."""

class ValidationError(_InvalidInput):
    """The input is JSON but not a valid operation or patch."""

class RequestError(CaseExportError, ValueError):
    """A request could not be built (URL, token or If-Match not header-safe)."""

class GraphError(CaseExportError):
    """An error response from Microsoft Graph."""

    status: int
    code: str
    message: str
    request_id: Optional[str]
    client_request_id: Optional[str]
    date: Optional[str]
    details: list[GraphErrorDetail]
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
        details: Iterable[GraphErrorDetail] = (),
        retry_after: Union[int, str, None] = None,
    ) -> None: ...

@final
class Identity:
    """``identity``: ``id`` and ``displayName``; other members in ``extra``."""

    @property
    def id(self) -> Optional[str]: ...
    @property
    def display_name(self) -> Optional[str]: ...
    @property
    def extra(self) -> dict[str, Any]: ...
    @property
    def annotations(self) -> dict[str, Any]: ...
    def state(self, name: str) -> FieldState: ...
    def is_absent(self, name: str) -> bool: ...
    def is_null(self, name: str) -> bool: ...
    def equivalent(self, other: Identity) -> bool: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: None  # type: ignore[assignment]

@final
class IdentitySet:
    """``identitySet``: the identities behind an action."""

    @property
    def application(self) -> Optional[Identity]: ...
    @property
    def application_instance(self) -> Optional[Identity]: ...
    @property
    def conversation(self) -> Optional[Identity]: ...
    @property
    def conversation_identity_type(self) -> Optional[Identity]: ...
    @property
    def device(self) -> Optional[Identity]: ...
    @property
    def encrypted(self) -> Optional[Identity]: ...
    @property
    def on_premises(self) -> Optional[Identity]: ...
    @property
    def guest(self) -> Optional[Identity]: ...
    @property
    def phone(self) -> Optional[Identity]: ...
    @property
    def user(self) -> Optional[Identity]: ...
    @property
    def extra(self) -> dict[str, Any]: ...
    @property
    def annotations(self) -> dict[str, Any]: ...
    def state(self, name: str) -> FieldState: ...
    def is_absent(self, name: str) -> bool: ...
    def is_null(self, name: str) -> bool: ...
    def equivalent(self, other: IdentitySet) -> bool: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: None  # type: ignore[assignment]

@final
class ResultInfo:
    """``resultInfo``: ``code``, ``message`` and ``subcode``."""

    @property
    def code(self) -> Optional[int]: ...
    @property
    def message(self) -> Optional[str]: ...
    @property
    def subcode(self) -> Optional[int]: ...
    @property
    def unknown(self) -> dict[str, Any]: ...
    @property
    def annotations(self) -> dict[str, Any]: ...
    def state(self, name: str) -> FieldState: ...
    def is_absent(self, name: str) -> bool: ...
    def is_null(self, name: str) -> bool: ...
    def equivalent(self, other: ResultInfo) -> bool: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: None  # type: ignore[assignment]

@final
class CaseExportOperation:
    """A Microsoft Graph eDiscovery ``caseExportOperation`` (immutable)."""

    @staticmethod
    def from_json(
        data: _JsonInput,
        *,
        strict: bool = False,
        max_depth: Optional[int] = None,
        max_size: Optional[int] = None,
        max_errors: Optional[int] = None,
        max_error_bytes: Optional[int] = None,
    ) -> CaseExportOperation: ...
    @staticmethod
    def from_dict(
        d: Mapping[str, Any],
        *,
        strict: bool = False,
        max_depth: Optional[int] = None,
        max_size: Optional[int] = None,
        max_errors: Optional[int] = None,
        max_error_bytes: Optional[int] = None,
    ) -> CaseExportOperation: ...
    def to_json(self) -> str: ...
    def to_bytes(self) -> bytes: ...
    def to_dict(self) -> dict[str, Any]: ...
    def apply_patch(
        self,
        patch: Union[_JsonInput, Patch],
        *,
        strict: bool = True,
        max_depth: Optional[int] = None,
        max_size: Optional[int] = None,
        max_errors: Optional[int] = None,
        max_error_bytes: Optional[int] = None,
    ) -> CaseExportOperation: ...
    def equivalent(self, other: CaseExportOperation) -> bool: ...
    def state(self, name: str) -> FieldState: ...
    def is_absent(self, name: str) -> bool: ...
    def is_null(self, name: str) -> bool: ...
    @property
    def id(self) -> Optional[str]: ...
    @property
    def created_date_time(self) -> Optional[datetime]: ...
    @property
    def completed_date_time(self) -> Optional[datetime]: ...
    @property
    def percent_progress(self) -> Optional[int]: ...
    @property
    def status(self) -> Union[CaseOperationStatus, str, None]: ...
    @property
    def action(self) -> Union[CaseAction, str, None]: ...
    @property
    def created_by(self) -> Optional[IdentitySet]: ...
    @property
    def result_info(self) -> Optional[ResultInfo]: ...
    @property
    def output_name(self) -> Optional[str]: ...
    @property
    def description(self) -> Optional[str]: ...
    @property
    def output_folder_id(self) -> Optional[str]: ...
    @property
    def azure_blob_container(self) -> Optional[str]: ...
    @property
    def azure_blob_token(self) -> Optional[str]: ...
    @property
    def export_options(self) -> Union[ExportOptions, str, None]: ...
    @property
    def export_structure(self) -> Union[ExportFileStructure, str, None]: ...
    @property
    def etag(self) -> Optional[str]: ...
    @property
    def annotations(self) -> dict[str, Any]: ...
    @property
    def unknown(self) -> dict[str, Any]: ...
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: None  # type: ignore[assignment]
    def __copy__(self) -> CaseExportOperation: ...
    def __deepcopy__(self, memo: Any, /) -> CaseExportOperation: ...

@final
class Patch:
    """A typed PATCH body: ``Patch(output_name="x", description=None)``."""

    def __new__(
        cls,
        *,
        id: str = ...,
        created_date_time: Union[datetime, str, None] = ...,
        completed_date_time: Union[datetime, str, None] = ...,
        percent_progress: Optional[int] = ...,
        status: Union[CaseOperationStatus, str, None] = ...,
        action: Union[CaseAction, str, None] = ...,
        created_by: Union[IdentitySet, Mapping[str, Any], None] = ...,
        result_info: Union[ResultInfo, Mapping[str, Any], None] = ...,
        output_name: Optional[str] = ...,
        description: Optional[str] = ...,
        output_folder_id: Optional[str] = ...,
        azure_blob_container: Optional[str] = ...,
        azure_blob_token: Optional[str] = ...,
        export_options: Union[ExportOptions, str, None] = ...,
        export_structure: Union[ExportFileStructure, str, None] = ...,
    ) -> Self: ...
    @staticmethod
    def from_json(
        data: _JsonInput,
        *,
        strict: bool = True,
        max_depth: Optional[int] = None,
        max_size: Optional[int] = None,
        max_errors: Optional[int] = None,
        max_error_bytes: Optional[int] = None,
    ) -> Patch: ...
    @staticmethod
    def from_dict(
        d: Mapping[str, Any],
        *,
        strict: bool = True,
        max_depth: Optional[int] = None,
        max_size: Optional[int] = None,
        max_errors: Optional[int] = None,
        max_error_bytes: Optional[int] = None,
    ) -> Patch: ...
    @staticmethod
    def diff(
        base: CaseExportOperation, target: CaseExportOperation, *, odata_type: bool = True
    ) -> Patch: ...
    def with_odata_type(self, odata_type: bool) -> Patch: ...
    @property
    def properties(self) -> CaseExportOperation: ...
    def is_empty(self) -> bool: ...
    def to_json(self) -> str: ...
    def to_bytes(self) -> bytes: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: None  # type: ignore[assignment]

def diff(
    base: CaseExportOperation, target: CaseExportOperation, *, odata_type: bool = True
) -> dict[str, Any]:
    """The minimal merge patch (RFC 7396) turning ``base`` into ``target``.

    Raises ``ValidationError``: ``readOnlyProperty`` at ``/id`` when the ids
    differ, also when only one of the two has an id (no patch can change an
    id); ``unrepresentable`` for a null that a merge patch cannot create.
    """

@final
class ExportOperation:
    """An export operation of any of the three types (``caseExportOperation``,
    ``ediscovery.caseExportOperation``, ``security.ediscoveryExportOperation``),
    the type taken from the document."""

    @staticmethod
    def from_json(
        data: _JsonInput,
        *,
        strict: bool = False,
        type: str = "any",
        max_depth: Optional[int] = None,
        max_size: Optional[int] = None,
    ) -> ExportOperation: ...
    @property
    def operation_type(self) -> str: ...
    @property
    def odata_type(self) -> str: ...
    @property
    def id(self) -> Optional[str]: ...
    def to_bytes(self) -> bytes: ...
    def get(self, name: str) -> Any: ...
    def state(self, name: str) -> FieldState: ...
    def property_names(self) -> list[str]: ...
    def to_json(self) -> str: ...
    def apply_patch(self, patch: _JsonInput, *, strict: bool = True) -> ExportOperation: ...
    def apply(self, patch: ExportPatch) -> ExportOperation: ...
    def diff(self, target: ExportOperation, *, odata_type: bool = True) -> bytes: ...

@final
class ExportPatch:
    """A PATCH body for one of the three export operation types."""

    def __new__(cls, type: str = "caseExportOperation") -> Self: ...
    @staticmethod
    def from_json(data: _JsonInput, *, strict: bool = True, type: str = "any") -> ExportPatch: ...
    @property
    def operation_type(self) -> str: ...
    def set_json(
        self, name: str, value: Union[str, bytes, bytearray], *, strict: bool = True
    ) -> None: ...
    def is_empty(self) -> bool: ...
    def to_bytes(self) -> bytes: ...

@final
class OperationsPage:
    """A page of the operations collection (``@odata.context``, ``value``,
    ``@odata.nextLink``), its elements of any operation type."""

    @staticmethod
    def from_json(
        data: Union[str, bytes, bytearray],
        *,
        strict: bool = False,
        type: str = "caseExportOperation",
        max_depth: Optional[int] = None,
        max_size: Optional[int] = None,
    ) -> OperationsPage: ...
    @property
    def context(self) -> Optional[str]: ...
    @property
    def next_link(self) -> Optional[str]: ...
    def export_operations(self) -> list[ExportOperation]: ...
    def odata_types(self) -> list[str]: ...
    def to_bytes(self) -> bytes: ...
    def __len__(self) -> int: ...

@final
class Request:
    """A ``PATCH`` request ready to send with any HTTP client."""

    def __new__(
        cls,
        url: str,
        token: str,
        patch: Union[Patch, _JsonInput],
        *,
        if_match: Optional[str] = None,
        strict: bool = True,
    ) -> Self: ...
    @property
    def method(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def headers(self) -> dict[str, str]: ...
    @property
    def body(self) -> bytes: ...
    def to_http1(self, reveal_token: bool = False) -> bytes: ...

def read_response(
    status: int,
    headers: Union[Mapping[str, str], Iterable[tuple[str, str]]],
    body: Union[bytes, bytearray, str],
) -> Optional[CaseExportOperation]:
    """Reads the response to the PATCH: the updated operation, ``None`` for
    ``204``, or raises ``GraphError``."""

def operation_url(case_id: str, operation_id: str) -> str:
    """The live URL of a case export operation, ids percent-encoded."""
