//! The neurons lab's pieces against finite differences, PyTorch's golden values and the data.

use std::path::{Path, PathBuf};

use super::*;

fn data_dir() -> DataDir {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    DataDir::new(std::env::var_os("LLMPATH_DATA").map_or(shared, PathBuf::from))
}

fn golden() -> Reference {
    serde_json::from_str::<Golden>(GOLDEN).unwrap().neurons
}

#[test]
fn perceptron_stops_at_sklearns_weights_on_setosa_vs_versicolor() {
    let iris = load::iris(&data_dir()).unwrap();
    let t: Vec<f64> = iris.y.iter().take(100).map(|&y| if y == 0 { -1.0 } else { 1.0 }).collect();
    let (w, b, mistakes) =
        perceptron(&iris.x.slice_axis(Axis(0), (0..100).into()).to_owned(), &t, 100);
    let p = golden().perceptron;
    assert_eq!((mistakes.len(), mistakes.iter().sum::<usize>()), (p.epochs, p.updates));
    assert_eq!(mistakes.last(), Some(&0));
    assert!(gap(w.iter().chain([&b]), &[p.sklearn_w, vec![p.sklearn_b]].concat()) < 1e-12);
}

#[test]
fn perceptron_never_stops_on_xor() {
    let x = Array2::from_shape_vec((4, 2), vec![0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0]).unwrap();
    let mistakes = perceptron(&x, &[-1.0, 1.0, 1.0, -1.0], 50).2;
    assert_eq!(mistakes.len(), 50);
    assert!(mistakes.iter().all(|&m| m > 0));
}

#[test]
fn activation_derivatives_match_finite_differences_and_pytorch() {
    let g = golden().activations;
    for (name, f, df) in ACTIVATIONS {
        let curve = &g.curves[name];
        let ours: Vec<f64> = g.z.iter().map(|&z| df(z)).collect();
        assert!(gap(&ours, &curve.derivative) < 1e-15, "{name}");
        for z in (-60..=60).map(|i| f64::from(i) / 10.0 + 0.05) {
            let numeric = (f(z + 1e-6) - f(z - 1e-6)) / 2e-6;
            assert!((numeric - df(z)).abs() < 1e-8, "{name} at {z}: {numeric} vs {}", df(z));
        }
    }
    // Saturation: σ′ ≤ ¼, so ten sigmoid layers scale a gradient by at most 4⁻¹⁰ ≈ 1e-6.
    assert_eq!(ACTIVATIONS[0].2(0.0), 0.25);
    assert_eq!((sigmoid(-1000.0), sigmoid(1000.0), ACTIVATIONS[0].2(-1000.0)), (0.0, 1.0, 0.0));
}

#[test]
fn softmax_jacobian_matches_finite_differences() {
    let z = [1.0, 2.0, 3.0, -1.0];
    let jacobian = softmax_jacobian(softmax(&z).view());
    for j in 0..z.len() {
        let (mut plus, mut minus) = (z, z);
        plus[j] += 1e-6;
        minus[j] -= 1e-6;
        let column = (softmax(&plus) - softmax(&minus)) / 2e-6;
        assert!(gap(&column, &jacobian.column(j).to_vec()) < 1e-9, "column {j}");
    }
}

#[test]
fn losses_and_their_gradients_are_finite_and_right_at_logits_of_a_thousand() {
    let l = golden().losses;
    let z = matrix(&l.cross_entropy.z).unwrap();
    let (value, grad) = cross_entropy(&z, &l.cross_entropy.y);
    assert!(value.is_finite() && grad.iter().all(|g| g.is_finite()));
    assert!((value - l.cross_entropy.value).abs() < 1e-13);
    // ∂L/∂z by central differences on the first row (the others saturate at ±1000).
    for j in 0..4 {
        let (mut plus, mut minus) = (z.clone(), z.clone());
        plus[[0, j]] += 1e-6;
        minus[[0, j]] -= 1e-6;
        let numeric = (cross_entropy(&plus, &l.cross_entropy.y).0
            - cross_entropy(&minus, &l.cross_entropy.y).0)
            / 2e-6;
        assert!((numeric - grad[[0, j]]).abs() < 1e-9);
    }
    let (z, y) = (Array1::from(l.bce.x), Array1::from(l.bce.y));
    let (value, grad) = bce_with_logits(&z, &y);
    assert!((value - l.bce.value).abs() < 1e-13 && gap(&grad, &l.bce.grad) < 1e-15);
    let (pred, target) = (Array1::from(l.mse.x), Array1::from(l.mse.y));
    assert_eq!(mse(&pred, &target).0, l.mse.value);
}

#[test]
fn mse_trains_a_sigmoid_output_slower_than_cross_entropy() {
    let g = golden().mse_vs_ce;
    let cancer = load::breast_cancer(&data_dir()).unwrap();
    let train = split(cancer.y.as_slice().unwrap()).0;
    let x = cancer.x.select(Axis(0), &train);
    let x = (&x - &x.mean_axis(Axis(0)).unwrap()) / &x.std_axis(Axis(0), 0.0);
    let y: Array1<f64> = train.iter().map(|&i| cancer.y[i] as f64).collect();
    let [mse_ce, _] = train_sigmoid(&x, &y, Loss::Mse, g.steps, g.learning_rate);
    let [ce, _] = train_sigmoid(&x, &y, Loss::CrossEntropy, g.steps, g.learning_rate);
    assert!(
        gap(&mse_ce, &g.mse.cross_entropy) < 1e-10
            && gap(&ce, &g.cross_entropy.cross_entropy) < 1e-10
    );
    assert!(mse_ce.iter().zip(&ce).skip(1).all(|(m, c)| m > c), "MSE ahead somewhere");
}
