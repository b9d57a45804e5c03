//! `/labs` (every lab with its runs), `/labs/{id}` (one lab and its run history) and
//! `/labs/{id}/runs/{n}` (a run's report: metrics beside their references and sources, and
//! the plots, served by [`crate::artifacts`]). Runs come from the store (`lab_runs`); `n`
//! counts a lab's runs from 1, oldest first.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::{DateTime, FixedOffset, Utc};
use llmpath_content::{Item, Lab, Lang};
use llmpath_lab::format_number;
use llmpath_progress::Status;
use llmpath_state::LearnerState;

use super::cached;
use crate::Shared;
use crate::artifacts;
use crate::error::WebError;
use crate::i18n::{self, Msg};
use crate::layout::{Layout, Page};
use crate::snapshot::{Run, Snapshot};

#[derive(Debug)]
pub struct RunRow {
    pub lab: String,
    pub lab_title: String,
    pub n: usize,
    pub when: String,
    pub seconds: String,
    pub mode: &'static str,
    /// `3/3` metrics at or past their reference, when the report reads.
    pub metrics: String,
}

#[derive(Debug)]
pub struct LabRow {
    pub id: String,
    pub title: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub runs: usize,
    pub last_run: Option<String>,
    pub last_n: usize,
}

fn local(at: DateTime<Utc>, offset: FixedOffset) -> String {
    at.with_timezone(&offset)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn run_row(lang: Lang, lab: Option<&Lab>, run: &Run, offset: FixedOffset) -> RunRow {
    let s = i18n::strings(lang);
    let (mode, metrics) = match &run.report {
        Ok(report) => (
            if report.quick { s.quick } else { s.full },
            format!("{}", report.metrics.len()),
        ),
        Err(_) => ("", String::new()),
    };
    RunRow {
        lab: run.lab.clone(),
        lab_title: lab.map_or(run.lab.clone(), |lab| lab.title.get(lang).to_owned()),
        n: run.n,
        when: local(run.at, offset),
        seconds: format!("{:.1}", run.seconds),
        mode,
        metrics,
    }
}

/// A lab is done when its practice tasks are (what a full run records).
fn lab_status(state: &LearnerState<'_>, lab: &Lab) -> Status {
    if !lab.practice.is_empty() && lab.practice.iter().all(|p| state.status(p) == Status::Done) {
        Status::Done
    } else {
        Status::Pending
    }
}

fn unknown_lab(state: &Shared, id: &str) -> WebError {
    let ids =
        llmpath_content::nearest_ids(id, state.curriculum.labs.iter().map(|lab| lab.id.as_str()));
    let (zh, en) = match ids.is_empty() {
        true => (String::new(), String::new()),
        false => (
            format!(" 你是不是要找：{}？", ids.join("、")),
            format!(" Did you mean: {}?", ids.join(", ")),
        ),
    };
    WebError::not_found(Msg::new(
        format!("没有 id 为 “{id}” 的实验。{zh}"),
        format!("There is no lab “{id}”.{en}"),
    ))
}

#[derive(Template)]
#[template(path = "labs.html", whitespace = "minimize")]
struct LabsPage {
    layout: Layout,
    labs: Vec<LabRow>,
    /// The ten newest runs of any lab.
    runs_list: Vec<RunRow>,
}

/// `GET /labs`.
pub async fn list(State(state): State<Arc<Shared>>, page: Page) -> Result<Response, WebError> {
    let snapshot = state.snapshot().await?;
    let today_key = state.now().today();
    cached(&snapshot, &page, today_key, || {
        let lang = page.lang;
        let learner = snapshot.learner(&state.curriculum);
        let labs = state
            .curriculum
            .labs
            .iter()
            .map(|lab| {
                let status = lab_status(&learner, lab);
                let last = snapshot.runs_of(&lab.id).next_back();
                LabRow {
                    id: lab.id.clone(),
                    title: lab.title.get(lang).to_owned(),
                    status: status.as_str(),
                    status_label: i18n::status(lang, status),
                    runs: snapshot.runs_of(&lab.id).count(),
                    last_run: last.map(|run| local(run.at, snapshot.offset)),
                    last_n: last.map_or(0, |run| run.n),
                }
            })
            .collect();
        let recent = snapshot
            .runs
            .iter()
            .rev()
            .take(10)
            .map(|run| run_row(lang, state.curriculum.lab(&run.lab), run, snapshot.offset))
            .collect();
        let template = LabsPage {
            layout: page.layout(&state, page.s().labs_h1, "labs"),
            labs,
            runs_list: recent,
        };
        Ok(template.render()?)
    })
}

#[derive(Template)]
#[template(path = "lab.html", whitespace = "minimize")]
struct LabPage {
    layout: Layout,
    id: String,
    title: String,
    summary: String,
    status: &'static str,
    status_label: &'static str,
    topics: Vec<(String, String)>,
    practice: Vec<(String, &'static str, &'static str)>,
    datasets: Vec<String>,
    /// Newest first.
    runs_list: Vec<RunRow>,
}

/// `GET /labs/{id}`.
pub async fn lab(
    State(state): State<Arc<Shared>>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let Some(lab) = state.curriculum.lab(&id) else {
        return Err(unknown_lab(&state, &id));
    };
    let snapshot = state.snapshot().await?;
    let today_key = state.now().today();
    cached(&snapshot, &page, today_key, || {
        let lang = page.lang;
        let learner = snapshot.learner(&state.curriculum);
        let status = lab_status(&learner, lab);
        let template = LabPage {
            layout: page.layout(&state, lab.title.get(lang), "labs"),
            id: lab.id.clone(),
            title: lab.title.get(lang).to_owned(),
            summary: lab.summary.get(lang).to_owned(),
            status: status.as_str(),
            status_label: i18n::status(lang, status),
            topics: lab
                .topics
                .iter()
                .map(|id| {
                    let title = match state.curriculum.find(id) {
                        Some(Item::Topic(t)) => t.topic.title.get(lang).to_owned(),
                        _ => id.clone(),
                    };
                    (id.clone(), title)
                })
                .collect(),
            practice: lab
                .practice
                .iter()
                .map(|id| {
                    let status = learner.status(id);
                    (id.clone(), status.as_str(), i18n::status(lang, status))
                })
                .collect(),
            datasets: lab.datasets.clone(),
            runs_list: snapshot
                .runs_of(&lab.id)
                .rev()
                .map(|run| run_row(lang, Some(lab), run, snapshot.offset))
                .collect(),
        };
        Ok(template.render()?)
    })
}

/// A metric beside its reference.
#[derive(Debug)]
pub struct MetricRow {
    pub name: String,
    pub ours: String,
    pub reference: String,
    pub source: String,
    pub ratio: String,
}

/// A file of the run; a plot written in several formats (`loss.svg`, `loss.png`) is shown
/// once, the SVG preferred, the other formats linked under it.
#[derive(Debug)]
pub struct ArtifactView {
    pub name: String,
    pub href: String,
    pub other_formats: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "run.html", whitespace = "minimize")]
struct RunPage {
    layout: Layout,
    lab: String,
    lab_title: String,
    n: usize,
    heading: String,
    when: String,
    seconds: String,
    out: String,
    report_ok: bool,
    report_error: String,
    dataset: String,
    seed: String,
    mode: &'static str,
    metrics: Vec<MetricRow>,
    plots: Vec<ArtifactView>,
    files: Vec<ArtifactView>,
    prev: Option<usize>,
    next: Option<usize>,
}

pub fn find_run<'a>(
    state: &Shared,
    snapshot: &'a Snapshot,
    id: &str,
    n: &str,
) -> Result<&'a Run, WebError> {
    if state.curriculum.lab(id).is_none() && snapshot.runs_of(id).next().is_none() {
        return Err(unknown_lab(state, id));
    }
    n.parse::<usize>()
        .ok()
        .and_then(|n| snapshot.run(id, n))
        .ok_or_else(|| {
            WebError::not_found(Msg::new(
                format!("实验 {id} 没有第 {n} 次运行。"),
                format!("Lab {id} has no run {n}."),
            ))
        })
}

/// `GET /labs/{id}/runs/{n}`.
pub async fn run(
    State(state): State<Arc<Shared>>,
    page: Page,
    Path((id, n)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let snapshot = state.snapshot().await?;
    let today_key = state.now().today();
    cached(&snapshot, &page, today_key, || {
        let run = find_run(&state, &snapshot, &id, &n)?;
        let lang = page.lang;
        let s = page.s();
        let lab_title = state
            .curriculum
            .lab(&id)
            .map_or(id.clone(), |lab| lab.title.get(lang).to_owned());
        let heading = format!("{lab_title} · {}", i18n::run_n(lang, run.n));
        let count = snapshot.runs_of(&id).count();
        let mut template = RunPage {
            layout: page.layout(&state, heading.clone(), "labs"),
            lab: id.clone(),
            lab_title,
            n: run.n,
            heading,
            when: local(run.at, snapshot.offset),
            seconds: format!("{:.2}", run.seconds),
            out: run.out.display().to_string(),
            report_ok: run.report.is_ok(),
            report_error: String::new(),
            dataset: String::new(),
            seed: String::new(),
            mode: "",
            metrics: Vec::new(),
            plots: Vec::new(),
            files: Vec::new(),
            prev: (run.n > 1).then(|| run.n - 1),
            next: (run.n < count).then(|| run.n + 1),
        };
        match &run.report {
            Ok(report) => {
                template.dataset = report.dataset.clone();
                template.seed = report.seed.to_string();
                template.mode = if report.quick { s.quick } else { s.full };
                template.metrics = report
                    .metrics
                    .iter()
                    .map(|(name, value)| {
                        let reference = report.reference.get(name);
                        MetricRow {
                            name: name.clone(),
                            ours: format_number(*value),
                            reference: reference.map_or(String::new(), |r| format_number(r.value)),
                            source: reference.map_or(String::new(), |r| r.source.clone()),
                            ratio: reference
                                .filter(|r| r.value != 0.0)
                                .map_or(String::new(), |r| format!("{:.4}", value / r.value)),
                        }
                    })
                    .collect();
                // A name that is not a plain relative path is never served: no link to it either.
                let href = |name: &str| {
                    format!(
                        "/labs/{id}/runs/{}/files/{}",
                        run.n,
                        artifacts::encode_path(name)
                    )
                };
                let stem = |name: &str| {
                    name.rsplit_once('.')
                        .map_or(name, |(stem, _)| stem)
                        .to_owned()
                };
                let mut images: Vec<&String> = report
                    .artifacts
                    .iter()
                    .filter(|name| artifacts::plain_relative(name) && artifacts::is_image(name))
                    .collect();
                // SVG first, so it is the one shown.
                images.sort_by_key(|name| !name.to_ascii_lowercase().ends_with(".svg"));
                for name in images {
                    match template
                        .plots
                        .iter_mut()
                        .find(|plot| stem(&plot.name) == stem(name))
                    {
                        Some(plot) => plot.other_formats.push((name.clone(), href(name))),
                        None => template.plots.push(ArtifactView {
                            name: name.clone(),
                            href: href(name),
                            other_formats: Vec::new(),
                        }),
                    }
                }
                // Keep the report's order of plots.
                template.plots.sort_by_key(|plot| {
                    report
                        .artifacts
                        .iter()
                        .position(|name| stem(name) == stem(&plot.name))
                });
                template.files = report
                    .artifacts
                    .iter()
                    .filter(|name| artifacts::plain_relative(name) && !artifacts::is_image(name))
                    .map(|name| ArtifactView {
                        name: name.clone(),
                        href: href(name),
                        other_formats: Vec::new(),
                    })
                    .collect();
            }
            Err(err) => template.report_error = err.clone(),
        }
        Ok(template.render()?)
    })
}
