//! # Ordinary least squares by QR / 用 QR 分解求普通最小二乘
//!
//! Linear regression with an intercept b fits ŷ = b + X w to n rows of d features. Put a
//! column of ones in front of X and it is one least-squares problem in θ = (b, w):
//!
//! ```text
//! A = [1 X]  (n, d + 1)        θ* = argmin ‖y − A θ‖²
//! normal equations             Aᵀ (y − A θ*) = 0        (the residual is orthogonal to every column)
//! QR                           A = Q R,  Q (n, k) with orthonormal columns, R (k, k) upper triangular
//!                              R θ* = Qᵀ y              (k = d + 1)
//! back substitution            xᵢ = (bᵢ − Σ_{j>i} Rᵢⱼ xⱼ) / Rᵢᵢ,   i = k − 1, …, 1, 0
//! ```
//!
//! Do not form AᵀA or an inverse: κ(AᵀA) = κ(A)², so nearly collinear columns that QR handles
//! to 9 digits leave the normal equations with 2 (the last check has such columns). Qᵀy must
//! come from the same orthogonal steps as R: apply each Householder reflection to y too (the
//! lab's way), or run modified Gram–Schmidt on [A y], y as one more column (the reference
//! solution's way). Multiplying y by a Gram–Schmidt Q afterwards loses as many digits as AᵀA
//! does, because that Q is only orthogonal to about κ·10⁻¹⁶. Write three functions, each on top
//! of the previous one.
//!
//! 带截距 b 的线性回归用 ŷ = b + X w 拟合 n 行、d 个特征的数据。在 X 前面加一列 1，就成为关于
//! θ = (b, w) 的一个最小二乘问题。最优解满足正规方程 Aᵀ(y − Aθ*) = 0（残差与每一列正交）。用 QR
//! 分解 A = QR 求解 Rθ* = Qᵀy，再用回代求上三角方程组。不要构造 AᵀA 或求逆：κ(AᵀA) = κ(A)²，
//! 对几乎共线的列，QR 还能保留 9 位有效数字，正规方程只剩 2 位（最后一项检查就是这样的数据）。
//! Qᵀy 必须由与 R 相同的正交变换得到：把每个 Householder 反射也作用在 y 上（实验的做法），或对
//! [A y] 做修正 Gram–Schmidt，把 y 当作多出来的一列（参考解的做法）。事后用 Gram–Schmidt 得到的
//! Q 去乘 y 会像 AᵀA 一样丢失精度，因为那个 Q 只正交到约 κ·10⁻¹⁶。三个函数逐层构建。
//!
//! Lab / 实验: `llmpath lab show linear-regression`. Check / 检查: `llmpath check`.

use ndarray::Array2;

/// Solves R x = b for an upper-triangular R (k × k, nonzero diagonal) by back substitution.
pub fn back_substitute(r: &Array2<f64>, b: &[f64]) -> Vec<f64> {
    todo!(
        "solve a {:?} triangular system for {} unknowns",
        r.dim(),
        b.len()
    )
}

/// The θ minimising ‖y − A θ‖² for an (n, k) matrix A with n ≥ k independent columns, by QR.
pub fn least_squares(a: &Array2<f64>, y: &[f64]) -> Vec<f64> {
    todo!(
        "least squares with a {:?} matrix and {} targets",
        a.dim(),
        y.len()
    )
}

/// An ordinary least-squares fit ŷ = intercept + X · coef.
#[derive(Debug, Clone)]
pub struct LinearFit {
    pub intercept: f64,
    /// One coefficient per column of X.
    pub coef: Vec<f64>,
}

/// Fits ŷ = b + X w to (x, y) by least squares (x: n rows, d columns; n > d + 1).
pub fn fit(x: &Array2<f64>, y: &[f64]) -> LinearFit {
    todo!(
        "fit a line with an intercept to {:?} and {} targets",
        x.dim(),
        y.len()
    )
}
