//! Logistic regression from scratch: binary (breast cancer, Titanic) and softmax (iris, digits)
//! with an L2 penalty, fitted by gradient descent, Newton's method and L-BFGS, and the metrics of
//! a classifier: confusion matrix, precision, recall, F1, ROC + AUC, PR curve + average precision.
//!
//! ```text
//! sigmoid   p = σ(z) = 1/(1 + e⁻ᶻ),  z = Xw + b  (n,);   stable: −log σ(z) = softplus(−z),
//!           softplus(z) = log(1 + eᶻ) = max(z, 0) + log(1 + e^−|z|)
//! loss      L = −(1/n) Σᵢ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)] + (λ/2)‖w‖²
//!             = (1/n) Σᵢ [softplus(zᵢ) − yᵢ zᵢ] + (λ/2)‖w‖²           (the bias is not penalised)
//! softmax   Pᵢₖ = e^(zᵢₖ − m) / Σⱼ e^(zᵢⱼ − m), m = maxⱼ zᵢⱼ,  Z = XWᵀ + 1bᵀ  (n, K)
//! loss      L = (1/n) Σᵢ [log Σⱼ e^zᵢⱼ − zᵢ,yᵢ] + (λ/2)‖W‖²
//! gradient  ∇_W L = (P − Y)ᵀX / n + λW,  ∇_b L = (P − Y)ᵀ1 / n   (Y = y, or one-hot; both links)
//! Hessian   ∂²L/∂θₖ∂θₗ = X̃ᵀ diag(sₖₗ) X̃ / n + λ δₖₗ diag(1, …, 1, 0),  X̃ = [X 1], θₖ = (wₖ, bₖ)
//!           sigmoid s = p(1 − p);  softmax sₖₗ = Pₖ ⊙ (δₖₗ − Pₗ)
//! descent   θ ← θ − η ∇L;   Newton θ ← θ − t (∇²L)⁻¹∇L, t halved until L falls (Armijo)
//! L-BFGS    θ ← θ − t H∇L, H ≈ (∇²L)⁻¹ built from the last m pairs s = Δθ, y = Δ∇L
//!           (two-loop recursion, never formed): the crate's `lbfgs` module (`src/lbfgs.rs`),
//!           whose line search Newton's steps use too; both stop when max |∇L| ≤ tol
//! sklearn   C Σᵢ lossᵢ + ½‖w‖²; divided by C n that is L with λ = 1/(C n)
//! metrics   precision = TP/(TP + FP), recall = TP/(TP + FN), AUC, AP: the crate's `metrics`
//!           module (`src/metrics.rs`), with their equations and references
//! ```
//!
//! Split: within each class, in file order, every 4th sample (rank 0, 4, 8, …) is a test sample.
//! Features are standardised by the training rows' mean and standard deviation (the crate's
//! `pipeline::StandardScaler`). Titanic (`train.csv`) uses female, pclass = 2, pclass = 3, age
//! (missing: the training median), sibsp, parch and fare. The softmax Hessian is singular along u =
//! "add 1 to every bias", which leaves P unchanged; Newton solves with ∇²L + uuᵀ instead, which
//! keeps Σₖ bₖ = 0 as sklearn's lbfgs does; L-BFGS keeps it too, as every ∇L is orthogonal to u.
//! The script `scripts/reference/logistic_regression.py` fits sklearn's `LogisticRegression(C = 1,
//! tol = 1e-12)`, solvers 'lbfgs' and 'newton-cholesky', on the same split (golden file
//! `golden/logistic_regression.json`). Newton and L-BFGS here stop at the same max |∇L| ≤ 1e-12;
//! sklearn's lbfgs stops earlier, on the relative decrease of L. `benches/classic.rs` times both
//! against sklearn's on digits (`scripts/bench/classic.sh`).
//!
//! Expected result and time (release, 2 vCPU): in 6–9 steps Newton reaches sklearn's
//! newton-cholesky θ to 3e-15 and its lbfgs θ to 6e-6 (max |Δθ| / max |θ|); L-BFGS (m = 10)
//! takes 21 (Titanic) to 228 (digits) steps and reaches newton-cholesky's θ to 2e-9; the test
//! predictions are sklearn's: accuracy 0.9790 on breast cancer (AUC 0.99455), 0.9744 on iris,
//! 0.9626 on digits and 0.8170 on Titanic (AUC 0.87239); AUC and AP equal sklearn's to 4e-16.
//! 500 gradient-descent steps (η = 0.5) are still 2e-9 (Titanic) to 1e-2 (digits) above the
//! optimum. About 0.6 s in all, half of it digits' Newton steps; `--quick` (breast cancer and
//! iris) 0.05 s.
//!
//! References:
//! - Bishop, *Pattern Recognition and Machine Learning* (2006), §4.3.2–4.3.4 (logistic
//!   regression, iterative reweighted least squares, multiclass logistic regression).
//! - Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning* (2nd ed.), §4.4.
//! - Nocedal & Wright, *Numerical Optimization* (2nd ed., 2006), ch. 3 (line search, Newton);
//!   for L-BFGS, §7.2 and the `lbfgs` module's references.
//! - scikit-learn user guide: `LogisticRegression`, `roc_auc_score`, `average_precision_score`.

use std::collections::BTreeMap;
use std::error::Error;
use std::process::ExitCode;

use faer::linalg::solvers::Solve;
use faer::{Col, Mat, Side};
use llmpath_data::{DataDir, load};
use llmpath_lab::{LabArgs, Run};
use llmpath_labs_classic::lbfgs::{self, Stop};
use llmpath_labs_classic::metrics::{
    auc, average_precision, confusion_matrix, pr_curve, precision_recall_f1, roc,
};
use llmpath_labs_classic::pipeline::{StandardScaler, Transformer, median};
use llmpath_labs_kit::plot::{Chart, HeatMap, LegendAt, Plots};
use ndarray::parallel::prelude::*;
use ndarray::{Array1, Array2, Axis, Slice, concatenate};
use serde::Deserialize;

const GOLDEN: &str = include_str!("../../../../scripts/reference/golden/logistic_regression.json");
const SKLEARN: &str = "scripts/reference/logistic_regression.py (scikit-learn)";
/// sklearn's inverse penalty; λ = 1/(C n).
const C: f64 = 1.0;
const LEARNING_RATE: f64 = 0.5;
const GD_STEPS: usize = 500;
/// Newton and L-BFGS stop when max |∇L| ≤ GTOL, the `tol` the golden file gave sklearn.
const GTOL: f64 = 1e-12;
const MAX_STEPS: usize = 1000;
/// The (s, y) pairs L-BFGS keeps (scipy's default `maxcor`).
const MEMORY: usize = 10;
/// Rows per parallel task of `loss_gradient`.
const CHUNK: usize = 256;
/// Full mode fits all four; `--quick` the first two.
const DATASETS: [&str; 4] = ["breast_cancer", "iris", "digits", "titanic"];

/// 𝟙[b]
fn one(b: bool) -> f64 {
    f64::from(u8::from(b))
}

fn softplus(z: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}

/// σ(z) without overflow: e⁻ᶻ is only taken for z ≥ 0.
fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 { 1.0 / (1.0 + (-z).exp()) } else { z.exp() / (1.0 + z.exp()) }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Link {
    Sigmoid,
    Softmax,
}

/// P (n, K) and the log-partition A (n,) from scores Z (n, K): σ(z) and Aᵢ = softplus(zᵢ)
/// (K = 1), or each row's softmax and Aᵢ = log Σⱼ e^zᵢⱼ. Either way Lᵢ = Aᵢ − zᵢ·yᵢ.
fn probs(link: Link, z: &Array2<f64>) -> (Array2<f64>, Array1<f64>) {
    let mut p = z.clone();
    let a = match link {
        Link::Sigmoid => {
            p.mapv_inplace(sigmoid);
            z.column(0).mapv(softplus)
        }
        Link::Softmax => (p.rows_mut().into_iter())
            .map(|mut row| {
                let m = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                row.mapv_inplace(|v| (v - m).exp());
                let sum = row.sum();
                row /= sum;
                m + sum.ln()
            })
            .collect(),
    };
    (p, a)
}

/// [X 1]: (n, d + 1).
fn with_ones(x: &Array2<f64>) -> Array2<f64> {
    concatenate![Axis(1), x.view(), Array2::ones((x.nrows(), 1))]
}

/// The penalised loss of one training set; θ is (K, d + 1), its last column the bias.
pub(crate) struct Problem {
    link: Link,
    x: Array2<f64>, // (n, d + 1) = X̃
    y: Array2<f64>, // (n, K): y (sigmoid, K = 1) or one-hot (softmax)
    lambda: f64,
}

impl Problem {
    pub(crate) fn new(x: &Array2<f64>, labels: &[usize], classes: usize, lambda: f64) -> Problem {
        let (link, k) = if classes == 2 { (Link::Sigmoid, 1) } else { (Link::Softmax, classes) };
        let y = Array2::from_shape_fn((labels.len(), k), |(i, c)| match link {
            Link::Sigmoid => labels[i] as f64,
            Link::Softmax => one(labels[i] == c),
        });
        Problem { link, x: with_ones(x), y, lambda }
    }

    fn zeros(&self) -> Array2<f64> {
        Array2::zeros((self.y.ncols(), self.x.ncols()))
    }

    /// θ with the bias column zeroed: the part the penalty sees.
    fn weights(theta: &Array2<f64>) -> Array2<f64> {
        let mut w = theta.clone();
        w.column_mut(theta.ncols() - 1).fill(0.0);
        w
    }

    /// L(θ) and ∇L(θ) from Z = X̃θᵀ: Σᵢ Lᵢ and (P − Y)ᵀX̃ are sums over the rows, taken by
    /// chunks of rows on all threads (rayon) and added in a fixed order (the same bits each run).
    pub(crate) fn loss_gradient(&self, theta: &Array2<f64>) -> (f64, Array2<f64>) {
        let (x, y) =
            (self.x.axis_chunks_iter(Axis(0), CHUNK), self.y.axis_chunks_iter(Axis(0), CHUNK));
        let parts: Vec<(f64, Array2<f64>)> = (x.into_par_iter().zip(y))
            .map(|(x, y)| {
                let z = x.dot(&theta.t()); // (CHUNK, K)
                let (p, a) = probs(self.link, &z);
                let data = (a - (&z * &y).sum_axis(Axis(1))).sum(); // Σᵢ Lᵢ, each Lᵢ ≥ 0
                (data, (p - y).t().dot(&x))
            })
            .collect();
        let sum = |(l, g): (f64, Array2<f64>), (l_c, g_c)| (l + l_c, g + g_c);
        let (data, r_x) = parts.into_iter().fold((0.0, Array2::zeros(theta.dim())), sum);
        let (n, w) = (self.x.nrows() as f64, Problem::weights(theta));
        (data / n + 0.5 * self.lambda * (&w * &w).sum(), r_x / n + self.lambda * w)
    }

    /// ∇²L = Σᵢ (diag(pᵢ) − pᵢpᵢᵀ) ⊗ x̃ᵢx̃ᵢᵀ / n + λ on the weights (+ uuᵀ for softmax, see the
    /// module doc), θ flattened row by row: (K(d+1), K(d+1)); for the sigmoid K = 1 and
    /// diag(p) − ppᵀ = p(1 − p). Two kinds of products: X̃ᵀ diag(Pₐ) X̃ on the diagonal blocks,
    /// and VᵀV with the rows vᵢ = pᵢ ⊗ x̃ᵢ.
    fn hessian(&self, theta: &Array2<f64>) -> Array2<f64> {
        let (p, _) = probs(self.link, &self.x.dot(&theta.t())); // (n, K)
        let ((k, m), n) = (theta.dim(), self.x.nrows());
        let v = Array2::from_shape_fn((n, k * m), |(i, c)| p[[i, c / m]] * self.x[[i, c % m]]);
        let mut h = -v.t().dot(&v); // −Σᵢ pᵢpᵢᵀ ⊗ x̃ᵢx̃ᵢᵀ
        for a in 0..k {
            let mut block = h.slice_each_axis_mut(|_| Slice::from(a * m..(a + 1) * m));
            block += &(&self.x * &p.column(a).insert_axis(Axis(1))).t().dot(&self.x);
        }
        let bias = |r: usize| r % m == m - 1;
        let softmax = self.link == Link::Softmax;
        h / n as f64
            + Array2::from_shape_fn((k * m, k * m), |(r, c)| {
                one(r == c && !bias(r)) * self.lambda + one(softmax && bias(r) && bias(c))
            })
    }
}

/// When Newton and L-BFGS stop: max |∇L| ≤ `gtol`, or an error after `MAX_STEPS` steps.
fn stop(gtol: f64) -> Stop {
    Stop { gtol, max_steps: MAX_STEPS }
}

/// Newton's method from θ = 0: d = −(∇²L)⁻¹∇L, solved by Cholesky, ∇²L = LLᵀ (faer's, as
/// sklearn's newton-cholesky calls LAPACK's), θ and ∇L flattened row by row; t halved until L
/// falls enough (the crate's line search, `lbfgs::descent`).
pub(crate) fn newton(problem: &Problem, gtol: f64) -> Result<(Array2<f64>, Vec<f64>), String> {
    let loss_gradient = |theta: &Array2<f64>| problem.loss_gradient(theta);
    lbfgs::descent(problem.zeros(), stop(gtol), loss_gradient, |theta, g| {
        let (h, m) = (problem.hessian(theta), theta.ncols());
        let h = Mat::from_fn(h.nrows(), h.ncols(), |r, c| h[[r, c]]);
        let llt = h.llt(Side::Lower).map_err(|e| format!("∇²L is not positive definite: {e:?}"))?;
        let step = llt.solve(Col::from_fn(h.nrows(), |r| g[[r / m, r % m]]));
        Ok(Array2::from_shape_fn(theta.dim(), |(a, j)| -step[a * m + j]))
    })
}

/// L-BFGS from θ = 0, keeping `MEMORY` pairs: the crate's `lbfgs::minimise` on L.
pub(crate) fn lbfgs(problem: &Problem, gtol: f64) -> Result<(Array2<f64>, Vec<f64>), String> {
    lbfgs::minimise(problem.zeros(), stop(gtol), MEMORY, |theta| problem.loss_gradient(theta))
}

/// L after each of `steps` full-batch gradient-descent steps from θ = 0.
fn gradient_descent(problem: &Problem, steps: usize) -> Vec<f64> {
    let mut theta = problem.zeros();
    let (_, mut g) = problem.loss_gradient(&theta);
    let mut step = || {
        theta.scaled_add(-LEARNING_RATE, &g);
        let (loss, next_g) = problem.loss_gradient(&theta);
        g = next_g;
        loss
    };
    (0..steps).map(|_| step()).collect()
}

/// Train and test rows: the samples whose rank within their class is a multiple of 4 are test.
fn split(y: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let mut seen = vec![0; y.iter().max().map_or(0, |&k| k + 1)];
    (0..y.len()).partition(|&i| {
        seen[y[i]] += 1;
        (seen[y[i]] - 1) % 4 != 0
    })
}

/// A dataset: features (n, d) and classes 0..classes.
struct Data {
    x: Array2<f64>,
    y: Vec<usize>,
    classes: usize,
}

fn read(name: &str, dir: &DataDir) -> Result<Data, Box<dyn Error>> {
    let set = match name {
        "breast_cancer" => load::breast_cancer(dir)?,
        "iris" => load::iris(dir)?,
        "digits" => load::digits(dir)?,
        _ => return titanic(dir),
    };
    Ok(Data { classes: set.target_names.len(), x: set.x, y: set.y.to_vec() })
}

/// Titanic train.csv: female, pclass = 2, pclass = 3, age, sibsp, parch, fare (n, 7).
fn titanic(dir: &DataDir) -> Result<Data, Box<dyn Error>> {
    let people = load::titanic(dir)?.train;
    let y: Option<Vec<usize>> = people.iter().map(|p| p.survived.map(usize::from)).collect();
    let y = y.ok_or("titanic/train.csv: a passenger without Survived")?;
    let ages = split(&y).0.into_iter().filter_map(|i| people[i].age);
    let median_age = median(ages).ok_or("titanic/train.csv: no ages")?;
    let mut x = Vec::new();
    for p in &people {
        let fare = p.fare.ok_or("titanic/train.csv: a fare is missing")?;
        let (sex, age) = (one(p.sex == load::Sex::Female), p.age.unwrap_or(median_age));
        x.extend([sex, one(p.pclass == 2), one(p.pclass == 3), age]);
        x.extend([f64::from(p.sib_sp), f64::from(p.parch), fare]);
    }
    Ok(Data { x: Array2::from_shape_vec((people.len(), 7), x)?, y, classes: 2 })
}

/// A fitted model and its test results.
struct Outcome {
    test: Vec<usize>,
    theta: Array2<f64>,       // (K, d + 1) by Newton, K = 1 for the sigmoid
    newton: Vec<f64>,         // L before and after each Newton step
    theta_lbfgs: Array2<f64>, // (K, d + 1) by L-BFGS
    lbfgs: Vec<f64>,          // L before and after each L-BFGS step
    descent: Vec<f64>,        // L after each gradient-descent step
    scores: Vec<f64>,         // (n_test,) p(class 1), binary only
    pred: Vec<usize>,         // (n_test,)
    truth: Vec<usize>,        // (n_test,)
    confusion: Array2<usize>, // (classes, classes), rows the true class
}

fn evaluate(data: &Data, gd_steps: usize) -> Result<Outcome, String> {
    let (train, test) = split(&data.y);
    let labels: Vec<usize> = train.iter().map(|&i| data.y[i]).collect();
    let lambda = 1.0 / (C * train.len() as f64);
    let mut scaler = StandardScaler::default(); // μ and σ of the training rows
    let x_train = scaler.fit_transform(&data.x.select(Axis(0), &train));
    let problem = Problem::new(&x_train, &labels, data.classes, lambda);
    let (theta, newton) = newton(&problem, GTOL)?;
    let (theta_lbfgs, lbfgs) = lbfgs(&problem, GTOL)?;
    let descent = gradient_descent(&problem, gd_steps);
    let z = with_ones(&scaler.transform(&data.x.select(Axis(0), &test))).dot(&theta.t()); // (n_test, K)
    let argmax =
        |z: ndarray::ArrayView1<f64>| (0..z.len()).fold(0, |a, c| if z[c] > z[a] { c } else { a });
    let (pred, scores): (Vec<usize>, Vec<f64>) = match problem.link {
        Link::Sigmoid => z.iter().map(|&z| (usize::from(z > 0.0), sigmoid(z))).unzip(),
        Link::Softmax => (z.rows().into_iter().map(argmax).collect(), Vec::new()),
    };
    let truth: Vec<usize> = test.iter().map(|&i| data.y[i]).collect();
    let confusion = confusion_matrix(&truth, &pred, data.classes);
    Ok(Outcome { test, theta, newton, theta_lbfgs, lbfgs, descent, scores, pred, truth, confusion })
}

/// What `scripts/reference/logistic_regression.py` wrote (the fields the lab uses).
#[derive(Debug, Deserialize)]
struct Golden {
    versions: BTreeMap<String, String>,
    fits: BTreeMap<String, Fit>,
}

/// One dataset: θ = [coef_ intercept_] (K, d + 1); test scores for binary problems only.
#[derive(Debug, Deserialize)]
struct Fit {
    test_index: Vec<usize>,
    theta: Vec<Vec<f64>>,
    theta_newton_cholesky: Vec<Vec<f64>>,
    test_predictions: Vec<usize>,
    metrics: BTreeMap<String, f64>,
    #[serde(default)]
    test_proba: Vec<f64>,
    #[serde(default)]
    tied_scores: Vec<f64>,
}

/// Our numbers beside sklearn's: (metric, ours, sklearn's, tolerance). `coef_vs_*` is
/// max |θ − θ_sklearn| / max |θ_sklearn|. Binary metrics use our scores, then sklearn's test
/// probabilities (`*_on_sklearn_scores`) and those floored to 0.1 (`*_tied`).
fn comparisons(o: &Outcome, g: &Fit) -> Vec<(&'static str, f64, f64, f64)> {
    let max = |v: &mut dyn Iterator<Item = f64>| v.fold(0.0, f64::max);
    let rel = |theta: &Array2<f64>, sk: &[Vec<f64>]| {
        let sk = sk.concat();
        max(&mut theta.iter().zip(&sk).map(|(a, b)| (a - b).abs()))
            / max(&mut sk.iter().map(|v| v.abs()))
    };
    let m = |key: &str| g.metrics.get(key).copied().unwrap_or(f64::NAN);
    let accuracy = o.confusion.diag().sum() as f64 / o.pred.len() as f64;
    let mut rows = vec![
        ("coef_vs_lbfgs", rel(&o.theta, &g.theta), 0.0, 1e-5),
        ("coef_vs_newton_cholesky", rel(&o.theta, &g.theta_newton_cholesky), 0.0, 1e-9),
        ("lbfgs_coef_vs_newton_cholesky", rel(&o.theta_lbfgs, &g.theta_newton_cholesky), 0.0, 1e-8),
        ("objective", o.newton[o.newton.len() - 1], m("objective"), 1e-9 * m("objective")),
        ("lbfgs_objective", o.lbfgs[o.lbfgs.len() - 1], m("objective"), 1e-9 * m("objective")),
        ("test_accuracy", accuracy, m("test_accuracy"), 1e-9),
    ];
    if !o.scores.is_empty() {
        let [precision, recall, f1] = precision_recall_f1(&o.confusion);
        let (y, p, t) = (&o.truth, &g.test_proba, &g.tied_scores);
        rows.extend([
            ("precision", precision, m("precision"), 1e-12),
            ("recall", recall, m("recall"), 1e-12),
            ("f1", f1, m("f1"), 1e-12),
            ("roc_auc", auc(&roc(&o.scores, y)), m("roc_auc"), 1e-9),
            ("average_precision", average_precision(&o.scores, y), m("average_precision"), 1e-9),
            ("roc_auc_on_sklearn_scores", auc(&roc(p, y)), m("roc_auc"), 1e-12),
            ("ap_on_sklearn_scores", average_precision(p, y), m("average_precision"), 1e-12),
            ("roc_auc_tied", auc(&roc(t, y)), m("roc_auc_tied"), 1e-12),
            ("average_precision_tied", average_precision(t, y), m("average_precision_tied"), 1e-12),
        ]);
    }
    rows
}

/// Every way `o` misses sklearn's fit `g` (empty: all references met).
fn misses(name: &str, o: &Outcome, g: &Fit) -> Vec<String> {
    let mut missed = Vec::new();
    if o.test != g.test_index {
        missed.push(format!("{name}: the split is not the golden file's: rerun the script"));
    }
    let differ = o.pred.iter().zip(&g.test_predictions).filter(|(a, b)| a != b).count();
    if differ > 0 {
        missed.push(format!("{name}: {differ} test predictions differ from sklearn's"));
    }
    for (metric, ours, theirs, tolerance) in comparisons(o, g) {
        let met = (ours - theirs).abs() <= tolerance; // false for NaN
        if !met {
            missed.push(format!("{name}_{metric}: {ours} vs sklearn's {theirs} (± {tolerance:e})"));
        }
    }
    missed
}

/// Published test accuracies (reference-results.md), met if ours is at most 0.02 below.
const PUBLISHED: [(&str, f64, &str); 3] = [
    ("iris", 0.967, "LinearSVC 5-fold 0.967 [V]; LogReg ≈ 0.95–0.97 [~]"),
    ("digits", 0.965, "plain LogReg (scaled) ≈ 0.96–0.97 [~]"),
    ("titanic", 0.780, "LogReg, 25 % stratified holdout 0.780 [V]"),
];

fn main() -> ExitCode {
    llmpath_labs_kit::main("logistic-regression", lab)
}

fn lab(args: LabArgs) -> Result<(), Box<dyn Error>> {
    let (lang, golden): (_, Golden) = (args.lang, serde_json::from_str(GOLDEN)?);
    let pick = |i: usize| lang.pick(TEXT[i].0, TEXT[i].1);
    let dir = DataDir::resolve(args.data_dir.clone()).map_err(|e| e.to_string())?;
    let names = &DATASETS[..if args.quick { 2 } else { 4 }];
    let mut run = Run::start("logistic-regression", &names.join(", "), &args)?;
    let plots = Plots::new(&args)?;
    let sklearn = golden.versions.get("scikit-learn").map_or("?", String::as_str);
    println!("{} {sklearn}, C = {C}, λ = 1/(C n)", pick(0));
    let mut missed = Vec::new();
    let mut roc_chart = Chart::new(pick(1), pick(2), pick(3)).legend_at(LegendAt::LowerRight);
    roc_chart = roc_chart.dashed(pick(4), [(0.0, 0.0), (1.0, 1.0)]);
    let mut pr_chart = Chart::new(pick(5), pick(15), pick(6)).legend_at(LegendAt::LowerLeft);
    let mut loss_chart =
        Chart::new(pick(7), pick(8), "L − L*").log_y().legend_at(LegendAt::LowerMiddle);
    for &name in names {
        let data = read(name, &dir).map_err(|e| e.to_string())?; // Display, not Debug
        let o = evaluate(&data, GD_STEPS)?;
        let g = golden.fits.get(name).ok_or("no golden fit: rerun scripts/reference/run.sh")?;
        let (best, test) = (o.newton[o.newton.len() - 1], o.test.len());
        let (steps, gap) = (o.newton.len() - 1, o.descent[o.descent.len() - 1] - best);
        let lbfgs_steps = o.lbfgs.len() - 1;
        let (n, d) = data.x.dim();
        println!("\n{name}: n = {} + {test}, d = {d}, K = {}", n - test, data.classes);
        println!("   {} {steps}, L-BFGS {lbfgs_steps}: L* = {best:.12}", pick(9));
        println!("   GD {GD_STEPS}: L − L* = {gap:.2e}");
        for (metric, ours, theirs, _) in comparisons(&o, g) {
            let num = |v: f64| {
                if v != 0.0 && v.abs() < 1e-3 { format!("{v:.2e}") } else { format!("{v:.10}") }
            };
            println!("   {metric:<30} {:>14} {:>14}", num(ours), num(theirs));
            run.compare(&format!("{name}_{metric}"), ours, theirs, SKLEARN);
        }
        missed.extend(misses(name, &o, g));
        run.metric(&format!("{name}_newton_steps"), steps as f64);
        run.metric(&format!("{name}_lbfgs_steps"), lbfgs_steps as f64);
        run.metric(&format!("{name}_gd_{GD_STEPS}_steps_loss_gap"), gap);
        if let Some(&(_, reference, source)) = PUBLISHED.iter().find(|p| p.0 == name) {
            let accuracy = o.confusion.diag().sum() as f64 / test as f64;
            run.compare(&format!("{name}_test_accuracy_published"), accuracy, reference, source);
            if accuracy < reference - 0.02 {
                missed.push(format!("{name}: accuracy {accuracy:.4} below {source}"));
            }
        }
        println!("   {}", pick(10));
        o.confusion.rows().into_iter().for_each(|row| println!("     {row}"));
        let (c, k) = (&o.confusion, data.classes as f64);
        let cell = |x: f64, y: f64| {
            (c[[y.round() as usize, x.round() as usize]] as f64).ln_1p() / 10f64.ln()
        };
        let labels = [pick(11), pick(12), pick(13)];
        let title = format!("{} {name}", pick(14));
        let heat = HeatMap::new(&title, labels, -0.5..k - 0.5, -0.5..k - 0.5, data.classes, cell);
        plots.record(&mut run, &format!("confusion_{name}"), &heat)?;
        if !o.scores.is_empty() {
            let (auc_, ap) =
                (auc(&roc(&o.scores, &o.truth)), average_precision(&o.scores, &o.truth));
            roc_chart =
                roc_chart.line(&format!("{name} (AUC {auc_:.4})"), roc(&o.scores, &o.truth));
            pr_chart =
                pr_chart.line(&format!("{name} (AP {ap:.4})"), pr_curve(&o.scores, &o.truth));
        }
        let gaps =
            |l: &[f64]| l.iter().enumerate().map(|(t, l)| (t as f64, l - best)).collect::<Vec<_>>();
        let gd: Vec<f64> = std::iter::once(o.newton[0]).chain(o.descent.iter().copied()).collect();
        loss_chart = loss_chart.line(&format!("{name}: GD"), gaps(&gd));
        loss_chart = loss_chart.line(&format!("{name}: L-BFGS"), gaps(&o.lbfgs));
        loss_chart = loss_chart.line(&format!("{name}: Newton"), gaps(&o.newton));
    }
    plots.record(&mut run, "roc", &roc_chart)?;
    plots.record(&mut run, "precision_recall", &pr_chart)?;
    plots.record(&mut run, "loss", &loss_chart)?;
    run.finish()?;
    missed.iter().for_each(|m| eprintln!("missed reference: {m}"));
    match missed.len() {
        0 => Ok(()),
        n => Err(format!("{n} references missed (listed above)").into()),
    }
}

/// The printed report and plot labels, (zh, en).
const TEXT: [(&str, &str); 16] = [
    (
        "逻辑回归：牛顿法与 L-BFGS 对比 scikit-learn",
        "Logistic regression: Newton's method and L-BFGS vs scikit-learn",
    ),
    ("ROC 曲线 (测试集)", "ROC curves (test set)"),
    ("假阳性率", "false positive rate"),
    ("真阳性率", "true positive rate"),
    ("随机猜测", "chance"),
    ("精确率-召回率曲线 (测试集)", "Precision–recall curves (test set)"),
    ("精确率", "precision"),
    ("训练损失与最优值之差", "Training loss above the optimum"),
    ("迭代", "iteration"),
    ("步数：牛顿法", "steps: Newton"),
    (
        "混淆矩阵 (行 = 真实类别, 列 = 预测类别):",
        "confusion matrix (rows = true class, columns = predicted):",
    ),
    ("预测类别", "predicted class"),
    ("真实类别", "true class"),
    ("log₁₀(1 + 样本数)", "log₁₀(1 + count)"),
    ("混淆矩阵:", "Confusion matrix:"),
    ("召回率", "recall"),
];

#[cfg(test)]
#[path = "logistic_regression/tests.rs"]
mod tests;
