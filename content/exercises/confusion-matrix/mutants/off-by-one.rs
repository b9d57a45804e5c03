//! Mistake: K is the largest label, one class too few (labels run from 0 to K − 1).

use ndarray::Array2;

pub fn confusion_matrix(y_true: &[usize], y_pred: &[usize]) -> Array2<usize> {
    let k = y_true.iter().chain(y_pred).copied().max().unwrap_or(0);
    let mut c = Array2::zeros((k, k));
    for (&t, &p) in y_true.iter().zip(y_pred) {
        if t < k && p < k {
            c[[t, p]] += 1;
        }
    }
    c
}
