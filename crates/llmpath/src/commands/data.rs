//! `llmpath data list|verify|fetch`: the datasets of the registry in the data folder.

use anyhow::{Context, Result, anyhow, bail};
use llmpath_data::registry::{self, Dataset};
use llmpath_data::{
    Checksum, DataDir, DatasetStatus, Fetcher, NoProgress, Outcome, Presence, Progress,
    TerminalProgress, verify as check,
};
use serde_json::{Value, json};

use super::print_json;
use crate::app::App;
use crate::suggest;

/// The data folder: `--data-dir`, `$LLMPATH_DATA`, then the user's data dir.
fn data_dir(app: &App) -> Result<DataDir> {
    Ok(DataDir::resolve(app.data_dir.clone())?)
}

/// The dataset called `name`, or the nearest names.
fn dataset(name: &str) -> Result<&'static Dataset> {
    registry::find(name).ok_or_else(|| {
        let hint = suggest::nearest(&name.replace('-', "_"), registry::names());
        anyhow!("unknown dataset {name:?}.{hint}\n`llmpath data list` names them all.")
    })
}

fn statuses(
    dir: &DataDir,
    datasets: &[&'static Dataset],
    verify: bool,
) -> Result<Vec<DatasetStatus>> {
    datasets
        .iter()
        .map(|d| check::status(dir, d, verify))
        .collect::<Result<_, _>>()
        .with_context(|| format!("cannot read the data folder {}", dir.path().display()))
}

fn presence_label(app: &App, presence: Presence) -> &'static str {
    match presence {
        Presence::Present => app.t("已就绪", "present"),
        Presence::Partial => app.t("不完整", "partial"),
        Presence::Missing => app.t("缺失", "missing"),
    }
}

fn checksum_label(app: &App, checksum: Checksum) -> &'static str {
    match checksum {
        Checksum::Unchecked => app.t("未校验", "unchecked"),
        Checksum::Ok => app.t("正确", "ok"),
        Checksum::Mismatch => app.t("不符", "MISMATCH"),
    }
}

/// `text` padded with spaces to `width` terminal columns (CJK characters take two).
fn pad(text: &str, width: usize) -> String {
    let wide = |c: char| matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6);
    let columns: usize = text.chars().map(|c| if wide(c) { 2 } else { 1 }).sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(columns)))
}

/// 2734 → "2.7 KiB".
fn human(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

fn status_json(state: &DatasetStatus) -> Value {
    let d = state.dataset;
    json!({
        "name": d.name,
        "summary": { "zh": d.summary_zh, "en": d.summary_en },
        "publisher": d.publisher,
        "license": d.license,
        "source": d.source,
        "status": state.presence.as_str(),
        "bytes": d.size(),
        "bytes_on_disk": state.bytes,
        "checksum": state.checksum.as_str(),
        "files": state.files.iter().map(|f| json!({
            "path": f.file.path,
            "bytes": f.file.size,
            "sha256": f.file.sha256,
            "url": f.file.origin.url(),
            "status": if f.size.is_some() { "present" } else { "missing" },
            "bytes_on_disk": f.size,
            "checksum": f.checksum.as_str(),
            "actual_sha256": f.sha256,
        })).collect::<Vec<_>>(),
    })
}

/// `llmpath data list [--verify]`.
pub fn list(app: &App, verify: bool) -> Result<()> {
    let dir = data_dir(app)?;
    let all: Vec<&'static Dataset> = registry::datasets().iter().collect();
    let states = statuses(&dir, &all, verify)?;
    if app.json {
        return print_json(&json!({
            "schema": "llmpath.data-list/1",
            "data_dir": dir.path(),
            "verified": verify,
            "datasets": states.iter().map(status_json).collect::<Vec<_>>(),
        }));
    }
    outln!(
        "{}{}",
        app.t("数据目录：", "Data folder: "),
        dir.path().display()
    );
    for state in &states {
        let d = state.dataset;
        outln!(
            "  {:<19} {} {:>9}  {}  {}",
            d.name,
            pad(presence_label(app, state.presence), 8),
            human(state.bytes),
            pad(checksum_label(app, state.checksum), 9),
            d.summary(app.lang == llmpath_content::Lang::Zh),
        );
    }
    let missing: Vec<&str> = states
        .iter()
        .filter(|s| s.presence != Presence::Present)
        .map(|s| s.dataset.name)
        .collect();
    outln!();
    if !missing.is_empty() {
        outln!(
            "{} llmpath data fetch {}",
            app.t("下载缺失的数据集：", "Fetch what is missing:"),
            missing.join(" ")
        );
    }
    if !verify {
        outln!(
            "{}",
            app.t(
                "`llmpath data list --verify` 会校验每个文件的 SHA-256。",
                "`llmpath data list --verify` also checks each file's SHA-256."
            )
        );
    }
    Ok(())
}

/// `llmpath data verify [NAME]`: fails on any mismatch, and when the named dataset is not
/// all there.
pub fn verify(app: &App, name: Option<&str>) -> Result<()> {
    let dir = data_dir(app)?;
    let chosen: Vec<&'static Dataset> = match name {
        Some(name) => vec![dataset(name)?],
        None => registry::datasets().iter().collect(),
    };
    let states = statuses(&dir, &chosen, true)?;
    let mismatched: Vec<&check::FileStatus> = states.iter().flat_map(|s| s.mismatched()).collect();
    let incomplete = name.is_some() && states.iter().any(|s| s.presence != Presence::Present);
    if app.json {
        print_json(&json!({
            "schema": "llmpath.data-verify/1",
            "data_dir": dir.path(),
            "ok": mismatched.is_empty() && !incomplete,
            "mismatched": mismatched.iter().map(|f| f.file.path).collect::<Vec<_>>(),
            "datasets": states.iter().map(status_json).collect::<Vec<_>>(),
        }))?;
    } else {
        outln!(
            "{}{}",
            app.t("数据目录：", "Data folder: "),
            dir.path().display()
        );
        for state in &states {
            let checked = state
                .files
                .iter()
                .filter(|f| f.checksum == Checksum::Ok)
                .count();
            outln!(
                "  {:<19} {} {}  {checked}/{} {}",
                state.dataset.name,
                pad(presence_label(app, state.presence), 8),
                pad(checksum_label(app, state.checksum), 9),
                state.files.len(),
                app.t("个文件校验正确", "files ok"),
            );
            for bad in state.mismatched() {
                let found = match &bad.sha256 {
                    Some(sha) => format!("SHA-256 {sha}"),
                    None => format!("{} bytes", bad.size.unwrap_or(0)),
                };
                outln!(
                    "    {} {}: {found}, {} {} ({} bytes)",
                    app.t("不符", "MISMATCH"),
                    dir.file_path(bad.file).display(),
                    app.t("应为", "expected"),
                    bad.file.sha256,
                    bad.file.size,
                );
            }
        }
    }
    if !mismatched.is_empty() {
        let names: Vec<&str> = states
            .iter()
            .filter(|s| s.checksum == Checksum::Mismatch)
            .map(|s| s.dataset.name)
            .collect();
        bail!(
            "{} file(s) do not match the registry: {}. `llmpath data fetch {}` downloads them again (fetch replaces a file whose checksum is wrong)",
            mismatched.len(),
            mismatched
                .iter()
                .map(|f| f.file.path)
                .collect::<Vec<_>>()
                .join(", "),
            names.join(" "),
        );
    }
    if incomplete {
        let state = &states[0];
        bail!(
            "dataset `{}` is {} in {}: run `llmpath data fetch {}`",
            state.dataset.name,
            state.presence.as_str(),
            dir.path().display(),
            state.dataset.name
        );
    }
    Ok(())
}

/// `llmpath data fetch NAME…|--all`: every name is checked before anything is downloaded; a
/// failed dataset does not stop the others, but the command fails at the end.
pub fn fetch(app: &App, names: &[String], all: bool) -> Result<()> {
    if names.is_empty() && !all {
        bail!(
            "name the datasets to fetch (e.g. `llmpath data fetch iris mnist`) or pass --all; `llmpath data list` names them all"
        );
    }
    let chosen: Vec<&'static Dataset> = if all {
        registry::datasets().iter().collect()
    } else {
        let mut chosen = Vec::new();
        for name in names {
            let d = dataset(name)?;
            if !chosen.contains(&d) {
                chosen.push(d);
            }
        }
        chosen
    };
    let dir = data_dir(app)?;
    let fetcher = Fetcher::new();
    let mut progress: Box<dyn Progress> = if app.json {
        Box::new(NoProgress)
    } else {
        Box::new(TerminalProgress::new())
    };
    if !app.json {
        outln!(
            "{}{}",
            app.t("数据目录：", "Data folder: "),
            dir.path().display()
        );
        if let Some(mirror) = fetcher.mirror() {
            outln!(
                "{} {mirror} ({})",
                app.t("镜像：", "Mirror:"),
                llmpath_data::MIRROR_ENV
            );
        }
    }
    let mut results = Vec::new();
    let mut failed = Vec::new();
    for d in chosen {
        if !app.json {
            outln!(
                "{}: {}",
                d.name,
                d.summary(app.lang == llmpath_content::Lang::Zh)
            );
            outln!("  {} {}", app.t("使用条款：", "terms:"), d.license);
        }
        let result = fetcher.fetch(d, &dir, progress.as_mut());
        if !app.json {
            match &result {
                Ok(files) => {
                    for f in files {
                        match &f.outcome {
                            Outcome::AlreadyThere => {
                                outln!("  {} {}", pad(app.t("已存在", "already there"), 14), f.path)
                            }
                            Outcome::Downloaded { bytes, url } => outln!(
                                "  {} {} ({}, {} {url})",
                                pad(app.t("已下载", "downloaded"), 14),
                                f.path,
                                human(*bytes),
                                app.t("来自", "from")
                            ),
                        }
                    }
                }
                Err(err) => outln!("  {} {err}", app.t("失败：", "FAILED:")),
            }
        }
        if let Err(err) = &result {
            failed.push(format!("{}: {err}", d.name));
        }
        results.push((d, result));
    }
    if app.json {
        print_json(&json!({
            "schema": "llmpath.data-fetch/1",
            "data_dir": dir.path(),
            "mirror": fetcher.mirror(),
            "datasets": results.iter().map(|(d, result)| match result {
                Ok(files) => json!({
                    "name": d.name,
                    "ok": true,
                    "error": null,
                    "files": files.iter().map(|f| match &f.outcome {
                        Outcome::AlreadyThere => json!({ "path": f.path, "outcome": "already-there" }),
                        Outcome::Downloaded { bytes, url } => json!({
                            "path": f.path, "outcome": "downloaded", "bytes": bytes, "url": url,
                        }),
                    }).collect::<Vec<_>>(),
                }),
                Err(err) => json!({ "name": d.name, "ok": false, "error": err.to_string(), "files": [] }),
            }).collect::<Vec<_>>(),
        }))?;
    }
    if !failed.is_empty() {
        bail!(
            "{} of {} dataset(s) could not be fetched:\n{}",
            failed.len(),
            results.len(),
            failed.join("\n")
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::human;

    #[test]
    fn sizes_read_like_ls_h() {
        assert_eq!(human(36), "36 B");
        assert_eq!(human(2734), "2.7 KiB");
        assert_eq!(human(9719438), "9.3 MiB");
    }
}
