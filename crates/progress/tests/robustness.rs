//! Opening files the store must not trust: old, newer, corrupt and foreign databases.
//! Every refusal must leave the file byte-identical.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::Path;

use chrono::{TimeZone, Utc};
use llmpath_progress::schema::{APPLICATION_ID, CURRENT_VERSION, MIGRATIONS};
use llmpath_progress::{EventKind, Status, Store, StoreError};
use rusqlite::Connection;

/// The v1 migration exactly as it shipped. Frozen: if this test fails because the crate's v1
/// SQL changed, change it back and add a new migration instead.
const V1_SQL: &str = "
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

/// A real database with a few hundred events (many pages), closed so the WAL is checkpointed.
fn real_database(path: &Path) {
    let mut store = Store::open(path).unwrap();
    let at = Utc.with_ymd_and_hms(2025, 3, 1, 12, 0, 0).unwrap();
    let note = "a note long enough to fill pages ".repeat(4);
    for i in 0..300 {
        store
            .record_study(1 + i % 60, Some("gpt"), Some(&note), at)
            .unwrap();
    }
}

/// Opens `path`, expects a refusal, and checks the file (and its folder) did not change.
fn refused(path: &Path) -> StoreError {
    let before = fs::read(path).unwrap();
    let err = Store::open(path).unwrap_err();
    assert_eq!(
        fs::read(path).unwrap(),
        before,
        "{} was modified",
        path.display()
    );
    let names: Vec<_> = fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.to_string_lossy().ends_with("-journal"))
    );
    err
}

#[test]
fn v1_sql_is_unchanged() {
    assert_eq!(MIGRATIONS[0].version, 1);
    assert_eq!(MIGRATIONS[0].sql, V1_SQL);
}

#[test]
fn v1_database_migrates_to_the_current_schema_keeping_every_event() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    {
        // What llmpath with schema v1 wrote.
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);",
        )
        .unwrap();
        conn.execute_batch(V1_SQL).unwrap();
        conn.execute(
            "INSERT INTO schema_version VALUES (1, '2025-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
        conn.execute_batch(
            "INSERT INTO events (uid, at, kind, item, status, minutes, note) VALUES
             ('u1', '2025-01-02T10:00:00.000000000Z', 'status', 'tokenizers', 'learning', NULL, NULL),
             ('u2', '2025-01-02T11:00:00.000000000Z', 'study', 'tokenizers', NULL, 40, 'BPE'),
             ('u3', '2025-01-03T09:30:00.000000000Z', 'study', NULL, NULL, 15, NULL),
             ('u4', '2025-01-03T10:00:00.000000000Z', 'status', 'tokenizers', 'done', NULL, NULL);",
        )
        .unwrap();
    }

    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), CURRENT_VERSION);
    assert_eq!(
        store.latest_plan().unwrap(),
        None,
        "v3 adds an empty plans table"
    );
    let events = store.events().unwrap();
    let uids: Vec<&str> = events.iter().map(|e| e.uid.as_str()).collect();
    assert_eq!(uids, ["u1", "u2", "u3", "u4"]);
    assert!(events.iter().all(|e| e.source == "cli"));
    assert_eq!(
        events[1].kind,
        EventKind::Study {
            minutes: 40,
            topic: Some("tokenizers".into()),
            note: Some("BPE".into())
        }
    );
    assert_eq!(
        events[0].at,
        Utc.with_ymd_and_hms(2025, 1, 2, 10, 0, 0).unwrap()
    );
    let statuses = store.statuses(&|id: &str| id.to_owned()).unwrap();
    assert_eq!(statuses["tokenizers"].status, Status::Done);

    // The migrated file keeps working and stays append-only.
    let mut store = store.with_source("web");
    store.record_study(5, None, None, Utc::now()).unwrap();
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let applied: Vec<u32> = conn
        .prepare("SELECT version FROM schema_version ORDER BY version")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(applied, (1..=CURRENT_VERSION).collect::<Vec<_>>());
    assert!(conn.execute("DELETE FROM events", []).is_err());
    let sources: Vec<String> = conn
        .prepare("SELECT source FROM events ORDER BY id")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(sources, ["cli", "cli", "cli", "cli", "web"]);
}

#[test]
fn newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    real_database(&path);
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute(
            "INSERT INTO schema_version VALUES (99, '2030-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
    }
    let err = refused(&path);
    assert!(
        matches!(
            err,
            StoreError::NewerSchema {
                found: 99,
                supported: CURRENT_VERSION,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("upgrade llmpath"), "{err}");
}

#[test]
fn random_bytes_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    // Deterministic noise from a linear congruential generator.
    let mut x: u32 = 0x1234_5678;
    let noise: Vec<u8> = (0..8192)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (x >> 24) as u8
        })
        .collect();
    let cases: [(&str, &[u8]); 3] = [
        ("noise.sqlite3", &noise),
        ("text.sqlite3", b"these are my notes, not a database\n"),
        ("tiny.sqlite3", b"x"),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        let err = refused(&path);
        assert!(
            matches!(err, StoreError::NotADatabase { .. }),
            "{name}: {err}"
        );
        assert!(err.to_string().contains("left untouched"), "{err}");
    }
}

#[test]
fn truncated_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole.sqlite3");
    real_database(&whole);
    let bytes = fs::read(&whole).unwrap();
    assert!(bytes.len() > 8 * 4096, "the fixture should span many pages");

    for (name, len) in [
        ("half.sqlite3", bytes.len() / 2 + 100),
        ("one-page.sqlite3", 4096),
    ] {
        let path = dir.path().join(name);
        fs::write(&path, &bytes[..len]).unwrap();
        let err = refused(&path);
        assert!(
            matches!(err, StoreError::NotADatabase { .. }),
            "{name}: {err}"
        );
    }
}

#[test]
fn foreign_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    for (name, app_id) in [("other.sqlite3", 0x1234_5678), ("plain.sqlite3", 0)] {
        let path = dir.path().join(name);
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "application_id", app_id).unwrap();
            conn.execute_batch(
                "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
                 INSERT INTO notes (body) VALUES ('mine');",
            )
            .unwrap();
        }
        let err = refused(&path);
        assert!(matches!(err, StoreError::Foreign { .. }), "{name}: {err}");
    }
}

#[test]
fn directory_path_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err}");
}
