//! Events, the facts the progress log records, and the state derived from them.
//!
//! A change of status is a new event, never an edit, so history survives; the current status of
//! each item is a fold over the log ([`current_statuses`]), latest event last.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};

/// Most minutes one study event may hold: a whole day.
pub const MAX_MINUTES: u32 = 1440;

/// Where a topic or practice task stands for the learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Learning,
    Done,
    Skipped,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Pending,
        Status::Learning,
        Status::Done,
        Status::Skipped,
    ];

    /// The lowercase name used in the database, in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Learning => "learning",
            Status::Done => "done",
            Status::Skipped => "skipped",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A status name that is not one of `pending`, `learning`, `done`, `skipped`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown status `{0}` (expected pending, learning, done or skipped)")]
pub struct ParseStatusError(pub String);

impl FromStr for Status {
    type Err = ParseStatusError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| ParseStatusError(s.to_owned()))
    }
}

/// One entry of the log. `uid` identifies it across exports and imports; `source` names the
/// front end that wrote it ("cli", "web").
///
/// JSON: `{"uid", "at", "source", "kind": "status", "item", "status"}` or
/// `{"uid", "at", "source", "kind": "study", "minutes", "topic"?, "note"?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub uid: String,
    pub at: DateTime<Utc>,
    pub source: String,
    #[serde(flatten)]
    pub kind: EventKind,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum EventKind {
    /// `item` (a topic or practice-task id) moved to `status`.
    Status { item: String, status: Status },
    /// The learner studied for `minutes`, optionally on a topic.
    Study {
        minutes: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        topic: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
}

impl Event {
    /// Checks the rules every stored event keeps; the error says which rule broke.
    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.uid.trim().is_empty() {
            return Err("the uid is empty".into());
        }
        if self.source.trim().is_empty() {
            return Err("the source is empty".into());
        }
        // RFC 3339 only has four-digit years; outside them the stored text would not parse back.
        if !(0..=9999).contains(&self.at.year()) {
            return Err(format!("the time {} is outside years 0..=9999", self.at));
        }
        match &self.kind {
            EventKind::Status { item, .. } => check_id("item", item),
            EventKind::Study { minutes, topic, .. } => {
                if !(1..=MAX_MINUTES).contains(minutes) {
                    return Err(format!(
                        "{minutes} minutes is out of range (1..={MAX_MINUTES})"
                    ));
                }
                topic
                    .as_deref()
                    .map_or(Ok(()), |topic| check_id("topic", topic))
            }
        }
    }
}

fn check_id(what: &str, id: &str) -> Result<(), String> {
    if id.trim().is_empty() {
        Err(format!("the {what} id is empty"))
    } else {
        Ok(())
    }
}

/// The current status of one item and since when it has held it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusEntry {
    pub status: Status,
    /// When the item moved to `status`: repeating the same status does not move this.
    pub since: DateTime<Utc>,
}

/// Current status per item: the status event with the latest time wins; events with the same
/// time keep log order. Time, not log position, decides so that importing an old backup into a
/// log that has moved on since does not undo newer changes. `canonical` maps an event's item id
/// to the id it has today (content aliases), so an item renamed since keeps its history.
pub fn current_statuses(
    events: &[Event],
    canonical: &dyn Fn(&str) -> String,
) -> BTreeMap<String, StatusEntry> {
    let mut ordered: Vec<&Event> = events.iter().collect();
    ordered.sort_by_key(|event| event.at); // stable: equal times keep log order
    let mut current = BTreeMap::new();
    for event in ordered {
        let EventKind::Status { item, status } = &event.kind else {
            continue;
        };
        let entry = StatusEntry {
            status: *status,
            since: event.at,
        };
        current
            .entry(canonical(item))
            .and_modify(|old: &mut StatusEntry| {
                if old.status != *status {
                    *old = entry;
                }
            })
            .or_insert(entry);
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn status(n: u32, item: &str, status: Status) -> Event {
        Event {
            uid: format!("u{n}"),
            at: Utc.with_ymd_and_hms(2025, 1, n, 12, 0, 0).unwrap(),
            source: "cli".into(),
            kind: EventKind::Status {
                item: item.into(),
                status,
            },
        }
    }

    fn same(id: &str) -> String {
        id.to_owned()
    }

    #[test]
    fn latest_status_event_wins() {
        let events = [
            status(1, "a", Status::Learning),
            status(2, "b", Status::Skipped),
            status(3, "a", Status::Done),
        ];
        let current = current_statuses(&events, &same);
        assert_eq!(current["a"].status, Status::Done);
        assert_eq!(current["a"].since, events[2].at);
        assert_eq!(current["b"].status, Status::Skipped);
        assert_eq!(current.len(), 2);
    }

    #[test]
    fn the_latest_time_wins_and_equal_times_keep_log_order() {
        // An old backup imported after newer local changes does not undo them.
        let events = [
            status(9, "a", Status::Done),
            status(1, "a", Status::Learning),
        ];
        assert_eq!(current_statuses(&events, &same)["a"].status, Status::Done);
        let mut tie = status(1, "a", Status::Skipped);
        tie.uid = "later-in-log".into();
        let events = [status(1, "a", Status::Learning), tie];
        assert_eq!(
            current_statuses(&events, &same)["a"].status,
            Status::Skipped
        );
    }

    #[test]
    fn repeating_a_status_keeps_its_since() {
        let events = [status(1, "a", Status::Done), status(5, "a", Status::Done)];
        assert_eq!(current_statuses(&events, &same)["a"].since, events[0].at);
    }

    #[test]
    fn aliases_canonicalise_old_ids() {
        let canonical = |id: &str| match id {
            "old-attention" => "attention".to_owned(),
            other => other.to_owned(),
        };
        let events = [
            status(1, "old-attention", Status::Done),
            status(2, "mlp", Status::Learning),
        ];
        let current = current_statuses(&events, &canonical);
        assert_eq!(current.keys().collect::<Vec<_>>(), ["attention", "mlp"]);
        assert_eq!(current["attention"].status, Status::Done);

        // A later event under the new id overrides one recorded under the old id.
        let more = [events[0].clone(), status(3, "attention", Status::Learning)];
        assert_eq!(
            current_statuses(&more, &canonical)["attention"].status,
            Status::Learning
        );
    }

    #[test]
    fn status_names_round_trip() {
        for status in Status::ALL {
            assert_eq!(status.to_string().parse::<Status>(), Ok(status));
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{status}\""));
        }
        assert!("Done".parse::<Status>().is_err());
    }

    #[test]
    fn validation_rejects_bad_minutes_and_empty_ids() {
        let study = |minutes| Event {
            kind: EventKind::Study {
                minutes,
                topic: None,
                note: None,
            },
            ..status(1, "a", Status::Done)
        };
        assert!(study(1).validate().is_ok());
        assert!(study(MAX_MINUTES).validate().is_ok());
        assert!(study(0).validate().is_err());
        assert!(study(MAX_MINUTES + 1).validate().is_err());
        assert!(status(1, " ", Status::Done).validate().is_err());
    }
}
