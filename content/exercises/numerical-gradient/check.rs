use std::fmt;

use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::{Check, Verdict, all_close, close, gradient, property, say};

const CHECKS: &[Check] = &[
    Check {
        zh: "f(x) = Σ xᵢ² 的数值梯度：每个坐标一个分量，等于 2x",
        en: "the numerical gradient of f(x) = Σ xᵢ²: one entry per coordinate, equal to 2x",
        run: sum_of_squares,
    },
    Check {
        zh: "使用给定的步长 h：f(x) = Σ xᵢ³，h = 0.5 时中心差分为 3xᵢ² + h²",
        en: "uses the step h it is given: for f(x) = Σ xᵢ³ and h = 0.5, central differences give 3xᵢ² + h²",
        run: given_step,
    },
    Check {
        zh: "随机二次函数加正弦项：与已知梯度一致",
        en: "random quadratic-plus-sine functions: matches the known gradient",
        run: random_functions,
    },
    Check {
        zh: "相对误差 ‖a − b‖ / max(‖a‖, ‖b‖)",
        en: "relative error ‖a − b‖ / max(‖a‖, ‖b‖)",
        run: relative_errors,
    },
    Check {
        zh: "σ'、softplus' 与 tanh' 与有限差分一致",
        en: "σ', softplus' and tanh' match finite differences",
        run: scalar_derivatives,
    },
    Check {
        zh: "∇quadratic 与 ∇wave 与有限差分一致",
        en: "∇quadratic and ∇wave match finite differences",
        run: two_variable_gradients,
    },
    Check {
        zh: "你的梯度检验：五个函数的解析梯度与数值梯度的相对误差 < 1e-7",
        en: "your gradient check: analytic vs numerical gradients of all five functions agree to a relative error < 1e-7",
        run: gradient_check,
    },
];

/// f(x) = ½ xᵀAx + bᵀx + Σᵢ sin(cᵢ xᵢ) with A symmetric, and a point x.
struct Function {
    a: Vec<Vec<f64>>,
    b: Vec<f64>,
    c: Vec<f64>,
    x: Vec<f64>,
}

impl fmt::Debug for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |v: &[f64]| format!("[{}]", v.iter().map(|x| format!("{x:.3}")).collect::<Vec<_>>().join(", "));
        let rows: Vec<String> = self.a.iter().map(|r| list(r)).collect();
        write!(
            f,
            "f(x) = ½ xᵀAx + bᵀx + Σ sin(cᵢxᵢ), A = [{}], b = {}, c = {}, x = {}",
            rows.join(", "),
            list(&self.b),
            list(&self.c),
            list(&self.x)
        )
    }
}

impl Function {
    fn value(&self, x: &[f64]) -> f64 {
        let quadratic: f64 = (0..x.len()).map(|i| (0..x.len()).map(|j| 0.5 * x[i] * self.a[i][j] * x[j]).sum::<f64>()).sum();
        let linear: f64 = self.b.iter().zip(x).map(|(b, x)| b * x).sum();
        let waves: f64 = self.c.iter().zip(x).map(|(c, x)| (c * x).sin()).sum();
        quadratic + linear + waves
    }

    /// ∇f = A x + b + cᵢ cos(cᵢ xᵢ).
    fn gradient(&self) -> Vec<f64> {
        let x = &self.x;
        (0..x.len())
            .map(|i| (0..x.len()).map(|j| self.a[i][j] * x[j]).sum::<f64>() + self.b[i] + self.c[i] * (self.c[i] * x[i]).cos())
            .collect()
    }
}

fn functions() -> impl Strategy<Value = Function> {
    (1usize..=4).prop_flat_map(|n| {
        (vec(-3.0..3.0f64, n * n), vec(-3.0..3.0f64, n), vec(-2.0..2.0f64, n), vec(-2.0..2.0f64, n)).prop_map(move |(m, b, c, x)| {
            // A = (M + Mᵀ)/2, symmetric, so that ∇(½ xᵀAx) = A x.
            let a = (0..n).map(|i| (0..n).map(|j| 0.5 * (m[i * n + j] + m[j * n + i])).collect()).collect();
            Function { a, b, c, x }
        })
    })
}

/// What a wrong numerical gradient suggests: the same component from a forward difference,
/// from dividing by h, or from nudging every coordinate at once.
fn numerical_hint(f: &dyn Fn(&[f64]) -> f64, x: &[f64], h: f64, yours: &[f64]) -> String {
    let fx = f(x);
    let nudged = |i: usize, step: f64| {
        let mut p = x.to_vec();
        p[i] += step;
        f(&p)
    };
    let all = |step: f64| f(&x.iter().map(|v| v + step).collect::<Vec<_>>());
    let central: Vec<f64> = (0..x.len()).map(|i| (nudged(i, h) - nudged(i, -h)) / (2.0 * h)).collect();
    let forward: Vec<f64> = (0..x.len()).map(|i| (nudged(i, h) - fx) / (2.0 * h)).collect();
    let over_h: Vec<f64> = central.iter().map(|g| 2.0 * g).collect();
    let together = vec![(all(h) - all(-h)) / (2.0 * h); x.len()];
    let matches = |v: &[f64]| all_close(yours, v, 1e-6, 1e-9).is_none();
    if matches(&forward) {
        say(
            "：这是 (f(x + h) − f(x)) / 2h，前向差分配上了中心差分的分母；要用 f(x + h) − f(x − h)",
            ": that is (f(x + h) − f(x)) / 2h, a forward difference over the central denominator; use f(x + h) − f(x − h)",
        )
    } else if matches(&over_h) {
        say("：正好是 2 倍：中心差分的两点相距 2h，要除以 2h", ": exactly twice too large: the two points of a central difference are 2h apart, so divide by 2h")
    } else if x.len() > 1 && matches(&together) {
        say(
            "：每个分量都一样：你同时移动了所有坐标（这是沿 (1, …, 1) 的方向导数）；每次只移动第 i 个坐标",
            ": every entry is the same: you moved all coordinates at once (a directional derivative along (1, …, 1)); move only coordinate i",
        )
    } else if x.len() > 1 && all_close(&yours[..1], &central[..1], 1e-6, 1e-9).is_none() {
        say(
            "：第一个分量对了，后面的不对：算下一个坐标之前，是否把上一个坐标恢复成了 x 的值？",
            ": the first entry is right, later ones are not: is each coordinate put back to x before the next one is moved?",
        )
    } else {
        String::new()
    }
}

fn compare_numerical(f: &dyn Fn(&[f64]) -> f64, x: &[f64], h: f64, expected: &[f64], rtol: f64) -> Verdict {
    let yours = learner::numerical_gradient(f, x, h);
    if yours.len() != x.len() {
        return Err(say(
            format!("返回了 {} 个分量，应为 {} 个（每个坐标一个）", yours.len(), x.len()),
            format!("{} entries returned, expected {} (one per coordinate)", yours.len(), x.len()),
        ));
    }
    match all_close(&yours, expected, rtol, 1e-8) {
        None => Ok(()),
        Some(i) => {
            let hint = numerical_hint(f, x, h, &yours);
            Err(say(
                format!("h = {h}：∂f/∂x{i} 为 {}，应为 {}{hint}", yours[i], expected[i]),
                format!("h = {h}: ∂f/∂x{i} is {}, expected {}{hint}", yours[i], expected[i]),
            ))
        }
    }
}

fn sum_of_squares() -> Verdict {
    let f = |x: &[f64]| x.iter().map(|v| v * v).sum::<f64>();
    let x = [1.0, -2.0, 0.5];
    compare_numerical(&f, &x, 1e-5, &[2.0, -4.0, 1.0], 1e-8)
        .map_err(|e| say(format!("f(x) = Σ xᵢ²，x = [1, −2, 0.5]：{e}"), format!("f(x) = Σ xᵢ², x = [1, −2, 0.5]: {e}")))
}

fn given_step() -> Verdict {
    let f = |x: &[f64]| x.iter().map(|v| v * v * v).sum::<f64>();
    property(vec(-3.0..3.0f64, 1..5), |x| {
        let h = 0.5;
        let expected: Vec<f64> = x.iter().map(|v| 3.0 * v * v + h * h).collect();
        compare_numerical(&f, &x, h, &expected, 1e-9).map_err(|e| {
            let exact: Vec<String> = x.iter().map(|v| format!("{:.4}", 3.0 * v * v)).collect();
            say(
                format!("f(x) = Σ xᵢ³（精确梯度 3xᵢ² = [{}]）：{e}", exact.join(", ")),
                format!("f(x) = Σ xᵢ³ (exact gradient 3xᵢ² = [{}]): {e}", exact.join(", ")),
            )
        })
    })
}

fn random_functions() -> Verdict {
    property(functions(), |function| {
        let f = |x: &[f64]| function.value(x);
        compare_numerical(&f, &function.x, 1e-5, &function.gradient(), 1e-6)
    })
}

fn relative_errors() -> Verdict {
    let yours = learner::relative_error(&[3.0, 4.0], &[3.0, 4.0]);
    if yours != 0.0 {
        return Err(say(format!("a = b = [3, 4] 时为 {yours}，应为 0"), format!("a = b = [3, 4] gives {yours}, expected 0")));
    }
    let yours = learner::relative_error(&[0.0, 0.0], &[0.0, 0.0]);
    if yours != 0.0 {
        return Err(say(
            format!("a = b = [0, 0] 时为 {yours}，应为 0：两个都是零向量时不要除以 0"),
            format!("a = b = [0, 0] gives {yours}, expected 0: don't divide by 0 when both are zero vectors"),
        ));
    }
    let pairs = (1usize..5).prop_flat_map(|n| (vec(-10.0..10.0f64, n), vec(-10.0..10.0f64, n)));
    property(pairs, |(a, b)| {
        let norm = |v: &[f64]| v.iter().map(|x| x * x).sum::<f64>().sqrt();
        let difference: Vec<f64> = a.iter().zip(&b).map(|(x, y)| x - y).collect();
        let scale = norm(&a).max(norm(&b));
        let expected = if scale == 0.0 { 0.0 } else { norm(&difference) / scale };
        let yours = learner::relative_error(&a, &b);
        if close(yours, expected, 1e-10, 1e-14) {
            return Ok(());
        }
        let hint = if close(yours, norm(&difference), 1e-10, 1e-14) {
            say("：这是 ‖a − b‖，还没有除以 max(‖a‖, ‖b‖)", ": that is ‖a − b‖, not yet divided by max(‖a‖, ‖b‖)")
        } else {
            String::new()
        };
        Err(say(format!("相对误差为 {yours}，应为 {expected}{hint}"), format!("the relative error is {yours}, expected {expected}{hint}")))
    })
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The central difference of `f` at `x`, with a step small enough for 1e-6 agreement.
fn derivative(f: fn(f64) -> f64, x: f64) -> f64 {
    let h = 1e-6 * x.abs().max(1.0);
    (f(x + h) - f(x - h)) / (2.0 * h)
}

fn scalar_derivatives() -> Verdict {
    property(-8.0..8.0f64, |x| {
        let cases: [(&str, fn(f64) -> f64, f64); 3] = [
            ("σ'", sigmoid, learner::sigmoid_grad(x)),
            ("softplus'", |v: f64| v.max(0.0) + (-v.abs()).exp().ln_1p(), learner::softplus_grad(x)),
            ("tanh'", f64::tanh, learner::tanh_grad(x)),
        ];
        for (name, f, yours) in cases {
            let expected = derivative(f, x);
            if close(yours, expected, 1e-6, 1e-9) {
                continue;
            }
            let hint = if close(yours, -expected, 1e-6, 1e-9) {
                say("：符号反了", ": the sign is flipped")
            } else if close(yours, derivative(f, -x), 1e-6, 1e-9) {
                say("：这是 x 取 −x 时的导数：函数里面的符号是否反了？", ": that is the derivative at −x: a sign flipped inside?")
            } else {
                String::new()
            };
            return Err(say(
                format!("{name}({x})：有限差分 {expected:.6}，你的 {yours:.6}{hint}"),
                format!("{name}({x}): finite difference {expected:.6}, yours {yours:.6}{hint}"),
            ));
        }
        Ok(())
    })
}

fn two_variable_gradients() -> Verdict {
    property((-3.0..3.0f64, -3.0..3.0f64), |(x, y)| {
        let quadratic = |p: &[f64]| p[0] * p[0] + 3.0 * p[0] * p[1] + 2.0 * p[1] * p[1];
        let wave = |p: &[f64]| p[0].sin() * p[1].cos();
        gradient("∇quadratic", quadratic, &[x, y], &learner::quadratic_grad([x, y]))
            .and_then(|()| gradient("∇wave", wave, &[x, y], &learner::wave_grad([x, y])))
            .map_err(|e| say(format!("(x, y) = ({x}, {y})：{e}"), format!("(x, y) = ({x}, {y}): {e}")))
    })
}

fn gradient_check() -> Verdict {
    property((-3.0..3.0f64, -3.0..3.0f64), |(x, y)| {
        let h = 1e-5;
        let scalar = |f: fn(f64) -> f64| learner::numerical_gradient(move |p: &[f64]| f(p[0]), &[x], h);
        let pair = |f: fn([f64; 2]) -> f64| learner::numerical_gradient(move |p: &[f64]| f([p[0], p[1]]), &[x, y], h);
        let checks: [(&str, Vec<f64>, Vec<f64>); 5] = [
            ("sigmoid", vec![learner::sigmoid_grad(x)], scalar(learner::sigmoid)),
            ("softplus", vec![learner::softplus_grad(x)], scalar(learner::softplus)),
            ("tanh", vec![learner::tanh_grad(x)], scalar(f64::tanh)),
            ("quadratic", learner::quadratic_grad([x, y]).to_vec(), pair(learner::quadratic)),
            ("wave", learner::wave_grad([x, y]).to_vec(), pair(learner::wave)),
        ];
        for (name, analytic, numerical) in checks {
            let error = learner::relative_error(&analytic, &numerical);
            if !(error < 1e-7) {
                return Err(say(
                    format!("{name}：解析梯度 {analytic:?} 与数值梯度 {numerical:?} 的相对误差为 {error:e}（你的 relative_error），应 < 1e-7"),
                    format!("{name}: analytic {analytic:?} and numerical {numerical:?} differ by a relative error of {error:e} (your relative_error); expected < 1e-7"),
                ));
            }
        }
        Ok(())
    })
}
