//! The GPT lab's training step side by side with PyTorch (issue #8): the candle half of
//! `scripts/bench/llm.sh`, which passes a folder as `LLMPATH_BENCH_DIR` (criterion's output and
//! `ours_gpt.json` go there) and reads tiny-shakespeare from `LLMPATH_DATA`. Without the folder
//! this bench measures nothing.
//!
//! A step is what `src/bin/gpt.rs`'s `train` does per batch, less its bookkeeping: forward,
//! cross-entropy, backward, clipping the gradients' global norm to 1, and nanoGPT's AdamW. The
//! network is the lab's full recipe (nanoGPT's CPU recipe: 4 layers, 4 heads, n_embd 128,
//! block_size 64, batches of 12, 65 characters, 0.8 M parameters) with its initial weights
//! (SplitMix64 seed 42, as `scripts/reference/gpt.py`'s `weights`), so both sides start from
//! the same loss. The batches are the same on both sides: window b of batch k starts at
//! character (k·12 + b) · 9 973 mod (n − 65) of the training 90 %.
//!
//! - `gpt_train_step`: one training step, 768 tokens;
//! - `gpt_forward`: the forward pass and loss alone (the lab's loss estimates), no gradient.
//!
//! Threads: `RAYON_NUM_THREADS` and `CANDLE_NUM_THREADS` (set by llm.sh). Timing: flat sampling,
//! 10 samples, 3 s (`QUICK=1`: 0.3 s; `BENCH_BUDGET_S`: that many); `llm.py` reads criterion's median.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use candle_core::{Device, Result, Tensor};
use candle_nn::ParamsAdamW;
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use serde_json::json;

use llmpath_data::DataDir;
use llmpath_labs_llm::gpt::{self, Config, Gpt};
use llmpath_labs_llm::optim::{AdamWGroups, clip_grad_norm};
use llmpath_labs_llm::vocab::Vocab;
// The labs' allocator (mimalloc, set in labs/kit), so the bench times what the labs run.
use llmpath_labs_kit as _;

const BATCH: usize = 12;
const BLOCK: usize = 64;
const BATCHES: usize = 16;
const STRIDE: usize = 9973;

/// The bench's batches of (x, y), y = x shifted by one: (BATCH, BLOCK) each.
fn batches(dev: &Device) -> Result<(usize, Vec<(Tensor, Tensor)>)> {
    let dir = DataDir::new(std::env::var_os("LLMPATH_DATA").map(PathBuf::from).unwrap_or_default());
    let path = dir
        .require("tiny_shakespeare", "tiny_shakespeare/input.txt")
        .map_err(candle_core::Error::wrap)?;
    let text = std::fs::read_to_string(path).map_err(candle_core::Error::wrap)?;
    let vocab = Vocab::from_text(&text);
    let tokens = vocab.encode(&text).map_err(candle_core::Error::wrap)?;
    let train = &tokens[..tokens.len() * 9 / 10];
    let batch = |k: usize| -> Result<(Tensor, Tensor)> {
        let starts = (0..BATCH).map(|b| (k * BATCH + b) * STRIDE % (train.len() - BLOCK - 1));
        let (mut x, mut y) = (Vec::new(), Vec::new());
        for s in starts {
            x.extend_from_slice(&train[s..s + BLOCK]);
            y.extend_from_slice(&train[s + 1..s + 1 + BLOCK]);
        }
        Ok((Tensor::from_vec(x, (BATCH, BLOCK), dev)?, Tensor::from_vec(y, (BATCH, BLOCK), dev)?))
    };
    Ok((vocab.len(), (0..BATCHES).map(batch).collect::<Result<_>>()?))
}

fn side_by_side(c: &mut Criterion) {
    let Some(dir) = std::env::var_os("LLMPATH_BENCH_DIR").map(PathBuf::from) else {
        eprintln!("llm: LLMPATH_BENCH_DIR is not set; run scripts/bench/llm.sh");
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
    let (vocab_size, data) = batches(&dev).expect("tiny-shakespeare (LLMPATH_DATA)");
    let config = Config { vocab_size, block_size: BLOCK, n_layer: 4, n_head: 4, n_embd: 128 };
    let model = Gpt::new(config, 42, &dev).expect("the GPT");
    let vars: Vec<_> =
        model.named_vars().expect("its parameters").into_iter().map(|(_, v)| v).collect();
    let params = ParamsAdamW { lr: 1e-3, beta1: 0.9, beta2: 0.99, eps: 1e-8, weight_decay: 0.1 };
    let mut opt = AdamWGroups::new(&vars, params).expect("AdamW");
    let loss_of = |(x, y): &(Tensor, Tensor)| gpt::loss(&model.forward(x)?, y);
    let loss0 = loss_of(&data[0]).and_then(|l| l.to_scalar::<f32>()).expect("the first loss");

    let mut group = c.benchmark_group("llm");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs_f64((budget / 3.0).min(1.0)))
        .measurement_time(Duration::from_secs_f64(budget));
    let mut k = 0;
    group.bench_function("gpt_forward", |b| {
        b.iter(|| {
            k = (k + 1) % BATCHES;
            black_box(loss_of(&data[k]).expect("a forward pass"))
        })
    });
    let mut step = |k: usize| -> Result<()> {
        let mut grads = loss_of(&data[k])?.backward()?;
        clip_grad_norm(&mut grads, &vars, 1.0)?;
        opt.step(&grads, 1e-3)
    };
    group.bench_function("gpt_train_step", |b| {
        b.iter(|| {
            k = (k + 1) % BATCHES;
            step(k).expect("a training step")
        })
    });
    group.finish();

    let env = |k: &str| std::env::var(k).ok();
    let ours = json!({
        "environment": {
            "RAYON_NUM_THREADS": env("RAYON_NUM_THREADS"),
            "CANDLE_NUM_THREADS": env("CANDLE_NUM_THREADS"),
            "candle": "0.11.1, gemm 0.19 with x86-v4 (AVX-512 kernels, runtime-dispatched)",
        },
        "loss0": loss0,
        "tokens_per_step": BATCH * BLOCK,
    });
    let out = dir.join("ours_gpt.json");
    std::fs::write(&out, format!("{ours:#}\n"))
        .unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}

criterion_group!(benches, side_by_side);
criterion_main!(benches);
