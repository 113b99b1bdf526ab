//! The NDJSON batch's progress bar, and the standard output that shares a
//! terminal with it.
//!
//! The bar is drawn on standard error, only when that is a terminal. When
//! standard output is the same screen, output lines must not be written
//! where the bar stands: the bar has no line end, so a line written after it
//! would start on the bar's row, and the bar would then be redrawn over the
//! wrong row. [`BesideBar`] writes whole lines only, each time with the bar
//! cleared first and redrawn below them.

use std::io::{self, IsTerminal, Write};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar with throughput on standard error when it is a terminal;
/// hidden otherwise. A visible bar is drawn at once, before any output.
pub fn progress_bar(total_bytes: Option<u64>) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match total_bytes {
        Some(len) => (
            ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr()),
            "{spinner} [{elapsed_precise}] [{wide_bar}] {bytes}/{total_bytes} \
             ({bytes_per_sec}, {eta} left) {msg}",
        ),
        None => (
            ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
            "{spinner} [{elapsed_precise}] {bytes} ({bytes_per_sec}) {msg}",
        ),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.tick();
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// A writer for output that shares the screen with `bar`: it keeps bytes
/// until a line is complete, then writes the complete lines with the bar
/// cleared (they appear above it) and flushes them. [`Write::flush`] writes a
/// last incomplete line the same way.
pub struct BesideBar<'a, W: Write> {
    bar: &'a ProgressBar,
    out: W,
    /// Bytes after the last complete line.
    pending: Vec<u8>,
}

impl<'a, W: Write> BesideBar<'a, W> {
    /// Writes to `out`, clearing `bar` for each write.
    pub fn new(bar: &'a ProgressBar, out: W) -> Self {
        BesideBar {
            bar,
            out,
            pending: Vec::new(),
        }
    }

    /// Writes `pending[..end]` with the bar cleared, and drops it.
    fn write_out(&mut self, end: usize) -> io::Result<()> {
        let BesideBar { bar, out, pending } = self;
        bar.suspend(|| out.write_all(&pending[..end]).and_then(|()| out.flush()))?;
        pending.drain(..end);
        Ok(())
    }
}

/// Whether standard output should be written through [`BesideBar`]: the bar
/// is shown and standard output is a terminal too.
pub fn shares_screen(bar: &ProgressBar) -> bool {
    !bar.is_hidden() && io::stdout().is_terminal()
}

impl<W: Write> Write for BesideBar<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if let Some(last) = self.pending.iter().rposition(|&b| b == b'\n') {
            self.write_out(last + 1)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            self.write_out(self.pending.len())?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_complete_lines_are_written_until_a_flush() {
        let bar = ProgressBar::hidden();
        let mut sink = Vec::new();
        let mut w = BesideBar::new(&bar, &mut sink);
        w.write_all(b"{\"a\":1}\n{\"b\"").unwrap();
        w.write_all(b":2}\n{\"c\"").unwrap();
        assert_eq!(w.pending, b"{\"c\"");
        w.write_all(b":3}").unwrap();
        w.flush().unwrap();
        assert!(w.pending.is_empty());
        w.flush().unwrap();
        drop(w);
        assert_eq!(sink, b"{\"a\":1}\n{\"b\":2}\n{\"c\":3}");
    }

    #[test]
    fn a_write_without_a_line_end_waits() {
        let bar = ProgressBar::hidden();
        let mut sink = Vec::new();
        let mut w = BesideBar::new(&bar, &mut sink);
        w.write_all(b"no line end yet").unwrap();
        drop(w);
        assert!(sink.is_empty());
    }
}
