//! # The causal mask / 因果掩码
//!
//! Query i is at position offset + i, where offset = S − T is the number of cached positions
//! before the first query; it sees key j when j ≤ offset + i. Every query sees at least key 0,
//! so no row is fully masked, and the mask goes in before the softmax, where −∞ becomes a weight
//! of exactly 0 and the visible keys share all of the weight.

use ndarray::Array2;

/// The causal mask (T, S) of `queries` = T queries that are the last T of `keys` = S positions
/// (S ≥ T): 0 where the query may see the key, −∞ where the key comes after it.
pub fn causal_mask(queries: usize, keys: usize) -> Array2<f64> {
    let offset = keys - queries;
    Array2::from_shape_fn((queries, keys), |(i, j)| match j <= offset + i {
        true => 0.0,
        false => f64::NEG_INFINITY,
    })
}

/// The attention weights (T, S) of the raw `scores` (T, S) under the causal mask: every row a
/// distribution over the keys its query may see.
pub fn causal_weights(scores: &Array2<f64>) -> Array2<f64> {
    let (queries, keys) = scores.dim();
    let mut weights = scores + &causal_mask(queries, keys);
    for mut row in weights.rows_mut() {
        let max = row.fold(f64::NEG_INFINITY, |m, &s| m.max(s));
        row.mapv_inplace(|s| (s - max).exp());
        let sum = row.sum();
        row /= sum;
    }
    weights
}
