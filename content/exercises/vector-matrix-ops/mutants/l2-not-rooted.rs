//! The L2 norm without its square root: returns Σ aᵢ² = ‖a‖₂².

use ndarray::{Array2, ArrayView2};

/// The dot product a · b of two vectors of the same length.
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    // `zip` would silently stop at the shorter vector: a length mismatch is a bug upstream.
    assert_eq!(a.len(), b.len(), "dot: the vectors differ in length");
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The L1 norm ‖a‖₁ = Σ |aᵢ|.
pub fn norm_l1(a: &[f64]) -> f64 {
    a.iter().map(|x| x.abs()).sum()
}

/// The L2 (Euclidean) norm ‖a‖₂ = √(Σ aᵢ²).
pub fn norm_l2(a: &[f64]) -> f64 {
    dot(a, a)
}

/// The transpose Aᵀ: shape (n, m) for an (m, n) matrix.
pub fn transpose(a: ArrayView2<f64>) -> Array2<f64> {
    let (m, n) = a.dim();
    Array2::from_shape_fn((n, m), |(j, i)| a[[i, j]])
}

/// The matrix–vector product A x: one number per row of A. `x.len()` equals A's column count.
pub fn mat_vec(a: ArrayView2<f64>, x: &[f64]) -> Vec<f64> {
    assert_eq!(a.ncols(), x.len(), "mat_vec: x does not fit A's columns");
    // (A x)ᵢ is the dot product of row i with x.
    a.rows()
        .into_iter()
        .map(|row| row.iter().zip(x).map(|(aij, xj)| aij * xj).sum())
        .collect()
}

/// The matrix product A B: shape (m, p) for A (m, n) and B (n, p).
pub fn mat_mul(a: ArrayView2<f64>, b: ArrayView2<f64>) -> Array2<f64> {
    let (m, n) = a.dim();
    assert_eq!(n, b.nrows(), "mat_mul: the inner dimensions differ");
    // (A B)ᵢⱼ = Σₖ Aᵢₖ Bₖⱼ: row i of A against column j of B.
    Array2::from_shape_fn((m, b.ncols()), |(i, j)| {
        (0..n).map(|k| a[[i, k]] * b[[k, j]]).sum()
    })
}
