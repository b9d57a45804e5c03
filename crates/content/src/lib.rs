//! The llmpath curriculum: stages → modules → topics (with resources, practice tasks and
//! outcomes), read from the versioned TOML in `content/` that is embedded in the binary.
//!
//! [`Curriculum::embedded`] loads what the program ships; [`check`] runs every rule of
//! `llmpath dev check` over a [`Source`] and returns the problems it finds, each naming the
//! file, the id and the rule.

mod model;
mod seed;
mod suggest;
mod validate;

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use include_dir::{Dir, include_dir};

pub use model::*;
pub use seed::{SeedText, seed_lines};
pub use suggest::nearest_ids;
pub use validate::{Problem, Rule};

/// The `content/` folder, embedded at build time (`build.rs` makes cargo rebuild when it changes).
static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../content");

/// Where the seed path lives inside the content root.
pub const SEED_FILE: &str = "seed/learning-path.zh.md";
pub const CURRICULUM_FILE: &str = "curriculum.toml";
pub const COVERAGE_FILE: &str = "seed-coverage.toml";
pub const PAPERS_FILE: &str = "papers.toml";
pub const LABS_FILE: &str = "labs.toml";
pub const EXERCISES_FILE: &str = "exercises.toml";

/// Errors loading the curriculum.
#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    /// The content breaks one or more rules; each problem names its file, id and rule.
    #[error("the curriculum content is invalid ({} problem(s)):\n{}", .0.len(), ProblemList(.0))]
    Invalid(Vec<Problem>),
}

struct ProblemList<'a>(&'a [Problem]);

impl fmt::Display for ProblemList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in self.0 {
            writeln!(f, "  {problem}")?;
        }
        Ok(())
    }
}

/// Where content files are read from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The `content/` folder compiled into this binary.
    Embedded,
    /// A content folder on disk (for authors, and for tests of broken fixtures).
    Dir(PathBuf),
}

impl Source {
    /// Reads a file given relative to the content root.
    pub fn read(&self, relative: &str) -> Result<String, String> {
        match self {
            Source::Embedded => EMBEDDED
                .get_file(relative)
                .and_then(|file| file.contents_utf8())
                .map(str::to_owned)
                .ok_or_else(|| "not embedded in this build".to_owned()),
            Source::Dir(root) => std::fs::read_to_string(root.join(relative))
                .map_err(|err| format!("cannot read {}: {err}", root.join(relative).display())),
        }
    }

    /// Whether a file exists (given relative to the content root).
    pub fn exists(&self, relative: &str) -> bool {
        match self {
            Source::Embedded => EMBEDDED.get_file(relative).is_some(),
            Source::Dir(root) => root.join(relative).is_file(),
        }
    }

    /// The `.toml` files directly inside `folder` (relative to the root), sorted.
    pub fn toml_files_in(&self, folder: &str) -> Vec<String> {
        let mut files: Vec<String> = match self {
            Source::Embedded => EMBEDDED
                .get_dir(folder)
                .map(|dir| {
                    dir.files()
                        .map(|file| file.path().to_string_lossy().replace('\\', "/"))
                        .collect()
                })
                .unwrap_or_default(),
            Source::Dir(root) => std::fs::read_dir(root.join(folder))
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .map(|entry| format!("{folder}/{}", entry.file_name().to_string_lossy()))
                        .collect()
                })
                .unwrap_or_default(),
        };
        files.retain(|file| file.ends_with(".toml"));
        files.sort();
        files
    }
}

/// Where an id points.
#[derive(Debug, Clone, Copy)]
enum Location {
    Stage(usize),
    Module(usize, usize),
    Topic(usize, usize, usize),
    Practice(usize, usize, usize, usize),
}

/// A topic with the stage and module it belongs to.
#[derive(Debug, Clone, Copy)]
pub struct TopicRef<'a> {
    pub stage: &'a Stage,
    pub module: &'a Module,
    pub topic: &'a Topic,
}

/// Anything an id can name.
#[derive(Debug, Clone, Copy)]
pub enum Item<'a> {
    Stage(&'a Stage),
    Module(&'a Stage, &'a Module),
    Topic(TopicRef<'a>),
    Practice(TopicRef<'a>, &'a Practice),
}

/// The whole path, in order.
#[derive(Debug, Clone)]
pub struct Curriculum {
    pub stages: Vec<Stage>,
    /// The paper-a-week list, in reading order.
    pub papers: Vec<Paper>,
    /// The runnable labs.
    pub labs: Vec<Lab>,
    /// The graded exercises, in the order a learner does them.
    pub exercises: Vec<Exercise>,
    index: HashMap<String, Location>,
    /// old id → current id
    aliases: HashMap<String, String>,
}

impl Curriculum {
    /// The curriculum compiled into this binary.
    pub fn embedded() -> Result<Curriculum, ContentError> {
        Curriculum::load(&Source::Embedded)
    }

    /// Loads the curriculum, failing on anything that keeps it from being used (unreadable or
    /// malformed files, duplicate ids). [`check`] applies every other rule.
    pub fn load(source: &Source) -> Result<Curriculum, ContentError> {
        let mut problems = Vec::new();
        match validate::load(source, &mut problems) {
            Some(curriculum) if problems.is_empty() => Ok(curriculum),
            _ => Err(ContentError::Invalid(problems)),
        }
    }

    fn from_parts(
        stages: Vec<Stage>,
        papers: Vec<Paper>,
        labs: Vec<Lab>,
        exercises: Vec<Exercise>,
        problems: &mut Vec<Problem>,
    ) -> Curriculum {
        let mut index = HashMap::new();
        let mut aliases = HashMap::new();
        let mut claim = |id: &str, location: Location, file: &str| {
            if index.insert(id.to_owned(), location).is_some() {
                problems.push(Problem::new(
                    file,
                    Some(id),
                    Rule::DuplicateId,
                    "this id is used more than once; ids must be unique across the curriculum",
                ));
            }
        };
        for (s, stage) in stages.iter().enumerate() {
            claim(&stage.id, Location::Stage(s), &stage.file);
            for (m, module) in stage.modules.iter().enumerate() {
                claim(&module.id, Location::Module(s, m), &stage.file);
                for (t, topic) in module.topics.iter().enumerate() {
                    claim(&topic.id, Location::Topic(s, m, t), &stage.file);
                    for (p, practice) in topic.practice.iter().enumerate() {
                        claim(&practice.id, Location::Practice(s, m, t, p), &stage.file);
                    }
                    for alias in &topic.aliases {
                        aliases.insert(alias.clone(), topic.id.clone());
                    }
                }
            }
        }
        Curriculum {
            stages,
            papers,
            labs,
            exercises,
            index,
            aliases,
        }
    }

    /// Looks an id up (an alias resolves to the topic that carries it now).
    pub fn find(&self, id: &str) -> Option<Item<'_>> {
        let id = self.aliases.get(id).map_or(id, String::as_str);
        let location = *self.index.get(id)?;
        Some(match location {
            Location::Stage(s) => Item::Stage(&self.stages[s]),
            Location::Module(s, m) => Item::Module(&self.stages[s], &self.stages[s].modules[m]),
            Location::Topic(s, m, t) => Item::Topic(self.topic_ref(s, m, t)),
            Location::Practice(s, m, t, p) => {
                let topic = self.topic_ref(s, m, t);
                Item::Practice(topic, &topic.topic.practice[p])
            }
        })
    }

    fn topic_ref(&self, s: usize, m: usize, t: usize) -> TopicRef<'_> {
        let stage = &self.stages[s];
        let module = &stage.modules[m];
        TopicRef {
            stage,
            module,
            topic: &module.topics[t],
        }
    }

    /// The id an item has today: aliases (renamed topics) map to their new id; unknown ids map
    /// to themselves, so progress on ids a newer content version added is kept, not dropped.
    pub fn canonical_id(&self, id: &str) -> String {
        self.aliases
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_owned())
    }

    /// Every topic in curriculum order.
    pub fn topics(&self) -> impl Iterator<Item = TopicRef<'_>> {
        self.stages.iter().flat_map(|stage| {
            stage.modules.iter().flat_map(move |module| {
                module.topics.iter().map(move |topic| TopicRef {
                    stage,
                    module,
                    topic,
                })
            })
        })
    }

    /// Every id (stages, modules, topics, practice tasks, aliases), for suggestions.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.index
            .keys()
            .chain(self.aliases.keys())
            .map(String::as_str)
    }

    /// The lab with this id.
    pub fn lab(&self, id: &str) -> Option<&Lab> {
        self.labs.iter().find(|lab| lab.id == id)
    }

    /// The paper with this id.
    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|exercise| exercise.id == id)
    }

    pub fn paper(&self, id: &str) -> Option<&Paper> {
        self.papers.iter().find(|paper| paper.id == id)
    }

    /// The stage with this number (1-based).
    pub fn stage(&self, number: u32) -> Option<&Stage> {
        self.stages.iter().find(|stage| stage.number == number)
    }
}

/// Runs every content rule over `source`; an empty list means the content is valid.
pub fn check(source: &Source) -> Vec<Problem> {
    validate::check(source)
}
