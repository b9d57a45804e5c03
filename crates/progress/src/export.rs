//! The portable backup of the log: `llmpath export-progress` writes it, `import-progress` reads it.
//!
//! A versioned JSON document holding every event with its original uid, time and source, so
//! importing is idempotent and merging two machines' logs loses nothing.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::StoreError;
use crate::event::Event;
use crate::store::ExerciseEvent;

/// The `format` field of every export.
pub const FORMAT: &str = "llmpath-progress";
/// The `version` of the export format this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// The whole event log, in insertion order, and what the learner did with exercises (absent
/// from exports of llmpath before exercises: they read as none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressExport {
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    pub events: Vec<Event>,
    #[serde(default)]
    pub exercise_events: Vec<ExerciseEvent>,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Events (exercise events included) that were new and are now in the log.
    pub added: usize,
    /// Events whose uid the log already held (with the same content).
    pub already_present: usize,
}

impl ProgressExport {
    /// Parses and validates an export; a malformed document is [`StoreError::InvalidImport`].
    pub fn from_json(json: &str) -> Result<ProgressExport, StoreError> {
        let export: ProgressExport =
            serde_json::from_str(json).map_err(|e| StoreError::InvalidImport {
                reason: format!("not a readable progress export ({e})"),
            })?;
        export.validate()?;
        Ok(export)
    }

    /// Pretty JSON with a stable field order.
    pub fn to_json(&self) -> serde_json::Result<String> {
        serde_json::to_string_pretty(self)
    }

    /// Checks the header and every event.
    pub fn validate(&self) -> Result<(), StoreError> {
        let invalid = |reason| Err(StoreError::InvalidImport { reason });
        if self.format != FORMAT {
            return invalid(format!(
                "the format is `{}`, expected `{FORMAT}`: is this a file from `llmpath export-progress`?",
                self.format
            ));
        }
        if self.version != FORMAT_VERSION {
            return invalid(format!(
                "export format version {} is not supported (this build reads version {FORMAT_VERSION}): upgrade llmpath",
                self.version
            ));
        }
        for (i, event) in self.events.iter().enumerate() {
            if let Err(reason) = event.validate() {
                return invalid(format!("event #{} ({}): {reason}", i + 1, event.uid));
            }
        }
        Ok(())
    }
}
