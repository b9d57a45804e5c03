//! `/roadmap[?stage=N]`: the path as a mind map (an SVG tree: root → stages → modules →
//! topics, left to right), every node coloured by status and a link, with a legend and the same
//! tree as a nested list (the text alternative, and what a screen reader reads).
//!
//! Layout: each topic gets a row; a module sits at the middle of its topics' rows, a stage at
//! the middle of its modules, the root at the middle of the stages. Edges are cubic Béziers
//! from a parent's right edge to a child's left edge.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use llmpath_content::{Lang, Module};
use llmpath_progress::Status;
use llmpath_state::LearnerState;
use serde::Deserialize;

use super::{aggregate_status, cached, number_param};
use crate::Shared;
use crate::error::WebError;
use crate::i18n;
use crate::layout::{Layout, Page};

const ROW: u32 = 24;
const TOPIC_H: u32 = 20;
const GROUP_H: u32 = 24;
const MODULE_GAP: u32 = 8;
const STAGE_GAP: u32 = 18;
const PAD: u32 = 12;
/// Columns: (x, width) of root, stages, modules, topics.
const ROOT: (u32, u32) = (PAD, 84);
const STAGES: (u32, u32) = (124, 210);
const MODULES: (u32, u32) = (370, 220);
const TOPICS: (u32, u32) = (626, 420);

/// A node of the mind map.
#[derive(Debug)]
pub struct Node {
    pub id: String,
    pub kind: &'static str,
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    pub text_x: u32,
    pub text_y: u32,
    /// Shortened to fit the box; `title` is the whole text (the tooltip).
    pub label: String,
    pub title: String,
    pub href: String,
    pub status: &'static str,
}

/// An edge, as SVG path data.
#[derive(Debug)]
pub struct Edge {
    pub d: String,
    pub status: &'static str,
}

/// The tree as a nested list.
#[derive(Debug)]
pub struct OutlineStage {
    pub id: String,
    pub number: u32,
    pub title: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub percent: u32,
    pub modules: Vec<OutlineModule>,
}

#[derive(Debug)]
pub struct OutlineModule {
    pub id: String,
    pub title: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub topics: Vec<super::TopicLink>,
}

#[derive(Debug)]
pub struct LegendItem {
    pub status: &'static str,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "roadmap.html", whitespace = "minimize")]
struct RoadmapPage {
    layout: Layout,
    stage_links: Vec<(u32, String, bool)>,
    all_active: bool,
    width: u32,
    height: u32,
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    legend: Vec<LegendItem>,
    outline: Vec<OutlineStage>,
}

#[derive(Debug, Deserialize)]
pub struct RoadmapQuery {
    stage: Option<String>,
}

/// Cuts `text` to about `width` pixels at 12 px (a CJK character counts double).
fn fit(text: &str, width: u32) -> String {
    let budget = (width.saturating_sub(16) / 7) as usize * 2;
    let mut used = 0;
    let mut out = String::new();
    for c in text.chars() {
        let cost = if c.is_ascii() { 2 } else { 4 };
        if used + cost > budget {
            out.push('…');
            return out;
        }
        used += cost;
        out.push(c);
    }
    out
}

fn module_status(state: &LearnerState<'_>, module: &Module) -> Status {
    let statuses: Vec<Status> = module.topics.iter().map(|t| state.status(&t.id)).collect();
    if !statuses.is_empty()
        && statuses
            .iter()
            .all(|s| matches!(s, Status::Done | Status::Skipped))
    {
        Status::Done
    } else if statuses
        .iter()
        .any(|s| matches!(s, Status::Done | Status::Learning))
    {
        Status::Learning
    } else {
        Status::Pending
    }
}

fn edge(from: &Node, to: &Node) -> Edge {
    let (x1, y1) = (from.x + from.width, from.y + from.height / 2);
    let (x2, y2) = (to.x, to.y + to.height / 2);
    let mid = (x1 + x2) / 2;
    Edge {
        d: format!("M{x1} {y1} C{mid} {y1} {mid} {y2} {x2} {y2}"),
        status: to.status,
    }
}

#[allow(clippy::too_many_arguments)]
fn node(
    lang: Lang,
    id: &str,
    kind: &'static str,
    (x, width): (u32, u32),
    center_y: u32,
    height: u32,
    title: &str,
    href: String,
    status: Status,
) -> Node {
    let y = center_y.saturating_sub(height / 2);
    Node {
        id: id.to_owned(),
        kind,
        x,
        y,
        width,
        height,
        text_x: x + 8,
        text_y: y + height / 2 + 4,
        label: fit(title, width),
        title: format!("{title} — {}", i18n::status(lang, status)),
        href,
        status: status.as_str(),
    }
}

pub async fn page(
    State(state): State<Arc<Shared>>,
    page: Page,
    query: Result<Query<RoadmapQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let query = query
        .map(|Query(q)| q)
        .unwrap_or(RoadmapQuery { stage: None });
    let curriculum = &state.curriculum;
    let stages_count = curriculum.stages.len() as i64;
    let only = number_param(query.stage.as_deref(), "stage", 1..=stages_count.max(1))?;
    let snapshot = state.snapshot().await?;
    let today_key = state.now().today();
    cached(&snapshot, &page, today_key, || {
        let lang = page.lang;
        let s = page.s();
        let learner = snapshot.learner(curriculum);

        let mut nodes = Vec::new();
        let mut edges = Vec::new();
        let mut stage_nodes = Vec::new();
        let mut outline = Vec::new();
        let mut y = PAD;
        for stage in curriculum
            .stages
            .iter()
            .filter(|stage| only.is_none_or(|n| i64::from(stage.number) == n))
        {
            let mut module_nodes = Vec::new();
            let mut outline_modules = Vec::new();
            for module in &stage.modules {
                let mut topic_nodes = Vec::new();
                for topic in &module.topics {
                    let status = learner.status(&topic.id);
                    topic_nodes.push(node(
                        lang,
                        &topic.id,
                        "topic",
                        TOPICS,
                        y + ROW / 2,
                        TOPIC_H,
                        topic.title.get(lang),
                        format!("/topics/{}", topic.id),
                        status,
                    ));
                    y += ROW;
                }
                let center = match (topic_nodes.first(), topic_nodes.last()) {
                    (Some(first), Some(last)) => (first.y + last.y + last.height) / 2,
                    _ => {
                        y += ROW;
                        y - ROW / 2
                    }
                };
                let status = module_status(&learner, module);
                let module_node = node(
                    lang,
                    &module.id,
                    "module",
                    MODULES,
                    center,
                    GROUP_H,
                    module.title.get(lang),
                    format!("#outline-{}", module.id),
                    status,
                );
                edges.extend(topic_nodes.iter().map(|t| edge(&module_node, t)));
                outline_modules.push(OutlineModule {
                    id: module.id.clone(),
                    title: module.title.get(lang).to_owned(),
                    status: status.as_str(),
                    status_label: i18n::status(lang, status),
                    topics: module
                        .topics
                        .iter()
                        .map(|topic| {
                            super::topic_link(
                                lang,
                                &learner,
                                llmpath_content::TopicRef {
                                    stage,
                                    module,
                                    topic,
                                },
                            )
                        })
                        .collect(),
                });
                nodes.extend(topic_nodes);
                module_nodes.push(module_node);
                y += MODULE_GAP;
            }
            let center = match (module_nodes.first(), module_nodes.last()) {
                (Some(first), Some(last)) => (first.y + last.y + last.height) / 2,
                _ => y,
            };
            let completion = learner.stage_completion(stage);
            let status = aggregate_status(&completion);
            let stage_node = node(
                lang,
                &stage.id,
                "stage",
                STAGES,
                center,
                GROUP_H + 4,
                &format!("{}. {}", stage.number, stage.title.get(lang)),
                format!("/roadmap?stage={}", stage.number),
                status,
            );
            edges.extend(module_nodes.iter().map(|m| edge(&stage_node, m)));
            outline.push(OutlineStage {
                id: stage.id.clone(),
                number: stage.number,
                title: stage.title.get(lang).to_owned(),
                status: status.as_str(),
                status_label: i18n::status(lang, status),
                percent: completion.percent(),
                modules: outline_modules,
            });
            nodes.extend(module_nodes);
            stage_nodes.push(stage_node);
            y += STAGE_GAP;
        }
        let height = y + PAD;
        let overall = aggregate_status(&learner.overall_completion());
        let root = node(
            lang,
            "root",
            "root",
            ROOT,
            height / 2,
            GROUP_H + 8,
            "llmpath",
            "/roadmap".to_owned(),
            overall,
        );
        edges.extend(stage_nodes.iter().map(|n| edge(&root, n)));
        nodes.extend(stage_nodes);
        nodes.push(root);

        let template = RoadmapPage {
            layout: page.layout(&state, s.roadmap_h1, "roadmap"),
            stage_links: curriculum
                .stages
                .iter()
                .map(|stage| {
                    (
                        stage.number,
                        i18n::stage_n(lang, stage.number),
                        only == Some(i64::from(stage.number)),
                    )
                })
                .collect(),
            all_active: only.is_none(),
            width: TOPICS.0 + TOPICS.1 + PAD,
            height,
            nodes,
            edges,
            legend: Status::ALL
                .into_iter()
                .map(|status| LegendItem {
                    status: status.as_str(),
                    label: i18n::status(lang, status),
                })
                .collect(),
            outline,
        };
        Ok(template.render()?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_cut_to_their_box() {
        assert_eq!(fit("SVD", 300), "SVD");
        let long = fit(&"x".repeat(200), 300);
        assert!(long.ends_with('…') && long.chars().count() < 60);
        let zh = fit(&"矩阵".repeat(40), 300);
        assert!(zh.ends_with('…') && zh.chars().count() < 30);
    }
}
