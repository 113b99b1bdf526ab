//! `datetime`: the input is a DateTimeOffset text (non-UTF-8 input is skipped).
//!
//! - An independent reference grammar decides acceptance:
//!   `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)`, uppercase `T` and `Z`, a real
//!   calendar date, seconds 00–59, offset hours 00–23 and minutes 00–59
//!   (DESIGN.md "Reading"); the value's fields are the text's fields.
//! - What parses is written canonically, and reads back equal, to the same text.
//! - The reader agrees with `DateTimeOffset::parse` on `createdDateTime`.

use caseexport::{CaseExportOperation, DateTimeOffset, ErrorCode, ReadOptions};

/// The fields of a valid text: year, month, day, hour, minute, second,
/// nanosecond, offset in seconds.
type Fields = (i32, u8, u8, u8, u8, u8, u32, i32);

/// Runs every check on `data`.
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = DateTimeOffset::parse(text);
    match (reference(text), &parsed) {
        (Some(f), Ok(dt)) => {
            let t = dt.to_offset_date_time();
            let got: Fields = (
                t.year(),
                t.month() as u8,
                t.day(),
                t.hour(),
                t.minute(),
                t.second(),
                t.nanosecond(),
                t.offset().whole_seconds(),
            );
            assert_eq!(got, f, "{text:?} parses to other fields");
            let written = dt.to_string();
            let again = DateTimeOffset::parse(&written).unwrap_or_else(|e| {
                panic!("{text:?} writes {written:?}, which does not parse: {e}")
            });
            assert_eq!(again, *dt, "{written:?} reads back to another value");
            assert_eq!(again.offset_seconds(), dt.offset_seconds(), "offset lost");
            assert_eq!(
                again.to_string(),
                written,
                "canonical form is not a fixed point"
            );
        }
        (None, Err(_)) => {}
        (want, got) => panic!("{text:?}: reference says {want:?}, parse says {got:?}"),
    }
    // The document reader uses the same grammar.
    let doc = format!(
        "{{\"createdDateTime\":{}}}",
        serde_json::to_string(text).expect("a str serializes")
    );
    let read = CaseExportOperation::from_json_with(doc.as_bytes(), &ReadOptions::strict());
    match (&parsed, read) {
        (Ok(dt), Ok(op)) => assert_eq!(op.created_date_time.as_option(), Some(dt)),
        (Err(_), Err(e)) => assert!(
            matches!(e.details(), [d] if d.code == ErrorCode::InvalidDateTime && d.path == "/createdDateTime"),
            "{text:?}: {:?}",
            e.details()
        ),
        (p, r) => panic!("{text:?}: parse says {p:?}, the reader says {r:?}"),
    }
}

/// The reference grammar, written from DESIGN.md without looking at the parser.
fn reference(s: &str) -> Option<Fields> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let part = b.get(from..from + len)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let lit = |at: usize, c: u8| b.get(at) == Some(&c);
    let year = num(0, 4)?;
    let month = num(5, 2)?;
    let day = num(8, 2)?;
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(lit(4, b'-') && lit(7, b'-') && lit(10, b'T') && lit(13, b':') && lit(16, b':')) {
        return None;
    }
    let mut i = 19;
    let mut nanos = 0u32;
    if lit(i, b'.') {
        let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=9).contains(&digits) {
            return None;
        }
        nanos = num(i + 1, digits)? * 10u32.pow(9 - digits as u32);
        i += 1 + digits;
    }
    let offset = match b.get(i)? {
        b'Z' => {
            i += 1;
            0
        }
        &sign @ (b'+' | b'-') => {
            let (h, m) = (num(i + 1, 2)?, num(i + 4, 2)?);
            if !lit(i + 3, b':') || h > 23 || m > 59 {
                return None;
            }
            i += 6;
            let secs = (h * 3600 + m * 60) as i32;
            if sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    if i != b.len() || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let month_t = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    time::Date::from_calendar_date(year as i32, month_t, u8::try_from(day).ok()?).ok()?;
    Some((
        year as i32,
        month as u8,
        day as u8,
        hour as u8,
        minute as u8,
        second as u8,
        nanos,
        offset,
    ))
}
