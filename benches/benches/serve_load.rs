//! Load benchmark of `caseexport serve` (a benchmark, not a test): PATCH
//! requests per second and p50/p99 latency over loopback, for 1 and 32
//! concurrent clients, with the in-memory store and the file store (with
//! and without group commit).
//!
//! ```sh
//! cargo bench -p caseexport-benches --bench serve_load -- [--seconds 5] [--clients 1,32] [--log] 2>/dev/null
//! ```
//!
//! The server runs in this process (the `caseexport-server` crate, as
//! `caseexport serve` runs it, request log off; `--log`: on, on standard
//! error) on its own tokio runtime;
//! each client is a thread with one keep-alive connection that sends
//! precomputed PATCH requests to its own operation and reads each answer
//! before sending the next. Each PATCH changes the operation (the
//! `percentProgress` alternates), so every one is a committed write. Client
//! and server share the machine's cores.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use caseexport_server::{Config, Server};

const TOKEN: &str = "bench-token";
const OPERATION: &str = include_str!("../data/operation.json");

struct Setup {
    store: &'static str,
    group_commit: usize,
    clients: usize,
    /// The request log on (on standard error).
    log: bool,
}

fn main() {
    let mut seconds = 5.0_f64;
    let mut clients: Vec<usize> = vec![1, 32];
    let mut log = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                seconds = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .expect("--seconds S")
            }
            "--clients" => {
                clients = args
                    .next()
                    .expect("--clients N,M")
                    .split(',')
                    .map(|n| n.parse().expect("a number of clients"))
                    .collect()
            }
            "--log" => log = true,
            // `cargo bench` passes --bench; anything else is ignored.
            _ => {}
        }
    }
    let mut setups = Vec::new();
    for (store, group_commit) in [("memory", 1), ("file", 1), ("file", 32)] {
        for &c in &clients {
            setups.push(Setup {
                store,
                group_commit,
                clients: c,
                log,
            });
        }
    }
    println!(
        "PATCH over loopback, {} cores, {seconds} s per row (after 1 s of warm-up), request log {}",
        std::thread::available_parallelism().map_or(0, usize::from),
        if log { "on" } else { "off" }
    );
    println!("| store | group commit | clients | PATCH/s | p50 | p99 |");
    println!("|---|---:|---:|---:|---:|---:|");
    for setup in setups {
        let (rate, p50, p99) = run(&setup, Duration::from_secs_f64(seconds));
        println!(
            "| {} | {} | {} | {:.0} | {:.3} ms | {:.3} ms |",
            setup.store, setup.group_commit, setup.clients, rate, p50, p99
        );
    }
}

/// One row: starts a server, runs the clients, returns (PATCH/s, p50 ms, p99 ms).
fn run(setup: &Setup, measure: Duration) -> (f64, f64, f64) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // One operation per client, ids c0, c1, …
    let base: serde_json::Value = serde_json::from_str(OPERATION).expect("the bench operation");
    let lines: Vec<String> = (0..setup.clients)
        .map(|i| {
            let mut op = base.clone();
            op["id"] = serde_json::Value::String(format!("c{i}"));
            op.to_string()
        })
        .collect();
    let ops = dir.path().join("ops.ndjson");
    std::fs::write(&ops, lines.join("\n")).expect("write the operations");
    let mut config = Config::new(vec![TOKEN.into()]);
    config.listen = "127.0.0.1:0".parse().expect("an address");
    config.loads = vec![("case-1".into(), ops)];
    config.log = setup.log;
    config.group_commit = setup.group_commit;
    if setup.store == "file" {
        config.db = Some(dir.path().join("store.db"));
    }
    let server = Server::bind(config).expect("the server starts").spawn();
    let addr = server.local_addr();

    let warm = Arc::new(AtomicBool::new(true));
    let stop = Arc::new(AtomicBool::new(false));
    let threads: Vec<_> = (0..setup.clients)
        .map(|i| {
            let (warm, stop) = (Arc::clone(&warm), Arc::clone(&stop));
            std::thread::spawn(move || client(addr, i, &warm, &stop))
        })
        .collect();
    std::thread::sleep(Duration::from_secs(1));
    warm.store(false, Ordering::SeqCst);
    let started = Instant::now();
    std::thread::sleep(measure);
    stop.store(true, Ordering::SeqCst);
    let elapsed = started.elapsed().as_secs_f64();
    let mut latencies: Vec<u64> = threads
        .into_iter()
        .flat_map(|t| t.join().expect("a client thread"))
        .collect();
    server.stop().expect("the server stops");
    latencies.sort_unstable();
    let pick = |q: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * q).round() as usize)
            .map_or(f64::NAN, |&ns| ns as f64 / 1e6)
    };
    (latencies.len() as f64 / elapsed, pick(0.5), pick(0.99))
}

/// One client: PATCHes its own operation until `stop`; returns the latency
/// (ns) of each request that completed after the warm-up.
fn client(addr: SocketAddr, i: usize, warm: &AtomicBool, stop: &AtomicBool) -> Vec<u64> {
    let stream = TcpStream::connect(addr).expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    let mut writer = stream.try_clone().expect("clone");
    let mut reader = BufReader::with_capacity(64 * 1024, stream);
    let requests: Vec<Vec<u8>> = [10, 20]
        .iter()
        .map(|p| {
            let body = format!(r#"{{"percentProgress":{p},"status":"running"}}"#);
            format!(
                "PATCH /beta/compliance/ediscovery/cases/case-1/operations/c{i} HTTP/1.1\r\n\
                 Host: {addr}\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\n\
                 Content-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .into_bytes()
        })
        .collect();
    let mut latencies = Vec::with_capacity(1 << 16);
    let mut body = Vec::new();
    let mut line = String::new();
    for n in 0.. {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let t = Instant::now();
        writer.write_all(&requests[n % 2]).expect("send");
        // Status line, headers, then the Content-Length body.
        line.clear();
        reader.read_line(&mut line).expect("status line");
        assert!(
            line.starts_with("HTTP/1.1 200"),
            "unexpected answer: {line}"
        );
        let mut length = 0;
        loop {
            line.clear();
            reader.read_line(&mut line).expect("header");
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line
                .split_once(':')
                .filter(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            {
                length = v.1.trim().parse().expect("a length");
            }
        }
        body.resize(length, 0);
        reader.read_exact(&mut body).expect("body");
        if !warm.load(Ordering::Relaxed) {
            latencies.push(t.elapsed().as_nanos() as u64);
        }
    }
    latencies
}
