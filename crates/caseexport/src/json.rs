//! [`Json`]: the untyped values the model keeps verbatim — unknown properties
//! (lenient), extra members of open types, annotations — with RFC 7396 merge
//! and the minimal merge-patch diff on them.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::error::{ErrorCode, Errors, Path};

/// A JSON number as kept by the library: exact for integers that fit `i64` or
/// `u64`, the nearest `f64` otherwise (written back in shortest round-trip form).
///
/// ```
/// use caseexport::Number;
/// assert_eq!(Number::from(7u64).as_i64(), Some(7));
/// assert_eq!(Number::from_f64(0.5).unwrap().as_f64(), 0.5);
/// assert!(Number::from_f64(f64::NAN).is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number(pub(crate) N);

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum N {
    PosInt(u64),
    NegInt(i64),
    Float(f64),
}

impl Number {
    /// A finite float; `None` for NaN and infinities, which JSON cannot hold.
    pub fn from_f64(f: f64) -> Option<Number> {
        f.is_finite().then_some(Number(N::Float(f)))
    }

    /// The value as `i64`, if it is an integer in range.
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            N::PosInt(u) => i64::try_from(u).ok(),
            N::NegInt(i) => Some(i),
            N::Float(_) => None,
        }
    }

    /// The value as `u64`, if it is a non-negative integer in range.
    pub fn as_u64(&self) -> Option<u64> {
        match self.0 {
            N::PosInt(u) => Some(u),
            N::NegInt(_) | N::Float(_) => None,
        }
    }

    /// The value as `f64` (possibly rounded).
    pub fn as_f64(&self) -> f64 {
        match self.0 {
            N::PosInt(u) => u as f64,
            N::NegInt(i) => i as f64,
            N::Float(f) => f,
        }
    }

    /// `true` when the number was written without fraction or exponent and fits 64 bits.
    pub fn is_integer(&self) -> bool {
        !matches!(self.0, N::Float(_))
    }
}

impl From<u64> for Number {
    fn from(u: u64) -> Self {
        Number(N::PosInt(u))
    }
}

impl From<i64> for Number {
    fn from(i: i64) -> Self {
        if i >= 0 {
            Number(N::PosInt(i as u64))
        } else {
            Number(N::NegInt(i))
        }
    }
}

impl From<i32> for Number {
    fn from(i: i32) -> Self {
        Number::from(i64::from(i))
    }
}

/// Any JSON value, with object members kept in arrival order.
///
/// Equality treats objects as unordered (JSON semantics); the canonical writer
/// keeps the order.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Json {
    /// `null`
    #[default]
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, members in arrival order.
    Object(Members),
}

impl Json {
    /// `true` for JSON `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// The string, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&Members> {
        match self {
            Json::Object(m) => Some(m),
            _ => None,
        }
    }

    /// Parses JSON text with the default limits (depth 64, 16 MiB), rejecting
    /// duplicate member names.
    ///
    /// ```
    /// use caseexport::Json;
    /// let v = Json::from_json(br#"{"b":1,"a":[true,null]}"#).unwrap();
    /// assert_eq!(v.to_json(), r#"{"b":1,"a":[true,null]}"#);
    /// assert!(Json::from_json(br#"{"a":1,"a":2}"#).is_err());
    /// ```
    pub fn from_json(bytes: &[u8]) -> Result<Json, crate::Error> {
        Json::from_json_with(bytes, &crate::ReadOptions::default())
    }

    /// Parses JSON text with the given limits (the mode does not matter here).
    pub fn from_json_with(bytes: &[u8], opts: &crate::ReadOptions) -> Result<Json, crate::Error> {
        crate::read::read_json(bytes, opts)
    }

    /// Compact JSON text.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        crate::write::write_json(&mut out, self);
        String::from_utf8(out).expect("the writer emits only UTF-8: every piece comes from a str")
    }

    /// RFC 7396 `MergePatch(self, patch)` in place: a non-object patch
    /// replaces; an object patch merges member by member, `null` removing.
    ///
    /// ```
    /// use caseexport::Json;
    /// let mut v = Json::from_json(br#"{"a":"b","c":{"d":"e","f":"g"}}"#).unwrap();
    /// v.merge_patch(&Json::from_json(br#"{"a":"z","c":{"f":null}}"#).unwrap());
    /// assert_eq!(v.to_json(), r#"{"a":"z","c":{"d":"e"}}"#);
    /// ```
    pub fn merge_patch(&mut self, patch: &Json) {
        match patch {
            Json::Object(pm) => {
                if !matches!(self, Json::Object(_)) {
                    *self = Json::Object(Members::new());
                }
                if let Json::Object(tm) = self {
                    tm.merge_patch(pm);
                }
            }
            other => *self = other.clone(),
        }
    }
}

/// Object members in arrival order. Names are unique when read from a
/// document; equality ignores order.
#[derive(Clone, Debug, Default)]
pub struct Members(Vec<(Name, Json)>);

/// A member name: borrowed for the few names the reader knows in advance
/// (`@odata.type`, kept on every nested object), so that reading and cloning
/// them allocates nothing; owned otherwise.
pub(crate) type Name = Cow<'static, str>;

impl PartialEq for Members {
    fn eq(&self, other: &Self) -> bool {
        let other_members = Lookup::new(other);
        self.0.len() == other.0.len() && self.0.iter().all(|(k, v)| other_members.get(k) == Some(v))
    }
}

/// Finds members by name: a scan for small objects, a hash map for large
/// ones, so that comparing, merging or diffing two objects stays linear.
struct Lookup<'a> {
    members: &'a Members,
    map: Option<HashMap<&'a str, &'a Json>>,
}

impl<'a> Lookup<'a> {
    const SCAN_LIMIT: usize = 16;

    fn new(members: &'a Members) -> Self {
        let map = (members.len() > Self::SCAN_LIMIT).then(|| members.iter().collect());
        Lookup { members, map }
    }

    fn get(&self, name: &str) -> Option<&'a Json> {
        match &self.map {
            Some(map) => map.get(name).copied(),
            None => self.members.get(name),
        }
    }
}

impl Members {
    /// No members.
    pub fn new() -> Self {
        Members(Vec::new())
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `true` when there are no members.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of member `name`.
    pub fn get(&self, name: &str) -> Option<&Json> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Mutable access to member `name`.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Json> {
        self.0.iter_mut().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Sets member `name`: replaced in place if present, appended otherwise.
    pub fn insert(&mut self, name: impl Into<String>, value: Json) {
        let name = name.into();
        match self.get_mut(&name) {
            Some(slot) => *slot = value,
            None => self.0.push((Cow::Owned(name), value)),
        }
    }

    /// Removes member `name`, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Json> {
        let i = self.0.iter().position(|(k, _)| k == name)?;
        Some(self.0.remove(i).1)
    }

    /// The members in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Json)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// Appends without checking for an existing member (the reader has already
    /// rejected duplicates).
    pub(crate) fn push_unchecked(&mut self, name: impl Into<Name>, value: Json) {
        if self.0.capacity() == 0 {
            // The first growth `push` would make (room for 4), allocated
            // directly rather than through the general regrow path.
            self.0 = Vec::with_capacity(4);
        }
        self.0.push((name.into(), value));
    }

    /// RFC 7396 merge of an object patch into these members.
    pub fn merge_patch(&mut self, patch: &Members) {
        if self.len().max(patch.len()) > Lookup::SCAN_LIMIT {
            return self.merge_patch_indexed(patch);
        }
        for (k, pv) in patch.iter() {
            if pv.is_null() {
                self.remove(k);
            } else if let Some(slot) = self.get_mut(k) {
                slot.merge_patch(pv);
            } else {
                let mut fresh = Json::Null;
                fresh.merge_patch(pv);
                self.0.push((Cow::Owned(k.to_owned()), fresh));
            }
        }
    }

    /// [`Members::merge_patch`] for large objects: positions found through a
    /// hash map, removed members dropped in one pass at the end.
    fn merge_patch_indexed(&mut self, patch: &Members) {
        let mut slots: Vec<Option<(Name, Json)>> =
            std::mem::take(&mut self.0).into_iter().map(Some).collect();
        let mut index: HashMap<Name, usize> = slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_ref().map(|(k, _)| (k.clone(), i)))
            .collect();
        for (k, pv) in patch.iter() {
            match index.get(k).copied() {
                Some(i) if pv.is_null() => {
                    slots[i] = None;
                    index.remove(k);
                }
                Some(i) => {
                    if let Some((_, v)) = &mut slots[i] {
                        v.merge_patch(pv);
                    }
                }
                None if pv.is_null() => {}
                None => {
                    let mut fresh = Json::Null;
                    fresh.merge_patch(pv);
                    index.insert(Cow::Owned(k.to_owned()), slots.len());
                    slots.push(Some((Cow::Owned(k.to_owned()), fresh)));
                }
            }
        }
        self.0 = slots.into_iter().flatten().collect();
    }
}

impl FromIterator<(String, Json)> for Members {
    /// Collects members; a later duplicate name replaces the earlier value in place.
    fn from_iter<I: IntoIterator<Item = (String, Json)>>(iter: I) -> Self {
        let mut m = Members::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (k, v) in iter {
            match index.get(&k) {
                Some(&i) => m.0[i].1 = v,
                None => {
                    index.insert(k.clone(), m.0.len());
                    m.0.push((Cow::Owned(k), v));
                }
            }
        }
        m
    }
}

/// The minimal RFC 7396 patch turning `base` members into `target` members
/// (changes and removals in base order, then additions in target order).
/// A null in `target` that a merge patch cannot produce is reported as
/// `unrepresentable` at its path.
pub(crate) fn diff_members(
    base: &Members,
    target: &Members,
    path: &Path<'_>,
    errors: &mut Errors,
) -> Members {
    let mut patch = Members::new();
    let (base_members, target_members) = (Lookup::new(base), Lookup::new(target));
    for (k, bv) in base.iter() {
        match target_members.get(k) {
            None => patch.push_unchecked(k.to_owned(), Json::Null),
            Some(tv) => {
                if let Some(p) = diff_value(Some(bv), tv, &Path::Key(path, k), errors) {
                    patch.push_unchecked(k.to_owned(), p);
                }
            }
        }
    }
    for (k, tv) in target.iter() {
        if base_members.get(k).is_none() {
            if let Some(p) = diff_value(None, tv, &Path::Key(path, k), errors) {
                patch.push_unchecked(k.to_owned(), p);
            }
        }
    }
    patch
}

/// The patch value turning `base` (absent when `None`) into `target`, or
/// `None` when they are already equal.
fn diff_value(
    base: Option<&Json>,
    target: &Json,
    path: &Path<'_>,
    errors: &mut Errors,
) -> Option<Json> {
    if base == Some(target) {
        return None;
    }
    match (base, target) {
        (Some(Json::Object(bm)), Json::Object(tm)) => {
            Some(Json::Object(diff_members(bm, tm, path, errors)))
        }
        (_, Json::Object(tm)) => {
            reject_nulls(tm, path, errors);
            Some(target.clone())
        }
        (_, Json::Null) => {
            errors.push(
                path,
                ErrorCode::Unrepresentable,
                "RFC 7396 cannot set a member to null here (null means remove)",
            );
            None
        }
        _ => Some(target.clone()),
    }
}

/// Reports every null member inside `m` (recursively through objects): merging
/// `m` into an empty object would drop them.
fn reject_nulls(m: &Members, path: &Path<'_>, errors: &mut Errors) {
    for (k, v) in m.iter() {
        let here = Path::Key(path, k);
        match v {
            Json::Null => errors.push(
                &here,
                ErrorCode::Unrepresentable,
                "RFC 7396 cannot create a member whose value is null",
            ),
            Json::Object(inner) => reject_nulls(inner, &here, errors),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(s: &str) -> Json {
        Json::from_json(s.as_bytes()).unwrap()
    }

    #[test]
    fn object_equality_ignores_order_but_not_values() {
        assert_eq!(j(r#"{"a":1,"b":2}"#), j(r#"{"b":2,"a":1}"#));
        assert_ne!(j(r#"{"a":1,"b":2}"#), j(r#"{"a":1,"b":3}"#));
        assert_ne!(j(r#"{"a":1}"#), j(r#"{"a":1,"b":null}"#));
        assert_ne!(j("1"), j("1.0"));
    }

    #[test]
    fn diff_then_merge_reproduces_target() {
        let base = j(r#"{"a":1,"b":{"c":2,"d":3},"e":[1]}"#);
        let target = j(r#"{"b":{"c":2,"d":4,"n":{"x":1}},"e":[2],"f":"new"}"#);
        let (Json::Object(bm), Json::Object(tm)) = (&base, &target) else {
            unreachable!()
        };
        let mut errors = Errors::new(10);
        let patch = diff_members(bm, tm, &Path::Root, &mut errors);
        assert!(errors.is_empty());
        assert_eq!(
            Json::Object(patch.clone()).to_json(),
            r#"{"a":null,"b":{"d":4,"n":{"x":1}},"e":[2],"f":"new"}"#
        );
        let mut merged = base.clone();
        merged.merge_patch(&Json::Object(patch));
        assert_eq!(merged, target);
    }

    #[test]
    fn large_objects_merge_diff_and_compare_in_linear_time() {
        // 200k members each side: quadratic lookups would take minutes.
        let n = 200_000;
        let base: Members = (0..n)
            .map(|i| (format!("k{i}"), Json::Number(Number::from(i as u64))))
            .collect();
        let target: Members = (0..n)
            .filter(|i| i % 3 != 0)
            .map(|i| {
                (
                    format!("k{i}"),
                    Json::Number(Number::from(if i % 3 == 1 { i as u64 } else { 7 })),
                )
            })
            .chain((0..1000).map(|i| (format!("new{i}"), Json::Bool(true))))
            .collect();
        let mut errors = Errors::new(10);
        let patch = diff_members(&base, &target, &Path::Root, &mut errors);
        assert!(errors.is_empty());
        let mut merged = base.clone();
        merged.merge_patch(&patch);
        assert!(merged == target);
        assert!(merged != base);
        // The indexed merge keeps RFC 7396's order: kept members in place, new ones last.
        let mut small = Members::new();
        for i in 0..20 {
            small.insert(format!("a{i}"), Json::Null);
        }
        let p: Members = [
            ("a0".to_owned(), Json::Null),
            ("z".to_owned(), Json::Bool(true)),
        ]
        .into_iter()
        .collect();
        small.merge_patch(&p);
        let names: Vec<&str> = small.iter().map(|(k, _)| k).collect();
        assert_eq!(names.first(), Some(&"a1"));
        assert_eq!(names.last(), Some(&"z"));
        assert_eq!(names.len(), 20);
    }

    #[test]
    fn diff_reports_nulls_it_cannot_express() {
        let base = Members::new();
        let target = match j(r#"{"a":null,"b":{"c":null}}"#) {
            Json::Object(m) => m,
            _ => unreachable!(),
        };
        let mut errors = Errors::new(10);
        diff_members(&base, &target, &Path::Root, &mut errors);
        let err = errors.into_result().unwrap_err();
        let paths: Vec<_> = err.details().iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["/a", "/b/c"]);
    }
}
