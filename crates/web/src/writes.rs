//! The dashboard's two writes, shared by the forms and the JSON API. Both go through
//! `llmpath_progress::Store` exactly as `llmpath start|done|skip|reset` and `llmpath log` do:
//! the same id resolution (aliases, practice tasks), the same "no event when nothing changes",
//! the same validation (1–1440 minutes), with `web` as the events' source.

use std::convert::Infallible;

use llmpath_content::{Curriculum, Item};
use llmpath_progress::{Event, MAX_MINUTES, Status, Store};
use llmpath_state::mark::MarkError;

use crate::error::{self, WebError};
use crate::{Now, Shared};

/// Longest note the dashboard accepts with a study session.
pub const MAX_NOTE_CHARS: usize = 2000;

/// What a status change did (the API's `llmpath.api.mark/1`): the CLI's own result type.
pub use llmpath_state::mark::Marked;

/// A status name from a form or JSON.
pub fn parse_status(text: &str) -> Result<Status, WebError> {
    text.trim().parse::<Status>().map_err(|_| {
        WebError::bad_request(
            format!("未知的状态 “{text}”：应为 pending、learning、done 或 skipped。"),
            format!("Unknown status “{text}”: use pending, learning, done or skipped."),
        )
    })
}

/// Minutes from a form: a whole number from 1 to 1440.
pub fn parse_minutes(text: &str) -> Result<u32, WebError> {
    match text.trim().parse::<u32>() {
        Ok(minutes) => check_minutes(minutes),
        Err(_) => Err(minutes_error(text)),
    }
}

pub fn check_minutes(minutes: u32) -> Result<u32, WebError> {
    if (1..=MAX_MINUTES).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(minutes_error(&minutes.to_string()))
    }
}

fn minutes_error(text: &str) -> WebError {
    WebError::bad_request(
        format!("分钟数 “{text}” 无效：请填写 1 到 {MAX_MINUTES} 之间的整数。"),
        format!(
            "“{text}” is not a number of minutes: give a whole number from 1 to {MAX_MINUTES}."
        ),
    )
}

/// A note: trimmed, empty means none, at most [`MAX_NOTE_CHARS`] characters.
pub fn parse_note(text: Option<&str>) -> Result<Option<String>, WebError> {
    let Some(note) = text.map(str::trim).filter(|note| !note.is_empty()) else {
        return Ok(None);
    };
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(WebError::bad_request(
            format!("备注太长：最多 {MAX_NOTE_CHARS} 个字符。"),
            format!("The note is too long: at most {MAX_NOTE_CHARS} characters."),
        ));
    }
    Ok(Some(note.to_owned()))
}

/// The topic a path or form names (a practice task names its topic), as `llmpath log --topic`
/// resolves it.
pub fn topic_of(curriculum: &Curriculum, id: &str) -> Result<String, WebError> {
    match curriculum.find(id) {
        Some(Item::Topic(topic)) | Some(Item::Practice(topic, _)) => Ok(topic.topic.id.clone()),
        Some(Item::Stage(_) | Item::Module(..)) => Err(WebError::bad_request(
            format!("“{id}” 是阶段或模块：请选择其中的一个主题。"),
            format!("“{id}” is a stage or module: choose one of its topics."),
        )),
        None => Err(error::unknown_topic(curriculum, id)),
    }
}

/// Sets the status of a topic or practice task; records an event only when it changes. The
/// rules are `llmpath_state::mark::mark`, the function behind `llmpath start|done|skip|reset`.
pub fn mark(
    shared: &Shared,
    store: &mut Store,
    id: &str,
    status: Status,
    now: Now,
) -> Result<Marked, WebError> {
    let curriculum = &shared.curriculum;
    let snapshot = shared.cache.get(curriculum, now.offset)?;
    let state = snapshot.learner(curriculum);
    let Some(item) = curriculum.find(id) else {
        return Err(error::unknown_topic(curriculum, id));
    };
    llmpath_state::mark::mark(&state, store, item, status, || Ok(now.now)).map_err(|err: MarkError<Infallible>| match err {
        MarkError::StageOrModule => WebError::bad_request(
            format!("“{id}” 是阶段或模块：请标记其中的主题或练习任务（主题都完成时阶段即完成）。"),
            format!(
                "“{id}” is a stage or module: mark its topics or practice tasks instead (a stage is done when its topics are)."
            ),
        ),
        MarkError::Clock(never) => match never {},
        MarkError::Store(err) => err.into(),
    })
}

/// Records a study session, optionally on a topic (already resolved by [`topic_of`]).
pub fn log(
    store: &mut Store,
    minutes: u32,
    topic: Option<&str>,
    note: Option<&str>,
    now: Now,
) -> Result<Event, WebError> {
    Ok(store.record_study(check_minutes(minutes)?, topic, note, now.now)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_values_are_checked_like_the_cli_checks_them() {
        assert_eq!(parse_minutes(" 90 ").ok(), Some(90));
        for bad in ["0", "1441", "-5", "1.5", "abc", ""] {
            assert!(
                matches!(parse_minutes(bad), Err(WebError::BadRequest(_))),
                "{bad}"
            );
        }
        assert_eq!(parse_status("done").ok(), Some(Status::Done));
        assert!(parse_status("finished").is_err());
        assert_eq!(parse_note(Some("  ")).ok(), Some(None));
        assert!(parse_note(Some(&"x".repeat(MAX_NOTE_CHARS + 1))).is_err());
    }
}
