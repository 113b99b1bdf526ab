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
