//! LeNet, an AlexNet-style net and a ResNet-style net on CIFAR-10 with candle: random crops and
//! flips, per-channel standardisation, batch norm, residual blocks, AdamW and SGD with momentum
//! on a cosine schedule; test accuracy against parameters and training time.
//!
//! ```text
//! standardise  x_c ← (x_c − μ_c) / σ_c,   μ_c, σ_c over the training pixels of channel c
//! augment      crop 32×32 from the image zero-padded by 4 (shift ≤ 4 px), then mirror w.p. ½
//! batch norm   y = γ (x − μ_B)/√(σ²_B + ε) + β, per channel over (B, H, W); evaluation uses
//!              running averages r ← 0.9 r + 0.1 stat_B
//! block        y = ReLU(BN(conv(ReLU(BN(conv_s(x))))) + shortcut(x)),  shortcut = x or BN(conv₁ₓ₁,s(x))
//! loss         L = −(1/B) Σᵢ log softmax(zᵢ)[yᵢ]
//! ```
//!
//! The three networks are in `llmpath_labs_deep::models`: LeNet (62 006 parameters), an
//! AlexNet-style stack of five 3×3 convolutions (16-32-48-48-32) with dropout 0.5 in a wide
//! classifier (219 114) and a ResNet-8 in He et al.'s CIFAR layout (one basic block at widths 8,
//! 16, 32; 19 954): narrow, because candle 0.11.1's convolution backward runs at a few GFLOP/s
//! here. Weights start from SplitMix64 with PyTorch's default bound, so
//! `scripts/reference/cifar.py` builds the same networks: the logits of all three, and the
//! ResNet's loss, gradients and running statistics with batch norm in training mode, equal
//! PyTorch's to 1e-5 (the tests; the run checks the logits and the loss). cifar.py also trains
//! the three recipes in PyTorch from the same initial weights (its own shuffles, crops and
//! dropout masks) with 4 seeds; each of our test accuracies must land within PyTorch's widest
//! seed-to-seed gap + 2 % of its mean (on 1 000 test images one seed alone moves it by 1–3 %).
//! The best network is saved as `model.safetensors` (batch norm's running statistics included)
//! and reloaded into a fresh one, which must give identical logits.
//!
//! Data: the offline subset (the first 4 000 training and 1 000 test images) unless the full
//! set was fetched (`llmpath data fetch cifar10`; never run here, and without a PyTorch
//! comparison). `--quick` trains LeNet and the ResNet for 2 epochs on the first 2 000 images.
//!
//! Measured (release, seed 42, default threads) on the 2-core build machine otherwise idle, with
//! the one-image convolution and the work on candle's pool (training times in brackets).
//! Test accuracy on the 1 000 test images; PyTorch: mean of 4 seeds ± widest gap.
//!
//! | setting | LeNet (62 006) | AlexNet-style (219 114) | ResNet-8 (19 954) |
//! | --- | --- | --- | --- |
//! | `--quick` ours | 24.90 % (0.4 s) | not trained | 17.80 % (2 s) |
//! | `--quick` PyTorch | 26.65 ± 2.05 % | 12.98 ± 2.27 % | 18.98 ± 1.28 % |
//! | full ours | 45.30 % (6 s) | 40.10 % (27 s) | 48.20 % (32 s) |
//! | full PyTorch | 47.58 ± 2.78 % | 38.43 ± 0.73 % | 47.03 ± 1.08 % |
//!
//! `--quick` took 3 s wall; it requires the ResNet at ≥ 14 %. The full run took 66 s wall, 115 s
//! of CPU (7 min 53 s wall and 5 min of CPU, one thread on a busier machine, before the third
//! round of fixes; before the first the ResNet alone took 9 min 56 s of CPU and the AlexNet-style
//! net, at 24 images/s, never finished). A full run requires the ResNet at ≥ 40 %, set from
//! PyTorch's 46.2–48.1 % with margin. On this little data and this budget the
//! ResNet, with a third of LeNet's parameters, only ties it; the AlexNet-style net, whose
//! dropout slows it down, trails both (ours 1.7 points above PyTorch's seed mean, outside its
//! ± 0.73: one seed against four, not a claim).
//!
//! References:
//! - Krizhevsky, "Learning multiple layers of features from tiny images" (2009) (CIFAR-10).
//! - LeCun et al., Proc. IEEE 86(11) (1998) (LeNet); Krizhevsky, Sutskever & Hinton, NeurIPS
//!   (2012) (AlexNet, dropout in the classifier); He, Zhang, Ren & Sun, "Deep residual learning
//!   for image recognition", CVPR (2016) (§4.2: the CIFAR ResNets, crops and flips).
//! - Ioffe & Szegedy, "Batch normalization", ICML (2015).
//! - Loshchilov & Hutter, ICLR (2017, 2019) (cosine schedule, AdamW).
//! - PyTorch `nn.BatchNorm2d`, `torchvision.transforms.RandomCrop(32, padding=4)`.

use std::error::Error;
use std::process::ExitCode;
use std::time::Instant;

use candle_core::{Device, Result, Tensor};
use llmpath_data::DataDir;
use llmpath_data::load::{self, CIFAR10_CLASSES, CifarSource};
use llmpath_lab::{LabArgs, Lang, Run};
use llmpath_labs_deep::cifar::{Images, PLANE, SIDE};
use llmpath_labs_deep::init::uniforms;
use llmpath_labs_deep::models::{ALEXNET, Arch, LENET, Net, RESNET};
use llmpath_labs_deep::optim::Opt;
use llmpath_labs_deep::report::{Confusion, add_curves};
use llmpath_labs_deep::train::{self, Fit, Model, parameter_count};
use llmpath_labs_kit::Checks;
use llmpath_labs_kit::plot::{Chart, Plots};
use rand::rngs::StdRng;
use serde::Deserialize;

const GOLDEN: &str = include_str!("../../../../scripts/reference/golden/cifar.json");
const PYTORCH: &str = "PyTorch 2.15 (scripts/reference/cifar.py)";
const BATCH: usize = 128;
/// `--quick` trains on the first 2 000 training images.
const QUICK_TRAIN: usize = 2000;

/// How one network is trained (batches of 128, cosine schedule per step).
struct Recipe {
    name: &'static str,
    arch: Arch,
    adamw: bool,
    lr: f64,
    weight_decay: f64,
    epochs: usize,
}

#[derive(Deserialize)]
struct Golden {
    labels: Vec<u32>,
    /// Eval-mode logits (4, 10) of each network with the weights of seed 1.
    logits: std::collections::BTreeMap<String, Vec<Vec<f64>>>,
    /// The ResNet's loss in training mode (batch statistics).
    resnet_train_loss: f64,
    /// Per setting (quick, full), per recipe: PyTorch's test accuracy per epoch (shuffle seed
    /// 0) and the final one of seeds 1–3.
    training: std::collections::BTreeMap<String, serde_json::Value>,
}

/// cifar.py's batch: x = u(seed 2) as (4, 3, 32, 32), the network's weights of seed 1.
fn golden_batch(arch: Arch, dev: &Device) -> Result<(Net, Tensor)> {
    let x = Tensor::from_vec(uniforms(2, 0, 4 * 3 * PLANE), (4, 3, SIDE, SIDE), dev)?;
    Ok((Net::new(arch, 1, dev)?, x))
}

/// PyTorch's final test accuracy: (seed 0's, mean of the 4 seeds, largest |seed − mean|).
fn torch_accuracy(g: &Golden, setting: &str, name: &str) -> Option<(f64, f64, f64)> {
    let t = &g.training.get(setting)?[name];
    let first = t["test_accuracy"].as_array()?.last()?.as_f64()?;
    let mut all: Vec<f64> =
        t["seeds_final"].as_array()?.iter().filter_map(|v| v.as_f64()).collect();
    all.push(first);
    let mean = all.iter().sum::<f64>() / all.len() as f64;
    Some((first, mean, all.iter().map(|a| (a - mean).abs()).fold(0.0, f64::max)))
}

fn main() -> ExitCode {
    llmpath_labs_kit::main("cifar-cnn", lab)
}

fn lab(args: LabArgs) -> std::result::Result<(), Box<dyn Error>> {
    let (lang, dev) = (args.lang, Device::Cpu);
    let pick = |k: usize| lang.pick(ZH[k], EN[k]);
    let data = DataDir::resolve(args.data_dir.clone()).map_err(|e| e.to_string())?;
    let cifar = load::cifar10(&data).map_err(|e| e.to_string())?;
    let mut run = Run::start("cifar-cnn", cifar.source.dataset(), &args)?;
    let (plots, mut checks) = (Plots::new(&args)?, Checks::default());
    let n_train = if args.quick { QUICK_TRAIN } else { cifar.train.labels.len() };
    let (train_set, test) =
        (Images::first(&cifar.train, n_train), Images::first(&cifar.test, usize::MAX));
    let stats = train_set.channel_stats();
    println!("{} {} ({} / {})", pick(0), cifar.source.dataset(), train_set.y.len(), test.y.len());
    println!("   μ = {:?}, σ = {:?}", stats.map(|s| s.0), stats.map(|s| s.1));

    println!("{}", pick(1));
    let g: Golden = serde_json::from_str(GOLDEN)?;
    for (name, arch) in [("lenet", LENET), ("alexnet", ALEXNET), ("resnet", RESNET)] {
        let (net, x) = golden_batch(arch, &dev)?;
        let ours = net.forward(&x, None)?.to_vec2::<f32>()?;
        let Some(reference) = g.logits.get(name) else {
            return Err(format!("no {name} logits").into());
        };
        let gap = (ours.iter().flatten().zip(reference.iter().flatten()))
            .map(|(a, b)| (*a as f64 - b).abs())
            .fold(0.0, f64::max);
        println!("   {name}: max |Δlogit| = {gap:.2e}");
        checks.require(gap <= 1e-5, format!("{name} logits differ from PyTorch's by {gap:e}"));
        run.metric(&format!("{name}_logits_max_abs_diff"), gap);
    }
    let (net, x) = golden_batch(RESNET, &dev)?;
    let mut rng = <StdRng as rand::SeedableRng>::seed_from_u64(0); // only switches on batch statistics
    let logits = net.forward(&x, Some(&mut rng))?;
    let loss = candle_nn::loss::cross_entropy(&logits, &Tensor::new(g.labels.as_slice(), &dev)?)?;
    let loss = loss.to_scalar::<f32>()? as f64;
    println!(
        "   resnet, batch norm in training mode: loss {loss:.8} (PyTorch {:.8})",
        g.resnet_train_loss
    );
    checks.compare("resnet_train_mode_loss", loss, g.resnet_train_loss, 1e-5, PYTORCH);

    let full = cifar.source == CifarSource::Full;
    let epochs = |quick: usize, subset: usize| if args.quick { quick } else { subset };
    #[rustfmt::skip] // a table: one recipe a line
    let recipes = [
        Recipe { name: "lenet", arch: LENET, adamw: true, lr: 2e-3, weight_decay: 5e-4, epochs: epochs(2, 15) },
        Recipe { name: "alexnet", arch: ALEXNET, adamw: true, lr: 1e-3, weight_decay: 5e-4, epochs: epochs(2, 15) },
        Recipe { name: "resnet", arch: RESNET, adamw: false, lr: 0.05, weight_decay: 5e-4, epochs: epochs(2, 15) },
    ];
    let setting = if args.quick { "quick" } else { "full" };
    let (mut loss_chart, mut acc_chart) =
        (Chart::new(pick(2), pick(4), pick(5)), Chart::new(pick(3), pick(4), pick(6)));
    let mut best: Option<(Net, f64, &str)> = None;
    println!("{}", pick(7));
    // --quick trains the two networks the practice task compares, not the AlexNet-style one.
    for recipe in recipes.iter().filter(|r| !args.quick || r.name != "alexnet") {
        let net = Net::new(recipe.arch, args.seed, &dev)?;
        let params = parameter_count(&net.vars("")?);
        let mut opt = Opt::new(recipe.adamw, net.vars("")?, recipe.lr, recipe.weight_decay)?;
        let optimiser = if recipe.adamw { "AdamW" } else { "SGD + momentum 0.9" };
        let (name, lr, decay, epochs) =
            (recipe.name, recipe.lr, recipe.weight_decay, recipe.epochs);
        println!(
            "   {name}: {params} {}, {optimiser} lr {lr} cosine, weight decay {decay}, {epochs} epochs",
            pick(8)
        );
        let (started, fit) = (Instant::now(), Fit { name, epochs, batch_size: BATCH, lr });
        let evaluate = |net: &Net| {
            train::evaluate(net, test.y.len(), 500, |idx| test.batch(idx, &stats, None, &dev))
        };
        let history = train::fit(
            &net,
            &mut opt,
            &fit,
            train_set.y.len(),
            args.seed,
            |idx, rng| train_set.batch(idx, &stats, Some(rng), &dev),
            |net| evaluate(net).map(|(loss, acc, _)| (loss, acc)),
        )?;
        let seconds = started.elapsed().as_secs_f64();
        let [.., accuracy] = history.last().copied().unwrap_or_default();
        println!(
            "   → {name}: {:.2} % {}, {params} {}, {seconds:.0} s",
            100.0 * accuracy,
            pick(9),
            pick(8)
        );
        run.metric(&format!("{name}_test_accuracy"), accuracy);
        run.metric(&format!("{name}_parameters"), params as f64);
        run.metric(&format!("{name}_train_seconds"), seconds);
        if !full {
            let Some((torch, mean, spread)) = torch_accuracy(&g, setting, name) else {
                return Err(format!("no PyTorch {setting} run of {name}").into());
            };
            // The margin: PyTorch's widest gap from its mean over seeds, plus 2 % as ours is one more seed.
            let margin = spread + 0.02;
            println!(
                "     PyTorch: {:.2} % (seed 0), mean of 4 seeds {:.2} % ± {:.2} %",
                100.0 * torch,
                100.0 * mean,
                100.0 * spread
            );
            let ok = (accuracy - mean).abs() <= margin;
            checks.require(
                ok,
                format!(
                    "{name} test accuracy {accuracy:.4}, PyTorch's mean {mean:.4} ± {margin:.4}"
                ),
            );
            run.compare(
                &format!("{name}_test_accuracy_pytorch_seed_mean"),
                accuracy,
                mean,
                pick(10),
            );
        }
        let name = recipe.name.to_uppercase();
        (loss_chart, acc_chart) =
            add_curves((loss_chart, acc_chart), &name, &history, (pick(11), pick(12)));
        if best.as_ref().is_none_or(|b| accuracy > b.1) {
            best = Some((net, accuracy, recipe.name));
        }
    }
    let Some((net, accuracy, best_name)) = best else { return Err("no network trained".into()) };
    let resnet = run.report().metrics.get("resnet_test_accuracy").copied().unwrap_or(0.0);
    let target = if args.quick { QUICK_TARGET } else { SUBSET_TARGET };
    run.compare("resnet_test_accuracy_target", resnet, target, pick(13));
    checks.require(resnet >= target, format!("ResNet test accuracy {resnet:.4} < {target}"));
    plots.record(&mut run, "loss_curves", &loss_chart)?;
    plots.record(&mut run, "accuracy_curves", &acc_chart)?;

    // The checkpoint: save, load into a network with other weights, same logits.
    let path = run.artifact_path("model.safetensors");
    net.varmap.save(&path)?;
    run.artifact("model.safetensors");
    let mut reloaded = Net::new(net.arch, args.seed + 1, &dev)?;
    reloaded.varmap.load(&path)?;
    let (x, _) = test.batch(&(0..256).collect::<Vec<_>>(), &stats, None, &dev)?;
    let diff = (net.forward(&x, None)? - reloaded.forward(&x, None)?)?
        .abs()?
        .max_all()?
        .to_scalar::<f32>()?;
    println!("{} ({best_name}, {:.2} %): max |Δlogit| = {diff:e}", pick(14), 100.0 * accuracy);
    checks.require(diff == 0.0, format!("reloaded checkpoint differs by {diff:e}"));
    run.metric("checkpoint_reload_max_abs_diff", diff as f64);

    let (_, _, pred) =
        train::evaluate(&net, test.y.len(), 500, |idx| test.batch(idx, &stats, None, &dev))?;
    confusion_and_mistakes(&mut run, &plots, lang, &test, &pred, best_name)?;
    checks.finish(run)?;
    Ok(())
}

/// The ResNet's test accuracy a run must reach. Quick: PyTorch's four seeds end at 17.7–19.9 %
/// and ours at 17.4 %; 14 % is 4 standard errors (√(0.1·0.9/1000) ≈ 0.95 %) above chance.
/// Full: PyTorch's seeds end at 46.2–48.1 %. On the full set (never run here: it is not in the
/// offline copy) the subset's target stands, as 12× more images can only help.
const QUICK_TARGET: f64 = 0.14;
const SUBSET_TARGET: f64 = 0.40;

/// The best network's confusion matrix as a heat map, and its five most frequent mistakes
/// with up to five test images each, in colour.
fn confusion_and_mistakes(
    run: &mut Run,
    plots: &Plots,
    lang: Lang,
    test: &Images,
    pred: &[u32],
    net: &str,
) -> std::result::Result<(), Box<dyn Error>> {
    let pick = |k: usize| lang.pick(ZH[k], EN[k]);
    let c = Confusion::new(&test.y, pred, 10);
    println!(
        "{} {net}; {}",
        pick(15),
        CIFAR10_CLASSES
            .iter()
            .enumerate()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    c.print();
    let title = format!("{} ({net})", pick(16));
    plots.record(run, "confusion_matrix", &c.heat_map(&title, pick(17), pick(18)))?;
    let image =
        |i: usize| test.x[i * 3 * PLANE..(i + 1) * 3 * PLANE].iter().map(|&v| v as f64).collect();
    // Short names: a column of the grid is 110 pixels wide.
    let short = ["plane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];
    let name = |k: usize| short[k].to_owned();
    let grid = c.mistakes_grid(pick(19), &test.y, pred, name, image, (SIDE, SIDE), (0.0, 1.0));
    plots.record(run, "misclassified", &grid)?;
    Ok(())
}

/// The printed report and plot labels.
const EN: [&str; 20] = [
    "Data:",
    "1. The three networks with fixed weights on a fixed batch, against PyTorch:",
    "Cross-entropy per epoch",
    "Accuracy per epoch",
    "epoch",
    "loss",
    "test accuracy (%)",
    "2. Training (crops + flips, batches of 128; progress bar on stderr: loss, accuracy, images/s):",
    "parameters",
    "test accuracy",
    "PyTorch, same recipe, mean over 4 seeds (cifar.py)",
    "train",
    "test",
    "target: ResNet test accuracy",
    "3. Checkpoint model.safetensors of the best network saved and reloaded",
    "4. Confusion matrix of the best network (row: true class, column: predicted):",
    "Confusion matrix (log scale)",
    "predicted class",
    "true class",
    "Mistakes: true → predicted (count)",
];
const ZH: [&str; 20] = [
    "数据：",
    "1. 三个网络用固定权重在固定批次上，与 PyTorch 对照：",
    "每轮交叉熵",
    "每轮准确率",
    "轮次",
    "损失",
    "测试准确率 (%)",
    "2. 训练（随机裁剪 + 翻转，批大小 128；stderr 上的进度条：损失、准确率、每秒图像数）：",
    "个参数",
    "测试准确率",
    "PyTorch 同一配方，4 个种子的平均（cifar.py）",
    "训练",
    "测试",
    "目标：ResNet 测试准确率",
    "3. 最佳网络的检查点 model.safetensors 保存后重新载入",
    "4. 最佳网络的混淆矩阵（行：真实类别，列：预测）：",
    "混淆矩阵（对数刻度）",
    "预测类别",
    "真实类别",
    "错误：真实 → 预测（次数）",
];

#[cfg(test)]
#[path = "cifar_cnn/tests.rs"]
mod tests;
