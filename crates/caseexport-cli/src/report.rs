//! How invalid input is reported on standard error.
//!
//! Text format (the default): one line per error, `PATH CODE MESSAGE`, after
//! an optional prefix naming the input (`patch.json: `) or the NDJSON line
//! (`line 7: `). Graph format: the Microsoft Graph `400 Bad Request` body of
//! each failing input, one compact JSON object per line, after the same prefix.

use std::borrow::Cow;
use std::fmt::Write as _;

use caseexport::Error;
use clap::ValueEnum;

/// The `--error-format` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ErrorFormat {
    /// One line per error: `PATH CODE MESSAGE`.
    Text,
    /// The Microsoft Graph `400 Bad Request` error body, one line per input.
    Graph,
}

/// Formats the errors of one input in the chosen format.
#[derive(Clone, Copy, Debug)]
pub struct Reporter {
    format: ErrorFormat,
}

impl Reporter {
    /// A reporter writing in `format`.
    pub fn new(format: ErrorFormat) -> Self {
        Reporter { format }
    }

    /// Appends the report of `err` to `out`, each line starting with `prefix`
    /// and ending with `\n`.
    pub fn format_into(&self, out: &mut String, prefix: &str, err: &Error) {
        match self.format {
            ErrorFormat::Text => {
                for detail in err.details() {
                    let _ = writeln!(out, "{prefix}{}", one_line(&detail.to_string()));
                }
                if err.is_truncated() {
                    let _ = writeln!(
                        out,
                        "{prefix}(more errors not shown: at most {} are reported per input)",
                        err.details().len()
                    );
                }
            }
            ErrorFormat::Graph => {
                // The body is compact JSON with control characters escaped:
                // always a single line.
                let body = err.to_graph_error_body();
                let _ = writeln!(out, "{prefix}{}", String::from_utf8_lossy(&body));
            }
        }
    }

    /// The number of lines [`format_into`](Self::format_into) writes for `err`.
    pub fn line_count(&self, err: &Error) -> u64 {
        match self.format {
            ErrorFormat::Text => err.details().len() as u64 + u64::from(err.is_truncated()),
            ErrorFormat::Graph => 1,
        }
    }

    /// `true` for the text format (hints may follow the error lines).
    pub fn is_text(&self) -> bool {
        self.format == ErrorFormat::Text
    }

    /// Writes the report of `err` to standard error.
    pub fn report(&self, prefix: &str, err: &Error) {
        let mut out = String::new();
        self.format_into(&mut out, prefix, err);
        eprint!("{out}");
    }
}

/// Escapes control characters (a newline in a member name, say) so that one
/// error always takes exactly one line.
pub fn one_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use caseexport::Patch;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(one_line("/a\nb x"), "/a\\nb x");
        assert_eq!(one_line("\u{1b}[31m"), "\\u{1b}[31m");
        assert!(matches!(one_line("plain é"), Cow::Borrowed(_)));
    }

    #[test]
    fn text_report_has_one_line_per_error_with_prefix() {
        let err = Patch::from_json(b"{\"percentProgress\":101,\"a\\nb\":1}").unwrap_err();
        let mut out = String::new();
        Reporter::new(ErrorFormat::Text).format_into(&mut out, "p.json: ", &err);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert!(lines[0].starts_with("p.json: /percentProgress outOfRange "));
        assert!(lines[1].starts_with("p.json: /a\\nb unknownProperty "));
    }

    #[test]
    fn line_count_is_what_format_into_writes() {
        let opts = caseexport::ReadOptions::strict().with_max_errors(2);
        for doc in [&br#"{"a":1}"#[..], br#"{"a":1,"b":2,"c":3}"#, b"{"] {
            let err = Patch::from_json_with(doc, &opts).unwrap_err();
            for format in [ErrorFormat::Text, ErrorFormat::Graph] {
                let mut out = String::new();
                let reporter = Reporter::new(format);
                reporter.format_into(&mut out, "line 1: ", &err);
                assert_eq!(reporter.line_count(&err), out.lines().count() as u64);
            }
        }
    }

    #[test]
    fn graph_report_is_one_line_of_json() {
        let err = Patch::from_json(br#"{"status":"done","outputName":7}"#).unwrap_err();
        let mut out = String::new();
        Reporter::new(ErrorFormat::Graph).format_into(&mut out, "", &err);
        assert_eq!(out.lines().count(), 1);
        assert!(out.starts_with(r#"{"error":{"code":"BadRequest""#));
        assert!(out.contains(r#""target":"outputName""#));
    }
}
