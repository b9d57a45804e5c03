use llmpath_checker::ndarray::{Array2, array};
use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::proptest::sample::Index;
use llmpath_checker::{Check, Verdict, all_close, close, gradient, property, say, shape};

const CHECKS: &[Check] = &[
    Check {
        zh: "softmax 逐行与定义一致，每行之和为 1",
        en: "softmax matches its definition row by row, and every row sums to 1",
        run: softmax_matches_definition,
    },
    Check {
        zh: "各行 logits 相差 1000 时 softmax 仍然有限且精确",
        en: "softmax stays finite and exact when rows sit 1000 apart",
        run: softmax_rows_far_apart,
    },
    Check {
        zh: "损失是批量上 −log softmax(zᵢ)[yᵢ] 的平均值",
        en: "the loss is the batch mean of −log softmax(zᵢ)[yᵢ]",
        run: loss_matches_definition,
    },
    Check {
        zh: "logits 为 ±1000 时损失仍然精确",
        en: "the loss stays exact for logits of ±1000",
        run: loss_extreme,
    },
    Check {
        zh: "∂L/∂Z 与有限差分一致（B ≥ 2）",
        en: "∂L/∂Z matches finite differences (B ≥ 2)",
        run: gradient_matches,
    },
    Check {
        zh: "logits 为 ±1000 时 ∂L/∂Z 仍然有限且精确",
        en: "∂L/∂Z stays finite and exact for logits of ±1000",
        run: gradient_extreme,
    },
];

/// Logits (B, K) as rows, B in `batch`, K in 2..5 (fixed-width draws cut to size, so a failure
/// shrinks quickly), and one label per row.
fn batches(batch: std::ops::Range<usize>) -> impl Strategy<Value = (Vec<Vec<f64>>, Vec<usize>)> {
    (
        batch,
        2..5usize,
        vec(-10.0..10.0f64, 20),
        vec(any::<Index>(), 5),
    )
        .prop_map(|(rows, cols, z, labels)| {
            let logits = (0..rows).map(|i| z[i * 4..i * 4 + cols].to_vec()).collect();
            let labels = labels[..rows].iter().map(|l| l.index(cols)).collect();
            (logits, labels)
        })
}

fn matrix(rows: &[Vec<f64>]) -> Array2<f64> {
    Array2::from_shape_fn((rows.len(), rows[0].len()), |(i, j)| rows[i][j])
}

/// softmax of one row straight from the definition: fine for |z| < 30.
fn naive_softmax(row: &[f64]) -> Vec<f64> {
    let sum: f64 = row.iter().map(|z| z.exp()).sum();
    row.iter().map(|z| z.exp() / sum).collect()
}

/// The reference loss: each row's log-sum-exp shifted by that row's own max.
fn reference_loss(logits: &Array2<f64>, labels: &[usize]) -> f64 {
    let mut total = 0.0;
    for (i, &y) in labels.iter().enumerate() {
        let row: Vec<f64> = logits.row(i).to_vec();
        let max = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let sum: f64 = row.iter().map(|z| (z - max).exp()).sum();
        total += max + sum.ln() - row[y];
    }
    total / labels.len() as f64
}

fn softmax_matches_definition() -> Verdict {
    property(batches(1..5), |(rows, _)| {
        let logits = matrix(&rows);
        let yours = learner::softmax(&logits);
        shape("softmax(Z)", yours.shape(), logits.shape())?;
        for i in 0..logits.nrows() {
            let sum = yours.row(i).sum();
            if !close(sum, 1.0, 1e-12, 1e-12) {
                let columns = yours
                    .columns()
                    .into_iter()
                    .all(|c| close(c.sum(), 1.0, 1e-9, 1e-9));
                let hint = match columns {
                    true => say(
                        "每一列之和为 1：你沿批量方向（列）做了归一化，而每个样本是一行",
                        "every column sums to 1: you normalised along the batch (columns), but each sample is a row",
                    ),
                    false => say("少了除以该行之和？", "a missing division by the row's sum?"),
                };
                return Err(say(
                    format!("第 {i} 行概率之和为 {sum}，应为 1：{hint}"),
                    format!("row {i} sums to {sum}, not 1: {hint}"),
                ));
            }
            let row = logits.row(i).to_vec();
            if let Some(k) = all_close(&yours.row(i).to_vec(), &naive_softmax(&row), 1e-10, 1e-15) {
                return Err(say(
                    format!(
                        "P[{i}][{k}] 为 {}，与 exp(Z[i][k]) / Σⱼ exp(Z[i][j]) 不符",
                        yours[[i, k]]
                    ),
                    format!(
                        "P[{i}][{k}] is {}, not exp(Z[i][k]) / Σⱼ exp(Z[i][j])",
                        yours[[i, k]]
                    ),
                ));
            }
        }
        Ok(())
    })
}

fn softmax_rows_far_apart() -> Verdict {
    // Row i is shifted by 1000·i − 1000: no shift common to the whole batch keeps every row's
    // exponents in range.
    property(batches(2..5), |(rows, _)| {
        let logits = matrix(&rows);
        let shifted = Array2::from_shape_fn(logits.dim(), |(i, j)| {
            logits[[i, j]] + 1000.0 * i as f64 - 1000.0
        });
        let yours = learner::softmax(&shifted);
        shape("softmax(Z)", yours.shape(), logits.shape())?;
        if yours.iter().any(|p| !p.is_finite()) {
            return Err(say(
                "结果含 NaN 或无穷大：减去每一行自己的最大值（不是整个批量的最大值）再取 exp",
                "NaN or infinity: subtract each row's own maximum (not the whole batch's) before exp",
            ));
        }
        for i in 0..logits.nrows() {
            let expected = naive_softmax(&logits.row(i).to_vec());
            if let Some(k) = all_close(&yours.row(i).to_vec(), &expected, 1e-9, 1e-300) {
                return Err(say(
                    format!(
                        "第 {i} 行加上 {} 后 P[{i}][{k}] 变了：给一行加常数不应改变它的 softmax",
                        1000.0 * i as f64 - 1000.0
                    ),
                    format!(
                        "adding {} to row {i} changed P[{i}][{k}]: a constant added to a row must not change its softmax",
                        1000.0 * i as f64 - 1000.0
                    ),
                ));
            }
        }
        Ok(())
    })
}

fn loss_matches_definition() -> Verdict {
    property(batches(1..5), |(rows, labels)| {
        let logits = matrix(&rows);
        let (yours, _) = learner::cross_entropy(&logits, &labels);
        let expected = reference_loss(&logits, &labels);
        if close(yours, expected, 1e-9, 1e-12) {
            return Ok(());
        }
        let batch = labels.len() as f64;
        let hint = if batch > 1.0 && close(yours, batch * expected, 1e-9, 1e-12) {
            say(
                "大了 B 倍：损失是批量上的平均值",
                "B times too large: the loss is the mean over the batch",
            )
        } else if close(-yours, expected, 1e-9, 1e-12) {
            say(
                "符号反了：损失总是 ≥ 0",
                "the sign is flipped: the loss is always ≥ 0",
            )
        } else {
            say(
                "应为 (1/B) Σᵢ (log Σⱼ exp(Z[i][j]) − Z[i][yᵢ])",
                "it should be (1/B) Σᵢ (log Σⱼ exp(Z[i][j]) − Z[i][yᵢ])",
            )
        };
        Err(say(
            format!("B = {batch}，标签 {labels:?}：损失为 {yours}，应为 {expected}：{hint}"),
            format!(
                "B = {batch}, labels {labels:?}: the loss is {yours}, expected {expected}: {hint}"
            ),
        ))
    })
}

/// A batch whose true classes' probabilities underflow to 0 in f64, from rows 2000 apart.
fn extreme() -> (Array2<f64>, Vec<usize>) {
    (array![[1000.0, 0.0, -5.0], [-1000.0, 0.0, 2.0]], vec![1, 0])
}

const EXTREME: &str = "[[1000, 0, −5], [−1000, 0, 2]]";

fn loss_extreme() -> Verdict {
    let (logits, labels) = extreme();
    let (yours, _) = learner::cross_entropy(&logits, &labels);
    let expected = reference_loss(&logits, &labels);
    match close(yours, expected, 1e-12, 0.0) {
        true => Ok(()),
        false => Err(say(
            format!(
                "logits {EXTREME}、标签 {labels:?}：损失为 {yours}，应为 {expected:.3}：用每一行的 log-sum-exp 计算，而不是对下溢成 0 的概率取对数"
            ),
            format!(
                "logits {EXTREME}, labels {labels:?}: the loss is {yours}, expected {expected:.3}: use each row's log-sum-exp rather than the log of a probability that underflowed to 0"
            ),
        )),
    }
}

fn gradient_matches() -> Verdict {
    property(batches(2..5), |(rows, labels)| {
        let logits = matrix(&rows);
        let (_, yours) = learner::cross_entropy(&logits, &labels);
        shape("∂L/∂Z", yours.shape(), logits.shape())?;
        let (rows, cols) = logits.dim();
        let at: Vec<f64> = logits.iter().copied().collect();
        let yours_flat: Vec<f64> = yours.iter().copied().collect();
        let loss = |flat: &[f64]| {
            reference_loss(
                &Array2::from_shape_fn((rows, cols), |(i, j)| flat[i * cols + j]),
                &labels,
            )
        };
        gradient("∂L/∂Z", loss, &at, &yours_flat).map_err(|e| {
            say(
                format!("B = {rows}，K = {cols}，标签 {labels:?}，按行优先展开：{e}"),
                format!("B = {rows}, K = {cols}, labels {labels:?}, flattened row by row: {e}"),
            )
        })
    })
}

fn gradient_extreme() -> Verdict {
    let (logits, labels) = extreme();
    let (_, yours) = learner::cross_entropy(&logits, &labels);
    shape("∂L/∂Z", yours.shape(), logits.shape())?;
    // (P − Y)/B with P computed row by row from shifted logits.
    let batch = labels.len() as f64;
    for i in 0..logits.nrows() {
        let row = logits.row(i).to_vec();
        let max = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let exps: Vec<f64> = row.iter().map(|z| (z - max).exp()).collect();
        let sum: f64 = exps.iter().sum();
        for k in 0..row.len() {
            let one_hot = if k == labels[i] { 1.0 } else { 0.0 };
            let expected = (exps[k] / sum - one_hot) / batch;
            if !close(yours[[i, k]], expected, 1e-12, 1e-300) {
                let hint = match yours.iter().all(|g| g.is_finite()) {
                    true => say(
                        "在一般大小的 logits 上成立的那条规则（上一项检查），在这里也必须成立",
                        "the rule that holds at moderate logits (the check before) must hold here too",
                    ),
                    false => say(
                        "出现了 NaN 或无穷大：每一行都要先减去自己的最大值",
                        "NaN or infinity: shift every row by its own maximum first",
                    ),
                };
                return Err(say(
                    format!(
                        "logits {EXTREME}、标签 {labels:?}：∂L/∂Z[{i}][{k}] 为 {}，应为 {expected:.6}：{hint}",
                        yours[[i, k]]
                    ),
                    format!(
                        "logits {EXTREME}, labels {labels:?}: ∂L/∂Z[{i}][{k}] is {}, expected {expected:.6}: {hint}",
                        yours[[i, k]]
                    ),
                ));
            }
        }
    }
    Ok(())
}
