//! The labs' binaries in quick mode on the offline MNIST and CIFAR-10 subset: exit 0, their
//! references met in report.json, every plot and the checkpoint written. They train (about a
//! minute each in release, unusable unoptimised), so they run in release builds only:
//! `cargo test --release -p llmpath-labs-deep`.

use llmpath_lab::testing::run_quick;

#[test]
#[cfg_attr(debug_assertions, ignore = "trains on MNIST: run in release (cargo test --release)")]
fn mnist_cnn_quick_meets_pytorch_and_its_threshold_in_chinese() {
    let run = run_quick(env!("CARGO_BIN_EXE_mnist_cnn"), &["--lang", "zh"]);
    let (log, report) = (&run.log, &run.report);
    assert!(log.contains("混淆矩阵"), "{log}");
    assert_eq!(report.lab, "mnist-cnn", "{log}");
    assert!(report.metrics["cnn_test_accuracy"] >= 0.965, "{log}");
    assert!(report.metrics["mlp_test_accuracy"] >= 0.90, "{log}");
    assert!(report.metrics["lenet_logits_max_abs_diff"] <= 1e-5);
    assert_eq!(report.metrics["checkpoint_reload_max_abs_diff"], 0.0);
    for name in ["loss_curves", "accuracy_curves", "confusion_matrix", "misclassified"] {
        for ext in ["svg", "png"] {
            assert!(report.artifacts.contains(&format!("{name}.{ext}")), "{name}.{ext}\n{log}");
        }
    }
    assert!(report.artifacts.contains(&"model.safetensors".to_owned()));
}

#[test]
#[cfg_attr(debug_assertions, ignore = "trains on CIFAR-10: run in release (cargo test --release)")]
fn cifar_cnn_quick_meets_pytorch_and_its_threshold() {
    let run = run_quick(env!("CARGO_BIN_EXE_cifar_cnn"), &[]);
    let (log, report) = (&run.log, &run.report);
    assert!(log.contains("cifar10_subset (2000 / 1000)"), "{log}");
    assert_eq!(report.lab, "cifar-cnn", "{log}");
    assert!(report.metrics["resnet_test_accuracy"] >= 0.14, "{log}");
    assert!(report.metrics["lenet_test_accuracy"] >= 0.14, "{log}");
    assert_eq!(report.metrics["resnet_parameters"], 19_954.0);
    for net in ["lenet", "alexnet", "resnet"] {
        assert!(report.metrics[&format!("{net}_logits_max_abs_diff")] <= 1e-5, "{net}");
    }
    assert_eq!(report.metrics["checkpoint_reload_max_abs_diff"], 0.0);
    for name in ["loss_curves", "accuracy_curves", "confusion_matrix", "misclassified"] {
        for ext in ["svg", "png"] {
            assert!(report.artifacts.contains(&format!("{name}.{ext}")), "{name}.{ext}\n{log}");
        }
    }
    assert!(report.artifacts.contains(&"model.safetensors".to_owned()));
}
