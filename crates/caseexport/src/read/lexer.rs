//! The JSON text reader under the model: a pull lexer with RFC 8259 grammar,
//! giving values exactly as `serde_json` reads them (integers as `u64`/`i64`,
//! everything else numeric as a correctly rounded `f64`, strings borrowed
//! from the input when they have no escapes).
//!
//! Why not `serde_json`: on the seed-sized document its generic reader spent
//! more instructions than the whole rest of the read (one call per byte of
//! punctuation, behind generic layers), and driving the model through
//! serde's visitor layers cost about as much again per member. This lexer
//! scans a string's bytes a word at a time over input already known to be
//! UTF-8, and the reader pulls members and values from it directly. The unit
//! tests hold it to `serde_json` as an oracle: for arbitrary text both accept
//! the same inputs, with the same values and (for common errors) messages.

use std::borrow::Cow;
use std::fmt;

use crate::special::{is_special, special_bytes};

/// Why reading stopped: the text is not JSON. The message ends with the
/// line and column.
#[derive(Debug)]
pub(crate) struct LexError(pub(crate) String);

impl fmt::Display for LexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LexError {}

type Result<T> = std::result::Result<T, LexError>;

/// A JSON number as `serde_json` reads it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Num {
    /// A non-negative integer that fits 64 bits.
    U64(u64),
    /// A negative integer that fits 64 bits.
    I64(i64),
    /// An integer literal (no fraction, no exponent) that serde_json reads
    /// as a float: `-0` and integers beyond 64 bits.
    IntF64(f64),
    /// A literal with a fraction or an exponent.
    F64(f64),
}

/// A value that is not an object or an array.
#[derive(Debug, PartialEq)]
pub(crate) enum Scalar<'de> {
    Null,
    Bool(bool),
    Num(Num),
    Str(Cow<'de, str>),
}

/// A pull reader over UTF-8 text. It does not count nesting: its callers do
/// (the reader's `Ctx`, at most 127 levels, skipping anything deeper with
/// [`skip_value`](Lexer::skip_value), which does not recurse).
pub(crate) struct Lexer<'de> {
    text: &'de str,
    pos: usize,
    /// Unescaped contents of the current string, when it has escapes.
    scratch: String,
}

/// `true` for JSON's four whitespace bytes.
#[inline]
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\t' | b'\r')
}

/// The index of the first control character, `"` or `\` at or after `i`
/// (`bytes.len()` when there is none).
#[inline(always)]
fn scan_plain(bytes: &[u8], mut i: usize) -> usize {
    while let Some(Ok(word)) = bytes.get(i..i + 8).map(<[u8; 8]>::try_from) {
        let mask = special_bytes(u64::from_le_bytes(word));
        if mask != 0 {
            return i + (mask.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if is_special(b) {
            return i;
        }
        i += 1;
    }
    i
}

impl<'de> Lexer<'de> {
    /// A lexer at the start of `text`.
    pub(crate) fn new(text: &'de str) -> Self {
        Lexer {
            text,
            pos: 0,
            scratch: String::new(),
        }
    }

    #[inline]
    fn bytes(&self) -> &'de [u8] {
        self.text.as_bytes()
    }

    /// The next byte that is not whitespace, without consuming it.
    #[inline]
    fn peek_ws(&mut self) -> Option<u8> {
        let bytes = self.bytes();
        while let Some(&b) = bytes.get(self.pos) {
            // Every whitespace byte is at most b' ': one compare for the
            // usual case (compact input: no whitespace at all).
            if b > b' ' || !is_ws(b) {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    /// The byte offset of the next byte to read (after [`peek_value`](Self::peek_value),
    /// the first byte of the value).
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// Succeeds when only whitespace is left.
    pub(crate) fn end(&mut self) -> Result<()> {
        match self.peek_ws() {
            None => Ok(()),
            Some(_) => Err(self.peek_error("trailing characters")),
        }
    }

    /// An error at `pos` (1-based line and column of the byte before it, as
    /// `serde_json` reports them).
    #[cold]
    fn error_at(&self, pos: usize, msg: &str) -> LexError {
        let before = &self.bytes()[..pos.min(self.bytes().len())];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = before.len() - line_start;
        LexError(format!("{msg} at line {line} column {column}"))
    }

    /// An error about what has been consumed (or the end of the input).
    #[cold]
    fn error(&self, msg: &str) -> LexError {
        self.error_at(self.pos, msg)
    }

    /// An error about the byte about to be read.
    #[cold]
    fn peek_error(&self, msg: &str) -> LexError {
        self.error_at(self.pos + 1, msg)
    }

    /// Consumes `word` (`true`, `false`, `null`), whose first byte is next.
    fn literal(&mut self, word: &[u8]) -> Result<()> {
        for &expected in word {
            match self.bytes().get(self.pos) {
                None => return Err(self.error("EOF while parsing a value")),
                Some(&b) if b == expected => self.pos += 1,
                Some(_) => {
                    self.pos += 1;
                    return Err(self.error("expected ident"));
                }
            }
        }
        Ok(())
    }

    /// Reads a string whose opening quote has been consumed: borrowed from
    /// the input when it has no escapes.
    #[inline(always)]
    fn string(&mut self) -> Result<Cow<'de, str>> {
        let bytes = self.bytes();
        let start = self.pos;
        let mut i = scan_plain(bytes, start);
        if bytes.get(i) == Some(&b'"') {
            self.pos = i + 1;
            // `start` follows a quote and `i` is one: both are character
            // boundaries (`get` checks them; the plain range index was an
            // out-of-line call per string).
            if let Some(s) = self.text.get(start..).and_then(|t| t.get(..i - start)) {
                return Ok(Cow::Borrowed(s));
            }
        }
        self.scratch.clear();
        let mut from = start;
        loop {
            match bytes.get(i) {
                Some(b'"') => {
                    self.scratch.push_str(&self.text[from..i]);
                    self.pos = i + 1;
                    return Ok(Cow::Owned(self.scratch.clone()));
                }
                Some(b'\\') => {
                    self.scratch.push_str(&self.text[from..i]);
                    self.pos = i + 1;
                    self.escape()?;
                    from = self.pos;
                    i = scan_plain(bytes, from);
                }
                Some(_) => {
                    self.pos = i + 1;
                    return Err(self.error(
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ));
                }
                None => {
                    self.pos = i;
                    return Err(self.error("EOF while parsing a string"));
                }
            }
        }
    }

    /// Decodes the escape after a `\` into the scratch string.
    fn escape(&mut self) -> Result<()> {
        let Some(&b) = self.bytes().get(self.pos) else {
            return Err(self.error("EOF while parsing a string"));
        };
        self.pos += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => self.unicode_escape()?,
            _ => return Err(self.error("invalid escape")),
        };
        self.scratch.push(c);
        Ok(())
    }

    /// Four hex digits after `\u`.
    fn hex4(&mut self) -> Result<u32> {
        let mut n = 0;
        for _ in 0..4 {
            let Some(&b) = self.bytes().get(self.pos) else {
                return Err(self.error("EOF while parsing a string"));
            };
            self.pos += 1;
            let digit = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => return Err(self.error("invalid escape")),
            };
            n = n * 16 + u32::from(digit);
        }
        Ok(n)
    }

    /// The character of a `\uXXXX` escape (a surrogate pair takes two);
    /// unpaired surrogates are errors, as strings must be Unicode.
    fn unicode_escape(&mut self) -> Result<char> {
        let n = self.hex4()?;
        if (0xDC00..=0xDFFF).contains(&n) {
            return Err(self.error("lone leading surrogate in hex escape"));
        }
        if !(0xD800..=0xDBFF).contains(&n) {
            return char::from_u32(n).ok_or_else(|| self.error("invalid escape"));
        }
        if self.bytes().get(self.pos..self.pos + 2) != Some(b"\\u") {
            self.pos = (self.pos + 1).min(self.bytes().len());
            return Err(self.error("unexpected end of hex escape"));
        }
        self.pos += 2;
        let low = self.hex4()?;
        if !(0xDC00..=0xDFFF).contains(&low) {
            return Err(self.error("lone leading surrogate in hex escape"));
        }
        char::from_u32(0x1_0000 + ((n - 0xD800) << 10) + (low - 0xDC00))
            .ok_or_else(|| self.error("invalid escape"))
    }

    /// Consumes a run of digits; returns how many.
    #[inline]
    fn digits(&mut self) -> usize {
        let bytes = self.bytes();
        let start = self.pos;
        while bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// Reads a number (its first byte, `-` or a digit, is next). Integers
    /// that fit are `U64` (non-negative) or `I64`; `-0` and larger integers
    /// are `IntF64`; fractions and exponents are `F64`.
    #[inline]
    fn number(&mut self) -> Result<Num> {
        let bytes = self.bytes();
        let start = self.pos;
        let negative = bytes.get(start) == Some(&b'-');
        if negative {
            self.pos += 1;
        }
        let int_start = self.pos;
        // The integer part's value, accumulated while scanning (exact while
        // it has at most 19 digits).
        let mut value: u64 = 0;
        match bytes.get(self.pos) {
            Some(b'0') => {
                self.pos += 1;
                if bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
                    return Err(self.peek_error("invalid number"));
                }
            }
            Some(b'1'..=b'9') => {
                while let Some(d) = bytes
                    .get(self.pos)
                    .map(|b| b.wrapping_sub(b'0'))
                    .filter(|d| *d <= 9)
                {
                    value = value.wrapping_mul(10).wrapping_add(u64::from(d));
                    self.pos += 1;
                }
            }
            Some(_) => {
                self.pos += 1;
                return Err(self.error("invalid number"));
            }
            None => return Err(self.error("EOF while parsing a value")),
        }
        let int_end = self.pos;
        let mut integer = true;
        if bytes.get(self.pos) == Some(&b'.') {
            integer = false;
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.fraction_error());
            }
        }
        if matches!(bytes.get(self.pos), Some(b'e' | b'E')) {
            integer = false;
            self.pos += 1;
            if matches!(bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.fraction_error());
            }
        }
        if integer {
            // 19 digits always fit 64 bits; 20 may (checked again).
            let fits = int_end - int_start <= 19 || {
                let mut checked = Some(0u64);
                for &d in &bytes[int_start..int_end] {
                    checked = checked
                        .and_then(|v| v.checked_mul(10))
                        .and_then(|v| v.checked_add(u64::from(d - b'0')));
                }
                checked.is_some()
            };
            if fits {
                return Ok(if !negative {
                    Num::U64(value)
                } else if value == 0 {
                    Num::IntF64(-0.0)
                } else if value <= 1 << 63 {
                    Num::I64((value as i64).wrapping_neg())
                } else {
                    Num::IntF64(-(value as f64))
                });
            }
        }
        match self.text[start..self.pos].parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(if integer { Num::IntF64(f) } else { Num::F64(f) }),
            _ => Err(self.error("number out of range")),
        }
    }

    /// After `.` or an exponent, a digit must follow.
    #[cold]
    fn fraction_error(&mut self) -> LexError {
        match self.bytes().get(self.pos) {
            None => self.error("EOF while parsing a value"),
            Some(_) => {
                self.pos += 1;
                self.error("invalid number")
            }
        }
    }

    /// Skips one value, checking its grammar, without recursion: the open
    /// containers are kept on a heap stack, so a value nested past the
    /// reader's depth limit is still read to its end (and its errors found)
    /// without using the call stack.
    pub(crate) fn skip_value(&mut self) -> Result<()> {
        // The closing bytes of the containers open, innermost last.
        let mut open: Vec<u8> = Vec::new();
        let mut first = false;
        loop {
            // A value is next.
            match self.peek_ws() {
                Some(b'{') => {
                    self.pos += 1;
                    open.push(b'}');
                    first = true;
                }
                Some(b'[') => {
                    self.pos += 1;
                    open.push(b']');
                    first = true;
                }
                _ => {
                    self.scalar()?;
                }
            }
            // Close containers until one has another member or item.
            while let Some(&close) = open.last() {
                match self.separator(&mut first, close)? {
                    None => {
                        // The container was its parent's member or item.
                        open.pop();
                        first = false;
                    }
                    Some(next) => {
                        if close == b'}' {
                            self.name(next)?;
                        }
                        break;
                    }
                }
            }
            if open.is_empty() {
                return Ok(());
            }
        }
    }

    /// What follows a container's opening byte or one of its members or
    /// items: `None` once the closing `close` is consumed, else the first
    /// byte of the next member or item (after its comma, not consumed).
    /// `first` is `true` right after the opening byte.
    #[inline(always)]
    fn separator(&mut self, first: &mut bool, close: u8) -> Result<Option<u8>> {
        match self.peek_ws() {
            Some(b) if b == close => {
                self.pos += 1;
                Ok(None)
            }
            Some(b',') if !*first => {
                self.pos += 1;
                match self.peek_ws() {
                    Some(b) if b == close => Err(self.peek_error("trailing comma")),
                    Some(b) => Ok(Some(b)),
                    None => Err(self.error("EOF while parsing a value")),
                }
            }
            Some(b) if *first => {
                *first = false;
                Ok(Some(b))
            }
            Some(_) if close == b'}' => Err(self.peek_error("expected `,` or `}`")),
            Some(_) => Err(self.peek_error("expected `,` or `]`")),
            None if close == b'}' => Err(self.error("EOF while parsing an object")),
            None => Err(self.error("EOF while parsing a list")),
        }
    }

    /// A member name starting with `next` (the byte [`separator`](Self::separator)
    /// returned), and its colon.
    #[inline(always)]
    fn name(&mut self, next: u8) -> Result<Cow<'de, str>> {
        if next != b'"' {
            return Err(self.peek_error("key must be a string"));
        }
        self.pos += 1;
        let name = self.string()?;
        match self.peek_ws() {
            Some(b':') => {
                self.pos += 1;
                Ok(name)
            }
            Some(_) => Err(self.peek_error("expected `:`")),
            None => Err(self.error("EOF while parsing an object")),
        }
    }

    /// The first byte of the next value (whitespace skipped), not consumed.
    #[inline]
    pub(crate) fn peek_value(&mut self) -> Result<u8> {
        self.peek_ws()
            .ok_or_else(|| self.error("EOF while parsing a value"))
    }

    /// Reads a value that is not an object or an array.
    #[inline(always)]
    pub(crate) fn scalar(&mut self) -> Result<Scalar<'de>> {
        match self.peek_ws() {
            Some(b'"') => {
                self.pos += 1;
                self.string().map(Scalar::Str)
            }
            Some(b'-' | b'0'..=b'9') => self.number().map(Scalar::Num),
            Some(b'n') => self.literal(b"null").map(|()| Scalar::Null),
            Some(b't') => self.literal(b"true").map(|()| Scalar::Bool(true)),
            Some(b'f') => self.literal(b"false").map(|()| Scalar::Bool(false)),
            Some(_) => Err(self.peek_error("expected value")),
            None => Err(self.error("EOF while parsing a value")),
        }
    }

    /// Consumes the `{` or `[` that [`peek_value`](Self::peek_value) saw.
    #[inline]
    pub(crate) fn open(&mut self) {
        self.pos += 1;
    }

    /// The next member name of an object opened with [`open`](Self::open),
    /// its colon consumed; `None` once the closing `}` is consumed. `first`
    /// starts `true` for each object.
    #[inline(always)]
    pub(crate) fn next_key(&mut self, first: &mut bool) -> Result<Option<Cow<'de, str>>> {
        match self.separator(first, b'}')? {
            None => Ok(None),
            Some(next) => self.name(next).map(Some),
        }
    }

    /// `true` when another item of an array opened with [`open`](Self::open)
    /// follows; `false` once the closing `]` is consumed. `first` starts
    /// `true` for each array.
    #[inline]
    pub(crate) fn next_item(&mut self, first: &mut bool) -> Result<bool> {
        Ok(self.separator(first, b']')?.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Pulls one value as a `serde_json::Value` (duplicate names: last wins,
    /// as serde_json does).
    fn pull(lexer: &mut Lexer<'_>) -> Result<Value> {
        match lexer.peek_value()? {
            b'{' => {
                lexer.open();
                let mut map = serde_json::Map::new();
                let mut first = true;
                while let Some(key) = lexer.next_key(&mut first)? {
                    let v = pull(lexer)?;
                    map.insert(key.into_owned(), v);
                }
                Ok(Value::Object(map))
            }
            b'[' => {
                lexer.open();
                let mut items = Vec::new();
                let mut first = true;
                while lexer.next_item(&mut first)? {
                    items.push(pull(lexer)?);
                }
                Ok(Value::Array(items))
            }
            _ => Ok(match lexer.scalar()? {
                Scalar::Null => Value::Null,
                Scalar::Bool(b) => Value::Bool(b),
                Scalar::Num(Num::U64(u)) => Value::from(u),
                Scalar::Num(Num::I64(i)) => Value::from(i),
                Scalar::Num(Num::F64(f) | Num::IntF64(f)) => Value::from(f),
                Scalar::Str(s) => Value::String(s.into_owned()),
            }),
        }
    }

    fn value(text: &str) -> std::result::Result<Value, String> {
        let mut lexer = Lexer::new(text);
        let v = pull(&mut lexer).map_err(|e| e.to_string())?;
        lexer.end().map_err(|e| e.to_string())?;
        Ok(v)
    }

    #[test]
    fn reads_values_as_serde_json_does() {
        for text in [
            r#"{"a":[1,-2,3.5,-0,0,-0.0,1e2,1E-2,true,false,null,"x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"]}"#,
            " [ 18446744073709551615 , 18446744073709551616 , -9223372036854775808 , -9223372036854775809 ] ",
            "\"\u{7f}é𝄞\"",
            "123456789012345678901234567890e-10",
            "{}",
            "[]",
            "[[],{}]",
        ] {
            let ours = value(text).unwrap();
            let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(ours, theirs, "{text}");
        }
    }

    #[test]
    fn refuses_what_json_refuses_with_a_position() {
        let mut bad = Vec::new();
        for (text, msg) in [
            (r#"{"id":"#, "EOF while parsing a value at line 1 column 6"),
            ("[1,]", "trailing comma at line 1 column 4"),
            ("{\"a\":1,}", "trailing comma at line 1 column 8"),
            ("{\n 1:2}", "key must be a string at line 2 column 2"),
            ("01", "invalid number at line 1 column 2"),
            ("1.", "EOF while parsing a value at line 1 column 2"),
            ("1e+", "EOF while parsing a value at line 1 column 3"),
            ("-", "EOF while parsing a value at line 1 column 1"),
            ("1e400", "number out of range at line 1 column 5"),
            ("\"\u{1}\"", "control character (\\u0000-\\u001F) found while parsing a string at line 1 column 2"),
            (r#""\ud800""#, "unexpected end of hex escape at line 1 column 8"),
            (r#""\udc00""#, "lone leading surrogate in hex escape at line 1 column 7"),
            (r#""\ud800\u0041""#, "lone leading surrogate in hex escape at line 1 column 13"),
            (r#""\x""#, "invalid escape at line 1 column 3"),
            ("tru", "EOF while parsing a value at line 1 column 3"),
            ("nul1", "expected ident at line 1 column 4"),
            ("[1 2]", "expected `,` or `]` at line 1 column 4"),
            ("{\"a\" 1}", "expected `:` at line 1 column 6"),
            ("1 2", "trailing characters at line 1 column 3"),
            ("", "EOF while parsing a value at line 1 column 0"),
            ("\"abc", "EOF while parsing a string at line 1 column 4"),
        ] {
            let theirs = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
            let ours = value(text).unwrap_err();
            if ours != msg || theirs.to_string() != msg { bad.push(format!("{text:?}: ours {ours:?} theirs {theirs} expected {msg}")); }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    fn skipped(text: &str) -> std::result::Result<(), String> {
        let mut lexer = Lexer::new(text);
        lexer.skip_value().map_err(|e| e.to_string())?;
        lexer.end().map_err(|e| e.to_string())
    }

    #[test]
    fn skipping_checks_the_grammar_like_reading() {
        for text in [
            r#"{"a":[1,{"b":[]},{}],"c":"\u00e9","d":null}"#,
            "[[[[]]],[],{}]",
            " { } ",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{1:2}",
            "[1 2]",
            "{\"a\":1 \"b\":2}",
            "[{\"a\":[}]",
            "[",
            "{\"a\":",
            "{\"a\"",
            "[\"\u{1}\"]",
            "[1,,2]",
            "[,1]",
            "{,}",
        ] {
            let ours = skipped(text);
            let theirs = serde_json::from_str::<serde::de::IgnoredAny>(text);
            assert_eq!(ours.is_ok(), theirs.is_ok(), "{text:?}: {ours:?}");
        }
        let deep = format!("{}1{}", "[{\"a\":".repeat(50_000), "}]".repeat(50_000));
        assert_eq!(skipped(&deep), Ok(()));
    }

    #[test]
    fn deep_nesting_is_skipped_without_recursion() {
        let ok = format!("{}{}", "[".repeat(127), "]".repeat(127));
        assert!(value(&ok).is_ok());
        // The lexer counts no depth (the reader caps it at 127 levels and
        // skips what lies deeper); skipping does not recurse.
        let deep = "[".repeat(100_000);
        assert_eq!(
            skipped(&deep).unwrap_err(),
            "EOF while parsing a list at line 1 column 100000"
        );
        let balanced = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(skipped(&balanced), Ok(()));
    }

    #[test]
    fn word_scan_finds_the_first_special_byte() {
        let text = "abcdefgh\"ijklmnop";
        assert_eq!(scan_plain(text.as_bytes(), 0), 8);
        for len in 0..20 {
            let mut s = "x".repeat(len);
            assert_eq!(scan_plain(s.as_bytes(), 0), len);
            s.push('\\');
            s.push_str("\"\u{1}");
            assert_eq!(scan_plain(s.as_bytes(), 0), len);
        }
        assert_eq!(scan_plain(b"\x7f\xff\x1f", 0), 2);
    }

    /// JSON text, mostly well formed (numbers at the edges of `u64`/`i64`,
    /// escapes and surrogates, whitespace), then sometimes damaged by a few
    /// byte edits: often valid and often not.
    fn json_like() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let ws = prop_oneof![Just(""), Just(""), Just(" "), Just("\n\t"), Just("\r")];
        let leaf = prop_oneof![
            Just("null".to_owned()),
            Just("true".to_owned()),
            Just("false".to_owned()),
            "-?(0|[1-9][0-9]{0,22})(\\.[0-9]{1,3})?([eE][+-]?[0-9]{1,3})?",
            "-?(1844674407370955161[0-9]|922337203685477580[0-9])",
            "\"([a-z\u{e9}\u{1d11e}\u{7f} ]|\\\\[\"\\\\/bfnrt]|\\\\u[dD][89a-fA-F][0-9a-f]{2}|\\\\u00[0-9a-f]{2}){0,6}\"",
        ];
        let text = leaf.prop_recursive(4, 48, 5, move |inner| {
            let member = ("\"[a-z]{0,3}\"", ws.clone(), inner.clone())
                .prop_map(|(k, w, v)| format!("{k}{w}:{w}{v}"));
            prop_oneof![
                prop::collection::vec(inner, 0..5).prop_map(|v| format!("[{}]", v.join(","))),
                prop::collection::vec(member, 0..5).prop_map(|m| format!("{{{}}}", m.join(" , "))),
            ]
        });
        let edit = (
            any::<prop::sample::Index>(),
            0..3u8,
            prop::sample::select(&b"{}[],:\" \\0-.e5tnu\x01"[..]),
        );
        (text, prop::collection::vec(edit, 0..3)).prop_map(|(text, edits)| {
            let mut bytes = text.into_bytes();
            for (at, kind, b) in edits {
                let i = at.index(bytes.len() + 1);
                match kind {
                    0 => bytes.insert(i, b),
                    1 if i < bytes.len() => {
                        bytes.remove(i);
                    }
                    _ if i < bytes.len() => bytes[i] = b,
                    _ => bytes.push(b),
                }
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    }

    /// The generator gives the oracle test both kinds of text to compare.
    #[test]
    fn json_like_texts_are_often_valid_and_often_not() {
        use proptest::strategy::{Strategy, ValueTree};
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let strategy = json_like();
        let valid = (0..2000)
            .filter(|_| {
                let text = strategy.new_tree(&mut runner).unwrap().current();
                serde_json::from_str::<serde_json::Value>(&text).is_ok()
            })
            .count();
        assert!((100..1900).contains(&valid), "{valid} of 2000 valid");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 4096, ..Default::default() })]

        /// serde_json is the oracle: the same texts are accepted, with the
        /// same values (numbers included), and skipping agrees with reading.
        #[test]
        fn agrees_with_serde_json(text in json_like()) {
            let ours = value(&text);
            let theirs = serde_json::from_str::<serde_json::Value>(&text);
            match (&ours, &theirs) {
                (Ok(a), Ok(b)) => proptest::prop_assert_eq!(a, b),
                (Err(_), Err(_)) => {}
                _ => proptest::prop_assert!(false, "{:?}: ours {:?}, serde_json {:?}", text, ours, theirs),
            }
            proptest::prop_assert_eq!(skipped(&text).is_ok(), ours.is_ok(), "{:?}", text);
        }

        /// Valid documents of any shape read back to what serde_json wrote.
        #[test]
        fn reads_what_serde_json_writes(v in arbitrary_value(4)) {
            let text = serde_json::to_string(&v).unwrap();
            proptest::prop_assert_eq!(value(&text).unwrap(), v.clone());
            let pretty = serde_json::to_string_pretty(&v).unwrap();
            proptest::prop_assert_eq!(value(&pretty).unwrap(), v);
        }
    }

    fn arbitrary_value(depth: u32) -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(depth, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((any::<String>(), inner), 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }
}
