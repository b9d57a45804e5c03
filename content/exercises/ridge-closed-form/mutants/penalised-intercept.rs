//! Puts a column of ones in X and penalises it with the rest: the intercept shrinks too.

use ndarray::{Array2, ArrayView1};

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
    let (n, d) = x.dim();
    let a = Array2::from_shape_fn(
        (n, d + 1),
        |(i, j)| if j == 0 { 1.0 } else { x[[i, j - 1]] },
    );
    let mut gram = a.t().dot(&a);
    gram.diag_mut().mapv_inplace(|g| g + alpha);
    let theta = solve_spd(&gram, &a.t().dot(&ArrayView1::from(y)).to_vec());
    LinearFit {
        intercept: theta[0],
        coef: theta[1..].to_vec(),
    }
}
