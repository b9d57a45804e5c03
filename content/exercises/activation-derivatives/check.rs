use llmpath_checker::ndarray::Array2;
use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::{Check, Verdict, close, gradient, property, say, shape};

const CHECKS: &[Check] = &[
    Check {
        zh: "sigmoid、ReLU、GELU 与定义一致，sigmoid 在 ±1000 处仍有限",
        en: "sigmoid, ReLU and GELU match their definitions, and sigmoid stays finite at ±1000",
        run: activations_match_definitions,
    },
    Check {
        zh: "σ′ 与中心差分一致",
        en: "σ′ matches central differences",
        run: sigmoid_derivative,
    },
    Check {
        zh: "tanh′ 与中心差分一致",
        en: "tanh′ matches central differences",
        run: tanh_derivative,
    },
    Check {
        zh: "ReLU′ 在 0 以外是 0 或 1，且 ReLU′(0) = 0（与 PyTorch 相同的约定）",
        en: "ReLU′ is 0 or 1 away from 0, and ReLU′(0) = 0 (PyTorch's convention)",
        run: relu_derivative,
    },
    Check {
        zh: "GELU′（tanh 形式）与中心差分一致",
        en: "GELU′ (tanh form) matches central differences",
        run: gelu_derivative,
    },
    Check {
        zh: "激活层的反向传播：∂L/∂z = ∂L/∂a ⊙ f′(z)，与有限差分一致",
        en: "the activation layer's backward pass: ∂L/∂z = ∂L/∂a ⊙ f′(z), by finite differences",
        run: layer_backward_matches,
    },
];

/// The check's own activations, written from their definitions.
fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        z.exp() / (1.0 + z.exp())
    }
}

fn gelu(z: f64) -> f64 {
    let c = (2.0 / std::f64::consts::PI).sqrt();
    0.5 * z * (1.0 + (c * (z + 0.044715 * z.powi(3))).tanh())
}

/// f′(z) by central differences.
fn central_difference(f: fn(f64) -> f64, z: f64) -> f64 {
    let h = 1e-6 * z.abs().max(1.0);
    (f(z + h) - f(z - h)) / (2.0 * h)
}

fn activations_match_definitions() -> Verdict {
    property(-20.0..20.0f64, |z| {
        let cases: [(&str, f64, f64); 3] = [
            ("sigmoid", learner::sigmoid(z), sigmoid(z)),
            ("ReLU", learner::relu(z), z.max(0.0)),
            ("GELU", learner::gelu(z), gelu(z)),
        ];
        for (name, yours, expected) in cases {
            if !close(yours, expected, 1e-12, 1e-15) {
                return Err(say(
                    format!("{name}({z}) 为 {yours}，与文件开头给出的定义不符"),
                    format!(
                        "{name}({z}) is {yours}, not what the definition at the top of the file gives"
                    ),
                ));
            }
        }
        Ok(())
    })?;
    for z in [-1000.0, 1000.0] {
        let yours = learner::sigmoid(z);
        if !(0.0..=1.0).contains(&yours) || !close(yours, sigmoid(z), 0.0, 1e-300) {
            return Err(say(
                format!(
                    "σ({z}) 为 {yours}，应在 [0, 1] 内：别让 exp 的参数为很大的正数（eᶻ/(1 + eᶻ) 在 z = 1000 时是 inf/inf）"
                ),
                format!(
                    "σ({z}) is {yours}, it should lie in [0, 1]: don't exponentiate a large positive number (eᶻ/(1 + eᶻ) is inf/inf at z = 1000)"
                ),
            ));
        }
    }
    Ok(())
}

/// `yours` against central differences of the check's own `f` on `z`; `hint` explains a
/// recognised mistake.
fn derivative_verdict(
    name: &str,
    f: fn(f64) -> f64,
    yours: f64,
    z: f64,
    hint: impl Fn() -> Option<String>,
) -> Verdict {
    let expected = central_difference(f, z);
    if close(yours, expected, 1e-6, 1e-9) {
        return Ok(());
    }
    let hint = hint().unwrap_or_else(|| {
        say(
            "对照定义重新求导，每一步都用链式法则",
            "differentiate the definition again, applying the chain rule at every step",
        )
    });
    Err(say(
        format!("{name}′({z})：有限差分 {expected:.8}，你的 {yours:.8}：{hint}"),
        format!("{name}′({z}): finite difference {expected:.8}, yours {yours:.8}: {hint}"),
    ))
}

fn sigmoid_derivative() -> Verdict {
    property(-8.0..8.0f64, |z| {
        let yours = learner::sigmoid_prime(z);
        derivative_verdict("σ", sigmoid, yours, z, || {
            close(yours, sigmoid(z), 1e-9, 1e-12).then(|| {
                say(
                    "这是 σ(z) 本身，不是它的导数",
                    "that is σ(z) itself, not its derivative",
                )
            })
        })
    })
}

fn tanh_derivative() -> Verdict {
    property(-5.0..5.0f64, |z| {
        let yours = learner::tanh_prime(z);
        derivative_verdict("tanh", f64::tanh, yours, z, || {
            close(yours, 1.0 - z.tanh(), 1e-9, 1e-12).then(|| {
                say(
                    "导数在 z < 0 时也应 ≤ 1，且关于 z = 0 对称：tanh 那一项少了什么？",
                    "the derivative is ≤ 1 for z < 0 too, and symmetric about z = 0: what is missing from the tanh term?",
                )
            })
        })
    })
}

fn relu_derivative() -> Verdict {
    // Away from the kink, where central differences are exact.
    let away = (0.01..10.0f64, any::<bool>()).prop_map(|(z, negative)| match negative {
        true => -z,
        false => z,
    });
    property(away, |z| {
        let yours = learner::relu_prime(z);
        derivative_verdict("ReLU", |z| z.max(0.0), yours, z, || None)
    })?;
    let at_zero = learner::relu_prime(0.0);
    match at_zero == 0.0 {
        true => Ok(()),
        false => Err(say(
            format!(
                "ReLU′(0) 为 {at_zero}：ReLU 在 0 处不可导，本练习与 PyTorch 约定 ReLU′(0) = 0（只有 z > 0 的输入才让梯度通过）"
            ),
            format!(
                "ReLU′(0) is {at_zero}: ReLU has no derivative at 0, and this exercise, like PyTorch, takes ReLU′(0) = 0 (only inputs z > 0 let the gradient through)"
            ),
        )),
    }
}

fn gelu_derivative() -> Verdict {
    property(-6.0..6.0f64, |z| {
        let yours = learner::gelu_prime(z);
        derivative_verdict("GELU", gelu, yours, z, || {
            let c = (2.0 / std::f64::consts::PI).sqrt();
            let t = (c * (z + 0.044715 * z.powi(3))).tanh();
            // The chain rule stopped at tanh: du/dz taken as 1, or as c without the cubic term.
            let stopped = [1.0, c].into_iter().any(|du| {
                close(
                    yours,
                    0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * du,
                    1e-9,
                    1e-12,
                )
            });
            stopped.then(|| {
                say(
                    "tanh 的参数 u = √(2/π)(z + 0.044715 z³) 也依赖 z：链式法则还要乘以 du/dz",
                    "tanh's argument u = √(2/π)(z + 0.044715 z³) depends on z too: the chain rule needs du/dz as well",
                )
            })
        })
    })
}

fn layer_backward_matches() -> Verdict {
    // (B, H) with B, H in 1..4; z and ∂L/∂a as fixed-width draws cut to size. ∂L/∂a is never
    // near 0, so every component of ∂L/∂z is measurable.
    let upstream = (0.25..2.0f64, any::<bool>()).prop_map(|(g, negative)| match negative {
        true => -g,
        false => g,
    });
    let cases = (1..4usize, 1..4usize, vec(-3.0..3.0f64, 9), vec(upstream, 9));
    property(cases, |(rows, cols, z, g)| {
        let z = Array2::from_shape_fn((rows, cols), |(i, j)| z[i * 3 + j]);
        let grad_a = Array2::from_shape_fn((rows, cols), |(i, j)| g[i * 3 + j]);
        // L(z) = Σ ∂L/∂a ⊙ tanh(z): its gradient is ∂L/∂a ⊙ tanh′(z).
        let tanh_prime: fn(f64) -> f64 = |z| 1.0 - z.tanh().powi(2);
        let yours = learner::layer_backward(&z, &grad_a, tanh_prime);
        shape("∂L/∂z", yours.shape(), z.shape())?;
        let loss = |flat: &[f64]| -> f64 {
            flat.iter()
                .zip(grad_a.iter())
                .map(|(z, g)| g * z.tanh())
                .sum()
        };
        let at: Vec<f64> = z.iter().copied().collect();
        let yours_flat: Vec<f64> = yours.iter().copied().collect();
        gradient("∂L/∂z", loss, &at, &yours_flat).map_err(|e| {
            let ignores_upstream = yours
                .iter()
                .zip(z.iter())
                .all(|(y, z)| close(*y, tanh_prime(*z), 1e-9, 1e-12));
            let hint = match ignores_upstream {
                true => say(
                    "（你返回的是 f′(z) 本身：还要逐元素乘以上游梯度 ∂L/∂a）",
                    " (you return f′(z) alone: multiply it elementwise by the upstream gradient ∂L/∂a)",
                ),
                false => String::new(),
            };
            say(
                format!("L = Σ ∂L/∂a ⊙ tanh(z)，按行优先展开：{e}{hint}"),
                format!("L = Σ ∂L/∂a ⊙ tanh(z), flattened row by row: {e}{hint}"),
            )
        })
    })
}
