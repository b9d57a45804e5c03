//! Modified Gram–Schmidt on A alone, then Qᵀy with the computed Q: it is not orthogonal enough.

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
    let k = a.ncols();
    let mut v = a.clone(); // (n, k): its columns turn into q₀, q₁, …
    let mut r = Array2::zeros((k, k));
    let mut qty = vec![0.0; k]; // Qᵀy
    for col in 0..k {
        let norm = v.column(col).dot(&v.column(col)).sqrt();
        r[[col, col]] = norm;
        v.column_mut(col).mapv_inplace(|e| e / norm);
        let q = v.column(col).to_owned();
        for j in col + 1..k {
            r[[col, j]] = q.dot(&v.column(j));
            v.column_mut(j).scaled_add(-r[[col, j]], &q);
        }
    }
    // Qᵀy afterwards, with the Q just built.
    let y = Array1::from(y.to_vec());
    for (col, q) in v.columns().into_iter().enumerate() {
        qty[col] = q.dot(&y);
    }
    back_substitute(&r, &qty)
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
