//! # Cross-entropy over a batch, and its gradient / 批量交叉熵及其梯度
//!
//! A network classifies B samples at once: its last layer gives logits Z (B, K), one row per
//! sample, and the loss is the mean cross-entropy over the batch. Training needs its gradient
//! with respect to every logit:
//!
//! ```text
//! P = softmax(Z), row by row:  P[i][k] = exp(Z[i][k]) / Σⱼ exp(Z[i][j])
//! L = (1/B) Σᵢ −log P[i][yᵢ] = (1/B) Σᵢ (log Σⱼ exp(Z[i][j]) − Z[i][yᵢ])
//! ∂L/∂Z = ?                      (B, K); derive it: it is short, and has P and Y = one-hot(y) in it
//! ```
//!
//! Both functions must work for any finite logits, ±1000 included, and each row for itself:
//! one sample's logits may sit far above another's. The checks compare ∂L/∂Z with central
//! differences of L.
//!
//! 网络一次给 B 个样本分类：最后一层输出 logits Z (B, K)，每行一个样本，损失是整个批量的平均交叉熵
//! （公式见上）。训练需要它对每个 logit 的梯度 ∂L/∂Z：请自己推导，结果很短，其中有 P 和
//! Y = one-hot(y)。两个函数都必须对任意有限的 logits（包括 ±1000）正确，而且每一行各自独立：一个
//! 样本的 logits 可能远高于另一个样本的。检查会用 L 的中心差分核对 ∂L/∂Z。
//!
//! Lab / 实验: `llmpath lab show neurons`. Check / 检查: `llmpath check`.

use ndarray::Array2;

/// softmax of each row of `logits` (B, K): (B, K), every row sums to 1.
pub fn softmax(logits: &Array2<f64>) -> Array2<f64> {
    todo!("softmax of {:?} logits", logits.dim())
}

/// The mean cross-entropy L = (1/B) Σᵢ −log softmax(zᵢ)[yᵢ] of `logits` (B, K) with `labels`
/// (B,), and ∂L/∂logits (B, K).
pub fn cross_entropy(logits: &Array2<f64>, labels: &[usize]) -> (f64, Array2<f64>) {
    todo!(
        "the loss and gradient of {:?} logits, labels {labels:?}",
        logits.dim()
    )
}
