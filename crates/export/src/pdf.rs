//! The printable checklist as a PDF: A4 portrait, the title on page 1, then one table per
//! stage (each stage starts a page), with one embedded, subset CJK font, no browser.
//!
//! Two passes. `layout` turns the checklist into pages of drawing operations (`Op`), all in
//! points with the origin at the top left: a row that does not fit moves whole to the next
//! page under a repeated table header, and the footer can say "3 / 12" because the page count
//! is known before anything is drawn. `paint` then hands each page to krilla, which subsets
//! the font, embeds it and writes a ToUnicode map (so the text can be searched and copied).
//!
//! Text is "shaped" here, one glyph per character from the font's cmap and advances, rather
//! than by krilla's `draw_text`: the widths used for line wrapping are then exactly the widths
//! drawn. Chinese needs nothing more; Latin loses only kerning.
//!
//! References: ISO 32000-1:2008 (PDF 1.7) §9.10 "Extraction of text content" (ToUnicode),
//! §12.5.6.5 "Link annotations"; W3C "Requirements for Chinese Text Layout" §3.1.7 (line
//! breaking: no closing punctuation at a line start, no opening punctuation at a line end).

use std::ops::Range;
use std::sync::Arc;

use chrono::Datelike;
use krilla::Document;
use krilla::action::LinkAction;
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, LineCap, LineJoin, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use llmpath_plan::{Checklist, ChecklistRow, ChecklistStage, DateRange, Labels};
use llmpath_progress::Status;
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};

use crate::ExportError;
use crate::fonts::{self, FontFile};

// ---- Page geometry and styles (points; A4 is 595 × 842) ----

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 40.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
/// Content stops here; the footer lives below.
const CONTENT_BOTTOM: f32 = PAGE_H - MARGIN - 10.0;
const FOOTER_BASELINE: f32 = PAGE_H - 24.0;
const CELL_PAD: f32 = 4.0;
/// Table columns (status, task, resources, practice, planned); they sum to `CONTENT_W`.
const COLUMNS: [f32; 5] = [32.0, 148.0, 135.0, 125.0, 75.0];
/// Side of the status checkbox in the first column.
const ROW_BOX: f32 = 10.0;

type Rgb = (u8, u8, u8);
const INK: Rgb = (33, 33, 33);
const MUTED: Rgb = (112, 112, 112);
const LINK: Rgb = (25, 85, 170);
const RULE: Rgb = (190, 190, 190);
const HEADER_BG: Rgb = (234, 238, 243);
const BAR_BG: Rgb = (225, 225, 225);
const DONE: Rgb = (46, 125, 50);
const LEARNING: Rgb = (245, 190, 70);

#[derive(Debug, Clone, Copy)]
struct Style {
    size: f32,
    color: Rgb,
    /// Drawn as fill plus a thin stroke: one embedded font serves every weight.
    bold: bool,
}

impl Style {
    const fn new(size: f32, color: Rgb, bold: bool) -> Self {
        Self { size, color, bold }
    }

    fn line_height(self) -> f32 {
        self.size * 1.4
    }

    /// From the top of a line to its baseline: half the leading plus the ascent (CJK fonts
    /// ascend about 0.88 em).
    fn baseline(self) -> f32 {
        self.size * 1.08
    }
}

const TITLE: Style = Style::new(20.0, INK, true);
const SUBTITLE: Style = Style::new(10.0, MUTED, false);
const HEADING: Style = Style::new(14.0, INK, true);
const SUMMARY: Style = Style::new(9.5, INK, false);
const TH: Style = Style::new(8.0, INK, true);
const TH_NARROW: Style = Style::new(7.0, INK, true);
const TD: Style = Style::new(8.5, INK, false);
const TD_LINK: Style = Style::new(8.5, LINK, false);
const SMALL: Style = Style::new(7.5, INK, false);
const NOTE: Style = Style::new(7.0, MUTED, false);
const NOTE_BOLD: Style = Style::new(7.0, MUTED, true);
const FOOTER: Style = Style::new(8.0, MUTED, false);

// ---- Font metrics ----

/// Glyph lookup and advances of the one font everything is drawn with.
struct Metrics<'a> {
    charmap: Charmap<'a>,
    advances: GlyphMetrics<'a>,
    units_per_em: f32,
}

impl<'a> Metrics<'a> {
    fn new(face: &FontRef<'a>) -> Self {
        let units_per_em = face
            .metrics(Size::unscaled(), LocationRef::default())
            .units_per_em;
        Self {
            charmap: face.charmap(),
            advances: face.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em: f32::from(units_per_em),
        }
    }

    /// Glyph id (0, the font's "missing" box, when it lacks the character) and advance in em.
    fn glyph(&self, c: char) -> (u32, f32) {
        let id = self.charmap.map(c).unwrap_or_default();
        let advance = self.advances.advance_width(id).unwrap_or(0.0);
        (id.to_u32(), advance / self.units_per_em)
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).1).sum::<f32>() * size
    }
}

// ---- Line breaking ----

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Space,
    Cjk,
    Word,
}

/// Han, kana, Hangul, CJK punctuation and full-width forms: a line may break on either side.
fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Closing punctuation that must not begin a line: it sticks to what precedes it.
const NO_LINE_START: &str = "，。、．：；！？）」』】》〉〕｝’”…%,.;:!?)]}";
/// Opening punctuation that must not end a line: it sticks to what follows it.
const NO_LINE_END: &str = "（「『【《〈〔｛‘“([{";

/// Splits text into atoms a line may break between: one CJK character, a Latin word (a URL
/// is one word), or a run of spaces, with punctuation glued on as the two lists above say.
fn atoms(text: &str) -> Vec<(&str, Kind)> {
    let mut spans: Vec<(Range<usize>, Kind)> = Vec::new();
    let mut glue_next = false;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let kind = match c {
            _ if c.is_whitespace() => Kind::Space,
            _ if is_cjk(c) => Kind::Cjk,
            _ => Kind::Word,
        };
        match spans.last_mut() {
            Some((span, last)) if *last == Kind::Space && kind == Kind::Space => span.end = end,
            Some((span, last))
                if *last != Kind::Space
                    && kind != Kind::Space
                    && (glue_next
                        || NO_LINE_START.contains(c)
                        || (*last == Kind::Word && kind == Kind::Word)) =>
            {
                span.end = end;
                // The last character decides whether the next one may join.
                *last = kind;
            }
            _ => spans.push((i..end, kind)),
        }
        glue_next = kind != Kind::Space && NO_LINE_END.contains(c);
    }
    spans
        .into_iter()
        .map(|(span, kind)| (&text[span], kind))
        .collect()
}

/// Where to cut an atom wider than a line (a long URL): after the last `/`, `-`, `.`, `?`,
/// `&`, `=`, `_` or `#` that fits, if that keeps at least half the line, else at the last
/// character that fits (at least one, so this always advances).
fn cut_point(measure: &impl Fn(&str) -> f32, atom: &str, max: f32) -> usize {
    let mut fit = 0;
    for (i, c) in atom.char_indices() {
        let end = i + c.len_utf8();
        if fit > 0 && measure(&atom[..end]) > max {
            break;
        }
        fit = end;
    }
    let soft = atom[..fit]
        .char_indices()
        .filter(|(_, c)| "/-.?&=_#".contains(*c))
        .map(|(i, c)| i + c.len_utf8())
        .next_back();
    match soft {
        Some(cut) if cut < fit && measure(&atom[..cut]) >= max / 2.0 => cut,
        _ => fit,
    }
}

/// Breaks `text` into lines no wider than `max`: greedy, between atoms; `\n` starts a new
/// line; an atom wider than a whole line is cut by [`cut_point`]. Empty text gives no lines.
fn wrap(measure: &impl Fn(&str) -> f32, text: &str, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for (atom, kind) in atoms(paragraph) {
            if kind == Kind::Space {
                if !line.is_empty() {
                    line.push(' ');
                }
                continue;
            }
            if measure(&format!("{line}{atom}")) <= max {
                line.push_str(atom);
                continue;
            }
            if !line.trim().is_empty() {
                lines.push(line.trim_end().to_owned());
            }
            line.clear();
            let mut rest = atom;
            while measure(rest) > max {
                let cut = cut_point(measure, rest, max);
                lines.push(rest[..cut].to_owned());
                rest = &rest[cut..];
            }
            line.push_str(rest);
        }
        if !line.trim().is_empty() {
            lines.push(line.trim_end().to_owned());
        }
    }
    lines
}

/// `text` shortened with "…" to fit in `max`.
fn truncate(m: &Metrics, text: &str, style: Style, max: f32) -> String {
    if m.width(text, style.size) <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if m.width(&format!("{out}{c}…"), style.size) > max {
            break;
        }
        out.push(c);
    }
    out + "…"
}

// ---- Drawing operations ----

/// One thing to draw, in points from the top left of the page (or of a block, before it is
/// placed). Links are not drawn: they become annotations over the text they cover.
#[derive(Debug, Clone)]
enum Op {
    Text {
        x: f32,
        baseline: f32,
        text: String,
        style: Style,
    },
    Shape {
        points: Vec<(f32, f32)>,
        closed: bool,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    },
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        url: String,
    },
}

impl Op {
    fn shifted(self, dx: f32, dy: f32) -> Op {
        match self {
            Op::Text {
                x,
                baseline,
                text,
                style,
            } => Op::Text {
                x: x + dx,
                baseline: baseline + dy,
                text,
                style,
            },
            Op::Shape {
                points,
                closed,
                fill,
                stroke,
            } => Op::Shape {
                points: points.into_iter().map(|(x, y)| (x + dx, y + dy)).collect(),
                closed,
                fill,
                stroke,
            },
            Op::Link { x, y, w, h, url } => Op::Link {
                x: x + dx,
                y: y + dy,
                w,
                h,
                url,
            },
        }
    }
}

fn rect(x: f32, y: f32, w: f32, h: f32, fill: Option<Rgb>, stroke: Option<(Rgb, f32)>) -> Op {
    Op::Shape {
        points: vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h)],
        closed: true,
        fill,
        stroke,
    }
}

fn line(from: (f32, f32), to: (f32, f32), color: Rgb, width: f32) -> Op {
    Op::Shape {
        points: vec![from, to],
        closed: false,
        fill: None,
        stroke: Some((color, width)),
    }
}

/// A box of side `s` at (x, y) showing a status: done ticked, learning half filled, skipped
/// struck through with a dash, pending empty.
fn checkbox(x: f32, y: f32, s: f32, status: Status) -> Vec<Op> {
    let mut ops = Vec::new();
    if status == Status::Learning {
        ops.push(rect(x, y + s / 2.0, s, s / 2.0, Some(LEARNING), None));
    }
    ops.push(rect(x, y, s, s, None, Some((INK, 0.7))));
    match status {
        Status::Done => ops.push(Op::Shape {
            points: vec![
                (x + 0.2 * s, y + 0.5 * s),
                (x + 0.42 * s, y + 0.75 * s),
                (x + 0.82 * s, y + 0.22 * s),
            ],
            closed: false,
            fill: None,
            stroke: Some((DONE, 0.15 * s)),
        }),
        Status::Skipped => ops.push(line(
            (x + 0.22 * s, y + 0.5 * s),
            (x + 0.78 * s, y + 0.5 * s),
            MUTED,
            0.12 * s,
        )),
        Status::Pending | Status::Learning => {}
    }
    ops
}

// ---- Blocks: laid out at the origin, placed later ----

/// Operations laid out from (0, 0), and how tall they are.
#[derive(Debug, Clone, Default)]
struct Block {
    ops: Vec<Op>,
    height: f32,
}

impl Block {
    /// `next` stacked under this block, `gap` points apart.
    fn then(mut self, gap: f32, next: Block) -> Block {
        let dy = self.height + gap;
        self.ops
            .extend(next.ops.into_iter().map(|op| op.shifted(0.0, dy)));
        self.height = dy + next.height;
        self
    }
}

#[derive(Debug, Clone, Copy)]
enum Mark {
    Box(Status),
    Bullet,
}

/// A paragraph of one style, optionally behind a checkbox or bullet, optionally a link.
#[derive(Debug, Clone)]
struct Para {
    text: String,
    style: Style,
    mark: Option<Mark>,
    link: Option<String>,
    space_before: f32,
}

impl Para {
    fn new(text: impl Into<String>, style: Style) -> Self {
        Self {
            text: text.into(),
            style,
            mark: None,
            link: None,
            space_before: 0.0,
        }
    }

    fn mark(self, mark: Mark) -> Self {
        Self {
            mark: Some(mark),
            ..self
        }
    }

    fn link(self, url: &str) -> Self {
        Self {
            link: (!url.is_empty()).then(|| url.to_owned()),
            ..self
        }
    }

    fn space_before(self, space_before: f32) -> Self {
        Self {
            space_before,
            ..self
        }
    }
}

/// Paragraphs wrapped into `width` and stacked; empty paragraphs take no room.
fn layout_paras(m: &Metrics, paras: &[Para], width: f32) -> Block {
    let mut ops = Vec::new();
    let mut y = 0.0;
    for p in paras {
        let size = p.style.size;
        // Marked paragraphs hang: wrapped lines stay right of the mark.
        let indent = if p.mark.is_some() { size * 1.3 } else { 0.0 };
        let lines = wrap(&|s: &str| m.width(s, size), &p.text, width - indent);
        if lines.is_empty() {
            continue;
        }
        if !ops.is_empty() {
            y += p.space_before;
        }
        match p.mark {
            Some(Mark::Box(status)) => {
                let s = size * 0.85;
                // Centre the box on the CJK glyphs' middle, about 0.38 em above the baseline.
                let top = y + p.style.baseline() - 0.38 * size - s / 2.0;
                ops.extend(checkbox(0.0, top, s, status));
            }
            Some(Mark::Bullet) => ops.push(Op::Text {
                x: size * 0.2,
                baseline: y + p.style.baseline(),
                text: "•".into(),
                style: Style {
                    color: MUTED,
                    ..p.style
                },
            }),
            None => {}
        }
        let lh = p.style.line_height();
        for text in lines {
            if let Some(url) = &p.link {
                let w = m.width(&text, size);
                ops.push(Op::Link {
                    x: indent,
                    y,
                    w,
                    h: lh,
                    url: url.clone(),
                });
            }
            ops.push(Op::Text {
                x: indent,
                baseline: y + p.style.baseline(),
                text,
                style: p.style,
            });
            y += lh;
        }
    }
    Block { ops, height: y }
}

// ---- The table ----

fn column_x(i: usize) -> f32 {
    COLUMNS[..i].iter().sum()
}

fn cell_width(i: usize) -> f32 {
    COLUMNS[i] - 2.0 * CELL_PAD
}

/// Cells side by side, padded, on an optional background, with a light grid.
fn table_row(cells: Vec<Block>, background: Option<Rgb>) -> Block {
    let height = cells.iter().map(|c| c.height).fold(0.0, f32::max) + 2.0 * CELL_PAD;
    let mut ops = Vec::new();
    if let Some(bg) = background {
        ops.push(rect(0.0, 0.0, CONTENT_W, height, Some(bg), None));
    }
    for (i, cell) in cells.into_iter().enumerate() {
        let dx = column_x(i) + CELL_PAD;
        ops.extend(cell.ops.into_iter().map(|op| op.shifted(dx, CELL_PAD)));
    }
    ops.push(rect(0.0, 0.0, CONTENT_W, height, None, Some((RULE, 0.5))));
    for i in 1..COLUMNS.len() {
        ops.push(line((column_x(i), 0.0), (column_x(i), height), RULE, 0.5));
    }
    Block { ops, height }
}

fn header_row(m: &Metrics, labels: &Labels) -> Block {
    let titles = [
        (&labels.status, TH_NARROW),
        (&labels.task, TH),
        (&labels.resources, TH),
        (&labels.practice, TH),
        (&labels.planned, TH),
    ];
    let cells = titles
        .iter()
        .enumerate()
        .map(|(i, (title, style))| layout_paras(m, &[Para::new(*title, *style)], cell_width(i)))
        .collect();
    table_row(cells, Some(HEADER_BG))
}

fn date_range(range: Option<DateRange>, labels: &Labels) -> String {
    match range {
        Some(r) if r.first == r.last => r.first.to_string(),
        Some(r) => format!("{} – {}", r.first, r.last),
        None => labels.not_planned.clone(),
    }
}

/// A URL as printed under its title: without the scheme and "www.", for typing from paper.
fn display_url(url: &str) -> &str {
    let url = url.split_once("://").map_or(url, |(_, rest)| rest);
    let url = url.strip_prefix("www.").unwrap_or(url);
    url.strip_suffix('/').unwrap_or(url)
}

fn row_block(m: &Metrics, checklist: &Checklist, row: &ChecklistRow) -> Block {
    let labels = &checklist.labels;
    let status = Block {
        ops: checkbox((cell_width(0) - ROW_BOX) / 2.0, 1.0, ROW_BOX, row.status),
        height: ROW_BOX + 2.0,
    };
    let task = [
        Para::new(&row.title, TD),
        Para::new(format!("{} · {} {}", row.id, row.hours, labels.hours), NOTE).space_before(2.0),
    ];
    let resources: Vec<Para> = row
        .resources
        .iter()
        .flat_map(|link| {
            let title = if link.title.is_empty() {
                &link.url
            } else {
                &link.title
            };
            [
                Para::new(title, TD_LINK).link(&link.url).space_before(4.0),
                Para::new(display_url(&link.url), NOTE)
                    .link(&link.url)
                    .space_before(1.0),
            ]
        })
        .collect();
    let colon = if checklist.lang == "zh" { "：" } else { ": " };
    let mut practice: Vec<Para> = row
        .practice
        .iter()
        .map(|item| {
            let text = format!("{}{colon}{}", item.kind, item.title);
            Para::new(text, TD)
                .mark(Mark::Box(item.status))
                .space_before(3.0)
        })
        .collect();
    if !row.outcomes.is_empty() {
        practice.push(Para::new(&labels.outcomes, NOTE_BOLD).space_before(5.0));
        practice.extend(
            row.outcomes
                .iter()
                .map(|o| Para::new(o, SMALL).mark(Mark::Bullet).space_before(1.0)),
        );
    }
    let planned_style = if row.planned.is_some() { TD } else { NOTE };
    let planned = [Para::new(date_range(row.planned, labels), planned_style)];
    let cells = vec![
        status,
        layout_paras(m, &task, cell_width(1)),
        layout_paras(m, &resources, cell_width(2)),
        layout_paras(m, &practice, cell_width(3)),
        layout_paras(m, &planned, cell_width(4)),
    ];
    table_row(cells, None)
}

// ---- Headings ----

fn title_block(m: &Metrics, checklist: &Checklist) -> Block {
    let paras = [
        Para::new(&checklist.title, TITLE),
        Para::new(&checklist.subtitle, SUBTITLE).space_before(4.0),
    ];
    let rule = Block {
        ops: vec![line((0.0, 0.0), (CONTENT_W, 0.0), RULE, 0.8)],
        height: 0.0,
    };
    layout_paras(m, &paras, CONTENT_W).then(8.0, rule)
}

/// "Stage 2  Title": `labels.stage` is either a word ("Stage") or a pattern ("第 {n} 阶段").
fn stage_name(labels: &Labels, stage: &ChecklistStage) -> String {
    let n = stage.number.to_string();
    let prefix = if labels.stage.contains("{n}") {
        labels.stage.replace("{n}", &n)
    } else {
        format!("{} {n}", labels.stage)
    };
    format!("{prefix}  {}", stage.title)
}

fn progress_bar(percent: u32) -> Block {
    let done = CONTENT_W * percent.min(100) as f32 / 100.0;
    let mut ops = vec![rect(0.0, 0.0, CONTENT_W, 3.0, Some(BAR_BG), None)];
    if percent > 0 {
        ops.push(rect(0.0, 0.0, done, 3.0, Some(DONE), None));
    }
    Block { ops, height: 3.0 }
}

/// "Stage N  title (duration) — x% done", the planned dates, a progress bar and the summary.
fn stage_heading(m: &Metrics, checklist: &Checklist, stage: &ChecklistStage) -> Block {
    let labels = &checklist.labels;
    let (open, close) = if checklist.lang == "zh" {
        ("（", "）")
    } else {
        (" (", ")")
    };
    let heading = format!(
        "{}{open}{}{close} — {}% {}",
        stage_name(labels, stage),
        stage.duration,
        stage.percent_done,
        labels.done
    );
    let mut paras = vec![Para::new(heading, HEADING)];
    if let Some(range) = stage.planned {
        let colon = if checklist.lang == "zh" { "：" } else { ": " };
        let dates = format!(
            "{}{colon}{}",
            labels.planned,
            date_range(Some(range), labels)
        );
        paras.push(Para::new(dates, SUBTITLE).space_before(2.0));
    }
    layout_paras(m, &paras, CONTENT_W)
        .then(5.0, progress_bar(stage.percent_done))
        .then(
            8.0,
            layout_paras(m, &[Para::new(&stage.summary, SUMMARY)], CONTENT_W),
        )
}

// ---- Pagination ----

/// Pages of operations, filled top to bottom.
struct Pages {
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Pages {
    fn new() -> Self {
        Self {
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }

    fn break_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    fn room(&self) -> f32 {
        CONTENT_BOTTOM - self.y
    }

    fn page_is_empty(&self) -> bool {
        self.pages.last().is_none_or(Vec::is_empty)
    }

    /// Puts `block` at the current position. A block taller than a whole page still goes
    /// on its own page and runs into the footer; rows that tall do not occur in practice.
    fn place(&mut self, block: Block, gap_after: f32) {
        let y = self.y;
        if let Some(page) = self.pages.last_mut() {
            page.extend(block.ops.into_iter().map(|op| op.shifted(MARGIN, y)));
        }
        self.y += block.height + gap_after;
    }
}

/// The stage's heading, then its table; a row that does not fit starts a new page, under
/// a small reminder of the stage and the repeated table header.
fn layout_stage(m: &Metrics, checklist: &Checklist, stage: &ChecklistStage, pages: &mut Pages) {
    let heading = stage_heading(m, checklist, stage);
    if stage.rows.is_empty() {
        pages.place(heading, 0.0);
        return;
    }
    let header = header_row(m, &checklist.labels);
    let rows: Vec<Block> = stage
        .rows
        .iter()
        .map(|row| row_block(m, checklist, row))
        .collect();
    // Keep the heading with the table header and the first row.
    let first_row = rows.first().map_or(0.0, |r| r.height);
    if !pages.page_is_empty() && heading.height + 12.0 + header.height + first_row > pages.room() {
        pages.break_page();
    }
    pages.place(heading, 12.0);
    pages.place(header.clone(), 0.0);
    let reminder = layout_paras(
        m,
        &[Para::new(stage_name(&checklist.labels, stage), NOTE_BOLD)],
        CONTENT_W,
    );
    for row in rows {
        if row.height > pages.room() {
            pages.break_page();
            pages.place(reminder.clone(), 4.0);
            pages.place(header.clone(), 0.0);
        }
        pages.place(row, 0.0);
    }
}

/// The checklist's title (shortened) on the left, "3 / 12" in the middle.
fn footer(m: &Metrics, checklist: &Checklist, page: usize, total: usize) -> Vec<Op> {
    let number = format!("{page} / {total}");
    let number_x = (PAGE_W - m.width(&number, FOOTER.size)) / 2.0;
    let title = truncate(m, &checklist.title, FOOTER, number_x - MARGIN - 20.0);
    vec![
        Op::Text {
            x: MARGIN,
            baseline: FOOTER_BASELINE,
            text: title,
            style: FOOTER,
        },
        Op::Text {
            x: number_x,
            baseline: FOOTER_BASELINE,
            text: number,
            style: FOOTER,
        },
    ]
}

/// The whole checklist as pages of operations: title, then each stage from a new page.
fn layout(m: &Metrics, checklist: &Checklist) -> Vec<Vec<Op>> {
    let mut pages = Pages::new();
    pages.place(title_block(m, checklist), 18.0);
    for (i, stage) in checklist.stages.iter().enumerate() {
        if i > 0 {
            pages.break_page();
        }
        layout_stage(m, checklist, stage, &mut pages);
    }
    let total = pages.pages.len();
    for (i, page) in pages.pages.iter_mut().enumerate() {
        page.extend(footer(m, checklist, i + 1, total));
    }
    pages.pages
}

// ---- Painting with krilla ----

fn fill(color: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn stroke(color: Rgb, width: f32) -> Stroke {
    Stroke {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        width,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        ..Default::default()
    }
}

/// One glyph per character with the advances [`Metrics::width`] measured, each pointing at
/// its character so krilla's ToUnicode map makes the text searchable and copyable.
fn shape(m: &Metrics, text: &str) -> Vec<KrillaGlyph> {
    text.char_indices()
        .map(|(i, c)| {
            let (id, advance) = m.glyph(c);
            KrillaGlyph::new(
                GlyphId::new(id),
                advance,
                0.0,
                0.0,
                0.0,
                i..i + c.len_utf8(),
                None,
            )
        })
        .collect()
}

fn draw(surface: &mut Surface, font: &Font, m: &Metrics, op: &Op) {
    match op {
        Op::Text {
            x,
            baseline,
            text,
            style,
        } => {
            let glyphs = shape(m, text);
            surface.set_fill(Some(fill(style.color)));
            surface.set_stroke(style.bold.then(|| stroke(style.color, style.size * 0.035)));
            let start = Point::from_xy(*x, *baseline);
            surface.draw_glyphs(start, &glyphs, font.clone(), text, style.size, false);
        }
        Op::Shape {
            points,
            closed,
            fill: inside,
            stroke: outline,
        } => {
            let mut builder = PathBuilder::new();
            for (i, &(x, y)) in points.iter().enumerate() {
                if i == 0 {
                    builder.move_to(x, y);
                } else {
                    builder.line_to(x, y);
                }
            }
            if *closed {
                builder.close();
            }
            let Some(path) = builder.finish() else {
                return;
            };
            surface.set_fill(inside.map(fill));
            surface.set_stroke(outline.map(|(color, width)| stroke(color, width)));
            surface.draw_path(&path);
        }
        Op::Link { .. } => {}
    }
}

fn link_annotation(op: Op) -> Option<Annotation> {
    let Op::Link { x, y, w, h, url } = op else {
        return None;
    };
    let rect = Rect::from_xywh(x, y, w, h)?;
    let target = Target::Action(LinkAction::new(url.clone()).into());
    Some(Annotation::new_link(
        LinkAnnotation::new(rect, target),
        Some(url),
    ))
}

fn paint(
    document: &mut Document,
    font: &Font,
    m: &Metrics,
    pages: Vec<Vec<Op>>,
) -> Result<(), ExportError> {
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
        .ok_or_else(|| ExportError::Pdf("invalid page size".into()))?;
    for ops in pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in &ops {
            draw(&mut surface, font, m, op);
        }
        surface.finish();
        // Annotations belong to the page, which the surface borrowed until now.
        for annotation in ops.into_iter().filter_map(link_annotation) {
            page.add_annotation(annotation);
        }
        page.finish();
    }
    Ok(())
}

// ---- Entry points ----

/// Every string the PDF shows, to check the font covers them.
fn all_text(checklist: &Checklist) -> Vec<&str> {
    let l = &checklist.labels;
    let mut texts = vec![
        checklist.title.as_str(),
        &checklist.subtitle,
        &l.task,
        &l.resources,
        &l.practice,
        &l.outcomes,
        &l.planned,
        &l.hours,
        &l.status,
        &l.done,
        &l.not_planned,
        &l.stage,
    ];
    for stage in &checklist.stages {
        texts.extend([stage.title.as_str(), &stage.duration, &stage.summary]);
        for row in &stage.rows {
            texts.extend([row.id.as_str(), &row.title]);
            texts.extend(row.resources.iter().map(|r| r.title.as_str()));
            texts.extend(
                row.practice
                    .iter()
                    .flat_map(|p| [p.title.as_str(), &p.kind]),
            );
            texts.extend(row.outcomes.iter().map(String::as_str));
        }
    }
    texts
}

/// Chinese or ASCII characters the font cannot draw (at most ten), as "学 习": a font for
/// another script would print boxes. Rarer symbols (emoji) are let through as boxes.
fn missing_glyphs(m: &Metrics, checklist: &Checklist) -> Option<String> {
    let mut missing: Vec<char> = all_text(checklist)
        .iter()
        .flat_map(|text| text.chars())
        .filter(|&c| (is_cjk(c) || c.is_ascii_graphic()) && m.charmap.map(c).is_none())
        .collect();
    missing.sort_unstable();
    missing.dedup();
    (!missing.is_empty()).then(|| {
        missing
            .iter()
            .take(10)
            .map(char::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    })
}

fn creation_date(checklist: &Checklist) -> DateTime {
    let day = checklist.generated_on;
    // Month and day always fit in u8; a year past 65535 is clamped rather than failing.
    let year = u16::try_from(day.year()).unwrap_or(u16::MAX);
    DateTime::new(year)
        .month(u8::try_from(day.month()).unwrap_or(1))
        .day(u8::try_from(day.day()).unwrap_or(1))
}

/// The checklist as a PDF drawn with `font` (subset and embedded).
///
/// Fails with [`ExportError::BadFont`] when the file cannot be read, is not a font, has no
/// face `font.index`, or lacks glyphs for the checklist's Chinese or Latin text.
pub fn render(checklist: &Checklist, font: &FontFile) -> Result<Vec<u8>, ExportError> {
    let bad = |reason: String| ExportError::BadFont {
        path: font.path.display().to_string(),
        reason,
    };
    let data = Arc::new(std::fs::read(&font.path).map_err(|e| bad(e.to_string()))?);
    let face = FontRef::from_index(&data, font.index).map_err(|e| {
        bad(format!(
            "not a TrueType/OpenType font or collection with a face #{} ({e})",
            font.index
        ))
    })?;
    let m = Metrics::new(&face);
    if let Some(missing) = missing_glyphs(&m, checklist) {
        return Err(bad(format!(
            "it has no glyphs for {missing}; use a font that covers Chinese, e.g. Noto Sans CJK"
        )));
    }
    let pdf_font = Font::new(data.clone().into(), font.index)
        .ok_or_else(|| bad("the PDF writer cannot read it".into()))?;

    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(checklist.title.clone())
            .description(checklist.subtitle.clone())
            .language(checklist.lang.clone())
            .creator("llmpath".into())
            .creation_date(creation_date(checklist)),
    );
    paint(&mut document, &pdf_font, &m, layout(&m, checklist))?;
    document
        .finish()
        .map_err(|e| ExportError::Pdf(e.to_string()))
}

/// [`render`] with the font [`fonts::find_cjk_font`] picks, or [`ExportError::NoCjkFont`].
pub fn render_with_system_font(checklist: &Checklist) -> Result<Vec<u8>, ExportError> {
    let font = fonts::find_cjk_font().ok_or_else(|| ExportError::NoCjkFont {
        searched: fonts::searched_folders(),
    })?;
    render(checklist, &font)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character one unit wide, CJK two: enough to test breaking without a font.
    fn measure(text: &str) -> f32 {
        text.chars()
            .map(|c| if is_cjk(c) { 2.0 } else { 1.0 })
            .sum()
    }

    #[test]
    fn latin_breaks_at_spaces() {
        assert_eq!(
            wrap(&measure, "the quick brown fox", 10.0),
            ["the quick", "brown fox"]
        );
    }

    #[test]
    fn chinese_breaks_between_any_two_characters() {
        assert_eq!(
            wrap(&measure, "矩阵分解与特征值", 6.0),
            ["矩阵分", "解与特", "征值"]
        );
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // "）" and "。" stay with the characters before them.
        let lines = wrap(&measure, "矩阵分解（SVD）。然后", 12.0);
        assert_eq!(lines, ["矩阵分解", "（SVD）。然", "后"]);
        assert!(lines.iter().all(|l| !l.starts_with(['）', '。'])));
    }

    #[test]
    fn long_urls_are_cut_after_a_slash_when_possible() {
        let lines = wrap(&measure, "see https://example.com/a/very/long/path", 16.0);
        assert_eq!(
            lines,
            ["see", "https://example.", "com/a/very/long/", "path"]
        );
    }

    #[test]
    fn words_without_break_points_are_cut_where_they_fit() {
        assert_eq!(wrap(&measure, "abcdefghij", 4.0), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn empty_text_takes_no_lines_and_newlines_start_new_ones() {
        assert!(wrap(&measure, "", 10.0).is_empty());
        assert_eq!(wrap(&measure, "a\nb", 10.0), ["a", "b"]);
    }

    #[test]
    fn urls_print_without_scheme_or_www() {
        assert_eq!(
            display_url("https://www.deeplearningbook.org/"),
            "deeplearningbook.org"
        );
        assert_eq!(
            display_url("http://cs231n.github.io/x"),
            "cs231n.github.io/x"
        );
    }
}
