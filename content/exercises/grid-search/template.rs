//! # Grid search with k-fold cross-validation / 带 k 折交叉验证的网格搜索
//!
//! A hyperparameter (k of k-NN, λ of ridge, C of an SVM…) is chosen by trying every
//! candidate in a grid and keeping the one that generalises best, as measured by k-fold
//! cross-validation: for candidate p and fold (train, test), fit a model with p on the
//! `train` rows only and score it on the `test` rows. Then
//!
//! ```text
//! mean(p) = (1/k) Σ_folds fit_score(p, train, test)
//! best    = the candidate with the highest mean (the first of equal ones, as scikit-learn)
//! ```
//!
//! `fit_score(p, train, test)` does the fitting and the scoring for you (higher is better);
//! your job is the loop: call it once per candidate and fold, with that fold's rows in that
//! order, and compare the candidates by their mean score: never by one fold, and never by a
//! score on rows the model was fitted on.
//!
//! 超参数（k-NN 的 k、岭回归的 λ、SVM 的 C……）的选法是：把网格里的每个候选都试一遍，留下用 k 折
//! 交叉验证衡量时泛化最好的那个。对候选 p 和一折 (train, test)，只用 `train` 行拟合、在 `test`
//! 行上打分。mean(p) 是 k 折分数的平均；最优候选是平均分最高的（并列时取第一个，与 scikit-learn
//! 相同）。`fit_score(p, train, test)` 替你完成拟合和打分（越高越好）；你要写的是循环：对每个
//! 候选和每一折各调用一次，按这个顺序传入该折的行，并用平均分比较候选——不能只看某一折，也不能
//! 用模型训练过的行上的分数。
//!
//! `grid` and `folds` are never empty. Lab / 实验: `llmpath lab show model-selection`.
//! Check / 检查: `llmpath check`.

/// The candidate with the best mean cross-validation score (the first of equals), and the
/// mean score of every candidate, in grid order.
pub fn grid_search<'a, P>(
    grid: &'a [P],
    folds: &[(Vec<usize>, Vec<usize>)],
    fit_score: impl Fn(&P, &[usize], &[usize]) -> f64,
) -> (&'a P, Vec<f64>) {
    let _ = &fit_score; // call it as fit_score(&grid[i], train, test)
    todo!("{} candidates × {} folds", grid.len(), folds.len())
}
