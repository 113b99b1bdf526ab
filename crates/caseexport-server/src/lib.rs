//! # caseexport-server
//!
//! `caseexport serve`: the Microsoft Graph caseExportOperation endpoint as a
//! local HTTP/1.1 service (hyper on tokio) with a durable SQLite store.
//!
//! Routes (`{caseId}` and `{id}` are percent-decoded path segments):
//! - `/beta/compliance/ediscovery/cases/{caseId}/operations[/{id}]`
//! - `/{v1.0|beta}/security/cases/ediscoveryCases/{caseId}/operations[/{id}]`
//!
//! `GET` an operation, `GET` the list (`$top`, `$skiptoken`,
//! `@odata.nextLink`), `PATCH` an operation (strict read, all or nothing,
//! `If-Match`). Every answer carries `request-id` and `client-request-id`;
//! every error is a Graph error body. All the semantics (reading, apply,
//! canonical output, error bodies, evolvable members) are the `caseexport`
//! crate's; this crate moves bytes between sockets and the store.
//!
//! ```no_run
//! use caseexport_server::{Config, Server};
//! let mut config = Config::new(vec!["s3cret".into()]);
//! config.listen = "127.0.0.1:0".parse()?;
//! let server = Server::bind(config)?;
//! println!("listening on http://{}", server.local_addr());
//! server.run_until_signal()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

/// The crate README's example, compiled as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

mod handler;
mod ids;
mod log;
mod options;
mod routes;
mod store;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use caseexport::Secret;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::oneshot;

pub use store::{Imported, StoreError, MAX_STORED_BYTES};

/// How the server runs. Build with [`Config::new`] and set the fields.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// The address to listen on (port 0 picks a free port). Default
    /// `127.0.0.1:8080`.
    pub listen: SocketAddr,
    /// The SQLite database file, created if missing; `None`: in memory.
    pub db: Option<PathBuf>,
    /// The accepted bearer tokens (at least one).
    pub tokens: Vec<Secret>,
    /// Operations to import at start-up: (case id, NDJSON file). Only the
    /// operations the store does not have yet are added; stored ones (and
    /// their PATCHes) are kept.
    pub loads: Vec<(String, PathBuf)>,
    /// Operations to import at start-up replacing the stored ones of the
    /// same id (their PATCHes are lost; each gets a new ETag). Also the way
    /// to repair a stored operation that cannot be read.
    pub replaces: Vec<(String, PathBuf)>,
    /// The largest request body accepted, in bytes (larger: `413`). Default
    /// 4 MiB; at most [`MAX_STORED_BYTES`].
    pub max_body: usize,
    /// The most request-body bytes read at once over all connections; a
    /// PATCH that would go past it is answered `503` with `Retry-After`.
    /// Default 64 MiB; at least `max_body`.
    pub max_body_in_flight: usize,
    /// The most connections served at once; one more is answered `503` with
    /// `Retry-After` and closed. Default 256.
    pub max_connections: usize,
    /// How long a client may take to send a request's headers, and then its
    /// body; a slower client is cut off. Default 10 s; at most 1 hour.
    pub read_timeout: Duration,
    /// The most PATCHes one transaction (one disk sync) may hold: 1 commits
    /// each request on its own (the default); more lets PATCHes that queue
    /// up while a commit runs share the next one (group commit). At most
    /// [`MAX_GROUP_COMMIT`].
    pub group_commit: usize,
    /// Threads that serve connections. Default: the number of cores; at most
    /// [`MAX_WORKERS`].
    pub workers: usize,
    /// The base of `@odata.context` and `@odata.nextLink` (`http[s]://host[:port][/path]`);
    /// `None`: `http://` and the request's validated `Host`.
    pub public_url: Option<String>,
    /// The largest the database file may grow, in bytes (SQLite's
    /// `max_page_count`); a PATCH past it is answered `500` and changes
    /// nothing. `None`: no limit but the disk's.
    pub max_db_size: Option<u64>,
    /// How long a graceful shutdown waits for requests in flight. Default 10 s.
    pub shutdown_grace: Duration,
    /// Write one line per request on standard error. Default `true`.
    pub log: bool,
}

impl Config {
    /// The defaults, with the accepted bearer tokens.
    pub fn new(tokens: Vec<Secret>) -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            db: None,
            tokens,
            loads: Vec::new(),
            replaces: Vec::new(),
            max_body: 4 * 1024 * 1024,
            max_body_in_flight: 64 * 1024 * 1024,
            max_connections: 256,
            read_timeout: Duration::from_secs(10),
            group_commit: 1,
            workers: std::thread::available_parallelism()
                .map_or(2, usize::from)
                .min(MAX_WORKERS),
            public_url: None,
            max_db_size: None,
            shutdown_grace: Duration::from_secs(10),
            log: true,
        }
    }

    /// Checks every value against its bounds; the error names the setting
    /// and the bound.
    pub fn check(&self) -> Result<(), ServeError> {
        let bad = |m: String| Err(ServeError::Config(m));
        if self.tokens.is_empty() {
            return Err(ServeError::NoTokens);
        }
        if self.read_timeout.is_zero() || self.read_timeout > MAX_READ_TIMEOUT {
            return bad(format!(
                "the read timeout must be more than 0 and at most {} seconds",
                MAX_READ_TIMEOUT.as_secs()
            ));
        }
        if self.max_body == 0 || self.max_body > MAX_STORED_BYTES {
            return bad(format!(
                "the largest body must be from 1 to {MAX_STORED_BYTES} bytes (16 MiB, the \
                 largest stored operation)"
            ));
        }
        if self.max_body_in_flight < self.max_body {
            return bad(format!(
                "the body bytes in flight ({}) must be at least the largest body ({})",
                self.max_body_in_flight, self.max_body
            ));
        }
        if u32::try_from(self.max_body_in_flight).is_err() {
            return bad(format!(
                "the body bytes in flight must be at most {} bytes",
                u32::MAX
            ));
        }
        if self.max_connections == 0 || self.max_connections > MAX_CONNECTIONS {
            return bad(format!(
                "the most connections must be from 1 to {MAX_CONNECTIONS}"
            ));
        }
        if self.workers == 0 || self.workers > MAX_WORKERS {
            return bad(format!("the workers must be from 1 to {MAX_WORKERS}"));
        }
        if self.group_commit == 0 || self.group_commit > MAX_GROUP_COMMIT {
            return bad(format!(
                "the group commit must be from 1 to {MAX_GROUP_COMMIT}"
            ));
        }
        if let Some(url) = &self.public_url {
            handler::check_public_url(url).map_err(ServeError::Config)?;
        }
        Ok(())
    }
}

/// The longest read timeout accepted.
pub const MAX_READ_TIMEOUT: Duration = Duration::from_secs(3600);
/// The most worker threads accepted.
pub const MAX_WORKERS: usize = 1024;
/// The most PATCHes one transaction may hold.
pub const MAX_GROUP_COMMIT: usize = 1024;
/// The most connections accepted for `max_connections`.
pub const MAX_CONNECTIONS: usize = 65_536;

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// No bearer token was given: the server would accept nothing.
    #[error("no bearer token is configured: set at least one accepted token")]
    NoTokens,
    /// A `--load` file has invalid lines (one message per problem).
    #[error("{} invalid operation(s) to load", .0.len())]
    Load(Vec<String>),
    /// A `--load` file cannot be read (the message names it).
    #[error("{0}")]
    LoadFile(String),
    /// A setting is out of its bounds (the message names it).
    #[error("{0}")]
    Config(String),
    /// The database could not be opened or written.
    #[error("store: {0}")]
    Store(#[from] StoreError),
    /// The address could not be bound, or another I/O failure.
    #[error("{0}")]
    Io(String),
}

/// The shared state of every connection.
pub(crate) struct State {
    pub config: Config,
    pub store: store::Store,
    pub local_addr: SocketAddr,
    pub log: log::Log,
    /// Request-body bytes that may still be read (`max_body_in_flight`).
    pub body_budget: tokio::sync::Semaphore,
}

/// A server bound to its address with its store open, not yet serving.
pub struct Server {
    runtime: tokio::runtime::Runtime,
    listener: std::net::TcpListener,
    state: Arc<State>,
    store_thread: store::StoreThread,
    log_thread: log::LogThread,
    imported: Imported,
    /// SIGTERM and SIGINT, caught from `bind` on: a signal sent as soon as
    /// the address is known stops the server gracefully.
    #[cfg(unix)]
    signals: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl Server {
    /// Opens the store, imports the `loads`, and binds the address.
    pub fn bind(config: Config) -> Result<Server, ServeError> {
        config.check()?;
        let mut imports = Vec::new();
        let mut problems = Vec::new();
        let files = (config.loads.iter().map(|l| (l, false)))
            .chain(config.replaces.iter().map(|l| (l, true)));
        for ((case, path), replace) in files {
            match store::read_ndjson(case, path, replace, &mut imports) {
                Ok(()) => {}
                Err(store::LoadError::Unreadable(m)) => return Err(ServeError::LoadFile(m)),
                Err(store::LoadError::Invalid(p)) => problems.extend(p),
            }
        }
        if !problems.is_empty() {
            return Err(ServeError::Load(problems));
        }
        let cases: Vec<String> = (config.loads.iter())
            .chain(&config.replaces)
            .map(|(c, _)| c.clone())
            .collect();
        let (log, log_thread) = log::Log::start(config.log);
        let (store, store_thread, imported) = store::Store::open(store::Options {
            db: config.db.as_deref(),
            cases: &cases,
            imports,
            group_commit: config.group_commit,
            max_db_size: config.max_db_size,
            log: log.clone(),
        })?;
        let listener = std::net::TcpListener::bind(config.listen)
            .map_err(|e| ServeError::Io(format!("cannot listen on {}: {e}", config.listen)))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| ServeError::Io(e.to_string()))?;
        let local_addr = listener
            .local_addr()
            .map_err(|e| ServeError::Io(e.to_string()))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(config.workers.max(1))
            .thread_name("caseexport-serve")
            .enable_all()
            .build()
            .map_err(|e| ServeError::Io(format!("cannot start the runtime: {e}")))?;
        let body_budget = tokio::sync::Semaphore::new(config.max_body_in_flight);
        #[cfg(unix)]
        let signals = {
            use tokio::signal::unix::{signal, SignalKind};
            let _runtime = runtime.enter();
            signal(SignalKind::terminate())
                .and_then(|term| Ok((term, signal(SignalKind::interrupt())?)))
                .ok()
        };
        Ok(Server {
            runtime,
            listener,
            state: Arc::new(State {
                config,
                store,
                local_addr,
                log,
                body_budget,
            }),
            store_thread,
            log_thread,
            imported,
            #[cfg(unix)]
            signals,
        })
    }

    /// What the `loads` and `replaces` did to the store.
    pub fn imported(&self) -> Imported {
        self.imported
    }

    /// The address the server listens on (with the port picked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.state.local_addr
    }

    /// Serves until SIGTERM or Ctrl-C, then shuts down gracefully: no new
    /// connections, requests in flight finish (up to the grace period), then
    /// the store is closed.
    pub fn run_until_signal(mut self) -> Result<(), ServeError> {
        #[cfg(unix)]
        if let Some((mut term, mut int)) = self.signals.take() {
            return self.run(async move {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = int.recv() => {}
                }
            });
        }
        self.run(shutdown_signal())
    }

    /// Serves until `shutdown` completes, then shuts down gracefully.
    pub fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServeError> {
        let Server {
            runtime,
            listener,
            state,
            store_thread,
            log_thread,
            ..
        } = self;
        let result = runtime.block_on(serve(listener, Arc::clone(&state), shutdown));
        // Dropping the runtime ends tasks still running past the grace period.
        runtime.shutdown_timeout(Duration::from_millis(100));
        drop(state);
        store_thread.join();
        log_thread.join();
        result
    }

    /// Serves on a background thread; [`Running::stop`] shuts it down and
    /// waits for it. For tests and embedding.
    pub fn spawn(self) -> Running {
        let addr = self.local_addr();
        let (tx, rx) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            self.run(async move {
                let _ = rx.await;
            })
        });
        Running {
            addr,
            stop: Some(tx),
            thread: Some(thread),
        }
    }
}

/// A server serving on a background thread.
pub struct Running {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<(), ServeError>>>,
}

impl Running {
    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Shuts the server down gracefully and waits until the store is closed.
    pub fn stop(mut self) -> Result<(), ServeError> {
        self.stop_inner()
    }

    fn stop_inner(&mut self) -> Result<(), ServeError> {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        match self.thread.take() {
            Some(thread) => thread
                .join()
                .unwrap_or_else(|_| Err(ServeError::Io("the server thread panicked".into()))),
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.stop_inner();
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

async fn serve(
    listener: std::net::TcpListener,
    state: Arc<State>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let listener =
        tokio::net::TcpListener::from_std(listener).map_err(|e| ServeError::Io(e.to_string()))?;
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(state.config.read_timeout)
        .max_headers(64)
        .max_buf_size(64 * 1024);
    let connections = Arc::new(tokio::sync::Semaphore::new(state.config.max_connections));
    // Refusals under way: past this many, an excess connection is closed
    // without an answer, so a flood cannot pile them up.
    let refusals = Arc::new(tokio::sync::Semaphore::new(REFUSALS));
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, _) = match accepted {
                    Ok(pair) => pair,
                    // Out of file descriptors and the like: keep serving the
                    // connections there are; try again shortly.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let Ok(permit) = Arc::clone(&connections).try_acquire_owned() else {
                    // Over the cap: a short 503, then the connection is closed.
                    if let Ok(refusal) = Arc::clone(&refusals).try_acquire_owned() {
                        tokio::spawn(async move {
                            refuse(stream).await;
                            drop(refusal);
                        });
                    }
                    continue;
                };
                let state = Arc::clone(&state);
                let service = hyper::service::service_fn(move |req| {
                    let state = Arc::clone(&state);
                    async move { Ok::<_, std::convert::Infallible>(handler::handle(&state, req).await) }
                });
                let conn = builder.serve_connection(TokioIo::new(stream), service);
                let conn = graceful.watch(conn);
                tokio::spawn(async move {
                    // A client that goes away or times out is its own business.
                    let _ = conn.await;
                    drop(permit);
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(state.config.shutdown_grace) => {}
    }
    Ok(())
}

/// The most `503` answers to excess connections written at once.
const REFUSALS: usize = 64;

/// The answer to a connection over `max_connections`: `503` with
/// `Retry-After`, written without reading the request, then closed. Bounded
/// in time, so a client that does not read cannot keep it.
async fn refuse(mut stream: tokio::net::TcpStream) {
    use tokio::io::AsyncWriteExt;
    const BODY: &str = r#"{"error":{"code":"serviceNotAvailable","message":"The server is at its connection limit; retry later."}}"#;
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n\
         Retry-After: 1\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    let write = async {
        let _ = stream.write_all(answer.as_bytes()).await;
        let _ = stream.shutdown().await;
        // Read what the client sent until it closes, so that closing does
        // not reset the connection before the client reads the answer.
        let mut sink = [0u8; 4096];
        while let Ok(n) = tokio::io::AsyncReadExt::read(&mut stream, &mut sink).await {
            if n == 0 {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), write).await;
}
