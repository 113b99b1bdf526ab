//! `patch_builder`: the input is a program for the typed [`Patch`] builder.
//! Each step is one byte choosing the call (modulo the number of calls),
//! followed by its arguments: a text is a length byte and that many bytes
//! (fewer at the end of the input; invalid UTF-8 replaced), a number is one
//! byte. See [`step`] for the calls.
//!
//! - `set_unknown`/`remove_unknown` refuse exactly the declared property
//!   names and annotation names, with `invalidPatch` at the member's pointer.
//! - The built patch's bytes are JSON, read back (leniently) to the same
//!   property states, and write the same bytes again.
//! - `is_empty` is true exactly when the body has no member but `@odata.type`.
//! - The patch applies to an empty operation, and its result reads back.

use caseexport::{
    CaseAction, CaseExportOperation, CaseOperationStatus, DateTimeOffset, ErrorCode,
    ExportFileStructure, ExportOptions, Field, Identity, IdentitySet, Json, Patch, Percent,
    ReadOptions, ResultInfo, Secret, IDENTITY_SET_MEMBERS, PROPERTIES,
};

/// The input, consumed from the front.
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }

    fn text(&mut self) -> Option<String> {
        let n = usize::from(self.byte()?).min(self.0.len());
        let (t, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(String::from_utf8_lossy(t).into_owned())
    }
}

/// Runs every check on `data`.
pub fn check(data: &[u8]) {
    let mut input = Input(data);
    let mut patch = Patch::new();
    // A program of at most 64 steps keeps each run short.
    for _ in 0..64 {
        match step(&mut input, patch.clone()) {
            Some(next) => patch = next,
            None => break,
        }
    }
    verify(&patch);
}

/// One builder call; `None` at the end of the input.
fn step(input: &mut Input, p: Patch) -> Option<Patch> {
    Some(match input.byte()? % 20 {
        0 => p.set_output_name(input.text()?),
        1 => p.set_description(input.text()?),
        2 => p.set_output_folder_id(input.text()?),
        3 => p.set_azure_blob_container(input.text()?),
        4 => p.set_azure_blob_token(Secret::new(input.text()?)),
        5 => match Percent::new(i32::from(input.byte()? as i8)) {
            Some(v) => p.set_percent_progress(v),
            None => p,
        },
        6 => match input.text()?.parse::<CaseOperationStatus>() {
            Ok(v) => p.set_status(v),
            Err(_) => p,
        },
        7 => match input.text()?.parse::<CaseAction>() {
            Ok(v) => p.set_action(v),
            Err(_) => p,
        },
        8 => match input.text()?.parse::<ExportFileStructure>() {
            Ok(v) => p.set_export_structure(v),
            Err(_) => p,
        },
        9 => match input.text()?.parse::<ExportOptions>() {
            Ok(v) => p.set_export_options(v),
            Err(_) => p,
        },
        10 => match DateTimeOffset::parse(&input.text()?) {
            Ok(v) => p.set_created_date_time(v),
            Err(_) => p,
        },
        11 => match DateTimeOffset::parse(&input.text()?) {
            Ok(v) => p.set_completed_date_time(v),
            Err(_) => p,
        },
        12 => {
            let member = IDENTITY_SET_MEMBERS[usize::from(input.byte()?) % 10];
            let who = Identity::new(input.text()?, input.text()?);
            let mut set = IdentitySet::default();
            *set.member_mut(member).expect("a declared member") = Field::Value(who);
            p.set_created_by(set)
        }
        13 => {
            let mut info = ResultInfo::default();
            info.code = Field::Value(i32::from(input.byte()? as i8));
            info.message = Field::Value(input.text()?);
            p.set_result_info(info)
        }
        14 => {
            let name = input.text()?;
            let value = input.text()?;
            let value = Json::from_json(value.as_bytes()).unwrap_or(Json::String(value));
            unknown(p, name, Some(value))
        }
        15 => unknown(p, input.text()?, None),
        16 => clear(p, input.byte()?),
        17 => p.with_odata_type(input.byte()? & 1 == 1),
        18 => {
            // Any names: from_parts keeps what a flags string can carry.
            let bits = input.byte()?;
            let count = input.byte()? % 4;
            let names = (0..count)
                .map(|_| input.text())
                .collect::<Option<Vec<_>>>()?;
            let options = ExportOptions::from_parts(bits, names);
            if options.is_empty() {
                // No wire form (documented at ExportOptions::is_empty).
                p
            } else {
                p.set_export_options(options)
            }
        }
        _ => {
            // No setter for `id` (a patch may only repeat the current one):
            // through `properties_mut`, as the builder's documentation says.
            let mut p = p;
            p.properties_mut().id = Some(input.text()?);
            p
        }
    })
}

fn unknown(p: Patch, name: String, value: Option<Json>) -> Patch {
    let refused = PROPERTIES.contains(&name.as_str()) || name.contains('@');
    let before = p.clone();
    let result = match value {
        Some(v) => p.set_unknown(name.clone(), v),
        None => p.remove_unknown(name.clone()),
    };
    match result {
        Ok(next) => {
            assert!(!refused, "{name:?} accepted as an unknown property");
            next
        }
        Err(e) => {
            assert!(refused, "{name:?} refused as an unknown property: {e}");
            let want = format!("/{}", name.replace('~', "~0").replace('/', "~1"));
            assert!(
                matches!(e.details(), [d] if d.code == ErrorCode::InvalidPatch && d.path == want),
                "{:?}",
                e.details()
            );
            before
        }
    }
}

fn clear(p: Patch, which: u8) -> Patch {
    match which % 14 {
        0 => p.clear_created_date_time(),
        1 => p.clear_completed_date_time(),
        2 => p.clear_percent_progress(),
        3 => p.clear_status(),
        4 => p.clear_action(),
        5 => p.clear_created_by(),
        6 => p.clear_result_info(),
        7 => p.clear_output_name(),
        8 => p.clear_description(),
        9 => p.clear_output_folder_id(),
        10 => p.clear_azure_blob_container(),
        11 => p.clear_azure_blob_token(),
        12 => p.clear_export_options(),
        _ => p.clear_export_structure(),
    }
}

fn verify(patch: &Patch) {
    let bytes = patch.to_vec();
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "the body is not JSON ({e}): {}",
            String::from_utf8_lossy(&bytes)
        )
    });
    let members = value.as_object().expect("the body is an object");
    let odata = usize::from(patch.writes_odata_type());
    assert_eq!(
        patch.is_empty(),
        members.len() == odata,
        "is_empty disagrees with the body {}",
        String::from_utf8_lossy(&bytes)
    );
    let read = Patch::from_json_with(&bytes, &ReadOptions::lenient()).unwrap_or_else(|e| {
        panic!(
            "the body does not read back ({e}): {}",
            String::from_utf8_lossy(&bytes)
        )
    });
    assert_eq!(
        read.properties(),
        patch.properties(),
        "the body reads back to other properties: {}",
        String::from_utf8_lossy(&bytes)
    );
    let again = read.with_odata_type(patch.writes_odata_type()).to_vec();
    assert_eq!(again, bytes, "the body is not written the same way twice");
    let mut base = CaseExportOperation::new();
    base.id = patch.properties().id.clone();
    let applied = base
        .apply(patch)
        .unwrap_or_else(|e| panic!("the built patch does not apply: {e}"));
    let back = CaseExportOperation::from_json(&applied.to_json()).expect("the result reads back");
    assert_eq!(back, applied, "the result reads back to another value");
}
