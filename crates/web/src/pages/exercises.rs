//! `/exercises`: every exercise in course order with its status (from the attempts `llmpath
//! check` recorded), checks run, hints used out of those it has, and the current one.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use llmpath_state::exercises::ExerciseProgress;

use super::cached;
use crate::Shared;
use crate::error::WebError;
use crate::i18n;
use crate::layout::{Layout, Page};

#[derive(Debug)]
pub struct ExerciseRow {
    pub id: String,
    pub title: String,
    pub topic: String,
    pub topic_title: String,
    pub lab: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub attempts: usize,
    pub hints_used: usize,
    pub hints: usize,
    pub gave_up: bool,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "exercises.html", whitespace = "minimize")]
struct ExercisesPage {
    layout: Layout,
    passed: String,
    rows: Vec<ExerciseRow>,
}

pub async fn page(State(state): State<Arc<Shared>>, page: Page) -> Result<Response, WebError> {
    let snapshot = state.snapshot().await?;
    let today_key = state.now().today();
    cached(&snapshot, &page, today_key, || {
        let lang = page.lang;
        let s = page.s();
        let curriculum = &state.curriculum;
        let history = &snapshot.exercises;
        let current = history
            .current(&curriculum.exercises)
            .map(|e| e.id.as_str());
        let rows: Vec<ExerciseRow> = curriculum
            .exercises
            .iter()
            .map(|e| {
                let progress = history.progress(&e.id);
                ExerciseRow {
                    id: e.id.clone(),
                    title: e.title.get(lang).to_owned(),
                    topic: e.topic.clone(),
                    topic_title: match curriculum.find(&e.topic) {
                        Some(llmpath_content::Item::Topic(t)) => t.topic.title.get(lang).to_owned(),
                        _ => e.topic.clone(),
                    },
                    lab: e.lab.clone(),
                    status: progress.code(),
                    status_label: match progress {
                        ExerciseProgress::Pending => s.ex_pending,
                        ExerciseProgress::Attempted => s.ex_attempted,
                        ExerciseProgress::Passed => s.ex_passed,
                    },
                    attempts: history.attempts(&e.id),
                    hints_used: history.hints_used(&e.id),
                    hints: e.hints.len(),
                    gave_up: history.gave_up(&e.id),
                    current: current == Some(e.id.as_str()),
                }
            })
            .collect();
        let passed = rows.iter().filter(|r| r.status == "passed").count();
        let template = ExercisesPage {
            layout: page.layout(&state, s.exercises_h1, "exercises"),
            passed: i18n::exercises_passed(lang, passed, rows.len()),
            rows,
        };
        Ok(template.render()?)
    })
}
