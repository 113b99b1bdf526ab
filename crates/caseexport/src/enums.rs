//! The evolvable enumerations (`caseOperationStatus`, `caseAction`,
//! `exportFileStructure`) and the `exportOptions` flags type.
//!
//! Each keeps a member it does not know verbatim (lenient reading) and writes
//! it back unchanged; `unknownFutureValue` is a sentinel strict mode refuses.

use std::fmt;

/// Why a wire string could not be read as an enum or flags value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum MemberError {
    /// Not a known member (strict), or the sentinel in strict mode.
    Unknown(String),
    /// Syntactically invalid flags string (empty, empty member, stray space).
    Malformed(&'static str),
}

/// The empty string is not a member of any enumeration.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("an empty string is not an enumeration member")]
pub struct EmptyMember;

macro_rules! evolvable_enum {
    (
        $(#[$doc:meta])*
        $name:ident, $wire_type:literal, sentinel: $sentinel:expr,
        { $($(#[$vdoc:meta])* $variant:ident = $wire:literal),+ $(,)? }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
            /// A member this version does not know, kept verbatim (lenient reading only).
            Unknown(String),
        }

        impl $name {
            /// Every known member, in declaration order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The wire names of the known members, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($wire),+];

            /// The wire name of the OData enum type.
            pub const TYPE_NAME: &'static str = $wire_type;

            /// The type's name and members, for the bindings.
            pub const ENUM_TYPE: crate::schema::EnumType = crate::schema::EnumType {
                type_name: $wire_type,
                members: Self::NAMES,
                sentinel: $sentinel,
                flags: false,
            };

            /// The wire name (case-sensitive), or the kept unknown string.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Unknown(s) => s,
                }
            }

            /// Parses a known member; `None` for anything else.
            pub fn from_known(s: &str) -> Option<Self> {
                match s {
                    $($wire => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// Writes the member as a JSON string: a known name as it is (the
            /// names are plain ASCII; a test checks), a kept unknown one escaped.
            pub(crate) fn write_json(&self, out: &mut Vec<u8>) {
                match self {
                    $name::Unknown(s) => crate::write::write_str(out, s),
                    known => crate::write::write_plain(out, known.as_str()),
                }
            }

            /// `true` for the `unknownFutureValue` sentinel.
            pub fn is_sentinel(&self) -> bool {
                let sentinel: Option<&str> = $sentinel;
                sentinel == Some(self.as_str()) && !matches!(self, $name::Unknown(_))
            }

            /// What a client that did not ask for members after the
            /// sentinel is shown: `Some(unknownFutureValue)` for a member
            /// declared after it or one this version does not know (types
            /// with a sentinel only); `None` when the member shows as it is.
            pub fn hidden(&self) -> Option<Self> {
                let sentinel: Option<&str> = $sentinel;
                let sentinel = sentinel?;
                let at = Self::NAMES.iter().position(|n| *n == sentinel)?;
                let after = match self {
                    $name::Unknown(_) => true,
                    known => Self::NAMES
                        .iter()
                        .position(|n| *n == known.as_str())
                        .is_some_and(|i| i > at),
                };
                if after {
                    Self::from_known(sentinel)
                } else {
                    None
                }
            }

            /// Reads a wire string: strict mode refuses unknown members and the sentinel.
            pub(crate) fn read(s: &str, strict: bool) -> Result<Self, MemberError> {
                match Self::from_known(s) {
                    Some(v) if !(strict && v.is_sentinel()) => Ok(v),
                    Some(_) => Err(MemberError::Unknown(s.to_owned())),
                    None if strict => Err(MemberError::Unknown(s.to_owned())),
                    None => Ok($name::Unknown(s.to_owned())),
                }
            }
        }

        impl crate::read::objects::ReadValue for $name {
            #[inline(always)]
            fn read(
                ctx: &mut crate::read::Ctx,
                path: &crate::error::Path<'_>,
                lx: &mut crate::read::Lexer<'_>,
                slot: &mut crate::Field<Self>,
            ) -> Result<(), crate::read::LexError> {
                crate::read::objects::read_enum(ctx, path, lx, slot, $wire_type, Self::read)
            }

            fn read_raw(
                ctx: &mut crate::read::Ctx,
                path: &crate::error::Path<'_>,
                raw: crate::read::Raw<'_>,
                slot: &mut crate::Field<Self>,
            ) {
                crate::read::objects::read_enum_raw(ctx, path, raw, slot, $wire_type, Self::read)
            }
        }

        impl crate::write::WriteValue for $name {
            #[inline(always)]
            fn write(out: &mut Vec<u8>, v: &Self) {
                v.write_json(out)
            }
        }

        impl crate::schema::Value for $name {
            const KIND: crate::schema::ValueKind = crate::schema::ValueKind::Enum(&Self::ENUM_TYPE);
            fn value_ref(&self) -> crate::schema::ValueRef<'_> {
                crate::schema::ValueRef::Enum {
                    type_name: $wire_type,
                    wire: self.as_str(),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = EmptyMember;
            /// Any non-empty string: known members map to their variant,
            /// others to `Unknown`. The empty string is never a member.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                if s.is_empty() {
                    return Err(EmptyMember);
                }
                Ok(Self::from_known(s).unwrap_or_else(|| $name::Unknown(s.to_owned())))
            }
        }
    };
}

evolvable_enum! {
    /// `caseOperationStatus`: where a case operation stands.
    ///
    /// ```
    /// use caseexport::CaseOperationStatus;
    /// assert_eq!(CaseOperationStatus::PartiallySucceeded.as_str(), "partiallySucceeded");
    /// let v: CaseOperationStatus = "paused".parse().unwrap();
    /// assert_eq!(v, CaseOperationStatus::Unknown("paused".into()));
    /// ```
    CaseOperationStatus, "caseOperationStatus", sentinel: None, {
        /// `notStarted`
        NotStarted = "notStarted",
        /// `submissionFailed`
        SubmissionFailed = "submissionFailed",
        /// `running`
        Running = "running",
        /// `succeeded`
        Succeeded = "succeeded",
        /// `partiallySucceeded`
        PartiallySucceeded = "partiallySucceeded",
        /// `failed`
        Failed = "failed",
    }
}

evolvable_enum! {
    /// `caseAction`: what the case operation does.
    ///
    /// ```
    /// use caseexport::CaseAction;
    /// assert_eq!(CaseAction::from_known("convertToPdf"), Some(CaseAction::ConvertToPdf));
    /// ```
    CaseAction, "caseAction", sentinel: None, {
        /// `contentExport`
        ContentExport = "contentExport",
        /// `tag`
        Tag = "tag",
        /// `convertToPdf`
        ConvertToPdf = "convertToPdf",
        /// `index`
        Index = "index",
        /// `search`
        Search = "search",
        /// `addDataToReviewSet`
        AddDataToReviewSet = "addDataToReviewSet",
    }
}

evolvable_enum! {
    /// `exportFileStructure`: how exported files are laid out.
    ///
    /// ```
    /// use caseexport::ExportFileStructure;
    /// assert!(ExportFileStructure::UnknownFutureValue.is_sentinel());
    /// assert!(!ExportFileStructure::Pst.is_sentinel());
    /// ```
    ExportFileStructure, "exportFileStructure", sentinel: Some("unknownFutureValue"), {
        /// `none`
        None = "none",
        /// `directory`
        Directory = "directory",
        /// `pst`
        Pst = "pst",
        /// `unknownFutureValue` (sentinel; refused in strict mode)
        UnknownFutureValue = "unknownFutureValue",
    }
}

/// The `exportOptions` flags: a set of known members plus unknown ones kept
/// verbatim (lenient reading).
///
/// Wire form: members joined by `,`, known ones in declaration order, then
/// unknown ones in arrival order.
///
/// ```
/// use caseexport::ExportOptions;
/// let o: ExportOptions = "fileInfo, text,originalFiles,text".parse().unwrap();
/// assert_eq!(o.to_string(), "originalFiles,text,fileInfo");
/// assert!(o.contains(ExportOptions::TEXT));
/// assert_eq!((ExportOptions::TAGS | ExportOptions::PDF_REPLACEMENT).to_string(), "pdfReplacement,tags");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct ExportOptions {
    bits: u8,
    unknown: Vec<String>,
}

const FLAG_NAMES: [&str; 6] = [
    "originalFiles",
    "text",
    "pdfReplacement",
    "fileInfo",
    "tags",
    "unknownFutureValue",
];
const SENTINEL_BIT: u8 = 1 << 5;

impl ExportOptions {
    /// No members.
    pub const EMPTY: ExportOptions = ExportOptions::from_bits(0);
    /// `originalFiles`
    pub const ORIGINAL_FILES: ExportOptions = ExportOptions::from_bits(1);
    /// `text`
    pub const TEXT: ExportOptions = ExportOptions::from_bits(1 << 1);
    /// `pdfReplacement`
    pub const PDF_REPLACEMENT: ExportOptions = ExportOptions::from_bits(1 << 2);
    /// `fileInfo`
    pub const FILE_INFO: ExportOptions = ExportOptions::from_bits(1 << 3);
    /// `tags`
    pub const TAGS: ExportOptions = ExportOptions::from_bits(1 << 4);
    /// `unknownFutureValue` (sentinel; refused in strict mode)
    pub const UNKNOWN_FUTURE_VALUE: ExportOptions = ExportOptions::from_bits(SENTINEL_BIT);

    /// The wire names of the known members, in declaration order.
    pub const KNOWN_NAMES: [&'static str; 6] = FLAG_NAMES;

    /// The wire name of the OData flags type.
    pub const TYPE_NAME: &'static str = "exportOptions";

    /// The type's name and members (bit *i* is member *i*), for the bindings.
    pub const ENUM_TYPE: crate::schema::EnumType = crate::schema::EnumType {
        type_name: Self::TYPE_NAME,
        members: &FLAG_NAMES,
        sentinel: Some(FLAG_NAMES[5]),
        flags: true,
    };

    const fn from_bits(bits: u8) -> Self {
        ExportOptions {
            bits,
            unknown: Vec::new(),
        }
    }

    /// The known members as bits (bit *i* is `KNOWN_NAMES[i]`).
    pub fn bits(&self) -> u8 {
        self.bits
    }

    /// Builds from bits (unused high bits are dropped) plus member names.
    ///
    /// The names are taken as the flags reader takes members, so that the
    /// value writes a flags string that reads back to it: a known name sets
    /// its bit; an unknown one is kept once, in order; a name that cannot be
    /// a member (empty, or with a comma or a space) is ignored.
    ///
    /// ```
    /// use caseexport::ExportOptions;
    /// let names = ["newFlag", "text", "newFlag", "", "a,b", "c d"].map(String::from).to_vec();
    /// let o = ExportOptions::from_parts(ExportOptions::TAGS.bits(), names);
    /// assert_eq!(o, ExportOptions::TEXT | ExportOptions::TAGS | "newFlag".parse().unwrap());
    /// assert_eq!(o.to_string(), "text,tags,newFlag");
    /// assert_eq!(o.to_string().parse::<ExportOptions>().unwrap(), o);
    /// ```
    pub fn from_parts(bits: u8, names: Vec<String>) -> Self {
        let mut o = ExportOptions::from_bits(bits & 0x3f);
        for name in names {
            if name.is_empty() || name.contains([',', ' ']) {
                continue;
            }
            match FLAG_NAMES.iter().position(|n| *n == name) {
                Some(bit) => o.bits |= 1 << bit,
                None if !o.unknown.contains(&name) => o.unknown.push(name),
                None => {}
            }
        }
        o
    }

    /// The unknown members kept verbatim, in arrival order.
    pub fn unknown(&self) -> &[String] {
        &self.unknown
    }

    /// `true` when every known member of `other` is set here.
    pub fn contains(&self, other: ExportOptions) -> bool {
        self.bits & other.bits == other.bits
    }

    /// `true` when nothing is set. An empty set has no valid wire form (the
    /// service rejects `""`): to send "no options", clear the property
    /// (`null`) instead.
    pub fn is_empty(&self) -> bool {
        self.bits == 0 && self.unknown.is_empty()
    }

    /// Adds the members of `other`.
    pub fn insert(&mut self, other: ExportOptions) {
        self.bits |= other.bits;
        for u in other.unknown {
            if !self.unknown.contains(&u) {
                self.unknown.push(u);
            }
        }
    }

    /// Every member's wire name: known in declaration order, then unknown.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        FLAG_NAMES
            .iter()
            .enumerate()
            .filter(move |(i, _)| self.bits & (1 << i) != 0)
            .map(|(_, n)| *n)
            .chain(self.unknown.iter().map(String::as_str))
    }

    /// Reads the wire form; strict mode refuses unknown members and the sentinel.
    pub(crate) fn read(s: &str, strict: bool) -> Result<Self, MemberError> {
        match known_bits(s) {
            Some(bits) => Ok(ExportOptions::from_bits(bits)),
            None => Self::read_general(s, strict),
        }
    }

    /// Any flags value, member by member (unknown members, the sentinel,
    /// errors).
    fn read_general(s: &str, strict: bool) -> Result<Self, MemberError> {
        let mut out = ExportOptions::default();
        let sentinel = SENTINEL_BIT.trailing_zeros() as usize;
        read_flags(s, strict, &FLAG_NAMES, sentinel, |m| match m {
            Ok(bit) => out.bits |= 1 << bit,
            Err(name) => {
                if !out.unknown.iter().any(|u| u == name) {
                    out.unknown.push(name.to_owned());
                }
            }
        })?;
        Ok(out)
    }
}

/// The usual flags value, read in one pass: known members other than the
/// sentinel, separated by commas (spaces allowed after a comma). `None`
/// sends anything else (unknown or sentinel members, malformed text) to the
/// general reader, which gives the same bits for what this accepts (a test
/// checks).
fn known_bits(s: &str) -> Option<u8> {
    let mut bits = 0;
    let mut rest = s.as_bytes();
    loop {
        // The first byte picks the only candidate name.
        let bit = match (rest.first()?, rest.get(1)) {
            (b'o', _) => 0,
            (b't', Some(b'e')) => 1,
            (b'p', _) => 2,
            (b'f', _) => 3,
            (b't', _) => 4,
            _ => return None,
        };
        rest = rest.strip_prefix(FLAG_NAMES[bit].as_bytes())?;
        bits |= 1 << bit;
        match rest.split_first() {
            None => return Some(bits),
            Some((b',', tail)) => {
                rest = tail;
                while let Some((b' ', tail)) = rest.split_first() {
                    rest = tail;
                }
            }
            Some(_) => return None,
        }
    }
}

impl std::ops::BitOr for ExportOptions {
    type Output = ExportOptions;
    fn bitor(mut self, rhs: ExportOptions) -> ExportOptions {
        self.insert(rhs);
        self
    }
}

impl fmt::Display for ExportOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, name) in self.names().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(name)?;
        }
        Ok(())
    }
}

/// A flags string that cannot be read even leniently.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FlagsError(&'static str);

/// A reading error of a lenient parse as a [`FlagsError`]: malformed text
/// (an unknown member is an error only in strict mode).
fn flags_error(e: MemberError) -> FlagsError {
    match e {
        MemberError::Malformed(m) => FlagsError(m),
        MemberError::Unknown(_) => FlagsError("unknown member"),
    }
}

impl std::str::FromStr for ExportOptions {
    type Err = FlagsError;
    /// Lenient parse: unknown members are kept, malformed strings refused.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ExportOptions::read(s, false).map_err(flags_error)
    }
}

evolvable_enum! {
    /// `microsoft.graph.ediscovery.caseAction` (beta, current metadata):
    /// what an operation of the beta compliance namespace does. `purgeData`
    /// comes after the sentinel: a real member, read in both modes.
    ///
    /// ```
    /// use caseexport::EdiscoveryCaseAction;
    /// assert_eq!(EdiscoveryCaseAction::from_known("purgeData"), Some(EdiscoveryCaseAction::PurgeData));
    /// assert!(EdiscoveryCaseAction::UnknownFutureValue.is_sentinel());
    /// ```
    EdiscoveryCaseAction, "ediscovery.caseAction", sentinel: Some("unknownFutureValue"), {
        /// `contentExport`
        ContentExport = "contentExport",
        /// `applyTags`
        ApplyTags = "applyTags",
        /// `convertToPdf`
        ConvertToPdf = "convertToPdf",
        /// `index`
        Index = "index",
        /// `estimateStatistics`
        EstimateStatistics = "estimateStatistics",
        /// `addToReviewSet`
        AddToReviewSet = "addToReviewSet",
        /// `holdUpdate`
        HoldUpdate = "holdUpdate",
        /// `unknownFutureValue` (sentinel; refused in strict mode)
        UnknownFutureValue = "unknownFutureValue",
        /// `purgeData` (after the sentinel)
        PurgeData = "purgeData",
    }
}

evolvable_enum! {
    /// `microsoft.graph.security.caseAction` (v1.0 and beta). The members
    /// after `unknownFutureValue` are real members, read in both modes.
    ///
    /// ```
    /// use caseexport::SecurityCaseAction;
    /// assert_eq!(SecurityCaseAction::from_known("holdPolicySync"), Some(SecurityCaseAction::HoldPolicySync));
    /// ```
    SecurityCaseAction, "security.caseAction", sentinel: Some("unknownFutureValue"), {
        /// `contentExport`
        ContentExport = "contentExport",
        /// `applyTags`
        ApplyTags = "applyTags",
        /// `convertToPdf`
        ConvertToPdf = "convertToPdf",
        /// `index`
        Index = "index",
        /// `estimateStatistics`
        EstimateStatistics = "estimateStatistics",
        /// `addToReviewSet`
        AddToReviewSet = "addToReviewSet",
        /// `holdUpdate`
        HoldUpdate = "holdUpdate",
        /// `unknownFutureValue` (sentinel; refused in strict mode)
        UnknownFutureValue = "unknownFutureValue",
        /// `purgeData` (after the sentinel)
        PurgeData = "purgeData",
        /// `exportReport` (after the sentinel)
        ExportReport = "exportReport",
        /// `exportResult` (after the sentinel)
        ExportResult = "exportResult",
        /// `holdPolicySync` (after the sentinel)
        HoldPolicySync = "holdPolicySync",
    }
}

evolvable_enum! {
    /// `microsoft.graph.security.caseOperationStatus` (v1.0 and beta).
    ///
    /// ```
    /// use caseexport::SecurityCaseOperationStatus;
    /// assert!(SecurityCaseOperationStatus::UnknownFutureValue.is_sentinel());
    /// ```
    SecurityCaseOperationStatus, "security.caseOperationStatus", sentinel: Some("unknownFutureValue"), {
        /// `notStarted`
        NotStarted = "notStarted",
        /// `submissionFailed`
        SubmissionFailed = "submissionFailed",
        /// `running`
        Running = "running",
        /// `succeeded`
        Succeeded = "succeeded",
        /// `partiallySucceeded`
        PartiallySucceeded = "partiallySucceeded",
        /// `failed`
        Failed = "failed",
        /// `unknownFutureValue` (sentinel; refused in strict mode)
        UnknownFutureValue = "unknownFutureValue",
    }
}

evolvable_enum! {
    /// `microsoft.graph.security.exportFileStructure` (v1.0 and beta);
    /// `msg` comes after the sentinel.
    ///
    /// ```
    /// use caseexport::SecurityExportFileStructure;
    /// assert_eq!(SecurityExportFileStructure::from_known("msg"), Some(SecurityExportFileStructure::Msg));
    /// ```
    SecurityExportFileStructure, "security.exportFileStructure", sentinel: Some("unknownFutureValue"), {
        /// `none`
        None = "none",
        /// `directory`
        Directory = "directory",
        /// `pst`
        Pst = "pst",
        /// `unknownFutureValue` (sentinel; refused in strict mode)
        UnknownFutureValue = "unknownFutureValue",
        /// `msg` (after the sentinel)
        Msg = "msg",
    }
}

/// `microsoft.graph.security.exportOptions` (flags, v1.0 and beta): a set of
/// known members plus unknown ones kept verbatim (lenient reading). Members
/// are on the wire by name, so v1.0's and beta's different numeric values
/// do not matter; `fileInfo` is beta only (deprecated) and is read in both
/// modes. Members after `unknownFutureValue` are real members.
///
/// ```
/// use caseexport::SecurityExportOptions;
/// let o: SecurityExportOptions = "condensePaths, text".parse().unwrap();
/// assert_eq!(o.to_string(), "text,condensePaths");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct SecurityExportOptions {
    bits: u16,
    unknown: Vec<String>,
}

const SECURITY_FLAG_NAMES: [&str; 10] = [
    "originalFiles",
    "text",
    "pdfReplacement",
    "fileInfo",
    "tags",
    "unknownFutureValue",
    "splitSource",
    "includeFolderAndPath",
    "friendlyName",
    "condensePaths",
];

impl SecurityExportOptions {
    /// The wire names of the known members, in declaration order (bit *i*
    /// is member *i*).
    pub const KNOWN_NAMES: [&'static str; 10] = SECURITY_FLAG_NAMES;

    /// The wire name of the OData flags type.
    pub const TYPE_NAME: &'static str = "security.exportOptions";

    /// The type's name and members, for the bindings.
    pub const ENUM_TYPE: crate::schema::EnumType = crate::schema::EnumType {
        type_name: Self::TYPE_NAME,
        members: &SECURITY_FLAG_NAMES,
        sentinel: Some(SECURITY_FLAG_NAMES[5]),
        flags: true,
    };

    /// The known members as bits.
    pub fn bits(&self) -> u16 {
        self.bits
    }

    /// The unknown members kept verbatim, in arrival order.
    pub fn unknown(&self) -> &[String] {
        &self.unknown
    }

    /// Every member's wire name: known in declaration order, then unknown.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        SECURITY_FLAG_NAMES
            .iter()
            .enumerate()
            .filter(move |(i, _)| self.bits & (1 << i) != 0)
            .map(|(_, n)| *n)
            .chain(self.unknown.iter().map(String::as_str))
    }

    /// What a client that did not ask for members after the sentinel is
    /// shown: those members (and unknown ones) replaced by
    /// `unknownFutureValue`; `None` when nothing is to hide.
    pub fn hidden(&self) -> Option<Self> {
        let after: u16 = !0 << 6;
        if self.bits & after == 0 && self.unknown.is_empty() {
            return None;
        }
        Some(SecurityExportOptions {
            bits: (self.bits & !after) | (1 << 5),
            unknown: Vec::new(),
        })
    }

    /// Reads the wire form as [`ExportOptions`] does; strict mode refuses
    /// unknown members and the sentinel.
    pub(crate) fn read(s: &str, strict: bool) -> Result<Self, MemberError> {
        let mut out = SecurityExportOptions::default();
        read_flags(s, strict, &SECURITY_FLAG_NAMES, 5, |m| match m {
            Ok(bit) => out.bits |= 1 << bit,
            Err(name) => {
                if !out.unknown.iter().any(|u| u == name) {
                    out.unknown.push(name.to_owned());
                }
            }
        })?;
        Ok(out)
    }
}

/// The general flags reader: each member of `s` is handed to `add` as its
/// bit (`Ok`) or, leniently, its unknown name (`Err`).
fn read_flags<'s>(
    s: &'s str,
    strict: bool,
    names: &[&str],
    sentinel: usize,
    mut add: impl FnMut(Result<usize, &'s str>),
) -> Result<(), MemberError> {
    if s.is_empty() {
        return Err(MemberError::Malformed(
            "an empty string is not a flags value",
        ));
    }
    for (i, part) in s.split(',').enumerate() {
        let name = if i == 0 {
            part
        } else {
            part.trim_start_matches(' ')
        };
        if name.is_empty() {
            return Err(MemberError::Malformed("empty member in flags value"));
        }
        if name.contains(' ') {
            return Err(MemberError::Malformed(
                "spaces are allowed only after a comma",
            ));
        }
        match names.iter().position(|n| *n == name) {
            Some(bit) if strict && bit == sentinel => {
                return Err(MemberError::Unknown(name.to_owned()))
            }
            Some(bit) => add(Ok(bit)),
            None if strict => return Err(MemberError::Unknown(name.to_owned())),
            None => add(Err(name)),
        }
    }
    Ok(())
}

impl crate::schema::EnumType {
    /// The wire string of a flags value given as bits of this flags type
    /// (bit *i* is member *i*): the members in declaration order, joined by
    /// `,`; empty for no members. Bits past the last member are ignored;
    /// for an enumeration (not flags) the result is empty.
    ///
    /// ```
    /// use caseexport::SecurityExportOptions;
    /// let t = SecurityExportOptions::ENUM_TYPE;
    /// assert_eq!(t.flags_to_wire((1 << 9) | (1 << 1)), "text,condensePaths");
    /// ```
    pub fn flags_to_wire(&self, bits: u64) -> String {
        if !self.flags {
            return String::new();
        }
        let mut out = String::new();
        for (i, name) in self.members.iter().enumerate().take(64) {
            if bits & (1 << i) != 0 {
                if !out.is_empty() {
                    out.push(',');
                }
                out.push_str(name);
            }
        }
        out
    }

    /// Reads a flags wire string of this type leniently, as the typed
    /// values' `FromStr` does: the known members as bits and the unknown
    /// ones verbatim (in arrival order, each once). A malformed string
    /// (empty, an empty member, a space not after a comma), or any string
    /// for an enumeration that is not flags, is a [`FlagsError`].
    ///
    /// ```
    /// use caseexport::ExportOptions;
    /// let t = ExportOptions::ENUM_TYPE;
    /// assert_eq!(t.flags_from_wire("text, newOne").unwrap(), (2, vec!["newOne".to_owned()]));
    /// assert!(t.flags_from_wire("text,,tags").is_err());
    /// ```
    pub fn flags_from_wire(&self, wire: &str) -> Result<(u64, Vec<String>), FlagsError> {
        if !self.flags {
            return Err(FlagsError("not a flags type"));
        }
        let sentinel = self
            .sentinel
            .and_then(|s| self.members.iter().position(|m| *m == s))
            .unwrap_or(usize::MAX);
        let mut bits = 0u64;
        let mut unknown: Vec<String> = Vec::new();
        read_flags(wire, false, self.members, sentinel, |m| match m {
            Ok(bit) => bits |= 1 << bit,
            Err(name) => {
                if !unknown.iter().any(|u| u == name) {
                    unknown.push(name.to_owned());
                }
            }
        })
        .map_err(flags_error)?;
        Ok((bits, unknown))
    }
}

impl fmt::Display for SecurityExportOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, name) in self.names().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(name)?;
        }
        Ok(())
    }
}

impl std::str::FromStr for SecurityExportOptions {
    type Err = FlagsError;
    /// Lenient parse: unknown members are kept, malformed strings refused.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SecurityExportOptions::read(s, false).map_err(flags_error)
    }
}

impl crate::read::objects::ReadValue for SecurityExportOptions {
    #[inline(always)]
    fn read(
        ctx: &mut crate::read::Ctx,
        path: &crate::error::Path<'_>,
        lx: &mut crate::read::Lexer<'_>,
        slot: &mut crate::Field<Self>,
    ) -> Result<(), crate::read::LexError> {
        crate::read::objects::read_enum(ctx, path, lx, slot, Self::TYPE_NAME, Self::read)
    }

    fn read_raw(
        ctx: &mut crate::read::Ctx,
        path: &crate::error::Path<'_>,
        raw: crate::read::Raw<'_>,
        slot: &mut crate::Field<Self>,
    ) {
        crate::read::objects::read_enum_raw(ctx, path, raw, slot, Self::TYPE_NAME, Self::read)
    }
}

impl crate::write::WriteValue for SecurityExportOptions {
    fn write(out: &mut Vec<u8>, v: &Self) {
        crate::write::write_str(out, &v.to_string())
    }
}

impl crate::schema::Value for SecurityExportOptions {
    const KIND: crate::schema::ValueKind = crate::schema::ValueKind::Flags(&Self::ENUM_TYPE);
    fn value_ref(&self) -> crate::schema::ValueRef<'_> {
        crate::schema::ValueRef::SecurityFlags(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_parts_values_read_back_from_their_wire_form() {
        // Known names, duplicates and names no reader could produce were
        // once kept verbatim as "unknown": `from_parts(0, ["text"])` wrote
        // `text` and read back as another value, `"a,b"` as two members.
        let names = [
            "text",
            "newFlag",
            "newFlag",
            "",
            "a,b",
            " x",
            "x ",
            "c d",
            "unknownFutureValue",
        ];
        for name in names {
            let o = ExportOptions::from_parts(1, vec![name.to_owned()]);
            let back: ExportOptions = o.to_string().parse().expect("a flags string");
            assert_eq!(back, o, "{name:?} -> {o}");
        }
        let o = ExportOptions::from_parts(0, vec!["text".into()]);
        assert_eq!(o, ExportOptions::TEXT);
        assert!(ExportOptions::from_parts(0, vec!["".into(), "a,b".into()]).is_empty());
    }

    #[test]
    fn the_one_pass_reader_agrees_with_the_general_one() {
        // Every ordered pair and triple of names (the sentinel too), with and
        // without spaces, and broken variants of each.
        let mut inputs = vec![String::new(), ",".into(), " text".into(), "text ".into()];
        let names = FLAG_NAMES
            .iter()
            .chain(&["tex", "textx", "Text", "t", "other"]);
        for a in names.clone() {
            inputs.push((*a).to_owned());
            for b in names.clone() {
                for sep in [",", ", ", ",  ", " ,", ",,", ""] {
                    inputs.push(format!("{a}{sep}{b}"));
                    inputs.push(format!("{a}{sep}{b},fileInfo"));
                    inputs.push(format!("{a}{sep}{b},"));
                }
            }
        }
        for s in &inputs {
            for strict in [true, false] {
                let got = ExportOptions::read(s, strict);
                assert_eq!(
                    got,
                    ExportOptions::read_general(s, strict),
                    "{s:?} strict={strict}"
                );
            }
        }
        // The fast path is taken for every member but the sentinel.
        for (i, name) in FLAG_NAMES.iter().enumerate() {
            let want = (1 << i != SENTINEL_BIT).then_some(1 << i);
            assert_eq!(known_bits(name), want, "{name}");
        }
        assert_eq!(known_bits("originalFiles,text, fileInfo"), Some(0b1011));
    }

    #[test]
    fn strict_refuses_unknown_and_sentinel() {
        assert!(CaseAction::read("applyTags", true).is_err());
        assert_eq!(
            CaseAction::read("applyTags", false),
            Ok(CaseAction::Unknown("applyTags".into()))
        );
        assert!(ExportFileStructure::read("unknownFutureValue", true).is_err());
        assert_eq!(
            ExportFileStructure::read("unknownFutureValue", false),
            Ok(ExportFileStructure::UnknownFutureValue)
        );
        assert!(ExportOptions::read("text,unknownFutureValue", true).is_err());
        assert!(ExportOptions::read("text,newThing", true).is_err());
        // case-sensitive
        assert!(CaseAction::read("Tag", true).is_err());
    }

    #[test]
    fn flags_syntax() {
        for bad in [
            "",
            ",",
            "text,",
            ",text",
            "text,,tags",
            " text",
            "text ",
            "text ,tags",
        ] {
            assert!(
                matches!(
                    ExportOptions::read(bad, false),
                    Err(MemberError::Malformed(_))
                ),
                "{bad:?}"
            );
        }
        let o = ExportOptions::read("b,tags,a,  text,b", false).unwrap();
        assert_eq!(o.to_string(), "text,tags,b,a");
        let s = ExportOptions::read("unknownFutureValue,originalFiles", false).unwrap();
        assert_eq!(s.to_string(), "originalFiles,unknownFutureValue");
    }
}
