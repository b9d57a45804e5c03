//! What the labs' integration tests share (feature `testing`, for dev-dependencies only): run a
//! lab's binary in quick mode on the offline datasets, check that it succeeded and wrote every
//! artifact its report names, and hand back the report and the log for the lab's own asserts.
//!
//! ```ignore
//! let run = llmpath_lab::testing::run_quick(env!("CARGO_BIN_EXE_gpt"), &["--lang", "zh"]);
//! assert!(run.report.metrics["val_loss"] <= 2.45, "{}", run.log);
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Report;

/// `$LLMPATH_DATA`, or the project's offline copy (`../shared/data` beside the checkout).
pub fn shared_data() -> PathBuf {
    let data = std::env::var_os("LLMPATH_DATA").map(PathBuf::from);
    // This crate sits two folders below the checkout (crates/lab), as every lab crate does.
    data.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
}

/// A finished quick run: its output folder (deleted on drop), stdout + stderr, and report.json.
pub struct QuickRun {
    pub out: tempfile::TempDir,
    pub log: String,
    pub report: Report,
}

impl QuickRun {
    /// A file the run wrote.
    pub fn path(&self, name: &str) -> PathBuf {
        self.out.path().join(name)
    }

    /// Panics, with the log, unless the report lists every one of `names` as an artifact.
    pub fn assert_artifacts(&self, names: &[&str]) {
        for name in names {
            assert!(
                self.report.artifacts.iter().any(|a| a == name),
                "{name} not reported\n{}",
                self.log
            );
        }
    }
}

/// Runs `bin --quick --data-dir <data> --out <out> <extra…>`: its exit status and stdout + stderr.
///
/// One thread for candle and rayon: their worker pools spin while they wait, so on a shared
/// 2-core machine two threads ran 3–6× slower than one.
fn launch(bin: &str, data: &Path, out: &Path, extra: &[&str]) -> (bool, String) {
    let output = Command::new(bin)
        .arg("--quick")
        .arg("--data-dir")
        .arg(data)
        .arg("--out")
        .arg(out)
        .args(extra)
        .env("RAYON_NUM_THREADS", "1")
        .env("CANDLE_NUM_THREADS", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot start {bin}: {e}"));
    let log = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), log)
}

/// Runs `bin --quick --data-dir <shared data> --out <temp dir> <extra…>` and panics, showing its
/// log, unless it exits 0, writes a report of a quick run, and every reported artifact exists.
pub fn run_quick(bin: &str, extra: &[&str]) -> QuickRun {
    let out = tempfile::tempdir().expect("a temporary folder");
    let (ok, log) = launch(bin, &shared_data(), out.path(), extra);
    assert!(ok, "{bin} failed\n{log}");
    let report = Report::read(out.path()).unwrap_or_else(|e| panic!("{e}\n{log}"));
    assert!(report.quick, "the report is not of a quick run\n{log}");
    for name in &report.artifacts {
        assert!(
            out.path().join(name).is_file(),
            "artifact {name} missing\n{log}"
        );
    }
    QuickRun { out, log, report }
}

/// Runs `bin --quick` on the data folder `data` (an empty one: no dataset at all), into a
/// temporary output folder, and panics unless it fails; returns its stdout + stderr, for the
/// test to check that the message says what to do.
pub fn run_failing(bin: &str, data: &Path) -> String {
    let out = tempfile::tempdir().expect("a temporary folder");
    let (ok, log) = launch(bin, data, out.path(), &[]);
    assert!(!ok, "{bin} succeeded without its data\n{log}");
    log
}

/// Panics unless |ours − reference| ≤ 1e-5 · max(1, |reference|): the labs' agreement with
/// PyTorch in f32 (relative for large values, absolute below 1).
pub fn assert_close(what: &str, ours: f64, reference: f64) {
    let gap = (ours - reference).abs();
    assert!(
        gap <= 1e-5 * reference.abs().max(1.0),
        "{what}: {ours} vs PyTorch {reference} (gap {gap:e})"
    );
}
