//! The exercises through the binary, on a fixture course (`tests/fixtures/course`: one small
//! exercise, `mean`): init (and its refusal of an existing workspace), check on a template, a
//! compile error, a panic, a timeout, a wrong answer, a forbidden word, an edited hidden check
//! (refused, then restored), hints and solution gating, a pass that completes the practice task,
//! the JSON output, watch driven from stdin, and the dev-check gate (a mutant that passes is
//! reported). One test does it all in order: every step builds the same check program, and
//! parallel tests would race for it in the shared target folder.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{Sandbox, content_dir, copy_dir};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course")
}

/// The real content with the fixture's exercises instead of the course's.
fn course(sandbox: &Sandbox) -> PathBuf {
    let content = sandbox.dir.path().join("content");
    copy_dir(&content_dir(), &content);
    std::fs::remove_dir_all(content.join("exercises")).unwrap();
    copy_dir(&fixture().join("exercises"), &content.join("exercises"));
    std::fs::copy(
        fixture().join("exercises.toml"),
        content.join("exercises.toml"),
    )
    .unwrap();
    content
}

struct Learner<'a> {
    sandbox: &'a Sandbox,
    content: PathBuf,
    workspace: PathBuf,
    target: PathBuf,
}

impl Learner<'_> {
    fn command(&self, args: &[&str]) -> Command {
        let mut command = self.sandbox.command(args);
        command
            .current_dir(&self.workspace)
            .env("LLMPATH_CONTENT", &self.content)
            // One target folder for every build of this test (dependencies compile once).
            .env("CARGO_TARGET_DIR", &self.target);
        command
    }

    fn output(&self, args: &[&str]) -> (bool, String, String) {
        let Output {
            status,
            stdout,
            stderr,
        } = self.command(args).output().unwrap();
        (
            status.success(),
            String::from_utf8(stdout).unwrap(),
            String::from_utf8(stderr).unwrap(),
        )
    }

    fn write(&self, source: &str) {
        std::fs::write(self.workspace.join("exercises/mean.rs"), source).unwrap();
    }

    fn check(&self) -> (bool, String) {
        let (ok, stdout, stderr) = self.output(&["check"]);
        (ok, format!("{stdout}\n{stderr}"))
    }
}

#[test]
fn an_exercise_from_init_to_pass() {
    let sandbox = Sandbox::new();
    let content = course(&sandbox);
    let workspace = sandbox.dir.path().join("ws");
    // target/debug/deps/exercise-… → target/exercise-tests
    let exe = std::env::current_exe().unwrap();
    let target = exe.ancestors().nth(3).unwrap().join("exercise-tests");
    let learner = Learner {
        sandbox: &sandbox,
        content,
        workspace: workspace.clone(),
        target,
    };

    // init, in the sandbox (the workspace does not exist yet)
    let mut init = learner.command(&["init", workspace.to_str().unwrap()]);
    init.current_dir(sandbox.dir.path());
    let out = init.output().unwrap();
    assert!(out.status.success(), "{out:?}");
    for file in [
        "llmpath.toml",
        "Cargo.toml",
        "Cargo.lock",
        "exercises/mean.rs",
        ".llmpath/checker/checks/mean.rs",
        ".llmpath/checker/src/lib.rs",
        "labs/classic/src/bin/calculus.rs",
        "crates/data/src/lib.rs",
    ] {
        assert!(workspace.join(file).is_file(), "{file} missing");
    }
    let template = std::fs::read_to_string(workspace.join("exercises/mean.rs")).unwrap();
    assert!(template.contains("todo!"));

    // init again: refused, nothing changed
    std::fs::write(workspace.join("exercises/mean.rs"), "// my work\n").unwrap();
    let (ok, _, err) = learner.output(&["init", workspace.to_str().unwrap()]);
    assert!(!ok && err.contains("already an llmpath workspace"), "{err}");
    assert_eq!(
        std::fs::read_to_string(workspace.join("exercises/mean.rs")).unwrap(),
        "// my work\n"
    );
    learner.write(&template);

    // the template: not implemented yet, with the learner's file and line
    let (ok, out) = learner.check();
    assert!(!ok, "{out}");
    assert!(out.contains("✗ the mean of [1, 2, 3]"), "{out}");
    assert!(out.contains("not implemented yet"), "{out}");
    assert!(out.contains("exercises/mean.rs:5"), "{out}");

    // a compile error: the compiler's message, pointing into the learner's file
    learner.write("pub fn mean(values: &[f64]) -> f64 {\n    values.len()\n}\n");
    let (ok, out) = learner.check();
    assert!(!ok, "{out}");
    assert!(
        out.contains("mismatched types") && out.contains("exercises/mean.rs"),
        "{out}"
    );
    assert!(out.contains("does not compile"), "{out}");

    // a panic: message, file and line
    learner.write("pub fn mean(values: &[f64]) -> f64 {\n    values[values.len()]\n}\n");
    let (ok, out) = learner.check();
    assert!(!ok, "{out}");
    assert!(out.contains("panicked at exercises/mean.rs:2"), "{out}");
    assert!(out.contains("index out of bounds"), "{out}");

    // an endless loop: a timeout, not a hang
    learner.write("pub fn mean(values: &[f64]) -> f64 {\n    let mut x = 0.0;\n    while x < 1.0 {\n        x *= 1.0;\n    }\n    x + values[0]\n}\n");
    let (ok, out) = learner.check();
    assert!(!ok, "{out}");
    assert!(out.contains("time limit of 3 s"), "{out}");

    // a wrong answer: ✓ and ✗, the diagnosis, a pointer to hints
    learner.write("pub fn mean(values: &[f64]) -> f64 {\n    values.iter().sum::<f64>()\n}\n");
    let (ok, out) = learner.check();
    assert!(!ok, "{out}");
    assert!(
        out.contains("✗ the mean of [1, 2, 3]") && out.contains("got 6"),
        "{out}"
    );
    assert!(
        out.contains("0/2 checks pass") && out.contains("llmpath hint"),
        "{out}"
    );

    // reaching past the exercise: refused before building
    learner.write("pub fn mean(values: &[f64]) -> f64 {\n    std::process::exit(0)\n}\n");
    let (ok, out) = learner.check();
    assert!(
        !ok && out.contains("exercises/mean.rs:2: `process`"),
        "{out}"
    );

    // an edited hidden check: refused until restored
    let check = workspace.join(".llmpath/checker/checks/mean.rs");
    let hidden = std::fs::read_to_string(&check).unwrap();
    std::fs::write(&check, hidden.replace("run: random", "run: small")).unwrap();
    let (ok, out) = learner.check();
    assert!(!ok && out.contains("checker's files were changed"), "{out}");
    assert!(out.contains(".llmpath/checker/checks/mean.rs"), "{out}");
    let (ok, _, _) = learner.output(&["check", "--restore"]);
    assert!(ok);
    assert_eq!(std::fs::read_to_string(&check).unwrap(), hidden);

    // solution gated; hints recorded, level by level
    let (ok, _, err) = learner.output(&["solution", "mean"]);
    assert!(!ok && err.contains("--give-up"), "{err}");
    let (_, out, _) = learner.output(&["hint"]);
    assert!(
        out.contains("Hint 1/2") && out.contains("Add the values up"),
        "{out}"
    );
    let (_, out, _) = learner.output(&["hint", "mean"]);
    assert!(
        out.contains("Hint 2/2") && out.contains("last hint"),
        "{out}"
    );

    // watch, driven from stdin (not a terminal: a key is a line): one check, then quit
    let mut watch = learner.command(&["watch"]);
    let mut child = watch
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    child.stdin.take().unwrap().write_all(b"q\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.contains("mean — The mean") && out.contains("q quit"),
        "{out}"
    );

    // the pass: every check, the practice task done, the end of the course
    let solution = std::fs::read_to_string(fixture().join("exercises/mean/solution.rs")).unwrap();
    learner.write(&solution);
    let (ok, out) = learner.check();
    assert!(ok, "{out}");
    assert!(out.contains("All 2 checks pass"), "{out}");
    assert!(
        out.contains("Practice task done: s1.math.mle.closed-form-vs-gradient"),
        "{out}"
    );
    assert!(out.contains("Every exercise has passed"), "{out}");
    let (ok, out, _) = learner.output(&["solution", "mean"]);
    assert!(ok && out.contains("values.iter().sum::<f64>()"), "{out}");

    // the record: attempts and hints, and the JSON of a check
    let (_, list, _) = learner.output(&["list", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    let mean = &list["exercises"][0];
    assert_eq!(mean["status"], "passed");
    assert_eq!(mean["hints_used"], 2);
    assert_eq!(mean["attempts"], 9, "{list}");
    let (ok, json, _) = learner.output(&["check", "mean", "--json"]);
    assert!(ok);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["result"], "passed");
    assert_eq!(json["checks"][1]["name"]["en"], "random inputs");
    let show = sandbox.json(&["show", "s1.math.mle.closed-form-vs-gradient"]);
    assert_eq!(show["practice"]["status"], "done", "{show}");

    // lab run inside the workspace builds the workspace's labs (the learner may change them);
    // `echo` stands in for cargo and shows the manifest it was given
    let out = learner
        .command(&["lab", "run", "calculus", "--quick"])
        .env("CARGO", "echo")
        .output()
        .unwrap();
    let manifest = workspace.canonicalize().unwrap().join("Cargo.toml");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(&format!("--manifest-path {}", manifest.display())),
        "{stdout}"
    );

    // dev check's gate on the fixture course: passes; a mutant equal to the solution is reported
    let gate_dir = sandbox.dir.path().join("gate");
    let gate = |content: &Path| {
        let mut command = sandbox.command(&[
            "dev",
            "check",
            "--content",
            content.to_str().unwrap(),
            "--work-dir",
            gate_dir.to_str().unwrap(),
        ]);
        command.env("CARGO_TARGET_DIR", &learner.target);
        let out = command.output().unwrap();
        (
            out.status.success(),
            String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (ok, out) = gate(&learner.content);
    assert!(ok && out.contains("exercises ok: 1"), "{out}");
    // a "mutant" that only rewords the doc comment: the solution itself
    let harmless = "--- solution.rs\n+++ mutants/sum.rs\n@@ -1,3 +1,3 @@\n-//! The mean of some values.\n+//! The mean.\n \n /// (x₁ + … + xₙ) / n; `values` is never empty.\n";
    std::fs::write(
        learner.content.join("exercises/mean/mutants/sum.diff"),
        harmless,
    )
    .unwrap();
    let (ok, out) = gate(&learner.content);
    assert!(!ok, "{out}");
    assert!(
        out.contains(
            "exercises/mean/mutants/sum.diff: this mutant (returns the sum) passes every check"
        ),
        "{out}"
    );
}
