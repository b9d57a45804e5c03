//! Cross-validation: how well a model scores on rows it was not fitted on, with scikit-learn's
//! folds, so that our fold scores can equal scikit-learn's one by one. The model-selection lab
//! picks models with it; the ensembles lab compares them.
//!
//! ```text
//! CV         (1/K) Σₖ score(model fitted on the rows outside Fₖ, rows in Fₖ)    F₁…F_K a partition
//! KFold      Fₖ consecutive blocks, the first n mod K of ⌊n/K⌋ + 1 rows (scikit-learn: no shuffle)
//! stratified sort the labels, deal them round robin: a_kc = #class c in fold k; then each class,
//!            in file order, fills fold 0 with a_0c rows, fold 1 with a_1c, …
//! spread     std = √((1/K) Σₖ (scoreₖ − CV)²) (population, as NumPy's `std`)
//! hold-out   one split instead of K: fit on the training rows, score the test rows
//! ```
//!
//! References:
//! - Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning* (2nd ed., 2009),
//!   §7.10 (cross-validation).
//! - Kohavi, "A study of cross-validation and bootstrap for accuracy estimation and model
//!   selection", IJCAI (1995): stratified 10-fold as the default.
//! - scikit-learn: `KFold`, `StratifiedKFold`, `cross_val_score`.

use std::iter::repeat_n;

use ndarray::{Array2, Axis};

use crate::Fallible;
use crate::pipeline::Estimator;

/// A score of predictions ŷ against the truth y (higher is better): accuracy, R², …
pub type Score = fn(&[f64], &[f64]) -> f64;

/// scikit-learn's `KFold(k)`: the test fold of each of the n rows.
pub fn k_fold(n: usize, k: usize) -> Vec<usize> {
    (0..k).flat_map(|f| repeat_n(f, n / k + usize::from(f < n % k))).collect()
}

/// scikit-learn's `StratifiedKFold(k)`: the test fold of each row.
pub fn stratified_k_fold(y: &[usize], k: usize) -> Vec<usize> {
    let first = |c: &usize| y.iter().position(|d| d == c);
    let mut classes = y.to_vec(); // in order of first appearance, as scikit-learn numbers them
    classes.sort_by_key(first);
    classes.dedup();
    let code: Vec<usize> =
        y.iter().map(|c| classes.iter().position(|d| d == c).unwrap_or(0)).collect();
    let mut sorted = code.clone();
    sorted.sort_unstable();
    let mut a = vec![vec![0; classes.len()]; k]; // (K, classes): a[f][c] rows of c in fold f
    sorted.iter().enumerate().for_each(|(i, &c)| a[i % k][c] += 1);
    let mut deal: Vec<_> = (0..classes.len())
        .map(|c| (0..k).flat_map(|f| repeat_n(f, a[f][c])).collect::<Vec<_>>().into_iter())
        .collect();
    code.iter().map(|&c| deal[c].next().unwrap_or(0)).collect()
}

/// The training and test rows of fold f.
pub fn split(folds: &[usize], f: usize) -> (Vec<usize>, Vec<usize>) {
    (0..folds.len()).partition(|&i| folds[i] != f)
}

/// The mean of fold scores.
pub fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// The population standard deviation of fold scores (NumPy's `std`, ddof = 0).
pub fn std(v: &[f64]) -> f64 {
    let m = mean(v);
    (v.iter().map(|s| (s - m) * (s - m)).sum::<f64>() / v.len() as f64).sqrt()
}

/// Equal fold scores: scikit-learn's 29/30 is 0.9666666666666668, ours 0.9666666666666667.
pub fn same(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| (a - b).abs() <= 1e-12)
}

/// Training and test score of each fold.
#[derive(Debug)]
pub struct Scores {
    pub train: Vec<f64>, // (K,)
    pub test: Vec<f64>,  // (K,)
}

/// `cross_val_score`, with the training scores too: fit on the rows outside each fold.
pub fn cross_val_score(
    model: &mut dyn Estimator,
    (x, y): (&Array2<f64>, &[f64]),
    folds: &[usize],
    score: Score,
) -> Fallible<Scores> {
    let mut s = Scores { train: Vec::new(), test: Vec::new() };
    for f in 0..=folds.iter().copied().max().unwrap_or(0) {
        let (train, test) = split(folds, f);
        let rows =
            |idx: &[usize]| (x.select(Axis(0), idx), idx.iter().map(|&i| y[i]).collect::<Vec<_>>());
        let ((x_train, y_train), (x_test, y_test)) = (rows(&train), rows(&test));
        model.fit(&x_train, &y_train)?;
        s.train.push(score(&y_train, &model.predict(&x_train)?));
        s.test.push(score(&y_test, &model.predict(&x_test)?));
    }
    Ok(s)
}

/// `model` fitted on the `train` rows: its predictions for the `test` rows, and their score.
pub fn holdout(
    model: &mut dyn Estimator,
    (x, y): (&Array2<f64>, &[f64]),
    (test, train): (&[usize], &[usize]),
    score: Score,
) -> Fallible<(Vec<f64>, f64)> {
    let pick = |rows: &[usize]| rows.iter().map(|&i| y[i]).collect::<Vec<_>>();
    model.fit(&x.select(Axis(0), train), &pick(train))?;
    let y_hat = model.predict(&x.select(Axis(0), test))?;
    let s = score(&pick(test), &y_hat);
    Ok((y_hat, s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::accuracy;

    #[test]
    fn folds_are_sklearns() {
        // StratifiedKFold(3) on labels that first appear as 2, 0, 1 (made by scikit-learn 1.9.1).
        let y = [2, 2, 0, 1, 0, 2, 1, 1, 0, 2, 2, 0, 2];
        assert_eq!(stratified_k_fold(&y, 3), [0, 0, 0, 0, 0, 1, 1, 2, 1, 1, 2, 2, 2]);
        assert_eq!(k_fold(7, 3), [0, 0, 0, 1, 1, 2, 2]);
        assert_eq!((mean(&[1.0, 2.0, 6.0]), std(&[1.0, 3.0])), (3.0, 1.0));
    }

    /// Records the targets (here: row numbers) each fit sees.
    struct Spy(Vec<Vec<f64>>);

    impl Estimator for Spy {
        fn fit(&mut self, _: &Array2<f64>, y: &[f64]) -> Fallible<()> {
            self.0.push(y.to_vec());
            Ok(())
        }
        fn predict(&self, x: &Array2<f64>) -> Fallible<Vec<f64>> {
            Ok(vec![0.0; x.nrows()])
        }
    }

    #[test]
    fn fits_see_the_training_rows_only() {
        let folds = k_fold(10, 3);
        let (x, rows) = (Array2::zeros((10, 1)), Vec::from_iter((0..10).map(f64::from)));
        let mut spy = Spy(Vec::new());
        cross_val_score(&mut spy, (&x, &rows), &folds, accuracy).unwrap();
        for (f, seen) in spy.0.iter().enumerate() {
            assert_eq!(seen, &split(&folds, f).0.iter().map(|&i| i as f64).collect::<Vec<_>>());
        }
        let mut spy = Spy(Vec::new());
        holdout(&mut spy, (&x, &rows), (&[0, 5], &[1, 2, 3]), accuracy).unwrap();
        assert_eq!(spy.0, [[1.0, 2.0, 3.0]]);
    }
}
