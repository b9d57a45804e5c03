//! llmpath's exercises and their autograder.
//!
//! - [`Workspace`]: the learner's cargo workspace (`llmpath init`): exercise templates to fill
//!   in, the labs' sources, and the hidden checks, which [`Workspace::verify`] refuses to trust
//!   once changed.
//! - [`check`]: one attempt: verify the checker, refuse a file that reaches past its exercise
//!   ([`scan`]), build the check program with cargo and run it under the exercise's time limit.
//!   The [`Outcome`] says what passed and, for what did not, why.
//! - [`gate`]: what `llmpath dev check` proves of every exercise: its template fails, its
//!   solution passes (and is rustfmt- and clippy-clean), each of its mutants is rejected.

mod gate;
mod run;
pub mod scan;
mod workspace;

use std::path::PathBuf;
use std::time::Duration;

use llmpath_content::{Curriculum, Exercise, Source};

pub use gate::{GateOptions, GateProblem, gate};
pub use run::{BuildOutput, RunOptions, build_and_run, build_and_run_seeds};
pub use workspace::{MARKER, Marker, Workspace};

/// The llmpath version that writes checker files.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Errors of the grader: each says what to do.
#[derive(Debug, thiserror::Error)]
pub enum GradeError {
    #[error("no llmpath workspace here or above {}: create one with `llmpath init DIR`, then work inside it", .start.display())]
    NoWorkspace { start: PathBuf },
    #[error("{} is already an llmpath workspace: nothing was changed (work in it, or pick another folder)", .root.display())]
    AlreadyWorkspace { root: PathBuf },
    #[error("{} is not empty: `llmpath init` only writes into a new or empty folder, so nothing of yours is overwritten", .root.display())]
    NotEmpty { root: PathBuf },
    #[error("{}: {reason} (the file llmpath wrote has format_version and llmpath keys)", .path.display())]
    Marker { path: PathBuf, reason: String },
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("content file {file}: {reason}")]
    Content { file: String, reason: String },
    #[error("cargo: {reason}")]
    Cargo { reason: String },
    #[error(
        "the checker's files were changed, so no result can be trusted:\n  {}\nllmpath only trusts its own checks: `llmpath check --restore` writes them again (your exercises are not touched)",
        .files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join("\n  ")
    )]
    Tampered { files: Vec<PathBuf> },
}

/// How one check of an attempt went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckResult {
    Passed,
    /// The check's diagnosis.
    Failed(String),
    /// The learner's code panicked: the message and where (`exercises/x.rs:3:5`).
    Panicked {
        message: String,
        location: String,
    },
    /// Still running at the time limit.
    TimedOut,
    /// The program died in this check (a stack overflow, an abort).
    Crashed,
    /// Not reached.
    NotRun,
}

/// What the check program reported.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Each check's name, `[zh, en]`, in order.
    pub names: Vec<[String; 2]>,
    pub results: Vec<CheckResult>,
    /// The last check that started.
    pub started: Option<usize>,
    /// Whether the program reached its end.
    pub done: bool,
    /// What the learner's code printed.
    pub output: String,
    pub seconds: f64,
}

impl Report {
    /// The first check that did not pass, with its index.
    pub fn first_failure(&self) -> Option<(usize, &CheckResult)> {
        self.results
            .iter()
            .enumerate()
            .find(|(_, result)| **result != CheckResult::Passed)
    }
}

/// The result of one attempt.
#[derive(Debug, Clone)]
pub enum Outcome {
    Passed {
        report: Report,
    },
    Failed {
        report: Report,
    },
    /// The learner's file (or the checks with it) did not compile.
    CompileError {
        errors: String,
    },
    TimedOut {
        report: Report,
        seconds: u64,
    },
    Crashed {
        report: Report,
        status: String,
    },
    /// The file uses words that reach past the exercise (see [`scan`]).
    Refused {
        words: Vec<scan::Forbidden>,
    },
}

impl Outcome {
    /// How the progress store spells it.
    pub fn code(&self) -> &'static str {
        match self {
            Outcome::Passed { .. } => "passed",
            Outcome::Failed { .. } => "failed",
            Outcome::CompileError { .. } => "compile_error",
            Outcome::TimedOut { .. } => "timeout",
            Outcome::Crashed { .. } => "crashed",
            Outcome::Refused { .. } => "refused",
        }
    }

    pub fn passed(&self) -> bool {
        matches!(self, Outcome::Passed { .. })
    }

    pub fn report(&self) -> Option<&Report> {
        match self {
            Outcome::Passed { report }
            | Outcome::Failed { report }
            | Outcome::TimedOut { report, .. }
            | Outcome::Crashed { report, .. } => Some(report),
            Outcome::CompileError { .. } | Outcome::Refused { .. } => None,
        }
    }
}

/// What an attempt needs besides the workspace and the exercise.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub lang_zh: bool,
    pub build_output: BuildOutput,
}

/// One attempt at `exercise` in `workspace`: verifies the checker (a changed file is an
/// error), scans the learner's file, builds and runs the checks.
pub fn check(
    workspace: &mut Workspace,
    curriculum: &Curriculum,
    content: &Source,
    exercise: &Exercise,
    options: &CheckOptions,
) -> Result<Outcome, GradeError> {
    workspace.verify(curriculum, content)?;
    let file = workspace.exercise_file(exercise);
    let source = std::fs::read_to_string(&file).map_err(|source| GradeError::Io {
        path: file.clone(),
        source,
    })?;
    let words = scan::forbidden_words(&source);
    if !words.is_empty() {
        return Ok(Outcome::Refused { words });
    }
    build_and_run(&RunOptions {
        manifest: workspace.root.join("Cargo.toml"),
        package: exercise.checker.package().to_owned(),
        bin: exercise.id.clone(),
        timeout: Duration::from_secs(exercise.timeout_s),
        lang_zh: options.lang_zh,
        data_dir: None,
        build_output: options.build_output,
        target_dir: None,
        // A new seed each attempt: printing the inputs does not help to hard-code answers.
        seed: u64::from_le_bytes(
            uuid::Uuid::new_v4().as_bytes()[..8]
                .try_into()
                .unwrap_or_default(),
        ),
    })
}
