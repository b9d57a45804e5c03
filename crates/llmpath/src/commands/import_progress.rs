//! `llmpath import-progress FILE`: merge an export into the log; idempotent.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};
use llmpath_progress::ProgressExport;
use serde_json::json;

use super::print_json;
use crate::app::App;

pub fn run(app: &App, file: &Path) -> Result<()> {
    let text = if file == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read standard input")?;
        text
    } else {
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?
    };
    let export = ProgressExport::from_json(&text).with_context(|| {
        format!(
            "{} is not a valid llmpath progress export; nothing was imported",
            file.display()
        )
    })?;
    let mut store = app.store()?;
    let report = store.import(&export)?;
    let unknown: Vec<String> = export
        .events
        .iter()
        .filter_map(|event| match &event.kind {
            llmpath_progress::EventKind::Status { item, .. } => Some(item.as_str()),
            llmpath_progress::EventKind::Study { topic, .. } => topic.as_deref(),
        })
        .filter(|id| app.curriculum.find(id).is_none())
        .map(str::to_owned)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();

    if app.json {
        return print_json(&json!({
            "schema": "llmpath.import/1",
            "added": report.added,
            "already_present": report.already_present,
            "unknown_ids": unknown,
        }));
    }
    outln!(
        "{} {}, {} {}",
        app.t("新导入事件：", "Imported events:"),
        report.added,
        app.t("已存在（跳过）：", "already present (skipped):"),
        report.already_present
    );
    if !unknown.is_empty() {
        outln!(
            "{} {}",
            app.t(
                "注意：这些 id 不在当前课程中（已保留，新版本内容可能会用到）：",
                "Note: these ids are not in this curriculum (kept, in case a newer content version has them):"
            ),
            unknown.join(", ")
        );
    }
    Ok(())
}
