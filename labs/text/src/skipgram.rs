//! Skip-gram with negative sampling (word2vec), from scratch on ndarray, the `word2vec` lab's
//! first model (its module doc has the equations and references):
//!
//! ```text
//! L = −log σ(u_o·v_c) − Σₖ log σ(−u_k·v_c)      v = W_in[centre], u = W_out[word], (d,)
//! ∂L/∂v_c = (σ(u_o·v_c) − 1) u_o + Σₖ σ(u_k·v_c) u_k
//! ∂L/∂u_o = (σ(u_o·v_c) − 1) v_c      ∂L/∂u_k = σ(u_k·v_c) v_c     (SGD, η linear → 0)
//! ```
//!
//! Reference: Mikolov, Sutskever, Chen, Corrado & Dean, "Distributed representations of words
//! and phrases and their compositionality", NeurIPS (2013); word2vec.c.

use ndarray::Array2;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::vectors::Corpus;

/// ln σ(x) without overflow: −softplus(−x).
pub fn log_sigmoid(x: f64) -> f64 {
    -((-x).max(0.0) + (-x.abs()).exp().ln_1p())
}

pub fn sigmoid(x: f64) -> f64 {
    log_sigmoid(x).exp()
}

/// L of one (centre, context) pair and its negatives, and ∂L/∂v_c (d,) and ∂L/∂u (one (d,) per
/// target: the context, then each negative), all at the current weights.
pub fn sgns_loss_grad(v: &[f64], targets: &[&[f64]]) -> (f64, Vec<f64>, Vec<Vec<f64>>) {
    let (mut loss, mut grad_v, mut grad_u) = (0.0, vec![0.0; v.len()], Vec::new());
    for (t, u) in targets.iter().enumerate() {
        let (label, score) =
            (f64::from(u8::from(t == 0)), u.iter().zip(v).map(|(a, b)| a * b).sum::<f64>());
        loss -= if t == 0 { log_sigmoid(score) } else { log_sigmoid(-score) };
        let g = sigmoid(score) - label; // ∂L/∂score
        grad_v.iter_mut().zip(*u).for_each(|(gv, u)| *gv += g * u);
        grad_u.push(v.iter().map(|v| g * v).collect());
    }
    (loss, grad_v, grad_u)
}

/// One SGD step on the rows a pair uses: the gradients at the current weights, then applied (a
/// row drawn twice gets both). Returns the loss before the step.
pub fn sgns_step(
    w_in: &mut Array2<f64>, w_out: &mut Array2<f64>, centre: usize, context: usize,
    negatives: &[usize], lr: f64,
) -> f64 {
    let rows: Vec<usize> = std::iter::once(context).chain(negatives.iter().copied()).collect();
    let v = w_in.row(centre).to_vec();
    let targets: Vec<Vec<f64>> = rows.iter().map(|&r| w_out.row(r).to_vec()).collect();
    let target_refs: Vec<&[f64]> = targets.iter().map(Vec::as_slice).collect();
    let (loss, grad_v, grad_u) = sgns_loss_grad(&v, &target_refs);
    for (&r, g) in rows.iter().zip(&grad_u) {
        w_out.row_mut(r).iter_mut().zip(g).for_each(|(u, g)| *u -= lr * g);
    }
    w_in.row_mut(centre).iter_mut().zip(&grad_v).for_each(|(v, g)| *v -= lr * g);
    loss
}

/// The mean loss of `probe`'s (centre, context, negatives) triples at the current weights.
pub fn probe_loss(
    w_in: &Array2<f64>, w_out: &Array2<f64>, probe: &[(usize, usize, Vec<usize>)],
) -> f64 {
    let total: f64 = probe
        .iter()
        .map(|(centre, context, negatives)| {
            let rows = std::iter::once(context).chain(negatives).map(|&r| w_out.row(r).to_vec());
            let targets: Vec<Vec<f64>> = rows.collect();
            let refs: Vec<&[f64]> = targets.iter().map(Vec::as_slice).collect();
            sgns_loss_grad(&w_in.row(*centre).to_vec(), &refs).0
        })
        .sum();
    total / probe.len().max(1) as f64
}

/// Skip-gram with negative sampling, vectors of `dim`: W_in (V, d), the mean loss per pair of each epoch as it
/// trains (each pair's loss before its step), and after each epoch the mean loss of a fixed
/// probe of 20 000 pairs and negatives drawn once (no step on them).
pub fn train_sgns(
    c: &Corpus, dim: usize, epochs: usize, seed: u64,
) -> (Array2<f64>, Vec<f64>, Vec<f64>) {
    let (window, negatives, t, lr0) = (5, 5, 1e-3, 0.025);
    let mut rng = StdRng::seed_from_u64(seed);
    let vocab = c.words.len();
    // word2vec.c: W_in uniform in ±0.5/d, W_out zero.
    let mut w_in =
        Array2::from_shape_fn((vocab, dim), |_| (rng.random::<f64>() - 0.5) / dim as f64);
    let mut w_out = Array2::zeros((vocab, dim));
    let total: u64 = c.counts.iter().sum();
    let keep: Vec<f64> = c
        .counts
        .iter()
        .map(|&n| {
            let f = n as f64 / total as f64;
            ((f / t).sqrt() + 1.0) * t / f
        })
        .collect();
    let mut noise: Vec<f64> = c.counts.iter().map(|&n| (n as f64).powf(0.75)).collect();
    let z: f64 = noise.iter().sum();
    noise.iter_mut().fold(0.0, |acc, p| {
        *p = acc + *p / z;
        *p
    }); // cumulative
    let draw_negatives = |rng: &mut StdRng, context: usize| -> Vec<usize> {
        (0..negatives)
            .map(|_| rng.random::<f64>())
            .map(|u| noise.partition_point(|&p| p < u).min(vocab - 1))
            .filter(|&k| k != context)
            .collect()
    };
    let mut probe_rng = StdRng::seed_from_u64(seed ^ 0x9e37_79b9);
    let probe: Vec<(usize, usize, Vec<usize>)> = (0..20_000)
        .map(|_| {
            let i = probe_rng.random_range(0..c.stream.len());
            let offset = probe_rng.random_range(1..=window);
            let j = if probe_rng.random_bool(0.5) { i.saturating_sub(offset) } else { i + offset };
            let context = c.stream[j.min(c.stream.len() - 1)];
            (c.stream[i], context, draw_negatives(&mut probe_rng, context))
        })
        .collect();
    let (steps, mut done) = ((epochs * c.stream.len()) as f64, 0.0);
    let (mut losses, mut probe_losses) = (Vec::new(), Vec::new());
    for _ in 0..epochs {
        let kept: Vec<usize> =
            c.stream.iter().copied().filter(|&w| rng.random::<f64>() < keep[w]).collect();
        let (mut sum, mut pairs) = (0.0, 0usize);
        for (i, &centre) in kept.iter().enumerate() {
            let lr = lr0 * (1.0 - done / steps).max(1e-4);
            done += c.stream.len() as f64 / kept.len() as f64;
            let b = rng.random_range(1..=window);
            let window = kept.iter().enumerate().take(i + b + 1).skip(i.saturating_sub(b));
            for (_, &context) in window.filter(|&(j, _)| j != i) {
                let draws = draw_negatives(&mut rng, context);
                sum += sgns_step(&mut w_in, &mut w_out, centre, context, &draws, lr);
                pairs += 1;
            }
        }
        losses.push(sum / pairs.max(1) as f64);
        probe_losses.push(probe_loss(&w_in, &w_out, &probe));
    }
    (w_in, losses, probe_losses)
}
