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

pub use store::StoreError;

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
    /// Operations to import at start-up: (case id, NDJSON file).
    pub loads: Vec<(String, PathBuf)>,
    /// The largest request body accepted, in bytes (larger: `413`). Default 4 MiB.
    pub max_body: usize,
    /// How long a client may take to send a request's headers, and then its
    /// body; a slower client is cut off. Default 10 s.
    pub read_timeout: Duration,
    /// The most PATCHes one transaction (one disk sync) may hold: 1 commits
    /// each request on its own (the default); more lets PATCHes that queue
    /// up while a commit runs share the next one (group commit).
    pub group_commit: usize,
    /// Threads that serve connections. Default: the number of cores.
    pub workers: usize,
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
            max_body: 4 * 1024 * 1024,
            read_timeout: Duration::from_secs(10),
            group_commit: 1,
            workers: std::thread::available_parallelism().map_or(2, usize::from),
            shutdown_grace: Duration::from_secs(10),
            log: true,
        }
    }
}

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
}

/// A server bound to its address with its store open, not yet serving.
pub struct Server {
    runtime: tokio::runtime::Runtime,
    listener: std::net::TcpListener,
    state: Arc<State>,
    store_thread: store::StoreThread,
    log_thread: log::LogThread,
}

impl Server {
    /// Opens the store, imports the `loads`, and binds the address.
    pub fn bind(config: Config) -> Result<Server, ServeError> {
        if config.tokens.is_empty() {
            return Err(ServeError::NoTokens);
        }
        let mut imports = Vec::new();
        let mut problems = Vec::new();
        for (case, path) in &config.loads {
            if let Err(p) = store::read_ndjson(case, path, &mut imports) {
                problems.extend(p);
            }
        }
        if !problems.is_empty() {
            return Err(ServeError::Load(problems));
        }
        let cases: Vec<String> = config.loads.iter().map(|(c, _)| c.clone()).collect();
        let (store, store_thread) =
            store::Store::open(config.db.as_deref(), &cases, imports, config.group_commit)?;
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
        let (log, log_thread) = log::Log::start(config.log);
        Ok(Server {
            runtime,
            listener,
            state: Arc::new(State {
                config,
                store,
                local_addr,
                log,
            }),
            store_thread,
            log_thread,
        })
    }

    /// The address the server listens on (with the port picked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.state.local_addr
    }

    /// Serves until SIGTERM or Ctrl-C, then shuts down gracefully: no new
    /// connections, requests in flight finish (up to the grace period), then
    /// the store is closed.
    pub fn run_until_signal(self) -> Result<(), ServeError> {
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
