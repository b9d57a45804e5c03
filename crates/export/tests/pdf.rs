//! The PDF checklist, checked the way a reader meets it: poppler extracts its text (proving
//! the ToUnicode map) and rasterises its pages (proving the glyphs draw), on a hand-built
//! two-stage Chinese checklist with English words, a long URL and enough rows for a second
//! page. Needs poppler-utils and a CJK font (`apt-get install poppler-utils fonts-noto-cjk`);
//! without them these tests fail and say so, they do not skip. Page images are kept under
//! `target/test-artifacts/pdf/` for a human to look at.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use llmpath_export::ExportError;
use llmpath_export::fonts::{self, FontFile};
use llmpath_export::pdf;
use llmpath_plan::{
    Checklist, ChecklistRow, ChecklistStage, DateRange, Labels, Link, PracticeItem,
};
use llmpath_progress::Status;

const INSTALL: &str = "install them: `sudo apt-get install poppler-utils fonts-noto-cjk`";
const LONG_URL: &str = "https://github.com/karpathy/nn-zero-to-hero/blob/master/lectures/micrograd/micrograd_lecture_first_half_roughly.ipynb";

// ---- Fixture ----

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn link(title: &str, url: &str) -> Link {
    Link {
        title: title.into(),
        url: url.into(),
    }
}

fn practice(id: &str, kind: &str, title: &str, status: Status) -> PracticeItem {
    PracticeItem {
        id: id.into(),
        title: title.into(),
        kind: kind.into(),
        status,
    }
}

fn row(
    id: &str,
    title: &str,
    status: Status,
    planned: Option<(NaiveDate, NaiveDate)>,
) -> ChecklistRow {
    ChecklistRow {
        id: id.into(),
        module: "math".into(),
        title: title.into(),
        status,
        hours: 6,
        resources: vec![link(
            "Deep Learning Book",
            "https://www.deeplearningbook.org/",
        )],
        practice: vec![practice(
            &format!("{id}-lab"),
            "实验",
            "用 NumPy 从零实现",
            Status::Pending,
        )],
        outcomes: vec!["能解释每一步为什么成立".into()],
        planned: planned.map(|(first, last)| DateRange { first, last }),
    }
}

/// Stage 1: a done, a learning and a pending row, then fourteen more so that the table
/// runs onto a second page; stage 2: two rows, one with a long URL and none planned.
fn checklist() -> Checklist {
    let mut svd = row(
        "svd",
        "矩阵分解（SVD）",
        Status::Done,
        Some((day(3, 2), day(3, 9))),
    );
    svd.resources.push(link(
        "3Blue1Brown: Essence of linear algebra",
        "https://www.3blue1brown.com/topics/linear-algebra",
    ));
    svd.practice = vec![
        practice(
            "svd-lab",
            "实验",
            "图像压缩：保留前 k 个奇异值",
            Status::Done,
        ),
        practice("svd-ex", "练习", "证明 A = UΣV^T 的存在性", Status::Skipped),
    ];
    svd.outcomes = vec![
        "理解奇异值与矩阵秩的关系".into(),
        "Explain low-rank approximation".into(),
    ];
    let mut gd = row(
        "gradient-descent",
        "Gradient descent 梯度下降",
        Status::Learning,
        Some((day(3, 10), day(3, 10))),
    );
    gd.practice[0].status = Status::Learning;
    let mut rows = vec![
        svd,
        gd,
        row("probability", "概率与统计", Status::Pending, None),
    ];
    rows.extend((1..=14).map(|i| {
        row(
            &format!("topic-{i}"),
            &format!("专题 {i}：优化与泛化的基础概念"),
            Status::Pending,
            Some((day(4, i), day(4, i + 3))),
        )
    }));

    let mut backprop = row("backprop", "Backpropagation by hand", Status::Pending, None);
    backprop.resources = vec![link("micrograd 讲义（第一部分）", LONG_URL)];
    let trees = row(
        "decision-trees",
        "决策树与随机森林",
        Status::Pending,
        Some((day(5, 4), day(5, 15))),
    );

    Checklist {
        lang: "zh".into(),
        title: "llmpath 学习清单".into(),
        subtitle: "从零到精通机器学习与大模型 · 生成于 2026-03-01 · 每周 10 小时".into(),
        generated_on: day(3, 1),
        labels: Labels {
            task: "核心任务".into(),
            resources: "学习资源".into(),
            practice: "实践目标".into(),
            outcomes: "学习成果".into(),
            planned: "计划日期".into(),
            hours: "小时".into(),
            status: "状态".into(),
            done: "已完成".into(),
            not_planned: "未排期".into(),
            stage: "第 {n} 阶段".into(),
        },
        stages: vec![
            ChecklistStage {
                id: "math".into(),
                number: 1,
                title: "数学基础".into(),
                duration: "1–2 个月".into(),
                summary: "线性代数、概率与优化：后面每一个模型都建立在这些概念之上。Read slowly and do every exercise.".into(),
                percent_done: 12,
                planned: Some(DateRange { first: day(3, 2), last: day(4, 17) }),
                rows,
            },
            ChecklistStage {
                id: "classic-ml".into(),
                number: 2,
                title: "经典机器学习".into(),
                duration: "2 个月".into(),
                summary: "从线性模型到树模型。".into(),
                percent_done: 0,
                planned: None,
                rows: vec![backprop, trees],
            },
        ],
    }
}

// ---- Helpers ----

fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/test-artifacts/pdf");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn system_font() -> FontFile {
    fonts::find_cjk_font().unwrap_or_else(|| {
        panic!(
            "no CJK font found ({}); {INSTALL}",
            fonts::searched_folders()
        )
    })
}

/// Runs a poppler tool; a missing tool fails the test with what to install.
fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{tool}` ({e}); {INSTALL}"));
    assert!(
        out.status.success(),
        "`{tool} {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Renders the fixture once per test into `target/test-artifacts/pdf/NAME.pdf`.
fn rendered(name: &str) -> (PathBuf, Vec<u8>) {
    let bytes = pdf::render(&checklist(), &system_font()).unwrap();
    let path = artifacts().join(format!("{name}.pdf"));
    std::fs::write(&path, &bytes).unwrap();
    (path, bytes)
}

/// The PDF's text, page by page (pdftotext ends each with a form feed), every run of
/// spaces squashed to one: `-layout` spacing depends on the font, the words do not.
fn pages_text(pdf: &Path) -> Vec<String> {
    let text = poppler("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    text.split('\u{c}')
        .filter(|page| !page.trim().is_empty())
        .map(|page| {
            let lines = page
                .lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "));
            lines.collect::<Vec<_>>().join("\n")
        })
        .collect()
}

fn page_count(pdf: &Path) -> usize {
    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    let line = info.lines().find(|l| l.starts_with("Pages:")).unwrap();
    line["Pages:".len()..].trim().parse().unwrap()
}

// ---- Tests ----

#[test]
fn pdf_embeds_a_font_subset_not_the_whole_font() {
    let (path, bytes) = rendered("subset");
    assert!(bytes.starts_with(b"%PDF-"));
    let font_size = std::fs::metadata(system_font().path).unwrap().len();
    assert!(
        bytes.len() < 2_000_000,
        "{} bytes: the font was not subset",
        bytes.len()
    );
    assert!(
        (bytes.len() as u64) < font_size / 4,
        "PDF {} vs font {font_size} bytes",
        bytes.len()
    );
    // pdffonts: "name type encoding emb sub uni …"; every font embedded, subset, with ToUnicode.
    let listing = poppler("pdffonts", &[path.to_str().unwrap()]);
    let fonts: Vec<&str> = listing.lines().skip(2).collect();
    assert!(!fonts.is_empty(), "no fonts in the PDF:\n{listing}");
    for font in fonts {
        let flags: Vec<&str> = font.split_whitespace().rev().skip(2).take(3).collect();
        assert_eq!(
            flags,
            ["yes", "yes", "yes"],
            "not embedded+subset+ToUnicode: {font}"
        );
    }
}

#[test]
fn pdf_text_extracts_chinese_english_headings_and_links() {
    let (path, bytes) = rendered("text");
    let text = pages_text(&path).join("\n\n");
    std::fs::write(artifacts().join("text.txt"), &text).unwrap();
    for expected in [
        "llmpath 学习清单",
        "矩阵分解（SVD）",
        "Gradient descent 梯度下降",
        "Backpropagation by hand",
        "第 1 阶段 数学基础（1–2 个月） — 12% 已完成",
        "第 2 阶段 经典机器学习",
        "计划日期：2026-03-02 – 2026-04-17",
        "Deep Learning Book",
        "micrograd 讲义（第一部分）",
        "2026-03-02 –",
        "未排期",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from the extracted text:\n{text}"
        );
    }
    // Clickable resources: link annotations carry their URLs.
    let raw = String::from_utf8_lossy(&bytes).replace(' ', "");
    for url in ["https://www.deeplearningbook.org/", LONG_URL] {
        assert!(
            raw.contains(&format!("/URI({url})")),
            "no link annotation to {url}"
        );
    }
}

#[test]
fn rows_never_split_and_each_stage_starts_a_page() {
    let (path, _) = rendered("pages");
    let pages = pages_text(&path);
    assert_eq!(pages.len(), page_count(&path));
    assert!(
        pages.len() >= 3,
        "stage 1 should overflow its first page, then stage 2: {}",
        pages.len()
    );
    // Stage 1 continues on page 2 under a reminder and the repeated table header.
    assert!(pages[1].contains("第 1 阶段 数学基础") && pages[1].contains("核心任务"));
    let last = &pages[pages.len() - 1];
    assert!(last.contains("第 2 阶段 经典机器学习") && !last.contains("专题"));
    for (i, page) in pages.iter().enumerate() {
        // "3 / 12"; pdftotext may drop the narrow spaces around the slash.
        let footer = format!("{}/{}", i + 1, pages.len());
        assert!(
            page.replace(' ', "").contains(&footer),
            "page {} lacks {footer}",
            i + 1
        );
        // Every row's hours line ("topic-3 · 6 小时") sits on the same page as its title.
        for n in 1..=14 {
            let title = page.contains(&format!("专题 {n}："));
            let id = page.contains(&format!("topic-{n} · 6 小时"));
            assert_eq!(
                title,
                id,
                "row topic-{n} split across pages (page {})",
                i + 1
            );
        }
    }
}

/// Reads a binary PGM (P5, 8-bit) as written by `pdftoppm -gray`.
fn pgm_pixels(path: &Path) -> Vec<u8> {
    let data = std::fs::read(path).unwrap();
    // Header: "P5\n<w> <h>\n255\n", three whitespace-separated fields after the magic.
    let mut fields = 0;
    let mut i = 2;
    while fields < 3 {
        while data[i].is_ascii_whitespace() {
            i += 1;
        }
        while !data[i].is_ascii_whitespace() {
            i += 1;
        }
        fields += 1;
    }
    data[i + 1..].to_vec()
}

#[test]
fn every_page_rasterises_with_ink_on_it() {
    let (path, _) = rendered("raster");
    let dir = artifacts();
    for old in std::fs::read_dir(&dir).unwrap().filter_map(Result::ok) {
        if old.file_name().to_string_lossy().starts_with("page-") {
            std::fs::remove_file(old.path()).unwrap();
        }
    }
    let pdf = path.to_str().unwrap();
    let prefix = dir.join("page");
    poppler(
        "pdftoppm",
        &["-png", "-r", "50", pdf, prefix.to_str().unwrap()],
    );
    poppler(
        "pdftoppm",
        &["-gray", "-r", "50", pdf, prefix.to_str().unwrap()],
    );
    let mut pngs: Vec<PathBuf> = Vec::new();
    let mut pgms: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("page-") && name.ends_with(".png") {
            pngs.push(entry.path());
        } else if name.starts_with("page-") && name.ends_with(".pgm") {
            pgms.push(entry.path());
        }
    }
    let expected = page_count(&path);
    assert_eq!(
        pngs.len(),
        expected,
        "pdftoppm rendered {} of {expected} pages",
        pngs.len()
    );
    assert_eq!(pgms.len(), expected);
    for png in &pngs {
        let size = std::fs::metadata(png).unwrap().len();
        assert!(
            size > 5_000,
            "{} is only {size} bytes: blank page?",
            png.display()
        );
    }
    for pgm in &pgms {
        let pixels = pgm_pixels(pgm);
        let dark = pixels.iter().filter(|&&p| p < 128).count();
        // A page of A4 at 50 dpi is ~240 000 pixels; text and grid make thousands dark.
        assert!(dark > 1_000, "{}: only {dark} dark pixels", pgm.display());
        std::fs::remove_file(pgm).unwrap();
    }
}

#[test]
fn a_file_that_is_not_a_font_is_a_bad_font() {
    let not_a_font = FontFile {
        path: Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"),
        index: 0,
    };
    let err = pdf::render(&checklist(), &not_a_font).unwrap_err();
    assert!(matches!(err, ExportError::BadFont { .. }), "{err:?}");

    let missing = FontFile {
        path: PathBuf::from("/nonexistent/font.ttc"),
        index: 0,
    };
    assert!(matches!(
        pdf::render(&checklist(), &missing),
        Err(ExportError::BadFont { .. })
    ));

    let no_such_face = FontFile {
        index: 99,
        ..system_font()
    };
    assert!(matches!(
        pdf::render(&checklist(), &no_such_face),
        Err(ExportError::BadFont { .. })
    ));
}

/// Set in a child process of this test binary: which `env_override_case` to run.
const CHILD_CASE: &str = "LLMPATH_PDF_TEST_CASE";

/// Runs `env_override_case` in a child test process with `LLMPATH_CJK_FONT=value`: setting
/// the variable in this process would need `unsafe` (forbidden) and race the other tests.
fn run_child(case: &str, value: &Path) {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "env_override_case",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(fonts::ENV_VAR, value)
        .env(CHILD_CASE, case)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "child case {case} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Does nothing unless started by [`run_child`].
#[test]
fn env_override_case() {
    let Ok(case) = std::env::var(CHILD_CASE) else {
        return;
    };
    let value = std::env::var(fonts::ENV_VAR).unwrap();
    match case.as_str() {
        "face" => {
            let (path, index) = value.rsplit_once('#').unwrap();
            let found = fonts::find_cjk_font().unwrap();
            assert_eq!(
                found,
                FontFile {
                    path: path.into(),
                    index: index.parse().unwrap()
                }
            );
        }
        "not-a-font" => {
            assert_eq!(
                fonts::find_cjk_font(),
                None,
                "a bad override must not fall back"
            );
            assert!(fonts::searched_folders().contains(fonts::ENV_VAR));
            let err = pdf::render_with_system_font(&checklist()).unwrap_err();
            assert!(matches!(err, ExportError::NoCjkFont { .. }), "{err:?}");
        }
        other => panic!("unknown case {other}"),
    }
}

#[test]
fn find_cjk_font_honours_llmpath_cjk_font() {
    let font = system_font();
    let dir = tempfile::tempdir().unwrap();
    // A copy outside every font folder, so only the override can find it.
    let copy = dir.path().join("custom-font.ttc");
    std::fs::copy(&font.path, &copy).unwrap();
    let spec = format!("{}#{}", copy.display(), font.index);
    run_child("face", Path::new(&spec));
    let not_a_font = dir.path().join("notes.txt");
    std::fs::write(&not_a_font, "not a font").unwrap();
    run_child("not-a-font", &not_a_font);
}

#[test]
fn english_checklists_use_english_stage_names_and_punctuation() {
    let mut checklist = checklist();
    checklist.lang = "en".into();
    checklist.title = "llmpath checklist".into();
    checklist.labels.stage = "Stage".into();
    checklist.labels.done = "done".into();
    checklist.labels.planned = "Planned".into();
    checklist.stages[0].title = "Foundations".into();
    checklist.stages[0].duration = "1–2 months".into();
    let path = artifacts().join("english.pdf");
    std::fs::write(&path, pdf::render(&checklist, &system_font()).unwrap()).unwrap();
    let text = pages_text(&path).join("\n");
    for expected in [
        "Stage 1 Foundations (1–2 months) — 12% done",
        "Planned: 2026-03-02 – 2026-04-17",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
}
