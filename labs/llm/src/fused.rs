//! The GPT's element-wise layers as single passes over memory, each with its closed-form
//! gradient, in place of candle's compositions of small ops (a layer norm is eleven ops and
//! eleven more in its backward, GELU's backward eleven, the masked softmax five):
//!
//! ```text
//! layer_norm(x, γ)      y = γ ⊙ x̂,  x̂ = (x − μ)/σ,  σ = √(var x + ε)          rows of (N, C)
//!                       ∂x = (1/σ)(ĝ − mean ĝ − x̂ mean(ĝ ⊙ x̂)),  ĝ = γ ⊙ ∂y;  ∂γ = Σ_rows ∂y ⊙ x̂
//! gelu(x)               y = x Φ(x),  Φ(x) = ½(1 + erf(x/√2))                         element-wise
//!                       ∂x = ∂y (Φ(x) + x φ(x)),  φ(x) = e^(−x²/2)/√(2π)
//! causal_softmax(a, s)  y[t, u] = softmax_{u ≤ t}(s · a[t, u]),  0 for u > t        (…, T, T)
//!                       ∂a = s · y ⊙ (∂y − Σ_u ∂y ⊙ y)
//! ```
//!
//! Each equals the composition it replaces to float rounding (tests below, forward and
//! gradients, f32 and f64), so `gpt.rs`'s PyTorch parity tests hold unchanged. The causal softmax
//! also skips the masked half of every row: exp is never taken of −∞.

use candle_core::{
    CpuStorage, CustomOp1, CustomOp2, Layout, Result, Shape, Tensor, WithDType, bail,
};
use llmpath_labs_deep::pool::per_part;

/// The row length, and the contiguous slice of `storage` that `layout` views.
fn rows<'a, T: WithDType>(storage: &'a CpuStorage, layout: &Layout) -> Result<(&'a [T], usize)> {
    let Some((start, end)) = layout.contiguous_offsets() else {
        bail!("fused ops need contiguous tensors")
    };
    let width = *layout.dims().last().unwrap_or(&1);
    Ok((&T::cpu_storage_as_slice(storage)?[start..end], width.max(1)))
}

/// A kernel: what it writes into output row r.
pub(crate) trait RowKernel<T>: Sync {
    fn row(&self, r: usize, out: &mut [T]);
}

/// The rows of one part, as pulp runs them: inlined (hence `inline(always)` down to the
/// element functions) into its AVX-512 or AVX2 function where the CPU has those, so the loops get
/// 16 or 8 floats a vector; the crate itself is built for baseline x86-64 (SSE2: 4). gemm
/// dispatches the same way.
struct Part<'a, T, K> {
    kernel: &'a K,
    out: &'a mut [T],
    width: usize,
    first: usize,
}

impl<T, K: RowKernel<T>> pulp::WithSimd for Part<'_, T, K> {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _: S) {
        for (i, row) in self.out.chunks_mut(self.width).enumerate() {
            self.kernel.row(self.first + i, row);
        }
    }
}

/// `kernel` on every row of `out` (rows of `width`), the rows split in contiguous parts over
/// the threads of candle's pool (`llmpath_labs_deep::pool`: its workers spin between candle's
/// ops, so a thread of our own would wait for their cores).
fn for_rows<T: Send, K: RowKernel<T>>(out: &mut [T], width: usize, kernel: &K) {
    let arch = pulp::Arch::new();
    let width = width.max(1);
    per_part(
        out,
        out.len().div_ceil(width),
        || (),
        |_, rows, out| arch.dispatch(Part { kernel, out, width, first: rows.start }),
    );
}

/// `kernel` on every row of `out` (rows of `width`, numbered from 0) on the calling thread: for
/// ops that split their own work over the threads (`attention`).
pub(crate) fn rows_here<T, K: RowKernel<T>>(out: &mut [T], width: usize, kernel: &K) {
    pulp::Arch::new().dispatch(Part { kernel, out, width: width.max(1), first: 0 })
}

/// A new tensor of `shape`, its rows of `width` written by `kernel`.
fn run<T: WithDType, K: RowKernel<T>>(
    kernel: &K,
    width: usize,
    shape: &Shape,
) -> Result<(CpuStorage, Shape)> {
    let mut out = vec![T::zero(); shape.elem_count()];
    for_rows(&mut out, width, kernel);
    Ok((T::to_cpu_storage_owned(out), shape.clone()))
}

/// Σ aᵢ·bᵢ (b None: Σ aᵢ) in f64, in eight interleaved partial sums: a single running float sum
/// must add in order, one element at a time; eight independent ones vectorize.
#[inline(always)]
fn dot<T: WithDType>(a: &[T], b: Option<&[T]>) -> f64 {
    let mut lanes = [0f64; 8];
    let (chunks, rest) = (a.chunks_exact(8), a.len() / 8 * 8);
    match b {
        Some(b) => {
            for (a, b) in chunks.zip(b.chunks_exact(8)) {
                for j in 0..8 {
                    lanes[j] += a[j].to_f64() * b[j].to_f64();
                }
            }
            lanes[0] += (a[rest..].iter().zip(&b[rest..]))
                .map(|(a, b)| a.to_f64() * b.to_f64())
                .sum::<f64>();
        }
        None => {
            for a in chunks {
                for j in 0..8 {
                    lanes[j] += a[j].to_f64();
                }
            }
            lanes[0] += a[rest..].iter().map(|a| a.to_f64()).sum::<f64>();
        }
    }
    lanes.iter().sum()
}

/// Runs `f32` or `f64` code on a CPU storage; other types are refused.
macro_rules! by_dtype {
    ($storage:expr, $f:ident($($arg:expr),*)) => {
        match $storage {
            CpuStorage::F32(_) => $f::<f32>($($arg),*),
            CpuStorage::F64(_) => $f::<f64>($($arg),*),
            _ => bail!("fused ops take f32 or f64 tensors"),
        }
    };
}

/// The element functions the kernels need. f64 computes them exactly (libm: the finite-difference
/// checks run in f64); f32 uses branch-free approximations that the compiler vectorizes, as
/// PyTorch's CPU kernels do (`at::vec`'s erf is the same Abramowitz–Stegun formula): a call
/// into libm per element was a fifth of a GPT training step.
pub(crate) trait Real: WithDType {
    fn exp(self) -> Self;
    /// (Φ(x), φ(x)) of the standard normal distribution.
    fn cdf_pdf(self) -> (Self, Self);
}

impl Real for f64 {
    #[inline(always)]
    fn exp(self) -> f64 {
        f64::exp(self)
    }
    #[inline(always)]
    fn cdf_pdf(self) -> (f64, f64) {
        let cdf =
            0.5 * (1.0 + candle_core::cpu::erf::erf_f64(self * std::f64::consts::FRAC_1_SQRT_2));
        (cdf, (-0.5 * self * self).exp() * 0.398_942_280_401_432_7) // 1/√(2π)
    }
}

impl Real for f32 {
    /// eˣ = 2ᵏ eʳ, k = round(x/ln 2), |r| ≤ ln 2 / 2, eʳ by its Taylor series to r⁶ (relative
    /// error below 2e-7); x clamped to [−87, 88], where f32 neither overflows nor goes subnormal.
    #[inline(always)]
    fn exp(self) -> f32 {
        // Adding 1.5 · 2²³ rounds to an integer, and leaves k in the low bits of the sum: 2ᵏ is
        // built from those bits (a float-to-int `as` saturates, a branch that stops vectorizing).
        const ROUND: f32 = 12_582_912.0;
        let x = self.clamp(-87.0, 88.0);
        let shifted = x * std::f32::consts::LOG2_E + ROUND;
        let k = shifted - ROUND;
        let r = x - k * 0.693_145_75 - k * 1.428_606_8e-6; // ln 2 in two parts: r exact
        let p = 1.0
            + r * (1.0
                + r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r / 720.0)))));
        let k_bits = shifted.to_bits().wrapping_sub(ROUND.to_bits());
        p * f32::from_bits(k_bits.wrapping_add(127) << 23)
    }
    /// erf by Abramowitz & Stegun 7.1.26 (absolute error ≤ 1.5e-7), sharing its e^(−x²/2) with φ.
    #[inline(always)]
    fn cdf_pdf(self) -> (f32, f32) {
        let z = self.abs() * std::f32::consts::FRAC_1_SQRT_2;
        let t = 1.0 / (1.0 + 0.327_591_1 * z);
        let poly = t
            * (0.254_829_6
                + t * (-0.284_496_7 + t * (1.421_413_7 + t * (-1.453_152_1 + t * 1.061_405_4))));
        let gauss = Real::exp(-z * z); // e^(−x²/2)
        let erf = (1.0 - poly * gauss).copysign(self);
        (0.5 * (1.0 + erf), gauss * 0.398_942_3)
    }
}

/// μ and 1/σ of one row.
#[inline(always)]
fn moments<T: WithDType>(row: &[T], eps: f64) -> (f64, f64) {
    let n = row.len() as f64;
    let mean = dot(row, None) / n;
    let var = (dot(row, Some(row)) / n - mean * mean).max(0.0);
    (mean, 1.0 / (var + eps).sqrt())
}

/// Layer norm over the last dimension with a gain and no bias (GPT-2 as nanoGPT trains it).
struct LayerNorm {
    eps: f64,
}

fn layer_norm_fwd<T: WithDType>(
    eps: f64,
    (x, lx): (&CpuStorage, &Layout),
    (gain, lg): (&CpuStorage, &Layout),
) -> Result<(CpuStorage, Shape)> {
    let ((x, c), (gain, _)) = (rows::<T>(x, lx)?, rows::<T>(gain, lg)?);
    run(&LayerNormRows { x, gain, eps }, c, lx.shape())
}

struct LayerNormRows<'a, T> {
    x: &'a [T],
    gain: &'a [T],
    eps: f64,
}

impl<T: WithDType> RowKernel<T> for LayerNormRows<'_, T> {
    #[inline(always)]
    fn row(&self, r: usize, y: &mut [T]) {
        let c = self.gain.len();
        let x = &self.x[r * c..(r + 1) * c];
        let (mean, inv_std) = moments(x, self.eps);
        let (mean, inv_std) = (T::from_f64(mean), T::from_f64(inv_std));
        for ((y, &x), &g) in y.iter_mut().zip(x).zip(self.gain) {
            *y = (x - mean) * inv_std * g;
        }
    }
}

impl CustomOp2 for LayerNorm {
    fn name(&self) -> &'static str {
        "layer-norm-gain"
    }
    fn cpu_fwd(
        &self,
        x: &CpuStorage,
        lx: &Layout,
        gain: &CpuStorage,
        lg: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        by_dtype!(x, layer_norm_fwd(self.eps, (x, lx), (gain, lg)))
    }
    fn bwd(
        &self,
        x: &Tensor,
        gain: &Tensor,
        _y: &Tensor,
        dy: &Tensor,
    ) -> Result<(Option<Tensor>, Option<Tensor>)> {
        // One op gives ∂x (the first N rows) and ∂γ (the last) of one buffer.
        let rows = x.elem_count() / gain.elem_count().max(1);
        let both =
            x.apply_op3_no_bwd(gain, &dy.contiguous()?, &LayerNormBackward { eps: self.eps })?;
        let (dx, dgain) = (both.narrow(0, 0, rows)?.reshape(x.shape())?, both.get(rows)?);
        Ok((Some(dx), Some(dgain)))
    }
}

/// (x, γ, ∂y) ↦ [∂x; ∂γ]: ∂x as N rows of C, then ∂γ as one more row.
struct LayerNormBackward {
    eps: f64,
}

fn layer_norm_bwd<T: WithDType>(
    eps: f64,
    (x, lx): (&CpuStorage, &Layout),
    (gain, lg): (&CpuStorage, &Layout),
    (dy, ld): (&CpuStorage, &Layout),
) -> Result<(CpuStorage, Shape)> {
    let ((x, c), (gain, _), (dy, _)) =
        (rows::<T>(x, lx)?, rows::<T>(gain, lg)?, rows::<T>(dy, ld)?);
    let rows = x.len() / c;
    let mut out = vec![T::zero(); x.len() + c];
    let (dx, dgain) = out.split_at_mut(x.len());
    for_rows(dx, c, &LayerNormBackRows { x, gain, dy, eps });
    pulp::Arch::new().dispatch(GainGradient { x, dy, eps, dgain });
    Ok((T::to_cpu_storage_owned(out), Shape::from((rows + 1, c))))
}

/// ∂γ = Σ_rows ∂y ⊙ x̂, one row after another, each added across the C entries at once.
struct GainGradient<'a, T> {
    x: &'a [T],
    dy: &'a [T],
    eps: f64,
    dgain: &'a mut [T],
}

impl<T: WithDType> pulp::WithSimd for GainGradient<'_, T> {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _: S) {
        let c = self.dgain.len();
        for (x, dy) in self.x.chunks_exact(c).zip(self.dy.chunks_exact(c)) {
            let (mean, inv_std) = moments(x, self.eps);
            let (mean, inv_std) = (T::from_f64(mean), T::from_f64(inv_std));
            for ((dgain, &x), &dy) in self.dgain.iter_mut().zip(x).zip(dy) {
                *dgain += dy * (x - mean) * inv_std;
            }
        }
    }
}

struct LayerNormBackRows<'a, T> {
    x: &'a [T],
    gain: &'a [T],
    dy: &'a [T],
    eps: f64,
}

impl<T: WithDType> RowKernel<T> for LayerNormBackRows<'_, T> {
    /// ∂x = (1/σ)(ĝ − mean ĝ − x̂ mean(ĝ ⊙ x̂)), with Σ ĝ x̂ = (Σ ĝ x − μ Σ ĝ)/σ.
    #[inline(always)]
    fn row(&self, r: usize, out: &mut [T]) {
        let c = self.gain.len();
        let (x, dy) = (&self.x[r * c..(r + 1) * c], &self.dy[r * c..(r + 1) * c]);
        let (mean, inv_std) = moments(x, self.eps);
        let (mut sum_g, mut sum_gx) = ([0f64; 8], [0f64; 8]);
        for ((x, dy), g) in x.chunks_exact(8).zip(dy.chunks_exact(8)).zip(self.gain.chunks_exact(8))
        {
            for j in 0..8 {
                let ghat = dy[j].to_f64() * g[j].to_f64();
                (sum_g[j], sum_gx[j]) = (sum_g[j] + ghat, sum_gx[j] + ghat * x[j].to_f64());
            }
        }
        let rest = c / 8 * 8;
        for i in rest..c {
            let ghat = dy[i].to_f64() * self.gain[i].to_f64();
            (sum_g[0], sum_gx[0]) = (sum_g[0] + ghat, sum_gx[0] + ghat * x[i].to_f64());
        }
        let (sum_g, sum_gx) = (sum_g.iter().sum::<f64>(), sum_gx.iter().sum::<f64>());
        let mean_g = sum_g / c as f64;
        let mean_gxhat = (sum_gx - mean * sum_g) * inv_std / c as f64;
        let [mean, inv_std, mean_g, mean_gxhat] =
            [mean, inv_std, mean_g, mean_gxhat].map(T::from_f64);
        for ((dx, (&x, &dy)), &g) in out.iter_mut().zip(x.iter().zip(dy)).zip(self.gain) {
            let xhat = (x - mean) * inv_std;
            *dx = inv_std * (dy * g - mean_g - xhat * mean_gxhat);
        }
    }
}

impl candle_core::CustomOp3 for LayerNormBackward {
    fn name(&self) -> &'static str {
        "layer-norm-gain-backward"
    }
    fn cpu_fwd(
        &self,
        x: &CpuStorage,
        lx: &Layout,
        gain: &CpuStorage,
        lg: &Layout,
        dy: &CpuStorage,
        ld: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        by_dtype!(x, layer_norm_bwd(self.eps, (x, lx), (gain, lg), (dy, ld)))
    }
}

/// γ ⊙ (x − μ)/√(var x + ε) over the last dimension of `x`, `gain` (C,).
pub fn layer_norm(x: &Tensor, gain: &Tensor, eps: f64) -> Result<Tensor> {
    x.contiguous()?.apply_op2(&gain.contiguous()?, LayerNorm { eps })
}

/// GELU with the exact (erf) Φ, as PyTorch's `nn.GELU()`.
struct Gelu;

fn gelu_fwd<T: Real>(x: &CpuStorage, lx: &Layout) -> Result<(CpuStorage, Shape)> {
    let (x, _) = rows::<T>(x, lx)?;
    run(&GeluRows { x }, BLOCK, lx.shape())
}

/// Element-wise kernels work in blocks of this many elements.
const BLOCK: usize = 4096;

struct GeluRows<'a, T> {
    x: &'a [T],
}

impl<T: Real> RowKernel<T> for GeluRows<'_, T> {
    #[inline(always)]
    fn row(&self, r: usize, y: &mut [T]) {
        for (y, &x) in y.iter_mut().zip(&self.x[r * BLOCK..]) {
            *y = x * x.cdf_pdf().0;
        }
    }
}

impl CustomOp1 for Gelu {
    fn name(&self) -> &'static str {
        "gelu-erf"
    }
    fn cpu_fwd(&self, x: &CpuStorage, lx: &Layout) -> Result<(CpuStorage, Shape)> {
        by_dtype!(x, gelu_fwd(x, lx))
    }
    fn bwd(&self, x: &Tensor, _y: &Tensor, dy: &Tensor) -> Result<Option<Tensor>> {
        Ok(Some(x.apply_op2_no_bwd(&dy.contiguous()?, &GeluBackward)?))
    }
}

/// (x, ∂y) ↦ ∂y (Φ(x) + x φ(x)).
struct GeluBackward;

fn gelu_bwd<T: Real>(
    (x, lx): (&CpuStorage, &Layout),
    (dy, ld): (&CpuStorage, &Layout),
) -> Result<(CpuStorage, Shape)> {
    let ((x, _), (dy, _)) = (rows::<T>(x, lx)?, rows::<T>(dy, ld)?);
    run(&GeluBackRows { x, dy }, BLOCK, lx.shape())
}

struct GeluBackRows<'a, T> {
    x: &'a [T],
    dy: &'a [T],
}

impl<T: Real> RowKernel<T> for GeluBackRows<'_, T> {
    #[inline(always)]
    fn row(&self, r: usize, dx: &mut [T]) {
        let (x, dy) = (&self.x[r * BLOCK..], &self.dy[r * BLOCK..]);
        for ((dx, &x), &dy) in dx.iter_mut().zip(x).zip(dy) {
            let (cdf, pdf) = x.cdf_pdf();
            *dx = dy * (cdf + x * pdf);
        }
    }
}

impl CustomOp2 for GeluBackward {
    fn name(&self) -> &'static str {
        "gelu-erf-backward"
    }
    fn cpu_fwd(
        &self,
        x: &CpuStorage,
        lx: &Layout,
        dy: &CpuStorage,
        ld: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        by_dtype!(x, gelu_bwd((x, lx), (dy, ld)))
    }
}

/// x Φ(x), element-wise.
pub fn gelu(x: &Tensor) -> Result<Tensor> {
    x.contiguous()?.apply_op1(Gelu)
}

/// Softmax of `scale` · the scores at or before each row's own position (the causal mask).
struct CausalSoftmax {
    scale: f64,
}

fn causal_softmax_fwd<T: Real>(
    scale: f64,
    a: &CpuStorage,
    la: &Layout,
) -> Result<(CpuStorage, Shape)> {
    let (a, t) = rows::<T>(a, la)?;
    run(&SoftmaxRows { a, scale: T::from_f64(scale) }, t, la.shape())
}

pub(crate) struct SoftmaxRows<'a, T> {
    pub(crate) a: &'a [T],
    pub(crate) scale: T,
}

impl<T: Real> RowKernel<T> for SoftmaxRows<'_, T> {
    /// Row r of the (…, T, T) scores is query position r mod T: it sees keys 0..=r mod T.
    #[inline(always)]
    fn row(&self, r: usize, y: &mut [T]) {
        let t = y.len();
        let seen = r % t + 1;
        let (a, y) = (&self.a[r * t..r * t + seen], &mut y[..seen]);
        let max = a.iter().fold(a[0], |m, &v| if v > m { v } else { m });
        for (y, &a) in y.iter_mut().zip(a) {
            *y = (self.scale * (a - max)).exp();
        }
        let inv_sum = T::one() / T::from_f64(dot(y, None));
        for y in y.iter_mut() {
            *y *= inv_sum;
        }
    }
}

impl CustomOp1 for CausalSoftmax {
    fn name(&self) -> &'static str {
        "causal-softmax"
    }
    fn cpu_fwd(&self, a: &CpuStorage, la: &Layout) -> Result<(CpuStorage, Shape)> {
        let (rows, cols) = match la.dims() {
            [.., r, c] => (*r, *c),
            _ => bail!("causal softmax needs (…, T, T) scores"),
        };
        if rows != cols {
            bail!("causal softmax needs square (T, T) scores, not ({rows}, {cols})");
        }
        by_dtype!(a, causal_softmax_fwd(self.scale, a, la))
    }
    fn bwd(&self, _a: &Tensor, y: &Tensor, dy: &Tensor) -> Result<Option<Tensor>> {
        let op = SoftmaxBackward { scale: self.scale };
        Ok(Some(y.apply_op2_no_bwd(&dy.contiguous()?, &op)?))
    }
}

/// (y, ∂y) ↦ scale · y ⊙ (∂y − Σ_u ∂y ⊙ y), row by row (masked entries have y = 0: ∂a = 0).
struct SoftmaxBackward {
    scale: f64,
}

fn softmax_bwd<T: Real>(
    scale: f64,
    (y, ly): (&CpuStorage, &Layout),
    (dy, ld): (&CpuStorage, &Layout),
) -> Result<(CpuStorage, Shape)> {
    let ((y, t), (dy, _)) = (rows::<T>(y, ly)?, rows::<T>(dy, ld)?);
    run(&SoftmaxBackRows { y, dy, scale: T::from_f64(scale) }, t, ly.shape())
}

pub(crate) struct SoftmaxBackRows<'a, T> {
    pub(crate) y: &'a [T],
    pub(crate) dy: &'a [T],
    pub(crate) scale: T,
}

impl<T: Real> RowKernel<T> for SoftmaxBackRows<'_, T> {
    #[inline(always)]
    fn row(&self, r: usize, da: &mut [T]) {
        let t = da.len();
        let (y, dy) = (&self.y[r * t..(r + 1) * t], &self.dy[r * t..(r + 1) * t]);
        let dot = T::from_f64(dot(y, Some(dy)));
        for ((da, &y), &dy) in da.iter_mut().zip(y).zip(dy) {
            *da = self.scale * y * (dy - dot);
        }
    }
}

impl CustomOp2 for SoftmaxBackward {
    fn name(&self) -> &'static str {
        "causal-softmax-backward"
    }
    fn cpu_fwd(
        &self,
        y: &CpuStorage,
        ly: &Layout,
        dy: &CpuStorage,
        ld: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        by_dtype!(y, softmax_bwd(self.scale, (y, ly), (dy, ld)))
    }
}

/// softmax(scale · scores + M) over the last dimension, M the causal mask (0 at u ≤ t, −∞ after):
/// scores (…, T, T).
pub fn causal_softmax(scores: &Tensor, scale: f64) -> Result<Tensor> {
    scores.contiguous()?.apply_op1(CausalSoftmax { scale })
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{D, DType, Device, Var};

    /// Inputs from SplitMix64 in [−2, 2), as a trainable variable.
    fn var(shape: &[usize], stream: u64, dtype: DType) -> Var {
        let n: usize = shape.iter().product();
        let v: Vec<f64> =
            (0..n as u64).map(|i| 4.0 * llmpath_labs_neural::uniform(stream, i) - 2.0).collect();
        let t = Tensor::from_vec(v, shape, &Device::Cpu).unwrap().to_dtype(dtype).unwrap();
        Var::from_tensor(&t).unwrap()
    }

    /// The largest |a − b| over two tensors' elements, relative to max(1, the largest |b|).
    fn gap(a: &Tensor, b: &Tensor) -> f64 {
        let max_abs = |t: &Tensor| {
            let t = t.abs().unwrap().flatten_all().unwrap().max(0).unwrap();
            t.to_dtype(DType::F64).unwrap().to_scalar::<f64>().unwrap()
        };
        max_abs(&(a - b).unwrap()) / max_abs(b).max(1.0)
    }

    /// Forward values and the gradients of Σ w ⊙ y with respect to every input agree between
    /// the fused op and candle's composition.
    fn same(fused: &Tensor, reference: &Tensor, inputs: &[&Var], tolerance: f64) {
        assert!(gap(fused, reference) < tolerance, "forward: {}", gap(fused, reference));
        let w = var(fused.dims(), 99, fused.dtype());
        let grads =
            |y: &Tensor| (y * w.as_tensor()).unwrap().sum_all().unwrap().backward().unwrap();
        let (gf, gr) = (grads(fused), grads(reference));
        for (k, input) in inputs.iter().enumerate() {
            let (a, b) = (gf.get(input).unwrap(), gr.get(input).unwrap());
            assert!(gap(a, b) < tolerance, "gradient of input {k}: {}", gap(a, b));
        }
    }

    #[test]
    fn f32_exp_and_normal_cdf_pdf_are_within_their_stated_errors() {
        let (mut exp_error, mut cdf_error, mut pdf_error) = (0f64, 0f64, 0f64);
        for i in -80_000..=80_000 {
            let x = i as f32 / 1000.0; // [−80, 80] for exp
            let exact = (x as f64).exp();
            exp_error = exp_error.max((Real::exp(x) as f64 - exact).abs() / exact);
            let x = x / 10.0; // [−8, 8] for Φ and φ
            let (cdf, pdf) = x.cdf_pdf();
            let (exact_cdf, exact_pdf) = (x as f64).cdf_pdf();
            cdf_error = cdf_error.max((cdf as f64 - exact_cdf).abs());
            pdf_error = pdf_error.max((pdf as f64 - exact_pdf).abs());
        }
        assert!(exp_error < 3e-7, "exp: {exp_error}");
        // Φ: A&S's 1.5e-7 on erf, halved, plus f32 rounding in the polynomial.
        assert!(cdf_error < 4e-7 && pdf_error < 1e-7, "Φ: {cdf_error}, φ: {pdf_error}");
        assert_eq!(Real::exp(-1000f32), Real::exp(-87f32)); // clamped, not 0 · ∞
    }

    #[test]
    fn fused_layer_norm_equals_candles_with_its_gradients() {
        for (dtype, tolerance) in [(DType::F32, 2e-5), (DType::F64, 1e-12)] {
            let (x, gain) = (var(&[2, 5, 16], 1, dtype), var(&[16], 2, dtype));
            let fused = layer_norm(&x, &gain, 1e-5).unwrap();
            let reference = candle_nn::LayerNorm::new_no_bias(gain.as_tensor().clone(), 1e-5);
            let reference = candle_nn::Module::forward(&reference, x.as_tensor()).unwrap();
            same(&fused, &reference, &[&x, &gain], tolerance);
        }
    }

    #[test]
    fn fused_gelu_equals_candles_gelu_erf_with_its_gradient() {
        // candle's backward rounds 1/√(2π) to 0.398942: 7e-7 relative in f64.
        for (dtype, tolerance) in [(DType::F32, 1e-6), (DType::F64, 1e-6)] {
            let x = var(&[3, 7, 11], 3, dtype);
            let x3 = (x.as_tensor() * 3.0).unwrap(); // reach the tails: [−6, 6)
            let fused = gelu(&x3).unwrap();
            same(&fused, &x3.gelu_erf().unwrap(), &[&x], tolerance);
        }
    }

    #[test]
    fn causal_softmax_equals_the_masked_softmax_with_its_gradient() {
        for (dtype, tolerance) in [(DType::F32, 1e-6), (DType::F64, 1e-13)] {
            let a = var(&[2, 3, 6, 6], 4, dtype);
            let scale = 0.35;
            let mask = crate::gpt::causal_mask(6, &Device::Cpu).unwrap().to_dtype(dtype).unwrap();
            let scores = (a.as_tensor() * scale).unwrap().broadcast_add(&mask).unwrap();
            let reference = candle_nn::ops::softmax(&scores, D::Minus1).unwrap();
            let fused = causal_softmax(a.as_tensor(), scale).unwrap();
            same(&fused, &reference, &[&a], tolerance);
            // Above the diagonal: exactly 0.
            let row = fused.get(1).unwrap().get(2).unwrap().get(1).unwrap();
            assert_eq!(row.to_dtype(DType::F64).unwrap().to_vec1::<f64>().unwrap()[2..], [0.0; 4]);
        }
        assert!(
            causal_softmax(&Tensor::zeros((2, 3), DType::F32, &Device::Cpu).unwrap(), 1.0).is_err()
        );
    }
}
