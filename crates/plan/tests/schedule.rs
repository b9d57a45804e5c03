//! The planner on the real curriculum: prerequisites first, the seed's pace, habits, deadlines
//! and re-planning (behind, ahead, a skipped stage, an infeasible deadline).
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use llmpath_content::Curriculum;
use llmpath_plan::schedule::{CODING_MINUTES, MIND_MAP_MINUTES, PAPER_MINUTES};
use llmpath_plan::{Plan, PlanError, PlanOptions, Progress, SessionKind, build, replan};
use llmpath_progress::Status;
use proptest::prelude::*;

fn curriculum() -> Curriculum {
    Curriculum::embedded().unwrap()
}

fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

fn plan_with(
    curriculum: &Curriculum,
    options: &PlanOptions,
    statuses: &HashMap<String, Status>,
) -> Result<Plan, PlanError> {
    let logged = BTreeMap::new();
    let status = |id: &str| statuses.get(id).copied().unwrap_or(Status::Pending);
    build(
        curriculum,
        options,
        &Progress {
            status: &status,
            logged_minutes: &logged,
        },
    )
}

/// Every planned topic starts after the last session of each planned prerequisite.
fn assert_prerequisites_first(curriculum: &Curriculum, plan: &Plan) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut last: HashMap<&str, usize> = HashMap::new();
    for (i, s) in plan
        .sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == SessionKind::Topic)
    {
        first.entry(s.item.as_str()).or_insert(i);
        last.insert(s.item.as_str(), i);
    }
    for topic in curriculum.topics() {
        let Some(&start) = first.get(topic.topic.id.as_str()) else {
            continue;
        };
        for prerequisite in &topic.topic.prerequisites {
            if let Some(&end) = last.get(prerequisite.as_str()) {
                assert!(
                    end < start,
                    "{} starts before its prerequisite {prerequisite} ends",
                    topic.topic.id
                );
            }
        }
    }
}

fn topic_dates(plan: &Plan, prefix: &str) -> (NaiveDate, NaiveDate) {
    let dates: Vec<NaiveDate> = plan
        .sessions
        .iter()
        .filter(|s| s.kind == SessionKind::Topic && s.item.starts_with(prefix))
        .map(|s| s.date)
        .collect();
    (*dates.iter().min().unwrap(), *dates.iter().max().unwrap())
}

#[test]
fn a_fresh_plan_schedules_every_topic_fully_and_prerequisites_first() {
    let curriculum = curriculum();
    let plan = plan_with(
        &curriculum,
        &PlanOptions::starting(monday()),
        &HashMap::new(),
    )
    .unwrap();
    assert_prerequisites_first(&curriculum, &plan);
    let minutes = plan.topic_minutes();
    assert_eq!(minutes.len(), curriculum.topics().count());
    for topic in curriculum.topics() {
        assert_eq!(
            minutes[topic.topic.id.as_str()],
            u64::from(topic.topic.hours) * 60,
            "{}",
            topic.topic.id
        );
    }
    assert!(
        plan.sessions
            .iter()
            .all(|s| s.date.weekday() != Weekday::Sun),
        "Sunday is not a default study day"
    );
}

#[test]
fn the_default_pace_follows_the_seed_durations() {
    let curriculum = curriculum();
    let plan = plan_with(
        &curriculum,
        &PlanOptions::starting(monday()),
        &HashMap::new(),
    )
    .unwrap();
    let weeks = |prefix: &str| {
        let (first, last) = topic_dates(&plan, prefix);
        (last - first).num_days() as f64 / 7.0
    };
    // 数学基础（2-3 周）, 编程基础（3-4 周）, 第一阶段（1-2 个月）, 第二阶段（2-3 个月）, 第三阶段（2 个月）
    let math = weeks("s1.math.");
    assert!((2.0..=3.0).contains(&math), "math takes {math:.1} weeks");
    let programming = weeks("s1.programming.");
    assert!(
        (3.0..=4.0).contains(&programming),
        "programming takes {programming:.1} weeks"
    );
    let stage1 = weeks("s1.");
    assert!(
        (4.0..=9.0).contains(&stage1),
        "stage 1 takes {stage1:.1} weeks"
    );
    let stage2 = weeks("s2.");
    assert!(
        (8.0..=13.0).contains(&stage2),
        "stage 2 takes {stage2:.1} weeks"
    );
    let stage3 = weeks("s3.");
    assert!(
        (7.0..=9.0).contains(&stage3),
        "stage 3 takes {stage3:.1} weeks"
    );
}

#[test]
fn fewer_hours_a_week_stretch_the_plan_proportionally() {
    let curriculum = curriculum();
    let at = |hours: f64| {
        let options = PlanOptions {
            hours_per_week: Some(hours),
            ..PlanOptions::starting(monday())
        };
        plan_with(&curriculum, &options, &HashMap::new()).unwrap()
    };
    let (slow, fast) = (at(8.0), at(16.0));
    // Topic time per week is hours minus habits (2 h coding + 2 h paper at six days).
    let ratio = slow.weeks() as f64 / fast.weeks() as f64;
    let expected = (16.0 - 4.0) / (8.0 - 4.0);
    assert!(
        (ratio - expected).abs() / expected < 0.1,
        "ratio {ratio:.2}, expected {expected:.2}"
    );
    for plan in [&slow, &fast] {
        // Every week stays within the hours asked for (a mind-map review may spill over).
        let budget = (plan.options.hours_per_week.unwrap() * 60.0).round() as u32;
        let mut per_week: BTreeMap<i64, u32> = BTreeMap::new();
        for s in &plan.sessions {
            *per_week.entry(plan.week_of(s.date)).or_default() += s.minutes;
        }
        for (week, minutes) in per_week {
            assert!(
                minutes <= budget + 2 * MIND_MAP_MINUTES,
                "week {week}: {minutes} min of {budget}"
            );
        }
    }
}

#[test]
fn habits_are_planned_coding_daily_a_paper_weekly_and_a_mind_map_per_module() {
    let curriculum = curriculum();
    let plan = plan_with(
        &curriculum,
        &PlanOptions::starting(monday()),
        &HashMap::new(),
    )
    .unwrap();
    let study_dates: BTreeSet<NaiveDate> = plan.sessions.iter().map(|s| s.date).collect();
    let coding: BTreeSet<NaiveDate> = plan
        .sessions
        .iter()
        .filter(|s| s.kind == SessionKind::Coding)
        .map(|s| s.date)
        .collect();
    assert_eq!(coding, study_dates);
    assert!(
        plan.sessions
            .iter()
            .filter(|s| s.kind == SessionKind::Coding)
            .all(|s| s.minutes == CODING_MINUTES)
    );
    let papers: Vec<_> = plan
        .sessions
        .iter()
        .filter(|s| s.kind == SessionKind::Paper)
        .collect();
    assert_eq!(
        papers[0].item, "attention-is-all-you-need",
        "the seed's example comes first"
    );
    assert_eq!(
        papers[0].date,
        monday() + Duration::days(5),
        "on the week's last study day (Saturday)"
    );
    assert!(
        papers
            .iter()
            .all(|s| s.date.weekday() == Weekday::Sat && s.minutes == PAPER_MINUTES)
    );
    let weeks: BTreeSet<i64> = papers.iter().map(|s| plan.week_of(s.date)).collect();
    assert_eq!(weeks.len(), papers.len(), "one paper a week");
    let reviews: BTreeSet<&str> = plan
        .sessions
        .iter()
        .filter(|s| s.kind == SessionKind::MindMap)
        .map(|s| s.item.as_str())
        .collect();
    let modules: BTreeSet<&str> = curriculum
        .stages
        .iter()
        .flat_map(|s| &s.modules)
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(reviews, modules);
    // A module's review comes after its last topic session.
    for (i, s) in plan
        .sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == SessionKind::MindMap)
    {
        let prefix = format!("{}.", s.item);
        assert!(
            !plan.sessions[i..]
                .iter()
                .any(|t| t.kind == SessionKind::Topic && t.item.starts_with(&prefix))
        );
    }
}

#[test]
fn done_skipped_and_left_out_topics_are_not_planned() {
    let curriculum = curriculum();
    let mut statuses = HashMap::new();
    statuses.insert("s1.math.vectors-matrices".to_owned(), Status::Done);
    statuses.insert("s1.math.eigen".to_owned(), Status::Skipped);
    let options = PlanOptions {
        skip: vec!["s1.math.svd".into()],
        ..PlanOptions::starting(monday())
    };
    let plan = plan_with(&curriculum, &options, &statuses).unwrap();
    let planned = plan.topic_minutes();
    for id in ["s1.math.vectors-matrices", "s1.math.eigen", "s1.math.svd"] {
        assert!(!planned.contains_key(id), "{id} is planned");
    }
    assert_eq!(planned.len(), curriculum.topics().count() - 3);
    assert_prerequisites_first(&curriculum, &plan);
}

#[test]
fn a_topic_being_learned_keeps_only_the_time_not_yet_logged() {
    let curriculum = curriculum();
    let statuses: HashMap<String, Status> =
        [("s1.math.vectors-matrices".to_owned(), Status::Learning)].into();
    let logged: BTreeMap<String, u32> = [("s1.math.vectors-matrices".to_owned(), 120)].into();
    let status = |id: &str| statuses.get(id).copied().unwrap_or(Status::Pending);
    let plan = build(
        &curriculum,
        &PlanOptions::starting(monday()),
        &Progress {
            status: &status,
            logged_minutes: &logged,
        },
    )
    .unwrap();
    let hours = curriculum.topics().next().unwrap().topic.hours;
    assert_eq!(
        plan.topic_minutes()["s1.math.vectors-matrices"],
        u64::from(hours * 60 - 120)
    );
}

#[test]
fn an_infeasible_deadline_is_refused_with_the_hours_it_would_need() {
    let curriculum = curriculum();
    let until = monday() + Duration::weeks(40);
    let options = PlanOptions {
        hours_per_week: Some(10.0),
        until: Some(until),
        ..PlanOptions::starting(monday())
    };
    let err = plan_with(&curriculum, &options, &HashMap::new()).unwrap_err();
    let PlanError::Infeasible {
        needed,
        needed_ceil,
        end,
        ..
    } = err.clone()
    else {
        panic!("{err}")
    };
    assert!(end > until);
    assert!(needed > 10.0, "{needed}");
    assert!(
        err.to_string()
            .contains(&format!("--hours-per-week {needed_ceil}")),
        "{err}"
    );
    let enough = PlanOptions {
        hours_per_week: Some(f64::from(needed_ceil)),
        ..options.clone()
    };
    let plan = plan_with(&curriculum, &enough, &HashMap::new()).unwrap();
    assert!(plan.end().unwrap() <= until);
    let tighter = PlanOptions {
        hours_per_week: Some(needed - 0.5),
        ..options
    };
    assert!(
        plan_with(&curriculum, &tighter, &HashMap::new()).is_err(),
        "the needed hours are the least that work"
    );

    let impossible = PlanOptions {
        until: Some(monday() + Duration::weeks(2)),
        ..PlanOptions::starting(monday())
    };
    assert!(matches!(
        plan_with(&curriculum, &impossible, &HashMap::new()),
        Err(PlanError::Impossible { .. })
    ));
}

#[test]
fn bad_options_are_refused() {
    let curriculum = curriculum();
    let none = PlanOptions {
        days: vec![],
        ..PlanOptions::starting(monday())
    };
    assert_eq!(
        plan_with(&curriculum, &none, &HashMap::new()),
        Err(PlanError::NoDays)
    );
    let tiny = PlanOptions {
        hours_per_week: Some(3.0),
        ..PlanOptions::starting(monday())
    };
    assert!(matches!(
        plan_with(&curriculum, &tiny, &HashMap::new()),
        Err(PlanError::TooFewHours { .. })
    ));
}

/// Statuses as of `today` for a learner who cleared exactly what `plan` scheduled before `until`.
fn cleared_before(plan: &Plan, until: NaiveDate) -> HashMap<String, Status> {
    let mut finished: HashMap<String, Status> = HashMap::new();
    for (id, _) in plan.topic_minutes() {
        if plan
            .span(SessionKind::Topic, id)
            .is_some_and(|(_, last)| last < until)
        {
            finished.insert(id.to_owned(), Status::Done);
        }
    }
    finished
}

#[test]
fn replanning_when_behind_says_by_how_much_and_moves_the_end() {
    let curriculum = curriculum();
    let old = plan_with(
        &curriculum,
        &PlanOptions::starting(monday()),
        &HashMap::new(),
    )
    .unwrap();
    let today = monday() + Duration::weeks(3);
    let new_options = PlanOptions {
        start: today,
        ..old.options.clone()
    };
    let new = plan_with(&curriculum, &new_options, &HashMap::new()).unwrap(); // nothing done
    let drift = replan::drift(&old, &new, today, &|_| false);
    assert_eq!(drift.expected_minutes, old.topic_minutes_before(today));
    assert!(drift.behind_minutes() > 0);
    assert!(
        drift.behind_study_days() >= 15 && drift.behind_study_days() <= 21,
        "{}",
        drift.behind_study_days()
    );
    let shift = drift.end_shift_days().unwrap();
    assert!((18..=24).contains(&shift), "ends {shift} days later");
}

#[test]
fn replanning_when_ahead_moves_the_end_earlier() {
    let curriculum = curriculum();
    let old = plan_with(
        &curriculum,
        &PlanOptions::starting(monday()),
        &HashMap::new(),
    )
    .unwrap();
    let today = monday() + Duration::weeks(2);
    // Done with everything planned for the first six weeks.
    let statuses = cleared_before(&old, monday() + Duration::weeks(6));
    let new = plan_with(
        &curriculum,
        &PlanOptions {
            start: today,
            ..old.options.clone()
        },
        &statuses,
    )
    .unwrap();
    let drift = replan::drift(&old, &new, today, &|id| statuses.contains_key(id));
    assert!(
        drift.behind_minutes() < 0,
        "ahead: {}",
        drift.behind_minutes()
    );
    assert!(
        drift.end_shift_days().unwrap() < -7,
        "{:?}",
        drift.end_shift_days()
    );
    assert_prerequisites_first(&curriculum, &new);
}

#[test]
fn skipping_a_whole_stage_drops_it_and_unblocks_what_follows() {
    let curriculum = curriculum();
    let statuses: HashMap<String, Status> = curriculum
        .topics()
        .filter(|t| t.stage.number == 2)
        .map(|t| (t.topic.id.clone(), Status::Skipped))
        .collect();
    let full = plan_with(
        &curriculum,
        &PlanOptions::starting(monday()),
        &HashMap::new(),
    )
    .unwrap();
    let plan = plan_with(&curriculum, &PlanOptions::starting(monday()), &statuses).unwrap();
    assert!(!plan.sessions.iter().any(|s| s.item.starts_with("s2.")));
    assert!(plan.end() < full.end());
    assert!(plan.topic_minutes().keys().any(|id| id.starts_with("s3.")));
    assert_prerequisites_first(&curriculum, &plan);
}

fn weekdays() -> impl Strategy<Value = Vec<Weekday>> {
    proptest::sample::subsequence(
        vec![
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ],
        1..=7,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// No plan, whatever the options and progress, schedules a topic before its prerequisites,
    /// plans a topic that is done, skipped or left out, or studies on a day off.
    #[test]
    fn no_plan_schedules_a_topic_before_its_prerequisites(
        start_offset in 0i64..400,
        hours in proptest::option::of(8.0f64..40.0),
        days in weekdays(),
        cleared in proptest::collection::vec((0usize..80, any::<bool>()), 0..30),
        left_out in proptest::collection::vec(0usize..80, 0..5),
    ) {
        let curriculum = curriculum();
        let ids: Vec<String> = curriculum.topics().map(|t| t.topic.id.clone()).collect();
        let statuses: HashMap<String, Status> = cleared
            .iter()
            .map(|&(i, done)| (ids[i % ids.len()].clone(), if done { Status::Done } else { Status::Skipped }))
            .collect();
        let skip: Vec<String> = left_out.iter().map(|&i| ids[i % ids.len()].clone()).collect();
        let options = PlanOptions {
            start: monday() + Duration::days(start_offset),
            hours_per_week: hours,
            days: days.clone(),
            skip: skip.clone(),
            ..PlanOptions::starting(monday())
        };
        let plan = match plan_with(&curriculum, &options, &statuses) {
            Ok(plan) => plan,
            Err(PlanError::TooFewHours { .. }) => return Ok(()),
            Err(err) => panic!("{err}"),
        };
        assert_prerequisites_first(&curriculum, &plan);
        let planned = plan.topic_minutes();
        for id in statuses.keys().chain(&skip) {
            prop_assert!(!planned.contains_key(id.as_str()), "{} is planned", id);
        }
        prop_assert!(plan.sessions.iter().all(|s| days.contains(&s.date.weekday()) && s.date >= options.start));
    }
}
