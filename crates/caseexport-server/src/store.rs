//! The durable store: operations in SQLite (WAL, `synchronous=FULL`), owned
//! by one thread that runs every job in arrival order. PATCHes are therefore
//! serialised; each runs in a transaction that is committed (and synced to
//! disk for a file store) before its answer is sent. With group commit on,
//! consecutive PATCHes waiting in the queue share one transaction and one
//! sync, and are answered after it.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use caseexport::{Error, ExportOperation, ExportPatch, ReadOptions, Resource};
use rusqlite::{params, Connection, OptionalExtension};
use tokio::sync::{mpsc, oneshot};

/// The schema version this build writes (`PRAGMA user_version`).
const SCHEMA_VERSION: i64 = 1;

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
    Patch {
        case: String,
        id: String,
        if_match: IfMatch,
        body: bytes::Bytes,
        opts: ReadOptions,
        /// The client sent `Prefer: include-unknown-enum-members`.
        include_unknown: bool,
        reply: oneshot::Sender<Result<Patched, StoreError>>,
    },
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

/// An operation to import at start-up (`--load`).
pub(crate) struct Import {
    pub case: String,
    pub id: String,
    pub doc: Vec<u8>,
}

impl Store {
    /// Opens (or creates) the database, imports `imports` in one transaction,
    /// and starts the store thread. `group_commit` is the most PATCHes one
    /// transaction may hold (1: one transaction per request).
    pub(crate) fn open(
        db: Option<&Path>,
        cases: &[String],
        imports: Vec<Import>,
        group_commit: usize,
    ) -> Result<(Store, StoreThread), StoreError> {
        let mut conn = open_connection(db)?;
        import(&mut conn, cases, imports)?;
        let (tx, rx) = mpsc::channel(4096);
        let thread = std::thread::Builder::new()
            .name("caseexport-store".into())
            .spawn(move || run(conn, rx, group_commit.max(1)))
            .map_err(|e| StoreError(format!("cannot start the store thread: {e}")))?;
        Ok((Store { jobs: tx }, StoreThread(thread)))
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
        self.ask(|reply| Job::Patch {
            case,
            id,
            if_match,
            body,
            opts,
            include_unknown,
            reply,
        })
        .await
    }
}

/// Opens the database with the pragmas durability needs and creates the
/// schema if missing.
fn open_connection(db: Option<&Path>) -> Result<Connection, StoreError> {
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
    Ok(conn)
}

/// Imports operations (and creates their cases) in one transaction: a
/// replaced operation gets the next version, so old ETags stop matching.
fn import(conn: &mut Connection, cases: &[String], imports: Vec<Import>) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    {
        let mut add_case = tx.prepare("INSERT OR IGNORE INTO cases (case_id) VALUES (?1)")?;
        for case in cases {
            add_case.execute([case])?;
        }
        let mut put = tx.prepare(
            "INSERT INTO operations (case_id, id, version, doc) VALUES (?1, ?2, 1, ?3)
             ON CONFLICT (case_id, id) DO UPDATE SET version = version + 1, doc = excluded.doc",
        )?;
        for op in imports {
            add_case.execute([&op.case])?;
            put.execute(params![op.case, op.id, op.doc])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The store thread: runs jobs in order until every handle is gone.
fn run(mut conn: Connection, mut jobs: mpsc::Receiver<Job>, group_commit: usize) {
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
            first @ Job::Patch { .. } => {
                // A batch: this PATCH and, with group commit, the PATCHes
                // queued right behind it, in one transaction.
                let mut batch = vec![first];
                while batch.len() < group_commit {
                    match jobs.try_recv() {
                        Ok(job @ Job::Patch { .. }) => batch.push(job),
                        Ok(other) => {
                            pending = Some(other);
                            break;
                        }
                        Err(_) => break,
                    }
                }
                patch_batch(&mut conn, batch);
            }
        }
    }
    // Every handle is gone: close the database (checkpoints the WAL).
    if let Err((_, e)) = conn.close() {
        eprintln!("caseexport serve: closing the database failed: {e}");
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
fn patch_batch(conn: &mut Connection, batch: Vec<Job>) {
    let mut answers = Vec::with_capacity(batch.len());
    let outcome = (|| -> Result<(), StoreError> {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for job in batch {
            if let Job::Patch {
                case,
                id,
                if_match,
                body,
                opts,
                include_unknown,
                reply,
            } = job
            {
                let result = patch_one(&tx, &case, &id, &if_match, &body, &opts, include_unknown);
                answers.push((reply, result));
            }
        }
        tx.commit()?;
        Ok(())
    })();
    for (reply, result) in answers {
        let answer = match (&outcome, result) {
            // Not committed: nothing that was done is durable.
            (Err(e), _) => Err(StoreError(e.0.clone())),
            (Ok(()), result) => result,
        };
        let _ = reply.send(answer);
    }
}

fn patch_one(
    tx: &rusqlite::Transaction<'_>,
    case: &str,
    id: &str,
    if_match: &IfMatch,
    body: &[u8],
    opts: &ReadOptions,
    include_unknown: bool,
) -> Result<Patched, StoreError> {
    let Some(stored) = get(tx, case, id)? else {
        return Ok(Patched::NotFound);
    };
    let current_tag = etag(stored.version);
    let matches = match if_match {
        IfMatch::Absent | IfMatch::Any => true,
        IfMatch::Tags(tags) => tags.contains(&current_tag),
    };
    if !matches {
        return Ok(Patched::PreconditionFailed);
    }
    let updated = match apply_to_stored(&stored.doc, body, opts, include_unknown)? {
        Ok(updated) => updated,
        Err(e) => return Ok(Patched::Invalid(e)),
    };
    let doc = updated.to_json();
    if doc == stored.doc {
        // Nothing changed: no write, and the ETag stays.
        return Ok(Patched::Updated(stored.version, Box::new(updated)));
    }
    let version = stored.version + 1;
    tx.prepare_cached(
        "UPDATE operations SET version = ?3, doc = ?4 WHERE case_id = ?1 AND id = ?2",
    )?
    .execute(params![case, id, version, doc])?;
    Ok(Patched::Updated(version, Box::new(updated)))
}

/// Reads the stored operation and applies the PATCH body to it, read
/// as the stored operation's type (the type its `@odata.type` names; the
/// seed's when none). Without `include_unknown`, a body that sets an
/// evolvable member the client did not ask to see (`Prefer`) is refused
/// too. The outer error is a damaged store, the inner one an invalid body.
fn apply_to_stored(
    stored: &[u8],
    body: &[u8],
    opts: &ReadOptions,
    include_unknown: bool,
) -> Result<Result<ExportOperation, Error>, StoreError> {
    let current = ExportOperation::from_json(stored)
        .map_err(|e| StoreError(format!("a stored operation is unreadable: {e}")))?;
    let updated = match current.apply_json(body, opts) {
        Ok(updated) => updated,
        Err(e) => return Ok(Err(e)),
    };
    if !include_unknown {
        // The body read as a patch once more (it is valid: it just applied).
        let hidden = ExportPatch::read(body, opts, current.operation_type())
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

/// Reads `FILE.ndjson` for `--load`: one operation per line (blank lines
/// skipped), read leniently, each with an `id`. Returns every problem, one
/// line each, with the file and the line number.
pub(crate) fn read_ndjson(
    case: &str,
    path: &PathBuf,
    out: &mut Vec<Import>,
) -> Result<(), Vec<String>> {
    let text =
        std::fs::read(path).map_err(|e| vec![format!("{}: cannot read: {e}", path.display())])?;
    let mut problems = Vec::new();
    for (n, line) in text.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let at = format!("{}: line {}", path.display(), n + 1);
        match ExportOperation::from_json(line) {
            Err(e) => problems.extend(e.details().iter().map(|d| format!("{at}: {d}"))),
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
                });
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
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
