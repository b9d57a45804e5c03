//! The geometry of the two charts, drawn as inline SVG by the templates (so every label is
//! auto-escaped), each with a text alternative:
//!
//! - the study heatmap: the last 53 weeks as columns × weekdays as rows (Monday on top), each
//!   day shaded by the minutes studied, like a contributions calendar;
//! - hours per week: one bar per ISO week, oldest on the left.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use llmpath_content::Lang;

use crate::i18n;
use crate::snapshot::Snapshot;

const CELL: u32 = 11;
const STEP: u32 = 14;
const LEFT: u32 = 30;
const TOP: u32 = 18;
/// Weeks shown in the heatmap.
const HEATMAP_WEEKS: i64 = 53;

/// One day of the heatmap.
#[derive(Debug)]
pub struct Cell {
    pub x: u32,
    pub y: u32,
    pub level: u8,
    pub date: String,
    /// `2026-03-02: 1 h 20 min`, the tooltip (days with study only).
    pub label: String,
}

#[derive(Debug)]
pub struct Label {
    pub x: u32,
    pub y: u32,
    pub text: String,
}

/// A row of the heatmap's text alternative.
#[derive(Debug)]
pub struct DayRow {
    pub date: String,
    pub weekday: String,
    pub time: String,
}

#[derive(Debug)]
pub struct Heatmap {
    pub width: u32,
    pub height: u32,
    pub cell: u32,
    pub cells: Vec<Cell>,
    pub months: Vec<Label>,
    pub weekdays: Vec<Label>,
    /// The five shades, left to right, for the legend.
    pub legend: Vec<(u32, u8)>,
    pub legend_y: u32,
    pub legend_less: Label,
    pub legend_more: Label,
    pub summary: String,
    /// Days with study, newest first.
    pub rows: Vec<DayRow>,
}

/// 0 for none; then < 30 min, < 1 h, < 2 h, 2 h or more.
fn level(minutes: u32) -> u8 {
    match minutes {
        0 => 0,
        1..30 => 1,
        30..60 => 2,
        60..120 => 3,
        _ => 4,
    }
}

pub fn heatmap(lang: Lang, minutes_by_day: &BTreeMap<NaiveDate, u32>, today: NaiveDate) -> Heatmap {
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let first = monday - Duration::weeks(HEATMAP_WEEKS - 1);
    let mut cells = Vec::new();
    let mut months = Vec::new();
    let mut last_month = None;
    let mut total = 0u32;
    let mut rows = Vec::new();
    for week in 0..HEATMAP_WEEKS {
        let week_start = first + Duration::weeks(week);
        let x = LEFT + week as u32 * STEP;
        // A month label over the first week that starts in it.
        let month = (week_start + Duration::days(6)).month();
        if last_month != Some(month) {
            if last_month.is_some() || week == 0 {
                months.push(Label {
                    x,
                    y: TOP - 6,
                    text: i18n::month_short(lang, month),
                });
            }
            last_month = Some(month);
        }
        for day in 0..7 {
            let date = week_start + Duration::days(day);
            if date > today {
                break;
            }
            let minutes = minutes_by_day.get(&date).copied().unwrap_or(0);
            total = total.saturating_add(minutes);
            let time = i18n::minutes(lang, minutes);
            cells.push(Cell {
                x,
                y: TOP + day as u32 * STEP,
                level: level(minutes),
                date: date.to_string(),
                label: format!("{date}: {time}"),
            });
            if minutes > 0 {
                rows.push(DayRow {
                    date: date.to_string(),
                    weekday: i18n::weekday(lang, date),
                    time,
                });
            }
        }
    }
    rows.reverse();
    // Keep month labels from overlapping: drop one that starts too close to the previous.
    let mut spaced: Vec<Label> = Vec::new();
    for label in months {
        if spaced
            .last()
            .is_none_or(|prev| label.x >= prev.x + 2 * STEP)
        {
            spaced.push(label);
        }
    }
    let weekdays = [0usize, 2, 4]
        .into_iter()
        .map(|row| Label {
            x: 0,
            y: TOP + row as u32 * STEP + CELL - 1,
            text: i18n::weekday_short(lang, row).to_owned(),
        })
        .collect();
    let width = LEFT + HEATMAP_WEEKS as u32 * STEP;
    let legend_y = TOP + 7 * STEP + 6;
    let legend_x = width - 5 * STEP - 40;
    Heatmap {
        width,
        height: legend_y + CELL + 4,
        cell: CELL,
        cells,
        months: spaced,
        weekdays,
        legend: (0..5).map(|i| (legend_x + i * STEP, i as u8)).collect(),
        legend_y,
        legend_less: Label {
            x: legend_x - 4,
            y: legend_y + CELL - 1,
            text: i18n::strings(lang).less.to_owned(),
        },
        legend_more: Label {
            x: legend_x + 5 * STEP + 2,
            y: legend_y + CELL - 1,
            text: i18n::strings(lang).more.to_owned(),
        },
        summary: i18n::heatmap_summary(lang, rows.len(), total),
        rows,
    }
}

/// One week's bar.
#[derive(Debug)]
pub struct Bar {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    /// `2026-W09`.
    pub week: String,
    /// `W09`, under the bar.
    pub short: String,
    pub time: String,
    pub minutes: u32,
    /// Printed under every few bars.
    pub show_label: bool,
    pub label_x: u32,
}

#[derive(Debug)]
pub struct WeekBars {
    pub width: u32,
    pub height: u32,
    pub base_y: u32,
    pub label_y: u32,
    pub bars: Vec<Bar>,
    /// The top of the scale, e.g. `5 h`.
    pub max_label: String,
}

const BARS_HEIGHT: u32 = 120;
const BARS_LEFT: u32 = 48;

/// The last `weeks` ISO weeks up to the one holding `today`, oldest first.
pub fn week_bars(lang: Lang, snapshot: &Snapshot, today: NaiveDate, weeks: u32) -> WeekBars {
    let weeks = weeks.max(1);
    let step = (720 / weeks).clamp(6, 56);
    let bar_width = (step * 3 / 4).max(4);
    let data: Vec<(String, u32)> = snapshot
        .recent_weeks(today, weeks)
        .iter()
        .map(|week| (week.label(), week.minutes))
        .collect();
    // The scale: whole hours, at least one.
    let max_minutes = data.iter().map(|(_, m)| *m).max().unwrap_or(0);
    let max_hours = max_minutes.div_ceil(60).max(1);
    let scale = max_hours * 60;
    // About a label per 40 px.
    let every = 40u32.div_ceil(step).max(1);
    let bars = data
        .into_iter()
        .enumerate()
        .map(|(i, (week, minutes))| {
            let height = (u64::from(minutes) * u64::from(BARS_HEIGHT) / u64::from(scale)) as u32;
            let x = BARS_LEFT + i as u32 * step;
            Bar {
                x,
                y: 8 + BARS_HEIGHT - height,
                width: bar_width,
                height,
                time: i18n::minutes(lang, minutes),
                minutes,
                show_label: (weeks - 1 - i as u32).is_multiple_of(every),
                label_x: x + bar_width / 2,
                short: week
                    .split_once('-')
                    .map_or(week.clone(), |(_, w)| w.to_owned()),
                week,
            }
        })
        .collect();
    WeekBars {
        width: BARS_LEFT + weeks * step + 8,
        height: BARS_HEIGHT + 40,
        base_y: 8 + BARS_HEIGHT,
        label_y: BARS_HEIGHT + 26,
        bars,
        max_label: i18n::minutes(lang, scale),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heatmap_ends_today_and_shades_by_minutes() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 4).expect("date");
        let minutes = BTreeMap::from([(today, 90), (today - Duration::days(1), 10)]);
        let map = heatmap(Lang::En, &minutes, today);
        let last = map.cells.last().expect("cells");
        assert_eq!(last.date, "2026-03-04");
        assert_eq!(last.level, 3);
        assert_eq!(map.rows.len(), 2);
        assert_eq!(map.rows[0].date, "2026-03-04");
        // 52 full weeks and Monday–Wednesday of this one.
        assert_eq!(map.cells.len(), 52 * 7 + 3);
    }
}
