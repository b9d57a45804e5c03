//! Optimisers as PyTorch defines them, and the cosine learning-rate schedule:
//!
//! ```text
//! SGD       v ← μ v + (g + λ θ),  θ ← θ − η v                  (v = g + λθ at the first step)
//! AdamW     m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  θ ← θ(1 − ηλ) − η m̂/(√v̂ + ε),
//!           m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)                                 (decoupled decay)
//! cosine    ηₜ = ½ η₀ (1 + cos(π t / T)),  t = step, T = all steps
//! ```
//!
//! References: Sutskever et al., "On the importance of initialization and momentum in deep
//! learning", ICML (2013); Kingma & Ba, "Adam", ICLR (2015); Loshchilov & Hutter, "Decoupled
//! weight decay regularization", ICLR (2019), and "SGDR", ICLR (2017); PyTorch `optim.SGD`,
//! `optim.AdamW`.

use candle_core::backprop::GradStore;
use candle_core::{Result, Tensor, Var};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};

/// PyTorch's SGD with momentum μ and weight decay λ (candle's `SGD` has no momentum).
pub struct Sgd {
    vars: Vec<(Var, Option<Tensor>)>,
    pub lr: f64,
    pub momentum: f64,
    pub weight_decay: f64,
}

impl Sgd {
    pub fn new(vars: Vec<Var>, lr: f64, momentum: f64, weight_decay: f64) -> Sgd {
        Sgd { vars: vars.into_iter().map(|v| (v, None)).collect(), lr, momentum, weight_decay }
    }

    pub fn step(&mut self, grads: &GradStore) -> Result<()> {
        for (theta, v) in &mut self.vars {
            let Some(g) = grads.get(theta) else { continue };
            let g = (g + (theta.as_tensor() * self.weight_decay)?)?;
            let next = match v.take() {
                Some(v) => ((v * self.momentum)? + g)?,
                None => g, // the first step: v = g
            };
            theta.set(&(theta.as_tensor() - (&next * self.lr)?)?)?;
            // candle 0.11.1 leaves a Var's gradient attached to the forward graph (backprop.rs
            // skips the detach for variables), so a velocity built from it would keep every
            // step's activations alive: ~75 MB a step for the CIFAR ResNet. Keep values only.
            *v = Some(next.detach());
        }
        Ok(())
    }
}

/// Either optimiser, stepped with the learning rate of the schedule.
pub enum Opt {
    Sgd(Sgd),
    AdamW(AdamW),
}

impl Opt {
    /// SGD with momentum 0.9, or AdamW with PyTorch's betas (0.9, 0.999) and ε = 1e-8.
    pub fn new(adamw: bool, vars: Vec<Var>, lr: f64, weight_decay: f64) -> Result<Opt> {
        Ok(match adamw {
            true => Opt::AdamW(AdamW::new(
                vars,
                ParamsAdamW { lr, weight_decay, ..Default::default() },
            )?),
            false => Opt::Sgd(Sgd::new(vars, lr, 0.9, weight_decay)),
        })
    }

    pub fn step(&mut self, grads: &GradStore, lr: f64) -> Result<()> {
        match self {
            Opt::Sgd(sgd) => {
                sgd.lr = lr;
                sgd.step(grads)
            }
            Opt::AdamW(adam) => {
                adam.set_learning_rate(lr);
                adam.step(grads)
            }
        }
    }
}

/// The cosine schedule's rate at `step` of `steps`: from `base` down to 0.
pub fn cosine_lr(base: f64, step: usize, steps: usize) -> f64 {
    0.5 * base * (1.0 + (std::f64::consts::PI * step as f64 / steps as f64).cos())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_starts_at_the_base_halves_midway_and_ends_at_zero() {
        assert_eq!(cosine_lr(0.1, 0, 10), 0.1);
        assert!((cosine_lr(0.1, 5, 10) - 0.05).abs() < 1e-15);
        assert!(cosine_lr(0.1, 10, 10).abs() < 1e-15);
    }

    #[test]
    fn sgd_momentum_follows_pytorchs_update_on_a_quadratic() {
        // L = ½ θ², g = θ; μ = 0.9, λ = 0.1, η = 0.5, θ₀ = 1:
        // v₁ = 1.1, θ₁ = 0.45; v₂ = 0.9·1.1 + 1.1·0.45 = 1.485, θ₂ = 0.45 − 0.7425 = −0.2925.
        let dev = candle_core::Device::Cpu;
        let theta = Var::new(&[1f32], &dev).unwrap();
        let mut sgd = Sgd::new(vec![theta.clone()], 0.5, 0.9, 0.1);
        for expected in [0.45f32, -0.2925] {
            let loss = (theta.as_tensor().sqr().unwrap() * 0.5).unwrap().sum_all().unwrap();
            sgd.step(&loss.backward().unwrap()).unwrap();
            let got = theta.as_tensor().to_vec1::<f32>().unwrap()[0];
            assert!((got - expected).abs() < 1e-6, "{got} vs {expected}");
        }
    }

    #[test]
    fn the_velocity_holds_no_graph_of_the_steps_before() {
        let dev = candle_core::Device::Cpu;
        let theta = Var::new(&[1f32, -2.0], &dev).unwrap();
        let mut sgd = Sgd::new(vec![theta.clone()], 0.1, 0.9, 0.01);
        for _ in 0..2 {
            let hidden = theta.as_tensor().exp().unwrap();
            let loss = (hidden * 3.0).unwrap().sum_all().unwrap();
            sgd.step(&loss.backward().unwrap()).unwrap();
        }
        for (_, velocity) in &sgd.vars {
            assert!(!velocity.as_ref().unwrap().track_op(), "the velocity keeps a graph alive");
        }
    }
}
