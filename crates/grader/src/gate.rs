//! What `llmpath dev check` proves of every exercise, in a workspace of its own:
//!
//! - the template (what a learner starts from) compiles and fails its checks;
//! - the reference solution passes, uses none of the refused words, is rustfmt-clean and
//!   clippy-clean (with the workspace's lints, `-D warnings`);
//! - every mutant (a plausible wrong solution: a sign error, an off-by-one, a wrong axis…, kept
//!   as a unified diff to the solution) applies, compiles and is rejected, so the checks catch
//!   the mistakes learners make.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use llmpath_content::{CheckerKind, Curriculum, Exercise, Source};

use crate::run::{BuildOutput, RunOptions, build_run_and_warn};
use crate::workspace::checker_files;
use crate::{GradeError, Outcome, scan};

/// The seeds a solution must pass with.
const SOLUTION_SEEDS: [u64; 6] = [0, 1, 2, 3, 4, 5];

/// Where and what to gate.
#[derive(Debug, Clone)]
pub struct GateOptions {
    /// A folder for the gate's workspace; its `target/` is reused between runs.
    pub work_dir: PathBuf,
    /// Only these exercises (all when empty).
    pub only: Vec<String>,
    /// Cargo's target folder (default: the work dir's `target/`). In a checkout, the
    /// repository's own: the dependencies (polars!) are already built there by its tests.
    pub target_dir: Option<PathBuf>,
}

/// An exercise that breaks a rule of the gate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GateProblem {
    pub exercise: String,
    /// `template`, `solution` or `mutants/NAME`.
    pub variant: String,
    pub message: String,
}

impl std::fmt::Display for GateProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let extension = match self.variant.starts_with("mutants/") {
            true => "diff",
            false => "rs",
        };
        let (exercise, variant) = (&self.exercise, &self.variant);
        write!(
            f,
            "exercises/{exercise}/{variant}.{extension}: {}",
            self.message
        )
    }
}

/// Gates every exercise (or those in `options.only`); `progress` hears of each step.
pub fn gate(
    curriculum: &Curriculum,
    content: &Source,
    options: &GateOptions,
    mut progress: impl FnMut(&str),
) -> Result<Vec<GateProblem>, GradeError> {
    let root = &options.work_dir;
    let exercises: Vec<&Exercise> = curriculum
        .exercises
        .iter()
        .filter(|e| options.only.is_empty() || options.only.contains(&e.id))
        .collect();
    let mut files = checker_files(curriculum, content)?;
    files.insert(
        PathBuf::from("Cargo.lock"),
        crate::workspace::lockfile().as_bytes().to_vec(),
    );
    files.extend(solutions_crate(&exercises, content)?);
    // Only what the gate builds: the learner's workspace also has the labs.
    let members = "[\"crates/solutions\", \".llmpath/checker\", \".llmpath/checker-polars\"]";
    files.insert(
        PathBuf::from("Cargo.toml"),
        crate::workspace::root_manifest(members).into_bytes(),
    );
    write_all(root, &files)?;
    let mut problems = Vec::new();
    for exercise in &exercises {
        let mut variants = vec!["template".to_owned(), "solution".to_owned()];
        variants.extend(
            exercise
                .mutants
                .iter()
                .map(|m| format!("mutants/{}", m.name)),
        );
        for variant in variants {
            progress(&format!("{} {variant}", exercise.id));
            let source = match variant.strip_prefix("mutants/") {
                None => read(content, &exercise.content_file(&format!("{variant}.rs")))?,
                Some(name) => {
                    let solution = read(content, &exercise.content_file("solution.rs"))?;
                    let diff = read(
                        content,
                        &exercise.content_file(&format!("mutants/{name}.diff")),
                    )?;
                    match mutate(&solution, &diff) {
                        Ok(source) => source,
                        Err(reason) => {
                            problems.push(GateProblem {
                                exercise: exercise.id.clone(),
                                variant: variant.clone(),
                                message: format!(
                                    "{reason} (regenerate the diff against solution.rs)"
                                ),
                            });
                            continue;
                        }
                    }
                }
            };
            let learner = Path::new("exercises").join(exercise.file_name());
            write_all(
                root,
                &BTreeMap::from([(learner, source.clone().into_bytes())]),
            )?;
            let mut problem = |message: String| {
                problems.push(GateProblem {
                    exercise: exercise.id.clone(),
                    variant: variant.clone(),
                    message,
                })
            };
            if let Some(word) = scan::forbidden_words(&source).first() {
                problem(format!(
                    "line {}: `{}` {} (a learner's file may not use it)",
                    word.line, word.word, word.why
                ));
                continue;
            }
            // The solution must pass whatever the random inputs (a learner's attempt gets a new
            // seed each time); the template and mutants must fail with the first seed already.
            let seeds: &[u64] = match variant.as_str() {
                "solution" => &SOLUTION_SEEDS,
                _ => &SOLUTION_SEEDS[..1],
            };
            let (outcomes, warnings) = build_run_and_warn(
                &RunOptions {
                    manifest: root.join("Cargo.toml"),
                    package: exercise.checker.package().to_owned(),
                    bin: exercise.id.clone(),
                    timeout: Duration::from_secs(exercise.timeout_s),
                    lang_zh: false,
                    data_dir: None,
                    build_output: BuildOutput::Capture,
                    target_dir: options.target_dir.clone(),
                    seed: 0,
                },
                seeds,
            )?;
            if variant == "solution" && !warnings.is_empty() {
                problem(format!(
                    "the checks compile with warnings (a learner would see them):\n{}",
                    warnings.join("\n")
                ));
            }
            let outcome = outcomes
                .iter()
                .find(|outcome| !outcome.passed())
                .unwrap_or(&outcomes[0])
                .clone();
            match (variant.as_str(), &outcome) {
                (_, Outcome::CompileError { errors }) => {
                    problem(format!("does not compile (every variant must):\n{errors}"))
                }
                ("solution", Outcome::Passed { .. }) => {}
                ("solution", other) => problem(format!("the reference solution is not accepted: {}", summary(other))),
                (_, Outcome::Passed { .. }) => problem(match variant.as_str() {
                    "template" => "the template passes its checks: they must fail until the learner writes the code".to_owned(),
                    _ => format!("this mutant ({}) passes every check: add a check that catches it", mistake(exercise, &variant)),
                }),
                (_, Outcome::Refused { .. }) => {}
                _ => {}
            }
        }
        let solution = read(content, &exercise.content_file("solution.rs"))?;
        if let Some(message) = rustfmt_problem(root, &exercise.file_name(), &solution)? {
            problems.push(GateProblem {
                exercise: exercise.id.clone(),
                variant: "solution".to_owned(),
                message,
            });
        }
    }
    if !exercises.is_empty() {
        progress("clippy on the solutions");
        problems.extend(clippy_problems(root, options.target_dir.as_deref())?);
    }
    Ok(problems)
}

/// A mutant's source: `diff` (unified, against the solution) applied to `solution`.
pub(crate) fn mutate(solution: &str, diff: &str) -> Result<String, String> {
    let patch = diffy::Patch::from_str(diff).map_err(|err| format!("not a unified diff: {err}"))?;
    let source = diffy::apply(solution, &patch)
        .map_err(|err| format!("does not apply to solution.rs: {err}"))?;
    match source == solution {
        true => Err("changes nothing in solution.rs".to_owned()),
        false => Ok(source),
    }
}

fn mistake(exercise: &Exercise, variant: &str) -> String {
    let name = variant.trim_start_matches("mutants/");
    exercise
        .mutants
        .iter()
        .find(|m| m.name == name)
        .map(|m| m.mistake.clone())
        .unwrap_or_default()
}

/// One line saying how an attempt went.
fn summary(outcome: &Outcome) -> String {
    let Some(report) = outcome.report() else {
        return outcome.code().to_owned();
    };
    match report.first_failure() {
        Some((i, result)) => {
            let name = report
                .names
                .get(i)
                .map(|n| n[1].clone())
                .unwrap_or_default();
            format!("{}: check {} \"{name}\": {result:?}", outcome.code(), i + 1)
        }
        None => outcome.code().to_owned(),
    }
}

/// A library crate of every solution as a public module, for clippy.
fn solutions_crate(
    exercises: &[&Exercise],
    content: &Source,
) -> Result<BTreeMap<PathBuf, Vec<u8>>, GradeError> {
    let dir = Path::new("crates/solutions");
    let mut files = BTreeMap::new();
    let mut lib = String::from("//! Every exercise's reference solution, for clippy.\n");
    for exercise in exercises {
        let module = exercise.file_name().trim_end_matches(".rs").to_owned();
        lib.push_str(&format!("pub mod {module};\n"));
        let solution = read(content, &exercise.content_file("solution.rs"))?;
        files.insert(
            dir.join("src").join(exercise.file_name()),
            solution.into_bytes(),
        );
    }
    files.insert(dir.join("src/lib.rs"), lib.into_bytes());
    // polars only when a polars exercise is gated: it takes minutes to compile.
    let polars = exercises.iter().any(|e| e.checker == CheckerKind::Polars);
    let manifest = format!(
        "[package]\nname = \"llmpath-solutions\"\nversion = \"0.0.0\"\nedition.workspace = true\npublish = false\n\n[dependencies]\nndarray.workspace = true\nrand.workspace = true\n{}\n[lints]\nworkspace = true\n",
        if polars {
            "polars.workspace = true\n"
        } else {
            ""
        }
    );
    files.insert(dir.join("Cargo.toml"), manifest.as_bytes().to_vec());
    Ok(files)
}

fn clippy_problems(root: &Path, target_dir: Option<&Path>) -> Result<Vec<GateProblem>, GradeError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    if let Some(dir) = target_dir {
        command.env("CARGO_TARGET_DIR", dir);
    }
    let output = command
        .arg("clippy")
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        .args(["-p", "llmpath-solutions", "--quiet", "--", "-D", "warnings"])
        .output()
        .map_err(|source| GradeError::Cargo {
            reason: format!("cannot run cargo clippy: {source}"),
        })?;
    Ok(match output.status.success() {
        true => Vec::new(),
        false => vec![GateProblem {
            exercise: "*".to_owned(),
            variant: "solution".to_owned(),
            message: format!(
                "clippy -D warnings:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ),
        }],
    })
}

fn rustfmt_problem(root: &Path, name: &str, solution: &str) -> Result<Option<String>, GradeError> {
    let path = root.join("rustfmt").join(name);
    write_all(
        root,
        &BTreeMap::from([(
            PathBuf::from("rustfmt").join(name),
            solution.as_bytes().to_vec(),
        )]),
    )?;
    let output = Command::new("rustfmt")
        .args(["--check", "--edition", "2024"])
        .arg(&path)
        .output()
        .map_err(|source| GradeError::Cargo {
            reason: format!("cannot run rustfmt (rustup component add rustfmt): {source}"),
        })?;
    Ok((!output.status.success()).then(|| {
        format!(
            "not rustfmt-clean:\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    }))
}

fn read(content: &Source, relative: &str) -> Result<String, GradeError> {
    content
        .read(relative)
        .map_err(|reason| GradeError::Content {
            file: relative.to_owned(),
            reason,
        })
}

fn write_all(root: &Path, files: &BTreeMap<PathBuf, Vec<u8>>) -> Result<(), GradeError> {
    crate::workspace::write_all(root, files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mutant_is_the_solution_with_its_diff_applied() {
        let solution = "fn f() -> i32 {\n    1\n}\n";
        let diff = "--- solution.rs\n+++ mutants/two.rs\n@@ -1,3 +1,3 @@\n fn f() -> i32 {\n-    1\n+    2\n }\n";
        assert_eq!(
            mutate(solution, diff),
            Ok("fn f() -> i32 {\n    2\n}\n".to_owned())
        );
        let stale = diff.replace("-    1", "-    3");
        assert!(
            mutate(solution, &stale)
                .unwrap_err()
                .contains("does not apply")
        );
        assert!(mutate(solution, "nonsense").is_err());
    }
}
