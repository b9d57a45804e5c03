use llmpath_checker::ndarray::Array2;
use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::proptest::sample::Index;
use llmpath_checker::{Check, Verdict, all_close, close, property, say, shape};

const CHECKS: &[Check] = &[
    Check {
        zh: "输出形状为 (T, d_v)（T ≠ S，d_k ≠ d_v）",
        en: "the output has shape (T, d_v) (T ≠ S, d_k ≠ d_v)",
        run: output_shape,
    },
    Check {
        zh: "无掩码时与 softmax(QKᵀ/√d_k)V 一致",
        en: "without a mask it matches softmax(QKᵀ/√d_k)V",
        run: matches_definition,
    },
    Check {
        zh: "每个输出行是 V 各行的加权平均：V 的行都相同时输出就是那一行",
        en: "each output row is a weighted average of V's rows: when they are all equal, so is the output",
        run: weights_average_values,
    },
    Check {
        zh: "有掩码时与参考一致，被禁止的键没有任何影响",
        en: "with a mask it matches the reference, and forbidden keys have no influence at all",
        run: masked_matches,
    },
    Check {
        zh: "没有允许的键的查询输出一行 0（不是 NaN）",
        en: "a query with no allowed key outputs a row of zeros (not NaN)",
        run: fully_masked_query,
    },
    Check {
        zh: "得分上万时仍然有限且精确",
        en: "stays finite and exact when the scores run into the tens of thousands",
        run: large_scores,
    },
];

/// Q (T, d_k), K (S, d_k), V (S, d_v) with T ≤ 3, S ≤ 4, d_k ≤ 4, d_v ≤ 3, and a mask (T, S).
#[derive(Debug, Clone)]
struct Case {
    q: Vec<Vec<f64>>,
    k: Vec<Vec<f64>>,
    v: Vec<Vec<f64>>,
    mask: Vec<Vec<bool>>,
}

/// Fixed-width draws cut to size, so a failing case shrinks quickly.
fn cases() -> impl Strategy<Value = Case> {
    (
        (1..4usize, 1..5usize, 1..5usize, 1..4usize),
        vec(-2.0..2.0f64, 48),
        vec(any::<bool>(), 16),
    )
        .prop_map(|((t, s, dk, dv), z, m)| Case {
            q: (0..t).map(|i| z[i * 4..i * 4 + dk].to_vec()).collect(),
            k: (0..s).map(|j| z[16 + j * 4..16 + j * 4 + dk].to_vec()).collect(),
            v: (0..s).map(|j| z[32 + j * 4..32 + j * 4 + dv].to_vec()).collect(),
            mask: (0..t).map(|i| m[i * 4..i * 4 + s].to_vec()).collect(),
        })
}

fn matrix<T: Copy>(rows: &[Vec<T>]) -> Array2<T> {
    Array2::from_shape_fn((rows.len(), rows[0].len()), |(i, j)| rows[i][j])
}

/// The attention output, loop by loop: scores q·k times `scale` over the allowed keys, softmax
/// shifted by the row's maximum, a weighted sum of v's rows; zeros for a query with no key.
fn reference(case: &Case, mask: Option<&[Vec<bool>]>, scale: f64) -> Vec<Vec<f64>> {
    let dv = case.v[0].len();
    case.q
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let allowed: Vec<usize> = (0..case.k.len())
                .filter(|&j| mask.is_none_or(|m| m[i][j]))
                .collect();
            let scores: Vec<f64> = allowed
                .iter()
                .map(|&j| q.iter().zip(&case.k[j]).map(|(a, b)| a * b).sum::<f64>() * scale)
                .collect();
            let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let exps: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
            let sum: f64 = exps.iter().sum();
            (0..dv)
                .map(|e| {
                    allowed
                        .iter()
                        .zip(&exps)
                        .map(|(&j, w)| w / sum * case.v[j][e])
                        .sum()
                })
                .collect()
        })
        .collect()
}

/// The output of a softmax run down each key's column (over the queries) instead of along each
/// query's row: a mistake named in diagnoses.
fn over_queries(case: &Case, scale: f64) -> Vec<Vec<f64>> {
    let score = |i: usize, j: usize| -> f64 {
        case.q[i].iter().zip(&case.k[j]).map(|(a, b)| a * b).sum::<f64>() * scale
    };
    let column_sums: Vec<f64> = (0..case.k.len())
        .map(|j| (0..case.q.len()).map(|i| score(i, j).exp()).sum())
        .collect();
    (0..case.q.len())
        .map(|i| {
            (0..case.v[0].len())
                .map(|e| {
                    (0..case.k.len())
                        .map(|j| score(i, j).exp() / column_sums[j] * case.v[j][e])
                        .sum()
                })
                .collect()
        })
        .collect()
}

fn run(case: &Case, masked: bool) -> Result<Array2<f64>, String> {
    let mask = matrix(&case.mask);
    let (t, dv) = (case.q.len(), case.v[0].len());
    let yours = learner::attention(
        &matrix(&case.q),
        &matrix(&case.k),
        &matrix(&case.v),
        masked.then_some(&mask),
    );
    shape("attention(q, k, v)", yours.shape(), &[t, dv])?;
    Ok(yours)
}

/// The first entry of `yours` that is not `expected`, if any.
fn first_wrong(yours: &Array2<f64>, expected: &[Vec<f64>]) -> Option<(usize, usize)> {
    (0..expected.len()).find_map(|i| {
        all_close(&yours.row(i).to_vec(), &expected[i], 1e-9, 1e-12).map(|e| (i, e))
    })
}

fn output_shape() -> Verdict {
    let case = Case {
        q: vec![vec![0.5, -1.0, 0.25, 2.0]; 2],
        k: vec![vec![1.0, 0.0, -0.5, 0.5]; 3],
        v: vec![vec![1.0, 2.0]; 3],
        mask: vec![vec![true; 3]; 2],
    };
    run(&case, false).map(|_| ())
}

fn matches_definition() -> Verdict {
    property(cases(), |case| {
        let yours = run(&case, false)?;
        let (dk, dv) = (case.q[0].len(), case.v[0].len());
        let expected = reference(&case, None, 1.0 / (dk as f64).sqrt());
        let Some((i, e)) = first_wrong(&yours, &expected) else {
            return Ok(());
        };
        // Scales learners try instead of 1/√d_k, each named when it is the one used.
        let scales = [
            (
                1.0,
                say("得分没有除以 √d_k", "the scores are not divided by √d_k"),
            ),
            (
                1.0 / (dv as f64).sqrt(),
                say("用的是 √d_v，而缩放看的是 q 和 k 的维数", "that is √d_v, but the scale is about the dimension of q and k"),
            ),
            (
                1.0 / dk as f64,
                say("除以了 d_k 而不是它的平方根", "divided by d_k rather than its square root"),
            ),
        ];
        let scaled = 1.0 / (dk as f64).sqrt();
        let hint = scales
            .into_iter()
            .find(|(scale, _)| first_wrong(&yours, &reference(&case, None, *scale)).is_none())
            .map(|(_, hint)| hint)
            .unwrap_or_else(|| match first_wrong(&yours, &over_queries(&case, scaled)) {
                None => say(
                    "softmax 沿查询方向（列）做了归一化，而每个查询的权重是一行，沿键的方向",
                    "the softmax normalised over the queries (a column), but each query's weights are a row, over the keys",
                ),
                Some(_) => say(
                    "对照 softmax(QKᵀ/√d_k)V 逐步检查",
                    "check each step against softmax(QKᵀ/√d_k)V",
                ),
            });
        Err(say(
            format!(
                "d_k = {dk}，d_v = {dv}：输出 [{i}][{e}] 为 {}，应为 {:.6}：{hint}",
                yours[[i, e]],
                expected[i][e]
            ),
            format!(
                "d_k = {dk}, d_v = {dv}: output [{i}][{e}] is {}, expected {:.6}: {hint}",
                yours[[i, e]],
                expected[i][e]
            ),
        ))
    })
}

fn weights_average_values() -> Verdict {
    property(cases(), |mut case| {
        let row = case.v[0].clone();
        case.v.iter_mut().for_each(|v| v.clone_from(&row));
        let yours = run(&case, false)?;
        for i in 0..case.q.len() {
            if let Some(e) = all_close(&yours.row(i).to_vec(), &row, 1e-9, 1e-12) {
                return Err(say(
                    format!(
                        "V 的每一行都是 {row:?}，输出 [{i}][{e}] 却是 {}：每个查询对键的权重之和应为 1（softmax 沿哪个轴？）",
                        yours[[i, e]]
                    ),
                    format!(
                        "every row of V is {row:?}, yet output [{i}][{e}] is {}: each query's weights over the keys should sum to 1 (which axis does the softmax run over?)",
                        yours[[i, e]]
                    ),
                ));
            }
        }
        Ok(())
    })
}

fn masked_matches() -> Verdict {
    property((cases(), vec(any::<Index>(), 3)), |(mut case, keep)| {
        // At least one allowed key per query (fully masked queries have a check of their own).
        let s = case.k.len();
        for (row, keep) in case.mask.iter_mut().zip(&keep) {
            row[keep.index(s)] = true;
        }
        let yours = run(&case, true)?;
        let dk = case.q[0].len();
        let expected = reference(&case, Some(&case.mask), 1.0 / (dk as f64).sqrt());
        let Some((i, e)) = first_wrong(&yours, &expected) else {
            return Ok(());
        };
        let mut ones = case.clone();
        ones.v = vec![vec![1.0]; s];
        let total = run(&ones, true)?[[i, 0]];
        let hint = match close(total, 1.0, 1e-9, 1e-12) {
            true => say(
                "被禁止的键必须完全不起作用，就像它们不存在一样",
                "the forbidden keys must have no effect at all, as if they were not there",
            ),
            false => say(
                format!(
                    "查询 {i} 对允许的键的权重之和为 {total}，而不是 1：掩码是在 softmax 之前还是之后？"
                ),
                format!(
                    "query {i}'s weights over its allowed keys sum to {total}, not 1: is the mask applied before the softmax or after it?"
                ),
            ),
        };
        Err(say(
            format!(
                "掩码 {:?}：输出 [{i}][{e}] 为 {}，应为 {:.6}：{hint}",
                case.mask,
                yours[[i, e]],
                expected[i][e]
            ),
            format!(
                "mask {:?}: output [{i}][{e}] is {}, expected {:.6}: {hint}",
                case.mask,
                yours[[i, e]],
                expected[i][e]
            ),
        ))
    })
}

fn fully_masked_query() -> Verdict {
    property((cases(), any::<Index>()), |(mut case, which)| {
        let blind = which.index(case.q.len());
        case.mask[blind].iter_mut().for_each(|m| *m = false);
        let yours = run(&case, true)?;
        let row = yours.row(blind).to_vec();
        if row.iter().any(|x| x.is_nan()) {
            return Err(say(
                format!(
                    "查询 {blind} 没有允许的键，输出含 NaN：所有得分都是 −∞ 时没有有限的最大值（−∞ − (−∞) 是 NaN），这一行要单独处理"
                ),
                format!(
                    "query {blind} has no allowed key and its output holds NaN: with every score −∞ there is no finite maximum (−∞ − (−∞) is NaN), so that row needs handling of its own"
                ),
            ));
        }
        if row.iter().any(|&x| x != 0.0) {
            return Err(say(
                format!("查询 {blind} 没有允许的键，输出为 {row:?}：约定是一行 0"),
                format!("query {blind} has no allowed key and outputs {row:?}: the convention is a row of zeros"),
            ));
        }
        Ok(())
    })
}

fn large_scores() -> Verdict {
    property(cases(), |mut case| {
        // Scores up to about 4 · 200² / 2 = 80 000: exp overflows without a shift.
        case.q.iter_mut().flatten().for_each(|x| *x *= 100.0);
        case.k.iter_mut().flatten().for_each(|x| *x *= 100.0);
        let yours = run(&case, false)?;
        if yours.iter().any(|x| !x.is_finite()) {
            return Err(say(
                "得分上万时结果出现 NaN 或无穷大：exp 在 f64 中约 709 以上就上溢；给一行得分减去同一个数不改变 softmax",
                "NaN or infinity once the scores reach the tens of thousands: exp overflows f64 above about 709; subtracting one number from a row of scores does not change its softmax",
            ));
        }
        let dk = case.q[0].len();
        let expected = reference(&case, None, 1.0 / (dk as f64).sqrt());
        match first_wrong(&yours, &expected) {
            None => Ok(()),
            Some((i, e)) => Err(say(
                format!(
                    "Q、K 放大 100 倍后输出 [{i}][{e}] 为 {}，应为 {:.6}",
                    yours[[i, e]],
                    expected[i][e]
                ),
                format!(
                    "with Q and K scaled by 100, output [{i}][{e}] is {}, expected {:.6}",
                    yours[[i, e]],
                    expected[i][e]
                ),
            )),
        }
    })
}
