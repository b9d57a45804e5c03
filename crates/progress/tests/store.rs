//! The store through its public API: persistence, append-only, export/import, concurrency.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::Path;
use std::thread;

use chrono::{DateTime, Duration, TimeZone, Utc};
use llmpath_progress::{
    EventKind, ExerciseEvent, ExerciseEventKind, FORMAT, ImportReport, ProgressExport, Status,
    Store, StoreError,
};

fn t(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, day, hour, 0, 0).unwrap()
}

fn same(id: &str) -> String {
    id.to_owned()
}

/// A store with a few events of every kind, two sources and a sub-second time.
fn filled(path: &Path) -> Store {
    let mut store = Store::open(path).unwrap();
    store
        .record_status("tokenizers", Status::Learning, t(1, 9))
        .unwrap();
    store
        .record_study(45, Some("tokenizers"), Some("BPE by hand"), t(1, 10))
        .unwrap();
    store.record_study(20, None, None, t(2, 8)).unwrap();
    let mut store = store.with_source("web");
    store
        .record_status(
            "tokenizers",
            Status::Done,
            t(2, 9) + Duration::nanoseconds(123_456_789),
        )
        .unwrap();
    store
        .record_status("attention", Status::Skipped, t(3, 9))
        .unwrap();
    store
}

#[test]
fn events_persist_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("home/progress.sqlite3");
    let written = filled(&path).events().unwrap();
    assert_eq!(written.len(), 5);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.path(), path);
    assert_eq!(
        store.schema_version().unwrap(),
        llmpath_progress::schema::CURRENT_VERSION
    );
    assert_eq!(store.events().unwrap(), written);
    let statuses = store.statuses(&same).unwrap();
    assert_eq!(statuses["tokenizers"].status, Status::Done);
    assert_eq!(statuses["attention"].status, Status::Skipped);
    let sources: Vec<&str> = written.iter().map(|e| e.source.as_str()).collect();
    assert_eq!(sources, ["cli", "cli", "cli", "web", "web"]);
}

#[test]
fn recorded_event_is_returned_as_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("p.sqlite3")).unwrap();
    let event = store
        .record_study(30, Some("mlp"), Some(""), t(4, 12))
        .unwrap();
    assert_eq!(store.events().unwrap(), std::slice::from_ref(&event));
    assert_eq!(event.source, "cli");
    assert!(matches!(event.kind, EventKind::Study { minutes: 30, .. }));
}

#[test]
fn zero_byte_file_is_opened_as_a_fresh_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    std::fs::write(&path, b"").unwrap();
    let mut store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        llmpath_progress::schema::CURRENT_VERSION
    );
    store.record_status("x", Status::Done, t(1, 1)).unwrap();
    assert_eq!(store.events().unwrap().len(), 1);
}

#[test]
fn invalid_events_are_rejected_and_not_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("p.sqlite3")).unwrap();
    for minutes in [0, 1441] {
        let err = store
            .record_study(minutes, None, None, t(1, 1))
            .unwrap_err();
        assert!(matches!(err, StoreError::InvalidEvent { .. }), "{err}");
    }
    for item in ["", "  "] {
        let err = store
            .record_status(item, Status::Done, t(1, 1))
            .unwrap_err();
        assert!(matches!(err, StoreError::InvalidEvent { .. }), "{err}");
    }
    store.record_study(1440, None, None, t(1, 1)).unwrap();
    assert_eq!(store.events().unwrap().len(), 1);
}

#[test]
fn raw_update_and_delete_of_events_fail() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    let before = filled(&path).events().unwrap();

    let conn = rusqlite::Connection::open(&path).unwrap();
    let update = conn.execute("UPDATE events SET note = 'rewritten'", []);
    let delete = conn.execute("DELETE FROM events", []);
    assert!(update.unwrap_err().to_string().contains("append-only"));
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    drop(conn);

    assert_eq!(Store::open(&path).unwrap().events().unwrap(), before);
}

#[test]
fn export_then_import_into_a_fresh_database_reproduces_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let source = filled(&dir.path().join("a.sqlite3"));
    let export = source.export(t(9, 9)).unwrap();
    assert_eq!(export.format, FORMAT);
    assert_eq!(export.version, 1);

    let json = export.to_json().unwrap();
    let parsed = ProgressExport::from_json(&json).unwrap();
    assert_eq!(parsed, export);

    let mut target = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    let report = target.import(&parsed).unwrap();
    assert_eq!(
        report,
        ImportReport {
            added: 5,
            already_present: 0
        }
    );
    assert_eq!(target.events().unwrap(), source.events().unwrap());
    assert_eq!(target.export(t(9, 9)).unwrap().to_json().unwrap(), json);
}

#[test]
fn importing_twice_adds_nothing_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let export = filled(&dir.path().join("a.sqlite3"))
        .export(t(9, 9))
        .unwrap();
    let mut target = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    target.import(&export).unwrap();
    let again = target.import(&export).unwrap();
    assert_eq!(
        again,
        ImportReport {
            added: 0,
            already_present: 5
        }
    );
    assert_eq!(target.events().unwrap(), export.events);
}

#[test]
fn import_merges_into_an_existing_log() {
    let dir = tempfile::tempdir().unwrap();
    let export = filled(&dir.path().join("a.sqlite3"))
        .export(t(9, 9))
        .unwrap();
    let mut target = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    let own = target.record_study(10, None, None, t(5, 5)).unwrap();
    let report = target.import(&export).unwrap();
    assert_eq!(report.added, 5);
    let events = target.events().unwrap();
    assert_eq!(events[0], own);
    assert_eq!(events[1..], export.events[..]);
}

#[test]
fn invalid_imports_are_rejected_and_add_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let good = filled(&dir.path().join("a.sqlite3"))
        .export(t(9, 9))
        .unwrap();
    let mut target = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    target.record_study(10, None, None, t(5, 5)).unwrap();
    let before = target.events().unwrap();

    let wrong_format = ProgressExport {
        format: "something-else".into(),
        ..good.clone()
    };
    let wrong_version = ProgressExport {
        version: 2,
        ..good.clone()
    };
    // One bad event after good ones: all-or-nothing.
    let mut bad_minutes = good.clone();
    if let EventKind::Study { minutes, .. } = &mut bad_minutes.events[2].kind {
        *minutes = 0;
    }
    // An event that contradicts a stored one with the same uid, after a new one.
    let mut conflicting = good.clone();
    conflicting.events.truncate(2);
    conflicting.events[1].uid = before[0].uid.clone();
    for export in [wrong_format, wrong_version, bad_minutes, conflicting] {
        let err = target.import(&export).unwrap_err();
        assert!(matches!(err, StoreError::InvalidImport { .. }), "{err}");
        assert_eq!(target.events().unwrap(), before);
    }

    let json = good.to_json().unwrap();
    let bad_status = json.replacen("\"done\"", "\"finished\"", 1);
    assert_ne!(bad_status, json);
    let bad_format = json.replacen(FORMAT, "llmpath-progres", 1);
    for text in [bad_status.as_str(), bad_format.as_str(), "{}", "not json"] {
        let err = ProgressExport::from_json(text).unwrap_err();
        assert!(matches!(err, StoreError::InvalidImport { .. }), "{err}");
    }
    assert_eq!(target.events().unwrap(), before);
}

#[test]
fn concurrent_writers_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let path = path.clone();
            thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                for i in 0..50 {
                    if i % 2 == 0 {
                        store.record_study(1 + i, None, None, t(1, 1)).unwrap();
                    } else {
                        let item = format!("w{w}-{i}");
                        store.record_status(&item, Status::Done, t(1, 1)).unwrap();
                    }
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let events = Store::open(&path).unwrap().events().unwrap();
    assert_eq!(events.len(), 200);
    let uids: BTreeSet<&str> = events.iter().map(|e| e.uid.as_str()).collect();
    assert_eq!(uids.len(), 200);
}

#[test]
fn plans_are_stored_newest_first_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.latest_plan().unwrap(), None);
    let at = chrono::Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let first = store.save_plan(r#"{"weeks": 10}"#, at).unwrap();
    assert_eq!(first.revision, 1);
    let second = store.save_plan(r#"{"weeks": 12}"#, at).unwrap();
    assert_eq!(second.revision, 2);
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.latest_plan().unwrap(), Some(second));
    assert!(
        Store::open(&path)
            .unwrap()
            .save_plan("not json", at)
            .is_err(),
        "a plan must be valid JSON"
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert!(conn.execute("UPDATE plans SET plan = '{}'", []).is_err());
    assert!(conn.execute("DELETE FROM plans", []).is_err());
}

#[test]
fn lab_runs_are_recorded_per_lab_and_never_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let mut store = Store::open(&path).unwrap();
    let at = chrono::Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    store
        .record_lab_run(
            "kmeans",
            Path::new("/tmp/run1"),
            1.5,
            r#"{"lab":"kmeans"}"#,
            at,
        )
        .unwrap();
    store
        .record_lab_run(
            "calculus",
            Path::new("/tmp/run2"),
            0.5,
            r#"{"lab":"calculus"}"#,
            at,
        )
        .unwrap();
    assert_eq!(store.lab_runs(None).unwrap().len(), 2);
    let kmeans = store.lab_runs(Some("kmeans")).unwrap();
    assert_eq!(kmeans.len(), 1);
    assert_eq!(kmeans[0].out, "/tmp/run1");
    assert_eq!(kmeans[0].at, at);
    assert!(
        store
            .record_lab_run("x", Path::new("/"), 0.0, "{", at)
            .is_err(),
        "reports are JSON"
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert!(conn.execute("DELETE FROM lab_runs", []).is_err());
}

#[test]
fn exercise_events_are_kept_in_order_and_never_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let mut store = Store::open(&path).unwrap();
    let at = chrono::Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let event = |exercise: &str, kind, result: Option<&str>, detail: &str| ExerciseEvent {
        at,
        exercise: exercise.to_owned(),
        kind,
        result: result.map(str::to_owned),
        detail: detail.to_owned(),
    };
    let events = [
        event(
            "mean",
            ExerciseEventKind::Attempt,
            Some("failed"),
            "random inputs",
        ),
        event("mean", ExerciseEventKind::Hint, None, "1"),
        event("dot", ExerciseEventKind::GiveUp, None, ""),
        event("mean", ExerciseEventKind::Attempt, Some("passed"), ""),
    ];
    for e in &events {
        store.record_exercise_event(e).unwrap();
    }
    assert_eq!(store.exercise_events(None).unwrap(), events);
    let mean = store.exercise_events(Some("mean")).unwrap();
    assert_eq!(mean.len(), 3);
    // An attempt without a result (or a hint with one) is refused by the schema.
    let bad = event("mean", ExerciseEventKind::Attempt, None, "");
    assert!(store.record_exercise_event(&bad).is_err());
    let bad = event("mean", ExerciseEventKind::Hint, Some("passed"), "1");
    assert!(store.record_exercise_event(&bad).is_err());
    // A backup carries them: imported once, then recognised.
    let export = store.export(at).unwrap();
    assert_eq!(export.exercise_events, events);
    let json = export.to_json().unwrap();
    let mut other = Store::open(&dir.path().join("other.sqlite3")).unwrap();
    let export = ProgressExport::from_json(&json).unwrap();
    assert_eq!(other.import(&export).unwrap().added, 4);
    assert_eq!(other.import(&export).unwrap().already_present, 4);
    assert_eq!(other.exercise_events(None).unwrap(), events);
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert!(conn.execute("DELETE FROM exercise_events", []).is_err());
    assert!(
        conn.execute("UPDATE exercise_events SET result = 'passed'", [])
            .is_err()
    );
}
