//! `llmpath dev check`: every content rule, over the embedded content or a folder.

use std::path::PathBuf;

use anyhow::{Result, bail};
use llmpath_content::{Curriculum, Source};

use llmpath_content::Lang;

use crate::app::pick;

pub fn check(lang: Lang, content: Option<PathBuf>) -> Result<()> {
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
    Ok(())
}

fn describe(source: &Source) -> String {
    match source {
        Source::Embedded => "the embedded content".to_owned(),
        Source::Dir(dir) => dir.display().to_string(),
    }
}
