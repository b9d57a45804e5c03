//! # Welch's t statistic and a permutation test / Welch t 统计量与置换检验
//!
//! Do two groups have the same mean? Welch's t measures the gap between the sample means in
//! units of its standard error, without assuming the groups share a variance, and the
//! Welch–Satterthwaite formula gives the degrees of freedom ν of the t distribution it follows:
//!
//! ```text
//! x̄ = (1/n) Σ xᵢ                 s² = (1/(n − 1)) Σ (xᵢ − x̄)²      (the unbiased sample variance)
//! t = (x̄_a − x̄_b) / √(s_a²/n_a + s_b²/n_b)
//! ν = (s_a²/n_a + s_b²/n_b)² / [ (s_a²/n_a)² / (n_a − 1) + (s_b²/n_b)² / (n_b − 1) ]
//! ```
//!
//! A permutation test needs no distribution at all: if the group labels do not matter, any
//! relabelling of the pooled values is as likely as the observed one. Pool a and b; `permutations`
//! times, shuffle the pool, call the first n_a values "a" and the rest "b", and count how often
//! |x̄*_a − x̄*_b| ≥ |x̄_a − x̄_b|. The p-value is (1 + count) / (1 + permutations).
//!
//! Both samples have at least 2 values and are not constant. The last check runs both on the
//! sepal widths of iris versicolor and virginica.
//!
//! 两组数据的均值相同吗？Welch t 以标准误为单位衡量两个样本均值的差距，不假设两组方差相同；
//! Welch–Satterthwaite 公式给出它所服从的 t 分布的自由度 ν（公式见上，方差用除以 n − 1 的无偏样本
//! 方差）。置换检验不需要任何分布假设：如果组别标签无关紧要，那么把合并后的数据任意重新分组，与观测到
//! 的分组同样可能。把 a 与 b 合并，重复 `permutations` 次：打乱合并后的数据，前 n_a 个记为 “a”，其余
//! 记为 “b”，统计 |x̄*_a − x̄*_b| ≥ |x̄_a − x̄_b| 的次数；p 值为 (1 + 次数) / (1 + permutations)。两个
//! 样本都至少有 2 个值且不全相等。最后一项检查在鸢尾花 versicolor 与 virginica 的萼片宽度上运行两者。
//!
//! Lab / 实验: `llmpath lab show statistics`. Check / 检查: `llmpath check`.

use rand::Rng;

/// The sample mean x̄.
pub fn mean(x: &[f64]) -> f64 {
    todo!("the mean of {} numbers", x.len())
}

/// The unbiased sample variance s² = Σ (xᵢ − x̄)² / (n − 1).
pub fn sample_variance(x: &[f64]) -> f64 {
    todo!("the sample variance of {} numbers", x.len())
}

/// Welch's (t, ν) for the difference of means x̄_a − x̄_b.
pub fn welch_t(a: &[f64], b: &[f64]) -> (f64, f64) {
    todo!("Welch's t for {} and {} numbers", a.len(), b.len())
}

/// The two-sided permutation p-value of |x̄_a − x̄_b|, from `permutations` shuffles drawn with
/// `rng` (shuffle a slice with `rand::seq::SliceRandom::shuffle`).
pub fn permutation_p_value(a: &[f64], b: &[f64], permutations: usize, rng: &mut impl Rng) -> f64 {
    let _ = &rng;
    todo!(
        "a p-value from {permutations} shuffles of {} numbers",
        a.len() + b.len()
    )
}
