//! Training windows, as nanoGPT's `get_batch`: for random offsets i,
//!
//! ```text
//! x = tokens[i .. i + T],   y = tokens[i + 1 .. i + T + 1]          (B, T) each
//! ```
//!
//! so position t of a window is trained to predict the token after it, from the t + 1 tokens
//! it sees. The corpus is split once: the first 90 % to train on, the last 10 % to validate.

use candle_core::{Device, Result, Tensor};
use rand::Rng;

/// The first `train_fraction` of the tokens, and the rest (nanoGPT: 0.9).
pub fn split(tokens: &[u32], train_fraction: f64) -> (&[u32], &[u32]) {
    let n = ((tokens.len() as f64 * train_fraction) as usize).min(tokens.len());
    tokens.split_at(n)
}

/// `batch_size` windows at uniform random offsets in 0..len − block_size: x and y, (B, T) u32.
pub fn sample(
    tokens: &[u32],
    block_size: usize,
    batch_size: usize,
    rng: &mut impl Rng,
    dev: &Device,
) -> Result<(Tensor, Tensor)> {
    if tokens.len() <= block_size {
        candle_core::bail!("{} tokens: need more than block_size = {block_size}", tokens.len());
    }
    let offsets: Vec<usize> =
        (0..batch_size).map(|_| rng.random_range(0..tokens.len() - block_size)).collect();
    windows(tokens, &offsets, block_size, dev)
}

/// The windows at `offsets` (each ≤ len − block_size − 1): x and y, (B, T) u32.
pub fn windows(
    tokens: &[u32],
    offsets: &[usize],
    block_size: usize,
    dev: &Device,
) -> Result<(Tensor, Tensor)> {
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for &i in offsets {
        let Some(window) = tokens.get(i..i + block_size + 1) else {
            candle_core::bail!("window at {i} runs past the {} tokens", tokens.len())
        };
        x.extend_from_slice(&window[..block_size]);
        y.extend_from_slice(&window[1..]);
    }
    let shape = (offsets.len(), block_size);
    Ok((Tensor::from_vec(x, shape, dev)?, Tensor::from_vec(y, shape, dev)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn y_is_x_shifted_by_one_and_windows_stay_inside_the_tokens() {
        let tokens: Vec<u32> = (0..20).collect();
        let mut rng = StdRng::seed_from_u64(0);
        for _ in 0..50 {
            let (x, y) = sample(&tokens, 5, 3, &mut rng, &Device::Cpu).unwrap();
            assert_eq!(x.dims(), [3, 5]);
            for (x, y) in x.to_vec2::<u32>().unwrap().iter().zip(y.to_vec2::<u32>().unwrap()) {
                assert!(x.windows(2).all(|w| w[1] == w[0] + 1), "{x:?}");
                assert!(x.iter().zip(&y).all(|(a, b)| b == &(a + 1)));
                assert!(y[4] <= 19);
            }
        }
        assert!(sample(&tokens[..5], 5, 1, &mut rng, &Device::Cpu).is_err());
        assert!(windows(&tokens, &[15], 5, &Device::Cpu).is_err());
    }

    #[test]
    fn split_keeps_the_first_ninety_percent_for_training() {
        let tokens: Vec<u32> = (0..1000).collect();
        let (train, val) = split(&tokens, 0.9);
        assert_eq!((train.len(), val.len(), val[0]), (900, 100, 900));
    }
}
