//! `llmpath show ID`: one topic in full (or a stage, module or practice task).

use anyhow::Result;
use llmpath_content::{Item, Lang, ResourceKind, TopicRef};
use llmpath_state::LearnerState;
use serde_json::json;

use super::path::topic_json;
use super::{mark, print_json, status_label, text_json};
use crate::app::App;

pub fn run(app: &App, id: &str) -> Result<()> {
    let item = app.find(id)?;
    let store = app.store()?;
    let state = app.state(&store)?;
    match item {
        Item::Topic(topic) => show_topic(app, &state, topic),
        Item::Practice(topic, practice) => {
            if app.json {
                return print_json(&json!({
                    "schema": "llmpath.show/1",
                    "kind": "practice",
                    "practice": {
                        "id": practice.id,
                        "title": text_json(&practice.title),
                        "kind": practice.kind,
                        "status": state.status(&practice.id),
                    },
                    "topic": topic_json(topic.topic, &state),
                }));
            }
            outln!(
                "{} {}  {} [{}]",
                mark(state.status(&practice.id)),
                practice.id,
                practice.title.get(app.lang),
                practice.kind.label(app.lang)
            );
            outln!(
                "{} {}",
                app.t("所属主题：", "Part of topic:"),
                topic.topic.id
            );
            outln!();
            show_topic(app, &state, topic)
        }
        Item::Stage(stage) => {
            if app.json {
                return print_json(&json!({
                    "schema": "llmpath.show/1",
                    "kind": "stage",
                    "stage": { "id": stage.id, "number": stage.number, "title": text_json(&stage.title),
                               "duration": text_json(&stage.duration), "summary": text_json(&stage.summary),
                               "modules": stage.modules.iter().map(|m| &m.id).collect::<Vec<_>>() },
                }));
            }
            outln!(
                "{} {}  {} ({})",
                stage.id,
                app.t("阶段", "stage"),
                stage.title.get(app.lang),
                stage.duration.get(app.lang)
            );
            outln!();
            outln!("{}", stage.summary.get(app.lang));
            outln!();
            for module in &stage.modules {
                outln!("  {}  {}", module.id, module.title.get(app.lang));
            }
            Ok(())
        }
        Item::Module(stage, module) => {
            if app.json {
                return print_json(&json!({
                    "schema": "llmpath.show/1",
                    "kind": "module",
                    "module": { "id": module.id, "stage": stage.id, "title": text_json(&module.title),
                                "summary": text_json(&module.summary),
                                "topics": module.topics.iter().map(|t| &t.id).collect::<Vec<_>>() },
                }));
            }
            outln!("{}  {}", module.id, module.title.get(app.lang));
            outln!();
            outln!("{}", module.summary.get(app.lang));
            outln!();
            for topic in &module.topics {
                outln!(
                    "  {} {}  {}",
                    mark(state.status(&topic.id)),
                    topic.id,
                    topic.title.get(app.lang)
                );
            }
            Ok(())
        }
    }
}

fn show_topic(app: &App, state: &LearnerState<'_>, topic: TopicRef<'_>) -> Result<()> {
    let TopicRef {
        stage,
        module,
        topic,
    } = topic;
    let labs: Vec<_> = app
        .curriculum
        .labs
        .iter()
        .filter(|lab| lab.topics.contains(&topic.id))
        .collect();
    let exercises: Vec<_> = app
        .curriculum
        .exercises
        .iter()
        .filter(|exercise| exercise.topic == topic.id)
        .collect();
    if app.json {
        return print_json(&json!({
            "schema": "llmpath.show/1",
            "kind": "topic",
            "stage": stage.id,
            "module": module.id,
            "topic": topic_json(topic, state),
            "labs": labs.iter().map(|lab| &lab.id).collect::<Vec<_>>(),
            "exercises": exercises.iter().map(|exercise| &exercise.id).collect::<Vec<_>>(),
        }));
    }
    let lang = app.lang;
    let status = state.status(&topic.id);
    outln!("{}", topic.title.get(lang));
    outln!(
        "{} · {} · {}",
        topic.id,
        module.title.get(lang),
        stage.title.get(lang)
    );
    outln!(
        "{} {} {}   {} {}h",
        app.t("状态：", "Status:"),
        mark(status),
        status_label(status, lang),
        app.t("预计：", "Estimated:"),
        topic.hours
    );
    if !topic.prerequisites.is_empty() {
        outln!();
        outln!("{}", app.t("先修：", "Prerequisites:"));
        for id in &topic.prerequisites {
            let title = match app.curriculum.find(id) {
                Some(Item::Topic(t)) => t.topic.title.get(lang),
                _ => "",
            };
            outln!("  {} {id}  {title}", mark(state.status(id)));
        }
    }
    outln!();
    for line in topic.summary.get(lang).lines() {
        outln!("{line}");
    }
    outln!();
    outln!("{}", app.t("学习目标：", "Outcomes:"));
    for outcome in &topic.outcomes {
        outln!("  • {}", outcome.get(lang));
    }
    if !topic.tools.is_empty() {
        outln!();
        outln!(
            "{}",
            app.t(
                "工具对照（种子路径 → llmpath）：",
                "Tools (the seed's → llmpath's):"
            )
        );
        for tool in &topic.tools {
            outln!("  {} → {}  {}", tool.seed, tool.rust, tool.url);
        }
    }
    outln!();
    outln!("{}", app.t("资源：", "Resources:"));
    for resource in &topic.resources {
        let cost = match (resource.free, lang) {
            (true, Lang::Zh) => "免费",
            (true, Lang::En) => "free",
            (false, Lang::Zh) => "付费",
            (false, Lang::En) => "paid",
        };
        outln!(
            "  • {} [{}, {}, {cost}]\n    {}",
            resource.title,
            resource_kind(resource.kind, lang),
            serde_json::to_value(resource.lang)?.as_str().unwrap_or("?"),
            resource.url
        );
    }
    outln!();
    outln!("{}", app.t("练习：", "Practice:"));
    for practice in &topic.practice {
        outln!(
            "  {} {}  {} [{}]",
            mark(state.status(&practice.id)),
            practice.id,
            practice.title.get(lang),
            practice.kind.label(lang)
        );
    }
    if !labs.is_empty() || !exercises.is_empty() {
        outln!();
        outln!("{}", app.t("实验与练习题：", "Labs and exercises:"));
        for lab in &labs {
            outln!("  llmpath lab run {:<22} {}", lab.id, lab.title.get(lang));
        }
        for exercise in &exercises {
            outln!(
                "  llmpath check {:<24} {}",
                exercise.id,
                exercise.title.get(lang)
            );
        }
    }
    Ok(())
}

fn resource_kind(kind: ResourceKind, lang: Lang) -> &'static str {
    let (zh, en) = match kind {
        ResourceKind::Course => ("课程", "course"),
        ResourceKind::Book => ("书", "book"),
        ResourceKind::Video => ("视频", "video"),
        ResourceKind::Article => ("文章", "article"),
        ResourceKind::Paper => ("论文", "paper"),
        ResourceKind::Docs => ("文档", "docs"),
        ResourceKind::Community => ("社区", "community"),
        ResourceKind::Tool => ("工具", "tool"),
        ResourceKind::Dataset => ("数据集", "dataset"),
        ResourceKind::Practice => ("练习平台", "practice"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}
