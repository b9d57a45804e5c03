//! The `calculus` binary in quick mode: exit 0, report.json with the references met, plots written.

use llmpath_lab::testing::run_quick;

#[test]
fn quick_run_meets_its_references_and_writes_every_plot() {
    let run = run_quick(env!("CARGO_BIN_EXE_calculus"), &[]);
    let (log, report) = (&run.log, &run.report);
    assert_eq!(report.lab, "calculus");
    assert!(
        report.metrics["momentum_final_loss"] < 1e-6 && report.metrics["gd_final_loss"] > 1e-3,
        "{log}"
    );
    assert_eq!(report.metrics["momentum_iterations_to_1e-6"], 1484.0);
    for name in ["derivative_error", "rosenbrock_loss", "rosenbrock_paths", "taylor_exp"] {
        for file in [format!("{name}.svg"), format!("{name}.png")] {
            assert!(report.artifacts.contains(&file), "{file}");
        }
    }
}
