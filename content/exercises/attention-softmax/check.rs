use llmpath_checker::ndarray::Array2;
use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::proptest::sample::Index;
use llmpath_checker::{Check, Verdict, all_close, close, property, say, shape};

const CHECKS: &[Check] = &[
    Check {
        zh: "每一行（沿最后一个轴）与 softmax 的定义一致",
        en: "every row (over the last axis) matches the definition of softmax",
        run: rows_match_definition,
    },
    Check {
        zh: "各行得分相差上千（±1000、±2000）时仍然有限且精确",
        en: "stays finite and exact when rows sit thousands apart (±1000, ±2000)",
        run: rows_far_apart,
    },
    Check {
        zh: "被遮住的键（−∞）权重恰为 0，其余键是未遮住得分的 softmax",
        en: "masked keys (−∞) get exactly 0, the others a softmax of the unmasked scores",
        run: masked_keys,
    },
    Check {
        zh: "所有键都被遮住的一行全为 0（不是 NaN），其他行不受影响",
        en: "a row with every key masked is all zeros (not NaN), and the other rows are unaffected",
        run: fully_masked_row,
    },
];

/// Scores (T, S) as rows, T in `rows`, S in 2..6 (fixed-width draws cut to size, so a failure
/// shrinks quickly).
fn scores(rows: std::ops::Range<usize>) -> impl Strategy<Value = Vec<Vec<f64>>> {
    (rows, 2..6usize, vec(-10.0..10.0f64, 30)).prop_map(|(t, s, z)| {
        (0..t)
            .map(|i| z[i * 5..i * 5 + s].to_vec())
            .collect::<Vec<_>>()
    })
}

fn matrix(rows: &[Vec<f64>]) -> Array2<f64> {
    Array2::from_shape_fn((rows.len(), rows[0].len()), |(i, j)| rows[i][j])
}

/// softmax of one row straight from the definition, over its finite entries (−∞ weighs 0):
/// exact enough for scores below 30 in size.
fn naive_softmax(row: &[f64]) -> Vec<f64> {
    let sum: f64 = row.iter().map(|s| s.exp()).sum();
    row.iter().map(|s| s.exp() / sum).collect()
}

/// Compares row `i` of `yours` with `expected`; `what` says which input it was.
fn compare_row(yours: &Array2<f64>, i: usize, expected: &[f64], what: &str) -> Verdict {
    let row = yours.row(i).to_vec();
    match all_close(&row, expected, 1e-9, 1e-15) {
        None => Ok(()),
        Some(j) => Err(say(
            format!("{what}：P[{i}][{j}] 为 {}，应为 {:.6}", row[j], expected[j]),
            format!("{what}: P[{i}][{j}] is {}, expected {:.6}", row[j], expected[j]),
        )),
    }
}

fn rows_match_definition() -> Verdict {
    property(scores(1..5), |rows| {
        let scores = matrix(&rows);
        let yours = learner::masked_softmax(&scores);
        shape("masked_softmax(scores)", yours.shape(), scores.shape())?;
        for i in 0..scores.nrows() {
            let sum = yours.row(i).sum();
            if !close(sum, 1.0, 1e-12, 1e-12) {
                let columns = yours
                    .columns()
                    .into_iter()
                    .all(|c| close(c.sum(), 1.0, 1e-9, 1e-9));
                let hint = match columns {
                    true => say(
                        "每一列之和为 1：你沿查询方向（列）做了归一化，而每个查询的分布是一行，沿键的方向",
                        "every column sums to 1: you normalised over the queries (a column), but each query's distribution is a row, over the keys",
                    ),
                    false => say("少了除以该行之和？", "a missing division by the row's sum?"),
                };
                return Err(say(
                    format!("第 {i} 行之和为 {sum}，应为 1：{hint}"),
                    format!("row {i} sums to {sum}, not 1: {hint}"),
                ));
            }
            compare_row(
                &yours,
                i,
                &naive_softmax(&rows[i]),
                &say(
                    "应为 exp(s[i][j]) / Σₖ exp(s[i][k])",
                    "expected exp(s[i][j]) / Σₖ exp(s[i][k])",
                ),
            )?;
        }
        Ok(())
    })
}

/// Row i is shifted by OFFSETS[i % 4]: rows far above 0 overflow exp, rows far below it
/// underflow it, and no shift common to all rows helps.
const OFFSETS: [f64; 4] = [-2000.0, 1000.0, -1000.0, 2000.0];

fn rows_far_apart() -> Verdict {
    property(scores(2..5), |rows| {
        let scores = matrix(&rows);
        let shifted =
            Array2::from_shape_fn(scores.dim(), |(i, j)| scores[[i, j]] + OFFSETS[i % 4]);
        let yours = learner::masked_softmax(&shifted);
        shape("masked_softmax(scores)", yours.shape(), scores.shape())?;
        for i in 0..scores.nrows() {
            let offset = OFFSETS[i % 4];
            if yours.row(i).iter().any(|p| !p.is_finite()) {
                return Err(say(
                    format!(
                        "第 {i} 行（每个得分加了 {offset}）出现 NaN 或无穷大：exp({offset:+}) 在 f64 中上溢或下溢；给一行的所有得分加同一个常数不改变它的 softmax"
                    ),
                    format!(
                        "row {i} (every score plus {offset}) holds NaN or infinity: exp({offset:+}) overflows or underflows in f64; adding one constant to a whole row does not change its softmax"
                    ),
                ));
            }
            compare_row(
                &yours,
                i,
                &naive_softmax(&rows[i]),
                &say(
                    format!("第 {i} 行每个得分加了 {offset}，softmax 不应改变"),
                    format!("row {i} had {offset} added to every score, which must not change its softmax"),
                ),
            )?;
        }
        Ok(())
    })
}

/// Scores with about a third of the keys masked (−∞), at least one key left in every row.
fn masked_scores() -> impl Strategy<Value = (Vec<Vec<f64>>, Vec<Vec<bool>>)> {
    (scores(1..5), vec(0..3u8, 30), vec(any::<Index>(), 6)).prop_map(|(rows, draws, keep)| {
        let s = rows[0].len();
        let masked: Vec<Vec<bool>> = (0..rows.len())
            .map(|i| {
                let mut row: Vec<bool> = (0..s).map(|j| draws[i * 5 + j] == 0).collect();
                row[keep[i].index(s)] = false;
                row
            })
            .collect();
        (rows, masked)
    })
}

fn masked_keys() -> Verdict {
    property(masked_scores(), |(rows, masked)| {
        let scores = Array2::from_shape_fn((rows.len(), rows[0].len()), |(i, j)| {
            match masked[i][j] {
                true => f64::NEG_INFINITY,
                false => rows[i][j],
            }
        });
        let yours = learner::masked_softmax(&scores);
        shape("masked_softmax(scores)", yours.shape(), scores.shape())?;
        for i in 0..scores.nrows() {
            // The softmax of the unmasked scores alone, put back in their places.
            let kept: Vec<f64> = (0..rows[i].len())
                .filter(|&j| !masked[i][j])
                .map(|j| rows[i][j])
                .collect();
            let mut kept_weights = naive_softmax(&kept).into_iter();
            let expected: Vec<f64> = (0..rows[i].len())
                .map(|j| match masked[i][j] {
                    true => 0.0,
                    false => kept_weights.next().unwrap_or(f64::NAN),
                })
                .collect();
            if let Some(j) = (0..expected.len()).find(|&j| masked[i][j] && yours[[i, j]] != 0.0) {
                return Err(say(
                    format!(
                        "第 {i} 行：键 {j} 被遮住（得分 −∞），权重却是 {}，应恰为 0",
                        yours[[i, j]]
                    ),
                    format!(
                        "row {i}: key {j} is masked (score −∞) but weighs {}, not exactly 0",
                        yours[[i, j]]
                    ),
                ));
            }
            compare_row(
                &yours,
                i,
                &expected,
                &say(
                    "未遮住的键应按它们自己的得分分配全部权重",
                    "the unmasked keys should share all the weight by their own scores",
                ),
            )?;
        }
        Ok(())
    })
}

fn fully_masked_row() -> Verdict {
    property((scores(2..5), any::<Index>()), |(rows, which)| {
        let blind = which.index(rows.len());
        let scores = Array2::from_shape_fn((rows.len(), rows[0].len()), |(i, j)| {
            match i == blind {
                true => f64::NEG_INFINITY,
                false => rows[i][j],
            }
        });
        let yours = learner::masked_softmax(&scores);
        shape("masked_softmax(scores)", yours.shape(), scores.shape())?;
        let row = yours.row(blind).to_vec();
        if row.iter().any(|p| p.is_nan()) {
            return Err(say(
                format!(
                    "第 {blind} 行的得分全是 −∞，结果却含 NaN：这一行没有有限的最大值可减（−∞ − (−∞) 是 NaN），要单独处理"
                ),
                format!(
                    "row {blind} is all −∞ and your weights there hold NaN: that row has no finite maximum to subtract (−∞ − (−∞) is NaN), so it needs handling of its own"
                ),
            ));
        }
        if row.iter().any(|&p| p != 0.0) {
            let uniform = row.iter().all(|&p| close(p, 1.0 / row.len() as f64, 1e-12, 0.0));
            let hint = match uniform {
                true => say(
                    "均匀分布 1/S 是另一种约定，但它让查询去关注被禁止的键；本练习的约定是整行为 0",
                    "a uniform 1/S is another convention, but it makes the query attend to forbidden keys; this exercise's convention is a row of zeros",
                ),
                false => say(
                    "本练习的约定是整行为 0：这个查询没有可关注的键",
                    "this exercise's convention is a row of zeros: the query has no key to attend to",
                ),
            };
            return Err(say(
                format!("第 {blind} 行的得分全是 −∞，权重为 {row:?}：{hint}"),
                format!("row {blind} is all −∞ and its weights are {row:?}: {hint}"),
            ));
        }
        for i in (0..rows.len()).filter(|&i| i != blind) {
            compare_row(
                &yours,
                i,
                &naive_softmax(&rows[i]),
                &say(
                    format!("第 {blind} 行全被遮住，但第 {i} 行是普通的一行"),
                    format!("row {blind} is fully masked, but row {i} is an ordinary row"),
                ),
            )?;
        }
        Ok(())
    })
}
