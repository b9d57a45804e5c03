//! # Skip-gram with negative sampling: the loss and its gradients / 负采样 skip-gram 的损失与梯度
//!
//! With s = u·v_c, −log σ(s) has derivative σ(s) − 1 and −log σ(−s) has derivative σ(s); the
//! chain rule through s = u·v_c gives each gradient as that number times the other vector.
//! log σ is computed as −log(1 + e^(−x)) with the exponent kept ≤ 0, so it never overflows.

use ndarray::{Array1, Array2};

/// The gradients of the loss with respect to each vector, in their shapes.
pub struct Gradients {
    /// ∂L/∂v_c (d)
    pub centre: Array1<f64>,
    /// ∂L/∂u_o (d)
    pub context: Array1<f64>,
    /// ∂L/∂u_k, one row per negative (K, d)
    pub negatives: Array2<f64>,
}

fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// log σ(x) = −log(1 + e^(−x)) = x − log(1 + e^x), whichever keeps the exponent ≤ 0.
fn log_sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        -(-x).exp().ln_1p()
    } else {
        x - x.exp().ln_1p()
    }
}

/// The negative-sampling loss of the centre vector `centre` (d), the context vector `context`
/// (d) and the negatives' context vectors `negatives` (K, d), and its gradients.
pub fn negative_sampling(
    centre: &Array1<f64>,
    context: &Array1<f64>,
    negatives: &Array2<f64>,
) -> (f64, Gradients) {
    let positive = context.dot(centre);
    let mut loss = -log_sigmoid(positive);
    let pull = sigmoid(positive) - 1.0; // ∂L/∂(u_o·v_c)
    let mut grad_centre = context * pull;
    let grad_context = centre * pull;
    let mut grad_negatives = Array2::zeros(negatives.raw_dim());
    for (k, negative) in negatives.rows().into_iter().enumerate() {
        let score = negative.dot(centre);
        loss -= log_sigmoid(-score);
        let push = sigmoid(score); // ∂L/∂(u_k·v_c)
        grad_centre.scaled_add(push, &negative);
        grad_negatives.row_mut(k).assign(&(centre * push));
    }
    let gradients = Gradients {
        centre: grad_centre,
        context: grad_context,
        negatives: grad_negatives,
    };
    (loss, gradients)
}
