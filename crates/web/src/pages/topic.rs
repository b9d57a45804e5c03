//! `/topics/{id}`: one topic in full (summary, outcomes, prerequisites, tools, resources,
//! practice tasks, the labs and exercises that teach it, your log on it), with the forms that
//! change its status and log time. Also the forms' POST handlers, which write through
//! [`crate::writes`] and redirect back (303).
//!
//! An alias resolves to the topic's page; a practice task's id to its topic's page at the
//! task; a stage or module id to the roadmap. An unknown id is a 404 with the nearest ids.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use llmpath_content::{Item, TopicRef};
use llmpath_progress::Status;
use serde::Deserialize;

use super::{TopicLink, cached, local_path, topic_link};
use crate::error::{self, WebError};
use crate::i18n;
use crate::layout::{Layout, Page};
use crate::{Shared, writes};

#[derive(Debug)]
pub struct ResourceView {
    pub title: String,
    pub url: String,
    pub kind: &'static str,
    pub lang: &'static str,
    pub free: bool,
}

#[derive(Debug)]
pub struct PracticeView {
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub status_label: &'static str,
}

#[derive(Debug)]
pub struct StudyView {
    pub date: String,
    pub time: String,
    pub note: String,
}

/// A button of the status form.
#[derive(Debug)]
pub struct StatusButton {
    pub value: &'static str,
    pub label: &'static str,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "topic.html", whitespace = "minimize")]
struct TopicPage {
    layout: Layout,
    id: String,
    title: String,
    stage_number: u32,
    stage_title: String,
    module_id: String,
    module_title: String,
    status: &'static str,
    status_label: &'static str,
    since: Option<String>,
    summary: String,
    hours: u32,
    logged: String,
    outcomes: Vec<String>,
    prerequisites: Vec<TopicLink>,
    unmet: Vec<String>,
    tools: Vec<(String, String, String)>,
    resources: Vec<ResourceView>,
    practice: Vec<PracticeView>,
    practice_options: Vec<(&'static str, &'static str)>,
    labs: Vec<(String, String)>,
    exercises: Vec<(String, String)>,
    studies: Vec<StudyView>,
    buttons: Vec<StatusButton>,
    log_action: String,
    log_back: String,
    log_pick_topic: bool,
    topics: Vec<(String, String)>,
}

/// `GET /topics/{id}`.
pub async fn page(
    State(state): State<Arc<Shared>>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let curriculum = &state.curriculum;
    let topic = match curriculum.find(&id) {
        Some(Item::Topic(topic)) if topic.topic.id == id => topic,
        // An alias: the topic's own address.
        Some(Item::Topic(topic)) => {
            return Ok(Redirect::to(&format!("/topics/{}", topic.topic.id)).into_response());
        }
        Some(Item::Practice(topic, practice)) => {
            let to = format!("/topics/{}#practice-{}", topic.topic.id, practice.id);
            return Ok(Redirect::to(&to).into_response());
        }
        Some(Item::Stage(stage)) => {
            return Ok(Redirect::to(&format!(
                "/roadmap?stage={}#outline-{}",
                stage.number, stage.id
            ))
            .into_response());
        }
        Some(Item::Module(stage, module)) => {
            let to = format!("/roadmap?stage={}#outline-{}", stage.number, module.id);
            return Ok(Redirect::to(&to).into_response());
        }
        None => return Err(error::unknown_topic(curriculum, &id)),
    };
    let snapshot = state.snapshot().await?;
    let today_key = state.now().today();
    cached(&snapshot, &page, today_key, || {
        let lang = page.lang;
        let s = page.s();
        let learner = snapshot.learner(curriculum);
        let TopicRef {
            stage,
            module,
            topic: t,
        } = topic;
        let status = learner.status(&t.id);
        let since = learner.entry(&t.id).map(|entry| {
            entry
                .since
                .with_timezone(&snapshot.offset)
                .format("%Y-%m-%d")
                .to_string()
        });
        let prerequisites = t
            .prerequisites
            .iter()
            .filter_map(|id| match curriculum.find(id) {
                Some(Item::Topic(p)) => Some(topic_link(lang, &learner, p)),
                _ => None,
            })
            .collect();
        let studies = snapshot
            .studies_by_topic
            .get(&t.id)
            .map(|list| {
                list.iter()
                    .map(|study| StudyView {
                        date: study
                            .at
                            .with_timezone(&snapshot.offset)
                            .format("%Y-%m-%d %H:%M")
                            .to_string(),
                        time: i18n::minutes(lang, study.minutes),
                        note: study.note.clone().unwrap_or_default(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let template = TopicPage {
            layout: page.layout(&state, t.title.get(lang), "roadmap"),
            id: t.id.clone(),
            title: t.title.get(lang).to_owned(),
            stage_number: stage.number,
            stage_title: stage.title.get(lang).to_owned(),
            module_id: module.id.clone(),
            module_title: module.title.get(lang).to_owned(),
            status: status.as_str(),
            status_label: i18n::status(lang, status),
            since,
            summary: t.summary.get(lang).to_owned(),
            hours: t.hours,
            logged: i18n::minutes(lang, snapshot.time.topic(&t.id)),
            outcomes: t.outcomes.iter().map(|o| o.get(lang).to_owned()).collect(),
            prerequisites,
            unmet: learner
                .unmet_prerequisites(t)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            tools: t
                .tools
                .iter()
                .map(|tool| (tool.seed.clone(), tool.rust.clone(), tool.url.clone()))
                .collect(),
            resources: t
                .resources
                .iter()
                .map(|r| ResourceView {
                    title: r.title.clone(),
                    url: r.url.clone(),
                    kind: i18n::resource_kind(lang, r.kind),
                    lang: match r.lang {
                        llmpath_content::ResourceLang::En => "EN",
                        llmpath_content::ResourceLang::Zh => "中文",
                        llmpath_content::ResourceLang::Multi => "EN / 中文",
                    },
                    free: r.free,
                })
                .collect(),
            practice: t
                .practice
                .iter()
                .map(|p| {
                    let status = learner.status(&p.id);
                    PracticeView {
                        id: p.id.clone(),
                        title: p.title.get(lang).to_owned(),
                        kind: i18n::practice_kind(lang, p.kind),
                        status: status.as_str(),
                        status_label: i18n::status(lang, status),
                    }
                })
                .collect(),
            practice_options: Status::ALL
                .into_iter()
                .map(|status| (status.as_str(), i18n::status(lang, status)))
                .collect(),
            labs: curriculum
                .labs
                .iter()
                .filter(|lab| lab.topics.contains(&t.id))
                .map(|lab| (lab.id.clone(), lab.title.get(lang).to_owned()))
                .collect(),
            exercises: curriculum
                .exercises
                .iter()
                .filter(|e| e.topic == t.id)
                .map(|e| (e.id.clone(), e.title.get(lang).to_owned()))
                .collect(),
            studies,
            buttons: [
                (Status::Learning, s.mark_learning),
                (Status::Done, s.mark_done),
                (Status::Skipped, s.mark_skipped),
                (Status::Pending, s.mark_pending),
            ]
            .into_iter()
            .map(|(value, label)| StatusButton {
                value: value.as_str(),
                label,
                current: value == status,
            })
            .collect(),
            log_action: format!("/topics/{}/log", t.id),
            log_back: format!("/topics/{}", t.id),
            log_pick_topic: false,
            topics: Vec::new(),
        };
        Ok(template.render()?)
    })
}

/// The status form: `csrf`, `status`, optional `back` (a local path to return to).
#[derive(Debug, Deserialize)]
pub struct StatusForm {
    csrf: Option<String>,
    status: Option<String>,
    back: Option<String>,
}

fn unreadable_form(rejection: FormRejection) -> WebError {
    WebError::bad_request(
        format!("无法读取表单：{rejection}"),
        format!("The form cannot be read: {rejection}"),
    )
}

/// `POST /topics/{id}/status` (a topic or practice-task id).
pub async fn set_status(
    State(state): State<Arc<Shared>>,
    Path(id): Path<String>,
    form: Result<Form<StatusForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(unreadable_form)?;
    state.csrf.check(form.csrf.as_deref())?;
    let status = writes::parse_status(form.status.as_deref().unwrap_or(""))?;
    let now = state.now();
    let marked = state
        .write(move |shared, store| writes::mark(shared, store, &id, status, now))
        .await?;
    let to = local_path(form.back.as_deref()).unwrap_or_else(|| {
        if marked.id == marked.topic {
            format!("/topics/{}", marked.topic)
        } else {
            format!("/topics/{}#practice-{}", marked.topic, marked.id)
        }
    });
    Ok(Redirect::to(&to).into_response())
}

/// The log form: `csrf`, `minutes`, optional `topic` (on `/log`), `note`, `back`.
#[derive(Debug, Deserialize)]
pub struct LogForm {
    csrf: Option<String>,
    minutes: Option<String>,
    topic: Option<String>,
    note: Option<String>,
    back: Option<String>,
}

/// `POST /topics/{id}/log`.
pub async fn log_time(
    State(state): State<Arc<Shared>>,
    Path(id): Path<String>,
    form: Result<Form<LogForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(unreadable_form)?;
    record(state, Some(id), form).await
}

/// `POST /log` (the topic, if any, comes in the form).
pub async fn log_time_anywhere(
    State(state): State<Arc<Shared>>,
    form: Result<Form<LogForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(unreadable_form)?;
    let topic = form.topic.clone().filter(|t| !t.trim().is_empty());
    // An unknown topic chosen in a form is bad input, not a missing page.
    record(state, topic, form).await.map_err(|err| match err {
        WebError::NotFound { message, .. } => WebError::BadRequest(message),
        other => other,
    })
}

async fn record(
    state: Arc<Shared>,
    topic: Option<String>,
    form: LogForm,
) -> Result<Response, WebError> {
    state.csrf.check(form.csrf.as_deref())?;
    let minutes = writes::parse_minutes(form.minutes.as_deref().unwrap_or(""))?;
    let note = writes::parse_note(form.note.as_deref())?;
    let topic = topic
        .map(|id| writes::topic_of(&state.curriculum, id.trim()))
        .transpose()?;
    let now = state.now();
    let on = topic.clone();
    state
        .write(move |_, store| writes::log(store, minutes, on.as_deref(), note.as_deref(), now))
        .await?;
    let to = local_path(form.back.as_deref()).unwrap_or_else(|| match &topic {
        Some(topic) => format!("/topics/{topic}"),
        None => "/".to_owned(),
    });
    Ok(Redirect::to(&to).into_response())
}
