//! `cx_property`: GENERATED from the core's `caseexport::Property` by
//! `CX_BLESS=1 cargo test -p caseexport-c --test header`. Do not edit.

/// The declared properties of a caseExportOperation, in the specification's
/// table order (the canonical order), passed as a `uint32_t`.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum cx_property {
    /// `id` (String; read-only key, never null)
    Id = 0,
    /// `createdDateTime` (DateTimeOffset)
    CreatedDateTime = 1,
    /// `completedDateTime` (DateTimeOffset)
    CompletedDateTime = 2,
    /// `percentProgress` (Int32, 0..100)
    PercentProgress = 3,
    /// `status` (caseOperationStatus)
    Status = 4,
    /// `action` (caseAction)
    Action = 5,
    /// `createdBy` (identitySet, complex)
    CreatedBy = 6,
    /// `resultInfo` (resultInfo, complex)
    ResultInfo = 7,
    /// `outputName` (String)
    OutputName = 8,
    /// `description` (String)
    Description = 9,
    /// `outputFolderId` (String)
    OutputFolderId = 10,
    /// `azureBlobContainer` (String)
    AzureBlobContainer = 11,
    /// `azureBlobToken` (String, a secret)
    AzureBlobToken = 12,
    /// `exportOptions` (exportOptions flags)
    ExportOptions = 13,
    /// `exportStructure` (exportFileStructure)
    ExportStructure = 14,
}
