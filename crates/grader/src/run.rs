//! Building an exercise's check program with cargo and running it under a time limit.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::{CheckResult, GradeError, Outcome, Report};

/// How cargo's output reaches the learner while the check program builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildOutput {
    /// Cargo writes to this process's stderr: its progress bar on a first build, errors as the
    /// compiler renders them.
    Inherit,
    /// Captured: compile errors come back in [`Outcome::CompileError`].
    Capture,
}

/// What one check run needs.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The cargo workspace holding the checker (its `Cargo.toml`).
    pub manifest: PathBuf,
    /// The checker's package and the exercise's binary.
    pub package: String,
    pub bin: String,
    pub timeout: Duration,
    pub lang_zh: bool,
    pub data_dir: Option<PathBuf>,
    pub build_output: BuildOutput,
    /// `CARGO_TARGET_DIR` for the build (the workspace's `target/` when absent).
    pub target_dir: Option<PathBuf>,
    /// The seed of the checks' random inputs (`LLMPATH_CHECK_SEED`).
    pub seed: u64,
}

/// Builds the check program, then runs it: the [`Outcome`] of one attempt.
pub fn build_and_run(options: &RunOptions) -> Result<Outcome, GradeError> {
    Ok(build_and_run_seeds(options, &[options.seed])?.remove(0))
}

/// Builds the check program once and runs it with each seed: one [`Outcome`] per seed (a
/// compile error is the only outcome when the build fails).
pub fn build_and_run_seeds(
    options: &RunOptions,
    seeds: &[u64],
) -> Result<Vec<Outcome>, GradeError> {
    Ok(build_run_and_warn(options, seeds)?.0)
}

/// [`build_and_run_seeds`], and the compiler's warnings about the checks' own code (not the
/// learner's file), which a learner would otherwise see: the gate refuses them.
pub(crate) fn build_run_and_warn(
    options: &RunOptions,
    seeds: &[u64],
) -> Result<(Vec<Outcome>, Vec<String>), GradeError> {
    let (program, warnings) = build(options)?;
    let program = match program {
        Ok(program) => program,
        Err(errors) => return Ok((vec![Outcome::CompileError { errors }], warnings)),
    };
    let mut outcomes = Vec::new();
    for &seed in seeds {
        let options = RunOptions {
            seed,
            ..options.clone()
        };
        outcomes.push(run(&program, &options)?);
    }
    Ok((outcomes, warnings))
}

/// `cargo build -p PACKAGE --bin BIN`: the executable, or the compiler's errors; and the
/// warnings about code outside the learner's `exercises/` file.
type Built = (Result<PathBuf, String>, Vec<String>);

fn build(options: &RunOptions) -> Result<Built, GradeError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(&cargo);
    command
        .arg("build")
        .arg("--manifest-path")
        .arg(&options.manifest)
        .args(["-p", &options.package, "--bin", &options.bin])
        // Diagnostics come back as JSON: the learner's are shown (as rustc renders them), the
        // checks' own warnings are kept for the gate.
        .arg("--message-format=json-diagnostic-rendered-ansi")
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    if let Some(dir) = &options.target_dir {
        command.env("CARGO_TARGET_DIR", dir);
    }
    command.stderr(match options.build_output {
        BuildOutput::Inherit => Stdio::inherit(),
        BuildOutput::Capture => Stdio::piped(),
    });
    let mut child = command.spawn().map_err(|source| GradeError::Cargo {
        reason: format!("cannot start {}: {source}", cargo.to_string_lossy()),
    })?;
    let stderr = child.stderr.take().map(|mut stderr| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        })
    });
    let mut executable = None;
    let mut warnings = Vec::new();
    let mut diagnostics = String::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let Ok(message) = serde_json::from_str::<Value>(&line) else {
                continue;
            };
            let is_bin = message["target"]["name"] == options.bin.as_str();
            if message["reason"] == "compiler-artifact" && is_bin {
                executable = message["executable"].as_str().map(PathBuf::from);
            }
            let diagnostic = &message["message"];
            let in_checks = diagnostic["spans"].as_array().is_some_and(|spans| {
                spans.iter().any(|span| {
                    span["file_name"]
                        .as_str()
                        .is_some_and(|file| !file.contains("exercises/"))
                })
            });
            if message["reason"] != "compiler-message" {
                continue;
            }
            let rendered = diagnostic["rendered"].as_str().unwrap_or_default();
            if is_bin && diagnostic["level"] == "warning" && in_checks {
                warnings.push(strip_ansi(rendered).trim_end().to_owned());
                continue;
            }
            if options.build_output == BuildOutput::Inherit {
                eprint!("{rendered}");
            }
            diagnostics.push_str(&strip_ansi(rendered));
        }
    }
    let status = child.wait().map_err(|source| GradeError::Cargo {
        reason: format!("cargo did not finish: {source}"),
    })?;
    let stderr = stderr
        .and_then(|thread| thread.join().ok())
        .unwrap_or_default();
    // The compiler's messages; else what cargo said (a manifest or lockfile problem).
    let errors = match diagnostics.trim().is_empty() {
        true => compiler_errors(&stderr),
        false => diagnostics.trim_end().to_owned(),
    };
    match (status.success(), executable) {
        (true, Some(program)) => Ok((Ok(program), warnings)),
        (true, None) => Err(GradeError::Cargo {
            reason: format!("cargo built no binary named {}", options.bin),
        }),
        (false, _) => Ok((Err(errors), warnings)),
    }
}

/// `text` without terminal colour codes (ESC [ … m).
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Cargo's stderr without its progress lines ("Compiling …"), which say nothing about the code.
fn compiler_errors(stderr: &str) -> String {
    let progress = [
        "Compiling ",
        "Checking ",
        "Blocking ",
        "Updating ",
        "Locking ",
        "Downloaded ",
        "Downloading ",
    ];
    let lines = stderr.lines().filter(|line| {
        let trimmed = line.trim_start();
        !progress.iter().any(|p| trimmed.starts_with(p))
    });
    lines.collect::<Vec<_>>().join("\n")
}

/// Runs the check program: sends the nonce, reads the events it writes, kills it at the time
/// limit.
fn run(program: &Path, options: &RunOptions) -> Result<Outcome, GradeError> {
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    let mut command = Command::new(program);
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("LLMPATH_LANG", if options.lang_zh { "zh" } else { "en" })
        .env("LLMPATH_CHECK_SEED", options.seed.to_string());
    if let Some(dir) = &options.data_dir {
        command.env("LLMPATH_DATA", dir);
    }
    let mut child = command.spawn().map_err(|source| GradeError::Cargo {
        reason: format!("cannot start {}: {source}", program.display()),
    })?;
    if let Some(mut stdin) = child.stdin.take() {
        // A program that exits before reading is reported below by what it wrote.
        let _ = writeln!(stdin, "{nonce}");
    }
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_string(&mut text);
            }
            text
        })
    };
    let stdout = reader(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = reader(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let started = Instant::now();
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() >= options.timeout => {
                timed_out = true;
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(source) => {
                return Err(GradeError::Cargo {
                    reason: format!("lost the check program: {source}"),
                });
            }
        }
    };
    let stdout = stdout.join().unwrap_or_default();
    // proptest says on stderr when it stops shrinking: the checker's business, not the learner's.
    let stderr: String = stderr
        .join()
        .unwrap_or_default()
        .lines()
        .filter(|line| !line.starts_with("proptest: "))
        .map(|line| format!("{line}\n"))
        .collect();
    let mut report = parse(&stdout, &nonce);
    report.output = [report.output.trim_end(), stderr.trim_end()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    report.seconds = started.elapsed().as_secs_f64();
    if timed_out {
        if let Some(i) = report.started {
            report.results[i] = CheckResult::TimedOut;
        }
        return Ok(Outcome::TimedOut {
            report,
            seconds: options.timeout.as_secs(),
        });
    }
    if !report.done {
        // It died in a check (a stack overflow, an abort): that check is where.
        if let Some(i) = report
            .started
            .filter(|&i| report.results[i] == CheckResult::NotRun)
        {
            report.results[i] = CheckResult::Crashed;
        }
        let status = status.map(|s| s.to_string()).unwrap_or_default();
        return Ok(Outcome::Crashed { report, status });
    }
    Ok(
        match report.results.iter().all(|r| *r == CheckResult::Passed) && !report.results.is_empty()
        {
            true => Outcome::Passed { report },
            false => Outcome::Failed { report },
        },
    )
}

/// The events in the program's stdout: lines `PREFIX NONCE JSON`; every other line is the
/// learner's own output.
fn parse(stdout: &str, nonce: &str) -> Report {
    let prefix = format!("{} {nonce} ", llmpath_checker_prefix());
    let mut report = Report::default();
    let mut output = Vec::new();
    for line in stdout.lines() {
        let Some(json) = line.strip_prefix(&prefix) else {
            if !line.is_empty() {
                output.push(line);
            }
            continue;
        };
        let Ok(event) = serde_json::from_str::<Value>(json) else {
            continue;
        };
        let index = event["index"].as_u64().map(|i| i as usize);
        let slot = index.filter(|&i| i < report.results.len());
        match (event["event"].as_str(), slot) {
            (Some("plan"), _) => {
                let names = event["checks"].as_array().cloned().unwrap_or_default();
                report.names = names
                    .iter()
                    .map(|pair| {
                        let text = |i: usize| pair[i].as_str().unwrap_or_default().to_owned();
                        [text(0), text(1)]
                    })
                    .collect();
                report.results = vec![CheckResult::NotRun; report.names.len()];
            }
            (Some("start"), Some(i)) => report.started = Some(i),
            (Some("pass"), Some(i)) => report.results[i] = CheckResult::Passed,
            (Some("fail"), Some(i)) => {
                let diagnosis = event["diagnosis"].as_str().unwrap_or_default();
                report.results[i] = CheckResult::Failed(diagnosis.to_owned());
            }
            (Some("panic"), Some(i)) => {
                let text = |key: &str| event[key].as_str().unwrap_or_default().to_owned();
                report.results[i] = CheckResult::Panicked {
                    message: text("message"),
                    location: learner_location(&text("location")),
                };
            }
            (Some("done"), _) => report.done = true,
            _ => {}
        }
    }
    report.output = output.join("\n");
    report
}

/// The checker's line prefix (the same constant as `llmpath_checker::PREFIX`).
fn llmpath_checker_prefix() -> &'static str {
    "LLMPATH-CHECK"
}

/// `…/checks/../../../exercises/dot.rs:3:5` → `exercises/dot.rs:3:5`.
fn learner_location(location: &str) -> String {
    match location.rfind("exercises/") {
        Some(at) => location[at..].to_owned(),
        None => location.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lines_with_the_nonce_count_and_the_rest_is_the_learners_output() {
        let stdout = "\
LLMPATH-CHECK n1 {\"event\":\"plan\",\"checks\":[[\"甲\",\"a\"],[\"乙\",\"b\"],[\"丙\",\"c\"]]}
LLMPATH-CHECK n1 {\"event\":\"start\",\"index\":0}
my debug print
LLMPATH-CHECK fake {\"event\":\"pass\",\"index\":1}
LLMPATH-CHECK n1 {\"event\":\"pass\",\"index\":0}
LLMPATH-CHECK n1 {\"event\":\"start\",\"index\":1}
LLMPATH-CHECK n1 {\"event\":\"fail\",\"index\":1,\"diagnosis\":\"off by one\"}
LLMPATH-CHECK n1 {\"event\":\"start\",\"index\":2}
LLMPATH-CHECK n1 {\"event\":\"panic\",\"index\":2,\"message\":\"not yet implemented\",\"location\":\".llmpath/checker/checks/../../../exercises/dot.rs:4:5\"}
LLMPATH-CHECK n1 {\"event\":\"done\"}
";
        let report = parse(stdout, "n1");
        assert!(report.done);
        assert_eq!(report.names[1], ["乙".to_owned(), "b".to_owned()]);
        assert_eq!(
            report.results,
            [
                CheckResult::Passed,
                CheckResult::Failed("off by one".into()),
                CheckResult::Panicked {
                    message: "not yet implemented".into(),
                    location: "exercises/dot.rs:4:5".into()
                }
            ]
        );
        assert_eq!(
            report.output,
            "my debug print\nLLMPATH-CHECK fake {\"event\":\"pass\",\"index\":1}"
        );
    }

    #[test]
    fn colour_codes_are_stripped() {
        assert_eq!(
            strip_ansi("\u{1b}[0m\u{1b}[1m\u{1b}[38;5;9merror\u{1b}[0m: x"),
            "error: x"
        );
    }

    #[test]
    fn cargo_progress_lines_are_dropped_from_compile_errors() {
        let stderr = "   Compiling llmpath-checker v0.1.0\nerror[E0308]: mismatched types\n --> exercises/dot.rs:3:5\n";
        assert_eq!(
            compiler_errors(stderr),
            "error[E0308]: mismatched types\n --> exercises/dot.rs:3:5"
        );
    }
}
