//! # One step of Adam / Adam 优化器的一步
//!
//! m and v start at 0, so after t steps they are biased towards 0 by the factors 1 − β₁ᵗ and
//! 1 − β₂ᵗ; dividing them out makes even the first step the right size (about η per
//! parameter). ε is added to √v̂, outside the square root, as PyTorch does.

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
        self.t += 1;
        let correction1 = 1.0 - self.beta1.powi(self.t);
        let correction2 = 1.0 - self.beta2.powi(self.t);
        for (i, (theta, &g)) in params.iter_mut().zip(grads).enumerate() {
            self.m[i] = self.beta1 * self.m[i] + (1.0 - self.beta1) * g;
            self.v[i] = self.beta2 * self.v[i] + (1.0 - self.beta2) * g * g;
            let m_hat = self.m[i] / correction1;
            let v_hat = self.v[i] / correction2;
            *theta -= self.learning_rate * m_hat / (v_hat.sqrt() + self.eps);
        }
    }
}
