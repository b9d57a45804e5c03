//! Each lab's binary in quick mode on the offline datasets: exit 0, its references met in
//! report.json, every artifact written. The runs read and train on whole corpora (much slower
//! unoptimised), so they run in release builds only: `cargo test --release -p llmpath-labs-text`.
#![allow(clippy::unwrap_used)] // the helpers below are test code too

use std::path::Path;
use std::process::Command;

use llmpath_lab::testing::{run_failing, run_quick, shared_data};

/// Runs `binary --quick --out OUT` (and `extra` arguments) that may fail: its output and log.
fn run(binary: &str, out: &Path, extra: &[&str]) -> (std::process::Output, String) {
    let run = Command::new(binary)
        .args(["--quick", "--data-dir"])
        .arg(shared_data())
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    let log = format!(
        "{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    (run, log)
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "trains BPE on the corpus: run in release (cargo test --release)"
)]
fn tokenize_meets_python_and_tokenizers_and_reads_its_own_tokenizer_json_back() {
    let first = run_quick(env!("CARGO_BIN_EXE_tokenize"), &["--lang", "zh"]);
    let (report, log) = (&first.report, &first.log);
    assert_eq!(report.lab, "tokenize");
    assert!(log.contains("jieba 分词"), "{log}");
    assert_eq!(report.metrics["merges_differing_from_tokenizers"], 0.0);
    assert_eq!(report.metrics["vocab_entries_differing_from_tokenizers"], 0.0);
    assert!(report.artifacts.iter().any(|a| a == "tokens_per_char.svg"));
    // The saved file as the "pretrained" tokenizer: it counts what the lab's own BPE counts.
    let saved = first.path("tokenizer.json");
    let args = ["--tokenizer", saved.to_str().unwrap()];
    let again = run_quick(env!("CARGO_BIN_EXE_tokenize"), &args).report;
    for text in ["sst2", "shakespeare", "chnsenticorp", "tang"] {
        let bpe = again.metrics[&format!("{text}_bpe_per_char")];
        assert_eq!(again.metrics[&format!("{text}_pretrained_per_char")], bpe, "{text}");
    }
    // Chinese takes ~3 UTF-8 bytes a character; BPE brings English well under one token a character.
    assert!(again.metrics["chnsenticorp_bytes_per_char"] > 2.8);
    assert!(again.metrics["sst2_bpe_per_char"] < 0.75);
}

#[test]
#[cfg_attr(debug_assertions, ignore = "trains word vectors: run in release (cargo test --release)")]
fn word2vec_meets_torch_and_numpy_and_draws_its_projections() {
    let run = run_quick(env!("CARGO_BIN_EXE_word2vec"), &[]);
    let (report, log) = (&run.report, &run.log);
    assert_eq!(report.lab, "word2vec");
    assert!(log.contains("Analogies"), "{log}");
    assert!(
        report.metrics["sgns_step_vs_numpy"] < 1e-15
            && report.metrics["glove_pass_vs_numpy"] < 1e-15
    );
    assert!(report.metrics["sgns_en_last_epoch_loss"] < report.metrics["sgns_en_first_epoch_loss"]);
    let probe = |epoch: &str| report.metrics[&format!("sgns_en_{epoch}_epoch_probe_loss")];
    assert!(probe("last") < probe("first"), "{log}");
    assert!(
        report.metrics["glove_en_last_epoch_cost"] < report.metrics["glove_en_first_epoch_cost"]
    );
    for plot in ["sgns_loss", "glove_cost", "pca_sgns_shakespeare", "pca_glove_shakespeare"] {
        assert!(report.artifacts.contains(&format!("{plot}.png")), "{plot}");
    }
}

#[test]
#[cfg_attr(debug_assertions, ignore = "trains 9 tokenizers on SST-2: run in release")]
fn vocab_sweep_counts_what_python_tokenizers_counts_and_subwords_know_the_dev_words() {
    let run = run_quick(env!("CARGO_BIN_EXE_vocab_sweep"), &["--lang", "zh"]);
    let (report, log) = (&run.report, &run.log);
    assert_eq!(report.lab, "vocab-sweep");
    assert!(log.contains("词表大小"), "{log}");
    // Every count equals Python's (the run fails otherwise); at least 9 were compared.
    assert!(report.reference.keys().filter(|k| k.ends_with("_counts_differing")).count() >= 9);
    let m = |key: &str| report.metrics[key];
    // A word-level vocabulary leaves far more unknown than a subword one of the same size…
    assert!(m("wordlevel_8000_unknown_rate") > 0.05 && m("wordpiece_8000_unknown_rate") < 0.001);
    // …which pays with longer sequences, less so as it grows.
    let wp = |size: u32| m(&format!("wordpiece_{size}_tokens_per_sentence"));
    assert!(
        wp(500) > wp(2000)
            && wp(2000) > wp(8000)
            && wp(8000) > m("wordlevel_8000_tokens_per_sentence")
    );
    run.assert_artifacts(&["tokens_per_sentence.png", "unknown_share.svg", "wordpiece-8000.json"]);
}

#[test]
fn a_bad_tokenizer_json_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("tokenizer.json");
    std::fs::write(&bad, "not json").unwrap();
    let (run, log) = run(
        env!("CARGO_BIN_EXE_tokenize"),
        &dir.path().join("out"),
        &["--tokenizer", bad.to_str().unwrap()],
    );
    assert!(!run.status.success() && log.contains("as a Hugging Face tokenizer.json"), "{log}");
}

#[test]
fn a_missing_dataset_is_reported_with_how_to_get_it() {
    let data = tempfile::tempdir().unwrap();
    let log = run_failing(env!("CARGO_BIN_EXE_tokenize"), data.path());
    assert!(log.contains("llmpath data fetch"), "{log}");
}
