//! The JSON shapes that `llmpath … --json` (docs/json.md) and the dashboard's API
//! (`crates/web/openapi.yaml`) both give: one serialisation each, so the two cannot drift.
//!
//! These are serde views; turn them into a `serde_json::Value` (`json!(…)`, `to_value`) as the
//! callers do, so keys come out sorted as in every other object of those outputs.

use llmpath_content::{Exercise, Practice, PracticeKind, Resource, Text, ToolMapping, Topic};
use llmpath_progress::Status;
use serde::{Serialize, Serializer};

use crate::exercises::ExerciseHistory;
use crate::{Completion, LearnerState};

/// Text in both languages, trimmed: `{"zh": …, "en": …}`.
#[derive(Debug, Clone, Copy)]
pub struct TextJson<'a>(pub &'a Text);

impl Serialize for TextJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Both<'a> {
            zh: &'a str,
            en: &'a str,
        }
        Both {
            zh: self.0.zh.trim(),
            en: self.0.en.trim(),
        }
        .serialize(serializer)
    }
}

/// A [`Completion`] with its `percent`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CompletionJson {
    #[serde(flatten)]
    pub counts: Completion,
    pub percent: u32,
}

impl From<&Completion> for CompletionJson {
    fn from(c: &Completion) -> CompletionJson {
        CompletionJson {
            counts: *c,
            percent: c.percent(),
        }
    }
}

/// A topic in full, with its status and its practice tasks' statuses (`llmpath show --json`,
/// `llmpath path --json`, `GET /api/topics/{id}`).
#[derive(Debug, Serialize)]
pub struct TopicJson<'a> {
    pub id: &'a str,
    pub title: TextJson<'a>,
    pub status: Status,
    pub hours: u32,
    pub prerequisites: &'a [String],
    pub aliases: &'a [String],
    pub summary: TextJson<'a>,
    pub outcomes: Vec<TextJson<'a>>,
    pub tools: &'a [ToolMapping],
    pub resources: &'a [Resource],
    pub practice: Vec<PracticeJson<'a>>,
}

/// A practice task with its status.
#[derive(Debug, Serialize)]
pub struct PracticeJson<'a> {
    pub id: &'a str,
    pub title: TextJson<'a>,
    pub kind: PracticeKind,
    pub status: Status,
}

impl<'a> TopicJson<'a> {
    pub fn new(topic: &'a Topic, state: &LearnerState<'_>) -> TopicJson<'a> {
        TopicJson {
            id: &topic.id,
            title: TextJson(&topic.title),
            status: state.status(&topic.id),
            hours: topic.hours,
            prerequisites: &topic.prerequisites,
            aliases: &topic.aliases,
            summary: TextJson(&topic.summary),
            outcomes: topic.outcomes.iter().map(TextJson).collect(),
            tools: &topic.tools,
            resources: &topic.resources,
            practice: topic
                .practice
                .iter()
                .map(|practice: &'a Practice| PracticeJson {
                    id: &practice.id,
                    title: TextJson(&practice.title),
                    kind: practice.kind,
                    status: state.status(&practice.id),
                })
                .collect(),
        }
    }
}

/// What `llmpath list --json` and `GET /api/exercises` both say of an exercise (the CLI adds
/// `file`, the API `gave_up`).
#[derive(Debug, Serialize)]
pub struct ExerciseJson<'a> {
    pub id: &'a str,
    pub title: TextJson<'a>,
    pub topic: &'a str,
    pub lab: &'a str,
    /// `pending`, `attempted` or `passed`.
    pub status: &'static str,
    pub attempts: usize,
    pub hints_used: usize,
    /// Hints the exercise has.
    pub hints: usize,
}

impl<'a> ExerciseJson<'a> {
    pub fn new(exercise: &'a Exercise, history: &ExerciseHistory) -> ExerciseJson<'a> {
        ExerciseJson {
            id: &exercise.id,
            title: TextJson(&exercise.title),
            topic: &exercise.topic,
            lab: &exercise.lab,
            status: history.progress(&exercise.id).code(),
            attempts: history.attempts(&exercise.id),
            hints_used: history.hints_used(&exercise.id),
            hints: exercise.hints.len(),
        }
    }
}
