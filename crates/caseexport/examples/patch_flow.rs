//! The PATCH flow of a caseExportOperation, from both sides: read a stored
//! operation, validate and apply an incoming PATCH body (service side), then
//! compute the minimal PATCH body and the request that sends it (client
//! side). Run it with `cargo run -p caseexport --example patch_flow`.
use std::error::Error;

use caseexport::{diff, CaseExportOperation, ErrorCode, Patch, ReadOptions, Request, Secret};

fn main() -> Result<(), Box<dyn Error>> {
    // A stored operation (read leniently: unknown members are kept).
    let stored = CaseExportOperation::from_json(
        br#"{
            "@odata.etag": "W/\"3\"",
            "id": "359c4f92-4f92-359c-924f-9c35924f9c35",
            "createdDateTime": "2024-05-01T08:00:00.1234567Z",
            "status": "running", "percentProgress": 40, "description": "weekly export",
            "exportOptions": "text, originalFiles",
            "azureBlobToken": "sv=2023-01-03&sig=SECRET"
        }"#,
    )?;

    // Service side: validate and apply an incoming PATCH body, all or nothing.
    let updated = stored.apply_json(
        br#"{"percentProgress": 100, "status": "succeeded", "description": null}"#,
        &ReadOptions::strict(),
    )?;
    assert!(updated.description.is_null()); // cleared, written as null
    assert!(!format!("{updated:?}").contains("SECRET")); // the SAS token never prints
    println!("{}", updated.to_json_string());

    // Every error at once, each with a path and a stable code.
    let bad = br#"{"percentProgress": 101, "colour": "red"}"#;
    let err = stored.apply_json(bad, &ReadOptions::strict()).unwrap_err();
    let found: Vec<_> = err
        .details()
        .iter()
        .map(|d| (d.path.as_str(), d.code))
        .collect();
    assert_eq!(
        found,
        [
            ("/percentProgress", ErrorCode::OutOfRange),
            ("/colour", ErrorCode::UnknownProperty)
        ]
    );
    for detail in err.details() {
        println!("{detail}");
    }

    // Client side: the minimal PATCH body and the request that carries it.
    let patch = diff(&stored, &updated)?;
    assert_eq!(
        patch.to_json_string(),
        r##"{"@odata.type":"#microsoft.graph.caseExportOperation","percentProgress":100,"status":"succeeded","description":null}"##
    );
    let request = Request::new(
        caseexport::operation_url("case-1", "359c4f92-4f92-359c-924f-9c35924f9c35"),
        Secret::new("eyJ0eXAi..."),
        &Patch::new().set_description("nightly export"),
    )?
    .with_if_match(stored.etag().unwrap_or("*"))?;
    let http = String::from_utf8(request.to_http1(false))?;
    assert!(http.contains("Authorization: Bearer ***"));
    println!("{http}");
    Ok(())
}
