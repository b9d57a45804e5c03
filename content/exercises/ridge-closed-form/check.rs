use llmpath_checker::ndarray::{Array1, Array2, array};
use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::proptest::sample::select;
use llmpath_checker::{Check, Verdict, all_close, close, property, reference, say, shape};

const CHECKS: &[Check] = &[
    Check {
        zh: "solve_spd 解一个 2×2 对称正定方程组",
        en: "solve_spd solves a 2×2 symmetric positive-definite system",
        run: solve_small,
    },
    Check {
        zh: "solve_spd 在随机对称正定矩阵上满足 A x = b",
        en: "solve_spd satisfies A x = b for random symmetric positive-definite A",
        run: solve_random,
    },
    Check {
        zh: "α = 0 时岭回归等于普通最小二乘",
        en: "with α = 0, ridge equals ordinary least squares",
        run: alpha_zero_is_ols,
    },
    Check {
        zh: "岭回归的最优性条件成立：Σ 残差 = 0，Xᵀ(y − ŷ) = α w",
        en: "the ridge optimality conditions hold: Σ residuals = 0 and Xᵀ(y − ŷ) = α w",
        run: ridge_normal_equations,
    },
    Check {
        zh: "α 增大时系数单调收缩并趋于 0",
        en: "the coefficients shrink monotonically towards 0 as α grows",
        run: shrinkage,
    },
    Check {
        zh: "截距不受惩罚：α 很大时 b → ȳ，y 平移 c 时只有 b 改变",
        en: "the intercept is not penalised: b → ȳ for huge α, and shifting y by c moves only b",
        run: intercept_unpenalised,
    },
];

/// Multiples of 1/4 in [−10, 10]: they read well in a diagnosis and shrink to 0.
fn quarter() -> impl Strategy<Value = f64> {
    (-40i32..=40).prop_map(|k| f64::from(k) / 4.0)
}

fn matrix(rows: &[Vec<f64>]) -> Array2<f64> {
    Array2::from_shape_fn((rows.len(), rows[0].len()), |(i, j)| rows[i][j])
}

/// Random problems: x (n, d) with d < 4 and n ≥ d + 2, y (n,).
fn problems() -> impl Strategy<Value = (Vec<Vec<f64>>, Vec<f64>)> {
    // Fixed-size draws cut to size (prop_map, not prop_flat_map: a failure shrinks in few steps).
    (
        1..4usize,
        2..6usize,
        vec(vec(quarter(), 3), 8),
        vec(quarter(), 8),
    )
        .prop_map(|(d, extra, rows, y)| {
            let n = d + extra;
            let x = rows[..n].iter().map(|row| row[..d].to_vec()).collect();
            (x, y[..n].to_vec())
        })
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// The Cholesky factor L of a symmetric positive-definite A, column by column.
fn cholesky(a: &Array2<f64>) -> Array2<f64> {
    let k = a.nrows();
    let mut l = Array2::zeros((k, k));
    for j in 0..k {
        let d = a[[j, j]] - (0..j).map(|p| l[[j, p]] * l[[j, p]]).sum::<f64>();
        l[[j, j]] = d.sqrt();
        for i in j + 1..k {
            let s = a[[i, j]] - (0..j).map(|p| l[[i, p]] * l[[j, p]]).sum::<f64>();
            l[[i, j]] = s / l[[j, j]];
        }
    }
    l
}

/// The diagnosis of a wrong solve: the residual, or "only the forward half".
fn solve_verdict(a: &Array2<f64>, b: &[f64], x: &[f64]) -> Verdict {
    let k = b.len();
    shape("solve_spd(A, b)", &[x.len()], &[k])?;
    let residual: Vec<f64> = (0..k)
        .map(|i| (0..k).map(|j| a[[i, j]] * x[j]).sum::<f64>() - b[i])
        .collect();
    let scale = 1.0 + norm(b) + a.iter().map(|v| v.abs()).sum::<f64>() * norm(x);
    let Some(i) = residual.iter().position(|e| !(e.abs() <= 1e-12 * scale)) else {
        return Ok(());
    };
    let l = cholesky(a);
    let mut z = vec![0.0; k];
    for r in 0..k {
        z[r] = (b[r] - (0..r).map(|j| l[[r, j]] * z[j]).sum::<f64>()) / l[[r, r]];
    }
    let hint = if all_close(x, &z, 1e-9, 1e-12).is_none() {
        say(
            "x 只满足 L z = b：还要再解 Lᵀ x = z（回代）",
            "x only solves L z = b: Lᵀ x = z (back substitution) still has to follow",
        )
    } else {
        say(
            "检查 L 的公式，以及两次三角求解各自的方向",
            "check the formula for L, and the direction of each triangular solve",
        )
    };
    Err(say(
        format!(
            "x = {x:?}，A x − b 的第 {i} 行为 {:.3e}：{hint}",
            residual[i]
        ),
        format!(
            "x = {x:?}, and row {i} of A x − b is {:.3e}: {hint}",
            residual[i]
        ),
    ))
}

fn solve_small() -> Verdict {
    let a = array![[4.0, 2.0], [2.0, 3.0]];
    let b = [4.0, 5.0];
    let x = learner::solve_spd(&a, &b);
    solve_verdict(&a, &b, &x).map_err(|e| {
        say(
            format!("A = [[4, 2], [2, 3]]，b = [4, 5]：{e}"),
            format!("A = [[4, 2], [2, 3]], b = [4, 5]: {e}"),
        )
    })
}

fn solve_random() -> Verdict {
    let systems =
        (1..6usize, vec(vec(quarter(), 5), 5), vec(quarter(), 5)).prop_map(|(k, m, b)| {
            let m: Vec<Vec<f64>> = m[..k].iter().map(|row| row[..k].to_vec()).collect();
            (m, b[..k].to_vec())
        });
    property(systems, |(m, b)| {
        // A = MᵀM + I is symmetric positive definite for any M.
        let m = matrix(&m);
        let mut a = m.t().dot(&m);
        a.diag_mut().mapv_inplace(|v| v + 1.0);
        let x = learner::solve_spd(&a, &b);
        solve_verdict(&a, &b, &x).map_err(|e| {
            let rows: Vec<Vec<f64>> = a.rows().into_iter().map(|r| r.to_vec()).collect();
            say(format!("A = {rows:?}：{e}"), format!("A = {rows:?}: {e}"))
        })
    })
}
/// Ordinary least squares on [1 X] (Householder reflections), and min |Rₖₖ| / max |Rₖₖ|
/// (tiny when the columns are nearly dependent).
fn ols(x: &Array2<f64>, y: &[f64]) -> (Vec<f64>, f64) {
    let (n, d) = x.dim();
    let ones_x = Array2::from_shape_fn(
        (n, d + 1),
        |(i, j)| if j == 0 { 1.0 } else { x[[i, j - 1]] },
    );
    reference::householder_least_squares(&ones_x, y)
}

fn fitted(x: &Array2<f64>, y: &[f64], alpha: f64) -> Result<learner::LinearFit, String> {
    let fit = learner::ridge(x, y, alpha);
    shape("ridge(x, y, α).coef", &[fit.coef.len()], &[x.ncols()])?;
    Ok(fit)
}

fn alpha_zero_is_ols() -> Verdict {
    property(problems(), |(rows, y)| {
        let x = matrix(&rows);
        let (theta, rank) = ols(&x, &y);
        if rank < 1e-3 {
            return Ok(()); // (nearly) dependent columns: least squares has no unique answer
        }
        let fit = fitted(&x, &y, 0.0)?;
        let mut yours = vec![fit.intercept];
        yours.extend(&fit.coef);
        match all_close(&yours, &theta, 1e-7, 1e-9) {
            None => Ok(()),
            Some(0) => Err(say(
                format!(
                    "α = 0：截距为 {}，最小二乘的截距是 {}：X 和 y 都中心化了吗？b = ȳ − x̄·w",
                    fit.intercept, theta[0]
                ),
                format!(
                    "α = 0: the intercept is {}, least squares gives {}: are both X and y centred? b = ȳ − x̄·w",
                    fit.intercept, theta[0]
                ),
            )),
            Some(j) => Err(say(
                format!(
                    "α = 0：coef[{}] 为 {}，最小二乘给出 {}：X 和 y 都中心化了吗？",
                    j - 1,
                    yours[j],
                    theta[j]
                ),
                format!(
                    "α = 0: coef[{}] is {}, least squares gives {}: are both X and y centred?",
                    j - 1,
                    yours[j],
                    theta[j]
                ),
            )),
        }
    })
}

fn ridge_normal_equations() -> Verdict {
    let cases = (problems(), select(vec![0.25, 1.0, 4.0, 16.0]));
    property(cases, |((rows, y), alpha)| {
        let x = matrix(&rows);
        let n = x.nrows() as f64;
        let fit = fitted(&x, &y, alpha)?;
        let w = Array1::from(fit.coef.clone());
        let y_hat = x.dot(&w) + fit.intercept;
        let r: Vec<f64> = y.iter().zip(&y_hat).map(|(y, p)| y - p).collect();
        let size = 1.0
            + y.iter()
                .zip(&y_hat)
                .map(|(y, p)| y.abs() + p.abs())
                .sum::<f64>();
        let sum: f64 = r.iter().sum();
        if !(sum.abs() <= 1e-9 * size) {
            return Err(say(
                format!(
                    "α = {alpha}：残差之和为 {sum:.3e}，不为 0。截距不受惩罚时它的最优性条件就是 Σ(yᵢ − ŷᵢ) = 0：截距被惩罚了，或者 X、y 没有中心化？"
                ),
                format!(
                    "α = {alpha}: the residuals sum to {sum:.3e}, not 0. With an unpenalised intercept its optimality condition is Σ(yᵢ − ŷᵢ) = 0: is the intercept penalised, or are X and y not centred?"
                ),
            ));
        }
        for (j, column) in x.columns().into_iter().enumerate() {
            let xtr: f64 = column.iter().zip(&r).map(|(x, r)| x * r).sum();
            let wj = fit.coef[j];
            let size = 1.0
                + column
                    .iter()
                    .zip(y.iter().zip(&y_hat))
                    .map(|(x, (y, p))| x.abs() * (y.abs() + p.abs()))
                    .sum::<f64>()
                + alpha * wj.abs();
            if (xtr - alpha * wj).abs() <= 1e-9 * size {
                continue;
            }
            let hint = if close(xtr, n * alpha * wj, 1e-6, 1e-9) {
                say(
                    "左边是 n·α·wⱼ：惩罚项用了 α·n。这里的损失是平方和（不是均值），对角线上只加 α",
                    "the left side is n·α·wⱼ: the penalty used α·n. The loss here is a sum of squares (not a mean): add just α to the diagonal",
                )
            } else {
                say(
                    "这是 ‖y − b − Xw‖² + α‖w‖² 对 wⱼ 的导数为 0 的条件：检查 X̃ᵀX̃ + αI 和右边的 X̃ᵀỹ",
                    "this is ‖y − b − Xw‖² + α‖w‖² having zero derivative in wⱼ: check X̃ᵀX̃ + αI and the right side X̃ᵀỹ",
                )
            };
            return Err(say(
                format!(
                    "α = {alpha}：第 {j} 列与残差的内积为 {xtr:.6}，α·w[{j}] = {:.6}，两者应相等：{hint}",
                    alpha * wj
                ),
                format!(
                    "α = {alpha}: column {j} · residuals is {xtr:.6} but α·w[{j}] = {:.6}; they should be equal: {hint}",
                    alpha * wj
                ),
            ));
        }
        Ok(())
    })
}

fn shrinkage() -> Verdict {
    let alphas = [0.01, 0.1, 1.0, 10.0, 100.0, 1e3, 1e8];
    property(problems(), |(rows, y)| {
        let x = matrix(&rows);
        let mut norms = Vec::new();
        for alpha in alphas {
            norms.push(norm(&fitted(&x, &y, alpha)?.coef));
        }
        if norms[0] < 1e-6 {
            return Ok(()); // y does not depend on x at all: nothing to shrink
        }
        if let Some(k) =
            (1..alphas.len()).find(|&k| !(norms[k] <= norms[k - 1] * (1.0 + 1e-9) + 1e-12))
        {
            return Err(say(
                format!(
                    "α 从 {} 增大到 {} 时 ‖w‖ 从 {:.6} 变为 {:.6}：惩罚越强，系数应越小",
                    alphas[k - 1],
                    alphas[k],
                    norms[k - 1],
                    norms[k]
                ),
                format!(
                    "as α grows from {} to {}, ‖w‖ goes from {:.6} to {:.6}: a stronger penalty must give smaller coefficients",
                    alphas[k - 1],
                    alphas[k],
                    norms[k - 1],
                    norms[k]
                ),
            ));
        }
        let last = norms[alphas.len() - 1];
        match last <= 1e-4 * norms[0] {
            true => Ok(()),
            false => Err(say(
                format!(
                    "α = 1e8 时 ‖w‖ 仍为 {last:.6}（α = 0.01 时为 {:.6}）：应趋于 0",
                    norms[0]
                ),
                format!(
                    "at α = 1e8, ‖w‖ is still {last:.6} ({:.6} at α = 0.01): it should go to 0",
                    norms[0]
                ),
            )),
        }
    })
}

fn intercept_unpenalised() -> Verdict {
    property((problems(), quarter()), |((rows, y), c)| {
        let x = matrix(&rows);
        let y_mean = y.iter().sum::<f64>() / y.len() as f64;
        let huge = fitted(&x, &y, 1e12)?;
        if !close(huge.intercept, y_mean, 1e-6, 1e-6) {
            let hint = if huge.intercept.abs() < 1e-3 * (1.0 + y_mean.abs()) {
                say(
                    "截距也被压到了 0：它被惩罚了。只惩罚 w：先中心化，再由 b = ȳ − x̄·w 求 b",
                    "the intercept was shrunk to 0 too: it is being penalised. Penalise w only: centre first, then b = ȳ − x̄·w",
                )
            } else {
                say("w → 0 时应有 b = ȳ − x̄·w → ȳ", "as w → 0, b = ȳ − x̄·w → ȳ")
            };
            return Err(say(
                format!(
                    "α = 1e12：截距为 {}，y 的均值为 {y_mean}：{hint}",
                    huge.intercept
                ),
                format!(
                    "α = 1e12: the intercept is {}, the mean of y is {y_mean}: {hint}",
                    huge.intercept
                ),
            ));
        }
        let fit = fitted(&x, &y, 1.0)?;
        let shifted: Vec<f64> = y.iter().map(|v| v + c).collect();
        let moved = fitted(&x, &shifted, 1.0)?;
        if !close(moved.intercept, fit.intercept + c, 1e-8, 1e-8)
            || all_close(&moved.coef, &fit.coef, 1e-8, 1e-8).is_some()
        {
            return Err(say(
                format!(
                    "α = 1：y 加上 {c} 后截距从 {} 变为 {}、系数从 {:?} 变为 {:?}：应只有截距增加 {c}",
                    fit.intercept, moved.intercept, fit.coef, moved.coef
                ),
                format!(
                    "α = 1: adding {c} to y moves the intercept from {} to {} and the coefficients from {:?} to {:?}: only the intercept should move, by {c}",
                    fit.intercept, moved.intercept, fit.coef, moved.coef
                ),
            ));
        }
        Ok(())
    })
}
