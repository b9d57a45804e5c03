//! Mistake: the training set is every sample, the test fold included.

/// The k (train, test) index pairs of k-fold cross-validation over n samples.
pub fn k_fold(n: usize, k: usize) -> Vec<(Vec<usize>, Vec<usize>)> {
    let mut folds = Vec::with_capacity(k);
    let mut start = 0;
    for f in 0..k {
        // The n % k samples left over go one each to the first folds, as in scikit-learn.
        let size = n / k + usize::from(f < n % k);
        let end = start + size;
        let test: Vec<usize> = (start..end).collect();
        let train: Vec<usize> = (0..n).collect();
        folds.push((train, test));
        start = end;
    }
    folds
}
