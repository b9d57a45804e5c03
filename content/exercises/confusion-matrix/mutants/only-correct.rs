//! Mistake: only correct predictions are counted (the off-diagonal stays 0).

use ndarray::Array2;

pub fn confusion_matrix(y_true: &[usize], y_pred: &[usize]) -> Array2<usize> {
    let k = y_true.iter().chain(y_pred).max().map_or(0, |&m| m + 1);
    let mut c = Array2::zeros((k, k));
    for (&t, &p) in y_true.iter().zip(y_pred) {
        if t == p {
            c[[t, t]] += 1;
        }
    }
    c
}
