//! `llmpath path [--stage N]`: the roadmap tree with status marks.

use anyhow::{Result, bail};
use llmpath_content::{Stage, Topic};
use llmpath_state::LearnerState;
use llmpath_state::json::TopicJson;
use serde_json::{Value, json};

use super::status::completion_json;
use super::{mark, print_json, text_json};
use crate::app::App;

pub fn run(app: &App, stage_number: Option<u32>) -> Result<()> {
    let store = app.store()?;
    let state = app.state(&store)?;
    let stages: Vec<&Stage> = match stage_number {
        Some(number) => match app.curriculum.stage(number) {
            Some(stage) => vec![stage],
            None => bail!(
                "there is no stage {number}: stages are numbered 1 to {}",
                app.curriculum.stages.len()
            ),
        },
        None => app.curriculum.stages.iter().collect(),
    };

    if app.json {
        return print_json(&json!({
            "schema": "llmpath.path/1",
            "stages": stages.iter().map(|stage| stage_json(stage, &state)).collect::<Vec<_>>(),
        }));
    }

    let lang = app.lang;
    for (n, stage) in stages.iter().enumerate() {
        if n > 0 {
            outln!();
        }
        let completion = state.stage_completion(stage);
        outln!(
            "{} {}  {} ({}) — {}%",
            app.t("阶段", "Stage"),
            stage.number,
            stage.title.get(lang),
            stage.duration.get(lang),
            completion.percent()
        );
        for module in &stage.modules {
            let duration = module
                .duration
                .as_ref()
                .map(|d| format!(" ({})", d.get(lang)))
                .unwrap_or_default();
            outln!("  {} {}{duration}", module.id, module.title.get(lang));
            for topic in &module.topics {
                outln!(
                    "    {} {:<44} {} ({}h)",
                    mark(state.status(&topic.id)),
                    topic.id,
                    topic.title.get(lang),
                    topic.hours
                );
            }
        }
    }
    outln!();
    outln!(
        "{}",
        app.t(
            "[x] 已完成  [~] 学习中  [-] 已跳过  [ ] 未开始    详情：llmpath show <id>",
            "[x] done  [~] learning  [-] skipped  [ ] pending    details: llmpath show <id>"
        )
    );
    Ok(())
}

fn stage_json(stage: &Stage, state: &LearnerState<'_>) -> Value {
    json!({
        "id": stage.id,
        "number": stage.number,
        "title": text_json(&stage.title),
        "duration": text_json(&stage.duration),
        "weeks": { "min": stage.weeks.min, "max": stage.weeks.max },
        "summary": text_json(&stage.summary),
        "completion": completion_json(&state.stage_completion(stage)),
        "modules": stage.modules.iter().map(|module| json!({
            "id": module.id,
            "title": text_json(&module.title),
            "summary": text_json(&module.summary),
            "duration": module.duration.as_ref().map(text_json),
            "weeks": module.weeks.map(|w| json!({ "min": w.min, "max": w.max })),
            "topics": module.topics.iter().map(|topic| topic_json(topic, state)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// A topic in full, with its status and its practice tasks' statuses (the API's shape too).
pub fn topic_json(topic: &Topic, state: &LearnerState<'_>) -> Value {
    json!(TopicJson::new(topic, state))
}
