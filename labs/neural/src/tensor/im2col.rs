//! Where a convolution's kernel goes: im2col and its adjoint col2im (conv2d as one matrix
//! product), and the argmax of each 2×2 pooling window.

use ndarray::{Array2, Array4};

use super::Array;

/// Where a convolution's kernel goes: input H × W, kernel kh × kw, zero padding p, output
/// Hₒ × Wₒ. Row r = (b, i, j) of im2col is the patch under output pixel (i, j) of image b;
/// column c = (ch, u, v) its pixel at kernel offset (u, v) in channel ch.
#[derive(Debug, Clone, Copy)]
pub(super) struct Window {
    pub(super) h: usize,
    pub(super) w: usize,
    pub(super) kh: usize,
    pub(super) kw: usize,
    pub(super) p: usize,
    pub(super) ho: usize,
    pub(super) wo: usize,
}

impl Window {
    /// The input pixel [b, ch, row, col] at row r, column c of im2col; `None` in the padding.
    pub(super) fn pixel(&self, r: usize, c: usize) -> Option<[usize; 4]> {
        let (b, i, j) = (r / (self.ho * self.wo), r / self.wo % self.ho, r % self.wo);
        let (ch, u, v) = (c / (self.kh * self.kw), c / self.kw % self.kh, c % self.kw);
        let (row, col) = ((i + u).wrapping_sub(self.p), (j + v).wrapping_sub(self.p)); // < 0 wraps
        (row < self.h && col < self.w).then_some([b, ch, row, col])
    }
}

/// im2col: the patches of `x` (B, C, H, W) as rows, (B·Hₒ·Wₒ, C·kh·kw).
pub(super) fn im2col(x: &ndarray::ArrayView4<'_, f64>, win: Window) -> Array2<f64> {
    let (batch, channels, ..) = x.dim();
    let shape = (batch * win.ho * win.wo, channels * win.kh * win.kw);
    Array2::from_shape_fn(shape, |(r, c)| win.pixel(r, c).map_or(0.0, |at| x[at]))
}

/// col2im, the adjoint of im2col: each patch of `cols` added back into an image of `shape`.
pub(super) fn col2im(cols: &Array2<f64>, shape: &[usize], win: Window) -> Array {
    let mut x = Array::zeros(shape);
    for ((r, c), &g) in cols.indexed_iter() {
        if let Some(at) = win.pixel(r, c) {
            x[&at[..]] += g;
        }
    }
    x
}

/// The (row, column) of the first maximum of each 2×2 window of `x` (B, C, H, W).
pub(super) fn pool_argmax(x: &ndarray::ArrayView4<'_, f64>) -> Array4<(usize, usize)> {
    let (batch, channels, h, w) = x.dim();
    Array4::from_shape_fn((batch, channels, h / 2, w / 2), |(b, c, i, j)| {
        let window =
            [(2 * i, 2 * j), (2 * i, 2 * j + 1), (2 * i + 1, 2 * j), (2 * i + 1, 2 * j + 1)];
        window.into_iter().fold(window[0], |best, at| {
            if x[[b, c, at.0, at.1]] > x[[b, c, best.0, best.1]] { at } else { best }
        })
    })
}
