//! ∂ℓ/∂σ² divides the squares by 2σ² instead of 2σ⁴.

use std::f64::consts::PI;

/// The maximum-likelihood estimates (μ̂, σ̂²) of a normal distribution from the sample `x`.
pub fn gaussian_mle(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let mu = x.iter().sum::<f64>() / n;
    // 1/n, not 1/(n − 1): the MLE is biased, E σ̂² = (n − 1)/n · σ².
    let var = x.iter().map(|xi| (xi - mu) * (xi - mu)).sum::<f64>() / n;
    (mu, var)
}

/// ℓ(μ, σ²) = Σᵢ ln N(xᵢ; μ, σ²), for σ² = `var` > 0.
pub fn log_likelihood(x: &[f64], mu: f64, var: f64) -> f64 {
    let n = x.len() as f64;
    let squares: f64 = x.iter().map(|xi| (xi - mu) * (xi - mu)).sum();
    -0.5 * n * (2.0 * PI * var).ln() - squares / (2.0 * var)
}

/// The gradient [∂ℓ/∂μ, ∂ℓ/∂σ²] at (μ, σ²) = (`mu`, `var`).
pub fn log_likelihood_gradient(x: &[f64], mu: f64, var: f64) -> [f64; 2] {
    let n = x.len() as f64;
    let residuals: f64 = x.iter().map(|xi| xi - mu).sum();
    let squares: f64 = x.iter().map(|xi| (xi - mu) * (xi - mu)).sum();
    [
        residuals / var,
        -0.5 * n / var + squares / (2.0 * var),
    ]
}

/// `steps` updates (μ, σ²) ← (μ, σ²) + η · ∇ℓ(μ, σ²) / n from (`mu0`, `var0`), η =
/// `learning_rate`; returns the last (μ, σ²).
pub fn gradient_ascent(
    x: &[f64],
    mu0: f64,
    var0: f64,
    learning_rate: f64,
    steps: usize,
) -> (f64, f64) {
    let n = x.len() as f64;
    let (mut mu, mut var) = (mu0, var0);
    for _ in 0..steps {
        // Both components from the old point, then one simultaneous step uphill (+).
        let [d_mu, d_var] = log_likelihood_gradient(x, mu, var);
        mu += learning_rate * d_mu / n;
        var += learning_rate * d_var / n;
    }
    (mu, var)
}
