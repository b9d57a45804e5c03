//! # One step of Adam / Adam 优化器的一步
//!
//! Adam keeps, for every parameter, a running mean of its gradients (m, the first moment) and
//! of their squares (v, the second moment), and steps along m scaled down where gradients have
//! been large. This is `torch.optim.Adam(params, lr=η, betas=(β₁, β₂), eps=ε)`; at step t
//! (t = 1 for the first step):
//!
//! ```text
//! m ← β₁ m + (1 − β₁) g              m̂ = m / (1 − β₁ᵗ)
//! v ← β₂ v + (1 − β₂) g²             v̂ = v / (1 − β₂ᵗ)        (the bias corrections)
//! θ ← θ − η m̂ / (√v̂ + ε)
//! ```
//!
//! m and v start at 0 and live in the optimiser between steps, like the step count t. The checks
//! run your optimiser for several steps against the same recursion, including the first step
//! (whose size the bias corrections fix) and gradients so small that ε matters.
//!
//! Adam 为每个参数保存梯度的滑动平均 m（一阶矩）和梯度平方的滑动平均 v（二阶矩），沿 m 前进，并在
//! 梯度一直很大的方向上缩小步长。这就是 `torch.optim.Adam(params, lr=η, betas=(β₁, β₂), eps=ε)`，
//! 第 t 步（第一步 t = 1）的公式见上。m、v 从 0 开始，与步数 t 一样在两步之间保存在优化器里。检查
//! 会把你的优化器与同样的递推式对照运行若干步，包括第一步（它的大小由偏差修正决定）以及小到 ε
//! 起作用的梯度。
//!
//! Lab / 实验: `llmpath lab show mnist-cnn`. Check / 检查: `llmpath check`.

/// Adam, as `torch.optim.Adam(params, lr=η, betas=(β₁, β₂), eps=ε)` (no weight decay).
#[derive(Debug, Clone)]
pub struct Adam {
    pub learning_rate: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    /// First moments, one per parameter, 0 at first.
    pub m: Vec<f64>,
    /// Second moments, one per parameter, 0 at first.
    pub v: Vec<f64>,
    /// Steps taken so far.
    pub t: i32,
}

impl Adam {
    pub fn new(n_params: usize, learning_rate: f64, beta1: f64, beta2: f64, eps: f64) -> Adam {
        Adam {
            learning_rate,
            beta1,
            beta2,
            eps,
            m: vec![0.0; n_params],
            v: vec![0.0; n_params],
            t: 0,
        }
    }

    /// One update of `params` (θ) with `grads` (∇L at θ), in place.
    pub fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        todo!(
            "step {} of {} parameters with {} gradients, η = {}, β = ({}, {}), ε = {}, m {:?}, v {:?}",
            self.t + 1,
            params.len(),
            grads.len(),
            self.learning_rate,
            self.beta1,
            self.beta2,
            self.eps,
            self.m,
            self.v
        )
    }
}
