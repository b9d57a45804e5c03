use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::proptest::sample::select;
use llmpath_checker::{Check, Verdict, all_close, property, say};

const CHECKS: &[Check] = &[
    Check {
        zh: "第一步把每个参数移动约 η（偏差修正），与梯度的大小无关",
        en: "the first step moves every parameter by about η (the bias corrections), whatever the gradient's size",
        run: first_step,
    },
    Check {
        zh: "多步之后与 torch.optim.Adam 的递推式一致",
        en: "over several steps it follows torch.optim.Adam's recursion",
        run: several_steps,
    },
    Check {
        zh: "梯度小到 1e-8 量级、ε 起作用时仍然一致",
        en: "it still agrees when gradients are around 1e-8, where ε matters",
        run: tiny_gradients,
    },
];

/// Adam's hyperparameters: η, β₁, β₂, ε.
#[derive(Debug, Clone, Copy)]
struct Settings {
    eta: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
}

/// The update rule, and the plausible wrong ones a diagnosis recognises.
#[derive(Clone, Copy)]
enum Rule {
    /// torch.optim.Adam: m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), θ −= η m̂/(√v̂ + ε).
    Torch,
    /// θ −= η m/(√v + ε).
    NoCorrection,
    /// θ −= η m̂/√(v̂ + ε).
    EpsInsideRoot,
    /// β₂ for m and β₁ for v.
    SwappedBetas,
    /// v ← β₂v + (1 − β₂)|g|.
    AbsoluteNotSquared,
}

/// θ after each step of `rule` from `theta`, m = v = 0.
fn run(rule: Rule, theta: &[f64], grads: &[Vec<f64>], s: Settings) -> Vec<Vec<f64>> {
    let (b1, b2) = match rule {
        Rule::SwappedBetas => (s.beta2, s.beta1),
        _ => (s.beta1, s.beta2),
    };
    let mut theta = theta.to_vec();
    let (mut m, mut v) = (vec![0.0; theta.len()], vec![0.0; theta.len()]);
    let mut path = Vec::new();
    for (t, grad) in (1..).zip(grads) {
        for i in 0..theta.len() {
            let g = grad[i];
            m[i] = b1 * m[i] + (1.0 - b1) * g;
            v[i] = match rule {
                Rule::AbsoluteNotSquared => b2 * v[i] + (1.0 - b2) * g.abs(),
                _ => b2 * v[i] + (1.0 - b2) * g * g,
            };
            let (m_hat, v_hat) = match rule {
                Rule::NoCorrection => (m[i], v[i]),
                _ => (
                    m[i] / (1.0 - s.beta1.powi(t)),
                    v[i] / (1.0 - s.beta2.powi(t)),
                ),
            };
            theta[i] -= match rule {
                Rule::EpsInsideRoot => s.eta * m_hat / (v_hat + s.eps).sqrt(),
                _ => s.eta * m_hat / (v_hat.sqrt() + s.eps),
            };
        }
        path.push(theta.clone());
    }
    path
}

/// The learner's θ after each step, one optimiser for the whole run.
fn yours(theta: &[f64], grads: &[Vec<f64>], s: Settings) -> Vec<Vec<f64>> {
    let mut adam = learner::Adam::new(theta.len(), s.eta, s.beta1, s.beta2, s.eps);
    let mut theta = theta.to_vec();
    let mut path = Vec::new();
    for grad in grads {
        adam.step(&mut theta, grad);
        path.push(theta.clone());
    }
    path
}

fn settings() -> impl Strategy<Value = Settings> {
    let betas = (
        select(vec![0.8, 0.9, 0.95]),
        select(vec![0.99, 0.999, 0.9999]),
    );
    (select(vec![0.001, 0.01, 0.1]), betas).prop_map(|(eta, (beta1, beta2))| Settings {
        eta,
        beta1,
        beta2,
        eps: 1e-8,
    })
}

/// Parameters and the gradients of each step, `scale` times numbers of size 0.05 to 3 with
/// either sign.
fn cases(
    steps: std::ops::Range<usize>,
    scale: f64,
) -> impl Strategy<Value = (Vec<f64>, Vec<Vec<f64>>)> {
    let gradient = (0.05..3.0f64, any::<bool>()).prop_map(move |(g, negative)| match negative {
        true => -g * scale,
        false => g * scale,
    });
    (
        1..4usize,
        vec(-2.0..2.0f64, 3),
        vec(vec(gradient, 3), steps),
    )
        .prop_map(|(n, theta, grads)| {
            let grads = grads.into_iter().map(|g| g[..n].to_vec()).collect();
            (theta[..n].to_vec(), grads)
        })
}

/// What a wrong `path` does, if it is a recognised mistake (empty otherwise).
fn recognised(path: &[Vec<f64>], theta: &[f64], grads: &[Vec<f64>], s: Settings) -> String {
    let same = |a: &[Vec<f64>], b: &[Vec<f64>]| {
        a.iter()
            .zip(b)
            .all(|(a, b)| all_close(a, b, 1e-9, 1e-15).is_none())
    };
    let hints = [
        (
            Rule::NoCorrection,
            "m 和 v 都从 0 开始，前几步偏向 0：要除以 1 − β₁ᵗ 和 1 − β₂ᵗ（偏差修正）",
            "m and v start at 0 and lean towards 0 for the first steps: divide by 1 − β₁ᵗ and 1 − β₂ᵗ (the bias corrections)",
        ),
        (
            Rule::EpsInsideRoot,
            "ε 被放进了平方根里：PyTorch 把 ε 加在 √v̂ 之后",
            "ε went inside the square root: PyTorch adds ε after taking √v̂",
        ),
        (
            Rule::SwappedBetas,
            "β₁ 与 β₂ 用反了：β₁ 属于梯度的平均 m，β₂ 属于平方的平均 v",
            "β₁ and β₂ are swapped: β₁ belongs to m, the mean of the gradients, β₂ to v, the mean of their squares",
        ),
        (
            Rule::AbsoluteNotSquared,
            "v 累积的是 |g|：二阶矩是 g²",
            "v accumulates |g|: the second moment is g²",
        ),
    ];
    let finite = path.iter().flatten().all(|x| x.is_finite());
    match finite {
        false => say(
            "：出现了 NaN 或无穷大。第一步的 t 是 1：若 t 还是 0，1 − βᵗ = 0",
            ": NaN or infinity. The first step has t = 1: with t still 0, 1 − βᵗ = 0",
        ),
        true => hints
            .iter()
            .find(|(rule, ..)| same(path, &run(*rule, theta, grads, s)))
            .map(|(_, zh, en)| say(format!("：{zh}"), format!(": {en}")))
            .unwrap_or_default(),
    }
}

/// Your path against torch.optim.Adam's; a recognised wrong rule is named.
fn compare(theta: &[f64], grads: &[Vec<f64>], s: Settings) -> Verdict {
    let path = yours(theta, grads, s);
    let expected = run(Rule::Torch, theta, grads, s);
    let same = |a: &[Vec<f64>], b: &[Vec<f64>]| {
        a.iter()
            .zip(b)
            .all(|(a, b)| all_close(a, b, 1e-9, 1e-15).is_none())
    };
    let Some(step) = (0..expected.len()).find(|&t| !same(&path[t..=t], &expected[t..=t])) else {
        return Ok(());
    };
    let hint = recognised(&path, theta, grads, s);
    let Settings {
        eta,
        beta1,
        beta2,
        eps,
    } = s;
    Err(say(
        format!(
            "η = {eta}，β = ({beta1}, {beta2})，ε = {eps:e}：第 {} 步之后 θ = {:?}，按 Adam 的递推式应为 {:?}{hint}",
            step + 1,
            path[step],
            expected[step]
        ),
        format!(
            "η = {eta}, β = ({beta1}, {beta2}), ε = {eps:e}: after step {} θ = {:?}, Adam's recursion gives {:?}{hint}",
            step + 1,
            path[step],
            expected[step]
        ),
    ))
}

fn first_step() -> Verdict {
    // Gradients from 0.005 to 300: the first step is η·g/(|g| + ε) ≈ ±η for all of them.
    let scale = select(vec![0.1, 1.0, 100.0]);
    property(
        (scale.prop_flat_map(|scale| cases(1..2, scale)), settings()),
        |((theta, grads), s)| {
            let path = yours(&theta, &grads, s);
            let moved: Vec<f64> = path[0]
                .iter()
                .zip(&theta)
                .map(|(a, b)| (a - b).abs())
                .collect();
            match moved.iter().all(|d| (d - s.eta).abs() <= 1e-5 * s.eta) {
                true => compare(&theta, &grads, s),
                false => {
                    let (eta, scale) = (s.eta, grads[0][0].abs());
                    let hint = recognised(&path, &theta, &grads, s);
                    Err(say(
                        format!(
                            "η = {eta}，梯度 {:?}：第一步各参数移动了 {moved:?}，而 Adam 的第一步无论梯度大小（这里约 {scale:.3}）都移动约 η = {eta}：m̂/√v̂ 在第一步是 g/|g|{hint}",
                            grads[0]
                        ),
                        format!(
                            "η = {eta}, gradients {:?}: the first step moved the parameters by {moved:?}, but Adam's first step moves each by about η = {eta} whatever the gradient's size (about {scale:.3} here): m̂/√v̂ is g/|g| at the first step{hint}",
                            grads[0]
                        ),
                    ))
                }
            }
        },
    )
}

fn several_steps() -> Verdict {
    property((cases(2..8, 1.0), settings()), |((theta, grads), s)| {
        compare(&theta, &grads, s)
    })
}

fn tiny_gradients() -> Verdict {
    // |g| ≈ 1e-8 = ε: √v̂ and ε are of the same size, so where ε goes changes the step.
    property((cases(1..5, 1e-8), settings()), |((theta, grads), s)| {
        compare(&theta, &grads, s)
    })
}
