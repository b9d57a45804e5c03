//! The char-LSTM lab's binary in quick mode on the offline tiny-shakespeare and Tang poems: exit
//! 0, validation losses below the quick thresholds (themselves below the uniform ln V), the
//! checkpoint reloaded with identical logits, three 500-character samples, quatrains in form,
//! and the two-layer Transformer decoder of the LSTM's size trained beside it.
//! It trains (about 45 s of CPU in release), so it runs in release builds only:
//! `cargo test --release -p llmpath-labs-llm --test char_lstm_quick`.

use llmpath_lab::testing::run_quick;

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "trains two LSTMs and a Transformer decoder: run in release (cargo test --release)"
)]
fn char_lstm_quick_learns_both_corpora_and_writes_samples_and_poems_in_chinese() {
    let run = run_quick(env!("CARGO_BIN_EXE_char_lstm"), &["--lang", "zh"]);
    let (log, report) = (&run.log, &run.report);
    assert!(log.contains("藏头诗"), "{log}");
    assert_eq!(report.lab, "char-lstm", "{log}");
    let m = &report.metrics;
    // From ln V (uniform over the characters) to below the quick thresholds.
    for (corpus, vocab, threshold) in [("shakespeare", 65f64, 2.5), ("tang", 5070f64, 6.8)] {
        assert!((m[&format!("{corpus}_initial_val_loss")] - vocab.ln()).abs() < 0.1, "{log}");
        let key = format!("{corpus}_val_loss_target");
        assert_eq!(report.reference[&key].value, threshold);
        assert!(m[&key] <= threshold && threshold < vocab.ln(), "{key}\n{log}");
    }
    assert_eq!(m["checkpoint_reload_max_abs_diff"], 0.0);
    // The two-layer decoder beside the LSTM: about its size (within 5 %), also below the
    // threshold, compared with it in the report.
    let (lstm, decoder) = (m["shakespeare_parameters"], m["shakespeare_decoder_parameters"]);
    assert!((decoder - lstm).abs() < 0.05 * lstm, "{decoder} against {lstm}");
    assert!(m["shakespeare_decoder_val_loss"] <= 2.5, "{log}");
    let lstm_loss = report.reference["shakespeare_decoder_val_loss"].value;
    assert_eq!(lstm_loss, m["shakespeare_val_loss_target"], "{log}");
    assert!(log.contains("两层 Transformer 解码器"), "{log}");
    // Colder samples stay closer to real words.
    assert!(m["shakespeare_real_words_t5"] > m["shakespeare_real_words_t15"], "{log}");
    for t in ["0.5", "1.0", "1.5"] {
        let file = format!("shakespeare_temperature_{t}.txt");
        let sample = std::fs::read_to_string(run.path(&file)).unwrap_or_default();
        assert_eq!(sample.chars().count(), "ROMEO:\n".len() + 500, "{file}");
    }
    let poems = std::fs::read_to_string(run.path("tang_poems.txt")).unwrap_or_default();
    let lines: Vec<&str> = poems.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 8, "{poems}");
    assert!(lines.iter().all(|l| l.chars().count() == 12), "{poems}");
    let heads: String =
        lines[6..].iter().flat_map(|l| [l.chars().next(), l.chars().nth(6)]).flatten().collect();
    assert_eq!(heads, "春夏秋冬", "{poems}");
    run.assert_artifacts(&[
        "loss_curves.svg",
        "loss_curves.png",
        "model.safetensors",
        "tang_poems.txt",
    ]);
}
