use llmpath_checker::ndarray::{Array2, array};
use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::proptest::sample::select;
use llmpath_checker::{Check, Verdict, close, gradient, iris, property, say, shape};

const CHECKS: &[Check] = &[
    Check {
        zh: "损失在较小的 logits 上等于平均交叉熵",
        en: "the loss equals the mean cross-entropy for moderate logits",
        run: loss_matches_definition,
    },
    Check {
        zh: "惩罚项是 (λ/2)‖w‖²，不含偏置 b",
        en: "the penalty is (λ/2)‖w‖², without the bias b",
        run: penalty,
    },
    Check {
        zh: "logits 为 ±1000 时损失仍有限且精确",
        en: "the loss stays finite and exact for logits of ±1000",
        run: loss_large_logits,
    },
    Check {
        zh: "梯度与有限差分一致（λ = 0）",
        en: "the gradient matches finite differences (λ = 0)",
        run: gradient_unpenalised,
    },
    Check {
        zh: "梯度与有限差分一致（λ > 0）",
        en: "the gradient matches finite differences (λ > 0)",
        run: gradient_penalised,
    },
    Check {
        zh: "logits 为 ±1000 时梯度仍有限且精确",
        en: "the gradient stays finite and exact for logits of ±1000",
        run: gradient_large_logits,
    },
    Check {
        zh: "fit 在随机问题上与逐步参照的梯度下降走出相同的步子",
        en: "fit takes the same steps as a step-by-step reference on random problems",
        run: fit_steps,
    },
    Check {
        zh: "fit 在鸢尾花上收敛到带惩罚损失的最小值（梯度 ≈ 0）",
        en: "fit converges on iris to the minimum of the penalised loss (gradient ≈ 0)",
        run: fit_converges,
    },
    Check {
        zh: "fit 在鸢尾花测试集上达到 scikit-learn 的准确率 25/26",
        en: "fit reaches scikit-learn's test accuracy on iris, 25/26",
        run: iris_accuracy,
    },
];

/// Multiples of 1/4 in [−2, 2] for X and the parameters: logits stay within ±30, where the
/// textbook formula is still accurate.
fn small() -> impl Strategy<Value = f64> {
    (-8i32..=8).prop_map(|k| f64::from(k) / 4.0)
}

/// x (n, d), y ∈ {0, 1} (n,), and a point (b, w).
type Problem = (Vec<Vec<f64>>, Vec<f64>, f64, Vec<f64>);

fn problems(rows: std::ops::Range<usize>) -> impl Strategy<Value = Problem> {
    // Fixed-width draws cut to d columns (prop_map, not prop_flat_map: a failure shrinks in few
    // steps); the rows shrink by being dropped.
    let data = vec((vec(small(), 3), select(vec![0.0, 1.0])), rows);
    (1..4usize, data, small(), vec(small(), 3)).prop_map(|(d, data, b, w)| {
        let (rows, y) = data
            .into_iter()
            .map(|(row, y)| (row[..d].to_vec(), y))
            .unzip();
        (rows, y, b, w[..d].to_vec())
    })
}

fn matrix(rows: &[Vec<f64>]) -> Array2<f64> {
    Array2::from_shape_fn((rows.len(), rows[0].len()), |(i, j)| rows[i][j])
}

fn logits(x: &Array2<f64>, b: f64, w: &[f64]) -> Vec<f64> {
    x.rows()
        .into_iter()
        .map(|row| b + row.iter().zip(w).map(|(x, w)| x * w).sum::<f64>())
        .collect()
}

/// The reference loss: −log σ(z) = log(1 + e⁻ᶻ) by branches, written differently from the
/// usual max(z, 0) + log1p(e^−|z|).
fn reference_loss(x: &Array2<f64>, y: &[f64], b: f64, w: &[f64], lambda: f64) -> f64 {
    let minus_log_sigmoid = |z: f64| {
        if z > 0.0 {
            (-z).exp().ln_1p()
        } else {
            -z + z.exp().ln_1p()
        }
    };
    let data: f64 = logits(x, b, w)
        .iter()
        .zip(y)
        .map(|(&z, &y)| y * minus_log_sigmoid(z) + (1.0 - y) * minus_log_sigmoid(-z))
        .sum();
    data / y.len() as f64 + lambda / 2.0 * w.iter().map(|v| v * v).sum::<f64>()
}

/// The textbook formula, fine for |z| < 30.
fn textbook_loss(x: &Array2<f64>, y: &[f64], b: f64, w: &[f64]) -> f64 {
    let sum: f64 = logits(x, b, w)
        .iter()
        .zip(y)
        .map(|(&z, &y)| {
            let p = 1.0 / (1.0 + (-z).exp());
            -(y * p.ln() + (1.0 - y) * (1.0 - p).ln())
        })
        .sum();
    sum / y.len() as f64
}

fn loss_matches_definition() -> Verdict {
    property(problems(1..8), |(rows, y, b, w)| {
        let x = matrix(&rows);
        let n = y.len() as f64;
        let yours = learner::loss(&x, &y, b, &w, 0.0);
        let expected = textbook_loss(&x, &y, b, &w);
        if close(yours, expected, 1e-9, 1e-12) {
            return Ok(());
        }
        let hint = if close(-yours, expected, 1e-9, 1e-12) {
            say(
                "符号反了：交叉熵是 −[y log p + (1 − y) log(1 − p)]，总是 ≥ 0",
                "the sign is flipped: the cross-entropy is −[y log p + (1 − y) log(1 − p)], always ≥ 0",
            )
        } else if n > 1.0 && close(yours, n * expected, 1e-9, 1e-12) {
            say(
                "大了 n 倍：求和之后还要除以 n",
                "it is n times too large: divide the sum by n",
            )
        } else {
            say(
                "λ = 0 时应为 (1/n) Σ [softplus(zᵢ) − yᵢ zᵢ]",
                "with λ = 0 it should be (1/n) Σ [softplus(zᵢ) − yᵢ zᵢ]",
            )
        };
        Err(say(
            format!("λ = 0：损失为 {yours}，应为 {expected}：{hint}"),
            format!("λ = 0: the loss is {yours}, expected {expected}: {hint}"),
        ))
    })
}

fn penalty() -> Verdict {
    let cases = (problems(1..6), select(vec![0.5, 1.0, 2.0]));
    property(cases, |((rows, y, b, w), lambda)| {
        let x = matrix(&rows);
        let added = learner::loss(&x, &y, b, &w, lambda) - learner::loss(&x, &y, b, &w, 0.0);
        let norm2: f64 = w.iter().map(|v| v * v).sum();
        let expected = lambda / 2.0 * norm2;
        if close(added, expected, 1e-9, 1e-12) {
            return Ok(());
        }
        let hint = if close(added, lambda / 2.0 * (norm2 + b * b), 1e-9, 1e-12) {
            say(
                "多出的正好是 (λ/2)b²：偏置不应被惩罚",
                "the extra is exactly (λ/2)b²: the bias is not penalised",
            )
        } else if close(added, lambda * norm2, 1e-9, 1e-12) {
            say(
                "多了一个因子 2：惩罚是 (λ/2)‖w‖²",
                "a factor 2 too many: the penalty is (λ/2)‖w‖²",
            )
        } else {
            say(
                "惩罚应为 (λ/2) Σⱼ wⱼ²",
                "the penalty should be (λ/2) Σⱼ wⱼ²",
            )
        };
        Err(say(
            format!(
                "λ = {lambda}：惩罚项使损失增加了 {added}，应为 (λ/2)‖w‖² = {expected}：{hint}"
            ),
            format!(
                "λ = {lambda}: the penalty adds {added} to the loss, expected (λ/2)‖w‖² = {expected}: {hint}"
            ),
        ))
    })
}

fn loss_large_logits() -> Verdict {
    // One sample, x = 1, so z = w: (z, y, loss). softplus(1000) − 1000 is exactly 0 in f64.
    let cases = [
        (1000.0, 0.0, 1000.0),
        (-1000.0, 1.0, 1000.0),
        (1000.0, 1.0, 0.0),
        (-800.0, 0.0, 0.0),
    ];
    let x = array![[1.0]];
    for (z, y, expected) in cases {
        let yours = learner::loss(&x, &[y], 0.0, &[z], 0.0);
        if !close(yours, expected, 1e-12, 1e-12) {
            let hint = if yours.is_nan() || yours.is_infinite() {
                say(
                    "log σ(z) 或 log(1 − σ(z)) 取到了 log(0)：σ 已经舍入成 0 或 1。用 softplus(z) − y z，softplus(z) = max(z, 0) + ln_1p(e^−|z|)",
                    "log σ(z) or log(1 − σ(z)) became log(0): σ had rounded to 0 or 1. Use softplus(z) − y z with softplus(z) = max(z, 0) + ln_1p(e^−|z|)",
                )
            } else {
                say(
                    "exp 的参数不能为正：把 log(1 + eᶻ) 写成 max(z, 0) + log(1 + e^−|z|)",
                    "never exponentiate a positive number: write log(1 + eᶻ) as max(z, 0) + log(1 + e^−|z|)",
                )
            };
            return Err(say(
                format!("z = {z}，y = {y}：损失为 {yours}，应为 {expected}：{hint}"),
                format!("z = {z}, y = {y}: the loss is {yours}, expected {expected}: {hint}"),
            ));
        }
    }
    Ok(())
}

fn gradient_verdict(problem: Problem, lambda: f64) -> Verdict {
    let (rows, y, b, w) = problem;
    let x = matrix(&rows);
    let (db, dw) = learner::loss_gradient(&x, &y, b, &w, lambda);
    shape("∂L/∂w", &[dw.len()], &[w.len()])?;
    let mut theta = vec![b];
    theta.extend(&w);
    let mut yours = vec![db];
    yours.extend(&dw);
    gradient(
        "∇L",
        |t| reference_loss(&x, &y, t[0], &t[1..], lambda),
        &theta,
        &yours,
    )
    .map_err(|e| {
        let bias = if lambda > 0.0 && e.starts_with("∇L[0]") {
            say(
                "（∇L[0] 是 ∂L/∂b：偏置不受惩罚，它没有 λ 项）",
                " (∇L[0] is ∂L/∂b: the bias is not penalised, so it has no λ term)",
            )
        } else {
            String::new()
        };
        say(
            format!("λ = {lambda}，∇L = (∂L/∂b, ∂L/∂w₀, ∂L/∂w₁, …)。{e}{bias}"),
            format!("λ = {lambda}, ∇L = (∂L/∂b, ∂L/∂w₀, ∂L/∂w₁, …). {e}{bias}"),
        )
    })
}

fn gradient_unpenalised() -> Verdict {
    // Three rows or more, so a missing 1/n shows as a factor that is not 2.
    property(problems(3..8), |problem| gradient_verdict(problem, 0.0))
}

fn gradient_penalised() -> Verdict {
    let cases = (problems(3..8), select(vec![0.5, 1.0, 2.0]));
    property(cases, |(problem, lambda)| gradient_verdict(problem, lambda))
}

fn gradient_large_logits() -> Verdict {
    // One sample, x = 1, z = w: ∂L/∂b = ∂L/∂w = σ(z) − y.
    let cases = [
        (1000.0, 0.0, 1.0),
        (-1000.0, 1.0, -1.0),
        (1000.0, 1.0, 0.0),
        (-800.0, 0.0, 0.0),
    ];
    let x = array![[1.0]];
    for (z, y, expected) in cases {
        let (db, dw) = learner::loss_gradient(&x, &[y], 0.0, &[z], 0.0);
        shape("∂L/∂w", &[dw.len()], &[1])?;
        for (what, yours) in [("∂L/∂b", db), ("∂L/∂w", dw[0])] {
            if !close(yours, expected, 1e-12, 1e-12) {
                let hint = if yours.is_nan() {
                    say(
                        "σ(z) 成了 NaN：eᶻ/(1 + eᶻ) 在 eᶻ 溢出时是 inf/inf。按 z 的符号选择 1/(1 + e⁻ᶻ) 或 eᶻ/(1 + eᶻ)",
                        "σ(z) became NaN: eᶻ/(1 + eᶻ) is inf/inf once eᶻ overflows. Choose 1/(1 + e⁻ᶻ) or eᶻ/(1 + eᶻ) by the sign of z",
                    )
                } else {
                    say("应为 σ(z) − y", "it should be σ(z) − y")
                };
                return Err(say(
                    format!("z = {z}，y = {y}：{what} 为 {yours}，应为 {expected}：{hint}"),
                    format!("z = {z}, y = {y}: {what} is {yours}, expected {expected}: {hint}"),
                ));
            }
        }
    }
    Ok(())
}

/// The reference gradient, by its formula: ((1/n) Σ (pᵢ − yᵢ), (1/n) Xᵀ(p − y) + λ w).
fn reference_gradient(x: &Array2<f64>, y: &[f64], b: f64, w: &[f64], lambda: f64) -> Vec<f64> {
    let n = y.len() as f64;
    let error: Vec<f64> = logits(x, b, w)
        .iter()
        .zip(y)
        .map(|(&z, &y)| 1.0 / (1.0 + (-z).exp()) - y)
        .collect();
    let mut grad = vec![error.iter().sum::<f64>() / n];
    for (j, column) in x.columns().into_iter().enumerate() {
        let data: f64 = column.iter().zip(&error).map(|(x, e)| x * e).sum();
        grad.push(data / n + lambda * w[j]);
    }
    grad
}

fn fit_steps() -> Verdict {
    let (eta, epochs) = (0.5, 10);
    let cases = (problems(1..8), select(vec![0.0, 0.5]));
    property(cases, |((rows, y, _, _), lambda)| {
        let x = matrix(&rows);
        let fit = learner::fit(&x, &y, lambda, eta, epochs);
        shape("fit(…).coef", &[fit.coef.len()], &[x.ncols()])?;
        let mut theta = vec![0.0; x.ncols() + 1];
        for _ in 0..epochs {
            let grad = reference_gradient(&x, &y, theta[0], &theta[1..], lambda);
            for (t, g) in theta.iter_mut().zip(grad) {
                *t -= eta * g;
            }
        }
        let mut yours = vec![fit.intercept];
        yours.extend(&fit.coef);
        match yours
            .iter()
            .zip(&theta)
            .all(|(a, e)| close(*a, *e, 1e-9, 1e-12))
        {
            true => Ok(()),
            false => Err(say(
                format!(
                    "λ = {lambda}，η = {eta}，{epochs} 步：你的 (b, w) = {yours:?}，从 0 出发做 {epochs} 步 b ← b − η ∂L/∂b、w ← w − η ∂L/∂w 得到 {theta:?}"
                ),
                format!(
                    "λ = {lambda}, η = {eta}, {epochs} epochs: your (b, w) = {yours:?}, while {epochs} steps of b ← b − η ∂L/∂b, w ← w − η ∂L/∂w from 0 give {theta:?}"
                ),
            )),
        }
    })
}

/// Iris, versicolor (0) vs virginica (1). Split: within each species, in file order, every 4th
/// flower (rank 0, 4, 8, …) is a test flower (the logistic-regression lab's rule): 74 training
/// and 26 test rows. Features standardised with the training rows' mean and population std.
fn iris_split() -> (Array2<f64>, Vec<f64>, Array2<f64>, Vec<f64>) {
    let (features, species) = iris();
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for class in [1, 2] {
        let rows = (0..features.len()).filter(|&i| species[i] == class);
        for (rank, i) in rows.enumerate() {
            if rank % 4 == 0 {
                test.push(i)
            } else {
                train.push(i)
            }
        }
    }
    train.sort_unstable();
    test.sort_unstable();
    let n = train.len() as f64;
    let mean: Vec<f64> = (0..4)
        .map(|j| train.iter().map(|&i| features[i][j]).sum::<f64>() / n)
        .collect();
    let std: Vec<f64> = (0..4)
        .map(|j| {
            (train
                .iter()
                .map(|&i| (features[i][j] - mean[j]).powi(2))
                .sum::<f64>()
                / n)
                .sqrt()
        })
        .collect();
    let table = |rows: &[usize]| {
        let x = Array2::from_shape_fn((rows.len(), 4), |(r, j)| {
            (features[rows[r]][j] - mean[j]) / std[j]
        });
        let y = rows
            .iter()
            .map(|&i| if species[i] == 2 { 1.0 } else { 0.0 })
            .collect();
        (x, y)
    };
    let (x_train, y_train) = table(&train);
    let (x_test, y_test) = table(&test);
    (x_train, y_train, x_test, y_test)
}

/// scikit-learn's LogisticRegression(C = 1) minimises C Σ lossᵢ + ½‖w‖²; divided by C·n that is
/// our L with λ = 1/(C·n). η = 1 is below 2/L_max (the loss's curvature is ≤ 0.77 here), and GD
/// reaches ‖∇L‖ ≈ 1e-11 in 1000 epochs (both redone in scripts/reference/exercises.py).
const EPOCHS: usize = 1000;
const LEARNING_RATE: f64 = 1.0;

fn fitted_on_iris() -> Result<
    (
        learner::LogisticFit,
        Array2<f64>,
        Vec<f64>,
        f64,
        Array2<f64>,
        Vec<f64>,
    ),
    String,
> {
    let (x, y, x_test, y_test) = iris_split();
    let lambda = 1.0 / x.nrows() as f64;
    let fit = learner::fit(&x, &y, lambda, LEARNING_RATE, EPOCHS);
    shape("fit(…).coef", &[fit.coef.len()], &[4])?;
    Ok((fit, x, y, lambda, x_test, y_test))
}

fn fit_converges() -> Verdict {
    let (fit, x, y, lambda, _, _) = fitted_on_iris()?;
    let grad = reference_gradient(&x, &y, fit.intercept, &fit.coef, lambda);
    let largest = grad.iter().fold(0.0f64, |m, g| m.max(g.abs()));
    if largest <= 1e-8 {
        return Ok(());
    }
    let start = reference_loss(&x, &y, 0.0, &[0.0; 4], lambda);
    let end = reference_loss(&x, &y, fit.intercept, &fit.coef, lambda);
    let hint = if !(end < start) {
        say(
            "损失没有比起点 (b, w) = 0 更低：更新的方向反了，还是步长被放大了（漏了 1/n）？",
            "the loss is no lower than at the start (b, w) = 0: is the step going uphill, or scaled up (a missing 1/n)?",
        )
    } else {
        say(
            "它在下降但没有到达最小值：每一步都在当前参数处用完整的梯度（含 λw）吗？",
            "it descends but does not reach the minimum: does every step use the full gradient (with λw) at the current parameters?",
        )
    };
    Err(say(
        format!(
            "λ = 1/74，η = {LEARNING_RATE}，{EPOCHS} 轮后损失从 {start:.6} 变为 {end:.6}，最大梯度分量仍为 {largest:.2e}（应 ≤ 1e-8）：{hint}"
        ),
        format!(
            "λ = 1/74, η = {LEARNING_RATE}: after {EPOCHS} epochs the loss went from {start:.6} to {end:.6}, and the largest gradient component is still {largest:.2e} (should be ≤ 1e-8): {hint}"
        ),
    ))
}

/// Test flowers (of 26) scikit-learn's LogisticRegression(C = 1, tol = 1e-12) gets right with the
/// same split and scaling: scripts/reference/exercises.py, golden/exercises.json.
const SKLEARN_CORRECT: usize = 25;

fn iris_accuracy() -> Verdict {
    let (fit, _, _, _, x_test, y_test) = fitted_on_iris()?;
    let correct = logits(&x_test, fit.intercept, &fit.coef)
        .iter()
        .zip(&y_test)
        .filter(|&(&z, &y)| (z > 0.0) == (y == 1.0))
        .count();
    match correct >= SKLEARN_CORRECT {
        true => Ok(()),
        false => Err(say(
            format!(
                "测试集上对了 {correct}/26 朵花；scikit-learn 的 LogisticRegression(C = 1) 在同样的划分上对了 {SKLEARN_CORRECT}/26"
            ),
            format!(
                "{correct}/26 test flowers right; scikit-learn's LogisticRegression(C = 1) gets {SKLEARN_CORRECT}/26 on the same split"
            ),
        )),
    }
}
