//! `plan`, `plan show`, `today` and `export checklist` through the binary, with a pinned clock.
#![allow(clippy::unwrap_used)]

mod common;

use common::{NOW, Sandbox};

/// Three weeks after [`NOW`] (a Monday).
const LATER: &str = "2026-03-23T09:00:00Z";

#[test]
fn a_first_plan_is_made_stored_and_shown() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["plan", "--hours-per-week", "12"]);
    insta::assert_snapshot!("plan_first_en", out);
    let plan = sandbox.json(&["plan", "show"]);
    assert_eq!(plan["schema"], "llmpath.plan-show/1");
    assert_eq!(plan["revision"], 1);
    assert_eq!(plan["options"]["start"], "2026-03-02");
    insta::assert_snapshot!(
        "plan_show_week_1_en",
        sandbox.run(&["plan", "show", "--week", "1"])
    );
    let weeks = sandbox.run(&["plan", "show"]);
    assert!(
        weeks.lines().nth(1).unwrap().starts_with("▶   1  03-02"),
        "{weeks}"
    );
    let err = sandbox.fail(&["plan", "show", "--week", "999"]);
    assert!(err.contains("there is no week 999"), "{err}");
}

#[test]
fn today_lists_the_day_and_says_when_nothing_is_planned() {
    let sandbox = Sandbox::new();
    let none = sandbox.run(&["today"]);
    assert!(none.contains("No plan yet"), "{none}");
    sandbox.run(&["plan", "--days", "mon,wed,fri", "--hours-per-week", "10"]);
    insta::assert_snapshot!("today_monday_en", sandbox.run(&["today"]));
    let tuesday = sandbox.run_at("2026-03-03T09:00:00Z", &["today"]);
    assert!(
        tuesday.contains("Nothing planned today. Next study day: 2026-03-04"),
        "{tuesday}"
    );
    let zh = sandbox
        .command(&["--lang", "zh", "today"])
        .output()
        .unwrap();
    let zh = String::from_utf8(zh.stdout).unwrap();
    assert!(zh.contains("今天") && zh.contains("每日代码练习"), "{zh}");
}

#[test]
fn an_infeasible_deadline_is_refused_with_the_hours_needed() {
    let sandbox = Sandbox::new();
    let err = sandbox.fail(&["plan", "--hours-per-week", "10", "--until", "2026-12-31"]);
    assert!(err.contains("cannot end by 2026-12-31"), "{err}");
    assert!(err.contains("It would need"), "{err}");
    assert!(err.contains("--hours-per-week"), "{err}");
    assert!(
        sandbox.json(&["today"])["plan"] == false,
        "nothing was stored"
    );
    let err = sandbox.fail(&["plan", "--skip", "s1.math.svdd"]);
    assert!(
        err.contains("s1.math.svd"),
        "suggests the nearest id: {err}"
    );
    let err = sandbox.fail(&["plan", "--replan"]);
    assert!(err.contains("no plan to re-plan"), "{err}");
}

#[test]
fn replanning_says_how_far_behind_or_ahead_you_are() {
    let behind = Sandbox::new();
    behind.run(&["plan", "--hours-per-week", "12"]);
    let out = behind.run_at(LATER, &["plan", "--replan"]);
    assert!(out.contains("behind the previous plan"), "{out}");
    assert!(out.contains("days later than before"), "{out}");
    let replanned = behind.json(&["plan", "show"]);
    assert_eq!(replanned["revision"], 2);
    assert_eq!(replanned["options"]["start"], "2026-03-23");
    assert_eq!(
        replanned["options"]["hours_per_week"], 12.0,
        "options carry over"
    );

    let ahead = Sandbox::new();
    ahead.run(&["plan", "--hours-per-week", "12"]);
    for topic in ahead.json(&["path", "--stage", "1"])["stages"][0]["modules"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["topics"].as_array().unwrap().clone())
    {
        ahead.run_at(
            "2026-03-10T09:00:00Z",
            &["done", topic["id"].as_str().unwrap()],
        );
    }
    let out = ahead.run_at(LATER, &["plan", "--replan"]);
    assert!(out.contains("ahead of the previous plan"), "{out}");
    assert!(out.contains("days earlier than before"), "{out}");
}

#[test]
fn the_checklist_exports_in_every_text_format() {
    let sandbox = Sandbox::new();
    sandbox.run(&["plan", "--hours-per-week", "12"]);
    sandbox.run(&["done", "s1.math.vectors-matrices"]);
    sandbox.run(&["start", "s1.math.eigen"]);
    sandbox.run(&["skip", "s1.math.taylor"]);

    let markdown = sandbox.run(&["export", "checklist", "--format", "md", "--stage", "1"]);
    insta::assert_snapshot!("checklist_stage1_md_en", markdown);

    let csv = sandbox.run(&["export", "checklist", "--format", "csv"]);
    let path = sandbox.json(&["path"]);
    let topics: Vec<&serde_json::Value> = path["stages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["modules"].as_array().unwrap())
        .flat_map(|m| m["topics"].as_array().unwrap())
        .collect();
    let practice: usize = topics
        .iter()
        .map(|t| t["practice"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        csv.trim_end().lines().count(),
        1 + topics.len() + practice,
        "header + a row per task"
    );

    let html = sandbox.run(&["--lang", "zh", "export", "checklist", "--format", "html"]);
    assert!(
        html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"),
        "{}",
        &html[..80]
    );
    assert!(html.contains("lang=\"zh\"") && html.contains("矩阵分解"));
    assert!(
        !html.contains("<script src") && !html.contains("<link "),
        "standalone, no network"
    );

    let file = sandbox.dir.path().join("out/checklist.md");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    sandbox.run(&[
        "export",
        "checklist",
        "--format",
        "md",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("s5.applications.slam")
    );
}

#[test]
fn the_calendar_has_an_event_per_session_with_stable_uids() {
    let sandbox = Sandbox::new();
    let err = sandbox.fail(&["export", "checklist", "--format", "ics"]);
    assert!(err.contains("no plan yet"), "{err}");
    sandbox.run(&["plan", "--hours-per-week", "12", "--at", "07:30"]);
    let sessions = sandbox.json(&["plan", "show"])["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["sessions"].as_array().unwrap().len())
        .sum::<usize>();
    let first = sandbox.run(&["export", "checklist", "--format", "ics"]);
    assert_eq!(first.matches("BEGIN:VEVENT").count(), sessions);
    assert!(
        first.contains("DTSTART:20260302T073000Z"),
        "07:30 local in UTC (TZ=UTC)"
    );
    let uids = |ics: &str| -> Vec<String> {
        ics.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_owned)
            .collect()
    };
    // Re-planning the same work keeps the UIDs of the same topic parts.
    sandbox.run_at("2026-03-02T10:00:00Z", &["plan", "--replan"]);
    let second = sandbox.run(&["export", "checklist", "--format", "ics"]);
    let (a, b) = (uids(&first), uids(&second));
    let topic_uids = |v: &[String]| -> std::collections::BTreeSet<String> {
        v.iter()
            .filter(|u| u.starts_with("UID:topic-"))
            .cloned()
            .collect()
    };
    assert_eq!(topic_uids(&a), topic_uids(&b));
    assert!(second.contains("SEQUENCE:2"), "a re-plan bumps SEQUENCE");
    assert_eq!(NOW, "2026-03-02T09:00:00Z");
}

#[test]
fn the_checklist_prints_to_a_pdf_with_chinese_text() {
    let sandbox = Sandbox::new();
    sandbox.run(&["plan", "--hours-per-week", "12"]);
    sandbox.run(&["done", "s1.math.vectors-matrices"]);
    let pdf = sandbox.dir.path().join("清单.pdf");
    sandbox.run(&[
        "--lang",
        "zh",
        "export",
        "checklist",
        "--format",
        "pdf",
        "--stage",
        "1",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let text = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed: apt-get install poppler-utils");
    let text = String::from_utf8(text.stdout).unwrap();
    for expected in [
        "第 1 阶段",
        "基础准备",
        "矩阵分解",
        "向量与矩阵运算",
        "2026-03-02",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from the PDF text:\n{text}"
        );
    }
}
