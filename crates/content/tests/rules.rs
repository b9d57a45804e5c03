//! Every `dev check` rule, proven on a broken copy of the real content: each mutation must be
//! reported with the file, the id and the rule it breaks.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use llmpath_content::{Curriculum, Problem, Rule, Source, check};
use toml::{Table, Value};

fn content_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A scratch copy of `content/`.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&content_root(), dir.path());
        Fixture { dir }
    }

    fn path(&self, file: &str) -> PathBuf {
        self.dir.path().join(file)
    }

    fn edit(&self, file: &str, change: impl FnOnce(&mut Table)) {
        let mut table: Table = std::fs::read_to_string(self.path(file))
            .unwrap()
            .parse()
            .unwrap();
        change(&mut table);
        std::fs::write(self.path(file), toml::to_string(&table).unwrap()).unwrap();
    }

    fn problems(&self) -> Vec<Problem> {
        check(&Source::Dir(self.dir.path().to_path_buf()))
    }

    /// The check must report `rule` on `file` (and `id`, when given).
    fn expect(&self, file: &str, id: Option<&str>, rule: Rule) {
        let problems = self.problems();
        let found = problems
            .iter()
            .any(|p| p.rule == rule && p.file == file && (id.is_none() || p.id.as_deref() == id));
        assert!(
            found,
            "expected [{rule}] on {file} {id:?}; got:\n{}",
            problems
                .iter()
                .map(|p| format!("  {p}\n"))
                .collect::<String>()
        );
        let shown = problems
            .iter()
            .find(|p| p.rule == rule)
            .unwrap()
            .to_string();
        assert!(
            shown.contains(file) && shown.contains(rule.name()),
            "{shown}"
        );
    }
}

const STAGE: &str = "stages/s2-classic-ml.toml";

fn topic(table: &mut Table, n: usize) -> &mut Table {
    table["topic"].as_array_mut().unwrap()[n]
        .as_table_mut()
        .unwrap()
}

fn topic_id(table: &Table, n: usize) -> String {
    table["topic"][n]["id"].as_str().unwrap().to_owned()
}

fn first_topic_id() -> String {
    let table: Table = std::fs::read_to_string(content_root().join(STAGE))
        .unwrap()
        .parse()
        .unwrap();
    topic_id(&table, 0)
}

#[test]
fn the_shipped_content_passes_every_rule() {
    let problems = check(&Source::Dir(content_root()));
    assert!(problems.is_empty(), "{problems:#?}");
    let embedded = check(&Source::Embedded);
    assert!(embedded.is_empty(), "{embedded:#?}");
    let curriculum = Curriculum::embedded().unwrap();
    assert_eq!(curriculum.stages.len(), 5);
    assert!(curriculum.topics().count() >= 60);
}

#[test]
fn malformed_toml_is_a_syntax_problem() {
    let fixture = Fixture::new();
    let mut text = std::fs::read_to_string(fixture.path(STAGE)).unwrap();
    text.push_str("\n[[topic]\nbroken = \n");
    std::fs::write(fixture.path(STAGE), text).unwrap();
    fixture.expect(STAGE, None, Rule::Syntax);
}

#[test]
fn an_unknown_key_is_a_syntax_problem() {
    let fixture = Fixture::new();
    fixture.edit(STAGE, |t| {
        topic(t, 0).insert("hourz".into(), Value::Integer(3));
    });
    fixture.expect(STAGE, None, Rule::Syntax);
}

#[test]
fn an_unknown_format_version_is_refused() {
    let fixture = Fixture::new();
    fixture.edit(STAGE, |t| {
        t.insert("format_version".into(), Value::Integer(2));
    });
    fixture.expect(STAGE, None, Rule::FormatVersion);
}

#[test]
fn duplicate_ids_are_refused() {
    let fixture = Fixture::new();
    let first = first_topic_id();
    fixture.edit(STAGE, |t| {
        topic(t, 1).insert("id".into(), Value::String(first.clone()));
    });
    fixture.expect(STAGE, Some(&first), Rule::DuplicateId);
}

#[test]
fn ids_must_have_the_shape_of_their_level() {
    let fixture = Fixture::new();
    let bad = format!("{}.Bad_Slug", first_topic_id());
    fixture.edit(STAGE, |t| {
        let practice = topic(t, 0)["practice"].as_array_mut().unwrap()[0]
            .as_table_mut()
            .unwrap();
        practice.insert("id".into(), Value::String(bad.clone()));
    });
    fixture.expect(STAGE, Some(&bad), Rule::IdFormat);
}

#[test]
fn both_languages_are_required() {
    let fixture = Fixture::new();
    fixture.edit(STAGE, |t| {
        topic(t, 0)["title"]
            .as_table_mut()
            .unwrap()
            .insert("en".into(), Value::String(" ".into()));
    });
    fixture.expect(STAGE, Some(&first_topic_id()), Rule::Translation);
}

#[test]
fn a_one_line_summary_is_too_short() {
    let fixture = Fixture::new();
    fixture.edit(STAGE, |t| {
        topic(t, 0)["summary"]
            .as_table_mut()
            .unwrap()
            .insert("zh".into(), Value::String("太短。".into()));
    });
    fixture.expect(STAGE, Some(&first_topic_id()), Rule::SummaryLength);
}

#[test]
fn hours_must_be_in_range() {
    let fixture = Fixture::new();
    fixture.edit(STAGE, |t| {
        topic(t, 0).insert("hours".into(), Value::Integer(0));
    });
    fixture.expect(STAGE, Some(&first_topic_id()), Rule::Range);
}

#[test]
fn a_topic_without_practice_is_incomplete() {
    let fixture = Fixture::new();
    fixture.edit(STAGE, |t| {
        topic(t, 0).insert("practice".into(), Value::Array(vec![]));
    });
    fixture.expect(STAGE, Some(&first_topic_id()), Rule::Completeness);
}

#[test]
fn a_topic_must_belong_to_a_declared_module() {
    let fixture = Fixture::new();
    fixture.edit(STAGE, |t| {
        topic(t, 0).insert("module".into(), Value::String("s2.nowhere".into()));
    });
    fixture.expect(STAGE, Some(&first_topic_id()), Rule::Membership);
}

#[test]
fn an_unknown_prerequisite_is_refused() {
    let fixture = Fixture::new();
    fixture.edit(STAGE, |t| {
        let prerequisites = Value::Array(vec![Value::String("s9.nothing.here".into())]);
        topic(t, 0).insert("prerequisites".into(), prerequisites);
    });
    fixture.expect(STAGE, Some(&first_topic_id()), Rule::Prerequisite);
}

#[test]
fn a_prerequisite_cycle_is_reported_with_its_path() {
    let fixture = Fixture::new();
    fixture.edit(STAGE, |t| {
        let (a, b) = (topic_id(t, 0), topic_id(t, 1));
        topic(t, 0).insert("prerequisites".into(), Value::Array(vec![Value::String(b)]));
        topic(t, 1).insert("prerequisites".into(), Value::Array(vec![Value::String(a)]));
    });
    fixture.expect(STAGE, None, Rule::Cycle);
    let cycle = fixture
        .problems()
        .into_iter()
        .find(|p| p.rule == Rule::Cycle)
        .unwrap();
    assert!(cycle.message.contains(" → "), "{}", cycle.message);
}

#[test]
fn an_alias_may_not_shadow_a_real_id() {
    let fixture = Fixture::new();
    fixture.edit(STAGE, |t| {
        let other = Value::String(topic_id(t, 1));
        topic(t, 0).insert("aliases".into(), Value::Array(vec![other]));
    });
    fixture.expect(STAGE, Some(&first_topic_id()), Rule::Alias);
}

#[test]
fn urls_must_be_http() {
    let fixture = Fixture::new();
    fixture.edit(STAGE, |t| {
        let resource = topic(t, 0)["resource"].as_array_mut().unwrap()[0]
            .as_table_mut()
            .unwrap();
        resource.insert(
            "url".into(),
            Value::String("www.example.com/no-scheme".into()),
        );
    });
    fixture.expect(STAGE, Some(&first_topic_id()), Rule::Url);
}

#[test]
fn an_unlisted_stage_file_is_reported() {
    let fixture = Fixture::new();
    std::fs::copy(fixture.path(STAGE), fixture.path("stages/s9-draft.toml")).unwrap();
    fixture.expect("stages/s9-draft.toml", None, Rule::StageList);
}

#[test]
fn an_uncovered_seed_line_is_reported() {
    let fixture = Fixture::new();
    fixture.edit("seed-coverage.toml", |t| {
        t["line"].as_array_mut().unwrap().remove(6);
    });
    fixture.expect("seed-coverage.toml", None, Rule::SeedCoverage);
}

#[test]
fn a_seed_item_mapped_to_an_unknown_id_is_reported() {
    let fixture = Fixture::new();
    fixture.edit("seed-coverage.toml", |t| {
        let line = t["line"].as_array_mut().unwrap()[6].as_table_mut().unwrap();
        line.insert(
            "ids".into(),
            Value::Array(vec![Value::String("s1.math.no-such-topic".into())]),
        );
    });
    fixture.expect(
        "seed-coverage.toml",
        Some("s1.math.no-such-topic"),
        Rule::SeedCoverage,
    );
}

#[test]
fn a_misquoted_seed_line_is_reported() {
    let fixture = Fixture::new();
    fixture.edit("seed-coverage.toml", |t| {
        let line = t["line"].as_array_mut().unwrap()[6].as_table_mut().unwrap();
        let seed = line["seed"].as_str().unwrap().replace("SVD", "QR");
        line.insert("seed".into(), Value::String(seed));
    });
    fixture.expect("seed-coverage.toml", None, Rule::SeedCoverage);
}

#[test]
fn a_missing_stage_file_is_unreadable() {
    let fixture = Fixture::new();
    std::fs::remove_file(fixture.path(STAGE)).unwrap();
    fixture.expect(STAGE, None, Rule::Unreadable);
}

#[test]
fn a_renamed_topic_is_found_by_its_old_id_through_aliases() {
    let fixture = Fixture::new();
    let current = first_topic_id();
    fixture.edit(STAGE, |t| {
        let old = Value::String("s2.concepts.old-name".into());
        topic(t, 0).insert("aliases".into(), Value::Array(vec![old]));
    });
    assert!(fixture.problems().is_empty(), "{:#?}", fixture.problems());
    let curriculum = Curriculum::load(&Source::Dir(fixture.dir.path().to_path_buf())).unwrap();
    assert_eq!(curriculum.canonical_id("s2.concepts.old-name"), current);
    assert_eq!(
        curriculum.canonical_id("s9.unknown"),
        "s9.unknown",
        "unknown ids are kept"
    );
    match curriculum.find("s2.concepts.old-name") {
        Some(llmpath_content::Item::Topic(t)) => assert_eq!(t.topic.id, current),
        other => panic!("old id resolved to {other:?}"),
    }
}

#[test]
fn a_paper_pointing_at_an_unknown_topic_or_task_is_reported() {
    let fixture = Fixture::new();
    let mut first_paper = String::new();
    fixture.edit("papers.toml", |t| {
        let paper = t["paper"].as_array_mut().unwrap()[0]
            .as_table_mut()
            .unwrap();
        first_paper = paper["id"].as_str().unwrap().to_owned();
        paper.insert(
            "topics".into(),
            Value::Array(vec![Value::String("s3.nlp.nothing".into())]),
        );
        paper.insert(
            "practice".into(),
            Value::String("s3.nlp.nothing.lab".into()),
        );
    });
    fixture.expect("papers.toml", Some(&first_paper), Rule::Paper);
    let problems = fixture.problems();
    assert_eq!(
        problems.iter().filter(|p| p.rule == Rule::Paper).count(),
        2,
        "{problems:#?}"
    );
}

#[test]
fn the_paper_list_starts_with_the_seeds_example() {
    let curriculum = Curriculum::embedded().unwrap();
    assert_eq!(curriculum.papers[0].title, "Attention Is All You Need");
    assert!(curriculum.papers.len() >= 20);
}
