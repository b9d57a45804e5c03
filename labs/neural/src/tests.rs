//! SplitMix64 and the initialisation the golden file was made with.

use super::*;

#[test]
fn uniform_draws_are_numpys_and_stay_in_the_unit_interval() {
    let golden: serde_json::Value =
        serde_json::from_str(include_str!("../../../scripts/reference/golden/neural.json"))
            .unwrap();
    let first: Vec<f64> = (0..4).map(|i| uniform(42, i)).collect();
    assert_eq!(serde_json::json!(first), golden["uniform_first"]);
    assert!((0..10_000).map(|i| uniform(7, i)).all(|u| (0.0..1.0).contains(&u)));
    // SplitMix64's published first output for seed 0 (Vigna's splitmix64.c).
    assert_eq!(splitmix64(0, 0), 0xE220_A839_7B1D_CDAF);
}

#[test]
fn linear_init_gives_each_layer_its_shape_and_pytorchs_bound() {
    let params = linear_init(1, &[784, 256, 10]);
    let shapes: Vec<&[usize]> = params.iter().map(|p| p.shape()).collect();
    assert_eq!(shapes, [&[784, 256][..], &[256], &[256, 10], &[10]]);
    for (p, fan_in) in params.iter().zip([784.0, 784.0, 256.0, 256.0]) {
        let bound = 1.0 / f64::sqrt(fan_in);
        assert!(p.iter().all(|w| w.abs() < bound));
        assert!(p.iter().any(|w| w.abs() > 0.5 * bound)); // it spreads over the interval
    }
}

#[test]
fn shuffle_is_a_permutation_that_changes_every_epoch() {
    let (a, b) = (shuffle(42, 0, 1000), shuffle(42, 1, 1000));
    let mut sorted = a.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (0..1000).collect::<Vec<_>>());
    assert_ne!(a, b);
}
