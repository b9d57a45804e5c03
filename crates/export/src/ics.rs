//! The calendar as iCalendar (RFC 5545): one VEVENT per planned session.
//!
//! Times are written in UTC form (`19970714T173000Z`). The planner has already turned the
//! learner's local study time into UTC for each day, so events stay at the right local time
//! across daylight-saving changes without a VTIMEZONE.
//!
//! UIDs come from the planner and are stable across re-plans; DTSTAMP and SEQUENCE come from
//! the calendar, so a re-import moves events instead of duplicating them.
//!
//! Output is CRLF-terminated, TEXT values are escaped (`\\ \; \, \n`), and content lines are
//! folded at 75 octets on UTF-8 character boundaries, continuation lines starting with a space.
//!
//! References: RFC 5545 §3.1 (folding), §3.3.5 (DATE-TIME), §3.3.11 (TEXT), §3.6.1 (VEVENT).

use chrono::{DateTime, Utc};
use llmpath_plan::{Calendar, CalendarEvent};

/// Longest content line, in octets, not counting the CRLF.
const MAX_LINE_OCTETS: usize = 75;

/// The calendar as an `.ics` file. Deterministic: the same calendar gives the same bytes.
pub fn render(calendar: &Calendar) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//llmpath//llmpath//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(
        &mut out,
        &format!("X-WR-CALNAME:{}", escape_text(&calendar.name)),
    );
    for event in &calendar.events {
        render_event(&mut out, event, calendar);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn render_event(out: &mut String, event: &CalendarEvent, calendar: &Calendar) {
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{}", escape_text(&event.uid)));
    line(out, &format!("DTSTAMP:{}", utc(calendar.stamp)));
    line(out, &format!("SEQUENCE:{}", calendar.sequence));
    line(out, &format!("DTSTART:{}", utc(event.start)));
    line(out, &format!("DTEND:{}", utc(event.end)));
    line(out, &format!("SUMMARY:{}", escape_text(&event.summary)));
    if !event.description.is_empty() {
        line(
            out,
            &format!("DESCRIPTION:{}", escape_text(&event.description)),
        );
    }
    if let Some(url) = &event.url {
        // A URI is not TEXT: no escaping, but it may hold no control characters.
        let url: String = url.trim().chars().filter(|c| !c.is_control()).collect();
        if !url.is_empty() {
            line(out, &format!("URL:{url}"));
        }
    }
    line(out, "END:VEVENT");
}

/// DATE-TIME in UTC form: `19970714T173000Z`.
fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value: `\` `;` `,` and newlines (any of CRLF, CR, LF become `\n`);
/// other control characters, which TEXT may not hold, are dropped (tab is kept).
pub(crate) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded, with its CRLF.
fn line(out: &mut String, content: &str) {
    out.push_str(&fold(content));
    out.push_str("\r\n");
}

/// Folds a content line so no physical line exceeds 75 octets: breaks fall between UTF-8
/// characters, and each continuation line starts with one space (which counts toward 75).
pub(crate) fn fold(content: &str) -> String {
    let mut out = String::with_capacity(content.len() + content.len() / 37);
    let mut octets = 0;
    for c in content.chars() {
        if octets + c.len_utf8() > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            octets = 1;
        }
        out.push(c);
        octets += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_text_escapes_specials_and_newlines() {
        assert_eq!(
            escape_text("a\\b;c,d\r\ne\nf\rg\u{7}"),
            r"a\\b\;c\,d\ne\nf\ng"
        );
    }

    #[test]
    fn fold_keeps_lines_within_75_octets_and_chars_whole() {
        let text = format!("SUMMARY:{}", "学".repeat(60));
        let folded = fold(&text);
        for physical in folded.split("\r\n") {
            assert!(physical.len() <= MAX_LINE_OCTETS, "{physical:?}");
        }
        assert_eq!(folded.replace("\r\n ", ""), text);
    }

    #[test]
    fn short_lines_are_not_folded() {
        let text = "x".repeat(75);
        assert_eq!(fold(&text), text);
    }
}
