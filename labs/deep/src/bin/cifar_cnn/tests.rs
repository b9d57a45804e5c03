//! Tests of `../cifar_cnn.rs`: a child module of the lab, so they see its private items. A few
//! tensors of 4 images each: fast enough unoptimised. The training run is in
//! `tests/quick_run.rs` (release only).

use rand::SeedableRng;
use serde_json::Value;

use super::*;
use llmpath_labs_deep::init::uniform;

fn golden() -> Value {
    serde_json::from_str(GOLDEN).unwrap()
}

/// |ours − PyTorch| ≤ 1e-5 · max(1, |PyTorch|).
fn assert_close(what: &str, ours: f64, reference: f64) {
    let gap = (ours - reference).abs();
    assert!(
        gap <= 1e-5 * reference.abs().max(1.0),
        "{what}: {ours} vs PyTorch {reference} (gap {gap:e})"
    );
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

/// One 32×32 image, all channels 0 except a bright pixel at (10, 20) = (0.2, 0.5, 1.0).
fn one_pixel() -> Split {
    let mut x = vec![0f32; 3 * PLANE];
    for (c, v) in [0.2, 0.5, 1.0].into_iter().enumerate() {
        x[c * PLANE + 10 * SIDE + 20] = v;
    }
    Split { x, y: vec![4] }
}

#[test]
fn crops_shift_by_at_most_4_flips_mirror_and_padding_is_black() {
    let (dev, data) = (Device::Cpu, one_pixel());
    let stats = [(0.1, 0.5), (0.2, 0.25), (0.3, 2.0)];
    let (plain, y) = batch(&data, &[0], &stats, None, &dev).unwrap();
    assert_eq!(y.to_vec1::<u32>().unwrap(), [4]);
    let plain = plain.flatten_all().unwrap().to_vec1::<f32>().unwrap();
    assert_eq!(plain[10 * SIDE + 20], (0.2 - 0.1) / 0.5);
    assert_eq!(plain[2 * PLANE + 10 * SIDE + 20], (1.0 - 0.3) / 2.0);
    assert_eq!(plain[0], -0.1 / 0.5);
    let mut rng = StdRng::seed_from_u64(3);
    let (mut seen, mut mirrored) = (std::collections::BTreeSet::new(), 0);
    for _ in 0..2000 {
        let (t, _) = batch(&data, &[0], &stats, Some(&mut rng), &dev).unwrap();
        let v = t.flatten_all().unwrap().to_vec1::<f32>().unwrap();
        // Every pixel of the red plane is the background's or the bright one's standardised value.
        let bright: Vec<usize> = (0..PLANE).filter(|&k| v[k] > 0.0).collect();
        assert_eq!(bright.len(), 1, "the pixel moved, nothing else appeared");
        assert!(v[..PLANE].iter().all(|&p| p == -0.2 || p > 0.0));
        let (r, c) = (bright[0] / SIDE, bright[0] % SIDE);
        assert!(r.abs_diff(10) <= 4, "row {r}");
        // Unmirrored it lands in columns 16–24, mirrored (31 − 20 = 11 ± 4) in 7–15.
        match c {
            16..=24 => {}
            7..=15 => mirrored += 1,
            _ => panic!("column {c}"),
        }
        assert_eq!(v[2 * PLANE + bright[0]], (1.0 - 0.3) / 2.0, "channels move together");
        seen.insert((r, c));
    }
    assert_eq!(seen.len(), 2 * 81, "every shift in −4..=4 × −4..=4, mirrored or not");
    assert!((900..1100).contains(&mirrored), "{mirrored} of 2000 mirrored");
}

#[test]
fn channel_statistics_are_each_planes_mean_and_standard_deviation() {
    let stats = channel_stats(&one_pixel());
    let n = PLANE as f64;
    for (c, v) in [0.2f64, 0.5, 1.0].into_iter().enumerate() {
        let (mean, std) = (v / n, (v * v / n - (v / n).powi(2)).sqrt());
        assert!(
            (stats[c].0 as f64 - mean).abs() < 1e-9 && (stats[c].1 as f64 - std).abs() < 1e-7,
            "{c}"
        );
    }
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
