use llmpath_checker::ndarray::{Array1, Array2, array};
use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::{Check, Verdict, all_close, close, property, reference, say, shape};

const CHECKS: &[Check] = &[
    Check {
        zh: "back_substitute 解一个 3×3 上三角方程组",
        en: "back_substitute solves a 3×3 upper-triangular system",
        run: back_substitution_small,
    },
    Check {
        zh: "back_substitute 在随机上三角方程组上满足 R x = b",
        en: "back_substitute satisfies R x = b on random upper-triangular systems",
        run: back_substitution_random,
    },
    Check {
        zh: "least_squares 的解满足正规方程 Aᵀ(y − Aθ) = 0",
        en: "least_squares satisfies the normal equations Aᵀ(y − Aθ) = 0",
        run: normal_equations,
    },
    Check {
        zh: "fit 在无噪声数据上精确还原截距和系数",
        en: "fit recovers the intercept and coefficients exactly from noiseless data",
        run: exact_recovery,
    },
    Check {
        zh: "fit 在随机问题上与参考解（Householder QR）一致",
        en: "fit agrees with a reference solver (Householder QR) on random problems",
        run: agrees_with_reference,
    },
    Check {
        zh: "截距：残差之和为 0，y 整体平移 c 只改变截距",
        en: "the intercept: residuals sum to 0, and shifting y by c shifts only the intercept",
        run: intercept,
    },
    Check {
        zh: "几乎共线的列（κ ≈ 8·10⁶）仍精确到 1e-6",
        en: "nearly collinear columns (κ ≈ 8·10⁶) are still solved to 1e-6",
        run: ill_conditioned,
    },
];

/// Multiples of 1/4 in [−5, 5]: they read well in a diagnosis and shrink to 0 in a few steps.
fn quarter() -> impl Strategy<Value = f64> {
    (-20i32..=20).prop_map(|k| f64::from(k) / 4.0)
}

fn matrix(rows: &[Vec<f64>]) -> Array2<f64> {
    Array2::from_shape_fn((rows.len(), rows[0].len()), |(i, j)| rows[i][j])
}

fn with_ones(x: &Array2<f64>) -> Array2<f64> {
    let (n, d) = x.dim();
    Array2::from_shape_fn(
        (n, d + 1),
        |(i, j)| if j == 0 { 1.0 } else { x[[i, j - 1]] },
    )
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// The diagnosis of a wrong back substitution: which unknown, and what the pattern suggests.
fn back_substitution_verdict(r: &Array2<f64>, b: &[f64], x: &[f64]) -> Verdict {
    let k = b.len();
    shape("back_substitute(R, b)", &[x.len()], &[k])?;
    let residual: Vec<f64> = (0..k)
        .map(|i| (0..k).map(|j| r[[i, j]] * x[j]).sum::<f64>() - b[i])
        .collect();
    let scale = 1.0 + norm(b);
    let Some(i) = residual.iter().rposition(|e| e.abs() > 1e-10 * scale) else {
        return Ok(());
    };
    let hint = if i == k - 1 && x[i] == 0.0 {
        say(
            "最后一个未知数还是 0：回代从最后一行 i = k − 1 开始",
            "the last unknown is still 0: back substitution starts at the last row, i = k − 1",
        )
    } else if i < k - 1 {
        say(
            "这一行的对角元之后的项不对：只用第 i 行、第 i 列右边的 Rᵢⱼ（j > i）和已求出的 xⱼ",
            "the terms right of the diagonal are wrong: use row i's entries Rᵢⱼ with j > i and the x's already found",
        )
    } else {
        say("xᵢ = bᵢ / Rᵢᵢ 对最后一行", "for the last row xᵢ = bᵢ / Rᵢᵢ")
    };
    Err(say(
        format!(
            "x = {x:?}，R x − b 的第 {i} 行为 {:.3e}：{hint}",
            residual[i]
        ),
        format!(
            "x = {x:?}, and row {i} of R x − b is {:.3e}: {hint}",
            residual[i]
        ),
    ))
}

fn back_substitution_small() -> Verdict {
    let r = array![[2.0, 1.0, -1.0], [0.0, 4.0, 2.0], [0.0, 0.0, 0.5]];
    let b = [1.0, 2.0, 3.0];
    let x = learner::back_substitute(&r, &b);
    back_substitution_verdict(&r, &b, &x).map_err(|e| {
        say(
            format!("R = [[2, 1, −1], [0, 4, 2], [0, 0, 0.5]]，b = [1, 2, 3]：{e}"),
            format!("R = [[2, 1, −1], [0, 4, 2], [0, 0, 0.5]], b = [1, 2, 3]: {e}"),
        )
    })
}

fn back_substitution_random() -> Verdict {
    let diagonal = (4i32..=16, any::<bool>())
        .prop_map(|(k, negative)| f64::from(if negative { -k } else { k }) / 4.0);
    // Fixed-size draws cut to k × k (prop_map, not prop_flat_map: it shrinks in few steps).
    let systems = (
        1..6usize,
        vec(vec(quarter(), 5), 5),
        vec(diagonal, 5),
        vec(quarter(), 5),
    )
        .prop_map(|(k, m, diagonal, b)| {
            let r: Vec<Vec<f64>> = (0..k)
                .map(|i| {
                    (0..k)
                        .map(|j| {
                            if j < i {
                                0.0
                            } else if j == i {
                                diagonal[i]
                            } else {
                                m[i][j]
                            }
                        })
                        .collect()
                })
                .collect();
            (r, b[..k].to_vec())
        });
    property(systems, |(r, b)| {
        let r = matrix(&r);
        let x = learner::back_substitute(&r, &b);
        back_substitution_verdict(&r, &b, &x)
    })
}

/// Random problems: x (n, d) with d < 4 and n ≥ d + 2, y (n,). Fixed-size draws cut to size
/// (prop_map, not prop_flat_map, so a failure shrinks in few steps).
fn problems() -> impl Strategy<Value = (Vec<Vec<f64>>, Vec<f64>)> {
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

fn normal_equations() -> Verdict {
    property(problems(), |(rows, y)| {
        let a = matrix(&rows);
        let (_, rank) = reference::householder_least_squares(&a, &y);
        if rank < 1e-3 {
            return Ok(()); // (nearly) dependent columns: no unique answer to test
        }
        let theta = learner::least_squares(&a, &y);
        shape("least_squares(A, y)", &[theta.len()], &[a.ncols()])?;
        let residual = Array1::from(y.clone()) - a.dot(&Array1::from(theta.clone()));
        let at_r = a.t().dot(&residual);
        let tolerance = 1e-9 * (1.0 + norm(&y)) * a.iter().map(|v| v.abs()).fold(1.0, f64::max);
        match at_r.iter().position(|v| !(v.abs() <= tolerance)) {
            None => Ok(()),
            Some(j) => Err(say(
                format!(
                    "θ = {theta:?}：残差 y − Aθ 与第 {j} 列的内积为 {:.3e}，不为 0，所以 θ 不是最小二乘解",
                    at_r[j]
                ),
                format!(
                    "θ = {theta:?}: the residual y − Aθ has dot product {:.3e} with column {j}, not 0, so θ is not the least-squares solution",
                    at_r[j]
                ),
            )),
        }
    })
}

fn exact_recovery() -> Verdict {
    let cases = (problems(), quarter(), vec(quarter(), 3)).prop_map(|((rows, _), b, w)| {
        let d = rows[0].len();
        (rows, b, w[..d].to_vec())
    });
    property(cases, |(rows, b, w)| {
        let x = matrix(&rows);
        let (_, rank) = reference::householder_least_squares(&with_ones(&x), &vec![0.0; x.nrows()]);
        if rank < 1e-3 {
            return Ok(());
        }
        let y: Vec<f64> = x
            .rows()
            .into_iter()
            .map(|row| b + row.dot(&Array1::from(w.clone())))
            .collect();
        let fit = learner::fit(&x, &y);
        shape("fit(x, y).coef", &[fit.coef.len()], &[w.len()])?;
        if !close(fit.intercept, b, 1e-9, 1e-9) {
            let hint = if fit.intercept == 0.0 {
                say(
                    "截距为 0：是否忘了在 X 前面加一列 1？",
                    "The intercept is 0: did you forget the column of ones in front of X?",
                )
            } else {
                String::new()
            };
            return Err(say(
                format!(
                    "y = {b} + X·{w:?} 没有噪声，fit 给出截距 {}。{hint}",
                    fit.intercept
                ),
                format!(
                    "y = {b} + X·{w:?} has no noise, yet fit gives intercept {}. {hint}",
                    fit.intercept
                ),
            ));
        }
        match all_close(&fit.coef, &w, 1e-9, 1e-9) {
            None => Ok(()),
            Some(j) => Err(say(
                format!(
                    "y = {b} + X·{w:?} 没有噪声，fit 给出 coef[{j}] = {}",
                    fit.coef[j]
                ),
                format!(
                    "y = {b} + X·{w:?} has no noise, yet fit gives coef[{j}] = {}",
                    fit.coef[j]
                ),
            )),
        }
    })
}

fn agrees_with_reference() -> Verdict {
    property(problems(), |(rows, y)| {
        let x = matrix(&rows);
        let (theta, rank) = reference::householder_least_squares(&with_ones(&x), &y);
        if rank < 1e-3 {
            return Ok(());
        }
        let fit = learner::fit(&x, &y);
        shape("fit(x, y).coef", &[fit.coef.len()], &[x.ncols()])?;
        if !close(fit.intercept, theta[0], 1e-8, 1e-9) {
            return Err(say(
                format!("截距为 {}，参考解为 {}", fit.intercept, theta[0]),
                format!(
                    "the intercept is {}, the reference gives {}",
                    fit.intercept, theta[0]
                ),
            ));
        }
        match all_close(&fit.coef, &theta[1..], 1e-8, 1e-9) {
            None => Ok(()),
            Some(j) => Err(say(
                format!("coef[{j}] 为 {}，参考解为 {}", fit.coef[j], theta[1 + j]),
                format!(
                    "coef[{j}] is {}, the reference gives {}",
                    fit.coef[j],
                    theta[1 + j]
                ),
            )),
        }
    })
}

fn intercept() -> Verdict {
    property((problems(), quarter()), |((rows, y), c)| {
        let x = matrix(&rows);
        let (_, rank) = reference::householder_least_squares(&with_ones(&x), &y);
        if rank < 1e-3 {
            return Ok(());
        }
        let fit = learner::fit(&x, &y);
        shape("fit(x, y).coef", &[fit.coef.len()], &[x.ncols()])?;
        let y_hat = x.dot(&Array1::from(fit.coef.clone())) + fit.intercept;
        let sum: f64 = y.iter().zip(&y_hat).map(|(y, p)| y - p).sum();
        if !close(sum, 0.0, 0.0, 1e-8 * (1.0 + norm(&y))) {
            return Err(say(
                format!(
                    "残差之和为 {sum:.3e}：有截距时它的正规方程是 Σ(yᵢ − ŷᵢ) = 0。截距是否作为 X 前的一列 1 一起求解？"
                ),
                format!(
                    "the residuals sum to {sum:.3e}: with an intercept, its normal equation is Σ(yᵢ − ŷᵢ) = 0. Is the intercept solved for as a column of ones in front of X?"
                ),
            ));
        }
        let shifted: Vec<f64> = y.iter().map(|v| v + c).collect();
        let moved = learner::fit(&x, &shifted);
        if !close(moved.intercept, fit.intercept + c, 1e-8, 1e-8)
            || all_close(&moved.coef, &fit.coef, 1e-8, 1e-8).is_some()
        {
            return Err(say(
                format!(
                    "y 加上 {c} 后截距从 {} 变为 {}、系数从 {:?} 变为 {:?}：应只有截距增加 {c}",
                    fit.intercept, moved.intercept, fit.coef, moved.coef
                ),
                format!(
                    "adding {c} to y moves the intercept from {} to {} and the coefficients from {:?} to {:?}: only the intercept should move, by {c}",
                    fit.intercept, moved.intercept, fit.coef, moved.coef
                ),
            ));
        }
        Ok(())
    })
}

fn ill_conditioned() -> Verdict {
    // Columns 0 and 1 differ by 1e-6·cos: κ([1 X]) ≈ 7.7e6. QR (Householder or modified
    // Gram–Schmidt) recovers θ to ~1e-9; the normal equations, with κ² ≈ 6e13, to ~1e-2.
    let n = 30;
    let x = Array2::from_shape_fn((n, 3), |(i, j)| {
        let t = i as f64;
        match j {
            0 => 3.0 * (1.3 * t + 0.5).sin(),
            1 => 3.0 * (1.3 * t + 0.5).sin() + 1e-6 * (2.1 * t).cos(),
            _ => 2.0 * (0.7 * t * t + 1.0).sin(),
        }
    });
    let (b, w) = (1.5, [2.0, -1.0, 0.5]);
    let y: Vec<f64> = x
        .rows()
        .into_iter()
        .map(|row| b + row.dot(&Array1::from(w.to_vec())))
        .collect();
    let fit = learner::fit(&x, &y);
    shape("fit(x, y).coef", &[fit.coef.len()], &[3])?;
    let mut error = (fit.intercept - b).abs();
    for (yours, truth) in fit.coef.iter().zip(w) {
        error = error.max((yours - truth).abs());
    }
    match error <= 1e-6 {
        true => Ok(()),
        false => Err(say(
            format!(
                "x₁ = x₀ + 10⁻⁶·cos(2.1 i)，y = 1.5 + X·[2, −1, 0.5] 没有噪声，你的 θ 偏离了 {error:.1e}：构造 XᵀX 会把条件数平方（≈ 6·10¹³），事后用 Gram–Schmidt 的 Q 去乘 y 也一样（那个 Q 只正交到约 κ·10⁻¹⁶）：把 Householder 反射也作用在 y 上，或对 [1 X y] 做修正 Gram–Schmidt"
            ),
            format!(
                "x₁ = x₀ + 10⁻⁶·cos(2.1 i) and y = 1.5 + X·[2, −1, 0.5] has no noise, but your θ is off by {error:.1e}: forming XᵀX squares the condition number (≈ 6·10¹³), and so does multiplying y by a Gram–Schmidt Q afterwards (it is only orthogonal to ~κ·10⁻¹⁶): apply the Householder reflections to y too, or run modified Gram–Schmidt on [1 X y]"
            ),
        )),
    }
}
