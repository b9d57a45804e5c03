//! candle side by side with PyTorch (issue #7): the candle half of `scripts/bench/dl.sh`, which
//! writes the MNIST batches both sides train on (`dl.py prepare`) to a folder and passes it as
//! `LLMPATH_BENCH_DIR`. Without it this bench measures nothing.
//!
//! A step is what the crate's `train::fit` does per batch, less its bookkeeping (the loss as a
//! number, the accuracy, the progress bar): `Model::forward` in training mode, cross-entropy,
//! `backward` and `Opt::step`, on a batch of 128 in f32. The networks are the library's
//! `models::Net`:
//!
//! - `candle_mlp`: `Arch::Plain` 784-256-128-10, dropout 0.2, SGD with momentum 0.9 and weight
//!   decay 5e-4: the `mnist-cnn` lab's first recipe;
//! - `candle_lenet`: `Arch::Plain` with the lab's LeNet (conv 1→6 5×5 pad 2, conv 6→16 5×5,
//!   400-120-84-10, dropout 0.25), AdamW with weight decay 0.01: the lab's second recipe. The
//!   lab builds these two in `src/bin/mnist_cnn.rs` with the same layers (`layers::conv2d`,
//!   `max_pool2`, `dropout`), parameter names and SplitMix64 stream, so `models::Net` with these
//!   `Arch`s is the lab's network with the lab's weights;
//! - `candle_resnet`: `models::RESNET` (ResNet-8 with batch norm, widths 8-16-32, 19 954
//!   parameters) on CIFAR-10 batches of 128 (32×32, scaled to [0, 1]), SGD with momentum 0.9 and
//!   weight decay 5e-4: the `cifar-cnn` lab's ResNet recipe; its batches are written to
//!   `cifar_x.npy` / `cifar_y.npy` for `dl.py`.
//!
//! `part_*` time pieces of a LeNet step, to find where candle's time goes: each convolution
//! forward and forward + backward (the lab's `conv::conv2d`, an image at a time, and candle's
//! `Conv2d`), the two halves of candle's convolution backward (a transposed convolution for the
//! input, a convolution for the kernel), a 3×3 convolution of the ResNet's first stage, the
//! max-pool (the lab's and candle's), the linear layers, the im2col product, the forward pass,
//! forward + backward, and an AdamW step.
//!
//! Threads: `RAYON_NUM_THREADS` (2 in `dl.sh`) sizes gemm's `Parallelism::Rayon` (candle reads
//! it in `utils::get_num_threads`); `CANDLE_NUM_THREADS`, default the same, sizes candle's
//! barrier pool, on which candle's element-wise ops and the library's own ops
//! (`pool::per_part`) run. Timing: flat sampling, 10 samples, 3 s (`QUICK=1`: 0.3 s;
//! `BENCH_BUDGET_S`: that many); `dl.py` reads criterion's median. `ours_candle.json` keeps the loss of batch 0 at the initial
//! weights, without dropout, which must equal PyTorch's.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use candle_core::{DType, Device, Module, ModuleT, Result, Tensor, Var};
use candle_nn::{Conv2d, Conv2dConfig, VarBuilder, VarMap};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, SamplingMode, criterion_group, criterion_main};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::{Map, Value, json};

use llmpath_data::DataDir;
use llmpath_labs_deep::layers::{batch_norm, conv2d, max_pool2};
use llmpath_labs_deep::models::{Arch, Net, RESNET};
use llmpath_labs_deep::optim::Opt;
use llmpath_labs_deep::train::Model;
// The labs' allocator (mimalloc, set in labs/kit), so the bench times what the labs run.
use llmpath_labs_kit as _;

const BATCH: usize = 128;
const SEED: u64 = 42;
const MLP: Arch = Arch::Plain { convs: &[], fcs: &[784, 256, 128, 10], dropout: 0.2 };
const LENET: Arch = Arch::Plain {
    convs: &[(1, 6, 5, 2, true), (6, 16, 5, 0, true)],
    fcs: &[400, 120, 84, 10],
    dropout: 0.25,
};

// ---- Inputs ---------------------------------------------------------------------------------

/// `name`.npy of `dir`, as NumPy wrote it: its values in C order.
fn npy<A: ndarray_npy::ReadableElement>(dir: &Path, name: &str) -> Vec<A> {
    let path = dir.join(format!("{name}.npy"));
    let array: ndarray::ArrayD<A> =
        ndarray_npy::read_npy(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    array.into_iter().collect()
}

/// Writes `values` as `name`.npy of `dir`, of `shape`.
fn write_npy<A: ndarray_npy::WritableElement>(
    dir: &Path,
    name: &str,
    shape: &[usize],
    values: Vec<A>,
) {
    let path = dir.join(format!("{name}.npy"));
    let array = ndarray::ArrayD::from_shape_vec(shape, values).expect("values fill the shape");
    ndarray_npy::write_npy(&path, &array).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Batches of 128: images (128, C, H, W) and labels (128,) as u32.
type Batches = Vec<(Tensor, Tensor)>;

fn split_batches(x: Vec<f32>, y: Vec<u32>, image: &[usize], dev: &Device) -> Result<Batches> {
    let size: usize = image.iter().product();
    (0..y.len() / BATCH)
        .map(|k| {
            let pixels = x[k * BATCH * size..(k + 1) * BATCH * size].to_vec();
            let shape = [&[BATCH][..], image].concat();
            let labels = y[k * BATCH..(k + 1) * BATCH].to_vec();
            Ok((Tensor::from_vec(pixels, shape, dev)?, Tensor::new(labels, dev)?))
        })
        .collect()
}

/// The batches of `dl.py prepare`: standardised MNIST images (128, 1, 28, 28).
fn mnist(dir: &Path, dev: &Device) -> Result<Batches> {
    let x: Vec<f32> = npy(dir, "mnist_x");
    let y = npy::<i64>(dir, "mnist_y").into_iter().map(|v| v as u32).collect();
    split_batches(x, y, &[1, 28, 28], dev)
}

/// The first 16 batches of CIFAR-10's training images, scaled to [0, 1], also written to
/// `cifar_x.npy` and `cifar_y.npy` for `dl.py`; `None` without CIFAR-10 in the data folder.
fn cifar(dir: &Path, dev: &Device) -> Option<Batches> {
    let data = DataDir::resolve(None).ok()?;
    let cifar = llmpath_data::load::cifar10(&data).map_err(|e| eprintln!("dl: {e}")).ok()?;
    let n = (cifar.train.labels.len() / BATCH).min(16) * BATCH;
    let x: Vec<f32> =
        cifar.train.images.iter().take(n * 3072).map(|&p| f32::from(p) / 255.0).collect();
    let y: Vec<u32> = cifar.train.labels.iter().take(n).map(|&l| l as u32).collect();
    write_npy(dir, "cifar_x", &[n, 3, 32, 32], x.clone());
    write_npy(dir, "cifar_y", &[n], y.iter().map(|&v| i64::from(v)).collect());
    split_batches(x, y, &[3, 32, 32], dev).ok()
}

// ---- Training steps ---------------------------------------------------------------------------

/// Times training steps of `net` (forward in training mode, loss, backward, optimizer step on
/// `vars`), each on the next batch; returns the loss of batch 0 at the initial weights, in eval
/// mode.
fn steps<M: Model>(
    group: &mut BenchmarkGroup<WallTime>,
    id: &str,
    (net, vars): (M, Vec<Var>),
    adamw: bool,
    (lr, weight_decay): (f64, f64),
    data: &Batches,
) -> Result<f32> {
    let (x, y) = &data[0];
    let loss0 = candle_nn::loss::cross_entropy(&net.forward(x, None)?, y)?.to_scalar::<f32>()?;
    let mut opt = Opt::new(adamw, vars, lr, weight_decay)?;
    let mut rng = StdRng::seed_from_u64(0);
    let mut k = 0;
    let mut step = || -> Result<()> {
        k = (k + 1) % data.len();
        let (x, y) = &data[k];
        let logits = net.forward(black_box(x), Some(&mut rng))?;
        let loss = candle_nn::loss::cross_entropy(&logits, y)?;
        opt.step(&loss.backward()?, lr)
    };
    group.bench_function(id, |b| b.iter(|| step().expect("a training step")));
    Ok(loss0)
}

/// A `models::Net` and its trainable parameters.
fn net(arch: Arch, dev: &Device) -> Result<(Net, Vec<Var>)> {
    let net = Net::new(arch, SEED, dev)?;
    let vars = net.vars("")?;
    Ok((net, vars))
}

// ---- Parts of a LeNet step --------------------------------------------------------------------

/// A 5×5 convolution as the lab's (stride 1, bias), with random weights.
fn conv(cin: usize, cout: usize, padding: usize, dev: &Device) -> Result<Conv2d> {
    let w = Tensor::rand(-0.2f32, 0.2, (cout, cin, 5, 5), dev)?;
    let b = Tensor::rand(-0.2f32, 0.2, cout, dev)?;
    Ok(Conv2d::new(w, Some(b), Conv2dConfig { padding, ..Default::default() }))
}

fn backward(y: &Tensor) -> Result<()> {
    black_box(y.sum_all()?.backward()?);
    Ok(())
}

/// Times the parts; returns max |Δ| between the input gradients of conv2 through candle's
/// `Conv2d` and through the lab's `conv2d` (im2col an image at a time, col2im backward).
fn parts(group: &mut BenchmarkGroup<WallTime>, data: &Batches, dev: &Device) -> Result<f32> {
    let x = &data[0].0; // (128, 1, 28, 28)
    let (conv1, conv2) = (conv(1, 6, 2, dev)?, conv(6, 16, 0, dev)?);
    let conv1_bias = conv1.bias().cloned().ok_or(candle_core::Error::msg("a bias"))?;
    let h1 = conv2d(x, &conv1)?.relu()?; // (128, 6, 28, 28)
    let h = max_pool2(&h1)?; // (128, 6, 14, 14)
    let (h1_var, h_var) = (Var::from_tensor(&h1)?, Var::from_tensor(&h)?);
    let z = Var::from_tensor(&max_pool2(&conv2.forward(&h)?.relu()?)?.flatten_from(1)?)?;
    let net = Net::new(LENET, SEED, dev)?;
    let fcs = Net::new(Arch::Plain { convs: &[], fcs: &[400, 120, 84, 10], dropout: 0.0 }, 1, dev)?;
    let w1 = conv1.weight().reshape((6, 25))?;
    let columns = Tensor::rand(-1f32, 1.0, (BATCH, 25, 784), dev)?;
    let y = &data[0].1;
    // conv2's backward as candle computes it (backprop.rs, Op::Conv2D): the input gradient by a
    // transposed convolution, the kernel gradient by a convolution of the transposed input.
    let g2 = Tensor::rand(-1f32, 1.0, (BATCH, 16, 10, 10), dev)?;
    let w2 = conv2.weight();
    let bwd_weight = || -> Result<Tensor> {
        h.transpose(0, 1)?.conv2d(&g2.transpose(0, 1)?, 0, 1, 1, 1)?.transpose(0, 1)
    };
    // A 3×3 convolution of the ResNet's first stage, (128, 8, 32, 32) → (128, 8, 32, 32).
    let x3 = Var::from_tensor(&Tensor::rand(-1f32, 1.0, (BATCH, 8, 32, 32), dev)?)?;
    let w3 = Tensor::rand(-0.08f32, 0.08, (8, 8, 3, 3), dev)?;
    let conv3 = Conv2d::new(w3, None, Conv2dConfig { padding: 1, ..Default::default() });
    // The two products a convolution's backward needs, with the forward's columns (B, C·k², Hₒ·Wₒ):
    // columns' gradient Wᵀ (C·k², O) · Ḡ (B, O, Hₒ·Wₒ) (col2im then adds it back into the input's
    // gradient) and W's gradient Σ_b Ḡ_b · columns_bᵀ.
    let g2_flat = g2.reshape((BATCH, 16, 100))?;
    let w2t = w2.reshape((16, 150))?.t()?.contiguous()?;
    let columns2 = Tensor::rand(-1f32, 1.0, (BATCH, 100, 150), dev)?; // columnsᵀ per image
    // conv1 with its weight and bias tracked, as in training: the lab's im2col forward, and the
    // kernel's gradient through broadcast_matmul's backward.
    let (w1_var, b1_var) = (Var::from_tensor(conv1.weight())?, Var::from_tensor(&conv1_bias)?);
    let cfg1 = Conv2dConfig { padding: 2, ..Default::default() };
    let conv1_tracked =
        Conv2d::new(w1_var.as_tensor().clone(), Some(b1_var.as_tensor().clone()), cfg1);
    // Batch norm in training mode on the ResNet's first stage, (128, 8, 32, 32).
    let varmap = VarMap::new();
    let vb = VarBuilder::from_varmap(&varmap, DType::F32, dev);
    let bn = candle_nn::batch_norm(8, candle_nn::BatchNormConfig::default(), vb.pp("bn"))?;
    let mut opt = Opt::new(true, net.vars("")?, 3e-3, 0.01)?;
    let grads = candle_nn::loss::cross_entropy(&net.forward(x, None)?, y)?.backward()?;
    let (mut rng, mut rng2) = (StdRng::seed_from_u64(0), StdRng::seed_from_u64(1));

    type Part<'a> = Box<dyn FnMut() -> Result<()> + 'a>;
    let parts: Vec<(&str, Part)> = vec![
        ("part_conv1_fwd", Box::new(|| Ok(_ = black_box(conv2d(x, &conv1)?)))),
        ("part_conv1_fwd_candle", Box::new(|| Ok(_ = black_box(conv1.forward(x)?)))),
        ("part_conv1_fwd_bwd", Box::new(|| backward(&conv2d(x, &conv1_tracked)?))),
        ("part_conv2_fwd", Box::new(|| Ok(_ = black_box(conv2d(&h, &conv2)?)))),
        ("part_conv2_fwd_candle", Box::new(|| Ok(_ = black_box(conv2.forward(&h)?)))),
        ("part_conv2_fwd_bwd", Box::new(|| backward(&conv2d(&h_var, &conv2)?))),
        ("part_conv2_fwd_bwd_candle", Box::new(|| backward(&conv2.forward(&h_var)?))),
        (
            "part_conv2_bwd_input",
            Box::new(|| Ok(_ = black_box(g2.conv_transpose2d(w2, 0, 0, 1, 1)?))),
        ),
        ("part_conv2_bwd_weight", Box::new(|| Ok(_ = black_box(bwd_weight()?)))),
        (
            "part_conv2_bwd_input_gemm",
            Box::new(|| Ok(_ = black_box(w2t.broadcast_matmul(&g2_flat)?))),
        ),
        (
            "part_conv2_bwd_weight_gemm",
            Box::new(|| Ok(_ = black_box(g2_flat.matmul(&columns2)?.sum(0)?))),
        ),
        ("part_conv3x3_fwd", Box::new(|| Ok(_ = black_box(conv2d(x3.as_tensor(), &conv3)?)))),
        ("part_conv3x3_fwd_candle", Box::new(|| Ok(_ = black_box(conv3.forward(x3.as_tensor())?)))),
        ("part_conv3x3_fwd_bwd", Box::new(|| backward(&conv2d(&x3, &conv3)?))),
        ("part_conv3x3_fwd_bwd_candle", Box::new(|| backward(&conv3.forward(&x3)?))),
        ("part_bn_fwd_bwd", Box::new(|| backward(&batch_norm(&x3, &bn, true)?))),
        ("part_bn_fwd_bwd_candle", Box::new(|| backward(&bn.forward_t(&x3, true)?))),
        ("part_pool_fwd_bwd", Box::new(|| backward(&max_pool2(&h1_var)?))),
        ("part_pool_fwd_bwd_candle", Box::new(|| backward(&h1_var.max_pool2d(2)?))),
        ("part_fc_fwd_bwd", Box::new(|| backward(&fcs.forward(&z, None)?))),
        ("part_matmul", Box::new(|| Ok(_ = black_box(w1.broadcast_matmul(&columns)?)))),
        (
            "part_lenet_fwd",
            Box::new(|| {
                let logits = net.forward(x, Some(&mut rng))?;
                Ok(_ = black_box(candle_nn::loss::cross_entropy(&logits, y)?))
            }),
        ),
        (
            "part_lenet_fwd_bwd",
            Box::new(|| {
                let logits = net.forward(x, Some(&mut rng2))?;
                backward(&candle_nn::loss::cross_entropy(&logits, y)?)
            }),
        ),
        ("part_adamw_step", Box::new(|| opt.step(&grads, 3e-3))),
    ];
    for (id, mut call) in parts {
        group.bench_function(id, |b| b.iter(|| call().expect("a part")));
    }
    let grad = |y: Tensor| -> Result<Tensor> {
        y.sum_all()?.backward()?.get(&h_var).cloned().ok_or(candle_core::Error::msg("no grad"))
    };
    let (candle, ours) = (grad(conv2.forward(&h_var)?)?, grad(conv2d(&h_var, &conv2)?)?);
    (candle - ours)?.abs()?.max_all()?.to_scalar::<f32>()
}

fn side_by_side(c: &mut Criterion) {
    let Some(dir) = std::env::var_os("LLMPATH_BENCH_DIR").map(PathBuf::from) else {
        eprintln!("dl: LLMPATH_BENCH_DIR is not set; run scripts/bench/dl.sh");
        return;
    };
    let quick = std::env::var("QUICK").is_ok_and(|v| v == "1");
    // The samples' total time: BENCH_BUDGET_S (the scripts' rounds), else 3 s (QUICK=1: 0.3 s).
    let budget = std::env::var("BENCH_BUDGET_S")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| *s > 0.0)
        .unwrap_or(if quick { 0.3 } else { 3.0 });
    let dev = Device::Cpu;
    let data = mnist(&dir, &dev).expect("the MNIST batches");
    let mut checks = Map::<String, Value>::new();
    let mut group = c.benchmark_group("dl");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs_f64((budget / 3.0).min(1.0)))
        .measurement_time(Duration::from_secs_f64(budget));

    let (sgd, adamw) = ((0.05, 5e-4), (3e-3, 0.01));
    let mut run = |id: &str, loss0: Result<f32>| {
        checks.insert(id.into(), json!({"loss0": loss0.unwrap_or_else(|e| panic!("{id}: {e}"))}));
    };
    let mlp = net(MLP, &dev).expect("the MLP");
    run("candle_mlp", steps(&mut group, "candle_mlp", mlp, false, sgd, &data));
    let lenet = net(LENET, &dev).expect("the LeNet");
    run("candle_lenet", steps(&mut group, "candle_lenet", lenet, true, adamw, &data));
    if let Some(cifar) = cifar(&dir, &dev) {
        let resnet = net(RESNET, &dev).expect("the ResNet");
        run("candle_resnet", steps(&mut group, "candle_resnet", resnet, false, sgd, &cifar));
    }
    let gap = parts(&mut group, &data, &dev).expect("the parts");
    checks.insert("conv2_input_grad_gap".into(), json!(gap));
    group.finish();

    let env = |k: &str| std::env::var(k).ok();
    let ours = json!({
        "environment": {
            "RAYON_NUM_THREADS": env("RAYON_NUM_THREADS"),
            "CANDLE_NUM_THREADS": env("CANDLE_NUM_THREADS"),
            "candle": "0.11.1, gemm 0.19 with x86-v4 (AVX-512 kernels, runtime-dispatched)",
        },
        "checks": checks,
    });
    let out = dir.join("ours_candle.json");
    std::fs::write(&out, format!("{ours:#}\n"))
        .unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}

criterion_group!(benches, side_by_side);
criterion_main!(benches);
