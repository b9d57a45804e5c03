//! Probability and statistics: the central limit theorem, Bayes' rule, maximum likelihood, a
//! two-sample t-test and a chi-square test of independence on Titanic.
//!
//! ```text
//! CLT        x̄ₙ = (1/n) Σ xᵢ, xᵢ ~ Exp(1):  x̄ₙ ~ Gamma(n, rate n), mean 1, var 1/n, skew 2/√n;
//!            √n (x̄ₙ − 1) → N(0, 1)
//! Bayes      P(S | F) = P(F | S) P(S) / P(F)
//! Gaussian   μ̂ = x̄,  σ̂² = (1/n) Σ (xᵢ − x̄)²  (biased: E σ̂² = (n−1)/n σ²; s² = n/(n−1) σ̂²)
//! Bernoulli  p̂ = k/n,      ℓ(p) = k ln p + (n − k) ln(1 − p)
//! Poisson    λ̂ = x̄,        ℓ(λ) = Σ (kᵢ ln λ − λ − ln kᵢ!),  −ℓ''(λ̂) = n/λ̂ (Fisher information)
//! Student    t = (x̄₁ − x̄₂) / √(s_p² (1/n₁ + 1/n₂)),  s_p² = ((n₁−1)s₁² + (n₂−1)s₂²) / ν,  ν = n₁+n₂−2
//! Welch      t = (x̄₁ − x̄₂) / √(s₁²/n₁ + s₂²/n₂),  ν = (s₁²/n₁ + s₂²/n₂)² / Σᵢ (sᵢ²/nᵢ)² / (nᵢ−1)
//!            p = 2 P(T_ν > |t|)
//! χ²         Eᵢⱼ = rᵢ cⱼ / N,  χ² = Σ (Oᵢⱼ − Eᵢⱼ)² / Eᵢⱼ,  ν = (rows−1)(cols−1),  p = P(χ²_ν > χ²)
//! Yates      on a 2×2 table each Oᵢⱼ first moves min(0.5, |Eᵢⱼ − Oᵢⱼ|) towards Eᵢⱼ
//! ```
//!
//! Draws histograms of x̄ₙ for n = 1, 5, 30 beside N(1, 1/n) and the exact Gamma(n, n)
//! (`clt_n1.png` …), computes P(survived | female) two ways, fits the three distributions by
//! maximum likelihood (`poisson_loglik.png`: ℓ(λ) and its quadratic approximation), and tests
//! fare and age of survivors against the others, and sex against survival.
//! `scripts/reference/statistics.py` computes the same with NumPy and SciPy (`norm.fit`,
//! `ttest_ind`, `chi2_contingency`; golden file `scripts/reference/golden/statistics.json`).
//!
//! Expected result and time (release, 2 vCPU): with 100 000 means per n (seed 42), n·s² =
//! 1.014, 1.002, 0.999, skewness 2.02, 0.90, 0.37 (2/√n: 2, 0.89, 0.37) and the KS distance to
//! N(0, 1) falls 0.159 → 0.063 → 0.024. P(survived | female) = 233/314 = 0.742 both ways;
//! μ̂ = 29.70 years, σ̂² = 210.72 (s² = 211.02); p̂ = 0.384; λ̂ = 0.523 ± 0.024 (but SibSp's
//! variance is 1.22: overdispersed). Fare: Student t = 7.94, p = 6.1e-15; Welch t = 6.84,
//! ν = 436.7, p = 2.7e-11. Age: t = −2.07, p = 0.039 (Welch 0.041). χ² = 263.05 (Yates 260.72),
//! ν = 1, p = 3.7e-59. SciPy's statistics and p-values are met to 3e-14 (checked at 1e-9),
//! the MLEs to 1e-14 (checked at 1e-12). About 0.1 s; `--quick` (5 000 means per n, every
//! statistic still checked) 0.05 s.
//!
//! References:
//! - Wasserman, *All of Statistics* (2004): ch. 1 (Bayes' theorem), 5 (CLT), 9 (MLE), 10 (tests).
//! - Student, "The probable error of a mean", Biometrika 6 (1908).
//! - Welch, "The generalization of 'Student's' problem when several different population
//!   variances are involved", Biometrika 34 (1947).
//! - Pearson, "On the criterion that a given system of deviations…", Phil. Mag. 50 (1900).
//! - Yates, "Contingency tables involving small numbers and the χ² test", JRSS Suppl. 1 (1934).
//! - SciPy reference: `scipy.stats.ttest_ind`, `scipy.stats.chi2_contingency`.

use std::collections::BTreeMap;
use std::error::Error;
use std::f64::consts::PI;
use std::process::ExitCode;

use llmpath_data::DataDir;
use llmpath_data::load::{Passenger, Sex, titanic};
use llmpath_lab::{LabArgs, Run};
use llmpath_labs_kit::Checks;
use llmpath_labs_kit::plot::{Chart, LegendAt, Plots};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::Exp1;
use serde::Deserialize;
use statrs::distribution::{ChiSquared, Continuous, ContinuousCDF, Gamma, Normal, StudentsT};
use statrs::function::factorial::ln_factorial;

const GOLDEN: &str = include_str!("../../../../scripts/reference/golden/statistics.json");
/// Sample means per n, full and quick mode.
const MEANS: [usize; 2] = [100_000, 5_000];
const NS: [usize; 3] = [1, 5, 30];
/// Relative tolerances against SciPy: estimates, and test statistics with their p-values.
const MLE_RTOL: f64 = 1e-12;
const TEST_RTOL: f64 = 1e-9;
/// How Python spells `false` and `true`, for the sources.
const PY_BOOL: [&str; 2] = ["False", "True"];

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

/// Σ (xᵢ − x̄)² / (n − ddof): ddof = 0 is the Gaussian MLE σ̂², ddof = 1 the unbiased s².
fn var(x: &[f64], ddof: f64) -> f64 {
    let m = mean(x);
    x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (x.len() as f64 - ddof)
}

/// m₃ / m₂^(3/2), moments about the mean.
fn skewness(x: &[f64]) -> f64 {
    let m = mean(x);
    let m3 = x.iter().map(|v| (v - m).powi(3)).sum::<f64>() / x.len() as f64;
    m3 / var(x, 0.0).powf(1.5)
}

/// `count` sample means x̄ₙ of n draws from Exp(1).
fn exp_means(n: usize, count: usize, rng: &mut StdRng) -> Vec<f64> {
    let draw = |rng: &mut StdRng| (0..n).map(|_| rng.sample::<f64, _>(Exp1)).sum::<f64>();
    (0..count).map(|_| draw(rng) / n as f64).collect()
}

/// sup_z |F̂(z) − Φ(z)| over the standardised means z = √n (x̄ₙ − 1) (Kolmogorov–Smirnov).
fn ks_to_normal(means: &[f64], n: usize) -> f64 {
    let mut z: Vec<f64> = means.iter().map(|m| (m - 1.0) * (n as f64).sqrt()).collect();
    z.sort_by(f64::total_cmp);
    let (phi, len) = (Normal::standard(), z.len() as f64);
    let gap = |(i, &z): (usize, &f64)| {
        let f = phi.cdf(z);
        (f - i as f64 / len).max((i + 1) as f64 / len - f)
    };
    z.iter().enumerate().map(gap).fold(0.0, f64::max)
}

/// A density histogram of `x` on `bins` bins of lo..hi, as the corners of its outline.
fn density_outline(x: &[f64], lo: f64, hi: f64, bins: usize) -> Vec<(f64, f64)> {
    let width = (hi - lo) / bins as f64;
    let mut counts = vec![0.0; bins];
    for v in x.iter().filter(|&&v| v >= lo && v < hi) {
        counts[(((v - lo) / width) as usize).min(bins - 1)] += 1.0;
    }
    let mut outline = vec![(lo, 0.0)];
    for (i, c) in counts.iter().enumerate() {
        let (x0, d) = (lo + i as f64 * width, c / (x.len() as f64 * width));
        outline.extend([(x0, d), (x0 + width, d)]);
    }
    outline.push((hi, 0.0));
    outline
}

/// Σ ln N(xᵢ; μ, σ²)
fn gaussian_loglik(x: &[f64], mu: f64, sigma2: f64) -> f64 {
    x.iter().map(|v| -0.5 * (2.0 * PI * sigma2).ln() - (v - mu).powi(2) / (2.0 * sigma2)).sum()
}

/// k ln p + (n − k) ln(1 − p) for k successes in n trials.
fn bernoulli_loglik(k: f64, n: f64, p: f64) -> f64 {
    k * p.ln() + (n - k) * (1.0 - p).ln()
}

/// Σ (kᵢ ln λ − λ − ln kᵢ!)
fn poisson_loglik(k: &[u32], lambda: f64) -> f64 {
    k.iter().map(|&k| f64::from(k) * lambda.ln() - lambda - ln_factorial(u64::from(k))).sum()
}

/// A test's statistic (t or χ²), degrees of freedom ν, p-value and, for χ², expected counts;
/// also what SciPy's `ttest_ind` and `chi2_contingency` returned.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Test {
    statistic: f64,
    #[serde(alias = "dof")]
    df: f64,
    pvalue: f64,
    expected: [[f64; 2]; 2],
}

/// Student's (`equal_var`, pooled variance) or Welch's two-sample t-test, two-sided.
fn t_test(a: &[f64], b: &[f64], equal_var: bool) -> Result<Test, Box<dyn Error>> {
    let (n1, n2, v1, v2) = (a.len() as f64, b.len() as f64, var(a, 1.0), var(b, 1.0));
    let (se2, df) = if equal_var {
        let df = n1 + n2 - 2.0;
        (((n1 - 1.0) * v1 + (n2 - 1.0) * v2) / df * (1.0 / n1 + 1.0 / n2), df)
    } else {
        let (w1, w2) = (v1 / n1, v2 / n2);
        (w1 + w2, (w1 + w2).powi(2) / (w1 * w1 / (n1 - 1.0) + w2 * w2 / (n2 - 1.0)))
    };
    let t = (mean(a) - mean(b)) / se2.sqrt();
    let pvalue = 2.0 * StudentsT::new(0.0, 1.0, df)?.sf(t.abs());
    Ok(Test { statistic: t, df, pvalue, expected: [[0.0; 2]; 2] })
}

/// Pearson's test of independence on a 2×2 table of counts, with or without Yates' correction.
fn chi2_independence(o: [[f64; 2]; 2], yates: bool) -> Result<Test, Box<dyn Error>> {
    let r = o.map(|row| row[0] + row[1]);
    let c = [0, 1].map(|j| o[0][j] + o[1][j]);
    let expected = [0, 1].map(|i| [0, 1].map(|j| r[i] * c[j] / (r[0] + r[1])));
    let mut chi2 = 0.0;
    for (o, e) in o.iter().flatten().zip(expected.iter().flatten()) {
        let o = if yates { o + (e - o).signum() * (e - o).abs().min(0.5) } else { *o };
        chi2 += (o - e).powi(2) / e;
    }
    let dof = 1.0; // (2 − 1)(2 − 1)
    Ok(Test { statistic: chi2, df: dof, pvalue: ChiSquared::new(dof)?.sf(chi2), expected })
}

/// ([P(S), P(F | S), P(F)], #(S, F) / #F) for S survived, F female.
fn bayes_inputs(train: &[Passenger]) -> ([f64; 3], f64) {
    let count = |f: &dyn Fn(&Passenger) -> bool| train.iter().filter(|p| f(p)).count() as f64;
    let survived = |p: &Passenger| p.survived == Some(true);
    let female = |p: &Passenger| p.sex == Sex::Female;
    let (n_s, n_f, n_fs) = (count(&survived), count(&female), count(&|p| survived(p) && female(p)));
    let n = train.len() as f64;
    ([n_s / n, n_fs / n_s, n_f / n], n_fs / n_f)
}

/// The values compared in the t-tests: fare or age of survivors (`survived`) or of the others.
fn column(train: &[Passenger], what: &str, survived: bool) -> Vec<f64> {
    let value = |p: &Passenger| if what == "fare" { p.fare } else { p.age };
    train.iter().filter(|p| p.survived == Some(survived)).filter_map(value).collect()
}

/// The sex × survival table: rows female, male; columns died, survived.
fn sex_by_survival(train: &[Passenger]) -> [[f64; 2]; 2] {
    let count = |sex, s| train.iter().filter(|p| p.sex == sex && p.survived == Some(s)).count();
    [Sex::Female, Sex::Male].map(|sex| [false, true].map(|s| count(sex, s) as f64))
}

/// What `scripts/reference/statistics.py` wrote (the fields the lab uses).
#[derive(Debug, Deserialize)]
struct Golden {
    versions: BTreeMap<String, String>,
    n_passengers: usize,
    bayes: BTreeMap<String, f64>,
    /// Metric name → NumPy's or SciPy's value.
    mle: BTreeMap<String, f64>,
    /// Column → "student" or "welch" → test.
    ttest: BTreeMap<String, BTreeMap<String, Test>>,
    sex_by_survival: [[f64; 2]; 2],
    /// "pearson" or "yates" → test.
    chi2: BTreeMap<String, Test>,
}

/// Compares a test's statistic, degrees of freedom and p-value with SciPy's.
fn compare_test(checks: &mut Checks, name: &str, ours: &Test, scipy: &Test, source: &str) {
    let (a, b) = (ours, scipy);
    let stats =
        [("statistic", a.statistic, b.statistic), ("df", a.df, b.df), ("p", a.pvalue, b.pvalue)];
    for (stat, ours, theirs) in stats {
        checks.compare(&format!("{name}_{stat}"), ours, theirs, TEST_RTOL, source);
    }
}

fn main() -> ExitCode {
    llmpath_labs_kit::main("statistics", lab)
}

fn lab(args: LabArgs) -> Result<(), Box<dyn Error>> {
    let lang = args.lang;
    let g: Golden = serde_json::from_str(GOLDEN)?;
    let train = titanic(&DataDir::resolve(args.data_dir.clone())?)?.train;
    let plots = Plots::new(&args)?;
    let (mut run, mut c) = (Run::start("statistics", "titanic", &args)?, Checks::default());
    c.require(train.len() == g.n_passengers, "golden file made from another train.csv");
    let src = |lib: &str, call: &str| format!("{lib} {} {call}", g.versions[&lib.to_lowercase()]);

    // 1. CLT: means of n draws from Exp(1) beside N(1, 1/n) and their exact law Gamma(n, n).
    println!("{}", lang.pick(ZH[0], EN[0]));
    let (mut rng, count) = (StdRng::seed_from_u64(args.seed), MEANS[usize::from(args.quick)]);
    let mut ks = Vec::new();
    for n in NS {
        let x = exp_means(n, count, &mut rng); // (count,)
        let (m, nv, skew) = (mean(&x), n as f64 * var(&x, 1.0), skewness(&x));
        let (sd, d) = ((1.0 / n as f64).sqrt(), ks_to_normal(&x, n));
        let g1 = 2.0 * sd; // skewness of Gamma(n, n)
        println!("   n = {n:2}: x̄ {m:.4}, n·s² {nv:.4}, skew {skew:.3} (2/√n {g1:.3}), KS {d:.4}");
        run.compare(&format!("clt_n{n}_mean"), m, 1.0, "theory: E x̄ₙ = 1");
        run.compare(&format!("clt_n{n}_var_times_n"), nv, 1.0, "theory: n Var x̄ₙ = 1");
        run.compare(&format!("clt_n{n}_skewness"), skew, g1, "theory: 2/√n");
        run.metric(&format!("clt_n{n}_ks_distance_to_normal"), d);
        let se = (1.0 / (n as f64 * count as f64)).sqrt();
        let ok = (m - 1.0).abs() < 5.0 * se && (nv - 1.0).abs() < 0.15;
        c.require(ok, format!("n = {n}: mean {m} or n·var {nv} is too far from 1"));
        ks.push(d);
        let (lo, hi) = ((1.0 - 4.0 * sd).max(0.0), 1.0 + 5.0 * sd);
        let grid: Vec<f64> = (0..=300).map(|i| lo + (hi - lo) * f64::from(i) / 300.0).collect();
        let (normal, gamma) = (Normal::new(1.0, sd)?, Gamma::new(n as f64, n as f64)?);
        let title = format!("{} n = {n}", lang.pick(ZH[5], EN[5]));
        let [x_label, exact] = [8, 10].map(|i| lang.pick(ZH[i], EN[i]));
        let chart = Chart::new(&title, x_label, lang.pick("密度", "density"))
            .line(lang.pick("直方图", "histogram"), density_outline(&x, lo, hi, 40))
            .dashed("N(1, 1/n)", grid.iter().map(|&x| (x, normal.pdf(x))))
            .line(exact, grid.iter().map(|&x| (x, gamma.pdf(x))));
        plots.record(&mut run, &format!("clt_n{n}"), &chart)?;
    }
    c.require(ks[0] > ks[1] && ks[1] > ks[2], format!("KS distances {ks:?} do not fall with n"));

    // 2. Bayes' rule: P(S | F) from P(F | S), P(S) and P(F), and straight from the counts.
    println!("{}", lang.pick(ZH[1], EN[1]));
    let ([p_s, p_f_given_s, p_f], p_counts) = bayes_inputs(&train);
    let p_bayes = p_f_given_s * p_s / p_f;
    println!("   P(S) = {p_s:.4}, P(F | S) = {p_f_given_s:.4}, P(F) = {p_f:.4}");
    println!("   P(F | S) P(S) / P(F) = {p_bayes:.6};  #(S, F) / #F = {p_counts:.6}");
    for (name, ours) in [("bayes", p_bayes), ("counts", p_counts)] {
        let name = format!("p_survived_given_female_{name}");
        c.compare(&name, ours, g.bayes[&name], MLE_RTOL, &src("NumPy", "(counts)"));
    }

    // 3. Maximum likelihood: Gaussian on age, Bernoulli on survival, Poisson on SibSp.
    println!("{}", lang.pick(ZH[2], EN[2]));
    let ages: Vec<f64> = train.iter().filter_map(|p| p.age).collect(); // (714,)
    let (mu, sigma2, s2) = (mean(&ages), var(&ages, 0.0), var(&ages, 1.0));
    let l_gauss = gaussian_loglik(&ages, mu, sigma2);
    let n = train.len() as f64;
    let (p_hat, l_bern) = (p_s, bernoulli_loglik(p_s * n, n, p_s));
    let sib_sp: Vec<u32> = train.iter().map(|p| p.sib_sp).collect(); // (891,)
    let sib_sp_f: Vec<f64> = sib_sp.iter().map(|&k| f64::from(k)).collect();
    let lambda = mean(&sib_sp_f);
    let l_max = poisson_loglik(&sib_sp, lambda);
    println!("   age: μ̂ = {mu:.4}, σ̂² = {sigma2:.4} (s² = {s2:.4}), ℓ = {l_gauss:.4}");
    println!("   survived: p̂ = {p_hat:.4}, ℓ = {l_bern:.4}");
    let se = (lambda / n).sqrt(); // 1/√(Fisher information n/λ̂)
    let s2_sib_sp = var(&sib_sp_f, 1.0);
    println!("   SibSp: λ̂ = {lambda:.4} ± {se:.4}, ℓ = {l_max:.4}; s² = {s2_sib_sp:.4}");
    println!("{}", lang.pick(ZH[7], EN[7]));
    let estimates = [
        ("gaussian_age_mu", mu, "SciPy", "norm.fit"),
        ("gaussian_age_sigma", sigma2.sqrt(), "SciPy", "norm.fit"),
        ("gaussian_age_var_mle", sigma2, "NumPy", "var(ddof=0)"),
        ("gaussian_age_var_unbiased", s2, "NumPy", "var(ddof=1)"),
        ("gaussian_age_loglik", l_gauss, "SciPy", "norm.logpdf"),
        ("bernoulli_survived_p", p_hat, "NumPy", "mean"),
        ("bernoulli_survived_loglik", l_bern, "SciPy", "bernoulli.logpmf"),
        ("poisson_sib_sp_lambda", lambda, "NumPy", "mean"),
        ("poisson_sib_sp_loglik", l_max, "SciPy", "poisson.logpmf"),
    ];
    for (name, ours, lib, call) in estimates {
        c.compare(name, ours, g.mle[name], MLE_RTOL, &src(lib, call));
    }
    let lambdas = (0..=200).map(|i| 0.35 + 0.35 * f64::from(i) / 200.0);
    let curve: Vec<(f64, f64)> = lambdas.map(|l| (l, poisson_loglik(&sib_sp, l))).collect();
    let best = curve.iter().max_by(|a, b| a.1.total_cmp(&b.1)).map_or(f64::NAN, |p| p.0);
    c.require((best - lambda).abs() <= 0.002, format!("ℓ(λ) peaks at {best}, not at {lambda}"));
    let fisher = n / lambda; // −ℓ''(λ̂)
    let quadratic = curve.iter().map(|&(l, _)| (l, l_max - fisher / 2.0 * (l - lambda).powi(2)));
    let low = curve.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let [title, quadratic_label, mle_label] = [6, 11, 12].map(|i| lang.pick(ZH[i], EN[i]));
    let chart = Chart::new(title, "λ", "ℓ(λ)")
        .legend_at(LegendAt::LowerRight)
        .line("ℓ(λ)", curve.clone())
        .dashed(quadratic_label, quadratic)
        .dashed(mle_label, [(lambda, low), (lambda, l_max)]);
    plots.record(&mut run, "poisson_loglik", &chart)?;

    // 4. Two-sample t-tests: fare and age, survivors vs the others.
    println!("{}", lang.pick(ZH[3], EN[3]));
    for what in ["fare", "age"] {
        let (a, b) = (column(&train, what, true), column(&train, what, false)); // (n₁,), (n₂,)
        let (na, nb, ma, mb) = (a.len(), b.len(), mean(&a), mean(&b));
        let label = lang.pick(if what == "fare" { "票价" } else { "年龄" }, what);
        println!("   {label}: x̄ = {ma:.3} ({na} {}) vs {mb:.3} ({nb})", lang.pick(ZH[9], EN[9]));
        for (kind, equal_var) in [("student", true), ("welch", false)] {
            let (r, s) = (t_test(&a, &b, equal_var)?, &g.ttest[what][kind]);
            let (t, df, p) = (r.statistic, r.df, r.pvalue);
            println!("     {kind:7} t = {t:9.5}, ν = {df:8.3}, p = {p:.4e}");
            let call = format!("ttest_ind(equal_var={})", PY_BOOL[equal_var as usize]);
            compare_test(&mut c, &format!("ttest_{what}_{kind}"), &r, s, &src("SciPy", &call));
        }
    }

    // 5. Chi-square test of independence on sex × survival.
    println!("{}", lang.pick(ZH[4], EN[4]));
    let table = sex_by_survival(&train);
    c.require(table == g.sex_by_survival, format!("{table:?} is not SciPy's table"));
    println!("   {:>8} {:>8} {:>8}", "", lang.pick("遇难", "died"), lang.pick("生还", "survived"));
    for (name, row) in [lang.pick("女", "female"), lang.pick("男", "male")].iter().zip(table) {
        println!("   {name:>8} {:>8} {:>8}", row[0], row[1]);
    }
    for (kind, yates) in [("pearson", false), ("yates", true)] {
        let (r, s) = (chi2_independence(table, yates)?, &g.chi2[kind]);
        let (chi2, dof, p, e) = (r.statistic, r.df, r.pvalue, r.expected);
        println!("   {kind:7} χ² = {chi2:.4}, ν = {dof}, p = {p:.4e}; E = {e:.1?}");
        let source =
            src("SciPy", &format!("chi2_contingency(correction={})", PY_BOOL[yates as usize]));
        compare_test(&mut c, &format!("chi2_{kind}"), &r, s, &source);
        let pairs = e.iter().flatten().zip(s.expected.iter().flatten());
        let e_diff = pairs.map(|(a, b)| (a - b).abs() / b).fold(0.0, f64::max);
        c.compare(&format!("chi2_{kind}_expected_max_rel_diff"), e_diff, 0.0, TEST_RTOL, &source);
    }

    c.finish(run)?;
    Ok(())
}

/// The printed report (0–4, 7), plot titles (5, 6) and labels (8–12).
const EN: [&str; 13] = [
    "1. Central limit theorem: the mean of n draws from the skewed Exp(1) has variance 1/n and skewness 2/√n; as n grows its histogram approaches the normal curve (the KS distance falls).",
    "2. Bayes' rule: the posterior P(survived | female) from the prior P(survived), the likelihood P(female | survived) and the evidence P(female) equals the share of women who survived.",
    "3. Maximum likelihood: the parameters under which the data are most probable. The Gaussian σ̂² divides by n and is biased low; s² divides by n − 1.",
    "4. Two-sample t-tests, survivors vs the rest. H₀: equal means. Student's pools the two variances; Welch's does not and is the safer choice when they differ. p is the chance of a |t| at least this large if H₀ holds: survivors paid far more (p ~ 1e-11), and were slightly younger (p ≈ 0.04, borderline).",
    "5. Chi-square test of independence, sex × survival. H₀: survival does not depend on sex. χ² adds up (observed − expected)²/expected over the cells, the expected counts being those of independence; Yates' correction (2×2 only) moves each count 0.5 towards its expectation. p ~ 1e-59: sex and survival are far from independent.",
    "Means of n draws from Exp(1):",
    "Poisson log-likelihood of SibSp",
    "   SibSp's variance is over twice its mean, while a Poisson's equal: the fit is the best Poisson, not a good one (overdispersion).",
    "sample mean",
    "survived",
    "exact: Gamma(n, n)",
    "quadratic (Fisher information)",
    "MLE: mean of SibSp",
];
const ZH: [&str; 13] = [
    "1. 中心极限定理：从偏态的 Exp(1) 抽 n 个数取均值，方差为 1/n，偏度为 2/√n；n 越大直方图越接近正态曲线（KS 距离下降）。",
    "2. 贝叶斯定理：由先验 P(生还)、似然 P(女性 | 生还) 与证据 P(女性) 算出后验 P(生还 | 女性)，等于女性中生还者的比例。",
    "3. 最大似然：使数据出现概率最大的参数。高斯的 σ̂² 除以 n，偏小（有偏）；s² 除以 n − 1。",
    "4. 双样本 t 检验，生还者 vs 其余乘客。H₀：均值相等。Student 检验合并两组方差；Welch 检验不合并，方差不同时更稳妥。p 是 H₀ 成立时 |t| 至少这么大的概率：生还者票价高得多（p ~ 1e-11），年龄略小（p ≈ 0.04，勉强显著）。",
    "5. 卡方独立性检验，性别 × 生还。H₀：生还与性别无关。χ² 对各格累加 (观测 − 期望)²/期望，期望频数按独立计算；Yates 校正（仅 2×2）把每个观测值向期望移动 0.5。p ~ 1e-59：性别与生还远非独立。",
    "Exp(1) 中 n 个数的均值：",
    "SibSp 的泊松对数似然",
    "   SibSp 的方差是均值的两倍多，而泊松分布两者相等：这是最好的泊松拟合，但不是好的拟合（过度离散）。",
    "样本均值",
    "生还",
    "精确分布: Gamma(n, n)",
    "二次近似 (Fisher 信息)",
    "MLE: SibSp 的均值",
];

#[cfg(test)]
#[path = "statistics/tests.rs"]
mod tests;
