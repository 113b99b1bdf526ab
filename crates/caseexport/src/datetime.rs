//! [`DateTimeOffset`]: an RFC 3339 timestamp that keeps its offset and up to
//! nanosecond precision, written back with the fewest fractional digits.
//!
//! The shape (`YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)`) is checked here; the
//! calendar (month lengths, leap years) and the instant arithmetic are the
//! `time` crate's.

use std::fmt;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// A Graph `DateTimeOffset`: an instant plus the offset it was written in.
///
/// Equality is by instant **and** offset, so `10:00Z` and `12:00+02:00` differ.
///
/// ```
/// use caseexport::DateTimeOffset;
/// let t: DateTimeOffset = "2024-03-01T09:30:00.1234567+05:30".parse().unwrap();
/// assert_eq!(t.nanosecond(), 123_456_700);
/// assert_eq!(t.to_string(), "2024-03-01T09:30:00.1234567+05:30");
/// let z: DateTimeOffset = "2024-03-01T09:30:00.1200000-00:00".parse().unwrap();
/// assert_eq!(z.to_string(), "2024-03-01T09:30:00.12Z");
/// assert!("2024-02-30T00:00:00Z".parse::<DateTimeOffset>().is_err());
/// ```
#[derive(Clone, Copy)]
pub struct DateTimeOffset {
    inner: OffsetDateTime,
}

impl PartialEq for DateTimeOffset {
    /// Same instant and same offset (`time` alone compares instants only).
    fn eq(&self, other: &Self) -> bool {
        self.inner == other.inner && self.inner.offset() == other.inner.offset()
    }
}

impl Eq for DateTimeOffset {}

impl std::hash::Hash for DateTimeOffset {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.inner.unix_timestamp_nanos().hash(state);
        self.inner.offset().whole_seconds().hash(state);
    }
}

/// Why a string is not a valid DateTimeOffset.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DateTimeError(&'static str);

impl DateTimeOffset {
    /// Wraps a `time::OffsetDateTime` (instant, offset and nanoseconds kept).
    /// Years outside 0000..=9999 cannot be written as RFC 3339 and are rejected.
    pub fn from_offset_date_time(inner: OffsetDateTime) -> Result<Self, DateTimeError> {
        if !(0..=9999).contains(&inner.year()) {
            return Err(DateTimeError("year outside 0000..=9999"));
        }
        Ok(DateTimeOffset { inner })
    }

    /// The underlying `time::OffsetDateTime`.
    pub fn to_offset_date_time(self) -> OffsetDateTime {
        self.inner
    }

    /// Seconds since the Unix epoch (UTC).
    pub fn unix_timestamp(self) -> i64 {
        self.inner.unix_timestamp()
    }

    /// Nanoseconds within the second (0..1_000_000_000).
    pub fn nanosecond(self) -> u32 {
        self.inner.nanosecond()
    }

    /// The offset from UTC in seconds (east positive).
    pub fn offset_seconds(self) -> i32 {
        self.inner.offset().whole_seconds()
    }

    /// Parses the wire form; see the type's documentation.
    pub fn parse(s: &str) -> Result<Self, DateTimeError> {
        parse(s.as_bytes())
    }

    /// Writes the canonical form into `out`.
    pub(crate) fn write_to(self, out: &mut Vec<u8>) {
        let t = self.inner;
        let mut buf = [0u8; 35];
        // One calendar and one clock conversion (the accessors one by one
        // would each redo the date arithmetic).
        let (year, month, day) = t.to_calendar_date();
        let (hour, minute, second, nanos) = t.to_hms_nano();
        let year = year as u32; // 0..=9999, checked on construction
        let two = |v: u8| pair(u32::from(v));
        // YYYY-MM-DDTHH:MM:SS, at fixed places.
        buf[0..2].copy_from_slice(&pair(year / 100));
        buf[2..4].copy_from_slice(&pair(year % 100));
        buf[4] = b'-';
        buf[5..7].copy_from_slice(&two(month as u8));
        buf[7] = b'-';
        buf[8..10].copy_from_slice(&two(day));
        buf[10] = b'T';
        buf[11..13].copy_from_slice(&two(hour));
        buf[13] = b':';
        buf[14..16].copy_from_slice(&two(minute));
        buf[16] = b':';
        buf[17..19].copy_from_slice(&two(second));
        let mut n = 19;
        if nanos != 0 {
            // All nine digits, then the trailing zeros dropped.
            let mut frac = [0u8; 9];
            frac[0] = b'0' + (nanos / 100_000_000) as u8;
            let rest = nanos % 100_000_000;
            let (high, low) = (rest / 10_000, rest % 10_000);
            frac[1..3].copy_from_slice(&pair(high / 100));
            frac[3..5].copy_from_slice(&pair(high % 100));
            frac[5..7].copy_from_slice(&pair(low / 100));
            frac[7..9].copy_from_slice(&pair(low % 100));
            let digits = 9 - frac.iter().rev().take_while(|&&c| c == b'0').count();
            buf[n] = b'.';
            buf[n + 1..n + 1 + digits].copy_from_slice(&frac[..digits]);
            n += 1 + digits;
        }
        let off = t.offset();
        if off.is_utc() {
            buf[n] = b'Z';
            n += 1;
        } else {
            let (h, m, _) = off.as_hms();
            buf[n] = if off.is_negative() { b'-' } else { b'+' };
            n += 1;
            buf[n..n + 2].copy_from_slice(&pair(u32::from(h.unsigned_abs())));
            buf[n + 2] = b':';
            buf[n + 3..n + 5].copy_from_slice(&pair(u32::from(m.unsigned_abs())));
            n += 5;
        }
        out.extend_from_slice(&buf[..n]);
    }
}

/// The two ASCII digits of `v % 100`.
#[inline(always)]
fn pair(v: u32) -> [u8; 2] {
    const PAIRS: [[u8; 2]; 100] = {
        let mut t = [[0u8; 2]; 100];
        let mut i = 0;
        while i < 100 {
            t[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
            i += 1;
        }
        t
    };
    PAIRS[(v % 100) as usize]
}

/// `10^(9 - digits)`: scales a fraction of `digits` digits to nanoseconds.
const NANOS_SCALE: [u32; 10] = [
    1_000_000_000,
    100_000_000,
    10_000_000,
    1_000_000,
    100_000,
    10_000,
    1_000,
    100,
    10,
    1,
];

/// The positions of the digits in `YYYY-MM-DDTHH:MM:SS`.
const HEAD_DIGITS: [usize; 14] = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

fn digits2(b: &[u8], at: usize) -> Option<u8> {
    let (a, c) = (*b.get(at)?, *b.get(at + 1)?);
    (a.is_ascii_digit() && c.is_ascii_digit()).then(|| (a - b'0') * 10 + (c - b'0'))
}

/// The message for a timestamp of the wrong shape.
const SHAPE: &str = "expected YYYY-MM-DDTHH:MM:SS[.fffffff](Z|+hh:mm|-hh:mm)";

fn parse(b: &[u8]) -> Result<DateTimeOffset, DateTimeError> {
    let bad = || DateTimeError(SHAPE);
    // The fixed head, checked in one pass (separators, then all 14 digits);
    // at least one byte of offset must follow.
    let head: &[u8; 19] = match b.get(..19).map(<&[u8; 19]>::try_from) {
        Some(Ok(head)) if b.len() >= 20 => head,
        _ => return Err(bad()),
    };
    let d = |i: usize| head[i].wrapping_sub(b'0');
    // Every test evaluated (no early exit), so this compiles to straight-line code.
    let non_digit = HEAD_DIGITS.iter().fold(false, |acc, &i| acc | (d(i) > 9));
    if non_digit
        | (head[4] != b'-')
        | (head[7] != b'-')
        | (head[10] != b'T')
        | (head[13] != b':')
        | (head[16] != b':')
    {
        return Err(bad());
    }
    let two = |i: usize| d(i) * 10 + d(i + 1);
    let year = u16::from(two(0)) * 100 + u16::from(two(2));
    let (month, day, hour, minute, second) = (two(5), two(8), two(11), two(14), two(17));
    let mut i = 19;
    let mut nanos = 0u32;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while let Some(v) = b.get(i).map(|c| c.wrapping_sub(b'0')).filter(|v| *v <= 9) {
            // Wrapping: more than 9 digits is refused just below.
            nanos = nanos.wrapping_mul(10).wrapping_add(u32::from(v));
            i += 1;
        }
        let count = i - start;
        if count == 0 || count > 9 {
            return Err(DateTimeError("fractional seconds must have 1 to 9 digits"));
        }
        nanos *= NANOS_SCALE[count];
    }
    finish(
        b,
        i,
        Fields {
            year,
            month,
            day,
            hour,
            minute,
            second,
            nanos,
        },
    )
}

/// The calendar and clock fields read from a timestamp's head and fraction.
struct Fields {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    nanos: u32,
}

/// What follows the fraction: the offset at `b[i..]`, then the calendar and
/// clock checks.
fn finish(b: &[u8], i: usize, f: Fields) -> Result<DateTimeOffset, DateTimeError> {
    let bad = || DateTimeError(SHAPE);
    let offset = match &b[i..] {
        [b'Z'] => UtcOffset::UTC,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let h = digits2(b, i + 1).ok_or_else(bad)?;
            let m = digits2(b, i + 4).ok_or_else(bad)?;
            if h > 23 || m > 59 {
                return Err(DateTimeError("offset out of range"));
            }
            let (h, m) = if *sign == b'-' {
                (-(h as i8), -(m as i8))
            } else {
                (h as i8, m as i8)
            };
            UtcOffset::from_hms(h, m, 0).map_err(|_| DateTimeError("offset out of range"))?
        }
        [] => return Err(DateTimeError("missing offset (Z or ±hh:mm)")),
        _ => return Err(bad()),
    };
    let month = Month::try_from(f.month).map_err(|_| DateTimeError("month out of range"))?;
    let date = Date::from_calendar_date(i32::from(f.year), month, f.day)
        .map_err(|_| DateTimeError("day out of range for the month"))?;
    if f.second > 59 {
        return Err(DateTimeError(
            "second out of range (leap seconds are not representable)",
        ));
    }
    let time = Time::from_hms_nano(f.hour, f.minute, f.second, f.nanos)
        .map_err(|_| DateTimeError("time of day out of range"))?;
    Ok(DateTimeOffset {
        inner: PrimitiveDateTime::new(date, time).assume_offset(offset),
    })
}

impl std::str::FromStr for DateTimeOffset {
    type Err = DateTimeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s.as_bytes())
    }
}

impl fmt::Display for DateTimeOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = Vec::with_capacity(35);
        self.write_to(&mut out);
        // Only ASCII digits and separators are written.
        f.write_str(std::str::from_utf8(&out).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for DateTimeOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTimeOffset({self})")
    }
}

impl TryFrom<OffsetDateTime> for DateTimeOffset {
    type Error = DateTimeError;
    fn try_from(t: OffsetDateTime) -> Result<Self, Self::Error> {
        DateTimeOffset::from_offset_date_time(t)
    }
}

impl From<DateTimeOffset> for OffsetDateTime {
    fn from(t: DateTimeOffset) -> Self {
        t.inner
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The straightforward head and fraction reader (field by field through
    /// `digits2`) that `parse` replaced for speed: the oracle of the property
    /// test below. The offset and calendar checks after it are shared.
    fn reference_parse(b: &[u8]) -> Result<DateTimeOffset, DateTimeError> {
        let bad = || DateTimeError(SHAPE);
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(bad());
        }
        let year = u16::from(digits2(b, 0).ok_or_else(bad)?) * 100
            + u16::from(digits2(b, 2).ok_or_else(bad)?);
        let month = digits2(b, 5).ok_or_else(bad)?;
        let day = digits2(b, 8).ok_or_else(bad)?;
        let hour = digits2(b, 11).ok_or_else(bad)?;
        let minute = digits2(b, 14).ok_or_else(bad)?;
        let second = digits2(b, 17).ok_or_else(bad)?;
        let mut i = 19;
        let mut nanos = 0u32;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let count = i - start;
            if count == 0 || count > 9 {
                return Err(DateTimeError("fractional seconds must have 1 to 9 digits"));
            }
            for &d in &b[start..i] {
                nanos = nanos * 10 + u32::from(d - b'0');
            }
            nanos *= 10u32.pow((9 - count) as u32);
        }
        finish(
            b,
            i,
            Fields {
                year,
                month,
                day,
                hour,
                minute,
                second,
                nanos,
            },
        )
    }

    /// Timestamps near the valid shape: valid ones with one byte changed,
    /// cut short, or with a fraction of 0..=11 digits.
    fn near_timestamps() -> impl Strategy<Value = Vec<u8>> {
        let valid = (
            0u16..=9999,
            0u8..=13,
            0u8..=32,
            0u8..=25,
            0u8..=61,
            0u8..=61,
            prop::collection::vec(b'0'..=b'9', 0..=11),
            prop_oneof![Just("Z".to_owned()), "[+-][0-2][0-9]:[0-6][0-9]"],
        )
            .prop_map(|(y, mo, d, h, mi, s, frac, off)| {
                let mut t = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
                if !frac.is_empty() || mo % 3 == 0 {
                    t.push('.');
                    t.push_str(std::str::from_utf8(&frac).unwrap_or(""));
                }
                t.push_str(&off);
                t.into_bytes()
            });
        (valid, any::<prop::sample::Index>(), any::<u8>(), 0u8..4).prop_map(
            |(mut t, at, byte, how)| {
                let i = at.index(t.len());
                match how {
                    0 => t[i] = byte,
                    1 => t.truncate(i),
                    2 => t[i] = b"0123456789-:T.Z+"[usize::from(byte) % 16],
                    _ => {}
                }
                t
            },
        )
    }

    /// The canonical form spelled out with `format!`: the writer's oracle.
    fn reference_format(t: OffsetDateTime) -> String {
        let mut s = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        );
        if t.nanosecond() != 0 {
            s.push('.');
            s.push_str(format!("{:09}", t.nanosecond()).trim_end_matches('0'));
        }
        let (h, m, _) = t.offset().as_hms();
        if t.offset().is_utc() {
            s.push('Z');
        } else {
            let sign = if t.offset().is_negative() { '-' } else { '+' };
            s.push_str(&format!(
                "{sign}{:02}:{:02}",
                h.unsigned_abs(),
                m.unsigned_abs()
            ));
        }
        s
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        #[test]
        fn written_like_the_reference_and_read_back(
            days in 0i64..3_652_059, // 0000-01-01 ..= 9999-12-31
            nanos_of_day in 0i64..86_400_000_000_000,
            nines in 0u32..10,
            offset_minutes in -1439i32..=1439,
        ) {
            // Fractions with every count of trailing zeros.
            let nanos_of_day = nanos_of_day / 10i64.pow(nines) * 10i64.pow(nines);
            // Julian day 1 721 060 is 0000-01-01.
            let date = Date::from_julian_day(1_721_060 + days as i32).unwrap_or(Date::MIN);
            prop_assume!((0..=9999).contains(&date.year()));
            let time = Time::MIDNIGHT + time::Duration::nanoseconds(nanos_of_day);
            let offset = UtcOffset::from_whole_seconds(offset_minutes * 60).unwrap_or(UtcOffset::UTC);
            let t = DateTimeOffset::from_offset_date_time(PrimitiveDateTime::new(date, time).assume_offset(offset))
                .expect("year in range");
            let text = t.to_string();
            prop_assert_eq!(&text, &reference_format(t.to_offset_date_time()));
            prop_assert_eq!(DateTimeOffset::parse(&text), Ok(t));
        }

        #[test]
        fn parse_agrees_with_the_reference(t in near_timestamps()) {
            let got = parse(&t).map(|v| (v.unix_timestamp(), v.nanosecond(), v.offset_seconds()));
            let want = reference_parse(&t).map(|v| (v.unix_timestamp(), v.nanosecond(), v.offset_seconds()));
            prop_assert_eq!(got, want, "{:?}", String::from_utf8_lossy(&t));
        }
    }

    fn rt(s: &str) -> String {
        DateTimeOffset::parse(s).unwrap().to_string()
    }

    #[test]
    fn fractions_are_kept_and_trimmed() {
        assert_eq!(
            rt("2021-01-01T00:00:00.1234567Z"),
            "2021-01-01T00:00:00.1234567Z"
        );
        assert_eq!(
            rt("2021-01-01T00:00:00.123456789Z"),
            "2021-01-01T00:00:00.123456789Z"
        );
        assert_eq!(rt("2021-01-01T00:00:00.0000000Z"), "2021-01-01T00:00:00Z");
        assert_eq!(rt("2021-01-01T00:00:00.5Z"), "2021-01-01T00:00:00.5Z");
        assert_eq!(
            rt("2021-01-01T00:00:00.000000001Z"),
            "2021-01-01T00:00:00.000000001Z"
        );
    }

    #[test]
    fn offsets_are_kept_and_zero_is_z() {
        assert_eq!(rt("0001-12-31T23:59:59-09:30"), "0001-12-31T23:59:59-09:30");
        assert_eq!(rt("2021-06-01T12:00:00+00:00"), "2021-06-01T12:00:00Z");
        assert_eq!(rt("2021-06-01T12:00:00-00:00"), "2021-06-01T12:00:00Z");
        assert_eq!(rt("2021-06-01T12:00:00-00:30"), "2021-06-01T12:00:00-00:30");
    }

    #[test]
    fn equality_is_instant_and_offset() {
        let a = DateTimeOffset::parse("2021-06-01T10:00:00Z").unwrap();
        let b = DateTimeOffset::parse("2021-06-01T12:00:00+02:00").unwrap();
        assert_eq!(a.unix_timestamp(), b.unix_timestamp());
        assert_ne!(a, b);
        assert_eq!(
            a,
            DateTimeOffset::parse("2021-06-01T10:00:00.000Z").unwrap()
        );
    }

    #[test]
    fn malformed_inputs_are_rejected() {
        for s in [
            "",
            "2021-06-01T10:00:00",
            "2021-06-01t10:00:00Z",
            "2021-06-01T10:00:00z",
            "2021-06-01 10:00:00Z",
            "2021-06-01T10:00:00.Z",
            "2021-06-01T10:00:00.1234567890Z",
            "2021-02-29T10:00:00Z",
            "2021-13-01T10:00:00Z",
            "2021-00-01T10:00:00Z",
            "2021-06-01T24:00:00Z",
            "2021-06-01T10:60:00Z",
            "2021-06-01T23:59:60Z",
            "2021-06-01T10:00:00+24:00",
            "2021-06-01T10:00:00+05:60",
            "2021-06-01T10:00:00+0530",
            "2021-06-01T10:00:00Z ",
            "+2021-06-01T10:00:00Z",
            "2021-6-01T10:00:00Z",
            "２０２１-06-01T10:00:00Z",
        ] {
            assert!(
                DateTimeOffset::parse(s).is_err(),
                "{s:?} should be rejected"
            );
        }
        assert!(DateTimeOffset::parse("2020-02-29T10:00:00Z").is_ok());
    }
}
