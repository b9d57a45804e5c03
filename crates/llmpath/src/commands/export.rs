//! `llmpath export checklist --format md|html|pdf|csv|ics [--stage N] [-o FILE]`.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Result, bail};
use chrono::Local;
use llmpath_export::{csv, html, ics, markdown, pdf};
use llmpath_plan::views;

use super::plan::load;
use crate::app::{App, Clock};
use crate::cli::ExportFormat;

pub fn checklist(
    app: &App,
    format: ExportFormat,
    stage: Option<u32>,
    output: Option<&Path>,
) -> Result<()> {
    if let Some(number) = stage
        && app.curriculum.stage(number).is_none()
    {
        bail!(
            "there is no stage {number}: stages are numbered 1 to {}",
            app.curriculum.stages.len()
        );
    }
    let clock = Clock::read()?;
    let store = app.store()?;
    let state = app.state(&store)?;
    let plan = load(&store)?;
    let bytes: Vec<u8> = match format {
        ExportFormat::Ics => {
            let Some((revision, plan)) = &plan else {
                bail!(
                    "the calendar holds planned sessions, and there is no plan yet: make one with `llmpath plan`"
                );
            };
            let calendar = views::calendar(
                &app.curriculum,
                plan,
                app.lang,
                stage,
                &Local,
                clock.now,
                *revision,
            );
            ics::render(&calendar).into_bytes()
        }
        _ => {
            let checklist = views::checklist(
                &app.curriculum,
                &state,
                plan.as_ref().map(|(_, p)| p),
                app.lang,
                stage,
                clock.today,
            );
            match format {
                ExportFormat::Md => markdown::render(&checklist).into_bytes(),
                ExportFormat::Html => html::render(&checklist).into_bytes(),
                ExportFormat::Csv => csv::render(&checklist)?.into_bytes(),
                ExportFormat::Pdf => pdf::render_with_system_font(&checklist)?,
                ExportFormat::Ics => unreachable!("handled above"),
            }
        }
    };
    match output {
        Some(path) => {
            crate::app::write_atomically(path, &bytes)?;
            eprintln!("{} {}", app.t("已写入", "Wrote"), path.display());
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            if format == ExportFormat::Pdf && stdout.is_terminal() {
                bail!("a PDF is binary: write it to a file with -o checklist.pdf (or pipe it)");
            }
            stdout.write_all(&bytes)?;
        }
    }
    Ok(())
}
