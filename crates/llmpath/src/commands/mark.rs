//! `llmpath start|done|skip|reset ID`: record a status change as a new event.

use anyhow::{Result, bail};
use llmpath_content::Item;
use llmpath_progress::Status;
use serde_json::json;

use super::{print_json, status_label};
use crate::app::{App, Clock};

pub fn run(app: &App, id: &str, status: Status) -> Result<()> {
    let item = app.find(id)?;
    let mut store = app.store()?;
    let state = app.state(&store)?;
    let (id, unmet) = match item {
        Item::Topic(topic) => {
            let unmet: Vec<String> = state
                .unmet_prerequisites(topic.topic)
                .into_iter()
                .map(str::to_owned)
                .collect();
            (topic.topic.id.clone(), unmet)
        }
        Item::Practice(_, practice) => (practice.id.clone(), Vec::new()),
        Item::Stage(_) | Item::Module(..) => bail!(
            "{id:?} is a stage or module; mark its topics or practice tasks instead (a stage is done when its topics are). `llmpath show {id}` lists them."
        ),
    };
    let before = state.status(&id);
    let changed = before != status;
    if changed {
        store.record_status(&id, status, Clock::read()?.now)?;
    }

    if app.json {
        return print_json(&json!({
            "schema": "llmpath.mark/1",
            "id": id,
            "from": before,
            "to": status,
            "changed": changed,
            "unmet_prerequisites": unmet,
        }));
    }
    let lang = app.lang;
    if changed {
        outln!(
            "{id}: {} → {}",
            status_label(before, lang),
            status_label(status, lang)
        );
    } else {
        outln!(
            "{id}: {} {}",
            app.t("已经是", "already"),
            status_label(status, lang)
        );
    }
    if matches!(status, Status::Learning | Status::Done) && !unmet.is_empty() {
        outln!(
            "{} {}",
            app.t(
                "注意：这些先修主题还没完成：",
                "Note: these prerequisites are not done yet:"
            ),
            unmet.join(", ")
        );
    }
    Ok(())
}
