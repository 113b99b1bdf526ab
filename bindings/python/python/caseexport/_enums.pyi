# Generated from the core's enumerations by tests/test_schema.py: do not edit.
# After changing an enumeration in the core, regenerate it with
#   CX_BLESS=1 bindings/python/run-tests.sh tests/test_schema.py
"""Type stubs for the enumerations that ``_enums.py`` builds from the core."""

import enum

from typing_extensions import Self

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

class ExportOptions(enum.Flag):
    """``exportOptions``: a set of flags, combined with ``|``. On the wire the
    members are joined by ``,`` in declaration order (see ``wire``).
    ``UNKNOWN_FUTURE_VALUE`` is a sentinel that strict reading refuses."""

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

class ExportFileStructure(str, enum.Enum):
    """``exportFileStructure``: how exported files are laid out.
    ``UNKNOWN_FUTURE_VALUE`` is a sentinel that strict reading refuses."""

    NONE = "none"
    DIRECTORY = "directory"
    PST = "pst"
    UNKNOWN_FUTURE_VALUE = "unknownFutureValue"
    def __new__(cls, value: str) -> Self: ...
    def __str__(self) -> str: ...
    def __format__(self, spec: str) -> str: ...

class EdiscoveryCaseAction(str, enum.Enum):
    """``ediscovery.caseAction``: what a beta compliance case operation does.
    ``UNKNOWN_FUTURE_VALUE`` is a sentinel that strict reading refuses;
    ``PURGE_DATA`` comes after it."""

    CONTENT_EXPORT = "contentExport"
    APPLY_TAGS = "applyTags"
    CONVERT_TO_PDF = "convertToPdf"
    INDEX = "index"
    ESTIMATE_STATISTICS = "estimateStatistics"
    ADD_TO_REVIEW_SET = "addToReviewSet"
    HOLD_UPDATE = "holdUpdate"
    UNKNOWN_FUTURE_VALUE = "unknownFutureValue"
    PURGE_DATA = "purgeData"
    def __new__(cls, value: str) -> Self: ...
    def __str__(self) -> str: ...
    def __format__(self, spec: str) -> str: ...

class SecurityCaseAction(str, enum.Enum):
    """``security.caseAction``: what a security case operation does.
    ``UNKNOWN_FUTURE_VALUE`` is a sentinel that strict reading refuses; the
    members after it are real members."""

    CONTENT_EXPORT = "contentExport"
    APPLY_TAGS = "applyTags"
    CONVERT_TO_PDF = "convertToPdf"
    INDEX = "index"
    ESTIMATE_STATISTICS = "estimateStatistics"
    ADD_TO_REVIEW_SET = "addToReviewSet"
    HOLD_UPDATE = "holdUpdate"
    UNKNOWN_FUTURE_VALUE = "unknownFutureValue"
    PURGE_DATA = "purgeData"
    EXPORT_REPORT = "exportReport"
    EXPORT_RESULT = "exportResult"
    HOLD_POLICY_SYNC = "holdPolicySync"
    def __new__(cls, value: str) -> Self: ...
    def __str__(self) -> str: ...
    def __format__(self, spec: str) -> str: ...

class SecurityCaseOperationStatus(str, enum.Enum):
    """``security.caseOperationStatus``: where a security case operation stands.
    ``UNKNOWN_FUTURE_VALUE`` is a sentinel that strict reading refuses."""

    NOT_STARTED = "notStarted"
    SUBMISSION_FAILED = "submissionFailed"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    PARTIALLY_SUCCEEDED = "partiallySucceeded"
    FAILED = "failed"
    UNKNOWN_FUTURE_VALUE = "unknownFutureValue"
    def __new__(cls, value: str) -> Self: ...
    def __str__(self) -> str: ...
    def __format__(self, spec: str) -> str: ...

class SecurityExportOptions(enum.Flag):
    """``security.exportOptions``: a set of flags, combined with ``|``. On the
    wire the members are joined by ``,`` in declaration order (see ``wire``).
    ``UNKNOWN_FUTURE_VALUE`` is a sentinel that strict reading refuses; the
    members after it are real members."""

    ORIGINAL_FILES = 1
    TEXT = 2
    PDF_REPLACEMENT = 4
    FILE_INFO = 8
    TAGS = 16
    UNKNOWN_FUTURE_VALUE = 32
    SPLIT_SOURCE = 64
    INCLUDE_FOLDER_AND_PATH = 128
    FRIENDLY_NAME = 256
    CONDENSE_PATHS = 512
    @property
    def wire(self) -> str: ...
    @classmethod
    def from_wire(cls, wire: str) -> SecurityExportOptions: ...

class SecurityExportFileStructure(str, enum.Enum):
    """``security.exportFileStructure``: how exported files are laid out.
    ``UNKNOWN_FUTURE_VALUE`` is a sentinel that strict reading refuses;
    ``MSG`` comes after it."""

    NONE = "none"
    DIRECTORY = "directory"
    PST = "pst"
    UNKNOWN_FUTURE_VALUE = "unknownFutureValue"
    MSG = "msg"
    def __new__(cls, value: str) -> Self: ...
    def __str__(self) -> str: ...
    def __format__(self, spec: str) -> str: ...
