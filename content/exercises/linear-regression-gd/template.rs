//! # Linear regression by gradient descent / 用梯度下降训练线性回归
//!
//! The mean squared error of ŷ = b + X w on n rows, its gradient, and batch gradient descent,
//! which uses every row at every step:
//!
//! ```text
//! L(b, w) = (1/n) Σᵢ (ŷᵢ − yᵢ)²,       ŷᵢ = b + xᵢ · w
//! ∂L/∂b   = (2/n) Σᵢ (ŷᵢ − yᵢ)
//! ∂L/∂w   = (2/n) Xᵀ (ŷ − y)
//! epoch k: losses[k] = L(b, w);  then  b ← b − η ∂L/∂b,  w ← w − η ∂L/∂w
//! ```
//!
//! `fit_gd` starts from b = 0, w = 0 and runs `epochs` steps; `losses[k]` is the loss at the
//! start of epoch k (so `losses[0]` = L(0, 0)). On standardised features the loss is a
//! well-rounded bowl and gradient descent reaches the least-squares solution (the one
//! `ols-least-squares` computes by QR) in a few hundred steps.
//!
//! 线性回归 ŷ = b + X w 在 n 行数据上的均方误差、它的梯度，以及每一步都使用全部数据的批量梯度
//! 下降（公式见上）。`fit_gd` 从 b = 0、w = 0 开始迭代 `epochs` 步；`losses[k]` 是第 k 轮开始时的
//! 损失（所以 `losses[0]` = L(0, 0)）。在标准化后的特征上，损失是一个近乎圆形的碗，梯度下降几百步
//! 就能到达最小二乘解（即 `ols-least-squares` 用 QR 求出的解）。
//!
//! Lab / 实验: `llmpath lab show linear-regression`. Check / 检查: `llmpath check`.

use ndarray::Array2;

/// The mean squared error of ŷ = b + X w against y (x: n rows, d columns; w: d values).
pub fn mse(x: &Array2<f64>, y: &[f64], b: f64, w: &[f64]) -> f64 {
    todo!(
        "the MSE on a {:?} matrix, {} targets, b = {b}, {} weights",
        x.dim(),
        y.len(),
        w.len()
    )
}

/// (∂L/∂b, ∂L/∂w): the gradient of `mse` at (b, w).
pub fn mse_gradient(x: &Array2<f64>, y: &[f64], b: f64, w: &[f64]) -> (f64, Vec<f64>) {
    todo!(
        "the gradient at b = {b}, w = {w:?}, for a {:?} matrix and {} targets",
        x.dim(),
        y.len()
    )
}

/// What gradient descent returns: the last parameters and the loss at the start of each epoch.
#[derive(Debug, Clone)]
pub struct GdFit {
    pub intercept: f64,
    pub coef: Vec<f64>,
    /// `losses[k]` = L(b, w) at the start of epoch k; one value per epoch.
    pub losses: Vec<f64>,
}

/// Batch gradient descent from b = 0, w = 0: `epochs` steps of size `learning_rate`.
pub fn fit_gd(x: &Array2<f64>, y: &[f64], learning_rate: f64, epochs: usize) -> GdFit {
    todo!(
        "{epochs} epochs with η = {learning_rate} on a {:?} matrix and {} targets",
        x.dim(),
        y.len()
    )
}
