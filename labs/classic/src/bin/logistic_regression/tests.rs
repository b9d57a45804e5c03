//! Tests of `../logistic_regression.rs`: a child module of the lab, so they see its private items.

use std::path::{Path, PathBuf};

use super::*;

fn data(name: &str) -> Data {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    read(name, &DataDir::new(std::env::var_os("LLMPATH_DATA").map_or(shared, PathBuf::from)))
        .unwrap()
}

#[test]
fn sigmoid_softplus_and_softmax_are_stable_at_large_scores() {
    assert_eq!(
        (sigmoid(-800.0), sigmoid(800.0), softplus(800.0), softplus(-800.0)),
        (0.0, 1.0, 800.0, 0.0)
    );
    assert!((softplus(0.0) - 2f64.ln()).abs() < 1e-16 && sigmoid(0.0) == 0.5);
    let z = Array2::from_shape_vec((1, 3), vec![1000.0, 0.0, 1000.0]).unwrap();
    let (p, a) = probs(Link::Softmax, &z);
    assert_eq!((p.row(0).to_vec(), a[0]), (vec![0.5, 0.0, 0.5], 1000.0 + 2f64.ln()));
}

#[test]
fn gradient_and_hessian_match_finite_differences() {
    for name in ["breast_cancer", "iris"] {
        let d = data(name);
        let rows: Vec<usize> = (0..150).collect();
        let x = StandardScaler::default().fit_transform(&d.x.select(Axis(0), &rows));
        let problem = Problem::new(&x, &d.y[..150], d.classes, 0.05);
        let shape = problem.zeros().dim();
        let wave = |phase: f64| {
            Array2::from_shape_fn(shape, |(a, j)| 0.3 * ((7 * a + 3 * j) as f64 + phase).sin())
        };
        let (theta, mut v) = (wave(0.0), wave(1.0)); // a point and a direction
        let bias = v.column(shape.1 - 1).mean().unwrap_or(0.0) * one(d.classes > 2);
        v.column_mut(shape.1 - 1).mapv_inplace(|b| b - bias); // u·v = 0: uuᵀ adds nothing
        let (eps, at) = (1e-5, |s: f64| &theta + &(s * &v));
        let ((l_plus, g_plus), (l_minus, g_minus)) =
            (problem.loss_gradient(&at(eps)), problem.loss_gradient(&at(-eps)));
        let g = problem.loss_gradient(&theta).1;
        assert!(((l_plus - l_minus) / (2.0 * eps) - (&g * &v).sum()).abs() < 1e-8, "{name}");
        let fd = (g_plus - g_minus) / (2.0 * eps);
        let hv = problem.hessian(&theta).dot(&ndarray::Array1::from_iter(v.iter().copied()));
        let worst = fd.iter().zip(&hv).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
        assert!(worst < 1e-7, "{name}: ∇²L v off finite differences by {worst:e}");
    }
}

#[test]
fn newton_reaches_sklearns_optimum_predictions_and_metrics() {
    let mut golden: Golden = serde_json::from_str(GOLDEN).unwrap();
    // Digits (650 parameters) only in release builds: its Hessian is slow unoptimised.
    let skip = if cfg!(debug_assertions) { "digits" } else { "" };
    for name in DATASETS.into_iter().filter(|&name| name != skip) {
        let (o, fit) = (evaluate(&data(name), 100).unwrap(), golden.fits.get_mut(name).unwrap());
        assert_eq!(misses(name, &o, fit), Vec::<String>::new());
        assert!(o.newton.len() <= 12, "{name}: {} Newton steps", o.newton.len() - 1);
        assert!(o.lbfgs.len() <= 300, "{name}: {} L-BFGS steps", o.lbfgs.len() - 1);
        assert!(o.descent.windows(2).all(|w| w[1] <= w[0]), "{name}: the GD loss rose");
        // A reference that moves, or goes missing, is a miss.
        fit.theta[0][0] += 1e-3;
        fit.metrics.remove("test_accuracy");
        assert_eq!(misses(name, &o, fit).len(), 2, "{name}");
    }
}
