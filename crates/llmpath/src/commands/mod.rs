//! One module per command; `run` dispatches.

mod data;
mod dev;
mod doctor;
mod exercise;
mod export;
mod export_progress;
mod import_progress;
mod lab;
mod log;
mod mark;
mod next;
mod path;
mod plan;
mod serve;
mod show;
mod stats;
mod status;
mod today;

use anyhow::Result;
use llmpath_content::{Lang, Text};
use llmpath_progress::Status;
use serde_json::{Value, json};

use crate::app::App;
use crate::cli::{Cli, Command, DataCommand, DevCommand, ExportCommand, LabCommand, PlanCommand};

pub fn run(cli: Cli) -> Result<()> {
    // `dev check` must report broken content, so it does not load the embedded curriculum first.
    if let Some(Command::Dev {
        command:
            DevCommand::Check {
                content,
                no_exercises,
                exercises,
                work_dir,
            },
    }) = cli.command
    {
        let gate = (!no_exercises).then_some(dev::Gate {
            only: exercises,
            work_dir,
        });
        return dev::check(crate::app::lang(&cli.global), content, gate);
    }
    let app = App::new(cli.global)?;
    match cli.command {
        None => status::run(&app),
        Some(Command::Path { stage }) => path::run(&app, stage),
        Some(Command::Show { id }) => show::run(&app, &id),
        Some(Command::Next { limit, all }) => next::run(&app, (!all).then_some(limit)),
        Some(Command::Start { id }) => mark::run(&app, &id, Status::Learning),
        Some(Command::Done { id }) => mark::run(&app, &id, Status::Done),
        Some(Command::Skip { id }) => mark::run(&app, &id, Status::Skipped),
        Some(Command::Reset { id }) => mark::run(&app, &id, Status::Pending),
        Some(Command::Log {
            duration,
            topic,
            note,
        }) => log::run(&app, &duration, topic.as_deref(), note.as_deref()),
        Some(Command::Stats { weeks }) => stats::run(&app, weeks),
        Some(Command::Plan(args)) => match args.command {
            Some(PlanCommand::Show { week }) => plan::show(&app, week),
            None => plan::run(&app, &args),
        },
        Some(Command::Today) => today::run(&app),
        Some(Command::Export {
            what:
                ExportCommand::Checklist {
                    format,
                    stage,
                    output,
                },
        }) => export::checklist(&app, format, stage, output.as_deref()),
        Some(Command::Lab { command }) => match command {
            LabCommand::List => lab::list(&app),
            LabCommand::Show { id } => lab::show(&app, &id),
            LabCommand::Run {
                id,
                quick,
                out,
                seed,
            } => lab::run(&app, &id, quick, out, seed),
        },
        Some(Command::Data { command }) => match command {
            DataCommand::List { verify } => data::list(&app, verify),
            DataCommand::Verify { name } => data::verify(&app, name.as_deref()),
            DataCommand::Fetch { names, all } => data::fetch(&app, &names, all),
        },
        Some(Command::Init { dir }) => exercise::init(&app, dir),
        Some(Command::Check { id, restore }) => exercise::check(&app, id.as_deref(), restore),
        Some(Command::Watch) => exercise::watch(&app),
        Some(Command::Hint { id }) => exercise::hint(&app, id.as_deref()),
        Some(Command::Solution { id, give_up }) => exercise::solution(&app, &id, give_up),
        Some(Command::List) => exercise::list(&app),
        Some(Command::Doctor) => doctor::run(&app),
        Some(Command::Serve { port, bind, open }) => serve::run(&app, port, bind, open),
        Some(Command::ExportProgress { output }) => export_progress::run(&app, output.as_deref()),
        Some(Command::ImportProgress { file }) => import_progress::run(&app, &file),
        Some(Command::Dev { .. }) => unreachable!("handled above"),
    }
}

/// The mark a status has in tree and list views.
pub fn mark(status: Status) -> &'static str {
    match status {
        Status::Pending => "[ ]",
        Status::Learning => "[~]",
        Status::Done => "[x]",
        Status::Skipped => "[-]",
    }
}

pub fn status_label(status: Status, lang: Lang) -> &'static str {
    match (status, lang) {
        (_, Lang::En) => status.as_str(),
        (Status::Pending, Lang::Zh) => "未开始",
        (Status::Learning, Lang::Zh) => "学习中",
        (Status::Done, Lang::Zh) => "已完成",
        (Status::Skipped, Lang::Zh) => "已跳过",
    }
}

/// Bilingual text as JSON: `{"zh": …, "en": …}` (JSON output always carries both languages).
pub fn text_json(text: &Text) -> Value {
    json!({ "zh": text.get(Lang::Zh), "en": text.get(Lang::En) })
}

/// Prints a JSON value (pretty, one trailing newline).
pub fn print_json(value: &Value) -> Result<()> {
    outln!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}
