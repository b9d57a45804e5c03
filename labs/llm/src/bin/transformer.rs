//! The Transformer from scratch: the encoder–decoder of "Attention is all you need" in candle,
//! trained with teacher forcing to reverse sequences, decoded greedily, its attention drawn.
//!
//! ```text
//! Attention(Q, K, V) = softmax(QKᵀ/√d_k + M) V     M = −∞ at padding keys (and the future, in the decoder)
//! MHA(x, m)          = concat(head₁…head_H) W_o,  headᵢ = Attention(xW_qⁱ, mW_kⁱ, mW_vⁱ)
//! encoder layer      x ← LN(x + MHA(x, x)),  x ← LN(x + FFN(x))                  post-LN, as the paper
//! decoder layer      y ← LN(y + MHA_causal(y, y)),  y ← LN(y + MHA(y, enc)),  y ← LN(y + FFN(y))
//! FFN(x)             = max(0, xW₁ + b₁)W₂ + b₂
//! input              √d_model E[ids] + P,  P sinusoidal (P[t,2i] = sin t/10000^{2i/d}, cos for 2i+1) or learned
//! loss               (1 − ε)(−log p_y) + ε mean_v(−log p_v), ε = 0.1 (label smoothing), PAD ignored
//! Adam               β = (0.9, 0.98), ε = 10⁻⁹,  lrate = factor · d_model^{-1/2} min(step^{-1/2}, step · warmup^{-3/2})
//! ```
//!
//! The task: reverse a sequence of symbols, `3a7k` → `k7a3`, lengths drawn uniformly, sequences
//! from a seeded generator; 1000 (quick: 500) distinct sequences are held out and never trained
//! on. Source = sequence + EOS, decoder input = BOS + reversed (teacher forcing), target =
//! reversed + EOS, all padded to max_len + 1. Greedy decoding then predicts each output token
//! from the ones already predicted; a sequence counts only if it is reversed exactly. Reversal
//! needs positions: output i must find source position n − 1 − i, so a trained model's
//! cross-attention should be an anti-diagonal; the lab measures the share of its weight there.
//! The model is trained twice, with the paper's sinusoidal positions and with learned ones
//! (its Table 3, row E: "nearly identical results"), on the same batches.
//!
//! Post-LN, as the paper (the reason for its warm-up: `llmpath_labs_llm::transformer`). The
//! recipe: 2 + 2 layers, 4 heads, d_model 64, d_ff 256, batches of 64 sequences, ε_ls = 0.1,
//! warm-up 400 (quick: 200) steps, and two departures from the paper: the rate is halved
//! (factor 0.5: the formula gives d_model = 64 a rate 2.8× that of d_model = 512, and the run
//! at factor 1 fluctuated between 93 and 99 %), and gradients are clipped to norm 1 (a loss
//! spike at step 1000 of an unclipped run dropped exact match from 92 to 41 %). No dropout:
//! every batch is new. Full: digits and letters (36 symbols), lengths 3–12, 3000 steps; the
//! issue's ≥ 99 % exact match. Quick: digits, lengths 3–8, 600 steps, ≥ 95 %.
//!
//! PyTorch checks (`scripts/reference/attention.py`, `tests/transformer_pytorch.rs`): attention,
//! torch.nn.MultiheadAttention and a tiny version of this model (logits, loss, every gradient)
//! agree to 1e-5; the run checks the tiny model's logits and loss again, that changing decoder
//! token t + 1 leaves the outputs at positions ≤ t bit-identical, and that the checkpoint
//! (model.safetensors) reloads into a network with other weights with identical outputs.
//!
//! Expected result (release, seed 42, one thread): full, 99.4 % of the 1000 held-out sequences
//! reversed exactly (learned positions 98.4 %: close, as the paper found, but below the bar);
//! during training the 200-sequence estimate wanders (85.5, 93.5, 89.5, 95.5, 99.5, 99.0 % every
//! 500 steps). Every head of decoder layer 2's cross-attention is anti-diagonal (0.96–0.97 of
//! the weight, uniform 0.077); layer 1's is not (≤ 0.23). 5.2 min of CPU, 11.1 min on the shared
//! 2-core machine at load 7–8. Quick: 97.8 % of the 500 held-out digit sequences (learned 96.4 %),
//! anti-diagonal 0.95 (uniform 0.11); 45 s of CPU, 190 s at load 7.
//!
//! References:
//! - Vaswani et al., "Attention is all you need", NeurIPS (2017).
//! - Rush, "The annotated Transformer" (2018); Sutskever, Vinyals & Le, "Sequence to sequence
//!   learning with neural networks", NeurIPS (2014) (reversal as a test of memory and alignment).
//! - Xiong et al., "On layer normalization in the Transformer architecture", ICML (2020).

use std::collections::HashSet;
use std::error::Error;
use std::process::ExitCode;
use std::time::Instant;

use candle_core::{D, Device, Result, Tensor};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};
use indicatif::{ProgressBar, ProgressStyle};
use llmpath_lab::{LabArgs, Run};
use llmpath_labs_kit::Checks;
use llmpath_labs_kit::plot::{Chart, ImageGrid, LegendAt, Plots};
use llmpath_labs_llm::optim::clip_grad_norm;
use llmpath_labs_llm::transformer::{self, BOS, Config, EOS, PAD, Positions, Transformer};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Deserialize;

const GOLDEN: &str = include_str!("../../../../scripts/reference/golden/attention.json");
const PYTORCH: &str = "PyTorch 2.15 (scripts/reference/attention.py)";
/// Symbol k is token 3 + k; written as these characters.
const SYMBOLS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// The task and how the model is trained on it.
struct Recipe {
    /// Distinct symbols (10: digits; 36: digits and letters).
    symbols: usize,
    min_len: usize,
    max_len: usize,
    n_layer: usize,
    n_head: usize,
    d_model: usize,
    d_ff: usize,
    batch_size: usize,
    steps: usize,
    warmup: usize,
    /// lrate = factor · the paper's rate (the Annotated Transformer's `factor`): d_model = 64
    /// makes the paper's formula 2.8× larger than for its d_model = 512.
    factor: f64,
    eval_interval: usize,
    held_out: usize,
    /// The exact-match accuracy on the held-out sequences the run must reach.
    target: f64,
}

#[rustfmt::skip] // a table: one recipe a line
const FULL: Recipe = Recipe { symbols: 36, min_len: 3, max_len: 12, n_layer: 2, n_head: 4, d_model: 64, d_ff: 256, batch_size: 64, steps: 3000, warmup: 400, factor: 0.5, eval_interval: 500, held_out: 1000, target: 0.99 };
#[rustfmt::skip]
const QUICK: Recipe = Recipe { symbols: 10, min_len: 3, max_len: 8, n_layer: 2, n_head: 4, d_model: 64, d_ff: 256, batch_size: 64, steps: 600, warmup: 200, factor: 0.5, eval_interval: 200, held_out: 500, target: 0.95 };

/// A sequence of `min_len..=max_len` random symbols (tokens 3…).
fn draw(r: &Recipe, rng: &mut StdRng) -> Vec<u32> {
    let n = rng.random_range(r.min_len..=r.max_len);
    (0..n).map(|_| 3 + rng.random_range(0..r.symbols as u32)).collect()
}

/// (source, decoder input, target), each (B, max_len + 1): `x EOS`, `BOS rev(x)`, `rev(x) EOS`.
fn batch(seqs: &[Vec<u32>], t: usize, dev: &Device) -> Result<[Tensor; 3]> {
    let pad = |mut ids: Vec<u32>| {
        ids.resize(t, PAD);
        ids
    };
    let rows = |f: &dyn Fn(&Vec<u32>) -> Vec<u32>| {
        Tensor::new(seqs.iter().map(|s| pad(f(s))).collect::<Vec<_>>(), dev)
    };
    let rev = |s: &Vec<u32>| s.iter().rev().copied().collect::<Vec<_>>();
    Ok([
        rows(&|s| [&s[..], &[EOS]].concat())?,
        rows(&|s| [&[BOS][..], &rev(s)].concat())?,
        rows(&|s| [rev(s), vec![EOS]].concat())?,
    ])
}

fn text(seq: &[u32]) -> String {
    seq.iter()
        .map(|&id| SYMBOLS.get(id.wrapping_sub(3) as usize).map_or('?', |&c| c as char))
        .collect()
}

/// Greedy decoding of every sequence (in batches of 250): (exact-match share, the outputs).
fn exact_match(
    model: &Transformer,
    seqs: &[Vec<u32>],
    t: usize,
    dev: &Device,
) -> Result<(f64, Vec<Vec<u32>>)> {
    let mut outputs = Vec::new();
    for chunk in seqs.chunks(250) {
        let [src, _, _] = batch(chunk, t, dev)?;
        outputs.extend(model.greedy(&src, t)?);
    }
    let right = seqs.iter().zip(&outputs).filter(|(s, o)| s.iter().rev().eq(o.iter())).count();
    Ok((right as f64 / seqs.len().max(1) as f64, outputs))
}

/// (step, training loss, held-out exact match) at every evaluation.
type History = Vec<(usize, f64, f64)>;

/// Adam with the paper's schedule on fresh batches (never a held-out sequence), a progress bar,
/// and greedy exact match on the first 200 held-out sequences every `eval_interval` steps.
fn train(
    model: &Transformer,
    r: &Recipe,
    held_out: &[Vec<u32>],
    seed: u64,
    dev: &Device,
) -> std::result::Result<History, Box<dyn Error>> {
    let vars: Vec<_> = model.named_vars()?.into_iter().map(|(_, v)| v).collect();
    let params = ParamsAdamW { lr: 0.0, beta1: 0.9, beta2: 0.98, eps: 1e-9, weight_decay: 0.0 };
    let mut opt = AdamW::new(vars.clone(), params)?;
    let (excluded, t) = (held_out.iter().collect::<HashSet<_>>(), r.max_len + 1);
    let mut rng = StdRng::seed_from_u64(seed);
    let bar = ProgressBar::new(r.steps as u64)
        .with_style(ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")?);
    let mut history = History::new();
    for step in 1..=r.steps {
        let mut seqs = Vec::with_capacity(r.batch_size);
        while seqs.len() < r.batch_size {
            let seq = draw(r, &mut rng);
            if !excluded.contains(&seq) {
                seqs.push(seq);
            }
        }
        let [src, tgt_in, tgt_out] = batch(&seqs, t, dev)?;
        let loss = transformer::loss(&model.forward(&src, &tgt_in)?.0, &tgt_out, 0.1)?;
        let learning_rate = r.factor * transformer::rate(step, r.d_model, r.warmup);
        opt.set_learning_rate(learning_rate);
        // Clipping (not in the paper) guards post-LN against the rare loss spike that undid
        // a thousand steps of training in an unclipped run.
        let mut grads = loss.backward()?;
        clip_grad_norm(&mut grads, &vars, 1.0)?;
        opt.step(&grads)?;
        let loss = loss.to_scalar::<f32>()? as f64;
        bar.inc(1);
        bar.set_message(format!("loss {loss:.4}  lr {learning_rate:.2e}"));
        if step % r.eval_interval == 0 || step == r.steps {
            let (exact, _) = exact_match(model, &held_out[..200.min(held_out.len())], t, dev)?;
            bar.suspend(|| println!("   {step:>5}: {loss:.4} / {:.1} %", 100.0 * exact));
            history.push((step, loss, exact));
        }
    }
    bar.finish_and_clear();
    Ok(history)
}

/// The share of cross-attention weight on the anti-diagonal (output i on source n − 1 − i, for
/// i < n), per layer and head, averaged over the sequences; `cross`: per layer (B, H, T, S).
fn anti_diagonal(cross: &[Tensor], seqs: &[Vec<u32>]) -> Result<Vec<Vec<f64>>> {
    let mut out = Vec::new();
    for layer in cross {
        let w: Vec<Vec<Vec<Vec<f32>>>> =
            (0..layer.dim(0)?).map(|b| layer.get(b)?.to_vec3::<f32>()).collect::<Result<_>>()?;
        let heads = layer.dim(1)?;
        let share = (0..heads).map(|h| {
            let per_seq = seqs.iter().enumerate().map(|(b, s)| {
                let n = s.len();
                (0..n).map(|i| w[b][h][i][n - 1 - i] as f64).sum::<f64>() / n as f64
            });
            per_seq.sum::<f64>() / seqs.len() as f64
        });
        out.push(share.collect());
    }
    Ok(out)
}

#[derive(Deserialize)]
struct Golden {
    config: std::collections::BTreeMap<String, usize>,
    label_smoothing: f64,
    src: Vec<Vec<u32>>,
    tgt_in: Vec<Vec<u32>>,
    tgt_out: Vec<Vec<u32>>,
    sinusoidal: Fixed,
}

#[derive(Deserialize)]
struct Fixed {
    logits: Vec<Vec<Vec<f64>>>,
    loss: f64,
}

/// attention.py's tiny Transformer on its batch: (max |Δlogit| against PyTorch, our loss).
fn against_pytorch(g: &Golden, dev: &Device) -> std::result::Result<(f64, f64), Box<dyn Error>> {
    let size =
        |k: &str| g.config.get(k).copied().ok_or(format!("attention.json has no config.{k}"));
    let config = Config {
        vocab_size: size("vocab_size")?,
        max_len: size("max_len")?,
        n_layer: size("n_layer")?,
        n_head: size("n_head")?,
        d_model: size("d_model")?,
        d_ff: size("d_ff")?,
        positions: Positions::Sinusoidal,
    };
    let model = Transformer::new(config, 1, dev)?;
    let (logits, _) =
        model.forward(&Tensor::new(g.src.clone(), dev)?, &Tensor::new(g.tgt_in.clone(), dev)?)?;
    let loss =
        transformer::loss(&logits, &Tensor::new(g.tgt_out.clone(), dev)?, g.label_smoothing)?;
    let ours = logits.to_vec3::<f32>()?;
    let gap = (ours.iter().flatten().flatten().zip(g.sinusoidal.logits.iter().flatten().flatten()))
        .map(|(a, b)| (*a as f64 - b).abs())
        .fold(0.0, f64::max);
    Ok((gap, loss.to_scalar::<f32>()? as f64))
}

fn main() -> ExitCode {
    llmpath_labs_kit::main("transformer", lab)
}

fn lab(args: LabArgs) -> std::result::Result<(), Box<dyn Error>> {
    let (lang, dev) = (args.lang, Device::Cpu);
    let pick = |k: usize| lang.pick(ZH[k], EN[k]);
    let r = if args.quick { &QUICK } else { &FULL };
    let mut run = Run::start("transformer", "none (synthetic sequences)", &args)?;
    let (plots, mut checks) = (Plots::new(&args)?, Checks::default());

    println!("{}", pick(0));
    let g: Golden = serde_json::from_str(GOLDEN)?;
    let (gap, loss) = against_pytorch(&g, &dev)?;
    println!("   max |Δlogit| = {gap:.2e}, loss {loss:.8} (PyTorch {:.8})", g.sinusoidal.loss);
    checks.compare("tiny_transformer_loss_fixed_weights", loss, g.sinusoidal.loss, 1e-5, PYTORCH);
    checks
        .require(gap <= 1e-5, format!("tiny Transformer logits differ from PyTorch's by {gap:e}"));
    run.metric("tiny_transformer_logits_max_abs_diff", gap);

    // Held-out sequences: distinct, from their own stream; training never draws them.
    let mut rng = StdRng::seed_from_u64(args.seed + 1);
    let mut held_out: Vec<Vec<u32>> = Vec::new();
    let mut seen = HashSet::new();
    while held_out.len() < r.held_out {
        let seq = draw(r, &mut rng);
        if seen.insert(seq.clone()) {
            held_out.push(seq);
        }
    }
    let t = r.max_len + 1;
    let config = |positions| Config {
        vocab_size: 3 + r.symbols,
        max_len: t,
        n_layer: r.n_layer,
        n_head: r.n_head,
        d_model: r.d_model,
        d_ff: r.d_ff,
        positions,
    };
    let mut results = Vec::new();
    for (k, positions) in [Positions::Sinusoidal, Positions::Learned].into_iter().enumerate() {
        let model = Transformer::new(config(positions), args.seed, &dev)?;
        let n_params: usize = model.named_vars()?.iter().map(|(_, v)| v.elem_count()).sum();
        #[rustfmt::skip]
        let sizes = [n_params, r.n_layer, r.n_head, r.d_model, r.steps, r.batch_size, r.symbols, r.min_len, r.max_len];
        let keys = ["{n}", "{L}", "{H}", "{D}", "{steps}", "{B}", "{V}", "{min}", "{max}"];
        let header = (keys.iter().zip(sizes))
            .fold(pick(1 + k).to_owned(), |h, (key, v)| h.replace(key, &v.to_string()));
        println!("{header}");
        let started = Instant::now();
        let history = train(&model, r, &held_out, args.seed, &dev)?;
        let seconds = started.elapsed().as_secs_f64();
        let (exact, outputs) = exact_match(&model, &held_out, t, &dev)?;
        println!("   {} {:.2} % ({} {seconds:.1} s)", pick(3), 100.0 * exact, pick(4));
        let name = ["", "_learned"][k];
        run.metric(&format!("train_seconds{name}"), seconds);
        run.metric(&format!("parameters{name}"), n_params as f64);
        results.push((model, history, exact, outputs));
    }
    let (model, history, exact, outputs) = &results[0];
    let (_, learned_history, learned_exact, _) = &results[1];
    let target_label = pick(if args.quick { 16 } else { 15 });
    run.compare("exact_match_target", *exact, r.target, target_label);
    checks.require(*exact >= r.target, format!("exact match {exact:.4} < {}", r.target));
    run.metric("exact_match_learned", *learned_exact);

    println!("{}", pick(5));
    for (seq, out) in held_out.iter().zip(outputs).take(8) {
        let ok = if seq.iter().rev().eq(out.iter()) { "✓" } else { "✗" };
        println!("   {:<18} → {:<18} {ok}", text(seq), text(out));
    }

    // One held-out example of the longest length: its attention maps, and the anti-diagonal.
    let example = held_out.iter().find(|s| s.len() == r.max_len).unwrap_or(&held_out[0]).clone();
    let [src, tgt_in, _] = batch(std::slice::from_ref(&example), t, &dev)?;
    let (_, maps) = model.forward(&src, &tgt_in)?;
    let sample: Vec<Vec<u32>> = held_out.iter().take(200).cloned().collect();
    let [s_src, s_in, _] = batch(&sample, t, &dev)?;
    let (_, sample_maps) = model.forward(&s_src, &s_in)?;
    let (one, many) = (
        anti_diagonal(&maps.cross, std::slice::from_ref(&example))?,
        anti_diagonal(&sample_maps.cross, &sample)?,
    );
    println!("{} {}", pick(6), text(&example));
    let best = |shares: &Vec<Vec<f64>>| shares.iter().flatten().copied().fold(0.0, f64::max);
    for (l, (a, b)) in one.iter().zip(&many).enumerate() {
        let fmt =
            |v: &Vec<f64>| v.iter().map(|x| format!("{:.3}", x)).collect::<Vec<_>>().join(" ");
        println!("   {} {}: {} | {}", pick(7), l + 1, fmt(a), fmt(b));
    }
    let (best_one, best_many) = (best(&one), best(&many));
    println!("   {} {best_one:.3} / {best_many:.3} ({} {:.3})", pick(8), pick(9), 1.0 / t as f64);
    run.metric("anti_diagonal_share_example", best_one);
    run.metric("anti_diagonal_share_held_out", best_many);
    checks.require(
        best_many >= 0.5,
        format!("no cross-attention head is anti-diagonal: {best_many:.3}"),
    );

    let map = |w: &Tensor| -> Result<Vec<Vec<f64>>> {
        (0..r.n_head)
            .map(|h| {
                w.get(0)?.get(h)?.flatten_all()?.to_dtype(candle_core::DType::F64)?.to_vec1::<f64>()
            })
            .collect()
    };
    let mut rows = Vec::new();
    for (kind, layers) in [(10, &maps.encoder), (11, &maps.decoder), (12, &maps.cross)] {
        for (l, w) in layers.iter().enumerate() {
            rows.push((format!("{} {}", pick(kind), l + 1), map(w)?));
        }
    }
    let grid = ImageGrid {
        title: format!("{} {}", pick(13), text(&example)),
        col_labels: (1..=r.n_head).map(|h| format!("{} {h}", pick(14))).collect(),
        rows,
        width: t,
        height: t,
        range: (0.0, 1.0),
    };
    plots.record(&mut run, "attention_maps", &grid)?;
    println!("{}", pick(26));
    let curve = |h: &History| h.iter().map(|e| (e.0 as f64, 100.0 * e.2)).collect::<Vec<_>>();
    let chart = Chart::new(pick(17), pick(18), pick(19))
        .legend_at(LegendAt::LowerRight)
        .line(pick(20), curve(history))
        .line(pick(21), curve(learned_history))
        .dashed(target_label, [(0.0, 100.0 * r.target), (r.steps as f64, 100.0 * r.target)]);
    plots.record(&mut run, "exact_match", &chart)?;

    // The causal mask: change decoder token t + 1 of the example, outputs at ≤ t must not move.
    let logits = |tgt: &Tensor| model.forward(&src, tgt).map(|(l, _)| l);
    let mid = example.len() / 2;
    let mut changed = tgt_in.to_vec2::<u32>()?;
    changed[0][mid + 1] = 3 + (changed[0][mid + 1] - 2) % r.symbols as u32;
    let diff = (logits(&tgt_in)? - logits(&Tensor::new(changed, &dev)?)?)?
        .abs()?
        .squeeze(0)?
        .max(D::Minus1)?
        .to_vec1::<f32>()?;
    let (leak, seen_at) = (diff[..=mid].iter().copied().fold(0.0, f32::max), diff[mid + 1]);
    println!("{} {leak:e} ({} {seen_at:.2e})", pick(22), pick(23));
    checks
        .require(leak == 0.0 && seen_at > 0.0, format!("causal mask leaks: {leak:e}, {seen_at:e}"));
    run.metric("causal_leak_max_abs_diff", leak as f64);

    // The checkpoint: save, load into a network with other weights, same outputs.
    let path = run.artifact_path("model.safetensors");
    model.varmap.save(&path)?;
    run.artifact("model.safetensors");
    let mut reloaded = Transformer::new(config(Positions::Sinusoidal), args.seed + 1, &dev)?;
    reloaded.varmap.load(&path)?;
    let diff = (model.forward(&s_src, &s_in)?.0 - reloaded.forward(&s_src, &s_in)?.0)?;
    let diff = diff.abs()?.max_all()?.to_scalar::<f32>()?;
    let (_, again) = exact_match(&reloaded, &held_out, t, &dev)?;
    let same = again == *outputs;
    println!("{} {diff:e}, {} {same}", pick(24), pick(25));
    checks.require(
        diff == 0.0 && same,
        format!("reloaded checkpoint differs: {diff:e}, same outputs {same}"),
    );
    run.metric("checkpoint_reload_max_abs_diff", diff as f64);
    checks.finish(run)?;
    Ok(())
}

/// The printed report and plot labels.
const EN: [&str; 27] = [
    "1. A tiny Transformer (2 + 2 layers, 2 heads, d_model 16) with fixed weights, against PyTorch:",
    "2. Sinusoidal positions: {n} parameters ({L} + {L} layers, {H} heads, d_model {D}), {steps} Adam steps of {B}\n   sequences of {min}–{max} of {V} symbols (every evaluation: step: loss / held-out exact match, first 200):",
    "3. The same with learned positions ({n} parameters):",
    "   held-out exact match (greedy decoding):",
    "trained in",
    "4. Held-out sequences, reversed by greedy decoding:",
    "5. Cross-attention on the anti-diagonal (output i on source n − 1 − i), example",
    "layer, each head (this example | 200 held-out)",
    "best head (this example / 200 held-out):",
    "uniform attention would give",
    "encoder self",
    "decoder self",
    "cross",
    "Attention weights:",
    "head",
    "target: ≥ 99 % exact match",
    "quick target: ≥ 95 % exact match (digits, lengths 3–8)",
    "Held-out exact match during training",
    "step",
    "exact match (%)",
    "sinusoidal positions",
    "learned positions",
    "6. Causal mask: change decoder token t + 1, outputs at positions ≤ t move by",
    "at t + 1:",
    "7. Checkpoint model.safetensors saved and reloaded: max |Δlogit| =",
    "identical greedy outputs:",
    "   attention_maps.png: white 0, black 1; rows: queries (outputs), columns: keys (inputs)",
];
const ZH: [&str; 27] = [
    "1. 固定权重的小型 Transformer（2 + 2 层、2 头、d_model 16），与 PyTorch 对照：",
    "2. 正弦位置编码：{n} 个参数（{L} + {L} 层、{H} 头、d_model {D}），{steps} 步 Adam，每步 {B} 个序列，\n   长度 {min}–{max}，{V} 种符号（每次评估：步数：损失 / 留出集前 200 条完全匹配率）：",
    "3. 同样的模型改用可学习的位置嵌入（{n} 个参数）：",
    "   留出集完全匹配率（贪心解码）：",
    "训练用时",
    "4. 留出集序列的贪心解码结果（反转）：",
    "5. 交叉注意力落在反对角线上的比例（输出 i 对应源位置 n − 1 − i），示例",
    "层，各头（此示例 | 留出集 200 条）",
    "最佳注意力头（此示例 / 留出集 200 条）：",
    "均匀注意力为",
    "编码器自注意力",
    "解码器自注意力",
    "交叉注意力",
    "注意力权重：",
    "头",
    "目标：完全匹配率 ≥ 99 %",
    "快速模式目标：完全匹配率 ≥ 95 %（数字，长度 3–8）",
    "训练过程中留出集的完全匹配率",
    "步数",
    "完全匹配率（%）",
    "正弦位置编码",
    "可学习位置嵌入",
    "6. 因果掩码：改动解码器第 t + 1 个词元，位置 ≤ t 的输出变化",
    "位置 t + 1：",
    "7. 检查点 model.safetensors 保存后重新载入：最大 |Δlogit| =",
    "贪心解码输出完全相同：",
    "   attention_maps.png：白 0，黑 1；行为查询（输出位置），列为键（输入位置）",
];
