//! # Cross-entropy over a batch, and its gradient / 批量交叉熵及其梯度
//!
//! Each row is shifted by its own largest logit, so no exponent is positive and the loss goes
//! through log-sum-exp. The gradient needs no chain of derivatives: for one sample,
//! ∂/∂zₖ [log Σⱼ exp(zⱼ) − z_y] = pₖ − 𝟙[k = y]; the mean over B rows divides it by B.

use ndarray::Array2;

/// softmax of each row of `logits` (B, K): (B, K), every row sums to 1.
pub fn softmax(logits: &Array2<f64>) -> Array2<f64> {
    let mut probs = logits.clone();
    for mut row in probs.rows_mut() {
        let max = row.fold(f64::NEG_INFINITY, |m, &z| m.max(z));
        row.mapv_inplace(|z| (z - max).exp());
        let sum = row.sum();
        row /= sum;
    }
    probs
}

/// The mean cross-entropy L = (1/B) Σᵢ −log softmax(zᵢ)[yᵢ] of `logits` (B, K) with `labels`
/// (B,), and ∂L/∂logits (B, K).
pub fn cross_entropy(logits: &Array2<f64>, labels: &[usize]) -> (f64, Array2<f64>) {
    let batch = labels.len() as f64;
    let mut loss = 0.0;
    for (row, &label) in logits.rows().into_iter().zip(labels) {
        let max = row.fold(f64::NEG_INFINITY, |m, &z| m.max(z));
        let log_sum_exp = max + row.mapv(|z| (z - max).exp()).sum().ln();
        loss += log_sum_exp - row[label];
    }
    // softmax − one-hot, averaged over the batch
    let mut grad = softmax(logits);
    for (i, &label) in labels.iter().enumerate() {
        grad[[i, label]] -= 1.0;
    }
    (loss / batch, grad / batch)
}
