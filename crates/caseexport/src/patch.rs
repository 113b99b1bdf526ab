//! PATCH bodies (SPEC §4): the typed [`Patch`] (read from bytes, or built
//! property by property), and RFC 7396 apply on the typed model —
//! all-or-nothing and idempotent.

use std::ops::Deref;

use crate::error::{Error, ErrorCode, Errors};
use crate::json::{Json, Members};
use crate::model::CaseExportOperation;
use crate::read::{read_boxed, Kind, ReadOptions, WireValue};
use crate::resource::{check_id, Resource};
use crate::schema::{Pick, Slot};
use crate::write::{write_operation, write_operation_into};

/// A typed PATCH body: for each property, leave it ([`Field::Absent`](crate::Field::Absent)), clear
/// it ([`Field::Null`](crate::Field::Null)) or set it ([`Field::Value`](crate::Field::Value)). Complex values are
/// partial: only the members they carry are merged.
///
/// Serializes straight to canonical bytes with [`Patch::to_vec`].
///
/// A patch is built for one resource type `R` (the seed's
/// [`CaseExportOperation`] by default): `Patch::new()` is the seed's,
/// `Patch::<SecurityExportOperation>::empty()` another type's. Its
/// `@odata.type` is `R`'s canonical name unless it was read from a body (or
/// diffed from a base) that gave another of `R`'s names.
///
/// ```
/// use caseexport::{ExportOptions, Patch};
/// let body = Patch::new()
///     .set_output_name("export-2024")
///     .clear_description()
///     .set_export_options(ExportOptions::ORIGINAL_FILES | ExportOptions::TEXT)
///     .to_vec();
/// assert_eq!(
///     body,
///     br##"{"@odata.type":"#microsoft.graph.caseExportOperation","outputName":"export-2024","description":null,"exportOptions":"originalFiles,text"}"##
/// );
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Patch<R = CaseExportOperation> {
    /// Boxed: a patch is read and moved around (into [`Patched`], into the
    /// bindings' objects) far more often than it is built.
    properties: Box<R>,
    odata_type: bool,
}

impl<R: Resource> Default for Patch<R> {
    fn default() -> Self {
        Patch::empty()
    }
}

// The typed setters (`set_output_name`, `clear_output_name`, …) are made
// by the operation's declaration (`model.rs`).

impl Patch {
    /// An empty patch of the seed's type (every property left unchanged)
    /// that writes `@odata.type` first; [`Patch::empty`] for any type.
    pub fn new() -> Self {
        Patch::empty()
    }

    /// Reads a PATCH body strictly (the service-side default), default limits.
    ///
    /// ```
    /// use caseexport::{ErrorCode, Patch};
    /// let err = Patch::from_json(br#"{"outputName":"x","colour":"red"}"#).unwrap_err();
    /// assert_eq!(err.details()[0].code, ErrorCode::UnknownProperty);
    /// assert_eq!(err.details()[0].path, "/colour");
    /// ```
    pub fn from_json(bytes: &[u8]) -> Result<Patch, Error> {
        Patch::from_json_with(bytes, &ReadOptions::strict())
    }

    /// Reads a PATCH body with the given mode and limits. Annotations are
    /// ignored, except `@odata.type`, which must name this type.
    pub fn from_json_with(bytes: &[u8], opts: &ReadOptions) -> Result<Patch, Error> {
        Patch::read(bytes, opts)
    }
}

impl<R: Resource> Patch<R> {
    /// An empty patch of type `R` that writes `@odata.type` (`R`'s
    /// canonical name) first.
    ///
    /// ```
    /// use caseexport::{Patch, SecurityExportOperation};
    /// let p = Patch::<SecurityExportOperation>::empty().set_output_name("x");
    /// assert_eq!(p.to_json_string(),
    ///     r##"{"@odata.type":"#microsoft.graph.security.ediscoveryExportOperation","outputName":"x"}"##);
    /// ```
    pub fn empty() -> Self {
        Patch {
            properties: Box::default(),
            odata_type: true,
        }
    }

    /// Reads a PATCH body of type `R` with the given mode and limits.
    /// Annotations are ignored, except `@odata.type`, which must name `R`
    /// (any of its names; the one given is written back).
    pub fn read(bytes: &[u8], opts: &ReadOptions) -> Result<Self, Error> {
        let (properties, errors) = read_boxed(bytes, opts, Kind::Patch);
        errors.into_result()?;
        Ok(Patch::from_boxed(properties))
    }

    /// Wraps property states as a patch (annotations are dropped; the type
    /// name is kept).
    pub fn from_properties(properties: R) -> Self {
        Patch::from_boxed(Box::new(properties))
    }

    pub(crate) fn from_boxed(mut properties: Box<R>) -> Self {
        properties.annotations_mut().clear();
        Patch {
            properties,
            odata_type: true,
        }
    }

    /// The property states of this patch.
    pub fn properties(&self) -> &R {
        &self.properties
    }

    /// Mutable access to the property states, for what the setters do not
    /// cover (nested members, unknown properties).
    pub fn properties_mut(&mut self) -> &mut R {
        &mut self.properties
    }

    /// The `@odata.type` the body starts with (when it writes one).
    pub fn odata_type(&self) -> &'static str {
        self.properties.odata_type()
    }

    /// Whether the body starts with `@odata.type` (default `true`).
    #[must_use]
    pub fn with_odata_type(mut self, yes: bool) -> Self {
        self.odata_type = yes;
        self
    }

    /// Whether the body starts with `@odata.type`.
    pub fn writes_odata_type(&self) -> bool {
        self.odata_type
    }

    /// Sets `property` from the JSON text of its value, read as that member
    /// of a PATCH body `{"<property>": value}` is read by
    /// [`Patch::from_json_with`] with `opts`: the same mode, checks and
    /// limits (the body's level counts towards `max_depth`; `max_size` is
    /// the value's size), error paths from the body (`/createdBy/user/id`).
    /// `null` clears the property; a complex value is partial and merges when
    /// applied. On error the patch is unchanged.
    ///
    /// ```
    /// use caseexport::{ErrorCode, Patch, Property, ReadOptions};
    /// let mut p = Patch::new().with_odata_type(false);
    /// p.set_json(Property::CreatedBy, br#"{"user":{"displayName":"Adele"}}"#, &ReadOptions::strict())?;
    /// assert_eq!(p.to_json_string(), r#"{"createdBy":{"user":{"displayName":"Adele"}}}"#);
    /// let err = p.set_json(Property::PercentProgress, b"101", &ReadOptions::strict()).unwrap_err();
    /// assert_eq!((err.details()[0].path.as_str(), err.details()[0].code), ("/percentProgress", ErrorCode::OutOfRange));
    /// # Ok::<(), caseexport::Error>(())
    /// ```
    pub fn set_json(
        &mut self,
        property: R::Property,
        value: &[u8],
        opts: &ReadOptions,
    ) -> Result<(), Error> {
        self.set_value(property, WireValue::Json(value), opts)
    }

    /// Sets `property` from a value as a caller holds it (a string, an
    /// integer, `null`, or JSON text: see [`WireValue`]), checked exactly as
    /// the member of the PATCH body `{"<property>": value}` is checked by
    /// [`Patch::from_json_with`] with `opts` (error paths from that body;
    /// `max_size` is the value's size). On error the patch is unchanged.
    ///
    /// ```
    /// use caseexport::{ErrorCode, Patch, Property, ReadOptions, WireValue};
    /// let strict = ReadOptions::strict();
    /// let mut p = Patch::new().with_odata_type(false);
    /// p.set_value(Property::Status, WireValue::String("succeeded"), &strict)?;
    /// p.set_value(Property::PercentProgress, WireValue::Int(40), &strict)?;
    /// p.set_value(Property::Description, WireValue::Null, &strict)?;
    /// assert_eq!(p.to_json_string(), r#"{"percentProgress":40,"status":"succeeded","description":null}"#);
    /// let err = p.set_value(Property::Status, WireValue::String("paused"), &strict).unwrap_err();
    /// assert_eq!((err.details()[0].path.as_str(), err.details()[0].code), ("/status", ErrorCode::InvalidEnumMember));
    /// # Ok::<(), caseexport::Error>(())
    /// ```
    pub fn set_value(
        &mut self,
        property: R::Property,
        value: WireValue<'_>,
        opts: &ReadOptions,
    ) -> Result<(), Error> {
        self.set_values([(property, value)], opts)
    }

    /// Sets several properties at once, all or nothing, reporting every
    /// problem of every value in the order given (as the PATCH body holding
    /// these members in this order would report them, within `opts`' limits);
    /// a property given twice is `duplicateProperty`. See
    /// [`Patch::set_value`]. On error the patch is unchanged.
    ///
    /// ```
    /// use caseexport::{ErrorCode, Patch, Property, ReadOptions, WireValue};
    /// let mut p = Patch::new();
    /// let err = p.set_values(
    ///     [
    ///         (Property::PercentProgress, WireValue::Int(101)),
    ///         (Property::OutputName, WireValue::String("ok")),
    ///         (Property::CreatedBy, WireValue::Json(br#"{"user":{"id":1}}"#)),
    ///     ],
    ///     &ReadOptions::strict(),
    /// ).unwrap_err();
    /// let got: Vec<_> = err.details().iter().map(|d| (d.path.as_str(), d.code)).collect();
    /// assert_eq!(got, [("/percentProgress", ErrorCode::OutOfRange), ("/createdBy/user/id", ErrorCode::InvalidType)]);
    /// assert!(p.is_empty());
    /// ```
    pub fn set_values<'v>(
        &mut self,
        values: impl IntoIterator<Item = (R::Property, WireValue<'v>)>,
        opts: &ReadOptions,
    ) -> Result<(), Error> {
        let mut read = R::default();
        let mut given = Vec::new();
        let mut values = values.into_iter().inspect(|&(p, _)| given.push(p));
        read.read_property_values(&mut values, opts)?;
        // No property is given twice: that is an error.
        for p in given {
            self.properties.take_property(p, &mut read);
        }
        Ok(())
    }

    /// Sets an unknown (lenient) property: objects merge, other values replace.
    ///
    /// Fails with `invalidPatch` when `name` is a declared property (use its
    /// setter) or an annotation name (patches carry none).
    ///
    /// ```
    /// use caseexport::{Json, Patch};
    /// let p = Patch::new().set_unknown("reviewTag", Json::String("hot".into()))?;
    /// assert!(p.to_json_string().ends_with(r#""reviewTag":"hot"}"#));
    /// assert!(Patch::new().set_unknown("status", Json::Null).is_err());
    /// # Ok::<(), caseexport::Error>(())
    /// ```
    pub fn set_unknown(mut self, name: impl Into<String>, value: Json) -> Result<Self, Error> {
        self.insert_unknown(name, value)?;
        Ok(self)
    }

    /// [`Patch::set_unknown`] in place: on error the patch is unchanged.
    ///
    /// ```
    /// use caseexport::{Json, Patch};
    /// let mut p = Patch::new().with_odata_type(false);
    /// p.insert_unknown("reviewTag", Json::Null)?;
    /// assert!(p.insert_unknown("outputName", Json::Null).is_err());
    /// assert_eq!(p.to_json_string(), r#"{"reviewTag":null}"#);
    /// # Ok::<(), caseexport::Error>(())
    /// ```
    pub fn insert_unknown(&mut self, name: impl Into<String>, value: Json) -> Result<(), Error> {
        let name = name.into();
        if R::property_from_wire(&name).is_some() || name.contains('@') {
            let mut path = String::from("/");
            crate::error::push_escaped(&mut path, &name);
            let what = if name.contains('@') {
                "an annotation"
            } else {
                "a declared property"
            };
            return Err(Error::new(
                vec![crate::ErrorDetail {
                    path,
                    code: ErrorCode::InvalidPatch,
                    message: format!(
                        "{} is {what}, not an unknown property",
                        crate::error::Quoted(&name)
                    ),
                }],
                false,
            ));
        }
        self.properties
            .unknown_mut()
            .insert(name, value)
            .expect("the name was checked above as the kept members check it");
        Ok(())
    }

    /// Removes an unknown (lenient) property (sends `null`); same name rules
    /// as [`Patch::set_unknown`].
    pub fn remove_unknown(self, name: impl Into<String>) -> Result<Self, Error> {
        self.set_unknown(name, Json::Null)
    }

    /// `true` when the patch changes nothing.
    pub fn is_empty(&self) -> bool {
        Resource::equivalent(&*self.properties, &R::default())
            && self.properties.id_slot().is_none()
            && !self.properties.has_nulls()
    }

    /// The canonical bytes of this PATCH body.
    pub fn to_vec(&self) -> Vec<u8> {
        write_operation(&View::of(&*self.properties), self.odata_type, false)
    }

    /// The canonical body as a `String`.
    pub fn to_json_string(&self) -> String {
        String::from_utf8(self.to_vec())
            .expect("the writer emits only UTF-8: every piece comes from a str")
    }
}

/// The property states to write: an operation's own, or (for a patch applied
/// lazily, [`Patched`](crate::Patched)) each property's state after the patch
/// without building the updated operation.
pub(crate) struct View<'a, R = CaseExportOperation> {
    /// The operation (the base of a patched view).
    pub(crate) op: &'a R,
    /// The patch's property states and the complex values the patch merges
    /// into (RFC 7396 recursion, built by
    /// [`merged_with`](CaseExportOperation::merged_with) with the apply
    /// code's own merge; other properties absent there; `None` when the
    /// patch merges into nothing); `None` writes `op` as it is.
    patch: Option<(&'a R, Option<&'a R>)>,
    /// The unknown members after the patch, when it has any.
    pub(crate) unknown: Option<Members>,
}

impl<'a, R> View<'a, R> {
    /// `op` as it is.
    pub(crate) fn of(op: &'a R) -> Self {
        View {
            op,
            patch: None,
            unknown: None,
        }
    }

    /// `op` with `patch` applied. `merged` holds the values the patch merges
    /// into rather than replaces (see [`crate::patch`]), if any.
    pub(crate) fn patched(
        op: &'a R,
        patch: &'a R,
        merged: Option<&'a R>,
        unknown: Option<Members>,
    ) -> Self {
        View {
            op,
            patch: Some((patch, merged)),
            unknown,
        }
    }
}

impl<'a, R> Pick<'a, R> for View<'a, R> {
    /// A property's state after the patch: the merged value when the patch
    /// merges into it, else the patch's when it sets or clears the property,
    /// else the operation's (what `merge` does). A merged value exists only
    /// where the patch has a value, so the patch is looked at first (most
    /// properties are absent there), and the merged values only for the
    /// property kinds that merge.
    #[inline(always)]
    fn pick<S: Slot>(&self, field: impl Fn(&'a R) -> &'a S) -> &'a S {
        match self.patch {
            Some((p, merged)) if !field(p).is_absent() => match merged {
                Some(m) if S::MERGES && !field(m).is_absent() => field(m),
                _ => field(p),
            },
            _ => field(self.op),
        }
    }
}

/// A patch applied lazily: an operation (held as any pointer to one: a
/// reference, `Box`, `Arc`, …) and a patch already checked against it, from
/// which the updated operation's canonical JSON is written directly, without
/// building (cloning) the updated operation first. Reading and checking are
/// exactly those of [`CaseExportOperation::apply_json`] /
/// [`CaseExportOperation::apply`]; [`Patched::to_json`] writes the same bytes
/// as applying and then writing, and [`Patched::to_operation`] builds the
/// same operation.
///
/// ```
/// use caseexport::{CaseExportOperation, Patched, ReadOptions};
/// let op = CaseExportOperation::from_json(br#"{"id":"1","outputName":"a","status":"running"}"#)?;
/// let body = br#"{"outputName":"b","status":null}"#;
/// let lazy = Patched::read(&op, body, &ReadOptions::strict())?;
/// let eager = op.apply_json(body, &ReadOptions::strict())?;
/// assert_eq!(lazy.to_json(), eager.to_json());
/// assert_eq!(lazy.to_operation(), eager);
/// // All or nothing, with the same errors as `apply_json`:
/// assert!(Patched::read(&op, br#"{"id":"2"}"#, &ReadOptions::strict()).is_err());
/// # Ok::<(), caseexport::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Patched<B, R = CaseExportOperation> {
    base: B,
    patch: Patch<R>,
}

impl<R: Resource, B: Deref<Target = R>> Patched<B, R> {
    /// Pairs `base` with a typed patch; fails like
    /// [`CaseExportOperation::apply`] when the patch's `id` differs.
    pub fn new(base: B, patch: Patch<R>) -> Result<Self, Error> {
        let mut errors = Errors::new(1);
        check_id(&*base, patch.properties(), &mut errors);
        errors.into_result()?;
        Ok(Patched { base, patch })
    }

    /// Reads a PATCH body for `base`: reading errors and the `id` check are
    /// reported together, as by [`CaseExportOperation::apply_json`].
    pub fn read(base: B, body: &[u8], opts: &ReadOptions) -> Result<Self, Error> {
        let (properties, mut errors) = read_boxed::<R>(body, opts, Kind::Patch);
        check_id(&*base, &*properties, &mut errors);
        errors.into_result()?;
        Ok(Patched {
            base,
            patch: Patch::from_boxed(properties),
        })
    }

    /// The operation the patch applies to.
    pub fn base(&self) -> &B {
        &self.base
    }

    /// The patch.
    pub fn patch(&self) -> &Patch<R> {
        &self.patch
    }

    /// The canonical JSON of the updated operation (SPEC §2), written from
    /// the base and the patch: only values the patch merges into (a nested
    /// object, unknown members) are built first.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_json(&mut out);
        out
    }

    /// Appends [`Patched::to_json`]'s bytes to `out`.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        let (base, patch) = (&*self.base, &self.patch.properties);
        // Most patches set scalars only: then nothing is merged (nor built).
        let merged = R::merges(patch).then(|| base.merged_with(patch));
        let unknown = (!patch.unknown_ref().is_empty()).then(|| {
            let mut u = (**base.unknown_ref()).clone();
            u.merge_patch(patch.unknown_ref());
            u
        });
        let view = View::patched(base, patch, merged.as_ref(), unknown);
        write_operation_into(&view, true, true, out)
    }

    /// The updated operation: the base's clone with the patch applied.
    pub fn to_operation(&self) -> R {
        let mut out = (*self.base).clone();
        out.merge_from((*self.patch.properties).clone());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Property;
    use crate::model::{Identity, IdentitySet, ResultInfo};

    #[test]
    fn empty_patch_detection_counts_nulls_and_unknowns() {
        assert!(Patch::new().is_empty());
        assert!(!Patch::new().clear_description().is_empty());
        assert!(!Patch::new().remove_unknown("x").unwrap().is_empty());
        assert!(Patch::new()
            .remove_unknown("outputName@odata.type")
            .is_err());
    }

    fn codes(e: &Error) -> Vec<(String, ErrorCode)> {
        e.details()
            .iter()
            .map(|d| (d.path.clone(), d.code))
            .collect()
    }

    /// `set_json` reads a value exactly as the one-member body
    /// `{"<property>": value}` is read, with the caller's options.
    #[test]
    fn set_json_reads_like_the_one_member_body() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let values: Vec<(Property, String)> = vec![
            (Property::Id, r#""op1""#.into()),
            (Property::Id, "null".into()),
            (
                Property::CreatedDateTime,
                r#""2024-01-01T00:00:00Z""#.into(),
            ),
            (
                Property::CompletedDateTime,
                r#""2024-13-01T00:00:00Z""#.into(),
            ),
            (Property::PercentProgress, "5".into()),
            (Property::PercentProgress, "101".into()),
            (Property::Status, r#""paused""#.into()),
            (Property::Action, "null".into()),
            (
                Property::CreatedBy,
                r#"{"user":{"id":1,"displayName":[]},"x":{"a":1,"a":2}}"#.into(),
            ),
            (
                Property::CreatedBy,
                format!(r#"{{"user":{{"x":{}}}}}"#, deep(70)),
            ),
            (
                Property::ResultInfo,
                r#"{"code":1.5,"colour":"red"}"#.into(),
            ),
            (Property::OutputName, "7".into()),
            (Property::AzureBlobToken, r#""sig""#.into()),
            (Property::ExportOptions, r#""text,newThing""#.into()),
            (Property::ExportStructure, r#""unknownFutureValue""#.into()),
            (Property::Description, r#""a" 1"#.into()),
        ];
        let options = [
            ReadOptions::strict(),
            ReadOptions::lenient(),
            ReadOptions::strict().with_max_depth(127),
            ReadOptions::strict().with_max_depth(3),
            ReadOptions::lenient().with_max_errors(1),
        ];
        for (property, value) in &values {
            for opts in &options {
                let body = format!(r#"{{"{}":{value}}}"#, property.wire_name());
                let want = Patch::from_json_with(body.as_bytes(), opts);
                let mut got = Patch::new();
                let result = got.set_json(*property, value.as_bytes(), opts);
                match (want, result) {
                    (Ok(want), Ok(())) => assert_eq!(got, want, "{body} {opts:?}"),
                    (Err(want), Err(got_err)) => {
                        assert_eq!(codes(&got_err), codes(&want), "{body} {opts:?}");
                        assert!(got.is_empty(), "unchanged on error");
                    }
                    (want, got) => panic!("{body} {opts:?}: {want:?} vs {got:?}"),
                }
            }
        }
    }

    /// `set_value`/`set_values` check a string, an integer or `null` exactly
    /// as the member of the body `{"<property>": <its JSON>}` is checked,
    /// one at a time or many at once (every error, in order).
    #[test]
    fn set_values_read_like_the_body_holding_them() {
        let strings = [
            "succeeded",
            "paused",
            "unknownFutureValue",
            "contentExport",
            "pst",
            "text,newThing",
            "originalFiles, text",
            "",
            "2024-01-01T00:00:00.50+01:00",
            "2024-02-30T00:00:00Z",
            "a\"b\\c\u{1}é",
        ];
        let mut values: Vec<(WireValue<'_>, String)> = strings
            .iter()
            .map(|s| {
                (
                    WireValue::String(s),
                    Json::String((*s).to_owned()).to_json(),
                )
            })
            .collect();
        for i in [0, 5, 100, 101, -1, i64::from(i32::MAX) + 1, i64::MIN] {
            values.push((WireValue::Int(i), i.to_string()));
        }
        values.push((WireValue::Null, "null".to_owned()));
        values.push((
            WireValue::Json(br#"{"code":7}"#),
            r#"{"code":7}"#.to_owned(),
        ));
        let options = [
            ReadOptions::strict(),
            ReadOptions::lenient(),
            ReadOptions::strict().with_max_errors(1),
        ];
        let body_of = |members: &[(Property, &String)]| {
            let inner: Vec<String> = members
                .iter()
                .map(|(p, json)| format!(r#""{}":{json}"#, p.wire_name()))
                .collect();
            format!("{{{}}}", inner.join(","))
        };
        for opts in &options {
            for &property in Property::ALL {
                for (value, json) in &values {
                    let body = body_of(&[(property, json)]);
                    let want = Patch::from_json_with(body.as_bytes(), opts);
                    let mut got = Patch::new();
                    match (want, got.set_value(property, *value, opts)) {
                        (Ok(want), Ok(())) => assert_eq!(got, want, "{body} {opts:?}"),
                        (Err(want), Err(err)) => {
                            assert_eq!(codes(&err), codes(&want), "{body} {opts:?}");
                            assert_eq!(err.details(), want.details(), "{body} {opts:?}");
                            assert!(got.is_empty(), "unchanged on error");
                        }
                        (want, got) => panic!("{body} {opts:?}: {want:?} vs {got:?}"),
                    }
                }
            }
            // Every property at once, each with the i-th value: every error in order.
            for shift in 0..values.len() {
                let all: Vec<(Property, &(WireValue<'_>, String))> = Property::ALL
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (*p, &values[(i + shift) % values.len()]))
                    .collect();
                let members: Vec<(Property, &String)> =
                    all.iter().map(|(p, (_, json))| (*p, json)).collect();
                let body = body_of(&members);
                let want = Patch::from_json_with(body.as_bytes(), opts);
                let mut got = Patch::new().set_output_name("kept on error");
                let before = got.clone();
                let result = got.set_values(all.iter().map(|(p, (v, _))| (*p, *v)), opts);
                match (want, result) {
                    (Ok(want), Ok(())) => assert_eq!(got, want, "{body} {opts:?}"),
                    (Err(want), Err(err)) => {
                        assert_eq!(err.details(), want.details(), "{body} {opts:?}");
                        assert_eq!(err.is_truncated(), want.is_truncated());
                        assert_eq!(got, before, "unchanged on error");
                    }
                    (want, got) => panic!("{body} {opts:?}: {want:?} vs {got:?}"),
                }
            }
        }
        // A property given twice is reported as the body's duplicate member is.
        let err = Patch::new()
            .set_values(
                [
                    (Property::OutputName, WireValue::String("a")),
                    (Property::OutputName, WireValue::String("b")),
                ],
                &ReadOptions::strict(),
            )
            .unwrap_err();
        let want = Patch::from_json(br#"{"outputName":"a","outputName":"b"}"#).unwrap_err();
        assert_eq!(err.details(), want.details());
        // `max_size` bounds each string value.
        let opts = ReadOptions::strict().with_max_size(3);
        let mut p = Patch::new();
        p.set_value(Property::OutputName, WireValue::String("abc"), &opts)
            .unwrap();
        let err = p
            .set_value(Property::OutputName, WireValue::String("abcd"), &opts)
            .unwrap_err();
        assert_eq!(
            codes(&err),
            [("/outputName".to_owned(), ErrorCode::LimitExceeded)]
        );
        assert_eq!(err.details()[0].message, "value is larger than 3 bytes");
    }

    #[test]
    fn complex_values_read_on_their_own_round_trip() {
        let op = CaseExportOperation::from_json(
            br##"{"createdBy":{"@odata.type":"#microsoft.graph.identitySet","@x":1,"user":{"@odata.type":"#d","id":"u","k":[1]},"z":{}},
                "resultInfo":{"@odata.type":"microsoft.graph.resultInfo","message":"m","extra":true}}"##,
        )
        .unwrap();
        let set = op.created_by.as_option().unwrap();
        let user = set.user.as_option().unwrap();
        let info = op.result_info.as_option().unwrap();
        let lenient = ReadOptions::lenient();
        assert_eq!(
            &IdentitySet::from_json_with(&set.to_json(), &lenient).unwrap(),
            &**set
        );
        assert_eq!(
            &Identity::from_json_with(&user.to_json(), &lenient).unwrap(),
            user
        );
        assert_eq!(
            &ResultInfo::from_json_with(&info.to_json(), &lenient).unwrap(),
            info
        );
        let err = ResultInfo::from_json_with(&info.to_json(), &ReadOptions::strict()).unwrap_err();
        assert_eq!(
            codes(&err),
            [("/extra".to_owned(), ErrorCode::UnknownProperty)]
        );
        let err = IdentitySet::from_json_with(b"[]", &lenient).unwrap_err();
        assert_eq!(err.details()[0].code, ErrorCode::InvalidType);
        assert_eq!(
            err.details()[0].message,
            "an identitySet must be a JSON object, found an array"
        );
        let err = Identity::from_json_with(br#"{"@odata.type":1}"#, &lenient).unwrap_err();
        assert_eq!(
            codes(&err),
            [("/@odata.type".to_owned(), ErrorCode::InvalidType)]
        );
    }

    /// The lazy writer agrees with apply for another resource type, and the
    /// patch names the base's type.
    #[test]
    fn patched_and_diff_work_for_the_security_type() {
        use crate::model::SecurityExportOperation;
        let op = SecurityExportOperation::from_json(
            br#"{"id":"1","status":"running","exportFileMetadata":[{"fileName":"a"}],"createdBy":{"user":{"id":"u"}}}"#,
        )
        .unwrap();
        let body = br#"{"status":"succeeded","createdBy":{"user":{"displayName":"Adele"}},"exportFileMetadata":null}"#;
        let lazy = Patched::read(&op, body, &ReadOptions::strict()).unwrap();
        let eager = op.apply_json(body, &ReadOptions::strict()).unwrap();
        assert_eq!(lazy.to_json(), eager.to_json());
        assert_eq!(lazy.to_operation(), eager);
        let patch = crate::diff(&op, &eager).unwrap();
        assert_eq!(op.apply(&patch).unwrap().to_json(), eager.to_json());
        assert!(patch.to_json_string().starts_with(
            r##"{"@odata.type":"#microsoft.graph.security.ediscoveryExportOperation","##
        ));
        let built = Patch::<SecurityExportOperation>::empty()
            .set_status(crate::SecurityCaseOperationStatus::Succeeded);
        assert_eq!(op.apply(&built).unwrap().status, eager.status);
        assert!(Patched::read(&op, br#"{"id":"2"}"#, &ReadOptions::strict()).is_err());
    }

    #[test]
    fn failed_apply_changes_nothing() {
        let mut op = CaseExportOperation::from_json(br#"{"id":"1","outputName":"a"}"#).unwrap();
        let before = op.clone();
        assert!(op
            .apply_json_in_place(
                br#"{"outputName":"b","status":"bogus"}"#,
                &ReadOptions::strict()
            )
            .is_err());
        assert_eq!(op, before);
        let mut p = Patch::new().set_output_name("b");
        p.properties_mut().id = Some("2".into());
        assert!(op.apply_in_place(&p).is_err());
        assert_eq!(op, before);
    }
}
