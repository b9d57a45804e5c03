//! # Backpropagation through a two-layer network / 两层网络的反向传播
//!
//! A two-layer network classifies a batch X (B, D) into K classes; the loss is the mean softmax
//! cross-entropy of its logits:
//!
//! ```text
//! forward                          backward (you are given ∂L/∂logits, (B, K), the 1/B in it)
//! z1     = X W1 + b1     (B, H)    ∂L/∂W2 = ?   (H, K)      ∂L/∂b2 = ?   (K,)
//! h      = ReLU(z1)      (B, H)    ∂L/∂h  = ?   (B, H)
//! logits = h W2 + b2     (B, K)    ∂L/∂z1 = ?   (B, H)      ReLU′(0) = 0
//! L = mean CE(logits, y)           ∂L/∂W1 = ?   (D, H)      ∂L/∂b1 = ?   (H,)
//! ```
//!
//! Write `forward` (keeping z1 and h for later), then `backward`: the chain rule, one layer at a
//! time from the top. Every gradient has the shape of what it is the gradient of; that alone
//! tells you which matrix is transposed and in which order they multiply. The checks compare
//! each gradient with central differences of L.
//!
//! 一个两层网络把一批样本 X (B, D) 分成 K 类，损失是 logits 的平均 softmax 交叉熵（公式见上）。
//! 请写出 `forward`（保留 z1 与 h 供反向传播使用）和 `backward`：从顶层开始，一层一层地应用链式
//! 法则，∂L/∂logits 已经给出（其中已含 1/B）。每个梯度的形状都与对应的量相同，单凭形状就能确定
//! 哪个矩阵要转置、按什么顺序相乘。检查会用 L 的中心差分核对每一个梯度。
//!
//! Lab / 实验: `llmpath lab show backprop`. Check / 检查: `llmpath check`.

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
    todo!(
        "the forward pass of a {:?} batch through W1 {:?} and W2 {:?}",
        x.dim(),
        params.w1.dim(),
        params.w2.dim()
    )
}

/// The backward pass: every parameter's gradient, given `x`, the forward pass's `cache` and
/// `grad_logits` = ∂L/∂logits (B, K).
pub fn backward(
    params: &Params,
    x: &Array2<f64>,
    cache: &Forward,
    grad_logits: &Array2<f64>,
) -> Grads {
    todo!(
        "the gradients for W1 {:?}, a {:?} batch, h {:?}, ∂L/∂logits {:?}",
        params.w1.dim(),
        x.dim(),
        cache.h.dim(),
        grad_logits.dim()
    )
}
