//! The gradient without the 2 from the square (as if L had a ½).

use ndarray::{Array1, Array2, ArrayView1};

/// r = ŷ − y = b + X w − y  (n,)
fn residuals(x: &Array2<f64>, y: &[f64], b: f64, w: &[f64]) -> Array1<f64> {
    x.dot(&ArrayView1::from(w)) + b - ArrayView1::from(y)
}

/// The mean squared error of ŷ = b + X w against y (x: n rows, d columns; w: d values).
pub fn mse(x: &Array2<f64>, y: &[f64], b: f64, w: &[f64]) -> f64 {
    let r = residuals(x, y, b, w);
    r.dot(&r) / y.len() as f64
}

/// (∂L/∂b, ∂L/∂w): the gradient of `mse` at (b, w).
pub fn mse_gradient(x: &Array2<f64>, y: &[f64], b: f64, w: &[f64]) -> (f64, Vec<f64>) {
    let n = y.len() as f64;
    let r = residuals(x, y, b, w);
    let db = r.sum() / n;
    let dw = x.t().dot(&r) / n; // (d,)
    (db, dw.to_vec())
}

/// What gradient descent returns: the last parameters and the loss at the start of each epoch.
#[derive(Debug, Clone)]
pub struct GdFit {
    pub intercept: f64,
    pub coef: Vec<f64>,
    /// `losses[k]` = L(b, w) at the start of epoch k; one value per epoch.
    pub losses: Vec<f64>,
}

/// Batch gradient descent from b = 0, w = 0: `epochs` steps of size `learning_rate`.
pub fn fit_gd(x: &Array2<f64>, y: &[f64], learning_rate: f64, epochs: usize) -> GdFit {
    let mut b = 0.0;
    let mut w = vec![0.0; x.ncols()];
    let mut losses = Vec::with_capacity(epochs);
    for _ in 0..epochs {
        losses.push(mse(x, y, b, &w));
        let (db, dw) = mse_gradient(x, y, b, &w);
        b -= learning_rate * db;
        for (wj, g) in w.iter_mut().zip(&dw) {
            *wj -= learning_rate * g;
        }
    }
    GdFit {
        intercept: b,
        coef: w,
        losses,
    }
}
