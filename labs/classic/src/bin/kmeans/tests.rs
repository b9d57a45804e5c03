//! Tests of `../kmeans.rs`: a child module of the lab, so they see its private items.

use super::*;
use std::path::{Path, PathBuf};

fn golden() -> Golden {
    serde_json::from_str(GOLDEN).unwrap()
}

fn data() -> DataDir {
    let shared = || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    DataDir::new(std::env::var_os("LLMPATH_DATA").map_or_else(shared, PathBuf::from))
}

#[test]
fn kmeans_reaches_global_optimum_on_iris() {
    let (g, iris) = (golden().iris, load::iris(&data()).unwrap());
    let (fit, _) = kmeans(&iris.x, 3, N_INIT[0], &mut StdRng::seed_from_u64(42));
    assert!(close(fit.inertia, g.inertia, 1e-9), "{}", fit.inertia);
    assert!(close(adjusted_rand_index(&iris.y.to_vec(), &fit.labels), g.ari, 1e-9));
    assert!(close(silhouette(&iris.x, &fit.labels), g.silhouette, 1e-9));
    assert_eq!(adjusted_rand_index(&g.labels, &fit.labels), 1.0, "not scikit-learn's partition");
}

#[test]
fn ari_and_silhouette_match_sklearn_on_given_labellings() {
    let hand: serde_json::Value =
        serde_json::from_str::<serde_json::Value>(GOLDEN).unwrap()["hand_made"].clone();
    let labels = |key: &str| serde_json::from_value::<Vec<usize>>(hand[key].clone()).unwrap();
    let ari = adjusted_rand_index(&labels("labels_true"), &labels("labels_pred"));
    assert!(close(ari, hand["ari"].as_f64().unwrap(), 1e-12), "{ari}");
    let points: Vec<[f64; 2]> = serde_json::from_value(hand["points"].clone()).unwrap();
    let x = Array2::from_shape_fn((points.len(), 2), |(i, j)| points[i][j]);
    let s = silhouette(&x, &labels("point_labels"));
    assert!(close(s, hand["silhouette"].as_f64().unwrap(), 1e-12), "{s}");
    // On scikit-learn's own iris labels, and invariance to renaming the clusters.
    let (g, iris) = (golden().iris, load::iris(&data()).unwrap());
    assert!(close(adjusted_rand_index(&iris.y.to_vec(), &g.labels), g.ari, 1e-12));
    assert!(close(silhouette(&iris.x, &g.labels), g.silhouette, 1e-12));
    let renamed: Vec<usize> = g.labels.iter().map(|&c| (c + 1) % 3).collect();
    assert_eq!(adjusted_rand_index(&g.labels, &renamed), 1.0);
}

#[test]
fn lloyd_never_increases_inertia() {
    let iris = load::iris(&data()).unwrap();
    let mut rng = StdRng::seed_from_u64(7);
    for k in [2, 3, 5, 8, 10] {
        for _ in 0..20 {
            let fit = lloyd(&iris.x, kmeans_plus_plus(&iris.x, k, &mut rng), MAX_ITER);
            assert!(
                fit.history.windows(2).all(|w| w[1] <= w[0] * (1.0 + 1e-12)),
                "{:?}",
                fit.history
            );
            assert_eq!(fit.labels.iter().max(), Some(&(k - 1)), "an empty cluster");
        }
    }
}

#[test]
fn greedy_kmeans_plus_plus_reaches_the_optimum_as_often_as_sklearns() {
    let (g, iris) = (golden().iris, load::iris(&data()).unwrap());
    let (_, starts) = kmeans(&iris.x, 3, 1000, &mut StdRng::seed_from_u64(1));
    let share = starts.iter().filter(|&&j| close(j, g.inertia, 1e-6)).count() as f64 / 1000.0;
    // Binomial standard deviation at 1000 starts: 0.016.
    assert!((share - g.share_of_single_starts_at_optimum).abs() < 0.05, "{share}");
}

#[test]
#[cfg_attr(debug_assertions, ignore = "10 000 k-means runs, minutes unoptimised: --release")]
fn elbow_is_at_or_below_sklearns_for_every_k() {
    let (g, iris) = (golden(), load::iris(&data()).unwrap());
    let mut rng = StdRng::seed_from_u64(42);
    for (k, &reference) in (1..=10).zip(&g.elbow.inertia) {
        let (fit, _) = kmeans(&iris.x, k, N_INIT[1], &mut rng);
        assert!(fit.inertia <= reference * (1.0 + 1e-6), "k = {k}: {}", fit.inertia);
    }
}

#[test]
#[cfg_attr(debug_assertions, ignore = "15 s unoptimised: run with --release")]
fn digits_land_in_sklearns_range_of_local_optima() {
    let (g, digits) = (golden().digits, load::digits(&data()).unwrap());
    let (fit, _) = kmeans(&digits.x, 10, N_INIT[2], &mut StdRng::seed_from_u64(42));
    let ari = adjusted_rand_index(&digits.y.to_vec(), &fit.labels);
    assert!(in_seed_range(fit.inertia, g.range["inertia"]), "{}", fit.inertia);
    assert!(in_seed_range(ari, g.range["ari"]), "{ari}");
    assert!(in_seed_range(silhouette(&digits.x, &fit.labels), g.range["silhouette"]));
}
