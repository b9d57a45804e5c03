//! # Confusion matrix / 混淆矩阵
//!
//! C[i][j] counts the samples of true class i predicted as j: one pass over the pairs.

use ndarray::Array2;

/// The K × K confusion matrix of `y_true` against `y_pred` (same length, never empty).
pub fn confusion_matrix(y_true: &[usize], y_pred: &[usize]) -> Array2<usize> {
    // K from both lists: a class may occur only among the predictions.
    let k = y_true.iter().chain(y_pred).max().map_or(0, |&m| m + 1);
    let mut c = Array2::zeros((k, k));
    for (&t, &p) in y_true.iter().zip(y_pred) {
        c[[t, p]] += 1; // row: what the sample is; column: what it was called
    }
    c
}
