//! # Vectors and matrices from scratch / 从零实现向量与矩阵运算
//!
//! Everything in linear algebra for machine learning is built from a handful of loops: the dot
//! product, the length (norm) of a vector, the transpose, and matrix products.
//!
//! ```text
//! a · b    = Σᵢ aᵢ bᵢ
//! ‖a‖₁     = Σᵢ |aᵢ|            ‖a‖₂ = √(a · a)
//! (Aᵀ)ⱼᵢ   = Aᵢⱼ                A (m, n)            → Aᵀ (n, m)
//! (A x)ᵢ   = Σⱼ Aᵢⱼ xⱼ          A (m, n), x (n)     → A x (m)
//! (A B)ᵢⱼ  = Σₖ Aᵢₖ Bₖⱼ         A (m, n), B (n, p)  → A B (m, p)
//! ```
//!
//! Write them with loops (or iterators) and indexing `a[[i, j]]`. Do not call ndarray's
//! `.dot()`, `.t()` or `.reversed_axes()`: the checks compare with their own triple loop, so
//! those would pass, but writing the loops yourself is the point. The shapes are always
//! compatible; the checks first look at the shape of what you return, then at each entry.
//! Matrices may come as views of any memory layout (for example a transposed view), so index
//! them with `[[i, j]]` rather than reading their raw storage.
//!
//! 机器学习里的线性代数都建立在几个循环之上：点积、向量的长度（范数）、转置和矩阵乘法（公式见上）。
//! 请用循环（或迭代器）和下标 `a[[i, j]]` 实现它们，不要调用 ndarray 的 `.dot()`、`.t()` 或
//! `.reversed_axes()`：检查会用自己的三重循环对照，调用它们也能通过，但亲手写出循环才是练习的目的。
//! 输入的形状总是相容的；检查先看你返回结果的形状，再逐个核对元素。矩阵可能是任意内存布局的视图
//! （例如转置视图），所以请用 `[[i, j]]` 取元素，不要直接读底层存储。
//!
//! Lab / 实验: `llmpath lab show linear-algebra`. Check / 检查: `llmpath check`.

use ndarray::{Array2, ArrayView2};

/// The dot product a · b of two vectors of the same length.
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    todo!("the dot product of {} and {} numbers", a.len(), b.len())
}

/// The L1 norm ‖a‖₁ = Σ |aᵢ|.
pub fn norm_l1(a: &[f64]) -> f64 {
    todo!("the L1 norm of {} numbers", a.len())
}

/// The L2 (Euclidean) norm ‖a‖₂ = √(Σ aᵢ²).
pub fn norm_l2(a: &[f64]) -> f64 {
    todo!("the L2 norm of {} numbers", a.len())
}

/// The transpose Aᵀ: shape (n, m) for an (m, n) matrix.
pub fn transpose(a: ArrayView2<f64>) -> Array2<f64> {
    todo!("the transpose of a {:?} matrix", a.dim())
}

/// The matrix–vector product A x: one number per row of A. `x.len()` equals A's column count.
pub fn mat_vec(a: ArrayView2<f64>, x: &[f64]) -> Vec<f64> {
    todo!("a {:?} matrix times {} numbers", a.dim(), x.len())
}

/// The matrix product A B: shape (m, p) for A (m, n) and B (n, p).
pub fn mat_mul(a: ArrayView2<f64>, b: ArrayView2<f64>) -> Array2<f64> {
    todo!("a {:?} matrix times a {:?} matrix", a.dim(), b.dim())
}
