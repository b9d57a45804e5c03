//! A fully connected layer as one op, its products faer's on candle's pool:
//!
//! ```text
//! y  = x Wᵀ + b          x (N, I), W (O, I), b (O) or none, y (N, O)
//! ∂x = ∂y W              only when x needs a gradient
//! ∂W = ∂yᵀ x,   ∂b = Σ_n ∂y
//! ```
//!
//! Candle's `Linear` is a transpose, a product and a broadcast add, three nodes whose gradients
//! candle zeroes and adds into; its product's backward always computes ∂x (N·I·O multiply-adds
//! for nothing on a first layer: a third of the MNIST MLP's step), and gemm splits each product
//! over its own rayon threads, which wait for the cores candle's spinning pool holds
//! ([`crate::pool`]). Here a block of rows goes to each thread of that pool.

use candle_core::{CpuStorage, CustomOp2, CustomOp3, DType, Layout, Module, Result, Shape, Tensor};
use candle_nn::Linear;
use faer::linalg::matmul::matmul;
use faer::{Accum, MatMut, MatRef, Par};

use crate::pool::{f32s, per_part};

/// y = x Wᵀ (+ b) of `fc`; anything but f32 (N, I) is candle's own.
pub fn linear(x: &Tensor, fc: &Linear) -> Result<Tensor> {
    if x.dtype() != DType::F32 || x.rank() != 2 {
        return fc.forward(x);
    }
    let (x, w) = (x.contiguous()?, fc.weight().contiguous()?);
    match fc.bias() {
        Some(b) => x.apply_op3(&w, &b.contiguous()?, WithBias),
        None => x.apply_op2(&w, NoBias),
    }
}

/// y = x Wᵀ + b (b: `None`, zeros), a block of rows on each thread.
fn forward(
    (x, lx): (&[f32], &Layout),
    (w, lw): (&[f32], &Layout),
    b: Option<&[f32]>,
) -> Result<(CpuStorage, Shape)> {
    let ((n, i), (o, _)) = (lx.shape().dims2()?, lw.shape().dims2()?);
    let wt = MatRef::from_row_major_slice(w, o, i).transpose(); // (I, O)
    let mut y = vec![0f32; n * o];
    per_part(
        &mut y,
        n,
        || (),
        |_, rows, y| {
            if let Some(b) = b {
                y.chunks_exact_mut(o).for_each(|row| row.copy_from_slice(b));
            }
            let x = MatRef::from_row_major_slice(&x[rows.start * i..rows.end * i], rows.len(), i);
            let y = MatMut::from_row_major_slice_mut(y, rows.len(), o);
            matmul(y, Accum::Add, x, wt, 1.0, Par::Seq);
        },
    );
    Ok((CpuStorage::F32(y), Shape::from((n, o))))
}

/// (∂x, ∂W, ∂b) from [`LinearGrad`]'s flat [∂W; ∂b; ∂x].
fn backward(
    x: &Tensor,
    w: &Tensor,
    dy: &Tensor,
    bias: bool,
) -> Result<(Option<Tensor>, Tensor, Option<Tensor>)> {
    let ((n, i), (o, _)) = (x.dims2()?, w.dims2()?);
    let need_dx = x.track_op();
    let grads = x.apply_op3_no_bwd(w, &dy.contiguous()?, &LinearGrad { bias, need_dx })?;
    let nb = if bias { o } else { 0 };
    let dx = match need_dx {
        true => Some(grads.narrow(0, o * i + nb, n * i)?.reshape((n, i))?),
        false => None,
    };
    let db = if bias { Some(grads.narrow(0, o * i, o)?) } else { None };
    Ok((dx, grads.narrow(0, 0, o * i)?.reshape((o, i))?, db))
}

struct WithBias;

impl CustomOp3 for WithBias {
    fn name(&self) -> &'static str {
        "linear"
    }

    fn cpu_fwd(
        &self,
        xs: &CpuStorage,
        lx: &Layout,
        ws: &CpuStorage,
        lw: &Layout,
        bs: &CpuStorage,
        lb: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        forward((f32s(xs, lx)?, lx), (f32s(ws, lw)?, lw), Some(f32s(bs, lb)?))
    }

    fn bwd(
        &self,
        x: &Tensor,
        w: &Tensor,
        _b: &Tensor,
        _y: &Tensor,
        dy: &Tensor,
    ) -> Result<(Option<Tensor>, Option<Tensor>, Option<Tensor>)> {
        let (dx, dw, db) = backward(x, w, dy, true)?;
        Ok((dx, Some(dw), db))
    }
}

struct NoBias;

impl CustomOp2 for NoBias {
    fn name(&self) -> &'static str {
        "linear-no-bias"
    }

    fn cpu_fwd(
        &self,
        xs: &CpuStorage,
        lx: &Layout,
        ws: &CpuStorage,
        lw: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        forward((f32s(xs, lx)?, lx), (f32s(ws, lw)?, lw), None)
    }

    fn bwd(
        &self,
        x: &Tensor,
        w: &Tensor,
        _y: &Tensor,
        dy: &Tensor,
    ) -> Result<(Option<Tensor>, Option<Tensor>)> {
        let (dx, dw, _) = backward(x, w, dy, false)?;
        Ok((dx, Some(dw)))
    }
}

/// (x (N, I), W (O, I), ∂y (N, O)) → [∂W = ∂yᵀ x; ∂b = Σ_n ∂y if `bias`; ∂x = ∂y W if
/// `need_dx`], flat; ∂W split over its rows and ∂x over its, so no thread waits on another's sum.
struct LinearGrad {
    bias: bool,
    need_dx: bool,
}

impl CustomOp3 for LinearGrad {
    fn name(&self) -> &'static str {
        "linear-grad"
    }

    fn cpu_fwd(
        &self,
        xs: &CpuStorage,
        lx: &Layout,
        ws: &CpuStorage,
        lw: &Layout,
        dys: &CpuStorage,
        ldy: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let (x, w, dy) = (f32s(xs, lx)?, f32s(ws, lw)?, f32s(dys, ldy)?);
        let ((n, i), (o, _)) = (lx.shape().dims2()?, lw.shape().dims2()?);
        let (x, w, dy_m) = (
            MatRef::from_row_major_slice(x, n, i),
            MatRef::from_row_major_slice(w, o, i),
            MatRef::from_row_major_slice(dy, n, o),
        );
        let nb = if self.bias { o } else { 0 };
        let mut grads = vec![0f32; o * i + nb + if self.need_dx { n * i } else { 0 }];
        let (dw, rest) = grads.split_at_mut(o * i);
        let (db, dx) = rest.split_at_mut(nb);
        per_part(
            dw,
            o,
            || (),
            |_, outs, dw| {
                let dw = MatMut::from_row_major_slice_mut(dw, outs.len(), i);
                let dy = dy_m.subcols(outs.start, outs.len()).transpose();
                matmul(dw, Accum::Replace, dy, x, 1.0, Par::Seq);
            },
        );
        if self.bias {
            for row in dy.chunks_exact(o) {
                db.iter_mut().zip(row).for_each(|(sum, g)| *sum += g);
            }
        }
        if self.need_dx {
            per_part(
                dx,
                n,
                || (),
                |_, rows, dx| {
                    let (dy, dx) = (
                        dy_m.subrows(rows.start, rows.len()),
                        MatMut::from_row_major_slice_mut(dx, rows.len(), i),
                    );
                    matmul(dx, Accum::Replace, dy, w, 1.0, Par::Seq);
                },
            );
        }
        let len = grads.len();
        Ok((CpuStorage::F32(grads), Shape::from(len)))
    }
}

#[cfg(test)]
mod tests {
    use candle_core::{Device, Var};

    use super::*;
    use crate::init::uniforms;
    use crate::layers::tests::gap;

    #[test]
    fn linear_equals_candles_with_and_without_bias_and_skips_the_gradient_of_data() {
        let dev = Device::Cpu;
        let (w, b) = (
            Var::from_vec(uniforms(1, 0, 4 * 6), (4, 6), &dev).unwrap(),
            Var::from_vec(uniforms(2, 0, 4), 4, &dev).unwrap(),
        );
        let x = Var::from_vec(uniforms(3, 0, 5 * 6), (5, 6), &dev).unwrap();
        let r = Tensor::from_vec(uniforms(4, 0, 5 * 4), (5, 4), &dev).unwrap();
        let grads = |y: &Tensor| (y * &r).unwrap().sum_all().unwrap().backward().unwrap();
        for bias in [Some(b.as_tensor().clone()), None] {
            let fc = Linear::new(w.as_tensor().clone(), bias.clone());
            let (ours, candle) = (linear(&x, &fc).unwrap(), fc.forward(&x).unwrap());
            assert!(gap(&ours, &candle) < 1e-6, "outputs {}", gap(&ours, &candle));
            let (g_ours, g_candle) = (grads(&ours), grads(&candle));
            for t in [x.as_tensor(), w.as_tensor()].into_iter().chain(bias.as_ref()) {
                let (a, c) = (g_ours.get(t).unwrap(), g_candle.get(t).unwrap());
                assert!(gap(a, c) < 1e-6, "{:?} gradient {}", t.dims(), gap(a, c));
            }
            // Data (no Var behind it) gets no gradient; the weights still do.
            let data = x.as_tensor().detach();
            let g = grads(&linear(&data, &fc).unwrap());
            assert!(g.get(&data).is_none());
            assert!(gap(g.get(&w).unwrap(), g_candle.get(&w).unwrap()) < 1e-6);
        }
    }
}
