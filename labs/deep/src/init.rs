//! Weights from SplitMix64 with PyTorch's default bound, so that `scripts/reference/*.py` builds
//! bit-identical networks without a shared file of weights:
//!
//! ```text
//! u(seed, i) = (splitmix64(seed, i) >> 11) · 2⁻⁵³                 in [0, 1)
//! w          = β (2u − 1),  β = 1/√fan_in                           (nn.Conv2d, nn.Linear)
//! ```
//!
//! One stream per network: parameter after parameter, each row-major in PyTorch's layout
//! (conv (out, in, kh, kw), linear (out, in); candle uses the same).
//!
//! Reference: Steele, Lea & Flood, "Fast splittable pseudorandom number generators",
//! OOPSLA (2014); PyTorch `nn.init.kaiming_uniform_(a = √5)`, the default of `nn.Conv2d`.

use candle_core::{Device, Result, Tensor};
use candle_nn::VarMap;

/// SplitMix64's i-th output for `seed`, as in `scripts/reference/splitmix.py`.
pub fn splitmix64(seed: u64, i: u64) -> u64 {
    let mut z = seed.wrapping_add((i + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// u(seed, i) in [0, 1).
pub fn uniform(seed: u64, i: u64) -> f64 {
    (splitmix64(seed, i) >> 11) as f64 * 2f64.powi(-53)
}

/// `n` values u(seed, start..start + n) as f32, e.g. a test batch.
pub fn uniforms(seed: u64, start: u64, n: usize) -> Vec<f32> {
    (start..start + n as u64).map(|i| uniform(seed, i) as f32).collect()
}

/// A parameter drawn from the stream: `(name in the VarMap, shape, fan_in)`.
pub type UniformParam = (String, Vec<usize>, usize);

/// Sets each parameter to β(2u − 1), β = 1/√fan_in, from one SplitMix64 stream of `seed`
/// (the parameters in the given order). Parameters not listed (batch norm's γ = 1, β = 0 and
/// running statistics) keep the values their layer gave them.
pub fn pytorch_uniform(
    varmap: &mut VarMap,
    params: impl IntoIterator<Item = UniformParam>,
    seed: u64,
    dev: &Device,
) -> Result<()> {
    let mut start = 0;
    for (name, shape, fan_in) in params {
        let n: usize = shape.iter().product();
        let bound = 1.0 / (fan_in as f64).sqrt();
        let w = (start..start + n as u64).map(|i| (bound * (2.0 * uniform(seed, i) - 1.0)) as f32);
        varmap.set_one(&name, Tensor::from_vec(w.collect(), shape, dev)?)?;
        start += n as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_papers_first_output_for_seed_0() {
        // SplitMix64 seeded with 0: the first output is 0xE220A8397B1DCDAF (Vigna's splitmix64.c).
        assert_eq!(splitmix64(0, 0), 0xE220_A839_7B1D_CDAF);
        assert!((0..1000).map(|i| uniform(7, i)).all(|u| (0.0..1.0).contains(&u)));
    }
}
