//! Our from-scratch tensor engine side by side with PyTorch (issue #7): the engine half of
//! `scripts/bench/dl.sh`, which writes the MNIST batches both sides train on (`dl.py prepare`)
//! to a folder and passes it as `LLMPATH_BENCH_DIR`. Without it this bench measures nothing.
//!
//! A step is what the `tensor-autograd` lab does per batch: forward, cross-entropy, backward
//! (`Tensor::backward`) and `Sgd::step` (momentum 0.9), on a batch of 128 in f64 (the engine has
//! no f32). The networks are the candle bench's, without dropout (the engine has none):
//!
//! - `engine_mlp`: 784-256-128-10 with ReLU, `matmul` + `add` per layer;
//! - `engine_lenet`: conv 1→6 5×5 pad 2 → ReLU → max-pool 2 → conv 6→16 5×5 → ReLU → max-pool 2
//!   → reshape (128, 400) → 120 → 84 → 10: the engine's im2col `conv2d` and `max_pool2`.
//!
//! Weights: the crate's `init` (SplitMix64, seed 42, β = 1/√fan_in, linear W as (in, out)), the
//! stream `dl.py` draws for PyTorch's float64 run. Each step takes the next of the 16 batches.
//! Threads: matrixmultiply's own (`MATMUL_NUM_THREADS`, 2 in `dl.sh`; it splits a product only
//! when it is large enough); everything else runs on one thread. Timing: flat sampling, 10
//! samples, 3 s (`QUICK=1`: 0.3 s); `dl.py` reads criterion's median.
//! `ours_engine.json` beside the inputs keeps the loss of batch 0 at the initial weights.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use ndarray::{ArrayD, IxDyn};
use serde_json::json;

use llmpath_labs_neural::init;
use llmpath_labs_neural::tensor::{Sgd, ShapeError, Tensor};
// The labs' allocator (mimalloc, set in labs/kit), so the bench times what the labs run.
use llmpath_labs_kit as _;

const BATCH: usize = 128;
const SEED: u64 = 42;
const MLP: [(&[usize], usize); 6] = [
    (&[784, 256], 784),
    (&[256], 784),
    (&[256, 128], 256),
    (&[128], 256),
    (&[128, 10], 128),
    (&[10], 128),
];
const LENET: [(&[usize], usize); 10] = [
    (&[6, 1, 5, 5], 25),
    (&[6], 25),
    (&[16, 6, 5, 5], 150),
    (&[16], 150),
    (&[400, 120], 400),
    (&[120], 400),
    (&[120, 84], 120),
    (&[84], 120),
    (&[84, 10], 84),
    (&[10], 84),
];

/// `name`.npy of `dir`, as NumPy wrote it.
fn npy<A: ndarray_npy::ReadableElement>(dir: &Path, name: &str) -> ArrayD<A> {
    let path = dir.join(format!("{name}.npy"));
    ndarray_npy::read_npy(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The batches of `dl.py prepare`: images (128, 1, 28, 28) as f64 and their labels.
fn batches(dir: &Path) -> Vec<(Tensor, Vec<usize>)> {
    let images: ArrayD<f32> = npy(dir, "mnist_x");
    let image = images.shape()[1..].iter().product::<usize>();
    let x: Vec<f64> = images.iter().map(|&v| f64::from(v)).collect();
    let y: Vec<usize> = npy::<i64>(dir, "mnist_y").iter().map(|&v| v as usize).collect();
    (0..y.len() / BATCH)
        .map(|k| {
            let pixels = x[k * BATCH * image..(k + 1) * BATCH * image].to_vec();
            let x = ArrayD::from_shape_vec(IxDyn(&[BATCH, 1, 28, 28]), pixels).expect("a batch");
            (Tensor::constant(x), y[k * BATCH..(k + 1) * BATCH].to_vec())
        })
        .collect()
}

fn params(shapes: &[(&[usize], usize)]) -> Vec<Tensor> {
    let shapes: Vec<(&[usize], f64)> =
        shapes.iter().map(|&(s, fan_in)| (s, 1.0 / (fan_in as f64).sqrt())).collect();
    init(SEED, &shapes).into_iter().map(Tensor::param).collect()
}

/// Logits (128, 10): the conv layers if `p` has them, then x W + b with ReLU between.
fn forward(p: &[Tensor], x: &Tensor) -> Result<Tensor, ShapeError> {
    let (mut h, dense) = match p.len() {
        10 => {
            let h = x.conv2d(&p[0], &p[1], 2)?.relu().max_pool2()?; // (128, 6, 14, 14)
            let h = h.conv2d(&p[2], &p[3], 0)?.relu().max_pool2()?; // (128, 16, 5, 5)
            (h.reshape(&[BATCH, 400])?, &p[4..])
        }
        _ => (x.reshape(&[BATCH, 784])?, p),
    };
    for (k, wb) in dense.chunks(2).enumerate() {
        h = h.matmul(&wb[0])?.add(&wb[1])?;
        if 2 * (k + 1) < dense.len() {
            h = h.relu();
        }
    }
    Ok(h)
}

fn side_by_side(c: &mut Criterion) {
    let Some(dir) = std::env::var_os("LLMPATH_BENCH_DIR").map(PathBuf::from) else {
        eprintln!("dl: LLMPATH_BENCH_DIR is not set; run scripts/bench/dl.sh");
        return;
    };
    let quick = std::env::var("QUICK").is_ok_and(|v| v == "1");
    let data = batches(&dir);
    let mut checks = serde_json::Map::new();
    let mut group = c.benchmark_group("dl");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs_f64(if quick { 0.1 } else { 1.0 }))
        .measurement_time(Duration::from_secs_f64(if quick { 0.3 } else { 3.0 }));
    for (id, shapes) in [("engine_mlp", &MLP[..]), ("engine_lenet", &LENET[..])] {
        let mut p = params(shapes);
        let (x, y) = &data[0];
        let loss0 = forward(&p, x).and_then(|z| z.cross_entropy(y)).expect("a forward pass");
        checks.insert(id.into(), json!({"loss0": loss0.value().sum()}));
        let mut sgd = Sgd::new(&p, 0.9);
        let mut k = 0;
        group.bench_function(id, |b| {
            b.iter(|| {
                k = (k + 1) % data.len();
                let (x, y) = &data[k];
                let loss = forward(&p, black_box(x)).and_then(|z| z.cross_entropy(y));
                let grads = loss.and_then(|l| l.backward()).expect("a training step");
                sgd.step(&mut p, &grads, 0.01);
            })
        });
    }
    group.finish();

    let env = |k: &str| std::env::var(k).ok();
    let ours = json!({
        "environment": {
            "MATMUL_NUM_THREADS": env("MATMUL_NUM_THREADS"),
            "engine": "ndarray `dot` (matrixmultiply, threading feature), f64; other ops one thread",
        },
        "checks": checks,
    });
    let out = dir.join("ours_engine.json");
    std::fs::write(&out, format!("{ours:#}\n"))
        .unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}

criterion_group!(benches, side_by_side);
criterion_main!(benches);
