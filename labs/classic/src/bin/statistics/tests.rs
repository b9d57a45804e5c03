//! Tests of `../statistics.rs`: a child module of the lab, so they see its private items.

use std::path::{Path, PathBuf};

use super::*;

fn golden() -> Golden {
    serde_json::from_str(GOLDEN).unwrap()
}

/// `$LLMPATH_DATA`, else the project's shared copy beside the repository.
fn train() -> Vec<Passenger> {
    let shared = || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let dir = std::env::var_os("LLMPATH_DATA").map_or_else(shared, PathBuf::from);
    titanic(&DataDir::new(dir)).unwrap().train
}

fn close(a: f64, b: f64, rtol: f64) -> bool {
    (a - b).abs() <= rtol * b.abs()
}

fn assert_same(ours: &Test, scipy: &Test, what: &str) {
    assert!(close(ours.statistic, scipy.statistic, TEST_RTOL), "{what}: {}", ours.statistic);
    assert!(close(ours.df, scipy.df, TEST_RTOL), "{what}: ν = {}", ours.df);
    assert!(close(ours.pvalue, scipy.pvalue, TEST_RTOL), "{what}: p = {:e}", ours.pvalue);
    for (e, s) in ours.expected.iter().flatten().zip(scipy.expected.iter().flatten()) {
        assert!(close(*e, *s, 1e-12), "{what}: expected {e} vs {s}");
    }
}

#[test]
fn t_tests_match_scipy_ttest_ind() {
    let (g, train) = (golden(), train());
    for what in ["fare", "age"] {
        let (a, b) = (column(&train, what, true), column(&train, what, false));
        for (kind, equal_var) in [("student", true), ("welch", false)] {
            assert_same(&t_test(&a, &b, equal_var).unwrap(), &g.ttest[what][kind], kind);
        }
    }
}

#[test]
fn chi_square_matches_scipy_chi2_contingency_with_and_without_yates() {
    let (g, table) = (golden(), sex_by_survival(&train()));
    assert_eq!(table, [[81.0, 233.0], [468.0, 109.0]]);
    for (kind, yates) in [("pearson", false), ("yates", true)] {
        assert_same(&chi2_independence(table, yates).unwrap(), &g.chi2[kind], kind);
    }
}

#[test]
fn mles_match_numpy_and_scipy_and_maximise_the_likelihood() {
    let (g, train) = (golden(), train());
    let ages: Vec<f64> = train.iter().filter_map(|p| p.age).collect();
    let (mu, sigma2) = (mean(&ages), var(&ages, 0.0));
    assert!(close(mu, g.mle["gaussian_age_mu"], MLE_RTOL));
    assert!(close(sigma2.sqrt(), g.mle["gaussian_age_sigma"], MLE_RTOL));
    assert!(close(var(&ages, 1.0), g.mle["gaussian_age_var_unbiased"], MLE_RTOL));
    let loglik = gaussian_loglik(&ages, mu, sigma2);
    assert!(close(loglik, g.mle["gaussian_age_loglik"], MLE_RTOL), "{loglik}");
    // At the MLE, ℓ = −n/2 (ln 2πσ̂² + 1).
    let n = ages.len() as f64;
    assert!(close(loglik, -0.5 * n * ((2.0 * PI * sigma2).ln() + 1.0), 1e-13));
    assert!(gaussian_loglik(&ages, mu, var(&ages, 1.0)) < loglik);
    let sib_sp: Vec<u32> = train.iter().map(|p| p.sib_sp).collect();
    let lambda = f64::from(sib_sp.iter().sum::<u32>()) / sib_sp.len() as f64;
    assert!(close(lambda, g.mle["poisson_sib_sp_lambda"], MLE_RTOL));
    assert!(close(poisson_loglik(&sib_sp, lambda), g.mle["poisson_sib_sp_loglik"], MLE_RTOL));
    for step in [-1e-3, 1e-3] {
        assert!(poisson_loglik(&sib_sp, lambda + step) < poisson_loglik(&sib_sp, lambda));
    }
    let loglik = bernoulli_loglik(342.0, 891.0, 342.0 / 891.0);
    assert!(close(loglik, g.mle["bernoulli_survived_loglik"], MLE_RTOL));
}

#[test]
fn bayes_rule_gives_the_share_of_women_who_survived() {
    let ([p_s, p_f_given_s, p_f], p_counts) = bayes_inputs(&train());
    let b = golden().bayes;
    let numpy = [b["p_survived"], b["p_female_given_survived"], b["p_female"]];
    assert_eq!([p_s, p_f_given_s, p_f], numpy);
    assert!(close(p_f_given_s * p_s / p_f, 233.0 / 314.0, 1e-15));
    assert_eq!(p_counts, 233.0 / 314.0);
}

#[test]
fn means_of_exponentials_have_variance_1_over_n_and_approach_the_normal() {
    let mut rng = StdRng::seed_from_u64(42);
    let mut ks = Vec::new();
    for n in NS {
        let x = exp_means(n, MEANS[1], &mut rng);
        assert!((n as f64 * var(&x, 1.0) - 1.0).abs() < 0.15, "n = {n}");
        assert!((skewness(&x) - 2.0 / (n as f64).sqrt()).abs() < 0.2, "n = {n}");
        ks.push(ks_to_normal(&x, n));
    }
    assert!(ks[0] > ks[1] && ks[1] > ks[2], "{ks:?}");
    // n = 1: no mean is below 0, so the gap at z = −1 is Φ(−1) = 0.1587.
    assert!((ks[0] - 0.158_655_25).abs() < 1e-3, "{}", ks[0]);
}
