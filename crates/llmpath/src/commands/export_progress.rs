//! `llmpath export-progress [-o FILE]`: the whole event log as JSON.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::app::{App, Clock};

pub fn run(app: &App, output: Option<&Path>) -> Result<()> {
    let store = app.store()?;
    let export = store.export(Clock::read()?.now)?;
    let json = export.to_json()? + "\n";
    match output {
        None => std::io::stdout().write_all(json.as_bytes())?,
        Some(path) => {
            crate::app::write_atomically(path, json.as_bytes())?;
            eprintln!(
                "{} {} → {}",
                app.t("已导出事件数：", "Exported events:"),
                export.events.len(),
                path.display()
            );
        }
    }
    Ok(())
}
