//! `llmpath start|done|skip|reset ID`: record a status change as a new event.

use anyhow::{Result, bail};
use llmpath_progress::Status;
use llmpath_state::mark::{MarkError, Marked, mark};
use serde_json::json;

use super::{print_json, status_label};
use crate::app::{App, Clock};

pub fn run(app: &App, id: &str, status: Status) -> Result<()> {
    let item = app.find(id)?;
    let mut store = app.store()?;
    let state = app.state(&store)?;
    let marked = match mark(&state, &mut store, item, status, || {
        Clock::read().map(|clock| clock.now)
    }) {
        Ok(marked) => marked,
        Err(MarkError::StageOrModule) => bail!(
            "{id:?} is a stage or module; mark its topics or practice tasks instead (a stage is done when its topics are). `llmpath show {id}` lists them."
        ),
        Err(MarkError::Clock(err)) => return Err(err),
        Err(MarkError::Store(err)) => return Err(err.into()),
    };
    let Marked {
        id,
        from: before,
        changed,
        unmet_prerequisites: unmet,
        ..
    } = marked;

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
