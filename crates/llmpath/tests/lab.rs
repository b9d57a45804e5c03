//! `llmpath lab` through the binary. `lab run` is tested on a fixture workspace that stands in
//! for the real lab crate (same package and binary names), so the runner's mechanics — cargo as
//! a child process, report.json, recording the run, marking practice tasks, failures — are
//! proven in seconds; the real labs are tested in their own crate.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use common::Sandbox;

/// A workspace with a fake `llmpath-labs-classic`: `calculus` writes a report, and
/// `statistics` fails the way a lab missing its reference does.
fn fixture_workspace(root: &Path) -> PathBuf {
    let lab_crate = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../lab")
        .canonicalize()
        .unwrap();
    let ws = root.join("labs-workspace");
    std::fs::create_dir_all(ws.join("labs/classic/src/bin")).unwrap();
    // The project's lockfile pins the fixture's dependencies to versions already downloaded,
    // so the fixture builds offline.
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.lock"),
        ws.join("Cargo.lock"),
    )
    .unwrap();
    std::fs::write(
        ws.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"labs/classic\"]\n",
    )
    .unwrap();
    std::fs::write(
        ws.join("labs/classic/Cargo.toml"),
        format!(
            "[package]\nname = \"llmpath-labs-classic\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\nllmpath-lab = {{ path = {:?} }}\nclap = {{ version = \"4\", features = [\"derive\", \"env\"] }}\n",
            lab_crate.to_str().unwrap()
        ),
    )
    .unwrap();
    std::fs::write(
        ws.join("labs/classic/src/bin/calculus.rs"),
        r#"use clap::Parser;
fn main() -> std::io::Result<()> {
    let args = llmpath_lab::LabArgs::parse();
    let mut run = llmpath_lab::Run::start("calculus", "none", &args)?;
    println!("fixture lab, quick = {}, seed = {}", args.quick, args.seed);
    run.compare("answer", 42.0, 42.0, "fixture");
    std::fs::write(run.artifact_path("plot.svg"), "<svg/>")?;
    run.artifact("plot.svg");
    run.finish()?;
    Ok(())
}
"#,
    )
    .unwrap();
    std::fs::write(
        ws.join("labs/classic/src/bin/statistics.rs"),
        "fn main() { eprintln!(\"reference missed: 0.5 < 0.9\"); std::process::exit(1); }\n",
    )
    .unwrap();
    ws
}

fn lab_command(sandbox: &Sandbox, ws: &Path, args: &[&str]) -> std::process::Command {
    let mut command = sandbox.command(args);
    // Shared between test runs, so the fixture's dependencies compile once.
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/fixture-labs");
    command
        .env("LLMPATH_LABS_DIR", ws)
        .env("CARGO_TARGET_DIR", target);
    command
}

#[test]
fn lab_list_and_show_describe_the_labs() {
    let sandbox = Sandbox::new();
    let list = sandbox.json(&["lab", "list"]);
    assert_eq!(list["schema"], "llmpath.lab-list/1");
    let ids: Vec<&str> = list["labs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"calculus"), "{ids:?}");
    let show = sandbox.run(&["lab", "show", "calculus"]);
    assert!(show.contains("s1.math.derivatives-gradients"), "{show}");
    let err = sandbox.fail(&["lab", "show", "calculu"]);
    assert!(
        err.contains("unknown lab") && err.contains("calculus"),
        "{err}"
    );
}

#[test]
fn a_lab_run_is_built_by_cargo_recorded_and_a_full_run_completes_its_practice_task() {
    let sandbox = Sandbox::new();
    let ws = fixture_workspace(sandbox.dir.path());
    let out = sandbox.dir.path().join("run");
    let output = lab_command(
        &sandbox,
        &ws,
        &[
            "lab",
            "run",
            "calculus",
            "--quick",
            "--seed",
            "7",
            "--out",
            out.to_str().unwrap(),
            "--json",
        ],
    )
    .output()
    .unwrap();
    if !output.status.success() {
        sandbox.dump(&["lab", "run"], &output);
        panic!("lab run failed");
    }
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("stdout is only the report JSON");
    assert_eq!(report["lab"], "calculus");
    assert_eq!(report["seed"], 7);
    assert_eq!(report["quick"], true);
    assert_eq!(report["metrics"]["answer"], 42.0);
    assert_eq!(report["reference"]["answer"]["source"], "fixture");
    assert_eq!(report["artifacts"][0], "plot.svg");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("fixture lab, quick = true, seed = 7"),
        "the lab's own report went to stderr: {stderr}"
    );
    assert!(out.join("report.json").is_file() && out.join("plot.svg").is_file());

    let shown = sandbox.json(&["lab", "show", "calculus"]);
    assert_eq!(shown["runs"].as_array().unwrap().len(), 1);
    assert_eq!(shown["runs"][0]["report"]["metrics"]["answer"], 42.0);
    let practice = "s1.math.derivatives-gradients.gradient-field";
    let status =
        |sandbox: &Sandbox| sandbox.json(&["show", practice])["practice"]["status"].clone();
    assert_eq!(
        status(&sandbox),
        "pending",
        "a quick run does not complete the practice task"
    );

    let full = lab_command(
        &sandbox,
        &ws,
        &["lab", "run", "calculus", "--out", out.to_str().unwrap()],
    )
    .output()
    .unwrap();
    assert!(full.status.success());
    let text = String::from_utf8_lossy(&full.stdout);
    assert!(
        text.contains(&format!("Practice task done: {practice}")),
        "{text}"
    );
    assert_eq!(status(&sandbox), "done");
    assert_eq!(sandbox.json(&["lab", "list"])["labs"][0]["runs"], 2);
}

#[test]
fn a_failing_lab_is_reported_and_records_nothing() {
    let sandbox = Sandbox::new();
    let ws = fixture_workspace(sandbox.dir.path());
    let out = sandbox.dir.path().join("run");
    let output = lab_command(
        &sandbox,
        &ws,
        &["lab", "run", "statistics", "--out", out.to_str().unwrap()],
    )
    .output()
    .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("reference missed"), "{stderr}");
    assert!(stderr.contains("lab statistics failed"), "{stderr}");
    assert_eq!(
        sandbox.json(&["lab", "show", "statistics"])["runs"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let practice = sandbox.json(&["show", "s1.math.bayes.titanic-bayes"]);
    assert_eq!(practice["practice"]["status"], "pending");
}
