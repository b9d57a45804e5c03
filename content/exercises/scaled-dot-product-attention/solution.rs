//! # Scaled dot-product attention / 缩放点积注意力
//!
//! The scores are one product (T, d_k)·(d_k, S); forbidden keys get −∞ before the softmax, so
//! their weight is exactly 0 and the allowed keys share all of it. Each row is shifted by its
//! own maximum; a row with no allowed key has no finite maximum and is set to zeros instead.

use ndarray::Array2;

/// softmax(q kᵀ / √d_k) v for `q` (T, d_k), `k` (S, d_k) and `v` (S, d_v): (T, d_v). Where
/// `mask` (T, S) is given, query i attends only to the keys j with `mask[[i, j]]`; a query with
/// none outputs zeros.
pub fn attention(
    q: &Array2<f64>,
    k: &Array2<f64>,
    v: &Array2<f64>,
    mask: Option<&Array2<bool>>,
) -> Array2<f64> {
    let scale = 1.0 / (q.ncols() as f64).sqrt();
    let mut weights = q.dot(&k.t()) * scale; // (T, S)
    if let Some(mask) = mask {
        weights.zip_mut_with(mask, |score, &allowed| {
            if !allowed {
                *score = f64::NEG_INFINITY;
            }
        });
    }
    for mut row in weights.rows_mut() {
        let max = row.fold(f64::NEG_INFINITY, |m, &s| m.max(s));
        if max == f64::NEG_INFINITY {
            row.fill(0.0);
            continue;
        }
        row.mapv_inplace(|s| (s - max).exp());
        let sum = row.sum();
        row /= sum;
    }
    weights.dot(v) // (T, d_v)
}
