//! # Ridge regression in closed form / 岭回归的闭式解
//!
//! Ridge regression adds a penalty on the weights, but not on the intercept b (shifting every
//! y by c should shift b by c, whatever α is). This is scikit-learn's `Ridge`:
//!
//! ```text
//! minimise  ‖y − b − X w‖² + α ‖w‖²                      (a sum of squares, α ≥ 0)
//! centre    X̃ = X − x̄ (each column minus its mean),  ỹ = y − ȳ
//! solve     (X̃ᵀX̃ + α I) w = X̃ᵀ ỹ,    then  b = ȳ − x̄ · w
//! ```
//!
//! Centring is what keeps b out of the penalty: at the optimum the residuals sum to 0, so b is
//! whatever makes the fit pass through the point (x̄, ȳ). X̃ᵀX̃ + αI is symmetric positive
//! definite (for α > 0 always; for α = 0 when X̃ has independent columns), so solve it by
//! Cholesky, never with an inverse:
//!
//! ```text
//! A = L Lᵀ,  L lower triangular:  Lⱼⱼ = √(Aⱼⱼ − Σ_{p<j} Lⱼₚ²),  Lᵢⱼ = (Aᵢⱼ − Σ_{p<j} Lᵢₚ Lⱼₚ) / Lⱼⱼ  (i > j)
//! then  L z = b  (forward substitution)  and  Lᵀ x = z  (back substitution)
//! ```
//!
//! 岭回归对权重加惩罚，但不惩罚截距 b（把每个 y 都加上 c，无论 α 是多少，b 都应增加 c）。这就是
//! scikit-learn 的 `Ridge`：最小化 ‖y − b − Xw‖² + α‖w‖²。先把 X 的每一列和 y 减去各自的均值
//! （中心化），解 (X̃ᵀX̃ + αI) w = X̃ᵀỹ，再令 b = ȳ − x̄·w。中心化让 b 不进入惩罚项：最优时残差之和
//! 为 0，拟合直线经过 (x̄, ȳ)。X̃ᵀX̃ + αI 对称正定，用 Cholesky 分解 A = LLᵀ 求解（先前代 Lz = b，
//! 再回代 Lᵀx = z），不要求逆。
//!
//! Lab / 实验: `llmpath lab show linear-regression` (ridge there is least squares on [A; √α D],
//! another way to the same w / 实验里岭回归写成 [A; √α D] 上的最小二乘，殊途同归).
//! Check / 检查: `llmpath check`.

use ndarray::Array2;

/// Solves A x = b for a symmetric positive-definite A (k × k) by Cholesky.
pub fn solve_spd(a: &Array2<f64>, b: &[f64]) -> Vec<f64> {
    todo!(
        "solve a {:?} positive-definite system for {} unknowns",
        a.dim(),
        b.len()
    )
}

/// A linear fit ŷ = intercept + X · coef.
#[derive(Debug, Clone)]
pub struct LinearFit {
    pub intercept: f64,
    /// One coefficient per column of X.
    pub coef: Vec<f64>,
}

/// Ridge regression with penalty `alpha` on the coefficients only (x: n rows, d columns).
pub fn ridge(x: &Array2<f64>, y: &[f64], alpha: f64) -> LinearFit {
    todo!(
        "ridge with α = {alpha} on a {:?} matrix and {} targets",
        x.dim(),
        y.len()
    )
}
