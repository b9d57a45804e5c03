//! Tests of `../gpt.rs` on tiny networks: fast unoptimised. The comparison with PyTorch is in
//! `tests/pytorch.rs`.

use super::*;
use candle_core::DType;
use rand::SeedableRng;
use rand::rngs::StdRng;

const TINY: Config = Config { vocab_size: 11, block_size: 8, n_layer: 2, n_head: 2, n_embd: 16 };

fn tokens(seed: u64, n: usize) -> Vec<u32> {
    (0..n as u64).map(|i| (uniform(seed, i) * TINY.vocab_size as f64) as u32).collect()
}

#[test]
fn changing_a_token_leaves_the_logits_before_it_unchanged() {
    let (dev, t) = (Device::Cpu, TINY.block_size);
    let gpt = Gpt::new(TINY, 1, &dev).unwrap();
    let base = tokens(2, t);
    let logits = |idx: &[u32]| {
        let idx = Tensor::new(idx, &dev).unwrap().unsqueeze(0).unwrap();
        gpt.forward(&idx).unwrap().squeeze(0).unwrap().to_vec2::<f32>().unwrap() // (T, V)
    };
    let before = logits(&base);
    for changed in 1..t {
        let mut idx = base.clone();
        idx[changed] = (idx[changed] + 1) % TINY.vocab_size as u32;
        let after = logits(&idx);
        // Positions before the change see exactly the same inputs: bit-identical logits.
        assert_eq!(before[..changed], after[..changed], "token {changed} leaked backwards");
        // The changed position and those after it do see it (so the test can fail).
        assert_ne!(before[changed], after[changed]);
    }
}

#[test]
fn the_mask_is_minus_infinity_above_the_diagonal() {
    let mask = causal_mask(3, &Device::Cpu).unwrap().to_vec2::<f32>().unwrap();
    let inf = f32::NEG_INFINITY;
    assert_eq!(mask, [[0.0, inf, inf], [0.0, 0.0, inf], [0.0, 0.0, 0.0]]);
}

/// Central differences (f64, h = 10⁻⁶) of the loss against entries of the first block's
/// query/key/value weights and its attention output projection.
#[test]
fn attention_gradients_equal_finite_differences() {
    let dev = Device::Cpu;
    let gpt = Gpt::with_dtype(TINY, 3, DType::F64, &dev).unwrap();
    let x = Tensor::from_vec(tokens(4, 2 * TINY.block_size), (2, TINY.block_size), &dev).unwrap();
    let y = Tensor::from_vec(tokens(5, 2 * TINY.block_size), (2, TINY.block_size), &dev).unwrap();
    let f = || loss(&gpt.forward(&x).unwrap(), &y).unwrap().to_scalar::<f64>().unwrap();
    let grads = loss(&gpt.forward(&x).unwrap(), &y).unwrap().backward().unwrap();
    let vars = gpt.named_vars().unwrap();
    let mut checked = 0;
    for (name, var) in &vars {
        if !name.starts_with("transformer.h.0.attn.") {
            continue;
        }
        let g = grads.get(var).unwrap().flatten_all().unwrap().to_vec1::<f64>().unwrap();
        let theta = var.as_tensor().flatten_all().unwrap().to_vec1::<f64>().unwrap();
        // Entries spread over Q, K and V (c_attn's rows 0..C, C..2C, 2C..3C) and c_proj.
        for k in (0..theta.len()).step_by(theta.len() / 13) {
            let set = |value: f64| {
                let mut w = theta.clone();
                w[k] = value;
                var.set(&Tensor::from_vec(w, var.shape(), &dev).unwrap()).unwrap();
            };
            let h = 1e-6;
            set(theta[k] + h);
            let plus = f();
            set(theta[k] - h);
            let minus = f();
            set(theta[k]);
            let numeric = (plus - minus) / (2.0 * h);
            let gap = (numeric - g[k]).abs();
            assert!(gap <= 1e-7 + 1e-5 * g[k].abs(), "{name}[{k}]: {} vs {numeric}", g[k]);
            checked += 1;
        }
    }
    assert!(checked >= 26, "{checked}");
}

#[test]
fn sampling_respects_top_k_and_temperature() {
    let logits = [0.0f32, 3.0, 1.0, 2.0];
    // top_k = 1 is greedy, whatever u.
    assert!([0.0, 0.5, 0.999].iter().all(|&u| sample_top_k(&logits, 1.0, 1, u) == 1));
    // top_k = 2 keeps indices 1 and 3 only.
    let draws: Vec<usize> =
        (0..100).map(|k| sample_top_k(&logits, 1.0, 2, k as f64 / 100.0)).collect();
    assert!(draws.iter().all(|&i| i == 1 || i == 3));
    // P(3) = e²/(e³ + e²) = 1/(1 + e) ≈ 0.269 of u's range.
    let share = draws.iter().filter(|&&i| i == 3).count() as f64 / 100.0;
    assert!((share - 1.0 / (1.0 + 1f64.exp())).abs() <= 0.01, "{share}");
    // A low temperature sharpens towards the argmax.
    assert_eq!(sample_top_k(&logits, 0.01, 0, 0.99), 1);
}

#[test]
fn generation_is_seeded_and_stays_in_the_vocabulary() {
    let dev = Device::Cpu;
    let gpt = Gpt::new(TINY, 1, &dev).unwrap();
    let run = |seed| gpt.generate(&[0, 1], 20, 1.0, 5, &mut StdRng::seed_from_u64(seed)).unwrap();
    let a = run(7);
    assert_eq!(a.len(), 20); // longer than block_size: the context is cropped
    assert!(a.iter().all(|&id| (id as usize) < TINY.vocab_size));
    assert_eq!(a, run(7));
    assert_ne!(a, run(8));
}

#[test]
fn a_context_longer_than_block_size_is_refused() {
    let dev = Device::Cpu;
    let gpt = Gpt::new(TINY, 1, &dev).unwrap();
    let idx = Tensor::zeros((1, TINY.block_size + 1), DType::U32, &dev).unwrap();
    assert!(gpt.forward(&idx).is_err());
    assert!(Gpt::new(Config { n_head: 3, ..TINY }, 1, &dev).is_err());
}
