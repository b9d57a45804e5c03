//! # Low-rank approximation from the SVD / 用 SVD 做低秩近似
//!
//! Every matrix factorises as A = U Σ Vᵀ: U (m, r) and V (n, r) have orthonormal columns, and
//! the singular values σ₀ ≥ σ₁ ≥ … ≥ 0 sit on Σ's diagonal. Written as a sum of rank-one
//! matrices, A = Σᵢ σᵢ uᵢ vᵢᵀ; keeping the first k terms gives the best approximation of rank k
//! (Eckart–Young), and its error is exactly the energy of the terms left out:
//!
//! ```text
//! A_k = Σ_{i<k} σᵢ uᵢ vᵢᵀ          uᵢ = column i of U,  vᵢᵀ = row i of Vᵀ,  (uᵢ vᵢᵀ)ₚ_q = uᵢ[p] vᵢ[q]
//! ‖A − B‖_F = √(Σₚ_q (Aₚ_q − Bₚ_q)²)
//! ‖A − A_k‖_F² = Σ_{i≥k} σᵢ²       (Eckart–Young)
//! ```
//!
//! Write `rank_k` (A_k from U, σ and Vᵀ, as a library's SVD returns them), `frobenius_error`,
//! and `rank_for_energy`: the smallest k whose first k singular values keep at least a share of
//! the energy Σσᵢ², the usual way to choose k ("keep 95 % of the energy").
//!
//! 任意矩阵都可以分解为 A = U Σ Vᵀ：U (m, r) 与 V (n, r) 的列是标准正交的，奇异值
//! σ₀ ≥ σ₁ ≥ … ≥ 0 在 Σ 的对角线上。写成秩一矩阵之和 A = Σᵢ σᵢ uᵢ vᵢᵀ，保留前 k 项就得到秩为 k 的
//! 最佳近似（Eckart–Young 定理），其误差恰好是舍去的那些项的能量（公式见上）。请实现 `rank_k`
//! （由库返回的 U、σ、Vᵀ 求 A_k）、`frobenius_error`，以及 `rank_for_energy`：使前 k 个奇异值至少
//! 保留给定比例能量 Σσᵢ² 的最小 k，这是选择 k 的常用方法（“保留 95% 的能量”）。
//!
//! Lab / 实验: `llmpath lab show linear-algebra`. Check / 检查: `llmpath check`.

use ndarray::{Array2, ArrayView2};

/// A_k = Σ_{i<k} σᵢ uᵢ vᵢᵀ, shape (m, n), from U (m, r), σ (r, descending) and Vᵀ (r, n);
/// 0 ≤ k ≤ r.
pub fn rank_k(u: ArrayView2<f64>, sigma: &[f64], vt: ArrayView2<f64>, k: usize) -> Array2<f64> {
    todo!(
        "the rank-{k} part of U {:?}, {} singular values, Vᵀ {:?}",
        u.dim(),
        sigma.len(),
        vt.dim()
    )
}

/// The Frobenius norm of the difference, ‖A − B‖_F, for two matrices of the same shape.
pub fn frobenius_error(a: ArrayView2<f64>, b: ArrayView2<f64>) -> f64 {
    todo!("‖A − B‖ for shapes {:?} and {:?}", a.dim(), b.dim())
}

/// The smallest k with Σ_{i<k} σᵢ² ≥ share · Σᵢ σᵢ², for σ in descending order and
/// 0 < share ≤ 1.
pub fn rank_for_energy(sigma: &[f64], share: f64) -> usize {
    todo!("how many of {} singular values keep {share} of the energy", sigma.len())
}
