"""caseexport: the Microsoft Graph eDiscovery ``caseExportOperation`` and its
update (``PATCH``) flow, done carefully — a typed model where every property
is absent, null or a value; strict and lenient reading with every error
reported at once; canonical JSON; RFC 7396 merge-patch apply and minimal diff;
and the sans-IO HTTP request/response helpers. Secrets never print.

    >>> import caseexport
    >>> op = caseexport.CaseExportOperation.from_json('{"id": "op1", "status": "running"}')
    >>> op.apply_patch({"status": "succeeded", "description": None}).to_json()
    '{"@odata.type":"#microsoft.graph.caseExportOperation","id":"op1","status":"succeeded","description":null}'

All the rules live in the Rust core; this package is its Python skin (the
native module ``caseexport._native``), so its output is byte for byte the
output of the Rust and C libraries.
"""

from ._native import (
    CaseExportOperation,
    ErrorDetail,
    ExportOperation,
    ExportPatch,
    GraphErrorDetail,
    Identity,
    IdentitySet,
    OperationsPage,
    Patch,
    Poll,
    PollStep,
    Request,
    ResultInfo,
    __version__,
    diff,
    operation_url,
    read_response,
)
from ._enums import (
    CaseAction,
    CaseOperationStatus,
    EdiscoveryCaseAction,
    ExportFileStructure,
    ExportOptions,
    SecurityCaseAction,
    SecurityCaseOperationStatus,
    SecurityExportFileStructure,
    SecurityExportOptions,
)
from ._lifecycle import wait
from ._types import (
    CaseExportError,
    FieldState,
    GraphError,
    ParseError,
    RequestError,
    ValidationError,
)

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
    "Poll",
    "PollStep",
    "wait",
    "CaseOperationStatus",
    "CaseAction",
    "ExportFileStructure",
    "ExportOptions",
    "EdiscoveryCaseAction",
    "SecurityCaseAction",
    "SecurityCaseOperationStatus",
    "SecurityExportOptions",
    "SecurityExportFileStructure",
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
