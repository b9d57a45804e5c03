//! Study time as `llmpath stats` and the dashboard show it: minutes per topic and per stage,
//! the minutes on no topic, and the recent ISO weeks.
//!
//! `llmpath_progress::stats` sums the event log; this module joins those sums with the
//! curriculum (which stage a topic is in, which ids it still has), so the CLI and the dashboard
//! read the same numbers from one place.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use llmpath_content::{Curriculum, Item};
use llmpath_progress::{Event, EventKind, stats};

/// Logged study time, by topic and by stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StudyTime {
    /// Minutes per topic, keyed by canonical id (time logged under an alias counts for its
    /// topic).
    pub per_topic: BTreeMap<String, u32>,
    /// Minutes per stage number, on topics this content has.
    pub per_stage: BTreeMap<u32, u32>,
    /// Minutes logged without a topic, or on an id this content lacks ("no topic").
    pub other: u32,
    /// Every minute logged: the stages' sum plus `other`.
    pub total: u32,
}

impl StudyTime {
    /// Sums the study events of `events` against `curriculum`.
    pub fn new(curriculum: &Curriculum, events: &[Event]) -> StudyTime {
        let per_topic = stats::minutes_per_topic(events, &|id| curriculum.canonical_id(id));
        let total = events
            .iter()
            .filter_map(|event| match event.kind {
                EventKind::Study { minutes, .. } => Some(minutes),
                EventKind::Status { .. } => None,
            })
            .fold(0u32, u32::saturating_add);
        let mut per_stage: BTreeMap<u32, u32> = BTreeMap::new();
        let mut on_topics = 0u32;
        for (topic, &minutes) in &per_topic {
            if let Some(Item::Topic(t)) = curriculum.find(topic) {
                let sum = per_stage.entry(t.stage.number).or_default();
                *sum = sum.saturating_add(minutes);
                on_topics = on_topics.saturating_add(minutes);
            }
        }
        StudyTime {
            per_topic,
            per_stage,
            other: total.saturating_sub(on_topics),
            total,
        }
    }

    /// Minutes on the topics of stage `number` (0 when none).
    pub fn stage(&self, number: u32) -> u32 {
        self.per_stage.get(&number).copied().unwrap_or(0)
    }

    /// Minutes on topic `id` (canonical; 0 when none).
    pub fn topic(&self, id: &str) -> u32 {
        self.per_topic.get(id).copied().unwrap_or(0)
    }
}

/// One ISO week's study minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekMinutes {
    /// The ISO week-numbering year (it can differ from the calendar year near New Year).
    pub year: i32,
    pub week: u32,
    pub minutes: u32,
}

impl WeekMinutes {
    /// `2026-W09`.
    pub fn label(&self) -> String {
        format!("{}-W{:02}", self.year, self.week)
    }
}

/// The last `weeks` ISO weeks up to the one holding `today`, oldest first, weeks without study
/// included; `per_week` is `llmpath_progress::stats::minutes_per_week`.
pub fn recent_weeks(
    per_week: &BTreeMap<(i32, u32), u32>,
    today: NaiveDate,
    weeks: u32,
) -> Vec<WeekMinutes> {
    (0..weeks)
        .rev()
        .map(|back| {
            let week = (today - Duration::weeks(i64::from(back))).iso_week();
            let (year, week) = (week.year(), week.week());
            WeekMinutes {
                year,
                week,
                minutes: per_week.get(&(year, week)).copied().unwrap_or(0),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    fn study(at: &str, minutes: u32, topic: Option<&str>) -> Event {
        Event {
            uid: format!("{at}-{minutes}"),
            at: at.parse::<DateTime<Utc>>().expect("time"),
            source: "test".to_owned(),
            kind: EventKind::Study {
                minutes,
                topic: topic.map(str::to_owned),
                note: None,
            },
        }
    }

    #[test]
    fn time_on_no_topic_or_an_unknown_id_is_other_and_stages_plus_other_is_the_total() {
        let curriculum = Curriculum::embedded().expect("embedded content loads");
        let stage2 = curriculum.stages[1].modules[0].topics[0].id.clone();
        let events = [
            study("2026-03-02T10:00:00Z", 90, Some("s1.math.svd")),
            study("2026-03-02T11:00:00Z", 30, Some(&stage2)),
            study("2026-03-03T10:00:00Z", 25, None),
            study("2026-03-03T11:00:00Z", 5, Some("s9.gone")),
        ];
        let time = StudyTime::new(&curriculum, &events);
        assert_eq!(time.stage(1), 90);
        assert_eq!(time.stage(2), 30);
        assert_eq!(time.stage(3), 0);
        assert_eq!(time.other, 30);
        assert_eq!(time.total, 150);
        assert_eq!(time.topic("s1.math.svd"), 90);
        assert_eq!(time.topic("s9.gone"), 5, "kept per topic, counted as other");
    }

    #[test]
    fn recent_weeks_are_oldest_first_and_include_empty_weeks_across_new_year() {
        let per_week = BTreeMap::from([((2026, 1), 60), ((2025, 51), 15)]);
        let today = NaiveDate::from_ymd_opt(2026, 1, 2).expect("date");
        let weeks = recent_weeks(&per_week, today, 3);
        let labels: Vec<String> = weeks.iter().map(WeekMinutes::label).collect();
        assert_eq!(labels, ["2025-W51", "2025-W52", "2026-W01"]);
        let minutes: Vec<u32> = weeks.iter().map(|w| w.minutes).collect();
        assert_eq!(minutes, [15, 0, 60]);
    }
}
