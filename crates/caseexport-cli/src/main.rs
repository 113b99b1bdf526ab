//! `caseexport`: the command-line tool for Microsoft Graph eDiscovery
//! caseExportOperation documents and their PATCH flow.
//!
//! Subcommands (SPEC §9): `apply` a PATCH body to a stored operation (or to
//! every line of an NDJSON batch), `diff` two operations into the minimal
//! patch, `validate` documents or patches, and print the HTTP/1.1 `request`
//! that carries a patch. All semantics live in the `caseexport` crate; this
//! binary parses arguments, reads and writes files, and formats errors.
//!
//! Exit status: 0 success; 1 invalid input (one line per error on standard
//! error); 2 wrong usage, an unreadable input or an unwritable output.
//! See README.md for the full contract and examples.

mod batch;
mod files;
mod progress;
mod report;
mod send;
mod serve;
mod watch;

use std::ffi::OsString;
use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;

use caseexport::{Error, Expect, ExportOperation, ExportPatch, Mode, OperationType, ReadOptions};
use clap::{Args, Parser, Subcommand};

use files::{emit, write_failure, AtomicFile, Input};
use progress::{progress_bar, shares_screen, BesideBar};
use report::{ErrorFormat, Reporter};

/// Exit status when the input is invalid.
const EXIT_INVALID: u8 = 1;
/// Exit status for wrong usage, an unreadable input or an unwritable output
/// (the same status clap uses for argument errors).
const EXIT_USAGE: u8 = 2;

/// The environment variable the bearer token is read from by default.
const DEFAULT_TOKEN_ENV: &str = "CASEEXPORT_TOKEN";

/// Why a command did not succeed; decides the exit status.
#[derive(Debug)]
pub enum Failure {
    /// The input is invalid; its errors are already on standard error. Exit 1.
    Invalid,
    /// Wrong usage or an I/O failure, with the message to print. Exit 2.
    Usage(String),
    /// Wrong usage or an I/O failure, already reported. Exit 2.
    UsageReported,
}

/// Microsoft Graph eDiscovery export operations: apply a PATCH body, diff,
/// validate, print or send the PATCH request, get an operation or a list
/// page, and serve the endpoint locally.
///
/// `-` reads standard input. Exit status: 0 success, 1 invalid input (one line
/// per error on standard error: `PATH CODE MESSAGE`), 2 wrong usage or an
/// input/output failure.
#[derive(Debug, Parser)]
#[command(name = "caseexport", version, max_term_width = 100)]
struct Cli {
    /// How invalid input is reported on standard error, for apply, diff,
    /// validate, request and send (also accepted after those subcommands).
    #[arg(long, value_enum, value_name = "FORMAT")]
    error_format: Option<ErrorFormat>,

    #[command(subcommand)]
    command: Command,
}

/// `--error-format` after a subcommand that reports invalid input.
#[derive(Debug, Args)]
pub struct FormatArg {
    /// How invalid input is reported on standard error: `text` (one line per
    /// error, `PATH CODE MESSAGE`, then hints) or `graph` (the Graph 400
    /// error body, one line per input) [default: text].
    #[arg(long, value_enum, value_name = "FORMAT")]
    error_format: Option<ErrorFormat>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Apply a PATCH body to a stored operation and print the updated one (canonical JSON).
    Apply(ApplyArgs),
    /// Print the minimal PATCH body that turns BASE into TARGET.
    Diff(DiffArgs),
    /// Check documents (or PATCH bodies with --patch); print `NAME: ok` for each valid one.
    Validate(ValidateArgs),
    /// Print the HTTP/1.1 PATCH request that sends a patch (the token shows as `***`).
    Request(RequestArgs),
    /// Send a PATCH over HTTP(S) and print the updated operation.
    Send(send::SendArgs),
    /// GET one operation, or a page of a case's operations list (a URL
    /// ending in `/operations`), over HTTP(S) and print it.
    Get(send::GetArgs),
    /// Serve the operations endpoint over HTTP/1.1 with a durable SQLite store.
    Serve(serve::ServeArgs),
    /// Poll an export operation until it ends; print it (exit 0 succeeded, 1 failed).
    Wait(watch::WaitArgs),
}

/// `--type`: the export operation type of inputs whose `@odata.type` names
/// none (the type of the others is the one they name).
#[derive(Debug, Args)]
pub struct TypeArg {
    /// The type of inputs without `@odata.type`: `caseExportOperation` (the
    /// seed's), `ediscovery.caseExportOperation` (beta compliance) or
    /// `security.ediscoveryExportOperation` (v1.0 and beta security); a full
    /// `microsoft.graph.…` name is accepted too. Default: the type of the
    /// URL's route for `request` and `send` (`/security/…`,
    /// `/compliance/ediscovery/…`), else `caseExportOperation`.
    #[arg(long = "type", value_name = "TYPE", value_parser = parse_type)]
    r#type: Option<OperationType>,
}

fn parse_type(s: &str) -> Result<OperationType, String> {
    OperationType::from_name(s).ok_or_else(|| {
        format!(
            "unknown type {s:?}; expected caseExportOperation, ediscovery.caseExportOperation \
             or security.ediscoveryExportOperation"
        )
    })
}

/// Where the type a PATCH body is read as came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeSource {
    /// The body's own `@odata.type`.
    Named,
    /// `--type`.
    Flag,
    /// The route of the request URL.
    Url,
    /// Nothing: the seed's type, the default.
    Default,
}

impl TypeArg {
    /// `--type`, else the seed's type.
    fn or_default(&self) -> OperationType {
        self.r#type.unwrap_or_default()
    }

    /// Documents: the type they name, else `--type`.
    fn expect(&self) -> Expect {
        Expect::Any(self.or_default())
    }

    /// A PATCH body's type and where it came from: the type it names, else
    /// `--type`, else the type of `url`'s route, else the seed's.
    pub fn of_patch(&self, bytes: &[u8], url: Option<&str>) -> (OperationType, TypeSource) {
        if let Some(t) = OperationType::named_by(bytes) {
            (t, TypeSource::Named)
        } else if let Some(t) = self.r#type {
            (t, TypeSource::Flag)
        } else if let Some(t) = url.and_then(OperationType::of_url) {
            (t, TypeSource::Url)
        } else {
            (OperationType::default(), TypeSource::Default)
        }
    }
}

/// The hint printed after a PATCH body's errors when its type was assumed
/// (not named by the body): which type it was read as, why, and how to
/// choose another. `None` when the body or `--type` named the type.
pub fn type_hint(ty: OperationType, source: TypeSource) -> Option<String> {
    let why = match source {
        TypeSource::Named | TypeSource::Flag => return None,
        TypeSource::Url => "the type of the URL's route",
        TypeSource::Default => "the default: nothing names a type",
    };
    let others: Vec<&str> = OperationType::ALL
        .into_iter()
        .filter(|t| *t != ty)
        .map(OperationType::name)
        .collect();
    Some(format!(
        "caseexport: hint: the PATCH body was read as {} ({why}); if it is another type's \
         ({}), pass --type TYPE or name the type in its @odata.type",
        ty.name(),
        others.join(", ")
    ))
}

/// Prints [`type_hint`] on standard error (text format only: the Graph
/// format keeps one JSON body per line).
pub fn print_type_hint(reporter: &Reporter, ty: OperationType, source: TypeSource) {
    if reporter.is_text() {
        if let Some(hint) = type_hint(ty, source) {
            eprintln!("{hint}");
        }
    }
}

#[derive(Debug, Args)]
struct ApplyArgs {
    /// The stored operation, read leniently (`-`: standard input). With
    /// --ndjson: a file of operations, one per line.
    #[arg(value_name = "DOC")]
    doc: PathBuf,

    /// The PATCH body, read strictly unless --lenient (`-`: standard input).
    #[arg(value_name = "PATCH")]
    patch: PathBuf,

    /// Read the PATCH body leniently: unknown properties are merged (RFC 7396)
    /// and unknown enum members kept, instead of being errors.
    #[arg(long)]
    lenient: bool,

    /// Write the result to OUT atomically (temporary file + rename) instead of
    /// standard output; on failure OUT is untouched.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,

    /// DOC is newline-delimited JSON: apply the patch to every line, write one
    /// updated operation per line; bad lines are reported and skipped (at
    /// most 1000 error lines and 1 MiB of them are listed; the rest are
    /// counted).
    #[arg(long)]
    ndjson: bool,

    /// Worker threads for --ndjson [default: the number of cores].
    #[arg(short, long, value_name = "N", requires = "ndjson")]
    jobs: Option<NonZeroUsize>,

    #[command(flatten)]
    format: FormatArg,

    #[command(flatten)]
    ty: TypeArg,
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// The operation as it is (read leniently; `-`: standard input).
    #[arg(value_name = "BASE")]
    base: PathBuf,

    /// The operation as it should be (read leniently; `-`: standard input).
    #[arg(value_name = "TARGET")]
    target: PathBuf,

    /// Do not write `@odata.type` first in the patch.
    #[arg(long)]
    no_odata_type: bool,

    /// Write the patch to OUT atomically instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,

    #[command(flatten)]
    format: FormatArg,

    #[command(flatten)]
    ty: TypeArg,
}

#[derive(Debug, Args)]
struct ValidateArgs {
    /// Files to check (`-`: standard input, at most once).
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,

    /// Check PATCH bodies instead of operation documents (strict by default).
    #[arg(long)]
    patch: bool,

    /// Strict mode: unknown properties, unknown enum members and
    /// `unknownFutureValue` are errors (the default with --patch).
    #[arg(long, conflicts_with = "lenient")]
    strict: bool,

    /// Lenient mode: unknown properties and enum members are accepted
    /// (the default for documents).
    #[arg(long)]
    lenient: bool,

    #[command(flatten)]
    format: FormatArg,

    #[command(flatten)]
    ty: TypeArg,
}

#[derive(Debug, Args)]
struct RequestArgs {
    /// The PATCH body, read strictly unless --lenient (`-`: standard input).
    #[arg(value_name = "PATCH")]
    patch: PathBuf,

    /// The request URL, e.g.
    /// `https://graph.microsoft.com/beta/compliance/ediscovery/cases/{caseId}/operations/{operationId}`
    #[arg(long, value_name = "URL")]
    url: String,

    /// The environment variable holding the bearer token (never an argument).
    #[arg(long, value_name = "VAR", default_value = DEFAULT_TOKEN_ENV)]
    token_env: String,

    /// Add an `If-Match` header (the operation's `@odata.etag`).
    #[arg(long, value_name = "ETAG")]
    if_match: Option<String>,

    /// Print the request as sent: the real bearer token and the real
    /// `azureBlobToken` in the body, instead of `***` (and the real
    /// Content-Length).
    #[arg(long)]
    reveal_token: bool,

    /// Read the PATCH body leniently.
    #[arg(long)]
    lenient: bool,

    /// Add `Prefer: include-unknown-enum-members` (evolvable enum members
    /// after `unknownFutureValue` are then accepted and returned).
    #[arg(long)]
    include_unknown_members: bool,

    /// Print a curl command line that sends the request instead (for `sh`):
    /// the bearer token stays in its variable (`"Bearer ${VAR}"`, expanded
    /// by the shell that runs it), the body is shown as with the HTTP form
    /// (`azureBlobToken` as `***` unless --reveal-token).
    #[arg(long)]
    curl: bool,

    #[command(flatten)]
    format: FormatArg,

    #[command(flatten)]
    ty: TypeArg,
}

fn main() -> ExitCode {
    let cli = Cli::parse_from(help_flag_to_help(std::env::args_os().collect()));
    let top = cli.error_format;
    let reporter = |format: &FormatArg| {
        Reporter::new(format.error_format.or(top).unwrap_or(ErrorFormat::Text))
    };
    let result = match cli.command {
        Command::Get(_) | Command::Serve(_) if top.is_some() => Err(Failure::Usage(
            "--error-format applies to apply, diff, validate, request and send only".to_owned(),
        )),
        Command::Apply(args) if args.ndjson => {
            let r = reporter(&args.format);
            apply_ndjson(args, &r)
        }
        Command::Apply(args) => {
            let r = reporter(&args.format);
            apply(args, &r)
        }
        Command::Diff(args) => {
            let r = reporter(&args.format);
            diff_command(args, &r)
        }
        Command::Validate(args) => {
            let r = reporter(&args.format);
            validate(args, &r)
        }
        Command::Request(args) => {
            let r = reporter(&args.format);
            request(args, &r)
        }
        Command::Send(args) => {
            let r = reporter(&args.format);
            send::send(args, &r)
        }
        Command::Get(args) => send::get(args),
        Command::Wait(args) => watch::wait(args),
        Command::Serve(args) => serve::serve(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Invalid) => ExitCode::from(EXIT_INVALID),
        Err(Failure::Usage(message)) => {
            eprintln!("caseexport: error: {}", report::one_line(&message));
            ExitCode::from(EXIT_USAGE)
        }
        Err(Failure::UsageReported) => ExitCode::from(EXIT_USAGE),
    }
}

/// clap's `help` subcommand takes subcommand names only, so `caseexport help
/// --help` would be a usage error (exit 2). Every other subcommand accepts
/// `--help`; so does `help`: `-h`/`--help` after it are dropped, and `help`
/// alone becomes `help help` (the help subcommand's own help, exit 0).
fn help_flag_to_help(mut args: Vec<OsString>) -> Vec<OsString> {
    let is_help_flag = |a: &OsString| a == "--help" || a == "-h";
    // The subcommand is the first argument that is neither an option nor
    // the value of `--error-format` (the one global option with a value).
    let mut i = 1;
    while i < args.len() && args[i].to_string_lossy().starts_with('-') {
        i += if args[i] == "--error-format" { 2 } else { 1 };
    }
    if args.get(i).is_some_and(|a| a == "help") && args[i + 1..].iter().any(is_help_flag) {
        let tail: Vec<OsString> = args.split_off(i + 1);
        let mut kept: Vec<OsString> = tail.into_iter().filter(|a| !is_help_flag(a)).collect();
        if kept.is_empty() {
            kept.push("help".into());
        }
        args.extend(kept);
    }
    args
}

/// The size limit inputs are read up to (the core's default).
fn max_size() -> usize {
    ReadOptions::default().max_size
}

/// Options for reading a PATCH body: strict unless `lenient`.
fn patch_options(lenient: bool) -> ReadOptions {
    ReadOptions::new(if lenient { Mode::Lenient } else { Mode::Strict })
}

/// Refuses two inputs that both read standard input.
fn one_stdin(inputs: &[&Input]) -> Result<(), Failure> {
    if inputs.iter().filter(|i| i.is_stdin()).count() > 1 {
        return Err(Failure::Usage(
            "standard input (`-`) can be used for one input only".to_owned(),
        ));
    }
    Ok(())
}

/// The prefix of error lines about `input` when a command reads several inputs.
fn prefix(input: &Input) -> String {
    format!("{}: ", input.name())
}

/// Reports the errors of `input`, if it failed.
fn report_failed(reporter: &Reporter, input: &Input, error: Option<Error>) {
    if let Some(e) = error {
        reporter.report(&prefix(input), &e);
    }
}

fn apply(args: ApplyArgs, reporter: &Reporter) -> Result<(), Failure> {
    let doc_in = Input::from(args.doc);
    let patch_in = Input::from(args.patch);
    one_stdin(&[&doc_in, &patch_in])?;
    let doc_bytes = doc_in.read_all(max_size())?;
    let patch_bytes = patch_in.read_all(max_size())?;

    // Both inputs are checked, so that every error is reported at once. The
    // patch is read as the stored operation's type.
    let current =
        ExportOperation::from_json_with(&doc_bytes, &ReadOptions::lenient(), args.ty.expect());
    let (patch_type, source) = match &current {
        // The document's type was assumed only when neither it nor --type
        // names one (and the patch names none either).
        Ok(op) => match args.ty.of_patch(&patch_bytes, None) {
            (_, TypeSource::Default) if OperationType::named_by(&doc_bytes).is_none() => {
                (op.operation_type(), TypeSource::Default)
            }
            _ => (op.operation_type(), TypeSource::Named),
        },
        Err(_) => args.ty.of_patch(&patch_bytes, None),
    };
    let patch = ExportPatch::read(&patch_bytes, &patch_options(args.lenient), patch_type);
    let (current, patch) = match (current, patch) {
        (Ok(current), Ok(patch)) => (current, patch),
        (current, patch) => {
            let hints = apply_hints(&doc_in, &doc_bytes, &current, &patch_in, &patch);
            let doc_ok = current.is_ok();
            report_failed(reporter, &doc_in, current.err());
            let patch_failed = patch.is_err();
            report_failed(reporter, &patch_in, patch.err());
            if reporter.is_text() {
                for hint in hints {
                    eprintln!("caseexport: hint: {hint}");
                }
                // The patch's type is the stored operation's when that reads.
                if patch_failed && doc_ok {
                    print_type_hint(reporter, patch_type, source);
                }
            }
            return Err(Failure::Invalid);
        }
    };
    let updated = current.apply(&patch).map_err(|e| {
        reporter.report(&prefix(&patch_in), &e);
        if reporter.is_text() {
            if let Some(hint) = swapped_hint(&doc_in, &current, &patch_in, &e) {
                eprintln!("caseexport: hint: {hint}");
            }
        }
        Failure::Invalid
    })?;
    let mut out = updated.to_json();
    out.push(b'\n');
    emit(args.output.as_deref(), &out)
}

/// What `apply DOC PATCH` most likely got wrong when an input fails: DOC
/// is an NDJSON batch (`--ndjson` was meant), or DOC and PATCH are swapped.
fn apply_hints(
    doc_in: &Input,
    doc_bytes: &[u8],
    doc: &Result<ExportOperation, Error>,
    patch_in: &Input,
    patch: &Result<ExportPatch, Error>,
) -> Vec<String> {
    let mut hints = Vec::new();
    if let Err(e) = doc {
        if e.is_parse_error() && looks_like_ndjson(doc_bytes) {
            hints.push(format!(
                "DOC ({}) holds one JSON document per line (NDJSON): to apply the patch to \
                 every line, use `caseexport apply --ndjson {} {}`",
                doc_in.name(),
                doc_in.name(),
                patch_in.name()
            ));
        }
    }
    if let (Ok(op), Err(e)) = (doc, patch) {
        hints.extend(swapped_hint(doc_in, op, patch_in, e));
    }
    hints
}

/// A stored operation has an id, which a PATCH may not change; a PATCH body
/// has none. A PATCH whose id is refused applied to a DOC without one: the
/// two were given the wrong way round.
fn swapped_hint(
    doc_in: &Input,
    doc: &ExportOperation,
    patch_in: &Input,
    patch_error: &Error,
) -> Option<String> {
    let id_refused = patch_error
        .details()
        .iter()
        .any(|d| d.path == "/id" && d.code == caseexport::ErrorCode::ReadOnlyProperty);
    (id_refused && doc.id().is_none()).then(|| {
        format!(
            "the arguments look swapped: PATCH ({}) is a stored operation (it has an id) and \
             DOC ({}) has no id; the order is `caseexport apply DOC PATCH`: try \
             `caseexport apply {} {}`",
            patch_in.name(),
            doc_in.name(),
            patch_in.name(),
            doc_in.name()
        )
    })
}

/// `true` when `bytes` has more than one non-blank line and its first
/// non-blank line is a JSON object on its own: an NDJSON batch.
fn looks_like_ndjson(bytes: &[u8]) -> bool {
    let mut lines = bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace));
    let (Some(first), Some(_)) = (lines.next(), lines.next()) else {
        return false;
    };
    let first = first.trim_ascii();
    first.starts_with(b"{")
        && match ExportOperation::from_json(first) {
            Ok(_) => true,
            Err(e) => !e.is_parse_error(),
        }
}

fn diff_command(args: DiffArgs, reporter: &Reporter) -> Result<(), Failure> {
    let base_in = Input::from(args.base);
    let target_in = Input::from(args.target);
    one_stdin(&[&base_in, &target_in])?;
    let base_bytes = base_in.read_all(max_size())?;
    let target_bytes = target_in.read_all(max_size())?;

    let lenient = ReadOptions::lenient();
    let base = ExportOperation::from_json_with(&base_bytes, &lenient, args.ty.expect());
    let target = ExportOperation::from_json_with(&target_bytes, &lenient, args.ty.expect());
    let (base, target) = match (base, target) {
        (Ok(base), Ok(target)) => (base, target),
        (base, target) => {
            report_failed(reporter, &base_in, base.err());
            report_failed(reporter, &target_in, target.err());
            return Err(Failure::Invalid);
        }
    };
    // What a patch cannot express is a property of the target.
    let patch = base.diff(&target).map_err(|e| {
        reporter.report(&prefix(&target_in), &e);
        Failure::Invalid
    })?;
    let mut out = patch.with_odata_type(!args.no_odata_type).to_vec();
    out.push(b'\n');
    emit(args.output.as_deref(), &out)
}

fn validate(args: ValidateArgs, reporter: &Reporter) -> Result<(), Failure> {
    let inputs: Vec<Input> = args.files.into_iter().map(Input::from).collect();
    one_stdin(&inputs.iter().collect::<Vec<_>>())?;
    let strict = if args.patch {
        !args.lenient
    } else {
        args.strict
    };
    let opts = ReadOptions::new(if strict { Mode::Strict } else { Mode::Lenient });
    let several = inputs.len() > 1;
    let (mut invalid, mut unreadable) = (false, false);
    // The type assumed for a failing PATCH body that names none: one hint
    // at the end, not one per file.
    let mut assumed = None;
    let mut stdout = io::stdout().lock();
    for input in &inputs {
        let bytes = match input.read_all(max_size()) {
            Ok(bytes) => bytes,
            Err(Failure::Usage(message)) => {
                eprintln!("caseexport: error: {}", report::one_line(&message));
                unreadable = true;
                continue;
            }
            Err(other) => return Err(other),
        };
        let result = if args.patch {
            let (ty, source) = args.ty.of_patch(&bytes, None);
            ExportPatch::read(&bytes, &opts, ty)
                .map(|_| ())
                .map_err(|e| (e, Some((ty, source))))
        } else {
            ExportOperation::from_json_with(&bytes, &opts, args.ty.expect())
                .map(|_| ())
                .map_err(|e| (e, None))
        };
        match result {
            Ok(()) => {
                if let Err(e) = writeln!(stdout, "{}: ok", input.name()) {
                    if e.kind() != io::ErrorKind::BrokenPipe {
                        return Err(write_failure(None, &e));
                    }
                }
            }
            Err((e, patch_type)) => {
                let prefix = if several {
                    prefix(input)
                } else {
                    String::new()
                };
                reporter.report(&prefix, &e);
                if let Some((ty, TypeSource::Default)) = patch_type {
                    assumed = Some(ty);
                }
                invalid = true;
            }
        }
    }
    if let Some(ty) = assumed {
        print_type_hint(reporter, ty, TypeSource::Default);
    }
    if unreadable {
        Err(Failure::UsageReported)
    } else if invalid {
        Err(Failure::Invalid)
    } else {
        Ok(())
    }
}

fn request(args: RequestArgs, reporter: &Reporter) -> Result<(), Failure> {
    let (request, _) = send::patch_request(
        send::PatchRequest {
            patch: args.patch,
            lenient: args.lenient,
            ty: &args.ty,
            url: args.url,
            token_env: &args.token_env,
            if_match: args.if_match,
            include_unknown_members: args.include_unknown_members,
        },
        reporter,
    )?;
    if args.curl {
        let mut out = curl_command(&request, &args.token_env, args.reveal_token)?.into_bytes();
        out.push(b'\n');
        return emit(None, &out);
    }
    // The request exactly as sent (CRLF line ends), then a newline for the
    // terminal that is not part of it (not counted in Content-Length).
    let mut out = request.to_http1(args.reveal_token);
    out.push(b'\n');
    emit(None, &out)
}

/// `s` single-quoted for a POSIX shell (`'` becomes `'\''`).
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The curl command line that sends `request`: every header but `Host` and
/// `Content-Length` (curl writes those), the bearer token as a reference to
/// the variable `token_env` (never its value), and the body as
/// `to_http1(reveal)` shows it.
fn curl_command(
    request: &caseexport::Request,
    token_env: &str,
    reveal: bool,
) -> Result<String, Failure> {
    let is_name = token_env.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && token_env
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !is_name {
        return Err(Failure::Usage(format!(
            "--curl refers to the token by its variable, and {token_env:?} is not a shell \
             variable name (letters, digits, _)"
        )));
    }
    let http = request.to_http1(reveal);
    let body = match http.windows(4).position(|w| w == b"\r\n\r\n") {
        Some(i) => &http[i + 4..],
        None => &[][..],
    };
    if !reveal && body != request.body() {
        eprintln!(
            "caseexport: note: the body's azureBlobToken shows as ***; add --reveal-token for \
             a command that sends it"
        );
    }
    let mut cmd = format!(
        "curl --silent --show-error --fail-with-body --request {} --url {}",
        request.method(),
        shell_quote(request.url())
    );
    for (name, value) in request.headers() {
        match name {
            "Host" | "Content-Length" => {}
            "Authorization" => cmd.push_str(&format!(
                " --header \"Authorization: Bearer ${{{token_env}}}\""
            )),
            _ => cmd.push_str(&format!(
                " --header {}",
                shell_quote(&format!("{name}: {value}"))
            )),
        }
    }
    cmd.push_str(&format!(
        " --data-binary {}",
        shell_quote(&String::from_utf8_lossy(body))
    ));
    Ok(cmd)
}

fn apply_ndjson(args: ApplyArgs, reporter: &Reporter) -> Result<(), Failure> {
    let docs_in = Input::from(args.doc);
    let patch_in = Input::from(args.patch);
    one_stdin(&[&docs_in, &patch_in])?;
    let patch_bytes = patch_in.read_all(max_size())?;
    // A patch that names its type is read once, as that type, and every
    // line must be of it. Otherwise each line is read as the type it names
    // (else --type, else the seed's), and the patch as that line's type.
    let opts = patch_options(args.lenient);
    let (fallback, source) = args.ty.of_patch(&patch_bytes, None);
    let patch = if source == TypeSource::Named {
        let patch = ExportPatch::read(&patch_bytes, &opts, fallback).map_err(|e| {
            reporter.report(&prefix(&patch_in), &e);
            Failure::Invalid
        })?;
        batch::BatchPatch::named(patch)
    } else {
        let patch = batch::BatchPatch::per_line(fallback, &patch_bytes, &opts);
        if !patch.is_usable() {
            // Invalid whatever the type: its errors as the fallback type.
            if let Err(e) = ExportPatch::read(&patch_bytes, &opts, fallback) {
                reporter.report(&prefix(&patch_in), &e);
            }
            return Err(Failure::Invalid);
        }
        patch
    };
    let (input, total_bytes) = docs_in.open_stream()?;
    let jobs = args
        .jobs
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get);
    let progress = progress_bar(total_bytes);

    let (summary, stop) = match args.output.as_deref() {
        Some(dest) => {
            let mut file = AtomicFile::create(dest).map_err(|e| write_failure(Some(dest), &e))?;
            let mut sinks = batch::Sinks {
                out: &mut file,
                errors: &mut io::stderr(),
                progress: &progress,
            };
            let (summary, stop) = batch::run(input, max_size(), &patch, reporter, jobs, &mut sinks);
            // The batch ran to its end (bad lines included): keep its output.
            let stop = match stop {
                None => file.commit().err().map(batch::Stop::Write),
                stop => stop,
            };
            (summary, stop)
        }
        None => {
            // On the bar's screen, lines go out as they are done, above the
            // bar; elsewhere, in large buffered writes.
            let mut out: Box<dyn Write> = if shares_screen(&progress) {
                Box::new(BesideBar::new(&progress, io::stdout().lock()))
            } else {
                Box::new(io::BufWriter::with_capacity(
                    256 * 1024,
                    io::stdout().lock(),
                ))
            };
            let mut sinks = batch::Sinks {
                out: &mut out,
                errors: &mut io::stderr(),
                progress: &progress,
            };
            batch::run(input, max_size(), &patch, reporter, jobs, &mut sinks)
        }
    };
    progress.finish_and_clear();

    let stopped = match stop {
        None => None,
        Some(batch::Stop::Read(e)) => Some(docs_in.read_failure(&e)),
        // The reader of standard output went away: stop quietly.
        Some(batch::Stop::Write(e))
            if args.output.is_none() && e.kind() == io::ErrorKind::BrokenPipe =>
        {
            None
        }
        Some(batch::Stop::Write(e)) => Some(write_failure(args.output.as_deref(), &e)),
    };
    if summary.failed > 0 {
        let hidden = summary.error_lines - summary.error_lines_shown;
        let more = if hidden > 0 {
            format!(
                "; {hidden} more error lines not shown (at most {} lines and {} KiB are listed)",
                batch::MAX_ERROR_LINES,
                batch::MAX_ERROR_BYTES / 1024
            )
        } else {
            String::new()
        };
        eprintln!(
            "caseexport: {} of {} lines failed ({} applied, {} blank){more}",
            summary.failed, summary.lines, summary.applied, summary.blank
        );
    }
    match stopped {
        Some(failure) => Err(failure),
        None if summary.failed > 0 => Err(Failure::Invalid),
        None => Ok(()),
    }
}
