use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::rand::SeedableRng;
use llmpath_checker::rand::rngs::StdRng;
use llmpath_checker::{Check, Verdict, close, iris, property, say};

const CHECKS: &[Check] = &[
    Check {
        zh: "均值与无偏样本方差：样本 [2, 4, 4, 4, 5, 5, 7, 9]",
        en: "mean and unbiased sample variance of [2, 4, 4, 4, 5, 5, 7, 9]",
        run: small_sample,
    },
    Check {
        zh: "随机样本上的 x̄ 与 s² = Σ (xᵢ − x̄)² / (n − 1)",
        en: "x̄ and s² = Σ (xᵢ − x̄)² / (n − 1) on random samples",
        run: random_moments,
    },
    Check {
        zh: "随机样本上的 Welch t",
        en: "Welch's t on random samples",
        run: random_t,
    },
    Check {
        zh: "随机样本上的 Welch–Satterthwaite 自由度 ν",
        en: "the Welch–Satterthwaite degrees of freedom ν on random samples",
        run: random_df,
    },
    Check {
        zh: "置换检验的 p 值与穷举所有重新分组得到的精确 p 值一致（在抽样误差内）",
        en: "the permutation p-value agrees with the exact one from every relabelling (within sampling error)",
        run: permutation_exact,
    },
    Check {
        zh: "鸢尾花 versicolor 与 virginica 的萼片宽度：t、ν 与 p < 0.01",
        en: "sepal widths of iris versicolor vs virginica: t, ν and p < 0.01",
        run: iris_sepal_width,
    },
];

/// Samples of 2 to 9 numbers that are not (nearly) constant.
fn samples(sizes: std::ops::Range<usize>) -> impl Strategy<Value = Vec<f64>> {
    vec(-10.0..10.0f64, sizes).prop_filter("a sample with some spread", |x| reference_moments(x).1 > 0.01)
}

/// (x̄, s²) with the unbiased 1/(n − 1).
fn reference_moments(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let squares: f64 = x.iter().map(|v| (v - mean) * (v - mean)).sum();
    (mean, squares / (n - 1.0))
}

/// Welch's (t, ν), the variances divided by n − 1 (by n when `biased`: a learner's mistake).
fn welch(a: &[f64], b: &[f64], biased: bool) -> (f64, f64) {
    let moments = |x: &[f64]| {
        let (m, v) = reference_moments(x);
        let n = x.len() as f64;
        (m, if biased { v * (n - 1.0) / n } else { v }, n)
    };
    let ((ma, va, na), (mb, vb, nb)) = (moments(a), moments(b));
    let (ea, eb) = (va / na, vb / nb);
    let t = (ma - mb) / (ea + eb).sqrt();
    let df = (ea + eb).powi(2) / (ea.powi(2) / (na - 1.0) + eb.powi(2) / (nb - 1.0));
    (t, df)
}

fn moments(x: &[f64]) -> Verdict {
    let (mean, variance) = reference_moments(x);
    let yours = learner::mean(x);
    if !close(yours, mean, 1e-10, 1e-12) {
        return Err(say(format!("均值为 {yours}，应为 {mean}"), format!("the mean is {yours}, expected {mean}")));
    }
    let yours = learner::sample_variance(x);
    if close(yours, variance, 1e-10, 1e-12) {
        return Ok(());
    }
    let n = x.len() as f64;
    let hint = if close(yours, variance * (n - 1.0) / n, 1e-10, 1e-12) {
        say("：你除以了 n；无偏样本方差除以 n − 1", ": you divided by n; the unbiased sample variance divides by n − 1")
    } else if close(yours * yours, variance, 1e-10, 1e-12) {
        say("：这是标准差 s，要的是方差 s²", ": that is the standard deviation s; the variance s² is wanted")
    } else {
        String::new()
    };
    Err(say(format!("样本方差为 {yours}，应为 {variance}{hint}"), format!("the sample variance is {yours}, expected {variance}{hint}")))
}

fn small_sample() -> Verdict {
    moments(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0])
        .map_err(|e| say(format!("样本 [2, 4, 4, 4, 5, 5, 7, 9]：{e}"), format!("sample [2, 4, 4, 4, 5, 5, 7, 9]: {e}")))
}

fn random_moments() -> Verdict {
    property(samples(2..10), |x| moments(&x))
}

fn random_t() -> Verdict {
    property((samples(2..10), samples(2..10)), |(a, b)| {
        let (yours, _) = learner::welch_t(&a, &b);
        let (t, _) = welch(&a, &b, false);
        if close(yours, t, 1e-9, 1e-12) {
            return Ok(());
        }
        let ((ma, va), (mb, vb)) = (reference_moments(&a), reference_moments(&b));
        let (na, nb) = (a.len() as f64, b.len() as f64);
        let pooled = ((na - 1.0) * va + (nb - 1.0) * vb) / (na + nb - 2.0);
        let student = (ma - mb) / (pooled * (1.0 / na + 1.0 / nb)).sqrt();
        let hint = if close(yours, -t, 1e-9, 1e-12) {
            say("：符号反了，分子是 x̄_a − x̄_b", ": the sign is flipped; the numerator is x̄_a − x̄_b")
        } else if close(yours, student, 1e-9, 1e-12) {
            say(
                "：这是用合并方差的 Student t；Welch 把两组各自的 s²/n 相加",
                ": that is Student's t with a pooled variance; Welch adds each group's own s²/n",
            )
        } else if close(yours, welch(&a, &b, true).0, 1e-9, 1e-12) {
            say("：方差除以了 n，应除以 n − 1", ": the variances divide by n instead of n − 1")
        } else if close(yours, (ma - mb) / (va / na + vb / nb), 1e-9, 1e-12) {
            say("：分母少了平方根：标准误是 √(s_a²/n_a + s_b²/n_b)", ": the denominator lacks its square root: the standard error is √(s_a²/n_a + s_b²/n_b)")
        } else if close(yours, (ma - mb) / (va + vb).sqrt(), 1e-9, 1e-12) {
            say("：均值的方差是 s²/n，不是 s²", ": the variance of a mean is s²/n, not s²")
        } else {
            String::new()
        };
        Err(say(format!("t = {yours}，应为 {t}{hint}"), format!("t = {yours}, expected {t}{hint}")))
    })
}

fn random_df() -> Verdict {
    property((samples(2..10), samples(2..10)), |(a, b)| {
        let (_, yours) = learner::welch_t(&a, &b);
        let (_, df) = welch(&a, &b, false);
        if close(yours, df, 1e-9, 1e-12) {
            return Ok(());
        }
        let ((_, va), (_, vb)) = (reference_moments(&a), reference_moments(&b));
        let (na, nb) = (a.len() as f64, b.len() as f64);
        let (ea, eb) = (va / na, vb / nb);
        let hint = if close(yours, na + nb - 2.0, 1e-9, 1e-12) {
            say("：n_a + n_b − 2 是 Student t 的自由度；Welch 用 Welch–Satterthwaite 公式", ": n_a + n_b − 2 is Student's; Welch uses the Welch–Satterthwaite formula")
        } else if close(yours, (ea + eb).powi(2) / (ea * ea / na + eb * eb / nb), 1e-9, 1e-12) {
            say("：分母里除以的是 n_a − 1 与 n_b − 1，不是 n_a 与 n_b", ": the denominator divides by n_a − 1 and n_b − 1, not by n_a and n_b")
        } else if close(yours, welch(&a, &b, true).1, 1e-9, 1e-12) {
            say("：方差除以了 n，应除以 n − 1", ": the variances divide by n instead of n − 1")
        } else if yours < na.min(nb) - 1.0 - 1e-9 || yours > na + nb - 2.0 + 1e-9 {
            say(
                format!("：ν 总在 min(n_a, n_b) − 1 = {} 与 n_a + n_b − 2 = {} 之间", na.min(nb) - 1.0, na + nb - 2.0),
                format!(": ν always lies between min(n_a, n_b) − 1 = {} and n_a + n_b − 2 = {}", na.min(nb) - 1.0, na + nb - 2.0),
            )
        } else {
            String::new()
        };
        Err(say(format!("ν = {yours}，应为 {df}{hint}"), format!("ν = {yours}, expected {df}{hint}")))
    })
}

/// The exact p-values over every way to pick n_a of the pooled values as "a": two-sided
/// P(|d*| ≥ |d|) counting gaps equal to |d| up to rounding, the same without them (a shuffle
/// that lands on the observed labelling or its mirror computes |d| in another order and may
/// come out a hair smaller), one-sided P(d* ≥ d), and how many relabellings there are.
fn exact_p(a: &[f64], b: &[f64]) -> (f64, f64, f64, usize) {
    let pooled: Vec<f64> = a.iter().chain(b).copied().collect();
    let n = pooled.len();
    let split = |mask: usize| {
        let (mut first, mut rest) = (Vec::new(), Vec::new());
        for (i, &v) in pooled.iter().enumerate() {
            if mask >> i & 1 == 1 { first.push(v) } else { rest.push(v) }
        }
        reference_moments(&first).0 - reference_moments(&rest).0
    };
    let observed = reference_moments(a).0 - reference_moments(b).0;
    let (mut two, mut two_strict, mut one, mut total) = (0, 0, 0, 0);
    for mask in (0..1usize << n).filter(|m| m.count_ones() as usize == a.len()) {
        let d = split(mask);
        total += 1;
        two += usize::from(d.abs() >= observed.abs() * (1.0 - 1e-9));
        two_strict += usize::from(d.abs() > observed.abs() * (1.0 + 1e-9));
        one += usize::from(d >= observed - 1e-9 * observed.abs());
    }
    let share = |count: usize| count as f64 / total as f64;
    (share(two), share(two_strict), share(one), total)
}

fn permutation_exact() -> Verdict {
    const B: usize = 1000;
    property((samples(4..7), samples(4..7), any::<u64>()), |(a, b, seed)| {
        let mut rng = StdRng::seed_from_u64(seed);
        let yours = learner::permutation_p_value(&a, &b, B, &mut rng);
        let (p, p_strict, one_sided, relabellings) = exact_p(&a, &b);
        // Sampling error of B shuffles (5 standard deviations) around either count of the ties,
        // the observed relabelling and its mirror image, and the +1s.
        let error = |p: f64| 5.0 * (p * (1.0 - p) / B as f64).sqrt() + 2.0 / relabellings as f64 + 2.0 / B as f64;
        let allowed = error(p).max(error(p_strict));
        if (p_strict - allowed..=p + allowed).contains(&yours) {
            return Ok(());
        }
        let one_allowed = 5.0 * (one_sided * (1.0 - one_sided) / B as f64).sqrt() + 2.0 / relabellings as f64 + 2.0 / B as f64;
        let hint = if yours > 0.999 {
            say(
                "：几乎每次打乱后的差距都不小于观测值：打乱的是合并后的数据吗？在各组内部打乱不会改变均值",
                ": almost every shuffle gave a gap as large as the observed one: do you shuffle the pooled values? Shuffling within each group never changes the means",
            )
        } else if (yours - one_sided).abs() <= one_allowed {
            say(
                "：这像是单侧 p 值 P(d* ≥ d)；双侧检验比较的是差距的绝对值",
                ": that looks like the one-sided P(d* ≥ d); the two-sided test compares absolute gaps",
            )
        } else {
            String::new()
        };
        Err(say(
            format!("你的 p = {yours:.4}，而穷举全部 {relabellings} 种重新分组得到的精确 p = {p:.4}（{B} 次打乱的误差应在 ±{allowed:.4} 内）{hint}"),
            format!("your p = {yours:.4}, while the exact p over all {relabellings} relabellings is {p:.4} ({B} shuffles should land within ±{allowed:.4}){hint}"),
        ))
    })
}

fn iris_sepal_width() -> Verdict {
    let (features, species) = iris();
    let width = |s: usize| -> Vec<f64> { features.iter().zip(&species).filter(|(_, k)| **k == s).map(|(f, _)| f[1]).collect() };
    let (versicolor, virginica) = (width(1), width(2));
    let (t, df) = learner::welch_t(&versicolor, &virginica);
    let (t_ref, df_ref) = welch(&versicolor, &virginica, false);
    if !close(t, t_ref, 1e-9, 0.0) || !close(df, df_ref, 1e-9, 0.0) {
        return Err(say(
            format!("t = {t}，ν = {df}，应为 t = {t_ref:.6}，ν = {df_ref:.4}：先让前面的检查通过"),
            format!("t = {t}, ν = {df}, expected t = {t_ref:.6}, ν = {df_ref:.4}: make the checks above pass first"),
        ));
    }
    let permutations = 2_000;
    let p = learner::permutation_p_value(&versicolor, &virginica, permutations, &mut StdRng::seed_from_u64(42));
    match (1.0 / (1 + permutations) as f64 - 1e-12..0.01).contains(&p) {
        true => Ok(()),
        false => Err(say(
            format!("t = {t:.3}（ν = {df:.1}）显示两个品种的萼片宽度差异很大，但你的置换 p = {p}，应 < 0.01（且至少为 1/(1 + 2000)）"),
            format!("t = {t:.3} (ν = {df:.1}) says the sepal widths differ clearly, but your permutation p = {p}; expected < 0.01 (and at least 1/(1 + 2000))"),
        )),
    }
}
