//! L-BFGS: a quasi-Newton minimiser that needs only f and ∇f. It keeps the last m steps s and
//! gradient changes y, and from them applies an approximation H of the inverse Hessian to ∇f by
//! the two-loop recursion, never forming a matrix: O(m n) memory and time a step. Its steps go
//! through a backtracking line search, which [`descent`] offers for any descent direction (the
//! logistic-regression lab's Newton steps use it too).
//!
//! ```text
//! descent   x ← x + t d,  d a descent direction (∇f·d < 0), from x₀ until max |∇f| ≤ gtol
//! Armijo    t = 1, ½, ¼, … until f(x + t d) ≤ f(x) + c₁ t ∇f·d,  c₁ = 10⁻⁴
//! BFGS      H₊ = (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ,  ρ = 1/(yᵀs),
//!           s = x₊ − x,  y = ∇f₊ − ∇f;  d = −H ∇f
//! L-BFGS    H from the last m pairs only, starting from H₀ = γI, γ = sᵀy / yᵀy (latest pair):
//!           q = ∇f;  newest pair to oldest:  αᵢ = ρᵢ sᵢᵀq,  q ← q − αᵢ yᵢ
//!           r = γ q;  oldest pair to newest:  βᵢ = ρᵢ yᵢᵀr,  r ← r + (αᵢ − βᵢ) sᵢ;   d = −r
//! curvature H stays positive definite, and d a descent direction, while every pair has
//!           sᵀy > 0; on a strictly convex f it always does. Backtracking does not impose it (the Wolfe
//!           curvature condition would), so on a nonconvex f a pair with sᵀy ≤ 0 empties the
//!           memory: the next step starts again from d = −γ∇f with γ = 1
//! ```
//!
//! The stopping test max |∇f| ≤ gtol is scipy's L-BFGS-B `gtol` (and so scikit-learn's `tol`
//! for `LogisticRegression(solver="lbfgs")`). Near the minimum f changes by less than its own
//! rounding, so a step may raise f by `SLACK` · max(1, |f|), a few ulps, and a step shorter than
//! `T_MIN` is taken as it is. scipy searches the line for the strong Wolfe conditions instead
//! (Moré–Thuente), so its iterates differ from these, not its minimum.
//!
//! References:
//! - Nocedal & Wright, *Numerical Optimization* (2nd ed., 2006): §3.1 (the Wolfe conditions;
//!   backtracking, Algorithm 3.1), §6.1 (BFGS, eq. 6.17; the curvature condition sᵀy > 0, eq.
//!   6.7), §7.2 (L-BFGS: Algorithm 7.4, the two-loop recursion; γ, eq. 7.20).
//! - Liu & Nocedal, "On the limited memory BFGS method for large scale optimization",
//!   Mathematical Programming 45 (1989).
//! - Armijo, "Minimization of functions having Lipschitz continuous first partial derivatives",
//!   Pacific J. Math. 16 (1966).
//! - SciPy: `scipy.optimize.minimize(method="L-BFGS-B")`, whose `maxcor` is m (default 10).

use std::collections::VecDeque;

use ndarray::{Array, Dimension, Zip};

/// c₁ of the Armijo condition.
const C1: f64 = 1e-4;
/// How far a step may raise f, relative to max(1, |f|): a few ulps, f's rounding near the minimum.
const SLACK: f64 = 1e-15;
/// A step t below this is taken without the Armijo condition (the search has stalled).
const T_MIN: f64 = 1e-10;

/// When a descent ends: max |∇f| ≤ `gtol`, or an error after `max_steps` steps.
#[derive(Debug, Clone, Copy)]
pub struct Stop {
    pub gtol: f64,
    pub max_steps: usize,
}

/// The minimiser x* and f before and after each step (steps + 1 values).
pub type Minimum<D> = (Array<f64, D>, Vec<f64>);

/// max |aᵢ|: the size of ∇f in the stopping test.
pub fn max_abs<D: Dimension>(a: &Array<f64, D>) -> f64 {
    a.fold(0.0, |m: f64, v| m.max(v.abs()))
}

/// aᵀb of two arrays of the same shape, element by element in memory order.
fn dot<D: Dimension>(a: &Array<f64, D>, b: &Array<f64, D>) -> f64 {
    Zip::from(a).and(b).fold(0.0, |s, a, b| s + a * b)
}

/// Descent from `x0`: each step along d = `direction(x, ∇f)`, its length t found by
/// backtracking (Armijo), until max |∇f| ≤ `stop.gtol`. `f` returns f(x) and ∇f(x).
pub fn descent<D: Dimension>(
    x0: Array<f64, D>,
    stop: Stop,
    mut f: impl FnMut(&Array<f64, D>) -> (f64, Array<f64, D>),
    mut direction: impl FnMut(&Array<f64, D>, &Array<f64, D>) -> Result<Array<f64, D>, String>,
) -> Result<Minimum<D>, String> {
    let mut x = x0;
    let (mut loss, mut g) = f(&x);
    let mut losses = vec![loss];
    while max_abs(&g) > stop.gtol {
        if losses.len() > stop.max_steps {
            let (size, steps) = (max_abs(&g), stop.max_steps);
            return Err(format!("max |∇f| = {size:e} > {:e} after {steps} steps", stop.gtol));
        }
        let d = direction(&x, &g)?;
        let (slope, mut t) = ((&g * &d).sum(), 1.0); // ∇f·d < 0
        loop {
            let next = &x + &(t * &d);
            let (next_loss, next_g) = f(&next);
            if next_loss <= loss + C1 * t * slope + SLACK * loss.abs().max(1.0) || t < T_MIN {
                (x, loss, g) = (next, next_loss, next_g);
                break;
            }
            t /= 2.0;
        }
        losses.push(loss);
    }
    Ok((x, losses))
}

/// L-BFGS from `x0` keeping the last `memory` pairs (s, y): [`descent`] along d = −H∇f, H
/// applied by the two-loop recursion (Nocedal & Wright, Algorithm 7.4); a pair with sᵀy ≤ 0
/// empties the memory.
pub fn minimise<D: Dimension>(
    x0: Array<f64, D>,
    stop: Stop,
    memory: usize,
    f: impl FnMut(&Array<f64, D>) -> (f64, Array<f64, D>),
) -> Result<Minimum<D>, String> {
    let (mut pairs, mut last) = (VecDeque::new(), None::<(Array<f64, D>, Array<f64, D>)>);
    descent(x0, stop, f, |x, g| {
        if let Some((x_0, g_0)) = last.replace((x.clone(), g.clone())) {
            let (s, y) = (x - &x_0, g - &g_0);
            if dot(&s, &y) > 0.0 {
                pairs.push_back((s, y)); // always, on a strictly convex f (barring rounding)
            } else {
                pairs.clear(); // a nonconvex stretch: start again from the gradient
            }
            if pairs.len() > memory {
                pairs.pop_front();
            }
        }
        let (mut q, mut alphas) = (g.clone(), Vec::new());
        for (s, y) in pairs.iter().rev() {
            let alpha = dot(s, &q) / dot(s, y);
            q.scaled_add(-alpha, y);
            alphas.push(alpha);
        }
        if let Some((s, y)) = pairs.back() {
            q *= dot(s, y) / dot(y, y);
        }
        for ((s, y), alpha) in pairs.iter().zip(alphas.into_iter().rev()) {
            let beta = dot(y, &q) / dot(s, y);
            q.scaled_add(alpha - beta, s);
        }
        Ok(-q)
    })
}

#[cfg(test)]
mod tests {
    use ndarray::{Array1, array};

    use super::*;

    /// f = (1 − x)² + 100 (y − x²)² and its gradient: a curved valley, minimum 0 at (1, 1).
    fn rosenbrock(p: &Array1<f64>) -> (f64, Array1<f64>) {
        let (x, y) = (p[0], p[1]);
        let f = (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2);
        (f, array![-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)])
    }

    /// A = tridiag(−1, 4, −1) (n, n), symmetric positive definite (diagonally dominant).
    fn tridiagonal(x: &Array1<f64>) -> Array1<f64> {
        let n = x.len();
        Array1::from_shape_fn(n, |i| {
            4.0 * x[i] - if i > 0 { x[i - 1] } else { 0.0 } - if i + 1 < n { x[i + 1] } else { 0.0 }
        })
    }

    /// f = ½ xᵀAx − bᵀx with b = A x_true, so that the closed form x* = A⁻¹b is x_true.
    fn quadratic(x_true: &Array1<f64>) -> impl Fn(&Array1<f64>) -> (f64, Array1<f64>) + '_ {
        let b = tridiagonal(x_true);
        move |x| {
            let ax = tridiagonal(x);
            (0.5 * x.dot(&ax) - b.dot(x), ax - &b)
        }
    }

    /// From (−1.2, 1) a step soon has sᵀy < 0; kept memory without that pair would creep along
    /// the valley (f falls by 0.003 a step), an emptied one gets there.
    #[test]
    fn lbfgs_finds_the_rosenbrock_minimum_from_the_classic_start() {
        let stop = Stop { gtol: 1e-10, max_steps: 200 };
        let (x, losses) = minimise(array![-1.2, 1.0], stop, 10, rosenbrock).unwrap();
        assert!((x[0] - 1.0).abs() < 1e-9 && (x[1] - 1.0).abs() < 1e-9, "{x}");
        assert!(losses.windows(2).all(|w| w[1] <= w[0] + SLACK), "f rose: {losses:?}");
        assert!(losses.len() - 1 <= 60, "{} steps", losses.len() - 1);
        assert!(max_abs(&rosenbrock(&x).1) <= 1e-10);
    }

    #[test]
    fn lbfgs_reaches_the_closed_form_minimum_of_a_convex_quadratic() {
        let x_true = Array1::from_shape_fn(30, |i| ((i * 7 % 11) as f64 - 5.0) / 3.0);
        let stop = Stop { gtol: 1e-12, max_steps: 100 };
        for memory in [1, 3, 10] {
            let (x, losses) =
                minimise(Array1::zeros(30), stop, memory, quadratic(&x_true)).unwrap();
            let error = max_abs(&(&x - &x_true));
            assert!(error < 1e-11, "m = {memory}: max |x − A⁻¹b| = {error:e}");
            // f* = −½ bᵀA⁻¹b = −½ x_trueᵀ A x_true.
            let f_star = -0.5 * x_true.dot(&tridiagonal(&x_true));
            assert!(
                (losses[losses.len() - 1] - f_star).abs() < 1e-12 * f_star.abs(),
                "m = {memory}"
            );
        }
    }

    /// Newton's direction on a quadratic, −A⁻¹∇f = x_true − x, reaches x* in one full step.
    #[test]
    fn descent_takes_the_full_newton_step_on_a_quadratic() {
        let x_true = array![1.0, -2.0, 0.5];
        let stop = Stop { gtol: 1e-12, max_steps: 5 };
        let newton = |x: &Array1<f64>, _: &Array1<f64>| Ok(&x_true - x);
        let (x, losses) = descent(Array1::zeros(3), stop, quadratic(&x_true), newton).unwrap();
        assert_eq!((x, losses.len()), (x_true.clone(), 2));
    }

    #[test]
    fn a_descent_that_runs_out_of_steps_says_how_far_it_got() {
        let stop = Stop { gtol: 1e-10, max_steps: 3 };
        let err = minimise(array![-1.2, 1.0], stop, 10, rosenbrock).unwrap_err();
        assert!(err.contains("after 3 steps"), "{err}");
    }
}
