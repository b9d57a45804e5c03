//! Learning statistics: pure functions over the event log.
//!
//! Days and weeks are the learner's local calendar: a session at 23:30 UTC falls on the next day
//! in UTC+2, so everything that buckets by date takes the time zone. Weeks are ISO 8601 weeks
//! (Monday first; the week-numbering year can differ from the calendar year near New Year).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, TimeZone};

use crate::event::{Event, EventKind, Status};

/// Consecutive days with learning activity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Streak {
    /// The run that ends today, or yesterday when today has nothing yet.
    pub current: u32,
    /// The longest run ever.
    pub longest: u32,
}

fn local_date<Tz: TimeZone>(event: &Event, tz: &Tz) -> NaiveDate {
    event.at.with_timezone(tz).date_naive()
}

/// Study minutes with the event they came from.
fn studies(events: &[Event]) -> impl Iterator<Item = (&Event, u32, Option<&str>)> {
    events.iter().filter_map(|event| match &event.kind {
        EventKind::Study { minutes, topic, .. } => Some((event, *minutes, topic.as_deref())),
        EventKind::Status { .. } => None,
    })
}

/// Local dates with a study event or a status event to Done.
pub fn study_days<Tz: TimeZone>(events: &[Event], tz: &Tz) -> BTreeSet<NaiveDate> {
    events
        .iter()
        .filter(|event| match &event.kind {
            EventKind::Study { .. } => true,
            EventKind::Status { status, .. } => *status == Status::Done,
        })
        .map(|event| local_date(event, tz))
        .collect()
}

/// The current and the longest run of consecutive `days`, as of `today`.
pub fn streak(days: &BTreeSet<NaiveDate>, today: NaiveDate) -> Streak {
    let mut longest = 0;
    let mut run = 0;
    let mut previous: Option<NaiveDate> = None;
    for &day in days {
        run = if previous.and_then(|p| p.succ_opt()) == Some(day) {
            run + 1
        } else {
            1
        };
        longest = longest.max(run);
        previous = Some(day);
    }
    let start = if days.contains(&today) {
        Some(today)
    } else {
        today
            .pred_opt()
            .filter(|yesterday| days.contains(yesterday))
    };
    let mut current = 0;
    let mut day = start;
    while let Some(d) = day.filter(|d| days.contains(d)) {
        current += 1;
        day = d.pred_opt();
    }
    Streak { current, longest }
}

/// Minutes studied in the ISO week (Monday to Sunday, local time) that contains `today`.
pub fn minutes_in_week<Tz: TimeZone>(events: &[Event], tz: &Tz, today: NaiveDate) -> u32 {
    let week = today.iso_week();
    studies(events)
        .filter(|(event, _, _)| local_date(event, tz).iso_week() == week)
        .fold(0, |sum, (_, minutes, _)| sum.saturating_add(minutes))
}

/// Minutes studied per ISO week, keyed by (ISO week-numbering year, week number).
pub fn minutes_per_week<Tz: TimeZone>(events: &[Event], tz: &Tz) -> BTreeMap<(i32, u32), u32> {
    let mut weeks = BTreeMap::new();
    for (event, minutes, _) in studies(events) {
        let week = local_date(event, tz).iso_week();
        let sum: &mut u32 = weeks.entry((week.year(), week.week())).or_default();
        *sum = sum.saturating_add(minutes);
    }
    weeks
}

/// Minutes studied per topic, with topic ids mapped through `canonical` (content aliases) so a
/// renamed topic keeps its minutes. Study events without a topic are not counted here.
pub fn minutes_per_topic(
    events: &[Event],
    canonical: &dyn Fn(&str) -> String,
) -> BTreeMap<String, u32> {
    let mut topics = BTreeMap::new();
    for (_, minutes, topic) in studies(events) {
        if let Some(topic) = topic {
            let sum: &mut u32 = topics.entry(canonical(topic)).or_default();
            *sum = sum.saturating_add(minutes);
        }
    }
    topics
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, FixedOffset, Utc};

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn study(when: &str, minutes: u32, topic: Option<&str>) -> Event {
        Event {
            uid: when.into(),
            at: at(when),
            source: "cli".into(),
            kind: EventKind::Study {
                minutes,
                topic: topic.map(str::to_owned),
                note: None,
            },
        }
    }

    fn status(when: &str, status: Status) -> Event {
        Event {
            kind: EventKind::Status {
                item: "t".into(),
                status,
            },
            ..study(when, 1, None)
        }
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn days(list: &[&str]) -> BTreeSet<NaiveDate> {
        list.iter().map(|d| date(d)).collect()
    }

    #[test]
    fn only_study_and_done_make_a_study_day() {
        let events = [
            study("2025-03-01T10:00:00Z", 30, None),
            status("2025-03-02T10:00:00Z", Status::Learning),
            status("2025-03-03T10:00:00Z", Status::Done),
        ];
        assert_eq!(
            study_days(&events, &Utc),
            days(&["2025-03-01", "2025-03-03"])
        );
    }

    #[test]
    fn study_day_is_the_local_date() {
        let events = [study("2025-03-01T23:30:00Z", 30, None)];
        let plus2 = FixedOffset::east_opt(2 * 3600).unwrap();
        let minus5 = FixedOffset::west_opt(5 * 3600).unwrap();
        assert_eq!(study_days(&events, &plus2), days(&["2025-03-02"]));
        assert_eq!(study_days(&events, &minus5), days(&["2025-03-01"]));
    }

    #[test]
    fn streak_breaks_across_a_gap() {
        let d = days(&[
            "2025-03-01",
            "2025-03-02",
            "2025-03-03",
            // gap: 03-04
            "2025-03-05",
            "2025-03-06",
        ]);
        let s = streak(&d, date("2025-03-06"));
        assert_eq!(
            s,
            Streak {
                current: 2,
                longest: 3
            }
        );
    }

    #[test]
    fn streak_counts_from_yesterday_when_today_is_empty() {
        let d = days(&["2025-03-04", "2025-03-05"]);
        assert_eq!(streak(&d, date("2025-03-06")).current, 2);
        // Two days without activity end the streak.
        assert_eq!(
            streak(&d, date("2025-03-07")),
            Streak {
                current: 0,
                longest: 2
            }
        );
    }

    #[test]
    fn streak_of_nothing_is_zero() {
        assert_eq!(
            streak(&BTreeSet::new(), date("2025-03-07")),
            Streak::default()
        );
    }

    #[test]
    fn week_starts_on_monday() {
        // 2025-03-09 is a Sunday, 2025-03-10 a Monday.
        let events = [
            study("2025-03-09T12:00:00Z", 10, None),
            study("2025-03-10T12:00:00Z", 20, None),
            study("2025-03-16T12:00:00Z", 40, None),
        ];
        assert_eq!(minutes_in_week(&events, &Utc, date("2025-03-09")), 10);
        assert_eq!(minutes_in_week(&events, &Utc, date("2025-03-12")), 60);
    }

    #[test]
    fn iso_week_boundary_moves_with_the_time_zone() {
        // Sunday 2024-12-29 23:30 UTC is Monday 2024-12-30 00:30 in UTC+1: ISO week 2025-W01.
        let events = [study("2024-12-29T23:30:00Z", 45, None)];
        let plus1 = FixedOffset::east_opt(3600).unwrap();
        assert_eq!(
            minutes_per_week(&events, &Utc),
            BTreeMap::from([((2024, 52), 45)])
        );
        assert_eq!(
            minutes_per_week(&events, &plus1),
            BTreeMap::from([((2025, 1), 45)])
        );
        assert_eq!(minutes_in_week(&events, &plus1, date("2025-01-05")), 45);
        assert_eq!(minutes_in_week(&events, &Utc, date("2025-01-05")), 0);
    }

    #[test]
    fn minutes_per_topic_sums_and_follows_aliases() {
        let events = [
            study("2025-03-01T10:00:00Z", 30, Some("old-attn")),
            study("2025-03-02T10:00:00Z", 15, Some("attention")),
            study("2025-03-02T11:00:00Z", 20, Some("mlp")),
            study("2025-03-03T10:00:00Z", 60, None),
            status("2025-03-03T11:00:00Z", Status::Done),
        ];
        let canonical = |id: &str| match id {
            "old-attn" => "attention".to_owned(),
            other => other.to_owned(),
        };
        assert_eq!(
            minutes_per_topic(&events, &canonical),
            BTreeMap::from([("attention".to_owned(), 45), ("mlp".to_owned(), 20)])
        );
    }
}
