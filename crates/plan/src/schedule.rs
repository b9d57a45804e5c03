//! The schedule: topics laid onto study days, prerequisites first, at a weekly pace, with the
//! seed's habits (daily coding practice, a paper a week, a mind-map review per module).
//!
//! Pace: with `hours_per_week` the whole week's budget is shared by topics and habits. Without
//! it, topics follow the seed's durations (a module or stage of H hours meant to take W weeks
//! goes at H / W hours a week, W being the middle of the seed's range; open-ended stages go at
//! the mean pace of the bounded ones) and the habits come on top.
//!
//! Allocation is greedy and sequential over a priority topological order (curriculum order
//! among the topics whose prerequisites are planned), so a topic never starts before the last
//! session of any of its prerequisites.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use llmpath_content::{Curriculum, TopicRef, Weeks};
use llmpath_progress::{Status, StoredPlan};
use llmpath_state::LearnerState;
use serde::{Deserialize, Serialize};

/// Daily coding practice (the seed's 每日代码练习), minutes per study day.
pub const CODING_MINUTES: u32 = 20;
/// The weekly paper session (每周精读 1 篇经典论文), minutes, on the week's last study day.
pub const PAPER_MINUTES: u32 = 120;
/// The mind-map review (用思维导图整理知识点) after a module's last topic, minutes.
pub const MIND_MAP_MINUTES: u32 = 30;
/// No topic session is shorter than this (a day's leftover below it is not worth starting).
const MIN_SESSION_MINUTES: u32 = 15;
/// A topic already being learned keeps at least this much time.
const MIN_REMAINING_MINUTES: u32 = 30;
/// The habit topic whose practice the daily coding slot is.
pub const CODING_HABIT: &str = "s1.habits.daily-coding";
/// The longest plan the planner builds (about ten years): beyond it the pace is unrealistic.
const MAX_DAYS: i64 = 3650;

/// What the learner asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanOptions {
    pub start: NaiveDate,
    /// Hours a week for everything (topics and habits); `None` follows the seed's pace.
    pub hours_per_week: Option<f64>,
    /// Study days, Monday first.
    pub days: Vec<Weekday>,
    /// Topic ids left out of this plan (their dependants treat them as cleared).
    pub skip: Vec<String>,
    /// The plan must end on or before this day.
    pub until: Option<NaiveDate>,
    /// Local time each study day starts (for the calendar).
    pub session_time: NaiveTime,
}

impl PlanOptions {
    /// Monday to Saturday at 19:00, the seed's pace.
    pub fn starting(start: NaiveDate) -> PlanOptions {
        PlanOptions {
            start,
            hours_per_week: None,
            days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
                Weekday::Sat,
            ],
            skip: Vec::new(),
            until: None,
            session_time: NaiveTime::from_hms_opt(19, 0, 0).unwrap_or_default(),
        }
    }
}

/// What a session is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SessionKind {
    /// Studying a topic (and its practice tasks); `item` is the topic id.
    Topic,
    /// Daily coding practice; `item` is [`CODING_HABIT`].
    Coding,
    /// The week's paper; `item` is the paper id.
    Paper,
    /// Mind-map review of a finished module; `item` is the module id.
    MindMap,
}

/// One block of study on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub date: NaiveDate,
    pub kind: SessionKind,
    pub item: String,
    pub minutes: u32,
    /// 1-based: this is session `part` of the `parts` sessions the item gets.
    pub part: u32,
    pub parts: u32,
}

/// A dated schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub options: PlanOptions,
    pub sessions: Vec<Session>,
}

/// Why a plan cannot be made, or a stored one read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    #[error("no study days: give at least one, e.g. --days mon,wed,sat")]
    NoDays,
    #[error("{hours} hours a week is out of range: give between 1 and 100")]
    HoursOutOfRange { hours: f64 },
    #[error(
        "{hours} hours a week do not cover the daily habits on {days} study day(s) ({needed:.1} h a week for coding practice, the weekly paper and a little study): ask for more hours or fewer days"
    )]
    TooFewHours {
        hours: f64,
        days: usize,
        needed: f64,
    },
    #[error("--until {until} is before --start {start}")]
    UntilBeforeStart { start: NaiveDate, until: NaiveDate },
    #[error(
        "the plan cannot end by {until}: at this pace it ends on {end}. It would need {needed:.1} hours a week (--hours-per-week {needed_ceil}), or a later --until"
    )]
    Infeasible {
        until: NaiveDate,
        end: NaiveDate,
        needed: f64,
        needed_ceil: u32,
    },
    #[error(
        "the plan cannot end by {until} even at 100 hours a week: choose a later --until or --skip some topics"
    )]
    Impossible { until: NaiveDate },
    #[error("the plan would run past ten years; give more hours a week")]
    TooLong,
    /// The stored JSON is not a plan this llmpath reads (a plan from a newer llmpath?).
    #[error(
        "the stored plan (revision {revision}) cannot be read ({reason}); make a new one with `llmpath plan`"
    )]
    Unreadable { revision: u32, reason: String },
}

/// The progress the planner needs: status per topic and minutes already logged per topic.
pub struct Progress<'a> {
    pub status: &'a dyn Fn(&str) -> Status,
    pub logged_minutes: &'a BTreeMap<String, u32>,
}

/// A topic still to study, with its minutes and its pace when following the seed.
struct Work<'c> {
    topic: TopicRef<'c>,
    minutes: u32,
    seed_pace: f64,
}

/// Hours a week the seed intends for a span of `hours` over `weeks`.
fn seed_pace(hours: u32, weeks: Option<Weeks>, open_ended: f64) -> f64 {
    match weeks {
        Some(Weeks {
            min,
            max: Some(max),
        }) => f64::from(hours) / ((f64::from(min) + f64::from(max)) / 2.0),
        _ => open_ended,
    }
}

/// Hours a week for each topic when following the seed: the module's pace where the seed gives
/// the module a duration, else the stage's.
fn seed_paces(curriculum: &Curriculum) -> HashMap<&str, f64> {
    let stage_hours = |s: &llmpath_content::Stage| -> u32 {
        s.modules
            .iter()
            .flat_map(|m| &m.topics)
            .map(|t| t.hours)
            .sum()
    };
    let bounded: Vec<f64> = curriculum
        .stages
        .iter()
        .filter(|s| s.weeks.max.is_some())
        .map(|s| seed_pace(stage_hours(s), Some(s.weeks), 0.0))
        .collect();
    let open_ended = if bounded.is_empty() {
        10.0
    } else {
        bounded.iter().sum::<f64>() / bounded.len() as f64
    };
    let mut paces = HashMap::new();
    for stage in &curriculum.stages {
        let stage_pace = seed_pace(stage_hours(stage), Some(stage.weeks), open_ended);
        for module in &stage.modules {
            let module_hours = module.topics.iter().map(|t| t.hours).sum();
            let pace = module.weeks.map_or(stage_pace, |weeks| {
                seed_pace(module_hours, Some(weeks), stage_pace)
            });
            for topic in &module.topics {
                paces.insert(topic.id.as_str(), pace);
            }
        }
    }
    paces
}

/// The topics to plan, in a prerequisite-respecting order (curriculum order where free).
fn ordered_work<'c>(
    curriculum: &'c Curriculum,
    options: &PlanOptions,
    progress: &Progress<'_>,
) -> Vec<Work<'c>> {
    let paces = seed_paces(curriculum);
    let skip: BTreeSet<&str> = options.skip.iter().map(String::as_str).collect();
    let todo: Vec<TopicRef<'c>> = curriculum
        .topics()
        .filter(|t| !skip.contains(t.topic.id.as_str()))
        .filter(|t| {
            matches!(
                (progress.status)(&t.topic.id),
                Status::Pending | Status::Learning
            )
        })
        .collect();
    let planned: BTreeSet<&str> = todo.iter().map(|t| t.topic.id.as_str()).collect();
    // Kahn's algorithm; the ready set is keyed by curriculum position.
    let position: HashMap<&str, usize> = todo
        .iter()
        .enumerate()
        .map(|(i, t)| (t.topic.id.as_str(), i))
        .collect();
    let mut waiting_on: Vec<usize> = todo
        .iter()
        .map(|t| {
            t.topic
                .prerequisites
                .iter()
                .filter(|p| planned.contains(p.as_str()))
                .count()
        })
        .collect();
    let mut dependants: Vec<Vec<usize>> = vec![Vec::new(); todo.len()];
    for (i, topic) in todo.iter().enumerate() {
        for prerequisite in &topic.topic.prerequisites {
            if let Some(&p) = position.get(prerequisite.as_str()) {
                dependants[p].push(i);
            }
        }
    }
    let mut ready: BTreeSet<usize> = (0..todo.len()).filter(|&i| waiting_on[i] == 0).collect();
    let mut order = Vec::with_capacity(todo.len());
    while let Some(i) = ready.pop_first() {
        order.push(i);
        for &d in &dependants[i] {
            waiting_on[d] -= 1;
            if waiting_on[d] == 0 {
                ready.insert(d);
            }
        }
    }
    order
        .into_iter()
        .map(|i| {
            let topic = todo[i];
            let full = topic.topic.hours * 60;
            let minutes = match (progress.status)(&topic.topic.id) {
                Status::Learning => {
                    let logged = progress
                        .logged_minutes
                        .get(&topic.topic.id)
                        .copied()
                        .unwrap_or(0);
                    full.saturating_sub(logged).max(MIN_REMAINING_MINUTES)
                }
                _ => full,
            };
            Work {
                topic,
                minutes,
                seed_pace: paces.get(topic.topic.id.as_str()).copied().unwrap_or(10.0),
            }
        })
        .collect()
}

/// Whether `date` is the last study day of its ISO week.
fn last_study_day_of_week(date: NaiveDate, days: &[Weekday]) -> bool {
    let today = date.weekday().num_days_from_monday();
    days.iter().all(|d| d.num_days_from_monday() <= today)
}

/// Builds the plan. Errors name what to change.
pub fn build(
    curriculum: &Curriculum,
    options: &PlanOptions,
    progress: &Progress<'_>,
) -> Result<Plan, PlanError> {
    let plan = build_at_pace(curriculum, options, progress)?;
    let Some(until) = options.until else {
        return Ok(plan);
    };
    if until < options.start {
        return Err(PlanError::UntilBeforeStart {
            start: options.start,
            until,
        });
    }
    let end = plan.end().unwrap_or(options.start);
    if end <= until {
        return Ok(plan);
    }
    // Find the weekly hours that would make it, to the tenth of an hour.
    let ends_in_time = |hours: f64| {
        let options = PlanOptions {
            hours_per_week: Some(hours),
            ..options.clone()
        };
        build_at_pace(curriculum, &options, progress)
            .ok()
            .and_then(|plan| plan.end())
            .is_some_and(|end| end <= until)
    };
    if !ends_in_time(100.0) {
        return Err(PlanError::Impossible { until });
    }
    let (mut low, mut high) = (options.hours_per_week.unwrap_or(1.0), 100.0);
    while high - low > 0.1 {
        let middle = (low + high) / 2.0;
        if ends_in_time(middle) {
            high = middle
        } else {
            low = middle
        }
    }
    Err(PlanError::Infeasible {
        until,
        end,
        needed: high,
        needed_ceil: high.ceil() as u32,
    })
}

fn build_at_pace(
    curriculum: &Curriculum,
    options: &PlanOptions,
    progress: &Progress<'_>,
) -> Result<Plan, PlanError> {
    let mut days: Vec<Weekday> = options.days.clone();
    days.sort_by_key(|d| d.num_days_from_monday());
    days.dedup();
    if days.is_empty() {
        return Err(PlanError::NoDays);
    }
    let habits_per_week = f64::from(CODING_MINUTES * days.len() as u32 + PAPER_MINUTES) / 60.0;
    if let Some(hours) = options.hours_per_week {
        if !(1.0..=100.0).contains(&hours) {
            return Err(PlanError::HoursOutOfRange { hours });
        }
        let needed = habits_per_week + 1.0;
        if hours < needed {
            return Err(PlanError::TooFewHours {
                hours,
                days: days.len(),
                needed,
            });
        }
    }

    let work = ordered_work(curriculum, options, progress);
    // Topics left per module, to know when a module is finished (for its mind-map review).
    let mut left_in_module: HashMap<&str, usize> = HashMap::new();
    for w in &work {
        *left_in_module
            .entry(w.topic.module.id.as_str())
            .or_default() += 1;
    }

    let mut sessions = Vec::new();
    let mut queue = work.into_iter().peekable();
    let mut remaining = queue.peek().map_or(0, |w| w.minutes);
    let mut papers = curriculum.papers.iter();
    let mut date = options.start;
    while queue.peek().is_some() {
        if (date - options.start).num_days() > MAX_DAYS {
            return Err(PlanError::TooLong);
        }
        if !days.contains(&date.weekday()) {
            date += Duration::days(1);
            continue;
        }
        // The day's budget for topics, in minutes: habits take their share of the week's
        // hours, and topics share the rest evenly over the study days.
        let day_pace = queue.peek().map_or(10.0, |w| w.seed_pace);
        let paper_today = last_study_day_of_week(date, &days);
        let mut capacity = match options.hours_per_week {
            Some(hours) => ((hours - habits_per_week) * 60.0 / days.len() as f64).round() as u32,
            None => (day_pace * 60.0 / days.len() as f64).round() as u32,
        };
        sessions.push(Session {
            date,
            kind: SessionKind::Coding,
            item: CODING_HABIT.to_owned(),
            minutes: CODING_MINUTES,
            part: 0,
            parts: 0,
        });
        if paper_today && let Some(paper) = papers.next() {
            sessions.push(Session {
                date,
                kind: SessionKind::Paper,
                item: paper.id.clone(),
                minutes: PAPER_MINUTES,
                part: 0,
                parts: 0,
            });
        }
        while capacity >= MIN_SESSION_MINUTES || (capacity > 0 && remaining <= capacity) {
            let Some(current) = queue.peek() else { break };
            let minutes = remaining.min(capacity);
            sessions.push(Session {
                date,
                kind: SessionKind::Topic,
                item: current.topic.topic.id.clone(),
                minutes,
                part: 0,
                parts: 0,
            });
            capacity -= minutes;
            remaining -= minutes;
            if remaining > 0 {
                break;
            }
            let module = current.topic.module.id.as_str();
            let left = left_in_module.entry(module).or_default();
            *left -= 1;
            if *left == 0 {
                sessions.push(Session {
                    date,
                    kind: SessionKind::MindMap,
                    item: module.to_owned(),
                    minutes: MIND_MAP_MINUTES,
                    part: 0,
                    parts: 0,
                });
                capacity = capacity.saturating_sub(MIND_MAP_MINUTES);
            }
            queue.next();
            remaining = queue.peek().map_or(0, |w| w.minutes);
            if options.hours_per_week.is_none()
                && queue.peek().is_some_and(|next| next.seed_pace != day_pace)
            {
                // Work at another pace (a new module or stage) starts on the next day.
                break;
            }
        }
        date += Duration::days(1);
    }
    number_parts(&mut sessions);
    Ok(Plan {
        options: options.clone(),
        sessions,
    })
}

/// Fills in `part` / `parts`: the n-th of m sessions of the same item.
fn number_parts(sessions: &mut [Session]) {
    let mut totals: HashMap<(SessionKind, String), u32> = HashMap::new();
    for session in sessions.iter() {
        *totals
            .entry((session.kind, session.item.clone()))
            .or_default() += 1;
    }
    let mut seen: HashMap<(SessionKind, String), u32> = HashMap::new();
    for session in sessions.iter_mut() {
        let key = (session.kind, session.item.clone());
        let part = seen.entry(key.clone()).or_default();
        *part += 1;
        session.part = *part;
        session.parts = totals[&key];
    }
}

impl Plan {
    /// The plan a `llmpath_progress::Store` keeps (`Store::latest_plan`), as `llmpath plan`
    /// saved it; [`PlanError::Unreadable`] when its JSON is not a plan.
    pub fn from_stored(stored: &StoredPlan) -> Result<Plan, PlanError> {
        serde_json::from_str(&stored.json).map_err(|err| PlanError::Unreadable {
            revision: stored.revision,
            reason: err.to_string(),
        })
    }

    /// The last day with a session.
    pub fn end(&self) -> Option<NaiveDate> {
        self.sessions.last().map(|s| s.date)
    }

    /// Monday of the plan's first week.
    pub fn first_monday(&self) -> NaiveDate {
        let start = self.options.start;
        start - Duration::days(i64::from(start.weekday().num_days_from_monday()))
    }

    /// 1-based week of the plan that `date` falls in.
    pub fn week_of(&self, date: NaiveDate) -> i64 {
        (date - self.first_monday()).num_days().div_euclid(7) + 1
    }

    /// Number of weeks the plan spans.
    pub fn weeks(&self) -> i64 {
        self.end().map_or(0, |end| self.week_of(end))
    }

    /// The sessions of one day.
    pub fn on(&self, date: NaiveDate) -> impl Iterator<Item = &Session> {
        self.sessions.iter().filter(move |s| s.date == date)
    }

    /// The first day after `today` with a session (`llmpath today` and the dashboard's home).
    pub fn next_day_after(&self, today: NaiveDate) -> Option<NaiveDate> {
        self.sessions
            .iter()
            .map(|s| s.date)
            .find(|&date| date > today)
    }

    /// Whether a topic planned before `today` is neither done nor skipped: the learner is
    /// behind the plan.
    pub fn is_behind(&self, state: &LearnerState<'_>, today: NaiveDate) -> bool {
        self.sessions
            .iter()
            .filter(|s| s.kind == SessionKind::Topic && s.date < today)
            .any(|s| !state.is_cleared(&s.item))
    }

    /// The sessions of the 1-based week `week`.
    pub fn in_week(&self, week: i64) -> impl Iterator<Item = &Session> {
        self.sessions
            .iter()
            .filter(move |s| self.week_of(s.date) == week)
    }

    /// First and last day an item is studied.
    pub fn span(&self, kind: SessionKind, item: &str) -> Option<(NaiveDate, NaiveDate)> {
        let mut dates = self
            .sessions
            .iter()
            .filter(|s| s.kind == kind && s.item == item)
            .map(|s| s.date);
        let first = dates.next()?;
        Some((first, dates.next_back().unwrap_or(first)))
    }

    /// Minutes of topic study planned before `date`.
    pub fn topic_minutes_before(&self, date: NaiveDate) -> u64 {
        self.sessions
            .iter()
            .filter(|s| s.kind == SessionKind::Topic && s.date < date)
            .map(|s| u64::from(s.minutes))
            .sum()
    }

    /// Minutes this plan gives each topic.
    pub fn topic_minutes(&self) -> BTreeMap<&str, u64> {
        let mut minutes = BTreeMap::new();
        for session in self
            .sessions
            .iter()
            .filter(|s| s.kind == SessionKind::Topic)
        {
            *minutes.entry(session.item.as_str()).or_default() += u64::from(session.minutes);
        }
        minutes
    }

    /// Total planned minutes a week on average (all kinds).
    pub fn average_hours_per_week(&self) -> f64 {
        let total: u64 = self.sessions.iter().map(|s| u64::from(s.minutes)).sum();
        total as f64 / 60.0 / self.weeks().max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_sees_the_next_study_day_and_topics_left_behind() {
        let curriculum = Curriculum::embedded().expect("embedded content loads");
        let status = |_: &str| Status::Pending;
        let start = NaiveDate::from_ymd_opt(2026, 3, 2).expect("a date");
        let plan = build(
            &curriculum,
            &PlanOptions::starting(start),
            &Progress {
                status: &status,
                logged_minutes: &BTreeMap::new(),
            },
        )
        .expect("the default plan builds");
        let first = plan.sessions[0].date;
        let last = plan.end().expect("sessions");
        assert_eq!(plan.next_day_after(first - Duration::days(1)), Some(first));
        assert_eq!(plan.next_day_after(last), None);

        let nothing_done = LearnerState::new(&curriculum, BTreeMap::new());
        assert!(!plan.is_behind(&nothing_done, first));
        assert!(plan.is_behind(&nothing_done, last));
    }
}
