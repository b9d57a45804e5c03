//! Ensembles: smartcore's random forests and gradient boosting beside our own k-NN and ridge,
//! cross-validated with the crate's folds and pipelines (`src/cross_validation.rs`,
//! `src/pipeline.rs`) like the model-selection lab, whose k-NN and ridge this file includes as a
//! module (read that lab first).
//!
//! ```text
//! bootstrap  a sample of n rows drawn with replacement: each row is left out with p ≈ 1/e
//! tree       split on the feature and threshold that lower the impurity most
//!            (Gini 1 − Σ_c p_c² for classes, variance for values), until leaves are pure or small
//! forest     vote (classes) or mean (values) of B trees, each on a bootstrap sample, trying m
//!            random features a split; Var(mean) = ρσ² + (1 − ρ)σ²/B, so decorrelated trees help
//! boosting   F₀ = ȳ,  F_t = F_{t−1} + η f_t,  f_t a depth-d tree fitted to the residuals
//!            y − F_{t−1} (the negative gradient of ½(y − F)²)
//! imputer    NaN ↦ the median of the training rows (inside the pipeline, fold by fold)
//! ```
//!
//! Iris and Titanic on scikit-learn's stratified 5-fold, California on a held-out fifth (every
//! 5th row; features the 8 columns and one-hot ocean proximity; the value in $100k). Our k-NN
//! (iris: raw, k = 6, the model-selection grid's choice; Titanic: imputer → scaler → k = 15) and
//! ridge (imputer → scaler → α = 1) equal scikit-learn's fold by fold. Titanic (train.csv):
//! pclass, female, age (NaN: the training median), sibsp, parch, fare, embarked C / Q, title
//! Miss / Mrs / Master / rare (from the name; Mr is the base). Forests try m = 2 of iris's 4
//! features a split, 4 of Titanic's 12 (leaves of ≥ 2 rows) and of California's 13. smartcore
//! has no boosting classifier: on Titanic, XGRegressor fits y ∈ {0, 1} by squared loss and
//! predicts F > ½. smartcore's forest votes with hard labels and its trees split differently
//! from scikit-learn's, so its scores are reported beside scikit-learn's (same folds, same
//! settings), not equal. `scripts/reference/ensembles.py` wrote `golden/ensembles.json`.
//! One tree against forests of 1 to 100 trees, and what a forest's averaging shrinks, is the
//! forest-vs-tree lab's (`forest_vs_tree.rs`).
//!
//! Expected result and time (release, 2 vCPU): iris CV k-NN 0.98 (= scikit-learn), forest 0.96
//! (scikit-learn 0.967). Titanic CV: gender rule 0.787, k-NN 0.8115 (= scikit-learn), forest
//! 0.829 (scikit-learn 0.837; must be ≥ 0.80), boosting 0.826 (GradientBoostingClassifier
//! 0.829). California R²: ridge 0.626 (= scikit-learn), forest 0.826 (0.828; must be ≥ 0.75),
//! boosting 0.846 (GradientBoostingRegressor 0.840, HistGB 0.841). About 12 s, most of it
//! California. `--quick` (30 trees; California trains on every 4th training row: forest R²
//! 0.782, scikit-learn 0.784, must be ≥ 0.65; no boosting) about 1 s.
//!
//! References:
//! - Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning* (2nd ed., 2009),
//!   §9.2 (trees), §10 (boosting), §15 (random forests).
//! - Breiman, "Random forests", Machine Learning 45 (2001); Friedman, "Greedy function
//!   approximation: a gradient boosting machine", Ann. Statist. 29 (2001); Chen & Guestrin,
//!   "XGBoost", KDD (2016).
//! - scikit-learn: `RandomForestClassifier`, `GradientBoostingClassifier`, `SimpleImputer`;
//!   smartcore 0.7: `RandomForestClassifier`, `RandomForestRegressor`, `XGRegressor`.

use std::process::ExitCode;

use llmpath_data::{DataDir, load};
use llmpath_lab::{LabArgs, Lang, Run};
use llmpath_labs_classic::Fallible;
use llmpath_labs_classic::cross_validation::{
    cross_val_score, holdout, mean, same, split, stratified_k_fold,
};
use llmpath_labs_classic::metrics::{accuracy, r2};
use llmpath_labs_classic::pipeline::{
    Estimator, MedianImputer, Pipeline, StandardScaler, Transformer, pipeline,
};
use llmpath_labs_kit::Checks;
use llmpath_labs_kit::plot::{BarChart, Chart, LegendAt, Plots};
use ndarray::Array2;
use serde::Deserialize;
use smartcore::ensemble::random_forest_classifier::{
    RandomForestClassifier, RandomForestClassifierParameters as ForestParams,
};
use smartcore::ensemble::random_forest_regressor::{
    RandomForestRegressor, RandomForestRegressorParameters as ForestRegParams,
};
use smartcore::xgboost::{XGRegressor, XGRegressorParameters as BoostParams};

/// The k-NN and ridge of the model-selection lab, and its K; its own parts, `main` and tests
/// come along unused.
#[allow(dead_code)]
#[path = "model_selection.rs"]
mod model_selection;

use model_selection::{K, KNeighbors, Ridge};

const GOLDEN: &str = include_str!("../../../../scripts/reference/golden/ensembles.json");
const SKLEARN: &str = "scripts/reference/ensembles.py (scikit-learn)";
const IRIS_KNN_K: usize = 6;
const KNN_K: usize = 15; // Titanic k-NN
/// Trees in the forests (full, `--quick`); California in --quick trains on every 4th row.
const TREES: [usize; 2] = [100, 30];
const QUICK_EVERY: usize = 4;
const RIDGE_ALPHA: f64 = 1.0;

/// The median imputer, boxed for a pipeline.
fn impute() -> Box<dyn Transformer> {
    Box::new(MedianImputer::default())
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

/// Titanic's models: imputer → scaler → k-NN, imputer → forest, imputer → boosting (F > ½).
fn titanic_models(trees: usize, seed: u64) -> [(&'static str, Pipeline); 3] {
    let forest = ForestParams::default().with_n_trees(trees as u16).with_min_samples_leaf(2);
    let boost = BoostParams::default().with_n_estimators(100).with_max_depth(3);
    let (forest, boost) = (forest.with_m(4).with_seed(seed), boost.with_learning_rate(0.1));
    let knn = KNeighbors::new(KNN_K);
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
        x.extend([f64::from(p.parch), fare, one(port == Embarked::Cherbourg)]);
        x.extend([one(port == Embarked::Queenstown), one(t == 1), one(t == 2), one(t == 3)]);
        x.push(one(t == 4));
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

/// imputer → scaler → ridge, imputer → forest (m = 4 of 13), imputer → boosting (200, depth 6).
fn california_models(trees: usize, seed: u64) -> [Pipeline; 3] {
    let forest = ForestRegParams::default().with_n_trees(trees).with_m(4).with_seed(seed);
    let boost = BoostParams::default().with_n_estimators(200).with_max_depth(6);
    let boost = Smartcore::Boost(boost.with_learning_rate(0.1), false, None);
    let scaled = vec![impute(), Box::new(StandardScaler::default()) as Box<dyn Transformer>];
    let ridge = pipeline(scaled, Ridge::new(RIDGE_ALPHA));
    [
        ridge,
        pipeline(vec![impute()], Smartcore::ForestReg(forest, None)),
        pipeline(vec![impute()], boost),
    ]
}

/// The test rows (every 5th) and the training rows (every `QUICK_EVERY`-th of the rest in --quick).
fn california_split(n: usize, quick: bool) -> (Vec<usize>, Vec<usize>) {
    let (test, train): (Vec<usize>, Vec<usize>) = (0..n).partition(|i| i % 5 == 0);
    (test, train.into_iter().step_by(if quick { QUICK_EVERY } else { 1 }).collect())
}

/// What `scripts/reference/ensembles.py` wrote: scikit-learn's folds and scores.
#[derive(Debug, Deserialize)]
struct Golden {
    iris: IrisRef,
    titanic: TitanicRef,
    california: CaliforniaRef,
}

#[derive(Debug, Deserialize)]
struct IrisRef {
    test_fold: Vec<usize>,
    knn: Vec<f64>,
    random_forest: Vec<f64>,
    random_forest_quick: Vec<f64>,
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
    ridge: f64,
    ridge_quick: f64,
    random_forest: f64,
    random_forest_quick: f64,
    gradient_boosting: f64,
    hist_gradient_boosting: f64,
}

/// What the parts share; `scores` gathers (ours, forest, scikit-learn's forest, boosting) of
/// each dataset for the summary chart.
struct Lab {
    run: Run,
    plots: Plots,
    checks: Checks,
    lang: Lang,
    quick: bool,
    seed: u64,
    dir: DataDir,
    scores: Vec<[f64; 4]>,
}

impl Lab {
    fn new(args: &LabArgs) -> Fallible<Lab> {
        let dir = DataDir::resolve(args.data_dir.clone()).map_err(|e| e.to_string())?;
        let run = Run::start("ensembles", "iris, titanic, california_housing", args)?;
        let (plots, checks, lang) = (Plots::new(args)?, Checks::default(), args.lang);
        let (quick, seed, scores) = (args.quick, args.seed, Vec::new());
        Ok(Lab { run, plots, checks, lang, quick, seed, dir, scores })
    }
    fn text(&self, i: usize) -> &'static str {
        self.lang.pick(TEXT[i].0, TEXT[i].1)
    }
    fn trees(&self) -> usize {
        TREES[usize::from(self.quick)]
    }
    /// Ours against scikit-learn's, within `tolerance` (relative; absolute against 0).
    fn compare(&mut self, name: &str, ours: f64, sklearn: f64, tolerance: f64) {
        self.checks.compare(name, ours, sklearn, tolerance, SKLEARN);
    }
}

/// Part 1: iris, our k-NN beside smartcore's forest, on stratified folds.
fn iris(lab: &mut Lab, g: &IrisRef) -> Fallible<()> {
    println!("{}", lab.text(0));
    let data = load::iris(&lab.dir)?;
    let (y, folds) = (data.y.mapv(|c| c as f64).to_vec(), stratified_k_fold(&data.y.to_vec(), K));
    lab.checks.require(folds == g.test_fold, "iris: our folds are not scikit-learn's");
    let mut knn = pipeline(vec![], KNeighbors::new(IRIS_KNN_K));
    let knn = cross_val_score(&mut knn, (&data.x, &y), &folds, accuracy)?.test;
    let params = ForestParams::default().with_n_trees(lab.trees() as u16).with_seed(lab.seed);
    let mut forest = pipeline(vec![], Smartcore::Forest(params, None));
    let forest = mean(&cross_val_score(&mut forest, (&data.x, &y), &folds, accuracy)?.test);
    let sk = mean(if lab.quick { &g.random_forest_quick } else { &g.random_forest });
    let (ours, forest_name) = (mean(&knn), lab.text(7));
    println!(
        "   k-NN (k = {IRIS_KNN_K}) {ours:.4}, {forest_name} {forest:.4} (scikit-learn {sk:.4})"
    );
    lab.compare("iris_knn_cv", ours, mean(&g.knn), 1e-12);
    lab.checks.require(same(&knn, &g.knn), "iris: k-NN fold accuracies are not scikit-learn's");
    lab.run.compare("iris_random_forest_cv", forest, sk, SKLEARN);
    lab.checks.require(forest >= 0.93, format!("iris: forest CV accuracy {forest:.4} < 0.93"));
    lab.scores.push([ours, forest, sk, f64::NAN]);
    Ok(())
}

/// Part 2: Titanic, our k-NN pipeline beside smartcore's forest and boosting, stratified folds.
fn titanic(lab: &mut Lab, g: &TitanicRef) -> Fallible<()> {
    println!("{}", lab.text(1));
    let (x, y) = titanic_data(&lab.dir)?;
    let folds = stratified_k_fold(&y.iter().map(|&v| v as usize).collect::<Vec<_>>(), K);
    lab.checks.require(folds == g.test_fold, "titanic: our folds are not scikit-learn's");
    let women = |f: usize| {
        let test = split(&folds, f).1; // the rule: survived = female (column 1)
        test.iter().filter(|&&i| x[[i, 1]] == y[i]).count() as f64 / test.len() as f64
    };
    let gender: Vec<f64> = (0..K).map(women).collect();
    lab.compare("titanic_gender_rule_cv", mean(&gender), mean(&g.gender_rule), 1e-12);
    println!("   {}: {:.4}", lab.text(16), mean(&gender));
    let (models, sklearn) = (titanic_models(lab.trees(), lab.seed), [&g.knn, &g.random_forest]);
    let mut cvs = Vec::new();
    for ((name, mut model), sk) in
        models.into_iter().zip(sklearn.into_iter().chain([&g.gradient_boosting]))
    {
        let s = cross_val_score(&mut model, (&x, &y), &folds, accuracy)?;
        let (cv, folds) =
            (mean(&s.test), s.test.iter().map(|a| format!("{a:.3}")).collect::<Vec<_>>());
        println!("   {name:<18} {} → {cv:.4} (scikit-learn {:.4})", folds.join(" "), mean(sk));
        lab.run.compare(&format!("titanic_{name}_cv"), cv, mean(sk), SKLEARN);
        let (ok, what) = match name {
            "knn" => (same(&s.test, sk), "k-NN fold accuracies are not scikit-learn's"),
            "random_forest" => (cv >= 0.80, "forest CV accuracy < 0.80 (the issue)"),
            _ => (true, ""),
        };
        lab.checks.require(ok, format!("titanic: {what} ({cv:.4})"));
        cvs.push(cv);
    }
    lab.scores.push([cvs[0], cvs[1], mean(&g.random_forest), cvs[2]]);
    Ok(())
}

/// Part 3: California, our ridge beside smartcore's forest (and boosting, full mode) on a
/// held-out fifth.
fn california(lab: &mut Lab, g: &CaliforniaRef) -> Fallible<()> {
    println!("{}", lab.text(2));
    let (x, y) = california_data(&lab.dir)?;
    let (test, train) = california_split(y.len(), lab.quick);
    let rows = if lab.quick { g.quick_rows } else { g.n_train };
    let same_split = (train.len(), test.len()) == (rows, g.n_test);
    lab.checks.require(same_split, "california: the split is not the script's");
    let [mut ridge, mut forest, mut boost] = california_models(lab.trees(), lab.seed);
    let (ridge_hat, r2_ridge) = holdout(&mut ridge, (&x, &y), (&test, &train), r2)?;
    let (forest_hat, r2_forest) = holdout(&mut forest, (&x, &y), (&test, &train), r2)?;
    let (sk_ridge, sk, floor) = match lab.quick {
        true => (g.ridge_quick, g.random_forest_quick, 0.65),
        false => (g.ridge, g.random_forest, 0.75),
    };
    println!("   {} + {} {}", train.len(), test.len(), lab.lang.pick("行", "rows"));
    println!("   {} R² {r2_ridge:.4} (scikit-learn {sk_ridge:.4})", lab.text(6));
    println!("   {} R² {r2_forest:.4} (scikit-learn {sk:.4})", lab.text(7));
    lab.compare("california_ridge_r2", r2_ridge, sk_ridge, 1e-9);
    lab.run.compare("california_forest_r2", r2_forest, sk, SKLEARN);
    lab.checks.require(r2_forest >= floor, format!("california: forest R² {r2_forest} < {floor}"));
    let mut r2_boost = f64::NAN;
    if !lab.quick {
        r2_boost = holdout(&mut boost, (&x, &y), (&test, &train), r2)?.1;
        let (gb, hist) = (g.gradient_boosting, g.hist_gradient_boosting);
        println!("   {} R² {r2_boost:.4} (scikit-learn {gb:.4}; HistGB {hist:.4})", lab.text(8));
        lab.run.compare("california_boosting_r2", r2_boost, gb, SKLEARN);
    }
    lab.scores.push([r2_ridge, r2_forest, sk, r2_boost]);
    let y_test = || test.iter().map(|&i| y[i]);
    let chart = Chart::new(lab.text(3), lab.text(4), lab.text(5))
        .points(&format!("{} (R² {r2_ridge:.3})", lab.text(6)), y_test().zip(ridge_hat))
        .points(&format!("{} (R² {r2_forest:.3})", lab.text(7)), y_test().zip(forest_hat))
        .dashed("ŷ = y", [(0.0, 0.0), (5.0, 5.0)])
        .legend_at(LegendAt::UpperLeft);
    lab.plots.record(&mut lab.run, "california_forest", &chart)
}

fn main() -> ExitCode {
    llmpath_labs_kit::main("ensembles", lab)
}

fn lab(args: LabArgs) -> Fallible<()> {
    let (g, mut lab): (Golden, _) = (serde_json::from_str(GOLDEN)?, Lab::new(&args)?);
    iris(&mut lab, &g.iris)?;
    titanic(&mut lab, &g.titanic)?;
    california(&mut lab, &g.california)?;
    // Ours, smartcore's forest, scikit-learn's forest and smartcore's boosting, by dataset.
    let datasets = [9, 10, 11].map(|i| lab.text(i).to_owned());
    let series = |s: usize| lab.scores.iter().map(move |v| if v[s].is_nan() { 0.0 } else { v[s] });
    let chart = BarChart::new(lab.text(12), "", lab.text(13), &datasets)
        .series(lab.text(14), series(0))
        .series(lab.text(7), series(1))
        .series(lab.text(15), series(2))
        .series(lab.text(8), series(3));
    lab.plots.record(&mut lab.run, "ensembles_beside_ours", &chart)?;
    lab.checks.finish(lab.run)?;
    Ok(())
}

/// The printed headings and plot labels, (zh, en).
const TEXT: [(&str, &str); 17] = [
    (
        "1. 鸢尾花：k 近邻与随机森林，分层 5 折",
        "1. Iris: k-NN and a random forest, stratified 5-fold",
    ),
    ("2. 泰坦尼克：12 个特征，分层 5 折", "2. Titanic: 12 features, stratified 5-fold"),
    ("3. 加州房价：每 5 行留 1 行作测试", "3. California housing: every 5th row held out"),
    ("加州房价：测试集上的预测", "California housing: predictions on the test rows"),
    ("真实房价（十万美元）", "true value ($100k)"),
    ("预测房价（十万美元）", "predicted ($100k)"),
    ("岭回归（我们的）", "ridge (ours)"),
    ("随机森林（smartcore）", "random forest (smartcore)"),
    ("梯度提升（smartcore）", "gradient boosting (smartcore)"),
    ("鸢尾花（准确率）", "iris (accuracy)"),
    ("泰坦尼克（准确率）", "Titanic (accuracy)"),
    ("加州房价（R²）", "California (R²)"),
    ("集成模型与我们的模型", "Ensembles beside our models"),
    ("交叉验证准确率 / 测试集 R²", "CV accuracy / test R²"),
    ("我们的（k 近邻、k 近邻、岭回归）", "ours (k-NN, k-NN, ridge)"),
    ("随机森林（scikit-learn）", "random forest (scikit-learn)"),
    ("性别规则（女性生还）", "gender rule (women survive)"),
];

#[cfg(test)]
#[path = "ensembles/tests.rs"]
mod tests;
