//! The database layout, its migrations, and the checks run before a file is touched.
//!
//! `PRAGMA application_id` marks the file as llmpath's, and `schema_version` records every
//! migration applied. Opening first classifies the file (fresh, ours at version N, newer, foreign
//! or corrupt) using reads only; only a fresh file or one of ours at a known version is migrated,
//! each step in its own `BEGIN IMMEDIATE` transaction so concurrent openers apply it once.
//! Published migrations are never edited: a database written by an old build must migrate.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use chrono::{SecondsFormat, Utc};
use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior};

use crate::StoreError;

/// How long a write waits for another writer before failing with "database is locked".
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// `PRAGMA application_id` of every llmpath progress database: "LLMP" in ASCII.
pub const APPLICATION_ID: i32 = 0x4C4C_4D50;

/// One step of the schema, applied once, in order.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: u32,
    pub sql: &'static str,
}

/// Every migration, oldest first; the last one's version is [`CURRENT_VERSION`].
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sql: V1_EVENTS,
    },
    Migration {
        version: 2,
        sql: V2_SOURCE,
    },
    Migration {
        version: 3,
        sql: V3_PLANS,
    },
    Migration {
        version: 4,
        sql: V4_LAB_RUNS,
    },
    Migration {
        version: 5,
        sql: V5_EXERCISE_EVENTS,
    },
];

/// The schema version this build creates and understands.
pub const CURRENT_VERSION: u32 = 5;

/// v1: the append-only event log. Study events keep their topic in `item`.
const V1_EVENTS: &str = "
CREATE TABLE events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    uid     TEXT NOT NULL UNIQUE,
    at      TEXT NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('status', 'study')),
    item    TEXT,
    status  TEXT,
    minutes INTEGER,
    note    TEXT,
    CHECK (kind <> 'status' OR (item IS NOT NULL
        AND status IN ('pending', 'learning', 'done', 'skipped') AND minutes IS NULL)),
    CHECK (kind <> 'study' OR (status IS NULL AND minutes BETWEEN 1 AND 1440))
);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: UPDATE is not allowed');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: DELETE is not allowed');
END;
";

/// v2: which front end wrote each event, and an index for per-item history.
const V2_SOURCE: &str = "
ALTER TABLE events ADD COLUMN source TEXT NOT NULL DEFAULT 'cli';
CREATE INDEX events_item_id ON events (item, id);
";

/// v3: stored study plans. A re-plan appends a row; the newest row is the plan in force, and
/// the older ones are what "behind / ahead of plan" is measured against.
const V3_PLANS: &str = "
CREATE TABLE plans (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    plan       TEXT NOT NULL CHECK (json_valid(plan))
);
CREATE TRIGGER plans_no_update BEFORE UPDATE ON plans
BEGIN
    SELECT RAISE(ABORT, 'plans are append-only: UPDATE is not allowed');
END;
CREATE TRIGGER plans_no_delete BEFORE DELETE ON plans
BEGIN
    SELECT RAISE(ABORT, 'plans are append-only: DELETE is not allowed');
END;
";

/// v5: what a learner did with an exercise, append-only: each `check` attempt and its result,
/// each hint shown, each give-up.
const V5_EXERCISE_EVENTS: &str = "
CREATE TABLE exercise_events (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT NOT NULL,
    exercise TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('attempt', 'hint', 'give_up')),
    result   TEXT CHECK ((kind = 'attempt') = (result IS NOT NULL)),
    detail   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX exercise_events_exercise ON exercise_events (exercise, id);
CREATE TRIGGER exercise_events_no_update BEFORE UPDATE ON exercise_events
BEGIN
    SELECT RAISE(ABORT, 'exercise events are append-only: UPDATE is not allowed');
END;
CREATE TRIGGER exercise_events_no_delete BEFORE DELETE ON exercise_events
BEGIN
    SELECT RAISE(ABORT, 'exercise events are append-only: DELETE is not allowed');
END;
";

/// v4: every lab run with its report (`report.json` of the run), append-only.
const V4_LAB_RUNS: &str = "
CREATE TABLE lab_runs (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    lab     TEXT NOT NULL,
    out     TEXT NOT NULL,
    seconds REAL NOT NULL,
    report  TEXT NOT NULL CHECK (json_valid(report))
);
CREATE INDEX lab_runs_lab ON lab_runs (lab, id);
CREATE TRIGGER lab_runs_no_update BEFORE UPDATE ON lab_runs
BEGIN
    SELECT RAISE(ABORT, 'lab runs are append-only: UPDATE is not allowed');
END;
CREATE TRIGGER lab_runs_no_delete BEFORE DELETE ON lab_runs
BEGIN
    SELECT RAISE(ABORT, 'lab runs are append-only: DELETE is not allowed');
END;
";

/// The bookkeeping every migration step runs first (idempotent).
const BOOKKEEPING: &str = "
CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
);
";

/// The first bytes of every SQLite 3 database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// The length of the SQLite file header.
const HEADER_LEN: u64 = 100;

/// Refuses a non-empty file without SQLite's header before SQLite opens it: SQLite reads a file
/// shorter than a page as an empty database and would write over it.
pub(crate) fn check_header(path: &Path) -> Result<(), StoreError> {
    let io_error = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    if has_sqlite_header(path).map_err(io_error)? {
        return Ok(());
    }
    // Another process may be writing page 1 of a database it is creating: look once more.
    thread::sleep(Duration::from_millis(100));
    if has_sqlite_header(path).map_err(io_error)? {
        return Ok(());
    }
    Err(StoreError::NotADatabase {
        path: path.to_path_buf(),
    })
}

/// True for a missing or empty file, or one that starts with a whole SQLite header.
fn has_sqlite_header(path: &Path) -> io::Result<bool> {
    let mut header = Vec::new();
    match File::open(path) {
        Ok(file) => file.take(HEADER_LEN).read_to_end(&mut header)?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(true),
        Err(e) => return Err(e),
    };
    Ok(
        header.is_empty()
            || (header.len() as u64 == HEADER_LEN && header.starts_with(SQLITE_MAGIC)),
    )
}

/// Checks an opened file with reads only; returns its schema version (0: fresh, ours to create).
pub(crate) fn inspect(conn: &Connection, path: &Path) -> Result<u32, StoreError> {
    let db = |e| StoreError::db(path, e);
    let mut report = Vec::new();
    conn.pragma_query(None, "quick_check", |row| {
        report.push(row.get::<_, String>(0)?);
        Ok(())
    })
    .map_err(db)?;
    if report != ["ok"] {
        return Err(StoreError::NotADatabase {
            path: path.to_path_buf(),
        });
    }
    // One read transaction, so the checks see a single snapshot.
    let tx = conn.unchecked_transaction().map_err(db)?;
    let version = version_of(&tx, path)?;
    tx.commit().map_err(db)?;
    Ok(version)
}

/// Classifies the database as seen by `conn`'s current snapshot.
fn version_of(conn: &Connection, path: &Path) -> Result<u32, StoreError> {
    let db = |e| StoreError::db(path, e);
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |row| row.get(0))
        .map_err(db)?;
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
            [],
            |row| row.get(0),
        )
        .map_err(db)?;
    if app_id != APPLICATION_ID {
        return if app_id == 0 && tables == 0 {
            Ok(0)
        } else {
            Err(StoreError::Foreign {
                path: path.to_path_buf(),
            })
        };
    }
    let has_bookkeeping = conn
        .query_row(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'",
            [],
            |_| Ok(()),
        )
        .optional()
        .map_err(db)?
        .is_some();
    if !has_bookkeeping {
        // Ours, yet tables without bookkeeping: no build of llmpath leaves a file like that.
        return if tables == 0 {
            Ok(0)
        } else {
            Err(StoreError::NotADatabase {
                path: path.to_path_buf(),
            })
        };
    }
    let found: u32 = conn
        .query_row(
            "SELECT coalesce(max(version), 0) FROM schema_version",
            [],
            |row| row.get(0),
        )
        .map_err(db)?;
    if found > CURRENT_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found,
            supported: CURRENT_VERSION,
        });
    }
    Ok(found)
}

/// Connection settings; run only after [`inspect`] accepted the file, since WAL mode writes its header.
pub(crate) fn configure(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let db = |e| StoreError::db(path, e);
    // Switching a new file to WAL can fail with SQLITE_BUSY while another opener holds a lock,
    // without calling the busy handler: retry until the busy timeout. The mode a read-only file
    // ends up in does not matter, so the returned mode is not checked.
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
        {
            Ok(_) => break,
            Err(e)
                if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                    && Instant::now() < deadline =>
            {
                thread::sleep(Duration::from_millis(5));
            }
            Err(e) => return Err(db(e)),
        }
    }
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(db)?;
    conn.pragma_update(None, "foreign_keys", true).map_err(db)?;
    conn.pragma_update(None, "cell_size_check", true)
        .map_err(db)?;
    conn.pragma_update(None, "trusted_schema", false)
        .map_err(db)?;
    Ok(())
}

/// Applies every migration newer than `found`, one transaction each; returns the final version.
pub(crate) fn migrate(conn: &mut Connection, path: &Path, found: u32) -> Result<u32, StoreError> {
    if found >= CURRENT_VERSION {
        return Ok(found);
    }
    let db = |e| StoreError::db(path, e);
    for step in MIGRATIONS {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        // Another process may have migrated since `inspect`: look again under the write lock.
        if version_of(&tx, path)? >= step.version {
            continue;
        }
        tx.execute_batch(BOOKKEEPING).map_err(db)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(db)?;
        tx.execute_batch(step.sql).map_err(db)?;
        tx.execute(
            "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)",
            (
                step.version,
                Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
            ),
        )
        .map_err(db)?;
        tx.commit().map_err(db)?;
    }
    Ok(CURRENT_VERSION)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_one_by_one_up_to_current() {
        let versions: Vec<u32> = MIGRATIONS.iter().map(|m| m.version).collect();
        let expected: Vec<u32> = (1..=CURRENT_VERSION).collect();
        assert_eq!(versions, expected);
    }

    #[test]
    fn application_id_spells_llmp() {
        assert_eq!(&APPLICATION_ID.to_be_bytes(), b"LLMP");
    }
}
