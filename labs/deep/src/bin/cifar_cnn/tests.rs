//! Tests of `../cifar_cnn.rs`: a child module of the lab, so they see its private items. A few
//! tensors of 4 images each: fast enough unoptimised. The training run is in
//! `tests/quick_run.rs` (release only).

use rand::SeedableRng;
use serde_json::Value;

use super::*;
use llmpath_lab::testing::assert_close;
use llmpath_labs_deep::init::uniform;

fn golden() -> Value {
    serde_json::from_str(GOLDEN).unwrap()
}

fn assert_matrix(what: &str, ours: &Tensor, reference: &Value) {
    let reference: Vec<Vec<f64>> = serde_json::from_value(reference.clone()).unwrap();
    let ours = ours.to_vec2::<f32>().unwrap();
    assert_eq!(ours.len(), reference.len(), "{what}");
    for (a, b) in ours.iter().flatten().zip(reference.iter().flatten()) {
        assert_close(what, *a as f64, *b);
    }
}

/// cifar.py's summary of a tensor: first 16 entries, L2 norm, Σ t ⊙ r with r = 2u(seed 3) − 1.
fn assert_summary(what: &str, t: &Tensor, r: &Value) {
    let t: Vec<f64> =
        t.flatten_all().unwrap().to_vec1::<f32>().unwrap().iter().map(|&v| v as f64).collect();
    let first: Vec<f64> = serde_json::from_value(r["first"].clone()).unwrap();
    assert_eq!(first.len(), 16.min(t.len()), "{what}");
    first.iter().zip(&t).for_each(|(b, a)| assert_close(&format!("{what} entry"), *a, *b));
    let norm = t.iter().map(|v| v * v).sum::<f64>().sqrt();
    assert_close(&format!("{what} norm"), norm, r["norm"].as_f64().unwrap());
    let projection: f64 =
        t.iter().enumerate().map(|(i, v)| v * (2.0 * uniform(3, i as u64) - 1.0)).sum();
    assert_close(&format!("{what} projection"), projection, r["projection"].as_f64().unwrap());
}

fn var(net: &Net, name: &str) -> Tensor {
    net.varmap.data().lock().unwrap()[name].as_tensor().clone()
}

#[test]
fn the_resnet_draws_the_same_parameters_in_the_same_order_as_pytorch() {
    let net = Net::new(RESNET, 1, &Device::Cpu).unwrap();
    let reference: Vec<(String, Vec<usize>, usize)> =
        serde_json::from_value(golden()["uniform_params"].clone()).unwrap();
    assert_eq!(net.uniform, reference);
}

#[test]
fn every_networks_logits_equal_pytorchs() {
    let (g, dev) = (golden(), Device::Cpu);
    for (name, arch) in [("lenet", LENET), ("alexnet", ALEXNET), ("resnet", RESNET)] {
        let (net, x) = golden_batch(arch, &dev).unwrap();
        assert_matrix(name, &net.forward(&x, None).unwrap(), &g["logits"][name]);
    }
}

#[test]
fn resnet_in_training_mode_equals_pytorch_logits_loss_gradients_and_running_statistics() {
    let (g, dev) = (golden(), Device::Cpu);
    let (net, x) = golden_batch(RESNET, &dev).unwrap();
    let mut rng = StdRng::seed_from_u64(0);
    let logits = net.forward(&x, Some(&mut rng)).unwrap();
    assert_matrix("train-mode logits", &logits, &g["resnet_train_logits"]);
    let labels: Vec<u32> = serde_json::from_value(g["labels"].clone()).unwrap();
    let loss =
        candle_nn::loss::cross_entropy(&logits, &Tensor::new(labels, &dev).unwrap()).unwrap();
    assert_close(
        "loss",
        loss.to_scalar::<f32>().unwrap() as f64,
        g["resnet_train_loss"].as_f64().unwrap(),
    );
    let grads = loss.backward().unwrap();
    let vars = net.vars("").unwrap();
    assert_eq!(vars.len(), g["resnet_grad"].as_object().unwrap().len());
    for (name, v) in net.trainable.iter().zip(&vars) {
        assert_summary(
            &format!("gradient of {name}"),
            grads.get(v).unwrap(),
            &g["resnet_grad"][name],
        );
    }
    let running = g["resnet_running"].as_object().unwrap();
    assert_eq!(running.len(), 2 * 9, "9 batch norms: the stem's, 2 + 3 + 3 in the blocks");
    for (name, r) in running {
        assert_summary(name, &var(&net, name), r);
    }
    // Evaluation mode now uses those running statistics.
    assert_matrix(
        "eval logits after",
        &net.forward(&x, None).unwrap(),
        &g["resnet_eval_logits_after"],
    );
}

#[test]
fn checkpoint_keeps_the_running_statistics_and_reloads_to_identical_logits() {
    let (dir, dev) = (tempfile::tempdir().unwrap(), Device::Cpu);
    let (net, x) = golden_batch(RESNET, &dev).unwrap();
    net.forward(&x, Some(&mut StdRng::seed_from_u64(0))).unwrap(); // moves the running statistics
    let logits = net.forward(&x, None).unwrap().to_vec2::<f32>().unwrap();
    let path = dir.path().join("model.safetensors");
    net.varmap.save(&path).unwrap();
    let mut other = Net::new(RESNET, 99, &dev).unwrap();
    assert_ne!(other.forward(&x, None).unwrap().to_vec2::<f32>().unwrap(), logits);
    other.varmap.load(&path).unwrap();
    assert_eq!(other.forward(&x, None).unwrap().to_vec2::<f32>().unwrap(), logits);
}

#[test]
fn pytorch_spread_gives_seed_42_mean_and_widest_gap() {
    let g: Golden = serde_json::from_str(
        r#"{"labels": [], "logits": {}, "resnet_train_loss": 0,
            "training": {"quick": {"resnet": {"test_accuracy": [0.3, 0.5], "seeds_final": [0.4, 0.6, 0.5]}}}}"#,
    )
    .unwrap();
    let (first, mean, spread) = torch_accuracy(&g, "quick", "resnet").unwrap();
    assert_eq!(first, 0.5);
    assert!((mean - 0.5).abs() < 1e-12 && (spread - 0.1).abs() < 1e-12);
    assert!(torch_accuracy(&g, "full", "resnet").is_none());
}
