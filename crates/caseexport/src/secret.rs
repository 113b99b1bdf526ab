//! [`Secret`]: a string that never shows in Debug/Display output (SPEC §7).

use std::fmt;

/// A secret string, such as `azureBlobToken` (a SAS token) or a bearer token.
///
/// `Debug` and `Display` print `***`; the value is only reachable through
/// [`Secret::expose`], and is still serialized where it belongs (canonical JSON,
/// request bodies, the `Authorization` header).
///
/// ```
/// use caseexport::Secret;
/// let s = Secret::new("sv=2020&sig=abc");
/// assert_eq!(format!("{s} {s:?}"), "*** ***");
/// assert_eq!(s.expose(), "sv=2020&sig=abc");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret value itself. Keep it out of logs.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Unwraps the secret value.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_owned())
    }
}
