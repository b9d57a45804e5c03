//! Drives the real `llmpath` binary on a temporary home, with a pinned clock and time zone.
#![allow(clippy::unwrap_used, dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The clock every test starts at (a Monday).
pub const NOW: &str = "2026-03-02T09:00:00Z";

pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    pub fn database(&self) -> PathBuf {
        self.home().join("progress.sqlite3")
    }

    /// A command with this sandbox's home, English output and the clock at `now`.
    pub fn command_at(&self, now: &str, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_llmpath"));
        command
            .args(args)
            .env("LLMPATH_HOME", self.home())
            .env("LLMPATH_NOW", now)
            .env("LLMPATH_DATA", self.dir.path().join("data"))
            .env("LLMPATH_LANG", "en")
            .env("TZ", "UTC")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG");
        command
    }

    pub fn command(&self, args: &[&str]) -> Command {
        self.command_at(NOW, args)
    }

    /// Runs and requires success; on failure prints everything a reader needs.
    pub fn run_at(&self, now: &str, args: &[&str]) -> String {
        let output = self.command_at(now, args).output().unwrap();
        if !output.status.success() {
            self.dump(args, &output);
            panic!("llmpath {args:?} failed");
        }
        String::from_utf8(output.stdout).unwrap()
    }

    pub fn run(&self, args: &[&str]) -> String {
        self.run_at(NOW, args)
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut args = args.to_vec();
        args.push("--json");
        serde_json::from_str(&self.run(&args)).unwrap()
    }

    /// Runs and requires failure; returns stderr.
    pub fn fail(&self, args: &[&str]) -> String {
        let output = self.command(args).output().unwrap();
        if output.status.success() {
            self.dump(args, &output);
            panic!("llmpath {args:?} succeeded but should have failed");
        }
        String::from_utf8(output.stderr).unwrap()
    }

    pub fn dump(&self, args: &[&str], output: &Output) {
        eprintln!("--- llmpath {args:?}: {}", output.status);
        eprintln!("--- stdout\n{}", String::from_utf8_lossy(&output.stdout));
        eprintln!("--- stderr\n{}", String::from_utf8_lossy(&output.stderr));
        eprintln!("--- files");
        list(self.dir.path(), 0);
    }
}

fn list(dir: &Path, depth: usize) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let meta = entry.metadata().unwrap();
        eprintln!(
            "{}{} ({} bytes)",
            "  ".repeat(depth),
            entry.file_name().to_string_lossy(),
            meta.len()
        );
        if meta.is_dir() {
            list(&entry.path(), depth + 1);
        }
    }
}

/// The repository's `content/` folder.
pub fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content")
}

/// Copies a folder tree (a content fixture, say).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}
