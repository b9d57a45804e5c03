//! # One step of SGD with momentum / 带动量的 SGD 的一步
//!
//! The velocity is a running sum of past gradients, each step's weighted by one more factor μ,
//! so a direction the gradients keep pointing in builds up speed while oscillating components
//! cancel. The weight decay joins the gradient before the velocity, and the learning rate is
//! applied when the velocity moves the parameters, so a schedule can change it at any step.

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
        for ((theta, &grad), v) in params.iter_mut().zip(grads).zip(&mut self.velocity) {
            let g = grad + self.weight_decay * *theta;
            *v = self.momentum * *v + g;
            *theta -= self.learning_rate * *v;
        }
    }
}
