//! The llmpath progress store: what a learner has done, kept as an append-only event log in SQLite.
//!
//! Each action (a topic marked done, 30 minutes studied) is appended as an [`Event`]; current
//! state ([`Store::statuses`]) and statistics ([`stats`]) are derived from the log, so history is
//! never overwritten and an export ([`ProgressExport`]) is a complete, replayable backup.
//!
//! The file is guarded: [`Store::open`] refuses a database from a newer llmpath, a corrupt or
//! non-SQLite file, and another program's database ([`StoreError`]), each before writing a byte,
//! and [`schema`] migrates older files in place.

mod error;
mod event;
mod export;
pub mod schema;
pub mod stats;
mod store;

pub use error::StoreError;
pub use event::{
    Event, EventKind, MAX_MINUTES, ParseStatusError, Status, StatusEntry, current_statuses,
};
pub use export::{FORMAT, FORMAT_VERSION, ImportReport, ProgressExport};
pub use store::{DEFAULT_SOURCE, ExerciseEvent, ExerciseEventKind, LabRun, Store, StoredPlan};
