//! # Numerically stable softmax and cross-entropy / 数值稳定的 softmax 与交叉熵
//!
//! Subtracting the largest logit m first keeps every exponent ≤ 0, so nothing overflows, and
//! log Σⱼ exp(zⱼ) = m + log Σⱼ exp(zⱼ − m) (log-sum-exp) keeps the loss exact even when the
//! true class's probability underflows to 0.

/// The probabilities softmax(z), one per logit (they sum to 1). `logits` is never empty.
pub fn softmax(logits: &[f64]) -> Vec<f64> {
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exps: Vec<f64> = logits.iter().map(|z| (z - max).exp()).collect();
    let sum: f64 = exps.iter().sum();
    exps.iter().map(|e| e / sum).collect()
}

/// −log softmax(z)[label]: the loss of predicting `logits` when the true class is `label`.
pub fn cross_entropy(logits: &[f64], label: usize) -> f64 {
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let log_sum_exp = max + logits.iter().map(|z| (z - max).exp()).sum::<f64>().ln();
    log_sum_exp - logits[label]
}
