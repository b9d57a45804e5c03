//! A decoder-only Transformer (GPT-2's block, nanoGPT's `model.py` layout and names):
//!
//! ```text
//! x₀      = wte[idx] + wpe[0..T]                                   (B, T, C)
//! xₗ₊½    = xₗ + MHA(LN₁(xₗ))                                      pre-LN residual blocks
//! xₗ₊₁    = xₗ₊½ + MLP(LN₂(xₗ₊½)),   MLP(h) = GELU(h W_fc) W_proj   (C → 4C → C)
//! MHA(h)  = concat(head₁, …, head_H) W_o,   headᵢ = softmax(QᵢKᵢᵀ/√d_k + M) Vᵢ,   d_k = C/H
//! M[t, s] = 0 if s ≤ t, −∞ if s > t                                  (causal mask)
//! logits  = LN_f(x_L) wteᵀ                                         (B, T, V), weights tied
//! LN(h)   = γ ⊙ (h − mean h)/√(var h + 10⁻⁵)                       (no biases anywhere)
//! ```
//!
//! Layer norm, GELU and the masked softmax run as `fused` ops: one pass each, forward and
//! backward, equal to the compositions written above to float rounding (their tests). The
//! projections are `linear` (labs/deep) and the attention is one op too ([`crate::attention`]),
//! so all of a step's work runs on candle's one thread pool.
//!
//! Initial weights: nanoGPT draws N(0, 0.02²) (the residual projections N(0, (0.02/√(2L))²));
//! here the same standard deviations σ come uniform, σ√3 (2u − 1) with u from one SplitMix64
//! stream over the parameters in [`Gpt::params`]'s order, so `scripts/reference/gpt.py`
//! builds the very same network. LayerNorm gains start at 1.
//!
//! References: Vaswani et al., "Attention is all you need", NeurIPS (2017); Radford et al.,
//! "Language models are unsupervised multitask learners" (GPT-2, 2019); Hendrycks & Gimpel,
//! "Gaussian error linear units" (2016); Press & Wolf, "Using the output embedding to improve
//! language models", EACL (2017) (weight tying); Karpathy, nanoGPT `model.py`.

use candle_core::{DType, Device, Result, Tensor, Var};
use candle_nn::{Embedding, Linear, Module, VarBuilder, VarMap};
use llmpath_labs_neural::uniform;
use rand::Rng;

use llmpath_labs_deep::linear::linear;

use crate::{attention, fused};

/// The network's sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    pub vocab_size: usize,
    /// The longest context T.
    pub block_size: usize,
    pub n_layer: usize,
    pub n_head: usize,
    pub n_embd: usize,
}

impl Config {
    /// `(name, shape, σ)` of every parameter, in nanoGPT's `named_parameters()` order; σ = 0
    /// marks a LayerNorm gain (starts at 1).
    pub fn params(&self) -> Vec<(String, Vec<usize>, f64)> {
        let (c, proj) = (self.n_embd, 0.02 / (2.0 * self.n_layer as f64).sqrt());
        let mut out = vec![
            ("transformer.wte.weight".to_owned(), vec![self.vocab_size, c], 0.02),
            ("transformer.wpe.weight".to_owned(), vec![self.block_size, c], 0.02),
        ];
        for l in 0..self.n_layer {
            let h = |name: &str| format!("transformer.h.{l}.{name}");
            out.push((h("ln_1.weight"), vec![c], 0.0));
            out.push((h("attn.c_attn.weight"), vec![3 * c, c], 0.02));
            out.push((h("attn.c_proj.weight"), vec![c, c], proj));
            out.push((h("ln_2.weight"), vec![c], 0.0));
            out.push((h("mlp.c_fc.weight"), vec![4 * c, c], 0.02));
            out.push((h("mlp.c_proj.weight"), vec![c, 4 * c], proj));
        }
        out.push(("transformer.ln_f.weight".to_owned(), vec![c], 0.0));
        out
    }
}

/// Causal multi-head self-attention.
struct Attention {
    c_attn: Linear,
    c_proj: Linear,
    n_head: usize,
}

impl Attention {
    /// `x`: (B·T, C), the B windows' positions stacked.
    fn forward(&self, x: &Tensor, b: usize) -> Result<Tensor> {
        let qkv = linear(x, &self.c_attn)?; // (B·T, 3C): q | k | v of every position
        // softmax(QKᵀ/√d_k + M) V for every window and head, M the causal mask: spelled out in
        // candle's ops in `attention::composed`, run as one op.
        let y = attention::causal_attention(&qkv, b, self.n_head)?; // (B·T, C), heads side by side
        linear(&y, &self.c_proj)
    }
}

/// A layer norm's gain γ (C,); no bias, as nanoGPT's `bias=False`.
struct LayerNorm(Tensor);

impl LayerNorm {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        fused::layer_norm(x, &self.0, 1e-5)
    }
}

/// One pre-LN Transformer block.
struct Block {
    ln_1: LayerNorm,
    attn: Attention,
    ln_2: LayerNorm,
    c_fc: Linear,
    c_proj: Linear,
}

impl Block {
    /// `x`: (B·T, C); two-dimensional, so each Linear is one matrix product.
    fn forward(&self, x: &Tensor, b: usize) -> Result<Tensor> {
        let x = (x + self.attn.forward(&self.ln_1.forward(x)?, b)?)?;
        let h = fused::gelu(&linear(&self.ln_2.forward(&x)?, &self.c_fc)?)?; // (B·T, 4C)
        x + linear(&h, &self.c_proj)?
    }
}

/// The GPT, and the `VarMap` that owns its weights (what a checkpoint saves).
pub struct Gpt {
    pub config: Config,
    pub varmap: VarMap,
    wte: Embedding,
    wpe: Embedding,
    blocks: Vec<Block>,
    ln_f: LayerNorm,
}

fn layer_norm(n_embd: usize, vb: VarBuilder) -> Result<LayerNorm> {
    Ok(LayerNorm(vb.get_with_hints(n_embd, "weight", candle_nn::Init::Const(1.0))?))
}

impl Gpt {
    /// A network with weights σ√3 (2u − 1) from SplitMix64 stream `seed` (gpt.py's), in f32.
    pub fn new(config: Config, seed: u64, dev: &Device) -> Result<Gpt> {
        Gpt::with_dtype(config, seed, DType::F32, dev)
    }

    /// The same network in `dtype` (f64 for finite-difference checks; the weights are the f32
    /// ones, widened).
    pub fn with_dtype(config: Config, seed: u64, dtype: DType, dev: &Device) -> Result<Gpt> {
        let Config { vocab_size, block_size, n_layer, n_head, n_embd: c } = config;
        if n_head == 0 || c % n_head != 0 {
            candle_core::bail!("n_embd = {c} must be a multiple of n_head = {n_head}");
        }
        let varmap = VarMap::new();
        let vb = VarBuilder::from_varmap(&varmap, dtype, dev);
        let t = vb.pp("transformer");
        let wte = candle_nn::embedding(vocab_size, c, t.pp("wte"))?;
        let wpe = candle_nn::embedding(block_size, c, t.pp("wpe"))?;
        let blocks = (0..n_layer)
            .map(|l| {
                let h = t.pp(format!("h.{l}"));
                let (attn, mlp) = (h.pp("attn"), h.pp("mlp"));
                Ok(Block {
                    ln_1: layer_norm(c, h.pp("ln_1"))?,
                    attn: Attention {
                        c_attn: candle_nn::linear_no_bias(c, 3 * c, attn.pp("c_attn"))?,
                        c_proj: candle_nn::linear_no_bias(c, c, attn.pp("c_proj"))?,
                        n_head,
                    },
                    ln_2: layer_norm(c, h.pp("ln_2"))?,
                    c_fc: candle_nn::linear_no_bias(c, 4 * c, mlp.pp("c_fc"))?,
                    c_proj: candle_nn::linear_no_bias(4 * c, c, mlp.pp("c_proj"))?,
                })
            })
            .collect::<Result<_>>()?;
        let ln_f = layer_norm(c, t.pp("ln_f"))?;
        let mut gpt = Gpt { config, varmap, wte, wpe, blocks, ln_f };
        gpt.init(seed, dtype, dev)?;
        Ok(gpt)
    }

    fn init(&mut self, seed: u64, dtype: DType, dev: &Device) -> Result<()> {
        let mut start = 0;
        for (name, shape, std) in self.config.params() {
            if std == 0.0 {
                continue;
            }
            let n: usize = shape.iter().product();
            let bound = std * 3f64.sqrt();
            let w =
                (start..start + n as u64).map(|i| (bound * (2.0 * uniform(seed, i) - 1.0)) as f32);
            self.varmap
                .set_one(&name, Tensor::from_vec(w.collect(), shape, dev)?.to_dtype(dtype)?)?;
            start += n as u64;
        }
        Ok(())
    }

    /// The parameters with their names, in [`Config::params`] order.
    pub fn named_vars(&self) -> Result<Vec<(String, Var)>> {
        let vars = self.varmap.data().lock().map_err(|e| candle_core::Error::msg(e.to_string()))?;
        let var = |name: String| match vars.get(&name) {
            Some(v) => Ok((name, v.clone())),
            None => Err(candle_core::Error::msg(format!("no parameter {name}"))),
        };
        self.config.params().into_iter().map(|(name, _, _)| var(name)).collect()
    }

    /// Logits (B, T, V) of token ids `idx` (B, T), T ≤ block_size.
    pub fn forward(&self, idx: &Tensor) -> Result<Tensor> {
        let (b, t) = idx.dims2()?;
        if t > self.config.block_size {
            candle_core::bail!("context of {t} tokens > block_size {}", self.config.block_size);
        }
        let dev = idx.device();
        let pos = Tensor::arange(0, t as u32, dev)?;
        let x = self.wte.forward(idx)?.broadcast_add(&self.wpe.forward(&pos)?)?; // (B, T, C)
        let mut x = x.reshape((b * t, self.config.n_embd))?;
        for block in &self.blocks {
            x = block.forward(&x, b)?;
        }
        let x = self.ln_f.forward(&x)?;
        let tied = Linear::new(self.wte.embeddings().clone(), None); // the output layer is wte
        let logits = linear(&x, &tied)?; // (B·T, V)
        logits.reshape((b, t, self.config.vocab_size))
    }

    /// `n` new tokens after `prompt`: each sampled from softmax(logits/temperature) of the last
    /// position, restricted to the `top_k` most likely (nanoGPT's `generate`); the context is
    /// the last block_size tokens.
    pub fn generate(
        &self,
        prompt: &[u32],
        n: usize,
        temperature: f64,
        top_k: usize,
        rng: &mut impl Rng,
    ) -> Result<Vec<u32>> {
        let mut tokens = prompt.to_vec();
        let dev = self.wte.embeddings().device();
        for _ in 0..n {
            let context = &tokens[tokens.len().saturating_sub(self.config.block_size)..];
            let idx = Tensor::new(context, dev)?.unsqueeze(0)?; // (1, T)
            let logits =
                self.forward(&idx)?.squeeze(0)?.get(context.len() - 1)?.to_dtype(DType::F32)?; // (V,)
            let next = sample_top_k(&logits.to_vec1::<f32>()?, temperature, top_k, rng.random());
            tokens.push(next as u32);
        }
        Ok(tokens.split_off(prompt.len()))
    }
}

/// (T, T): 0 where position t may attend to s (s ≤ t), −∞ where s is in its future.
pub fn causal_mask(t: usize, dev: &Device) -> Result<Tensor> {
    let mask: Vec<f32> =
        (0..t * t).map(|k| if k % t > k / t { f32::NEG_INFINITY } else { 0.0 }).collect();
    Tensor::from_vec(mask, (t, t), dev)
}

/// Cross-entropy of logits (B, T, V) against targets (B, T), averaged over all B·T positions.
pub fn loss(logits: &Tensor, targets: &Tensor) -> Result<Tensor> {
    let (b, t, v) = logits.dims3()?;
    candle_nn::loss::cross_entropy(&logits.reshape((b * t, v))?, &targets.flatten_all()?)
}

/// The index drawn with `u` ∈ [0, 1) from softmax(logits/temperature) over the `top_k` largest
/// logits (all if top_k = 0 or ≥ V).
pub fn sample_top_k(logits: &[f32], temperature: f64, top_k: usize, u: f64) -> usize {
    let mut order: Vec<usize> = (0..logits.len()).collect();
    order.sort_by(|&a, &b| logits[b].total_cmp(&logits[a]));
    if top_k > 0 {
        order.truncate(top_k);
    }
    let Some(&best) = order.first() else { return 0 };
    let weights: Vec<f64> = (order.iter())
        .map(|&i| ((logits[i] as f64 - logits[best] as f64) / temperature).exp())
        .collect();
    let mut left = u * weights.iter().sum::<f64>();
    for (&i, w) in order.iter().zip(&weights) {
        if left < *w {
            return i;
        }
        left -= w;
    }
    order[order.len() - 1]
}

#[cfg(test)]
mod tests;
