//! What the exports render, already in one language: the printable stage-by-stage checklist
//! and the calendar of planned sessions. Renderers (`llmpath-export`) only lay these out.

use chrono::{DateTime, NaiveDate, Utc};
pub use llmpath_progress::Status;
use serde::Serialize;

/// The printable checklist: for each stage, its core tasks with resources, practice goals,
/// planned dates and a checkbox showing current progress.
#[derive(Debug, Clone, Serialize)]
pub struct Checklist {
    /// `"zh"` or `"en"`: the language every string below is in.
    pub lang: String,
    pub title: String,
    /// A line under the title (what this is, when it was made, the plan's pace).
    pub subtitle: String,
    pub generated_on: NaiveDate,
    /// Column headings and other fixed words, in `lang`.
    pub labels: Labels,
    pub stages: Vec<ChecklistStage>,
}

/// Fixed words of the checklist, in its language.
#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    pub task: String,
    pub resources: String,
    pub practice: String,
    pub outcomes: String,
    pub planned: String,
    pub hours: String,
    pub status: String,
    pub done: String,
    pub not_planned: String,
    /// "Stage" (rendered "Stage 2") or a pattern with `{n}` ("第 {n} 阶段").
    pub stage: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChecklistStage {
    pub id: String,
    pub number: u32,
    pub title: String,
    /// As the seed gives it: "1–2 months", "持续进行".
    pub duration: String,
    pub summary: String,
    pub percent_done: u32,
    /// First and last planned day of the stage's topics, when a plan exists.
    pub planned: Option<DateRange>,
    pub rows: Vec<ChecklistRow>,
}

/// One core task (a topic) of a stage.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistRow {
    pub id: String,
    pub module: String,
    pub title: String,
    pub status: Status,
    pub hours: u32,
    pub resources: Vec<Link>,
    pub practice: Vec<PracticeItem>,
    pub outcomes: Vec<String>,
    pub planned: Option<DateRange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PracticeItem {
    pub id: String,
    pub title: String,
    /// "lab", "exercise"… in the checklist's language.
    pub kind: String,
    pub status: Status,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateRange {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// One planned session as a calendar event (RFC 5545 VEVENT).
#[derive(Debug, Clone, Serialize)]
pub struct CalendarEvent {
    /// Stable across re-plans: the same piece of work keeps its UID, so re-importing the
    /// calendar moves events instead of duplicating them.
    pub uid: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: String,
    pub description: String,
    pub url: Option<String>,
}

/// The calendar of a plan.
#[derive(Debug, Clone, Serialize)]
pub struct Calendar {
    pub name: String,
    /// When the calendar was made (DTSTAMP); changes on every export so clients take updates.
    pub stamp: DateTime<Utc>,
    /// Increases with each stored re-plan (SEQUENCE), so clients prefer the newer event.
    pub sequence: u32,
    pub events: Vec<CalendarEvent>,
}
