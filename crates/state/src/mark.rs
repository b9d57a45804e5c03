//! Marking a topic or practice task: the one rule set behind `llmpath start|done|skip|reset`
//! and the dashboard's status forms and API, so the two cannot diverge.
//!
//! The caller resolves the id (aliases included) with `Curriculum::find` and phrases its own
//! "unknown id" message; [`mark`] then records the change under the canonical id, only when the
//! status actually changes, and reports the prerequisites still open.

use chrono::{DateTime, Utc};
use llmpath_content::Item;
use llmpath_progress::{Status, Store, StoreError};

use crate::LearnerState;

/// What a status change did.
#[derive(Debug, Clone)]
pub struct Marked {
    /// The canonical id of the topic or practice task.
    pub id: String,
    /// The topic it belongs to (itself for a topic).
    pub topic: String,
    pub from: Status,
    pub to: Status,
    /// Whether an event was recorded (false when the item already had `to`).
    pub changed: bool,
    /// Prerequisites of the topic that are neither done nor skipped (none for a practice task).
    pub unmet_prerequisites: Vec<String>,
}

/// Why a mark was refused or failed. `E` is the error of the caller's clock.
#[derive(Debug)]
pub enum MarkError<E> {
    /// The id names a stage or a module: only topics and practice tasks carry a status (a
    /// stage is done when its topics are).
    StageOrModule,
    /// The caller's clock failed (read only when an event is to be recorded).
    Clock(E),
    /// The progress store could not record the event.
    Store(StoreError),
}

impl<E: std::fmt::Display> std::fmt::Display for MarkError<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MarkError::StageOrModule => f.write_str(
                "a stage or module has no status of its own: mark its topics or practice tasks",
            ),
            MarkError::Clock(err) => err.fmt(f),
            MarkError::Store(err) => err.fmt(f),
        }
    }
}

impl<E: std::fmt::Debug + std::fmt::Display> std::error::Error for MarkError<E> {}

/// Sets the status of `item` (a topic or practice task, as `Curriculum::find` resolved it);
/// records an event, at the time `now` gives, only when the status changes (`now` is not
/// called otherwise).
pub fn mark<E>(
    state: &LearnerState<'_>,
    store: &mut Store,
    item: Item<'_>,
    status: Status,
    now: impl FnOnce() -> Result<DateTime<Utc>, E>,
) -> Result<Marked, MarkError<E>> {
    let (id, topic, unmet_prerequisites) = match item {
        Item::Topic(topic) => (
            topic.topic.id.clone(),
            topic.topic.id.clone(),
            state
                .unmet_prerequisites(topic.topic)
                .into_iter()
                .map(str::to_owned)
                .collect(),
        ),
        Item::Practice(topic, practice) => {
            (practice.id.clone(), topic.topic.id.clone(), Vec::new())
        }
        Item::Stage(_) | Item::Module(..) => return Err(MarkError::StageOrModule),
    };
    let from = state.status(&id);
    let changed = from != status;
    if changed {
        let at = now().map_err(MarkError::Clock)?;
        store
            .record_status(&id, status, at)
            .map_err(MarkError::Store)?;
    }
    Ok(Marked {
        id,
        topic,
        from,
        to: status,
        changed,
        unmet_prerequisites,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use llmpath_content::Curriculum;

    fn temp_store(name: &str) -> (std::path::PathBuf, Store) {
        let path = std::env::temp_dir().join(format!(
            "llmpath-state-mark-{name}-{}.sqlite",
            std::process::id()
        ));
        let _ = std::fs::remove_file(&path);
        let store = Store::open(&path).expect("a fresh store opens");
        (path, store)
    }

    /// Marks `id` done, as the CLI and the dashboard do: resolve, then [`mark`].
    fn mark_done(
        curriculum: &Curriculum,
        store: &mut Store,
        id: &str,
    ) -> Result<Marked, MarkError<std::convert::Infallible>> {
        let statuses = store
            .statuses(&|id| curriculum.canonical_id(id))
            .expect("statuses read");
        let state = LearnerState::new(curriculum, statuses);
        let item = curriculum.find(id).expect("the id resolves");
        mark(&state, store, item, Status::Done, || Ok(Utc::now()))
    }

    #[test]
    fn marking_records_one_event_per_change_and_refuses_stages() {
        let curriculum = Curriculum::embedded().expect("embedded content loads");
        let (path, mut store) = temp_store("once");
        let topic = curriculum.topics().next().expect("topics").topic.id.clone();

        let first = mark_done(&curriculum, &mut store, &topic).expect("marks");
        assert!(first.changed);
        assert_eq!((first.from, first.to), (Status::Pending, Status::Done));
        assert_eq!(first.topic, topic);

        let again = mark_done(&curriculum, &mut store, &topic).expect("marks");
        assert!(!again.changed);
        assert_eq!(store.events().expect("events").len(), 1);

        let stage = curriculum.stages[0].id.clone();
        assert!(matches!(
            mark_done(&curriculum, &mut store, &stage),
            Err(MarkError::StageOrModule)
        ));
        drop(store);
        let _ = std::fs::remove_file(&path);
    }
}
