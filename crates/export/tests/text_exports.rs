//! The Markdown, HTML and CSV checklists, on a hand-built two-stage checklist in Chinese and
//! in English: snapshots for a human to review, and checks that do not depend on them.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use llmpath_export::{csv, html, markdown};
use llmpath_plan::{
    Checklist, ChecklistRow, ChecklistStage, DateRange, Labels, Link, PracticeItem,
};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, m, d).unwrap()
}

fn range(first: NaiveDate, last: NaiveDate) -> Option<DateRange> {
    Some(DateRange { first, last })
}

fn link(title: &str, url: &str) -> Link {
    Link {
        title: title.into(),
        url: url.into(),
    }
}

fn practice(id: &str, kind: &str, title: &str, status: &str) -> PracticeItem {
    PracticeItem {
        id: id.into(),
        title: title.into(),
        kind: kind.into(),
        status: status.parse().unwrap(),
    }
}

/// The rows both languages share: ids, statuses, hours, links and dates; `text` gives each
/// row its title, outcomes and practice wording.
struct RowText<'a> {
    title: &'a str,
    outcomes: &'a [&'a str],
    practice: Vec<PracticeItem>,
}

#[allow(clippy::too_many_arguments)]
fn row(
    id: &str,
    module: &str,
    status: &str,
    hours: u32,
    resources: Vec<Link>,
    planned: Option<DateRange>,
    text: RowText<'_>,
) -> ChecklistRow {
    ChecklistRow {
        id: id.into(),
        module: module.into(),
        title: text.title.into(),
        status: status.parse().unwrap(),
        hours,
        resources,
        practice: text.practice,
        outcomes: text.outcomes.iter().map(|o| (*o).to_owned()).collect(),
        planned,
    }
}

/// Stage 1: done, learning (with a `|` and `<b>` in its title), skipped; stage 2: pending,
/// one row planned and one not planned at all.
fn stages(rows: [RowText<'_>; 5], stage_text: [(&str, &str, &str); 2]) -> Vec<ChecklistStage> {
    let [r0, r1, r2, r3, r4] = rows;
    vec![
        ChecklistStage {
            id: "foundations".into(),
            number: 1,
            title: stage_text[0].0.into(),
            duration: stage_text[0].1.into(),
            summary: stage_text[0].2.into(),
            percent_done: 40,
            planned: range(day(3, 3), day(4, 11)),
            rows: vec![
                row(
                    "python-numpy",
                    "programming",
                    "done",
                    12,
                    vec![
                        link(
                            "NumPy: the absolute basics",
                            "https://numpy.org/doc/stable/user/absolute_beginners.html",
                        ),
                        link(
                            "CS231n Python/NumPy tutorial",
                            "https://cs231n.github.io/python-numpy-tutorial/",
                        ),
                    ],
                    range(day(3, 3), day(3, 7)),
                    r0,
                ),
                row(
                    "linear-algebra",
                    "math",
                    "learning",
                    20,
                    vec![
                        link(
                            "3Blue1Brown: Essence of linear algebra",
                            "https://www.youtube.com/playlist?list=PLZHQObOWTQDPD3MizzM2xVFitgF8hE_ab&si=llmpath",
                        ),
                        link(
                            "MIT 18.06 (Strang)",
                            "https://ocw.mit.edu/courses/18-06-linear-algebra-spring-2010/",
                        ),
                    ],
                    range(day(3, 10), day(3, 21)),
                    r1,
                ),
                row(
                    "statistics",
                    "math",
                    "skipped",
                    10,
                    vec![link("Seeing Theory", "https://seeing-theory.brown.edu/")],
                    range(day(3, 24), day(3, 24)),
                    r2,
                ),
            ],
        },
        ChecklistStage {
            id: "classic-ml".into(),
            number: 2,
            title: stage_text[1].0.into(),
            duration: stage_text[1].1.into(),
            summary: stage_text[1].2.into(),
            percent_done: 0,
            planned: None,
            rows: vec![
                row(
                    "linear-regression",
                    "supervised",
                    "pending",
                    8,
                    vec![link(
                        "scikit-learn: Linear Models",
                        "https://scikit-learn.org/stable/modules/linear_model.html",
                    )],
                    range(day(4, 14), day(4, 18)),
                    r3,
                ),
                row(
                    "decision-trees",
                    "supervised",
                    "pending",
                    6,
                    vec![],
                    None,
                    r4,
                ),
            ],
        },
    ]
}

fn zh() -> Checklist {
    let rows = [
        RowText {
            title: "Python 与 NumPy 基础",
            outcomes: &["能用向量化代替循环"],
            practice: vec![
                practice("numpy-drills", "练习", "NumPy 数组练习 20 题", "done"),
                practice("csv-stats", "实验", "读取 CSV 并计算统计量", "done"),
            ],
        },
        RowText {
            title: "线性代数 | 矩阵与 <b>特征分解</b>",
            outcomes: &["手算 2×2 矩阵的特征值", "理解 SVD 的几何意义"],
            practice: vec![
                practice("matrix-lab", "实验", "从零实现矩阵乘法与 SVD", "learning"),
                practice("eigen-quiz", "测验", "特征值小测", "pending"),
            ],
        },
        RowText {
            title: "概率与统计",
            outcomes: &["能解释期望、方差与贝叶斯公式"],
            practice: vec![practice(
                "bayes-exercise",
                "练习",
                "贝叶斯公式练习",
                "skipped",
            )],
        },
        RowText {
            title: "线性回归与梯度下降",
            outcomes: &["推导均方误差的梯度", "在房价数据上训练模型"],
            practice: vec![practice(
                "linreg-lab",
                "实验",
                "手写梯度下降拟合房价",
                "pending",
            )],
        },
        RowText {
            title: "决策树",
            outcomes: &[],
            practice: vec![],
        },
    ];
    Checklist {
        lang: "zh".into(),
        title: "LLM 学习路径：可打印学习清单".into(),
        subtitle: "按阶段汇总核心任务、资源链接与实战目标 · 生成于 2025-03-01 · 每周 10 小时"
            .into(),
        generated_on: day(3, 1),
        labels: Labels {
            task: "核心任务".into(),
            resources: "资源链接".into(),
            practice: "实战".into(),
            outcomes: "学习目标".into(),
            planned: "计划日期".into(),
            hours: "小时".into(),
            status: "进度".into(),
            done: "已完成".into(),
            not_planned: "未排期".into(),
            stage: "第 {n} 阶段".into(),
        },
        stages: stages(
            rows,
            [
                (
                    "数学与编程基础",
                    "1–2 个月",
                    "打好 Python、线性代数与概率的基础。\n后续阶段都会用到。",
                ),
                (
                    "经典机器学习",
                    "2–3 个月",
                    "从线性回归到决策树，理解模型如何从数据中学习。",
                ),
            ],
        ),
    }
}

fn en() -> Checklist {
    let rows = [
        RowText {
            title: "Python and NumPy basics",
            outcomes: &["Replace loops with vectorised code"],
            practice: vec![
                practice("numpy-drills", "exercise", "20 NumPy array drills", "done"),
                practice(
                    "csv-stats",
                    "lab",
                    "Load a CSV and compute statistics",
                    "done",
                ),
            ],
        },
        RowText {
            title: "Linear algebra | matrices and <b>eigendecomposition</b>",
            outcomes: &[
                "Find the eigenvalues of a 2×2 matrix by hand",
                "Explain SVD geometrically",
            ],
            practice: vec![
                practice(
                    "matrix-lab",
                    "lab",
                    "Matrix multiply and SVD from scratch",
                    "learning",
                ),
                practice("eigen-quiz", "quiz", "Eigenvalue quiz", "pending"),
            ],
        },
        RowText {
            title: "Probability and statistics",
            outcomes: &["Explain expectation, variance and Bayes' rule"],
            practice: vec![practice(
                "bayes-exercise",
                "exercise",
                "Bayes' rule drills",
                "skipped",
            )],
        },
        RowText {
            title: "Linear regression and gradient descent",
            outcomes: &[
                "Derive the gradient of the mean squared error",
                "Fit house prices",
            ],
            practice: vec![practice(
                "linreg-lab",
                "lab",
                "Gradient descent on house prices",
                "pending",
            )],
        },
        RowText {
            title: "Decision trees",
            outcomes: &[],
            practice: vec![],
        },
    ];
    Checklist {
        lang: "en".into(),
        title: "LLM learning path: printable checklist".into(),
        subtitle:
            "Core tasks, resources and practice goals by stage · made 2025-03-01 · 10 h a week"
                .into(),
        generated_on: day(3, 1),
        labels: Labels {
            task: "Task".into(),
            resources: "Resources".into(),
            practice: "Practice".into(),
            outcomes: "Outcomes".into(),
            planned: "Planned".into(),
            hours: "h".into(),
            status: "Status".into(),
            done: "Done".into(),
            not_planned: "not planned".into(),
            stage: "Stage".into(),
        },
        stages: stages(
            rows,
            [
                (
                    "Maths and programming foundations",
                    "1–2 months",
                    "Python, linear algebra and probability.\nEvery later stage builds on them.",
                ),
                (
                    "Classic machine learning",
                    "2–3 months",
                    "From linear regression to decision trees: how models learn from data.",
                ),
            ],
        ),
    }
}

fn both() -> [(&'static str, Checklist); 2] {
    [("zh", zh()), ("en", en())]
}

fn topic_and_practice_rows(checklist: &Checklist) -> usize {
    checklist
        .stages
        .iter()
        .flat_map(|s| &s.rows)
        .map(|r| 1 + r.practice.len())
        .sum()
}

// ---- snapshots -------------------------------------------------------------------------------

#[test]
fn markdown_snapshots() {
    for (lang, checklist) in both() {
        insta::assert_snapshot!(format!("markdown_{lang}"), markdown::render(&checklist));
    }
}

#[test]
fn html_snapshots() {
    for (lang, checklist) in both() {
        insta::assert_snapshot!(format!("html_{lang}"), html::render(&checklist));
    }
}

#[test]
fn csv_snapshots() {
    for (lang, checklist) in both() {
        insta::assert_snapshot!(format!("csv_{lang}"), csv::render(&checklist).unwrap());
    }
}

// ---- Markdown --------------------------------------------------------------------------------

/// Cells of a GFM table row: split on `|` not escaped by a backslash (a backslash escapes
/// whatever follows it, as in cmark-gfm's cell scanner).
fn gfm_cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|');
    let mut cells = vec![String::new()];
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let last = cells.last_mut().unwrap();
                last.push(c);
                if let Some(next) = chars.next() {
                    last.push(next);
                }
            }
            '|' => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    // The closing pipe leaves one empty cell behind.
    if cells.last().is_some_and(|c| c.trim().is_empty()) {
        cells.pop();
    }
    cells
}

#[test]
fn markdown_table_rows_have_as_many_cells_as_the_header() {
    for (lang, checklist) in both() {
        let md = markdown::render(&checklist);
        let tables: Vec<Vec<&str>> = md
            .split("\n\n")
            .map(|block| {
                block
                    .lines()
                    .filter(|l| l.starts_with('|'))
                    .collect::<Vec<_>>()
            })
            .filter(|lines| !lines.is_empty())
            .collect();
        assert_eq!(
            tables.len(),
            checklist.stages.len(),
            "{lang}: one table per stage"
        );
        for (table, stage) in tables.iter().zip(&checklist.stages) {
            assert_eq!(
                table.len(),
                2 + stage.rows.len(),
                "{lang}: header, delimiter, rows"
            );
            let width = gfm_cells(table[0]).len();
            assert_eq!(width, 5, "{lang}: {}", table[0]);
            for line in table {
                assert_eq!(gfm_cells(line).len(), width, "{lang}: {line}");
            }
        }
    }
}

#[test]
fn markdown_escapes_pipes_and_html_in_titles() {
    for (lang, checklist) in both() {
        let md = markdown::render(&checklist);
        assert!(!md.contains("<b>"), "{lang}: raw <b> would render bold");
        assert!(md.contains(r"\<b\>"), "{lang}");
        assert!(md.contains(r" \| "), "{lang}: the title's pipe is escaped");
    }
}

#[test]
fn markdown_marks_every_status() {
    let md = markdown::render(&en());
    assert!(md.contains("| ☑ | **Python and NumPy basics**"));
    assert!(md.contains("| ◐ | **Linear algebra"));
    assert!(md.contains("| – | ~~**Probability and statistics**~~"));
    assert!(md.contains("| ☐ | **Decision trees**"));
    assert!(md.contains("| not planned |"));
    assert!(
        md.contains("## Stage 2 · Classic machine learning · 2–3 months · Done 0% · not planned")
    );
}

// ---- HTML ------------------------------------------------------------------------------------

#[test]
fn html_fetches_nothing_and_links_only_resources() {
    for (lang, checklist) in both() {
        let page = html::render(&checklist);
        let mut rest = page.clone();
        for link in checklist
            .stages
            .iter()
            .flat_map(|s| &s.rows)
            .flat_map(|r| &r.resources)
        {
            let href = format!("href=\"{}\"", link.url.replace('&', "&amp;"));
            assert!(rest.contains(&href), "{lang}: {href}");
            rest = rest.replace(&href, "");
        }
        assert!(
            !rest.contains("http"),
            "{lang}: an address other than a resource link"
        );
        for external in ["<link", "<script", "src=", "@import", "url("] {
            assert!(!page.contains(external), "{lang}: {external}");
        }
    }
}

#[test]
fn html_is_standalone_and_prints_well() {
    for (lang, checklist) in both() {
        let page = html::render(&checklist);
        assert!(page.starts_with("<!DOCTYPE html>\n"), "{lang}");
        assert!(page.contains(&format!("<html lang=\"{lang}\">")), "{lang}");
        assert!(page.contains("<meta charset=\"utf-8\">"), "{lang}");
        for css in [
            "@page { size: A4; margin: 14mm; }",
            "@media print",
            "break-before: page",
            "tr { break-inside: avoid;",
            "thead { display: table-header-group; }",
            "a[href]::after { content: \" (\" attr(href) \")\"",
            "\"Noto Sans CJK SC\"",
            "\"PingFang SC\"",
            "\"Microsoft YaHei\"",
        ] {
            assert!(page.contains(css), "{lang}: {css}");
        }
        assert_eq!(
            page.matches("<th scope=\"col\"").count(),
            5 * checklist.stages.len(),
            "{lang}"
        );
        assert_eq!(
            page.matches("<table aria-label=").count(),
            checklist.stages.len()
        );
    }
}

#[test]
fn html_escapes_text() {
    for (lang, checklist) in both() {
        let page = html::render(&checklist);
        assert!(!page.contains("<b>"), "{lang}");
        assert!(page.contains("&lt;b&gt;"), "{lang}");
        assert!(
            page.contains("list=PLZHQObOWTQDPD3MizzM2xVFitgF8hE_ab&amp;si=llmpath"),
            "{lang}"
        );
    }
}

// ---- CSV -------------------------------------------------------------------------------------

#[test]
fn csv_parses_back_to_one_row_per_topic_and_practice_task() {
    for (lang, checklist) in both() {
        let text = csv::render(&checklist).unwrap();
        assert!(text.starts_with('\u{feff}'), "{lang}: BOM for Excel");
        assert!(text.ends_with("\r\n"), "{lang}: CRLF records");

        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(
            header,
            csv::HEADER,
            "{lang}: the BOM is not part of the first column name"
        );
        let records: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), topic_and_practice_rows(&checklist), "{lang}");
        assert!(
            records.iter().all(|r| r.len() == csv::HEADER.len()),
            "{lang}"
        );

        let topics = records.iter().filter(|r| &r[3] == "topic").count();
        assert_eq!(topics, 5, "{lang}");
        let learning = records.iter().find(|r| &r[2] == "linear-algebra").unwrap();
        assert!(
            learning[4].contains(" | ") && learning[4].contains("<b>"),
            "{lang}: values are raw"
        );
        assert_eq!(&learning[5], "learning");
        assert_eq!((&learning[7], &learning[8]), ("2025-03-10", "2025-03-21"));
        assert!(learning[9].contains(
            "<https://www.youtube.com/playlist?list=PLZHQObOWTQDPD3MizzM2xVFitgF8hE_ab&si=llmpath>"
        ));
        let unplanned = records.iter().find(|r| &r[2] == "decision-trees").unwrap();
        assert_eq!((&unplanned[7], &unplanned[8]), ("", ""));
    }
}
