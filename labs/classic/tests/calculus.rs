//! The `calculus` binary in quick mode: exit 0, report.json with the references met, plots written.

use std::process::Command;

use llmpath_lab::Report;

#[test]
fn quick_run_meets_its_references_and_writes_every_plot() {
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_calculus"))
        .arg("--quick")
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
    assert_eq!((report.lab.as_str(), report.quick), ("calculus", true));
    assert!(
        report.metrics["momentum_final_loss"] < 1e-6 && report.metrics["gd_final_loss"] > 1e-3,
        "{log}"
    );
    assert_eq!(report.metrics["momentum_iterations_to_1e-6"], 1484.0);
    for name in ["derivative_error", "rosenbrock_loss", "rosenbrock_paths", "taylor_exp"] {
        for file in [format!("{name}.svg"), format!("{name}.png")] {
            assert!(report.artifacts.contains(&file) && out.path().join(&file).is_file(), "{file}");
        }
    }
}
