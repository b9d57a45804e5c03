//! The Transformer lab's binary in quick mode (digits, lengths 3–10): exit 0, its references met
//! in report.json, the attention maps, the exact-match chart and the checkpoint written. It
//! trains two small Transformers (unusable unoptimised), so it runs in release builds only:
//! `cargo test --release -p llmpath-labs-llm --test transformer_quick`.

use llmpath_lab::testing::run_quick;

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "trains two Transformers: run in release (cargo test --release)"
)]
fn transformer_quick_reverses_held_out_digit_sequences_with_anti_diagonal_cross_attention_in_chinese()
 {
    let run = run_quick(env!("CARGO_BIN_EXE_transformer"), &["--lang", "zh"]);
    let (log, report) = (&run.log, &run.report);
    assert!(log.contains("因果掩码"), "{log}");
    assert_eq!(report.lab, "transformer", "{log}");
    let m = &report.metrics;
    assert_eq!(report.reference["exact_match_target"].value, 0.95);
    assert!(m["exact_match_target"] >= 0.95, "{log}");
    // Learned positions train too, if not always as far in the quick budget.
    assert!(m["exact_match_learned"] >= 0.5, "{log}");
    // Reversal: some cross-attention head puts most of its weight on the anti-diagonal
    // (uniform attention would put 1/9 there).
    assert!(m["anti_diagonal_share_held_out"] >= 0.5, "{log}");
    assert!(m["tiny_transformer_logits_max_abs_diff"] <= 1e-5);
    assert_eq!(m["causal_leak_max_abs_diff"], 0.0);
    assert_eq!(m["checkpoint_reload_max_abs_diff"], 0.0);
    run.assert_artifacts(&[
        "attention_maps.svg",
        "attention_maps.png",
        "exact_match.svg",
        "exact_match.png",
        "model.safetensors",
    ]);
}
