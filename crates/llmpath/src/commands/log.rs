//! `llmpath log DURATION [--topic ID] [--note TEXT]`: add a study session to the log.

use anyhow::{Result, bail};
use llmpath_content::Item;
use llmpath_progress::stats;
use serde_json::json;

use super::print_json;
use crate::app::{App, Clock};
use crate::duration::{format_minutes, parse_minutes};

pub fn run(app: &App, duration: &str, topic: Option<&str>, note: Option<&str>) -> Result<()> {
    let minutes = parse_minutes(duration)?;
    let topic = match topic {
        None => None,
        Some(id) => match app.find(id)? {
            Item::Topic(topic) => Some(topic.topic.id.clone()),
            Item::Practice(topic, _) => Some(topic.topic.id.clone()),
            Item::Stage(_) | Item::Module(..) => {
                bail!(
                    "--topic takes a topic id, and {id:?} is a stage or module; `llmpath show {id}` lists its topics"
                )
            }
        },
    };
    let note = note.map(str::trim).filter(|note| !note.is_empty());
    let clock = Clock::read()?;
    let mut store = app.store()?;
    let event = store.record_study(minutes, topic.as_deref(), note, clock.now)?;
    let events = store.events()?;
    let week = stats::minutes_in_week(&events, &clock.offset, clock.today);

    if app.json {
        return print_json(&json!({
            "schema": "llmpath.log/1",
            "event": event,
            "minutes_this_week": week,
        }));
    }
    let on = topic.map(|t| format!(" ({t})")).unwrap_or_default();
    outln!(
        "{} {}{on}. {} {}",
        app.t("已记录", "Logged"),
        format_minutes(minutes),
        app.t("本周合计", "This week:"),
        format_minutes(week)
    );
    Ok(())
}
