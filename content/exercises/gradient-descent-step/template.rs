//! # Gradient descent with momentum on the Rosenbrock function / 带动量的梯度下降与 Rosenbrock 函数
//!
//! The Rosenbrock function has its minimum f(1, 1) = 0 at the bottom of a long, curved, narrow
//! valley. Plain gradient descent zig-zags across the valley and crawls along it; momentum (the
//! "heavy ball") keeps a velocity v that averages recent gradients, so the zig-zags cancel and
//! the steps along the valley add up:
//!
//! ```text
//! f(x, y) = (1 − x)² + 100 (y − x²)²
//! gradient descent    x ← x − η ∇f(x)
//! momentum            v ← β v − η ∇f(x),   then   x ← x + v       (v starts at 0; β = 0 is plain descent)
//! minimise            v = 0; repeat: g = ∇f(x); stop if ‖g‖ < tol; one momentum step
//! ```
//!
//! Write the gradient of f, one momentum step (updating x and v in place), and the loop, which
//! returns the last x and the number of steps it took (at most `max_steps`; 0 if ‖∇f(x₀)‖ < tol
//! already). The last check starts at (−1.5, 2) with η = 10⁻³ and β = 0.9 and expects (1, 1)
//! within 10 000 steps; plain gradient descent would need about 44 000.
//!
//! Rosenbrock 函数的最小值 f(1, 1) = 0 位于一条又长又弯又窄的山谷底部。普通梯度下降在谷壁之间来回
//! 折返，沿着山谷前进得很慢；动量法（“重球法”）保留一个速度 v，它是最近各步梯度的加权累积，来回折返
//! 的分量相互抵消，沿山谷方向的分量不断累加（公式见上）。请写出 f 的梯度、原地更新 x 与 v 的一步动量
//! 更新，以及循环：返回最后的 x 与所走的步数（最多 `max_steps` 步；若 ‖∇f(x₀)‖ < tol 则为 0）。最后
//! 一项检查从 (−1.5, 2) 出发，η = 10⁻³，β = 0.9，要求在 10 000 步内到达 (1, 1)；普通梯度下降大约
//! 需要 44 000 步。
//!
//! Lab / 实验: `llmpath lab show calculus`. Check / 检查: `llmpath check`.

/// f(x, y) = (1 − x)² + 100 (y − x²)² (given).
pub fn rosenbrock([x, y]: [f64; 2]) -> f64 {
    (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
}

/// ∇f(x, y) = [∂f/∂x, ∂f/∂y].
pub fn rosenbrock_grad(p: [f64; 2]) -> [f64; 2] {
    todo!("∇f at {p:?} (f = {})", rosenbrock(p))
}

/// One momentum step: v ← β v − η g, then x ← x + v (η = `learning_rate`, β = `beta`).
pub fn momentum_step(x: &mut [f64], v: &mut [f64], grad: &[f64], learning_rate: f64, beta: f64) {
    todo!("a step from {x:?} with velocity {v:?}, gradient {grad:?}, η {learning_rate}, β {beta}")
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
    todo!(
        "minimise from {x0:?} (∇f = {:?}), η {learning_rate}, β {beta}, tol {tol}, at most {max_steps} steps",
        grad(x0)
    )
}
