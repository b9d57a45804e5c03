//! The curriculum's types, as the TOML files spell them (`content/README.md` is the format).
//!
//! Files deserialize into `*File` types with `deny_unknown_fields`, so a typo in a key is an
//! error rather than silently missing data; [`crate::Curriculum`] then nests topics into their
//! modules.

use serde::{Deserialize, Serialize};

/// The only content format this build reads.
pub const FORMAT_VERSION: u32 = 1;

/// A language the content is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// Text a learner reads, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => self.zh.trim(),
            Lang::En => self.en.trim(),
        }
    }
}

/// A span of weeks; `max` is absent for open-ended stages ("持续进行", "长期").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weeks {
    pub min: u32,
    pub max: Option<u32>,
}

/// `content/curriculum.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurriculumFile {
    pub format_version: u32,
    /// Stage files, relative to the content root, in order.
    pub stages: Vec<String>,
}

/// One `content/stages/*.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageFile {
    pub format_version: u32,
    pub stage: StageHeader,
    #[serde(default)]
    pub module: Vec<ModuleHeader>,
    #[serde(default)]
    pub topic: Vec<Topic>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageHeader {
    pub id: String,
    pub number: u32,
    pub title: Text,
    pub duration: Text,
    pub weeks: Weeks,
    pub summary: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleHeader {
    pub id: String,
    pub title: Text,
    pub summary: Text,
    pub duration: Option<Text>,
    pub weeks: Option<Weeks>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub id: String,
    pub module: String,
    pub title: Text,
    pub hours: u32,
    #[serde(default)]
    pub prerequisites: Vec<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub summary: Text,
    #[serde(default)]
    pub outcomes: Vec<Text>,
    #[serde(default)]
    pub tools: Vec<ToolMapping>,
    #[serde(default, rename = "resource")]
    pub resources: Vec<Resource>,
    #[serde(default, rename = "practice")]
    pub practice: Vec<Practice>,
}

/// What the seed names in Python, and what llmpath uses in Rust.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolMapping {
    pub seed: String,
    pub rust: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub title: String,
    pub kind: ResourceKind,
    pub url: String,
    pub lang: ResourceLang,
    pub free: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceKind {
    Course,
    Book,
    Video,
    Article,
    Paper,
    Docs,
    Community,
    Tool,
    Dataset,
    Practice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceLang {
    En,
    Zh,
    Multi,
}

/// A practice task of a topic; its status is tracked like a topic's.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    pub id: String,
    pub title: Text,
    pub kind: PracticeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PracticeKind {
    Lab,
    Exercise,
    Project,
    Reading,
    Habit,
}

impl PracticeKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (PracticeKind::Lab, Lang::En) => "lab",
            (PracticeKind::Exercise, Lang::En) => "exercise",
            (PracticeKind::Project, Lang::En) => "project",
            (PracticeKind::Reading, Lang::En) => "reading",
            (PracticeKind::Habit, Lang::En) => "habit",
            (PracticeKind::Lab, Lang::Zh) => "实验",
            (PracticeKind::Exercise, Lang::Zh) => "练习",
            (PracticeKind::Project, Lang::Zh) => "项目",
            (PracticeKind::Reading, Lang::Zh) => "阅读",
            (PracticeKind::Habit, Lang::Zh) => "习惯",
        }
    }
}

/// `content/papers.toml`: the paper-a-week list, in reading order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PapersFile {
    pub format_version: u32,
    #[serde(default)]
    pub paper: Vec<Paper>,
}

/// A classic paper to read closely and whose core to reproduce (the seed's weekly habit).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paper {
    pub id: String,
    pub title: String,
    pub authors: String,
    pub year: u32,
    pub venue: String,
    pub url: String,
    /// Topics the paper belongs to.
    pub topics: Vec<String>,
    pub why: Text,
    /// The core idea to reproduce.
    pub reproduce: Text,
    /// A practice task (lab or exercise) that reproduces the core, where one exists.
    pub practice: Option<String>,
    /// Reading and reproducing.
    pub hours: u32,
}

/// `content/labs.toml`: the runnable labs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabsFile {
    pub format_version: u32,
    #[serde(default)]
    pub lab: Vec<Lab>,
}

/// A lab: a program in a lab crate that runs a practice task on real data.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lab {
    pub id: String,
    /// The cargo package holding it (a workspace member under `labs/`).
    pub package: String,
    /// The binary target of that package.
    pub bin: String,
    pub title: Text,
    /// What the lab shows and its expected result.
    pub summary: Text,
    pub topics: Vec<String>,
    /// Practice tasks a successful run completes.
    pub practice: Vec<String>,
    /// Registry names of the datasets it reads.
    #[serde(default)]
    pub datasets: Vec<String>,
}

/// `content/exercises.toml`: exercises the learner solves and `llmpath check` grades.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExercisesFile {
    pub format_version: u32,
    #[serde(default)]
    pub exercise: Vec<Exercise>,
}

/// An exercise. Its files live in `content/exercises/ID/`: `template.rs` (what the learner
/// gets: the task in a doc comment, signatures, `todo!()` bodies), `solution.rs` (shown after
/// a pass), `check.rs` (the hidden checks) and `mutants/NAME.diff` (plausible wrong solutions
/// the checks must reject, as unified diffs to `solution.rs`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub id: String,
    pub title: Text,
    /// The topic it practises (a current topic id).
    pub topic: String,
    /// The practice task a pass completes, if any.
    #[serde(default)]
    pub practice: Option<String>,
    /// The lab whose code it rebuilds.
    pub lab: String,
    /// Hints, from a nudge to nearly the answer (never the answer itself).
    pub hints: Vec<Text>,
    /// The mutants under `mutants/`, by file stem, each saying what is wrong in it.
    pub mutants: Vec<Mutant>,
    /// Seconds the checks may run before they count as a timeout.
    #[serde(default = "default_timeout")]
    pub timeout_s: u64,
    /// The check crate its checks build with.
    #[serde(default)]
    pub checker: CheckerKind,
}

/// The crate an exercise's checks are built with: the light one, or the one with polars (which
/// takes minutes to compile, so only polars exercises pay for it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckerKind {
    #[default]
    Core,
    Polars,
}

impl CheckerKind {
    pub const ALL: [CheckerKind; 2] = [CheckerKind::Core, CheckerKind::Polars];

    /// The cargo package.
    pub fn package(self) -> &'static str {
        match self {
            CheckerKind::Core => "llmpath-checker",
            CheckerKind::Polars => "llmpath-checker-polars",
        }
    }

    /// Its folder in a learner's workspace.
    pub fn dir(self) -> &'static str {
        match self {
            CheckerKind::Core => ".llmpath/checker",
            CheckerKind::Polars => ".llmpath/checker-polars",
        }
    }
}

fn default_timeout() -> u64 {
    10
}

/// A plausible wrong solution: `mutants/NAME.diff` (a unified diff to the solution), and what
/// is wrong in it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mutant {
    pub name: String,
    pub mistake: String,
}

impl Exercise {
    /// The learner's file, relative to the workspace: `exercises/ID.rs` with `-` as `_`.
    pub fn file_name(&self) -> String {
        format!("{}.rs", self.id.replace('-', "_"))
    }

    /// A content file of this exercise, relative to the content root.
    pub fn content_file(&self, name: &str) -> String {
        format!("{EXERCISES_DIR}/{}/{name}", self.id)
    }
}

/// Where the exercises' files live inside the content root.
pub const EXERCISES_DIR: &str = "exercises";

/// `content/seed-coverage.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedCoverageFile {
    pub format_version: u32,
    #[serde(default)]
    pub line: Vec<SeedLine>,
}

/// One line of the seed and what covers it: curriculum ids, or (for headings and prose only)
/// a sentence naming the part of llmpath that does.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedLine {
    pub seed: String,
    #[serde(default)]
    pub ids: Vec<String>,
    pub by: Option<String>,
}

/// A stage with its modules, assembled from a [`StageFile`].
#[derive(Debug, Clone)]
pub struct Stage {
    pub id: String,
    pub number: u32,
    pub title: Text,
    pub duration: Text,
    pub weeks: Weeks,
    pub summary: Text,
    pub modules: Vec<Module>,
    /// The content file it came from, relative to the content root.
    pub file: String,
}

#[derive(Debug, Clone)]
pub struct Module {
    pub id: String,
    pub title: Text,
    pub summary: Text,
    pub duration: Option<Text>,
    pub weeks: Option<Weeks>,
    pub topics: Vec<Topic>,
}
