"""Type stubs for the native module ``caseexport._native`` (checked against
it by mypy.stubtest). The package's ``__init__.py`` re-exports these names;
the enumerations' types are generated from the core (``_enums.pyi``), and so
are the blocks marked ``BEGIN generated`` here (the declared properties'
attributes and ``Patch`` keywords): after changing a declaration, regenerate
them with ``CX_BLESS=1 bindings/python/run-tests.sh tests/test_schema.py``."""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Optional, Union, overload

from typing_extensions import Self, final

from ._enums import CaseAction, CaseOperationStatus, ExportFileStructure, ExportOptions
from ._types import FieldState

__all__ = [
    "CaseExportOperation",
    "IdentitySet",
    "Identity",
    "ResultInfo",
    "Patch",
    "ErrorDetail",
    "ExportOperation",
    "ExportPatch",
    "OperationsPage",
    "Request",
    "GraphErrorDetail",
    "Poll",
    "PollStep",
    "diff",
    "read_response",
    "operation_url",
    "flags_to_wire",
    "flags_from_wire",
    "_enum_types",
    "_declared_properties",
    "_declared_kinds",
    "_Server",
    "__version__",
    "DETACH_THRESHOLD",
    "BUILD_PROFILE",
]

__version__: str
DETACH_THRESHOLD: int
"""Inputs at least this many bytes long are read with the interpreter released."""
BUILD_PROFILE: str
"""``"debug"`` or ``"release"``: how the native module was built."""

_JsonInput = Union[str, bytes, bytearray, Mapping[str, Any]]
"""JSON text (UTF-8 ``bytes``/``bytearray`` or ``str``) or a ``dict``."""

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

@final
class Identity:
    """``identity``: ``id`` and ``displayName``; other members in ``extra``."""

    # BEGIN generated: identity properties
    @property
    def id(self) -> Optional[str]: ...
    @property
    def display_name(self) -> Optional[str]: ...
    # END generated: identity properties
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

    # BEGIN generated: identitySet properties
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
    # END generated: identitySet properties
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

    # BEGIN generated: resultInfo properties
    @property
    def code(self) -> Optional[int]: ...
    @property
    def message(self) -> Optional[str]: ...
    @property
    def subcode(self) -> Optional[int]: ...
    # END generated: resultInfo properties
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
    # BEGIN generated: caseExportOperation properties
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
    # END generated: caseExportOperation properties
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
        # BEGIN generated: Patch keywords
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
        # END generated: Patch keywords
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
    the type taken from the document. A selected ``type`` reads only its own
    name: ``type="caseExportOperation"`` refuses the seed's alias
    ``#microsoft.graph.ediscovery.caseExportOperation`` (``typeMismatch``),
    which ``type="any"`` reads as the ediscovery type."""

    @staticmethod
    def from_json(
        data: _JsonInput,
        *,
        strict: bool = False,
        type: str = "any",
        max_depth: Optional[int] = None,
        max_size: Optional[int] = None,
        max_errors: Optional[int] = None,
        max_error_bytes: Optional[int] = None,
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
    def from_json(
        data: _JsonInput,
        *,
        strict: bool = True,
        type: str = "any",
        max_depth: Optional[int] = None,
        max_size: Optional[int] = None,
        max_errors: Optional[int] = None,
        max_error_bytes: Optional[int] = None,
    ) -> ExportPatch: ...
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
        max_errors: Optional[int] = None,
        max_error_bytes: Optional[int] = None,
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
        include_unknown_enum_members: bool = False,
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

@final
class Poll:
    """Watching an export operation until it ends (the core's policy):
    feed each answer to ``GET`` the operation to ``step()``."""

    def __new__(
        cls,
        *,
        type: str = "any",
        first_wait: float = 1.0,
        max_wait: float = 30.0,
        max_transient: int = 5,
    ) -> Self: ...
    def step(
        self,
        status: int,
        headers: Union[Mapping[str, str], Iterable[tuple[str, str]]],
        body: Union[bytes, bytearray, str],
    ) -> PollStep: ...
    def reset(self) -> None: ...

@final
class PollStep:
    """What to do after one answer: ``kind`` is ``"wait"``, ``"succeeded"``,
    ``"ended"`` or ``"error"``."""

    @property
    def kind(self) -> str: ...
    @property
    def wait(self) -> float: ...
    @property
    def from_retry_after(self) -> bool: ...
    @property
    def status(self) -> Optional[str]: ...
    @property
    def percent(self) -> Optional[int]: ...
    @property
    def http_status(self) -> Optional[int]: ...
    @property
    def transient_in_a_row(self) -> int: ...
    @property
    def result_code(self) -> Optional[int]: ...
    @property
    def result_message(self) -> Optional[str]: ...
    @property
    def operation(self) -> Optional[ExportOperation]: ...
    @property
    def error(self) -> Optional[BaseException]: ...

@overload
def read_response(
    status: int,
    headers: Union[Mapping[str, str], Iterable[tuple[str, str]]],
    body: Union[bytes, bytearray, str],
    *,
    type: None = None,
) -> Optional[CaseExportOperation]:
    """Reads the response to the PATCH: the updated operation, ``None`` for
    ``204``, or raises ``GraphError``."""

@overload
def read_response(
    status: int,
    headers: Union[Mapping[str, str], Iterable[tuple[str, str]]],
    body: Union[bytes, bytearray, str],
    *,
    type: str,
) -> Optional[ExportOperation]:
    """Reads the response as an ``ExportOperation`` of the type ``type``
    selects (``"any"``: the type the body names; or one type's name)."""

def operation_url(case_id: str, operation_id: str) -> str:
    """The URL of a case export operation in the beta compliance API (the
    seed's endpoint), ids percent-encoded."""

def flags_to_wire(bits: int, type_name: str = "exportOptions") -> str:
    """The wire string of the members whose bits are set, of the flags type
    ``type_name`` (``exportOptions`` or ``security.exportOptions``)."""

def flags_from_wire(wire: str, type_name: str = "exportOptions") -> tuple[int, list[str]]:
    """Parses a wire string of the flags type ``type_name``: the known
    members' bits and the unknown members' names."""

def _enum_types() -> list[tuple[str, list[str], bool]]: ...
def _declared_properties() -> list[tuple[str, list[tuple[str, str]]]]: ...
def _declared_kinds() -> list[tuple[str, list[tuple[str, str, bool]]]]: ...

@final
class _Server:
    """The in-process server behind ``caseexport.testing.serve()`` (the
    ``caseexport serve`` service on background threads of this process)."""

    def __new__(
        cls,
        tokens: list[str],
        loads: list[tuple[str, str]],
        db: Optional[str] = None,
        port: int = 0,
        max_body: Optional[int] = None,
        read_timeout: Optional[float] = None,
        group_commit: Optional[int] = None,
        workers: int = 2,
        log: bool = False,
    ) -> Self: ...
    @property
    def url(self) -> str: ...
    @property
    def running(self) -> bool: ...
    def stop(self) -> None: ...
