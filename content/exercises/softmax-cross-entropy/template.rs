//! # Numerically stable softmax and cross-entropy / 数值稳定的 softmax 与交叉熵
//!
//! A classifier's last layer gives one score (logit) zₖ per class; softmax turns them into
//! probabilities and cross-entropy scores them against the true class y:
//!
//! ```text
//! softmax(z)ₖ = exp(zₖ) / Σⱼ exp(zⱼ)
//! cross_entropy(z, y) = −log softmax(z)_y = log Σⱼ exp(zⱼ) − z_y
//! ```
//!
//! Written like that, `exp(1000.0)` is infinite and the result is NaN. Make both functions
//! work for any finite logits: softmax(z) = softmax(z − c) for every constant c.
//!
//! 分类器的最后一层给每个类别一个分数（logit）zₖ；softmax 把它们变成概率，交叉熵用真实类别 y
//! 给它打分。直接按公式计算，`exp(1000.0)` 会溢出为无穷大，结果是 NaN。请让两个函数对任意有限
//! 的 logits 都能正确计算：对任意常数 c，softmax(z) = softmax(z − c)。
//!
//! Lab / 实验: `llmpath lab show logistic-regression`. Check / 检查: `llmpath check`.

/// The probabilities softmax(z), one per logit (they sum to 1). `logits` is never empty.
pub fn softmax(logits: &[f64]) -> Vec<f64> {
    todo!("softmax of {} logits", logits.len())
}

/// −log softmax(z)[label]: the loss of predicting `logits` when the true class is `label`.
pub fn cross_entropy(logits: &[f64], label: usize) -> f64 {
    todo!("cross-entropy of {} logits, label {label}", logits.len())
}
