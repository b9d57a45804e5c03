//! σ(z) as eᶻ/(1 + eᶻ) for every z: inf/inf = NaN once eᶻ overflows.

use ndarray::{Array1, Array2, ArrayView1};

/// log(1 + eᶻ) without overflow.
fn softplus(z: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}

/// 1/(1 + e⁻ᶻ) without overflow: for z < 0 the same value is eᶻ/(1 + eᶻ).
fn sigmoid(z: f64) -> f64 {
    let e = z.exp();
    e / (1.0 + e)
}

/// z = b + X w  (n,)
fn logits(x: &Array2<f64>, b: f64, w: &[f64]) -> Array1<f64> {
    x.dot(&ArrayView1::from(w)) + b
}

/// The penalised mean cross-entropy L(b, w) for labels y ∈ {0, 1} (x: n rows, d columns).
pub fn loss(x: &Array2<f64>, y: &[f64], b: f64, w: &[f64], lambda: f64) -> f64 {
    let z = logits(x, b, w);
    let data: f64 = z.iter().zip(y).map(|(&z, &y)| softplus(z) - y * z).sum();
    let penalty: f64 = w.iter().map(|wj| wj * wj).sum(); // ‖w‖², the bias left out
    data / y.len() as f64 + 0.5 * lambda * penalty
}

/// (∂L/∂b, ∂L/∂w): the gradient of `loss` at (b, w).
pub fn loss_gradient(
    x: &Array2<f64>,
    y: &[f64],
    b: f64,
    w: &[f64],
    lambda: f64,
) -> (f64, Vec<f64>) {
    let n = y.len() as f64;
    // p − y  (n,)
    let error: Array1<f64> = logits(x, b, w)
        .iter()
        .zip(y)
        .map(|(&z, &y)| sigmoid(z) - y)
        .collect();
    let db = error.sum() / n;
    let dw = x.t().dot(&error) / n + lambda * &ArrayView1::from(w);
    (db, dw.to_vec())
}

/// A fitted logistic regression: predict class 1 when intercept + x · coef > 0.
#[derive(Debug, Clone)]
pub struct LogisticFit {
    pub intercept: f64,
    pub coef: Vec<f64>,
}

/// Batch gradient descent on `loss` from b = 0, w = 0: `epochs` steps of size `learning_rate`.
pub fn fit(
    x: &Array2<f64>,
    y: &[f64],
    lambda: f64,
    learning_rate: f64,
    epochs: usize,
) -> LogisticFit {
    let mut b = 0.0;
    let mut w = vec![0.0; x.ncols()];
    for _ in 0..epochs {
        let (db, dw) = loss_gradient(x, y, b, &w, lambda);
        b -= learning_rate * db;
        for (wj, g) in w.iter_mut().zip(&dw) {
            *wj -= learning_rate * g;
        }
    }
    LogisticFit {
        intercept: b,
        coef: w,
    }
}
