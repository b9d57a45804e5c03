//! [`Store`]: one connection to the progress database file.
//!
//! Writes are single `BEGIN IMMEDIATE` transactions in WAL mode with a busy timeout, so the CLI
//! and the web dashboard (or several terminals) can write at once and every event lands.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::types::Type;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, TransactionBehavior};
use uuid::Uuid;

use crate::event::{Event, EventKind, Status, StatusEntry, current_statuses};
use crate::export::{FORMAT, FORMAT_VERSION, ImportReport, ProgressExport};
use crate::{StoreError, schema};

/// The `source` of events recorded by a store unless [`Store::with_source`] says otherwise.
pub const DEFAULT_SOURCE: &str = "cli";

const SELECT_EVENTS: &str = "SELECT uid, at, source, kind, item, status, minutes, note FROM events";

/// A stored plan: the planner's JSON, when it was made, and its revision (1 for the first
/// plan, +1 for each re-plan).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPlan {
    pub revision: u32,
    pub created_at: DateTime<Utc>,
    pub json: String,
}

/// One run of a lab.
#[derive(Debug, Clone, PartialEq)]
pub struct LabRun {
    pub at: DateTime<Utc>,
    pub lab: String,
    /// The output folder (plots, report.json).
    pub out: String,
    pub seconds: f64,
    pub report_json: String,
}

/// What a learner did with an exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExerciseEventKind {
    /// `llmpath check`: `result` says how it went.
    Attempt,
    /// `llmpath hint`: `detail` is the hint level shown (1 for the first).
    Hint,
    /// `llmpath solution --give-up`.
    GiveUp,
}

impl ExerciseEventKind {
    fn code(self) -> &'static str {
        match self {
            ExerciseEventKind::Attempt => "attempt",
            ExerciseEventKind::Hint => "hint",
            ExerciseEventKind::GiveUp => "give_up",
        }
    }

    fn parse(code: &str) -> Option<ExerciseEventKind> {
        [
            ExerciseEventKind::Attempt,
            ExerciseEventKind::Hint,
            ExerciseEventKind::GiveUp,
        ]
        .into_iter()
        .find(|kind| kind.code() == code)
    }
}

/// One exercise event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExerciseEvent {
    pub at: DateTime<Utc>,
    pub exercise: String,
    pub kind: ExerciseEventKind,
    /// For attempts: `passed`, `failed`, `compile_error`, `timeout`, `panicked`, `refused`.
    pub result: Option<String>,
    /// The first failed check, the hint level, …
    pub detail: String,
}

/// An open progress database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    source: String,
}

impl Store {
    /// Opens (creating if the file does not exist, or is 0 bytes) and migrates to the current schema.
    ///
    /// A file that is corrupt, not SQLite, another program's database, or from a newer llmpath is
    /// refused before anything is written to it.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let io_error = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                return Err(io_error(io::Error::new(
                    io::ErrorKind::IsADirectory,
                    "it is a directory, not a database file",
                )));
            }
            Ok(_) => schema::check_header(path)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    fs::create_dir_all(parent).map_err(io_error)?;
                }
            }
            Err(e) => return Err(io_error(e)),
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let db = |e| StoreError::db(path, e);
        let mut conn = Connection::open_with_flags(path, flags).map_err(db)?;
        conn.busy_timeout(schema::BUSY_TIMEOUT).map_err(db)?;
        let found = schema::inspect(&conn, path)?;
        schema::configure(&conn, path)?;
        schema::migrate(&mut conn, path, found)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            source: DEFAULT_SOURCE.to_owned(),
        })
    }

    /// Names the front end recorded as the `source` of new events ("web" for the dashboard).
    pub fn with_source(mut self, source: &str) -> Store {
        self.source = source.to_owned();
        self
    }

    /// The `source` given to new events.
    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The highest migration applied to the file.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        self.conn
            .query_row(
                "SELECT coalesce(max(version), 0) FROM schema_version",
                [],
                |row| row.get(0),
            )
            .map_err(|e| self.db(e))
    }

    /// Records that `item` (a topic or practice-task id) moved to `status`.
    pub fn record_status(
        &mut self,
        item: &str,
        status: Status,
        at: DateTime<Utc>,
    ) -> Result<Event, StoreError> {
        self.append(
            EventKind::Status {
                item: item.to_owned(),
                status,
            },
            at,
        )
    }

    /// Records `minutes` (1..=1440) of study, optionally on a topic and with a note.
    pub fn record_study(
        &mut self,
        minutes: u32,
        topic: Option<&str>,
        note: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<Event, StoreError> {
        self.append(
            EventKind::Study {
                minutes,
                topic: topic.map(str::to_owned),
                note: note.map(str::to_owned),
            },
            at,
        )
    }

    /// Every event, in insertion order.
    pub fn events(&self) -> Result<Vec<Event>, StoreError> {
        self.query_events(&format!("{SELECT_EVENTS} ORDER BY id"))
    }

    /// Current status per item: the latest status event wins (by time; equal times by log order). `canonical` maps an
    /// event's item id to the id it has today (content `aliases`: old id -> new id); ids it does not know map to themselves.
    pub fn statuses(
        &self,
        canonical: &dyn Fn(&str) -> String,
    ) -> Result<BTreeMap<String, StatusEntry>, StoreError> {
        let events = self.query_events(&format!(
            "{SELECT_EVENTS} WHERE kind = 'status' ORDER BY id"
        ))?;
        Ok(current_statuses(&events, canonical))
    }

    /// The whole log as a backup that [`Store::import`] restores.
    pub fn export(&self, now: DateTime<Utc>) -> Result<ProgressExport, StoreError> {
        Ok(ProgressExport {
            format: FORMAT.to_owned(),
            version: FORMAT_VERSION,
            exported_at: now,
            events: self.events()?,
            exercise_events: self.exercise_events(None)?,
        })
    }

    /// Appends the events of `export` that the log lacks, keeping their uid, time and source.
    ///
    /// Idempotent (an event whose uid is stored is skipped) and all-or-nothing: an invalid
    /// export, or one whose event contradicts a stored event of the same uid, adds nothing.
    pub fn import(&mut self, export: &ProgressExport) -> Result<ImportReport, StoreError> {
        export.validate()?;
        let path = self.path.clone();
        let db = |e| StoreError::db(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        let mut report = ImportReport::default();
        for event in &export.events {
            let stored = tx
                .query_row(
                    &format!("{SELECT_EVENTS} WHERE uid = ?1"),
                    [&event.uid],
                    event_from_row,
                )
                .optional()
                .map_err(db)?;
            match stored {
                Some(stored) if stored == *event => report.already_present += 1,
                Some(_) => {
                    return Err(StoreError::InvalidImport {
                        reason: format!(
                            "event {} differs from the stored event with the same uid",
                            event.uid
                        ),
                    });
                }
                None => {
                    insert(&tx, event).map_err(db)?;
                    report.added += 1;
                }
            }
        }
        // Exercise events have no uid: one equal in every field is the same event.
        for event in &export.exercise_events {
            let at = format_at(event.at);
            let present: bool = tx
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM exercise_events WHERE at = ?1 AND exercise = ?2
                     AND kind = ?3 AND result IS ?4 AND detail = ?5)",
                    (
                        &at,
                        &event.exercise,
                        event.kind.code(),
                        &event.result,
                        &event.detail,
                    ),
                    |row| row.get(0),
                )
                .map_err(db)?;
            match present {
                true => report.already_present += 1,
                false => {
                    tx.execute(
                        "INSERT INTO exercise_events (at, exercise, kind, result, detail)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                        (
                            &at,
                            &event.exercise,
                            event.kind.code(),
                            &event.result,
                            &event.detail,
                        ),
                    )
                    .map_err(|e| StoreError::InvalidImport {
                        reason: format!("exercise event of {}: {e}", event.exercise),
                    })?;
                    report.added += 1;
                }
            }
        }
        tx.commit().map_err(db)?;
        Ok(report)
    }

    /// Stores a plan (a JSON document the planner owns) as the newest; older plans are kept.
    pub fn save_plan(
        &mut self,
        plan_json: &str,
        at: DateTime<Utc>,
    ) -> Result<StoredPlan, StoreError> {
        let path = self.path.clone();
        let db = |e| StoreError::db(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        tx.execute(
            "INSERT INTO plans (created_at, plan) VALUES (?1, ?2)",
            (format_at(at), plan_json),
        )
        .map_err(db)?;
        let revision = tx
            .query_row("SELECT count(*) FROM plans", [], |row| row.get(0))
            .map_err(db)?;
        tx.commit().map_err(db)?;
        Ok(StoredPlan {
            revision,
            created_at: at,
            json: plan_json.to_owned(),
        })
    }

    /// The plan in force (the newest stored), if any.
    pub fn latest_plan(&self) -> Result<Option<StoredPlan>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT (SELECT count(*) FROM plans), created_at, plan FROM plans ORDER BY id DESC LIMIT 1",
                [],
                |row| Ok((row.get::<_, u32>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?)),
            )
            .optional()
            .map_err(|e| self.db(e))?;
        let Some((revision, created_at, json)) = row else {
            return Ok(None);
        };
        let created_at = DateTime::parse_from_rfc3339(&created_at)
            .map_err(|_| StoreError::NotADatabase {
                path: self.path.clone(),
            })?
            .with_timezone(&Utc);
        Ok(Some(StoredPlan {
            revision,
            created_at,
            json,
        }))
    }

    /// Records a lab run and its report (the JSON the lab wrote).
    pub fn record_lab_run(
        &mut self,
        lab: &str,
        out: &Path,
        seconds: f64,
        report_json: &str,
        at: DateTime<Utc>,
    ) -> Result<LabRun, StoreError> {
        let out = out.to_string_lossy().into_owned();
        self.conn
            .execute(
                "INSERT INTO lab_runs (at, lab, out, seconds, report) VALUES (?1, ?2, ?3, ?4, ?5)",
                (format_at(at), lab, &out, seconds, report_json),
            )
            .map_err(|e| self.db(e))?;
        Ok(LabRun {
            at,
            lab: lab.to_owned(),
            out,
            seconds,
            report_json: report_json.to_owned(),
        })
    }

    /// Lab runs, oldest first; only those of `lab` when given.
    pub fn lab_runs(&self, lab: Option<&str>) -> Result<Vec<LabRun>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT at, lab, out, seconds, report FROM lab_runs
                 WHERE ?1 IS NULL OR lab = ?1 ORDER BY id",
            )
            .map_err(|e| self.db(e))?;
        let rows = stmt
            .query_map([lab], |row| {
                let at: String = row.get(0)?;
                let at = DateTime::parse_from_rfc3339(&at)
                    .map_err(|e| {
                        rusqlite::Error::FromSqlConversionFailure(0, Type::Text, Box::new(e))
                    })?
                    .with_timezone(&Utc);
                Ok(LabRun {
                    at,
                    lab: row.get(1)?,
                    out: row.get(2)?,
                    seconds: row.get(3)?,
                    report_json: row.get(4)?,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
        rows.map_err(|e| self.db(e))
    }

    /// Records what a learner did with an exercise.
    pub fn record_exercise_event(&mut self, event: &ExerciseEvent) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO exercise_events (at, exercise, kind, result, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                (
                    format_at(event.at),
                    &event.exercise,
                    event.kind.code(),
                    &event.result,
                    &event.detail,
                ),
            )
            .map_err(|e| self.db(e))?;
        Ok(())
    }

    /// Exercise events, oldest first; only those of `exercise` when given.
    pub fn exercise_events(
        &self,
        exercise: Option<&str>,
    ) -> Result<Vec<ExerciseEvent>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT at, exercise, kind, result, detail FROM exercise_events
                 WHERE ?1 IS NULL OR exercise = ?1 ORDER BY id",
            )
            .map_err(|e| self.db(e))?;
        let conversion = |i, e: Box<dyn std::error::Error + Send + Sync>| {
            rusqlite::Error::FromSqlConversionFailure(i, Type::Text, e)
        };
        let rows = stmt
            .query_map([exercise], |row| {
                let at: String = row.get(0)?;
                let at = DateTime::parse_from_rfc3339(&at)
                    .map_err(|e| conversion(0, Box::new(e)))?
                    .with_timezone(&Utc);
                let kind: String = row.get(2)?;
                let kind = ExerciseEventKind::parse(&kind)
                    .ok_or_else(|| conversion(2, format!("unknown kind {kind}").into()))?;
                Ok(ExerciseEvent {
                    at,
                    exercise: row.get(1)?,
                    kind,
                    result: row.get(3)?,
                    detail: row.get(4)?,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
        rows.map_err(|e| self.db(e))
    }

    fn append(&mut self, kind: EventKind, at: DateTime<Utc>) -> Result<Event, StoreError> {
        let event = Event {
            uid: Uuid::new_v4().to_string(),
            at,
            source: self.source.clone(),
            kind,
        };
        event
            .validate()
            .map_err(|reason| StoreError::InvalidEvent { reason })?;
        let path = self.path.clone();
        let db = |e| StoreError::db(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        insert(&tx, &event).map_err(db)?;
        tx.commit().map_err(db)?;
        Ok(event)
    }

    fn query_events(&self, sql: &str) -> Result<Vec<Event>, StoreError> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.db(e))?;
        let events = stmt
            .query_map([], event_from_row)
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
        events.map_err(|e| self.db(e))
    }

    fn db(&self, e: rusqlite::Error) -> StoreError {
        StoreError::db(&self.path, e)
    }
}

/// Times are stored as RFC 3339 UTC with nanoseconds: lossless, and text order is time order.
fn format_at(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Nanos, true)
}

fn insert(conn: &Connection, event: &Event) -> rusqlite::Result<()> {
    let (kind, item, status, minutes, note) = match &event.kind {
        EventKind::Status { item, status } => (
            "status",
            Some(item.as_str()),
            Some(status.as_str()),
            None,
            None,
        ),
        EventKind::Study {
            minutes,
            topic,
            note,
        } => (
            "study",
            topic.as_deref(),
            None,
            Some(*minutes),
            note.as_deref(),
        ),
    };
    conn.execute(
        "INSERT INTO events (uid, at, source, kind, item, status, minutes, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        (
            &event.uid,
            format_at(event.at),
            &event.source,
            kind,
            item,
            status,
            minutes,
            note,
        ),
    )?;
    Ok(())
}

/// Reads a row of [`SELECT_EVENTS`].
fn event_from_row(row: &Row<'_>) -> rusqlite::Result<Event> {
    let bad = |column, e: Box<dyn std::error::Error + Send + Sync>| {
        rusqlite::Error::FromSqlConversionFailure(column, Type::Text, e)
    };
    let at: String = row.get(1)?;
    let at = DateTime::parse_from_rfc3339(&at)
        .map_err(|e| bad(1, Box::new(e)))?
        .with_timezone(&Utc);
    let kind: String = row.get(3)?;
    let kind = match kind.as_str() {
        "status" => EventKind::Status {
            item: row.get(4)?,
            status: row
                .get::<_, String>(5)?
                .parse()
                .map_err(|e| bad(5, Box::new(e)))?,
        },
        "study" => EventKind::Study {
            minutes: row.get(6)?,
            topic: row.get(4)?,
            note: row.get(7)?,
        },
        other => return Err(bad(3, format!("unknown event kind `{other}`").into())),
    };
    Ok(Event {
        uid: row.get(0)?,
        at,
        source: row.get(2)?,
        kind,
    })
}
