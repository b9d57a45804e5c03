use llmpath_checker::ndarray::{Array2, array};
use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::rand::rngs::StdRng;
use llmpath_checker::rand::{Rng, SeedableRng};
use llmpath_checker::{Check, Verdict, all_close, close, gradient, property, say, shape};

const CHECKS: &[Check] = &[
    Check {
        zh: "mse 在一个手算的小例子上正确",
        en: "mse is right on a small case worked by hand",
        run: mse_small,
    },
    Check {
        zh: "mse 在随机输入上等于 (1/n) Σ(ŷᵢ − yᵢ)²",
        en: "mse equals (1/n) Σ(ŷᵢ − yᵢ)² on random inputs",
        run: mse_random,
    },
    Check {
        zh: "梯度 (∂L/∂b, ∂L/∂w) 与有限差分一致",
        en: "the gradient (∂L/∂b, ∂L/∂w) matches finite differences",
        run: gradient_check,
    },
    Check {
        zh: "fit_gd 前几轮的损失与参数与逐步参照一致",
        en: "fit_gd's first epochs match a step-by-step reference, loss by loss",
        run: trajectory,
    },
    Check {
        zh: "标准化数据上 200 轮内收敛到最小二乘解，损失不增",
        en: "on standardised data it reaches the least-squares solution within 200 epochs, the loss never rising",
        run: converges,
    },
];

/// Multiples of 1/4 in [−2, 2] for X (small, so a step of η = 0.05 stays stable) and in
/// [−10, 10] for y and the parameters.
fn small() -> impl Strategy<Value = f64> {
    (-8i32..=8).prop_map(|k| f64::from(k) / 4.0)
}
fn quarter() -> impl Strategy<Value = f64> {
    (-40i32..=40).prop_map(|k| f64::from(k) / 4.0)
}

fn matrix(rows: &[Vec<f64>]) -> Array2<f64> {
    Array2::from_shape_fn((rows.len(), rows[0].len()), |(i, j)| rows[i][j])
}

/// x (n, d), y (n,), and a point θ = (b, w).
type Problem = (Vec<Vec<f64>>, Vec<f64>, f64, Vec<f64>);

fn problems() -> impl Strategy<Value = Problem> {
    // Fixed-width draws cut to d columns (prop_map, not prop_flat_map: a failure shrinks in few
    // steps); the rows shrink by being dropped.
    (
        1..4usize,
        vec((vec(small(), 3), quarter()), 1..8),
        quarter(),
        vec(quarter(), 3),
    )
        .prop_map(|(d, data, b, w)| {
            let (rows, y) = data
                .into_iter()
                .map(|(row, y)| (row[..d].to_vec(), y))
                .unzip();
            (rows, y, b, w[..d].to_vec())
        })
}

/// The reference loss, one row at a time.
fn loss(x: &Array2<f64>, y: &[f64], b: f64, w: &[f64]) -> f64 {
    let squares: f64 = x
        .rows()
        .into_iter()
        .zip(y)
        .map(|(row, y)| {
            let y_hat = b + row.iter().zip(w).map(|(x, w)| x * w).sum::<f64>();
            (y_hat - y) * (y_hat - y)
        })
        .sum();
    squares / y.len() as f64
}

/// What a wrong loss looks like next to the right one.
fn loss_hint(yours: f64, expected: f64, n: usize) -> String {
    let n = n as f64;
    if n > 1.0 && close(yours, expected * n, 1e-9, 1e-12) {
        say(
            "大了 n 倍：求和之后还要除以 n（均值）",
            "it is n times too large: the sum still needs dividing by n (a mean)",
        )
    } else if close(yours, expected / 2.0, 1e-9, 1e-12) {
        say(
            "是应有值的一半：这里的 MSE 没有 ½",
            "it is half the right value: this MSE has no ½",
        )
    } else if close(yours, expected.sqrt(), 1e-9, 1e-12) {
        say(
            "这是 RMSE：MSE 不开平方根",
            "that is the RMSE: the MSE has no square root",
        )
    } else {
        say(
            "应为 (1/n) Σ(b + xᵢ·w − yᵢ)²",
            "it should be (1/n) Σ(b + xᵢ·w − yᵢ)²",
        )
    }
}

fn mse_small() -> Verdict {
    // ŷ = 0.5 + x = [1.5, 2.5, 3.5]; residuals −0.5, −0.5, −1.5; (0.25 + 0.25 + 2.25)/3.
    let x = array![[1.0], [2.0], [3.0]];
    let yours = learner::mse(&x, &[2.0, 3.0, 5.0], 0.5, &[1.0]);
    let expected = 2.75 / 3.0;
    match close(yours, expected, 1e-12, 0.0) {
        true => Ok(()),
        false => Err(say(
            format!(
                "x = [1, 2, 3]，y = [2, 3, 5]，b = 0.5，w = [1]：你的 MSE 为 {yours}，应为 {expected:.6}：{}",
                loss_hint(yours, expected, 3)
            ),
            format!(
                "x = [1, 2, 3], y = [2, 3, 5], b = 0.5, w = [1]: your MSE is {yours}, expected {expected:.6}: {}",
                loss_hint(yours, expected, 3)
            ),
        )),
    }
}

fn mse_random() -> Verdict {
    property(problems(), |(rows, y, b, w)| {
        let x = matrix(&rows);
        let (yours, expected) = (learner::mse(&x, &y, b, &w), loss(&x, &y, b, &w));
        match close(yours, expected, 1e-10, 1e-12) {
            true => Ok(()),
            false => Err(say(
                format!(
                    "MSE 为 {yours}，应为 {expected}：{}",
                    loss_hint(yours, expected, y.len())
                ),
                format!(
                    "the MSE is {yours}, expected {expected}: {}",
                    loss_hint(yours, expected, y.len())
                ),
            )),
        }
    })
}

fn gradient_check() -> Verdict {
    // Three rows or more: with one, "n times too large" is right, and with two it reads as a 2.
    let cases = problems().prop_filter("three rows or more", |(rows, ..)| rows.len() >= 3);
    property(cases, |(rows, y, b, w)| {
        let x = matrix(&rows);
        let (db, dw) = learner::mse_gradient(&x, &y, b, &w);
        shape("∂L/∂w", &[dw.len()], &[w.len()])?;
        let mut theta = vec![b];
        theta.extend(&w);
        let mut yours = vec![db];
        yours.extend(&dw);
        gradient("∇L", |t| loss(&x, &y, t[0], &t[1..]), &theta, &yours).map_err(|e| {
            say(
                format!("∇L = (∂L/∂b, ∂L/∂w₀, ∂L/∂w₁, …)。{e}"),
                format!("∇L = (∂L/∂b, ∂L/∂w₀, ∂L/∂w₁, …). {e}"),
            )
        })
    })
}

/// `epochs` steps of batch gradient descent from 0, the gradient written out per component.
fn reference_gd(x: &Array2<f64>, y: &[f64], eta: f64, epochs: usize) -> (f64, Vec<f64>, Vec<f64>) {
    let n = y.len() as f64;
    let (mut b, mut w) = (0.0, vec![0.0; x.ncols()]);
    let mut losses = Vec::new();
    for _ in 0..epochs {
        losses.push(loss(x, y, b, &w));
        let r: Vec<f64> = x
            .rows()
            .into_iter()
            .zip(y)
            .map(|(row, y)| b + row.iter().zip(&w).map(|(x, w)| x * w).sum::<f64>() - y)
            .collect();
        let db = 2.0 / n * r.iter().sum::<f64>();
        let dw: Vec<f64> = (0..x.ncols())
            .map(|j| 2.0 / n * (0..r.len()).map(|i| x[[i, j]] * r[i]).sum::<f64>())
            .collect();
        b -= eta * db;
        for (wj, g) in w.iter_mut().zip(&dw) {
            *wj -= eta * g;
        }
    }
    (b, w, losses)
}

fn trajectory() -> Verdict {
    let epochs = 5;
    let data = problems().prop_map(|(rows, y, _, _)| (rows, y));
    property(data, |(rows, y)| {
        let x = matrix(&rows);
        let eta = 0.05;
        let fit = learner::fit_gd(&x, &y, eta, epochs);
        shape("losses", &[fit.losses.len()], &[epochs])?;
        shape("coef", &[fit.coef.len()], &[x.ncols()])?;
        let (b, w, losses) = reference_gd(&x, &y, eta, epochs);
        if let Some(k) = all_close(&fit.losses, &losses, 1e-9, 1e-12) {
            let hint = if k == 0 {
                say(
                    "losses[0] 是起点 b = 0、w = 0 处的损失（记录损失要在更新之前）",
                    "losses[0] is the loss at the start, b = 0 and w = 0 (record the loss before the step)",
                )
            } else if k >= 2 {
                say(
                    "前两轮都对，之后出错：每一轮都要在当前参数处重新计算梯度吗？",
                    "the first two epochs are right, then it drifts: is the gradient recomputed at the current parameters every epoch?",
                )
            } else {
                say(
                    "第一步就走错了：b ← b − η ∂L/∂b，w ← w − η ∂L/∂w（先检查梯度那一项检查）",
                    "the first step already goes wrong: b ← b − η ∂L/∂b, w ← w − η ∂L/∂w (see the gradient check first)",
                )
            };
            return Err(say(
                format!(
                    "η = {eta}：losses[{k}] 为 {:.9}，逐步参照为 {:.9}：{hint}",
                    fit.losses[k], losses[k]
                ),
                format!(
                    "η = {eta}: losses[{k}] is {:.9}, a step-by-step reference gives {:.9}: {hint}",
                    fit.losses[k], losses[k]
                ),
            ));
        }
        let mut theta = vec![fit.intercept];
        theta.extend(&fit.coef);
        let mut expected = vec![b];
        expected.extend(&w);
        match all_close(&theta, &expected, 1e-9, 1e-12) {
            None => Ok(()),
            Some(_) => Err(say(
                format!(
                    "η = {eta}，{epochs} 轮：每轮的损失都对，但返回的参数 (b, w) = {theta:?} 不是最后一步之后的参数 {expected:?}"
                ),
                format!(
                    "η = {eta}, {epochs} epochs: every loss is right, but the returned (b, w) = {theta:?} is not the parameters after the last step, {expected:?}"
                ),
            )),
        }
    })
}

/// The least-squares solution of b + X w ≈ y by Gaussian elimination on the normal equations
/// (fine here: the features are standardised, so AᵀA is well conditioned).
fn least_squares(x: &Array2<f64>, y: &[f64]) -> Vec<f64> {
    let (n, d) = x.dim();
    let a = Array2::from_shape_fn(
        (n, d + 1),
        |(i, j)| if j == 0 { 1.0 } else { x[[i, j - 1]] },
    );
    let mut g = a.t().dot(&a);
    let mut rhs: Vec<f64> = (0..=d)
        .map(|j| (0..n).map(|i| a[[i, j]] * y[i]).sum())
        .collect();
    for c in 0..=d {
        for r in c + 1..=d {
            let f = g[[r, c]] / g[[c, c]];
            for j in c..=d {
                g[[r, j]] -= f * g[[c, j]];
            }
            rhs[r] -= f * rhs[c];
        }
    }
    let mut theta = vec![0.0; d + 1];
    for i in (0..=d).rev() {
        let known: f64 = (i + 1..=d).map(|j| g[[i, j]] * theta[j]).sum();
        theta[i] = (rhs[i] - known) / g[[i, i]];
    }
    theta
}

fn converges() -> Verdict {
    // 100 rows of 4 correlated features, standardised; y = 3 + X·w + noise.
    let mut rng = StdRng::seed_from_u64(2024);
    let (n, d) = (100, 4);
    let mut x = Array2::from_shape_fn((n, d), |_| rng.random_range(-1.0..1.0));
    for i in 0..n {
        x[[i, 1]] += 0.5 * x[[i, 0]];
        x[[i, 3]] = 2.0 * x[[i, 3]] + 5.0;
    }
    for mut column in x.columns_mut() {
        let mean = column.sum() / n as f64;
        let std = (column.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n as f64).sqrt();
        column.mapv_inplace(|v| (v - mean) / std);
    }
    let y: Vec<f64> = x
        .rows()
        .into_iter()
        .map(|row| {
            3.0 + 1.5 * row[0] - 2.0 * row[1] + 0.5 * row[2] + row[3] + rng.random_range(-0.5..0.5)
        })
        .collect();
    let (eta, epochs) = (0.1, 200);
    let fit = learner::fit_gd(&x, &y, eta, epochs);
    shape("losses", &[fit.losses.len()], &[epochs])?;
    shape("coef", &[fit.coef.len()], &[d])?;
    if let Some(k) = (1..epochs).find(|&k| !(fit.losses[k] <= fit.losses[k - 1] * (1.0 + 1e-12))) {
        return Err(say(
            format!(
                "η = {eta}：损失在第 {k} 轮从 {} 变为 {}，在这个良态问题上它应一直下降：梯度的符号或缩放不对？",
                fit.losses[k - 1],
                fit.losses[k]
            ),
            format!(
                "η = {eta}: the loss went from {} to {} at epoch {k}; on this well-conditioned problem it should only fall: a wrong sign or scale in the gradient?",
                fit.losses[k - 1],
                fit.losses[k]
            ),
        ));
    }
    let theta = least_squares(&x, &y);
    let optimum = loss(&x, &y, theta[0], &theta[1..]);
    let reached = loss(&x, &y, fit.intercept, &fit.coef);
    let mut yours = vec![fit.intercept];
    yours.extend(&fit.coef);
    match all_close(&yours, &theta, 0.0, 1e-6) {
        None => Ok(()),
        Some(_) => Err(say(
            format!(
                "η = {eta}，{epochs} 轮后损失为 {reached:.9}，最小二乘的最小值是 {optimum:.9}：参数还差得远（标准化数据上梯度下降 200 轮足以到达 1e-6 以内）"
            ),
            format!(
                "η = {eta}: after {epochs} epochs the loss is {reached:.9}, the least-squares minimum is {optimum:.9}: the parameters are still far off (on standardised data, 200 epochs get within 1e-6)"
            ),
        )),
    }
}
