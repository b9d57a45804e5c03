//! Mistake: rows are the predicted labels and columns the true ones (the transpose).

use ndarray::Array2;

pub fn confusion_matrix(y_true: &[usize], y_pred: &[usize]) -> Array2<usize> {
    let k = y_true.iter().chain(y_pred).max().map_or(0, |&m| m + 1);
    let mut c = Array2::zeros((k, k));
    for (&t, &p) in y_true.iter().zip(y_pred) {
        c[[p, t]] += 1;
    }
    c
}
