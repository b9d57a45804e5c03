use std::f64::consts::PI;

use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::{Check, Verdict, close, gradient, iris, property, say};

const CHECKS: &[Check] = &[
    Check {
        zh: "μ̂ 与 σ̂²：样本 [2, 4, 4, 4, 5, 5, 7, 9]",
        en: "μ̂ and σ̂² of the sample [2, 4, 4, 4, 5, 5, 7, 9]",
        run: small_sample,
    },
    Check {
        zh: "随机样本上的 μ̂ = x̄ 与 σ̂² = (1/n) Σ (xᵢ − x̄)²",
        en: "μ̂ = x̄ and σ̂² = (1/n) Σ (xᵢ − x̄)² on random samples",
        run: random_estimates,
    },
    Check {
        zh: "对数似然等于 Σ ln N(xᵢ; μ, σ²)",
        en: "the log-likelihood equals Σ ln N(xᵢ; μ, σ²)",
        run: log_likelihood_matches,
    },
    Check {
        zh: "梯度 (∂ℓ/∂μ, ∂ℓ/∂σ²) 与有限差分一致",
        en: "the gradient (∂ℓ/∂μ, ∂ℓ/∂σ²) matches finite differences",
        run: gradient_matches,
    },
    Check {
        zh: "(μ̂, σ̂²) 是 ℓ 的最大值点：梯度为 0，附近的 ℓ 都更小",
        en: "(μ̂, σ̂²) maximises ℓ: the gradient is 0 there and ℓ is lower nearby",
        run: estimates_maximise,
    },
    Check {
        zh: "梯度上升的每一步：(μ, σ²) ← (μ, σ²) + η ∇ℓ / n",
        en: "each gradient-ascent step is (μ, σ²) ← (μ, σ²) + η ∇ℓ / n",
        run: ascent_steps,
    },
    Check {
        zh: "鸢尾花花瓣长度：从 (1, 1) 出发的梯度上升与闭式解一致",
        en: "iris petal lengths: gradient ascent from (1, 1) agrees with the closed form",
        run: iris_agrees,
    },
];

/// Samples of 2 to 20 numbers that are not all (nearly) equal.
fn samples() -> impl Strategy<Value = Vec<f64>> {
    vec(-10.0..10.0f64, 2..20).prop_filter("a sample with some spread", |x| reference_mle(x).1 > 0.1)
}

/// Two passes: the mean, then the mean squared deviation.
fn reference_mle(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    (mean, x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n)
}

/// Σ ln of the density itself (fine for the moderate z of these checks).
fn reference_ll(x: &[f64], mu: f64, var: f64) -> f64 {
    x.iter()
        .map(|v| ((-(v - mu).powi(2) / (2.0 * var)).exp() / (2.0 * PI * var).sqrt()).ln())
        .sum()
}

/// One step of the ascent, from the checks' own ℓ by central differences.
fn reference_step(x: &[f64], (mu, var): (f64, f64), eta: f64) -> (f64, f64) {
    let n = x.len() as f64;
    let h = 1e-5;
    let d_mu = (reference_ll(x, mu + h, var) - reference_ll(x, mu - h, var)) / (2.0 * h);
    let d_var = (reference_ll(x, mu, var + h) - reference_ll(x, mu, var - h)) / (2.0 * h);
    (mu + eta * d_mu / n, var + eta * d_var / n)
}

/// What your σ̂² suggests when it is wrong.
fn variance_hint(yours: f64, expected: f64, n: usize) -> String {
    let n = n as f64;
    if close(yours, expected * n / (n - 1.0), 1e-9, 1e-12) {
        say(
            "：这是除以 n − 1 的无偏样本方差；最大似然估计除以 n",
            ": that is the unbiased sample variance (dividing by n − 1); the MLE divides by n",
        )
    } else if close(yours * yours, expected, 1e-9, 1e-12) {
        say("：这是标准差 σ̂，要的是方差 σ̂²", ": that is the standard deviation σ̂; the variance σ̂² is wanted")
    } else {
        String::new()
    }
}

fn estimates(x: &[f64]) -> Verdict {
    let (mu, var) = learner::gaussian_mle(x);
    let (mean, expected) = reference_mle(x);
    if !close(mu, mean, 1e-10, 1e-12) {
        return Err(say(format!("μ̂ = {mu}，应为样本均值 {mean}"), format!("μ̂ = {mu}, expected the sample mean {mean}")));
    }
    match close(var, expected, 1e-10, 1e-12) {
        true => Ok(()),
        false => {
            let hint = variance_hint(var, expected, x.len());
            Err(say(format!("σ̂² = {var}，应为 {expected}{hint}"), format!("σ̂² = {var}, expected {expected}{hint}")))
        }
    }
}

fn small_sample() -> Verdict {
    estimates(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0])
        .map_err(|e| say(format!("样本 [2, 4, 4, 4, 5, 5, 7, 9]：{e}"), format!("sample [2, 4, 4, 4, 5, 5, 7, 9]: {e}")))
}

fn random_estimates() -> Verdict {
    property(samples(), |x| estimates(&x))
}

fn log_likelihood_matches() -> Verdict {
    property((samples(), -5.0..5.0f64, 0.5..5.0f64), |(x, mu, var)| {
        let yours = learner::log_likelihood(&x, mu, var);
        let expected = reference_ll(&x, mu, var);
        if close(yours, expected, 1e-9, 1e-9) {
            return Ok(());
        }
        let n = x.len() as f64;
        let hint = if close(yours, -expected, 1e-9, 1e-9) {
            say("：符号反了，这是负对数似然 −ℓ", ": the sign is flipped; that is the negative log-likelihood −ℓ")
        } else if close(yours - expected, 0.5 * n * (2.0 * PI).ln(), 1e-9, 1e-9) {
            say("：正好差 (n/2) ln 2π，漏了常数项", ": off by exactly (n/2) ln 2π; the constant term is missing")
        } else if close(yours - expected, -0.5 * n * var.ln(), 1e-9, 1e-9) {
            say("：差 (n/2) ln σ²：是否把 ln σ² 写成了 2 ln σ²？", ": off by (n/2) ln σ²: ln σ² written as 2 ln σ²?")
        } else {
            String::new()
        };
        Err(say(
            format!("μ = {mu}，σ² = {var}：ℓ = {yours}，应为 {expected}{hint}"),
            format!("μ = {mu}, σ² = {var}: ℓ = {yours}, expected {expected}{hint}"),
        ))
    })
}

fn gradient_matches() -> Verdict {
    property((samples(), -5.0..5.0f64, 0.5..5.0f64), |(x, mu, var)| {
        let yours = learner::log_likelihood_gradient(&x, mu, var);
        gradient("∇ℓ", |p| reference_ll(&x, p[0], p[1]), &[mu, var], &yours).map_err(|e| {
            say(
                format!("μ = {mu}，σ² = {var}（∇ℓ[0] = ∂ℓ/∂μ，∇ℓ[1] = ∂ℓ/∂σ²）：{e}"),
                format!("μ = {mu}, σ² = {var} (∇ℓ[0] = ∂ℓ/∂μ, ∇ℓ[1] = ∂ℓ/∂σ²): {e}"),
            )
        })
    })
}

fn estimates_maximise() -> Verdict {
    property(samples(), |x| {
        // Your estimates against the checks' own ℓ: the gradient by central differences.
        let (mu, var) = learner::gaussian_mle(&x);
        let h = 1e-6;
        let d_mu = (reference_ll(&x, mu + h, var) - reference_ll(&x, mu - h, var)) / (2.0 * h);
        let d_var = (reference_ll(&x, mu, var + h) - reference_ll(&x, mu, var - h)) / (2.0 * h);
        let n = x.len() as f64;
        if d_mu.abs() > 1e-5 * n || d_var.abs() > 1e-5 * n / var {
            let hint = match d_var < 0.0 {
                true => say("：σ² 再小一些 ℓ 还会变大", ": ℓ still grows as σ² decreases"),
                false => String::new(),
            };
            return Err(say(
                format!("在你的 (μ̂, σ̂²) = ({mu}, {var}) 处 ∇ℓ ≈ ({d_mu:.3e}, {d_var:.3e})，不是 0：这里不是最大值点{hint}"),
                format!("at your (μ̂, σ̂²) = ({mu}, {var}), ∇ℓ ≈ ({d_mu:.3e}, {d_var:.3e}), not 0: this is not the maximum{hint}"),
            ));
        }
        let best = reference_ll(&x, mu, var);
        for (dm, dv) in [(0.1, 0.0), (-0.1, 0.0), (0.0, 0.1 * var), (0.0, -0.1 * var)] {
            let nearby = reference_ll(&x, mu + dm, var + dv);
            if nearby >= best {
                return Err(say(
                    format!("ℓ({}, {}) = {nearby} ≥ ℓ(μ̂, σ̂²) = {best}：(μ̂, σ̂²) 应当是最大值点", mu + dm, var + dv),
                    format!("ℓ({}, {}) = {nearby} ≥ ℓ(μ̂, σ̂²) = {best}: (μ̂, σ̂²) should be the maximum", mu + dm, var + dv),
                ));
            }
        }
        Ok(())
    })
}

fn ascent_steps() -> Verdict {
    property((samples(), -5.0..5.0f64, 0.5..5.0f64, 0.01..0.5f64, 1usize..4), |(x, mu0, var0, eta, steps)| {
        let yours = learner::gradient_ascent(&x, mu0, var0, eta, steps);
        let expected = (0..steps).fold((mu0, var0), |p, _| reference_step(&x, p, eta));
        if close(yours.0, expected.0, 1e-6, 1e-8) && close(yours.1, expected.1, 1e-6, 1e-8) {
            return Ok(());
        }
        let n = x.len() as f64;
        let descent = (0..steps).fold((mu0, var0), |p, _| reference_step(&x, p, -eta));
        let unscaled = (0..steps).fold((mu0, var0), |p, _| reference_step(&x, p, eta * n));
        let hint = if close(yours.0, descent.0, 1e-6, 1e-8) && close(yours.1, descent.1, 1e-6, 1e-8) {
            say("：你在往下走。最大化 ℓ 要加上梯度（上升），不是减去", ": you went downhill. Maximising ℓ adds the gradient (ascent) instead of subtracting it")
        } else if close(yours.0, unscaled.0, 1e-6, 1e-8) && close(yours.1, unscaled.1, 1e-6, 1e-8) {
            say("：步子大了 n 倍，梯度要除以 n（对 ℓ/n 上升）", ": the steps are n times too large; divide the gradient by n (ascend ℓ/n)")
        } else {
            String::new()
        };
        Err(say(
            format!("从 ({mu0}, {var0}) 出发，η = {eta}，{steps} 步后得到 ({}, {})，应为 ({}, {}){hint}", yours.0, yours.1, expected.0, expected.1),
            format!("from ({mu0}, {var0}) with η = {eta}, {steps} step(s) give ({}, {}), expected ({}, {}){hint}", yours.0, yours.1, expected.0, expected.1),
        ))
    })
}

fn iris_agrees() -> Verdict {
    let (features, _) = iris();
    let petal_lengths: Vec<f64> = features.iter().map(|f| f[2]).collect();
    let (mu, var) = learner::gradient_ascent(&petal_lengths, 1.0, 1.0, 1.0, 2000);
    let (mu_hat, var_hat) = learner::gaussian_mle(&petal_lengths);
    let (mean, expected) = reference_mle(&petal_lengths);
    if !close(mu_hat, mean, 1e-10, 0.0) || !close(var_hat, expected, 1e-10, 0.0) {
        return Err(say(
            "你的闭式解在花瓣长度上不对：先让前面的检查通过",
            "your closed form is wrong on the petal lengths: make the checks above pass first",
        ));
    }
    match close(mu, mu_hat, 1e-6, 0.0) && close(var, var_hat, 1e-6, 0.0) {
        true => Ok(()),
        false => Err(say(
            format!("η = 1，2000 步后梯度上升停在 ({mu}, {var})，而你的闭式解是 ({mu_hat}, {var_hat})"),
            format!("with η = 1, gradient ascent ends at ({mu}, {var}) after 2000 steps, while your closed form gives ({mu_hat}, {var_hat})"),
        )),
    }
}
