//! # conv2d as one matrix product: im2col / 用 im2col 把卷积变成一次矩阵乘法
//!
//! A convolution layer slides each of its O kernels (C, kh, kw) over the zero-padded input
//! (B, C, H, W) and takes a dot product at every position (stride 1; like PyTorch, the kernel is
//! not flipped: this is cross-correlation):
//!
//! ```text
//! y[n][o][i][j] = b[o] + Σ_c Σ_u Σ_v w[o][c][u][v] · x_padded[n][c][i + u][j + v]
//! (Hₒ, Wₒ)      = ?                     (how many positions fit, for padding p on every side)
//! im2col(x)     = (B·Hₒ·Wₒ, C·kh·kw)    row (n, i, j): the patch under output pixel (i, j) of
//!                                       image n; column (c, u, v): its pixel at kernel offset
//!                                       (u, v) of channel c; 0 where it falls in the padding
//! conv2d        = im2col(x) · Wᵀ + b    W: the kernels as rows (O, C·kh·kw), then back to
//!                                       (B, O, Hₒ, Wₒ)
//! ```
//!
//! Rows and columns are numbered in reading order, the last index fastest: row (n, i, j) is
//! (n·Hₒ + i)·Wₒ + j, column (c, u, v) is (c·kh + u)·kw + v. `conv2d` must go through
//! `im2col` and one matrix product (`dot`): that is how frameworks make convolutions fast. The
//! checks compare with a direct loop over the formula.
//!
//! 卷积层把 O 个卷积核 (C, kh, kw) 在补零后的输入 (B, C, H, W) 上滑动，在每个位置做点积（步长 1；
//! 与 PyTorch 一样不翻转卷积核，即互相关，公式见上）。im2col 把每个位置下的图块排成一行：行
//! (n, i, j) 是第 n 张图输出像素 (i, j) 下的图块，列 (c, u, v) 是通道 c 中卷积核偏移 (u, v) 处的
//! 像素，落在补零区域时为 0；行列都按阅读顺序编号，最后一个下标变化最快。`conv2d` 必须通过 `im2col`
//! 和一次矩阵乘法（`dot`）完成，框架正是这样让卷积变快的；最后还要把结果变回 (B, O, Hₒ, Wₒ)。检查
//! 会与按公式直接循环的结果比较。
//!
//! Lab / 实验: `llmpath lab show tensor-autograd`. Check / 检查: `llmpath check`.

use ndarray::{Array1, Array2, Array4};

/// (Hₒ, Wₒ) of a stride-1 convolution of an H × W image with a kh × kw kernel and zero padding p.
pub fn output_size(h: usize, w: usize, kh: usize, kw: usize, padding: usize) -> (usize, usize) {
    todo!("the output size of {h} × {w} with a {kh} × {kw} kernel and padding {padding}")
}

/// The patches of `x` (B, C, H, W) as rows: (B·Hₒ·Wₒ, C·kh·kw). Row (b, i, j) holds the patch
/// under output pixel (i, j) of image b; its column (c, u, v) the pixel at kernel offset (u, v)
/// in channel c, 0 in the padding. Both are numbered in reading order, the last index fastest.
pub fn im2col(x: &Array4<f64>, kh: usize, kw: usize, padding: usize) -> Array2<f64> {
    todo!(
        "im2col of {:?} with a {kh} × {kw} kernel, padding {padding}",
        x.dim()
    )
}

/// The stride-1 convolution (cross-correlation, as in PyTorch) of `x` (B, C, H, W) with kernels
/// `w` (O, C, kh, kw) and biases `b` (O,), zero padding p: (B, O, Hₒ, Wₒ).
pub fn conv2d(x: &Array4<f64>, w: &Array4<f64>, b: &Array1<f64>, padding: usize) -> Array4<f64> {
    todo!(
        "conv2d of {:?} with kernels {:?}, biases {:?}, padding {padding}",
        x.dim(),
        w.dim(),
        b.dim()
    )
}
