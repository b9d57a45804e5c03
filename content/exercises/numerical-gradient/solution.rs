//! # Numerical gradients and gradient checking / 数值梯度与梯度检验
//!
//! Central differences cancel the h f''/2 term that a forward difference keeps, so their error
//! is O(h²) instead of O(h). Each coordinate is nudged on its own and put back before the next,
//! so every partial derivative is taken at the same point x.

/// ∂f/∂xᵢ by central differences with step `h`, for every coordinate i of `x`.
pub fn numerical_gradient(f: impl Fn(&[f64]) -> f64, x: &[f64], h: f64) -> Vec<f64> {
    let mut moved = x.to_vec();
    (0..x.len())
        .map(|i| {
            moved[i] = x[i] + h;
            let up = f(&moved);
            moved[i] = x[i] - h;
            let down = f(&moved);
            moved[i] = x[i]; // back to x before the next coordinate
            (up - down) / (2.0 * h)
        })
        .collect()
}

/// ‖a − b‖₂ / max(‖a‖₂, ‖b‖₂), and 0 when both are zero vectors.
pub fn relative_error(a: &[f64], b: &[f64]) -> f64 {
    let difference = norm(a.iter().zip(b).map(|(x, y)| x - y));
    let scale = norm(a.iter().copied()).max(norm(b.iter().copied()));
    // Relative, so that the same threshold works for gradients of any size.
    if scale == 0.0 {
        0.0
    } else {
        difference / scale
    }
}

fn norm(v: impl Iterator<Item = f64>) -> f64 {
    v.map(|x| x * x).sum::<f64>().sqrt()
}

/// σ(x) = 1 / (1 + e⁻ˣ) (given).
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// ln(1 + eˣ), written so that it does not overflow for large x (given).
pub fn softplus(x: f64) -> f64 {
    x.max(0.0) + (-x.abs()).exp().ln_1p()
}

/// x² + 3xy + 2y² (given).
pub fn quadratic([x, y]: [f64; 2]) -> f64 {
    x * x + 3.0 * x * y + 2.0 * y * y
}

/// sin(x) cos(y) (given).
pub fn wave([x, y]: [f64; 2]) -> f64 {
    x.sin() * y.cos()
}

/// σ'(x).
pub fn sigmoid_grad(x: f64) -> f64 {
    // d/dx (1 + e⁻ˣ)⁻¹ = e⁻ˣ / (1 + e⁻ˣ)² = σ(x)(1 − σ(x)).
    let s = sigmoid(x);
    s * (1.0 - s)
}

/// softplus'(x).
pub fn softplus_grad(x: f64) -> f64 {
    // d/dx ln(1 + eˣ) = eˣ / (1 + eˣ) = σ(x): softplus is a smooth ReLU, σ a smooth step.
    sigmoid(x)
}

/// tanh'(x).
pub fn tanh_grad(x: f64) -> f64 {
    let t = x.tanh();
    1.0 - t * t
}

/// ∇quadratic(x, y) = [∂/∂x, ∂/∂y].
pub fn quadratic_grad([x, y]: [f64; 2]) -> [f64; 2] {
    [2.0 * x + 3.0 * y, 3.0 * x + 4.0 * y]
}

/// ∇wave(x, y) = [∂/∂x, ∂/∂y].
pub fn wave_grad([x, y]: [f64; 2]) -> [f64; 2] {
    [x.cos() * y.cos(), -x.sin() * y.sin()]
}
