//! Mistake: every fold has ⌊n/k⌋ samples, so the n % k left over are never tested.

/// The k (train, test) index pairs of k-fold cross-validation over n samples.
pub fn k_fold(n: usize, k: usize) -> Vec<(Vec<usize>, Vec<usize>)> {
    let mut folds = Vec::with_capacity(k);
    let mut start = 0;
    for _ in 0..k {
        let size = n / k;
        let end = start + size;
        let test: Vec<usize> = (start..end).collect();
        let train: Vec<usize> = (0..start).chain(end..n).collect(); // never the test block
        folds.push((train, test));
        start = end;
    }
    folds
}
