//! `/stats[?weeks=N]`: total time, streak, time and completion per stage, the recent weeks
//! (chart and table) and the most studied topics.

use std::sync::Arc;

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::{CompletionView, cached, completion_view, number_param};
use crate::Shared;
use crate::charts::{self, WeekBars};
use crate::error::WebError;
use crate::i18n;
use crate::layout::{Layout, Page};

/// Weeks shown unless `?weeks=` says otherwise, and the most it may say.
pub const DEFAULT_WEEKS: u32 = 12;
pub const MAX_WEEKS: i64 = 104;
const TOP_TOPICS: usize = 10;

#[derive(Debug)]
pub struct StageRow {
    pub completion: CompletionView,
    pub time: String,
}

#[derive(Template)]
#[template(path = "stats.html", whitespace = "minimize")]
struct StatsPage {
    layout: Layout,
    total: String,
    streak: String,
    longest: String,
    week_time: String,
    stages: Vec<StageRow>,
    other: String,
    has_other: bool,
    weeks: u32,
    bars: WeekBars,
    top: Vec<(String, String, String)>,
}

#[derive(Debug, Deserialize)]
pub struct StatsQuery {
    weeks: Option<String>,
}

/// The `N` of `?weeks=N` (this page and `GET /api/stats` alike): 1 to [`MAX_WEEKS`],
/// [`DEFAULT_WEEKS`] when absent or when the query cannot be read.
pub fn weeks_param(query: Result<Query<StatsQuery>, QueryRejection>) -> Result<u32, WebError> {
    let query = query
        .map(|Query(q)| q)
        .unwrap_or(StatsQuery { weeks: None });
    Ok(
        number_param(query.weeks.as_deref(), "weeks", 1..=MAX_WEEKS)?
            .map_or(DEFAULT_WEEKS, |n| n as u32),
    )
}

pub async fn page(
    State(state): State<Arc<Shared>>,
    page: Page,
    query: Result<Query<StatsQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let weeks = weeks_param(query)?;
    let snapshot = state.snapshot().await?;
    let today = state.now().today();
    cached(&snapshot, &page, today, || {
        let lang = page.lang;
        let s = page.s();
        let today = state.now().today();
        let curriculum = &state.curriculum;
        let learner = snapshot.learner(curriculum);
        let streak = snapshot.streak(today);
        let mut top: Vec<(&String, &u32)> = snapshot.time.per_topic.iter().collect();
        top.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let template = StatsPage {
            layout: page.layout(&state, s.stats_h1, "stats"),
            total: i18n::minutes(lang, snapshot.time.total),
            streak: i18n::days(lang, streak.current),
            longest: i18n::days(lang, streak.longest),
            week_time: i18n::minutes(lang, snapshot.minutes_in_week(today)),
            stages: curriculum
                .stages
                .iter()
                .map(|stage| StageRow {
                    completion: completion_view(
                        lang,
                        &stage.id,
                        stage.number,
                        stage.title.get(lang),
                        &learner.stage_completion(stage),
                    ),
                    time: i18n::minutes(lang, snapshot.time.stage(stage.number)),
                })
                .collect(),
            other: i18n::minutes(lang, snapshot.time.other),
            has_other: snapshot.time.other > 0,
            weeks,
            bars: charts::week_bars(lang, &snapshot, today, weeks),
            top: top
                .into_iter()
                .take(TOP_TOPICS)
                .map(|(id, minutes)| {
                    let title = match curriculum.find(id) {
                        Some(llmpath_content::Item::Topic(t)) => t.topic.title.get(lang).to_owned(),
                        _ => id.clone(),
                    };
                    (id.clone(), title, i18n::minutes(lang, *minutes))
                })
                .collect(),
        };
        Ok(template.render()?)
    })
}
