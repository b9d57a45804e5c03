//! The one error type of the progress store.
//!
//! Input errors ([`StoreError::InvalidEvent`], [`StoreError::InvalidImport`]) are kept apart from
//! failures of the database itself, and every refusal to open a file says that the file was left
//! untouched and what to do next, because the file holds a learner's history.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

/// Everything that can go wrong opening, reading or writing the progress store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database was migrated by a newer llmpath than this one; opening it could lose data.
    #[error(
        "the progress database {path} was written by a newer llmpath (schema {found}; this build knows up to {supported}): upgrade llmpath, or point LLMPATH_HOME elsewhere"
    )]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },

    /// The file is not SQLite, or SQLite reports it corrupt (`SQLITE_NOTADB`, `SQLITE_CORRUPT`,
    /// or `PRAGMA quick_check` not ok).
    #[error(
        "{path} is not a readable progress database (corrupt, or not SQLite at all); it was left untouched: move it aside to start a fresh one, or restore a backup made with `llmpath export-progress`"
    )]
    NotADatabase { path: PathBuf },

    /// A valid SQLite database that belongs to another program: its `application_id` is not
    /// llmpath's and it has tables of its own.
    #[error(
        "{path} is an SQLite database of another program, not llmpath's progress database; it was left untouched: point LLMPATH_HOME elsewhere, or move the file aside"
    )]
    Foreign { path: PathBuf },

    /// An event to record breaks a rule (minutes out of 1..=1440, empty item id, ...).
    #[error("invalid progress event: {reason}")]
    InvalidEvent { reason: String },

    /// An export to import is malformed (wrong format or version, a bad field, a conflicting
    /// uid); nothing was imported.
    #[error("invalid progress import: {reason}; nothing was imported")]
    InvalidImport { reason: String },

    /// The file system refused (the path is a directory, its folder cannot be created, ...).
    #[error("cannot use {path} as the progress database: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// SQLite failed (a lock held longer than the busy timeout, a full disk, ...).
    #[error("progress database {path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
}

impl StoreError {
    /// Wraps a SQLite error, turning "not a database" and "corrupt" into [`StoreError::NotADatabase`].
    pub(crate) fn db(path: &Path, source: rusqlite::Error) -> Self {
        match source.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
                StoreError::NotADatabase {
                    path: path.to_path_buf(),
                }
            }
            _ => StoreError::Sqlite {
                path: path.to_path_buf(),
                source,
            },
        }
    }
}
