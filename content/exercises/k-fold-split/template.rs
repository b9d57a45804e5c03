//! # k-fold cross-validation indices / k 折交叉验证的下标
//!
//! k-fold cross-validation splits the n samples 0, 1, …, n − 1 into k folds and uses each
//! fold once as the test set, training on the other k − 1. Like scikit-learn's
//! `KFold(n_splits=k)` (no shuffling), the folds are consecutive blocks, in order, and
//! when k does not divide n the *first* n % k folds get one sample more:
//!
//! ```text
//! size of fold f = ⌊n / k⌋ + (1 if f < n % k else 0)        n = 10, k = 4: 3, 3, 2, 2
//! ```
//!
//! Return one (train, test) pair per fold, fold 0 first, each list in increasing order. Every
//! sample is in exactly one test fold, and never in the training set of its own fold.
//!
//! k 折交叉验证把 n 个样本 0, 1, …, n − 1 分成 k 折，每一折轮流做一次测试集，其余 k − 1 折用于
//! 训练。与 scikit-learn 的 `KFold(n_splits=k)`（不打乱）相同：各折是按顺序排列的连续区间；
//! k 不能整除 n 时，*前* n % k 折各多一个样本。按折的顺序返回 (训练, 测试) 下标对，每个列表按
//! 升序排列。每个样本恰好属于一个测试折，且绝不出现在自己那一折的训练集中。
//!
//! 2 ≤ k ≤ n. Lab / 实验: `llmpath lab show model-selection`. Check / 检查: `llmpath check`.

/// The k (train, test) index pairs of k-fold cross-validation over n samples.
pub fn k_fold(n: usize, k: usize) -> Vec<(Vec<usize>, Vec<usize>)> {
    todo!("split {n} samples into {k} folds")
}
