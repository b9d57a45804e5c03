//! The commands end to end, on a temporary home, with snapshots of what a learner sees.
#![allow(clippy::unwrap_used)]

mod common;

use common::{NOW, Sandbox};
use serde_json::Value;

fn topics(path_json: &Value) -> Vec<&Value> {
    path_json["stages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["modules"].as_array().unwrap())
        .flat_map(|m| m["topics"].as_array().unwrap())
        .collect()
}

#[test]
fn path_json_lists_five_stages_and_every_topic_in_both_languages() {
    let sandbox = Sandbox::new();
    let path = sandbox.json(&["path"]);
    assert_eq!(path["schema"], "llmpath.path/1");
    assert_eq!(path["stages"].as_array().unwrap().len(), 5);
    let topics = topics(&path);
    assert!(topics.len() >= 60, "only {} topics", topics.len());
    for topic in topics {
        for field in ["title", "summary"] {
            for lang in ["zh", "en"] {
                let text = topic[field][lang].as_str().unwrap();
                assert!(!text.trim().is_empty(), "{} {field}.{lang}", topic["id"]);
            }
        }
        assert!(
            !topic["resources"].as_array().unwrap().is_empty(),
            "{}",
            topic["id"]
        );
        assert!(
            !topic["practice"].as_array().unwrap().is_empty(),
            "{}",
            topic["id"]
        );
        assert_eq!(topic["status"], "pending");
    }
}

#[test]
fn a_fresh_learner_sees_stage_one_and_where_to_start() {
    let sandbox = Sandbox::new();
    insta::assert_snapshot!("status_fresh_en", sandbox.run(&[]));
    let zh = sandbox.command(&["--lang", "zh"]).output().unwrap();
    insta::assert_snapshot!("status_fresh_zh", String::from_utf8(zh.stdout).unwrap());
}

#[test]
fn the_language_defaults_from_the_locale() {
    let sandbox = Sandbox::new();
    let output = sandbox
        .command(&["next", "-n", "1"])
        .env_remove("LLMPATH_LANG")
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let english = sandbox.run(&["next", "-n", "1"]);
    assert_ne!(text, english);
    assert!(
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{text}"
    );
}

#[test]
fn marking_topics_moves_the_learner_through_the_path() {
    let sandbox = Sandbox::new();
    let first = sandbox.json(&["next"])["topics"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let out = sandbox.run(&["start", &first]);
    assert!(out.contains("pending → learning"), "{out}");
    assert_eq!(
        sandbox.json(&["show", &first])["topic"]["status"],
        "learning"
    );
    assert_eq!(
        sandbox.json(&["next"])["topics"][0]["id"],
        first.as_str(),
        "learning comes first"
    );

    assert!(sandbox.run(&["start", &first]).contains("already"));
    sandbox.run(&["done", &first]);
    let status = sandbox.json(&[]);
    assert_eq!(status["overall"]["done"], 1);
    assert!(
        status["next"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["id"] != first.as_str())
    );

    sandbox.run(&["reset", &first]);
    assert_eq!(
        sandbox.json(&["show", &first])["topic"]["status"],
        "pending"
    );
    sandbox.run(&["skip", &first]);
    assert_eq!(sandbox.json(&[])["overall"]["skipped"], 1);

    // Practice tasks have a status of their own.
    let practice = sandbox.json(&["show", &first])["topic"]["practice"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    sandbox.run(&["done", &practice]);
    assert_eq!(
        sandbox.json(&["show", &practice])["practice"]["status"],
        "done"
    );

    // History is kept: every change above is an event.
    let export = sandbox.json(&["export-progress"]);
    assert_eq!(export["events"].as_array().unwrap().len(), 5);
}

#[test]
fn marking_a_topic_done_unlocks_what_depends_on_it() {
    let sandbox = Sandbox::new();
    let path = sandbox.json(&["path"]);
    let all = topics(&path);
    let dependant = all
        .iter()
        .find(|t| t["prerequisites"].as_array().unwrap().len() == 1)
        .unwrap();
    let prerequisite = dependant["prerequisites"][0].as_str().unwrap();
    let id = dependant["id"].as_str().unwrap();
    let listed = |sandbox: &Sandbox| {
        sandbox.json(&["next", "--all"])["topics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == id)
    };
    // The prerequisite itself may wait on others: clear the whole chain.
    let mut chain = vec![prerequisite.to_owned()];
    while let Some(topic) = chain.pop() {
        sandbox.run(&["done", &topic]);
        let shown = sandbox.json(&["show", &topic]);
        for p in shown["topic"]["prerequisites"].as_array().unwrap() {
            chain.push(p.as_str().unwrap().to_owned());
        }
    }
    assert!(listed(&sandbox));
    sandbox.run(&["reset", prerequisite]);
    assert!(!listed(&sandbox));
    let out = sandbox.run(&["done", id]);
    assert!(
        out.contains(prerequisite),
        "warns about the unmet prerequisite: {out}"
    );
}

#[test]
fn an_unknown_id_suggests_the_nearest_ones() {
    let sandbox = Sandbox::new();
    let err = sandbox.fail(&["show", "s2.algorithms.logistic-regresion"]);
    assert!(err.contains("unknown id"), "{err}");
    assert!(err.contains("s2.algorithms.logistic-regression"), "{err}");
    let err = sandbox.fail(&["done", "kmean"]);
    assert!(err.contains("s2.algorithms.kmeans"), "{err}");
    sandbox.fail(&["log", "1h", "--topic", "nope.nothing"]);
    assert!(
        !sandbox.database().exists()
            || sandbox.json(&["export-progress"])["events"]
                .as_array()
                .unwrap()
                .is_empty()
    );
}

#[test]
fn a_stage_or_module_cannot_be_marked() {
    let sandbox = Sandbox::new();
    let err = sandbox.fail(&["done", "s1"]);
    assert!(err.contains("stage or module"), "{err}");
    let err = sandbox.fail(&["path", "--stage", "9"]);
    assert!(err.contains("stages are numbered 1 to 5"), "{err}");
}

#[test]
fn study_time_is_logged_and_malformed_durations_are_refused() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&[
        "log",
        "1h30m",
        "--topic",
        "s1.math.svd",
        "--note",
        "SVD by hand",
    ]);
    assert_eq!(out.trim(), "Logged 1h30m (s1.math.svd). This week: 1h30m");
    sandbox.run(&["log", "45m"]);
    let log = sandbox.json(&["log", "2h"]);
    assert_eq!(log["minutes_this_week"], 90 + 45 + 120);
    assert_eq!(log["event"]["kind"], "study");
    assert_eq!(log["event"]["minutes"], 120);
    for bad in ["90", "0.01h", "abc", "25h", "0m"] {
        let err = sandbox.fail(&["log", bad]);
        assert!(
            err.contains("accepted forms: 90m, 1h30m, 2h"),
            "{bad}: {err}"
        );
    }
    assert_eq!(
        sandbox.json(&["export-progress"])["events"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

/// A fortnight of study at pinned times: days, weeks and streaks are exact.
fn study_history(sandbox: &Sandbox) {
    for (at, duration, topic) in [
        ("2026-02-20T10:00:00Z", "1h", "s1.math.vectors-matrices"),
        ("2026-02-23T10:00:00Z", "2h", "s1.math.vectors-matrices"),
        ("2026-02-24T10:00:00Z", "30m", "s1.math.eigen"),
        (
            "2026-02-25T21:00:00Z",
            "45m",
            "s1.programming.numpy-ndarray",
        ),
        ("2026-03-01T08:00:00Z", "1h15m", "s1.math.eigen"),
        ("2026-03-02T07:00:00Z", "20m", ""),
    ] {
        let mut args = vec!["log", duration];
        if !topic.is_empty() {
            args.extend(["--topic", topic]);
        }
        sandbox.run_at(at, &args);
    }
    sandbox.run_at(
        "2026-02-23T12:00:00Z",
        &["done", "s1.math.vectors-matrices"],
    );
    sandbox.run_at("2026-02-28T12:00:00Z", &["start", "s1.math.eigen"]);
}

#[test]
fn stats_and_status_after_a_fortnight_of_study() {
    let sandbox = Sandbox::new();
    study_history(&sandbox);
    insta::assert_snapshot!("stats_en", sandbox.run(&["stats", "--weeks", "3"]));
    insta::assert_json_snapshot!("stats_json", sandbox.json(&["stats", "--weeks", "3"]));
    insta::assert_snapshot!("status_after_study_en", sandbox.run(&[]));
    let stats = sandbox.json(&["stats"]);
    // 2026-02-28 has a status change only (not done), so the streak is Mar 1–2 = 2 days;
    // the longest run is Feb 23–25 = 3 days.
    assert_eq!(stats["streak"]["current"], 2);
    assert_eq!(stats["streak"]["longest"], 3);
    assert_eq!(stats["total_minutes"], 60 + 120 + 30 + 45 + 75 + 20);
    assert_eq!(stats["other_minutes"], 20);
}

#[test]
fn path_and_show_snapshots() {
    let sandbox = Sandbox::new();
    sandbox.run(&["done", "s1.math.vectors-matrices"]);
    sandbox.run(&["start", "s1.math.eigen"]);
    sandbox.run(&["skip", "s1.math.taylor"]);
    insta::assert_snapshot!("path_stage1_en", sandbox.run(&["path", "--stage", "1"]));
    insta::assert_snapshot!("show_svd_en", sandbox.run(&["show", "s1.math.svd"]));
    let zh = sandbox
        .command(&["--lang", "zh", "show", "s1.math.svd"])
        .output()
        .unwrap();
    insta::assert_snapshot!("show_svd_zh", String::from_utf8(zh.stdout).unwrap());
    insta::assert_json_snapshot!("show_svd_json", sandbox.json(&["show", "s1.math.svd"]));
    insta::assert_json_snapshot!("next_json", sandbox.json(&["next", "-n", "3"]));
}

#[test]
fn export_and_import_round_trip_and_import_is_idempotent() {
    let from = Sandbox::new();
    study_history(&from);
    let backup = from.dir.path().join("backup.json");
    from.run(&["export-progress", "-o", backup.to_str().unwrap()]);

    let to = Sandbox::new();
    to.run(&["done", "s1.math.bayes"]);
    let first = to.json(&["import-progress", backup.to_str().unwrap()]);
    assert_eq!(first["added"], 8);
    assert_eq!(first["already_present"], 0);
    let again = to.json(&["import-progress", backup.to_str().unwrap()]);
    assert_eq!(again["added"], 0);
    assert_eq!(again["already_present"], 8);

    let original: Value = serde_json::from_str(&std::fs::read_to_string(&backup).unwrap()).unwrap();
    let merged = to.json(&["export-progress"]);
    let merged_events = merged["events"].as_array().unwrap();
    assert_eq!(merged_events.len(), 9);
    for event in original["events"].as_array().unwrap() {
        assert!(
            merged_events.contains(event),
            "{event} lost in the round trip"
        );
    }
    assert_eq!(
        to.json(&["stats"])["total_minutes"],
        from.json(&["stats"])["total_minutes"]
    );
    assert_eq!(to.json(&[])["overall"]["done"], 2);
}

#[test]
fn a_malformed_import_is_refused_and_changes_nothing() {
    let sandbox = Sandbox::new();
    sandbox.run(&["done", "s1.math.bayes"]);
    let bad = sandbox.dir.path().join("bad.json");
    for text in [
        "not json",
        r#"{"format":"something-else","version":1,"exported_at":"2026-01-01T00:00:00Z","events":[]}"#,
        r#"{"format":"llmpath-progress","version":1,"exported_at":"2026-01-01T00:00:00Z","events":[{"uid":"a","at":"2026-01-01T00:00:00Z","source":"cli","kind":"status","item":"x","status":"finished"}]}"#,
    ] {
        std::fs::write(&bad, text).unwrap();
        let err = sandbox.fail(&["import-progress", bad.to_str().unwrap()]);
        assert!(err.contains("not a valid llmpath progress export"), "{err}");
    }
    assert_eq!(
        sandbox.json(&["export-progress"])["events"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn doctor_reports_each_check_and_how_to_fix_it() {
    let sandbox = Sandbox::new();
    let doctor = sandbox.json(&["doctor"]);
    let names: Vec<&str> = doctor["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["rustc", "cargo", "disk", "progress", "data", "cjk-font"]
    );
    let data = &doctor["checks"][4];
    assert_eq!(data["level"], "warn", "the sandbox's data folder is empty");
    assert!(data["detail"].as_str().unwrap().contains("missing: iris"));
    assert!(data["fix"].as_str().unwrap().contains("LLMPATH_DATA"));

    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if shared.is_dir() {
        let output = sandbox
            .command(&["doctor", "--json"])
            .env("LLMPATH_DATA", &shared)
            .output()
            .unwrap();
        let doctor: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(
            doctor["checks"][4]["level"], "ok",
            "{}",
            doctor["checks"][4]
        );
    }
}

#[test]
fn the_clock_can_be_pinned_but_not_with_nonsense() {
    let sandbox = Sandbox::new();
    let output = sandbox
        .command_at("yesterday", &["log", "1h"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("RFC 3339"));
    assert_eq!(NOW, "2026-03-02T09:00:00Z");
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::Read;
    let sandbox = Sandbox::new();
    let mut child = sandbox
        .command(&["path", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then the pipe closes
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{:?}", output.status);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
