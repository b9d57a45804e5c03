//! The checklist as one standalone HTML5 page, made to be read on screen and printed on A4.
//!
//! Nothing is fetched: the style sheet is inline and the fonts are the reader's own (a stack
//! that reaches a CJK font on Linux, macOS and Windows). In print every stage after the first
//! starts a new page, table headers repeat on each page, rows are not split, and resource links
//! show their address after the text so paper keeps them.
//!
//! Checkboxes are glyphs, as in the Markdown: ☑ done, ◐ learning, – skipped (title struck
//! through), ☐ pending.
//!
//! References: CSS Fragmentation Level 3 (`break-before`, `break-inside`),
//! CSS Paged Media Level 3 (`@page`), WAI tables tutorial (`scope="col"`).

use std::fmt::Write;

use llmpath_plan::{Checklist, ChecklistRow, ChecklistStage, Labels, Link};

use crate::markdown::{planned_text, stage_label, status_box};

const STYLE: &str = r#"
:root { --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --head: #eaeef2; --zebra: #f6f8fa; --link: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.5;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", sans-serif; }
main { max-width: 72rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
.subtitle { color: var(--muted); margin: 0 0 1.5rem; }
.stage { margin-top: 2.5rem; }
h2 { font-size: 1.35rem; margin: 0 0 .25rem; }
.meta { color: var(--muted); margin: 0 0 .5rem; }
.summary { margin: 0 0 .75rem; white-space: pre-line; }
table { width: 100%; border-collapse: collapse; font-size: .92rem; }
th, td { border: 1px solid var(--line); padding: .4rem .55rem; text-align: left; vertical-align: top; }
thead th { position: sticky; top: 0; background: var(--head); }
tbody tr:nth-child(even) { background: var(--zebra); }
.box { width: 2.4em; text-align: center; font-size: 1.2em; line-height: 1.2; }
.task-title { font-weight: 600; }
.skipped .task-title, li.skipped .title { text-decoration: line-through; color: var(--muted); }
.task-meta { color: var(--muted); font-size: .9em; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono CJK SC", monospace; font-size: .85em; }
ul { margin: 0; padding: 0; list-style: none; }
li + li { margin-top: .15rem; }
.outcomes-label { margin: .4rem 0 0; font-style: italic; color: var(--muted); }
.outcomes li::before { content: "• "; }
.planned { white-space: nowrap; }
a { color: var(--link); overflow-wrap: anywhere; }
@page { size: A4; margin: 14mm; }
@media print {
  body { font-size: 9.5pt; }
  main { max-width: none; padding: 0; }
  .stage { margin-top: 0; }
  .stage + .stage { break-before: page; page-break-before: always; }
  h2, .meta, .summary { break-after: avoid; }
  thead { display: table-header-group; }
  thead th { position: static; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th, tbody tr:nth-child(even) { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  .resources a[href]::after { content: " (" attr(href) ")"; color: var(--muted); font-size: .85em; word-break: break-all; }
}
"#;

/// The checklist as one HTML file. Deterministic: the same checklist gives the same bytes.
pub fn render(checklist: &Checklist) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "<!DOCTYPE html>");
    let _ = writeln!(out, "<html lang=\"{}\">", escape(&checklist.lang));
    let _ = writeln!(out, "<head>");
    let _ = writeln!(out, "<meta charset=\"utf-8\">");
    let _ = writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&checklist.title));
    let _ = writeln!(out, "<style>{STYLE}</style>");
    let _ = writeln!(out, "</head>");
    let _ = writeln!(out, "<body>");
    let _ = writeln!(out, "<main>");
    let _ = writeln!(out, "<header>");
    let _ = writeln!(out, "<h1>{}</h1>", escape(&checklist.title));
    if !checklist.subtitle.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"subtitle\">{}</p>",
            escape(&checklist.subtitle)
        );
    }
    let _ = writeln!(out, "</header>");
    for stage in &checklist.stages {
        render_stage(&mut out, stage, &checklist.labels);
    }
    let _ = writeln!(out, "</main>");
    let _ = writeln!(out, "</body>");
    let _ = writeln!(out, "</html>");
    out
}

fn render_stage(out: &mut String, stage: &ChecklistStage, labels: &Labels) {
    let stage_name = format!("{} · {}", stage_label(labels, stage.number), stage.title);
    let _ = writeln!(out, "<section class=\"stage\">");
    let _ = writeln!(out, "<h2>{}</h2>", escape(&stage_name));
    let mut meta = Vec::new();
    if !stage.duration.is_empty() {
        meta.push(stage.duration.clone());
    }
    meta.push(format!("{} {}%", labels.done, stage.percent_done));
    meta.push(planned_text(stage.planned.as_ref(), labels));
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", escape(&meta.join(" · ")));
    if !stage.summary.is_empty() {
        let _ = writeln!(out, "<p class=\"summary\">{}</p>", escape(&stage.summary));
    }

    let _ = writeln!(out, "<table aria-label=\"{}\">", escape(&stage_name));
    let _ = writeln!(out, "<thead>");
    let _ = writeln!(out, "<tr>");
    let _ = writeln!(
        out,
        "<th scope=\"col\" class=\"box\">{}</th>",
        escape(&labels.status)
    );
    for heading in [
        labels.task.clone(),
        labels.resources.clone(),
        format!("{} / {}", labels.practice, labels.outcomes),
        labels.planned.clone(),
    ] {
        let _ = writeln!(out, "<th scope=\"col\">{}</th>", escape(&heading));
    }
    let _ = writeln!(out, "</tr>");
    let _ = writeln!(out, "</thead>");
    let _ = writeln!(out, "<tbody>");
    for row in &stage.rows {
        render_row(out, row, labels);
    }
    let _ = writeln!(out, "</tbody>");
    let _ = writeln!(out, "</table>");
    let _ = writeln!(out, "</section>");
}

fn render_row(out: &mut String, row: &ChecklistRow, labels: &Labels) {
    let status = row.status.as_str();
    let _ = writeln!(out, "<tr class=\"{status}\">");
    let _ = writeln!(out, "<td class=\"box\">{}</td>", status_box(status));
    let _ = writeln!(
        out,
        "<td><span class=\"task-title\">{}</span><br><span class=\"task-meta\"><code>{}</code> · {} {}</span></td>",
        escape(&row.title),
        escape(&row.id),
        row.hours,
        escape(&labels.hours)
    );

    let _ = write!(out, "<td>");
    if !row.resources.is_empty() {
        let _ = write!(out, "<ul class=\"resources\">");
        for resource in &row.resources {
            let _ = write!(out, "<li>{}</li>", link(resource));
        }
        let _ = write!(out, "</ul>");
    }
    let _ = writeln!(out, "</td>");

    let _ = write!(out, "<td>");
    if !row.practice.is_empty() {
        let _ = write!(out, "<ul class=\"practice\">");
        for item in &row.practice {
            let status = item.status.as_str();
            let _ = write!(
                out,
                "<li class=\"{status}\">{} {} · <span class=\"title\">{}</span> <code>{}</code></li>",
                status_box(status),
                escape(&item.kind),
                escape(&item.title),
                escape(&item.id)
            );
        }
        let _ = write!(out, "</ul>");
    }
    if !row.outcomes.is_empty() {
        let _ = write!(
            out,
            "<p class=\"outcomes-label\">{}</p><ul class=\"outcomes\">",
            escape(&labels.outcomes)
        );
        for outcome in &row.outcomes {
            let _ = write!(out, "<li>{}</li>", escape(outcome));
        }
        let _ = write!(out, "</ul>");
    }
    let _ = writeln!(out, "</td>");

    let _ = writeln!(
        out,
        "<td class=\"planned\">{}</td>",
        escape(&planned_text(row.planned.as_ref(), labels))
    );
    let _ = writeln!(out, "</tr>");
}

/// A resource link; an address with a script scheme is shown as text, never made clickable.
fn link(link: &Link) -> String {
    let url = link.url.trim();
    let scheme = url
        .split_once(':')
        .map(|(scheme, _)| scheme.to_ascii_lowercase());
    if matches!(scheme.as_deref(), Some("javascript" | "vbscript" | "data")) {
        return format!("{} ({})", escape(&link.title), escape(url));
    }
    format!("<a href=\"{}\">{}</a>", escape(url), escape(&link.title))
}

/// Escapes text for HTML content and attribute values: `& < > " '`.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_the_five_html_specials() {
        assert_eq!(
            escape(r#"<b>"A&B's"</b>"#),
            "&lt;b&gt;&quot;A&amp;B&#39;s&quot;&lt;/b&gt;"
        );
    }

    #[test]
    fn script_links_are_not_clickable() {
        let l = Link {
            title: "x".into(),
            url: " JavaScript:alert(1)".into(),
        };
        assert!(!link(&l).contains("href"));
    }
}
