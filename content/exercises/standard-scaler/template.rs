//! # Standardising features: a StandardScaler / 特征标准化：StandardScaler
//!
//! Gradient descent, ridge regression and k-NN all want features on one scale. A standard
//! scaler learns each column's mean μⱼ and standard deviation σⱼ from the *training* rows, then
//! maps any row x to z:
//!
//! ```text
//! μⱼ = (1/n) Σᵢ xᵢⱼ            σⱼ = √((1/n) Σᵢ (xᵢⱼ − μⱼ)²)     (1/n: the population std)
//! sⱼ = σⱼ, or 1 when σⱼ = 0    zᵢⱼ = (xᵢⱼ − μⱼ) / sⱼ
//! ```
//!
//! `x` has n rows (samples) and d columns (features). `fit` learns μ and s (scikit-learn's
//! `mean_` and `scale_`); `transform` applies them to any matrix with d columns: the training
//! rows, or new rows (a test set), which it must never learn from. A constant column has σ = 0:
//! like scikit-learn, keep its scale at 1, so it becomes a column of zeros instead of NaN.
//!
//! 梯度下降、岭回归和 k 近邻都希望各特征处于同一尺度。标准化器从*训练*数据中学习每一列的均值 μⱼ
//! 和标准差 σⱼ（除以 n 的总体标准差，与 scikit-learn 相同），再把任意一行 x 变为
//! zᵢⱼ = (xᵢⱼ − μⱼ) / sⱼ。`x` 有 n 行（样本）、d 列（特征）。`fit` 学习 μ 和 s（即 scikit-learn
//! 的 `mean_` 与 `scale_`）；`transform` 把它们用于任何 d 列的矩阵：训练数据或新数据（测试集），
//! 但绝不能从新数据中学习。常数列的 σ = 0：与 scikit-learn 一样把它的 scale 设为 1，使它变成
//! 全 0 列而不是 NaN。
//!
//! Lab / 实验: `llmpath lab show model-selection` (its pipelines fit the scaler on the training
//! folds only / 其管道只在训练折上拟合缩放器). Check / 检查: `llmpath check`.

use ndarray::{Array1, Array2};

/// What `fit` learns: one mean and one scale per column.
#[derive(Debug, Clone)]
pub struct StandardScaler {
    pub mean: Array1<f64>,
    pub scale: Array1<f64>,
}

impl StandardScaler {
    /// Learns the column means and scales of `x` (n ≥ 1 rows, d columns).
    pub fn fit(x: &Array2<f64>) -> StandardScaler {
        todo!(
            "learn one mean and one scale per column of a {:?} matrix",
            x.dim()
        )
    }

    /// (x − mean) / scale, row by row, with the statistics `fit` learnt.
    pub fn transform(&self, x: &Array2<f64>) -> Array2<f64> {
        todo!(
            "standardise a {:?} matrix with {} learnt means",
            x.dim(),
            self.mean.len()
        )
    }
}
