//! `llmpath doctor`: what the path will need on this machine, and how to fix each gap.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Result, bail};
use serde::Serialize;
use serde_json::json;

use super::print_json;
use crate::app::App;

/// Rust this old cannot build the labs (edition 2024).
const MIN_RUST: (u32, u32) = (1, 85);
/// Labs build candle and polars: several GB of build output.
const MIN_FREE_BYTES: u64 = 10 * 1024 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Level {
    Ok,
    Warn,
    Fail,
}

#[derive(Debug, Serialize)]
struct Check {
    name: &'static str,
    level: Level,
    detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<String>,
}

pub fn run(app: &App) -> Result<()> {
    let checks = vec![
        tool_check("rustc"),
        tool_check("cargo"),
        disk_check(app),
        database_check(app),
        data_check(app),
        font_check(),
    ];
    let failed = checks.iter().filter(|c| c.level == Level::Fail).count();
    if app.json {
        print_json(&json!({ "schema": "llmpath.doctor/1", "checks": checks }))?;
    } else {
        for check in &checks {
            let level = match check.level {
                Level::Ok => "ok  ",
                Level::Warn => "warn",
                Level::Fail => "FAIL",
            };
            outln!("{level}  {:<10} {}", check.name, check.detail);
            if let Some(fix) = &check.fix {
                outln!("      {} {fix}", app.t("修复：", "fix:"));
            }
        }
    }
    if failed > 0 {
        bail!("{failed} check(s) failed; each says how to fix it");
    }
    Ok(())
}

fn parse_version(text: &str) -> Option<(u32, u32)> {
    let version = text.split_whitespace().nth(1)?;
    let mut parts = version.split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

fn tool_check(tool: &'static str) -> Check {
    let fix = Some(format!(
        "install Rust {}.{} or newer with rustup (https://rustup.rs), or run `rustup update`",
        MIN_RUST.0, MIN_RUST.1
    ));
    match Command::new(tool).arg("--version").output() {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
            match parse_version(&text) {
                Some(version) if version >= MIN_RUST => Check {
                    name: tool,
                    level: Level::Ok,
                    detail: text,
                    fix: None,
                },
                _ => Check {
                    name: tool,
                    level: Level::Fail,
                    detail: format!("{text}: too old for the labs"),
                    fix,
                },
            }
        }
        _ => Check {
            name: tool,
            level: Level::Fail,
            detail: format!("`{tool}` was not found on PATH (labs and exercises build with it)"),
            fix,
        },
    }
}

/// The nearest folder of `path` that exists (the home may not exist yet).
fn existing_ancestor(path: &Path) -> Option<&Path> {
    path.ancestors().find(|p| p.is_dir())
}

fn disk_check(app: &App) -> Check {
    let home = app.home().unwrap_or_else(|_| PathBuf::from("."));
    let Some(folder) = existing_ancestor(&home) else {
        return Check {
            name: "disk",
            level: Level::Warn,
            detail: format!("cannot find a folder of {}", home.display()),
            fix: None,
        };
    };
    match fs4::available_space(folder) {
        Ok(free) => {
            let gib = free as f64 / (1024.0 * 1024.0 * 1024.0);
            if free >= MIN_FREE_BYTES {
                Check {
                    name: "disk",
                    level: Level::Ok,
                    detail: format!("{gib:.1} GiB free at {}", folder.display()),
                    fix: None,
                }
            } else {
                Check {
                    name: "disk",
                    level: Level::Warn,
                    detail: format!(
                        "{gib:.1} GiB free at {}; building the deep-learning labs needs about 10 GiB",
                        folder.display()
                    ),
                    fix: Some(
                        "free some space, or set LLMPATH_HOME to a folder on a larger disk".into(),
                    ),
                }
            }
        }
        Err(err) => Check {
            name: "disk",
            level: Level::Warn,
            detail: format!("cannot read free space of {}: {err}", folder.display()),
            fix: None,
        },
    }
}

fn database_check(app: &App) -> Check {
    let path = match app.database_path() {
        Ok(path) => path,
        Err(err) => {
            return Check {
                name: "progress",
                level: Level::Fail,
                detail: format!("{err:#}"),
                fix: Some("set LLMPATH_HOME".into()),
            };
        }
    };
    if !path.exists() {
        return Check {
            name: "progress",
            level: Level::Ok,
            detail: format!("{} will be created on first use", path.display()),
            fix: None,
        };
    }
    match crate::app::open_store(&path).and_then(|store| Ok((store.schema_version()?, store.events()?.len()))) {
        Ok((version, events)) => Check {
            name: "progress",
            level: Level::Ok,
            detail: format!("{} (schema {version}, {events} events)", path.display()),
            fix: None,
        },
        Err(err) => Check {
            name: "progress",
            level: Level::Fail,
            detail: format!("{err:#}"),
            fix: Some("move the file aside (it is left untouched) and restore a backup with `llmpath import-progress`".into()),
        },
    }
}

fn data_check(app: &App) -> Check {
    let dir = match llmpath_data::DataDir::resolve(app.data_dir.clone()) {
        Ok(dir) => dir,
        Err(err) => {
            return Check {
                name: "data",
                level: Level::Warn,
                detail: err.to_string(),
                fix: Some("set LLMPATH_DATA or pass --data-dir".into()),
            };
        }
    };
    // Presence only (no hashing): `llmpath data verify` checks the bytes. Datasets that only
    // `fetch` brings (full CIFAR-10) are extras, not something a setup lacks.
    let datasets: Vec<_> = (llmpath_data::registry::datasets().iter())
        .filter(|d| !llmpath_data::registry::NOT_IN_OFFLINE_COPY.contains(&d.name))
        .collect();
    let missing: Vec<&str> = datasets
        .iter()
        .filter(|d| {
            llmpath_data::verify::status(&dir, d, false)
                .map_or(true, |s| s.presence != llmpath_data::Presence::Present)
        })
        .map(|d| d.name)
        .collect();
    let present = datasets.len() - missing.len();
    if missing.is_empty() {
        return Check {
            name: "data",
            level: Level::Ok,
            detail: format!("{}: all {present} datasets present", dir.path().display()),
            fix: None,
        };
    }
    Check {
        name: "data",
        level: Level::Warn,
        detail: format!(
            "{}: {present} of {} datasets present; missing: {}",
            dir.path().display(),
            datasets.len(),
            missing.join(", ")
        ),
        fix: Some(format!(
            "labs need their dataset: `llmpath data fetch {}` (or `--all`) downloads and checks them, or point LLMPATH_DATA (or --data-dir) at a folder holding them",
            missing.join(" ")
        )),
    }
}

fn font_check() -> Check {
    match llmpath_export::fonts::find_cjk_font() {
        Some(font) => Check {
            name: "cjk-font",
            level: Level::Ok,
            detail: format!(
                "{} (face {}, for Chinese in PDF checklists)",
                font.path.display(),
                font.index
            ),
            fix: None,
        },
        None => Check {
            name: "cjk-font",
            level: Level::Warn,
            detail: format!(
                "no Chinese (CJK) font found ({}): PDF checklists could not render Chinese",
                llmpath_export::fonts::searched_folders()
            ),
            fix: Some("Debian/Ubuntu: `sudo apt-get install fonts-noto-cjk`; Fedora: `sudo dnf install google-noto-sans-cjk-fonts`; Arch: `sudo pacman -S noto-fonts-cjk`; macOS and Windows ship one".into()),
        },
    }
}
