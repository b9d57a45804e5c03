//! GloVe, from scratch on ndarray, the `word2vec` lab's second model:
//!
//! ```text
//! J = Σ_ij f(X_ij)(w_i·w̃_j + b_i + b̃_j − log X_ij)²,  f(x) = min(1, (x/x_max)^¾)
//! X_ij = Σ 1/distance over a window of 10; AdaGrad (glove.c); a word's vector w + w̃
//! ```
//!
//! Reference: Pennington, Socher & Manning, "GloVe: global vectors for word representation",
//! EMNLP (2014); stanfordnlp/GloVe `src/glove.c` (the AdaGrad update).

use std::collections::HashMap;

use ndarray::{Array1, Array2};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use crate::vectors::Corpus;

/// GloVe's parameters and AdaGrad's squared-gradient sums (starting at 1, as glove.c).
pub struct Glove {
    pub w: Array2<f64>,
    pub w_ctx: Array2<f64>,
    pub b: Array1<f64>,
    pub b_ctx: Array1<f64>,
    pub gsq_w: Array2<f64>,
    pub gsq_ctx: Array2<f64>,
    pub gsq_b: Array1<f64>,
    pub gsq_b_ctx: Array1<f64>,
}

impl Glove {
    pub fn new(w: Array2<f64>, w_ctx: Array2<f64>, b: Array1<f64>, b_ctx: Array1<f64>) -> Glove {
        let (gsq_w, gsq_ctx) = (Array2::ones(w.dim()), Array2::ones(w_ctx.dim()));
        let (gsq_b, gsq_b_ctx) = (Array1::ones(b.len()), Array1::ones(b_ctx.len()));
        Glove { w, w_ctx, b, b_ctx, gsq_w, gsq_ctx, gsq_b, gsq_b_ctx }
    }

    /// One pass over the entries (i, j, X_ij) in order, glove.c's update; the summed ½ f diff².
    pub fn pass(
        &mut self, entries: &[(usize, usize, f64)], x_max: f64, alpha: f64, lr: f64,
    ) -> f64 {
        let mut cost = 0.0;
        for &(i, j, x) in entries {
            let diff = self.w.row(i).dot(&self.w_ctx.row(j)) + self.b[i] + self.b_ctx[j] - x.ln();
            let weighted = if x > x_max { diff } else { (x / x_max).powf(alpha) * diff };
            cost += 0.5 * weighted * diff;
            let step = lr * weighted;
            // Both gradients from the weights before this entry's update (glove.c's temp1, temp2).
            for k in 0..self.w.ncols() {
                let (grad_w, grad_ctx) = (step * self.w_ctx[[j, k]], step * self.w[[i, k]]);
                self.w[[i, k]] -= grad_w / self.gsq_w[[i, k]].sqrt();
                self.w_ctx[[j, k]] -= grad_ctx / self.gsq_ctx[[j, k]].sqrt();
                self.gsq_w[[i, k]] += grad_w * grad_w;
                self.gsq_ctx[[j, k]] += grad_ctx * grad_ctx;
            }
            self.b[i] -= step / self.gsq_b[i].sqrt();
            self.b_ctx[j] -= step / self.gsq_b_ctx[j].sqrt();
            self.gsq_b[i] += step * step;
            self.gsq_b_ctx[j] += step * step;
        }
        cost
    }
}

/// X_ij = Σ 1/distance over both sides within `window`, as sorted (i, j, X_ij).
pub fn cooccurrences(stream: &[usize], window: usize) -> Vec<(usize, usize, f64)> {
    let mut x: HashMap<(usize, usize), f64> = HashMap::new();
    for (i, &a) in stream.iter().enumerate() {
        for (d, &b) in stream[i + 1..].iter().take(window).enumerate() {
            *x.entry((a, b)).or_default() += 1.0 / (d + 1) as f64;
            *x.entry((b, a)).or_default() += 1.0 / (d + 1) as f64;
        }
    }
    let mut entries: Vec<(usize, usize, f64)> =
        x.into_iter().map(|((i, j), v)| (i, j, v)).collect();
    entries.sort_by_key(|&(i, j, _)| (i, j));
    entries
}

/// GloVe on `c`, vectors of `dim` (x_max = 100, α = ¾, η = 0.05, shuffled each epoch): W + W̃ and each epoch's
/// mean cost.
pub fn train_glove(c: &Corpus, dim: usize, epochs: usize, seed: u64) -> (Array2<f64>, Vec<f64>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let vocab = c.words.len();
    let mut init = |rows, cols| {
        Array2::from_shape_fn((rows, cols), |_| (rng.random::<f64>() - 0.5) / dim as f64)
    };
    let (w, w_ctx, b, b_ctx) = (init(vocab, dim), init(vocab, dim), init(1, vocab), init(1, vocab));
    let mut glove = Glove::new(w, w_ctx, b.row(0).to_owned(), b_ctx.row(0).to_owned());
    let mut entries = cooccurrences(&c.stream, 10);
    let mut costs = Vec::new();
    for _ in 0..epochs {
        entries.shuffle(&mut rng);
        costs.push(glove.pass(&entries, 100.0, 0.75, 0.05) / entries.len() as f64);
    }
    (&glove.w + &glove.w_ctx, costs)
}
