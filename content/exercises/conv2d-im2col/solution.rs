//! # conv2d as one matrix product: im2col / 用 im2col 把卷积变成一次矩阵乘法
//!
//! Output pixel (i, j) of channel o is the dot product of kernel o with the patch under it, so
//! laying every patch out as a row (im2col) and every kernel as a row of W turns all of them
//! into one product cols · Wᵀ. The padding is never materialised: an index that falls outside
//! the image after subtracting p reads as 0.

use ndarray::{Array1, Array2, Array4};

/// (Hₒ, Wₒ) of a stride-1 convolution of an H × W image with a kh × kw kernel and zero padding p.
pub fn output_size(h: usize, w: usize, kh: usize, kw: usize, padding: usize) -> (usize, usize) {
    (h + 2 * padding + 1 - kh, w + 2 * padding + 1 - kw)
}

/// The patches of `x` (B, C, H, W) as rows: (B·Hₒ·Wₒ, C·kh·kw). Row (b, i, j) holds the patch
/// under output pixel (i, j) of image b; its column (c, u, v) the pixel at kernel offset (u, v)
/// in channel c, 0 in the padding. Both are numbered in reading order, the last index fastest.
pub fn im2col(x: &Array4<f64>, kh: usize, kw: usize, padding: usize) -> Array2<f64> {
    let (batch, channels, h, w) = x.dim();
    let (ho, wo) = output_size(h, w, kh, kw, padding);
    let mut cols = Array2::zeros((batch * ho * wo, channels * kh * kw));
    for b in 0..batch {
        for i in 0..ho {
            for j in 0..wo {
                let row = (b * ho + i) * wo + j;
                for c in 0..channels {
                    for u in 0..kh {
                        for v in 0..kw {
                            // (r, s) in padded coordinates; the image starts at (p, p)
                            let (r, s) = (i + u, j + v);
                            let inside =
                                r >= padding && s >= padding && r - padding < h && s - padding < w;
                            if inside {
                                cols[[row, (c * kh + u) * kw + v]] =
                                    x[[b, c, r - padding, s - padding]];
                            }
                        }
                    }
                }
            }
        }
    }
    cols
}

/// The stride-1 convolution (cross-correlation, as in PyTorch) of `x` (B, C, H, W) with kernels
/// `w` (O, C, kh, kw) and biases `b` (O,), zero padding p: (B, O, Hₒ, Wₒ).
pub fn conv2d(x: &Array4<f64>, w: &Array4<f64>, b: &Array1<f64>, padding: usize) -> Array4<f64> {
    let (batch, channels, h, width) = x.dim();
    let (out, _, kh, kw) = w.dim();
    let (ho, wo) = output_size(h, width, kh, kw, padding);
    let cols = im2col(x, kh, kw, padding); // (B·Hₒ·Wₒ, C·kh·kw)
    // each kernel as one row, its columns in im2col's (c, u, v) order: (O, C·kh·kw)
    let kernels = Array2::from_shape_fn((out, channels * kh * kw), |(o, col)| {
        w[[o, col / (kh * kw), col / kw % kh, col % kw]]
    });
    let y = cols.dot(&kernels.t()) + b; // (B·Hₒ·Wₒ, O)
    // row (n, i, j) of y holds every channel of output pixel (i, j) of image n
    Array4::from_shape_fn((batch, out, ho, wo), |(n, o, i, j)| {
        y[[(n * ho + i) * wo + j, o]]
    })
}
