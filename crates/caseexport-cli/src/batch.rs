//! NDJSON batches: one patch applied to every line of a newline-delimited
//! stream of operations, streaming with bounded memory, in parallel when
//! asked, output in input order.
//!
//! The input is cut into chunks of whole lines (about [`CHUNK_BYTES`] each).
//! With one job one chunk is filled, processed and written in turn on the
//! calling thread. With more, a reader thread fills chunks for `jobs` worker
//! threads and the calling thread writes the results in input order; a fixed
//! set of `2 × jobs + 2` chunks circulates (written chunks go back to the
//! reader), so memory stays bounded by about
//! `(2 × jobs + 2) × 2 × (CHUNK_BYTES + max line)` whatever the input size,
//! and buffers are allocated once, not per chunk.
//!
//! Line rules: a line ends with `\n` (a `\r` before it is dropped); a line
//! that is empty or only ASCII whitespace is skipped (no output, no error);
//! a line longer than the core's size limit is cut at that limit plus one
//! byte, so the core reports `limitExceeded` without the rest being held in
//! memory. A line that fails is reported on standard error as
//! `line N: PATH CODE MESSAGE` (N counts every line from 1, blank ones too)
//! and gives no output line. At most [`MAX_ERROR_LINES`] error lines, and
//! at most [`MAX_ERROR_BYTES`] of them (the first line whatever its size),
//! are written for a batch; later ones are counted, not written. Each line
//! is one error of the core, itself bounded (names shortened past 64
//! bytes), so the whole batch's error text is bounded, however many lines
//! fail and whatever they hold.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Read, Write};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;

use caseexport::{Error, Expect, ExportOperation, ExportPatch, OperationType, ReadOptions};
use indicatif::ProgressBar;

use crate::report::Reporter;

/// The size a chunk of lines grows to before it is handed out.
pub const CHUNK_BYTES: usize = 256 * 1024;

/// The most lines in one chunk (many tiny lines should not make huge chunks
/// of bookkeeping).
const CHUNK_LINES: usize = 4096;

/// The most error lines written to standard error for one batch: a binary or
/// badly broken input would otherwise print one line (or more) for each of
/// its lines. Later error lines are counted ([`Summary::error_lines`]) and
/// the final summary says how many were not shown.
pub const MAX_ERROR_LINES: u64 = 1000;

/// The most bytes of error lines written to standard error for one batch
/// (1 MiB; the first error line is written whatever its size): a batch of
/// lines with deep errors under long names stays within it as well. Later
/// error lines are counted, as past [`MAX_ERROR_LINES`].
pub const MAX_ERROR_BYTES: u64 = 1024 * 1024;

/// Counts for one batch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Lines read, blank ones included.
    pub lines: u64,
    /// Lines updated and written.
    pub applied: u64,
    /// Lines that failed (reported on standard error).
    pub failed: u64,
    /// Blank lines skipped.
    pub blank: u64,
    /// Error lines reported, written or not.
    pub error_lines: u64,
    /// Error lines written (at most [`MAX_ERROR_LINES`]).
    pub error_lines_shown: u64,
    /// Bytes of error lines written (at most [`MAX_ERROR_BYTES`] plus the
    /// first line).
    pub error_bytes_shown: u64,
}

impl Summary {
    fn add(&mut self, other: &Summary) {
        self.lines += other.lines;
        self.applied += other.applied;
        self.failed += other.failed;
        self.blank += other.blank;
        self.error_lines += other.error_lines;
        self.error_lines_shown += other.error_lines_shown;
        self.error_bytes_shown += other.error_bytes_shown;
    }
}

/// Why a batch stopped before the end of its input.
#[derive(Debug)]
pub enum Stop {
    /// Reading the input failed.
    Read(io::Error),
    /// Writing the output failed.
    Write(io::Error),
}

/// A run of whole lines and, once processed, their results. Chunks are
/// recycled (their buffers keep their capacity), so a batch allocates its
/// buffers once instead of once per chunk.
#[derive(Default)]
struct Chunk {
    /// Position in the stream (0, 1, 2, …): the output order.
    seq: u64,
    /// Number of the first line (from 1).
    first_line: u64,
    /// Bytes read from the input for this chunk (for progress).
    input_bytes: u64,
    data: Vec<u8>,
    /// Each line's bytes in `data`, without its line end.
    lines: Vec<Range<usize>>,
    /// The updated operations, one per line.
    out: Vec<u8>,
    /// The error report of the lines that failed.
    errors: String,
    /// Counts for this chunk.
    summary: Summary,
}

/// Cuts a stream into chunks of lines.
struct LineReader<R> {
    inner: R,
    max_line: usize,
    next_line: u64,
    next_seq: u64,
    eof: bool,
}

impl<R: BufRead> LineReader<R> {
    fn new(inner: R, max_line: usize) -> Self {
        LineReader {
            inner,
            max_line,
            next_line: 1,
            next_seq: 0,
            eof: false,
        }
    }

    /// Fills `chunk` (a recycled one, or a new one) with the next lines;
    /// `None` at the end of the input.
    fn next_chunk(&mut self, mut chunk: Chunk) -> io::Result<Option<Chunk>> {
        chunk.seq = self.next_seq;
        chunk.first_line = self.next_line;
        chunk.input_bytes = 0;
        chunk.data.clear();
        chunk.lines.clear();
        chunk.out.clear();
        chunk.errors.clear();
        chunk.summary = Summary::default();
        let cap = u64::try_from(self.max_line)
            .unwrap_or(u64::MAX)
            .saturating_add(1);
        while !self.eof && chunk.data.len() < CHUNK_BYTES && chunk.lines.len() < CHUNK_LINES {
            let start = chunk.data.len();
            let n = (&mut self.inner)
                .take(cap)
                .read_until(b'\n', &mut chunk.data)?;
            if n == 0 {
                self.eof = true;
                break;
            }
            chunk.input_bytes += n as u64;
            let mut end = chunk.data.len();
            if chunk.data[end - 1] == b'\n' {
                end -= 1;
                if end > start && chunk.data[end - 1] == b'\r' {
                    end -= 1;
                }
            } else if end - start > self.max_line {
                // Too long: keep limit + 1 bytes for the core to reject, drop the rest.
                chunk.input_bytes += self.skip_line()?;
            }
            chunk.lines.push(start..end);
            self.next_line += 1;
        }
        if chunk.lines.is_empty() {
            return Ok(None);
        }
        self.next_seq += 1;
        Ok(Some(chunk))
    }

    /// Consumes the rest of the current line (through its `\n`), returning
    /// the number of bytes skipped.
    fn skip_line(&mut self) -> io::Result<u64> {
        let mut skipped = 0u64;
        loop {
            let buf = match self.inner.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                self.eof = true;
                return Ok(skipped);
            }
            match buf.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    self.inner.consume(i + 1);
                    return Ok(skipped + i as u64 + 1);
                }
                None => {
                    let n = buf.len();
                    self.inner.consume(n);
                    skipped += n as u64;
                }
            }
        }
    }
}

/// The patch of a batch, as each line's type reads it.
pub struct BatchPatch {
    /// How a line is read: only as the type the patch names, or as the type
    /// the line names, else the fallback (`--type`, else the seed's).
    expect: Expect,
    /// The patch read as each type a line may be (an error: the patch is
    /// not valid as that type).
    patches: Vec<(OperationType, Result<ExportPatch, Error>)>,
}

impl BatchPatch {
    /// A patch that names its type: every line must be of that type.
    pub fn named(patch: ExportPatch) -> Self {
        BatchPatch {
            expect: Expect::Only(patch.operation_type()),
            patches: vec![(patch.operation_type(), Ok(patch))],
        }
    }

    /// A patch that names no type, read as each type: each line is read as
    /// the type it names (else `fallback`) and patched as that type.
    pub fn per_line(fallback: OperationType, bytes: &[u8], opts: &ReadOptions) -> Self {
        BatchPatch {
            expect: Expect::Any(fallback),
            patches: OperationType::ALL
                .into_iter()
                .map(|t| (t, ExportPatch::read(bytes, opts, t)))
                .collect(),
        }
    }

    /// The patch as `ty` reads it (a named patch: the patch, whose type a
    /// line of another type never gets past reading).
    fn as_type(&self, ty: OperationType) -> &Result<ExportPatch, Error> {
        let (_, patch) = self
            .patches
            .iter()
            .find(|(t, _)| *t == ty)
            .unwrap_or(&self.patches[0]);
        patch
    }

    /// `true` when the patch is valid as at least one type.
    pub fn is_usable(&self) -> bool {
        self.patches.iter().any(|(_, p)| p.is_ok())
    }
}

/// Why a line failed: the line itself, or the patch as the line's type
/// reads it (`Some(type)`).
struct LineError {
    error: Error,
    patch_as: Option<OperationType>,
}

impl From<Error> for LineError {
    fn from(error: Error) -> Self {
        LineError {
            error,
            patch_as: None,
        }
    }
}

/// Applies the patch to one line: read leniently (a stored document) as the
/// type the patch names (one naming another type is `typeMismatch`), or as
/// the type the line names, else the fallback; apply the patch as that
/// type; write canonically.
fn apply_line(line: &[u8], patch: &BatchPatch) -> Result<Vec<u8>, LineError> {
    let mut op = ExportOperation::from_json_with(line, &ReadOptions::lenient(), patch.expect)?;
    let ty = op.operation_type();
    let patch = match patch.as_type(ty) {
        Ok(p) => p,
        Err(e) => {
            return Err(LineError {
                error: e.clone(),
                patch_as: Some(ty),
            })
        }
    };
    Ok(match (&mut op, patch) {
        (ExportOperation::Seed(op), ExportPatch::Seed(p)) => {
            op.apply_in_place(p)?;
            op.to_json()
        }
        (ExportOperation::Ediscovery(op), ExportPatch::Ediscovery(p)) => {
            op.apply_in_place(p)?;
            op.to_json()
        }
        (ExportOperation::Security(op), ExportPatch::Security(p)) => {
            op.apply_in_place(p)?;
            op.to_json()
        }
        // Not reached (the patch is the line's type); the core says why.
        (op, p) => op.apply(p)?.to_json(),
    })
}

/// Applies the patch to every line of `chunk`, filling its output, error
/// report and counts. Once `shown` (the error lines the writer has written,
/// in input order) has reached [`MAX_ERROR_LINES`], no later error line can
/// be written, so errors are only counted, not formatted: a broken input
/// costs no memory or time for text nobody sees.
fn process(chunk: &mut Chunk, patch: &BatchPatch, reporter: &Reporter, shown: &AtomicU64) {
    let Chunk {
        first_line,
        data,
        lines,
        out,
        errors,
        summary,
        ..
    } = chunk;
    for (i, range) in lines.iter().enumerate() {
        let line = &data[range.clone()];
        summary.lines += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            summary.blank += 1;
            continue;
        }
        match apply_line(line, patch) {
            Ok(json) => {
                out.extend_from_slice(&json);
                out.push(b'\n');
                summary.applied += 1;
            }
            Err(LineError { error: e, patch_as }) => {
                summary.failed += 1;
                if shown.load(Ordering::Relaxed) >= MAX_ERROR_LINES {
                    summary.error_lines += reporter.line_count(&e);
                    continue;
                }
                let number = *first_line + i as u64;
                let start = errors.len();
                let prefix = match patch_as {
                    None => format!("line {number}: "),
                    // The errors are the patch's, as this line's type reads it.
                    Some(ty) => format!("line {number}: PATCH as {}: ", ty.name()),
                };
                reporter.format_into(errors, &prefix, &e);
                summary.error_lines += bytecount_lines(&errors[start..]);
            }
        }
    }
}

/// Where a batch writes: updated lines, error reports, progress.
pub struct Sinks<'a> {
    /// The NDJSON output.
    pub out: &'a mut dyn Write,
    /// The error reports (standard error).
    pub errors: &'a mut dyn Write,
    /// The progress bar (hidden when standard error is not a terminal).
    pub progress: &'a ProgressBar,
}

/// The number of lines (`\n`-terminated) in `text`.
fn bytecount_lines(text: &str) -> u64 {
    text.bytes().filter(|&b| b == b'\n').count() as u64
}

/// The first `n` lines of `text` (all of it when it has fewer).
#[cfg(test)]
fn first_lines(text: &str, n: u64) -> &str {
    first_lines_within(text, n, u64::MAX, false).0
}

/// The first lines of `text`, at most `n` of them and `bytes` bytes in all
/// (the first line whatever its size when `first_free`), and whether the
/// byte budget stopped a line.
fn first_lines_within(text: &str, n: u64, bytes: u64, first_free: bool) -> (&str, bool) {
    let mut end = 0;
    let mut count = 0;
    while count < n && end < text.len() {
        let next = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
        let fits = (next as u64) <= bytes || (first_free && count == 0);
        if !fits {
            return (&text[..end], true);
        }
        end = next;
        count += 1;
    }
    (&text[..end], false)
}

/// Writes one chunk's results: errors first (above the progress bar), so
/// that none is lost if the output then fails, then the output lines. Error
/// lines past [`MAX_ERROR_LINES`] for the batch are counted, not written.
fn write_done(
    done: &Chunk,
    sinks: &mut Sinks<'_>,
    total: &mut Summary,
    shown: &AtomicU64,
) -> io::Result<()> {
    let shown_count = shown;
    let room = MAX_ERROR_LINES.saturating_sub(total.error_lines_shown);
    let (shown_text, bytes_full) = first_lines_within(
        &done.errors,
        room,
        MAX_ERROR_BYTES.saturating_sub(total.error_bytes_shown),
        total.error_lines_shown == 0,
    );
    if !shown_text.is_empty() {
        let errors = &mut *sinks.errors;
        sinks.progress.suspend(|| {
            // Nothing sensible to do if standard error itself fails.
            let _ = errors.write_all(shown_text.as_bytes());
        });
    }
    total.add(&done.summary);
    total.error_lines_shown += bytecount_lines(shown_text);
    total.error_bytes_shown += shown_text.len() as u64;
    if bytes_full {
        // No later line is written: no room left, and the workers stop
        // formatting error text.
        total.error_bytes_shown = total.error_bytes_shown.max(MAX_ERROR_BYTES);
        shown_count.store(MAX_ERROR_LINES, Ordering::Relaxed);
    } else {
        shown_count.store(total.error_lines_shown, Ordering::Relaxed);
    }
    sinks.out.write_all(&done.out)?;
    let progress = sinks.progress;
    if !progress.is_hidden() {
        progress.inc(done.input_bytes);
        progress.set_message(format!("{} lines, {} failed", total.lines, total.failed));
    }
    Ok(())
}

/// Runs a batch: every line of `input` is read as an operation, `patch` is
/// applied, and the updated operation is written to `out` as one line.
/// Returns the counts, and why the batch stopped early, if it did.
pub fn run(
    input: Box<dyn BufRead + Send>,
    max_line: usize,
    patch: &BatchPatch,
    reporter: &Reporter,
    jobs: usize,
    sinks: &mut Sinks<'_>,
) -> (Summary, Option<Stop>) {
    let reader = LineReader::new(input, max_line);
    let (summary, stop) = if jobs <= 1 {
        run_sequential(reader, patch, reporter, sinks)
    } else {
        run_parallel(reader, patch, reporter, jobs, sinks)
    };
    match stop {
        None => match sinks.out.flush() {
            Ok(()) => (summary, None),
            Err(e) => (summary, Some(Stop::Write(e))),
        },
        stop => (summary, stop),
    }
}

fn run_sequential(
    mut reader: LineReader<Box<dyn BufRead + Send>>,
    patch: &BatchPatch,
    reporter: &Reporter,
    sinks: &mut Sinks<'_>,
) -> (Summary, Option<Stop>) {
    let mut total = Summary::default();
    let shown = AtomicU64::new(0);
    let mut recycled = Chunk::default();
    loop {
        match reader.next_chunk(recycled) {
            Ok(Some(mut chunk)) => {
                process(&mut chunk, patch, reporter, &shown);
                if let Err(e) = write_done(&chunk, sinks, &mut total, &shown) {
                    return (total, Some(Stop::Write(e)));
                }
                recycled = chunk;
            }
            Ok(None) => return (total, None),
            Err(e) => return (total, Some(Stop::Read(e))),
        }
    }
}

fn run_parallel(
    reader: LineReader<Box<dyn BufRead + Send>>,
    patch: &BatchPatch,
    reporter: &Reporter,
    jobs: usize,
    sinks: &mut Sinks<'_>,
) -> (Summary, Option<Stop>) {
    let in_flight = 2 * jobs + 2;
    let shown = &AtomicU64::new(0);
    thread::scope(|s| {
        let (work_tx, work_rx) = mpsc::sync_channel::<Chunk>(jobs);
        let work_rx = Arc::new(Mutex::new(work_rx));
        let (done_tx, done_rx) = mpsc::channel::<Chunk>();
        // A fixed set of chunks circulates: the reader fills a free one, a
        // worker processes it, the writer writes it and hands it back. This
        // bounds the chunks in memory (queued, being processed, or waiting to
        // be written in order) and reuses their buffers.
        let (free_tx, free_rx) = mpsc::sync_channel::<Chunk>(in_flight);
        for _ in 0..in_flight {
            let _ = free_tx.send(Chunk::default());
        }

        let reading = s.spawn(move || -> io::Result<()> {
            let mut reader = reader;
            while let Ok(free) = free_rx.recv() {
                match reader.next_chunk(free)? {
                    Some(chunk) => {
                        if work_tx.send(chunk).is_err() {
                            break;
                        }
                    }
                    None => break,
                }
            }
            Ok(())
        });

        for _ in 0..jobs {
            let work_rx = Arc::clone(&work_rx);
            let done_tx = done_tx.clone();
            s.spawn(move || loop {
                let next = {
                    let rx = work_rx.lock().unwrap_or_else(|p| p.into_inner());
                    rx.recv()
                };
                let Ok(mut chunk) = next else { break };
                process(&mut chunk, patch, reporter, shown);
                if done_tx.send(chunk).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        drop(work_rx);

        let mut total = Summary::default();
        let mut pending = BTreeMap::new();
        let mut next = 0u64;
        let mut stop = None;
        'write: for done in done_rx.iter() {
            pending.insert(done.seq, done);
            while let Some(done) = pending.remove(&next) {
                if let Err(e) = write_done(&done, sinks, &mut total, shown) {
                    stop = Some(Stop::Write(e));
                    break 'write;
                }
                next += 1;
                let _ = free_tx.send(done);
            }
        }
        // On a write error this unblocks the reader (no more free chunks) and
        // the workers (nobody receives their results).
        drop(done_rx);
        drop(free_tx);
        let read = reading
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the reader thread panicked")));
        if stop.is_none() {
            if let Err(e) = read {
                stop = Some(Stop::Read(e));
            }
        }
        (total, stop)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ErrorFormat;

    fn lines_of(input: &[u8], max_line: usize) -> Vec<(u64, Vec<u8>)> {
        let mut r = LineReader::new(input, max_line);
        let mut all = Vec::new();
        while let Some(c) = r.next_chunk(Chunk::default()).unwrap() {
            for (i, range) in c.lines.iter().enumerate() {
                all.push((c.first_line + i as u64, c.data[range.clone()].to_vec()));
            }
        }
        all
    }

    #[test]
    fn line_reader_strips_line_ends_and_numbers_every_line() {
        let got = lines_of(b"a\r\n\nbb\nlast", 100);
        let want: Vec<(u64, Vec<u8>)> = vec![
            (1, b"a".to_vec()),
            (2, b"".to_vec()),
            (3, b"bb".to_vec()),
            (4, b"last".to_vec()),
        ];
        assert_eq!(got, want);
        assert!(lines_of(b"", 100).is_empty());
    }

    #[test]
    fn too_long_lines_are_cut_one_byte_past_the_limit_and_skipped() {
        let got = lines_of(b"0123456789\nok\n0123456789", 4);
        let want: Vec<(u64, Vec<u8>)> = vec![
            (1, b"01234".to_vec()),
            (2, b"ok".to_vec()),
            (3, b"01234".to_vec()),
        ];
        assert_eq!(got, want);
    }

    fn run_batch(input: &'static [u8], jobs: usize) -> (Summary, String, String) {
        let patch = BatchPatch::named(ExportPatch::Seed(
            caseexport::Patch::from_json(br#"{"percentProgress":100}"#).unwrap(),
        ));
        let (mut out, mut errors) = (Vec::new(), Vec::new());
        let (summary, stop) = run(
            Box::new(input),
            1 << 20,
            &patch,
            &Reporter::new(ErrorFormat::Text),
            jobs,
            &mut Sinks {
                out: &mut out,
                errors: &mut errors,
                progress: &ProgressBar::hidden(),
            },
        );
        assert!(stop.is_none());
        (
            summary,
            String::from_utf8(out).unwrap(),
            String::from_utf8(errors).unwrap(),
        )
    }

    #[test]
    fn parallel_output_keeps_input_order() {
        // Enough lines for several chunks.
        let mut input = String::new();
        for i in 0..20_000 {
            input.push_str(&format!("{{\"id\":\"op-{i}\",\"status\":\"running\"}}\n"));
        }
        let input: &'static [u8] = Box::leak(input.into_bytes().into_boxed_slice());
        let (seq, seq_out, _) = run_batch(input, 1);
        let (par, par_out, _) = run_batch(input, 3);
        assert_eq!(seq, par);
        assert_eq!(seq.applied, 20_000);
        assert_eq!(seq_out, par_out);
        let ids: Vec<String> = par_out
            .lines()
            .map(|l| {
                let op = caseexport::CaseExportOperation::from_json(l.as_bytes()).unwrap();
                op.id.unwrap()
            })
            .collect();
        let want: Vec<String> = (0..20_000).map(|i| format!("op-{i}")).collect();
        assert_eq!(ids, want);
    }

    #[test]
    fn blank_and_bad_lines_are_counted_not_written() {
        let (s, out, errors) = run_batch(b"{\"id\":\"a\"}\n  \n{\"id\":\n{\"id\":\"b\"}", 2);
        assert_eq!(
            s,
            Summary {
                lines: 4,
                applied: 2,
                failed: 1,
                blank: 1,
                error_lines: 1,
                error_lines_shown: 1,
                error_bytes_shown: errors.len() as u64,
            }
        );
        assert_eq!(out.lines().count(), 2);
        assert!(out.ends_with('\n'));
        assert!(errors.starts_with("line 3: \"\" invalidJson "), "{errors}");
        assert_eq!(errors.lines().count(), 1);
    }

    #[test]
    fn error_lines_stop_at_the_cap_but_are_counted() {
        for jobs in [1, 2] {
            let input: &'static [u8] =
                Box::leak("x\n".repeat(10_000).into_bytes().into_boxed_slice());
            let (s, out, errors) = run_batch(input, jobs);
            assert_eq!((s.failed, s.error_lines), (10_000, 10_000));
            assert_eq!(s.error_lines_shown, MAX_ERROR_LINES);
            assert_eq!(errors.lines().count() as u64, MAX_ERROR_LINES);
            assert!(errors.lines().last().unwrap().starts_with("line 1000: "));
            assert!(out.is_empty());
        }
    }

    #[test]
    fn error_text_of_a_batch_is_bounded_in_bytes() {
        // Issue 24: each line holds deep duplicates under long names, so
        // each error line is kilobytes long; 1000 of them would be megabytes.
        let mut line = String::new();
        for d in 0..60 {
            line.push_str(&format!("{{\"{d}-{}\":", "n".repeat(300)));
        }
        line.push_str("{\"x\":1,\"x\":1}");
        line.push_str(&"}".repeat(60));
        line.push('\n');
        let input: &'static [u8] = Box::leak(line.repeat(2000).into_bytes().into_boxed_slice());
        for jobs in [1, 2] {
            let (s, out, errors) = run_batch(input, jobs);
            assert_eq!((s.failed, s.error_lines), (2000, 2000));
            let longest = errors.lines().map(|l| l.len() + 1).max().unwrap();
            assert!(longest > 4000, "{longest}");
            assert!(
                errors.len() as u64 <= MAX_ERROR_BYTES,
                "{} bytes of error lines",
                errors.len()
            );
            assert!(errors.len() as u64 > MAX_ERROR_BYTES - longest as u64);
            assert_eq!(s.error_bytes_shown, MAX_ERROR_BYTES);
            assert_eq!(errors.lines().count() as u64, s.error_lines_shown);
            assert!(s.error_lines_shown < MAX_ERROR_LINES);
            assert!(out.is_empty());
        }
        // The first line is written whatever its size.
        assert_eq!(first_lines_within("abc\nd\n", 5, 2, true), ("abc\n", true));
        assert_eq!(first_lines_within("abc\nd\n", 5, 2, false), ("", true));
        assert_eq!(
            first_lines_within("abc\nd\n", 5, 6, false),
            ("abc\nd\n", false)
        );
        assert_eq!(
            first_lines_within("abc\nd\n", 1, 6, false),
            ("abc\n", false)
        );
    }

    #[test]
    fn first_lines_cuts_after_whole_lines() {
        assert_eq!(first_lines("a\nb\nc\n", 0), "");
        assert_eq!(first_lines("a\nb\nc\n", 2), "a\nb\n");
        assert_eq!(first_lines("a\nb\nc\n", 3), "a\nb\nc\n");
        assert_eq!(first_lines("a\nb\n", 9), "a\nb\n");
    }
}
