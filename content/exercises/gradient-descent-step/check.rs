use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::{Check, Verdict, all_close, close, gradient, property, say};

const CHECKS: &[Check] = &[
    Check {
        zh: "∇f 与有限差分一致，且在最小值点 (1, 1) 为 0",
        en: "∇f matches finite differences and is 0 at the minimum (1, 1)",
        run: rosenbrock_gradient,
    },
    Check {
        zh: "一步动量：v ← βv − ηg，然后 x ← x + v",
        en: "one momentum step: v ← βv − ηg, then x ← x + v",
        run: one_step,
    },
    Check {
        zh: "minimise 在二次函数上逐步与参考迭代一致（tol = 0，走满 k 步）",
        en: "minimise follows the reference iterates on quadratics (tol = 0, all k steps)",
        run: iterates,
    },
    Check {
        zh: "‖∇f‖ < tol 时停止并返回步数；从最小值点出发走 0 步",
        en: "stops when ‖∇f‖ < tol and returns the step count; 0 steps from the minimum",
        run: stopping,
    },
    Check {
        zh: "Rosenbrock：从 (−1.5, 2) 出发，η = 10⁻³，β = 0.9，10 000 步内到达 (1, 1)",
        en: "Rosenbrock: from (−1.5, 2) with η = 10⁻³ and β = 0.9, reaches (1, 1) within 10 000 steps",
        run: rosenbrock_gate,
    },
];

fn reference_f(p: &[f64]) -> f64 {
    let (a, b) = (1.0 - p[0], p[1] - p[0] * p[0]);
    a * a + 100.0 * b * b
}

fn rosenbrock_gradient() -> Verdict {
    let at_minimum = learner::rosenbrock_grad([1.0, 1.0]);
    if at_minimum.iter().any(|g| g.abs() > 1e-12) {
        return Err(say(
            format!("∇f(1, 1) = {at_minimum:?}，应为 [0, 0]：(1, 1) 是最小值点"),
            format!("∇f(1, 1) = {at_minimum:?}, expected [0, 0]: (1, 1) is the minimum"),
        ));
    }
    property((-1.5..1.5f64, -1.5..1.5f64), |(x, y)| {
        let yours = learner::rosenbrock_grad([x, y]);
        gradient("∇f", reference_f, &[x, y], &yours).map_err(|e| say(format!("(x, y) = ({x}, {y})：{e}"), format!("(x, y) = ({x}, {y}): {e}")))
    })
}

/// The reference step: (x', v').
fn reference_step(x: &[f64], v: &[f64], g: &[f64], eta: f64, beta: f64) -> (Vec<f64>, Vec<f64>) {
    let v_new: Vec<f64> = v.iter().zip(g).map(|(v, g)| beta * v - eta * g).collect();
    let x_new: Vec<f64> = x.iter().zip(&v_new).map(|(x, v)| x + v).collect();
    (x_new, v_new)
}

fn step_cases() -> impl Strategy<Value = (Vec<f64>, Vec<f64>, Vec<f64>, f64, f64)> {
    (1usize..=4).prop_flat_map(|n| (vec(-5.0..5.0f64, n), vec(-1.0..1.0f64, n), vec(-5.0..5.0f64, n), 0.01..0.5f64, 0.0..0.99f64))
}

fn one_step() -> Verdict {
    property(step_cases(), |(x0, v0, g, eta, beta)| {
        let (mut x, mut v) = (x0.clone(), v0.clone());
        learner::momentum_step(&mut x, &mut v, &g, eta, beta);
        let (x_ref, v_ref) = reference_step(&x0, &v0, &g, eta, beta);
        let same = |a: &[f64], b: &[f64]| all_close(a, b, 1e-12, 1e-12).is_none();
        if same(&v, &v_ref) && same(&x, &x_ref) {
            return Ok(());
        }
        let with = |f: &dyn Fn(f64, f64) -> f64| -> Vec<f64> { v0.iter().zip(&g).map(|(v, g)| f(*v, *g)).collect() };
        let hint = if !same(&v, &v_ref) {
            if same(&v, &with(&|v, g| -beta * v - eta * g)) {
                say("：βv 的符号反了：v ← βv − ηg", ": the sign of βv is flipped: v ← βv − ηg")
            } else if same(&v, &with(&|v, g| beta * v + eta * g)) {
                say("：梯度项的符号反了：下降要减去 ηg", ": the gradient term has the wrong sign: descent subtracts ηg")
            } else if same(&v, &with(&|_, g| -eta * g)) {
                say("：新的 v 丢掉了旧的 v：动量要保留 βv", ": the new v forgets the old one: momentum keeps βv")
            } else {
                String::new()
            }
        } else if same(&x, &x0.iter().zip(&v0).map(|(x, v)| x + v).collect::<Vec<_>>()) {
            say("：x 用旧的 v 移动了：先算出新的 v，再 x ← x + v", ": x moved by the old v: compute the new v first, then x ← x + v")
        } else if same(&x, &x0.iter().zip(&v_ref).map(|(x, v)| x - v).collect::<Vec<_>>()) {
            say("：x ← x + v，不是 x − v：v 本身已经指向下坡", ": x ← x + v, not x − v: v already points downhill")
        } else {
            String::new()
        };
        Err(say(
            format!("一步之后 x = {x:?}，v = {v:?}；应为 x = {x_ref:?}，v = {v_ref:?}{hint}"),
            format!("after one step x = {x:?} and v = {v:?}; expected x = {x_ref:?} and v = {v_ref:?}{hint}"),
        ))
    })
}

/// f(x) = ½ Σ aᵢ xᵢ², ∇f = (aᵢ xᵢ), with a starting point, η and β.
fn quadratics() -> impl Strategy<Value = (Vec<f64>, Vec<f64>, f64, f64)> {
    (1usize..=4).prop_flat_map(|n| (vec(0.5..5.0f64, n), vec(-3.0..3.0f64, n), 0.01..0.1f64, 0.0..0.95f64))
}

fn quadratic_grad(a: &[f64]) -> impl Fn(&[f64]) -> Vec<f64> + '_ {
    move |x: &[f64]| a.iter().zip(x).map(|(a, x)| a * x).collect()
}

fn reference_minimise(a: &[f64], x0: &[f64], eta: f64, beta: f64, tol: f64, max_steps: usize) -> (Vec<f64>, usize) {
    let grad = quadratic_grad(a);
    let (mut x, mut v) = (x0.to_vec(), vec![0.0; x0.len()]);
    for step in 0..max_steps {
        let g = grad(&x);
        if g.iter().map(|g| g * g).sum::<f64>().sqrt() < tol {
            return (x, step);
        }
        (x, v) = reference_step(&x, &v, &g, eta, beta);
    }
    (x, max_steps)
}

fn iterates() -> Verdict {
    property((quadratics(), 1usize..=5), |((a, x0, eta, beta), k)| {
        let (x, steps) = learner::minimise(quadratic_grad(&a), &x0, eta, beta, 0.0, k);
        let (x_ref, _) = reference_minimise(&a, &x0, eta, beta, 0.0, k);
        if steps != k {
            return Err(say(
                format!("tol = 0 时永远不会停，应走满 max_steps = {k} 步，你返回的步数是 {steps}"),
                format!("with tol = 0 it never stops early and must take all max_steps = {k} steps; you returned {steps}"),
            ));
        }
        if all_close(&x, &x_ref, 1e-9, 1e-12).is_none() {
            return Ok(());
        }
        let (x_one, _) = reference_minimise(&a, &x0, eta, beta, 0.0, 1);
        let hint = if all_close(&x, &x0, 0.0, 0.0).is_none() && k == 1 {
            say("：第一步 x 没有动（v 从 0 开始）：先更新 v，再 x ← x + v", ": x did not move in the first step (v starts at 0): update v first, then x ← x + v")
        } else if k > 1 && all_close(&learner::minimise(quadratic_grad(&a), &x0, eta, beta, 0.0, 1).0, &x_one, 1e-9, 1e-12).is_none() {
            say("：第一步对了，后面不对：v 是否在步与步之间保留下来了？", ": the first step is right, later ones are not: does v carry over from step to step?")
        } else {
            String::new()
        };
        Err(say(
            format!("f = ½ Σ aᵢxᵢ²，a = {a:?}，从 {x0:?} 出发，η = {eta}，β = {beta}：{k} 步后 x = {x:?}，应为 {x_ref:?}{hint}"),
            format!("f = ½ Σ aᵢxᵢ², a = {a:?}, from {x0:?} with η = {eta}, β = {beta}: after {k} step(s) x = {x:?}, expected {x_ref:?}{hint}"),
        ))
    })
}

fn stopping() -> Verdict {
    let a = [1.0, 2.0];
    let (x, steps) = learner::minimise(quadratic_grad(&a), &[0.0, 0.0], 0.1, 0.5, 1e-6, 100);
    if steps != 0 || x != [0.0, 0.0] {
        return Err(say(
            format!("从最小值点 [0, 0] 出发（∇f = 0 < tol），应走 0 步并返回 [0, 0]；你走了 {steps} 步，返回 {x:?}：先检查 ‖∇f‖ < tol，再迈步"),
            format!("starting at the minimum [0, 0] (∇f = 0 < tol) takes 0 steps and returns [0, 0]; you took {steps} and returned {x:?}: test ‖∇f‖ < tol before stepping"),
        ));
    }
    property(quadratics(), |(a, x0, eta, beta)| {
        let tol = 1e-6;
        let (x, steps) = learner::minimise(quadratic_grad(&a), &x0, eta, beta, tol, 100_000);
        let (_, expected) = reference_minimise(&a, &x0, eta, beta, tol, 100_000);
        let g = quadratic_grad(&a)(&x);
        let norm = g.iter().map(|g| g * g).sum::<f64>().sqrt();
        if !(norm < tol) {
            return Err(say(
                format!("返回时 ‖∇f(x)‖ = {norm:e}，不小于 tol = {tol:e}（走了 {steps} 步，参考需要 {expected} 步）"),
                format!("‖∇f(x)‖ = {norm:e} at the x returned, not below tol = {tol:e} ({steps} steps taken, the reference needs {expected})"),
            ));
        }
        // Rounding may move the crossing of tol by one step.
        match steps.abs_diff(expected) <= 1 {
            true => Ok(()),
            false => Err(say(
                format!("走了 {steps} 步，而第一次 ‖∇f‖ < {tol:e} 出现在第 {expected} 步之后：一旦满足就停止，并返回已走的步数"),
                format!("{steps} steps taken, while ‖∇f‖ first drops below {tol:e} after {expected}: stop as soon as it does and return the steps taken"),
            )),
        }
    })
}

fn rosenbrock_gate() -> Verdict {
    let grad = |p: &[f64]| learner::rosenbrock_grad([p[0], p[1]]).to_vec();
    let (x, steps) = learner::minimise(grad, &[-1.5, 2.0], 1e-3, 0.9, 1e-8, 10_000);
    let distance = x.iter().map(|v| (v - 1.0) * (v - 1.0)).sum::<f64>().sqrt();
    if x.len() == 2 && distance < 1e-6 && steps < 10_000 {
        return Ok(());
    }
    let value = if x.len() == 2 { reference_f(&x) } else { f64::NAN };
    let hint = if steps >= 10_000 && close(value, 0.0, 0.0, 1e-3) {
        say("：还在向 (1, 1) 爬行：动量是否真的在累积？", ": still crawling towards (1, 1): does the momentum really accumulate?")
    } else if !value.is_finite() || value > 1e3 {
        say("：发散了：检查动量项与梯度项的符号和更新顺序", ": it diverged: check the signs of the momentum and gradient terms and the order of the updates")
    } else {
        String::new()
    };
    Err(say(
        format!("{steps} 步后停在 {x:?}，f = {value:e}，离 (1, 1) 的距离 {distance:e}（应 < 1e-6，且少于 10 000 步）{hint}"),
        format!("stopped after {steps} steps at {x:?}, f = {value:e}, {distance:e} from (1, 1) (expected < 1e-6 within 10 000 steps){hint}"),
    ))
}
