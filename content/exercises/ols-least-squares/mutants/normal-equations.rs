//! Solves the normal equations AᵀA θ = Aᵀy: the condition number is squared.

use ndarray::{Array1, Array2};

/// Solves R x = b for an upper-triangular R (k × k, nonzero diagonal) by back substitution.
pub fn back_substitute(r: &Array2<f64>, b: &[f64]) -> Vec<f64> {
    let k = b.len();
    let mut x = vec![0.0; k];
    // From the last row up: row i involves only xᵢ and the x's below it, already known.
    for i in (0..k).rev() {
        let known: f64 = (i + 1..k).map(|j| r[[i, j]] * x[j]).sum();
        x[i] = (b[i] - known) / r[[i, i]];
    }
    x
}

/// The θ minimising ‖y − A θ‖² for an (n, k) matrix A with n ≥ k independent columns, by QR.
pub fn least_squares(a: &Array2<f64>, y: &[f64]) -> Vec<f64> {
    // The normal equations AᵀA θ = Aᵀy by Gaussian elimination with partial pivoting.
    let k = a.ncols();
    let mut g = a.t().dot(a);
    let mut rhs = a.t().dot(&Array1::from(y.to_vec()));
    for col in 0..k {
        let pivot = (col..k)
            .max_by(|&p, &q| g[[p, col]].abs().total_cmp(&g[[q, col]].abs()))
            .unwrap_or(col);
        for j in 0..k {
            g.swap([col, j], [pivot, j]);
        }
        rhs.swap(col, pivot);
        for row in col + 1..k {
            let f = g[[row, col]] / g[[col, col]];
            for j in col..k {
                g[[row, j]] -= f * g[[col, j]];
            }
            rhs[row] -= f * rhs[col];
        }
    }
    back_substitute(&g, &rhs.to_vec())
}

/// An ordinary least-squares fit ŷ = intercept + X · coef.
#[derive(Debug, Clone)]
pub struct LinearFit {
    pub intercept: f64,
    /// One coefficient per column of X.
    pub coef: Vec<f64>,
}

/// Fits ŷ = b + X w to (x, y) by least squares (x: n rows, d columns; n > d + 1).
pub fn fit(x: &Array2<f64>, y: &[f64]) -> LinearFit {
    let (n, d) = x.dim();
    // A = [1 X] (n, d + 1): θ₀ multiplies the ones, so it is the intercept.
    let a = Array2::from_shape_fn(
        (n, d + 1),
        |(i, j)| if j == 0 { 1.0 } else { x[[i, j - 1]] },
    );
    let theta = least_squares(&a, y);
    LinearFit {
        intercept: theta[0],
        coef: theta[1..].to_vec(),
    }
}
