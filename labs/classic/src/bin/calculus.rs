//! Calculus and optimisation: finite-difference derivatives, gradient descent and momentum on
//! the Rosenbrock function, Taylor polynomials.
//!
//! ```text
//! central  f'(x) ≈ (f(x + h) − f(x − h)) / 2h   error ≈ h²|f'''|/6 + ε|f|/h, least at h ≈ ε^(1/3)
//! forward  f'(x) ≈ (f(x + h) − f(x)) / h        error ≈ h|f''|/2 + ε|f|/h,   least at h ≈ ε^(1/2)
//! f(x, y) = (1 − x)² + 100 (y − x²)²            ∇f = (−2(1 − x) − 400 x (y − x²), 200 (y − x²))
//! gradient descent  p ← p − η ∇f(p)
//! heavy ball        v ← β v − η ∇f(p),          p ← p + v
//! Nesterov          v ← β v − η ∇f(p + β v),    p ← p + v
//! Taylor            T_n(x) = Σ_{k≤n} xᵏ/k!,     |eˣ − T_n(x)| ≤ e^max(x,0) |x|ⁿ⁺¹/(n+1)!
//! ```
//!
//! Sweeps h for sin'(1) (the V of truncation and round-off error on a log-log plot), checks
//! ∇f against finite differences, runs the three descents from (−1.5, 2) with η = 10⁻³ and
//! β = 0.9 (contour plot of the paths, loss per iteration) and plots Taylor polynomials of eˣ.
//! `scripts/reference/calculus.py` runs the same iterations in NumPy/SciPy (golden file
//! `scripts/reference/golden/calculus.json`); the iterates agree to 1e-9.
//!
//! Expected result and time (release, 2 vCPU): loss below 1e-6 after 1484 iterations with
//! momentum, 1380 with Nesterov and 15681 with plain gradient descent; after 20 000 iterations
//! the loss is 3.2e-8 (GD) and 2e-30 (momentum). Best central step 5.6e-6 (model 1.0e-5),
//! error 3.8e-13. About 0.05 s, most of it drawing. `--quick` runs the first 2 000 iterations
//! (momentum below 1e-6, gradient descent still at 0.2) in about 0.03 s.
//!
//! References:
//! - Nocedal & Wright, *Numerical Optimization* (2nd ed., 2006), §8.1 finite differences.
//! - Polyak, "Some methods of speeding up the convergence of iteration methods" (1964).
//! - Nesterov, "A method for solving the convex programming problem with convergence rate
//!   O(1/k²)" (1983).
//! - Rosenbrock, "An automatic method for finding the greatest or least value of a function"
//!   (1960).
//! - Goodfellow, Bengio & Courville, *Deep Learning* (2016), §4.3 and §8.3.

use std::collections::BTreeMap;
use std::error::Error;
use std::process::ExitCode;

use llmpath_lab::{LabArgs, Run};
use llmpath_labs_kit::Checks;
use llmpath_labs_kit::plot::{Chart, HeatMap, LegendAt, Plots};
use serde::Deserialize;

const GOLDEN: &str = include_str!("../../../../scripts/reference/golden/calculus.json");
const NUMPY: &str = "scripts/reference/calculus.py (NumPy/SciPy)";
const X0: [f64; 2] = [-1.5, 2.0];
const LEARNING_RATE: f64 = 1e-3;
const BETA: f64 = 0.9;
/// Iterations in full and quick mode (quick runs the first 2 000 of the same iterations).
const ITERATIONS: [usize; 2] = [20_000, 2_000];

fn rosenbrock([x, y]: [f64; 2]) -> f64 {
    let (a, b) = (1.0 - x, y - x * x);
    a * a + 100.0 * (b * b)
}

fn rosenbrock_grad([x, y]: [f64; 2]) -> [f64; 2] {
    [-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)]
}

/// sin'(1) − cos(1) by central (`central`) or forward differences with step `h`.
fn sin_diff_error(h: f64, central: bool) -> f64 {
    let x = 1.0_f64;
    let d = match central {
        true => ((x + h).sin() - (x - h).sin()) / (2.0 * h),
        false => ((x + h).sin() - x.sin()) / h,
    };
    (d - x.cos()).abs()
}

/// The steps of the sweep: h = 10^(−k/4), k = 4 … 60.
fn steps() -> Vec<f64> {
    (4..=60).map(|k| 10f64.powf(-f64::from(k) / 4.0)).collect()
}

/// ∇f by differences along each axis: central with step `h`, or forward as SciPy's
/// `approx_fprime` does it (dividing by the step actually taken, `(x + h) − x`).
fn fd_grad(f: fn([f64; 2]) -> f64, p: [f64; 2], h: f64, central: bool) -> [f64; 2] {
    let moved = |i: usize, step: f64| {
        let mut q = p;
        q[i] += step;
        f(q)
    };
    let d = |i: usize| match central {
        true => (moved(i, h) - moved(i, -h)) / (2.0 * h),
        false => (moved(i, h) - f(p)) / ((p[i] + h) - p[i]),
    };
    [d(0), d(1)]
}

/// ‖a − b‖ / ‖b‖
fn rel_error(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1]) / b[0].hypot(b[1])
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Method {
    GradientDescent,
    Momentum,
    Nesterov,
}

/// The iterates p₁ … pₙ from `X0` (update rules in the module doc).
fn descend(method: Method, n: usize) -> Vec<[f64; 2]> {
    let (mut p, mut v) = (X0, [0.0, 0.0]);
    let mut path = Vec::with_capacity(n);
    for _ in 0..n {
        if method == Method::GradientDescent {
            let g = rosenbrock_grad(p);
            p = [p[0] - LEARNING_RATE * g[0], p[1] - LEARNING_RATE * g[1]];
        } else {
            let ahead = match method {
                Method::Nesterov => [p[0] + BETA * v[0], p[1] + BETA * v[1]],
                _ => p,
            };
            let g = rosenbrock_grad(ahead);
            v = [BETA * v[0] - LEARNING_RATE * g[0], BETA * v[1] - LEARNING_RATE * g[1]];
            p = [p[0] + v[0], p[1] + v[1]];
        }
        path.push(p);
    }
    path
}

/// The first iteration (1-based) whose loss is below `threshold`.
fn iterations_to(loss: &[f64], threshold: f64) -> Option<usize> {
    loss.iter().position(|&l| l < threshold).map(|k| k + 1)
}

/// T_n(x) = Σ_{k≤n} xᵏ/k!, the Taylor polynomial of eˣ around 0.
fn taylor_exp(n: i32, x: f64) -> f64 {
    let mut k_factorial = 1.0;
    let mut sum = 0.0;
    for k in 0..=n {
        k_factorial *= f64::from(k.max(1));
        sum += x.powi(k) / k_factorial;
    }
    sum
}

/// max |eˣ − T_n(x)| on 401 points of [−2, 2].
fn taylor_max_error(n: i32) -> f64 {
    let xs = (0..=400).map(|i| -2.0 + 4.0 * f64::from(i) / 400.0);
    xs.map(|x| (x.exp() - taylor_exp(n, x)).abs()).fold(0.0, f64::max)
}

/// What `scripts/reference/calculus.py` wrote (the fields the lab uses).
#[derive(Debug, Deserialize)]
struct Golden {
    x0: [f64; 2],
    learning_rate: f64,
    beta: f64,
    /// `[k, x, y, loss]` after k iterations, by method.
    checkpoints: BTreeMap<String, Vec<[f64; 4]>>,
    #[serde(rename = "iterations_to_1e-6")]
    iterations_to_1e6: BTreeMap<String, Option<usize>>,
    optimum: Optimum,
    derivative: Derivative,
    gradient: Gradient,
    taylor: Taylor,
}

#[derive(Debug, Deserialize)]
struct Optimum {
    x: [f64; 2],
}

#[derive(Debug, Deserialize)]
struct Derivative {
    h: Vec<f64>,
    central_error: Vec<f64>,
    central_best_h: f64,
    central_min_error: f64,
    central_model_h: f64,
    forward_model_h: f64,
}

#[derive(Debug, Deserialize)]
struct Gradient {
    points: Vec<[f64; 2]>,
    rosen_der: Vec<[f64; 2]>,
    approx_fprime: Vec<[f64; 2]>,
    approx_fprime_epsilon: f64,
}

#[derive(Debug, Deserialize)]
struct Taylor {
    max_abs_error: BTreeMap<String, f64>,
    lagrange_bound_order5: f64,
}

fn main() -> ExitCode {
    llmpath_labs_kit::main("calculus", lab)
}

fn lab(args: LabArgs) -> Result<(), Box<dyn Error>> {
    let lang = args.lang;
    let g: Golden = serde_json::from_str(GOLDEN)?;
    let mut run = Run::start("calculus", "none (analytic functions)", &args)?;
    let plots = Plots::new(&args)?;
    let mut checks = Checks::default();
    let same_constants = (g.x0, g.learning_rate, g.beta) == (X0, LEARNING_RATE, BETA);
    checks.require(same_constants, "golden file made with other constants: rerun it");

    // 1. sin'(1): the truncation error falls as h², round-off grows as ε/h. The same grid point
    // wins in NumPy with the same libm; elsewhere round-off may move it a step (×1.8).
    println!("{}", lang.pick(ZH[0], EN[0]));
    let h = steps();
    let central: Vec<f64> = h.iter().map(|&h| sin_diff_error(h, true)).collect();
    let forward: Vec<f64> = h.iter().map(|&h| sin_diff_error(h, false)).collect();
    let argmin = |e: &[f64]| (0..e.len()).min_by(|&i, &j| e[i].total_cmp(&e[j])).unwrap_or(0);
    let (best, forward_best) = (argmin(&central), argmin(&forward));
    let d = &g.derivative;
    println!("   h* = {:.2e}, |error| = {:.1e}", h[best], central[best]);
    checks.compare("central_diff_best_h", h[best], d.central_best_h, 1.0, NUMPY);
    checks.compare("central_diff_min_error", central[best], d.central_min_error, 9.0, NUMPY);
    let model = "error model in the module doc (within 10×)";
    checks.compare("central_diff_best_h_vs_model", h[best], d.central_model_h, 9.0, model);
    checks.compare("forward_diff_best_h_vs_model", h[forward_best], d.forward_model_h, 9.0, model);
    // The slope of log error against log h between h = 10⁻² and 10⁻⁴ (k = 8 and 16).
    let slope = |e: &[f64]| (e[4] / e[12]).log10() / (h[4] / h[12]).log10();
    checks.compare("central_diff_truncation_slope", slope(&central), 2.0, 0.05, "theory: h²");
    checks.compare("forward_diff_truncation_slope", slope(&forward), 1.0, 0.05, "theory: h");
    let model_error = h.iter().map(|&h| (h, h * h * 1f64.cos() / 6.0 + f64::EPSILON / h));
    let zip = |e: &[f64]| h.iter().copied().zip(e.to_vec()).collect::<Vec<_>>();
    let numpy = d.h.iter().copied().zip(d.central_error.clone());
    let chart = Chart::new(lang.pick(ZH[4], EN[4]), lang.pick("步长 h", "step h"), "|error|")
        .log_x()
        .log_y()
        .legend_at(LegendAt::LowerLeft)
        .line(lang.pick("中心差分", "central difference"), zip(&central))
        .line(lang.pick("前向差分", "forward difference"), zip(&forward))
        .dashed(lang.pick("模型 h²|f‴|/6 + ε|f|/h", "model h²|f‴|/6 + ε|f|/h"), model_error)
        .points(lang.pick("中心差分 (NumPy)", "central (NumPy)"), numpy);
    plots.record(&mut run, "derivative_error", &chart)?;

    // 2. ∇f: analytic vs central differences (h = 10⁻⁶), SciPy's rosen_der and approx_fprime.
    println!("{}", lang.pick(ZH[1], EN[1]));
    let gr = &g.gradient;
    let max_over_points =
        |error: &dyn Fn(usize) -> f64| (0..gr.points.len()).map(error).fold(0.0, f64::max);
    let central_fd = |p| fd_grad(rosenbrock, p, 1e-6, true);
    let forward_fd = |p| fd_grad(rosenbrock, p, gr.approx_fprime_epsilon, false);
    let fd_error =
        max_over_points(&|i| rel_error(central_fd(gr.points[i]), rosenbrock_grad(gr.points[i])));
    let scipy_error =
        max_over_points(&|i| rel_error(rosenbrock_grad(gr.points[i]), gr.rosen_der[i]));
    let fprime_error =
        max_over_points(&|i| rel_error(forward_fd(gr.points[i]), gr.approx_fprime[i]));
    checks.compare("fd_gradient_max_rel_error", fd_error, 0.0, 1e-6, "the analytic gradient");
    checks.compare("analytic_gradient_max_rel_diff", scipy_error, 0.0, 1e-12, "scipy rosen_der");
    let fprime = "scipy approx_fprime";
    checks.compare("forward_fd_gradient_max_rel_diff", fprime_error, 0.0, 1e-9, fprime);

    // 3. Gradient descent, heavy ball and Nesterov from (−1.5, 2). The iterates must be
    // NumPy's; the losses near 0 are recorded beside NumPy's but not compared.
    println!("{}", lang.pick(ZH[2], EN[2]));
    let n = ITERATIONS[usize::from(args.quick)];
    let mut loss_chart =
        Chart::new(lang.pick(ZH[5], EN[5]), lang.pick("迭代", "iteration"), "f(x, y)");
    let (heat, axes) = (|x, y| rosenbrock([x, y]).log10(), ["x", "y", "log₁₀ f"]);
    let mut map = HeatMap::new(lang.pick(ZH[6], EN[6]), axes, -2.0..2.0, -1.0..3.0, 160, heat);
    let mut final_loss = BTreeMap::new();
    for (method, key, [zh, en]) in METHODS {
        let path = descend(method, n);
        let loss: Vec<f64> = path.iter().map(|&p| rosenbrock(p)).collect();
        let (p, l) = (path[n - 1], loss[n - 1]);
        println!("   f = {l:.3e} @ ({:.6}, {:.6})  {}", p[0], p[1], lang.pick(zh, en));
        let reference = g.checkpoints[key].iter().find(|c| c[0] == n as f64).copied();
        let [_, x_ref, y_ref, loss_ref] = reference.ok_or("no golden checkpoint: rerun it")?;
        run.compare(&format!("{key}_final_loss"), l, loss_ref, NUMPY);
        checks.compare(&format!("{key}_final_x"), p[0], x_ref, 1e-9, NUMPY);
        checks.compare(&format!("{key}_final_y"), p[1], y_ref, 1e-9, NUMPY);
        if let (Some(k), Some(&Some(k_ref))) =
            (iterations_to(&loss, 1e-6), g.iterations_to_1e6.get(key))
        {
            let (name, k, k_ref) = (format!("{key}_iterations_to_1e-6"), k as f64, k_ref as f64);
            checks.compare(&name, k, k_ref, 0.0, NUMPY);
        }
        final_loss.insert(key, l);
        let every = (n / 2000).max(1);
        let shown =
            loss.iter().enumerate().step_by(every).map(|(k, &l)| ((k + 1) as f64, l.max(1e-30)));
        loss_chart = loss_chart.line(lang.pick(zh, en), shown);
        let start = std::iter::once(X0).chain(path.into_iter().take(2000));
        map = map.path(lang.pick(zh, en), start.map(|[x, y]| (x, y)));
    }
    let end = descend(Method::Momentum, n)[n - 1];
    let distance = (end[0] - g.optimum.x[0]).hypot(end[1] - g.optimum.x[1]);
    let (scipy, tolerance) = ("scipy.optimize.minimize(rosen, BFGS): (1, 1)", [1e-9, 1e-3]);
    let tolerance = tolerance[usize::from(args.quick)];
    checks.compare("momentum_distance_to_optimum", distance, 0.0, tolerance, scipy);
    let (gd, momentum) = (final_loss["gd"], final_loss["momentum"]);
    checks.require(momentum < 1e-6, format!("momentum's loss {momentum:e} is not below 1e-6"));
    let quick_gd = format!("GD's loss {gd:e} fell below 1e-3 in quick mode");
    checks.require(!args.quick || gd > 1e-3, quick_gd);
    checks.require(args.quick || gd < 1e-6, format!("GD's loss {gd:e} is not below 1e-6"));
    plots.record(&mut run, "rosenbrock_loss", &loss_chart.log_y())?;
    plots.record(&mut run, "rosenbrock_paths", &map)?;

    // 4. Taylor polynomials of eˣ around 0, drawn on [−3, 3], errors on [−2, 2].
    println!("{}", lang.pick(ZH[3], EN[3]));
    let xs: Vec<f64> = (0..=300).map(|i| -3.0 + 6.0 * f64::from(i) / 300.0).collect();
    let curve = |f: &dyn Fn(f64) -> f64| xs.iter().map(|&x| (x, f(x))).collect::<Vec<_>>();
    let mut chart = Chart::new(lang.pick(ZH[7], EN[7]), "x", "y").legend_at(LegendAt::UpperLeft);
    chart = chart.line("eˣ", curve(&f64::exp));
    for n in [1, 2, 3, 5] {
        let name = format!("taylor_max_abs_error_order{n}_on_[-2,2]");
        let reference = g.taylor.max_abs_error[&n.to_string()];
        checks.compare(&name, taylor_max_error(n), reference, 1e-12, NUMPY);
        chart = chart.line(&format!("T{n}"), curve(&|x| taylor_exp(n, x)));
    }
    let bound = g.taylor.lagrange_bound_order5;
    checks.require(taylor_max_error(5) <= bound, "order-5 error above the Lagrange bound");
    plots.record(&mut run, "taylor_exp", &chart)?;

    checks.finish(run)?;
    Ok(())
}

const METHODS: [(Method, &str, [&str; 2]); 3] = [
    (Method::GradientDescent, "gd", ["梯度下降", "gradient descent"]),
    (Method::Momentum, "momentum", ["动量 (重球法)", "momentum (heavy ball)"]),
    (Method::Nesterov, "nesterov", ["Nesterov 动量", "Nesterov momentum"]),
];

/// The printed report (0–3) and plot titles (4–7).
const EN: [&str; 8] = [
    "1. Derivative of sin at 1: the central-difference error falls as h² until round-off (ε/h) takes over.",
    "2. Rosenbrock gradient: analytic vs finite differences and SciPy at 5 points.",
    "3. From (−1.5, 2) with η = 1e-3, β = 0.9: gradient descent crawls along the curved valley; momentum is ten times faster.",
    "4. Taylor polynomials of eˣ around 0: the higher the order, the smaller the error (order 5 on [−2, 2]: 0.122, Lagrange bound 0.657).",
    "Finite-difference error of sin′(1)",
    "Loss on the Rosenbrock function",
    "Paths on the Rosenbrock function (first 2 000 iterations)",
    "Taylor polynomials of eˣ around 0",
];
const ZH: [&str; 8] = [
    "1. sin 在 1 处的导数：中心差分的误差随 h² 下降，直到舍入误差（ε/h）占上风。",
    "2. Rosenbrock 梯度：在 5 个点上比较解析梯度、有限差分与 SciPy。",
    "3. 从 (−1.5, 2) 出发，η = 1e-3，β = 0.9：梯度下降沿弯曲的山谷缓慢爬行，动量法快十倍。",
    "4. eˣ 在 0 处的泰勒多项式：阶数越高误差越小（5 阶在 [−2, 2] 上为 0.122，拉格朗日余项界 0.657）。",
    "sin′(1) 的有限差分误差",
    "Rosenbrock 函数上的损失",
    "Rosenbrock 函数上的优化路径 (前 2000 次迭代)",
    "eˣ 在 0 处的泰勒多项式",
];

#[cfg(test)]
#[path = "calculus/tests.rs"]
mod tests;
