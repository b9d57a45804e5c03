//! A 2-D convolution as im2col and a matrix product, one image at a time:
//!
//! ```text
//! forward   y_b  = W · columns(x_b)                 W (O, C·k² [+ 1]), columns (C·k² [+ 1], Hₒ·Wₒ)
//! backward  ∂W   = Σ_b ∂y_b · columns(x_b)ᵀ          (the bias's gradient is the last column)
//!           ∂x_b = col2im(Wᵀ · ∂y_b)                 only when x needs a gradient
//! ```
//!
//! Row (c, u, v) of an image's columns holds the input that kernel entry meets at every output
//! pixel, so the product sums yₒ[i, j] = Σ_c Σ_{u,v} Wₒ,c[u, v] · x_c[s·i + u − p, s·j + v − p];
//! with a bias, W gets a last column (the bias) and the columns a last row of ones. col2im, the
//! adjoint of im2col, adds each row back where it was read. With stride 1 a row is the image
//! shifted by (u − p, v − p): both move whole runs of an image row at a time.
//!
//! Why one image at a time: an image's columns (at most 72 × 1 024 floats, 288 KB, in the
//! ResNet) stay in the core's cache from im2col to the product, where the whole batch's columns
//! (38 MB) went through memory four times, and candle's autograd zeroed and added a gradient of
//! that size; the output comes out in NCHW order with no copy. Three ops, each one pass over the
//! batch: the forward, ∂W and ∂x; ∂x only when x needs it (the first layer's images do not).
//! The images are split in contiguous ranges over the threads of candle's pool; each product
//! runs on its thread (faer, sequential). Candle's own `Conv2d` backward computes ∂x as a transposed
//! convolution that ran 20× slower than PyTorch on the ResNet (BENCHMARKS.md); dilated or
//! grouped convolutions and other dtypes than f32 still go to it.
//!
//! Reference: Chellapilla, Puri & Simard, "High performance convolutional neural networks for
//! document processing" (2006).

use candle_core::{CpuStorage, CustomOp2, DType, Layout, Module, Result, Shape, Tensor};
use candle_nn::Conv2d;
use faer::linalg::matmul::matmul;
use faer::{Accum, MatMut, MatRef, Par};

use crate::pool::{f32s, per_image};

/// `conv` applied to x (B, C, H, W) → (B, O, Hₒ, Wₒ), stride and padding from its config.
pub fn conv2d(x: &Tensor, conv: &Conv2d) -> Result<Tensor> {
    let cfg = conv.config();
    if cfg.dilation != 1 || cfg.groups != 1 || x.dtype() != DType::F32 {
        return conv.forward(x);
    }
    let w = conv.weight();
    let (o, c, k, _) = w.dims4()?;
    let (_, _, h, width) = x.dims4()?;
    let win = Window { c, h, w: width, k, p: cfg.padding, s: cfg.stride };
    let w = match conv.bias() {
        Some(bias) => Tensor::cat(&[w.reshape((o, c * k * k))?, bias.reshape((o, 1))?], 1)?,
        None => w.reshape((o, c * k * k))?,
    };
    x.contiguous()?.apply_op2(&w.contiguous()?, Conv(win)) // (B, O, Hₒ, Wₒ)
}

/// Where a convolution's kernel goes: input C × H × W, kernel k × k, zero padding p, stride s.
#[derive(Clone, Copy)]
struct Window {
    c: usize,
    h: usize,
    w: usize,
    k: usize,
    p: usize,
    s: usize,
}

impl Window {
    fn out(&self) -> (usize, usize) {
        let side = |n: usize| (n + 2 * self.p - self.k) / self.s + 1;
        (side(self.h), side(self.w))
    }

    /// Hₒ·Wₒ, the columns' width.
    fn pixels(&self) -> usize {
        let (ho, wo) = self.out();
        ho * wo
    }

    /// C·H·W, an image's size.
    fn image(&self) -> usize {
        self.c * self.h * self.w
    }

    /// C·k², the kernel entries: the columns' rows without the ones.
    fn entries(&self) -> usize {
        self.c * self.k * self.k
    }

    /// Columns for `rows` rows (C·k², or one more for the bias): zeros, which the padding
    /// keeps, and the ones' row.
    fn columns(&self, rows: usize) -> Vec<f32> {
        let mut columns = vec![0f32; rows * self.pixels()];
        columns[self.entries() * self.pixels()..].fill(1.0);
        columns
    }

    /// For kernel entry `row` (c, u, v in W's order): calls `f(out, at, n)` for each output row
    /// i whose input row is inside the image, where output pixels out..out + n of the row
    /// (offsets in Hₒ·Wₒ) read input pixels at, at + s, …, at + (n − 1)s (offsets in the C·H·W
    /// image); the other output pixels read padding.
    fn runs(&self, row: usize, mut f: impl FnMut(usize, usize, usize)) {
        let (k, (ho, wo)) = (self.k, self.out());
        let (c, u, v) = (row / (k * k), row / k % k, row % k);
        // Output columns j with 0 ≤ j·s + v − p < W: j from ⌈(p − v)/s⌉ to ⌊(W − 1 + p − v)/s⌋.
        let first = self.p.saturating_sub(v).div_ceil(self.s);
        let Some(last) = (self.w - 1 + self.p).checked_sub(v).map(|q| q / self.s) else { return };
        let n = (last + 1).min(wo).saturating_sub(first);
        if n == 0 {
            return;
        }
        for i in 0..ho {
            let r = (i * self.s + u).wrapping_sub(self.p); // above the image: wraps, skipped
            if r < self.h {
                let q = first * self.s + v - self.p;
                f(i * wo + first, (c * self.h + r) * self.w + q, n);
            }
        }
    }

    /// im2col of one image x (C·H·W) into the first C·k² rows of `columns` (rows × Hₒ·Wₒ),
    /// which came from [`Window::columns`]: the padding's entries stay zero.
    fn im2col(&self, x: &[f32], columns: &mut [f32]) {
        let (pixels, same) = (self.pixels(), self.s == 1 && self.out() == (self.h, self.w));
        for (row, columns) in columns.chunks_exact_mut(pixels).take(self.entries()).enumerate() {
            if same {
                self.shifted(row, x, columns);
                continue;
            }
            self.runs(row, |out, at, n| {
                if self.s == 1 {
                    columns[out..out + n].copy_from_slice(&x[at..at + n]);
                } else {
                    let strided = x[at..].iter().step_by(self.s);
                    columns[out..out + n].iter_mut().zip(strided).for_each(|(y, x)| *y = *x);
                }
            });
        }
    }

    /// Row (c, u, v) of the columns when the output has the input's size (stride 1, padding
    /// (k − 1)/2): plane c shifted by (u − p)·W + (v − p), copied as one block, where the runs
    /// were a copy per image row (32 floats in the ResNet's first stage: the calls cost more
    /// than the copying). The block's entries that wrapped around from the row before or after
    /// are then zeroed: the padding's columns.
    fn shifted(&self, row: usize, x: &[f32], columns: &mut [f32]) {
        let (k, h, w, p) = (self.k, self.h, self.w, self.p);
        let (c, u, v) = (row / (k * k), row / k % k, row % k);
        let plane = &x[c * h * w..(c + 1) * h * w];
        // Output rows i with input row i + u − p inside the image; then their flat offsets,
        // less what would read outside the plane.
        let (first_row, end_row) = (p.saturating_sub(u), (h + p).saturating_sub(u).min(h));
        if first_row >= end_row {
            return; // the kernel row meets only padding
        }
        let shift = (u as isize - p as isize) * w as isize + (v as isize - p as isize);
        let from = (first_row * w + p.saturating_sub(v)) as isize;
        let to = ((end_row * w) as isize).min((h * w) as isize - shift).max(from);
        let source = (from + shift) as usize..(to + shift) as usize;
        copy(&mut columns[from as usize..to as usize], &plane[source]);
        for i in first_row..end_row {
            // Output columns j with j + v − p outside [0, W): at most p on each side.
            for j in (0..p.saturating_sub(v)).chain((w + p).saturating_sub(v)..w) {
                columns[i * w + j] = 0.0;
            }
        }
    }

    /// col2im: x (C·H·W) = the sum of each row of `columns` (C·k² × Hₒ·Wₒ) where it was read.
    fn col2im(&self, columns: &[f32], x: &mut [f32]) {
        x.fill(0.0);
        for (row, columns) in columns.chunks_exact(self.pixels()).enumerate() {
            self.runs(row, |out, at, n| {
                let from = &columns[out..out + n];
                if self.s == 1 {
                    x[at..at + n].iter_mut().zip(from).for_each(|(x, g)| *x += g);
                } else {
                    let strided = x[at..].iter_mut().step_by(self.s);
                    strided.zip(from).for_each(|(x, g)| *x += g);
                }
            });
        }
    }
}

/// dst ← src, of equal lengths, in 64-byte pieces that compile to vector moves: glibc's memcpy
/// switches to `rep movsb` above ~2 KB, which made the shifted copies (4 KB, misaligned by a
/// float) slower than a copy per image row.
fn copy(dst: &mut [f32], src: &[f32]) {
    let (mut to, mut from) = (dst.chunks_exact_mut(16), src.chunks_exact(16));
    for (to, from) in (&mut to).zip(&mut from) {
        to.copy_from_slice(from);
    }
    to.into_remainder().copy_from_slice(from.remainder());
}

/// The forward op: (x (B, C, H, W), W (O, rows)) → y (B, O, Hₒ, Wₒ).
struct Conv(Window);

impl CustomOp2 for Conv {
    fn name(&self) -> &'static str {
        "conv2d"
    }

    fn cpu_fwd(
        &self,
        xs: &CpuStorage,
        lx: &Layout,
        ws: &CpuStorage,
        lw: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let (win, x, w) = (self.0, f32s(xs, lx)?, f32s(ws, lw)?);
        let ((ho, wo), (o, rows)) = (win.out(), lw.shape().dims2()?);
        let (batch, pixels) = (x.len() / win.image(), win.pixels());
        let w = MatRef::from_row_major_slice(w, o, rows);
        let mut y = vec![0f32; batch * o * pixels];
        per_image(
            &mut y,
            batch,
            || win.columns(rows),
            |columns, b, y| {
                win.im2col(&x[b * win.image()..(b + 1) * win.image()], columns);
                let columns = MatRef::from_row_major_slice(columns, rows, pixels);
                let y = MatMut::from_row_major_slice_mut(y, o, pixels);
                matmul(y, Accum::Replace, w, columns, 1.0, Par::Seq);
            },
        );
        Ok((CpuStorage::F32(y), Shape::from((batch, o, ho, wo))))
    }

    fn bwd(
        &self,
        x: &Tensor,
        w: &Tensor,
        _y: &Tensor,
        dy: &Tensor,
    ) -> Result<(Option<Tensor>, Option<Tensor>)> {
        let dy = dy.contiguous()?;
        let dw = x.apply_op2_no_bwd(&dy, &ConvWeightGrad { win: self.0, rows: w.dim(1)? })?;
        let dx = match x.track_op() {
            true => Some(w.apply_op2_no_bwd(&dy, &ConvInputGrad(self.0))?),
            false => None,
        };
        Ok((dx, Some(dw)))
    }
}

/// (x (B, C, H, W), ∂y (B, O, Hₒ, Wₒ)) → ∂W = Σ_b ∂y_b · columns(x_b)ᵀ, (O, rows).
struct ConvWeightGrad {
    win: Window,
    rows: usize,
}

impl CustomOp2 for ConvWeightGrad {
    fn name(&self) -> &'static str {
        "conv2d-weight-grad"
    }

    fn cpu_fwd(
        &self,
        xs: &CpuStorage,
        lx: &Layout,
        dys: &CpuStorage,
        ldy: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let (win, rows, x, dy) = (self.win, self.rows, f32s(xs, lx)?, f32s(dys, ldy)?);
        let (batch, o, pixels) = (x.len() / win.image(), ldy.dims()[1], win.pixels());
        let partials = per_image(
            &mut [0f32; 0],
            batch,
            || (win.columns(rows), vec![0f32; o * rows]),
            |(columns, dw), b, _| {
                win.im2col(&x[b * win.image()..(b + 1) * win.image()], columns);
                let columns = MatRef::from_row_major_slice(columns, rows, pixels);
                let dy = MatRef::from_row_major_slice(
                    &dy[b * o * pixels..(b + 1) * o * pixels],
                    o,
                    pixels,
                );
                let dw = MatMut::from_row_major_slice_mut(dw, o, rows);
                matmul(dw, Accum::Add, dy, columns.transpose(), 1.0, Par::Seq);
            },
        );
        let mut dw = vec![0f32; o * rows];
        for (_, partial) in &partials {
            dw.iter_mut().zip(partial).for_each(|(sum, v)| *sum += v);
        }
        Ok((CpuStorage::F32(dw), Shape::from((o, rows))))
    }
}

/// (W (O, rows), ∂y (B, O, Hₒ, Wₒ)) → ∂x (B, C, H, W); the bias's column of W has no input
/// behind it. When the output has the input's size (stride 1, padding (k − 1)/2), ∂x is the
/// same convolution of ∂y with the kernel turned 180° and its in and out channels swapped,
/// W̃[c, (o, u, v)] = W[o, (c, k−1−u, k−1−v)]: ∂x_b = W̃ · columns(∂y_b), C × O·k² by O·k² × H·W,
/// a product whose output is the image's size. Otherwise ∂x_b = col2im(Wᵀ · ∂y_b), whose
/// product writes C·k² × Hₒ·Wₒ values for col2im to add up.
struct ConvInputGrad(Window);

impl ConvInputGrad {
    /// The window of the transposed convolution over ∂y, when the output has the input's size
    /// (stride 1, padding (k − 1)/2): then so does the transposed one, whose im2col is a
    /// shifted copy a row. A smaller output (LeNet's unpadded 5×5) would make its columns out
    /// of short runs, O·k² rows of them, where col2im has C·k².
    fn transposed(&self) -> Option<Window> {
        let win = self.0;
        let same = win.s == 1 && win.out() == (win.h, win.w) && 2 * win.p + 1 == win.k;
        same.then_some(Window { c: 0, ..win })
    }
}

impl CustomOp2 for ConvInputGrad {
    fn name(&self) -> &'static str {
        "conv2d-input-grad"
    }

    fn cpu_fwd(
        &self,
        ws: &CpuStorage,
        lw: &Layout,
        dys: &CpuStorage,
        ldy: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let (win, w, dy) = (self.0, f32s(ws, lw)?, f32s(dys, ldy)?);
        let ((o, rows), pixels, entries) = (lw.shape().dims2()?, win.pixels(), win.entries());
        let batch = ldy.dims()[0];
        let dy_b = |b: usize| &dy[b * o * pixels..(b + 1) * o * pixels];
        let mut dx = vec![0f32; batch * win.image()];
        let plane = win.h * win.w;
        if let Some(back) = self.transposed().map(|t| Window { c: o, ..t }) {
            let k2 = win.k * win.k;
            let flipped: Vec<f32> = (0..win.c * o * k2)
                .map(|at| {
                    let (c, o, uv) = (at / (o * k2), at / k2 % o, at % k2);
                    w[o * rows + c * k2 + (k2 - 1 - uv)]
                })
                .collect();
            let flipped = MatRef::from_row_major_slice(&flipped, win.c, o * k2);
            per_image(
                &mut dx,
                batch,
                || back.columns(back.entries()),
                |columns, b, dx| {
                    back.im2col(dy_b(b), columns);
                    let columns = MatRef::from_row_major_slice(columns, back.entries(), plane);
                    let dx = MatMut::from_row_major_slice_mut(dx, win.c, plane);
                    matmul(dx, Accum::Replace, flipped, columns, 1.0, Par::Seq);
                },
            );
        } else {
            let wt = MatRef::from_row_major_slice(w, o, rows).subcols(0, entries).transpose();
            per_image(
                &mut dx,
                batch,
                || vec![0f32; entries * pixels],
                |columns, b, dx| {
                    let dy = MatRef::from_row_major_slice(dy_b(b), o, pixels);
                    let dcolumns = MatMut::from_row_major_slice_mut(columns, entries, pixels);
                    matmul(dcolumns, Accum::Replace, wt, dy, 1.0, Par::Seq);
                    win.col2im(columns, dx);
                },
            );
        }
        Ok((CpuStorage::F32(dx), Shape::from((batch, win.c, win.h, win.w))))
    }
}

#[cfg(test)]
mod tests {
    use candle_core::{Device, Var};
    use candle_nn::{Conv2dConfig, VarBuilder, VarMap};

    use super::*;
    use crate::init::uniforms;
    use crate::layers::tests::gap;

    #[test]
    fn im2col_convolution_and_its_gradients_equal_candles_conv2d() {
        let dev = Device::Cpu;
        // (kernel, padding, stride, bias): the ResNet's 3×3 convolutions, its 1×1 strided
        // shortcut, LeNet's unpadded 5×5 and padded 5×5 (the output the input's size), a stride
        // that does not divide the input, and a padding wider than the kernel's half.
        for (k, padding, stride, bias) in [
            (3, 1, 1, false),
            (3, 1, 2, true),
            (1, 0, 2, false),
            (5, 0, 1, true),
            (3, 0, 3, true),
            (5, 2, 1, true),
            (3, 2, 1, false),
        ] {
            let varmap = VarMap::new();
            let vb = VarBuilder::from_varmap(&varmap, DType::F32, &dev);
            let cfg = Conv2dConfig { padding, stride, ..Default::default() };
            let conv = match bias {
                true => candle_nn::conv2d(3, 5, k, cfg, vb.pp("c")),
                false => candle_nn::conv2d_no_bias(3, 5, k, cfg, vb.pp("c")),
            };
            let conv = conv.unwrap();
            // Batches of 3 images: a thread's range ends inside the batch (2 threads).
            let x = Var::from_vec(uniforms(5, 0, 3 * 3 * 9 * 9), (3, 3, 9, 9), &dev).unwrap();
            let (ours, candle) = (conv2d(&x, &conv).unwrap(), conv.forward(&x).unwrap());
            let what = format!("k {k} p {padding} s {stride} bias {bias}");
            assert_eq!(ours.dims(), candle.dims(), "{what}");
            // A random weighting of the outputs, so every output's gradient differs.
            let r = Tensor::from_vec(uniforms(6, 0, candle.elem_count()), candle.shape(), &dev);
            let r = r.unwrap();
            let grads = |y: &Tensor| (y * &r).unwrap().sum_all().unwrap().backward().unwrap();
            let (g_ours, g_candle) = (grads(&ours), grads(&candle));
            // Sums of up to 76 products in another order (candle's own order varies with its
            // threads): within a few float steps of the largest output.
            let scale = candle.abs().unwrap().max_all().unwrap().to_scalar::<f32>().unwrap();
            let output_gap = gap(&ours, &candle);
            assert!(output_gap <= 1e-6 * scale.max(1.0), "{what}: outputs {output_gap}");
            let mut params = vec![x.as_tensor(), conv.weight()];
            params.extend(conv.bias());
            for t in params {
                let (a, b) = (g_ours.get(t).unwrap(), g_candle.get(t).unwrap());
                // Sums of up to 243 products in another order: relative to the largest entry.
                let scale = b.abs().unwrap().max_all().unwrap().to_scalar::<f32>().unwrap();
                let gap = gap(a, b);
                assert!(gap <= 1e-6 * scale.max(1.0), "{what}: {:?} gradient {gap}", t.dims());
            }
        }
    }

    #[test]
    fn a_kernel_wider_than_the_image_meets_mostly_padding() {
        let dev = Device::Cpu;
        let varmap = VarMap::new();
        let vb = VarBuilder::from_varmap(&varmap, DType::F32, &dev);
        let cfg = Conv2dConfig { padding: 2, ..Default::default() };
        let conv = candle_nn::conv2d(2, 3, 5, cfg, vb.pp("c")).unwrap();
        let x = Var::from_vec(uniforms(8, 0, 2 * 2 * 2 * 2), (2, 2, 2, 2), &dev).unwrap();
        let (ours, candle) = (conv2d(&x, &conv).unwrap(), conv.forward(&x).unwrap());
        assert!(gap(&ours, &candle) < 1e-6);
        let grad = |y: Tensor| y.sum_all().unwrap().backward().unwrap().get(&x).unwrap().clone();
        assert!(gap(&grad(ours), &grad(candle)) < 1e-6);
    }

    #[test]
    fn images_that_need_no_gradient_get_none_and_the_weights_still_get_theirs() {
        let dev = Device::Cpu;
        let varmap = VarMap::new();
        let vb = VarBuilder::from_varmap(&varmap, DType::F32, &dev);
        let conv = candle_nn::conv2d(3, 4, 3, Default::default(), vb.pp("c")).unwrap();
        let w = varmap.all_vars().into_iter().find(|v| v.dims().len() == 4).unwrap();
        let x = Tensor::from_vec(uniforms(7, 0, 2 * 3 * 6 * 6), (2, 3, 6, 6), &dev).unwrap();
        let (ours, candle) = (conv2d(&x, &conv).unwrap(), conv.forward(&x).unwrap());
        assert!(gap(&ours, &candle) < 1e-6);
        let (g_ours, g_candle) = (
            ours.sum_all().unwrap().backward().unwrap(),
            candle.sum_all().unwrap().backward().unwrap(),
        );
        assert!(g_ours.get(&x).is_none(), "the images are data: no gradient");
        let (a, b) = (g_ours.get(w.as_tensor()).unwrap(), g_candle.get(w.as_tensor()).unwrap());
        assert!(gap(a, b) < 1e-5, "weight gradient {}", gap(a, b));
    }
}
