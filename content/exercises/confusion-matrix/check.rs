use llmpath_checker::ndarray::Array2;
use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::{Check, Verdict, property, say};

const CHECKS: &[Check] = &[
    Check {
        zh: "矩阵是 K × K，K = 最大标签 + 1",
        en: "the matrix is K × K with K = 1 + the largest label",
        run: size,
    },
    Check {
        zh: "一个小例子：行是真实类别，列是预测类别",
        en: "a small case: rows are true labels, columns predicted ones",
        run: small_case,
    },
    Check {
        zh: "只出现在预测中的类别也有自己的行和列",
        en: "a class that is only predicted still gets its row and column",
        run: predicted_only_class,
    },
    Check {
        zh: "随机标签：与逐格计数的结果一致",
        en: "random labels: matches counting every cell",
        run: random_labels,
    },
];

/// C[i][j] by counting, cell by cell, the pairs with true label i and prediction j.
fn reference(y_true: &[usize], y_pred: &[usize]) -> Array2<usize> {
    let k = 1 + y_true.iter().chain(y_pred).fold(0, |m, &v| m.max(v));
    Array2::from_shape_fn((k, k), |(i, j)| {
        (0..y_true.len())
            .filter(|&s| y_true[s] == i && y_pred[s] == j)
            .count()
    })
}

/// The rows of a matrix, for a diagnosis: [[1, 0], [2, 3]].
fn rows(c: &Array2<usize>) -> String {
    let rows: Vec<String> = c
        .outer_iter()
        .map(|r| format!("{:?}", r.to_vec()))
        .collect();
    format!("[{}]", rows.join(", "))
}

/// Compares yours with the reference and names the likely mistake.
fn compare(y_true: &[usize], y_pred: &[usize]) -> Verdict {
    let yours = learner::confusion_matrix(y_true, y_pred);
    let expected = reference(y_true, y_pred);
    let k = expected.nrows();
    let truth_only = 1 + y_true.iter().fold(0, |m, &v| m.max(v));
    if yours.dim() == (truth_only, truth_only) && truth_only != k {
        return Err(say(
            format!(
                "矩阵是 {truth_only} × {truth_only}，只看了真实标签：预测里出现了类别 {}，K 应为 {k}",
                k - 1
            ),
            format!(
                "the matrix is {truth_only} × {truth_only}, sized from the true labels only: the predictions contain class {}, so K is {k}",
                k - 1
            ),
        ));
    }
    if yours.dim() != (k, k) {
        return Err(say(
            format!(
                "矩阵形状为 {:?}，应为 ({k}, {k})：标签是 0…{}，K = 最大标签 + 1",
                yours.dim(),
                k - 1
            ),
            format!(
                "the matrix has shape {:?}, expected ({k}, {k}): labels run 0…{}, so K = 1 + the largest",
                yours.dim(),
                k - 1
            ),
        ));
    }
    if yours == expected {
        return Ok(());
    }
    let total: usize = yours.sum();
    if yours == expected.t() {
        return Err(say(
            format!(
                "得到 {}：这是转置，行应是真实类别、列是预测类别",
                rows(&yours)
            ),
            format!(
                "got {}: that is the transpose; rows are true labels, columns predicted ones",
                rows(&yours)
            ),
        ));
    }
    if total != y_true.len() {
        let diagonal: usize = yours.diag().sum();
        let hint = if diagonal == total {
            say(
                "只有对角线有计数：预测错误的样本也要计入",
                "only the diagonal has counts: wrong predictions count too",
            )
        } else {
            say("每个样本应恰好计数一次", "every sample counts exactly once")
        };
        return Err(say(
            format!("{} 个样本，矩阵总和却是 {total}：{hint}", y_true.len()),
            format!(
                "{} samples but the matrix sums to {total}: {hint}",
                y_true.len()
            ),
        ));
    }
    let (i, j) = (0..k)
        .flat_map(|i| (0..k).map(move |j| (i, j)))
        .find(|&(i, j)| yours[[i, j]] != expected[[i, j]])
        .unwrap_or((0, 0));
    Err(say(
        format!(
            "C[{i}][{j}] 是 {}，但真实为 {i}、预测为 {j} 的样本有 {} 个",
            yours[[i, j]],
            expected[[i, j]]
        ),
        format!(
            "C[{i}][{j}] is {}, but {} samples are truly {i} and predicted {j}",
            yours[[i, j]],
            expected[[i, j]]
        ),
    ))
}

fn size() -> Verdict {
    let (y_true, y_pred) = ([0, 1, 2, 1], [0, 2, 1, 1]);
    let yours = learner::confusion_matrix(&y_true, &y_pred);
    match yours.dim() {
        (3, 3) => Ok(()),
        dim => Err(say(
            format!(
                "y_true = {y_true:?}、y_pred = {y_pred:?}：形状为 {dim:?}，应为 (3, 3)（标签 0、1、2）"
            ),
            format!(
                "y_true = {y_true:?}, y_pred = {y_pred:?}: shape {dim:?}, expected (3, 3) (labels 0, 1, 2)"
            ),
        )),
    }
}

fn small_case() -> Verdict {
    let y_true = [0, 0, 0, 1, 1, 2, 2, 2];
    let y_pred = [0, 1, 1, 1, 2, 2, 0, 2];
    compare(&y_true, &y_pred).map_err(|why| {
        say(
            format!("y_true = {y_true:?}、y_pred = {y_pred:?}：{why}"),
            format!("y_true = {y_true:?}, y_pred = {y_pred:?}: {why}"),
        )
    })
}

fn random_labels() -> Verdict {
    let labels = (1usize..6, 1usize..30).prop_flat_map(|(k, n)| (vec(0..k, n), vec(0..k, n)));
    property(labels, |(y_true, y_pred)| compare(&y_true, &y_pred))
}

fn predicted_only_class() -> Verdict {
    // Class 2 is never the truth, but the classifier predicts it twice.
    let y_true = [0, 1, 0, 1];
    let y_pred = [0, 1, 2, 2];
    compare(&y_true, &y_pred).map_err(|why| {
        say(
            format!("y_true = {y_true:?}、y_pred = {y_pred:?}（类别 2 只出现在预测中）：{why}"),
            format!("y_true = {y_true:?}, y_pred = {y_pred:?} (class 2 is only predicted): {why}"),
        )
    })
}
