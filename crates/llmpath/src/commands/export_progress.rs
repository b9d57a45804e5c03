//! `llmpath export-progress [-o FILE]`: the whole event log as JSON.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::app::{App, Clock};

pub fn run(app: &App, output: Option<&Path>) -> Result<()> {
    let store = app.store()?;
    let export = store.export(Clock::read()?.now)?;
    let json = export.to_json()? + "\n";
    match output {
        None => std::io::stdout().write_all(json.as_bytes())?,
        Some(path) => {
            // Write beside the target, then rename: a crash never leaves half a backup.
            let folder = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let mut temp = tempfile::NamedTempFile::new_in(folder)
                .with_context(|| format!("cannot write in {}", folder.display()))?;
            temp.write_all(json.as_bytes())?;
            temp.as_file().sync_all()?;
            temp.persist(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
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
