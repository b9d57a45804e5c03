//! The progress database under stress: concurrent writers, a process killed mid-write, and
//! files that are not (or no longer) ours. Each test drives the real binary.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use common::Sandbox;

fn events(sandbox: &Sandbox) -> usize {
    sandbox.json(&["export-progress"])["events"]
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn two_processes_writing_at_once_lose_nothing() {
    let sandbox = Sandbox::new();
    sandbox.run(&["doctor", "--json"]); // nothing written yet; the database is created below
    const PER_WRITER: usize = 25;
    std::thread::scope(|scope| {
        for writer in 0..2 {
            let sandbox = &sandbox;
            scope.spawn(move || {
                for n in 0..PER_WRITER {
                    let note = format!("writer {writer} session {n}");
                    sandbox.run(&["log", "1m", "--note", &note]);
                }
            });
        }
    });
    let export = sandbox.json(&["export-progress"]);
    let notes: std::collections::BTreeSet<&str> = export["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["note"].as_str().unwrap())
        .collect();
    assert_eq!(notes.len(), 2 * PER_WRITER);
}

#[test]
fn a_process_killed_mid_import_leaves_a_consistent_database() {
    let sandbox = Sandbox::new();
    sandbox.run(&["done", "s1.math.bayes"]);
    // A large import runs in one transaction: after a SIGKILL either all of it is there or none.
    const EVENTS: usize = 60_000;
    let bulk_events: Vec<serde_json::Value> = (0..EVENTS)
        .map(|n| {
            serde_json::json!({
                "uid": format!("bulk-{n}"), "at": "2026-01-01T10:00:00Z", "source": "cli",
                "kind": "study", "minutes": 5, "note": "bulk",
            })
        })
        .collect();
    let bulk = sandbox.dir.path().join("bulk.json");
    std::fs::write(&bulk, serde_json::json!({
        "format": "llmpath-progress", "version": 1, "exported_at": "2026-01-01T10:00:00Z", "events": bulk_events,
    }).to_string()).unwrap();

    // Kill the importer once its transaction has spilled pages into the WAL: mid-write.
    let wal = sandbox.home().join("progress.sqlite3-wal");
    let mut killed_mid_write = false;
    for _attempt in 0..3 {
        let mut child = sandbox
            .command(&["import-progress", bulk.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        while std::fs::metadata(&wal).map_or(0, |m| m.len()) < 1 << 20
            && child.try_wait().unwrap().is_none()
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(1));
        }
        let finished_first = child.try_wait().unwrap().is_some();
        child.kill().ok(); // SIGKILL on Unix
        child.wait().unwrap();
        let count = events(&sandbox);
        assert!(
            count == 1 || count == 1 + EVENTS,
            "partial import visible: {count} events"
        );
        if !finished_first && count == 1 {
            killed_mid_write = true;
            break;
        }
    }
    assert!(
        killed_mid_write,
        "no kill landed while the import was writing; the test proved nothing"
    );
    // The database still works for writes and reads.
    sandbox.run(&["log", "10m"]);
    let doctor = sandbox.json(&["doctor"]);
    assert_eq!(
        doctor["checks"][3]["level"], "ok",
        "{}",
        doctor["checks"][3]
    );
}

#[test]
fn progress_survives_restarts_and_repeated_kills_of_writers() {
    let sandbox = Sandbox::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut completed = 0;
    for round in 0..15 {
        let mut child = sandbox
            .command(&["log", "1m", "--note", "kill me"])
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(2 + 3 * round));
        let _ = child.kill();
        if child.wait().unwrap().success() {
            completed += 1;
        }
        assert!(Instant::now() < deadline);
    }
    // Each logged session is either fully there or absent; the count matches finished writers
    // at least (a writer killed after COMMIT but before exit counts too).
    let count = events(&sandbox);
    assert!(
        count >= completed && count <= 15,
        "{count} events, {completed} writers finished"
    );
    sandbox.run(&["log", "1m"]);
    assert_eq!(events(&sandbox), count + 1);
}

#[test]
fn a_corrupt_database_is_refused_and_left_untouched() {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.home()).unwrap();
    let garbage: Vec<u8> = (0..8192u32)
        .map(|n| (n.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(sandbox.database(), &garbage).unwrap();
    let err = sandbox.fail(&["done", "s1.math.bayes"]);
    assert!(err.contains("cannot open the progress database"), "{err}");
    assert!(err.contains("untouched"), "{err}");
    assert_eq!(std::fs::read(sandbox.database()).unwrap(), garbage);
    let err = sandbox.fail(&["doctor"]);
    assert!(err.contains("check(s) failed"), "{err}");
}

#[test]
fn a_truncated_database_is_refused_and_left_untouched() {
    let sandbox = Sandbox::new();
    for n in 0..30 {
        sandbox.run(&["log", "5m", "--note", &format!("session {n}")]);
    }
    sandbox.run(&["export-progress"]); // checkpoints nothing, just reads
    // Fold the WAL into the main file, then cut the file in half.
    {
        let connection = rusqlite::Connection::open(sandbox.database()).unwrap();
        connection
            .pragma_update(None, "journal_mode", "DELETE")
            .unwrap();
    }
    let bytes = std::fs::read(sandbox.database()).unwrap();
    let truncated = &bytes[..bytes.len() / 2];
    std::fs::write(sandbox.database(), truncated).unwrap();
    let err = sandbox.fail(&["stats"]);
    assert!(err.contains("cannot open the progress database"), "{err}");
    assert_eq!(std::fs::read(sandbox.database()).unwrap(), truncated);
}

#[test]
fn a_foreign_sqlite_database_is_refused_and_left_untouched() {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.home()).unwrap();
    {
        let connection = rusqlite::Connection::open(sandbox.database()).unwrap();
        connection
            .execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);")
            .unwrap();
    }
    let before = std::fs::read(sandbox.database()).unwrap();
    let err = sandbox.fail(&["log", "1h"]);
    assert!(
        err.contains("not an llmpath") || err.contains("another program"),
        "{err}"
    );
    assert_eq!(std::fs::read(sandbox.database()).unwrap(), before);
}

#[test]
fn a_database_from_a_newer_llmpath_is_refused_and_left_untouched() {
    let sandbox = Sandbox::new();
    sandbox.run(&["log", "1h"]);
    {
        let connection = rusqlite::Connection::open(sandbox.database()).unwrap();
        connection
            .execute("INSERT INTO schema_version (version, applied_at) VALUES (99, '2030-01-01T00:00:00Z')", [])
            .unwrap();
        connection
            .pragma_update(None, "journal_mode", "DELETE")
            .unwrap();
    }
    let before = std::fs::read(sandbox.database()).unwrap();
    let err = sandbox.fail(&["stats"]);
    assert!(err.contains("newer llmpath"), "{err}");
    assert!(err.contains("99"), "{err}");
    assert_eq!(std::fs::read(sandbox.database()).unwrap(), before);
}
