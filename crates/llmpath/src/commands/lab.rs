//! `llmpath lab list | show ID | run ID`: labs are programs in lab crates (`labs/*`), built
//! and run through cargo as a child process, so their heavy dependencies compile only when a
//! learner reaches them and the llmpath binary links none of them.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, anyhow, bail};
use llmpath_content::Lab;
use llmpath_lab::Report;
use llmpath_progress::Status;
use serde_json::json;

use super::{mark, print_json, text_json};
use crate::app::{App, Clock};

/// The cargo workspace holding the lab crates: `$LLMPATH_LABS_DIR`, else the learner's workspace
/// around the current folder (`llmpath init` put the labs' sources there, to read and change),
/// else the source tree this binary was built from.
pub fn labs_workspace() -> Result<PathBuf> {
    let learner = std::env::current_dir()
        .ok()
        .and_then(|cwd| llmpath_grader::Workspace::find(&cwd).ok())
        .map(|workspace| workspace.root);
    let candidates = std::env::var_os("LLMPATH_LABS_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain(learner)
        .chain([Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")]);
    for dir in candidates {
        if dir.join("Cargo.toml").is_file() && dir.join("labs").is_dir() {
            return dir
                .canonicalize()
                .with_context(|| format!("cannot resolve {}", dir.display()));
        }
    }
    bail!(
        "the labs' sources were not found: run llmpath inside a workspace made by `llmpath init DIR`, or set LLMPATH_LABS_DIR to a checkout of llmpath's sources"
    )
}

fn find<'a>(app: &'a App, id: &str) -> Result<&'a Lab> {
    app.curriculum.lab(id).ok_or_else(|| {
        let hint =
            crate::suggest::nearest(id, app.curriculum.labs.iter().map(|lab| lab.id.as_str()));
        anyhow!("unknown lab {id:?}.{hint}\n`llmpath lab list` lists the labs.")
    })
}

/// Where runs go by default: `<data dir>/runs/<lab>/<time>`.
fn default_out(app: &App, lab: &str, clock: &Clock) -> Result<PathBuf> {
    let data = match &app.data_dir {
        Some(dir) => dir.clone(),
        None => dirs::data_dir()
            .map(|dir| dir.join("llmpath").join("data"))
            .ok_or_else(|| {
                anyhow!("cannot find a data folder: pass --out DIR or set LLMPATH_DATA")
            })?,
    };
    let stamp = clock
        .now
        .with_timezone(&clock.offset)
        .format("%Y%m%d-%H%M%S");
    Ok(data.join("runs").join(lab).join(stamp.to_string()))
}

pub fn list(app: &App) -> Result<()> {
    let store = app.store()?;
    let state = app.state(&store)?;
    let runs = store.lab_runs(None)?;
    let last_run = |id: &str| runs.iter().rev().find(|run| run.lab == id);
    if app.json {
        return print_json(&json!({
            "schema": "llmpath.lab-list/1",
            "labs": app.curriculum.labs.iter().map(|lab| json!({
                "id": lab.id,
                "title": text_json(&lab.title),
                "topics": lab.topics,
                "practice": lab.practice,
                "datasets": lab.datasets,
                "runs": runs.iter().filter(|run| run.lab == lab.id).count(),
                "last_run": last_run(&lab.id).map(|run| run.at),
            })).collect::<Vec<_>>(),
        }));
    }
    for lab in &app.curriculum.labs {
        let done = lab.practice.iter().all(|p| state.status(p) == Status::Done)
            && !lab.practice.is_empty();
        let status = if done { Status::Done } else { Status::Pending };
        let last = last_run(&lab.id).map_or_else(
            || app.t("未运行", "never run").to_owned(),
            |run| {
                run.at
                    .with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            },
        );
        outln!(
            "{} {:<20} {}  ({last})",
            mark(status),
            lab.id,
            lab.title.get(app.lang)
        );
    }
    outln!();
    outln!(
        "{}",
        app.t(
            "运行：llmpath lab run ID [--quick]",
            "Run one: llmpath lab run ID [--quick]"
        )
    );
    Ok(())
}

pub fn show(app: &App, id: &str) -> Result<()> {
    let lab = find(app, id)?;
    let store = app.store()?;
    let state = app.state(&store)?;
    let runs = store.lab_runs(Some(&lab.id))?;
    if app.json {
        return print_json(&json!({
            "schema": "llmpath.lab-show/1",
            "lab": lab,
            "runs": runs.iter().map(|run| json!({
                "at": run.at,
                "out": run.out,
                "seconds": run.seconds,
                "report": serde_json::from_str::<serde_json::Value>(&run.report_json).ok(),
            })).collect::<Vec<_>>(),
        }));
    }
    let lang = app.lang;
    outln!("{}", lab.title.get(lang));
    outln!(
        "{} · {} {} --bin {}",
        lab.id,
        app.t("程序", "program"),
        lab.package,
        lab.bin
    );
    outln!();
    outln!("{}", lab.summary.get(lang));
    outln!();
    outln!("{} {}", app.t("主题：", "Topics:"), lab.topics.join(", "));
    for practice in &lab.practice {
        outln!(
            "{} {} {practice}",
            app.t("完成练习：", "Completes:"),
            mark(state.status(practice))
        );
    }
    if !lab.datasets.is_empty() {
        outln!(
            "{} {}",
            app.t("数据集：", "Datasets:"),
            lab.datasets.join(", ")
        );
    }
    outln!();
    if runs.is_empty() {
        outln!(
            "{} llmpath lab run {}",
            app.t("还没有运行过。运行：", "Not run yet. Run it:"),
            lab.id
        );
    }
    for run in runs.iter().rev().take(5) {
        outln!(
            "  {}  {:.1} s  {}",
            run.at
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M"),
            run.seconds,
            run.out
        );
    }
    Ok(())
}

pub fn run(app: &App, id: &str, quick: bool, out: Option<PathBuf>, seed: u64) -> Result<()> {
    let lab = find(app, id)?;
    let workspace = labs_workspace()?;
    let clock = Clock::read()?;
    let out = match out {
        Some(out) => out,
        None => default_out(app, &lab.id, &clock)?,
    };
    std::fs::create_dir_all(&out)
        .with_context(|| format!("cannot create the output folder {}", out.display()))?;
    let out = out.canonicalize()?;

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .arg("run")
        .arg("--release")
        .arg("--manifest-path")
        .arg(workspace.join("Cargo.toml"))
        .args(["-p", &lab.package, "--bin", &lab.bin, "--"])
        .arg("--out")
        .arg(&out)
        .args(["--seed", &seed.to_string(), "--lang", app.lang.code()]);
    if quick {
        command.arg("--quick");
    }
    if let Some(data) = &app.data_dir {
        command.arg("--data-dir").arg(data);
    }
    // cargo's progress (stderr) shows through; with --json the lab's own report goes to stderr
    // too, so standard output carries only the JSON.
    if app.json {
        command.stdout(Stdio::from(std::io::stderr()));
    }
    eprintln!(
        "{} {} ({})",
        app.t("运行实验", "Running lab"),
        lab.id,
        app.t(
            "首次运行需要编译依赖，请稍候",
            "the first run compiles its dependencies"
        )
    );
    let status = command.status().context(
        "cannot start cargo: is the Rust toolchain installed? (`llmpath doctor` checks)",
    )?;
    if !status.success() {
        bail!(
            "lab {} failed ({status}); its output above says why. Nothing was recorded.",
            lab.id
        );
    }

    let report = Report::read(&out)?;
    if report.lab != lab.id {
        bail!(
            "{} holds a report of lab {:?}, not {:?}",
            out.display(),
            report.lab,
            lab.id
        );
    }
    let report_json = serde_json::to_string(&report)?;
    let mut store = app.store()?;
    store.record_lab_run(&lab.id, &out, report.seconds, &report_json, clock.now)?;
    let state = app.state(&store)?;
    // The quick mode is for tests and a first look: a practice task needs the full run.
    let newly_done: Vec<&String> = lab
        .practice
        .iter()
        .filter(|practice| !report.quick && state.status(practice) != Status::Done)
        .collect();
    for practice in &newly_done {
        store.record_status(practice, Status::Done, clock.now)?;
    }

    if app.json {
        return print_json(&serde_json::to_value(&report)?);
    }
    for practice in newly_done {
        outln!(
            "{} {practice}",
            app.t("已完成练习：", "Practice task done:")
        );
    }
    outln!(
        "{} {}",
        app.t(
            "已记录这次运行。图表与 report.json：",
            "Run recorded. Plots and report.json:"
        ),
        out.display()
    );
    Ok(())
}
