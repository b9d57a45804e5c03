//! The rules of `llmpath dev check`. Each [`Problem`] names the file, the id and the [`Rule`]
//! it breaks, so an author can go straight to the line to fix.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use crate::model::*;
use crate::seed::seed_lines;
use crate::{
    COVERAGE_FILE, CURRICULUM_FILE, Curriculum, EXERCISES_FILE, Item, LABS_FILE, PAPERS_FILE,
    SEED_FILE, Source,
};

/// A content rule. The kebab-case name is what messages print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// A file is missing or cannot be read.
    Unreadable,
    /// A file is not valid TOML for its format (syntax, unknown or missing keys).
    Syntax,
    /// `format_version` is not one this build reads.
    FormatVersion,
    /// A stage file in `stages/` is not listed in `curriculum.toml`, or stage numbers are out of order.
    StageList,
    /// An id does not have the shape its level requires.
    IdFormat,
    /// An id is used twice.
    DuplicateId,
    /// A topic names a module that its stage file does not declare, or a module has no topics.
    Membership,
    /// Learner-facing text is missing in one language.
    Translation,
    /// A summary is too short to teach anything (fewer than 3 sentences).
    SummaryLength,
    /// `hours` or `weeks` out of range.
    Range,
    /// A topic lacks resources, practice tasks or outcomes.
    Completeness,
    /// A prerequisite is not a topic, or the topic itself.
    Prerequisite,
    /// Prerequisites form a cycle.
    Cycle,
    /// An alias shadows a real id or another alias.
    Alias,
    /// A URL does not parse or is not http(s).
    Url,
    /// The seed coverage is incomplete, stale or points at unknown ids.
    SeedCoverage,
    /// A paper of the paper-a-week list is malformed or points at unknown topics or tasks.
    Paper,
    /// A lab is malformed or points at unknown topics or practice tasks.
    Lab,
    /// An exercise is malformed, lacks a file, hints or mutants, or points at unknown ids.
    Exercise,
}

impl Rule {
    pub fn name(self) -> &'static str {
        match self {
            Rule::Unreadable => "unreadable",
            Rule::Syntax => "syntax",
            Rule::FormatVersion => "format-version",
            Rule::StageList => "stage-list",
            Rule::IdFormat => "id-format",
            Rule::DuplicateId => "duplicate-id",
            Rule::Membership => "membership",
            Rule::Translation => "translation",
            Rule::SummaryLength => "summary-length",
            Rule::Range => "range",
            Rule::Completeness => "completeness",
            Rule::Prerequisite => "prerequisite",
            Rule::Cycle => "cycle",
            Rule::Alias => "alias",
            Rule::Url => "url",
            Rule::SeedCoverage => "seed-coverage",
            Rule::Paper => "paper",
            Rule::Lab => "lab",
            Rule::Exercise => "exercise",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The content file, relative to the content root.
    pub file: String,
    /// The id concerned, when there is one.
    pub id: Option<String>,
    pub rule: Rule,
    pub message: String,
}

impl Problem {
    pub(crate) fn new(
        file: &str,
        id: Option<&str>,
        rule: Rule,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            file: file.to_owned(),
            id: id.map(str::to_owned),
            rule,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "{}: {id}: [{}] {}", self.file, self.rule, self.message),
            None => write!(f, "{}: [{}] {}", self.file, self.rule, self.message),
        }
    }
}

fn parse<T: serde::de::DeserializeOwned>(
    source: &Source,
    file: &str,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    let text = source
        .read(file)
        .map_err(|err| problems.push(Problem::new(file, None, Rule::Unreadable, err)))
        .ok()?;
    toml::from_str(&text)
        .map_err(|err| {
            let message = err.to_string().trim_end().replace('\n', "\n    ");
            problems.push(Problem::new(file, None, Rule::Syntax, message));
        })
        .ok()
}

fn check_format(version: u32, file: &str, problems: &mut Vec<Problem>) {
    if version != FORMAT_VERSION {
        problems.push(Problem::new(
            file,
            None,
            Rule::FormatVersion,
            format!(
                "format_version = {version}, but this build reads format_version = {FORMAT_VERSION}"
            ),
        ));
    }
}

/// Reads and assembles the curriculum; returns `None` when a file cannot be parsed.
pub(crate) fn load(source: &Source, problems: &mut Vec<Problem>) -> Option<Curriculum> {
    let index: CurriculumFile = parse(source, CURRICULUM_FILE, problems)?;
    check_format(index.format_version, CURRICULUM_FILE, problems);
    let mut stages = Vec::new();
    for file in &index.stages {
        let Some(stage_file) = parse::<StageFile>(source, file, problems) else {
            continue;
        };
        check_format(stage_file.format_version, file, problems);
        stages.push(assemble(stage_file, file, problems));
    }
    let papers: PapersFile = parse(source, PAPERS_FILE, problems)?;
    check_format(papers.format_version, PAPERS_FILE, problems);
    let labs: LabsFile = parse(source, LABS_FILE, problems)?;
    check_format(labs.format_version, LABS_FILE, problems);
    // Optional: a course without exercises (a fixture, an early content tree) has no file.
    let exercises = match source.exists(EXERCISES_FILE) {
        true => {
            let file: ExercisesFile = parse(source, EXERCISES_FILE, problems)?;
            check_format(file.format_version, EXERCISES_FILE, problems);
            file.exercise
        }
        false => Vec::new(),
    };
    if stages.len() != index.stages.len() {
        return None;
    }
    Some(Curriculum::from_parts(
        stages,
        papers.paper,
        labs.lab,
        exercises,
        problems,
    ))
}

/// Nests a stage file's topics into its modules.
fn assemble(file: StageFile, path: &str, problems: &mut Vec<Problem>) -> Stage {
    let StageFile {
        stage,
        module,
        topic,
        ..
    } = file;
    let mut modules: Vec<Module> = module
        .into_iter()
        .map(|header| Module {
            id: header.id,
            title: header.title,
            summary: header.summary,
            duration: header.duration,
            weeks: header.weeks,
            topics: Vec::new(),
        })
        .collect();
    for topic in topic {
        match modules.iter_mut().find(|module| module.id == topic.module) {
            Some(module) => module.topics.push(topic),
            None => problems.push(Problem::new(
                path,
                Some(&topic.id),
                Rule::Membership,
                format!(
                    "module = \"{}\" is not declared by a [[module]] in this file",
                    topic.module
                ),
            )),
        }
    }
    Stage {
        id: stage.id,
        number: stage.number,
        title: stage.title,
        duration: stage.duration,
        weeks: stage.weeks,
        summary: stage.summary,
        modules,
        file: path.to_owned(),
    }
}

/// Every rule, over everything in `source`.
pub(crate) fn check(source: &Source) -> Vec<Problem> {
    let mut problems = Vec::new();
    let Some(curriculum) = load(source, &mut problems) else {
        return problems;
    };
    check_stage_list(source, &curriculum, &mut problems);
    for stage in &curriculum.stages {
        check_stage(stage, &curriculum, &mut problems);
    }
    check_cycles(&curriculum, &mut problems);
    check_papers(&curriculum, &mut problems);
    check_labs(&curriculum, &mut problems);
    check_exercises(source, &curriculum, &mut problems);
    check_seed_coverage(source, &curriculum, &mut problems);
    problems
}

fn check_labs(curriculum: &Curriculum, problems: &mut Vec<Problem>) {
    let mut c = Checker {
        file: LABS_FILE,
        problems,
    };
    let mut seen = HashSet::new();
    for lab in &curriculum.labs {
        let id = lab.id.as_str();
        if !is_slug(id) {
            c.report(id, Rule::IdFormat, "a lab id is a slug (a-z, 0-9, -)");
        }
        if !seen.insert(id) {
            c.report(id, Rule::DuplicateId, "this lab id is used more than once");
        }
        c.text(id, "title", &lab.title);
        c.text(id, "summary", &lab.summary);
        if !lab.package.starts_with("llmpath-labs-") || lab.bin.trim().is_empty() {
            c.report(
                id,
                Rule::Lab,
                "package must be an llmpath-labs-* crate and bin a binary target of it",
            );
        }
        if lab.topics.is_empty() {
            c.report(id, Rule::Lab, "a lab needs at least one topic");
        }
        for topic in &lab.topics {
            if !matches!(curriculum.find(topic), Some(Item::Topic(t)) if t.topic.id == *topic) {
                c.report(
                    id,
                    Rule::Lab,
                    format!("topic \"{topic}\" is not the current id of a topic"),
                );
            }
        }
        for practice in &lab.practice {
            if !matches!(curriculum.find(practice), Some(Item::Practice(..))) {
                c.report(
                    id,
                    Rule::Lab,
                    format!("practice \"{practice}\" is not the id of a practice task"),
                );
            }
        }
    }
}

fn check_exercises(source: &Source, curriculum: &Curriculum, problems: &mut Vec<Problem>) {
    let mut c = Checker {
        file: EXERCISES_FILE,
        problems,
    };
    let mut seen = HashSet::new();
    for exercise in &curriculum.exercises {
        let id = exercise.id.as_str();
        if !is_slug(id) {
            c.report(id, Rule::IdFormat, "an exercise id is a slug (a-z, 0-9, -)");
        }
        if !seen.insert(id) {
            c.report(
                id,
                Rule::DuplicateId,
                "this exercise id is used more than once",
            );
        }
        c.text(id, "title", &exercise.title);
        let topic = &exercise.topic;
        if !matches!(curriculum.find(topic), Some(Item::Topic(t)) if t.topic.id == *topic) {
            c.report(
                id,
                Rule::Exercise,
                format!("topic \"{topic}\" is not the current id of a topic"),
            );
        }
        if let Some(practice) = &exercise.practice
            && !matches!(curriculum.find(practice), Some(Item::Practice(..)))
        {
            c.report(
                id,
                Rule::Exercise,
                format!("practice \"{practice}\" is not the id of a practice task"),
            );
        }
        if curriculum.lab(&exercise.lab).is_none() {
            c.report(
                id,
                Rule::Exercise,
                format!("lab \"{}\" is not a lab of labs.toml", exercise.lab),
            );
        }
        if exercise.hints.is_empty() {
            c.report(id, Rule::Exercise, "an exercise needs at least one hint");
        }
        for (level, hint) in exercise.hints.iter().enumerate() {
            c.text(id, &format!("hints[{level}]"), hint);
        }
        if exercise.mutants.len() < 3 {
            c.report(
                id,
                Rule::Exercise,
                "an exercise needs at least three mutants (plausible wrong solutions)",
            );
        }
        if !(1..=120).contains(&exercise.timeout_s) {
            c.report(id, Rule::Range, "timeout_s must be in 1..=120");
        }
        let mut files = vec![
            "template.rs".to_owned(),
            "solution.rs".to_owned(),
            "check.rs".to_owned(),
        ];
        let mut names = HashSet::new();
        for mutant in &exercise.mutants {
            if !is_slug(&mutant.name) || !names.insert(mutant.name.as_str()) {
                c.report(
                    id,
                    Rule::Exercise,
                    format!("mutant \"{}\": names are unique slugs", mutant.name),
                );
            }
            if mutant.mistake.trim().is_empty() {
                c.report(
                    id,
                    Rule::Exercise,
                    format!("mutant \"{}\" must say its mistake", mutant.name),
                );
            }
            files.push(format!("mutants/{}.diff", mutant.name));
        }
        for file in files {
            let path = exercise.content_file(&file);
            if !source.exists(&path) {
                c.report(id, Rule::Exercise, format!("{path} is missing"));
            }
        }
    }
}

fn check_papers(curriculum: &Curriculum, problems: &mut Vec<Problem>) {
    let mut c = Checker {
        file: PAPERS_FILE,
        problems,
    };
    if curriculum.papers.is_empty() {
        c.problems.push(Problem::new(
            PAPERS_FILE,
            None,
            Rule::Paper,
            "the paper-a-week list is empty",
        ));
    }
    let mut seen = HashSet::new();
    for paper in &curriculum.papers {
        let id = paper.id.as_str();
        if !is_slug(id) {
            c.report(id, Rule::IdFormat, "a paper id is a slug (a-z, 0-9, -)");
        }
        if !seen.insert(id) {
            c.report(
                id,
                Rule::DuplicateId,
                "this paper id is used more than once",
            );
        }
        for (field, text) in [
            ("title", &paper.title),
            ("authors", &paper.authors),
            ("venue", &paper.venue),
        ] {
            if text.trim().is_empty() {
                c.report(id, Rule::Paper, format!("{field} is empty"));
            }
        }
        c.text(id, "why", &paper.why);
        c.text(id, "reproduce", &paper.reproduce);
        c.url(id, "url", &paper.url);
        if !(1900..=2100).contains(&paper.year) || !(1..=40).contains(&paper.hours) {
            c.report(
                id,
                Rule::Range,
                format!(
                    "year {} / hours {}: need 1900..=2100 and 1..=40",
                    paper.year, paper.hours
                ),
            );
        }
        if paper.topics.is_empty() {
            c.report(id, Rule::Paper, "a paper needs at least one topic");
        }
        for topic in &paper.topics {
            if !matches!(curriculum.find(topic), Some(Item::Topic(t)) if t.topic.id == *topic) {
                c.report(
                    id,
                    Rule::Paper,
                    format!("topic \"{topic}\" is not the current id of a topic"),
                );
            }
        }
        if let Some(practice) = &paper.practice
            && !matches!(curriculum.find(practice), Some(Item::Practice(..)))
        {
            c.report(
                id,
                Rule::Paper,
                format!("practice \"{practice}\" is not the id of a practice task"),
            );
        }
    }
}

fn check_stage_list(source: &Source, curriculum: &Curriculum, problems: &mut Vec<Problem>) {
    let listed: HashSet<&str> = curriculum.stages.iter().map(|s| s.file.as_str()).collect();
    for file in source.toml_files_in("stages") {
        if !listed.contains(file.as_str()) {
            problems.push(Problem::new(
                &file,
                None,
                Rule::StageList,
                format!("this stage file is not listed in {CURRICULUM_FILE}'s `stages`"),
            ));
        }
    }
    for (position, stage) in curriculum.stages.iter().enumerate() {
        let expected = position as u32 + 1;
        if stage.number != expected {
            problems.push(Problem::new(
                &stage.file,
                Some(&stage.id),
                Rule::StageList,
                format!(
                    "stage number {} is listed in position {expected}",
                    stage.number
                ),
            ));
        }
    }
}

fn is_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `child` must be `parent.<slug>`.
fn is_child_id(child: &str, parent: &str) -> bool {
    child
        .strip_prefix(parent)
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(is_slug)
}

/// Sentences in a summary, counted by their terminators in either script.
fn sentence_count(text: &str) -> usize {
    let text = text.trim();
    let chinese = text.matches(['。', '！', '？']).count();
    let english = text.matches(". ").count()
        + text.matches(".\n").count()
        + text.matches("? ").count()
        + text.matches("! ").count()
        + usize::from(text.ends_with(['.', '?', '!']));
    chinese + english
}

struct Checker<'a> {
    file: &'a str,
    problems: &'a mut Vec<Problem>,
}

impl Checker<'_> {
    fn report(&mut self, id: &str, rule: Rule, message: impl Into<String>) {
        self.problems
            .push(Problem::new(self.file, Some(id), rule, message));
    }

    fn text(&mut self, id: &str, field: &str, text: &Text) {
        for lang in Lang::ALL {
            if text.get(lang).is_empty() {
                self.report(
                    id,
                    Rule::Translation,
                    format!("{field}.{} is empty", lang.code()),
                );
            }
        }
    }

    fn url(&mut self, id: &str, field: &str, raw: &str) {
        match url::Url::parse(raw) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {}
            Ok(url) => self.report(
                id,
                Rule::Url,
                format!(
                    "{field} {raw:?} must be an http(s) URL with a host (scheme is {:?})",
                    url.scheme()
                ),
            ),
            Err(err) => self.report(
                id,
                Rule::Url,
                format!("{field} {raw:?} does not parse: {err}"),
            ),
        }
    }

    fn weeks(&mut self, id: &str, weeks: &Weeks) {
        if weeks.min == 0 || weeks.max.is_some_and(|max| max < weeks.min || max > 104) {
            self.report(
                id,
                Rule::Range,
                format!("weeks {weeks:?}: need 1 <= min <= max <= 104"),
            );
        }
    }
}

fn check_stage(stage: &Stage, curriculum: &Curriculum, problems: &mut Vec<Problem>) {
    let mut c = Checker {
        file: &stage.file,
        problems,
    };
    if stage.id != format!("s{}", stage.number) {
        c.report(
            &stage.id,
            Rule::IdFormat,
            format!("stage {} must have id \"s{}\"", stage.number, stage.number),
        );
    }
    c.text(&stage.id, "title", &stage.title);
    c.text(&stage.id, "duration", &stage.duration);
    c.text(&stage.id, "summary", &stage.summary);
    c.weeks(&stage.id, &stage.weeks);
    if stage.modules.is_empty() {
        c.report(
            &stage.id,
            Rule::Membership,
            "a stage needs at least one [[module]]",
        );
    }
    for module in &stage.modules {
        if !is_child_id(&module.id, &stage.id) {
            c.report(
                &module.id,
                Rule::IdFormat,
                format!(
                    "a module id must be \"{}.<slug>\" (slug: a-z, 0-9, -)",
                    stage.id
                ),
            );
        }
        c.text(&module.id, "title", &module.title);
        c.text(&module.id, "summary", &module.summary);
        if let Some(duration) = &module.duration {
            c.text(&module.id, "duration", duration);
        }
        if let Some(weeks) = &module.weeks {
            c.weeks(&module.id, weeks);
        }
        if module.topics.is_empty() {
            c.report(
                &module.id,
                Rule::Membership,
                "a module needs at least one [[topic]]",
            );
        }
        for topic in &module.topics {
            check_topic(&mut c, module, topic, curriculum);
        }
    }
}

fn check_topic(c: &mut Checker<'_>, module: &Module, topic: &Topic, curriculum: &Curriculum) {
    let id = topic.id.as_str();
    if !is_child_id(id, &module.id) {
        c.report(
            id,
            Rule::IdFormat,
            format!(
                "a topic id must be \"{}.<slug>\" (slug: a-z, 0-9, -)",
                module.id
            ),
        );
    }
    c.text(id, "title", &topic.title);
    c.text(id, "summary", &topic.summary);
    for lang in Lang::ALL {
        let sentences = sentence_count(topic.summary.get(lang));
        if sentences < 3 && !topic.summary.get(lang).is_empty() {
            c.report(
                id,
                Rule::SummaryLength,
                format!("summary.{} has {sentences} sentence(s); a summary teaches the key ideas in 3–8", lang.code()),
            );
        }
    }
    if !(1..=200).contains(&topic.hours) {
        c.report(
            id,
            Rule::Range,
            format!("hours = {}: need 1..=200", topic.hours),
        );
    }
    for (what, empty) in [
        ("[[topic.resource]]", topic.resources.is_empty()),
        ("[[topic.practice]]", topic.practice.is_empty()),
        ("outcomes", topic.outcomes.is_empty()),
    ] {
        if empty {
            c.report(
                id,
                Rule::Completeness,
                format!("a topic needs at least one entry in {what}"),
            );
        }
    }
    for (n, outcome) in topic.outcomes.iter().enumerate() {
        c.text(id, &format!("outcomes[{n}]"), outcome);
    }
    for resource in &topic.resources {
        if resource.title.trim().is_empty() {
            c.report(
                id,
                Rule::Completeness,
                format!("the resource {} has an empty title", resource.url),
            );
        }
        c.url(id, "resource url", &resource.url);
    }
    for tool in &topic.tools {
        c.url(id, &format!("tools url of {}", tool.rust), &tool.url);
    }
    for practice in &topic.practice {
        if !is_child_id(&practice.id, id) {
            c.report(
                &practice.id,
                Rule::IdFormat,
                format!("a practice id must be \"{id}.<slug>\" (slug: a-z, 0-9, -)"),
            );
        }
        c.text(&practice.id, "title", &practice.title);
    }
    for prerequisite in &topic.prerequisites {
        if prerequisite == id {
            c.report(
                id,
                Rule::Prerequisite,
                "a topic cannot be its own prerequisite",
            );
        } else if !matches!(curriculum.find(prerequisite), Some(Item::Topic(t)) if t.topic.id == *prerequisite)
        {
            c.report(
                id,
                Rule::Prerequisite,
                format!("prerequisite \"{prerequisite}\" is not the current id of a topic"),
            );
        }
    }
    for alias in &topic.aliases {
        if curriculum.index.contains_key(alias) {
            c.report(id, Rule::Alias, format!("alias \"{alias}\" is the id of something that exists; an alias is an old, retired id"));
        }
        let owners = curriculum
            .topics()
            .filter(|other| other.topic.aliases.contains(alias))
            .count();
        if owners > 1 {
            c.report(
                id,
                Rule::Alias,
                format!("alias \"{alias}\" is claimed by {owners} topics"),
            );
        }
    }
}

/// Depth-first search for a prerequisite cycle, reported once with its path.
fn check_cycles(curriculum: &Curriculum, problems: &mut Vec<Problem>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Visiting,
        Done,
    }
    let prerequisites: BTreeMap<&str, (&str, Vec<&str>)> = curriculum
        .topics()
        .map(|t| {
            let prereqs = t.topic.prerequisites.iter().map(String::as_str).collect();
            (t.topic.id.as_str(), (t.stage.file.as_str(), prereqs))
        })
        .collect();
    let mut marks: HashMap<&str, Mark> = HashMap::new();
    let mut reported = false;
    for &start in prerequisites.keys() {
        if marks.contains_key(start) || reported {
            continue;
        }
        // Explicit stack of (node, next prerequisite index) so deep paths cannot overflow.
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Visiting);
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let edges = prerequisites
                .get(node)
                .map(|(_, e)| e.as_slice())
                .unwrap_or(&[]);
            if let Some(&child) = edges.get(*next) {
                *next += 1;
                match marks.get(child) {
                    Some(Mark::Visiting) => {
                        let from = stack.iter().position(|(n, _)| *n == child).unwrap_or(0);
                        let mut path: Vec<&str> = stack[from..].iter().map(|(n, _)| *n).collect();
                        path.push(child);
                        let file = prerequisites.get(child).map_or("", |(f, _)| f);
                        problems.push(Problem::new(
                            file,
                            Some(child),
                            Rule::Cycle,
                            format!("prerequisites form a cycle: {}", path.join(" → ")),
                        ));
                        reported = true;
                        break;
                    }
                    Some(Mark::Done) => {}
                    None if prerequisites.contains_key(child) => {
                        marks.insert(child, Mark::Visiting);
                        stack.push((child, 0));
                    }
                    None => {}
                }
            } else {
                marks.insert(node, Mark::Done);
                stack.pop();
            }
        }
    }
}

fn check_seed_coverage(source: &Source, curriculum: &Curriculum, problems: &mut Vec<Problem>) {
    let seed = match source.read(SEED_FILE) {
        Ok(seed) => seed,
        Err(err) => {
            problems.push(Problem::new(SEED_FILE, None, Rule::Unreadable, err));
            return;
        }
    };
    let Some(coverage) = parse::<SeedCoverageFile>(source, COVERAGE_FILE, problems) else {
        return;
    };
    check_format(coverage.format_version, COVERAGE_FILE, problems);
    let mut entries: HashMap<&str, &SeedLine> = HashMap::new();
    for entry in &coverage.line {
        let seed_text = entry.seed.trim();
        if entries.insert(seed_text, entry).is_some() {
            problems.push(Problem::new(
                COVERAGE_FILE,
                Some(seed_text),
                Rule::SeedCoverage,
                "this seed line is listed twice",
            ));
        }
        for id in &entry.ids {
            if curriculum.find(id).is_none() {
                problems.push(Problem::new(
                    COVERAGE_FILE,
                    Some(id),
                    Rule::SeedCoverage,
                    format!("seed line {seed_text:?} maps to an id that does not exist"),
                ));
            }
        }
        if entry.ids.is_empty() && entry.by.as_deref().is_none_or(|by| by.trim().is_empty()) {
            problems.push(Problem::new(
                COVERAGE_FILE,
                Some(seed_text),
                Rule::SeedCoverage,
                "give the ids that cover this line (or, for a heading or prose line, `by`)",
            ));
        }
    }
    let lines = seed_lines(&seed);
    let seed_texts: HashSet<&str> = lines.iter().map(|line| line.text.as_str()).collect();
    for line in &lines {
        match entries.get(line.text.as_str()) {
            None => problems.push(Problem::new(
                COVERAGE_FILE,
                None,
                Rule::SeedCoverage,
                format!("seed line {} is not covered: add [[line]] seed = {:?} with the ids that cover it", line.line, line.text),
            )),
            Some(entry) if line.is_item && entry.ids.is_empty() => problems.push(Problem::new(
                COVERAGE_FILE,
                Some(&line.text),
                Rule::SeedCoverage,
                format!("seed line {} is a study item: it must map to curriculum ids, not only `by`", line.line),
            )),
            Some(_) => {}
        }
    }
    for entry in &coverage.line {
        if !seed_texts.contains(entry.seed.trim()) {
            problems.push(Problem::new(
                COVERAGE_FILE,
                Some(entry.seed.trim()),
                Rule::SeedCoverage,
                "this text is not a line of the seed (it must be quoted verbatim, Markdown markers stripped)",
            ));
        }
    }
}
