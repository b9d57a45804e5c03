//! # Activations and their derivatives / 激活函数及其导数
//!
//! Every derivative follows from the chain rule; σ′ and tanh′ are cheapest written with the
//! function's own value. GELU's tanh form is ½ z (1 + tanh u) with u = c (z + k z³), so its
//! derivative has two terms: the product rule on z, then the chain rule through tanh and u.

use ndarray::Array2;

/// √(2/π) and the cubic coefficient of GELU's tanh form.
const GELU_C: f64 = 0.797_884_560_802_865_4;
const GELU_K: f64 = 0.044_715;

/// σ(z) = 1 / (1 + e⁻ᶻ).
pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// σ′(z).
pub fn sigmoid_prime(z: f64) -> f64 {
    let s = sigmoid(z);
    s * (1.0 - s)
}

/// tanh′(z) (tanh itself is `f64::tanh`).
pub fn tanh_prime(z: f64) -> f64 {
    let t = z.tanh();
    1.0 - t * t
}

/// ReLU(z) = max(z, 0).
pub fn relu(z: f64) -> f64 {
    z.max(0.0)
}

/// ReLU′(z), with ReLU′(0) = 0.
pub fn relu_prime(z: f64) -> f64 {
    if z > 0.0 { 1.0 } else { 0.0 }
}

/// GELU in its tanh form: ½ z (1 + tanh(√(2/π) (z + 0.044715 z³))).
pub fn gelu(z: f64) -> f64 {
    let u = GELU_C * (z + GELU_K * z * z * z);
    0.5 * z * (1.0 + u.tanh())
}

/// GELU′(z) of the tanh form.
pub fn gelu_prime(z: f64) -> f64 {
    let t = (GELU_C * (z + GELU_K * z * z * z)).tanh();
    let du_dz = GELU_C * (1.0 + 3.0 * GELU_K * z * z);
    0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * du_dz
}

/// The backward pass of an activation layer a = f(z), applied elementwise to z (B, H): given
/// ∂L/∂a (B, H) and f′, returns ∂L/∂z (B, H).
pub fn layer_backward(
    z: &Array2<f64>,
    grad_a: &Array2<f64>,
    derivative: fn(f64) -> f64,
) -> Array2<f64> {
    grad_a * &z.mapv(derivative)
}
