//! `llmpath stats`: hours per stage and per week, streak, completion per stage.

use anyhow::Result;
use llmpath_progress::stats;
use llmpath_state::time::{StudyTime, recent_weeks};
use serde_json::json;

use super::status::completion_json;
use super::{print_json, text_json};
use crate::app::{App, Clock};
use crate::duration::format_minutes;

pub fn run(app: &App, weeks: u32) -> Result<()> {
    let store = app.store()?;
    let state = app.state(&store)?;
    let events = store.events()?;
    let Clock { offset, today, .. } = Clock::read()?;
    let streak = stats::streak(&stats::study_days(&events, &offset), today);
    let per_week = stats::minutes_per_week(&events, &offset);
    // Minutes per stage; time logged without a topic (or on an id this content lacks) is "other".
    let time = StudyTime::new(&app.curriculum, &events);
    let recent = recent_weeks(&per_week, today, weeks);

    if app.json {
        return print_json(&json!({
            "schema": "llmpath.stats/1",
            "total_minutes": time.total,
            "streak": { "current": streak.current, "longest": streak.longest },
            "stages": app.curriculum.stages.iter().map(|stage| json!({
                "id": stage.id,
                "number": stage.number,
                "title": text_json(&stage.title),
                "minutes": time.stage(stage.number),
                "completion": completion_json(&state.stage_completion(stage)),
            })).collect::<Vec<_>>(),
            "other_minutes": time.other,
            "weeks": recent.iter().map(|w| json!({ "week": w.label(), "minutes": w.minutes })).collect::<Vec<_>>(),
        }));
    }

    let lang = app.lang;
    outln!("{}", app.t("各阶段：", "By stage:"));
    for stage in &app.curriculum.stages {
        let completion = state.stage_completion(stage);
        outln!(
            "  {} {:<28} {:>7}  {:>3}%  ({}/{} {})",
            stage.number,
            stage.title.get(lang),
            format_minutes(time.stage(stage.number)),
            completion.percent(),
            completion.done,
            completion.topics,
            app.t("主题", "topics"),
        );
    }
    if time.other > 0 {
        outln!(
            "    {:<28} {:>7}",
            app.t("未指定主题", "no topic"),
            format_minutes(time.other)
        );
    }
    outln!();
    outln!("{}", app.t("最近几周：", "Recent weeks:"));
    let widest = recent.iter().map(|w| w.minutes).max().unwrap_or(0).max(1);
    for week in &recent {
        let bar = "█".repeat((20 * week.minutes).div_ceil(widest) as usize);
        outln!(
            "  {}  {:>7}  {bar}",
            week.label(),
            format_minutes(week.minutes)
        );
    }
    outln!();
    outln!(
        "{} {}   {} {}   {} {}",
        app.t("总计：", "Total:"),
        format_minutes(time.total),
        app.t("连续：", "Streak:"),
        streak.current,
        app.t("最长：", "longest:"),
        streak.longest
    );
    Ok(())
}
