//! The members a value keeps beside its declared properties: its undeclared
//! members ([`Undeclared`]: `unknown`, `extra`) and its annotations
//! ([`Annotations`]). Both read as [`Members`] (they dereference to one) and
//! change only through methods that refuse a name the canonical writer would
//! then write twice (a declared property's, or an annotation among the
//! undeclared members, or a plain name among the annotations), so no public
//! change can make the writer's output invalid JSON.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use crate::json::{Json, Members};

/// What the kept members need to know of the type that keeps them; made for
/// every declared type by `declare_type!` (this module is private, so no
/// other crate can implement it).
pub trait Owner {
    /// Whether a top-level `@odata.type` is one of its annotations.
    const KEEPS_ODATA_TYPE: bool;
    /// Whether `name` is one of its declared properties.
    fn is_declared(name: &str) -> bool;
}

/// A name refused by [`Undeclared::insert`] or [`Annotations::insert`]:
/// the writer would write it twice or in the wrong place.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{name:?} cannot be kept here: {why}")]
pub struct ReservedName {
    /// The refused name.
    pub name: String,
    /// Why.
    pub why: &'static str,
}

macro_rules! kept {
    ($(#[$doc:meta])* $Kept:ident, |$name:ident| $check:expr) => {
        $(#[$doc])*
        pub struct $Kept<T> {
            members: Members,
            owner: PhantomData<fn() -> T>,
        }

        impl<T: Owner> $Kept<T> {
            /// Sets member `name` (replacing its value in place, or adding
            /// it last); refuses a name the writer would write twice.
            pub fn insert(
                &mut self,
                name: impl Into<String>,
                value: Json,
            ) -> Result<(), ReservedName> {
                let name = name.into();
                let refused: Option<&'static str> = {
                    let $name: &str = &name;
                    $check
                };
                if let Some(why) = refused {
                    return Err(ReservedName { name, why });
                }
                self.members.insert(name, value);
                Ok(())
            }

            /// Builds from members, refusing the first name [`insert`](Self::insert) would refuse.
            pub fn from_members(members: Members) -> Result<Self, ReservedName> {
                let mut out = Self::default();
                for (k, v) in members.iter() {
                    out.insert(k, v.clone())?;
                }
                Ok(out)
            }
        }

        impl<T> $Kept<T> {
            /// Removes member `name`, giving its value.
            pub fn remove(&mut self, name: &str) -> Option<Json> {
                self.members.remove(name)
            }

            /// Removes every member.
            pub fn clear(&mut self) {
                self.members = Members::new();
            }

            /// The members, for the crate's own code, which keeps the rule.
            pub(crate) fn members_mut(&mut self) -> &mut Members {
                &mut self.members
            }

            /// Members the crate knows to follow the rule (read or derived
            /// from kept members).
            pub(crate) fn from_checked(members: Members) -> Self {
                $Kept {
                    members,
                    owner: PhantomData,
                }
            }
        }

        impl<T> Deref for $Kept<T> {
            type Target = Members;
            fn deref(&self) -> &Members {
                &self.members
            }
        }

        impl<T> Default for $Kept<T> {
            fn default() -> Self {
                Self::from_checked(Members::new())
            }
        }

        impl<T> Clone for $Kept<T> {
            fn clone(&self) -> Self {
                Self::from_checked(self.members.clone())
            }
        }

        impl<T> PartialEq for $Kept<T> {
            /// As [`Members`]: the same members, in any order.
            fn eq(&self, other: &Self) -> bool {
                self.members == other.members
            }
        }

        impl<T> fmt::Debug for $Kept<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.members.fmt(f)
            }
        }
    };
}

kept! {
    /// The members of a value that its type does not declare (`unknown` of a
    /// closed type read leniently, `extra` of an open type), in arrival order.
    /// No name is a declared property's or an annotation's.
    ///
    /// ```
    /// use caseexport::{CaseExportOperation, Json};
    /// let mut op = CaseExportOperation::new();
    /// op.unknown.insert("reviewTag", Json::String("hot".into()))?;
    /// assert!(op.unknown.insert("status", Json::Null).is_err()); // declared
    /// assert!(op.unknown.insert("@odata.etag", Json::Null).is_err()); // an annotation
    /// assert_eq!(op.unknown.get("reviewTag").and_then(Json::as_str), Some("hot"));
    /// # Ok::<(), caseexport::ReservedName>(())
    /// ```
    Undeclared, |name| {
        if T::is_declared(name) {
            Some("it is a declared property")
        } else if name.contains('@') {
            Some("it is an annotation name")
        } else {
            None
        }
    }
}

kept! {
    /// The annotations of a value (`@odata.etag`, `outputName@odata.type`, …),
    /// in arrival order: every name contains `@`. A resource's own
    /// `@odata.type` is not among them (the writer writes it from the type);
    /// a complex value's is, and is written first.
    ///
    /// ```
    /// use caseexport::{CaseExportOperation, Json};
    /// let mut op = CaseExportOperation::new();
    /// op.annotations.insert("@odata.etag", Json::String("W/\"1\"".into()))?;
    /// assert!(op.annotations.insert("etag", Json::Null).is_err());
    /// assert!(op.annotations.insert("@odata.type", Json::Null).is_err());
    /// assert_eq!(op.etag(), Some("W/\"1\""));
    /// # Ok::<(), caseexport::ReservedName>(())
    /// ```
    Annotations, |name| {
        if !name.contains('@') {
            Some("an annotation name contains '@'")
        } else if name == "@odata.type" && !T::KEEPS_ODATA_TYPE {
            Some("the writer writes this type's @odata.type")
        } else {
            None
        }
    }
}
