//! A small GPT: a decoder-only Transformer trained character by character on tiny-shakespeare,
//! nanoGPT's CPU recipe in candle, then sampled, saved and reloaded.
//!
//! ```text
//! x₀       = wte[idx] + wpe[0..T]                       token + position embeddings (B, T, C)
//! x        ← x + MHA(LN₁(x)),  x ← x + MLP(LN₂(x))       pre-LN blocks, L of them
//! headᵢ    = softmax(QᵢKᵢᵀ/√d_k + M) Vᵢ                  scaled dot-product attention, d_k = C/H
//! M[t, s]  = −∞ for s > t (else 0)                      causal mask: no look at the future
//! MLP(h)   = GELU(h W_fc) W_proj                        C → 4C → C, exact (erf) GELU
//! logits   = LN_f(x) wteᵀ                               weights tied with the token embedding
//! L        = −(1/BT) Σ_{b,t} log softmax(logits_{b,t})[idx_{b,t+1}]      next-character loss
//! AdamW    θ ← θ(1 − ηλ) − η m̂/(√v̂ + ε), λ on matrices only, after clipping ‖g‖₂ to 1
//! ηₜ       = linear warm-up over W steps, then cosine decay from η₀ to η_min
//! ```
//!
//! The recipe is nanoGPT's for a CPU (README, "I only have a macbook", with
//! `config/train_shakespeare_char.py` and `train.py`): 65 characters, the first 90 % of the text
//! to train, the last 10 % to validate; `block_size` 64, batch 12, 4 layers, 4 heads,
//! `n_embd` 128, dropout 0, no biases; AdamW η₀ = 10⁻³, β = (0.9, 0.99), λ = 0.1, 100 warm-up
//! steps, cosine decay to η_min = 10⁻⁴ at the last step, gradient clip 1.0. nanoGPT trains 2000
//! steps and reports a validation loss of 1.88 (about 3 minutes). Here, with losses averaged
//! over fixed windows (50 batches of each split, drawn once; nanoGPT's `estimate_loss` draws 20
//! new ones each time), 2000 steps reached 1.9295 (PyTorch, same recipe and initial weights:
//! 1.9041), so the lab trains 3000 steps (`max_iters` = `lr_decay_iters` = 3000) to clear the
//! issue's 1.90 with a margin. Initial weights have nanoGPT's standard deviations but are
//! uniform, from SplitMix64 (`llmpath_labs_llm::gpt`), so `scripts/reference/gpt.py` builds the
//! same network: on its tiny GPT the logits, loss, every gradient and two optimiser steps equal
//! PyTorch's to 1e-5 (`tests/pytorch.rs`; the run checks the logits and loss), and it trains
//! both recipes from the lab's initial weights (its own windows): the final validation loss
//! must be within 3 % of PyTorch's. The run also checks on a real window that changing
//! character t + 1 leaves the logits at positions ≤ t bit-identical, saves `model.safetensors`,
//! reloads it into a network with other weights (identical logits required) and writes 500
//! characters sampled from it (temperature 0.8, top-k 20) to `sample.txt`.
//!
//! Expected result (release, seed 42): validation loss 1.8101 after 3000 steps (train 1.6427;
//! PyTorch 1.8038), from 4.2112 at the start; it crosses 1.90 between steps 2000 (1.9053) and 2250
//! (1.8721). With every product and the attention as ops on candle's thread pool (2026-11-30):
//! 2.5 min on the shared 2-core machine with two threads (152 s of training, 5 min of CPU with
//! the pool's spinning), the same losses to the last digit; one thread took 3.7 min of CPU before
//! the change. Before
//! the fused layer norm, GELU and softmax (`llmpath_labs_llm::fused`) the same numbers took
//! 9.2–9.4 min of CPU (10.7–29.8 min wall on a busier machine). nanoGPT's PyTorch takes about 3
//! minutes.
//! `--quick` (2 layers, C = 64, T = 32, batches of 16, 1000 steps, warm-up 50) requires a
//! validation loss ≤ 2.45 from ln 65 ≈ 4.17 at the start: it reaches 2.306 (seed 7: 2.254; PyTorch
//! 2.291), about 30 s of CPU, 1–3 min on the shared machine. All of a step's work runs on
//! candle's barrier pool, `CANDLE_NUM_THREADS` threads (by default `RAYON_NUM_THREADS`, else
//! the core count). On a busy machine run it with `RAYON_NUM_THREADS=1`: the pool's worker spins
//! while it waits, and with two threads a training step ran 3–6× slower than with one while
//! other jobs held the cores (the tests set it).
//!
//! References:
//! - Vaswani et al., "Attention is all you need", NeurIPS (2017).
//! - Radford et al., "Language models are unsupervised multitask learners" (GPT-2, 2019).
//! - Karpathy, nanoGPT (`model.py`, `train.py`, `config/train_shakespeare_char.py`), and
//!   "Let's build GPT: from scratch, in code, spelled out" (2023); tiny-shakespeare from
//!   Karpathy's char-rnn (2015).
//! - Loshchilov & Hutter, "Decoupled weight decay regularization", ICLR (2019) (AdamW).

use std::error::Error;
use std::process::ExitCode;
use std::time::Instant;

use candle_core::{D, Device, Result, Tensor};
use candle_nn::ParamsAdamW;
use indicatif::{ProgressBar, ProgressStyle};
use llmpath_data::DataDir;
use llmpath_lab::{LabArgs, Run};
use llmpath_labs_kit::Checks;
use llmpath_labs_kit::plot::{Chart, Plots};
use llmpath_labs_llm::gpt::{self, Config, Gpt};
use llmpath_labs_llm::optim::{AdamWGroups, Schedule, clip_grad_norm};
use llmpath_labs_llm::{batch, vocab::Vocab};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde::Deserialize;

/// How close the final validation loss must be to PyTorch's with the same recipe (relative):
/// their windows differ, so only up to seed noise.
const SAME_RECIPE: f64 = 0.03;
const GOLDEN: &str = include_str!("../../../../scripts/reference/golden/gpt.json");
const PYTORCH: &str = "PyTorch 2.15 (scripts/reference/gpt.py)";

/// How the GPT is trained.
struct Recipe {
    n_layer: usize,
    n_head: usize,
    n_embd: usize,
    block_size: usize,
    batch_size: usize,
    max_iters: usize,
    warmup_iters: usize,
    eval_interval: usize,
    /// Batches of each split in every loss estimate.
    eval_iters: usize,
    /// The validation loss the run must reach.
    target: f64,
}

#[rustfmt::skip] // a table: one recipe a line
const FULL: Recipe = Recipe { n_layer: 4, n_head: 4, n_embd: 128, block_size: 64, batch_size: 12, max_iters: 3000, warmup_iters: 100, eval_interval: 250, eval_iters: 50, target: 1.90 };
#[rustfmt::skip]
const QUICK: Recipe = Recipe { n_layer: 2, n_head: 4, n_embd: 64, block_size: 32, batch_size: 16, max_iters: 1000, warmup_iters: 50, eval_interval: 200, eval_iters: 20, target: 2.45 };

/// (step, train loss, validation loss) at every estimate.
type History = Vec<(usize, f64, f64)>;

/// Mean loss over fixed batches (no gradient kept).
fn estimate_loss(gpt: &Gpt, batches: &[(Tensor, Tensor)]) -> Result<f64> {
    let mut sum = 0.0;
    for (x, y) in batches {
        sum += gpt::loss(&gpt.forward(x)?, y)?.to_scalar::<f32>()? as f64;
    }
    Ok(sum / batches.len() as f64)
}

/// AdamW with warm-up and cosine decay, clipping, a progress bar (loss, tokens/s), an estimate
/// of both losses every `eval_interval` steps and at the end.
fn train(
    r: &Recipe,
    gpt: &Gpt,
    train_tokens: &[u32],
    eval: [&[(Tensor, Tensor)]; 2],
    seed: u64,
    dev: &Device,
) -> std::result::Result<History, Box<dyn Error>> {
    let vars: Vec<_> = gpt.named_vars()?.into_iter().map(|(_, v)| v).collect();
    let params = ParamsAdamW { lr: 1e-3, beta1: 0.9, beta2: 0.99, eps: 1e-8, weight_decay: 0.1 };
    let mut opt = AdamWGroups::new(&vars, params)?;
    let schedule = Schedule {
        learning_rate: 1e-3,
        min_lr: 1e-4,
        warmup_iters: r.warmup_iters,
        lr_decay_iters: r.max_iters,
    };
    let mut rng = StdRng::seed_from_u64(seed);
    let bar = ProgressBar::new(r.max_iters as u64)
        .with_style(ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")?);
    let (started, mut history) = (Instant::now(), History::new());
    for it in 0..=r.max_iters {
        if it % r.eval_interval == 0 || it == r.max_iters {
            let (train_loss, val_loss) =
                (estimate_loss(gpt, eval[0])?, estimate_loss(gpt, eval[1])?);
            // Through the bar, which hides itself (and its println) when stderr is no terminal.
            bar.suspend(|| println!("   {it:>5}: {train_loss:.4} / {val_loss:.4}"));
            history.push((it, train_loss, val_loss));
        }
        if it == r.max_iters {
            break;
        }
        let (x, y) = batch::sample(train_tokens, r.block_size, r.batch_size, &mut rng, dev)?;
        let loss = gpt::loss(&gpt.forward(&x)?, &y)?;
        let mut grads = loss.backward()?;
        clip_grad_norm(&mut grads, &vars, 1.0)?;
        opt.step(&grads, schedule.at(it))?;
        bar.inc(1);
        let tokens = ((it + 1) * r.batch_size * r.block_size) as f64;
        bar.set_message(format!(
            "loss {:.4}  lr {:.2e}  {:.0} tokens/s",
            loss.to_scalar::<f32>()?,
            schedule.at(it),
            tokens / started.elapsed().as_secs_f64()
        ));
    }
    bar.finish_and_clear();
    Ok(history)
}

#[derive(Deserialize)]
struct Golden {
    config: std::collections::BTreeMap<String, usize>,
    idx: Vec<Vec<u32>>,
    targets: Vec<Vec<u32>>,
    logits: Vec<Vec<Vec<f64>>>,
    loss: f64,
    /// PyTorch's runs of the lab's recipes ("quick", "full").
    training: std::collections::BTreeMap<String, Trained>,
}

#[derive(Deserialize)]
struct Trained {
    /// (step, train loss, validation loss) at every estimate.
    history: History,
}

/// gpt.py's tiny GPT on its batch: (max |Δlogit| against PyTorch, our loss).
fn against_pytorch(g: &Golden, dev: &Device) -> std::result::Result<(f64, f64), Box<dyn Error>> {
    let size = |k: &str| g.config.get(k).copied().ok_or(format!("gpt.json has no config.{k}"));
    let config = Config {
        vocab_size: size("vocab_size")?,
        block_size: size("block_size")?,
        n_layer: size("n_layer")?,
        n_head: size("n_head")?,
        n_embd: size("n_embd")?,
    };
    let gpt = Gpt::new(config, 1, dev)?;
    let logits = gpt.forward(&Tensor::new(g.idx.clone(), dev)?)?;
    let loss = gpt::loss(&logits, &Tensor::new(g.targets.clone(), dev)?)?.to_scalar::<f32>()?;
    let ours = logits.to_vec3::<f32>()?;
    let gap = (ours.iter().flatten().flatten().zip(g.logits.iter().flatten().flatten()))
        .map(|(a, b)| (*a as f64 - b).abs())
        .fold(0.0, f64::max);
    Ok((gap, loss as f64))
}

/// Changes token t + 1 of a window: (max |Δ| of the logits at positions ≤ t, max |Δ| at t + 1).
fn causal_leak(gpt: &Gpt, window: &[u32], t: usize, dev: &Device) -> Result<(f32, f32)> {
    let logits = |ids: &[u32]| gpt.forward(&Tensor::new(ids, dev)?.unsqueeze(0)?);
    let mut changed = window.to_vec();
    changed[t + 1] = (changed[t + 1] + 1) % gpt.config.vocab_size as u32;
    let diff = (logits(window)? - logits(&changed)?)?.abs()?.squeeze(0)?.max(D::Minus1)?; // (T,)
    let diff = diff.to_vec1::<f32>()?;
    Ok((diff[..=t].iter().copied().fold(0.0, f32::max), diff[t + 1]))
}

fn main() -> ExitCode {
    llmpath_labs_kit::main("gpt", lab)
}

fn lab(args: LabArgs) -> std::result::Result<(), Box<dyn Error>> {
    let (lang, dev) = (args.lang, Device::Cpu);
    let pick = |k: usize| lang.pick(ZH[k], EN[k]);
    let r = if args.quick { &QUICK } else { &FULL };
    let mut run = Run::start("gpt", "tiny_shakespeare", &args)?;
    let (plots, mut checks) = (Plots::new(&args)?, Checks::default());
    let data = DataDir::resolve(args.data_dir.clone()).map_err(|e| e.to_string())?;
    let path = data
        .require("tiny_shakespeare", "tiny_shakespeare/input.txt")
        .map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let vocab = Vocab::from_text(&text);
    let tokens = vocab.encode(&text)?;
    let (train_tokens, val_tokens) = batch::split(&tokens, 0.9);
    println!(
        "{} {} / {} / {} / {}",
        pick(0),
        tokens.len(),
        vocab.len(),
        train_tokens.len(),
        val_tokens.len()
    );

    println!("{}", pick(1));
    let g: Golden = serde_json::from_str(GOLDEN)?;
    let (gap, loss) = against_pytorch(&g, &dev)?;
    println!("   max |Δlogit| = {gap:.2e}, loss {loss:.8} (PyTorch {:.8})", g.loss);
    checks.compare("tiny_gpt_loss_fixed_weights", loss, g.loss, 1e-5, PYTORCH);
    checks.require(gap <= 1e-5, format!("tiny GPT logits differ from PyTorch's by {gap:e}"));
    run.metric("tiny_gpt_logits_max_abs_diff", gap);

    let config = Config {
        vocab_size: vocab.len(),
        block_size: r.block_size,
        n_layer: r.n_layer,
        n_head: r.n_head,
        n_embd: r.n_embd,
    };
    let model = Gpt::new(config, args.seed, &dev)?;
    let n_params: usize = model.named_vars()?.iter().map(|(_, v)| v.elem_count()).sum();
    let mut eval_rng = StdRng::seed_from_u64(args.seed + 1);
    let mut fixed = |tokens: &[u32]| {
        (0..r.eval_iters)
            .map(|_| batch::sample(tokens, r.block_size, r.batch_size, &mut eval_rng, &dev))
            .collect::<Result<Vec<_>>>()
    };
    let (train_eval, val_eval) = (fixed(train_tokens)?, fixed(val_tokens)?);

    let window = &val_tokens[..r.block_size];
    let (leak, seen) = causal_leak(&model, window, r.block_size / 2, &dev)?;
    println!("{} {leak:e} ({} {seen:.2e})", pick(2), pick(3));
    checks.require(leak == 0.0 && seen > 0.0, format!("causal mask leaks: {leak:e}, {seen:e}"));
    run.metric("causal_leak_max_abs_diff", leak as f64);

    let sizes = [n_params, r.n_layer, r.n_head, r.n_embd, r.block_size, r.max_iters, r.batch_size];
    let keys = ["{n}", "{L}", "{H}", "{C}", "{T}", "{iters}", "{B}"];
    let header =
        keys.iter().zip(sizes).fold(pick(4).to_owned(), |h, (k, v)| h.replace(k, &v.to_string()));
    println!("{header}");
    let started = Instant::now();
    let history = train(r, &model, train_tokens, [&train_eval, &val_eval], args.seed, &dev)?;
    let seconds = started.elapsed().as_secs_f64();
    let (&(_, first_train, first_val), &(_, train_loss, val_loss)) =
        (history.first().ok_or("no estimate")?, history.last().ok_or("no estimate")?);
    println!(
        "   {} {seconds:.1} s, {:.0} tokens/s",
        pick(5),
        (r.max_iters * r.batch_size * r.block_size) as f64 / seconds
    );
    run.metric("initial_val_loss", first_val);
    run.metric("initial_train_loss", first_train);
    run.metric("train_loss", train_loss);
    run.metric("train_seconds", seconds);
    run.metric("parameters", n_params as f64);
    let target_label = pick(if args.quick { 14 } else { 6 });
    run.compare("val_loss_target", val_loss, r.target, target_label);
    checks.require(val_loss <= r.target, format!("validation loss {val_loss:.4} > {}", r.target));
    let setting = if args.quick { "quick" } else { "full" };
    let torch = g.training.get(setting).ok_or(format!("gpt.json has no PyTorch {setting} run"))?;
    let &(_, _, torch_val) = torch.history.last().ok_or("PyTorch's run has no estimate")?;
    checks.compare("val_loss", val_loss, torch_val, SAME_RECIPE, pick(15));

    let curve = |h: &History, k: usize| {
        h.iter().map(move |e| (e.0 as f64, if k == 0 { e.1 } else { e.2 })).collect::<Vec<_>>()
    };
    let chart = Chart::new(pick(7), pick(8), pick(9))
        .line(pick(10), curve(&history, 0))
        .line(pick(11), curve(&history, 1))
        .dashed(pick(16), curve(&torch.history, 2))
        .dashed(target_label, [(0.0, r.target), (r.max_iters as f64, r.target)]);
    plots.record(&mut run, "loss_curves", &chart)?;

    // The checkpoint: save, load into a network with other weights, same logits.
    let path = run.artifact_path("model.safetensors");
    model.varmap.save(&path)?;
    run.artifact("model.safetensors");
    let mut reloaded = Gpt::new(config, args.seed + 1, &dev)?;
    reloaded.varmap.load(&path)?;
    let (x, _) = &val_eval[0];
    let diff = (model.forward(x)? - reloaded.forward(x)?)?.abs()?.max_all()?.to_scalar::<f32>()?;
    println!("{} {diff:e}", pick(12));
    checks.require(diff == 0.0, format!("reloaded checkpoint differs by {diff:e}"));
    run.metric("checkpoint_reload_max_abs_diff", diff as f64);

    let prompt = vocab.encode("\n")?;
    let sample = reloaded.generate(&prompt, 500, 0.8, 20, &mut StdRng::seed_from_u64(args.seed))?;
    let sample = vocab.decode(&sample);
    println!("{}\n{sample}\n", pick(13));
    std::fs::write(run.artifact_path("sample.txt"), &sample)?;
    run.artifact("sample.txt");
    checks.finish(run)?;
    Ok(())
}

/// The printed report and plot labels.
const EN: [&str; 17] = [
    "1. tiny-shakespeare: characters / vocabulary / train (first 90 %) / validation (last 10 %):",
    "2. A tiny GPT (2 layers, 2 heads, C = 16) with fixed weights on a fixed batch, against PyTorch:",
    "3. Causal mask on a validation window: change character t + 1, logits at positions ≤ t move by",
    "at t + 1:",
    "4. GPT, {n} parameters ({L} layers, {H} heads, C = {C}, T = {T}), {iters} AdamW steps of {B} windows\n   (progress on stderr; every estimate: step: train loss / validation loss):",
    "trained in",
    "target (issue #8: ≤ 1.90; nanoGPT reports 1.88)",
    "Cross-entropy (nats per character)",
    "step",
    "loss",
    "train (fixed batches)",
    "validation (fixed batches)",
    "5. Checkpoint model.safetensors saved and reloaded: max |Δlogit| =",
    "6. 500 characters sampled from the reloaded model (temperature 0.8, top-k 20), also in sample.txt:",
    "quick target (2 layers, C = 64, 1000 steps)",
    "PyTorch, same recipe and initial weights (gpt.py; ±3 %)",
    "PyTorch validation (same recipe)",
];
const ZH: [&str; 17] = [
    "1. tiny-shakespeare：字符数 / 词表大小 / 训练集（前 90 %）/ 验证集（后 10 %）：",
    "2. 固定权重的小型 GPT（2 层、2 头、C = 16）在固定批次上，与 PyTorch 对照：",
    "3. 验证集窗口上的因果掩码：改动第 t + 1 个字符，位置 ≤ t 的 logits 变化",
    "位置 t + 1：",
    "4. GPT，{n} 个参数（{L} 层、{H} 头、C = {C}、T = {T}），{iters} 步 AdamW，每步 {B} 个窗口\n   （进度条在 stderr；每次估计：步数：训练损失 / 验证损失）：",
    "训练用时",
    "目标（议题 #8：≤ 1.90；nanoGPT 报告 1.88）",
    "交叉熵（每字符 nats）",
    "步数",
    "损失",
    "训练集（固定批次）",
    "验证集（固定批次）",
    "5. 检查点 model.safetensors 保存后重新载入：最大 |Δlogit| =",
    "6. 从重新载入的模型采样 500 个字符（温度 0.8，top-k 20），另存于 sample.txt：",
    "快速模式目标（2 层、C = 64、1000 步）",
    "PyTorch，相同配方与初始权重（gpt.py；±3 %）",
    "PyTorch 验证集（相同配方）",
];
