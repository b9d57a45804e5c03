//! `llmpath stats`: hours per stage and per week, streak, completion per stage.

use std::collections::BTreeMap;

use anyhow::Result;
use chrono::{Datelike, Duration};
use llmpath_content::Item;
use llmpath_progress::stats;
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
    let per_topic = stats::minutes_per_topic(&events, &|id| app.curriculum.canonical_id(id));

    // Minutes per stage; time logged without a topic (or on an id this content lacks) is "other".
    let mut per_stage: BTreeMap<u32, u32> = BTreeMap::new();
    let mut other_minutes = 0;
    let total_minutes: u32 = events
        .iter()
        .filter_map(|event| match event.kind {
            llmpath_progress::EventKind::Study { minutes, .. } => Some(minutes),
            _ => None,
        })
        .sum();
    for (topic, minutes) in &per_topic {
        match app.curriculum.find(topic) {
            Some(Item::Topic(t)) => *per_stage.entry(t.stage.number).or_default() += minutes,
            _ => other_minutes += minutes,
        }
    }
    other_minutes += total_minutes - per_topic.values().sum::<u32>();

    // The last `weeks` ISO weeks, oldest first, including empty ones.
    let recent: Vec<(String, u32)> = (0..weeks)
        .rev()
        .map(|back| {
            let week = (today - Duration::weeks(i64::from(back))).iso_week();
            let key = (week.year(), week.week());
            (
                format!("{}-W{:02}", key.0, key.1),
                per_week.get(&key).copied().unwrap_or(0),
            )
        })
        .collect();

    if app.json {
        return print_json(&json!({
            "schema": "llmpath.stats/1",
            "total_minutes": total_minutes,
            "streak": { "current": streak.current, "longest": streak.longest },
            "stages": app.curriculum.stages.iter().map(|stage| json!({
                "id": stage.id,
                "number": stage.number,
                "title": text_json(&stage.title),
                "minutes": per_stage.get(&stage.number).copied().unwrap_or(0),
                "completion": completion_json(&state.stage_completion(stage)),
            })).collect::<Vec<_>>(),
            "other_minutes": other_minutes,
            "weeks": recent.iter().map(|(week, minutes)| json!({ "week": week, "minutes": minutes })).collect::<Vec<_>>(),
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
            format_minutes(per_stage.get(&stage.number).copied().unwrap_or(0)),
            completion.percent(),
            completion.done,
            completion.topics,
            app.t("主题", "topics"),
        );
    }
    if other_minutes > 0 {
        outln!(
            "    {:<28} {:>7}",
            app.t("未指定主题", "no topic"),
            format_minutes(other_minutes)
        );
    }
    outln!();
    outln!("{}", app.t("最近几周：", "Recent weeks:"));
    let widest = recent.iter().map(|(_, m)| *m).max().unwrap_or(0).max(1);
    for (week, minutes) in &recent {
        let bar = "█".repeat((20 * minutes).div_ceil(widest) as usize);
        outln!("  {week}  {:>7}  {bar}", format_minutes(*minutes));
    }
    outln!();
    outln!(
        "{} {}   {} {}   {} {}",
        app.t("总计：", "Total:"),
        format_minutes(total_minutes),
        app.t("连续：", "Streak:"),
        streak.current,
        app.t("最长：", "longest:"),
        streak.longest
    );
    Ok(())
}
