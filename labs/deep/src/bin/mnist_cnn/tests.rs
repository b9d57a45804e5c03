//! Tests of `../mnist_cnn.rs`: a child module of the lab, so they see its private items.
//! Everything here is a few tensors of 4 images: fast enough unoptimised. The training run is
//! in `tests/quick_run.rs` (release only).

use candle_nn::{AdamW, Optimizer, ParamsAdamW};
use llmpath_labs_deep::optim::Sgd;
use rand::SeedableRng;
use serde_json::Value;

use super::*;
use llmpath_lab::testing::assert_close;

fn golden() -> Value {
    serde_json::from_str(GOLDEN).unwrap()
}

/// deep.py's summary of one tensor per parameter: first 16 entries, L2 norm, Σ t ⊙ r.
fn assert_summary(what: &str, tensors: &[(String, Tensor)], reference: &Value) {
    for (name, t) in tensors {
        let t: Vec<f64> =
            t.flatten_all().unwrap().to_vec1::<f32>().unwrap().iter().map(|&v| v as f64).collect();
        let r = &reference[name];
        let first: Vec<f64> = serde_json::from_value(r["first"].clone()).unwrap();
        assert_eq!(first.len(), 16.min(t.len()), "{name}");
        first
            .iter()
            .zip(&t)
            .for_each(|(b, a)| assert_close(&format!("{what} {name} entry"), *a, *b));
        let norm = t.iter().map(|v| v * v).sum::<f64>().sqrt();
        assert_close(&format!("{what} {name} norm"), norm, r["norm"].as_f64().unwrap());
        let projection: f64 =
            t.iter().enumerate().map(|(i, v)| v * (2.0 * uniform(3, i as u64) - 1.0)).sum();
        assert_close(
            &format!("{what} {name} projection"),
            projection,
            r["projection"].as_f64().unwrap(),
        );
    }
}

fn names() -> Vec<String> {
    LENET.params().into_iter().map(|(name, _, _)| name).collect()
}

#[test]
fn splitmix_uniforms_equal_numpys() {
    let first: Vec<f64> = serde_json::from_value(golden()["uniform_first"].clone()).unwrap();
    assert_eq!((0..4).map(|i| uniform(1, i)).collect::<Vec<_>>(), first);
}

#[test]
fn lenet_logits_loss_and_gradients_equal_pytorchs() {
    let (g, dev) = (golden(), Device::Cpu);
    let labels: Vec<u32> = serde_json::from_value(g["labels"].clone()).unwrap();
    let (net, _, logits, loss) = golden_forward(&labels, &dev).unwrap();
    let reference: Vec<Vec<f64>> = serde_json::from_value(g["logits"].clone()).unwrap();
    let ours = logits.to_vec2::<f32>().unwrap();
    for (a, b) in ours.iter().flatten().zip(reference.iter().flatten()) {
        assert_close("logit", *a as f64, *b);
    }
    assert_close("loss", loss.to_scalar::<f32>().unwrap() as f64, g["loss"].as_f64().unwrap());
    let grads = loss.backward().unwrap();
    let vars = net.vars().unwrap();
    let grads: Vec<_> =
        names().into_iter().zip(&vars).map(|(n, v)| (n, grads.get(v).unwrap().clone())).collect();
    assert_summary("gradient", &grads, &g["grad"]);
}

/// Two steps of `opt` on deep.py's batch: the losses before each, and θ₂ − θ₀ per parameter.
fn two_steps(adamw: bool) -> (Vec<f64>, Vec<(String, Tensor)>) {
    let (g, dev) = (golden(), Device::Cpu);
    let labels: Vec<u32> = serde_json::from_value(g["labels"].clone()).unwrap();
    let (net, x, _, _) = golden_forward(&labels, &dev).unwrap();
    let start: Vec<Tensor> =
        net.vars().unwrap().iter().map(|v| v.as_tensor().copy().unwrap()).collect();
    let (a, s) = (&g["adamw"], &g["sgd"]);
    let mut opt = match adamw {
        true => {
            let p = ParamsAdamW {
                lr: a["lr"].as_f64().unwrap(),
                beta1: a["betas"][0].as_f64().unwrap(),
                beta2: a["betas"][1].as_f64().unwrap(),
                eps: a["eps"].as_f64().unwrap(),
                weight_decay: a["weight_decay"].as_f64().unwrap(),
            };
            Opt::AdamW(AdamW::new(net.vars().unwrap(), p).unwrap())
        }
        false => Opt::Sgd(Sgd::new(
            net.vars().unwrap(),
            0.0,
            s["momentum"].as_f64().unwrap(),
            s["weight_decay"].as_f64().unwrap(),
        )),
    };
    let lr = if adamw { a["lr"].as_f64().unwrap() } else { s["lr"].as_f64().unwrap() };
    let y = Tensor::new(labels, &dev).unwrap();
    let mut losses = Vec::new();
    for _ in 0..2 {
        let loss = candle_nn::loss::cross_entropy(&net.forward(&x, None).unwrap(), &y).unwrap();
        opt.step(&loss.backward().unwrap(), lr).unwrap();
        losses.push(loss.to_scalar::<f32>().unwrap() as f64);
    }
    let vars = net.vars().unwrap();
    let delta = (names().into_iter().zip(vars.iter().zip(&start)))
        .map(|(n, (v, s))| (n, (v.as_tensor() - s).unwrap()))
        .collect();
    (losses, delta)
}

#[test]
fn two_adamw_steps_equal_pytorchs() {
    let g = golden();
    let (losses, delta) = two_steps(true);
    let reference: Vec<f64> = serde_json::from_value(g["adamw"]["losses"].clone()).unwrap();
    losses.iter().zip(&reference).for_each(|(a, b)| assert_close("adamw loss", *a, *b));
    assert_summary("adamw Δθ", &delta, &g["adamw"]["delta"]);
}

#[test]
fn two_sgd_momentum_steps_equal_pytorchs() {
    let g = golden();
    let (losses, delta) = two_steps(false);
    let reference: Vec<f64> = serde_json::from_value(g["sgd"]["losses"].clone()).unwrap();
    losses.iter().zip(&reference).for_each(|(a, b)| assert_close("sgd loss", *a, *b));
    assert_summary("sgd Δθ", &delta, &g["sgd"]["delta"]);
}

#[test]
fn checkpoint_reloads_to_identical_logits() {
    let (dir, dev) = (tempfile::tempdir().unwrap(), Device::Cpu);
    let (net, x, logits, _) = golden_forward(&[0, 1, 2, 3], &dev).unwrap();
    let path = dir.path().join("model.safetensors");
    net.varmap.save(&path).unwrap();
    let mut other = Net::new(LENET, 99, &dev).unwrap();
    let before = other.forward(&x, None).unwrap();
    assert_ne!(before.to_vec2::<f32>().unwrap(), logits.to_vec2::<f32>().unwrap());
    other.varmap.load(&path).unwrap();
    assert_eq!(
        other.forward(&x, None).unwrap().to_vec2::<f32>().unwrap(),
        logits.to_vec2::<f32>().unwrap()
    );
}

#[test]
fn random_shift_translates_the_image_with_zero_fill() {
    let dev = Device::Cpu;
    // One image: a single bright pixel at (14, 14).
    let mut x = vec![0f32; SIDE * SIDE];
    x[14 * SIDE + 14] = 1.0;
    let data = Split { x, y: vec![7] };
    let mut rng = StdRng::seed_from_u64(5);
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..200 {
        let (t, y) = batch(&data, &[0], Some(&mut rng), &dev).unwrap();
        assert_eq!(y.to_vec1::<u32>().unwrap(), [7]);
        let v = t.flatten_all().unwrap().to_vec1::<f32>().unwrap();
        let bright: Vec<usize> = (0..v.len()).filter(|&i| v[i] > 0.0).collect();
        assert_eq!(bright.len(), 1, "the pixel moved, nothing else appeared");
        let (r, c) = (bright[0] / SIDE, bright[0] % SIDE);
        assert!(r.abs_diff(14) <= 2 && c.abs_diff(14) <= 2);
        seen.insert((r, c));
        assert!(v.iter().filter(|&&p| p < 0.0).all(|&p| (p - (-MEAN / STD)).abs() < 1e-6));
    }
    assert_eq!(seen.len(), 25, "every shift in −2..=2 × −2..=2 drawn");
}
