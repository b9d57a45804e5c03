//! Tensor autograd from scratch: the engine of `src/tensor.rs` (matmul, broadcasting add and
//! mul, ReLU, log-softmax, NLL, conv2d through im2col, max-pool, reshape) checked against
//! PyTorch's autograd on a small conv net, then an MLP trained with it on all of MNIST.
//!
//! ```text
//! conv net   x (2, 1, 8, 8) → conv 3×3, 1 → 3, pad 1 → ReLU → max-pool 2 → (2, 3, 4, 4)
//!            → conv 3×3, 3 → 4 → ReLU → (2, 4, 2, 2) → flatten (2, 16) → ·W + b → (2, 5)
//!            → log-softmax → NLL with targets (1, 4):  the loss, the logits and all 7 gradients
//! MLP        X (B, 784) → H = ReLU(X W₁ + b₁) (B, 256) → Z = H W₂ + b₂ (B, 10) → CE(Z, y)
//! training   the first 55 000 training images (the last 5 000 validate), pixels / 255,
//!            batches of 64 in a SplitMix64 order per epoch; SGD with momentum μ = 0.9:
//!            v ← μv + ∇L, θ ← θ − ηₖ v, ηₖ = 0.1 (1 − k/K) over all K = 8 × 860 steps
//! ```
//!
//! The weights start from SplitMix64 (`lib.rs`, PyTorch's bound 1/√fan_in) and every epoch
//! visits the rows in a SplitMix64 order, so `scripts/reference/neural.py` trains the very same
//! network in PyTorch (float64, its own autograd and matmul) and the two runs can be compared
//! number by number: the first 20 losses, then each epoch's training loss and validation and
//! test results. `--seed` other than the golden file's 42 trains from other weights and orders
//! and checks only the accuracy. The conv net's input and weights come from SplitMix64 too
//! (seeds 7 and 42). `--quick` runs the first of the 8 epochs (the same steps as the full run).
//!
//! Expected result and time (release, 2 vCPU): the conv net's loss 1.565683, logits and
//! gradients equal PyTorch's to 1e-15. The MLP reaches 98.34 % test accuracy after 8 epochs
//! (validation 98.38 %), and every epoch's numbers equal PyTorch's to 1e-15: the two runs take
//! the same 6 880 steps and end at the same weights. An epoch takes 1.5–2 s here (PyTorch in
//! float64: 1–3 s on the same machine), 15 s in all with loading MNIST. `--quick` (the first
//! epoch): 95.24 % test accuracy in about 3 s.
//!
//! References:
//! - LeCun, Bottou, Bengio & Haffner, "Gradient-based learning applied to document
//!   recognition", Proc. IEEE 86 (1998): MNIST, and a 784-300-10 MLP at 4.7 % test error.
//! - Goodfellow, Bengio & Courville, *Deep Learning* (2016), §6.5 (back-propagation), §8.3.2
//!   (momentum), §9.3 (pooling).
//! - Paszke et al., "Automatic differentiation in PyTorch", NIPS Autodiff Workshop (2017).

use std::error::Error;
use std::process::ExitCode;
use std::time::Instant;

use llmpath_data::DataDir;
use llmpath_data::load::{MnistSplit, mnist};
use llmpath_lab::{LabArgs, Run};
use llmpath_labs_kit::Checks;
use llmpath_labs_kit::plot::{Chart, LegendAt, Plots};
use llmpath_labs_neural::tensor::{Sgd, ShapeError, Tensor};
use llmpath_labs_neural::{correct, gap, init, linear_init, shuffle};
use ndarray::Array2;
use serde::Deserialize;

const GOLDEN: &str = include_str!("../../../../scripts/reference/golden/neural.json");
const TORCH: &str = "scripts/reference/neural.py (PyTorch)";

/// The conv net of the module doc: (loss, logits, [x, conv1 w, b, conv2 w, b, linear w, b]).
fn conv_net() -> Result<(Tensor, Tensor, Vec<Tensor>), ShapeError> {
    let x = init(7, &[(&[2, 1, 8, 8], 1.0)]);
    let bound = |fan_in: f64| 1.0 / fan_in.sqrt();
    let shapes: [(&[usize], f64); 6] = [
        (&[3, 1, 3, 3], bound(9.0)),
        (&[3], bound(9.0)),
        (&[4, 3, 3, 3], bound(27.0)),
        (&[4], bound(27.0)),
        (&[16, 5], bound(16.0)),
        (&[5], bound(16.0)),
    ];
    let params: Vec<Tensor> = x.into_iter().chain(init(42, &shapes)).map(Tensor::param).collect();
    let [x, w1, b1, w2, b2, w3, b3] = &params[..] else {
        return Err(ShapeError("7 tensors".into()));
    };
    let h = x.conv2d(w1, b1, 1)?.relu().max_pool2()?; // (2, 3, 4, 4)
    let h = h.conv2d(w2, b2, 0)?.relu().reshape(&[2, 16])?; // (2, 4, 2, 2) → (2, 16)
    let logits = h.matmul(w3)?.add(b3)?; // (2, 5)
    Ok((logits.cross_entropy(&[1, 4])?, logits, params))
}

/// The MLP's parameters [W₁ (784, 256), b₁, W₂ (256, 10), b₂].
fn mlp_init(seed: u64) -> Vec<Tensor> {
    linear_init(seed, &[784, 256, 10]).into_iter().map(Tensor::param).collect()
}

/// The logits Z (B, 10) of images X (B, 784).
fn mlp(params: &[Tensor], x: &Tensor) -> Result<Tensor, ShapeError> {
    let [w1, b1, w2, b2] = params else { return Err(ShapeError("the MLP has 4 tensors".into())) };
    x.matmul(w1)?.add(b1)?.relu().matmul(w2)?.add(b2)
}

/// Rows `rows` of `images` (f32, pixels / 255) as a constant (B, 784) of f64.
fn batch(images: &Array2<f32>, rows: &[usize]) -> Tensor {
    let x = Array2::from_shape_fn((rows.len(), images.ncols()), |(i, j)| {
        f64::from(images[[rows[i], j]])
    });
    Tensor::constant(x.into_dyn())
}

/// Mean cross-entropy and accuracy on `rows` of a split, 1000 rows at a time.
fn evaluate(
    params: &[Tensor], split: &MnistSplit, rows: &[usize],
) -> Result<(f64, f64), ShapeError> {
    let (mut loss, mut right) = (0.0, 0);
    for chunk in rows.chunks(1000) {
        let labels: Vec<usize> = chunk.iter().map(|&i| split.labels[i]).collect();
        let logits = mlp(params, &batch(&split.images, chunk))?;
        loss += logits.cross_entropy(&labels)?.value().sum() * chunk.len() as f64;
        right += correct(logits.value(), &labels);
    }
    Ok((loss / rows.len() as f64, right as f64 / rows.len() as f64))
}

/// The schedule of the module doc and the size of the training part.
#[derive(Deserialize)]
struct Schedule {
    train: usize,
    batch: usize,
    epochs: usize,
    learning_rate: f64,
    momentum: f64,
}

/// One epoch's numbers, ours or PyTorch's.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
struct Epoch {
    train_loss: f64,
    val_loss: f64,
    val_accuracy: f64,
    test_loss: f64,
    test_accuracy: f64,
    #[serde(default)]
    seconds: f64,
}

/// What a training run gives: each epoch's numbers, the first 20 losses, and the training
/// loss and accuracy of each tenth of an epoch (86 steps), at its end (in epochs).
struct Trained {
    epochs: Vec<Epoch>,
    first_losses: Vec<f64>,
    curve: Vec<[f64; 3]>, // (epoch, loss, accuracy)
}

/// The first `epochs` epochs of `s`'s schedule from the weights and orders of `seed`.
fn train(
    s: &Schedule, [train, test]: &[MnistSplit; 2], seed: u64, epochs: usize,
) -> Result<Trained, Box<dyn Error>> {
    let (mut params, validation) =
        (mlp_init(seed), (s.train..train.labels.len()).collect::<Vec<_>>());
    let mut sgd = Sgd::new(&params, s.momentum);
    let steps_per_epoch = s.train.div_ceil(s.batch);
    let (total, mut step) = ((s.epochs * steps_per_epoch) as f64, 0);
    let mut out = Trained { epochs: Vec::new(), first_losses: Vec::new(), curve: Vec::new() };
    let mut window = [0.0; 3]; // Σ loss · rows, Σ correct, Σ rows since the last point
    for epoch in 0..epochs {
        let (started, mut loss_sum) = (Instant::now(), 0.0);
        for rows in shuffle(seed, epoch as u64, s.train).chunks(s.batch) {
            let labels: Vec<usize> = rows.iter().map(|&i| train.labels[i]).collect();
            let logits = mlp(&params, &batch(&train.images, rows))?; // (64, 10)
            let loss = logits.cross_entropy(&labels)?;
            let grads = loss.backward()?;
            sgd.step(&mut params, &grads, s.learning_rate * (1.0 - step as f64 / total));
            let (value, n) = (loss.value().sum(), rows.len() as f64);
            loss_sum += value * n;
            window = [
                window[0] + value * n,
                window[1] + correct(logits.value(), &labels) as f64,
                window[2] + n,
            ];
            if out.first_losses.len() < 20 {
                out.first_losses.push(value);
            }
            step += 1;
            if step % 86 == 0 {
                let at = step as f64 / steps_per_epoch as f64;
                out.curve.push([at, window[0] / window[2], window[1] / window[2]]);
                window = [0.0; 3];
            }
        }
        let (val_loss, val_accuracy) = evaluate(&params, train, &validation)?;
        let (test_loss, test_accuracy) =
            evaluate(&params, test, &(0..test.labels.len()).collect::<Vec<_>>())?;
        let (seconds, train_loss) = (started.elapsed().as_secs_f64(), loss_sum / s.train as f64);
        out.epochs.push(Epoch {
            train_loss,
            val_loss,
            val_accuracy,
            test_loss,
            test_accuracy,
            seconds,
        });
        println!(
            "   {:>2}: {train_loss:.5}  {val_loss:.5} / {val_accuracy:.4}  {test_loss:.5} / {test_accuracy:.4}  ({seconds:.1} s)",
            epoch + 1
        );
    }
    Ok(out)
}

#[derive(Deserialize)]
struct Golden {
    seed: u64,
    tensor: Reference,
}

#[derive(Deserialize)]
struct Reference {
    conv_net: ConvNet,
    mlp: Mlp,
}

#[derive(Deserialize)]
struct ConvNet {
    loss: f64,
    logits: Vec<Vec<f64>>,
    grads: std::collections::BTreeMap<String, Vec<f64>>,
}

#[derive(Deserialize)]
struct Mlp {
    #[serde(flatten)]
    schedule: Schedule,
    first_losses: Vec<f64>,
    per_epoch: Vec<Epoch>,
}

fn main() -> ExitCode {
    llmpath_labs_kit::main("tensor-autograd", lab)
}

fn lab(args: LabArgs) -> Result<(), Box<dyn Error>> {
    let golden: Golden = serde_json::from_str(GOLDEN)?;
    let pick = |i: usize| args.lang.pick(TEXT[i].0, TEXT[i].1);
    let mut run = Run::start("tensor-autograd", "mnist", &args)?;
    let (plots, mut checks) = (Plots::new(&args)?, Checks::default());

    // 1. A small conv net: every op forward and backward, beside PyTorch's autograd.
    let c = &golden.tensor.conv_net;
    let (loss, logits, params) = conv_net()?;
    let grads = loss.backward()?;
    println!("{} {:.10} (PyTorch {:.10})", pick(0), loss.value().sum(), c.loss);
    checks.compare("conv_net_loss_vs_torch", gap(loss.value(), &[c.loss]), 0.0, 1e-15, TORCH);
    checks.compare(
        "conv_net_logits_vs_torch",
        gap(logits.value(), &c.logits.concat()),
        0.0,
        1e-15,
        TORCH,
    );
    let names = ["x", "conv1_w", "conv1_b", "conv2_w", "conv2_b", "linear_w", "linear_b"];
    for (name, p) in names.into_iter().zip(&params) {
        let (ours, theirs) =
            (grads.get(p).ok_or("a parameter without a gradient")?, c.grads.get(name));
        let worst = gap(ours, theirs.ok_or("no golden gradient: rerun the script")?);
        checks.compare(&format!("conv_net_grad_{name}_vs_torch"), worst, 0.0, 1e-14, TORCH);
    }

    // 2. The MLP on MNIST.
    let s = &golden.tensor.mlp.schedule;
    let started = Instant::now();
    let data = mnist(&DataDir::resolve(args.data_dir.clone())?)?;
    let seconds = started.elapsed().as_secs_f64();
    println!("\n{} {seconds:.1} s; {} {}", pick(1), s.train, pick(2));
    println!("   {}", pick(3));
    let epochs = if args.quick { 1 } else { s.epochs };
    let trained = train(s, &[data.train, data.test], args.seed, epochs)?;
    let last = trained.epochs.last().copied().unwrap_or_default();
    run.metric(
        "seconds_per_epoch",
        trained.epochs.iter().map(|e| e.seconds).sum::<f64>() / epochs as f64,
    );
    let minimum = if args.quick { 0.94 } else { 0.975 };
    checks.require(
        last.test_accuracy >= minimum,
        format!("test accuracy {} < {minimum}", last.test_accuracy),
    );
    let m = &golden.tensor.mlp;
    if args.seed == golden.seed {
        checks.compare(
            "first_20_losses_vs_torch",
            gap(&trained.first_losses, &m.first_losses),
            0.0,
            1e-13,
            TORCH,
        );
        let numbers =
            |e: &Epoch| [e.train_loss, e.val_loss, e.val_accuracy, e.test_loss, e.test_accuracy];
        let ours: Vec<f64> = trained.epochs.iter().flat_map(numbers).collect();
        let torch: Vec<f64> = m.per_epoch.iter().take(epochs).flat_map(numbers).collect();
        checks.compare("epochs_vs_torch", gap(&ours, &torch), 0.0, 1e-12, TORCH);
    }
    match m.per_epoch.get(epochs - 1).filter(|_| args.seed == golden.seed) {
        Some(torch) => {
            checks.compare("test_accuracy", last.test_accuracy, torch.test_accuracy, 0.0, TORCH)
        }
        None => run.metric("test_accuracy", last.test_accuracy),
    }
    let per_epoch = |f: fn(&Epoch) -> f64| {
        trained.epochs.iter().enumerate().map(move |(e, x)| ((e + 1) as f64, f(x)))
    };
    let curve = |k: usize| trained.curve.iter().map(move |p| (p[0], p[k]));
    let loss_chart = Chart::new(pick(4), pick(5), pick(6)).log_y().line(pick(7), curve(1));
    let loss_chart = loss_chart
        .line(pick(8), per_epoch(|e| e.val_loss))
        .line(pick(9), per_epoch(|e| e.test_loss));
    plots.record(&mut run, "mnist_loss", &loss_chart.legend_at(LegendAt::UpperRight))?;
    let accuracy_chart = Chart::new(pick(10), pick(5), pick(11)).line(pick(7), curve(2));
    let accuracy_chart = accuracy_chart
        .line(pick(8), per_epoch(|e| e.val_accuracy))
        .line(pick(9), per_epoch(|e| e.test_accuracy));
    plots.record(&mut run, "mnist_accuracy", &accuracy_chart.legend_at(LegendAt::LowerRight))?;
    checks.finish(run)?;
    Ok(())
}

/// The printed report and plot labels, (zh, en).
const TEXT: [(&str, &str); 12] = [
    ("小卷积网络的损失：", "Small conv net, loss:"),
    ("MNIST 读入用时", "MNIST loaded in"),
    (
        "张训练图像，其余 5000 张验证；MLP 784-256-10",
        "training images, the other 5 000 validate; MLP 784-256-10",
    ),
    (
        "轮次: 训练损失  验证损失 / 准确率  测试损失 / 准确率",
        "epoch: train loss  val loss / accuracy  test loss / accuracy",
    ),
    ("MNIST：交叉熵损失", "MNIST: cross-entropy loss"),
    ("轮次", "epoch"),
    ("损失", "loss"),
    ("训练（每 86 步的平均）", "training (mean of each 86 steps)"),
    ("验证", "validation"),
    ("测试", "test"),
    ("MNIST：准确率", "MNIST: accuracy"),
    ("准确率", "accuracy"),
];

#[cfg(test)]
#[path = "tensor_autograd/tests.rs"]
mod tests;
