//! Model selection: grid search and a regularisation path by cross-validation, with our own
//! k-NN and ridge regression in pipelines fitted on the training folds only. The folds,
//! `cross_val_score` and the pipelines are the crate's `cross_validation` and `pipeline` modules
//! (`src/cross_validation.rs`, `src/pipeline.rs`: read them first); the `ensembles` lab builds on
//! this lab's models (it includes this file as a module).
//!
//! ```text
//! CV(θ)      (1/K) Σₖ score(model θ fitted on the rows outside Fₖ, rows in Fₖ)    F₁…F_K a partition
//!            (KFold: consecutive blocks; stratified: each fold keeps the class shares)
//! grid       θ̂ = argmax_θ CV(θ), the first of ties (GridSearchCV)
//! pipeline   scaler x ↦ (x − μ)/σ, quadratic features, … learnt on the training rows only
//! quadratic  [x, xᵢxⱼ for i ≤ j]
//! k-NN       ŷ = the most common class of the k nearest rows (Euclidean; ties: the lowest class)
//! ridge      w = (X̃ᵀX̃ + αI)⁻¹ X̃ᵀỹ  (X̃, ỹ centred),  b = ȳ − x̄ᵀw
//! R²         1 − Σ(y − ŷ)² / Σ(y − ȳ)²
//! ```
//!
//! Iris: k-NN with and without a StandardScaler, k = 1..30, stratified 5-fold: our folds and all
//! 300 fold accuracies equal scikit-learn's; the grid picks raw k = 6 at 0.98 (scaling hurts
//! here: it gives sepal width, the least telling feature, the weight of petal length).
//! Unstratified KFold scores 0.907, as the file is sorted by class. Diabetes: degree-2 features
//! → scaler → ridge on KFold(5): the path from α = 10⁻³ to 10⁴ peaks at α = 10 (R² 0.486 vs
//! 0.391 unpenalised), equal to scikit-learn's to 1e-11, with the training R² beside it (the
//! gap closes as α grows). `scripts/reference/model_selection.py` wrote
//! `golden/model_selection.json`.
//!
//! Expected result and time (release, 2 vCPU): iris 0.98 (= scikit-learn), KFold 0.907;
//! diabetes best α = 10, R² 0.4858. About 0.3 s; `--quick` runs the same (it already is).
//!
//! References:
//! - Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning* (2nd ed., 2009),
//!   §3.4.1 (ridge), §7.10 (cross-validation), §13.3 (k-NN).
//! - Kohavi, "A study of cross-validation and bootstrap for accuracy estimation and model
//!   selection", IJCAI (1995): stratified 10-fold as the default.
//! - scikit-learn: `KFold`, `StratifiedKFold`, `Pipeline`, `GridSearchCV`, `validation_curve`.

use std::error::Error;
use std::process::ExitCode;

use faer::linalg::solvers::Solve;
use faer::{Col, Mat, Side};
use llmpath_data::{DataDir, load};
use llmpath_lab::{LabArgs, Lang, Run};
use llmpath_labs_classic::Fallible;
use llmpath_labs_classic::cross_validation::{
    Score, Scores, cross_val_score, k_fold, mean, same, stratified_k_fold,
};
use llmpath_labs_classic::metrics::{accuracy, r2};
use llmpath_labs_classic::pipeline::{Estimator, Pipeline, StandardScaler, Transformer, pipeline};
use llmpath_labs_kit::Checks;
use llmpath_labs_kit::plot::{Chart, LegendAt, Plots};
use ndarray::{Array1, Array2, Axis};
use serde::Deserialize;

const GOLDEN: &str = include_str!("../../../../scripts/reference/golden/model_selection.json");
const SKLEARN: &str = "scripts/reference/model_selection.py (scikit-learn)";
pub(crate) const K: usize = 5;

/// [x, xᵢxⱼ for i ≤ j]: d + d(d + 1)/2 columns, in `PolynomialFeatures(2)`'s order.
struct Quadratic;

impl Transformer for Quadratic {
    fn fit(&mut self, _: &Array2<f64>) {}
    fn transform(&self, x: &Array2<f64>) -> Array2<f64> {
        let d = x.ncols();
        let pairs: Vec<(usize, usize)> = (0..d).flat_map(|i| (i..d).map(move |j| (i, j))).collect();
        Array2::from_shape_fn((x.nrows(), d + pairs.len()), |(r, c)| match c.checked_sub(d) {
            None => x[[r, c]],
            Some(p) => x[[r, pairs[p].0]] * x[[r, pairs[p].1]],
        })
    }
}

/// The k nearest training rows vote; distances Σⱼ (aⱼ − bⱼ)² summed in feature order, ties in
/// distance broken by row, ties in the vote by the lowest class.
pub(crate) struct KNeighbors {
    pub(crate) k: usize,
    x: Array2<f64>, // (n, d)
    y: Vec<f64>,    // (n,)
}

impl KNeighbors {
    pub(crate) fn new(k: usize) -> KNeighbors {
        KNeighbors { k, x: Array2::zeros((0, 0)), y: vec![] }
    }
}

impl Estimator for KNeighbors {
    fn fit(&mut self, x: &Array2<f64>, y: &[f64]) -> Fallible<()> {
        (self.x, self.y) = (x.clone(), y.to_vec());
        Ok(())
    }
    fn predict(&self, x: &Array2<f64>) -> Fallible<Vec<f64>> {
        let classes = self.y.iter().fold(0.0, |m: f64, &c| m.max(c)) as usize + 1;
        let vote = |q: ndarray::ArrayView1<f64>| {
            let d2 = |r: ndarray::ArrayView1<f64>| -> f64 {
                r.iter().zip(q).map(|(a, b)| (a - b) * (a - b)).sum()
            };
            let mut near: Vec<(f64, usize)> = self.x.rows().into_iter().map(d2).zip(0..).collect();
            near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let mut votes = vec![0; classes];
            near.iter().take(self.k).for_each(|&(_, i)| votes[self.y[i] as usize] += 1);
            (0..classes).fold(0, |best, c| if votes[c] > votes[best] { c } else { best }) as f64
        };
        Ok(x.rows().into_iter().map(vote).collect())
    }
}

/// Ridge regression by the normal equations (Cholesky); the intercept is not penalised.
pub(crate) struct Ridge {
    alpha: f64,
    w: Array1<f64>, // (d,)
    b: f64,
}

impl Ridge {
    pub(crate) fn new(alpha: f64) -> Ridge {
        Ridge { alpha, w: Array1::zeros(0), b: 0.0 }
    }
}

impl Estimator for Ridge {
    fn fit(&mut self, x: &Array2<f64>, y: &[f64]) -> Fallible<()> {
        let (mu, y_bar) =
            (x.mean_axis(Axis(0)).ok_or("no rows")?, y.iter().sum::<f64>() / y.len() as f64);
        let xc = x - &mu; // (n, d)
        let gram = xc.t().dot(&xc); // (d, d)
        let xty = xc.t().dot(&Array1::from_iter(y.iter().map(|v| v - y_bar))); // (d,)
        let a = Mat::from_fn(gram.nrows(), gram.ncols(), |i, j| {
            gram[[i, j]] + if i == j { self.alpha } else { 0.0 }
        });
        let llt = a.llt(Side::Lower).map_err(|e| format!("ridge: XᵀX + αI {e:?}"))?;
        let w = llt.solve(Col::from_fn(xty.len(), |i| xty[i]));
        self.w = Array1::from_iter(w.iter().copied());
        self.b = y_bar - mu.dot(&self.w);
        Ok(())
    }
    fn predict(&self, x: &Array2<f64>) -> Fallible<Vec<f64>> {
        Ok((x.dot(&self.w) + self.b).to_vec())
    }
}

/// The scores of every candidate, and the index of the best mean test score (the first of ties).
fn grid_search<P>(
    grid: &[P],
    make: impl Fn(&P) -> Pipeline,
    data: (&Array2<f64>, &[f64]),
    folds: &[usize],
    score: Score,
) -> Fallible<(usize, Vec<Scores>)> {
    let scores: Vec<Scores> = grid
        .iter()
        .map(|p| cross_val_score(&mut make(p), data, folds, score))
        .collect::<Fallible<_>>()?;
    let best = (0..scores.len())
        .fold(0, |b, i| if mean(&scores[i].test) > mean(&scores[b].test) { i } else { b });
    Ok((best, scores))
}

/// k-NN, after a StandardScaler when `scaled`.
fn knn_pipeline(&(scaled, k): &(bool, usize)) -> Pipeline {
    let knn = KNeighbors::new(k);
    pipeline(if scaled { vec![Box::new(StandardScaler::default())] } else { vec![] }, knn)
}

/// Quadratic features → scaler → ridge(α).
fn ridge_pipeline(&alpha: &f64) -> Pipeline {
    pipeline(vec![Box::new(Quadratic), Box::new(StandardScaler::default())], Ridge::new(alpha))
}

/// What `scripts/reference/model_selection.py` wrote: scikit-learn's folds and scores.
#[derive(Debug, Deserialize)]
struct Golden {
    iris: IrisRef,
    diabetes: PathRef,
}

#[derive(Debug, Deserialize)]
struct IrisRef {
    test_fold: Vec<usize>,
    kfold_test_fold: Vec<usize>,
    k: Vec<usize>,
    raw: Vec<Vec<f64>>,    // (k, K) fold accuracies
    scaled: Vec<Vec<f64>>, // (k, K)
    best_scaled: bool,
    best_k: usize,
    best_score: f64,
    kfold_accuracy: Vec<f64>,
}

#[derive(Debug, Deserialize)]
struct PathRef {
    test_fold: Vec<usize>,
    alpha: Vec<f64>,
    fold_r2: Vec<Vec<f64>>, // (α, K)
    best_alpha: f64,
    best_score: f64,
}

/// What the parts share.
struct Lab {
    run: Run,
    plots: Plots,
    checks: Checks,
    lang: Lang,
    dir: DataDir,
}

impl Lab {
    fn new(args: &LabArgs) -> Fallible<Lab> {
        let dir = DataDir::resolve(args.data_dir.clone()).map_err(|e| e.to_string())?;
        let run = Run::start("model-selection", "iris, diabetes", args)?;
        let (plots, checks, lang) = (Plots::new(args)?, Checks::default(), args.lang);
        Ok(Lab { run, plots, checks, lang, dir })
    }
    fn text(&self, i: usize) -> &'static str {
        self.lang.pick(TEXT[i].0, TEXT[i].1)
    }
    /// Ours against scikit-learn's, within `tolerance` (relative; absolute against 0).
    fn compare(&mut self, name: &str, ours: f64, sklearn: f64, tolerance: f64) {
        self.checks.compare(name, ours, sklearn, tolerance, SKLEARN);
    }
}

/// Part 1: iris, the k-NN grid (raw / scaled × k) on stratified folds, against GridSearchCV.
fn iris(lab: &mut Lab, g: &IrisRef) -> Fallible<()> {
    println!("{}", lab.text(0));
    let data = load::iris(&lab.dir)?;
    let (y, folds) = (data.y.mapv(|c| c as f64).to_vec(), stratified_k_fold(&data.y.to_vec(), K));
    let same_folds = folds == g.test_fold && k_fold(y.len(), K) == g.kfold_test_fold;
    lab.checks.require(same_folds, "iris: our folds are not scikit-learn's");
    let grid: Vec<(bool, usize)> =
        [false, true].into_iter().flat_map(|s| g.k.iter().map(move |&k| (s, k))).collect();
    let (best, scores) = grid_search(&grid, knn_pipeline, (&data.x, &y), &folds, accuracy)?;
    let sklearn = |&(s, k): &(bool, usize)| if s { &g.scaled[k - 1] } else { &g.raw[k - 1] };
    let differ = grid.iter().zip(&scores).filter(|(p, s)| !same(&s.test, sklearn(p))).count();
    lab.checks
        .require(differ == 0, format!("iris: {differ} candidates' folds differ from sklearn"));
    let ((scaled, k), cv) = (grid[best], mean(&scores[best].test));
    let chosen = (scaled, k) == (g.best_scaled, g.best_k) && (0.97..=0.98 + 1e-12).contains(&cv);
    lab.checks
        .require(chosen, format!("iris: k = {k} (scaled: {scaled}): {cv}; the issue: 0.97–0.98"));
    lab.compare("iris_knn_best_cv_accuracy", cv, g.best_score, 1e-12);
    let plain =
        cross_val_score(&mut knn_pipeline(&grid[best]), (&data.x, &y), &k_fold(150, K), accuracy)?;
    lab.compare("iris_knn_kfold_accuracy", mean(&plain.test), mean(&g.kfold_accuracy), 1e-12);
    println!("   k = {k} (scaled: {scaled}): {cv:.4}, unstratified KFold {:.4}", mean(&plain.test));
    println!("   {differ} of 60 candidates differ from scikit-learn's fold accuracies");
    let curve = |scaled: bool, train: bool| {
        let points = grid.iter().zip(&scores).filter(move |(p, _)| p.0 == scaled);
        points.map(move |(p, s)| (p.1 as f64, mean(if train { &s.train } else { &s.test })))
    };
    let chart = Chart::new(lab.text(2), lab.text(3), lab.text(4))
        .line(lab.text(5), curve(false, false))
        .line(lab.text(6), curve(true, false))
        .dashed(lab.text(7), curve(false, true))
        .points(&format!("{} (k = {k})", lab.text(8)), [(k as f64, cv)])
        .legend_at(LegendAt::LowerLeft);
    lab.plots.record(&mut lab.run, "iris_grid_search", &chart)
}

/// Part 2: diabetes, the ridge regularisation path (validation curve) over α.
fn ridge_path(lab: &mut Lab, g: &PathRef) -> Fallible<()> {
    println!("{}", lab.text(1));
    let data = load::diabetes(&lab.dir)?;
    let (y, folds) = (data.y.to_vec(), k_fold(data.y.len(), K));
    lab.checks.require(folds == g.test_fold, "diabetes: our folds are not scikit-learn's");
    let (best, scores) = grid_search(&g.alpha, ridge_pipeline, (&data.x, &y), &folds, r2)?;
    let pairs = scores.iter().zip(&g.fold_r2).flat_map(|(s, r)| s.test.iter().zip(r));
    let worst = pairs.map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
    let (alpha, cv) = (g.alpha[best], mean(&scores[best].test));
    lab.compare("diabetes_fold_r2_max_diff", worst, 0.0, 1e-9);
    lab.compare("diabetes_best_alpha", alpha, g.best_alpha, 1e-12);
    lab.compare("diabetes_best_cv_r2", cv, g.best_score, 1e-9);
    let [(a0, r0), (a1, r1)] = [0, scores.len() - 1].map(|i| (g.alpha[i], mean(&scores[i].test)));
    println!("   α = {a0}: R² {r0:.4}; α = {a1}: R² {r1:.4}; best α = {alpha}: {cv:.4}");
    let curve = |train: bool| {
        let mean_of = move |s: &Scores| mean(if train { &s.train } else { &s.test });
        g.alpha.iter().zip(&scores).map(move |(&a, s)| (a, mean_of(s)))
    };
    let chart = Chart::new(lab.text(9), lab.text(10), "R²")
        .log_x()
        .line(lab.text(11), curve(false))
        .dashed(lab.text(12), curve(true))
        .points(&format!("{} (α = {alpha})", lab.text(8)), [(alpha, cv)])
        .legend_at(LegendAt::LowerLeft);
    lab.plots.record(&mut lab.run, "ridge_path", &chart)
}

fn main() -> ExitCode {
    llmpath_labs_kit::main("model-selection", lab)
}

fn lab(args: LabArgs) -> Result<(), Box<dyn Error>> {
    let (g, mut lab): (Golden, _) = (serde_json::from_str(GOLDEN)?, Lab::new(&args)?);
    iris(&mut lab, &g.iris)?;
    ridge_path(&mut lab, &g.diabetes)?;
    lab.checks.finish(lab.run)?;
    Ok(())
}

/// The printed headings and plot labels, (zh, en).
const TEXT: [(&str, &str); 13] = [
    (
        "1. 鸢尾花：k 近邻网格搜索（原始/标准化，k = 1..30）",
        "1. Iris: k-NN grid (raw / scaled, k = 1..30)",
    ),
    (
        "2. 糖尿病：二次特征 → 标准化 → 岭回归的正则化路径",
        "2. Diabetes: quadratic → scaler → ridge, the α path",
    ),
    ("鸢尾花：k 近邻网格搜索（分层 5 折）", "Iris: k-NN grid search (stratified 5-fold)"),
    ("近邻数 k", "neighbours k"),
    ("准确率", "accuracy"),
    ("原始特征：验证", "raw features: validation"),
    ("标准化特征：验证", "scaled features: validation"),
    ("原始特征：训练", "raw features: training"),
    ("最优", "best"),
    ("糖尿病：岭回归正则化路径（5 折）", "Diabetes: ridge regularisation path (5-fold)"),
    ("惩罚系数 α", "penalty α"),
    ("验证 R²", "validation R²"),
    ("训练 R²", "training R²"),
];

#[cfg(test)]
#[path = "model_selection/tests.rs"]
mod tests;
