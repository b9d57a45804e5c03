//! The Transformer of `src/transformer.rs` against PyTorch's float64 numbers from
//! `scripts/reference/attention.py` (same SplitMix64 weights and inputs), to 1e-5: scaled
//! dot-product attention (`F.scaled_dot_product_attention`), multi-head attention
//! (`torch.nn.MultiheadAttention`), and a tiny encoder–decoder's logits, label-smoothed loss and
//! every parameter's gradient with sinusoidal and with learned positions. Then what no reference
//! gives: the causal mask leaks nothing, and attention's gradients equal finite differences.
//! About 3 s unoptimised.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use candle_core::{DType, Device, Tensor, Var};
use candle_nn::{VarBuilder, VarMap};
use llmpath_lab::testing::assert_close;
use llmpath_labs_llm::transformer::{
    Config, MultiHeadAttention, PAD, Positions, Transformer, attention, loss,
};
use llmpath_labs_neural::uniform;
use serde_json::Value;

const GOLDEN: &str = include_str!("../../../scripts/reference/golden/attention.json");

fn golden() -> Value {
    serde_json::from_str(GOLDEN).unwrap()
}

/// Every entry of `ours` against the nested JSON array `reference` of the same shape.
fn assert_all_close(what: &str, ours: &Tensor, reference: &Value) {
    let ours = ours.to_dtype(DType::F64).unwrap().flatten_all().unwrap().to_vec1::<f64>().unwrap();
    let flat = flatten(reference);
    assert_eq!(ours.len(), flat.len(), "{what}: sizes");
    ours.iter().zip(&flat).for_each(|(a, b)| assert_close(what, *a, *b));
}

/// A float64 tensor of `shape` from a nested JSON array.
fn tensor(v: &Value, shape: &[usize], dev: &Device) -> Tensor {
    Tensor::from_vec(flatten(v), shape, dev).unwrap()
}

fn flatten(v: &Value) -> Vec<f64> {
    match v {
        Value::Array(items) => items.iter().flat_map(flatten).collect(),
        v => vec![v.as_f64().unwrap()],
    }
}

/// 0 where `keep` is 1, −∞ where it is 0.
fn additive(keep: &Value, shape: &[usize], dev: &Device) -> Tensor {
    let m: Vec<f64> =
        flatten(keep).iter().map(|&k| if k == 1.0 { 0.0 } else { f64::NEG_INFINITY }).collect();
    Tensor::from_vec(m, shape, dev).unwrap()
}

#[test]
fn scaled_dot_product_attention_equals_pytorchs_sdpa() {
    let (g, dev) = (golden(), Device::Cpu);
    let s = &g["sdpa"];
    let q = tensor(&s["q"], &[2, 2, 4, 3], &dev);
    let k = tensor(&s["k"], &[2, 2, 5, 3], &dev);
    let v = tensor(&s["v"], &[2, 2, 5, 4], &dev);
    let mask = additive(&s["keep"], &[2, 1, 4, 5], &dev);
    let (out, weights) = attention(&q, &k, &v, Some(&mask)).unwrap();
    assert_all_close("attention output", &out, &s["output"]);
    assert_all_close("attention weights", &weights, &s["weights"]);
}

#[test]
fn multi_head_attention_equals_torch_nn_multihead_attention() {
    let (g, dev) = (golden(), Device::Cpu);
    let m = &g["mha"];
    let (d, heads) =
        (m["d_model"].as_u64().unwrap() as usize, m["n_head"].as_u64().unwrap() as usize);
    let mut varmap = VarMap::new();
    let mha = MultiHeadAttention::new(d, heads, VarBuilder::from_varmap(&varmap, DType::F64, &dev))
        .unwrap();
    for (name, values) in m["params"].as_object().unwrap() {
        let shape: &[usize] = if name.ends_with("weight") { &[d, d] } else { &[d] };
        varmap.set_one(name, tensor(values, shape, &dev)).unwrap();
    }
    let x = tensor(&m["x"], &[2, 4, d], &dev);
    let memory = tensor(&m["memory"], &[2, 5, d], &dev);
    // key_padding_mask: 1 = ignore, the opposite of `keep`.
    let keep: Vec<f64> = flatten(&m["padding"]).iter().map(|p| 1.0 - p).collect();
    let mask = additive(&serde_json::to_value(keep).unwrap(), &[2, 1, 1, 5], &dev);
    let (out, weights) = mha.forward(&x, &memory, Some(&mask)).unwrap();
    assert_all_close("MHA output", &out, &m["output"]);
    assert_all_close("MHA weights", &weights, &m["weights"]);
}

fn config(g: &Value, positions: Positions) -> Config {
    let size = |k: &str| g["config"][k].as_u64().unwrap() as usize;
    Config {
        vocab_size: size("vocab_size"),
        max_len: size("max_len"),
        n_layer: size("n_layer"),
        n_head: size("n_head"),
        d_model: size("d_model"),
        d_ff: size("d_ff"),
        positions,
    }
}

fn ids(g: &Value, key: &str, dev: &Device) -> Tensor {
    let rows: Vec<Vec<u32>> = serde_json::from_value(g[key].clone()).unwrap();
    Tensor::new(rows, dev).unwrap()
}

#[test]
fn tiny_transformer_logits_loss_and_gradients_equal_pytorchs() {
    let (g, dev) = (golden(), Device::Cpu);
    for (positions, key) in [(Positions::Sinusoidal, "sinusoidal"), (Positions::Learned, "learned")]
    {
        let r = &g[key];
        let model = Transformer::new(config(&g, positions), 1, &dev).unwrap();
        let (logits, _) = model.forward(&ids(&g, "src", &dev), &ids(&g, "tgt_in", &dev)).unwrap();
        assert_all_close(&format!("{key} logits"), &logits, &r["logits"]);
        let smoothing = g["label_smoothing"].as_f64().unwrap();
        let loss = loss(&logits, &ids(&g, "tgt_out", &dev), smoothing).unwrap();
        assert_close(
            &format!("{key} loss"),
            loss.to_scalar::<f32>().unwrap() as f64,
            r["loss"].as_f64().unwrap(),
        );
        let grads = loss.backward().unwrap();
        let named = model.named_vars().unwrap();
        assert_eq!(named.len(), r["grad"].as_object().unwrap().len());
        for (name, var) in named {
            let grad = grads.get(&var).unwrap_or_else(|| panic!("no gradient for {name}"));
            let grad: Vec<f64> = grad
                .flatten_all()
                .unwrap()
                .to_vec1::<f32>()
                .unwrap()
                .iter()
                .map(|&v| v as f64)
                .collect();
            let reference = &r["grad"][&name];
            for (a, b) in grad.iter().zip(flatten(&reference["first"])) {
                assert_close(&format!("{key} ∂L/∂{name} entry"), *a, b);
            }
            let norm = grad.iter().map(|v| v * v).sum::<f64>().sqrt();
            assert_close(&format!("{key} ‖∂L/∂{name}‖"), norm, reference["norm"].as_f64().unwrap());
            let projection: f64 =
                grad.iter().enumerate().map(|(i, v)| v * (2.0 * uniform(3, i as u64) - 1.0)).sum();
            assert_close(
                &format!("{key} ∂L/∂{name}·r"),
                projection,
                reference["projection"].as_f64().unwrap(),
            );
        }
    }
}

#[test]
fn changing_a_decoder_token_leaves_the_outputs_before_it_bit_identical() {
    let (g, dev) = (golden(), Device::Cpu);
    let model = Transformer::new(config(&g, Positions::Sinusoidal), 1, &dev).unwrap();
    let src = ids(&g, "src", &dev);
    let base: Vec<Vec<u32>> = serde_json::from_value(g["tgt_in"].clone()).unwrap();
    let logits = |tgt: &[Vec<u32>]| {
        let (logits, _) = model.forward(&src, &Tensor::new(tgt.to_vec(), &dev).unwrap()).unwrap();
        logits.get(0).unwrap().to_vec2::<f32>().unwrap() // first example: (T, V)
    };
    let before = logits(&base);
    for changed in 1..base[0].len() {
        let mut tgt = base.clone();
        tgt[0][changed] = 3 + (tgt[0][changed] - 2) % 5; // another symbol, never PAD
        let after = logits(&tgt);
        assert_eq!(before[..changed], after[..changed], "token {changed} leaked backwards");
        assert_ne!(before[changed], after[changed], "the change is seen at its own position");
    }
    // Padding: the padded source keys get no attention weight at all.
    let (_, maps) = model.forward(&src, &ids(&g, "tgt_in", &dev)).unwrap();
    let cross = maps.cross[0].get(1).unwrap().to_dtype(DType::F64).unwrap(); // (H, T, S)
    let src1: Vec<u32> = serde_json::from_value(g["src"][1].clone()).unwrap();
    for (s, _) in src1.iter().enumerate().filter(|(_, id)| **id == PAD) {
        let w = cross
            .narrow(2, s, 1)
            .unwrap()
            .abs()
            .unwrap()
            .max_all()
            .unwrap()
            .to_scalar::<f64>()
            .unwrap();
        assert_eq!(w, 0.0, "padding key {s} got weight {w}");
    }
}

/// Central differences (f64, h = 10⁻⁶) of L = Σ r ⊙ attention(Q, K, V, M) against every entry of
/// Q, K and V, with a mask; then of the tiny model's loss against entries of its first
/// cross-attention's weights.
#[test]
fn attention_gradients_equal_finite_differences() {
    let dev = Device::Cpu;
    let draw = |seed: u64, shape: &[usize]| {
        let n: usize = shape.iter().product();
        let w: Vec<f64> = (0..n as u64).map(|i| 2.0 * uniform(seed, i) - 1.0).collect();
        Var::from_tensor(&Tensor::from_vec(w, shape, &dev).unwrap()).unwrap()
    };
    let (q, k, v) = (draw(30, &[1, 2, 3, 4]), draw(31, &[1, 2, 5, 4]), draw(32, &[1, 2, 5, 2]));
    let r = draw(33, &[1, 2, 3, 2]).as_tensor().clone();
    let keep = serde_json::json!([[[[1, 1, 1, 0, 1], [1, 0, 1, 1, 1], [1, 1, 1, 1, 1]]]]);
    let mask = additive(&keep, &[1, 1, 3, 5], &dev);
    let f = || {
        let (out, _) = attention(q.as_tensor(), k.as_tensor(), v.as_tensor(), Some(&mask)).unwrap();
        (out * &r).unwrap().sum_all().unwrap()
    };
    let grads = f().backward().unwrap();
    let value = |_: &Var| f().to_scalar::<f64>().unwrap();
    let mut checked = check(&[&q, &k, &v], &grads, value, 1);
    // Through the whole network: the first decoder layer's cross-attention Q, K, V and output.
    let g = golden();
    let model =
        Transformer::with_dtype(config(&g, Positions::Sinusoidal), 1, DType::F64, &dev).unwrap();
    let (src, tgt_in, tgt_out) =
        (ids(&g, "src", &dev), ids(&g, "tgt_in", &dev), ids(&g, "tgt_out", &dev));
    let model_loss = || loss(&model.forward(&src, &tgt_in).unwrap().0, &tgt_out, 0.1).unwrap();
    let grads = model_loss().backward().unwrap();
    let vars: Vec<Var> = (model.named_vars().unwrap().into_iter())
        .filter(|(name, _)| name.starts_with("decoder.0.cross_attn."))
        .map(|(_, var)| var)
        .collect();
    assert_eq!(vars.len(), 8);
    let value = |_: &Var| model_loss().to_scalar::<f64>().unwrap();
    checked += check(&vars.iter().collect::<Vec<_>>(), &grads, value, 7);
    assert!(checked >= 100, "{checked}");
}

/// Compares the gradient of every `step`-th entry of each var with central differences of
/// `value`; returns how many entries it checked.
fn check(
    vars: &[&Var],
    grads: &candle_core::backprop::GradStore,
    value: impl Fn(&Var) -> f64,
    step: usize,
) -> usize {
    let mut checked = 0;
    for var in vars {
        let g = grads.get(var).unwrap().flatten_all().unwrap().to_vec1::<f64>().unwrap();
        let theta = var.as_tensor().flatten_all().unwrap().to_vec1::<f64>().unwrap();
        for k in (0..theta.len()).step_by(step) {
            let set = |x: f64| {
                let mut w = theta.clone();
                w[k] = x;
                var.set(&Tensor::from_vec(w, var.shape(), var.device()).unwrap()).unwrap();
            };
            let h = 1e-6;
            set(theta[k] + h);
            let plus = value(var);
            set(theta[k] - h);
            let minus = value(var);
            set(theta[k]);
            let numeric = (plus - minus) / (2.0 * h);
            assert!(
                (numeric - g[k]).abs() <= 1e-7 + 1e-5 * g[k].abs(),
                "entry {k}: {} vs {numeric}",
                g[k]
            );
            checked += 1;
        }
    }
    checked
}
