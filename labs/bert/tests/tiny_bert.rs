//! The loader and tokenizer against Hugging Face transformers on a tiny random BERT
//! (scripts/reference/tiny_bert.py wrote the fixture folder and golden/tiny_bert.json), and the
//! lab's errors on bad checkpoint folders.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use candle_core::{Device, Tensor};
use llmpath_labs_bert::Encoder;
use serde::Deserialize;

const GOLDEN: &str = include_str!("../../../scripts/reference/golden/tiny_bert.json");

#[derive(Deserialize)]
struct Golden {
    sentences: Vec<String>,
    input_ids: Vec<Vec<u32>>,
    attention_mask: Vec<Vec<u32>>,
    last_hidden_state: Vec<f64>,
    cls: Vec<f64>,
    mean: Vec<f64>,
    pooler: Vec<f64>,
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny-bert")
}

fn max_diff(ours: &Tensor, golden: &[f64]) -> f64 {
    let ours = ours.flatten_all().unwrap().to_vec1::<f32>().unwrap();
    assert_eq!(ours.len(), golden.len());
    ours.iter().zip(golden).map(|(a, b)| (*a as f64 - b).abs()).fold(0.0, f64::max)
}

/// The fixture's files copied to a temporary folder, without `skip`.
fn copy_without(skip: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["config.json", "tokenizer.json", "vocab.txt", "model.safetensors"] {
        if !skip.contains(&name) {
            std::fs::copy(fixture().join(name), dir.path().join(name)).unwrap();
        }
    }
    dir
}

/// Checks ids, mask, hidden state and the three sentence vectors; returns max |Δh|.
fn check(encoder: &Encoder, g: &Golden) -> f64 {
    let sentences: Vec<&str> = g.sentences.iter().map(String::as_str).collect();
    let batch = encoder.tokenize(&sentences).unwrap();
    assert_eq!(batch.ids, g.input_ids);
    assert_eq!(batch.mask, g.attention_mask);
    let out = encoder.forward(&batch).unwrap();
    let gap = max_diff(&out.hidden, &g.last_hidden_state);
    assert!(gap <= 1e-5, "last hidden state differs by {gap:e}");
    for (name, ours, golden) in [("cls", &out.cls, &g.cls), ("mean", &out.mean, &g.mean)] {
        let d = max_diff(ours, golden);
        assert!(d <= 1e-5, "{name} differs by {d:e}");
    }
    let pooled = encoder.pooled(&out).unwrap().expect("the fixture has a pooler");
    let d = max_diff(&pooled, &g.pooler);
    assert!(d <= 1e-5, "pooler differs by {d:e}");
    gap
}

#[test]
fn tiny_bert_matches_transformers_ids_and_hidden_states() {
    let g: Golden = serde_json::from_str(GOLDEN).unwrap();
    let encoder = Encoder::load(&fixture(), &Device::Cpu).unwrap();
    assert_eq!((encoder.config.num_hidden_layers, encoder.config.hidden_size), (2, 32));
    check(&encoder, &g);
}

#[test]
fn vocab_txt_wordpiece_gives_the_same_ids_as_tokenizer_json() {
    let g: Golden = serde_json::from_str(GOLDEN).unwrap();
    let dir = copy_without(&["tokenizer.json"]);
    check(&Encoder::load(dir.path(), &Device::Cpu).unwrap(), &g);
}

#[test]
fn bert_prefixed_parameter_names_load_the_same_encoder() {
    let g: Golden = serde_json::from_str(GOLDEN).unwrap();
    let dir = copy_without(&["model.safetensors"]);
    let tensors = candle_core::safetensors::load(fixture().join("model.safetensors"), &Device::Cpu);
    let prefixed: std::collections::HashMap<String, Tensor> =
        tensors.unwrap().into_iter().map(|(k, v)| (format!("bert.{k}"), v)).collect();
    candle_core::safetensors::save(&prefixed, dir.path().join("model.safetensors")).unwrap();
    check(&Encoder::load(dir.path(), &Device::Cpu).unwrap(), &g);
}

#[test]
fn embed_keeps_the_input_order() {
    let g: Golden = serde_json::from_str(GOLDEN).unwrap();
    let encoder = Encoder::load(&fixture(), &Device::Cpu).unwrap();
    // Longest first, one at a time: sorting by length must be undone.
    let sentences: Vec<&str> = g.sentences.iter().rev().map(String::as_str).collect();
    let (_, mean) = encoder.embed(&sentences, 2, |_| {}).unwrap();
    let rows = mean.to_vec2::<f32>().unwrap();
    let c = rows[0].len();
    for (k, row) in rows.iter().enumerate() {
        let golden = &g.mean[(2 - k) * c..(3 - k) * c];
        let d = row.iter().zip(golden).map(|(a, b)| (*a as f64 - b).abs()).fold(0.0, f64::max);
        assert!(d <= 1e-5, "sentence {k}: {d:e}");
    }
}

/// Runs the lab with `--model-dir dir` (no data needed: the folder is checked first).
fn run_lab(dir: &Path) -> (bool, String) {
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_bert_classify"))
        .args(["--quick", "--out"])
        .arg(out.path())
        .arg("--model-dir")
        .arg(dir)
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), log)
}

#[test]
fn bad_model_dirs_fail_with_a_message_that_names_the_problem() {
    let missing = tempfile::tempdir().unwrap();
    let cases: Vec<(tempfile::TempDir, &str)> = vec![
        (copy_without(&["config.json"]), "has no config.json"),
        (copy_without(&["model.safetensors"]), "has no model.safetensors"),
        (copy_without(&["tokenizer.json", "vocab.txt"]), "neither tokenizer.json nor vocab.txt"),
        (
            {
                let dir = copy_without(&["config.json"]);
                std::fs::write(dir.path().join("config.json"), "{\"hidden_size\": ").unwrap();
                dir
            },
            "config.json is not a BERT config",
        ),
        (
            {
                let dir = copy_without(&["model.safetensors"]);
                std::fs::write(dir.path().join("pytorch_model.bin"), b"PK").unwrap();
                dir
            },
            "pytorch_model.bin",
        ),
    ];
    let (ok, log) = run_lab(&missing.path().join("nowhere"));
    assert!(!ok && log.contains("is not a folder"), "{log}");
    for (dir, expected) in &cases {
        let (ok, log) = run_lab(dir.path());
        assert!(!ok, "succeeded on a folder that {expected}\n{log}");
        assert!(log.contains(expected), "expected «{expected}»\n{log}");
    }
}

#[test]
fn lower_layers_then_the_trainable_top_layer_give_the_same_hidden_state() {
    let g: Golden = serde_json::from_str(GOLDEN).unwrap();
    let encoder = Encoder::load(&fixture(), &Device::Cpu).unwrap();
    let split = encoder.split_top().unwrap();
    let sentences: Vec<&str> = g.sentences.iter().map(String::as_str).collect();
    let batch = encoder.tokenize(&sentences).unwrap();
    let ids = Tensor::new(batch.ids.clone(), &Device::Cpu).unwrap();
    let mask = Tensor::new(batch.mask.clone(), &Device::Cpu).unwrap();
    let h = split.lower.forward(&ids, &ids.zeros_like().unwrap(), Some(&mask)).unwrap();
    let (hidden, mean) = split.forward(&h, &mask).unwrap();
    let d = max_diff(&hidden, &g.last_hidden_state);
    assert!(d <= 1e-5, "hidden state differs by {d:e}");
    assert!(max_diff(&mean, &g.mean) <= 1e-5);
    // Every tensor of the top layer (16 in a BERT layer) is a trainable variable.
    assert_eq!(split.varmap.all_vars().len(), 16);
}
