//! The `linear_algebra` binary in quick mode on the offline digits and MNIST, in Chinese: exit 0,
//! report.json with the references met, plots written; a missing dataset named with its fetch.

use std::path::{Path, PathBuf};
use std::process::Command;

use llmpath_lab::Report;

/// `$LLMPATH_DATA`, or the project's offline copy.
fn shared_data() -> PathBuf {
    let data = std::env::var_os("LLMPATH_DATA").map(PathBuf::from);
    data.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
}

#[test]
fn quick_run_in_chinese_meets_its_references_and_writes_every_plot() {
    let data = shared_data();
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
    assert_eq!((report.lab.as_str(), report.dataset.as_str()), ("linear-algebra", "digits, mnist"));
    for (name, reference) in &report.reference {
        let diff = (report.metrics[name] - reference.value).abs();
        assert!(diff <= 1e-8 * reference.value.abs().max(1.0), "{name}: {diff:e}\n{log}");
    }
    for name in ["power_iteration", "mnist_rank_k_error", "mnist_rank_k"] {
        for file in [format!("{name}.svg"), format!("{name}.png")] {
            assert!(report.artifacts.contains(&file) && out.path().join(&file).is_file(), "{file}");
        }
    }
}

#[test]
fn a_missing_dataset_is_reported_with_how_to_get_it() {
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let run = |data: &Path| {
        let run = Command::new(env!("CARGO_BIN_EXE_linear_algebra"))
            .args(["--quick", "--data-dir"])
            .arg(data)
            .arg("--out")
            .arg(out.path())
            .output()
            .unwrap();
        (run.status.success(), String::from_utf8_lossy(&run.stderr).into_owned())
    };
    let (ok, stderr) = run(data.path());
    assert!(!ok && stderr.contains("llmpath data fetch digits"), "{stderr}");
    // The digits alone: MNIST is the one missing.
    let digits = "sklearn/digits.csv.gz";
    std::fs::create_dir(data.path().join("sklearn")).unwrap();
    std::fs::copy(shared_data().join(digits), data.path().join(digits)).unwrap();
    let (ok, stderr) = run(data.path());
    assert!(!ok && stderr.contains("llmpath data fetch mnist"), "{stderr}");
}
