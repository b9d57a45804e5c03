//! nanoGPT's optimiser (`configure_optimizers` and `get_lr` in its `model.py` / `train.py`):
//!
//! ```text
//! clip      g ← g · min(1, c/(‖g‖₂ + 10⁻⁶)),  ‖g‖₂ over all parameters    (clip_grad_norm_)
//! AdamW     m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  θ ← θ(1 − ηλ) − η m̂/(√v̂ + ε)
//!           λ on matrices and embeddings only; LayerNorm gains are not decayed
//! schedule  ηₜ = η₀ (t + 1)/(W + 1) for t < W, then η_min + ½(η₀ − η_min)(1 + cos π(t − W)/(S − W))
//! ```
//!
//! References: Loshchilov & Hutter, "Decoupled weight decay regularization", ICLR (2019);
//! Pascanu, Mikolov & Bengio, "On the difficulty of training recurrent neural networks", ICML
//! (2013) (clipping); Karpathy, nanoGPT.

use candle_core::backprop::GradStore;
use candle_core::{Result, Var};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};

/// Linear warm-up over `warmup_iters`, then cosine decay to `min_lr` at `lr_decay_iters`.
#[derive(Debug, Clone, Copy)]
pub struct Schedule {
    pub learning_rate: f64,
    pub min_lr: f64,
    pub warmup_iters: usize,
    pub lr_decay_iters: usize,
}

impl Schedule {
    /// The learning rate of step `it` (0-based).
    pub fn at(&self, it: usize) -> f64 {
        let Schedule { learning_rate, min_lr, warmup_iters, lr_decay_iters } = *self;
        if it < warmup_iters {
            return learning_rate * (it + 1) as f64 / (warmup_iters + 1) as f64;
        }
        if it > lr_decay_iters {
            return min_lr;
        }
        let ratio = (it - warmup_iters) as f64 / (lr_decay_iters - warmup_iters).max(1) as f64;
        min_lr + 0.5 * (learning_rate - min_lr) * (1.0 + (std::f64::consts::PI * ratio).cos())
    }
}

/// Scales every gradient by min(1, max_norm/(‖g‖ + 10⁻⁶)); returns ‖g‖ before clipping.
pub fn clip_grad_norm(grads: &mut GradStore, vars: &[Var], max_norm: f64) -> Result<f64> {
    let mut sum_sq = 0.0;
    for var in vars {
        if let Some(g) = grads.get(var) {
            sum_sq += g.sqr()?.sum_all()?.to_dtype(candle_core::DType::F64)?.to_scalar::<f64>()?;
        }
    }
    let norm = sum_sq.sqrt();
    let coef = max_norm / (norm + 1e-6);
    if coef < 1.0 {
        for var in vars {
            if let Some(g) = grads.remove(var) {
                grads.insert(var, (g * coef)?);
            }
        }
    }
    Ok(norm)
}

/// AdamW in two groups, as nanoGPT: weight decay on parameters of rank ≥ 2, none on the rest.
pub struct AdamWGroups {
    decay: AdamW,
    no_decay: AdamW,
}

impl AdamWGroups {
    pub fn new(vars: &[Var], params: ParamsAdamW) -> Result<AdamWGroups> {
        let (matrices, gains): (Vec<Var>, Vec<Var>) =
            vars.iter().cloned().partition(|v| v.as_tensor().rank() >= 2);
        Ok(AdamWGroups {
            decay: AdamW::new(matrices, params.clone())?,
            no_decay: AdamW::new(gains, ParamsAdamW { weight_decay: 0.0, ..params })?,
        })
    }

    pub fn step(&mut self, grads: &GradStore, learning_rate: f64) -> Result<()> {
        for group in [&mut self.decay, &mut self.no_decay] {
            group.set_learning_rate(learning_rate);
            group.step(grads)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::Device;

    #[test]
    fn schedule_warms_up_then_decays_to_min_lr() {
        let s =
            Schedule { learning_rate: 1e-3, min_lr: 1e-4, warmup_iters: 100, lr_decay_iters: 2000 };
        assert!((s.at(0) - 1e-3 / 101.0).abs() < 1e-18);
        assert!((s.at(99) - 1e-3 * 100.0 / 101.0).abs() < 1e-18);
        assert!((s.at(100) - 1e-3).abs() < 1e-18);
        assert!((s.at(1050) - 5.5e-4).abs() < 1e-12); // halfway: the mean of η₀ and η_min
        assert!((s.at(2000) - 1e-4).abs() < 1e-18);
        assert_eq!(s.at(5000), 1e-4);
        assert!((100..2000).all(|t| s.at(t + 1) <= s.at(t)));
    }

    #[test]
    fn clipping_rescales_to_the_max_norm_and_leaves_small_gradients() {
        let dev = Device::Cpu;
        let a = Var::new(&[1f32, 2.0], &dev).unwrap();
        let b = Var::new(&[[0f32, 0.0]], &dev).unwrap();
        // L = 3a₀ + 4b₀₁: ‖g‖ = 5.
        let loss = ((a.as_tensor().get(0).unwrap() * 3.0).unwrap()
            + (b.as_tensor().get(0).unwrap().get(1).unwrap() * 4.0).unwrap())
        .unwrap();
        let vars = [a.clone(), b.clone()];
        let mut grads = loss.backward().unwrap();
        assert!((clip_grad_norm(&mut grads, &vars, 10.0).unwrap() - 5.0).abs() < 1e-6);
        assert_eq!(grads.get(&a).unwrap().to_vec1::<f32>().unwrap(), [3.0, 0.0]);
        assert!((clip_grad_norm(&mut grads, &vars, 1.0).unwrap() - 5.0).abs() < 1e-6);
        let g: Vec<f32> = grads.get(&b).unwrap().flatten_all().unwrap().to_vec1().unwrap();
        assert!((g[1] - 0.8).abs() < 1e-6 && g[0] == 0.0, "{g:?}");
    }
}
