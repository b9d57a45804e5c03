//! # The pseudo-inverse from the SVD, and least squares with it / 用 SVD 构造伪逆并求最小二乘
//!
//! Both functions share Σ⁺, the only place where a division happens: every σᵢ at or below the
//! cutoff becomes 0 instead of a huge (or infinite) 1/σᵢ. `pseudo_inverse` scales the rows of
//! Uᵀ by σᵢ⁺ and multiplies by V. `least_squares` never forms A⁺: applying the three factors to
//! b one after another, x = V (Σ⁺ (Uᵀ b)), costs O(r(m + n)) instead of O(mnr), and the result
//! is the same.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

/// σᵢ⁺ = 1/σᵢ where σᵢ > rcond·σ₀, else 0 (as `numpy.linalg.pinv`).
fn sigma_plus(sigma: &[f64], rcond: f64) -> Array1<f64> {
    // σ₀ is the largest singular value; taking the maximum does not rely on the order.
    let cutoff = rcond * sigma.iter().copied().fold(0.0, f64::max);
    sigma
        .iter()
        .map(|&s| if s > cutoff { 1.0 / s } else { 0.0 })
        .collect()
}

/// A⁺ = V Σ⁺ Uᵀ, shape (n, m), from U (m, r), σ (r, descending, ≥ 0) and Vᵀ (r, n); singular
/// values σᵢ ≤ rcond·σ₀ count as zero.
pub fn pseudo_inverse(
    u: ArrayView2<f64>,
    sigma: &[f64],
    vt: ArrayView2<f64>,
    rcond: f64,
) -> Array2<f64> {
    let plus = sigma_plus(sigma, rcond).insert_axis(Axis(1)); // (r, 1)
    // Σ⁺ Uᵀ: row i of Uᵀ (column i of U) times σᵢ⁺, by broadcasting (r, m) * (r, 1).
    let scaled = &u.t() * &plus;
    // V = (Vᵀ)ᵀ: (n, r) · (r, m) → (n, m).
    vt.t().dot(&scaled)
}

/// x = A⁺ b (length n): the minimum-norm least-squares solution of A x ≈ b, for b of length m,
/// with the same cutoff as `pseudo_inverse`.
pub fn least_squares(
    u: ArrayView2<f64>,
    sigma: &[f64],
    vt: ArrayView2<f64>,
    b: &[f64],
    rcond: f64,
) -> Vec<f64> {
    // The coordinates of b along U's columns, divided by σᵢ (or dropped) …
    let coords = u.t().dot(&ArrayView1::from(b)) * sigma_plus(sigma, rcond); // (r,)
    // … are x's coordinates along V's columns: x = V · coords. A dropped direction gets 0, so
    // x has no part in the null space, which is what makes it the shortest solution.
    vt.t().dot(&coords).to_vec()
}
