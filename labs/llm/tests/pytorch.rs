//! The tiny GPT of `scripts/reference/gpt.py` (same SplitMix64 weights and batch) against
//! PyTorch's float64 numbers: logits, loss, every parameter's gradient, and two steps of
//! nanoGPT's optimiser (clipping, AdamW in two groups), to 1e-5. Fast unoptimised.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use candle_core::{Device, Tensor};
use candle_nn::ParamsAdamW;
use llmpath_lab::testing::assert_close;
use llmpath_labs_llm::gpt::{Config, Gpt, loss};
use llmpath_labs_llm::optim::{AdamWGroups, clip_grad_norm};
use llmpath_labs_neural::uniform;
use serde_json::Value;

const GOLDEN: &str = include_str!("../../../scripts/reference/golden/gpt.json");

fn golden() -> Value {
    serde_json::from_str(GOLDEN).unwrap()
}

fn config(g: &Value) -> Config {
    let size = |k: &str| g["config"][k].as_u64().unwrap() as usize;
    Config {
        vocab_size: size("vocab_size"),
        block_size: size("block_size"),
        n_layer: size("n_layer"),
        n_head: size("n_head"),
        n_embd: size("n_embd"),
    }
}

fn ids(g: &Value, key: &str, dev: &Device) -> Tensor {
    let rows: Vec<Vec<u32>> = serde_json::from_value(g[key].clone()).unwrap();
    Tensor::new(rows, dev).unwrap()
}

/// gpt.py's summary of one tensor per parameter: first 16 entries, L2 norm, Σ t ⊙ r.
fn assert_summary(what: &str, tensors: &[(String, Tensor)], reference: &Value) {
    assert_eq!(tensors.len(), reference.as_object().unwrap().len());
    for (name, t) in tensors {
        let t: Vec<f64> =
            t.flatten_all().unwrap().to_vec1::<f32>().unwrap().iter().map(|&v| v as f64).collect();
        let r = &reference[name];
        let first: Vec<f64> = serde_json::from_value(r["first"].clone()).unwrap();
        assert_eq!(first.len(), 16.min(t.len()), "{name}");
        first
            .iter()
            .zip(&t)
            .for_each(|(b, a)| assert_close(&format!("{what} {name} entry"), *a, *b));
        let norm = t.iter().map(|v| v * v).sum::<f64>().sqrt();
        assert_close(&format!("{what} {name} norm"), norm, r["norm"].as_f64().unwrap());
        let projection: f64 =
            t.iter().enumerate().map(|(i, v)| v * (2.0 * uniform(3, i as u64) - 1.0)).sum();
        let reference = r["projection"].as_f64().unwrap();
        assert_close(&format!("{what} {name} projection"), projection, reference);
    }
}

#[test]
fn tiny_gpt_logits_loss_and_gradients_equal_pytorchs() {
    let (g, dev) = (golden(), Device::Cpu);
    let gpt = Gpt::new(config(&g), 1, &dev).unwrap();
    let logits = gpt.forward(&ids(&g, "idx", &dev)).unwrap();
    let reference: Vec<Vec<Vec<f64>>> = serde_json::from_value(g["logits"].clone()).unwrap();
    let ours = logits.to_vec3::<f32>().unwrap();
    assert_eq!(ours.len(), reference.len());
    for (a, b) in ours.iter().flatten().flatten().zip(reference.iter().flatten().flatten()) {
        assert_close("logit", *a as f64, *b);
    }
    let loss = loss(&logits, &ids(&g, "targets", &dev)).unwrap();
    assert_close("loss", loss.to_scalar::<f32>().unwrap() as f64, g["loss"].as_f64().unwrap());
    let grads = loss.backward().unwrap();
    let grads: Vec<_> = (gpt.named_vars().unwrap().into_iter())
        .map(|(name, var)| (name, grads.get(&var).unwrap().clone()))
        .collect();
    assert_summary("gradient", &grads, &g["grad"]);
}

#[test]
fn two_clipped_adamw_steps_equal_pytorchs() {
    let (g, dev) = (golden(), Device::Cpu);
    let a = &g["adamw"];
    let gpt = Gpt::new(config(&g), 1, &dev).unwrap();
    let named = gpt.named_vars().unwrap();
    let vars: Vec<_> = named.iter().map(|(_, v)| v.clone()).collect();
    let start: Vec<Tensor> = vars.iter().map(|v| v.as_tensor().copy().unwrap()).collect();
    let params = ParamsAdamW {
        lr: a["lr"].as_f64().unwrap(),
        beta1: a["betas"][0].as_f64().unwrap(),
        beta2: a["betas"][1].as_f64().unwrap(),
        eps: a["eps"].as_f64().unwrap(),
        weight_decay: a["weight_decay"].as_f64().unwrap(),
    };
    let mut opt = AdamWGroups::new(&vars, params.clone()).unwrap();
    let (x, y) = (ids(&g, "idx", &dev), ids(&g, "targets", &dev));
    let (losses, norms) = (a["losses"].as_array().unwrap(), a["grad_norms"].as_array().unwrap());
    for step in 0..2 {
        let loss = loss(&gpt.forward(&x).unwrap(), &y).unwrap();
        let mut grads = loss.backward().unwrap();
        let norm = clip_grad_norm(&mut grads, &vars, a["grad_clip"].as_f64().unwrap()).unwrap();
        assert!(norm > a["grad_clip"].as_f64().unwrap(), "the clipping is exercised");
        assert_close("gradient norm", norm, norms[step].as_f64().unwrap());
        opt.step(&grads, params.lr).unwrap();
        assert_close(
            "loss",
            loss.to_scalar::<f32>().unwrap() as f64,
            losses[step].as_f64().unwrap(),
        );
    }
    let delta: Vec<_> = (named.iter().zip(&start))
        .map(|((name, var), s)| (name.clone(), (var.as_tensor() - s).unwrap()))
        .collect();
    assert_summary("AdamW Δθ", &delta, &a["delta"]);
}
