//! `llmpath plan [options] [--replan]` and `llmpath plan show [--week N]`.

use std::collections::BTreeMap;

use anyhow::{Result, bail};
use chrono::{Datelike, NaiveDate, Weekday};
use llmpath_content::{Item, Lang};
use llmpath_plan::views::plan_summary;
use llmpath_plan::{Plan, PlanOptions, Progress, Session, SessionKind, replan};
use llmpath_progress::{Status, Store, stats};
use llmpath_state::LearnerState;
use serde_json::json;

use super::{mark, print_json};
use crate::app::{App, Clock};
use crate::cli::{DayArg, PlanArgs};
use crate::duration::format_minutes;

type DateSpan = (NaiveDate, NaiveDate);

/// The plan in force, with its revision; `None` before the first `llmpath plan`.
pub fn load(store: &Store) -> Result<Option<(u32, Plan)>> {
    let Some(stored) = store.latest_plan()? else {
        return Ok(None);
    };
    Ok(Some((stored.revision, Plan::from_stored(&stored)?)))
}

fn weekday(day: DayArg) -> Weekday {
    match day {
        DayArg::Mon => Weekday::Mon,
        DayArg::Tue => Weekday::Tue,
        DayArg::Wed => Weekday::Wed,
        DayArg::Thu => Weekday::Thu,
        DayArg::Fri => Weekday::Fri,
        DayArg::Sat => Weekday::Sat,
        DayArg::Sun => Weekday::Sun,
    }
}

/// The options: the previous plan's when re-planning (from today), else the defaults; then
/// whatever the command line gives.
fn options(
    app: &App,
    args: &PlanArgs,
    previous: Option<&Plan>,
    today: NaiveDate,
) -> Result<PlanOptions> {
    let mut options = match (args.replan, previous) {
        (true, Some(plan)) => PlanOptions {
            start: today,
            ..plan.options.clone()
        },
        (true, None) => bail!("there is no plan to re-plan yet: make one with `llmpath plan`"),
        (false, _) => PlanOptions::starting(today),
    };
    if let Some(start) = args.start {
        options.start = start;
    }
    if args.hours_per_week.is_some() {
        options.hours_per_week = args.hours_per_week;
    }
    if !args.days.is_empty() {
        options.days = args.days.iter().copied().map(weekday).collect();
    }
    if !args.skip.is_empty() {
        options.skip = args
            .skip
            .iter()
            .map(|id| match app.find(id)? {
                Item::Topic(topic) => Ok(topic.topic.id.clone()),
                _ => bail!("--skip takes topic ids, and {id:?} is not a topic"),
            })
            .collect::<Result<_>>()?;
    }
    if args.until.is_some() {
        options.until = args.until;
    }
    if let Some(at) = args.at {
        options.session_time = at;
    }
    Ok(options)
}

pub fn run(app: &App, args: &PlanArgs) -> Result<()> {
    let clock = Clock::read()?;
    let mut store = app.store()?;
    let state = app.state(&store)?;
    let previous = load(&store)?;
    let options = options(
        app,
        args,
        previous.as_ref().map(|(_, plan)| plan),
        clock.today,
    )?;
    let logged = stats::minutes_per_topic(&store.events()?, &|id| app.curriculum.canonical_id(id));
    let status = |id: &str| state.status(id);
    let plan = llmpath_plan::build(
        &app.curriculum,
        &options,
        &Progress {
            status: &status,
            logged_minutes: &logged,
        },
    )?;
    let stored = store.save_plan(&serde_json::to_string(&plan)?, clock.now)?;
    let drift = match (&previous, args.replan) {
        (Some((_, old)), true) => Some(replan::drift(old, &plan, clock.today, &|id| {
            state.is_cleared(id)
        })),
        _ => None,
    };

    // First and last planned day of each stage's topics.
    let stage_spans: Vec<(&llmpath_content::Stage, Option<DateSpan>)> = app
        .curriculum
        .stages
        .iter()
        .map(|stage| {
            let prefix = format!("{}.", stage.id);
            let mut dates = plan
                .sessions
                .iter()
                .filter(|s| s.kind == SessionKind::Topic && s.item.starts_with(&prefix))
                .map(|s| s.date);
            let first = dates.next();
            (
                stage,
                first.map(|first| (first, dates.next_back().unwrap_or(first))),
            )
        })
        .collect();
    let topics = plan.topic_minutes();
    let topic_hours = topics.values().sum::<u64>() as f64 / 60.0;

    if app.json {
        return print_json(&json!({
            "schema": "llmpath.plan/1",
            "revision": stored.revision,
            "options": plan.options,
            "end": plan.end(),
            "weeks": plan.weeks(),
            "topics": topics.len(),
            "topic_hours": topic_hours,
            "stages": stage_spans.iter().map(|(stage, span)| json!({
                "number": stage.number,
                "first": span.map(|s| s.0),
                "last": span.map(|s| s.1),
            })).collect::<Vec<_>>(),
            "drift": drift.map(|d| json!({
                "behind_minutes": d.behind_minutes(),
                "behind_study_days": d.behind_study_days(),
                "old_end": d.old_end,
                "new_end": d.new_end,
                "end_shift_days": d.end_shift_days(),
            })),
            "sessions": plan.sessions,
        }));
    }

    let lang = app.lang;
    if topics.is_empty() {
        outln!(
            "{}",
            app.t(
                "没有需要排期的主题：全部完成或已跳过。",
                "Nothing to plan: every topic is done or skipped."
            )
        );
        return Ok(());
    }
    match lang {
        Lang::Zh => outln!(
            "已制定计划（第 {} 版）：{} 个主题，共 {topic_hours:.0} 小时学习，外加学习习惯；{}。",
            stored.revision,
            topics.len(),
            plan_summary(&plan, lang)
        ),
        Lang::En => outln!(
            "Plan made (revision {}): {} topics, {topic_hours:.0} h of study plus habits; {}.",
            stored.revision,
            topics.len(),
            plan_summary(&plan, lang)
        ),
    }
    for (stage, span) in &stage_spans {
        if let Some((first, last)) = span {
            let (number, title) = (stage.number, stage.title.get(lang));
            outln!(
                "  {} {number}  {title:<30} {first} → {last}",
                app.t("阶段", "Stage")
            );
        }
    }
    let first_paper = plan
        .sessions
        .iter()
        .find(|s| s.kind == SessionKind::Paper)
        .and_then(|s| app.curriculum.paper(&s.item))
        .map_or("", |p| p.title.as_str());
    outln!(
        "{} {first_paper}",
        app.t(
            "习惯：每个学习日 20 分钟代码练习，每周最后一个学习日精读一篇论文，每个模块结束后用思维导图复盘。第一篇：",
            "Habits: 20 min of coding practice each study day, a paper on each week's last study day, a mind-map review after each module. First paper:"
        )
    );
    if let Some(drift) = drift {
        outln!();
        let behind = drift.behind_minutes();
        let days = drift.behind_study_days().abs();
        let amount = format_minutes(behind.unsigned_abs().min(u64::from(u32::MAX)) as u32);
        outln!(
            "{}",
            match (behind.signum(), lang) {
                (1, Lang::Zh) => format!("你比上一版计划落后 {amount}（约 {days} 个学习日）。"),
                (1, Lang::En) =>
                    format!("You are {amount} behind the previous plan (about {days} study days)."),
                (-1, Lang::Zh) => format!("你比上一版计划超前 {amount}（约 {days} 个学习日）。"),
                (-1, Lang::En) => format!(
                    "You are {amount} ahead of the previous plan (about {days} study days)."
                ),
                (_, Lang::Zh) => "你正好按上一版计划进行。".to_owned(),
                (_, Lang::En) => "You are exactly on the previous plan.".to_owned(),
            }
        );
        if let (Some(shift), Some(end)) = (drift.end_shift_days(), drift.new_end) {
            outln!(
                "{}",
                match (shift.signum(), lang) {
                    (1, Lang::Zh) => format!("新计划在 {end} 结束，比原来晚 {shift} 天。"),
                    (1, Lang::En) =>
                        format!("The plan now ends on {end}, {shift} days later than before."),
                    (-1, Lang::Zh) => format!("新计划在 {end} 结束，比原来早 {} 天。", -shift),
                    (-1, Lang::En) => format!(
                        "The plan now ends on {end}, {} days earlier than before.",
                        -shift
                    ),
                    (_, Lang::Zh) => format!("新计划仍在 {end} 结束。"),
                    (_, Lang::En) => format!("The plan still ends on {end}."),
                }
            );
        }
    }
    outln!();
    outln!(
        "{}",
        app.t(
            "接下来：`llmpath today` 看今天的安排，`llmpath plan show --week 1` 看一周，`llmpath export checklist --format pdf -o 清单.pdf` 打印清单。",
            "Next: `llmpath today` for today, `llmpath plan show --week 1` for a week, `llmpath export checklist --format pdf -o checklist.pdf` to print."
        )
    );
    Ok(())
}

/// A session in words, in the learner's language.
pub fn session_line(app: &App, state: &LearnerState<'_>, session: &Session) -> String {
    let lang = app.lang;
    let part = if session.parts > 1 {
        format!(" ({}/{})", session.part, session.parts)
    } else {
        String::new()
    };
    let what = match session.kind {
        SessionKind::Topic => match app.curriculum.find(&session.item) {
            Some(Item::Topic(t)) => format!(
                "{} {}  {}{part}",
                mark(state.status(&session.item)),
                session.item,
                t.topic.title.get(lang)
            ),
            _ => session.item.clone(),
        },
        SessionKind::Coding => app
            .t(
                "    每日代码练习（LeetCode / Kaggle）",
                "    daily coding practice (LeetCode / Kaggle)",
            )
            .to_owned(),
        SessionKind::Paper => format!(
            "    {}{}",
            app.t("论文精读：", "paper: "),
            app.curriculum
                .paper(&session.item)
                .map_or(session.item.as_str(), |p| p.title.as_str())
        ),
        SessionKind::MindMap => format!(
            "    {}{}",
            app.t("思维导图复盘：", "mind-map review: "),
            session.item
        ),
    };
    format!("{:>6}  {what}", format_minutes(session.minutes))
}

fn weekday_label(app: &App, date: NaiveDate) -> String {
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    match app.lang {
        Lang::Zh => ZH[date.weekday().num_days_from_monday() as usize].to_owned(),
        Lang::En => date.weekday().to_string(),
    }
}

pub fn show(app: &App, week: Option<i64>) -> Result<()> {
    let clock = Clock::read()?;
    let store = app.store()?;
    let state = app.state(&store)?;
    let Some((revision, plan)) = load(&store)? else {
        bail!("there is no plan yet: make one with `llmpath plan`");
    };
    if let Some(week) = week
        && !(1..=plan.weeks()).contains(&week)
    {
        bail!(
            "the plan has weeks 1 to {}; there is no week {week}",
            plan.weeks()
        );
    }
    let weeks: Vec<i64> = week.map_or_else(|| (1..=plan.weeks()).collect(), |w| vec![w]);

    if app.json {
        return print_json(&json!({
            "schema": "llmpath.plan-show/1",
            "revision": revision,
            "options": plan.options,
            "weeks": weeks.iter().map(|&w| json!({
                "week": w,
                "sessions": plan.in_week(w).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        }));
    }
    let current = plan.week_of(clock.today);
    match week {
        Some(week) => {
            let mut days: BTreeMap<NaiveDate, Vec<&Session>> = BTreeMap::new();
            for session in plan.in_week(week) {
                days.entry(session.date).or_default().push(session);
            }
            match app.lang {
                Lang::Zh => outln!("第 {week} 周"),
                Lang::En => outln!("Week {week}"),
            }
            for (date, sessions) in days {
                let total: u32 = sessions.iter().map(|s| s.minutes).sum();
                outln!(
                    "{} {date}  ({})",
                    weekday_label(app, date),
                    format_minutes(total)
                );
                for session in sessions {
                    outln!("{}", session_line(app, &state, session));
                }
            }
        }
        None => {
            outln!("{}", plan_summary(&plan, app.lang));
            for week in weeks {
                let sessions: Vec<&Session> = plan.in_week(week).collect();
                let total: u32 = sessions.iter().map(|s| s.minutes).sum();
                let mut topics: Vec<&str> = Vec::new();
                for session in sessions.iter().filter(|s| s.kind == SessionKind::Topic) {
                    if !topics.contains(&session.item.as_str()) {
                        topics.push(&session.item);
                    }
                }
                let cleared = topics.iter().all(|id| {
                    state.status(id) == Status::Done || state.status(id) == Status::Skipped
                });
                let here = if week == current {
                    "▶"
                } else if cleared && !topics.is_empty() {
                    "✓"
                } else {
                    " "
                };
                let first = sessions
                    .first()
                    .map_or(String::new(), |s| s.date.format("%m-%d").to_string());
                outln!(
                    "{here} {:>3}  {first}  {:>6}  {}",
                    week,
                    format_minutes(total),
                    topics.join(", ")
                );
            }
        }
    }
    Ok(())
}
