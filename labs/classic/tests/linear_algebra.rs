//! The `linear_algebra` binary in quick mode on the offline digits, in Chinese: exit 0,
//! report.json with the references met, plots written.

use std::path::{Path, PathBuf};
use std::process::Command;

use llmpath_lab::Report;

#[test]
fn quick_run_in_chinese_meets_its_references_and_writes_every_plot() {
    let data = std::env::var_os("LLMPATH_DATA").map(PathBuf::from);
    let data =
        data.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_linear_algebra"))
        .args(["--quick", "--lang", "zh", "--data-dir"])
        .arg(&data)
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    let log = format!(
        "{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.status.success(), "{log}");
    let report = Report::read(out.path()).unwrap();
    assert_eq!((report.lab.as_str(), report.dataset.as_str()), ("linear-algebra", "digits"));
    for (name, reference) in &report.reference {
        let diff = (report.metrics[name] - reference.value).abs();
        assert!(diff <= 1e-8 * reference.value.abs().max(1.0), "{name}: {diff:e}\n{log}");
    }
    for name in ["power_iteration", "rank_k_error", "digits_rank_k"] {
        for file in [format!("{name}.svg"), format!("{name}.png")] {
            assert!(report.artifacts.contains(&file) && out.path().join(&file).is_file(), "{file}");
        }
    }
}

#[test]
fn a_missing_dataset_is_reported_with_how_to_get_it() {
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let run = Command::new(env!("CARGO_BIN_EXE_linear_algebra"))
        .arg("--data-dir")
        .arg(data.path())
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success() && stderr.contains("llmpath data fetch digits"), "{stderr}");
}
