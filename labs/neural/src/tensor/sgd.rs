//! The optimiser: SGD with momentum, as `torch.optim.SGD` (dampening 0, no Nesterov).

use super::{Array, Grads, Tensor};

/// Stochastic gradient descent with momentum μ (heavy ball): v ← μv + g, θ ← θ − ηv.
#[derive(Debug)]
pub struct Sgd {
    pub momentum: f64,
    velocity: Vec<Array>, // one per parameter, zero at first
}

impl Sgd {
    pub fn new(params: &[Tensor], momentum: f64) -> Sgd {
        Sgd { momentum, velocity: params.iter().map(|p| Array::zeros(p.shape())).collect() }
    }

    /// One step of size `learning_rate`: each parameter becomes a new leaf.
    pub fn step(&mut self, params: &mut [Tensor], grads: &Grads, learning_rate: f64) {
        for (p, v) in params.iter_mut().zip(&mut self.velocity) {
            if let Some(g) = grads.get(p) {
                v.zip_mut_with(g, |v, &g| *v = self.momentum * *v + g);
                *p = Tensor::param(p.value() - &(learning_rate * &*v));
            }
        }
    }
}
