//! # Ridge regression in closed form / 岭回归的闭式解
//!
//! Cholesky fills L row by row; each entry needs only entries of L already computed. After
//! centring, the intercept drops out of the linear system entirely and comes back as
//! b = ȳ − x̄ · w, so it is never penalised.

use ndarray::{Array2, ArrayView1, Axis};

/// Solves A x = b for a symmetric positive-definite A (k × k) by Cholesky.
pub fn solve_spd(a: &Array2<f64>, b: &[f64]) -> Vec<f64> {
    let k = b.len();
    // A = L Lᵀ, L lower triangular.
    let mut l = Array2::<f64>::zeros((k, k));
    for i in 0..k {
        for j in 0..=i {
            let known: f64 = (0..j).map(|p| l[[i, p]] * l[[j, p]]).sum();
            l[[i, j]] = if i == j {
                (a[[i, i]] - known).sqrt()
            } else {
                (a[[i, j]] - known) / l[[j, j]]
            };
        }
    }
    // L z = b, top to bottom.
    let mut z = vec![0.0; k];
    for i in 0..k {
        let known: f64 = (0..i).map(|j| l[[i, j]] * z[j]).sum();
        z[i] = (b[i] - known) / l[[i, i]];
    }
    // Lᵀ x = z, bottom to top: (Lᵀ)ᵢⱼ = Lⱼᵢ.
    let mut x = vec![0.0; k];
    for i in (0..k).rev() {
        let known: f64 = (i + 1..k).map(|j| l[[j, i]] * x[j]).sum();
        x[i] = (z[i] - known) / l[[i, i]];
    }
    x
}

/// A linear fit ŷ = intercept + X · coef.
#[derive(Debug, Clone)]
pub struct LinearFit {
    pub intercept: f64,
    /// One coefficient per column of X.
    pub coef: Vec<f64>,
}

/// Ridge regression with penalty `alpha` on the coefficients only (x: n rows, d columns).
pub fn ridge(x: &Array2<f64>, y: &[f64], alpha: f64) -> LinearFit {
    let n = x.nrows() as f64;
    let x_mean = x.sum_axis(Axis(0)) / n; // (d,)
    let y_mean = y.iter().sum::<f64>() / n;
    let xc = x - &x_mean; // (n, d), every column with mean 0
    let yc = &ArrayView1::from(y) - y_mean; // (n,)
    let mut gram = xc.t().dot(&xc); // X̃ᵀX̃ (d, d)
    gram.diag_mut().mapv_inplace(|g| g + alpha); // + αI: the penalty, on w only
    let w = solve_spd(&gram, &xc.t().dot(&yc).to_vec());
    let intercept = y_mean - x_mean.dot(&ArrayView1::from(&w));
    LinearFit { intercept, coef: w }
}
