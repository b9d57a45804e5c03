//! A stored plan read back, and the calendar of one stage (what `llmpath export checklist
//! --format ics --stage N` and the dashboard's `/plan/export?format=ics&stage=N` both render).
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use llmpath_content::{Curriculum, Lang};
use llmpath_plan::{Plan, PlanError, PlanOptions, Progress, SessionKind, build, views};
use llmpath_progress::{Status, StoredPlan};

fn plan(curriculum: &Curriculum) -> Plan {
    let status = |_: &str| Status::Pending;
    build(
        curriculum,
        &PlanOptions::starting(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()),
        &Progress {
            status: &status,
            logged_minutes: &BTreeMap::new(),
        },
    )
    .unwrap()
}

fn stamp() -> DateTime<Utc> {
    "2026-03-02T09:00:00Z".parse().unwrap()
}

#[test]
fn a_stored_plan_reads_back_and_unreadable_json_names_its_revision() {
    let curriculum = Curriculum::embedded().unwrap();
    let plan = plan(&curriculum);
    let stored = StoredPlan {
        revision: 3,
        created_at: stamp(),
        json: serde_json::to_string(&plan).unwrap(),
    };
    assert_eq!(Plan::from_stored(&stored).unwrap(), plan);
    let newer = StoredPlan {
        json: r#"{"options": {"pace": "warp"}}"#.to_owned(),
        ..stored
    };
    let err = Plan::from_stored(&newer).unwrap_err();
    assert!(matches!(err, PlanError::Unreadable { revision: 3, .. }));
    let message = err.to_string();
    assert!(
        message.contains("revision 3") && message.contains("`llmpath plan`"),
        "{message}"
    );
}

#[test]
fn a_stage_calendar_keeps_that_stage_topics_and_every_habit() {
    let curriculum = Curriculum::embedded().unwrap();
    let plan = plan(&curriculum);
    let all = views::calendar(&curriculum, &plan, Lang::En, None, &Utc, stamp(), 1);
    assert_eq!(all.events.len(), plan.sessions.len());

    let topic_uid = |id: &str| id.starts_with("topic-");
    let stage2 = views::calendar(&curriculum, &plan, Lang::En, Some(2), &Utc, stamp(), 1);
    let topics: Vec<&str> = stage2
        .events
        .iter()
        .map(|e| e.uid.as_str())
        .filter(|uid| topic_uid(uid))
        .collect();
    assert!(!topics.is_empty());
    assert!(
        topics.iter().all(|uid| uid.starts_with("topic-s2.")),
        "{topics:?}"
    );
    let stage2_topics = plan
        .sessions
        .iter()
        .filter(|s| s.kind == SessionKind::Topic && s.item.starts_with("s2."))
        .count();
    let habits = plan
        .sessions
        .iter()
        .filter(|s| s.kind != SessionKind::Topic)
        .count();
    assert_eq!(topics.len(), stage2_topics);
    assert_eq!(stage2.events.len(), stage2_topics + habits);
}
