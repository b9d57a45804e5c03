//! The hand-written backward pass against finite differences, and the training runs against
//! PyTorch's golden losses.

use std::path::{Path, PathBuf};

use super::*;

fn data_dir() -> DataDir {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    DataDir::new(std::env::var_os("LLMPATH_DATA").map_or(shared, PathBuf::from))
}

fn golden() -> Reference {
    serde_json::from_str::<Golden>(GOLDEN).unwrap().backprop
}

#[test]
fn the_split_has_1343_training_and_454_test_rows() {
    let [(x, y), (x_test, y_test)] = digits(&data_dir()).unwrap();
    assert_eq!((x.dim(), y.len(), x_test.nrows(), y_test.len()), ((1343, 64), 1343, 454, 454));
    assert!(x.iter().all(|&v| (0.0..=1.0).contains(&v)));
}

#[test]
fn hand_written_backprop_matches_finite_differences() {
    let [(x, y), _] = digits(&data_dir()).unwrap();
    let rows: Vec<usize> = (0..x.nrows()).step_by(20).collect(); // 68 rows: quick in debug too
    let (x, y) = (x.select(Axis(0), &rows), rows.iter().map(|&i| y[i]).collect::<Vec<_>>());
    assert!(gradient_check(&mut Net::init(SEED).unwrap(), &x, &y) < 1e-8);
    let mut trained = full_batch(&x, &y, 1.0, 30).unwrap().0; // away from the start, too
    assert!(gradient_check(&mut trained, &x, &y) < 1e-8);
}

#[test]
fn a_wrong_backward_pass_fails_the_gradient_check() {
    // The check must catch a planted bug: tanh′ taken as 1 − H instead of 1 − H².
    let [(x, y), _] = digits(&data_dir()).unwrap();
    let (x, y) = (x.slice_axis(Axis(0), (0..40).into()).to_owned(), y[..40].to_vec());
    let net = Net::init(SEED).unwrap();
    let (h, z) = net.forward(&x);
    let z_grad = cross_entropy(&z, &y).1;
    let wrong = z_grad.dot(&net.w2.t()) * h.mapv(|h| 1.0 - h);
    let right = net.loss_and_grads(&x, &y).1;
    let worst = (x.t().dot(&wrong) - &right.w1).iter().fold(0.0f64, |m, d| m.max(d.abs()));
    assert!(worst > 1e-3, "the planted bug changed ∂L/∂W₁ by only {worst:e}");
}

#[test]
fn full_batch_descent_follows_pytorch_step_by_step() {
    let [(x, y), (x_test, y_test)] = digits(&data_dir()).unwrap();
    let g = golden();
    // 500 steps in release; the first 20 in debug builds (unoptimised ndarray).
    let steps = if cfg!(debug_assertions) { 20 } else { g.steps };
    let (net, losses) = full_batch(&x, &y, g.learning_rate, steps).unwrap();
    assert!(gap(&losses, &g.losses[..steps]) < 1e-12);
    if steps == g.steps {
        assert_eq!(
            (net.accuracy(&x, &y), net.accuracy(&x_test, &y_test)),
            (g.train_accuracy, g.test_accuracy)
        );
    }
}

#[test]
fn smaller_batches_go_further_per_epoch_as_in_pytorch() {
    let [(x, y), _] = digits(&data_dir()).unwrap();
    let g = golden();
    let epochs = if cfg!(debug_assertions) { 2 } else { g.batch_epochs };
    let mut last = 0.0;
    for &batch in g.batch_sizes.iter().rev() {
        let losses = mini_batch(&x, &y, g.batch_learning_rate, batch, epochs).unwrap();
        assert!(gap(&losses, &g.batch_losses[&batch.to_string()][..epochs]) < 1e-10, "B = {batch}");
        assert!(
            last == 0.0 || losses[epochs - 1] < last,
            "B = {batch} is not below the larger batch"
        );
        last = losses[epochs - 1];
    }
}
