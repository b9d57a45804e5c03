//! Straight from the definition: exp overflows for large logits.

pub fn softmax(logits: &[f64]) -> Vec<f64> {
    let sum: f64 = logits.iter().map(|z| z.exp()).sum();
    logits.iter().map(|z| z.exp() / sum).collect()
}

pub fn cross_entropy(logits: &[f64], label: usize) -> f64 {
    -softmax(logits)[label].ln()
}
