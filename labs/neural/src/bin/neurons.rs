//! Neurons by hand: Rosenblatt's perceptron, activations and their derivatives, softmax and its
//! Jacobian, and the losses of a network through a stable log-softmax, each beside PyTorch.
//!
//! ```text
//! perceptron  ŷ = sign(w·x + b);  on a mistake, t(w·x + b) ≤ 0 with t = ±1:  w ← w + t x, b ← b + t
//! sigmoid     σ(z) = 1/(1 + e⁻ᶻ)          σ′ = σ(1 − σ) ≤ ¼  (gradients shrink layer by layer)
//! tanh        tanh z                       tanh′ = 1 − tanh²
//! ReLU        max(z, 0)                    ReLU′ = 𝟙[z > 0]  (0 at z = 0, as PyTorch)
//! GELU        z Φ(z),  Φ(z) = ½(1 + erf(z/√2))          GELU′ = Φ(z) + z φ(z)
//! softmax     pᵢ = e^(zᵢ − m)/Σⱼ e^(zⱼ − m),  m = maxⱼ zⱼ      ∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ)
//! MSE         (1/n) Σ (ŷ − y)²             ∂/∂ŷ = 2(ŷ − y)/n
//! BCE         (1/n) Σ [softplus(z) − y z]  ∂/∂z = (σ(z) − y)/n,  softplus(z) = max(z, 0) + log(1 + e^−|z|)
//! CE          (1/n) Σᵢ −log softmax(zᵢ)_yᵢ  ∂/∂Z = (P − Y)/n,  P = softmax(Z), Y one-hot
//! MSE vs CE   p = σ(Xw + b):  ∂MSE/∂z = 2(p − y) p(1 − p)/n  vanishes where p saturates;
//!             ∂BCE/∂z = (p − y)/n does not
//! ```
//!
//! The perceptron learns iris setosa (t = −1) vs versicolor (+1) on the raw features in file
//! order from w = 0, η = 1; on XOR it never stops, and two layers of step neurons (OR and AND,
//! then OR ∧ ¬AND) compute it. Activations, softmax and losses are compared with PyTorch's
//! values and autograd derivatives, up to logits of ±1000, and the derivatives with central
//! differences. A sigmoid output on breast cancer (training rows: every 4th of each class is
//! held out; standardised; w = 0) is trained by 300 full-batch steps (η = 0.5) with MSE and with
//! cross-entropy, both measured in cross-entropy. `scripts/reference/neural.py` made the golden
//! numbers (`golden/neural.json`); the next lab, `backprop`, builds a network from these pieces.
//!
//! Expected result and time (release, 2 vCPU): the perceptron stops after 4 epochs and 5
//! updates at w = (−1.3, −4.1, 5.2, 2.2), b = −1, scikit-learn's `Perceptron` weights; XOR keeps
//! 4 mistakes every epoch. Activations, softmax and losses equal PyTorch's to 1e-15, stay finite
//! at ±1000, and the derivatives match central differences to 1e-9. After 300 steps MSE has
//! brought the cross-entropy to 0.069, cross-entropy itself to 0.050 (PyTorch's to 1e-14).
//! Well under a second; `--quick` is the same run.
//!
//! References:
//! - Rosenblatt, "The perceptron: a probabilistic model for information storage and
//!   organization in the brain", Psychological Review 65 (1958); Novikoff, "On convergence
//!   proofs for perceptrons" (1962).
//! - Minsky & Papert, *Perceptrons* (1969): XOR.
//! - Hendrycks & Gimpel, "Gaussian error linear units (GELUs)" (2016).
//! - Goodfellow, Bengio & Courville, *Deep Learning* (2016), §6.2–6.3 (output units, losses,
//!   hidden units).
//! - Bridle, "Probabilistic interpretation of feedforward classification network outputs"
//!   (1990): softmax.

use std::error::Error;
use std::process::ExitCode;

use llmpath_data::{DataDir, load};
use llmpath_lab::{LabArgs, Run};
use llmpath_labs_kit::Checks;
use llmpath_labs_kit::plot::{Chart, LegendAt, Plots};
use llmpath_labs_neural::{gap, split};
use ndarray::{Array1, Array2, ArrayView1, Axis};
use serde::Deserialize;

const GOLDEN: &str = include_str!("../../../../scripts/reference/golden/neural.json");
const TORCH: &str = "scripts/reference/neural.py (PyTorch)";
const SKLEARN: &str = "scripts/reference/neural.py (scikit-learn, NumPy)";

/// Rosenblatt's rule from w = 0, b = 0 until an epoch without mistakes (or `max_epochs`):
/// w, b and the mistakes of each epoch. t is ±1; w·x is summed in feature order.
fn perceptron(x: &Array2<f64>, t: &[f64], max_epochs: usize) -> (Vec<f64>, f64, Vec<usize>) {
    let (mut w, mut b, mut mistakes) = (vec![0.0; x.ncols()], 0.0, Vec::new());
    while mistakes.last() != Some(&0) && mistakes.len() < max_epochs {
        let mut wrong = 0;
        for (x_i, &t_i) in x.rows().into_iter().zip(t) {
            let s = w.iter().zip(x_i).fold(b, |s, (w, x)| s + w * x);
            if t_i * s <= 0.0 {
                w.iter_mut().zip(x_i).for_each(|(w, x)| *w += t_i * x);
                (b, wrong) = (b + t_i, wrong + 1);
            }
        }
        mistakes.push(wrong);
    }
    (w, b, mistakes)
}

/// σ(z) without overflow: e⁻ᶻ is only taken for z ≥ 0.
fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 { 1.0 / (1.0 + (-z).exp()) } else { z.exp() / (1.0 + z.exp()) }
}

/// Φ(z), the standard normal CDF, and φ(z), its density.
fn normal_cdf(z: f64) -> f64 {
    0.5 * (1.0 + libm::erf(z * std::f64::consts::FRAC_1_SQRT_2))
}
fn normal_pdf(z: f64) -> f64 {
    (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// (name, f, f′) of each activation.
type Activation = (&'static str, fn(f64) -> f64, fn(f64) -> f64);
const ACTIVATIONS: [Activation; 4] = [
    ("sigmoid", sigmoid, |z| sigmoid(z) * (1.0 - sigmoid(z))),
    ("tanh", f64::tanh, |z| 1.0 - z.tanh().powi(2)),
    ("relu", |z| z.max(0.0), |z| f64::from(u8::from(z > 0.0))),
    ("gelu", |z| z * normal_cdf(z), |z| normal_cdf(z) + z * normal_pdf(z)),
];

/// log softmax of each row, shifted by the row's max: finite at logits of ±1000.
fn log_softmax(z: &Array2<f64>) -> Array2<f64> {
    let mut out = z.clone();
    for mut row in out.rows_mut() {
        let m = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        let log_sum = row.fold(0.0, |s, &v| s + (v - m).exp()).ln();
        row.mapv_inplace(|v| v - m - log_sum);
    }
    out
}

/// p = softmax(z) of one vector, through the stable log-softmax.
fn softmax(z: &[f64]) -> Array1<f64> {
    log_softmax(&Array2::from_shape_fn((1, z.len()), |(_, j)| z[j])).row(0).mapv(f64::exp)
}

/// ∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ) = diag(p) − ppᵀ.
fn softmax_jacobian(p: ArrayView1<f64>) -> Array2<f64> {
    Array2::from_diag(&p) - p.insert_axis(Axis(1)).dot(&p.insert_axis(Axis(0)))
}

/// MSE of predictions and its gradient.
fn mse(pred: &Array1<f64>, target: &Array1<f64>) -> (f64, Array1<f64>) {
    let n = pred.len() as f64;
    let r = pred - target;
    (r.dot(&r) / n, 2.0 * r / n)
}

/// Binary cross-entropy of logits z and labels y ∈ {0, 1}, and ∂/∂z.
fn bce_with_logits(z: &Array1<f64>, y: &Array1<f64>) -> (f64, Array1<f64>) {
    let softplus = |z: f64| z.max(0.0) + (-z.abs()).exp().ln_1p();
    let n = z.len() as f64;
    let loss = z.iter().zip(y).map(|(&z, &y)| softplus(z) - y * z).sum::<f64>() / n;
    (loss, (z.mapv(sigmoid) - y) / n)
}

/// Cross-entropy of logits Z (n, k) and classes y, and ∂/∂Z = (P − Y)/n.
fn cross_entropy(z: &Array2<f64>, y: &[usize]) -> (f64, Array2<f64>) {
    let (log_p, n) = (log_softmax(z), y.len() as f64);
    let loss = -y.iter().enumerate().map(|(i, &c)| log_p[[i, c]]).sum::<f64>() / n;
    let one_hot = Array2::from_shape_fn(z.dim(), |(i, k)| f64::from(u8::from(y[i] == k)));
    (loss, (log_p.mapv(f64::exp) - one_hot) / n)
}

#[derive(Clone, Copy, PartialEq)]
enum Loss {
    Mse,
    CrossEntropy,
}

/// p = σ(Xw + b) from w = 0, trained by full-batch gradient descent on `loss`: the
/// cross-entropy and training accuracy before each step (the same yardstick for both losses).
fn train_sigmoid(
    x: &Array2<f64>, y: &Array1<f64>, loss: Loss, steps: usize, lr: f64,
) -> [Vec<f64>; 2] {
    let (mut w, mut b, mut curves) = (Array1::zeros(x.ncols()), 0.0, [vec![], vec![]]);
    for _ in 0..steps {
        let z = x.dot(&w) + b; // (n,)
        let (ce, ce_grad) = bce_with_logits(&z, y);
        let accuracy = z.iter().zip(y).filter(|&(&z, &y)| (z > 0.0) == (y > 0.5)).count();
        curves[0].push(ce);
        curves[1].push(accuracy as f64 / y.len() as f64);
        let z_grad = match loss {
            Loss::CrossEntropy => ce_grad,
            Loss::Mse => {
                let p = z.mapv(sigmoid);
                mse(&p, y).1 * &p.mapv(|p| p * (1.0 - p)) // chain rule through σ′ = p(1 − p)
            }
        };
        w.scaled_add(-lr, &x.t().dot(&z_grad));
        b -= lr * z_grad.sum();
    }
    curves
}

/// What `scripts/reference/neural.py` wrote for this lab (the fields it uses).
#[derive(Deserialize)]
struct Golden {
    neurons: Reference,
}

#[derive(Deserialize)]
struct Reference {
    perceptron: PerceptronRef,
    activations: Activations,
    softmax: SoftmaxRef,
    losses: Losses,
    mse_vs_ce: MseVsCe,
}

#[derive(Deserialize)]
struct PerceptronRef {
    epochs: usize,
    updates: usize,
    sklearn_w: Vec<f64>,
    sklearn_b: f64,
    xor_mistakes_per_epoch: Vec<usize>,
}

/// The grid z, and each activation's values and derivatives there.
#[derive(Deserialize)]
struct Activations {
    z: Vec<f64>,
    #[serde(flatten)]
    curves: std::collections::BTreeMap<String, Curve>,
}

#[derive(Deserialize)]
struct Curve {
    value: Vec<f64>,
    derivative: Vec<f64>,
}

#[derive(Deserialize)]
struct SoftmaxRef {
    z: Vec<f64>,
    p: Vec<f64>,
    jacobian: Vec<Vec<f64>>,
    z_large: Vec<f64>,
    p_large: Vec<f64>,
}

#[derive(Deserialize)]
struct Losses {
    mse: VectorLoss,
    bce: VectorLoss,
    cross_entropy: MatrixLoss,
}

/// MSE: `x` = predictions, `y` = targets; BCE: `x` = logits, `y` = labels.
#[derive(Deserialize)]
struct VectorLoss {
    #[serde(alias = "pred", alias = "z")]
    x: Vec<f64>,
    #[serde(alias = "target")]
    y: Vec<f64>,
    value: f64,
    grad: Vec<f64>,
}

#[derive(Deserialize)]
struct MatrixLoss {
    z: Vec<Vec<f64>>,
    y: Vec<usize>,
    value: f64,
    grad: Vec<Vec<f64>>,
}

#[derive(Deserialize)]
struct MseVsCe {
    steps: usize,
    learning_rate: f64,
    mse: Curves,
    cross_entropy: Curves,
}

#[derive(Deserialize)]
struct Curves {
    cross_entropy: Vec<f64>,
    train_accuracy: Vec<f64>,
}

fn matrix(rows: &[Vec<f64>]) -> Result<Array2<f64>, Box<dyn Error>> {
    let cols = rows.first().map_or(0, Vec::len);
    Ok(Array2::from_shape_vec((rows.len(), cols), rows.concat())?)
}

fn main() -> ExitCode {
    llmpath_labs_kit::main("neurons", lab)
}

fn lab(args: LabArgs) -> Result<(), Box<dyn Error>> {
    let g = serde_json::from_str::<Golden>(GOLDEN)?.neurons;
    let pick = |i: usize| args.lang.pick(TEXT[i].0, TEXT[i].1);
    let dir = DataDir::resolve(args.data_dir.clone())?;
    let mut run = Run::start("neurons", "iris, breast_cancer", &args)?;
    let (plots, mut checks) = (Plots::new(&args)?, Checks::default());
    let mut vs_torch = Vec::new(); // (name, gap, tolerance), compared at the end

    // 1. The perceptron: setosa (−1) vs versicolor (+1), then XOR.
    let iris = load::iris(&dir)?;
    let rows: Vec<usize> = (0..iris.y.len()).filter(|&i| iris.y[i] < 2).collect();
    let t: Vec<f64> = rows.iter().map(|&i| if iris.y[i] == 0 { -1.0 } else { 1.0 }).collect();
    let (w, b, mistakes) = perceptron(&iris.x.select(Axis(0), &rows), &t, 100);
    let updates: usize = mistakes.iter().sum();
    println!("{} {} / {updates}: w = {w:?}, b = {b}", pick(0), mistakes.len());
    let p = &g.perceptron;
    checks.compare("perceptron_epochs", mistakes.len() as f64, p.epochs as f64, 0.0, SKLEARN);
    checks.compare("perceptron_updates", updates as f64, p.updates as f64, 0.0, SKLEARN);
    let w_b_gap = gap(w.iter().chain([&b]), &[&p.sklearn_w[..], &[p.sklearn_b]].concat());
    checks.compare("perceptron_w_b_vs_sklearn", w_b_gap, 0.0, 0.0, SKLEARN);
    let xor_x = Array2::from_shape_vec((4, 2), vec![0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0])?;
    let xor_mistakes = perceptron(&xor_x, &[-1.0, 1.0, 1.0, -1.0], 20).2;
    println!("XOR: {} {xor_mistakes:?}", pick(1));
    checks.require(xor_mistakes == p.xor_mistakes_per_epoch, "XOR mistakes differ from NumPy's");
    let step = |s: f64| f64::from(u8::from(s > 0.0));
    for x in xor_x.rows() {
        let (or, and) = (step(x[0] + x[1] - 0.5), step(x[0] + x[1] - 1.5)); // the hidden layer
        let xor = step(or - and - 0.5);
        println!("   {} {x} → OR {or}, AND {and} → XOR {xor}", pick(2));
        checks.require(xor == f64::from(u8::from(x[0] != x[1])), format!("XOR wrong at {x}"));
    }

    // 2. Activations and their derivatives: PyTorch's values, then central differences.
    let (mut values, mut slopes) =
        (Chart::new(pick(3), "z", "f(z)"), Chart::new(pick(4), "z", "f′"));
    let central = "(f(z + h) − f(z − h))/2h";
    for (name, f, df) in ACTIVATIONS {
        let curve =
            g.activations.curves.get(name).ok_or("no golden activation: rerun the script")?;
        let z = &g.activations.z;
        let ours: Vec<f64> = z.iter().map(|&z| f(z)).collect();
        vs_torch.push((name.to_owned(), gap(&ours, &curve.value), 1e-15));
        let ours: Vec<f64> = z.iter().map(|&z| df(z)).collect();
        vs_torch.push((format!("{name}_derivative"), gap(&ours, &curve.derivative), 1e-15));
        let smooth: Vec<f64> =
            z.iter().copied().filter(|z| z.abs() > 1e-3 && z.abs() < 100.0).collect();
        let numeric: Vec<f64> =
            smooth.iter().map(|&z| (f(z + 1e-6) - f(z - 1e-6)) / 2e-6).collect();
        let fd = gap(&smooth.iter().map(|&z| df(z)).collect::<Vec<_>>(), &numeric);
        checks.compare(&format!("{name}_derivative_vs_finite_difference"), fd, 0.0, 1e-8, central);
        let grid = (-400..=400).map(|i| f64::from(i) / 100.0);
        values = values.line(name, grid.clone().map(|z| (z, f(z))));
        slopes = slopes.line(name, grid.map(|z| (z, df(z))));
    }
    plots.record(&mut run, "activations", &values.legend_at(LegendAt::UpperLeft))?;
    plots.record(&mut run, "activation_derivatives", &slopes.legend_at(LegendAt::UpperLeft))?;

    // 3. Softmax, its Jacobian and the losses, up to logits of ±1000.
    let (s, l) = (&g.softmax, &g.losses);
    let p = softmax(&s.z);
    vs_torch.push(("softmax".into(), gap(&p, &s.p), 1e-15));
    vs_torch.push(("softmax_at_1000".into(), gap(&softmax(&s.z_large), &s.p_large), 1e-15));
    let jacobian = softmax_jacobian(p.view());
    vs_torch.push(("softmax_jacobian".into(), gap(&jacobian, &s.jacobian.concat()), 1e-15));
    let (value, grad) = mse(&Array1::from(l.mse.x.clone()), &Array1::from(l.mse.y.clone()));
    vs_torch.push(("mse".into(), gap(&[value], &[l.mse.value]), 1e-15));
    vs_torch.push(("mse_grad".into(), gap(&grad, &l.mse.grad), 1e-15));
    let (value, grad) =
        bce_with_logits(&Array1::from(l.bce.x.clone()), &Array1::from(l.bce.y.clone()));
    vs_torch.push(("bce_with_logits".into(), gap(&[value], &[l.bce.value]), 1e-13));
    vs_torch.push(("bce_grad".into(), gap(&grad, &l.bce.grad), 1e-15));
    let (value, grad) = cross_entropy(&matrix(&l.cross_entropy.z)?, &l.cross_entropy.y);
    vs_torch.push(("cross_entropy".into(), gap(&[value], &[l.cross_entropy.value]), 1e-13));
    vs_torch.push(("cross_entropy_grad".into(), gap(&grad, &l.cross_entropy.grad.concat()), 1e-15));
    println!("{} BCE {:.6}, CE {value:.6}", pick(5), l.bce.value);

    // 4. MSE vs cross-entropy on a sigmoid output (breast cancer, training rows).
    let cancer = load::breast_cancer(&dir)?;
    let train = split(cancer.y.as_slice().ok_or("labels not contiguous")?).0;
    let x = cancer.x.select(Axis(0), &train);
    let x = (&x - &x.mean_axis(Axis(0)).ok_or("no rows")?) / &x.std_axis(Axis(0), 0.0);
    let y = train.iter().map(|&i| cancer.y[i] as f64).collect::<Array1<f64>>();
    let (mut chart, m) = (Chart::new(pick(6), pick(7), pick(8)).log_y(), &g.mse_vs_ce);
    for (name, loss, reference) in
        [("mse", Loss::Mse, &m.mse), ("cross_entropy", Loss::CrossEntropy, &m.cross_entropy)]
    {
        let [ce, accuracy] = train_sigmoid(&x, &y, loss, m.steps, m.learning_rate);
        vs_torch.push((format!("{name}_training"), gap(&ce, &reference.cross_entropy), 1e-10));
        checks.require(accuracy == reference.train_accuracy, format!("{name}: accuracies differ"));
        let (first, last, right) = (ce[0], ce[ce.len() - 1], accuracy[accuracy.len() - 1]);
        println!("{} {name}: CE {first:.4} → {last:.4}, {} {right:.4}", pick(9), pick(10));
        run.metric(&format!("{name}_trained_final_cross_entropy"), last);
        chart = chart.line(name, ce.iter().enumerate().map(|(i, &l)| (i as f64, l)));
    }
    plots.record(&mut run, "mse_vs_cross_entropy", &chart)?;
    for (name, gap, tolerance) in vs_torch {
        checks.compare(&format!("{name}_vs_torch"), gap, 0.0, tolerance, TORCH);
    }
    checks.finish(run)?;
    Ok(())
}

/// The printed report and plot labels, (zh, en).
const TEXT: [(&str, &str); 11] = [
    (
        "感知机（setosa 对 versicolor）：轮数 / 更新",
        "Perceptron (setosa vs versicolor): epochs / updates",
    ),
    ("感知机每轮的错误数（永不收敛）", "perceptron mistakes per epoch (never converges)"),
    ("两层阶跃网络", "two-layer step network"),
    ("激活函数", "Activation functions"),
    ("激活函数的导数", "Derivatives of the activations"),
    ("损失（与 PyTorch 一致）：", "Losses (equal to PyTorch's):"),
    (
        "乳腺癌：用 MSE 与交叉熵训练 sigmoid 输出",
        "Breast cancer: sigmoid output, MSE vs cross-entropy",
    ),
    ("梯度下降步数", "gradient-descent step"),
    ("训练集交叉熵", "training cross-entropy"),
    ("用损失训练", "trained on"),
    ("训练准确率", "training accuracy"),
];

#[cfg(test)]
#[path = "neurons/tests.rs"]
mod tests;
