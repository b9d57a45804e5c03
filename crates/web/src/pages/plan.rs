//! `/plan[?week=N]`: the stored plan one week at a time, day by day, with links to the
//! previous and next weeks; and `/plan/export?format=md|html|pdf|csv|ics[&stage=N]`, the
//! checklist (or calendar) downloads, rendered by `llmpath-export` exactly as
//! `llmpath export checklist` renders them.

use std::collections::BTreeMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use llmpath_export::{csv, html as html_export, ics, markdown, pdf};
use llmpath_plan::views;
use serde::Deserialize;

use super::{SessionView, cached, number_param, session_view};
use crate::error::WebError;
use crate::i18n;
use crate::layout::{Layout, Page};
use crate::snapshot::PlanState;
use crate::{Shared, blocking};

#[derive(Debug)]
pub struct DayView {
    pub date: String,
    pub weekday: String,
    pub time: String,
    pub today: bool,
    pub sessions: Vec<SessionView>,
}

/// A download button.
#[derive(Debug)]
pub struct ExportButton {
    pub format: &'static str,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "plan.html", whitespace = "minimize")]
struct PlanPage {
    layout: Layout,
    has_plan: bool,
    plan_error: Option<String>,
    summary: String,
    week: i64,
    weeks: i64,
    week_title: String,
    prev: Option<i64>,
    next: Option<i64>,
    current: Option<i64>,
    days: Vec<DayView>,
    week_time: String,
    exports: Vec<ExportButton>,
    stages: Vec<(u32, String)>,
}

#[derive(Debug, Deserialize)]
pub struct PlanQuery {
    week: Option<String>,
}

pub async fn page(
    State(state): State<Arc<Shared>>,
    page: Page,
    query: Result<Query<PlanQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let query = query.map(|Query(q)| q).unwrap_or(PlanQuery { week: None });
    let snapshot = state.snapshot().await?;
    let today = state.now().today();
    cached(&snapshot, &page, today, || {
        let lang = page.lang;
        let s = page.s();
        let today = state.now().today();
        let curriculum = &state.curriculum;
        let learner = snapshot.learner(curriculum);
        let mut exports = vec![
            ExportButton {
                format: "md",
                label: "Markdown",
            },
            ExportButton {
                format: "html",
                label: "HTML",
            },
            ExportButton {
                format: "pdf",
                label: "PDF",
            },
            ExportButton {
                format: "csv",
                label: "CSV",
            },
        ];
        let plan_error = match &snapshot.plan {
            PlanState::Unreadable(message) => Some(message.clone()),
            _ => None,
        };
        let mut template = PlanPage {
            layout: page.layout(&state, s.plan_h1, "plan"),
            has_plan: false,
            plan_error,
            summary: String::new(),
            week: 0,
            weeks: 0,
            week_title: String::new(),
            prev: None,
            next: None,
            current: None,
            days: Vec::new(),
            week_time: String::new(),
            exports: Vec::new(),
            stages: curriculum
                .stages
                .iter()
                .map(|stage| {
                    (
                        stage.number,
                        format!("{}. {}", stage.number, stage.title.get(lang)),
                    )
                })
                .collect(),
        };
        if let Some((revision, plan)) = snapshot.plan() {
            let weeks = plan.weeks().max(1);
            let current = plan.week_of(today);
            let week = number_param(query.week.as_deref(), "week", 1..=weeks)?
                .unwrap_or(current.clamp(1, weeks));
            let mut days: BTreeMap<NaiveDate, Vec<SessionView>> = BTreeMap::new();
            let mut minutes: BTreeMap<NaiveDate, u32> = BTreeMap::new();
            for session in plan.in_week(week) {
                days.entry(session.date)
                    .or_default()
                    .push(session_view(lang, curriculum, &learner, session));
                *minutes.entry(session.date).or_default() += session.minutes;
            }
            template.has_plan = true;
            template.summary =
                i18n::plan_revision(lang, revision, &views::plan_summary(plan, lang));
            template.week = week;
            template.weeks = weeks;
            template.week_title = i18n::week_n(lang, week);
            template.prev = (week > 1).then_some(week - 1);
            template.next = (week < weeks).then_some(week + 1);
            template.current = (1..=weeks).contains(&current).then_some(current);
            template.week_time = i18n::minutes(lang, minutes.values().sum());
            template.days = days
                .into_iter()
                .map(|(date, sessions)| DayView {
                    date: date.to_string(),
                    weekday: i18n::weekday(lang, date),
                    time: i18n::minutes(lang, minutes.get(&date).copied().unwrap_or(0)),
                    today: date == today,
                    sessions,
                })
                .collect();
            exports.push(ExportButton {
                format: "ics",
                label: s.export_calendar,
            });
        }
        template.exports = exports;
        Ok(template.render()?)
    })
}

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    format: Option<String>,
    stage: Option<String>,
}

/// `GET /plan/export?format=…[&stage=N]`: a download in the page's language.
pub async fn export(
    State(state): State<Arc<Shared>>,
    page: Page,
    query: Result<Query<ExportQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let query = query.map(|Query(q)| q).unwrap_or(ExportQuery {
        format: None,
        stage: None,
    });
    let stages = state.curriculum.stages.len() as i64;
    let stage = number_param(query.stage.as_deref(), "stage", 1..=stages.max(1))?.map(|n| n as u32);
    let format = query.format.unwrap_or_default();
    let (content_type, file) = match format.as_str() {
        "md" => ("text/markdown; charset=utf-8", "llmpath-checklist.md"),
        "html" => ("text/html; charset=utf-8", "llmpath-checklist.html"),
        "pdf" => ("application/pdf", "llmpath-checklist.pdf"),
        "csv" => ("text/csv; charset=utf-8", "llmpath-checklist.csv"),
        "ics" => ("text/calendar; charset=utf-8", "llmpath-plan.ics"),
        other => {
            return Err(WebError::bad_request(
                format!("未知的导出格式 “{other}”：可选 md、html、pdf、csv、ics。"),
                format!("Unknown export format “{other}”: use md, html, pdf, csv or ics."),
            ));
        }
    };
    let snapshot = state.snapshot().await?;
    let lang = page.lang;
    let now = state.now();
    let shared = Arc::clone(&state);
    let bytes = blocking(move || {
        let curriculum = &shared.curriculum;
        let plan = snapshot.plan();
        if format == "ics" {
            let Some((revision, plan)) = plan else {
                return Err(WebError::bad_request(
                    i18n::ZH.export_calendar_needs_plan,
                    i18n::EN.export_calendar_needs_plan,
                ));
            };
            let calendar = views::calendar(
                curriculum,
                plan,
                lang,
                stage,
                &chrono::Local,
                now.now,
                revision,
            );
            return Ok(ics::render(&calendar).into_bytes());
        }
        let learner = snapshot.learner(curriculum);
        let checklist = views::checklist(
            curriculum,
            &learner,
            plan.map(|(_, p)| p),
            lang,
            stage,
            now.today(),
        );
        match format.as_str() {
            "md" => Ok(markdown::render(&checklist).into_bytes()),
            "html" => Ok(html_export::render(&checklist).into_bytes()),
            "csv" => csv::render(&checklist)
                .map(String::into_bytes)
                .map_err(|err| WebError::Internal(err.to_string())),
            _ => pdf::render_with_system_font(&checklist)
                .map_err(|err| WebError::Internal(err.to_string())),
        }
    })
    .await?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(disposition) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    Ok(response)
}
