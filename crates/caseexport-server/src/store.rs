//! The durable store: operations in SQLite (WAL, `synchronous=FULL`), owned
//! by one thread that runs every job in arrival order. PATCHes are therefore
//! serialised; each runs in a transaction that is committed (and synced to
//! disk for a file store) before its answer is sent. With group commit on,
//! consecutive PATCHes waiting in the queue share one transaction and one
//! sync, and are answered after it; a batch whose transaction fails is run
//! again one PATCH per transaction, so each is answered by its own outcome.
//!
//! No path writes what cannot be read back: a document is stored only when
//! it is at most [`MAX_STORED_BYTES`], the size every stored document is
//! read with.

use std::path::Path;
use std::thread::JoinHandle;

use caseexport::{Error, Expect, ExportOperation, ExportPatch, ReadOptions, Resource};
use rusqlite::{params, Connection, OptionalExtension};
use tokio::sync::{mpsc, oneshot};

/// The schema version this build writes (`PRAGMA user_version`).
const SCHEMA_VERSION: i64 = 1;

/// The largest stored document, in bytes: a PATCH whose result is larger is
/// refused (nothing is written), an imported one is refused at start, and
/// stored documents are read with this limit, so every write reads back.
pub const MAX_STORED_BYTES: usize = 16 * 1024 * 1024;

/// The options stored documents are read with (lenient: they were valid when
/// written; the size limit is the write limit).
pub(crate) fn stored_read_options() -> ReadOptions {
    ReadOptions::lenient().with_max_size(MAX_STORED_BYTES)
}

/// Stored documents are read as the type their `@odata.type` names (the
/// seed's when none).
const ANY: Expect = Expect::Any(caseexport::OperationType::Seed);

/// Reads a stored document; the error names why it cannot be read.
pub(crate) fn read_stored(doc: &[u8]) -> Result<ExportOperation, String> {
    ExportOperation::from_json_with(doc, &stored_read_options(), ANY).map_err(|e| {
        format!(
            "the stored operation is unreadable ({} bytes): {e}",
            doc.len()
        )
    })
}

/// Annotations the server computes for every answer; never stored.
pub(crate) const SERVED_ANNOTATIONS: [&str; 2] = ["@odata.context", "@odata.etag"];

/// Why the store failed: an SQLite error (I/O, a corrupt file, a full disk).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StoreError(String);

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError(e.to_string())
    }
}

/// One stored operation: its version (which makes its ETag) and its
/// canonical JSON, without the served annotations.
#[derive(Debug, Clone)]
pub(crate) struct Stored {
    pub version: i64,
    pub doc: Vec<u8>,
}

/// A page of a case's operations, ordered by id.
#[derive(Debug)]
pub(crate) struct Page {
    pub items: Vec<(String, Stored)>,
    pub more: bool,
}

/// What `If-Match` asks for.
#[derive(Debug, Clone)]
pub(crate) enum IfMatch {
    /// No header: update whatever the current version is.
    Absent,
    /// `*`: any current version.
    Any,
    /// One or more entity tags; one must be the current one.
    Tags(Vec<String>),
}

/// The result of a PATCH job.
#[derive(Debug)]
pub(crate) enum Patched {
    /// Committed (durable); the new version and the updated operation.
    Updated(i64, Box<ExportOperation>),
    /// No such case or operation.
    NotFound,
    /// `If-Match` named no current ETag.
    PreconditionFailed,
    /// The body was invalid: nothing changed.
    Invalid(Error),
    /// The result would be larger than [`MAX_STORED_BYTES`] (its size):
    /// nothing changed.
    TooLarge(usize),
    /// The stored operation cannot be read (the cause): nothing changed.
    Unreadable(String),
    /// The store failed after the write was sent, and whether it was kept
    /// could not be read back (the cause).
    Unknown(String),
}

/// The ETag of a version: a weak tag, as Graph's are.
pub(crate) fn etag(version: i64) -> String {
    format!("W/\"{version}\"")
}

enum Job {
    Get {
        case: String,
        id: String,
        reply: oneshot::Sender<Result<Option<Stored>, StoreError>>,
    },
    List {
        case: String,
        after: Option<String>,
        limit: usize,
        reply: oneshot::Sender<Result<Option<Page>, StoreError>>,
    },
    Patch(PatchJob),
}

/// One PATCH to run.
struct PatchJob {
    case: String,
    id: String,
    if_match: IfMatch,
    body: bytes::Bytes,
    opts: ReadOptions,
    /// The client sent `Prefer: include-unknown-enum-members`.
    include_unknown: bool,
    reply: oneshot::Sender<Result<Patched, StoreError>>,
}

/// A handle to the store thread; cheap to clone.
#[derive(Clone)]
pub(crate) struct Store {
    jobs: mpsc::Sender<Job>,
}

/// The store thread, joined when the server stops.
pub(crate) struct StoreThread(JoinHandle<()>);

impl StoreThread {
    /// Waits for the thread to finish its queue and close the database.
    pub(crate) fn join(self) {
        let _ = self.0.join();
    }
}

/// An operation to import at start-up (`--load`, `--replace`).
pub(crate) struct Import {
    pub case: String,
    pub id: String,
    pub doc: Vec<u8>,
    /// `--replace`: overwrite the stored operation; `--load`: keep it.
    pub replace: bool,
}

/// What the imports did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    /// Operations the store did not have, added.
    pub added: usize,
    /// Operations the store had, kept as they were (`--load`).
    pub kept: usize,
    /// Operations the store had, replaced with a new ETag (`--replace`).
    pub replaced: usize,
}

/// How the store is opened.
pub(crate) struct Options<'a> {
    pub db: Option<&'a Path>,
    /// Cases to create (empty ones too).
    pub cases: &'a [String],
    pub imports: Vec<Import>,
    /// The most PATCHes one transaction may hold (1: one per request).
    pub group_commit: usize,
    /// The largest the database may grow, in bytes (`PRAGMA max_page_count`).
    pub max_db_size: Option<u64>,
    pub log: crate::log::Log,
}

impl Store {
    /// Opens (or creates) the database, imports in one transaction, and
    /// starts the store thread.
    pub(crate) fn open(options: Options<'_>) -> Result<(Store, StoreThread, Imported), StoreError> {
        let mut conn = open_connection(options.db, options.max_db_size)?;
        let imported = import(&mut conn, options.cases, options.imports)?;
        let (tx, rx) = mpsc::channel(4096);
        let (group_commit, log) = (options.group_commit.max(1), options.log);
        let thread = std::thread::Builder::new()
            .name("caseexport-store".into())
            .spawn(move || run(conn, rx, group_commit, &log))
            .map_err(|e| StoreError(format!("cannot start the store thread: {e}")))?;
        Ok((Store { jobs: tx }, StoreThread(thread), imported))
    }

    async fn ask<T>(
        &self,
        make: impl FnOnce(oneshot::Sender<Result<T, StoreError>>) -> Job,
    ) -> Result<T, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(make(reply))
            .await
            .map_err(|_| StoreError("the store is closed".into()))?;
        answer
            .await
            .map_err(|_| StoreError("the store stopped before answering".into()))?
    }

    /// The operation `id` of `case`, if any.
    pub(crate) async fn get(&self, case: &str, id: &str) -> Result<Option<Stored>, StoreError> {
        let (case, id) = (case.to_owned(), id.to_owned());
        self.ask(|reply| Job::Get { case, id, reply }).await
    }

    /// Up to `limit` operations of `case` with ids after `after`; `None` for
    /// an unknown case.
    pub(crate) async fn list(
        &self,
        case: &str,
        after: Option<String>,
        limit: usize,
    ) -> Result<Option<Page>, StoreError> {
        let case = case.to_owned();
        self.ask(|reply| Job::List {
            case,
            after,
            limit,
            reply,
        })
        .await
    }

    /// Applies the PATCH body to the stored operation, all or nothing;
    /// without `include_unknown` (the client's `Prefer`), a body setting an
    /// evolvable member the client did not ask to see is refused.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn patch(
        &self,
        case: &str,
        id: &str,
        if_match: IfMatch,
        body: bytes::Bytes,
        opts: ReadOptions,
        include_unknown: bool,
    ) -> Result<Patched, StoreError> {
        let (case, id) = (case.to_owned(), id.to_owned());
        self.ask(|reply| {
            Job::Patch(PatchJob {
                case,
                id,
                if_match,
                body,
                opts,
                include_unknown,
                reply,
            })
        })
        .await
    }
}

/// Opens the database with the pragmas durability needs and creates the
/// schema if missing.
fn open_connection(db: Option<&Path>, max_db_size: Option<u64>) -> Result<Connection, StoreError> {
    let conn = match db {
        Some(path) => Connection::open(path)
            .map_err(|e| StoreError(format!("cannot open the database {}: {e}", path.display())))?,
        None => Connection::open_in_memory()?,
    };
    // WAL: readers never block the writer, and a commit is one append.
    // synchronous=FULL: the WAL is synced at every commit, so an answered
    // PATCH survives a crash of the process or of the machine.
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    if db.is_some() && !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError(format!(
            "the database could not be put in WAL mode (it is in {mode} mode)"
        )));
    }
    conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;")?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    match version {
        0 => conn.execute_batch(
            "BEGIN;
             CREATE TABLE IF NOT EXISTS cases (case_id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
             CREATE TABLE IF NOT EXISTS operations (
                 case_id TEXT NOT NULL REFERENCES cases(case_id),
                 id      TEXT NOT NULL,
                 version INTEGER NOT NULL,
                 doc     BLOB NOT NULL,
                 PRIMARY KEY (case_id, id)
             ) WITHOUT ROWID;
             PRAGMA user_version = 1;
             COMMIT;",
        )?,
        SCHEMA_VERSION => {}
        other => {
            return Err(StoreError(format!(
                "the database has schema version {other}; this build knows version {SCHEMA_VERSION}"
            )))
        }
    }
    if let Some(bytes) = max_db_size {
        // Not stored in the file: set on every open. SQLite never sets it
        // below the pages the database already has.
        let page: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        let pages = i64::try_from(bytes).unwrap_or(i64::MAX) / page.max(1);
        conn.query_row(
            &format!("PRAGMA max_page_count = {}", pages.max(1)),
            [],
            |_| Ok(()),
        )?;
    }
    Ok(conn)
}

/// Imports operations (and creates their cases) in one transaction. A
/// `--load` import adds only what the store does not have; a `--replace`
/// import overwrites, and the replaced operation gets the next version, so
/// old ETags stop matching.
fn import(
    conn: &mut Connection,
    cases: &[String],
    imports: Vec<Import>,
) -> Result<Imported, StoreError> {
    let tx = conn.transaction()?;
    let mut imported = Imported::default();
    {
        let mut add_case = tx.prepare("INSERT OR IGNORE INTO cases (case_id) VALUES (?1)")?;
        for case in cases {
            add_case.execute([case])?;
        }
        let mut add = tx.prepare(
            "INSERT INTO operations (case_id, id, version, doc) VALUES (?1, ?2, 1, ?3)
             ON CONFLICT (case_id, id) DO NOTHING",
        )?;
        let mut replace = tx.prepare(
            "UPDATE operations SET version = version + 1, doc = ?3 WHERE case_id = ?1 AND id = ?2",
        )?;
        for op in imports {
            add_case.execute([&op.case])?;
            if add.execute(params![op.case, op.id, op.doc])? == 1 {
                imported.added += 1;
            } else if op.replace {
                replace.execute(params![op.case, op.id, op.doc])?;
                imported.replaced += 1;
            } else {
                imported.kept += 1;
            }
        }
    }
    tx.commit()?;
    Ok(imported)
}

/// The store thread: runs jobs in order until every handle is gone.
fn run(
    mut conn: Connection,
    mut jobs: mpsc::Receiver<Job>,
    group_commit: usize,
    log: &crate::log::Log,
) {
    let mut pending: Option<Job> = None;
    loop {
        let job = match pending.take() {
            Some(job) => job,
            None => match jobs.blocking_recv() {
                Some(job) => job,
                None => break,
            },
        };
        match job {
            // Nobody waits for the answer (the client went away, or the
            // server is stopping): nothing is done, so a stop does not wait
            // on the queue.
            Job::Get { reply, .. } if reply.is_closed() => {}
            Job::List { reply, .. } if reply.is_closed() => {}
            Job::Patch(job) if job.reply.is_closed() => {}
            Job::Get { case, id, reply } => {
                let _ = reply.send(get(&conn, &case, &id));
            }
            Job::List {
                case,
                after,
                limit,
                reply,
            } => {
                let _ = reply.send(list(&conn, &case, after.as_deref(), limit));
            }
            Job::Patch(first) => {
                // A batch: this PATCH and, with group commit, the PATCHes
                // queued right behind it, in one transaction.
                let mut batch = vec![first];
                while batch.len() < group_commit {
                    match jobs.try_recv() {
                        Ok(Job::Patch(job)) if job.reply.is_closed() => {}
                        Ok(Job::Patch(job)) => batch.push(job),
                        Ok(other) => {
                            pending = Some(other);
                            break;
                        }
                        Err(_) => break,
                    }
                }
                patch_batch(&mut conn, batch, log);
            }
        }
    }
    // Every handle is gone: close the database (checkpoints the WAL).
    if let Err((_, e)) = conn.close() {
        log.note(&format!("closing the database failed: {e}"));
    }
}

fn get(conn: &Connection, case: &str, id: &str) -> Result<Option<Stored>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT version, doc FROM operations WHERE case_id = ?1 AND id = ?2")?;
    Ok(stmt
        .query_row([case, id], |r| {
            Ok(Stored {
                version: r.get(0)?,
                doc: r.get(1)?,
            })
        })
        .optional()?)
}

fn list(
    conn: &Connection,
    case: &str,
    after: Option<&str>,
    limit: usize,
) -> Result<Option<Page>, StoreError> {
    let known: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM cases WHERE case_id = ?1")?
        .query_row([case], |r| r.get(0))
        .optional()?;
    if known.is_none() {
        return Ok(None);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, version, doc FROM operations WHERE case_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
    )?;
    let fetch = i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX);
    let mut items = stmt
        .query_map(params![case, after.unwrap_or(""), fetch], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Stored {
                    version: r.get(1)?,
                    doc: r.get(2)?,
                },
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let more = items.len() > limit;
    items.truncate(limit);
    Ok(Some(Page { items, more }))
}

/// Runs a batch of PATCH jobs in one transaction, commits, then answers.
/// When that transaction fails (a job's write, or the commit), it is rolled
/// back and every job runs again in a transaction of its own, answered by
/// its own outcome: no job is ever answered an error while committed.
fn patch_batch(conn: &mut Connection, batch: Vec<PatchJob>, log: &crate::log::Log) {
    if batch.len() > 1 {
        match run_transaction(conn, &batch) {
            Ok(results) => {
                for (job, result) in batch.into_iter().zip(results) {
                    let _ = job.reply.send(Ok(result));
                }
                return;
            }
            Err(Failed::Begin(e)) => {
                // Nothing ran: each job is answered with the cause (running
                // them one by one would wait out the busy timeout each time).
                for job in batch {
                    let _ = job.reply.send(Err(StoreError(e.0.clone())));
                }
                return;
            }
            Err(Failed::Job(_, e)) => log.note(&format!(
                "a group commit of {} PATCHes failed ({e}); each runs again on its own",
                batch.len()
            )),
        }
    }
    for job in batch {
        let answer = match run_transaction(conn, std::slice::from_ref(&job)) {
            Ok(mut results) => Ok(results.pop().unwrap_or(Patched::NotFound)),
            Err(Failed::Begin(e)) => Err(e),
            Err(Failed::Job(planned, e)) => verify_not_committed(conn, &job, planned, e),
        };
        let _ = job.reply.send(answer);
    }
}

/// A write a job planned: the version and the document it stores.
type Planned = Option<(i64, Vec<u8>)>;

/// Why a transaction failed.
enum Failed {
    /// It could not start: nothing ran.
    Begin(StoreError),
    /// A job or the commit failed, with the write the failing job (or, for
    /// the commit, the last job) had planned; the transaction was rolled back.
    Job(Planned, StoreError),
}

/// Runs `jobs` in one `BEGIN IMMEDIATE` transaction and commits. On an
/// error, the transaction is rolled back; the error comes with the write the
/// failing job had planned, if it got that far.
fn run_transaction(conn: &mut Connection, jobs: &[PatchJob]) -> Result<Vec<Patched>, Failed> {
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(|e| Failed::Begin(StoreError(format!("cannot start a transaction: {e}"))))?;
    let mut results = Vec::with_capacity(jobs.len());
    let mut planned = None;
    for job in jobs {
        planned = None;
        let result =
            patch_one(&tx, job, &mut planned).map_err(|e| Failed::Job(planned.clone(), e))?;
        // SQLite may roll a whole transaction back on its own (a full disk,
        // I/O): then nothing after this point may run outside it.
        if tx.is_autocommit() {
            return Err(Failed::Job(
                planned,
                StoreError("the transaction was rolled back".into()),
            ));
        }
        results.push(result);
    }
    // A failed commit: for one job, the write it planned is read back.
    tx.commit()
        .map_err(|e| Failed::Job(planned, StoreError::from(e)))?;
    Ok(results)
}

/// A job that failed on its own: answered an error when the store does not
/// hold its write, its success when it does, and a "not known" error when
/// the store cannot be read to tell.
fn verify_not_committed(
    conn: &Connection,
    job: &PatchJob,
    planned: Planned,
    e: StoreError,
) -> Result<Patched, StoreError> {
    let Some((version, doc)) = planned else {
        // Failed before any write was sent.
        return Err(e);
    };
    match get(conn, &job.case, &job.id) {
        Ok(Some(stored)) if stored.version == version && stored.doc == doc => {
            match read_stored(&stored.doc) {
                Ok(op) => Ok(Patched::Updated(version, Box::new(op))),
                Err(cause) => Ok(Patched::Unknown(cause)),
            }
        }
        Ok(_) => Err(e),
        Err(read) => Ok(Patched::Unknown(format!(
            "{e}; reading the operation back failed too: {read}"
        ))),
    }
}

/// One PATCH inside a transaction. `planned` is set to the write before it
/// is sent.
fn patch_one(
    tx: &rusqlite::Transaction<'_>,
    job: &PatchJob,
    planned: &mut Planned,
) -> Result<Patched, StoreError> {
    let Some(stored) = get(tx, &job.case, &job.id)? else {
        return Ok(Patched::NotFound);
    };
    let current_tag = etag(stored.version);
    let matches = match &job.if_match {
        IfMatch::Absent | IfMatch::Any => true,
        IfMatch::Tags(tags) => tags.contains(&current_tag),
    };
    if !matches {
        return Ok(Patched::PreconditionFailed);
    }
    let updated = match apply_to_stored(&stored.doc, &job.body, &job.opts, job.include_unknown) {
        Err(cause) => return Ok(Patched::Unreadable(cause)),
        Ok(Err(e)) => return Ok(Patched::Invalid(e)),
        Ok(Ok(updated)) => updated,
    };
    let doc = updated.to_json();
    if doc == stored.doc {
        // Nothing changed: no write, and the ETag stays.
        return Ok(Patched::Updated(stored.version, Box::new(updated)));
    }
    if doc.len() > MAX_STORED_BYTES {
        return Ok(Patched::TooLarge(doc.len()));
    }
    let version = stored.version + 1;
    *planned = Some((version, doc));
    let Some((_, doc)) = planned.as_ref() else {
        unreachable!("just set")
    };
    tx.prepare_cached(
        "UPDATE operations SET version = ?3, doc = ?4 WHERE case_id = ?1 AND id = ?2",
    )?
    .execute(params![job.case, job.id, version, doc])?;
    Ok(Patched::Updated(version, Box::new(updated)))
}

/// Reads the stored operation and applies the PATCH body to it, read
/// as the stored operation's type (the type its `@odata.type` names; the
/// seed's when none). Without `include_unknown`, a body that sets an
/// evolvable member the client did not ask to see (`Prefer`) is refused
/// too. The outer error is an unreadable stored operation (its cause), the
/// inner one an invalid body.
fn apply_to_stored(
    stored: &[u8],
    body: &[u8],
    opts: &ReadOptions,
    include_unknown: bool,
) -> Result<Result<ExportOperation, Error>, String> {
    let current = read_stored(stored)?;
    // A seed's operation is patched through the seed's own API, which also
    // reads the seed's alias `#microsoft.graph.ediscovery.caseExportOperation`
    // (the name the compliance route's resource has today, which a client
    // reading the route's type writes); a selected type reads only its own
    // name everywhere else (docs/DESIGN.md, "The live service's types").
    let applied = match &current {
        ExportOperation::Seed(op) => op
            .apply_json(body, opts)
            .map(|op| ExportOperation::Seed(Box::new(op))),
        other => other.apply_json(body, opts),
    };
    let updated = match applied {
        Ok(updated) => updated,
        Err(e) => return Ok(Err(e)),
    };
    if !include_unknown {
        // The body read as a patch once more (it is valid: it just applied).
        let hidden = match &current {
            ExportOperation::Seed(_) => {
                caseexport::Patch::from_json_with(body, opts).map(ExportPatch::Seed)
            }
            other => ExportPatch::read(body, opts, other.operation_type()),
        }
        .and_then(|patch| patch.check_hidden_members());
        if let Err(e) = hidden {
            return Ok(Err(e));
        }
    }
    Ok(Ok(updated))
}

/// Removes annotation `name` from an operation of any type.
fn remove_annotation(op: &mut ExportOperation, name: &str) {
    match op {
        ExportOperation::Seed(op) => op.annotations_mut().remove(name),
        ExportOperation::Ediscovery(op) => op.annotations_mut().remove(name),
        ExportOperation::Security(op) => op.annotations_mut().remove(name),
    };
}

/// Why a `--load`/`--replace` file was not imported.
#[derive(Debug)]
pub(crate) enum LoadError {
    /// The file cannot be read (the message names it).
    Unreadable(String),
    /// Invalid lines: one message per problem, with the file and line.
    Invalid(Vec<String>),
}

/// Reads `FILE.ndjson` for `--load` (or `--replace` when `replace`): one
/// operation per line (blank lines skipped), read leniently, each with an
/// `id` and at most [`MAX_STORED_BYTES`]. Returns every problem, one line
/// each, with the file and the line number; a file holding one JSON document
/// over several lines (pretty-printed) is one problem that says so.
pub(crate) fn read_ndjson(
    case: &str,
    path: &Path,
    replace: bool,
    out: &mut Vec<Import>,
) -> Result<(), LoadError> {
    let text = std::fs::read(path)
        .map_err(|e| LoadError::Unreadable(format!("cannot read {}: {e}", path.display())))?;
    let mut problems = Vec::new();
    let mut lines = 0usize;
    let non_blank = text
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .count();
    for (n, line) in text.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        lines += 1;
        let at = format!("{}: line {}", path.display(), n + 1);
        match ExportOperation::from_json_with(line, &stored_read_options(), ANY) {
            Err(e) => {
                if lines == 1 && non_blank > 1 && is_one_document(&text) {
                    return Err(LoadError::Invalid(vec![format!(
                        "{}: the file must be NDJSON, one operation per line: it holds one JSON \
                         document over {non_blank} lines; write each operation on one line \
                         (for example: jq -c . FILE)",
                        path.display()
                    )]));
                }
                problems.extend(e.details().iter().map(|d| format!("{at}: {d}")));
            }
            Ok(mut op) => {
                let Some(id) = op.id().map(str::to_owned) else {
                    problems.push(format!("{at}: the operation has no \"id\""));
                    continue;
                };
                for name in SERVED_ANNOTATIONS {
                    remove_annotation(&mut op, name);
                }
                out.push(Import {
                    case: case.to_owned(),
                    id,
                    doc: op.to_json(),
                    replace,
                });
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(LoadError::Invalid(problems))
    }
}

/// `true` when `text` is one JSON value.
fn is_one_document(text: &[u8]) -> bool {
    caseexport::Json::from_json_with(text, &stored_read_options()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PATCH is read as the stored operation's type: the security type's
    /// members (after its sentinel) apply to a security operation and are
    /// refused for a seed one.
    #[test]
    fn patches_are_read_as_the_stored_type() {
        let strict = ReadOptions::strict();
        let body = br#"{"exportStructure":"msg"}"#;
        let security =
            br##"{"@odata.type":"#microsoft.graph.security.ediscoveryExportOperation","id":"1"}"##;
        let updated = apply_to_stored(security, body, &strict, true)
            .unwrap()
            .unwrap();
        assert_eq!(
            updated.to_json(),
            br##"{"@odata.type":"#microsoft.graph.security.ediscoveryExportOperation","id":"1","exportStructure":"msg"}"##
        );
        let err = apply_to_stored(br#"{"id":"1"}"#, body, &strict, true)
            .unwrap()
            .unwrap_err();
        assert_eq!(err.details()[0].path, "/exportStructure");
        assert!(apply_to_stored(b"[]", body, &strict, true).is_err());
        // Without the client's Prefer, the member after the sentinel is
        // refused: the body reads, but sets a member the client did not ask for.
        let err = apply_to_stored(security, body, &strict, false)
            .unwrap()
            .unwrap_err();
        let got: Vec<_> = err
            .details()
            .iter()
            .map(|d| (d.path.as_str(), d.code))
            .collect();
        assert_eq!(
            got,
            [("/exportStructure", caseexport::ErrorCode::InvalidEnumMember)]
        );
        let plain = br#"{"exportStructure":"pst"}"#;
        assert!(apply_to_stored(security, plain, &strict, false)
            .unwrap()
            .is_ok());
    }
}

#[cfg(test)]
mod batch_tests {
    use super::*;

    fn job(id: &str, body: String) -> (PatchJob, oneshot::Receiver<Result<Patched, StoreError>>) {
        let (reply, rx) = oneshot::channel();
        let job = PatchJob {
            case: "c1".into(),
            id: id.into(),
            if_match: IfMatch::Absent,
            body: bytes::Bytes::from(body),
            opts: ReadOptions::strict(),
            include_unknown: false,
            reply,
        };
        (job, rx)
    }

    /// A full store in the middle of a group commit: the batch is rolled
    /// back and each PATCH runs again on its own, so the ones that fit are
    /// answered 200 and kept, and the one that does not is answered an
    /// error and is not kept. No answer disagrees with the store.
    #[test]
    fn a_failure_in_the_middle_of_a_batch_answers_each_patch_by_its_own_outcome() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("store.db");
        let mut conn = open_connection(Some(&db), None).unwrap();
        let imports = ["a", "b", "c"]
            .iter()
            .map(|id| Import {
                case: "c1".into(),
                id: (*id).into(),
                doc: format!(r#"{{"id":"{id}","description":"x"}}"#).into_bytes(),
                replace: false,
            })
            .collect();
        import(&mut conn, &["c1".into()], imports).unwrap();
        // The store may grow by a page or two, not by 200 KB.
        let pages: i64 = conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        conn.query_row(
            &format!("PRAGMA max_page_count = {}", pages + 2),
            [],
            |_| Ok(()),
        )
        .unwrap();
        let (a, ra) = job("a", r#"{"description":"small a"}"#.into());
        let big = format!(r#"{{"description":"{}"}}"#, "b".repeat(200_000));
        let (b, rb) = job("b", big);
        let (c, rc) = job("c", r#"{"description":"small c"}"#.into());
        let (log, log_thread) = crate::log::Log::start(false);
        patch_batch(&mut conn, vec![a, b, c], &log);
        drop(log);
        log_thread.join();
        let answer = |mut rx: oneshot::Receiver<Result<Patched, StoreError>>| {
            rx.try_recv().expect("every job is answered")
        };
        let (ra, rb, rc) = (answer(ra), answer(rb), answer(rc));
        assert!(matches!(ra, Ok(Patched::Updated(2, _))), "{ra:?}");
        assert!(rb.is_err(), "{rb:?}");
        assert!(matches!(rc, Ok(Patched::Updated(2, _))), "{rc:?}");
        drop(conn);
        // What the store holds after a restart agrees with every answer.
        let conn = open_connection(Some(&db), None).unwrap();
        let doc = |id: &str| {
            let s = get(&conn, "c1", id).unwrap().unwrap();
            (s.version, String::from_utf8(s.doc).unwrap())
        };
        let (va, da) = doc("a");
        let (vb, db) = doc("b");
        let (vc, dc) = doc("c");
        assert!(va == 2 && da.contains(r#""description":"small a""#), "{da}");
        assert!(vb == 1 && db.contains(r#""description":"x""#), "{db}");
        assert!(vc == 2 && dc.contains(r#""description":"small c""#), "{dc}");
    }

    /// A transaction that cannot start (another connection holds the write
    /// lock) answers every job with the cause, not "stopped".
    #[test]
    fn a_locked_store_answers_with_the_cause() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("store.db");
        let mut conn = open_connection(Some(&db), None).unwrap();
        let imports = vec![Import {
            case: "c1".into(),
            id: "a".into(),
            doc: br#"{"id":"a"}"#.to_vec(),
            replace: false,
        }];
        import(&mut conn, &["c1".into()], imports).unwrap();
        conn.execute_batch("PRAGMA busy_timeout = 50").unwrap();
        let other = Connection::open(&db).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let (a, mut ra) = job("a", r#"{"description":"d"}"#.into());
        let (b, mut rb) = job("a", r#"{"description":"e"}"#.into());
        let (log, log_thread) = crate::log::Log::start(false);
        patch_batch(&mut conn, vec![a, b], &log);
        drop(log);
        log_thread.join();
        for rx in [&mut ra, &mut rb] {
            let e = rx.try_recv().expect("answered").unwrap_err();
            assert!(e.to_string().contains("locked"), "{e}");
        }
        other.execute_batch("ROLLBACK").unwrap();
        assert_eq!(get(&conn, "c1", "a").unwrap().unwrap().version, 1);
    }
}
