//! The checklist as GitHub-flavoured Markdown: a title, then per stage a heading, its summary
//! and one table row per core task, with a checkbox, resources, practice goals and planned dates.
//!
//! Checkboxes: ☑ done, ◐ learning, – skipped (the task title is also struck through),
//! ☐ pending.
//!
//! Also holds the few pieces of layout every text export shares (checkbox glyphs, the stage
//! label, date ranges), so Markdown, HTML and CSV say the same thing.
//!
//! References: GitHub Flavored Markdown spec, tables extension (<https://github.github.com/gfm/#tables-extension->).

use std::fmt::Write;

use llmpath_plan::{Checklist, ChecklistRow, ChecklistStage, DateRange, Labels, Link};

/// The checkbox for a status name (`Status::as_str`): ☑ done, ◐ learning, – skipped, ☐ pending.
pub(crate) fn status_box(status: &str) -> &'static str {
    match status {
        "done" => "☑",
        "learning" => "◐",
        "skipped" => "–",
        _ => "☐",
    }
}

/// "Stage 2" in English; a label holding `{n}` ("第 {n} 阶段") gets the number in its place.
pub(crate) fn stage_label(labels: &Labels, number: u32) -> String {
    if labels.stage.contains("{n}") {
        labels.stage.replace("{n}", &number.to_string())
    } else {
        format!("{} {number}", labels.stage)
    }
}

/// "2025-03-03 → 2025-03-14", or one date when the range is one day.
pub(crate) fn format_range(range: &DateRange) -> String {
    if range.first == range.last {
        range.first.to_string()
    } else {
        format!("{} → {}", range.first, range.last)
    }
}

/// The planned range, or the "not planned" label.
pub(crate) fn planned_text(range: Option<&DateRange>, labels: &Labels) -> String {
    range.map_or_else(|| labels.not_planned.clone(), format_range)
}

/// The checklist as Markdown. Deterministic: the same checklist gives the same bytes.
pub fn render(checklist: &Checklist) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", inline(&checklist.title));
    if !checklist.subtitle.is_empty() {
        let _ = writeln!(out, "{}\n", inline(&checklist.subtitle));
    }
    for stage in &checklist.stages {
        render_stage(&mut out, stage, &checklist.labels);
    }
    out
}

fn render_stage(out: &mut String, stage: &ChecklistStage, labels: &Labels) {
    let mut heading = vec![
        inline(&stage_label(labels, stage.number)),
        inline(&stage.title),
    ];
    if !stage.duration.is_empty() {
        heading.push(inline(&stage.duration));
    }
    heading.push(format!("{} {}%", inline(&labels.done), stage.percent_done));
    heading.push(inline(&planned_text(stage.planned.as_ref(), labels)));
    let _ = writeln!(out, "## {}\n", heading.join(" · "));
    if !stage.summary.is_empty() {
        let _ = writeln!(out, "{}\n", inline(&stage.summary));
    }

    let practice_header = format!("{} / {}", labels.practice, labels.outcomes);
    let header = [
        labels.status.as_str(),
        labels.task.as_str(),
        labels.resources.as_str(),
        practice_header.as_str(),
        labels.planned.as_str(),
    ];
    let header: Vec<String> = header.iter().map(|h| cell(h)).collect();
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|:-:|---|---|---|---|");
    for row in &stage.rows {
        let cells = [
            status_box(row.status.as_str()).to_owned(),
            task_cell(row, labels),
            row.resources
                .iter()
                .map(link)
                .collect::<Vec<_>>()
                .join("<br>"),
            practice_cell(row, labels),
            cell(&planned_text(row.planned.as_ref(), labels)),
        ];
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

/// **Title** (struck through when skipped), then `id` · hours.
fn task_cell(row: &ChecklistRow, labels: &Labels) -> String {
    let title = format!("**{}**", cell(&row.title));
    let title = if row.status.as_str() == "skipped" {
        format!("~~{title}~~")
    } else {
        title
    };
    format!(
        "{title}<br>{} · {} {}",
        code(&row.id),
        row.hours,
        cell(&labels.hours)
    )
}

/// Each practice task with its own checkbox, then the outcomes as bullets.
fn practice_cell(row: &ChecklistRow, labels: &Labels) -> String {
    let mut lines: Vec<String> = row
        .practice
        .iter()
        .map(|p| {
            format!(
                "{} {} · {} {}",
                status_box(p.status.as_str()),
                cell(&p.kind),
                cell(&p.title),
                code(&p.id)
            )
        })
        .collect();
    if !row.outcomes.is_empty() {
        lines.push(format!("*{}*", cell(&labels.outcomes)));
        lines.extend(row.outcomes.iter().map(|o| format!("• {}", cell(o))));
    }
    lines.join("<br>")
}

/// `[title](url)`, safe inside a table cell.
fn link(link: &Link) -> String {
    let mut url = String::with_capacity(link.url.len());
    for c in link.url.trim().chars() {
        match c {
            '|' => url.push_str("\\|"),
            '(' | ')' | '\\' => {
                url.push('\\');
                url.push(c);
            }
            ' ' => url.push_str("%20"),
            '<' => url.push_str("%3C"),
            '>' => url.push_str("%3E"),
            c if c.is_control() => {}
            c => url.push(c),
        }
    }
    format!("[{}]({url})", cell(&link.title))
}

/// An id as a code span; ids are plain identifiers, but a backtick falls back to escaped text.
fn code(id: &str) -> String {
    if id.contains('`') || id.contains('\n') {
        cell(id)
    } else {
        format!("`{}`", id.replace('|', "\\|"))
    }
}

/// Text inside a table cell: Markdown escaped, newlines as `<br>`.
fn cell(text: &str) -> String {
    inline(text)
        .replace("\r\n", "\n")
        .replace(['\r', '\n'], "<br>")
}

/// Text with Markdown's active characters escaped, so titles print as written
/// (`<b>` stays visible text, `|` does not split a table cell).
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_escapes_pipes_and_html() {
        assert_eq!(inline("a | <b>"), r"a \| \<b\>");
    }

    #[test]
    fn cell_turns_newlines_into_breaks() {
        assert_eq!(cell("a\r\nb\nc"), "a<br>b<br>c");
    }

    #[test]
    fn link_escapes_what_would_break_the_table() {
        let l = Link {
            title: "T".into(),
            url: "https://x.org/a_(b)?q=1|2&r=3".into(),
        };
        assert_eq!(link(&l), r"[T](https://x.org/a_\(b\)?q=1\|2&r=3)");
    }
}
