//! The from-scratch LSTM and RNN (`src/lstm.rs`) against PyTorch's float64 `nn.LSTMCell`,
//! bidirectional `nn.LSTM` and `nn.RNN` over a packed padded batch (`scripts/reference/lstm.py`,
//! same SplitMix64 weights): one cell step, every output at the real steps, the final states,
//! a classifier's logits and loss, and every parameter's gradient, to 1e-5. Fast unoptimised.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use candle_core::{D, DType, Device, Tensor};
use candle_nn::VarMap;
use llmpath_labs_llm::lstm::{Cell, Init, Recurrent, State};
use serde_json::Value;

const GOLDEN: &str = include_str!("../../../scripts/reference/golden/lstm.json");

fn golden() -> Value {
    serde_json::from_str(GOLDEN).unwrap()
}

/// |ours − PyTorch| ≤ 1e-5 · max(1, |PyTorch|), entry by entry.
fn assert_close(what: &str, ours: &Tensor, reference: &Value) {
    let ours = ours.flatten_all().unwrap().to_dtype(DType::F64).unwrap().to_vec1::<f64>().unwrap();
    let reference: Vec<f64> = flatten(reference);
    assert_eq!(ours.len(), reference.len(), "{what}: sizes");
    for (k, (a, b)) in ours.iter().zip(&reference).enumerate() {
        let gap = (a - b).abs();
        assert!(gap <= 1e-5 * b.abs().max(1.0), "{what}[{k}]: {a} vs PyTorch {b} (gap {gap:e})");
    }
}

fn flatten(v: &Value) -> Vec<f64> {
    match v {
        Value::Array(items) => items.iter().flat_map(flatten).collect(),
        v => vec![v.as_f64().unwrap()],
    }
}

fn tensor(v: &Value, shape: &[usize]) -> Tensor {
    Tensor::from_vec(flatten(v), shape, &Device::Cpu).unwrap().to_dtype(DType::F32).unwrap()
}

/// The golden file's parameters drawn in its order: the embedding, both LSTM directions, the head.
struct Classifier {
    varmap: VarMap,
    embedding: Tensor,
    forward: Recurrent,
    backward: Recurrent,
    head_w: Tensor,
    head_b: Tensor,
}

fn classifier(g: &Value) -> Classifier {
    let varmap = VarMap::new();
    let (e, h) = (g["sizes"]["embed"].as_u64().unwrap() as usize, 4);
    let mut init =
        Init { varmap: &varmap, seed: 1, next: 0, dtype: DType::F32, device: Device::Cpu };
    let embedding = init.uniform("embedding.weight", &[7, e], 1.0).unwrap();
    let forward = Recurrent::new(Cell::Lstm, e, h, "lstm", "l0", &mut init).unwrap();
    let backward = Recurrent::new(Cell::Lstm, e, h, "lstm", "l0_reverse", &mut init).unwrap();
    let bound = 1.0 / (2.0 * h as f64).sqrt();
    let head_w = init.uniform("head.weight", &[2, 2 * h], bound).unwrap();
    let head_b = init.uniform("head.bias", &[2], bound).unwrap();
    Classifier { varmap, embedding, forward, backward, head_w, head_b }
}

/// The embedded batch (B, T, E) and its mask (B, T).
fn batch(g: &Value, embedding: &Tensor) -> (Tensor, Tensor) {
    let idx: Vec<Vec<u32>> = serde_json::from_value(g["idx"].clone()).unwrap();
    let lengths: Vec<usize> = serde_json::from_value(g["lengths"].clone()).unwrap();
    let (b, t) = (idx.len(), idx[0].len());
    let flat = Tensor::new(idx.concat(), &Device::Cpu).unwrap();
    let x = embedding.index_select(&flat, 0).unwrap().reshape((b, t, ())).unwrap();
    let mask: Vec<f32> =
        (0..b * t).map(|k| if k % t < lengths[k / t] { 1.0 } else { 0.0 }).collect();
    (x, Tensor::from_vec(mask, (b, t), &Device::Cpu).unwrap())
}

/// The hidden states at each sequence's real steps, in the golden file's nesting.
fn real_steps(hs: &Tensor, lengths: &[usize]) -> Tensor {
    let rows: Vec<Tensor> = lengths
        .iter()
        .enumerate()
        .map(|(b, &n)| hs.get(b).unwrap().narrow(0, 0, n).unwrap())
        .collect();
    Tensor::cat(&rows, 0).unwrap()
}

#[test]
fn one_lstm_cell_step_equals_lstmcells() {
    let g = golden();
    let c = classifier(&g);
    let cell = &g["cell"];
    let state = State { h: tensor(&cell["h"], &[2, 4]), c: tensor(&cell["c"], &[2, 4]) };
    let next = c.forward.cell(&tensor(&cell["x"], &[2, 3]), &state).unwrap();
    assert_close("h'", &next.h, &cell["h_next"]);
    assert_close("c'", &next.c, &cell["c_next"]);
}

#[test]
fn bidirectional_lstm_classifier_outputs_loss_and_gradients_equal_pytorchs() {
    let g = golden();
    let c = classifier(&g);
    let lengths: Vec<usize> = serde_json::from_value(g["lengths"].clone()).unwrap();
    let (x, mask) = batch(&g, &c.embedding);
    let (hs_f, last_f) = c.forward.forward(&x, Some(&mask), false).unwrap();
    let (hs_b, last_b) = c.backward.forward(&x, Some(&mask), true).unwrap();
    let l = &g["lstm"];
    assert_close("forward outputs", &real_steps(&hs_f, &lengths), &l["forward_outputs"]);
    assert_close("backward outputs", &real_steps(&hs_b, &lengths), &l["backward_outputs"]);
    assert_close("h_n", &Tensor::stack(&[&last_f.h, &last_b.h], 0).unwrap(), &l["h_n"]);
    assert_close("c_n", &Tensor::stack(&[&last_f.c, &last_b.c], 0).unwrap(), &l["c_n"]);

    let features = Tensor::cat(&[&last_f.h, &last_b.h], D::Minus1).unwrap(); // (B, 2H)
    let logits = features.matmul(&c.head_w.t().unwrap()).unwrap().broadcast_add(&c.head_b).unwrap();
    assert_close("logits", &logits, &g["logits"]);
    let targets: Vec<u32> = serde_json::from_value(g["targets"].clone()).unwrap();
    let targets = Tensor::new(targets, &Device::Cpu).unwrap();
    let loss = candle_nn::loss::cross_entropy(&logits, &targets).unwrap();
    assert_close("loss", &loss, &g["loss"]);

    let grads = loss.backward().unwrap();
    let vars = c.varmap.data().lock().unwrap();
    let reference = g["grad"].as_object().unwrap();
    assert_eq!(vars.len(), reference.len());
    for (name, expected) in reference {
        let var = vars.get(name).unwrap_or_else(|| panic!("no parameter {name}"));
        assert_close(&format!("∂L/∂{name}"), grads.get(var).unwrap(), expected);
    }
}

#[test]
fn rnn_outputs_equal_nn_rnns() {
    let g = golden();
    let c = classifier(&g);
    let varmap = VarMap::new();
    let mut init =
        Init { varmap: &varmap, seed: 7, next: 0, dtype: DType::F32, device: Device::Cpu };
    let rnn = Recurrent::new(Cell::Rnn, 3, 4, "rnn", "l0", &mut init).unwrap();
    let lengths: Vec<usize> = serde_json::from_value(g["lengths"].clone()).unwrap();
    let (x, mask) = batch(&g, &c.embedding);
    let (hs, last) = rnn.forward(&x, Some(&mask), false).unwrap();
    assert_close("RNN outputs", &real_steps(&hs, &lengths), &g["rnn"]["outputs"]);
    assert_close("RNN h_n", &last.h, &g["rnn"]["h_n"]);
}
