//! Property tests for the laws of SPEC §2–§5: read → write → read is stable,
//! `apply(a, diff(a, b))` reproduces `b`, applying twice equals applying once,
//! and no input — arbitrary bytes or arbitrary JSON — makes the library panic.

use caseexport::{
    diff, CaseAction, CaseExportOperation, CaseOperationStatus, DateTimeOffset, ErrorCode,
    ExportFileStructure, ExportOptions, Field, Identity, IdentitySet, Json, Members, Number, Patch,
    Patched, Percent, ReadOptions, ResultInfo, Secret, Undeclared,
};
use proptest::prelude::*;

fn field<T: std::fmt::Debug + Clone + 'static>(
    value: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Field<T>> {
    prop_oneof![1 => Just(Field::Absent), 1 => Just(Field::Null), 3 => value.prop_map(Field::Value)]
        .boxed()
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
        Just("quote\" back\\slash \n tab\t".to_owned()),
    ]
}

fn key() -> impl Strategy<Value = String> {
    // Unknown property / extra member names: anything without '@' (annotations)
    // that is not a declared name.
    "x[a-z~/]{0,4}"
}

fn json(depth: u32) -> BoxedStrategy<Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(|i| Json::Number(Number::from(i))),
        any::<u64>().prop_map(|u| Json::Number(Number::from(u))),
        (-1e12f64..1e12).prop_map(|f| Json::Number(Number::from_f64(f).unwrap())),
        text().prop_map(Json::String),
    ];
    leaf.prop_recursive(depth, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
            prop::collection::vec((key(), inner), 0..4)
                .prop_map(|kv| Json::Object(kv.into_iter().collect())),
        ]
    })
    .boxed()
}

fn members() -> impl Strategy<Value = Members> {
    prop::collection::vec((key(), json(2)), 0..3).prop_map(|kv| kv.into_iter().collect())
}

fn datetime() -> impl Strategy<Value = DateTimeOffset> {
    (
        0u16..=9999,
        1u8..=12,
        1u8..=28,
        0u8..24,
        0u8..60,
        0u8..60,
        0u32..1_000_000_000,
        -23i8..=23,
        0u8..60,
    )
        .prop_map(|(y, mo, d, h, mi, s, ns, oh, om)| {
            let sign = if oh < 0 { '-' } else { '+' };
            let text = format!(
                "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ns:09}{sign}{:02}:{om:02}",
                oh.unsigned_abs()
            );
            text.parse().unwrap()
        })
}

fn status() -> impl Strategy<Value = CaseOperationStatus> {
    prop_oneof![
        prop::sample::select(CaseOperationStatus::KNOWN.to_vec()),
        Just(CaseOperationStatus::Unknown("paused".into()))
    ]
}

fn action() -> impl Strategy<Value = CaseAction> {
    prop_oneof![
        prop::sample::select(CaseAction::KNOWN.to_vec()),
        Just(CaseAction::Unknown("applyTags".into()))
    ]
}

fn structure() -> impl Strategy<Value = ExportFileStructure> {
    prop_oneof![
        prop::sample::select(ExportFileStructure::KNOWN.to_vec()),
        Just(ExportFileStructure::Unknown("zip".into()))
    ]
}

fn options() -> impl Strategy<Value = ExportOptions> {
    (
        1u8..64,
        prop::collection::vec(prop::sample::select(vec!["a", "b", "newFlag"]), 0..3),
    )
        .prop_map(|(bits, unknown)| {
            ExportOptions::from_parts(bits, unknown.into_iter().map(String::from).collect())
        })
}

fn identity() -> impl Strategy<Value = Identity> {
    (field(text()), field(text()), members()).prop_map(|(id, name, extra)| {
        let mut i = Identity::default();
        i.id = id;
        i.display_name = name;
        i.extra = Undeclared::from_members(extra).expect("key() makes undeclared names");
        i
    })
}

fn identity_set() -> impl Strategy<Value = IdentitySet> {
    (prop::collection::vec(field(identity()), 10), members()).prop_map(|(ids, extra)| {
        let mut s = IdentitySet::default();
        for ((_, slot), v) in s.members_mut().into_iter().zip(ids) {
            *slot = v;
        }
        s.extra = Undeclared::from_members(extra).expect("key() makes undeclared names");
        s
    })
}

fn result_info() -> impl Strategy<Value = ResultInfo> {
    (
        field(any::<i32>()),
        field(text()),
        field(any::<i32>()),
        members(),
    )
        .prop_map(|(c, m, s, u)| {
            let mut r = ResultInfo::default();
            r.code = c;
            r.message = m;
            r.subcode = s;
            r.unknown = Undeclared::from_members(u).expect("key() makes undeclared names");
            r
        })
}

prop_compose! {
    fn operation()(
        id in prop::option::of("[a-f0-9-]{1,12}"),
        times in (field(datetime()), field(datetime())),
        progress in field((0i32..=100).prop_map(|p| Percent::new(p).unwrap())),
        enums in (field(status()), field(action()), field(options()), field(structure())),
        complex in (field(identity_set().prop_map(Box::new)), field(result_info())),
        strings in (field(text()), field(text()), field(text()), field(text()), field(text().prop_map(Secret::new))),
        unknown in members(),
        etag in prop::option::of("W/\"[0-9]{1,3}\""),
    ) -> CaseExportOperation {
        let mut op = CaseExportOperation::default();
        op.id = id;
        (op.created_date_time, op.completed_date_time) = times;
        op.percent_progress = progress;
        (op.status, op.action, op.export_options, op.export_structure) = enums;
        (op.created_by, op.result_info) = complex;
        (op.output_name, op.description, op.output_folder_id, op.azure_blob_container, op.azure_blob_token) = strings;
        op.unknown = Undeclared::from_members(unknown).expect("key() makes undeclared names");
        if let Some(etag) = etag {
            op.annotations.insert("@odata.etag", Json::String(etag)).expect("an annotation name");
        }
        op
    }
}

/// `true` when some object inside the unknown/extra members of `op` holds a
/// null member: RFC 7396 cannot create those, so `diff` must refuse.
fn json_has_null_member(v: &Json) -> bool {
    match v {
        Json::Object(m) => m
            .iter()
            .any(|(_, v)| v.is_null() || json_has_null_member(v)),
        Json::Array(_) | Json::Null | Json::Bool(_) | Json::Number(_) | Json::String(_) => false,
    }
}

fn members_have_nulls(m: &Members) -> bool {
    m.iter()
        .any(|(_, v)| v.is_null() || json_has_null_member(v))
}

fn op_has_unrepresentable_nulls(op: &CaseExportOperation) -> bool {
    members_have_nulls(&op.unknown)
        || op
            .result_info
            .as_option()
            .is_some_and(|r| members_have_nulls(&r.unknown))
        || op.created_by.as_option().is_some_and(|s| {
            members_have_nulls(&s.extra)
                || s.members()
                    .iter()
                    .any(|(_, i)| i.as_option().is_some_and(|i| members_have_nulls(&i.extra)))
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn read_write_read_is_stable(op in operation()) {
        let bytes = op.to_json();
        let back = CaseExportOperation::from_json(&bytes).unwrap();
        prop_assert_eq!(&back, &op);
        prop_assert_eq!(back.to_json(), bytes);
    }

    #[test]
    fn apply_of_diff_reproduces_the_target(a in operation(), mut b in operation()) {
        b.id = a.id.clone();
        match diff(&a, &b) {
            Ok(patch) => {
                let applied = a.apply(&patch).unwrap();
                prop_assert!(applied.equivalent(&b), "\na = {}\nb = {}\npatch = {}\ngot = {}",
                    a.to_json_string(), b.to_json_string(), patch.to_json_string(), applied.to_json_string());
                // The patch survives its own wire form.
                let reread = Patch::from_json_with(&patch.to_vec(), &ReadOptions::lenient()).unwrap();
                prop_assert!(a.apply(&reread).unwrap().equivalent(&b));
                // Diffing equal operations gives an empty patch.
                prop_assert!(diff(&b, &applied).unwrap().is_empty());
            }
            Err(e) => {
                prop_assert!(e.details().iter().all(|d| d.code == ErrorCode::Unrepresentable), "{:?}", e);
                prop_assert!(op_has_unrepresentable_nulls(&b));
            }
        }
    }

    #[test]
    fn diff_with_any_ids_reproduces_the_target_or_says_why(a in operation(), b in operation()) {
        // Ids left as generated: equal, different, or on one side only.
        match diff(&a, &b) {
            Ok(patch) => {
                prop_assert_eq!(&a.id, &b.id);
                prop_assert!(a.apply(&patch).unwrap().equivalent(&b));
            }
            Err(e) => {
                let id_error = e.details().iter().any(|d| d.path == "/id");
                prop_assert_eq!(id_error, a.id != b.id, "{:?}", e);
                prop_assert!(e.details().iter().all(|d| (d.path == "/id"
                    && d.code == ErrorCode::ReadOnlyProperty)
                    || d.code == ErrorCode::Unrepresentable), "{:?}", e);
            }
        }
    }

    #[test]
    fn applying_twice_equals_applying_once(a in operation(), p in operation()) {
        let mut patch = Patch::from_properties(p);
        patch.properties_mut().id = a.id.clone();
        let once = a.apply(&patch).unwrap();
        let twice = once.apply(&patch).unwrap();
        prop_assert_eq!(&twice, &once);
        // Through bytes too (lenient: the generated patch may hold unknown members).
        let once_bytes = a.apply_json(&patch.to_vec(), &ReadOptions::lenient()).unwrap();
        prop_assert_eq!(once_bytes.to_json(), once.to_json());
    }

    #[test]
    fn lazily_applied_patches_write_what_applying_writes(a in operation(), p in operation(), same_id in any::<bool>()) {
        let mut patch = Patch::from_properties(p);
        if same_id {
            patch.properties_mut().id = a.id.clone();
        }
        match (a.apply(&patch), Patched::new(&a, patch.clone())) {
            (Ok(eager), Ok(lazy)) => {
                prop_assert_eq!(lazy.to_json(), eager.to_json());
                prop_assert_eq!(lazy.to_operation(), eager);
            }
            (Err(e), Err(lazy)) => prop_assert_eq!(lazy.details(), e.details()),
            (e, lazy) => prop_assert!(false, "apply {:?} but Patched::new {:?}", e, lazy),
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = CaseExportOperation::from_json(&bytes);
        let _ = CaseExportOperation::from_json_with(&bytes, &ReadOptions::strict());
        let _ = Patch::from_json(&bytes);
        let _ = CaseExportOperation::default().apply_json(&bytes, &ReadOptions::lenient());
        let _ = caseexport::read_response(400, &[], &bytes);
    }

    #[test]
    fn arbitrary_json_never_panics_and_errors_are_well_formed(v in json(5), op in operation()) {
        let bytes = v.to_json().into_bytes();
        for result in [
            CaseExportOperation::from_json(&bytes).map(|_| ()),
            CaseExportOperation::from_json_with(&bytes, &ReadOptions::strict()).map(|_| ()),
            op.apply_json(&bytes, &ReadOptions::strict()).map(|_| ()),
        ] {
            if let Err(e) = result {
                prop_assert!(!e.details().is_empty());
                for d in e.details() {
                    prop_assert!(d.path.is_empty() || d.path.starts_with('/'));
                    prop_assert!(!d.message.is_empty());
                }
            }
        }
    }

    #[test]
    fn json_inside_documents_round_trips(v in json(4)) {
        let mut op = CaseExportOperation::default();
        op.unknown.insert("x", v.clone()).expect("an undeclared name");
        let back = CaseExportOperation::from_json(&op.to_json()).unwrap();
        prop_assert_eq!(back.unknown.get("x"), Some(&v));
    }

    #[test]
    fn secrets_never_print(op in operation(), token in "[A-Za-z0-9]{24}") {
        let mut op = op;
        op.azure_blob_token = Field::Value(Secret::new(format!("sig={token}")));
        let printed = format!("{:?}", op);
        prop_assert!(!printed.contains(&token));
        prop_assert!(op.to_json_string().contains(&token));
    }
}
