//! # Numerical gradients and gradient checking / 数值梯度与梯度检验
//!
//! Backpropagation bugs don't crash: a wrong gradient still trains, only badly. The cure is a
//! gradient check: compare the gradient you derived by hand with one measured by central
//! differences, nudging one coordinate at a time:
//!
//! ```text
//! ∂f/∂xᵢ ≈ (f(x + h eᵢ) − f(x − h eᵢ)) / 2h      eᵢ: the i-th unit vector; error ≈ h² f'''/6
//! relative error(a, b) = ‖a − b‖₂ / max(‖a‖₂, ‖b‖₂)      (0 when a = b = 0)
//! ```
//!
//! A relative error below about 1e-7 means the two agree. Write `numerical_gradient` (with the
//! step h you are given) and `relative_error`, then the derivatives of five functions by hand:
//!
//! ```text
//! sigmoid(x)  = 1 / (1 + e⁻ˣ)          sigmoid'(x)  = ?
//! softplus(x) = ln(1 + eˣ)             softplus'(x) = ?
//! tanh(x)                              tanh'(x)     = ?
//! quadratic(x, y) = x² + 3xy + 2y²     ∇ = ?
//! wave(x, y) = sin(x) cos(y)           ∇ = ?
//! ```
//!
//! The functions themselves are given below; the checks compare your derivatives with finite
//! differences and finally run your own gradient check on all five.
//!
//! 反向传播的错误不会让程序崩溃：梯度错了照样能训练，只是训练得很差。办法是梯度检验：把手工推导的
//! 梯度与中心差分测得的梯度对比，每次只微调一个坐标（公式见上）。相对误差小于约 1e-7 就说明两者一致。
//! 请实现 `numerical_gradient`（使用传入的步长 h）与 `relative_error`，再手工写出上面五个函数的导数。
//! 函数本身已在下面给出；检查会用有限差分核对你的导数，最后用你自己的梯度检验检查这五个函数。
//!
//! Lab / 实验: `llmpath lab show calculus`. Check / 检查: `llmpath check`.

/// ∂f/∂xᵢ by central differences with step `h`, for every coordinate i of `x`.
pub fn numerical_gradient(f: impl Fn(&[f64]) -> f64, x: &[f64], h: f64) -> Vec<f64> {
    todo!("∇f at {x:?} with step {h} (f at x: {})", f(x))
}

/// ‖a − b‖₂ / max(‖a‖₂, ‖b‖₂), and 0 when both are zero vectors.
pub fn relative_error(a: &[f64], b: &[f64]) -> f64 {
    todo!("the relative error between {a:?} and {b:?}")
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
    todo!("σ'({x}) (σ({x}) = {})", sigmoid(x))
}

/// softplus'(x).
pub fn softplus_grad(x: f64) -> f64 {
    todo!("softplus'({x}) (softplus({x}) = {})", softplus(x))
}

/// tanh'(x).
pub fn tanh_grad(x: f64) -> f64 {
    todo!("tanh'({x})")
}

/// ∇quadratic(x, y) = [∂/∂x, ∂/∂y].
pub fn quadratic_grad(p: [f64; 2]) -> [f64; 2] {
    todo!("∇quadratic at {p:?} (value {})", quadratic(p))
}

/// ∇wave(x, y) = [∂/∂x, ∂/∂y].
pub fn wave_grad(p: [f64; 2]) -> [f64; 2] {
    todo!("∇wave at {p:?} (value {})", wave(p))
}
