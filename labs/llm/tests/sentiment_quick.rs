//! The sentiment lab's binary in quick mode on the offline SST-2, ChnSentiCorp and waimai_10k:
//! exit 0, the LSTM's and the bag-of-words baseline's accuracies at or above the quick thresholds
//! in report.json, the comparison table printed, the plots written. It trains (about 35 s of CPU
//! in release, far slower unoptimised), so it runs in release builds only: `cargo test --release -p llmpath-labs-llm --test sentiment_quick`.

use llmpath_lab::testing::run_quick;

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "trains recurrent classifiers: run in release (cargo test --release)"
)]
fn sentiment_quick_lstm_and_baseline_clear_their_thresholds_on_sst2_chnsenticorp_and_waimai_in_chinese()
 {
    let run = run_quick(env!("CARGO_BIN_EXE_sentiment"), &["--lang", "zh"]);
    let (log, report) = (&run.log, &run.report);
    assert!(log.contains("测试准确率"), "{log}");
    assert_eq!(report.lab, "sentiment", "{log}");
    let m = &report.metrics;
    let thresholds = [
        ("sst2_lstm_accuracy", 0.75),
        ("chnsenticorp_lstm_accuracy", 0.80),
        ("waimai_10k_lstm_accuracy", 0.80),
        ("sst2_bow_accuracy", 0.77),
    ];
    for (key, threshold) in thresholds {
        assert_eq!(report.reference[key].value, threshold, "{key}");
        assert!(m[key] >= threshold, "{key} = {}\n{log}", m[key]);
    }
    // …and within 3 % of PyTorch's with the same recipe and initial weights (lstm.py).
    let torch = report.reference["sst2_lstm_dev_accuracy"].value;
    assert!((m["sst2_lstm_dev_accuracy"] - torch).abs() <= 0.03 * torch, "{log}");
    // The vanilla RNN is trained beside it and learns too (SST-2 dev is balanced: chance 0.51).
    assert!(m["sst2_rnn_accuracy"] > 0.6, "{log}");
    assert!(m["sst2_lstm_f1"] > 0.6 && m["chnsenticorp_lstm_f1"] > 0.6, "{log}");
    // waimai_10k is two-thirds negative: the F1 of the positive class shows it is not ignored.
    assert!(m["waimai_10k_lstm_f1"] > 0.6 && m["waimai_10k_bow_accuracy"] > 0.75, "{log}");
    // The bag-of-words baseline on ChnSentiCorp, on jieba's words and on characters (the
    // character LSTM runs in full runs only); the comparison table is printed.
    for key in ["chnsenticorp_bow_accuracy", "chnsenticorp_chars_bow_accuracy"] {
        assert!(m[key] > 0.75, "{key} = {}\n{log}", m[key]);
    }
    assert!(!m.contains_key("chnsenticorp_chars_lstm_accuracy"), "{log}");
    assert!(log.contains("测试准确率 / F1（正类）") && log.contains("BoW LR"), "{log}");
    run.assert_artifacts(&[
        "loss_curves.svg",
        "loss_curves.png",
        "accuracy_curves.svg",
        "accuracy_curves.png",
    ]);
}
