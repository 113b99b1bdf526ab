//! `caseexport serve` as a process, for the CLI's process tests (`net.rs`,
//! `faults.rs`, `guidance.rs`): started on a free loopback port, its first
//! line read for the address, stopped by its process id (SIGTERM, bounded),
//! and killed (SIGKILL) when a test ends early. Each test file adds its own
//! `Serve::start` with its tokens and arguments.

#![allow(dead_code)] // each test crate uses a part of it

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The `caseexport` binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_caseexport");

/// A running `caseexport serve`.
pub struct Serve {
    pub child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The address it listens on.
    pub addr: SocketAddr,
    /// The file its standard error (the request log) goes to, when kept.
    pub stderr: Option<PathBuf>,
}

impl Serve {
    /// `caseexport serve --listen 127.0.0.1:0 ARGS`, accepting `tokens`
    /// (`CASEEXPORT_SERVE_TOKENS`); its standard error goes to a new file in
    /// `log_dir`, or to the test's own when `None`.
    pub fn spawn(args: &[&str], tokens: &str, log_dir: Option<&Path>) -> Serve {
        let stderr = log_dir.map(|dir| {
            dir.join(format!(
                "serve-{}.log",
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos()
            ))
        });
        let err = match &stderr {
            Some(path) => Stdio::from(std::fs::File::create(path).unwrap()),
            None => Stdio::inherit(),
        };
        let mut child = Command::new(BIN)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .env("CASEEXPORT_SERVE_TOKENS", tokens)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(err)
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let log = || {
            stderr
                .as_ref()
                .map(|p| std::fs::read_to_string(p).unwrap_or_default())
                .unwrap_or_default()
        };
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("first line: {line:?}; log: {}", log()))
            .to_owned();
        let addr = url
            .strip_prefix("http://")
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("not http://ADDR: {url:?}"));
        Serve {
            child,
            url,
            addr,
            stderr,
        }
    }

    /// SIGTERM, then waits for the exit: within the grace period (10 s)
    /// and a margin.
    pub fn terminate(mut self) -> ExitStatus {
        let pid = nix::unistd::Pid::from_raw(self.child.id() as i32);
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(12) {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the server did not stop within 12 s of SIGTERM");
    }

    /// The log so far (empty when standard error was not kept).
    pub fn log(&self) -> String {
        self.stderr
            .as_ref()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .unwrap_or_default()
    }

    /// Waits (bounded) until the log holds `needle`: the log is written by
    /// a thread of its own.
    pub fn log_with(&self, needle: &str) -> String {
        for _ in 0..250 {
            let log = self.log();
            if log.contains(needle) {
                return log;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the log never held {needle:?}: {}", self.log());
    }
}

/// Runs `caseexport ARGS` with `stdin` and the bearer `token` in
/// `CASEEXPORT_TOKEN`, and collects its output.
pub fn run_cli(args: &[&str], stdin: &[u8], token: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .args(args)
        .env("CASEEXPORT_TOKEN", token)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
