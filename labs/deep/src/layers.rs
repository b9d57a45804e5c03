//! Layers candle lacks, gets wrong or makes slow (candle 0.11.1), and the convolution of
//! [`crate::conv`] and the fully connected layer of [`crate::linear`]:
//!
//! ```text
//! batch norm  y = γ (x − μ_B)/√(σ²_B + ε) + β, per channel over (B, H, W)
//! max-pool  y[i, j] = max(x[2i, 2j], x[2i, 2j+1], x[2i+1, 2j], x[2i+1, 2j+1])
//! dropout   h ← h ⊙ m / (1 − p),  mₖ ~ Bernoulli(1 − p)                   (training only)
//! ```
//!
//! References: Ioffe & Szegedy, "Batch normalization", ICML (2015); Srivastava et al.,
//! "Dropout", JMLR 15 (2014).

use std::sync::{Arc, Mutex};

use candle_core::{
    CpuStorage, CustomOp1, CustomOp2, CustomOp3, DType, Layout, ModuleT, Result, Shape, Tensor, Var,
};
use candle_nn::BatchNorm;
use rand::Rng;
use rand::rngs::StdRng;

pub use crate::conv::conv2d;
pub use crate::linear::linear;
use crate::pool::{f32s, per_image, per_part};

/// Batch normalisation of (B, C, H, W) over (B, H, W) per channel (Ioffe & Szegedy 2015). In
/// training mode it is one op whose backward is the closed form
/// ∂L/∂x = γ/σ · (ḡ − mean(ḡ) − x̂ · mean(ḡ ⊙ x̂)), ∂L/∂γ = Σ ḡ ⊙ x̂, ∂L/∂β = Σ ḡ,
/// where candle's `BatchNorm::forward_train` is a dozen ops each with its own backward (1.6× a
/// PyTorch step of it); then the running statistics move as PyTorch's do: r ← (1 − m)·r + m·s,
/// with the unbiased variance. Evaluation mode, and anything but f32 (B, C, H, W), is candle's.
pub fn batch_norm(x: &Tensor, bn: &BatchNorm, train: bool) -> Result<Tensor> {
    let Some((gamma, beta)) = bn.weight_and_bias().filter(|_| train && x.dtype() == DType::F32)
    else {
        return bn.forward_t(x, train);
    };
    let (b, c, h, w) = x.dims4()?;
    let stats = Arc::new(Mutex::new(Vec::new()));
    let op = BatchNormOp { eps: bn.eps(), stats: stats.clone() };
    let y = x.contiguous()?.apply_op3(gamma, beta, op)?;
    let (mean, var): (Vec<f32>, Vec<f32>) = match stats.lock() {
        Ok(stats) => stats.iter().map(|&(m, v)| (m as f32, v as f32)).unzip(),
        Err(_) => candle_core::bail!("batch norm statistics unavailable"),
    };
    let (m, n) = (bn.momentum(), (b * h * w) as f64);
    let unbiased = Tensor::from_vec(var, c, x.device())? * (n / (n - 1.0));
    let running = |r: &Tensor, batch: Tensor| -> Result<()> {
        Var::from_tensor(r)?.set(&((r * (1.0 - m))? + (batch * m)?)?)
    };
    running(bn.running_mean(), Tensor::from_vec(mean, c, x.device())?)?;
    running(bn.running_var(), unbiased?)?;
    Ok(y)
}

/// Training-mode batch norm y = γ·(x − μ)/σ + β, σ = √(var + ε); keeps the batch's (μ, var) per
/// channel for the running statistics and the backward.
struct BatchNormOp {
    eps: f64,
    stats: Arc<Mutex<Vec<(f64, f64)>>>,
}

/// Σ f(xᵢ, gᵢ) over a plane, in 16 f32 lanes (which the compiler vectorises) summed in f64.
fn plane_sum(x: &[f32], g: &[f32], f: impl Fn(f32, f32) -> f32) -> f64 {
    let mut lanes = [0f32; 16];
    let (xs, gs) = (x.chunks_exact(16), g.chunks_exact(16));
    let tail: f32 = xs.remainder().iter().zip(gs.remainder()).map(|(&x, &g)| f(x, g)).sum();
    for (x, g) in xs.zip(gs) {
        for i in 0..16 {
            lanes[i] += f(x[i], g[i]);
        }
    }
    lanes.iter().map(|&v| f64::from(v)).sum::<f64>() + f64::from(tail)
}

/// Per channel of contiguous (B, C, P) values x and g: Σ_b Σ_p f(x, g, channel), with the
/// images split over threads.
fn channel_sums(
    (x, g): (&[f32], &[f32]),
    (channels, plane): (usize, usize),
    f: impl Fn(f32, f32, usize) -> f32 + Sync,
) -> Vec<f64> {
    let image = channels * plane;
    let partials = per_image(
        &mut [0f32; 0],
        x.len() / image,
        || vec![0f64; channels],
        |sums, b, _| {
            for (c, sum) in sums.iter_mut().enumerate() {
                let at = b * image + c * plane..b * image + (c + 1) * plane;
                *sum += plane_sum(&x[at.clone()], &g[at], |x, g| f(x, g, c));
            }
        },
    );
    let mut sums = vec![0f64; channels];
    for partial in partials {
        sums.iter_mut().zip(partial).for_each(|(sum, v)| *sum += v);
    }
    sums
}

impl CustomOp3 for BatchNormOp {
    fn name(&self) -> &'static str {
        "batch-norm"
    }

    fn cpu_fwd(
        &self,
        xs: &CpuStorage,
        xl: &Layout,
        gs: &CpuStorage,
        gl: &Layout,
        bs: &CpuStorage,
        bl: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let (x, gamma, beta) = (f32s(xs, xl)?, f32s(gs, gl)?, f32s(bs, bl)?);
        let (channels, plane) = (xl.dims()[1], xl.dims()[2..].iter().product::<usize>());
        let n = (x.len() / channels) as f64;
        let mean: Vec<f64> =
            channel_sums((x, x), (channels, plane), |x, _, _| x).iter().map(|s| s / n).collect();
        let means: Vec<f32> = mean.iter().map(|&m| m as f32).collect();
        let square = |x: f32, _, c: usize| (x - means[c]) * (x - means[c]);
        let var = channel_sums((x, x), (channels, plane), square).into_iter().map(|s| s / n);
        let stats: Vec<(f64, f64)> = mean.iter().copied().zip(var).collect();
        // y = x·scale + shift per channel, scale = γ/σ, shift = β − μ·scale.
        let affine: Vec<(f32, f32)> = (stats.iter().enumerate())
            .map(|(c, &(mean, var))| {
                let scale = f64::from(gamma[c]) / (var + self.eps).sqrt();
                (scale as f32, (f64::from(beta[c]) - mean * scale) as f32)
            })
            .collect();
        let mut y = vec![0f32; x.len()];
        let image = channels * plane;
        per_image(
            &mut y,
            x.len() / image,
            || (),
            |_, b, y| {
                for (c, &(scale, shift)) in affine.iter().enumerate() {
                    let (y, x) = (&mut y[c * plane..(c + 1) * plane], &x[b * image + c * plane..]);
                    y.iter_mut().zip(x).for_each(|(y, &x)| *y = x * scale + shift);
                }
            },
        );
        if let Ok(mut kept) = self.stats.lock() {
            *kept = stats;
        }
        Ok((CpuStorage::F32(y), xl.shape().clone()))
    }

    fn bwd(
        &self,
        x: &Tensor,
        gamma: &Tensor,
        _beta: &Tensor,
        _y: &Tensor,
        grad_y: &Tensor,
    ) -> Result<(Option<Tensor>, Option<Tensor>, Option<Tensor>)> {
        let stats = match self.stats.lock() {
            Ok(stats) => stats.clone(),
            Err(_) => candle_core::bail!("batch norm statistics unavailable"),
        };
        let op = BatchNormGrad { eps: self.eps, stats };
        let grads = x.apply_op3_no_bwd(&grad_y.contiguous()?, gamma, &op)?; // [∂x; ∂γ; ∂β]
        let (n, c) = (x.elem_count(), gamma.elem_count());
        Ok((
            Some(grads.narrow(0, 0, n)?.reshape(x.shape())?),
            Some(grads.narrow(0, n, c)?),
            Some(grads.narrow(0, n + c, c)?),
        ))
    }
}

/// Batch norm's backward, (x, ∂y, γ) → [∂x; ∂γ; ∂β] flat, from the forward's (μ, var):
/// with x̂ = (x − μ)/σ, S_g = Σ ḡ and S_gx = Σ ḡ·(x − μ) over a channel's n values,
/// ∂x = γ/σ · (ḡ − S_g/n − x̂·S_gx/(nσ)) = k₁·ḡ − k₂·x + k₀, ∂γ = S_gx/σ, ∂β = S_g.
struct BatchNormGrad {
    eps: f64,
    stats: Vec<(f64, f64)>,
}

impl CustomOp3 for BatchNormGrad {
    fn name(&self) -> &'static str {
        "batch-norm-grad"
    }

    fn cpu_fwd(
        &self,
        xs: &CpuStorage,
        xl: &Layout,
        dys: &CpuStorage,
        dyl: &Layout,
        gs: &CpuStorage,
        gl: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let (x, dy, gamma) = (f32s(xs, xl)?, f32s(dys, dyl)?, f32s(gs, gl)?);
        let (channels, plane) = (xl.dims()[1], xl.dims()[2..].iter().product::<usize>());
        let n = (x.len() / channels) as f64;
        let means: Vec<f32> = self.stats.iter().map(|&(m, _)| m as f32).collect();
        let sum_g = channel_sums((dy, dy), (channels, plane), |g, _, _| g);
        let sum_gx = channel_sums((x, dy), (channels, plane), |x, g, c| g * (x - means[c]));
        let coefficients: Vec<[f32; 3]> = (self.stats.iter().enumerate())
            .map(|(c, &(mean, var))| {
                let inv_std = 1.0 / (var + self.eps).sqrt();
                let k1 = f64::from(gamma[c]) * inv_std;
                let k2 = k1 * inv_std * inv_std * sum_gx[c] / n;
                [k1 as f32, k2 as f32, (k2 * mean - k1 * sum_g[c] / n) as f32]
            })
            .collect();
        let image = channels * plane;
        let mut grads = vec![0f32; x.len() + 2 * channels];
        per_image(
            &mut grads[..x.len()],
            x.len() / image,
            || (),
            |_, b, dx| {
                for (c, &[k1, k2, k0]) in coefficients.iter().enumerate() {
                    let at = b * image + c * plane..b * image + (c + 1) * plane;
                    let dx = dx[c * plane..(c + 1) * plane].iter_mut();
                    dx.zip(&dy[at.clone()]).zip(&x[at]).for_each(|((dx, &g), &x)| {
                        *dx = k1 * g - k2 * x + k0;
                    });
                }
            },
        );
        for (c, &(_, var)) in self.stats.iter().enumerate() {
            grads[x.len() + c] = (sum_gx[c] / (var + self.eps).sqrt()) as f32;
            grads[x.len() + channels + c] = sum_g[c] as f32;
        }
        let len = grads.len();
        Ok((CpuStorage::F32(grads), Shape::from(len)))
    }
}

/// 2×2 max-pooling with stride 2 of (B, C, H, W), H and W even, as one op whose backward sends
/// each window's gradient to the window's first maximum (PyTorch's rule), found again from the
/// input. candle 0.11.1's `max_pool2d` scales that gradient by a quarter (test below), and a
/// reshape with two `max` reductions, right but a chain of compares and masks, took twice
/// PyTorch's time.
pub fn max_pool2(h: &Tensor) -> Result<Tensor> {
    let (_, _, height, width) = h.dims4()?;
    if height % 2 != 0 || width % 2 != 0 || h.dtype() != DType::F32 {
        candle_core::bail!(
            "max_pool2 takes f32 (B, C, H, W) with H and W even, not {:?}",
            h.shape()
        );
    }
    h.contiguous()?.apply_op1(MaxPool2)
}

struct MaxPool2;

/// Calls `f([row 2i, row 2i + 1], out_i)` for each pair of rows of x (B, C, H, W) and row i of
/// `out` (B, C, H/2, ·), the planes split over threads.
fn row_pairs(
    (x, dims): (&[f32], &[usize]),
    out: &mut [f32],
    f: impl Fn([&[f32]; 2], &mut [f32]) + Sync,
) {
    let (planes, h, w) = (dims[0] * dims[1], dims[2], dims[3]);
    per_image(
        out,
        planes,
        || (),
        |_, p, out| {
            let x = &x[p * h * w..(p + 1) * h * w];
            let row_out = out.len() / (h / 2);
            for (pair, out) in x.chunks_exact(2 * w).zip(out.chunks_exact_mut(row_out)) {
                f([&pair[..w], &pair[w..]], out);
            }
        },
    );
}

impl CustomOp1 for MaxPool2 {
    fn name(&self) -> &'static str {
        "max-pool-2x2"
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let (x, dims) = (f32s(storage, layout)?, layout.dims());
        let mut y = vec![0f32; x.len() / 4];
        row_pairs((x, dims), &mut y, |[top, bottom], y| {
            let windows = top.chunks_exact(2).zip(bottom.chunks_exact(2));
            for (y, (a, b)) in y.iter_mut().zip(windows) {
                *y = a[0].max(a[1]).max(b[0].max(b[1]));
            }
        });
        Ok((CpuStorage::F32(y), Shape::from((dims[0], dims[1], dims[2] / 2, dims[3] / 2))))
    }

    fn bwd(&self, x: &Tensor, _y: &Tensor, dy: &Tensor) -> Result<Option<Tensor>> {
        Ok(Some(x.apply_op2_no_bwd(&dy.contiguous()?, &MaxPool2Backward)?))
    }
}

/// (x, ∂y) ↦ ∂x: ∂y at each window's first maximum (in the order top left, top right, bottom
/// left, bottom right), 0 elsewhere.
struct MaxPool2Backward;

impl CustomOp2 for MaxPool2Backward {
    fn name(&self) -> &'static str {
        "max-pool-2x2-backward"
    }

    fn cpu_fwd(
        &self,
        x: &CpuStorage,
        lx: &Layout,
        dy: &CpuStorage,
        ld: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let (x, dy, dims) = (f32s(x, lx)?, f32s(dy, ld)?, lx.dims());
        let (plane, w) = (dims[2] * dims[3], dims[3]);
        let mut dx = vec![0f32; x.len()];
        per_image(
            &mut dx,
            dims[0] * dims[1],
            || (),
            |_, p, dx| {
                let (x, dy) =
                    (&x[p * plane..(p + 1) * plane], &dy[p * plane / 4..(p + 1) * plane / 4]);
                let rows = x.chunks_exact(2 * w).zip(dx.chunks_exact_mut(2 * w));
                for ((pair, dx), dy) in rows.zip(dy.chunks_exact(w / 2)) {
                    let ((top, bottom), (dx_top, dx_bottom)) =
                        (pair.split_at(w), dx.split_at_mut(w));
                    for (j, &g) in dy.iter().enumerate() {
                        let (a0, a1, b0, b1) =
                            (top[2 * j], top[2 * j + 1], bottom[2 * j], bottom[2 * j + 1]);
                        let max = a0.max(a1).max(b0.max(b1));
                        if a0 == max {
                            dx_top[2 * j] = g;
                        } else if a1 == max {
                            dx_top[2 * j + 1] = g;
                        } else if b0 == max {
                            dx_bottom[2 * j] = g;
                        } else {
                            dx_bottom[2 * j + 1] = g;
                        }
                    }
                }
            },
        );
        Ok((CpuStorage::F32(dx), lx.shape().clone()))
    }
}

/// max(0, x) as one op whose backward passes ∂y where the output is positive (PyTorch's
/// `threshold_backward`); candle's is a compare, a cast and a product, three passes and their
/// allocations.
pub fn relu(x: &Tensor) -> Result<Tensor> {
    if x.dtype() != DType::F32 {
        return x.relu();
    }
    x.contiguous()?.apply_op1(Relu)
}

struct Relu;

impl CustomOp1 for Relu {
    fn name(&self) -> &'static str {
        "relu"
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let x = f32s(storage, layout)?;
        let mut y = vec![0f32; x.len()];
        per_part(
            &mut y,
            x.len(),
            || (),
            |_, at, y| {
                y.iter_mut().zip(&x[at]).for_each(|(y, x)| *y = x.max(0.0));
            },
        );
        Ok((CpuStorage::F32(y), layout.shape().clone()))
    }

    fn bwd(&self, _x: &Tensor, y: &Tensor, dy: &Tensor) -> Result<Option<Tensor>> {
        Ok(Some(y.apply_op2_no_bwd(&dy.contiguous()?, &ReluBackward)?))
    }
}

/// (y, ∂y) ↦ ∂y where y > 0, else 0.
struct ReluBackward;

impl CustomOp2 for ReluBackward {
    fn name(&self) -> &'static str {
        "relu-backward"
    }

    fn cpu_fwd(
        &self,
        y: &CpuStorage,
        ly: &Layout,
        dy: &CpuStorage,
        ld: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let (y, dy) = (f32s(y, ly)?, f32s(dy, ld)?);
        let mut dx = vec![0f32; y.len()];
        per_part(
            &mut dx,
            y.len(),
            || (),
            |_, at, dx| {
                let pairs = y[at.clone()].iter().zip(&dy[at]);
                dx.iter_mut()
                    .zip(pairs)
                    .for_each(|(dx, (&y, &d))| *dx = if y > 0.0 { d } else { 0.0 });
            },
        );
        Ok((CpuStorage::F32(dx), ly.shape().clone()))
    }
}

/// Inverted dropout: zero each unit with probability p, scale the rest by 1/(1 − p). Without a
/// generator (evaluation) the identity.
pub fn dropout(h: &Tensor, p: f32, rng: Option<&mut StdRng>) -> Result<Tensor> {
    let Some(rng) = rng else { return Ok(h.clone()) };
    let mask: Vec<f32> = (0..h.elem_count())
        .map(|_| if rng.random::<f32>() < p { 0.0 } else { 1.0 / (1.0 - p) })
        .collect();
    h * Tensor::from_vec(mask, h.shape(), h.device())?
}

#[cfg(test)]
pub(crate) mod tests {
    use candle_core::{DType, Device, Var};
    use rand::SeedableRng;

    use super::*;
    use crate::init::uniforms;

    /// max |a − b| over two tensors (the conv module's tests use it too).
    pub(crate) fn gap(a: &Tensor, b: &Tensor) -> f32 {
        (a - b).unwrap().abs().unwrap().max_all().unwrap().to_scalar::<f32>().unwrap()
    }

    #[test]
    fn fused_batch_norm_equals_candles_forward_backward_and_running_statistics() {
        let dev = Device::Cpu;
        let x = Var::from_vec(uniforms(8, 0, 4 * 3 * 5 * 5), (4, 3, 5, 5), &dev).unwrap();
        let r = Tensor::from_vec(uniforms(9, 0, 4 * 3 * 5 * 5), (4, 3, 5, 5), &dev).unwrap();
        // Two batch norms with the same γ, β (trainable) and running statistics.
        let make = || {
            let t = |seed, shift: f32| {
                let v: Vec<f32> = uniforms(seed, 0, 3).iter().map(|u| u + shift).collect();
                Tensor::from_vec(v, 3, &dev).unwrap()
            };
            let (gamma, beta) =
                (Var::from_tensor(&t(10, 0.5)).unwrap(), Var::from_tensor(&t(11, -0.5)).unwrap());
            let bn = BatchNorm::new(
                3,
                t(12, 0.0),
                t(13, 1.0),
                gamma.as_tensor().clone(),
                beta.as_tensor().clone(),
                1e-5,
            );
            (bn.unwrap(), gamma, beta)
        };
        let ((ours_bn, g1, b1), (candle_bn, g2, b2)) = (make(), make());
        let ours = batch_norm(&x, &ours_bn, true).unwrap();
        let candle = candle_bn.forward_train(&x).unwrap();
        assert!(gap(&ours, &candle) < 1e-5, "outputs {}", gap(&ours, &candle));
        let grads = |y: &Tensor| (y * &r).unwrap().sum_all().unwrap().backward().unwrap();
        let (ours_g, candle_g) = (grads(&ours), grads(&candle));
        for (a, b, what) in [(x.as_tensor(), x.as_tensor(), "x"), (&g1, &g2, "γ"), (&b1, &b2, "β")]
        {
            let (ga, gb) = (ours_g.get(a).unwrap(), candle_g.get(b).unwrap());
            assert!(gap(ga, gb) < 1e-5, "gradient of {what}: {}", gap(ga, gb));
        }
        for (a, b) in [
            (ours_bn.running_mean(), candle_bn.running_mean()),
            (ours_bn.running_var(), candle_bn.running_var()),
        ] {
            assert!(gap(a, b) < 1e-6, "running statistics {}", gap(a, b));
        }
        // Evaluation uses the running statistics, as candle's.
        let eval = batch_norm(&x, &ours_bn, false).unwrap();
        assert!(gap(&eval, &candle_bn.forward_t(&x, false).unwrap()) < 1e-6);
    }

    #[test]
    fn dropout_zeros_a_share_p_and_keeps_the_mean() {
        let dev = Device::Cpu;
        let h = Tensor::ones((100, 1000), DType::F32, &dev).unwrap();
        let mut rng = StdRng::seed_from_u64(1);
        let out = dropout(&h, 0.25, Some(&mut rng))
            .unwrap()
            .flatten_all()
            .unwrap()
            .to_vec1::<f32>()
            .unwrap();
        let zeros = out.iter().filter(|&&v| v == 0.0).count() as f64 / out.len() as f64;
        let mean = out.iter().map(|&v| v as f64).sum::<f64>() / out.len() as f64;
        assert!((zeros - 0.25).abs() < 0.01 && (mean - 1.0).abs() < 0.01, "{zeros} {mean}");
        assert_eq!(
            dropout(&h, 0.25, None).unwrap().to_vec2::<f32>().unwrap(),
            h.to_vec2::<f32>().unwrap()
        );
    }

    /// Why the labs pool with `max_pool2` (regression: the gradients first came out 4× and 16×
    /// too small in conv2 and conv1). When candle fixes `max_pool2d`'s backward this test
    /// fails: then switch back to it.
    #[test]
    fn fused_max_pool_and_relu_equal_candles_compositions_with_pytorchs_tie_rules() {
        let dev = Device::Cpu;
        // Values in [−1, 1) rounded to tenths: ties inside windows, and exact zeros for the ReLU.
        let v: Vec<f32> =
            uniforms(9, 0, 2 * 3 * 6 * 8).iter().map(|u| (u * 10.0).round() / 10.0).collect();
        let x = Var::from_vec(v, (2, 3, 6, 8), &dev).unwrap();
        let r = Tensor::from_vec(uniforms(10, 0, 2 * 3 * 3 * 4), (2, 3, 3, 4), &dev).unwrap();
        let grad = |y: Tensor, r: &Tensor| {
            let g = (y * r).unwrap().sum_all().unwrap().backward().unwrap();
            g.get(&x).unwrap().flatten_all().unwrap().to_vec1::<f32>().unwrap()
        };
        let (h, w) = (6, 8);
        let (ours, reference) = (max_pool2(&x).unwrap(), reshape_max(&x));
        assert_eq!(gap(&ours, &reference), 0.0);
        // The gradient goes to the first maximum of each window only (PyTorch's rule; a
        // reduction's backward shares it among tied maxima).
        let (dx, xs) = (grad(ours, &r), x.flatten_all().unwrap().to_vec1::<f32>().unwrap());
        let rs = r.flatten_all().unwrap().to_vec1::<f32>().unwrap();
        let mut ties = 0;
        for (out, &g) in rs.iter().enumerate() {
            let (plane, i, j) = (out / 12, out % 12 / 4, out % 4);
            let at = plane * h * w + 2 * i * w + 2 * j;
            let window = [at, at + 1, at + w, at + w + 1];
            let max = window.iter().map(|&k| xs[k]).fold(f32::MIN, f32::max);
            let first = window.into_iter().find(|&k| xs[k] == max).unwrap();
            ties += usize::from(window.iter().filter(|&&k| xs[k] == max).count() > 1);
            for k in window {
                assert_eq!(dx[k], if k == first { g } else { 0.0 }, "window {out}");
            }
        }
        assert!(ties > 0, "the test needs tied maxima");
        // ReLU: the same outputs as candle's; gradient ∂y where y > 0 (0 at x = 0, as PyTorch).
        let r = Tensor::from_vec(uniforms(11, 0, 2 * 3 * 6 * 8), (2, 3, 6, 8), &dev).unwrap();
        assert_eq!(gap(&relu(&x).unwrap(), &x.relu().unwrap()), 0.0);
        let dx = grad(relu(&x).unwrap(), &r);
        let rs = r.flatten_all().unwrap().to_vec1::<f32>().unwrap();
        for ((&d, &x), &g) in dx.iter().zip(&xs).zip(&rs) {
            assert_eq!(d, if x > 0.0 { g } else { 0.0 });
        }
        assert!(xs.contains(&0.0), "the test needs an exact zero");
        assert!(max_pool2(&Tensor::zeros((1, 1, 3, 4), DType::F32, &dev).unwrap()).is_err());
    }

    /// The composition max_pool2 replaced: a reshape and two max reductions.
    fn reshape_max(x: &Tensor) -> Tensor {
        let (b, c, h, w) = x.dims4().unwrap();
        x.reshape((b, c, h / 2, 2, w / 2, 2)).unwrap().max(5).unwrap().max(3).unwrap()
    }

    #[test]
    fn candle_max_pool2d_backward_is_a_quarter_of_the_gradient_ours_is_right() {
        let dev = Device::Cpu;
        let x = Var::from_vec((0..16).map(|v| v as f32).collect::<Vec<_>>(), (1, 1, 4, 4), &dev)
            .unwrap();
        let grad_of = |y: Tensor| {
            y.sum_all().unwrap().backward().unwrap().get(&x).unwrap().sum_all().unwrap()
        };
        let candle = grad_of(x.max_pool2d(2).unwrap()).to_scalar::<f32>().unwrap();
        let ours = grad_of(max_pool2(&x).unwrap()).to_scalar::<f32>().unwrap();
        assert_eq!(
            (candle, ours),
            (1.0, 4.0),
            "4 windows, one maximum each: the gradient sums to 4"
        );
    }
}
