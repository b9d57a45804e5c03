//! The encoder–decoder Transformer of "Attention is all you need" (post-LN, as the paper):
//!
//! ```text
//! Attention(Q, K, V) = softmax(QKᵀ/√d_k + M) V                 M: 0 or −∞ (padding, causal)
//! MHA(x, m)          = concat(head₁, …, head_H) W_o + b_o,  headᵢ = Attention(xW_qⁱ, mW_kⁱ, mW_vⁱ)
//! FFN(x)             = max(0, xW₁ + b₁) W₂ + b₂                 d_model → d_ff → d_model
//! encoder layer      x ← LN(x + MHA(x, x)),  x ← LN(x + FFN(x))
//! decoder layer      y ← LN(y + MHA_causal(y, y)),  y ← LN(y + MHA(y, memory)),  y ← LN(y + FFN(y))
//! input              x₀ = √d_model · E[ids] + P[0..T]           E shared by encoder, decoder, output
//! P (sinusoidal)     P[t, 2i] = sin(t/10000^{2i/d}),  P[t, 2i+1] = cos(t/10000^{2i/d}); or learned
//! logits             y_L Eᵀ                                     (B, T, V)
//! ```
//!
//! Post-LN (the layer norm after each residual sum) is the paper's choice and the one this
//! module reproduces; it is also why the paper needs its learning-rate warm-up: at initialisation
//! the gradients near the output are large (Xiong et al. 2020), and pre-LN would train without it.
//! No dropout: the lab's task draws fresh sequences every step, so there is nothing to overfit.
//!
//! Initial weights come from one SplitMix64 stream in [`Config::params`]'s order (Glorot-uniform
//! matrices, PyTorch's default bias bound 1/√fan_in, token embeddings with σ = d_model^{-1/2}),
//! so `scripts/reference/attention.py` builds the very same network.
//!
//! References: Vaswani et al., "Attention is all you need", NeurIPS (2017); Xiong et al., "On
//! layer normalization in the Transformer architecture", ICML (2020); Rush, "The annotated
//! Transformer" (2018); Glorot & Bengio, "Understanding the difficulty of training deep
//! feedforward neural networks", AISTATS (2010).

use candle_core::{D, DType, Device, Result, Tensor, Var};
use candle_nn::{Embedding, LayerNorm, Linear, Module, VarBuilder, VarMap};
use llmpath_labs_neural::uniform;

/// Special tokens; the task's symbols follow them.
pub const PAD: u32 = 0;
pub const BOS: u32 = 1;
pub const EOS: u32 = 2;

/// Where the model gets word order from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Positions {
    /// The paper's fixed sines and cosines.
    Sinusoidal,
    /// A trained (max_len, d_model) table (the paper's Table 3, row E).
    Learned,
}

/// The network's sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    pub vocab_size: usize,
    /// The longest sequence (source or target) the positions cover.
    pub max_len: usize,
    /// Layers of the encoder, and of the decoder.
    pub n_layer: usize,
    pub n_head: usize,
    pub d_model: usize,
    pub d_ff: usize,
    pub positions: Positions,
}

/// How a parameter starts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Init {
    /// β(2u − 1), u from the SplitMix64 stream.
    Uniform(f64),
    Zeros,
    Ones,
}

impl Config {
    /// `(name, shape, init)` of every parameter, in the order the stream draws them.
    pub fn params(&self) -> Vec<(String, Vec<usize>, Init)> {
        let (d, ff) = (self.d_model, self.d_ff);
        let mut out = vec![("embed.weight".to_owned(), vec![self.vocab_size, d], emb_bound(d))];
        if self.positions == Positions::Learned {
            // About as large as the sinusoids (RMS 1/√2): σ = 1/√3.
            out.push(("pos.weight".to_owned(), vec![self.max_len, d], Init::Uniform(1.0)));
        }
        let linear = |out: &mut Vec<_>, name: String, fan_in: usize, fan_out: usize| {
            let glorot = (6.0 / (fan_in + fan_out) as f64).sqrt();
            out.push((format!("{name}.weight"), vec![fan_out, fan_in], Init::Uniform(glorot)));
            let bias = 1.0 / (fan_in as f64).sqrt();
            out.push((format!("{name}.bias"), vec![fan_out], Init::Uniform(bias)));
        };
        let attention = |out: &mut Vec<_>, name: String| {
            for w in ["q", "k", "v", "o"] {
                linear(out, format!("{name}.{w}"), d, d);
            }
        };
        let norm = |out: &mut Vec<(String, Vec<usize>, Init)>, name: String| {
            out.push((format!("{name}.weight"), vec![d], Init::Ones));
            out.push((format!("{name}.bias"), vec![d], Init::Zeros));
        };
        for (stack, attentions) in
            [("encoder", &["self_attn"][..]), ("decoder", &["self_attn", "cross_attn"])]
        {
            for l in 0..self.n_layer {
                for (k, attn) in attentions.iter().enumerate() {
                    attention(&mut out, format!("{stack}.{l}.{attn}"));
                    norm(&mut out, format!("{stack}.{l}.ln{}", k + 1));
                }
                linear(&mut out, format!("{stack}.{l}.ffn.w1"), d, ff);
                linear(&mut out, format!("{stack}.{l}.ffn.w2"), ff, d);
                norm(&mut out, format!("{stack}.{l}.ln{}", attentions.len() + 1));
            }
        }
        out
    }
}

/// σ = d^{-1/2} (uniform: bound √(3/d)); times √d in the forward pass, unit-scale inputs.
fn emb_bound(d: usize) -> Init {
    Init::Uniform((3.0 / d as f64).sqrt())
}

/// Scaled dot-product attention: (softmax(QKᵀ/√d_k + mask) V, the weights).
/// `q`: (B, H, Tq, d_k), `k`: (B, H, Tk, d_k), `v`: (B, H, Tk, d_v), `mask` additive and
/// broadcastable to (B, H, Tq, Tk). Returns (B, H, Tq, d_v) and (B, H, Tq, Tk).
pub fn attention(
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    mask: Option<&Tensor>,
) -> Result<(Tensor, Tensor)> {
    let d_k = q.dim(D::Minus1)?;
    // Without the 1/√d_k the dot products grow like √d_k and push the softmax into saturation.
    let scores = (q.matmul(&k.t()?)? * (1.0 / (d_k as f64).sqrt()))?; // (B, H, Tq, Tk)
    let scores = match mask {
        Some(mask) => scores.broadcast_add(mask)?,
        None => scores,
    };
    let weights = candle_nn::ops::softmax(&scores, D::Minus1)?;
    Ok((weights.matmul(v)?, weights))
}

/// (B, 1, 1, T): −∞ at the keys that are padding, so no query attends to them.
pub fn padding_mask(ids: &Tensor) -> Result<Tensor> {
    let (b, t) = ids.dims2()?;
    let mask: Vec<f32> = (ids.flatten_all()?.to_vec1::<u32>()?.into_iter())
        .map(|id| if id == PAD { f32::NEG_INFINITY } else { 0.0 })
        .collect();
    Tensor::from_vec(mask, (b, 1, 1, t), ids.device())
}

/// (T, d): the paper's sinusoids, in f64.
pub fn sinusoidal(t: usize, d: usize, dev: &Device) -> Result<Tensor> {
    let pe: Vec<f64> = (0..t * d)
        .map(|k| {
            let (pos, i) = ((k / d) as f64, k % d);
            let angle = pos / 10000f64.powf((i - i % 2) as f64 / d as f64);
            if i % 2 == 0 { angle.sin() } else { angle.cos() }
        })
        .collect();
    Tensor::from_vec(pe, (t, d), dev)
}

/// A linear layer on (B, T, ·): one matrix product over the B·T rows.
fn apply(layer: &Linear, x: &Tensor) -> Result<Tensor> {
    let (b, t, c) = x.dims3()?;
    layer.forward(&x.reshape((b * t, c))?)?.reshape((b, t, ()))
}

/// Multi-head attention with biases (torch.nn.MultiheadAttention's maths: its `in_proj_weight`
/// is W_q, W_k, W_v stacked).
pub struct MultiHeadAttention {
    q: Linear,
    k: Linear,
    v: Linear,
    o: Linear,
    n_head: usize,
}

impl MultiHeadAttention {
    pub fn new(d_model: usize, n_head: usize, vb: VarBuilder) -> Result<MultiHeadAttention> {
        let lin = |name| candle_nn::linear(d_model, d_model, vb.pp(name));
        Ok(MultiHeadAttention { q: lin("q")?, k: lin("k")?, v: lin("v")?, o: lin("o")?, n_head })
    }

    /// Queries from `x` (B, Tq, D), keys and values from `memory` (B, Tk, D): the output
    /// (B, Tq, D) and the weights (B, H, Tq, Tk).
    pub fn forward(
        &self,
        x: &Tensor,
        memory: &Tensor,
        mask: Option<&Tensor>,
    ) -> Result<(Tensor, Tensor)> {
        let (b, _, d) = x.dims3()?;
        let heads = |layer: &Linear, h: &Tensor| {
            let t = h.dim(1)?;
            apply(layer, h)?
                .reshape((b, t, self.n_head, d / self.n_head))?
                .transpose(1, 2)?
                .contiguous()
        }; // (B, H, T, d_k)
        let (q, k, v) = (heads(&self.q, x)?, heads(&self.k, memory)?, heads(&self.v, memory)?);
        let (y, weights) = attention(&q, &k, &v, mask)?;
        let y = y.transpose(1, 2)?.reshape((b, x.dim(1)?, d))?; // heads side by side
        Ok((apply(&self.o, &y)?, weights))
    }
}

/// FFN(x) = max(0, xW₁ + b₁)W₂ + b₂, the same at every position.
struct FeedForward {
    w1: Linear,
    w2: Linear,
}

impl FeedForward {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        apply(&self.w2, &apply(&self.w1, x)?.relu()?)
    }
}

/// Layer norm with gain γ and bias β: γ ⊙ (x − mean x)/√(var x + 10⁻⁵) + β. Not candle-nn's
/// `LayerNorm` with a bias: on contiguous inputs that runs a fused kernel without a backward
/// pass (candle-nn 0.11.1, `apply_op3_no_bwd`), and no gradient would flow through the network.
struct Norm {
    gain_only: LayerNorm,
    bias: Tensor,
}

impl Norm {
    fn new(d: usize, vb: VarBuilder) -> Result<Norm> {
        let gain = vb.get_with_hints(d, "weight", candle_nn::Init::Const(1.0))?;
        let bias = vb.get_with_hints(d, "bias", candle_nn::Init::Const(0.0))?;
        Ok(Norm { gain_only: LayerNorm::new_no_bias(gain, 1e-5), bias })
    }

    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        self.gain_only.forward(x)?.broadcast_add(&self.bias)
    }
}

/// An encoder layer (`attn` has one entry) or a decoder layer (self, then cross-attention),
/// each sub-layer followed by its residual sum and layer norm.
struct Layer {
    attn: Vec<MultiHeadAttention>,
    ffn: FeedForward,
    ln: Vec<Norm>,
}

impl Layer {
    fn new(c: &Config, attentions: &[&str], vb: VarBuilder) -> Result<Layer> {
        let (d, ff) = (c.d_model, c.d_ff);
        let attn = (attentions.iter())
            .map(|name| MultiHeadAttention::new(d, c.n_head, vb.pp(name)))
            .collect::<Result<_>>()?;
        let ffn = FeedForward {
            w1: candle_nn::linear(d, ff, vb.pp("ffn.w1"))?,
            w2: candle_nn::linear(ff, d, vb.pp("ffn.w2"))?,
        };
        let ln = (1..=attentions.len() + 1)
            .map(|k| Norm::new(d, vb.pp(format!("ln{k}"))))
            .collect::<Result<_>>()?;
        Ok(Layer { attn, ffn, ln })
    }

    /// `x` (B, T, D) attends to itself with `self_mask`, then (decoder) to `memory` with
    /// `memory_mask`; returns the output and each attention's weights.
    fn forward(
        &self,
        x: &Tensor,
        self_mask: &Tensor,
        memory: Option<(&Tensor, &Tensor)>,
    ) -> Result<(Tensor, Vec<Tensor>)> {
        let (y, w_self) = self.attn[0].forward(x, x, Some(self_mask))?;
        let mut x = self.ln[0].forward(&(x + y)?)?; // post-LN: normalise the residual sum
        let mut weights = vec![w_self];
        if let (Some(cross), Some((memory, mask))) = (self.attn.get(1), memory) {
            let (y, w_cross) = cross.forward(&x, memory, Some(mask))?;
            x = self.ln[1].forward(&(x + y)?)?;
            weights.push(w_cross);
        }
        let last = &self.ln[self.ln.len() - 1];
        Ok((last.forward(&(&x + self.ffn.forward(&x)?)?)?, weights))
    }
}

/// Attention weights of one forward pass, per layer, each (B, H, Tq, Tk).
#[derive(Debug, Default)]
pub struct Maps {
    pub encoder: Vec<Tensor>,
    pub decoder: Vec<Tensor>,
    pub cross: Vec<Tensor>,
}

/// The encoder–decoder, and the `VarMap` that owns its weights (what a checkpoint saves).
pub struct Transformer {
    pub config: Config,
    pub varmap: VarMap,
    embed: Embedding,
    pos: Option<Embedding>,
    encoder: Vec<Layer>,
    decoder: Vec<Layer>,
}

impl Transformer {
    /// A network with SplitMix64 stream `seed`'s weights, in f32.
    pub fn new(config: Config, seed: u64, dev: &Device) -> Result<Transformer> {
        Transformer::with_dtype(config, seed, DType::F32, dev)
    }

    /// The same network in `dtype` (f64 for finite differences: the f32 weights, widened).
    pub fn with_dtype(
        config: Config,
        seed: u64,
        dtype: DType,
        dev: &Device,
    ) -> Result<Transformer> {
        let c = config;
        if c.n_head == 0 || !c.d_model.is_multiple_of(c.n_head) || !c.d_model.is_multiple_of(2) {
            candle_core::bail!(
                "d_model = {} must be even and a multiple of n_head = {}",
                c.d_model,
                c.n_head
            );
        }
        let varmap = VarMap::new();
        let vb = VarBuilder::from_varmap(&varmap, dtype, dev);
        let embed = candle_nn::embedding(c.vocab_size, c.d_model, vb.pp("embed"))?;
        let pos = match c.positions {
            Positions::Learned => Some(candle_nn::embedding(c.max_len, c.d_model, vb.pp("pos"))?),
            Positions::Sinusoidal => None,
        };
        let stack = |name: &str, attentions: &[&str]| {
            (0..c.n_layer)
                .map(|l| Layer::new(&c, attentions, vb.pp(format!("{name}.{l}"))))
                .collect::<Result<Vec<_>>>()
        };
        let encoder = stack("encoder", &["self_attn"])?;
        let decoder = stack("decoder", &["self_attn", "cross_attn"])?;
        let mut model = Transformer { config, varmap, embed, pos, encoder, decoder };
        let mut start = 0;
        for (name, shape, init) in c.params() {
            let n: usize = shape.iter().product();
            let w: Vec<f32> = match init {
                Init::Uniform(bound) => {
                    start += n as u64;
                    (start - n as u64..start)
                        .map(|i| (bound * (2.0 * uniform(seed, i) - 1.0)) as f32)
                        .collect()
                }
                Init::Zeros => vec![0.0; n],
                Init::Ones => vec![1.0; n],
            };
            model.varmap.set_one(&name, Tensor::from_vec(w, shape, dev)?.to_dtype(dtype)?)?;
        }
        Ok(model)
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

    /// √d_model · E[ids] + P[0..T]: (B, T, D).
    fn embed(&self, ids: &Tensor) -> Result<Tensor> {
        let (t, d) = (ids.dim(1)?, self.config.d_model);
        if t > self.config.max_len {
            candle_core::bail!("a sequence of {t} tokens > max_len {}", self.config.max_len);
        }
        let x = (self.embed.forward(ids)? * (d as f64).sqrt())?;
        let positions = match &self.pos {
            Some(pos) => pos.forward(&Tensor::arange(0, t as u32, ids.device())?)?,
            None => sinusoidal(t, d, ids.device())?.to_dtype(x.dtype())?,
        };
        x.broadcast_add(&positions)
    }

    /// The encoder's output (B, S, D) for source ids `src` (B, S), and its attention weights.
    pub fn encode(&self, src: &Tensor) -> Result<(Tensor, Vec<Tensor>)> {
        let mask = padding_mask(src)?.to_dtype(self.embed.embeddings().dtype())?;
        let (mut x, mut maps) = (self.embed(src)?, Vec::new());
        for layer in &self.encoder {
            let (y, mut w) = layer.forward(&x, &mask, None)?;
            maps.push(w.remove(0));
            x = y;
        }
        Ok((x, maps))
    }

    /// Logits (B, T, V) for decoder inputs `tgt` (B, T) given the encoder's `memory` of `src`,
    /// and the decoder's self- and cross-attention weights.
    pub fn decode(&self, memory: &Tensor, src: &Tensor, tgt: &Tensor) -> Result<(Tensor, Maps)> {
        let dtype = memory.dtype();
        let t = tgt.dim(1)?;
        // (B, 1, T, T): position t sees positions ≤ t only, and no padding.
        let causal = crate::gpt::causal_mask(t, tgt.device())?.to_dtype(dtype)?;
        let self_mask = padding_mask(tgt)?.to_dtype(dtype)?.broadcast_add(&causal)?;
        let memory_mask = padding_mask(src)?.to_dtype(dtype)?;
        let (mut y, mut maps) = (self.embed(tgt)?, Maps::default());
        for layer in &self.decoder {
            let (out, mut w) = layer.forward(&y, &self_mask, Some((memory, &memory_mask)))?;
            maps.cross.push(w.remove(1));
            maps.decoder.push(w.remove(0));
            y = out;
        }
        let (b, _, d) = y.dims3()?;
        let logits = y.reshape((b * t, d))?.matmul(&self.embed.embeddings().t()?)?; // tied: Eᵀ
        Ok((logits.reshape((b, t, self.config.vocab_size))?, maps))
    }

    /// Teacher forcing: logits (B, T, V) for decoder inputs `tgt` (the targets shifted right,
    /// after BOS), and every attention map.
    pub fn forward(&self, src: &Tensor, tgt: &Tensor) -> Result<(Tensor, Maps)> {
        let (memory, encoder) = self.encode(src)?;
        let (logits, maps) = self.decode(&memory, src, tgt)?;
        Ok((logits, Maps { encoder, ..maps }))
    }

    /// Greedy decoding of every source in `src` (B, S): up to `steps` tokens, each the argmax
    /// after the ones so far; each output cut before its first EOS.
    pub fn greedy(&self, src: &Tensor, steps: usize) -> Result<Vec<Vec<u32>>> {
        let (memory, _) = self.encode(src)?;
        let mut out = vec![vec![BOS]; src.dim(0)?];
        for t in 0..steps {
            let (logits, _) =
                self.decode(&memory, src, &Tensor::new(out.clone(), src.device())?)?;
            let next = logits.narrow(1, t, 1)?.squeeze(1)?.argmax(D::Minus1)?.to_vec1::<u32>()?;
            out.iter_mut().zip(next).for_each(|(seq, id)| seq.push(id));
        }
        Ok(out
            .into_iter()
            .map(|seq| seq[1..].iter().copied().take_while(|&id| id != EOS).collect())
            .collect())
    }
}

/// Cross-entropy of logits (B, T, V) against targets (B, T) with label smoothing ε, averaged
/// over the non-PAD targets: (1 − ε)(−log p_y) + ε · mean_v(−log p_v), as PyTorch's
/// `cross_entropy(ignore_index = PAD, label_smoothing = ε)`.
pub fn loss(logits: &Tensor, targets: &Tensor, smoothing: f64) -> Result<Tensor> {
    let (b, t, v) = logits.dims3()?;
    let log_p = candle_nn::ops::log_softmax(&logits.reshape((b * t, v))?, D::Minus1)?; // (BT, V)
    let targets = targets.flatten_all()?;
    let nll = log_p.gather(&targets.unsqueeze(1)?, 1)?.squeeze(1)?.neg()?; // (BT,)
    let uniform = log_p.mean(D::Minus1)?.neg()?;
    let per = ((nll * (1.0 - smoothing))? + (uniform * smoothing)?)?;
    let keep = targets.ne(PAD)?.to_dtype(per.dtype())?;
    (per * &keep)?.sum_all()? / keep.sum_all()?
}

/// The paper's learning rate at step `step` ≥ 1: d_model^{-1/2} · min(step^{-1/2}, step · warmup^{-3/2}),
/// a linear rise for `warmup` steps, then decay as 1/√step.
pub fn rate(step: usize, d_model: usize, warmup: usize) -> f64 {
    let (s, w) = (step.max(1) as f64, warmup.max(1) as f64);
    (d_model as f64).powf(-0.5) * s.powf(-0.5).min(s * w.powf(-1.5))
}
