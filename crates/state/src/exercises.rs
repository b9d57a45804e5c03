//! Where each exercise stands, derived from its events in the progress store (attempts, hints,
//! give-ups): shared by `llmpath list/hint/check` and the dashboard.

use llmpath_content::Exercise;
use llmpath_progress::{ExerciseEvent, ExerciseEventKind};

/// Where an exercise stands for the learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExerciseProgress {
    Pending,
    /// Checked at least once, not passed yet.
    Attempted,
    Passed,
}

impl ExerciseProgress {
    /// `pending`, `attempted`, `passed` (the JSON and API spelling).
    pub fn code(self) -> &'static str {
        match self {
            ExerciseProgress::Pending => "pending",
            ExerciseProgress::Attempted => "attempted",
            ExerciseProgress::Passed => "passed",
        }
    }
}

/// Every exercise event, read once, answering per exercise.
#[derive(Debug, Clone, Default)]
pub struct ExerciseHistory {
    events: Vec<ExerciseEvent>,
}

impl ExerciseHistory {
    /// `events` as `Store::exercise_events(None)` returns them (oldest first).
    pub fn new(events: Vec<ExerciseEvent>) -> ExerciseHistory {
        ExerciseHistory { events }
    }

    /// The events of one exercise, oldest first.
    pub fn of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a ExerciseEvent> + 'a {
        self.events.iter().filter(move |e| e.exercise == id)
    }

    pub fn progress(&self, id: &str) -> ExerciseProgress {
        let attempts = || self.of(id).filter(|e| e.kind == ExerciseEventKind::Attempt);
        if attempts().any(|e| e.result.as_deref() == Some("passed")) {
            ExerciseProgress::Passed
        } else if attempts().next().is_some() {
            ExerciseProgress::Attempted
        } else {
            ExerciseProgress::Pending
        }
    }

    pub fn attempts(&self, id: &str) -> usize {
        self.of(id)
            .filter(|e| e.kind == ExerciseEventKind::Attempt)
            .count()
    }

    /// The highest hint level shown (0 when none was asked for).
    pub fn hints_used(&self, id: &str) -> usize {
        self.of(id)
            .filter(|e| e.kind == ExerciseEventKind::Hint)
            .filter_map(|e| e.detail.parse::<usize>().ok())
            .max()
            .unwrap_or(0)
    }

    pub fn gave_up(&self, id: &str) -> bool {
        self.of(id).any(|e| e.kind == ExerciseEventKind::GiveUp)
    }

    /// The first exercise not passed yet, in course order.
    pub fn current<'a>(&self, exercises: &'a [Exercise]) -> Option<&'a Exercise> {
        exercises
            .iter()
            .find(|e| self.progress(&e.id) != ExerciseProgress::Passed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(
        exercise: &str,
        kind: ExerciseEventKind,
        result: Option<&str>,
        detail: &str,
    ) -> ExerciseEvent {
        ExerciseEvent {
            at: Default::default(),
            exercise: exercise.into(),
            kind,
            result: result.map(str::to_owned),
            detail: detail.into(),
        }
    }

    #[test]
    fn a_pass_after_failures_is_passed_and_hints_count_their_highest_level() {
        let history = ExerciseHistory::new(vec![
            event("a", ExerciseEventKind::Attempt, Some("failed"), "x"),
            event("a", ExerciseEventKind::Hint, None, "1"),
            event("a", ExerciseEventKind::Hint, None, "2"),
            event("a", ExerciseEventKind::Attempt, Some("passed"), ""),
            event("b", ExerciseEventKind::Attempt, Some("compile_error"), ""),
        ]);
        assert_eq!(history.progress("a"), ExerciseProgress::Passed);
        assert_eq!(history.attempts("a"), 2);
        assert_eq!(history.hints_used("a"), 2);
        assert_eq!(history.progress("b"), ExerciseProgress::Attempted);
        assert_eq!(history.progress("c"), ExerciseProgress::Pending);
        assert!(!history.gave_up("a"));
    }
}
