//! The Frobenius error without its square root: ‖A − B‖_F².

use ndarray::{Array2, ArrayView2, Axis};

/// A_k = Σ_{i<k} σᵢ uᵢ vᵢᵀ, shape (m, n), from U (m, r), σ (r, descending) and Vᵀ (r, n);
/// 0 ≤ k ≤ r.
pub fn rank_k(u: ArrayView2<f64>, sigma: &[f64], vt: ArrayView2<f64>, k: usize) -> Array2<f64> {
    assert!(k <= sigma.len(), "rank_k: k = {k} > r = {}", sigma.len());
    let mut a_k = Array2::zeros((u.nrows(), vt.ncols())); // (m, n)
    // uᵢ is column i of U and vᵢᵀ row i of Vᵀ (Vᵀ's rows are V's columns).
    let triplets = u.columns().into_iter().zip(sigma).zip(vt.rows());
    for ((u_i, &s), v_i) in triplets.take(k) {
        // (m, 1) * (1, n) → (m, n): the outer product uᵢ vᵢᵀ.
        let outer = &u_i.insert_axis(Axis(1)) * &v_i.insert_axis(Axis(0));
        a_k.scaled_add(s, &outer);
    }
    a_k
}

/// The Frobenius norm of the difference, ‖A − B‖_F, for two matrices of the same shape.
pub fn frobenius_error(a: ArrayView2<f64>, b: ArrayView2<f64>) -> f64 {
    assert_eq!(a.dim(), b.dim(), "frobenius_error: the shapes differ");
    a.iter()
        .zip(b.iter())
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
}

/// The smallest k with Σ_{i<k} σᵢ² ≥ share · Σᵢ σᵢ², for σ in descending order and
/// 0 < share ≤ 1.
pub fn rank_for_energy(sigma: &[f64], share: f64) -> usize {
    // The energy of a singular value is σ², as in the error formula above.
    let total: f64 = sigma.iter().map(|s| s * s).sum();
    let mut kept = 0.0;
    for (k, s) in sigma.iter().enumerate() {
        if kept >= share * total {
            return k;
        }
        kept += s * s;
    }
    sigma.len()
}
