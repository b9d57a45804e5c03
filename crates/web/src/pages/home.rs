//! `/`: today's plan (or the next topics), a form to log time, the streak, this week's hours,
//! the study heatmap, hours per week and completion per stage.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::{
    CompletionView, SessionView, TopicLink, cached, completion_view, session_view, topic_link,
};
use crate::charts::{self, Heatmap, WeekBars};
use crate::error::WebError;
use crate::i18n;
use crate::layout::{Layout, Page};
use crate::{Shared, snapshot::PlanState};

/// How many next topics the page lists.
const NEXT_SHOWN: usize = 5;
/// Weeks in the hours-per-week chart.
const WEEKS_SHOWN: u32 = 12;

#[derive(Template)]
#[template(path = "home.html", whitespace = "minimize")]
struct HomePage {
    layout: Layout,
    today: String,
    weekday: String,
    has_plan: bool,
    plan_error: Option<String>,
    sessions: Vec<SessionView>,
    today_time: String,
    next_day: Option<String>,
    plan_done: bool,
    behind: bool,
    next: Vec<TopicLink>,
    log_action: &'static str,
    log_back: &'static str,
    log_pick_topic: bool,
    topics: Vec<(String, String)>,
    streak: String,
    longest: String,
    week_time: String,
    heatmap: Heatmap,
    bars: WeekBars,
    overall: CompletionView,
    stages: Vec<CompletionView>,
}

pub async fn page(State(state): State<Arc<Shared>>, page: Page) -> Result<Response, WebError> {
    let snapshot = state.snapshot().await?;
    let today = state.now().today();
    cached(&snapshot, &page, today, || {
        let lang = page.lang;
        let s = page.s();
        let today = state.now().today();
        let curriculum = &state.curriculum;
        let learner = snapshot.learner(curriculum);

        let (has_plan, sessions, next_day, plan_done, behind) = match snapshot.plan() {
            Some((_, plan)) => {
                let sessions: Vec<SessionView> = plan
                    .on(today)
                    .map(|session| session_view(lang, curriculum, &learner, session))
                    .collect();
                let next_day = plan.next_day_after(today);
                let behind = plan.is_behind(&learner, today);
                let done = sessions.is_empty() && next_day.is_none();
                (
                    true,
                    sessions,
                    next_day.map(|d| d.to_string()),
                    done,
                    behind,
                )
            }
            None => (false, Vec::new(), None, false, false),
        };
        let today_minutes: u32 = snapshot
            .plan()
            .map(|(_, plan)| plan.on(today).map(|s| s.minutes).sum())
            .unwrap_or(0);
        let plan_error = match &snapshot.plan {
            PlanState::Unreadable(message) => Some(message.clone()),
            _ => None,
        };
        let streak = snapshot.streak(today);
        let overall = learner.overall_completion();
        let template = HomePage {
            layout: page.layout(&state, s.home_h1, "home"),
            today: today.to_string(),
            weekday: i18n::weekday(lang, today),
            has_plan,
            plan_error,
            sessions,
            today_time: i18n::minutes(lang, today_minutes),
            next_day,
            plan_done,
            behind,
            next: learner
                .next_topics()
                .into_iter()
                .take(NEXT_SHOWN)
                .map(|topic| topic_link(lang, &learner, topic))
                .collect(),
            log_action: "/log",
            log_back: "/",
            log_pick_topic: true,
            topics: super::topic_options(lang, curriculum),
            streak: i18n::days(lang, streak.current),
            longest: i18n::days(lang, streak.longest),
            week_time: i18n::minutes(lang, snapshot.minutes_in_week(today)),
            heatmap: charts::heatmap(lang, &snapshot.minutes_by_day, today),
            bars: charts::week_bars(lang, &snapshot, today, WEEKS_SHOWN),
            overall: completion_view(lang, "all", 0, s.whole_path, &overall),
            stages: curriculum
                .stages
                .iter()
                .map(|stage| {
                    completion_view(
                        lang,
                        &stage.id,
                        stage.number,
                        stage.title.get(lang),
                        &learner.stage_completion(stage),
                    )
                })
                .collect(),
        };
        Ok(template.render()?)
    })
}
