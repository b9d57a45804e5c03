//! # The pseudo-inverse from the SVD, and least squares with it / 用 SVD 构造伪逆并求最小二乘
//!
//! Given an SVD A = U Σ Vᵀ of an (m, n) matrix — U (m, r) and V (n, r) with orthonormal
//! columns, σ₀ ≥ σ₁ ≥ … ≥ 0 on Σ's diagonal, Vᵀ (r, n) as a library returns it — the
//! Moore–Penrose pseudo-inverse inverts what can be inverted and leaves the rest at zero:
//!
//! ```text
//! A⁺ = V Σ⁺ Uᵀ   (n, m)          Σ⁺ = diag(σᵢ⁺),  σᵢ⁺ = 1/σᵢ if σᵢ > rcond·σ₀, else 0
//! A A⁺ A = A,  A⁺ A A⁺ = A⁺,  A A⁺ and A⁺ A symmetric     (the four Penrose conditions)
//! x = A⁺ b      the least-squares solution of A x ≈ b with the smallest ‖x‖
//! ```
//!
//! The cutoff is relative to the largest singular value, as in `numpy.linalg.pinv(a, rcond)`:
//! a σᵢ that is zero, or only rounding noise next to σ₀, would otherwise become a huge 1/σᵢ.
//! When A has full column rank, x = A⁺ b is the unique solution of the normal equations
//! AᵀA x = Aᵀb, without forming AᵀA (κ(AᵀA) = κ(A)²). When it does not, the normal equations
//! have infinitely many solutions, and A⁺ b picks the one orthogonal to A's null space.
//!
//! Write `pseudo_inverse` and `least_squares`. The checks compare with the normal equations on
//! random matrices and on iris (petal width regressed on the other three measurements plus an
//! intercept). The practice task s1.math.svd.pseudo-inverse asks for the same comparison on the
//! diabetes data: `llmpath data fetch diabetes`, then run your two functions on it yourself
//! (an SVD from the faer crate, as in the lab).
//!
//! 给定 (m, n) 矩阵的 SVD A = U Σ Vᵀ：U (m, r) 与 V (n, r) 的列是标准正交的，σ₀ ≥ σ₁ ≥ … ≥ 0 在
//! Σ 的对角线上，Vᵀ (r, n) 即库返回的形式。Moore–Penrose 伪逆把能求逆的部分求逆，其余置零（公式见
//! 上）：σᵢ > rcond·σ₀ 时 σᵢ⁺ = 1/σᵢ，否则为 0。截断阈值相对于最大奇异值，与
//! `numpy.linalg.pinv(a, rcond)` 相同：为 0 或只是相对 σ₀ 的舍入噪声的 σᵢ 否则会变成巨大的 1/σᵢ。
//! A 列满秩时，x = A⁺ b 就是正规方程 AᵀA x = Aᵀb 的唯一解，却不必构造 AᵀA（κ(AᵀA) = κ(A)²）；
//! 不满秩时正规方程有无穷多解，A⁺ b 取其中与 A 的零空间正交、范数最小的那个。请实现
//! `pseudo_inverse` 和 `least_squares`。检查在随机矩阵和 iris 数据（用其余三个测量值加截距回归
//! 花瓣宽度）上与正规方程对照。练习任务 s1.math.svd.pseudo-inverse 要求在糖尿病（diabetes）数据上
//! 做同样的对照：`llmpath data fetch diabetes`，再自己用这两个函数求解（SVD 用 faer 计算，同实验）。
//!
//! Lab / 实验: `llmpath lab show linear-algebra`. Check / 检查: `llmpath check`.

use ndarray::{Array2, ArrayView2};

/// A⁺ = V Σ⁺ Uᵀ, shape (n, m), from U (m, r), σ (r, descending, ≥ 0) and Vᵀ (r, n); singular
/// values σᵢ ≤ rcond·σ₀ count as zero.
pub fn pseudo_inverse(
    u: ArrayView2<f64>,
    sigma: &[f64],
    vt: ArrayView2<f64>,
    rcond: f64,
) -> Array2<f64> {
    todo!(
        "A⁺ from U {:?}, {} singular values, Vᵀ {:?}, rcond = {rcond}",
        u.dim(),
        sigma.len(),
        vt.dim()
    )
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
    todo!(
        "x from U {:?}, {} singular values, Vᵀ {:?}, {} targets, rcond = {rcond}",
        u.dim(),
        sigma.len(),
        vt.dim(),
        b.len()
    )
}
