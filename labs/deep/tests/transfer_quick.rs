//! The transfer-learning lab in quick mode on the offline CIFAR-10 subset: exit 0, its checks
//! met in report.json (frozen backbones bit-identical, task A well above chance, fine-tuning
//! beating scratch, pretrained features beating random ones), every plot written. It trains a
//! ResNet (minutes in release, unusable unoptimised), so it runs in release builds only:
//! `cargo test --release -p llmpath-labs-deep --test transfer_quick`.

use llmpath_lab::testing::run_quick;

#[test]
#[cfg_attr(debug_assertions, ignore = "trains a ResNet: run in release (cargo test --release)")]
fn transfer_quick_freezes_the_backbone_and_beats_scratch_in_chinese() {
    let run = run_quick(env!("CARGO_BIN_EXE_transfer"), &["--lang", "zh"]);
    let (log, report) = (&run.log, &run.report);
    assert!(log.contains("混淆矩阵"), "{log}");
    assert_eq!(report.lab, "transfer-learning", "{log}");
    let m = &report.metrics;
    assert_eq!(m["frozen_backbone_unchanged"], 1.0, "{log}");
    assert_eq!(m["random_frozen_backbone_unchanged"], 1.0, "{log}");
    assert!(m["pretrain_a_test_accuracy"] >= QUICK_TARGET_A, "{log}");
    assert!(m["gain_finetune_over_scratch_worst_seed"] >= QUICK_GAIN_FINETUNE, "{log}");
    assert!(m["gain_frozen_over_random_frozen_worst_seed"] >= QUICK_OVER_RANDOM, "{log}");
    assert!(m.contains_key("gain_frozen_over_scratch_mean"), "{log}");
    for name in ["accuracy_bars", "loss_curves", "accuracy_curves", "confusion_matrix"] {
        for ext in ["svg", "png"] {
            assert!(report.artifacts.contains(&format!("{name}.{ext}")), "{name}.{ext}\n{log}");
        }
    }
}

/// The lab's own quick thresholds (transfer.rs), repeated here so that loosening them there
/// fails this test.
const QUICK_TARGET_A: f64 = 0.28;
const QUICK_GAIN_FINETUNE: f64 = 0.0;
const QUICK_OVER_RANDOM: f64 = 0.05;
