//! # k-fold cross-validation indices / k 折交叉验证的下标
//!
//! Walk the folds in order, each a block of ⌊n/k⌋ samples plus one for the first n % k;
//! the training set is everything before and after the block.

/// The k (train, test) index pairs of k-fold cross-validation over n samples.
pub fn k_fold(n: usize, k: usize) -> Vec<(Vec<usize>, Vec<usize>)> {
    let mut folds = Vec::with_capacity(k);
    let mut start = 0;
    for f in 0..k {
        // The n % k samples left over go one each to the first folds, as in scikit-learn.
        let size = n / k + usize::from(f < n % k);
        let end = start + size;
        let test: Vec<usize> = (start..end).collect();
        let train: Vec<usize> = (0..start).chain(end..n).collect(); // never the test block
        folds.push((train, test));
        start = end;
    }
    folds
}
