//! `response`: bytes 0–1 are the status (big-endian `u16`); then header
//! lines (`Name: value`, separated by `\n`, up to a NUL byte; invalid UTF-8
//! replaced), then the body. Input of fewer than 2 bytes is skipped.
//!
//! - `204` is "no content"; a `2xx` whose body is empty or JSON whitespace
//!   is "no content"; any other `2xx` body is read leniently as a document:
//!   the response is that operation, or fails exactly as the reader does.
//! - Any other status is a Graph error carrying that status, the
//!   `request-id` header when sent, and a `Retry-After` of seconds only for
//!   a value of digits (HTTP delay-seconds).

use caseexport::{read_response, CaseExportOperation, Outcome, RetryAfter};

use crate::{is_json_whitespace, split_nul};

/// Runs every check on `data`.
pub fn check(data: &[u8]) {
    let Some((status, rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    let status = u16::from_be_bytes(*status);
    let (head, body) = match split_nul(rest) {
        (head, Some(body)) => (String::from_utf8_lossy(head).into_owned(), body),
        (body, None) => (String::new(), body),
    };
    let headers: Vec<(&str, &str)> = head
        .split('\n')
        .filter_map(|line| line.split_once(':'))
        .collect();
    let outcome = read_response(status, &headers, body);
    let blank = body.iter().all(|&b| is_json_whitespace(b));
    match status {
        204 => assert_eq!(outcome, Ok(Outcome::NoContent), "204"),
        200..=299 if blank => {
            assert_eq!(
                outcome,
                Ok(Outcome::NoContent),
                "{status} with a blank body"
            )
        }
        200..=299 => {
            let want = CaseExportOperation::from_json(body);
            match (outcome, want) {
                (Ok(Outcome::Updated(got)), Ok(want)) => assert_eq!(*got, want),
                (Err(got), Err(want)) => assert_eq!(got, want, "other errors than the reader's"),
                (got, want) => panic!("{status}: read_response {got:?}, the reader {want:?}"),
            }
        }
        _ => {
            let Ok(Outcome::Failed(e)) = outcome else {
                panic!("status {status} is not a Graph error: {outcome:?}");
            };
            assert_eq!(e.status, status);
            assert!(!e.code.is_empty(), "empty error code");
            let find = |name: &str| {
                headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.trim())
            };
            if let Some(id) = find("request-id") {
                assert_eq!(e.request_id.as_deref(), Some(id), "request-id header");
            }
            if let Some(RetryAfter::Seconds(secs)) = e.retry_after {
                let value = find("Retry-After").expect("Retry-After without the header");
                let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
                assert!(digits, "Retry-After {value:?} read as {secs} seconds");
                assert_eq!(value.parse::<u64>().ok(), Some(secs));
            }
        }
    }
}
