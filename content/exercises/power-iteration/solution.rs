//! # Power iteration / 幂迭代法
//!
//! Each step costs one product A v. The Rayleigh quotient λ = vᵀAv is the best eigenvalue
//! estimate for the current v, and it keeps its sign, so a negative λ₁ comes out negative
//! (‖A v‖ would not). The stopping rule looks at the residual ‖Av − λv‖, not at how much λ
//! moved: λ converges like |λ₂/λ₁|²ᵏ, twice as fast as v, so a small change in λ says little
//! about v.

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
        v = &w / w.dot(&w).sqrt();
    }
    (lambda, v.to_vec())
}
