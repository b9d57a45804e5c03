//! `llmpath next`: topics being learned, then those whose prerequisites are all done.

use anyhow::Result;
use serde_json::json;

use super::{mark, print_json, text_json};
use crate::app::App;

pub fn run(app: &App, limit: Option<usize>) -> Result<()> {
    let store = app.store()?;
    let state = app.state(&store)?;
    let next = state.next_topics();
    let shown = &next[..limit.unwrap_or(next.len()).min(next.len())];

    if app.json {
        return print_json(&json!({
            "schema": "llmpath.next/1",
            "available": next.len(),
            "topics": shown.iter().map(|t| json!({
                "id": t.topic.id,
                "stage": t.stage.id,
                "module": t.module.id,
                "title": text_json(&t.topic.title),
                "status": state.status(&t.topic.id),
                "hours": t.topic.hours,
            })).collect::<Vec<_>>(),
        }));
    }
    if next.is_empty() {
        outln!(
            "{}",
            app.t(
                "没有可学的主题：全部完成或已跳过。",
                "Nothing to study: every topic is done or skipped."
            )
        );
        return Ok(());
    }
    for topic in shown {
        outln!(
            "{} {:<44} {} ({}h) · {}",
            mark(state.status(&topic.topic.id)),
            topic.topic.id,
            topic.topic.title.get(app.lang),
            topic.topic.hours,
            topic.module.title.get(app.lang)
        );
    }
    if shown.len() < next.len() {
        outln!(
            "{}",
            match app.lang {
                llmpath_content::Lang::Zh =>
                    format!("……还有 {} 个（--all 全部列出）", next.len() - shown.len()),
                llmpath_content::Lang::En =>
                    format!("… and {} more (--all lists them)", next.len() - shown.len()),
            }
        );
    }
    Ok(())
}
