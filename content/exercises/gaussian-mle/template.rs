//! # Maximum likelihood for a Gaussian / 高斯分布的最大似然估计
//!
//! Given a sample x₁ … xₙ, which normal distribution N(μ, σ²) makes it most likely? The
//! log-likelihood adds the log-density of every point:
//!
//! ```text
//! ℓ(μ, σ²) = Σᵢ ln N(xᵢ; μ, σ²) = −(n/2) ln(2πσ²) − Σᵢ (xᵢ − μ)² / (2σ²)
//! ∂ℓ/∂μ  = Σᵢ (xᵢ − μ) / σ²
//! ∂ℓ/∂σ² = −n / (2σ²) + Σᵢ (xᵢ − μ)² / (2σ⁴)
//! ```
//!
//! Setting both derivatives to 0 gives the maximum-likelihood estimates in closed form,
//! μ̂ = (1/n) Σ xᵢ and σ̂² = (1/n) Σ (xᵢ − μ̂)² (note 1/n: the MLE of the variance is the biased
//! one, not the sample variance with 1/(n − 1)). Gradient ascent reaches the same point step by
//! step, on the average log-likelihood ℓ/n so that the step does not grow with n:
//!
//! ```text
//! (μ, σ²) ← (μ, σ²) + η · ∇ℓ(μ, σ²) / n        (both from the same, old (μ, σ²))
//! ```
//!
//! The checks compare with the closed form, with finite differences of ℓ, and run your gradient
//! ascent on iris petal lengths, where it must agree with your closed form.
//!
//! 给定样本 x₁ … xₙ，哪个正态分布 N(μ, σ²) 让它出现的可能性最大？对数似然把每个点的对数密度加起来
//! （公式见上）。令两个偏导数为 0，就得到最大似然估计的闭式解 μ̂ = (1/n) Σ xᵢ，
//! σ̂² = (1/n) Σ (xᵢ − μ̂)²（注意是 1/n：方差的最大似然估计是有偏的，不是除以 n − 1 的样本方差）。
//! 梯度上升一步一步到达同一点；为了让步长不随 n 增大，对平均对数似然 ℓ/n 做上升，两个分量都用更新前
//! 的 (μ, σ²) 计算。检查会与闭式解、ℓ 的有限差分对照，并在鸢尾花花瓣长度上运行你的梯度上升，要求它与
//! 你的闭式解一致。
//!
//! Lab / 实验: `llmpath lab show statistics`. Check / 检查: `llmpath check`.

/// The maximum-likelihood estimates (μ̂, σ̂²) of a normal distribution from the sample `x`.
pub fn gaussian_mle(x: &[f64]) -> (f64, f64) {
    todo!("μ̂ and σ̂² of {} numbers", x.len())
}

/// ℓ(μ, σ²) = Σᵢ ln N(xᵢ; μ, σ²), for σ² = `var` > 0.
pub fn log_likelihood(x: &[f64], mu: f64, var: f64) -> f64 {
    todo!("ℓ({mu}, {var}) of {} numbers", x.len())
}

/// The gradient [∂ℓ/∂μ, ∂ℓ/∂σ²] at (μ, σ²) = (`mu`, `var`).
pub fn log_likelihood_gradient(x: &[f64], mu: f64, var: f64) -> [f64; 2] {
    todo!("∇ℓ({mu}, {var}) of {} numbers", x.len())
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
    todo!(
        "{steps} steps of size {learning_rate} from ({mu0}, {var0}) on {} numbers",
        x.len()
    )
}
