//! Model selection: k-fold and stratified k-fold cross-validation, pipelines fitted on the
//! training folds only, grid search, a regularisation path, and ensembles from smartcore
//! (random forest, gradient boosting) beside our own k-NN and ridge regression.
//!
//! ```text
//! CV(θ)      (1/K) Σₖ score(model θ fitted on the rows outside Fₖ, rows in Fₖ)    F₁…F_K a partition
//! KFold      Fₖ consecutive blocks; the first n mod K hold ⌊n/K⌋ + 1 rows (scikit-learn, no shuffle)
//! stratified sort the labels, deal them round robin: a_kc = #class c in fold k; then each class,
//!            in file order, fills fold 0 with a_0c rows, fold 1 with a_1c, …
//! grid       θ̂ = argmax_θ CV(θ), the first of ties (GridSearchCV)
//! pipeline   imputer NaN ↦ median, scaler x ↦ (x − μ)/σ, both learnt on the training rows only
//! k-NN       ŷ = the most common class of the k nearest rows (Euclidean; ties: the lowest class)
//! ridge      w = (X̃ᵀX̃ + αI)⁻¹ X̃ᵀỹ  (X̃, ỹ centred),  b = ȳ − x̄ᵀw
//! R²         1 − Σ(y − ŷ)² / Σ(y − ȳ)²
//! forest     vote (classes) or mean (values) of B trees, each on a bootstrap sample, m features a split
//! boosting   F₀ = ½,  F_t = F_{t−1} + η f_t,  f_t a depth-d tree fitted to the gradient of ½(y − F)²
//! ```
//!
//! Iris: k-NN with and without a StandardScaler, k = 1..30, stratified 5-fold: our folds and all
//! 300 fold accuracies equal scikit-learn's; the grid picks raw k = 6 at 0.98 (scaling hurts
//! here: it gives sepal width, the least telling feature, the weight of petal length).
//! Unstratified KFold scores 0.907, as the file is sorted by class. Diabetes: degree-2 features
//! → scaler → ridge on KFold(5): the path from α = 10⁻³ to 10⁴ peaks at α = 10 (R² 0.486 vs
//! 0.391 unpenalised), equal to scikit-learn's to 1e-11. Titanic (train.csv): pclass, female,
//! age (NaN: the training median), sibsp, parch, fare, embarked C / Q, title Miss / Mrs /
//! Master / rare (from the name; Mr is the base). California: test = every 5th row; features
//! the 8 columns and one-hot ocean proximity; the value in $100k. Forests try m = 4 features a
//! split, Titanic's with leaves of ≥ 2 rows. smartcore has no boosting classifier: on Titanic,
//! XGRegressor fits y ∈ {0, 1} by squared loss and predicts F > ½. smartcore's forest votes with
//! hard labels and its trees split differently from scikit-learn's, so its scores are reported
//! beside scikit-learn's (same folds, same settings), not equal.
//! `scripts/reference/model_selection.py` wrote `golden/model_selection.json`.
//!
//! Expected result and time (release, 2 vCPU): iris 0.98 (= scikit-learn). Titanic CV: gender
//! rule 0.787, k-NN (k = 15) 0.8115 (= scikit-learn), forest 0.829 (scikit-learn 0.837; must be
//! ≥ 0.80), boosting 0.826 (GradientBoostingClassifier 0.829). California R²: forest 0.826
//! (0.828; must be ≥ 0.75), boosting 0.846 (GradientBoostingRegressor 0.840, HistGB 0.841).
//! About 12 s, most of it California. `--quick` (30 trees; California trains on every 4th
//! training row: forest R² 0.782, scikit-learn 0.784, must be ≥ 0.65; no boosting) about 1 s.
//!
//! References:
//! - Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning* (2nd ed., 2009),
//!   §3.4.1 (ridge), §7.10 (cross-validation), §10 (boosting), §13.3 (k-NN), §15 (forests).
//! - Kohavi, "A study of cross-validation and bootstrap for accuracy estimation and model
//!   selection", IJCAI (1995): stratified 10-fold as the default.
//! - Breiman, "Random forests", Machine Learning 45 (2001); Friedman, "Greedy function
//!   approximation: a gradient boosting machine", Ann. Statist. 29 (2001); Chen & Guestrin,
//!   "XGBoost", KDD (2016).
//! - scikit-learn: `KFold`, `StratifiedKFold`, `Pipeline`, `GridSearchCV`, `validation_curve`;
//!   smartcore 0.7: `RandomForestClassifier`, `RandomForestRegressor`, `XGRegressor`.

use std::error::Error;
use std::iter::repeat_n;
use std::process::ExitCode;

use faer::linalg::solvers::Solve;
use faer::{Col, Mat, Side};
use llmpath_data::{DataDir, load};
use llmpath_lab::{LabArgs, Lang, Run};
use llmpath_labs_kit::Checks;
use llmpath_labs_kit::plot::{Chart, LegendAt, Plots};
use ndarray::{Array1, Array2, Axis};
use serde::Deserialize;
use smartcore::ensemble::random_forest_classifier::{
    RandomForestClassifier, RandomForestClassifierParameters as ForestParams,
};
use smartcore::ensemble::random_forest_regressor::{
    RandomForestRegressor, RandomForestRegressorParameters as ForestRegParams,
};
use smartcore::xgboost::{XGRegressor, XGRegressorParameters as BoostParams};

const GOLDEN: &str = include_str!("../../../../scripts/reference/golden/model_selection.json");
const SKLEARN: &str = "scripts/reference/model_selection.py (scikit-learn)";
const K: usize = 5;
const KNN_K: usize = 15; // Titanic k-NN
/// Trees in the forests (full, `--quick`); California in --quick trains on every 4th row.
const TREES: [usize; 2] = [100, 30];
const QUICK_EVERY: usize = 4;

type Fallible<T> = Result<T, Box<dyn Error>>;
type Score = fn(&[f64], &[f64]) -> f64;

/// scikit-learn's `KFold(k)`: the test fold of each of the n rows.
fn k_fold(n: usize, k: usize) -> Vec<usize> {
    (0..k).flat_map(|f| repeat_n(f, n / k + usize::from(f < n % k))).collect()
}

/// scikit-learn's `StratifiedKFold(k)`: the test fold of each row.
fn stratified_k_fold(y: &[usize], k: usize) -> Vec<usize> {
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
fn split(folds: &[usize], f: usize) -> (Vec<usize>, Vec<usize>) {
    (0..folds.len()).partition(|&i| folds[i] != f)
}

/// A preprocessing step: `fit` learns from the training rows, `transform` applies it.
trait Transformer {
    fn fit(&mut self, x: &Array2<f64>);
    fn transform(&self, x: &Array2<f64>) -> Array2<f64>;
}

/// A model: `fit` on X (n, d) and y (n,), `predict` ŷ. Classes are 0.0, 1.0, …
trait Estimator {
    fn fit(&mut self, x: &Array2<f64>, y: &[f64]) -> Fallible<()>;
    fn predict(&self, x: &Array2<f64>) -> Fallible<Vec<f64>>;
}

/// x ↦ (x − μ)/σ by column, σ the population standard deviation (1 where it is 0).
#[derive(Default)]
struct StandardScaler {
    mu: Array1<f64>,    // (d,)
    sigma: Array1<f64>, // (d,)
}

impl Transformer for StandardScaler {
    fn fit(&mut self, x: &Array2<f64>) {
        self.mu = x.mean_axis(Axis(0)).unwrap_or_default();
        self.sigma = x.std_axis(Axis(0), 0.0).mapv(|s| if s == 0.0 { 1.0 } else { s });
    }
    fn transform(&self, x: &Array2<f64>) -> Array2<f64> {
        (x - &self.mu) / &self.sigma
    }
}

/// NaN ↦ the median of the column's training values (`SimpleImputer(strategy="median")`).
#[derive(Default)]
struct MedianImputer {
    median: Vec<f64>, // (d,)
}

impl Transformer for MedianImputer {
    fn fit(&mut self, x: &Array2<f64>) {
        let median = |column: ndarray::ArrayView1<f64>| {
            let mut v: Vec<f64> = column.iter().copied().filter(|v| !v.is_nan()).collect();
            v.sort_by(f64::total_cmp); // an all-NaN column gets 0 (`keep_empty_features=True`)
            if v.is_empty() { 0.0 } else { (v[(v.len() - 1) / 2] + v[v.len() / 2]) / 2.0 }
        };
        self.median = x.columns().into_iter().map(median).collect();
    }
    fn transform(&self, x: &Array2<f64>) -> Array2<f64> {
        let mut x = x.clone();
        x.indexed_iter_mut()
            .filter(|(_, v)| v.is_nan())
            .for_each(|((_, j), v)| *v = self.median[j]);
        x
    }
}

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

/// Transformers, then a model: every step is fitted on the training rows only.
struct Pipeline {
    steps: Vec<Box<dyn Transformer>>,
    model: Box<dyn Estimator>,
}

fn pipeline(steps: Vec<Box<dyn Transformer>>, model: impl Estimator + 'static) -> Pipeline {
    Pipeline { steps, model: Box::new(model) }
}

impl Estimator for Pipeline {
    fn fit(&mut self, x: &Array2<f64>, y: &[f64]) -> Fallible<()> {
        let mut x = x.clone();
        for step in &mut self.steps {
            step.fit(&x);
            x = step.transform(&x);
        }
        self.model.fit(&x, y)
    }
    fn predict(&self, x: &Array2<f64>) -> Fallible<Vec<f64>> {
        self.model.predict(&self.steps.iter().fold(x.clone(), |x, step| step.transform(&x)))
    }
}

/// The k nearest training rows vote; distances Σⱼ (aⱼ − bⱼ)² summed in feature order, ties in
/// distance broken by row, ties in the vote by the lowest class.
struct KNeighbors {
    k: usize,
    x: Array2<f64>, // (n, d)
    y: Vec<f64>,    // (n,)
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
struct Ridge {
    alpha: f64,
    w: Array1<f64>, // (d,)
    b: f64,
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

/// smartcore's models behind our trait: forests (classifier, regressor) and XGRegressor.
enum Smartcore {
    Forest(ForestParams, Option<RandomForestClassifier<f64, u32, Array2<f64>, Vec<u32>>>),
    ForestReg(ForestRegParams, Option<RandomForestRegressor<f64, f64, Array2<f64>, Vec<f64>>>),
    /// `true`: a classifier, F > ½.
    Boost(BoostParams, bool, Option<XGRegressor<f64, f64, Array2<f64>, Vec<f64>>>),
}

impl Estimator for Smartcore {
    fn fit(&mut self, x: &Array2<f64>, y: &[f64]) -> Fallible<()> {
        match self {
            Smartcore::Forest(p, fitted) => {
                let y: Vec<u32> = y.iter().map(|&c| c as u32).collect();
                *fitted = Some(RandomForestClassifier::fit(x, &y, p.clone())?);
            }
            Smartcore::ForestReg(p, fitted) => {
                *fitted = Some(RandomForestRegressor::fit(x, &y.to_vec(), p.clone())?)
            }
            Smartcore::Boost(p, _, fitted) => {
                *fitted = Some(XGRegressor::fit(x, &y.to_vec(), p.clone())?)
            }
        }
        Ok(())
    }
    fn predict(&self, x: &Array2<f64>) -> Fallible<Vec<f64>> {
        let unfitted = || "smartcore: predict before fit";
        Ok(match self {
            Smartcore::Forest(_, m) => {
                m.as_ref().ok_or_else(unfitted)?.predict(x)?.into_iter().map(f64::from).collect()
            }
            Smartcore::ForestReg(_, m) => m.as_ref().ok_or_else(unfitted)?.predict(x)?,
            Smartcore::Boost(_, false, m) => m.as_ref().ok_or_else(unfitted)?.predict(x)?,
            Smartcore::Boost(_, true, m) => {
                let f = m.as_ref().ok_or_else(unfitted)?.predict(x)?;
                f.into_iter().map(|f| f64::from(u8::from(f > 0.5))).collect()
            }
        })
    }
}

fn accuracy(y: &[f64], y_hat: &[f64]) -> f64 {
    y.iter().zip(y_hat).filter(|(a, b)| a == b).count() as f64 / y.len() as f64
}

fn r2(y: &[f64], y_hat: &[f64]) -> f64 {
    let y_bar = y.iter().sum::<f64>() / y.len() as f64;
    let ss_res: f64 = y.iter().zip(y_hat).map(|(a, b)| (a - b) * (a - b)).sum();
    1.0 - ss_res / y.iter().map(|a| (a - y_bar) * (a - y_bar)).sum::<f64>()
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Equal fold scores: scikit-learn's 29/30 is 0.9666666666666668, ours 0.9666666666666667.
fn same(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| (a - b).abs() <= 1e-12)
}

/// Training and test score of each fold.
struct Scores {
    train: Vec<f64>, // (K,)
    test: Vec<f64>,  // (K,)
}

/// `cross_val_score`, with the training scores too: fit on the rows outside each fold.
fn cross_val_score(
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
    let knn = KNeighbors { k, x: Array2::zeros((0, 0)), y: vec![] };
    pipeline(if scaled { vec![Box::new(StandardScaler::default())] } else { vec![] }, knn)
}

/// Quadratic features → scaler → ridge(α).
fn ridge_pipeline(&alpha: &f64) -> Pipeline {
    let ridge = Ridge { alpha, w: Array1::zeros(0), b: 0.0 };
    pipeline(vec![Box::new(Quadratic), Box::new(StandardScaler::default())], ridge)
}

/// Titanic's models: imputer → scaler → k-NN, imputer → forest, imputer → boosting (F > ½).
fn titanic_models(trees: usize, seed: u64) -> [(&'static str, Pipeline); 3] {
    let impute = || -> Box<dyn Transformer> { Box::new(MedianImputer::default()) };
    let knn = KNeighbors { k: KNN_K, x: Array2::zeros((0, 0)), y: vec![] };
    let forest = ForestParams::default().with_n_trees(trees as u16).with_min_samples_leaf(2);
    let boost = BoostParams::default().with_n_estimators(100).with_max_depth(3);
    let (forest, boost) = (forest.with_m(4).with_seed(seed), boost.with_learning_rate(0.1));
    [
        ("knn", pipeline(vec![impute(), Box::new(StandardScaler::default())], knn)),
        ("random_forest", pipeline(vec![impute()], Smartcore::Forest(forest, None))),
        ("gradient_boosting", pipeline(vec![impute()], Smartcore::Boost(boost, true, None))),
    ]
}

/// The 12 Titanic features of the module doc (NaN where age or fare is missing), and survived.
fn titanic_data(dir: &DataDir) -> Fallible<(Array2<f64>, Vec<f64>)> {
    use load::{Embarked, Sex};
    let people = load::titanic(dir)?.train;
    let one = |b: bool| f64::from(u8::from(b));
    let title = |name: &str| match name.split_once(", ").and_then(|(_, r)| r.split_once('.')) {
        Some(("Mr", _)) => 0,
        Some(("Miss" | "Mlle" | "Ms", _)) => 1,
        Some(("Mrs" | "Mme", _)) => 2,
        Some(("Master", _)) => 3,
        _ => 4,
    };
    let mut x = Vec::new();
    for p in &people {
        let (t, port) = (title(&p.name), p.embarked.unwrap_or(Embarked::Southampton));
        let (age, fare) = (p.age.unwrap_or(f64::NAN), p.fare.unwrap_or(f64::NAN));
        x.extend([f64::from(p.pclass), one(p.sex == Sex::Female), age, f64::from(p.sib_sp)]);
        x.extend([
            f64::from(p.parch),
            fare,
            one(port == Embarked::Cherbourg),
            one(port == Embarked::Queenstown),
        ]);
        x.extend([one(t == 1), one(t == 2), one(t == 3), one(t == 4)]);
    }
    let y: Option<Vec<f64>> = people.iter().map(|p| p.survived.map(one)).collect();
    Ok((Array2::from_shape_vec((people.len(), 12), x)?, y.ok_or("titanic: no Survived")?))
}

/// California: the 8 columns and one-hot ocean proximity (n, 13), and the value in $100k.
fn california_data(dir: &DataDir) -> Fallible<(Array2<f64>, Vec<f64>)> {
    let h = load::california_housing(dir)?;
    let x = Array2::from_shape_fn((h.y.len(), 13), |(i, j)| match j.checked_sub(8) {
        None => h.x[[i, j]],
        Some(c) => f64::from(u8::from(h.ocean_proximity[i] == load::OceanProximity::ALL[c])),
    });
    Ok((x, h.y.iter().map(|v| v / 1e5).collect()))
}

/// imputer → forest (m = 4 of 13 features a split), imputer → boosting (200 rounds, depth 6).
fn california_models(trees: usize, seed: u64) -> [Pipeline; 2] {
    let forest = ForestRegParams::default().with_n_trees(trees).with_m(4).with_seed(seed);
    let boost = BoostParams::default().with_n_estimators(200).with_max_depth(6);
    let impute = || -> Vec<Box<dyn Transformer>> { vec![Box::new(MedianImputer::default())] };
    let boost = Smartcore::Boost(boost.with_learning_rate(0.1), false, None);
    [pipeline(impute(), Smartcore::ForestReg(forest, None)), pipeline(impute(), boost)]
}

/// The test rows (every 5th) and the training rows (every `QUICK_EVERY`-th of the rest in --quick).
fn california_split(n: usize, quick: bool) -> (Vec<usize>, Vec<usize>) {
    let (test, train): (Vec<usize>, Vec<usize>) = (0..n).partition(|i| i % 5 == 0);
    (test, train.into_iter().step_by(if quick { QUICK_EVERY } else { 1 }).collect())
}

/// Test R² of `model` fitted on the `train` rows.
fn holdout_r2(
    model: &mut dyn Estimator,
    (x, y): (&Array2<f64>, &[f64]),
    (test, train): (&[usize], &[usize]),
) -> Fallible<f64> {
    let pick = |rows: &[usize]| rows.iter().map(|&i| y[i]).collect::<Vec<_>>();
    model.fit(&x.select(Axis(0), train), &pick(train))?;
    Ok(r2(&pick(test), &model.predict(&x.select(Axis(0), test))?))
}

/// What `scripts/reference/model_selection.py` wrote: scikit-learn's folds and scores.
#[derive(Debug, Deserialize)]
struct Golden {
    iris: IrisRef,
    diabetes: PathRef,
    titanic: TitanicRef,
    california: CaliforniaRef,
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

#[derive(Debug, Deserialize)]
struct TitanicRef {
    test_fold: Vec<usize>,
    gender_rule: Vec<f64>,
    knn: Vec<f64>,
    random_forest: Vec<f64>,
    gradient_boosting: Vec<f64>,
}

#[derive(Debug, Deserialize)]
struct CaliforniaRef {
    n_train: usize,
    n_test: usize,
    quick_rows: usize,
    random_forest: f64,
    random_forest_quick: f64,
    gradient_boosting: f64,
    hist_gradient_boosting: f64,
}

/// What the parts share.
struct Lab {
    run: Run,
    plots: Plots,
    checks: Checks,
    lang: Lang,
    quick: bool,
    seed: u64,
    dir: DataDir,
}

impl Lab {
    fn new(args: &LabArgs) -> Fallible<Lab> {
        let dir = DataDir::resolve(args.data_dir.clone()).map_err(|e| e.to_string())?;
        let run =
            Run::start("model-selection", "iris, diabetes, titanic, california_housing", args)?;
        let (plots, checks, lang) = (Plots::new(args)?, Checks::default(), args.lang);
        Ok(Lab { run, plots, checks, lang, quick: args.quick, seed: args.seed, dir })
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
    let chart = Chart::new(lab.text(4), lab.text(5), lab.text(6))
        .line(lab.text(7), curve(false, false))
        .line(lab.text(8), curve(true, false))
        .dashed(lab.text(9), curve(false, true))
        .points(&format!("{} (k = {k})", lab.text(10)), [(k as f64, cv)])
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
    let ends = [0, scores.len() - 1].map(|i| (g.alpha[i], mean(&scores[i].test)));
    println!(
        "   α = {:?}: R² {:.4}, {:.4}; best α = {alpha}: {cv:.4}",
        ends.map(|e| e.0),
        ends[0].1,
        ends[1].1
    );
    let curve = |train: bool| {
        let mean_of = move |s: &Scores| mean(if train { &s.train } else { &s.test });
        g.alpha.iter().zip(&scores).map(move |(&a, s)| (a, mean_of(s)))
    };
    let chart = Chart::new(lab.text(11), lab.text(12), "R²")
        .log_x()
        .line(lab.text(13), curve(false))
        .dashed(lab.text(14), curve(true))
        .points(&format!("{} (α = {alpha})", lab.text(10)), [(alpha, cv)])
        .legend_at(LegendAt::LowerLeft);
    lab.plots.record(&mut lab.run, "ridge_path", &chart)
}

/// Part 3: Titanic, our k-NN beside smartcore's forest and boosting, on stratified folds.
fn titanic(lab: &mut Lab, g: &TitanicRef) -> Fallible<()> {
    println!("{}", lab.text(2));
    let (x, y) = titanic_data(&lab.dir)?;
    let folds = stratified_k_fold(&y.iter().map(|&v| v as usize).collect::<Vec<_>>(), K);
    lab.checks.require(folds == g.test_fold, "titanic: our folds are not scikit-learn's");
    let women = |f: usize| {
        let test = split(&folds, f).1; // the rule: survived = female (column 1)
        test.iter().filter(|&&i| x[[i, 1]] == y[i]).count() as f64 / test.len() as f64
    };
    let gender: Vec<f64> = (0..K).map(women).collect();
    lab.compare("titanic_gender_rule_cv", mean(&gender), mean(&g.gender_rule), 1e-12);
    let models = titanic_models(TREES[usize::from(lab.quick)], lab.seed);
    for ((name, mut model), sk) in
        models.into_iter().zip([&g.knn, &g.random_forest, &g.gradient_boosting])
    {
        let s = cross_val_score(&mut model, (&x, &y), &folds, accuracy)?;
        let cv = mean(&s.test);
        let folds: Vec<String> = s.test.iter().map(|a| format!("{a:.3}")).collect();
        println!("   {name:<18} {} → {cv:.4} (scikit-learn {:.4})", folds.join(" "), mean(sk));
        lab.run.compare(&format!("titanic_{name}_cv"), cv, mean(sk), SKLEARN);
        let (ok, what) = match name {
            "knn" => (same(&s.test, sk), "k-NN fold accuracies are not scikit-learn's"),
            "random_forest" => (cv >= 0.80, "forest CV accuracy < 0.80 (the issue)"),
            _ => (true, ""),
        };
        lab.checks.require(ok, format!("titanic: {what} ({cv:.4})"));
    }
    Ok(())
}

/// Part 4: California, smartcore's forest (and boosting, full mode) on a held-out fifth.
fn california(lab: &mut Lab, g: &CaliforniaRef) -> Fallible<()> {
    println!("{}", lab.text(3));
    let (x, y) = california_data(&lab.dir)?;
    let (test, train) = california_split(y.len(), lab.quick);
    let rows = if lab.quick { g.quick_rows } else { g.n_train };
    let same_split = (train.len(), test.len()) == (rows, g.n_test);
    lab.checks.require(same_split, "california: the split is not the script's");
    let [mut forest, mut boost] = california_models(TREES[usize::from(lab.quick)], lab.seed);
    let r2_forest = holdout_r2(&mut forest, (&x, &y), (&test, &train))?;
    let (sk, floor) =
        if lab.quick { (g.random_forest_quick, 0.65) } else { (g.random_forest, 0.75) };
    println!(
        "   {} + {} rows: forest R² {r2_forest:.4} (scikit-learn {sk:.4})",
        train.len(),
        test.len()
    );
    lab.run.compare("california_forest_r2", r2_forest, sk, SKLEARN);
    lab.checks.require(r2_forest >= floor, format!("california: forest R² {r2_forest} < {floor}"));
    if !lab.quick {
        let r2_boost = holdout_r2(&mut boost, (&x, &y), (&test, &train))?;
        let hist = g.hist_gradient_boosting;
        println!(
            "   boosting R² {r2_boost:.4} (scikit-learn {:.4}; HistGB {hist:.4})",
            g.gradient_boosting
        );
        lab.run.compare("california_boosting_r2", r2_boost, g.gradient_boosting, SKLEARN);
    }
    let y_test = test.iter().map(|&i| y[i]);
    let y_hat = forest.predict(&x.select(Axis(0), &test))?;
    let chart = Chart::new(lab.text(15), lab.text(16), lab.text(17))
        .points(&format!("{} (R² {r2_forest:.3})", lab.text(18)), y_test.zip(y_hat))
        .dashed("ŷ = y", [(0.0, 0.0), (5.0, 5.0)])
        .legend_at(LegendAt::UpperLeft);
    lab.plots.record(&mut lab.run, "california_forest", &chart)
}

fn main() -> ExitCode {
    llmpath_labs_kit::main("model-selection", lab)
}

fn lab(args: LabArgs) -> Result<(), Box<dyn Error>> {
    let (g, mut lab): (Golden, _) = (serde_json::from_str(GOLDEN)?, Lab::new(&args)?);
    iris(&mut lab, &g.iris)?;
    ridge_path(&mut lab, &g.diabetes)?;
    titanic(&mut lab, &g.titanic)?;
    california(&mut lab, &g.california)?;
    lab.checks.finish(lab.run)?;
    Ok(())
}

/// The printed headings and plot labels, (zh, en).
const TEXT: [(&str, &str); 19] = [
    (
        "1. 鸢尾花：k 近邻网格搜索（原始/标准化，k = 1..30）",
        "1. Iris: k-NN grid (raw / scaled, k = 1..30)",
    ),
    (
        "2. 糖尿病：二次特征 → 标准化 → 岭回归的正则化路径",
        "2. Diabetes: quadratic → scaler → ridge, the α path",
    ),
    ("3. 泰坦尼克：12 个特征，分层 5 折", "3. Titanic: 12 features, stratified 5-fold"),
    ("4. 加州房价：每 5 行留 1 行作测试", "4. California housing: every 5th row held out"),
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
    ("加州房价：随机森林的测试集预测", "California housing: random forest on the test rows"),
    ("真实房价（十万美元）", "true value ($100k)"),
    ("预测房价（十万美元）", "predicted ($100k)"),
    ("测试行", "test rows"),
];

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    fn golden() -> Golden {
        serde_json::from_str(GOLDEN).unwrap()
    }

    fn dir() -> DataDir {
        let shared = || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
        DataDir::new(std::env::var_os("LLMPATH_DATA").map_or_else(shared, PathBuf::from))
    }

    #[test]
    fn folds_are_sklearns() {
        // StratifiedKFold(3) on labels that first appear as 2, 0, 1 (made by scikit-learn 1.9.1).
        let y = [2, 2, 0, 1, 0, 2, 1, 1, 0, 2, 2, 0, 2];
        assert_eq!(stratified_k_fold(&y, 3), [0, 0, 0, 0, 0, 1, 1, 2, 1, 1, 2, 2, 2]);
        assert_eq!(k_fold(7, 3), [0, 0, 0, 1, 1, 2, 2]);
        let (g, dir) = (golden(), dir());
        let iris = load::iris(&dir).unwrap().y.to_vec();
        assert_eq!(stratified_k_fold(&iris, K), g.iris.test_fold);
        assert_eq!(k_fold(iris.len(), K), g.iris.kfold_test_fold);
        assert_eq!(k_fold(load::diabetes(&dir).unwrap().y.len(), K), g.diabetes.test_fold);
        let survived: Vec<usize> =
            titanic_data(&dir).unwrap().1.iter().map(|&v| v as usize).collect();
        assert_eq!(stratified_k_fold(&survived, K), g.titanic.test_fold);
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
    fn transformers_and_fits_see_the_training_rows_only() {
        let folds = k_fold(10, 3);
        let (x, rows) = (Array2::zeros((10, 1)), Vec::from_iter((0..10).map(f64::from)));
        let mut spy = Spy(Vec::new());
        cross_val_score(&mut spy, (&x, &rows), &folds, accuracy).unwrap();
        for (f, seen) in spy.0.iter().enumerate() {
            assert_eq!(seen, &split(&folds, f).0.iter().map(|&i| i as f64).collect::<Vec<_>>());
        }
        // Learnt from the training rows, applied unchanged to others.
        let train = ndarray::array![
            [1.0, 5.0, f64::NAN, 1.0],
            [f64::NAN, 5.0, 2.0, 2.0],
            [3.0, 5.0, 4.0, 4.0],
            [5.0, 5.0, 6.0, 9.0]
        ];
        let (mut imputer, mut scaler) = (MedianImputer::default(), StandardScaler::default());
        imputer.fit(&train);
        assert_eq!(imputer.median, [3.0, 5.0, 4.0, 3.0]); // odd count: the middle; even: the mean
        scaler.fit(&imputer.transform(&train));
        let test =
            scaler.transform(&imputer.transform(&ndarray::array![[f64::NAN, 7.0, 4.0, 4.0]]));
        assert_eq!(test.row(0).to_vec(), [0.0, 2.0, 0.0, 0.0]); // σ = 0 counts as 1, as in sklearn
        let quadratic = Quadratic.transform(&ndarray::array![[2.0, 3.0, 5.0]]);
        assert_eq!(quadratic.row(0).to_vec(), [2.0, 3.0, 5.0, 4.0, 6.0, 10.0, 9.0, 15.0, 25.0]);
    }

    /// Runs one part of the lab into a temporary folder: it must meet all its references.
    fn meets_references(
        quick: bool,
        seed: u64,
        part: impl FnOnce(&mut Lab, &Golden) -> Fallible<()>,
    ) {
        let out = tempfile::tempdir().unwrap();
        let (data_dir, lang) = (Some(dir().path().to_owned()), Lang::En);
        let mut lab =
            Lab::new(&LabArgs { out: out.path().to_owned(), seed, quick, lang, data_dir }).unwrap();
        part(&mut lab, &golden()).unwrap();
        lab.checks.finish(lab.run).unwrap();
    }

    #[test]
    fn knn_grid_search_on_iris_equals_sklearns_fold_by_fold_and_picks_its_best() {
        meets_references(true, 42, |lab, g| iris(lab, &g.iris));
    }

    #[test]
    fn ridge_path_equals_sklearns_to_1e_9() {
        meets_references(true, 42, |lab, g| ridge_path(lab, &g.diabetes));
    }

    #[test]
    fn titanic_knn_equals_sklearns_and_the_forest_reaches_0_80_for_any_seed() {
        if cfg!(debug_assertions) {
            // Unoptimised, ensembles are slow: k-NN and one quick forest, not the boosting.
            let (g, (x, y)) = (golden().titanic, titanic_data(&dir()).unwrap());
            let [(_, mut knn), (_, mut forest), _] = titanic_models(TREES[1], 42);
            let knn = cross_val_score(&mut knn, (&x, &y), &g.test_fold, accuracy).unwrap();
            let forest = cross_val_score(&mut forest, (&x, &y), &g.test_fold, accuracy).unwrap();
            assert!(same(&knn.test, &g.knn) && mean(&forest.test) >= 0.80, "{:?}", forest.test);
            return;
        }
        for seed in [0, 1, 42] {
            meets_references(false, seed, |lab, g| titanic(lab, &g.titanic));
        }
    }

    #[test]
    #[cfg_attr(debug_assertions, ignore = "100 trees on 16 512 rows: run with --release")]
    fn california_forest_reaches_0_75_and_quick_0_65() {
        meets_references(false, 42, |lab, g| california(lab, &g.california));
        meets_references(true, 42, |lab, g| california(lab, &g.california));
    }

    #[test]
    #[cfg_attr(debug_assertions, ignore = "the whole lab, a second optimised: run with --release")]
    fn quick_lab_meets_every_reference_and_draws_its_plots() {
        let out = tempfile::tempdir().unwrap();
        let (data_dir, lang) = (Some(dir().path().to_owned()), Lang::En);
        lab(LabArgs { out: out.path().to_owned(), seed: 42, quick: true, lang, data_dir }).unwrap();
        let report = llmpath_lab::Report::read(out.path()).unwrap();
        for plot in ["iris_grid_search", "ridge_path", "california_forest"] {
            assert!(report.artifacts.contains(&format!("{plot}.png")), "{plot}");
        }
    }
}
