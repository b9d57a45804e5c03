//! What the labs of this crate share: the scalar and tensor autograd engines ([`scalar`],
//! [`tensor`]), the random numbers every lab starts from, the same in the labs and in
//! `scripts/reference/neural.py`, and the digits' train / test split.
//!
//! ```text
//! SplitMix64  z ← seed + (i + 1)·γ,  γ = 0x9E3779B97F4A7C15
//!             z ← (z ⊕ z ≫ 30)·0xBF58476D1CE4E5B9;  z ← (z ⊕ z ≫ 27)·0x94D049BB133111EB;  z ⊕ z ≫ 31
//!             (all mod 2⁶⁴): the i-th output, so any element can be drawn on its own
//! uniform     u(seed, i) = (z ≫ 11)·2⁻⁵³ ∈ [0, 1), exact in f64 (and in NumPy)
//! init        β(2u − 1), one stream over the tensors in order, each row-major;
//!             β = 1/√fan_in, PyTorch's default for nn.Linear and nn.Conv2d
//! shuffle     epoch e visits the rows sorted by u(seed + 1 + e, i)
//! ```
//!
//! A weight matrix is W (in, out), so a layer reads `x W + b` (PyTorch keeps Wᵀ, (out, in)).
//! The labs are binaries in `src/bin/`; run one with `llmpath lab run ID` or
//! `cargo run --release -p llmpath-labs-neural --bin NAME -- --out DIR [--quick] [--lang zh]`.
//!
//! References:
//! - Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA (2014).
//! - He, Zhang, Ren & Sun, "Delving deep into rectifiers", ICCV (2015): the fan-in scaling.
//! - PyTorch `torch.nn.Linear.reset_parameters` (kaiming_uniform_ with a = √5: β = 1/√fan_in).

pub mod scalar;
pub mod tensor;

use llmpath_data::{DataDir, load};
use ndarray::{Array2, ArrayD, Axis, IxDyn};

/// The `i`-th output of SplitMix64 seeded with `seed`.
pub fn splitmix64(seed: u64, i: u64) -> u64 {
    let mut z = seed.wrapping_add((i + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// u(seed, i) in [0, 1): the top 53 bits of the `i`-th output.
pub fn uniform(seed: u64, i: u64) -> f64 {
    (splitmix64(seed, i) >> 11) as f64 * 2f64.powi(-53)
}

/// Tensors of the given shapes filled with β(2u − 1), drawn from one stream in order.
pub fn init(seed: u64, shapes: &[(&[usize], f64)]) -> Vec<ArrayD<f64>> {
    let mut start = 0;
    let mut tensors = Vec::new();
    for &(shape, bound) in shapes {
        let n: usize = shape.iter().product();
        let values = (start..start + n as u64).map(|i| bound * (2.0 * uniform(seed, i) - 1.0));
        tensors.push(ArrayD::from_shape_vec(IxDyn(shape), values.collect()).unwrap_or_default());
        start += n as u64;
    }
    tensors
}

/// [W₁ (in, out), b₁, W₂, b₂, …] of dense layers `sizes[0] → sizes[1] → …`, β = 1/√fan_in.
pub fn linear_init(seed: u64, sizes: &[usize]) -> Vec<ArrayD<f64>> {
    let bound = |fan_in: usize| 1.0 / (fan_in as f64).sqrt();
    let shapes: Vec<[usize; 2]> = sizes.windows(2).map(|w| [w[0], w[1]]).collect();
    let layers = shapes.iter().zip(sizes);
    let shapes: Vec<(&[usize], f64)> = layers
        .flat_map(|(shape, &fan_in)| [(&shape[..], bound(fan_in)), (&shape[1..], bound(fan_in))])
        .collect();
    init(seed, &shapes)
}

/// The order epoch `epoch` visits `n` rows in: sorted by u(seed + 1 + epoch, i).
pub fn shuffle(seed: u64, epoch: u64, n: usize) -> Vec<usize> {
    let keys: Vec<f64> = (0..n as u64).map(|i| uniform(seed + 1 + epoch, i)).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]));
    order
}

/// How far a lab's numbers are from the reference's: max |aᵢ − bᵢ| / max(1, |bᵢ|), relative for
/// large values and absolute below 1; ∞ if the lengths differ.
pub fn gap<'a>(ours: impl IntoIterator<Item = &'a f64>, theirs: &[f64]) -> f64 {
    let ours: Vec<f64> = ours.into_iter().copied().collect();
    let worst = ours.iter().zip(theirs).map(|(a, b)| (a - b).abs() / b.abs().max(1.0));
    if ours.len() == theirs.len() { worst.fold(0.0, f64::max) } else { f64::INFINITY }
}

/// Train and test rows: within each class, in file order, every 4th sample is a test sample
/// (`scripts/reference/neural.py` splits the same way).
pub fn split(y: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let mut seen = vec![0; y.iter().max().map_or(0, |&k| k + 1)];
    (0..y.len()).partition(|&i| {
        seen[y[i]] += 1;
        (seen[y[i]] - 1) % 4 != 0
    })
}

/// Rows of pixels / 16 (n, 64) and their digits.
pub type Rows = (Array2<f64>, Vec<usize>);

/// The 8×8 digits: the training rows, then the test rows of [`split`].
pub fn digits(dir: &DataDir) -> llmpath_data::Result<[Rows; 2]> {
    let digits = load::digits(dir)?;
    let (labels, pixels) = (digits.y.to_vec(), digits.x / 16.0);
    let (train, test) = split(&labels);
    let rows = |r: &[usize]| (pixels.select(Axis(0), r), r.iter().map(|&i| labels[i]).collect());
    Ok([rows(&train), rows(&test)])
}

/// How many rows of `logits` (n, k) pick the class in `labels` (the first maximum of a tie).
pub fn correct(logits: &ArrayD<f64>, labels: &[usize]) -> usize {
    let classes = logits.shape().get(1).copied().unwrap_or(0);
    let argmax =
        |i: usize| (0..classes).fold(0, |a, k| if logits[[i, k]] > logits[[i, a]] { k } else { a });
    labels.iter().enumerate().filter(|&(i, &y)| argmax(i) == y).count()
}

#[cfg(test)]
mod tests;
