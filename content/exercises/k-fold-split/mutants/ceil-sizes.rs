//! Mistake: blocks of ⌈n/k⌉ samples, so the last folds are short (or missing).

/// The k (train, test) index pairs of k-fold cross-validation over n samples.
pub fn k_fold(n: usize, k: usize) -> Vec<(Vec<usize>, Vec<usize>)> {
    let indices: Vec<usize> = (0..n).collect();
    indices
        .chunks(n.div_ceil(k))
        .map(|test| {
            let train = indices
                .iter()
                .copied()
                .filter(|i| !test.contains(i))
                .collect();
            (train, test.to_vec())
        })
        .collect()
}
