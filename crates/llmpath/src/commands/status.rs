//! `llmpath` with no command: where I am, what is next, streak, hours this week.

use anyhow::Result;
use llmpath_progress::stats;
use serde_json::json;

use super::{mark, print_json, text_json};
use crate::app::{App, Clock};
use crate::duration::format_minutes;

/// How many next topics the overview lists.
const NEXT_SHOWN: usize = 3;

pub fn run(app: &App) -> Result<()> {
    let store = app.store()?;
    let state = app.state(&store)?;
    let events = store.events()?;
    let Clock { offset, today, .. } = Clock::read()?;
    let streak = stats::streak(&stats::study_days(&events, &offset), today);
    let week_minutes = stats::minutes_in_week(&events, &offset, today);
    let overall = state.overall_completion();
    let stage = state.current_stage();
    let stage_completion = stage.map(|stage| state.stage_completion(stage));
    let next = state.next_topics();

    if app.json {
        return print_json(&json!({
            "schema": "llmpath.status/1",
            "stage": stage.zip(stage_completion).map(|(stage, completion)| json!({
                "id": stage.id,
                "number": stage.number,
                "title": text_json(&stage.title),
                "completion": completion_json(&completion),
            })),
            "overall": completion_json(&overall),
            "next": next.iter().take(NEXT_SHOWN).map(|t| json!({
                "id": t.topic.id,
                "title": text_json(&t.topic.title),
                "status": state.status(&t.topic.id),
                "hours": t.topic.hours,
            })).collect::<Vec<_>>(),
            "streak": { "current": streak.current, "longest": streak.longest },
            "minutes_this_week": week_minutes,
        }));
    }

    let lang = app.lang;
    let stages = app.curriculum.stages.len();
    if let (Some(stage), Some(completion)) = (stage, stage_completion) {
        outln!(
            "{}",
            match lang {
                llmpath_content::Lang::Zh => format!(
                    "第 {} 阶段（共 {stages} 个）：{}（{}） — 完成 {}%",
                    stage.number,
                    stage.title.get(lang),
                    stage.duration.get(lang),
                    completion.percent()
                ),
                llmpath_content::Lang::En => format!(
                    "Stage {} of {stages}: {} ({}) — {}% done",
                    stage.number,
                    stage.title.get(lang),
                    stage.duration.get(lang),
                    completion.percent()
                ),
            }
        );
    }
    outln!(
        "{} {}/{} ({}%), {} {}",
        app.t("全程：已完成主题", "Whole path: topics done"),
        overall.done,
        overall.topics,
        overall.percent(),
        app.t("学习中", "learning"),
        overall.learning
    );
    outln!();
    if next.is_empty() {
        outln!(
            "{}",
            app.t(
                "没有待学的主题了：全部完成！",
                "Nothing left to study: the path is complete!"
            )
        );
    } else {
        outln!("{}", app.t("下一步：", "Next:"));
        for topic in next.iter().take(NEXT_SHOWN) {
            outln!(
                "  {} {}  {} ({}h)",
                mark(state.status(&topic.topic.id)),
                topic.topic.id,
                topic.topic.title.get(lang),
                topic.topic.hours
            );
        }
    }
    outln!();
    outln!(
        "{} {} ({} {})   {} {}",
        app.t("连续学习天数：", "Streak:"),
        app.t(
            &format!("{} 天", streak.current),
            &format!("{} day(s)", streak.current)
        ),
        app.t("最长", "longest"),
        streak.longest,
        app.t("本周：", "This week:"),
        format_minutes(week_minutes)
    );
    if overall.done == 0 && overall.learning == 0 && events.is_empty() {
        outln!();
        outln!(
            "{}",
            app.t(
                "开始吧：`llmpath start s1.math.vectors-matrices`，学完后 `llmpath done …`；用 `llmpath log 1h` 记录学习时间。",
                "Get going: `llmpath start s1.math.vectors-matrices`, then `llmpath done …`; log time with `llmpath log 1h`."
            )
        );
    }
    Ok(())
}

pub fn completion_json(completion: &llmpath_state::Completion) -> serde_json::Value {
    json!(llmpath_state::json::CompletionJson::from(completion))
}
