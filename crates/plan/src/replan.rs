//! How far the learner is from the plan in force, measured when re-planning.
//!
//! "Expected" is the topic time the old plan scheduled before today; "done" is the old plan's
//! time for the topics that are now done or skipped. Their difference is how far behind (or,
//! negative, ahead) the learner is; the new plan's end against the old one's says what it costs.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;

use crate::schedule::{Plan, SessionKind};

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Drift {
    pub expected_minutes: u64,
    pub done_minutes: u64,
    /// Topic minutes the old plan fitted into one study day, on average.
    pub minutes_per_study_day: u64,
    pub old_end: Option<NaiveDate>,
    pub new_end: Option<NaiveDate>,
}

impl Drift {
    /// Positive when behind the old plan, negative when ahead.
    pub fn behind_minutes(&self) -> i64 {
        self.expected_minutes as i64 - self.done_minutes as i64
    }

    /// The same, in study days at the old plan's pace (rounded to the nearest day).
    pub fn behind_study_days(&self) -> i64 {
        let per_day = self.minutes_per_study_day.max(1) as f64;
        (self.behind_minutes() as f64 / per_day).round() as i64
    }

    /// How many days later (positive) or earlier the new plan ends.
    pub fn end_shift_days(&self) -> Option<i64> {
        Some((self.new_end? - self.old_end?).num_days())
    }
}

/// Compares the old plan with progress as of `today` and with the new plan.
pub fn drift(old: &Plan, new: &Plan, today: NaiveDate, cleared: &dyn Fn(&str) -> bool) -> Drift {
    let planned = old.topic_minutes();
    let done_minutes = planned
        .iter()
        .filter(|(id, _)| cleared(id))
        .map(|(_, minutes)| minutes)
        .sum();
    let study_days: BTreeSet<NaiveDate> = old
        .sessions
        .iter()
        .filter(|s| s.kind == SessionKind::Topic)
        .map(|s| s.date)
        .collect();
    let total: u64 = planned.values().sum();
    Drift {
        expected_minutes: old.topic_minutes_before(today),
        done_minutes,
        minutes_per_study_day: total / study_days.len().max(1) as u64,
        old_end: old.end(),
        new_end: new.end(),
    }
}
