//! # Confusion matrix / 混淆矩阵
//!
//! A classifier's mistakes, counted: for K classes labelled 0, 1, …, K − 1, the confusion
//! matrix C is K × K and
//!
//! ```text
//! C[i][j] = the number of samples whose true label is i and whose predicted label is j
//! ```
//!
//! so rows are what a sample is, columns what it was called (scikit-learn's
//! `confusion_matrix(y_true, y_pred)`), the diagonal holds the correct predictions and
//! every sample is counted exactly once. K is 1 + the largest label in *either* list: a
//! classifier may predict a class that never occurs among the true labels.
//!
//! 把分类器的对错数出来：K 个类别记为 0, 1, …, K − 1，混淆矩阵 C 是 K × K 的，
//! C[i][j] = 真实类别为 i、预测类别为 j 的样本数。行是样本的真实类别，列是预测类别（与
//! scikit-learn 的 `confusion_matrix(y_true, y_pred)` 相同），对角线是预测正确的样本，每个样本
//! 恰好计数一次。K 等于两个列表中最大标签加 1：分类器可能预测出真实标签里从未出现的类别。
//!
//! Lab / 实验: `llmpath lab show logistic-regression`. Check / 检查: `llmpath check`.

use ndarray::Array2;

/// The K × K confusion matrix of `y_true` against `y_pred` (same length, never empty).
pub fn confusion_matrix(y_true: &[usize], y_pred: &[usize]) -> Array2<usize> {
    todo!(
        "count {} true labels against {} predictions",
        y_true.len(),
        y_pred.len()
    )
}
