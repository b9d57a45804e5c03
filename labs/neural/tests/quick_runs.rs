//! Each lab's binary in quick mode on the offline datasets: exit 0, its references met in
//! report.json, every plot written. The four that train (much slower unoptimised) run in
//! release builds only: `cargo test --release -p llmpath-labs-neural`.
#![allow(clippy::unwrap_used)] // the helpers below are test code too

use llmpath_lab::Report;
use llmpath_lab::testing::{run_failing, run_quick};

/// Runs `binary --quick` (and `extra` arguments); the report, after checking the exit status,
/// the lab's id, that it has references and that every artifact exists.
fn quick_run(binary: &str, lab: &str, extra: &[&str]) -> (Report, String) {
    let run = run_quick(binary, extra);
    assert_eq!(run.report.lab, lab, "{}", run.log);
    assert!(!run.report.reference.is_empty());
    (run.report, run.log)
}

fn has_plots(report: &Report, names: &[&str]) -> bool {
    names.iter().all(|name| {
        ["svg", "png"].iter().all(|ext| report.artifacts.contains(&format!("{name}.{ext}")))
    })
}

#[test]
fn neurons_meets_pytorch_and_sklearn_in_chinese() {
    let (report, log) = quick_run(env!("CARGO_BIN_EXE_neurons"), "neurons", &["--lang", "zh"]);
    assert!(log.contains("感知机"), "{log}");
    assert_eq!(report.metrics["perceptron_updates"], 5.0);
    assert!(has_plots(&report, &["activations", "activation_derivatives", "mse_vs_cross_entropy"]));
}

#[test]
#[cfg_attr(debug_assertions, ignore = "trains: run in release (cargo test --release)")]
fn backprop_meets_pytorch() {
    let (report, _) = quick_run(env!("CARGO_BIN_EXE_backprop"), "backprop", &[]);
    assert!(report.metrics["test_accuracy"] >= 0.95);
    assert!(report.metrics["gradient_check_at_init"] < 1e-8);
}

#[test]
#[cfg_attr(debug_assertions, ignore = "trains: run in release (cargo test --release)")]
fn micrograd_meets_pytorch_and_draws_the_graph() {
    let (report, _) = quick_run(env!("CARGO_BIN_EXE_micrograd"), "micrograd", &[]);
    assert!(
        report.artifacts.contains(&"graph.svg".to_owned())
            && report.artifacts.contains(&"graph.dot".to_owned())
    );
    assert!(has_plots(&report, &["moons_loss", "moons_decision_boundary"]));
    assert!(report.metrics["moons_final_accuracy"] >= 0.85);
}

#[test]
#[cfg_attr(debug_assertions, ignore = "trains on MNIST: run in release (cargo test --release)")]
fn tensor_autograd_quick_epoch_meets_pytorch_and_the_threshold() {
    let (report, _) = quick_run(env!("CARGO_BIN_EXE_tensor_autograd"), "tensor-autograd", &[]);
    assert!(report.metrics["test_accuracy"] >= 0.94);
    assert!(has_plots(&report, &["mnist_loss", "mnist_accuracy"]));
}

#[test]
#[cfg_attr(debug_assertions, ignore = "trains on MNIST: run in release (cargo test --release)")]
fn another_seed_trains_as_well_without_the_golden_comparison() {
    let (report, _) =
        quick_run(env!("CARGO_BIN_EXE_tensor_autograd"), "tensor-autograd", &["--seed", "7"]);
    assert!(report.metrics["test_accuracy"] >= 0.94);
    assert!(!report.reference.contains_key("epochs_vs_torch"));
}

#[test]
#[cfg_attr(debug_assertions, ignore = "trains: run in release (cargo test --release)")]
fn gradient_decay_vanishes_for_sigmoid_and_he_relus_learn() {
    let (report, log) =
        quick_run(env!("CARGO_BIN_EXE_gradient_decay"), "gradient-decay", &["--lang", "zh"]);
    assert!(log.contains("初始化"), "{log}");
    assert!(report.metrics["sigmoid_init_ratio"] < 1e-6);
    assert!(report.metrics["relu_he_test_accuracy"] >= 0.9); // 0.9317 measured
    assert!(report.metrics["sigmoid_test_accuracy"] <= 0.2);
    assert!(report.reference.contains_key("relu_he_grad_norms_vs_torch"));
    let names = ["grad_norms_at_init", "grad_norms_trained", "grad_norms_sigmoid"];
    assert!(has_plots(&report, &names) && has_plots(&report, &["training_loss", "test_accuracy"]));
}

#[test]
fn a_missing_dataset_is_reported_with_how_to_get_it() {
    let data = tempfile::tempdir().unwrap();
    let log = run_failing(env!("CARGO_BIN_EXE_neurons"), data.path());
    assert!(log.contains("llmpath data fetch iris"), "{log}");
}
