//! `llmpath dev check`: every content rule, over the embedded content or a folder.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use llmpath_content::{Curriculum, Lang, Source};

use crate::app::pick;
use crate::commands::lab::labs_workspace;

/// Which exercises to gate, and where to build them.
pub struct Gate {
    pub only: Vec<String>,
    pub work_dir: Option<PathBuf>,
}

pub fn check(lang: Lang, content: Option<PathBuf>, gate: Option<Gate>) -> Result<()> {
    let source = content.map_or(Source::Embedded, Source::Dir);
    let problems = llmpath_content::check(&source);
    if !problems.is_empty() {
        for problem in &problems {
            eprintln!("{problem}");
        }
        bail!(
            "{} content problem(s) in {}; each line above names the file, the id and the rule",
            problems.len(),
            describe(&source)
        );
    }
    let curriculum = Curriculum::load(&source)?;
    let missing = missing_lab_programs(&curriculum);
    if !missing.is_empty() {
        for problem in &missing {
            eprintln!("{}: {problem}", llmpath_content::LABS_FILE);
        }
        bail!(
            "{} lab(s) point at programs that do not exist",
            missing.len()
        );
    }
    let modules: usize = curriculum.stages.iter().map(|s| s.modules.len()).sum();
    let topics: Vec<_> = curriculum.topics().collect();
    let practice: usize = topics.iter().map(|t| t.topic.practice.len()).sum();
    let resources: usize = topics.iter().map(|t| t.topic.resources.len()).sum();
    let hours: u32 = topics.iter().map(|t| t.topic.hours).sum();
    outln!(
        "{}: {} stages, {modules} modules, {} topics ({hours} h), {practice} practice tasks, {resources} resources; every seed line covered.",
        pick(lang, "内容检查通过", "content ok"),
        curriculum.stages.len(),
        topics.len()
    );
    match gate {
        Some(gate) => gate_exercises(lang, &curriculum, &source, gate),
        None => Ok(()),
    }
}

/// Builds and runs every exercise's template, solution and mutants (see `llmpath_grader::gate`).
fn gate_exercises(lang: Lang, curriculum: &Curriculum, source: &Source, gate: Gate) -> Result<()> {
    for id in &gate.only {
        if curriculum.exercise(id).is_none() {
            bail!("--exercise {id}: no such exercise in {}", describe(source));
        }
    }
    // In a checkout, build in its target folder: the dependencies are there already.
    let checkout = Path::new("Cargo.toml").is_file();
    let work_dir = gate.work_dir.unwrap_or_else(|| match checkout {
        true => PathBuf::from("target/llmpath-dev-check"),
        false => std::env::temp_dir().join("llmpath-dev-check"),
    });
    let target_dir = match (checkout, std::env::var_os("CARGO_TARGET_DIR")) {
        (_, Some(dir)) => Some(PathBuf::from(dir)),
        (true, None) => std::path::absolute("target").ok(),
        (false, None) => None,
    };
    let options = llmpath_grader::GateOptions {
        work_dir,
        only: gate.only,
        target_dir,
    };
    let count = match options.only.is_empty() {
        true => curriculum.exercises.len(),
        false => options.only.len(),
    };
    let started = std::time::Instant::now();
    let problems = llmpath_grader::gate(curriculum, source, &options, |step| {
        eprintln!("   {} {step}", pick(lang, "检查", "gating"));
    })?;
    if !problems.is_empty() {
        for problem in &problems {
            eprintln!("{problem}");
        }
        bail!(
            "{} exercise problem(s): every template must fail, every solution pass, every mutant be rejected",
            problems.len()
        );
    }
    let mutants: usize = curriculum
        .exercises
        .iter()
        .filter(|e| options.only.is_empty() || options.only.contains(&e.id))
        .map(|e| e.mutants.len())
        .sum();
    outln!(
        "{}: {count} {}, {mutants} {} ({:.0} s).",
        pick(lang, "练习检查通过", "exercises ok"),
        pick(
            lang,
            "个练习的模板失败、答案通过",
            "templates fail and solutions pass"
        ),
        pick(lang, "个错误解法全部被拒绝", "mutants all rejected"),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn describe(source: &Source) -> String {
    match source {
        Source::Embedded => "the embedded content".to_owned(),
        Source::Dir(dir) => dir.display().to_string(),
    }
}

/// Labs whose package or binary is not in the labs' workspace (checked when the sources are
/// at hand, as in a checkout and in CI).
fn missing_lab_programs(curriculum: &Curriculum) -> Vec<String> {
    let Ok(workspace) = labs_workspace() else {
        return Vec::new();
    };
    let crates: Vec<PathBuf> = std::fs::read_dir(workspace.join("labs"))
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    let package_dir = |package: &str| -> Option<&Path> {
        crates.iter().map(PathBuf::as_path).find(|dir| {
            std::fs::read_to_string(dir.join("Cargo.toml"))
                .is_ok_and(|manifest| manifest.contains(&format!("name = \"{package}\"")))
        })
    };
    curriculum
        .labs
        .iter()
        .filter_map(|lab| match package_dir(&lab.package) {
            None => Some(format!(
                "{}: [lab] package {:?} is not under labs/",
                lab.id, lab.package
            )),
            Some(dir)
                if !dir
                    .join("src/bin")
                    .join(format!("{}.rs", lab.bin))
                    .is_file() =>
            {
                Some(format!(
                    "{}: [lab] {} has no binary {:?} (src/bin/{}.rs)",
                    lab.id, lab.package, lab.bin, lab.bin
                ))
            }
            Some(_) => None,
        })
        .collect()
}
