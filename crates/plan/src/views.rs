//! Builds the checklist and calendar views from the curriculum, the learner's state and the
//! plan, in one language.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use llmpath_content::{Curriculum, Item, Lang};
use llmpath_state::LearnerState;

use crate::schedule::{CODING_HABIT, Plan, Session, SessionKind};
use crate::view::*;

fn pick(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_owned(),
        Lang::En => en.to_owned(),
    }
}

fn labels(lang: Lang) -> Labels {
    Labels {
        task: pick(lang, "核心任务", "Core task"),
        resources: pick(lang, "资源链接", "Resources"),
        practice: pick(lang, "实战目标", "Practice goals"),
        outcomes: pick(lang, "学完后你能", "You can"),
        planned: pick(lang, "计划日期", "Planned"),
        hours: pick(lang, "小时", "h"),
        status: pick(lang, "进度", "Progress"),
        done: pick(lang, "完成", "done"),
        not_planned: pick(lang, "未排期", "not planned"),
        stage: pick(lang, "第 {n} 阶段", "Stage"),
    }
}

fn range(span: Option<(NaiveDate, NaiveDate)>) -> Option<DateRange> {
    span.map(|(first, last)| DateRange { first, last })
}

/// Weekday names of the plan's study days, e.g. "Mon, Wed, Sat" / "周一、周三、周六".
pub fn days_label(plan: &Plan, lang: Lang) -> String {
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    let names: Vec<String> = plan
        .options
        .days
        .iter()
        .map(|day| match lang {
            Lang::Zh => ZH[day.num_days_from_monday() as usize].to_owned(),
            Lang::En => day.to_string(),
        })
        .collect();
    names.join(if lang == Lang::Zh { "、" } else { ", " })
}

/// One line describing a plan's pace and span.
pub fn plan_summary(plan: &Plan, lang: Lang) -> String {
    let pace = match (plan.options.hours_per_week, lang) {
        (Some(hours), Lang::Zh) => format!("每周 {hours} 小时"),
        (Some(hours), Lang::En) => format!("{hours} h a week"),
        (None, Lang::Zh) => "按种子路径的节奏".to_owned(),
        (None, Lang::En) => "at the seed path's pace".to_owned(),
    };
    let end = plan.end().map_or_else(String::new, |d| d.to_string());
    match lang {
        Lang::Zh => format!(
            "计划：{pace}，{}，{} 至 {end}（{} 周）",
            days_label(plan, lang),
            plan.options.start,
            plan.weeks()
        ),
        Lang::En => format!(
            "plan: {pace}, {}, {} to {end} ({} weeks)",
            days_label(plan, lang),
            plan.options.start,
            plan.weeks()
        ),
    }
}

/// The printable checklist of every stage, or of stage `only`.
pub fn checklist(
    curriculum: &Curriculum,
    state: &LearnerState<'_>,
    plan: Option<&Plan>,
    lang: Lang,
    only: Option<u32>,
    today: NaiveDate,
) -> Checklist {
    let stages = curriculum
        .stages
        .iter()
        .filter(|stage| only.is_none_or(|n| stage.number == n))
        .map(|stage| {
            let rows: Vec<ChecklistRow> = stage
                .modules
                .iter()
                .flat_map(|module| module.topics.iter().map(move |topic| (module, topic)))
                .map(|(module, topic)| ChecklistRow {
                    id: topic.id.clone(),
                    module: module.title.get(lang).to_owned(),
                    title: topic.title.get(lang).to_owned(),
                    status: state.status(&topic.id),
                    hours: topic.hours,
                    resources: topic
                        .resources
                        .iter()
                        .map(|r| Link {
                            title: r.title.clone(),
                            url: r.url.clone(),
                        })
                        .collect(),
                    practice: topic
                        .practice
                        .iter()
                        .map(|p| PracticeItem {
                            id: p.id.clone(),
                            title: p.title.get(lang).to_owned(),
                            kind: p.kind.label(lang).to_owned(),
                            status: state.status(&p.id),
                        })
                        .collect(),
                    outcomes: topic
                        .outcomes
                        .iter()
                        .map(|o| o.get(lang).to_owned())
                        .collect(),
                    planned: range(plan.and_then(|p| p.span(SessionKind::Topic, &topic.id))),
                })
                .collect();
            let planned =
                rows.iter()
                    .filter_map(|r| r.planned)
                    .fold(None, |span: Option<DateRange>, r| {
                        Some(match span {
                            None => r,
                            Some(s) => DateRange {
                                first: s.first.min(r.first),
                                last: s.last.max(r.last),
                            },
                        })
                    });
            ChecklistStage {
                id: stage.id.clone(),
                number: stage.number,
                title: stage.title.get(lang).to_owned(),
                duration: stage.duration.get(lang).to_owned(),
                summary: stage.summary.get(lang).to_owned(),
                percent_done: state.stage_completion(stage).percent(),
                planned,
                rows,
            }
        })
        .collect();
    let subtitle = match (plan, lang) {
        (Some(plan), _) => format!(
            "{} · {}",
            pick(lang, "生成于", "generated") + " " + &today.to_string(),
            plan_summary(plan, lang)
        ),
        (None, Lang::Zh) => format!("生成于 {today} · 尚未制定计划（运行 llmpath plan 排期）"),
        (None, Lang::En) => {
            format!("generated {today} · no plan yet (run llmpath plan to schedule it)")
        }
    };
    Checklist {
        lang: lang.code().to_owned(),
        title: pick(
            lang,
            "大模型从零基础到精通 · 按阶段划分的学习清单",
            "From zero to mastery of ML and LLMs · stage-by-stage checklist",
        ),
        subtitle,
        generated_on: today,
        labels: labels(lang),
        stages,
    }
}

/// What a session is, in words, with a description and a link.
fn describe(
    curriculum: &Curriculum,
    session: &Session,
    lang: Lang,
) -> (String, String, Option<String>) {
    let part = if session.parts > 1 {
        format!(" ({}/{})", session.part, session.parts)
    } else {
        String::new()
    };
    match session.kind {
        SessionKind::Topic => match curriculum.find(&session.item) {
            Some(Item::Topic(t)) => {
                let practice: Vec<String> = t
                    .topic
                    .practice
                    .iter()
                    .map(|p| format!("- {}", p.title.get(lang)))
                    .collect();
                let description = format!(
                    "{}\n\n{}\n{}\n\nllmpath show {}",
                    t.topic.id,
                    pick(lang, "练习：", "Practice:"),
                    practice.join("\n"),
                    t.topic.id
                );
                let url = t.topic.resources.first().map(|r| r.url.clone());
                (
                    format!(
                        "{}{}{part}",
                        pick(lang, "学习：", "Study: "),
                        t.topic.title.get(lang)
                    ),
                    description,
                    url,
                )
            }
            _ => (session.item.clone(), String::new(), None),
        },
        SessionKind::Coding => (
            pick(
                lang,
                "每日代码练习（LeetCode / Kaggle）",
                "Daily coding practice (LeetCode / Kaggle)",
            ),
            format!("llmpath show {CODING_HABIT}"),
            Some("https://leetcode.com/".to_owned()),
        ),
        SessionKind::Paper => match curriculum.paper(&session.item) {
            Some(paper) => (
                format!("{}{}", pick(lang, "论文精读：", "Paper: "), paper.title),
                format!(
                    "{} ({})\n\n{}\n\n{}",
                    paper.authors,
                    paper.year,
                    paper.why.get(lang),
                    paper.reproduce.get(lang)
                ),
                Some(paper.url.clone()),
            ),
            None => (session.item.clone(), String::new(), None),
        },
        SessionKind::MindMap => {
            let title = match curriculum.find(&session.item) {
                Some(Item::Module(_, module)) => module.title.get(lang).to_owned(),
                _ => session.item.clone(),
            };
            (
                format!(
                    "{}{title}",
                    pick(lang, "思维导图复盘：", "Mind-map review: ")
                ),
                pick(
                    lang,
                    "把本模块的知识点整理成思维导图，连到已学内容。",
                    "Map this module's ideas and link them to what you learned before.",
                ),
                None,
            )
        }
    }
}

/// A stable id for a piece of work: the same topic part keeps its UID across re-plans.
fn uid(session: &Session) -> String {
    let kind = match session.kind {
        SessionKind::Topic => "topic",
        SessionKind::Coding => "coding",
        SessionKind::Paper => "paper",
        SessionKind::MindMap => "mind-map",
    };
    match session.kind {
        SessionKind::Coding => format!("{kind}-{}@llmpath", session.date.format("%Y%m%d")),
        _ => format!("{kind}-{}-{}@llmpath", session.item, session.part),
    }
}

/// Whether the calendar of stage `only` (every stage when `None`) holds `session`: a topic
/// session belongs to its topic's stage; the habits (coding, papers, mind-map reviews) stay in
/// every stage's calendar.
fn in_stage(curriculum: &Curriculum, session: &Session, only: Option<u32>) -> bool {
    let Some(number) = only else {
        return true;
    };
    if session.kind != SessionKind::Topic {
        return true;
    }
    match curriculum.find(&session.item) {
        Some(Item::Topic(topic)) => topic.stage.number == number,
        // A topic this content no longer has: its id still names its stage.
        _ => curriculum
            .stage(number)
            .is_some_and(|stage| session.item.starts_with(&format!("{}.", stage.id))),
    }
}

/// One event per planned session, of every stage or of stage `only` (as [`checklist`]). A
/// day's sessions follow each other from the plan's start time, in the learner's time zone `tz`
/// (converted to UTC per day, so DST is right).
pub fn calendar<Tz: TimeZone>(
    curriculum: &Curriculum,
    plan: &Plan,
    lang: Lang,
    only: Option<u32>,
    tz: &Tz,
    stamp: DateTime<Utc>,
    sequence: u32,
) -> Calendar {
    let sessions = plan
        .sessions
        .iter()
        .filter(|session| in_stage(curriculum, session, only));
    let mut events = Vec::with_capacity(plan.sessions.len());
    let mut day: Option<(NaiveDate, DateTime<Utc>)> = None;
    for session in sessions {
        let start = match day {
            Some((date, next)) if date == session.date => next,
            _ => {
                let local = session.date.and_time(plan.options.session_time);
                tz.from_local_datetime(&local)
                    .earliest()
                    // In a DST gap the wall-clock time does not exist: start an hour later.
                    .or_else(|| {
                        tz.from_local_datetime(&(local + Duration::hours(1)))
                            .earliest()
                    })
                    .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc))
            }
        };
        let end = start + Duration::minutes(i64::from(session.minutes));
        day = Some((session.date, end));
        let (summary, description, url) = describe(curriculum, session, lang);
        events.push(CalendarEvent {
            uid: uid(session),
            start,
            end,
            summary,
            description,
            url,
        });
    }
    Calendar {
        name: pick(lang, "llmpath 学习计划", "llmpath study plan"),
        stamp,
        sequence,
        events,
    }
}
