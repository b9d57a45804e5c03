//! Optimisers as PyTorch defines them, and the cosine learning-rate schedule:
//!
//! ```text
//! SGD       v ← μ v + (g + λ θ),  θ ← θ − η v                    (v = 0 before the first step)
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
use candle_core::{CpuStorage, InplaceOp2, InplaceOp3, Layout, Result, Tensor, Var};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};

use crate::pool::f32s;

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

    /// One step, in place: two passes over each parameter, v ← μv + g + λθ then θ ← θ − ηv
    /// (the velocity starts at 0, so the first step's is g + λθ, as PyTorch's), where tensor
    /// arithmetic made five temporaries a parameter.
    pub fn step(&mut self, grads: &GradStore) -> Result<()> {
        let velocity_op = Velocity { momentum: self.momentum, weight_decay: self.weight_decay };
        for (theta, v) in &mut self.vars {
            let Some(g) = grads.get(theta) else { continue };
            let v = match v {
                Some(v) => v,
                // Fresh storage, never part of a graph.
                None => v.insert(theta.as_tensor().zeros_like()?),
            };
            v.inplace_op3(theta.as_tensor(), &g.contiguous()?, &velocity_op)?;
            theta.as_tensor().inplace_op2(v, &Descend { lr: self.lr })?;
        }
        Ok(())
    }
}

/// The f32 values of a contiguous tensor's storage, mutable.
fn f32s_mut<'a>(storage: &'a mut CpuStorage, layout: &Layout) -> Result<&'a mut [f32]> {
    match (storage, layout.contiguous_offsets()) {
        (CpuStorage::F32(v), Some((start, end))) => Ok(&mut v[start..end]),
        _ => candle_core::bail!("the optimisers take contiguous f32 parameters"),
    }
}

/// v ← μv + g + λθ, on (v, θ, g).
struct Velocity {
    momentum: f64,
    weight_decay: f64,
}

impl InplaceOp3 for Velocity {
    fn name(&self) -> &'static str {
        "sgd-velocity"
    }

    fn cpu_fwd(
        &self,
        vs: &mut CpuStorage,
        lv: &Layout,
        thetas: &CpuStorage,
        ltheta: &Layout,
        gs: &CpuStorage,
        lg: &Layout,
    ) -> Result<()> {
        let (theta, g) = (f32s(thetas, ltheta)?, f32s(gs, lg)?);
        let (momentum, weight_decay) = (self.momentum as f32, self.weight_decay as f32);
        for ((v, &theta), &g) in f32s_mut(vs, lv)?.iter_mut().zip(theta).zip(g) {
            *v = *v * momentum + (g + theta * weight_decay);
        }
        Ok(())
    }
}

/// θ ← θ − ηv, on (θ, v).
struct Descend {
    lr: f64,
}

impl InplaceOp2 for Descend {
    fn name(&self) -> &'static str {
        "sgd-descend"
    }

    fn cpu_fwd(
        &self,
        thetas: &mut CpuStorage,
        ltheta: &Layout,
        vs: &CpuStorage,
        lv: &Layout,
    ) -> Result<()> {
        let lr = self.lr as f32;
        for (theta, &v) in f32s_mut(thetas, ltheta)?.iter_mut().zip(f32s(vs, lv)?) {
            *theta -= lr * v;
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
