//! # The softmax of attention, with masked keys / 注意力中的 softmax（带掩码）
//!
//! Each row is shifted by its own largest score, so no exponent is positive and nothing
//! overflows; a masked key's exp(−∞ − max) is exactly 0. A row with no finite score has no
//! maximum to shift by (−∞ − (−∞) is NaN): it is handled first, as all zeros.

use ndarray::Array2;

/// The attention weights of `scores` (T, S): softmax of each row, −∞ entries weighted 0, and
/// a row of zeros where every entry is −∞.
pub fn masked_softmax(scores: &Array2<f64>) -> Array2<f64> {
    let mut weights = scores.clone();
    for mut row in weights.rows_mut() {
        let max = row.fold(f64::NEG_INFINITY, |m, &s| m.max(s));
        if max == f64::NEG_INFINITY {
            // Every key is masked: this query attends to nothing.
            row.fill(0.0);
            continue;
        }
        row.mapv_inplace(|s| (s - max).exp());
        let sum = row.sum();
        row /= sum;
    }
    weights
}
