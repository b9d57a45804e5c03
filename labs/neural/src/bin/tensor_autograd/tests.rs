//! The conv net against PyTorch, and the MLP's first steps on MNIST (release builds).

use std::path::{Path, PathBuf};

use super::*;

fn golden() -> Golden {
    serde_json::from_str(GOLDEN).unwrap()
}

#[test]
fn conv_net_has_pytorchs_loss_logits_and_gradients() {
    let c = golden().tensor.conv_net;
    let (loss, logits, params) = conv_net().unwrap();
    let grads = loss.backward().unwrap();
    assert!(gap(loss.value(), &[c.loss]) < 1e-15);
    assert!(gap(logits.value(), &c.logits.concat()) < 1e-15);
    let names = ["x", "conv1_w", "conv1_b", "conv2_w", "conv2_b", "linear_w", "linear_b"];
    for (name, p) in names.into_iter().zip(&params) {
        assert!(gap(grads.get(p).unwrap(), &c.grads[name]) < 1e-14, "{name}");
    }
}

#[test]
fn an_image_batch_is_the_rows_as_f64() {
    let images = Array2::from_shape_fn((3, 784), |(i, j)| (i * 784 + j) as f32 / 255.0);
    let x = batch(&images, &[2, 0]);
    assert_eq!(x.shape(), [2, 784]);
    assert_eq!(x.value()[[0, 5]], f64::from(images[[2, 5]]));
    assert_eq!(correct(&ndarray::arr2(&[[0.0, 1.0], [2.0, 1.0]]).into_dyn(), &[1, 1]), 1);
}

#[test]
#[cfg_attr(debug_assertions, ignore = "trains on MNIST: run in release (cargo test --release)")]
fn mlp_takes_pytorchs_steps_on_mnist() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let dir = DataDir::new(std::env::var_os("LLMPATH_DATA").map_or(shared, PathBuf::from));
    let data = mnist(&dir).unwrap();
    let g = golden();
    let m = &g.tensor.mlp;
    // One epoch of the 8-epoch schedule: the same steps as the first epoch of the full run.
    let trained = train(&m.schedule, &[data.train, data.test], g.seed, 1).unwrap();
    assert!(gap(&trained.first_losses, &m.first_losses) < 1e-13);
    let (ours, torch) = (trained.epochs[0], m.per_epoch[0]);
    let pairs = [
        (ours.train_loss, torch.train_loss),
        (ours.val_loss, torch.val_loss),
        (ours.test_loss, torch.test_loss),
    ];
    assert!(pairs.iter().all(|(a, b)| (a - b).abs() < 1e-12 * b), "{pairs:?}");
    assert_eq!((ours.val_accuracy, ours.test_accuracy), (torch.val_accuracy, torch.test_accuracy));
    assert!(ours.test_accuracy >= 0.94);
    assert_eq!(trained.curve.len(), 10); // a point every 86 of the 860 steps
}
