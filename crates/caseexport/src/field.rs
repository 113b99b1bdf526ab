//! [`Field`]: the tri-state of every nullable property — absent, null, or a value.

/// The state of one property: not sent at all, sent as `null`, or sent with a value.
///
/// `Option<T>` cannot tell "not selected" from "explicitly cleared"; a PATCH
/// body needs both (absent = leave unchanged, `null` = clear).
///
/// ```
/// use caseexport::Field;
/// let f: Field<i32> = Field::Value(5);
/// assert_eq!(f.as_option(), Some(&5));
/// assert!(Field::<i32>::Null.is_null());
/// assert!(Field::<i32>::default().is_absent());
/// // absent and null are both "no value"
/// assert_eq!(Field::<i32>::Null.as_option(), Field::<i32>::Absent.as_option());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum Field<T> {
    /// Not present in the document (not selected, or left unchanged by a patch).
    #[default]
    Absent,
    /// Present as JSON `null`.
    Null,
    /// Present with a value.
    Value(T),
}

impl<T> Field<T> {
    /// `true` when the property is not present.
    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }

    /// `true` when the property is present as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Field::Null)
    }

    /// `true` when the property has a value.
    pub fn is_value(&self) -> bool {
        matches!(self, Field::Value(_))
    }

    /// The value, if any; absent and null both give `None`.
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Mutable access to the value, if any.
    pub fn as_option_mut(&mut self) -> Option<&mut T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Converts into an `Option`, forgetting the absent/null difference.
    pub fn into_option(self) -> Option<T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Borrows the contents: `Field<&T>`.
    pub fn as_ref(&self) -> Field<&T> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(v),
        }
    }

    /// Maps the value, keeping absent and null.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Field<U> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(f(v)),
        }
    }
}

impl<T> From<Option<T>> for Field<T> {
    /// `Some(v)` → value, `None` → null (an explicit "no value").
    fn from(o: Option<T>) -> Self {
        match o {
            Some(v) => Field::Value(v),
            None => Field::Null,
        }
    }
}
