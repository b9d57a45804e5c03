//! The lab's binary in quick mode on the offline tiny-shakespeare: exit 0, its references met
//! in report.json, the plot, the checkpoint and the sample written. It trains (about 30 s of
//! CPU in release, unusable unoptimised), so it runs in release builds only:
//! `cargo test --release -p llmpath-labs-llm`.

use llmpath_lab::testing::run_quick;

#[test]
#[cfg_attr(debug_assertions, ignore = "trains a GPT: run in release (cargo test --release)")]
fn gpt_quick_learns_shakespeare_below_its_threshold_and_as_pytorch_in_chinese() {
    let run = run_quick(env!("CARGO_BIN_EXE_gpt"), &["--lang", "zh"]);
    let (log, report) = (&run.log, &run.report);
    assert!(log.contains("因果掩码"), "{log}");
    assert_eq!(report.lab, "gpt", "{log}");
    let m = &report.metrics;
    // From ln 65 ≈ 4.17 (uniform over the characters) to below the quick threshold.
    assert!((m["initial_val_loss"] - 65f64.ln()).abs() < 0.1, "{log}");
    assert!(m["val_loss_target"] <= report.reference["val_loss_target"].value, "{log}");
    assert_eq!(report.reference["val_loss_target"].value, QUICK_TARGET);
    // …and within 3 % of PyTorch's with the same recipe and initial weights (gpt.py).
    let torch = report.reference["val_loss"].value;
    assert!((m["val_loss"] - torch).abs() <= 0.03 * torch, "{log}");
    assert!(m["tiny_gpt_logits_max_abs_diff"] <= 1e-5);
    assert_eq!(m["causal_leak_max_abs_diff"], 0.0);
    assert_eq!(m["checkpoint_reload_max_abs_diff"], 0.0);
    run.assert_artifacts(&[
        "loss_curves.svg",
        "loss_curves.png",
        "model.safetensors",
        "sample.txt",
    ]);
    let sample = std::fs::read_to_string(run.path("sample.txt")).unwrap();
    assert_eq!(sample.chars().count(), 500);
}

/// The lab's quick threshold (`QUICK.target` in src/bin/gpt.rs).
const QUICK_TARGET: f64 = 2.45;
