//! Forest vs tree: one decision tree against random forests of 1 to 100 trees, at max depth 1
//! to unlimited, on breast cancer (569 × 30) with scikit-learn's stratified 5-fold; then what a
//! forest's averaging shrinks (its own variance over seeds) and what it does not (the spread
//! across folds). Trees and forests are smartcore's, cross-validated with the crate's folds and
//! pipelines (`src/cross_validation.rs`, `src/pipeline.rs`) as in the ensembles lab.
//!
//! ```text
//! tree       split on the feature and threshold that lower the Gini impurity 1 − Σ_c p_c² most,
//!            until the leaves are pure or at max depth d (d splits from the root to a leaf)
//! bootstrap  n rows drawn with replacement: a row is left out with p = (1 − 1/n)ⁿ ≈ 1/e
//! forest     vote of B trees, each grown on its own bootstrap, trying m random features a split
//! variance   B trees of variance σ² and pairwise correlation ρ: Var(mean) = ρσ² + (1 − ρ)σ²/B
//! spread     across folds: std of the K fold accuracies, mostly which rows each fold tests,
//!            ≈ √(p(1 − p)/n_fold); across seeds: std of one fold's accuracy over the forest's
//!            seeds, the forest's own variance (the (1 − ρ)σ²/B term), averaged over the folds
//! ```
//!
//! One tree uses all 30 features and no bootstrap; the forests try m = 5 = ⌊√30⌋ features a split
//! (scikit-learn's default). smartcore's max_depth d + 1 is scikit-learn's d (`smartcore_depth`);
//! its trees reach pure leaves before depth 8 here, so 8 equals unlimited. At depth 1 and 2 its
//! trees are scikit-learn's, fold by fold (a test). smartcore draws each class's bootstrap apart
//! and votes with hard labels; scikit-learn draws one bootstrap and averages probabilities, so
//! the forests' scores are reported beside scikit-learn's (same folds, same settings), not equal.
//! More trees raise the mean, but the spread across folds does not shrink (unlimited depth, one
//! tree → 100 trees: ours 0.017 → 0.020, scikit-learn 0.016 → 0.022): it is mostly which 114 rows
//! a fold tests, √(p(1 − p)/114) ≈ 0.017. What a forest shrinks is its own variance: a fold's
//! accuracy over 5 seeds spreads by 0.016 with 1 tree and 0.005 with 100 (scikit-learn 0.025 →
//! 0.007; `--quick`: 3 seeds). `scripts/reference/forest_vs_tree.py` wrote
//! `golden/forest_vs_tree.json`.
//!
//! Expected result and time (release, 2 vCPU): unlimited depth, one tree 0.914 (scikit-learn
//! 0.917), 100 trees 0.967 (0.963); the largest forest must beat one tree and reach
//! scikit-learn's − 0.02, and its spread over seeds must be at most ¾ of one tree's. About 5 s;
//! `--quick` (up to 25 trees: 0.953, scikit-learn 0.961; 3 seeds) about 0.8 s.
//!
//! References:
//! - Breiman, Friedman, Olshen & Stone, *Classification and Regression Trees* (1984).
//! - Breiman, "Bagging predictors", Machine Learning 24 (1996); "Random forests", Machine
//!   Learning 45 (2001).
//! - Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning* (2nd ed., 2009),
//!   §9.2 (trees), §8.7 (bagging), §15.2 (the variance of a forest, eq. 15.1).
//! - Street, Wolberg & Mangasarian, "Nuclear feature extraction for breast tumor diagnosis",
//!   IS&T/SPIE (1993): the Wisconsin diagnostic breast cancer data.
//! - scikit-learn: `DecisionTreeClassifier`, `RandomForestClassifier`; smartcore 0.7:
//!   `DecisionTreeClassifier`, `RandomForestClassifier`.

use std::process::ExitCode;

use llmpath_data::{DataDir, load};
use llmpath_lab::{LabArgs, Lang, Run};
use llmpath_labs_classic::Fallible;
use llmpath_labs_classic::cross_validation::{cross_val_score, mean, std, stratified_k_fold};
use llmpath_labs_classic::metrics::accuracy;
use llmpath_labs_classic::pipeline::{Estimator, pipeline};
use llmpath_labs_kit::Checks;
use llmpath_labs_kit::plot::{Chart, LegendAt, Plots};
use ndarray::Array2;
use serde::Deserialize;
use smartcore::ensemble::random_forest_classifier::{
    RandomForestClassifier, RandomForestClassifierParameters as ForestParams,
};
use smartcore::tree::decision_tree_classifier::{
    DecisionTreeClassifier, DecisionTreeClassifierParameters as TreeParams,
};

const GOLDEN: &str = include_str!("../../../../scripts/reference/golden/forest_vs_tree.json");
const SKLEARN: &str = "scripts/reference/forest_vs_tree.py (scikit-learn)";
const K: usize = 5;
/// The forests' sizes (`--quick`: the first three) and the trees' depths as scikit-learn counts
/// them (splits from the root to a leaf; None: unlimited).
const TREES: [usize; 4] = [1, 5, 25, 100];
const DEPTHS: [Option<u16>; 5] = [Some(1), Some(2), Some(4), Some(8), None];
/// Seeds seed, seed + 1, … of the unlimited-depth forests (full, `--quick`): how far their own
/// randomness moves the accuracy of a fold.
const SEEDS: [u64; 2] = [5, 3];
/// The largest forest's CV accuracy may be this far below scikit-learn's: about 2.5 standard
/// errors of an accuracy near 0.96 on 569 rows (√(0.96 · 0.04 / 569) = 0.008).
const MARGIN: f64 = 0.02;

/// smartcore's classification tree and random forest behind our `Estimator`.
enum Model {
    Tree(TreeParams, Option<DecisionTreeClassifier<f64, u32, Array2<f64>, Vec<u32>>>),
    Forest(ForestParams, Option<RandomForestClassifier<f64, u32, Array2<f64>, Vec<u32>>>),
}

impl Estimator for Model {
    fn fit(&mut self, x: &Array2<f64>, y: &[f64]) -> Fallible<()> {
        let y: Vec<u32> = y.iter().map(|&c| c as u32).collect();
        match self {
            Model::Tree(p, fitted) => {
                *fitted = Some(DecisionTreeClassifier::fit(x, &y, p.clone())?)
            }
            Model::Forest(p, fitted) => {
                *fitted = Some(RandomForestClassifier::fit(x, &y, p.clone())?)
            }
        }
        Ok(())
    }
    fn predict(&self, x: &Array2<f64>) -> Fallible<Vec<f64>> {
        let unfitted = || "smartcore: predict before fit";
        let y_hat = match self {
            Model::Tree(_, m) => m.as_ref().ok_or_else(unfitted)?.predict(x)?,
            Model::Forest(_, m) => m.as_ref().ok_or_else(unfitted)?.predict(x)?,
        };
        Ok(y_hat.into_iter().map(f64::from).collect())
    }
}

/// smartcore's `max_depth` for scikit-learn's: smartcore counts the root as depth 1 and splits a
/// node while its depth < max_depth, so its d + 1 is scikit-learn's d.
fn smartcore_depth(depth: Option<u16>) -> Option<u16> {
    depth.map(|d| d + 1)
}

/// The spread over seeds of `runs` (seeds, K): each fold's std over the seeds, averaged.
fn seed_spread(runs: &[Vec<f64>]) -> f64 {
    let fold = |f: usize| runs.iter().map(|r| r[f]).collect::<Vec<_>>(); // (seeds,)
    mean(&(0..K).map(|f| std(&fold(f))).collect::<Vec<_>>())
}

/// What `scripts/reference/forest_vs_tree.py` wrote: the fold accuracies of scikit-learn's
/// `DecisionTreeClassifier` and `RandomForestClassifier` (random_state 0).
#[derive(Debug, Deserialize)]
struct Golden {
    breast_cancer: CancerRef,
}

#[derive(Debug, Deserialize)]
struct CancerRef {
    test_fold: Vec<usize>,
    n_trees: Vec<usize>,
    max_depth: Vec<Option<u16>>,
    tree: Vec<Vec<f64>>,              // (depth, K)
    forest: Vec<Vec<Vec<f64>>>,       // (depth, trees, K)
    forest_seeds: Vec<Vec<Vec<f64>>>, // (trees, random_state 0..5, K), unlimited depth
}

/// What the two parts share: the run, the data and its folds.
struct Lab {
    run: Run,
    plots: Plots,
    checks: Checks,
    lang: Lang,
    seed: u64,
    trees: &'static [usize], // the forests' sizes of this mode
    seeds: u64,              // how many seeds part 2 tries
    x: Array2<f64>,          // (569, 30)
    y: Vec<f64>,             // (569,)
    folds: Vec<usize>,       // (569,)
}

impl Lab {
    fn new(args: &LabArgs) -> Fallible<Lab> {
        let dir = DataDir::resolve(args.data_dir.clone()).map_err(|e| e.to_string())?;
        let data = load::breast_cancer(&dir)?;
        let run = Run::start("forest-vs-tree", "breast_cancer", args)?;
        let (plots, checks, lang) = (Plots::new(args)?, Checks::default(), args.lang);
        let (y, folds) =
            (data.y.mapv(|c| c as f64).to_vec(), stratified_k_fold(&data.y.to_vec(), K));
        let (trees, seeds) =
            (&TREES[..if args.quick { 3 } else { 4 }], SEEDS[usize::from(args.quick)]);
        Ok(Lab { run, plots, checks, lang, seed: args.seed, trees, seeds, x: data.x, y, folds })
    }
    fn text(&self, i: usize) -> &'static str {
        self.lang.pick(TEXT[i].0, TEXT[i].1)
    }
    /// The fold accuracies of `model`.
    fn cv(&self, model: Model) -> Fallible<Vec<f64>> {
        let mut model = pipeline(vec![], model);
        Ok(cross_val_score(&mut model, (&self.x, &self.y), &self.folds, accuracy)?.test)
    }
    /// The fold accuracies of a forest of `n` trees.
    fn forest(&self, n: usize, depth: Option<u16>, seed: u64) -> Fallible<Vec<f64>> {
        let p = ForestParams { max_depth: smartcore_depth(depth), ..ForestParams::default() };
        self.cv(Model::Forest(p.with_n_trees(n as u16).with_seed(seed), None))
    }
}

/// Part 1: one tree and forests of each size at each depth, their mean and spread across the
/// folds beside scikit-learn's; the forests' fold accuracies at unlimited depth (trees, K).
fn sweep(lab: &mut Lab, g: &CancerRef) -> Fallible<Vec<Vec<f64>>> {
    let setup = lab.folds == g.test_fold && g.n_trees == TREES && g.max_depth == DEPTHS;
    lab.checks.require(setup, "breast cancer: our folds or sweep are not the script's");
    let show = |s: &[f64]| format!("{:.3} ± {:.3}", mean(s), std(s));
    let shown = |v: &[Vec<f64>]| v.iter().map(|s| show(s)).collect::<Vec<_>>().join("  ");
    println!("{}\n   {}", lab.text(0), lab.text(4));
    let mut chart = Chart::new(lab.text(1), lab.text(2), lab.text(3)).log_x();
    let (mut tree, mut forests) = (Vec::new(), Vec::new()); // of the last depth: unlimited
    for (d, &depth) in DEPTHS.iter().enumerate() {
        let p = TreeParams { max_depth: smartcore_depth(depth), ..TreeParams::default() };
        tree = lab.cv(Model::Tree(p, None))?;
        forests =
            lab.trees.iter().map(|&n| lab.forest(n, depth, lab.seed)).collect::<Fallible<_>>()?;
        let (key, name) =
            depth.map_or(("none".into(), lab.text(5).into()), |d| (d.to_string(), d.to_string()));
        println!("   {name:<9} {} | {}", show(&tree), shown(&forests));
        let sk = shown(&g.forest[d][..lab.trees.len()]);
        println!("   {:<9} {} | {sk}", "sklearn", show(&g.tree[d]));
        let sk_tree = mean(&g.tree[d]);
        lab.run.compare(&format!("cancer_tree_depth_{key}_cv"), mean(&tree), sk_tree, SKLEARN);
        for ((n, s), sk) in lab.trees.iter().zip(&forests).zip(&g.forest[d]) {
            let metric = format!("cancer_forest_{n}_depth_{key}_cv");
            lab.run.compare(&metric, mean(s), mean(sk), SKLEARN);
        }
        let label = format!("{} {name}", lab.text(6));
        let means = lab.trees.iter().zip(&forests).map(|(&n, s)| (n as f64, mean(s)));
        // Dashed, so that depth 8 shows through where it equals unlimited.
        chart =
            if depth.is_some() { chart.line(&label, means) } else { chart.dashed(&label, means) };
    }
    let (last, sk_unlimited) = (lab.trees.len() - 1, &g.forest[DEPTHS.len() - 1]);
    let (b, tree_cv, forest_cv) = (lab.trees[last], mean(&tree), mean(&forests[last]));
    let floor = mean(&sk_unlimited[last]) - MARGIN;
    let beats = forest_cv > tree_cv && forest_cv >= floor;
    let what = format!("{b} trees {forest_cv:.4}, 1 tree {tree_cv:.4}, floor {floor:.4}");
    lab.checks.require(beats, format!("breast cancer: {what}"));
    let sk_means = lab.trees.iter().zip(sk_unlimited).map(|(&n, s)| (n as f64, mean(s)));
    let chart = chart
        .dashed(lab.text(7), [1.0, b as f64].map(|x| (x, tree_cv)))
        .dashed(lab.text(8), sk_means)
        .legend_at(LegendAt::LowerRight);
    lab.plots.record(&mut lab.run, "forest_vs_tree", &chart)?;
    Ok(forests)
}

/// Part 2: at unlimited depth, the spread of the forests' accuracy across the folds, and across
/// seeds seed, seed + 1, … on the same folds; `forests` are part 1's, with `seed`.
fn spread(lab: &mut Lab, g: &CancerRef, forests: &[Vec<f64>]) -> Fallible<()> {
    let sk_unlimited = &g.forest[DEPTHS.len() - 1];
    let mut spread = Vec::new(); // (trees, [ours across folds, seeds, scikit-learn's the same])
    for (t, &n) in lab.trees.iter().enumerate() {
        let mut runs = vec![forests[t].clone()];
        for s in 1..lab.seeds {
            runs.push(lab.forest(n, None, lab.seed + s)?);
        }
        let (sk_folds, sk_seeds) = (std(&sk_unlimited[t]), seed_spread(&g.forest_seeds[t]));
        let row = [std(&forests[t]), seed_spread(&runs), sk_folds, sk_seeds];
        lab.run.compare(&format!("cancer_forest_{n}_fold_std"), row[0], row[2], SKLEARN);
        lab.run.compare(&format!("cancer_forest_{n}_seed_std"), row[1], row[3], SKLEARN);
        spread.push((n as f64, row));
    }
    let column = |i: usize| spread.iter().map(move |&(n, row)| (n, row[i]));
    let series = |i: usize| column(i).map(|(_, v)| format!("{v:.4}")).collect::<Vec<_>>().join(" ");
    println!("   {}: {} (scikit-learn {})", lab.text(11), series(0), series(2));
    println!("   {}: {} (scikit-learn {})", lab.text(12), series(1), series(3));
    let (last, b) = (spread.len() - 1, lab.trees[lab.trees.len() - 1]);
    let (first, shrunk) = (spread[0].1[1], spread[last].1[1]);
    let why = format!("breast cancer: seed spread {first:.4} (1 tree) → {shrunk:.4} ({b} trees)");
    lab.checks.require(shrunk <= 0.75 * first, why);
    let p = mean(&forests[last]);
    let noise = (p * (1.0 - p) * K as f64 / lab.y.len() as f64).sqrt();
    let chart = Chart::new(lab.text(9), lab.text(2), lab.text(10))
        .log_x()
        .line(lab.text(11), column(0))
        .line(lab.text(12), column(1))
        .dashed(&format!("scikit-learn: {}", lab.text(11)), column(2))
        .dashed(&format!("scikit-learn: {}", lab.text(12)), column(3))
        .dashed(lab.text(13), [1.0, b as f64].map(|x| (x, noise)))
        .legend_at(LegendAt::UpperRight);
    lab.plots.record(&mut lab.run, "forest_vs_tree_spread", &chart)
}

fn main() -> ExitCode {
    llmpath_labs_kit::main("forest-vs-tree", lab)
}

fn lab(args: LabArgs) -> Fallible<()> {
    let (g, mut lab): (Golden, _) = (serde_json::from_str(GOLDEN)?, Lab::new(&args)?);
    let forests = sweep(&mut lab, &g.breast_cancer)?;
    spread(&mut lab, &g.breast_cancer, &forests)?;
    lab.checks.finish(lab.run)?;
    Ok(())
}

/// The printed headings and plot labels, (zh, en).
const TEXT: [(&str, &str); 14] = [
    (
        "乳腺癌：单棵决策树与随机森林（树的数量 × 最大深度），分层 5 折",
        "Breast cancer: one decision tree vs random forests (trees × max depth), stratified 5-fold",
    ),
    ("乳腺癌：随机森林的 5 折平均准确率", "Breast cancer: mean 5-fold accuracy of random forests"),
    ("森林中树的数量", "trees in the forest"),
    ("交叉验证平均准确率", "mean CV accuracy"),
    (
        "最大深度  单棵树（5 折均值 ± 标准差） | 1、5、25（、100）棵树的森林",
        "max depth  one tree (mean ± std of 5 folds) | forests of 1, 5, 25 (, 100) trees",
    ),
    ("不限", "unlimited"),
    ("深度", "depth"),
    ("单棵决策树（深度不限）", "one decision tree (unlimited depth)"),
    ("scikit-learn 随机森林（深度不限）", "scikit-learn forest (unlimited depth)"),
    (
        "乳腺癌：准确率的离散程度（深度不限）",
        "Breast cancer: spread of the accuracy (unlimited depth)",
    ),
    ("准确率的标准差", "standard deviation of accuracy"),
    ("5 折之间", "across the 5 folds"),
    ("种子之间（同一折，取平均）", "across seeds (same fold, averaged)"),
    ("一折的二项噪声 √(p(1 − p)/n)", "binomial noise of one fold √(p(1 − p)/n)"),
];

#[cfg(test)]
#[path = "forest_vs_tree/tests.rs"]
mod tests;
