//! Causal multi-head self-attention as one op, from the projected rows q | k | v (B·T, 3C) to
//! the heads side by side (B·T, C), for window b and head h:
//!
//! ```text
//! S  = Q Kᵀ                      Q, K, V (T, d_k): head h's columns of window b's rows
//! P  = softmax_{u ≤ t}(S/√d_k)   row t sees keys u ≤ t (the causal mask)
//! Y  = P V                       head h's columns of the output
//! ∂V = Pᵀ ∂Y,   ∂P = ∂Y Vᵀ,   ∂S = P ⊙ (∂P − rowsum(∂P ⊙ P)) / √d_k,   ∂Q = ∂S K,   ∂K = ∂Sᵀ Q
//! ```
//!
//! [`composed`] writes it in candle's ops, as one reads it: three narrow → reshape → transpose
//! → contiguous copies of the heads, two batched products, the softmax, a transpose back. Each of
//! those nodes gets a gradient candle first zeroes and then adds into (a narrow's backward pads
//! its gradient with zeros to the whole (B·T, 3C)), and candle runs a batched product as B·heads
//! small gemm calls one after another, each split over gemm's threads. [`causal_attention`] is the
//! same as one op: each thread of candle's pool (`llmpath_labs_deep::pool`) takes whole windows,
//! Q, K and V are views of the q | k | v rows (row stride 3C), Y goes straight into its columns
//! of the output, and P is kept for the backward. Its test holds it to [`composed`], forward and
//! backward; `gpt.rs`'s tests hold the GPT to PyTorch's.
//!
//! Reference: Vaswani et al., "Attention is all you need", NeurIPS (2017), §3.2.

use std::sync::Mutex;

use candle_core::{CpuStorage, CustomOp1, CustomOp2, DType, Layout, Result, Shape, Tensor};
use faer::linalg::matmul::matmul;
use faer::{Accum, MatMut, MatRef, Par};
use llmpath_labs_deep::pool::{f32s, per_image};

use crate::fused::{self, SoftmaxBackRows, SoftmaxRows};

/// The heads side by side (B·T, C) of `qkv` (B·T, 3C), the B windows' rows stacked, in candle's
/// ops: the readable version, and the one for anything but f32 (the finite-difference checks
/// run in f64).
pub fn composed(qkv: &Tensor, b: usize, n_head: usize) -> Result<Tensor> {
    let (t, c) = (qkv.dim(0)? / b, qkv.dim(1)? / 3);
    let hs = c / n_head;
    let qkv = qkv.reshape((b, t, 3 * c))?;
    let head = |k: usize| {
        qkv.narrow(2, k * c, c)?.reshape((b, t, n_head, hs))?.transpose(1, 2)?.contiguous()
    }; // (B, H, T, hs)
    let (q, k, v) = (head(0)?, head(1)?, head(2)?);
    // softmax(QKᵀ/√d_k + M) in one pass: M, the causal mask, is `gpt::causal_mask`'s.
    let att = fused::causal_softmax(&q.matmul(&k.t()?)?, 1.0 / (hs as f64).sqrt())?; // (B, H, T, T)
    att.matmul(&v)?.transpose(1, 2)?.reshape((b * t, c)) // heads side by side
}

/// [`composed`] as one op (f32; anything else is [`composed`]).
pub fn causal_attention(qkv: &Tensor, b: usize, n_head: usize) -> Result<Tensor> {
    let (n, c3) = qkv.dims2()?;
    if b == 0 || n % b != 0 || c3 % (3 * n_head.max(1)) != 0 {
        candle_core::bail!("attention: q|k|v rows ({n}, {c3}) for {b} windows and {n_head} heads");
    }
    if qkv.dtype() != DType::F32 {
        return composed(qkv, b, n_head);
    }
    let op = CausalAttention { t: n / b, n_head, probs: Mutex::new(Vec::new()) };
    qkv.contiguous()?.apply_op1(op)
}

/// The width C of q, k and v, and a head's d_k.
#[derive(Clone, Copy)]
struct Sizes {
    c: usize,
    hs: usize,
}

impl Sizes {
    /// Head h's (Q, K, V) in a window's rows of q | k | v (T, 3C): column views.
    fn heads<'a>(&self, rows: MatRef<'a, f32>, h: usize) -> [MatRef<'a, f32>; 3] {
        [0, 1, 2].map(|part| rows.subcols(part * self.c + h * self.hs, self.hs))
    }
}

/// The forward op; `probs` keeps P (B, H, T, T) for the backward.
struct CausalAttention {
    t: usize,
    n_head: usize,
    probs: Mutex<Vec<f32>>,
}

impl CustomOp1 for CausalAttention {
    fn name(&self) -> &'static str {
        "causal-attention"
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let qkv = f32s(storage, layout)?;
        let (n, c3) = layout.shape().dims2()?;
        let (t, c) = (self.t, c3 / 3);
        let s = Sizes { c, hs: c / self.n_head };
        let scale = 1.0 / (s.hs as f32).sqrt();
        let mut y = vec![0f32; n * c];
        // Each thread's P for its windows, in window order: [P of head 0, head 1, …] a window.
        let parts = per_image(
            &mut y,
            n / t,
            || (Vec::new(), vec![0f32; t * t]),
            |(probs, scores), b, y| {
                let rows = MatRef::from_row_major_slice(&qkv[b * t * c3..(b + 1) * t * c3], t, c3);
                let mut y = MatMut::from_row_major_slice_mut(y, t, c);
                for h in 0..self.n_head {
                    let [q, k, v] = s.heads(rows, h);
                    let scores_m = MatMut::from_row_major_slice_mut(scores, t, t);
                    matmul(scores_m, Accum::Replace, q, k.transpose(), 1.0, Par::Seq);
                    let at = probs.len();
                    probs.resize(at + t * t, 0.0); // zeros above the diagonal
                    let p = &mut probs[at..];
                    fused::rows_here(p, t, &SoftmaxRows { a: scores, scale });
                    let p = MatRef::from_row_major_slice(p, t, t);
                    matmul(
                        y.as_mut().subcols_mut(h * s.hs, s.hs),
                        Accum::Replace,
                        p,
                        v,
                        1.0,
                        Par::Seq,
                    );
                }
            },
        );
        let mut probs = Vec::with_capacity(n / t * self.n_head * t * t);
        for (part, _) in parts {
            probs.extend_from_slice(&part); // one memcpy a thread
        }
        match self.probs.lock() {
            Ok(mut kept) => *kept = probs,
            Err(_) => candle_core::bail!("attention: the kept probabilities are unavailable"),
        }
        Ok((CpuStorage::F32(y), Shape::from((n, c))))
    }

    fn bwd(&self, qkv: &Tensor, _y: &Tensor, dy: &Tensor) -> Result<Option<Tensor>> {
        let Ok(probs) = self.probs.lock() else {
            candle_core::bail!("attention: the kept probabilities are unavailable")
        };
        let grad = AttentionGrad { t: self.t, n_head: self.n_head, probs: &probs[..] };
        Ok(Some(qkv.apply_op2_no_bwd(&dy.contiguous()?, &grad)?))
    }
}

/// (q | k | v, ∂Y) → ∂(q | k | v) (B·T, 3C), a window at a time, from the kept P.
struct AttentionGrad<'a> {
    t: usize,
    n_head: usize,
    probs: &'a [f32],
}

impl CustomOp2 for AttentionGrad<'_> {
    fn name(&self) -> &'static str {
        "causal-attention-grad"
    }

    fn cpu_fwd(
        &self,
        qkv_s: &CpuStorage,
        lqkv: &Layout,
        dy_s: &CpuStorage,
        ldy: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let (qkv, dy) = (f32s(qkv_s, lqkv)?, f32s(dy_s, ldy)?);
        let (n, c3) = lqkv.shape().dims2()?;
        let (t, c) = (self.t, c3 / 3);
        let s = Sizes { c, hs: c / self.n_head };
        let scale = 1.0 / (s.hs as f32).sqrt();
        let mut dqkv = vec![0f32; n * c3];
        per_image(
            &mut dqkv,
            n / t,
            || (vec![0f32; t * t], vec![0f32; t * t]),
            |(dp, ds), b, dqkv| {
                let rows = MatRef::from_row_major_slice(&qkv[b * t * c3..(b + 1) * t * c3], t, c3);
                let dy = MatRef::from_row_major_slice(&dy[b * t * c..(b + 1) * t * c], t, c);
                let mut dqkv = MatMut::from_row_major_slice_mut(dqkv, t, c3);
                for h in 0..self.n_head {
                    let [q, k, v] = s.heads(rows, h);
                    let dy = dy.subcols(h * s.hs, s.hs);
                    let at = (b * self.n_head + h) * t * t;
                    let p_flat = &self.probs[at..at + t * t];
                    let p = MatRef::from_row_major_slice(p_flat, t, t);
                    let col = |part: usize| part * c + h * s.hs; // head h's ∂Q, ∂K, ∂V columns
                    let dv = dqkv.as_mut().subcols_mut(col(2), s.hs);
                    matmul(dv, Accum::Replace, p.transpose(), dy, 1.0, Par::Seq);
                    let dp_m = MatMut::from_row_major_slice_mut(dp, t, t);
                    matmul(dp_m, Accum::Replace, dy, v.transpose(), 1.0, Par::Seq);
                    fused::rows_here(ds, t, &SoftmaxBackRows { y: p_flat, dy: dp, scale }); // ∂S
                    let ds = MatRef::from_row_major_slice(ds, t, t);
                    let dq = dqkv.as_mut().subcols_mut(col(0), s.hs);
                    matmul(dq, Accum::Replace, ds, k, 1.0, Par::Seq);
                    let dk = dqkv.as_mut().subcols_mut(col(1), s.hs);
                    matmul(dk, Accum::Replace, ds.transpose(), q, 1.0, Par::Seq);
                }
            },
        );
        Ok((CpuStorage::F32(dqkv), Shape::from((n, c3))))
    }
}

#[cfg(test)]
mod tests {
    use candle_core::{Device, Var};
    use llmpath_labs_neural::uniform;

    use super::*;

    fn uniforms(seed: u64, shape: (usize, usize)) -> Var {
        let n = (shape.0 * shape.1) as u64;
        let v: Vec<f32> = (0..n).map(|i| (2.0 * uniform(seed, i) - 1.0) as f32).collect();
        Var::from_vec(v, shape, &Device::Cpu).unwrap()
    }

    fn gap(a: &Tensor, b: &Tensor) -> f32 {
        (a - b).unwrap().abs().unwrap().max_all().unwrap().to_scalar::<f32>().unwrap()
    }

    #[test]
    fn the_op_equals_the_composition_forward_and_backward() {
        // 3 windows of 7 positions, 2 heads of 4: odd sizes, so no split lines up by chance.
        for (b, t, n_head, hs) in [(3, 7, 2, 4), (1, 5, 1, 3), (4, 16, 4, 8)] {
            let c = n_head * hs;
            let qkv = uniforms(1, (b * t, 3 * c));
            let r = uniforms(2, (b * t, c));
            let ours = causal_attention(&qkv, b, n_head).unwrap();
            let reference = composed(&qkv, b, n_head).unwrap();
            assert!(gap(&ours, &reference) < 1e-6, "outputs {}", gap(&ours, &reference));
            let grad = |y: &Tensor| {
                let g = (y * r.as_tensor()).unwrap().sum_all().unwrap().backward().unwrap();
                g.get(&qkv).unwrap().clone()
            };
            let (g_ours, g_ref) = (grad(&ours), grad(&reference));
            assert!(gap(&g_ours, &g_ref) < 1e-6, "gradients {}", gap(&g_ours, &g_ref));
            assert!(g_ours.abs().unwrap().max_all().unwrap().to_scalar::<f32>().unwrap() > 0.1);
        }
    }

    #[test]
    fn f64_runs_the_composition_and_bad_shapes_are_errors() {
        let qkv = uniforms(1, (6, 12)).to_dtype(DType::F64).unwrap();
        let ours = causal_attention(&qkv, 2, 2).unwrap();
        assert_eq!(ours.dtype(), DType::F64);
        assert_eq!(ours.dims(), [6, 4]);
        let qkv = uniforms(1, (6, 12));
        assert!(causal_attention(&qkv, 4, 2).is_err(), "6 rows are not 4 windows");
        assert!(causal_attention(&qkv, 2, 3).is_err(), "C = 4 is not 3 heads");
        assert!(causal_attention(&qkv, 0, 2).is_err());
    }
}
