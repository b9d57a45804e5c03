//! One module per page. Each handler reads the cached [`crate::snapshot::Snapshot`], builds a
//! small view struct of already-translated strings and renders its template.
//!
//! Element ids and `data-testid`s are stable (end-to-end tests click them): the navigation is
//! `nav-home`, `nav-roadmap`, …, the language switch `lang-switch`, every page's `<h1>` is
//! `page-title`; the rest is listed in each template.

pub mod exercises;
pub mod home;
pub mod labs;
pub mod plan;
pub mod roadmap;
pub mod stats;
pub mod topic;

use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use llmpath_content::{Lang, TopicRef};
use llmpath_plan::{Session, SessionKind};
use llmpath_progress::Status;
use llmpath_state::{Completion, LearnerState};

use crate::error::WebError;
use crate::i18n;
use crate::layout::Page;
use crate::snapshot::Snapshot;

/// A page as `render` makes it, or as it was made from this snapshot before: a page depends
/// only on the snapshot, the language, the local date and its address (query included). It is
/// sent gzipped to a client that takes gzip (compressed once, then cached too).
pub fn cached(
    snapshot: &Snapshot,
    page: &Page,
    today: NaiveDate,
    render: impl FnOnce() -> Result<String, WebError>,
) -> Result<Response, WebError> {
    let key = format!("{}|{today}|{}", page.lang.code(), page.uri);
    let cached = match snapshot.cached_page(&key) {
        Some(cached) => cached,
        None => snapshot.cache_page(key, Bytes::from(render()?)),
    };
    let gzip = page.gzip.then(|| cached.gzip()).flatten();
    let mut response = Html(gzip.unwrap_or(&cached.html).clone()).into_response();
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if gzip.is_some() {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    Ok(response)
}

/// A topic as lists show it.
#[derive(Debug)]
pub struct TopicLink {
    pub id: String,
    pub title: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub hours: u32,
}

pub fn topic_link(lang: Lang, state: &LearnerState<'_>, topic: TopicRef<'_>) -> TopicLink {
    let status = state.status(&topic.topic.id);
    TopicLink {
        id: topic.topic.id.clone(),
        title: topic.topic.title.get(lang).to_owned(),
        status: status.as_str(),
        status_label: i18n::status(lang, status),
        hours: topic.topic.hours,
    }
}

/// Completion of a stage (or the whole path) as a progress bar shows it.
#[derive(Debug)]
pub struct CompletionView {
    pub id: String,
    pub number: u32,
    pub title: String,
    pub percent: u32,
    pub done: usize,
    pub topics: usize,
    pub text: String,
    /// The status a roadmap node of it gets: done when complete, learning when started.
    pub status: &'static str,
}

pub fn completion_view(
    lang: Lang,
    id: &str,
    number: u32,
    title: &str,
    completion: &Completion,
) -> CompletionView {
    CompletionView {
        id: id.to_owned(),
        number,
        title: title.to_owned(),
        percent: completion.percent(),
        done: completion.done,
        topics: completion.topics,
        text: i18n::topics_done(lang, completion.done, completion.topics),
        status: aggregate_status(completion).as_str(),
    }
}

/// A stage or module is done when all its topics are cleared, learning once one is started.
pub fn aggregate_status(completion: &Completion) -> Status {
    if completion.topics > 0 && completion.is_complete() {
        Status::Done
    } else if completion.done + completion.learning > 0 {
        Status::Learning
    } else {
        Status::Pending
    }
}

/// A planned session in words.
#[derive(Debug)]
pub struct SessionView {
    pub kind: &'static str,
    pub date: String,
    pub title: String,
    /// The topic page, for topic sessions.
    pub href: Option<String>,
    pub time: String,
    /// ` (2/3)` when the item has several sessions.
    pub part: String,
    pub status: &'static str,
    pub status_label: &'static str,
}

pub fn session_view(
    lang: Lang,
    curriculum: &llmpath_content::Curriculum,
    state: &LearnerState<'_>,
    session: &Session,
) -> SessionView {
    let s = i18n::strings(lang);
    let (kind, title, href) = match session.kind {
        SessionKind::Topic => (
            "topic",
            match curriculum.find(&session.item) {
                Some(llmpath_content::Item::Topic(t)) => t.topic.title.get(lang).to_owned(),
                _ => session.item.clone(),
            },
            Some(format!("/topics/{}", session.item)),
        ),
        SessionKind::Coding => ("coding", s.coding_session.to_owned(), None),
        SessionKind::Paper => (
            "paper",
            format!(
                "{} {}",
                s.paper_session,
                curriculum
                    .paper(&session.item)
                    .map_or(session.item.as_str(), |p| p.title.as_str())
            ),
            None,
        ),
        SessionKind::MindMap => {
            let module = curriculum
                .stages
                .iter()
                .flat_map(|stage| &stage.modules)
                .find(|module| module.id == session.item)
                .map_or(session.item.clone(), |module| {
                    module.title.get(lang).to_owned()
                });
            ("mind-map", format!("{} {module}", s.mind_map_session), None)
        }
    };
    let status = match session.kind {
        SessionKind::Topic => state.status(&session.item),
        _ => Status::Pending,
    };
    SessionView {
        kind,
        date: session.date.to_string(),
        title,
        href,
        time: i18n::minutes(lang, session.minutes),
        part: if session.parts > 1 {
            format!(" ({}/{})", session.part, session.parts)
        } else {
            String::new()
        },
        status: status.as_str(),
        status_label: i18n::status(lang, status),
    }
}

/// Every topic, for the "log time" form's select: `(id, "S1 · title")`.
pub fn topic_options(
    lang: Lang,
    curriculum: &llmpath_content::Curriculum,
) -> Vec<(String, String)> {
    curriculum
        .topics()
        .map(|t| {
            (
                t.topic.id.clone(),
                format!("{} · {}", t.stage.number, t.topic.title.get(lang)),
            )
        })
        .collect()
}

/// A query parameter that must be a whole number in `range`, or a 400.
pub fn number_param(
    value: Option<&str>,
    name: &str,
    range: std::ops::RangeInclusive<i64>,
) -> Result<Option<i64>, crate::WebError> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    match value.parse::<i64>() {
        Ok(n) if range.contains(&n) => Ok(Some(n)),
        _ => Err(crate::WebError::bad_request(
            format!(
                "参数 {name}=“{value}” 无效：应为 {} 到 {} 之间的整数。",
                range.start(),
                range.end()
            ),
            format!(
                "{name}=“{value}” is not valid: give a whole number from {} to {}.",
                range.start(),
                range.end()
            ),
        )),
    }
}

/// `back` from a form, if it is a path on this site (never another host: no open redirect).
pub fn local_path(back: Option<&str>) -> Option<String> {
    let back = back?.trim();
    let safe = back.starts_with('/')
        && !back.starts_with("//")
        && back.len() <= 512
        && back
            .chars()
            .all(|c| c.is_ascii_graphic() && c != '\\' && c != '"' && c != '<' && c != '>');
    safe.then(|| back.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_stay_on_this_site() {
        assert_eq!(
            local_path(Some("/topics/s1.math.svd")).as_deref(),
            Some("/topics/s1.math.svd")
        );
        for bad in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil",
            "",
            "/a b",
        ] {
            assert_eq!(local_path(Some(bad)), None, "{bad}");
        }
    }

    #[test]
    fn numbers_outside_their_range_are_a_bad_request() {
        assert_eq!(number_param(Some("3"), "week", 1..=10).ok(), Some(Some(3)));
        assert_eq!(number_param(None, "week", 1..=10).ok(), Some(None));
        assert!(number_param(Some("0"), "week", 1..=10).is_err());
        assert!(number_param(Some("x"), "week", 1..=10).is_err());
    }
}
