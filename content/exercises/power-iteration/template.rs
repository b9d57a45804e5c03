//! # Power iteration / 幂迭代法
//!
//! Multiply a vector by A again and again and it turns towards the eigenvector whose eigenvalue
//! is largest in magnitude, because that component grows fastest: after k products the others
//! have shrunk by |λᵢ/λ₁|ᵏ. Normalising after each product keeps the numbers finite.
//!
//! ```text
//! v ← v₀ / ‖v₀‖
//! repeat at most max_iter times:
//!     w ← A v
//!     λ ← v · w                       the Rayleigh quotient vᵀAv (‖v‖ = 1)
//!     if ‖w − λ v‖ ≤ tol: stop        ‖Av − λv‖, the residual: 0 for an exact eigenpair
//!     v ← w / ‖w‖
//! return (λ, v)
//! ```
//!
//! A is symmetric, its eigenvalue of largest magnitude λ₁ is strictly larger in magnitude than
//! every other one, and v₀ is not orthogonal to λ₁'s eigenvector. λ₁ may be negative. Return λ
//! and the unit vector v of the last step (v or −v: both are eigenvectors). You may use
//! ndarray's `.dot()` for products here (you wrote your own in `vector-matrix-ops`).
//!
//! 反复用 A 乘一个向量，它会转向绝对值最大的特征值所对应的特征向量：这个分量增长得最快，k 次之后
//! 其余分量相对缩小为 |λᵢ/λ₁|ᵏ。每次相乘后归一化，数值才不会溢出。算法见上：λ 取 Rayleigh 商
//! v · (A v)，当残差 ‖Av − λv‖ ≤ tol 时停止，最多迭代 max_iter 次。A 是对称矩阵，绝对值最大的特征值
//! λ₁ 的绝对值严格大于其他特征值，v₀ 与 λ₁ 的特征向量不正交；λ₁ 可能是负数。返回 λ 和最后一步的
//! 单位向量 v（v 与 −v 都算对）。这里可以用 ndarray 的 `.dot()` 做乘法（你已在 `vector-matrix-ops`
//! 中亲手实现过）。
//!
//! Lab / 实验: `llmpath lab show linear-algebra`. Check / 检查: `llmpath check`.

use ndarray::ArrayView2;

/// The dominant eigenpair (λ₁, v₁) of the symmetric matrix `a`, from the start vector `v0`:
/// stops when ‖A v − λ v‖ ≤ `tol` or after `max_iter` products.
pub fn power_iteration(
    a: ArrayView2<f64>,
    v0: &[f64],
    tol: f64,
    max_iter: usize,
) -> (f64, Vec<f64>) {
    todo!(
        "power iteration on a {:?} matrix from {v0:?}, tol {tol}, at most {max_iter} steps",
        a.dim()
    )
}
