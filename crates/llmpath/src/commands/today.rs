//! `llmpath today`: what the plan has for today.

use anyhow::Result;
use serde_json::json;

use super::plan::{load, session_line};
use super::print_json;
use crate::app::{App, Clock};
use crate::duration::format_minutes;

pub fn run(app: &App) -> Result<()> {
    let clock = Clock::read()?;
    let store = app.store()?;
    let state = app.state(&store)?;
    let Some((_, plan)) = load(&store)? else {
        if app.json {
            return print_json(
                &json!({ "schema": "llmpath.today/1", "date": clock.today, "plan": false, "sessions": [] }),
            );
        }
        outln!(
            "{}",
            app.t(
                "还没有学习计划：运行 `llmpath plan` 制定一个。",
                "No plan yet: make one with `llmpath plan`."
            )
        );
        return Ok(());
    };
    let sessions: Vec<_> = plan.on(clock.today).collect();
    let next_day = plan.next_day_after(clock.today);
    let behind = plan.is_behind(&state, clock.today);

    if app.json {
        return print_json(&json!({
            "schema": "llmpath.today/1",
            "date": clock.today,
            "plan": true,
            "sessions": sessions,
            "next_study_day": next_day,
            "unfinished_earlier_topics": behind,
        }));
    }
    if sessions.is_empty() {
        match next_day {
            Some(day) => outln!(
                "{} {day}",
                app.t(
                    "今天没有安排。下一个学习日：",
                    "Nothing planned today. Next study day:"
                )
            ),
            None => outln!(
                "{}",
                app.t("计划已经全部排完。", "The plan has no more sessions.")
            ),
        }
    } else {
        let total: u32 = sessions.iter().map(|s| s.minutes).sum();
        outln!(
            "{} {} ({})",
            app.t("今天", "Today,"),
            clock.today,
            format_minutes(total)
        );
        for session in &sessions {
            outln!("{}", session_line(app, &state, session));
        }
    }
    if behind {
        outln!();
        outln!(
            "{}",
            app.t(
                "之前排期的主题还没完成：完成后用 `llmpath done ID` 标记，或用 `llmpath plan --replan` 重新排期。",
                "Topics planned before today are not done yet: mark them with `llmpath done ID`, or move the rest with `llmpath plan --replan`."
            )
        );
    }
    Ok(())
}
