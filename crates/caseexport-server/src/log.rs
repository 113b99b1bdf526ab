//! The request log: one line per request on standard error (method, path,
//! status, milliseconds), written by a thread of its own so that serving
//! never waits on the terminal. No header and no body is ever logged, so
//! neither the bearer token nor the SAS token can appear.

use std::io::Write;
use std::sync::mpsc;
use std::thread::JoinHandle;

/// A handle to the log thread (a no-op when logging is off).
pub(crate) struct Log(Option<mpsc::Sender<String>>);

/// The log thread, joined when the server stops.
pub(crate) struct LogThread(Option<JoinHandle<()>>);

impl Log {
    /// Starts the log thread when `enabled`.
    pub(crate) fn start(enabled: bool) -> (Log, LogThread) {
        if !enabled {
            return (Log(None), LogThread(None));
        }
        let (tx, rx) = mpsc::channel::<String>();
        let thread = std::thread::Builder::new()
            .name("caseexport-log".into())
            .spawn(move || {
                let mut err = std::io::BufWriter::new(std::io::stderr().lock());
                while let Ok(line) = rx.recv() {
                    let _ = err.write_all(line.as_bytes());
                    // Write out what has come so far once the queue is empty.
                    while let Ok(line) = rx.try_recv() {
                        let _ = err.write_all(line.as_bytes());
                    }
                    let _ = err.flush();
                }
            })
            .ok();
        (Log(thread.is_some().then_some(tx)), LogThread(thread))
    }

    /// Logs one request: `METHOD PATH STATUS MILLISECONDSms`.
    pub(crate) fn request(&self, method: &str, path: &str, status: u16, millis: f64) {
        if let Some(tx) = &self.0 {
            let _ = tx.send(format!("{method} {path} {status} {millis:.2}ms\n"));
        }
    }
}

impl LogThread {
    /// Waits until every line is written (all handles must be gone).
    pub(crate) fn join(self) {
        if let Some(thread) = self.0 {
            let _ = thread.join();
        }
    }
}
