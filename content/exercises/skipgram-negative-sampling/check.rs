use llmpath_checker::ndarray::{Array1, Array2};
use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::{Check, Verdict, all_close, close, gradient, property, say, shape};

const CHECKS: &[Check] = &[
    Check {
        zh: "三个梯度的形状与各自的向量相同",
        en: "the three gradients have the shapes of their vectors",
        run: shapes,
    },
    Check {
        zh: "损失是 −log σ(u_o·v_c) − Σₖ log σ(−u_k·v_c)",
        en: "the loss is −log σ(u_o·v_c) − Σₖ log σ(−u_k·v_c)",
        run: loss_matches_definition,
    },
    Check {
        zh: "∂L/∂u_o 与有限差分一致",
        en: "∂L/∂u_o matches finite differences",
        run: context_gradient,
    },
    Check {
        zh: "∂L/∂u_k 与有限差分一致（每个负样本一行，可以重复）",
        en: "∂L/∂u_k matches finite differences (one row per negative, repeats allowed)",
        run: negatives_gradient,
    },
    Check {
        zh: "∂L/∂v_c 与有限差分一致",
        en: "∂L/∂v_c matches finite differences",
        run: centre_gradient,
    },
    Check {
        zh: "点积达到 ±1000 时损失与梯度仍然有限且精确",
        en: "the loss and gradients stay finite and exact with dot products of ±1000",
        run: large_dot_products,
    },
];

/// v_c, u_o (d) and the negatives (K, d) as rows.
#[derive(Debug, Clone)]
struct Case {
    centre: Vec<f64>,
    context: Vec<f64>,
    negatives: Vec<Vec<f64>>,
}

/// d in 1..5, K in 1..5 (fixed-width draws cut to size, so a failure shrinks quickly); when
/// `repeat`, the last negative is the first again (a word drawn twice).
fn cases() -> impl Strategy<Value = Case> {
    ((1..5usize, 1..5usize, any::<bool>()), vec(-1.5..1.5f64, 24)).prop_map(
        |((d, k, repeat), z)| {
            let mut negatives: Vec<Vec<f64>> = (0..k)
                .map(|r| z[8 + r * 4..8 + r * 4 + d].to_vec())
                .collect();
            if repeat && k > 1 {
                negatives[k - 1] = negatives[0].clone();
            }
            Case {
                centre: z[..d].to_vec(),
                context: z[4..4 + d].to_vec(),
                negatives,
            }
        },
    )
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(a, b)| a * b).sum()
}

/// log σ(x), with the exponent kept ≤ 0: −log(1 + e^(−x)) for x ≥ 0, x − log(1 + e^x) below.
fn log_sigmoid(x: f64) -> f64 {
    match x >= 0.0 {
        true => -(-x).exp().ln_1p(),
        false => x - x.exp().ln_1p(),
    }
}

/// L = −log σ(u_o·v_c) − Σₖ log σ(−u_k·v_c).
fn reference_loss(centre: &[f64], context: &[f64], negatives: &[Vec<f64>]) -> f64 {
    let positive = -log_sigmoid(dot(context, centre));
    let negative: f64 = negatives
        .iter()
        .map(|u| -log_sigmoid(-dot(u, centre)))
        .sum();
    positive + negative
}

fn run(case: &Case) -> Result<(f64, Vec<f64>, Vec<f64>, Vec<f64>), String> {
    let (k, d) = (case.negatives.len(), case.centre.len());
    let negatives = Array2::from_shape_fn((k, d), |(r, j)| case.negatives[r][j]);
    let (loss, g) = learner::negative_sampling(
        &Array1::from(case.centre.clone()),
        &Array1::from(case.context.clone()),
        &negatives,
    );
    shape("∂L/∂v_c", g.centre.shape(), &[d])?;
    shape("∂L/∂u_o", g.context.shape(), &[d])?;
    shape("∂L/∂u_k", g.negatives.shape(), &[k, d])?;
    Ok((
        loss,
        g.centre.to_vec(),
        g.context.to_vec(),
        g.negatives.iter().copied().collect(),
    ))
}

fn shapes() -> Verdict {
    let case = Case {
        centre: vec![0.5, -0.25, 1.0],
        context: vec![0.1, 0.2, -0.3],
        negatives: vec![vec![1.0, 0.0, -1.0], vec![0.5, 0.5, 0.5]],
    };
    run(&case).map(|_| ())
}

fn loss_matches_definition() -> Verdict {
    property(cases(), |case| {
        let (yours, ..) = run(&case)?;
        let expected = reference_loss(&case.centre, &case.context, &case.negatives);
        match close(yours, expected, 1e-10, 1e-12) {
            true => Ok(()),
            false => Err(say(
                format!(
                    "损失为 {yours}，应为 {expected:.6}：每个负样本的项是 −log σ(−u_k·v_c)，注意负号在 σ 里面"
                ),
                format!(
                    "the loss is {yours}, expected {expected:.6}: each negative's term is −log σ(−u_k·v_c), with the minus inside σ"
                ),
            )),
        }
    })
}

fn context_gradient() -> Verdict {
    property(cases(), |case| {
        let (_, _, yours, _) = run(&case)?;
        let loss = |u: &[f64]| reference_loss(&case.centre, u, &case.negatives);
        gradient("∂L/∂u_o", loss, &case.context, &yours).map_err(|e| {
            say(
                format!("{e}（u_o 只出现在 −log σ(u_o·v_c) 里）"),
                format!("{e} (u_o appears only in −log σ(u_o·v_c))"),
            )
        })
    })
}

fn negatives_gradient() -> Verdict {
    property(cases(), |case| {
        let (_, _, _, yours) = run(&case)?;
        let d = case.centre.len();
        let at: Vec<f64> = case.negatives.iter().flatten().copied().collect();
        let loss = |flat: &[f64]| {
            let rows: Vec<Vec<f64>> = flat.chunks(d).map(<[f64]>::to_vec).collect();
            reference_loss(&case.centre, &case.context, &rows)
        };
        gradient("∂L/∂u_k", loss, &at, &yours).map_err(|e| {
            say(
                format!("{e}（按行展开，每行 {d} 个；负样本 k 的项是 −log σ(−u_k·v_c)，不是正样本的 −log σ(u·v_c)）"),
                format!("{e} (flattened row by row, {d} per row; negative k's term is −log σ(−u_k·v_c), not the positive's −log σ(u·v_c))"),
            )
        })
    })
}

fn centre_gradient() -> Verdict {
    property(cases(), |case| {
        let (_, yours, _, _) = run(&case)?;
        let loss = |v: &[f64]| reference_loss(v, &case.context, &case.negatives);
        gradient("∂L/∂v_c", loss, &case.centre, &yours).map_err(|e| {
            say(
                format!("{e}（v_c 出现在每一项里：正样本和每个负样本）"),
                format!("{e} (v_c appears in every term: the positive and each negative)"),
            )
        })
    })
}

fn sigmoid(x: f64) -> f64 {
    log_sigmoid(x).exp()
}

fn large_dot_products() -> Verdict {
    property(cases(), |mut case| {
        // Dot products up to ±1000 and beyond: exp(±1000) overflows, σ saturates to 0 or 1.
        case.centre.iter_mut().for_each(|x| *x *= 30.0);
        case.context.iter_mut().for_each(|x| *x *= 30.0);
        case.negatives.iter_mut().flatten().for_each(|x| *x *= 30.0);
        let (loss, centre, context, negatives) = run(&case)?;
        let expected = reference_loss(&case.centre, &case.context, &case.negatives);
        if !close(loss, expected, 1e-12, 1e-12) {
            return Err(say(
                format!(
                    "点积很大时损失为 {loss}，应为 {expected:.6}：x 很负时 σ(x) 下溢为 0，log σ(x) 不能先算 σ 再取对数"
                ),
                format!(
                    "with large dot products the loss is {loss}, expected {expected:.6}: σ(x) underflows to 0 for very negative x, so log σ(x) cannot be the log of σ computed first"
                ),
            ));
        }
        // The gradients from the derivatives of the two kinds of term, σ computed without overflow.
        let pull = sigmoid(dot(&case.context, &case.centre)) - 1.0;
        let pushes: Vec<f64> = case
            .negatives
            .iter()
            .map(|u| sigmoid(dot(u, &case.centre)))
            .collect();
        let d = case.centre.len();
        let expected_context: Vec<f64> = case.centre.iter().map(|v| pull * v).collect();
        let expected_negatives: Vec<f64> = pushes
            .iter()
            .flat_map(|p| case.centre.iter().map(move |v| p * v))
            .collect();
        let expected_centre: Vec<f64> = (0..d)
            .map(|j| {
                pull * case.context[j]
                    + pushes
                        .iter()
                        .zip(&case.negatives)
                        .map(|(p, u)| p * u[j])
                        .sum::<f64>()
            })
            .collect();
        for (what, yours, expected) in [
            ("∂L/∂u_o", &context, &expected_context),
            ("∂L/∂u_k", &negatives, &expected_negatives),
            ("∂L/∂v_c", &centre, &expected_centre),
        ] {
            if let Some(j) = all_close(yours, expected, 1e-10, 1e-10) {
                return Err(say(
                    format!(
                        "点积很大时 {what}[{j}] 为 {}，应为 {:.6}：σ 应饱和到 0 或 1，而不是 NaN",
                        yours[j], expected[j]
                    ),
                    format!(
                        "with large dot products {what}[{j}] is {}, expected {:.6}: σ should saturate to 0 or 1, not NaN",
                        yours[j], expected[j]
                    ),
                ));
            }
        }
        Ok(())
    })
}
