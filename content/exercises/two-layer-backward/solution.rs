//! # Backpropagation through a two-layer network / 两层网络的反向传播
//!
//! Each line of the backward pass is the chain rule for one line of the forward pass, taken in
//! reverse order; a weight's gradient is (its layer's input)ᵀ × (the gradient at its output), a
//! bias's is that gradient summed over the batch, and ReLU lets the gradient through only where
//! its input was positive. The 1/B of the mean loss is already in ∂L/∂logits.

use ndarray::{Array1, Array2, Axis};

/// The parameters: W1 (D, H), b1 (H,), W2 (H, K), b2 (K,).
#[derive(Debug, Clone)]
pub struct Params {
    pub w1: Array2<f64>,
    pub b1: Array1<f64>,
    pub w2: Array2<f64>,
    pub b2: Array1<f64>,
}

/// What the forward pass keeps for the backward pass.
#[derive(Debug, Clone)]
pub struct Forward {
    /// X W1 + b1 (B, H)
    pub z1: Array2<f64>,
    /// ReLU(z1) (B, H)
    pub h: Array2<f64>,
    /// h W2 + b2 (B, K)
    pub logits: Array2<f64>,
}

/// ∂L/∂ of each parameter, in the parameter's shape.
#[derive(Debug, Clone)]
pub struct Grads {
    pub w1: Array2<f64>,
    pub b1: Array1<f64>,
    pub w2: Array2<f64>,
    pub b2: Array1<f64>,
}

/// The forward pass for a batch `x` (B, D).
pub fn forward(params: &Params, x: &Array2<f64>) -> Forward {
    let z1 = x.dot(&params.w1) + &params.b1;
    let h = z1.mapv(|z| z.max(0.0));
    let logits = h.dot(&params.w2) + &params.b2;
    Forward { z1, h, logits }
}

/// The backward pass: every parameter's gradient, given `x`, the forward pass's `cache` and
/// `grad_logits` = ∂L/∂logits (B, K).
pub fn backward(
    params: &Params,
    x: &Array2<f64>,
    cache: &Forward,
    grad_logits: &Array2<f64>,
) -> Grads {
    let w2 = cache.h.t().dot(grad_logits); // (H, K)
    let b2 = grad_logits.sum_axis(Axis(0)); // (K,)
    let grad_h = grad_logits.dot(&params.w2.t()); // (B, H)
    let grad_z1 = grad_h * &cache.z1.mapv(|z| if z > 0.0 { 1.0 } else { 0.0 });
    let w1 = x.t().dot(&grad_z1); // (D, H)
    let b1 = grad_z1.sum_axis(Axis(0)); // (H,)
    Grads { w1, b1, w2, b2 }
}
