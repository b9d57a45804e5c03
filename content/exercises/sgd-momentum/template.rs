//! # One step of SGD with momentum / 带动量的 SGD 的一步
//!
//! Plain SGD steps along the current gradient only; with momentum (the "heavy ball") it keeps a
//! velocity v per parameter, so steps build up along directions the gradients agree on. This is
//! `torch.optim.SGD(params, lr=η, momentum=μ, weight_decay=λ)`:
//!
//! ```text
//! g ← ∇L(θ) + λ θ          (weight decay: the gradient of (λ/2)‖θ‖²)
//! v ← μ v + g              (v starts at 0)
//! θ ← θ − η v
//! ```
//!
//! in that order, for every parameter, with the velocity kept in the optimiser between steps.
//! A learning-rate schedule may change `learning_rate` between two steps. The checks run your
//! optimiser for several steps against the same recursion, with and without a schedule.
//!
//! 普通 SGD 只沿当前梯度走一步；带动量的 SGD（“重球法”）为每个参数保留一个速度 v，梯度方向一致
//! 的维度会越走越快。这就是 `torch.optim.SGD(params, lr=η, momentum=μ, weight_decay=λ)`（公式见
//! 上），按这个顺序更新每个参数，速度在两步之间保存在优化器里。学习率调度可能在两步之间修改
//! `learning_rate`。检查会把你的优化器与同样的递推式对照运行若干步，有调度和没有调度各一次。
//!
//! Lab / 实验: `llmpath lab show tensor-autograd`. Check / 检查: `llmpath check`.

/// SGD with momentum μ and weight decay λ, as `torch.optim.SGD` (dampening 0, no Nesterov).
#[derive(Debug, Clone)]
pub struct Sgd {
    /// η; a schedule may change it between steps.
    pub learning_rate: f64,
    pub momentum: f64,
    pub weight_decay: f64,
    /// One per parameter, 0 at first.
    pub velocity: Vec<f64>,
}

impl Sgd {
    pub fn new(n_params: usize, learning_rate: f64, momentum: f64, weight_decay: f64) -> Sgd {
        Sgd {
            learning_rate,
            momentum,
            weight_decay,
            velocity: vec![0.0; n_params],
        }
    }

    /// One update of `params` (θ) with `grads` (∇L at θ), in place.
    pub fn step(&mut self, params: &mut [f64], grads: &[f64]) {
        todo!(
            "a step of {} parameters with {} gradients, η = {}, μ = {}, λ = {}, velocity {:?}",
            params.len(),
            grads.len(),
            self.learning_rate,
            self.momentum,
            self.weight_decay,
            self.velocity
        )
    }
}
