use llmpath_checker::ndarray::{Array1, Array4};
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::rand::rngs::StdRng;
use llmpath_checker::rand::{Rng, SeedableRng};
use llmpath_checker::{Check, Verdict, property, say, shape};

const CHECKS: &[Check] = &[
    Check {
        zh: "输出尺寸 (Hₒ, Wₒ) 等于卷积核能放下的位置数",
        en: "the output size (Hₒ, Wₒ) is the number of positions the kernel fits in",
        run: output_size_counts_positions,
    },
    Check {
        zh: "im2col：形状 (B·Hₒ·Wₒ, C·kh·kw)，每个元素是它那一行的图块在那一列的像素",
        en: "im2col: shape (B·Hₒ·Wₒ, C·kh·kw), each entry its row's patch pixel for its column",
        run: im2col_matches,
    },
    Check {
        zh: "conv2d 与按公式直接循环的结果一致（含补零与偏置）",
        en: "conv2d equals a direct loop over the formula (padding and biases included)",
        run: conv2d_matches,
    },
];

/// A convolution's sizes; the input, kernels and biases are small integers drawn from `seed`,
/// so every product is exact and a failure shows readable numbers.
#[derive(Debug, Clone, Copy)]
struct Problem {
    batch: usize,
    channels: usize,
    out: usize,
    h: usize,
    w: usize,
    kh: usize,
    kw: usize,
    padding: usize,
    seed: u64,
}

impl Problem {
    /// (x (B, C, H, W), w (O, C, kh, kw), b (O,)).
    fn data(&self) -> (Array4<f64>, Array4<f64>, Array1<f64>) {
        let mut rng = StdRng::seed_from_u64(self.seed);
        let mut draw = || f64::from(rng.random_range(-3i8..=3));
        let x = Array4::from_shape_fn((self.batch, self.channels, self.h, self.w), |_| draw());
        let w = Array4::from_shape_fn((self.out, self.channels, self.kh, self.kw), |_| draw());
        let b = Array1::from_shape_fn(self.out, |_| draw());
        (x, w, b)
    }

    fn output(&self) -> (usize, usize) {
        let fits = |size: usize, k: usize| {
            (0..size + 2 * self.padding)
                .filter(|i| i + k <= size + 2 * self.padding)
                .count()
        };
        (fits(self.h, self.kh), fits(self.w, self.kw))
    }

    fn describe(&self) -> String {
        let Problem {
            batch,
            channels,
            out,
            h,
            w,
            kh,
            kw,
            padding,
            ..
        } = *self;
        format!(
            "x ({batch}, {channels}, {h}, {w}), w ({out}, {channels}, {kh}, {kw}), p = {padding}"
        )
    }
}

fn problems() -> impl Strategy<Value = Problem> {
    let sizes = (1..3usize, 1..4usize, 1..4usize, 1..7usize, 1..7usize);
    let kernel = (1..4usize, 1..4usize, 0..3usize, any::<u64>());
    (sizes, kernel)
        .prop_map(
            |((batch, channels, out, h, w), (kh, kw, padding, seed))| Problem {
                batch,
                channels,
                out,
                h,
                w,
                kh,
                kw,
                padding,
                seed,
            },
        )
        .prop_filter("the kernel fits", |p| {
            p.kh <= p.h + 2 * p.padding && p.kw <= p.w + 2 * p.padding
        })
}

/// The pixel of `x` at padded position (r, s) of image n, channel c: 0 in the padding.
fn padded(x: &Array4<f64>, padding: usize, n: usize, c: usize, r: usize, s: usize) -> f64 {
    let (_, _, h, w) = x.dim();
    match r >= padding && s >= padding && r - padding < h && s - padding < w {
        true => x[[n, c, r - padding, s - padding]],
        false => 0.0,
    }
}

fn output_size_counts_positions() -> Verdict {
    property(problems(), |p| {
        let yours = learner::output_size(p.h, p.w, p.kh, p.kw, p.padding);
        let expected = p.output();
        if yours == expected {
            return Ok(());
        }
        let hint = if yours == (expected.0 - 1, expected.1 - 1) {
            say(
                "少了一个位置：H = kh、p = 0 时卷积核恰好放下 1 次",
                "one position short: with H = kh and p = 0 the kernel fits exactly once",
            )
        } else {
            say(
                "补零 p 加在图像的每一侧（上下、左右各一份）",
                "the padding p is added on every side (top and bottom, left and right)",
            )
        };
        Err(say(
            format!(
                "H × W = {} × {}，kh × kw = {} × {}，p = {}：你的 {yours:?}，但卷积核能放下的位置是 {expected:?}：{hint}",
                p.h, p.w, p.kh, p.kw, p.padding
            ),
            format!(
                "H × W = {} × {}, kh × kw = {} × {}, p = {}: yours is {yours:?}, but the kernel fits in {expected:?} positions: {hint}",
                p.h, p.w, p.kh, p.kw, p.padding
            ),
        ))
    })
}

/// im2col's entry at (row, col) under a column layout: (c, u, v) of a column index.
fn entry(p: &Problem, x: &Array4<f64>, row: usize, c: usize, u: usize, v: usize) -> f64 {
    let (ho, wo) = p.output();
    let (n, i, j) = (row / (ho * wo), row / wo % ho, row % wo);
    padded(x, p.padding, n, c, i + u, j + v)
}

fn im2col_matches() -> Verdict {
    property(problems(), |p| {
        let (x, _, _) = p.data();
        let (ho, wo) = p.output();
        let (rows, cols) = (p.batch * ho * wo, p.channels * p.kh * p.kw);
        let yours = learner::im2col(&x, p.kh, p.kw, p.padding);
        shape("im2col(x)", yours.shape(), &[rows, cols])?;
        let (c_count, kh, kw) = (p.channels, p.kh, p.kw);
        // The layout asked for, and two plausible others, each as col → (c, u, v).
        let layouts: [(&str, &str, &dyn Fn(usize) -> (usize, usize, usize)); 3] = [
            ("", "", &|col| (col / (kh * kw), col / kw % kh, col % kw)),
            (
                "：列按 (u, v, c) 排列了，通道变得最快；要求的是 (c, u, v)，最后一个下标 v 变得最快",
                ": the columns are in (u, v, c) order, the channel fastest; the order asked for is (c, u, v), v fastest",
                &|col| (col % c_count, col / c_count / kw, col / c_count % kw),
            ),
            (
                "：卷积核被翻转了（那是数学上的卷积）；PyTorch 的 conv2d 是互相关，偏移 (u, v) 就是图块中的 (u, v)",
                ": the kernel is flipped (convolution as in maths); PyTorch's conv2d is cross-correlation, offset (u, v) is the patch's (u, v)",
                &|col| (col / (kh * kw), kh - 1 - col / kw % kh, kw - 1 - col % kw),
            ),
        ];
        let matches = |layout: &dyn Fn(usize) -> (usize, usize, usize)| {
            (0..rows).all(|r| {
                (0..cols).all(|col| {
                    let (c, u, v) = layout(col);
                    yours[[r, col]] == entry(&p, &x, r, c, u, v)
                })
            })
        };
        if matches(layouts[0].2) {
            return Ok(());
        }
        let (zh, en) = layouts[1..]
            .iter()
            .find(|layout| matches(layout.2))
            .map_or(("", ""), |layout| (layout.0, layout.1));
        let (r, col) = (0..rows)
            .flat_map(|r| (0..cols).map(move |col| (r, col)))
            .find(|&(r, col)| {
                let (c, u, v) = layouts[0].2(col);
                yours[[r, col]] != entry(&p, &x, r, c, u, v)
            })
            .unwrap_or((0, 0));
        let (n, i, j) = (r / (ho * wo), r / wo % ho, r % wo);
        let (c, u, v) = layouts[0].2(col);
        let (pr, pc) = (i + u, j + v);
        let in_padding =
            pr < p.padding || pc < p.padding || pr - p.padding >= p.h || pc - p.padding >= p.w;
        let (zh, en) = match (zh.is_empty(), in_padding) {
            (true, true) => (
                "：这个位置落在补零区域（补零坐标减去 p 后在图像之外）",
                ": this position is in the padding (the padded position minus p is outside the image)",
            ),
            _ => (zh, en),
        };
        Err(say(
            format!(
                "{}：第 {r} 行 = (n {n}, i {i}, j {j})、第 {col} 列 = (c {c}, u {u}, v {v}) 的元素为 {}，应为该图块在这个位置的像素{zh}",
                p.describe(),
                yours[[r, col]]
            ),
            format!(
                "{}: row {r} = (n {n}, i {i}, j {j}), column {col} = (c {c}, u {u}, v {v}) is {}, not the patch's pixel there{en}",
                p.describe(),
                yours[[r, col]]
            ),
        ))
    })
}

/// y[n][o][i][j] = b[o] + Σ_c Σ_u Σ_v w[o][c][u][v] · x_padded[n][c][i + u][j + v], directly.
fn reference_conv2d(p: &Problem, x: &Array4<f64>, w: &Array4<f64>, b: &Array1<f64>) -> Array4<f64> {
    let (ho, wo) = p.output();
    Array4::from_shape_fn((p.batch, p.out, ho, wo), |(n, o, i, j)| {
        let mut sum = b[o];
        for c in 0..p.channels {
            for u in 0..p.kh {
                for v in 0..p.kw {
                    sum += w[[o, c, u, v]] * padded(x, p.padding, n, c, i + u, j + v);
                }
            }
        }
        sum
    })
}

fn conv2d_matches() -> Verdict {
    property(problems(), |p| {
        let (x, w, b) = p.data();
        let (ho, wo) = p.output();
        let yours = learner::conv2d(&x, &w, &b, p.padding);
        shape("conv2d(x, w, b)", yours.shape(), &[p.batch, p.out, ho, wo])?;
        let expected = reference_conv2d(&p, &x, &w, &b);
        let Some(((n, o, i, j), &value)) = yours
            .indexed_iter()
            .find(|&(at, value)| *value != expected[at])
        else {
            return Ok(());
        };
        // (B·Hₒ·Wₒ, O) poured into (B, O, Hₒ, Wₒ) in reading order, without moving the axes.
        let as_rows: Vec<f64> = (0..p.batch * ho * wo)
            .flat_map(|r| {
                let expected = &expected;
                (0..p.out).map(move |o| expected[[r / (ho * wo), o, r / wo % ho, r % wo]])
            })
            .collect();
        let poured = yours.iter().zip(&as_rows).all(|(y, e)| y == e);
        let hint = match poured {
            true => say(
                "：数值都对，位置不对。im2col · Wᵀ 的行是 (n, i, j)、列是 o；按阅读顺序直接填进 (B, O, Hₒ, Wₒ) 会把通道和像素混在一起",
                ": the right numbers in the wrong places. The rows of im2col · Wᵀ are (n, i, j) and its columns o; poured into (B, O, Hₒ, Wₒ) in reading order, channels and pixels get mixed",
            ),
            false => String::new(),
        };
        Err(say(
            format!(
                "{}：y[{n}][{o}][{i}][{j}] 为 {value}，按公式应为 {}{hint}",
                p.describe(),
                expected[[n, o, i, j]]
            ),
            format!(
                "{}: y[{n}][{o}][{i}][{j}] is {value}, the formula gives {}{hint}",
                p.describe(),
                expected[[n, o, i, j]]
            ),
        ))
    })
}
