//! The Welch–Satterthwaite denominator divides by n_a and n_b instead of n_a − 1 and n_b − 1.

use rand::Rng;
use rand::seq::SliceRandom;

/// The sample mean x̄.
pub fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

/// The unbiased sample variance s² = Σ (xᵢ − x̄)² / (n − 1).
pub fn sample_variance(x: &[f64]) -> f64 {
    let m = mean(x);
    // n − 1: one degree of freedom went into estimating x̄.
    x.iter().map(|xi| (xi - m) * (xi - m)).sum::<f64>() / (x.len() as f64 - 1.0)
}

/// Welch's (t, ν) for the difference of means x̄_a − x̄_b.
pub fn welch_t(a: &[f64], b: &[f64]) -> (f64, f64) {
    // The squared standard error of each mean, s²/n.
    let se_a = sample_variance(a) / a.len() as f64;
    let se_b = sample_variance(b) / b.len() as f64;
    let t = (mean(a) - mean(b)) / (se_a + se_b).sqrt();
    let df = (se_a + se_b).powi(2)
        / (se_a * se_a / a.len() as f64 + se_b * se_b / b.len() as f64);
    (t, df)
}

/// The two-sided permutation p-value of |x̄_a − x̄_b|, from `permutations` shuffles drawn with
/// `rng` (shuffle a slice with `rand::seq::SliceRandom::shuffle`).
pub fn permutation_p_value(a: &[f64], b: &[f64], permutations: usize, rng: &mut impl Rng) -> f64 {
    let observed = (mean(a) - mean(b)).abs();
    let mut pooled: Vec<f64> = a.iter().chain(b).copied().collect();
    let mut count = 0;
    for _ in 0..permutations {
        pooled.shuffle(rng);
        let (first, rest) = pooled.split_at(a.len());
        // Two-sided: a gap as large in either direction counts.
        if (mean(first) - mean(rest)).abs() >= observed {
            count += 1;
        }
    }
    // The +1s count the observed labelling itself, so p is never 0.
    (1 + count) as f64 / (1 + permutations) as f64
}
