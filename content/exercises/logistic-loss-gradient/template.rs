//! # Logistic regression: a stable loss, its gradient, and a fit / 逻辑回归：稳定的损失、梯度与训练
//!
//! Binary logistic regression predicts p = σ(z) = 1/(1 + e⁻ᶻ) with z = b + x · w, for labels
//! y ∈ {0, 1}. Its loss is the mean binary cross-entropy plus an L2 penalty on w (not on b):
//!
//! ```text
//! L(b, w) = −(1/n) Σᵢ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)] + (λ/2) ‖w‖²
//!         =  (1/n) Σᵢ [softplus(zᵢ) − yᵢ zᵢ]            + (λ/2) ‖w‖²,   softplus(z) = log(1 + eᶻ)
//! ∂L/∂b   = (1/n) Σᵢ (pᵢ − yᵢ)
//! ∂L/∂w   = (1/n) Xᵀ (p − y) + λ w
//! ```
//!
//! Both must hold for any finite z: e¹⁰⁰⁰ overflows to infinity and σ(−1000) underflows to 0,
//! so log σ(z) and e^z/(1 + e^z) written naively give inf or NaN. Rewrite them so that no
//! exponent is ever positive (`f64::ln_1p(t)` computes log(1 + t) accurately for small t).
//! `fit` runs `epochs` steps of batch gradient descent from b = 0, w = 0; the last check trains
//! it on iris (versicolor vs virginica, standardised) and asks for scikit-learn's accuracy.
//!
//! 二分类逻辑回归用 p = σ(z) = 1/(1 + e⁻ᶻ)（z = b + x·w）预测标签 y ∈ {0, 1}。损失是平均二元
//! 交叉熵加上对 w（不含 b）的 L2 惩罚 (λ/2)‖w‖²，等价地写成 softplus(z) − yz 的均值（公式见上）。
//! 两个函数都必须对任意有限的 z 成立：e¹⁰⁰⁰ 溢出为无穷大，σ(−1000) 下溢为 0，直接写 log σ(z) 或
//! e^z/(1 + e^z) 会得到 inf 或 NaN。请改写成指数永远不为正的形式（`f64::ln_1p(t)` 能精确计算小 t
//! 的 log(1 + t)）。`fit` 从 b = 0、w = 0 开始做 `epochs` 步批量梯度下降；最后的检查在鸢尾花
//! （变色鸢尾 vs 维吉尼亚鸢尾，标准化）上训练它，要求达到 scikit-learn 的准确率。
//!
//! Lab / 实验: `llmpath lab show logistic-regression`. Check / 检查: `llmpath check`.

use ndarray::Array2;

/// The penalised mean cross-entropy L(b, w) for labels y ∈ {0, 1} (x: n rows, d columns).
pub fn loss(x: &Array2<f64>, y: &[f64], b: f64, w: &[f64], lambda: f64) -> f64 {
    todo!(
        "the loss of a {:?} matrix, {} labels, b = {b}, {} weights, λ = {lambda}",
        x.dim(),
        y.len(),
        w.len()
    )
}

/// (∂L/∂b, ∂L/∂w): the gradient of `loss` at (b, w).
pub fn loss_gradient(
    x: &Array2<f64>,
    y: &[f64],
    b: f64,
    w: &[f64],
    lambda: f64,
) -> (f64, Vec<f64>) {
    todo!(
        "the gradient for a {:?} matrix, {} labels, b = {b}, w = {w:?}, λ = {lambda}",
        x.dim(),
        y.len()
    )
}

/// A fitted logistic regression: predict class 1 when intercept + x · coef > 0.
#[derive(Debug, Clone)]
pub struct LogisticFit {
    pub intercept: f64,
    pub coef: Vec<f64>,
}

/// Batch gradient descent on `loss` from b = 0, w = 0: `epochs` steps of size `learning_rate`.
pub fn fit(
    x: &Array2<f64>,
    y: &[f64],
    lambda: f64,
    learning_rate: f64,
    epochs: usize,
) -> LogisticFit {
    todo!(
        "{epochs} epochs with η = {learning_rate}, λ = {lambda}, on a {:?} matrix and {} labels",
        x.dim(),
        y.len()
    )
}
