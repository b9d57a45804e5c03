//! The `linear_algebra` binary in quick mode on the offline digits and MNIST, in Chinese: exit 0,
//! report.json with the references met, plots written; a missing dataset named with its fetch.

use std::path::Path;

use llmpath_lab::testing::{run_failing, run_quick, shared_data};

#[test]
fn quick_run_in_chinese_meets_its_references_and_writes_every_plot() {
    let run = run_quick(env!("CARGO_BIN_EXE_linear_algebra"), &["--lang", "zh"]);
    let (log, report) = (&run.log, &run.report);
    assert_eq!((report.lab.as_str(), report.dataset.as_str()), ("linear-algebra", "digits, mnist"));
    for (name, reference) in &report.reference {
        let diff = (report.metrics[name] - reference.value).abs();
        assert!(diff <= 1e-8 * reference.value.abs().max(1.0), "{name}: {diff:e}\n{log}");
    }
    for name in ["power_iteration", "mnist_rank_k_error", "mnist_rank_k"] {
        for file in [format!("{name}.svg"), format!("{name}.png")] {
            assert!(report.artifacts.contains(&file), "{file}");
        }
    }
}

#[test]
fn a_missing_dataset_is_reported_with_how_to_get_it() {
    let data = tempfile::tempdir().unwrap();
    let run = |data: &Path| run_failing(env!("CARGO_BIN_EXE_linear_algebra"), data);
    let log = run(data.path());
    assert!(log.contains("llmpath data fetch digits"), "{log}");
    // The digits alone: MNIST is the one missing.
    let digits = "sklearn/digits.csv.gz";
    std::fs::create_dir(data.path().join("sklearn")).unwrap();
    std::fs::copy(shared_data().join(digits), data.path().join(digits)).unwrap();
    let log = run(data.path());
    assert!(log.contains("llmpath data fetch mnist"), "{log}");
}
