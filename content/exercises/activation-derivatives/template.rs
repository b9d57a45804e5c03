//! # Activations and their derivatives / 激活函数及其导数
//!
//! A hidden layer computes a = f(z) elementwise; its backward pass needs f′(z). Write four
//! activations and their derivatives, then the layer's backward pass:
//!
//! ```text
//! sigmoid  σ(z) = 1 / (1 + e⁻ᶻ)                          σ′(z)    = ?   (write it with σ itself)
//! tanh     tanh z  (f64::tanh)                            tanh′(z) = ?
//! ReLU     max(z, 0)                                      ReLU′(z) = ?   ReLU′(0) = 0, as PyTorch
//! GELU     ½ z (1 + tanh(√(2/π) (z + 0.044715 z³)))       GELU′(z) = ?   (the tanh form, GPT-2's)
//! layer    ∂L/∂z = ∂L/∂a ⊙ f′(z)                          (⊙: elementwise, same shape as z)
//! ```
//!
//! ReLU has no derivative at 0; frameworks pick a value, and PyTorch (like this exercise) picks
//! 0. The checks compare each derivative with central differences of the function.
//!
//! 隐藏层逐元素计算 a = f(z)，反向传播需要 f′(z)。请写出四个激活函数及其导数，再写激活层的反向
//! 传播 ∂L/∂z = ∂L/∂a ⊙ f′(z)（⊙ 表示逐元素相乘，形状与 z 相同）。ReLU 在 0 处不可导，框架会
//! 约定一个值：PyTorch（以及本练习）取 ReLU′(0) = 0。GELU 用 GPT-2 使用的 tanh 形式。检查会用
//! 函数的中心差分核对每个导数。
//!
//! Lab / 实验: `llmpath lab show neurons`. Check / 检查: `llmpath check`.

use ndarray::Array2;

/// σ(z) = 1 / (1 + e⁻ᶻ).
pub fn sigmoid(z: f64) -> f64 {
    todo!("σ({z})")
}

/// σ′(z).
pub fn sigmoid_prime(z: f64) -> f64 {
    todo!("σ′({z})")
}

/// tanh′(z) (tanh itself is `f64::tanh`).
pub fn tanh_prime(z: f64) -> f64 {
    todo!("tanh′({z})")
}

/// ReLU(z) = max(z, 0).
pub fn relu(z: f64) -> f64 {
    todo!("ReLU({z})")
}

/// ReLU′(z), with ReLU′(0) = 0.
pub fn relu_prime(z: f64) -> f64 {
    todo!("ReLU′({z})")
}

/// GELU in its tanh form: ½ z (1 + tanh(√(2/π) (z + 0.044715 z³))).
pub fn gelu(z: f64) -> f64 {
    todo!("GELU({z})")
}

/// GELU′(z) of the tanh form.
pub fn gelu_prime(z: f64) -> f64 {
    todo!("GELU′({z})")
}

/// The backward pass of an activation layer a = f(z), applied elementwise to z (B, H): given
/// ∂L/∂a (B, H) and f′, returns ∂L/∂z (B, H).
pub fn layer_backward(
    z: &Array2<f64>,
    grad_a: &Array2<f64>,
    derivative: fn(f64) -> f64,
) -> Array2<f64> {
    todo!(
        "∂L/∂z for z {:?}, ∂L/∂a {:?}, f′(0) = {}",
        z.dim(),
        grad_a.dim(),
        derivative(0.0)
    )
}
