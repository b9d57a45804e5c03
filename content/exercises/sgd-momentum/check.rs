use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::proptest::sample::select;
use llmpath_checker::{Check, Verdict, all_close, property, say};

const CHECKS: &[Check] = &[
    Check {
        zh: "从 v = 0 出发的第一步就是普通 SGD 的一步 θ − η(∇L + λθ)",
        en: "the first step from v = 0 is a plain SGD step θ − η(∇L + λθ)",
        run: first_step,
    },
    Check {
        zh: "学习率不变时，多步之后与动量递推式一致",
        en: "over several steps with a constant learning rate, it follows the momentum recursion",
        run: constant_rate,
    },
    Check {
        zh: "学习率在两步之间变化（调度）时仍与 torch.optim.SGD 的递推式一致",
        en: "with a learning rate that changes between steps (a schedule), it still follows torch.optim.SGD",
        run: scheduled_rate,
    },
];

/// The update rule, and the plausible wrong ones a diagnosis recognises.
#[derive(Clone, Copy, PartialEq)]
enum Rule {
    /// torch.optim.SGD: g = ∇ + λθ; v = μv + g; θ −= ηv.
    Torch,
    /// θ −= ηv with the old v, then v = μv + g.
    StepBeforeVelocity,
    /// v = μv + (1 − μ)g.
    Average,
    /// v = μv + ηg; θ −= v.
    RateInVelocity,
    /// v = μv + ∇; θ −= η(v + λθ).
    DecayOutsideVelocity,
    /// v = g every step: the velocity is not kept.
    Forgetful,
}

/// θ after each step of `rule` from `theta`, v = 0, with the gradients and learning rates of
/// each step.
fn run(
    rule: Rule,
    theta: &[f64],
    grads: &[Vec<f64>],
    rates: &[f64],
    mu: f64,
    lambda: f64,
) -> Vec<Vec<f64>> {
    let mut theta = theta.to_vec();
    let mut velocity = vec![0.0; theta.len()];
    let mut path = Vec::new();
    for (grad, &eta) in grads.iter().zip(rates) {
        for ((t, v), &d) in theta.iter_mut().zip(&mut velocity).zip(grad) {
            let g = d + lambda * *t;
            match rule {
                Rule::Torch => {
                    *v = mu * *v + g;
                    *t -= eta * *v;
                }
                Rule::StepBeforeVelocity => {
                    *t -= eta * *v;
                    *v = mu * *v + g;
                }
                Rule::Average => {
                    *v = mu * *v + (1.0 - mu) * g;
                    *t -= eta * *v;
                }
                Rule::RateInVelocity => {
                    *v = mu * *v + eta * g;
                    *t -= *v;
                }
                Rule::DecayOutsideVelocity => {
                    *v = mu * *v + d;
                    *t -= eta * (*v + lambda * *t);
                }
                Rule::Forgetful => *t -= eta * g,
            }
        }
        path.push(theta.clone());
    }
    path
}

/// The learner's θ after each step, one optimiser for the whole run; η set before each step.
fn yours(theta: &[f64], grads: &[Vec<f64>], rates: &[f64], mu: f64, lambda: f64) -> Vec<Vec<f64>> {
    let mut sgd = learner::Sgd::new(theta.len(), rates[0], mu, lambda);
    let mut theta = theta.to_vec();
    let mut path = Vec::new();
    for (grad, &eta) in grads.iter().zip(rates) {
        sgd.learning_rate = eta;
        sgd.step(&mut theta, grad);
        path.push(theta.clone());
    }
    path
}

/// Parameters, the gradients of each step (the same number), μ and λ.
type Case = (Vec<f64>, Vec<Vec<f64>>, f64, f64);

fn cases(steps: std::ops::Range<usize>) -> impl Strategy<Value = Case> {
    let grads = vec(vec(-2.0..2.0f64, 3), steps);
    let settings = (select(vec![0.5, 0.9, 0.99]), select(vec![0.0, 0.01, 0.1]));
    (1..4usize, vec(-2.0..2.0f64, 3), grads, settings).prop_map(
        |(n, theta, grads, (mu, lambda))| {
            let grads = grads.into_iter().map(|g| g[..n].to_vec()).collect();
            (theta[..n].to_vec(), grads, mu, lambda)
        },
    )
}

/// Your path against torch.optim.SGD's; a recognised wrong rule is named.
fn compare(theta: &[f64], grads: &[Vec<f64>], rates: &[f64], mu: f64, lambda: f64) -> Verdict {
    let path = yours(theta, grads, rates, mu, lambda);
    let expected = run(Rule::Torch, theta, grads, rates, mu, lambda);
    let same = |a: &[Vec<f64>], b: &[Vec<f64>]| {
        a.iter()
            .zip(b)
            .all(|(a, b)| all_close(a, b, 1e-10, 1e-12).is_none())
    };
    let Some(step) = (0..expected.len()).find(|&s| !same(&path[s..=s], &expected[s..=s])) else {
        return Ok(());
    };
    let hints = [
        (
            Rule::Forgetful,
            "每一步都像 v 从 0 开始：新的速度没有保存到下一步（写回 self.velocity）",
            "every step acts as if v started at 0: the new velocity is not kept for the next step (write it back into self.velocity)",
        ),
        (
            Rule::StepBeforeVelocity,
            "先用旧的速度移动了参数、再更新速度：本步的梯度要先进入 v，再用 v 更新 θ",
            "the parameters moved with the old velocity before it was updated: this step's gradient goes into v first, then v moves θ",
        ),
        (
            Rule::Average,
            "速度被写成了滑动平均 μv + (1 − μ)g：PyTorch 的动量直接累加 g（dampening = 0）",
            "the velocity is an average μv + (1 − μ)g: PyTorch's momentum adds g itself (dampening = 0)",
        ),
        (
            Rule::RateInVelocity,
            "学习率被乘进了速度：η 不变时两种写法相同，但学习率一变，已经累积在 v 里的旧 η 就不对了；PyTorch 在更新 θ 时才乘 η",
            "the learning rate went into the velocity: with a constant η both forms agree, but once η changes the old η stays inside v; PyTorch multiplies by η when it moves θ",
        ),
        (
            Rule::DecayOutsideVelocity,
            "权重衰减没有进入速度：λθ 要先加到梯度上，再参与动量",
            "the weight decay stayed out of the velocity: λθ is added to the gradient first, and goes through the momentum with it",
        ),
    ];
    let hint = hints
        .iter()
        .find(|(rule, ..)| same(&path, &run(*rule, theta, grads, rates, mu, lambda)))
        .map(|(_, zh, en)| say(format!("：{zh}"), format!(": {en}")))
        .unwrap_or_default();
    let unmoved = path[0] == theta;
    let hint = match (hint.is_empty(), unmoved) {
        (true, true) => say(
            "：第一步之后参数没有动",
            ": the parameters did not move in the first step",
        ),
        _ => hint,
    };
    Err(say(
        format!(
            "μ = {mu}，λ = {lambda}，η = {rates:?}：第 {} 步之后 θ = {:?}，按 v ← μv + g、θ ← θ − ηv 应为 {:?}{hint}",
            step + 1,
            path[step],
            expected[step]
        ),
        format!(
            "μ = {mu}, λ = {lambda}, η = {rates:?}: after step {} θ = {:?}, while v ← μv + g, θ ← θ − ηv give {:?}{hint}",
            step + 1,
            path[step],
            expected[step]
        ),
    ))
}

fn first_step() -> Verdict {
    property(
        (cases(1..2), select(vec![0.01, 0.1, 0.5])),
        |((theta, grads, mu, lambda), eta)| compare(&theta, &grads, &[eta], mu, lambda),
    )
}

fn constant_rate() -> Verdict {
    property(
        (cases(2..7), select(vec![0.01, 0.1, 0.5])),
        |((theta, grads, mu, lambda), eta)| {
            compare(&theta, &grads, &vec![eta; grads.len()], mu, lambda)
        },
    )
}

fn scheduled_rate() -> Verdict {
    // η halves every step, as a step-decay schedule would.
    property(cases(2..7), |(theta, grads, mu, lambda)| {
        let rates: Vec<f64> = (0..grads.len()).map(|s| 0.5f64.powi(s as i32)).collect();
        compare(&theta, &grads, &rates, mu, lambda)
    })
}
