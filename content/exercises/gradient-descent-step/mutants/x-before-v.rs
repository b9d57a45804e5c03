//! Moves x by the old velocity, then updates v: x ← x + v; v ← βv − ηg.

/// f(x, y) = (1 − x)² + 100 (y − x²)² (given).
pub fn rosenbrock([x, y]: [f64; 2]) -> f64 {
    (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
}

/// ∇f(x, y) = [∂f/∂x, ∂f/∂y].
pub fn rosenbrock_grad([x, y]: [f64; 2]) -> [f64; 2] {
    // Chain rule on each square; d(y − x²)/dx = −2x.
    let valley = y - x * x;
    [-2.0 * (1.0 - x) - 400.0 * x * valley, 200.0 * valley]
}

/// One momentum step: v ← β v − η g, then x ← x + v (η = `learning_rate`, β = `beta`).
pub fn momentum_step(x: &mut [f64], v: &mut [f64], grad: &[f64], learning_rate: f64, beta: f64) {
    for ((xi, vi), gi) in x.iter_mut().zip(v.iter_mut()).zip(grad) {
        *xi += *vi;
        *vi = beta * *vi - learning_rate * gi;
    }
}

/// Momentum from `x0` (v = 0) until ‖∇f(x)‖ < `tol` or `max_steps` steps; returns the last x
/// and the number of steps taken. `grad` computes ∇f.
pub fn minimise(
    grad: impl Fn(&[f64]) -> Vec<f64>,
    x0: &[f64],
    learning_rate: f64,
    beta: f64,
    tol: f64,
    max_steps: usize,
) -> (Vec<f64>, usize) {
    let mut x = x0.to_vec();
    let mut v = vec![0.0; x.len()];
    for step in 0..max_steps {
        let g = grad(&x);
        // Test before stepping, so a start at the minimum takes 0 steps.
        if g.iter().map(|gi| gi * gi).sum::<f64>().sqrt() < tol {
            return (x, step);
        }
        momentum_step(&mut x, &mut v, &g, learning_rate, beta);
    }
    (x, max_steps)
}
