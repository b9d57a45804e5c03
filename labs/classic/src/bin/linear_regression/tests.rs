//! Tests of `../linear_regression.rs`: a child module of the lab, so they see its private items.

use std::path::{Path, PathBuf};

use super::*;

fn data() -> Data {
    let shared = || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let dir = DataDir::new(std::env::var_os("LLMPATH_DATA").map_or_else(shared, PathBuf::from));
    prepare(&california_housing(&dir).unwrap())
}

fn golden() -> Golden {
    serde_json::from_str(GOLDEN).unwrap()
}

#[test]
fn split_and_preprocessing_are_numpys() {
    assert_eq!(splitmix64(0, 0), 0xE220_A839_7B1D_CDAF); // the reference output for seed 0
    let d = data();
    assert_eq!((d.y_train.len(), d.y_test.len()), (16512, 4128));
    assert!(same_data(&d, &golden().data));
}

#[test]
fn least_squares_by_qr_matches_sklearn_linear_regression() {
    let (d, g) = (data(), golden());
    let w = ridge(&d.a_train, &d.y_train, 0.0);
    assert!(rel_diff(&w, &g.ols.w) < 1e-6, "{w}");
    for (name, ours) in SCORES.into_iter().zip(scores(&d, &w)) {
        assert!(close(ours, g.ols.scores[name], 1e-9), "{name}: {ours}");
    }
}

#[test]
fn ridge_and_lasso_match_sklearn_along_the_path() {
    let (d, g) = (data(), golden());
    assert!(rel_diff(&ridge(&d.a_train, &d.y_train, RIDGE_ALPHA), &g.ridge.w) < 1e-6);
    let n = d.y_train.len() as f64;
    let (h, c) = (d.a_train.t().dot(&d.a_train) / n, d.a_train.t().dot(&d.y_train) / n);
    let w = lasso(&h, &c, LASSO_ALPHA, Array1::zeros(13));
    assert!(rel_diff(&w, &g.lasso.w) < 1e-4, "{w}");
    assert_eq!(w.iter().skip(1).filter(|&&w| w != 0.0).count(), g.lasso.nonzero);
    let (alpha_max, path) = lasso_path(&d, &h, &c);
    assert!(close(alpha_max, g.lasso_path.alpha_max, 1e-9));
    assert!(path[0].1.iter().skip(1).all(|&w| w.abs() < 1e-12), "α_max keeps a weight");
    for ((alpha, w), w_ref) in path.iter().zip(&g.lasso_path.w) {
        assert!(rel_diff(w, w_ref) < 1e-4, "α = {alpha}: {w}");
    }
}

#[test]
fn batch_gd_follows_numpy_to_within_1e_3_of_least_squares() {
    let (d, g) = (data(), golden());
    let (iterations, eta) = (BUDGET[1].0, 1.0 / g.hessian_eigenvalues[12]);
    let (w, losses) = batch_gd(&d.a_train, &d.y_train, eta, iterations);
    assert!(rel_diff(&w, &g.gd_w[&iterations.to_string()]) < 1e-9);
    assert!(losses.windows(2).all(|l| l[1] <= l[0]), "η = 1/λmax must never raise the loss");
    assert!(rel_diff(&w, &g.ols.w) < 1e-3);
}

#[test]
fn minibatch_gd_converges_with_small_steps_and_diverges_on_island_rows_with_large() {
    let d = data();
    let mut rng = StdRng::seed_from_u64(42);
    let (w, _) = minibatch_gd(&d.a_train, &d.y_train, MINIBATCH_ETA, BUDGET[1].1, &mut rng);
    let ols_rmse = golden().ols.scores["test_rmse"];
    assert!(rmse(&d.y_test.to_vec(), &d.a_test.dot(&w).to_vec()) < 1.01 * ols_rmse);
    let (_, losses) = minibatch_gd(&d.a_train, &d.y_train, 0.05, 3, &mut rng);
    assert!(losses[2] > 1e3, "η = 0.05 > 2/86 should diverge: {losses:?}");
}
