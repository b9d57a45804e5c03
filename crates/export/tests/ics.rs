//! The iCalendar export, read back with an independent parser (the `icalendar` crate).
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use icalendar::parser::{Component, read_calendar, unfold};
use llmpath_export::ics;
use llmpath_plan::{Calendar, CalendarEvent};

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

const TRICKY_SUMMARY: &str = "学习：线性代数, 第 1 阶段; 矩阵\n复习 \\ 笔记";

fn long_description() -> String {
    let mut d = String::from("今天的目标：理解矩阵乘法、特征值与奇异值分解（SVD）。");
    d.push_str("Read chapter 2, then do the lab; write notes, one line per idea.\n");
    d.push_str(&"从零实现 SVD，并与 NumPy 的结果对比。".repeat(4));
    d
}

fn events() -> Vec<CalendarEvent> {
    vec![
        CalendarEvent {
            uid: "topic-linear-algebra-2025-03-10@llmpath".into(),
            // 19:30 in Shanghai is 11:30 UTC.
            start: at(2025, 3, 10, 11, 30),
            end: at(2025, 3, 10, 13, 0),
            summary: TRICKY_SUMMARY.into(),
            description: long_description(),
            url: Some("https://www.youtube.com/playlist?list=PLZHQObOWTQDPD3MizzM2xVFitgF8hE_ab&si=llmpath".into()),
        },
        CalendarEvent {
            uid: "lab-matrix-lab-2025-03-11@llmpath".into(),
            start: at(2025, 3, 11, 11, 30),
            end: at(2025, 3, 11, 12, 30),
            summary: "Lab: matrix multiply from scratch".into(),
            description: "Run `llmpath lab matrix-lab`.".into(),
            url: None,
        },
    ]
}

fn calendar(sequence: u32, stamp: DateTime<Utc>) -> Calendar {
    Calendar {
        name: "llmpath 学习计划".into(),
        stamp,
        sequence,
        events: events(),
    }
}

fn vevents<'a>(parsed: &'a icalendar::parser::Calendar<'a>) -> Vec<&'a Component<'a>> {
    parsed
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect()
}

fn prop<'a>(component: &'a Component<'a>, name: &str) -> &'a str {
    component
        .find_prop(name)
        .unwrap_or_else(|| panic!("no {name}"))
        .val
        .as_str()
}

fn utc(value: &str) -> DateTime<Utc> {
    NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%SZ")
        .unwrap()
        .and_utc()
}

#[test]
fn events_survive_a_round_trip_through_an_independent_parser() {
    let cal = calendar(3, at(2025, 3, 1, 8, 0));
    let text = ics::render(&cal);
    let unfolded = unfold(&text);
    let parsed = read_calendar(&unfolded).unwrap();

    let calendar_prop = |name: &str| {
        parsed
            .properties
            .iter()
            .find(|p| p.name == name)
            .unwrap()
            .val
            .as_str()
            .to_owned()
    };
    assert_eq!(calendar_prop("VERSION"), "2.0");
    assert_eq!(calendar_prop("PRODID"), "-//llmpath//llmpath//EN");
    assert_eq!(calendar_prop("CALSCALE"), "GREGORIAN");
    assert_eq!(calendar_prop("METHOD"), "PUBLISH");
    assert_eq!(calendar_prop("X-WR-CALNAME"), "llmpath 学习计划");

    let parsed_events = vevents(&parsed);
    assert_eq!(parsed_events.len(), cal.events.len());
    for (parsed, event) in parsed_events.iter().zip(&cal.events) {
        assert_eq!(prop(parsed, "UID"), event.uid);
        assert_eq!(utc(prop(parsed, "DTSTART")), event.start);
        assert_eq!(utc(prop(parsed, "DTEND")), event.end);
        assert_eq!(utc(prop(parsed, "DTSTAMP")), cal.stamp);
        assert_eq!(prop(parsed, "SEQUENCE"), "3");
        assert_eq!(prop(parsed, "SUMMARY"), event.summary);
        assert_eq!(prop(parsed, "DESCRIPTION"), event.description);
        assert_eq!(
            parsed.find_prop("URL").map(|p| p.val.as_str()),
            event.url.as_deref()
        );
    }
    assert_eq!(prop(parsed_events[0], "SUMMARY"), TRICKY_SUMMARY);
}

#[test]
fn text_values_are_escaped_on_the_wire() {
    let text = unfold(&ics::render(&calendar(1, at(2025, 3, 1, 8, 0))));
    assert!(text.contains(r"SUMMARY:学习：线性代数\, 第 1 阶段\; 矩阵\n复习 \\ 笔记"));
    assert!(text.contains("DTSTART:20250310T113000Z\r\n"));
    assert!(text.contains("DTEND:20250310T130000Z\r\n"));
}

#[test]
fn lines_are_crlf_and_folded_within_75_octets_on_char_boundaries() {
    let text = ics::render(&calendar(1, at(2025, 3, 1, 8, 0)));
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'), "bare LF");
    assert!(!text.replace("\r\n", "").contains('\r'), "bare CR");

    let physical: Vec<&str> = text.split("\r\n").collect();
    for line in &physical {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    // The long description really was folded, and unfolding restores it exactly.
    let continuations = physical.iter().filter(|l| l.starts_with(' ')).count();
    assert!(continuations >= 4, "{continuations} continuation lines");
    let description = unfold(&text)
        .split("\r\n")
        .find(|l| l.starts_with("DESCRIPTION:"))
        .unwrap()
        .to_owned();
    let folded_start = physical
        .iter()
        .position(|l| l.starts_with("DESCRIPTION:"))
        .unwrap();
    assert!(physical[folded_start + 1].starts_with(' '));
    assert!(description.contains("与 NumPy 的结果对比。从零实现 SVD"));
}

#[test]
fn uids_are_stable_across_renders() {
    let uids = |cal: &Calendar| -> Vec<String> {
        let text = unfold(&ics::render(cal));
        let parsed = read_calendar(&text).unwrap();
        vevents(&parsed)
            .iter()
            .map(|e| prop(e, "UID").to_owned())
            .collect()
    };
    let first = calendar(1, at(2025, 3, 1, 8, 0));
    let replanned = calendar(2, at(2025, 3, 8, 9, 15));
    assert_eq!(uids(&first), uids(&replanned));
    assert_eq!(ics::render(&first), ics::render(&first), "deterministic");
}
