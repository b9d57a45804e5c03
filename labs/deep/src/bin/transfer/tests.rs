//! Tests of `../transfer.rs`: a child module of the lab, so they see its private items. Networks
//! on a dozen random images: fast enough unoptimised. The training run is in
//! `tests/transfer_quick.rs` (release only).

use super::*;
use llmpath_labs_deep::cifar::PLANE;
use llmpath_labs_deep::init::{uniform, uniforms};

/// `n` random "images" (values in [0, 1)) with labels cycling through 0–4.
fn random_split(n: usize, seed: u64) -> Images {
    Images { x: uniforms(seed, 0, n * 3 * PLANE), y: (0..n as u32).map(|i| i % 5).collect() }
}

fn stats() -> [(f32, f32); 3] {
    [(0.5, 0.25); 3]
}

#[test]
fn few_shot_draws_per_class_distinct_rows_of_task_b_only_and_repeats_with_its_seed() {
    // Labels 0–9 cycling: 30 rows per class; task B's classes are 5–9.
    let labels: Vec<usize> = (0..300).map(|i| i % 10).collect();
    let rows = few_shot_rows(&labels, 5, 12, 7);
    assert_eq!(rows.len(), 60);
    for (k, chunk) in rows.chunks(12).enumerate() {
        assert!(chunk.iter().all(|&r| labels[r] == 5 + k), "{chunk:?}");
        let mut distinct = chunk.to_vec();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), 12);
    }
    assert_eq!(few_shot_rows(&labels, 5, 12, 7), rows);
    assert_ne!(few_shot_rows(&labels, 5, 12, 8), rows, "another seed, another draw");
    // A class with fewer images than asked gives all it has.
    assert_eq!(few_shot_rows(&labels, 5, 100, 7).len(), 150);
}

#[test]
fn transplant_copies_the_backbone_and_running_statistics_and_keeps_a_fresh_head() {
    let dev = Device::Cpu;
    let pretrained = Net::new(RESNET5, 1, &dev).unwrap();
    // Move pretrained's running statistics off their initial values, as pretraining does.
    let mut rng = StdRng::seed_from_u64(0);
    let (x, _) = random_split(4, 2).batch(&[0, 1, 2, 3], &stats(), None, &dev).unwrap();
    pretrained.forward(&x, Some(&mut rng)).unwrap();
    let fresh = Net::new(RESNET5, 9, &dev).unwrap();
    let head_before = fresh.vars("fc").unwrap()[0].as_tensor().to_vec2::<f32>().unwrap();
    assert_ne!(backbone_bits(&fresh).unwrap(), backbone_bits(&pretrained).unwrap());
    transplant_backbone(&pretrained, &fresh).unwrap();
    let bits = backbone_bits(&fresh).unwrap();
    assert_eq!(bits, backbone_bits(&pretrained).unwrap());
    assert!(bits.iter().any(|(name, _)| name == "stem.bn.running_mean"));
    assert_eq!(fresh.vars("fc").unwrap()[0].as_tensor().to_vec2::<f32>().unwrap(), head_before);
    // A copy, not shared storage: training one leaves the other alone.
    fresh.forward(&x, Some(&mut rng)).unwrap();
    assert_ne!(backbone_bits(&fresh).unwrap(), backbone_bits(&pretrained).unwrap());
}

#[test]
fn feature_extraction_trains_the_head_and_leaves_the_backbone_bit_identical() {
    let dev = Device::Cpu;
    let pretrained = Net::new(RESNET5, 1, &dev).unwrap();
    let (few, test) = (random_split(10, 2), random_split(5, 3));
    let stats = stats();
    let task = TaskB { few: &few, test: &test, stats: &stats, dev: &dev };
    let before = backbone_bits(&pretrained).unwrap();
    let (outcome, net) = learn_b(WAYS[0], &pretrained, &task, (2, 1), 5).unwrap();
    assert_eq!(backbone_bits(&net).unwrap(), before, "backbone and running statistics");
    assert_eq!(outcome.history.len(), 2);
    assert_eq!(outcome.pred.len(), 5);
    let fresh_head = Net::new(RESNET5, 5, &dev).unwrap().vars("fc").unwrap();
    let head = net.vars("fc").unwrap();
    let moved = (head[0].as_tensor() - fresh_head[0].as_tensor()).unwrap().abs().unwrap();
    assert!(moved.max_all().unwrap().to_scalar::<f32>().unwrap() > 0.0, "the head trained");
}

#[test]
fn fine_tuning_moves_the_backbone_and_its_running_statistics() {
    // The contrast to the test above: trained in training mode, batch norm's buffers move too.
    let dev = Device::Cpu;
    let pretrained = Net::new(RESNET5, 1, &dev).unwrap();
    let (few, test) = (random_split(10, 2), random_split(5, 3));
    let stats = stats();
    let task = TaskB { few: &few, test: &test, stats: &stats, dev: &dev };
    let (_, net) = learn_b(WAYS[1], &pretrained, &task, (1, 1), 5).unwrap();
    let (after, before) = (backbone_bits(&net).unwrap(), backbone_bits(&pretrained).unwrap());
    for name in ["stem.conv.weight", "stem.bn.running_mean", "layer3.bn2.running_var"] {
        let find = |b: &[(String, Vec<u32>)]| b.iter().find(|(n, _)| n == name).cloned();
        assert_ne!(find(&after), find(&before), "{name}");
    }
}

#[test]
fn mean_std_is_the_sample_standard_deviation() {
    let (mean, std) = mean_std(&[0.5, 0.6, 0.7]);
    assert!((mean - 0.6).abs() < 1e-12 && (std - 0.1).abs() < 1e-12, "{mean} {std}");
    assert_eq!(mean_std(&[0.4]), (0.4, 0.0));
}

/// scripts/reference/transfer.py: a linear head on fixed features, six AdamW steps on the
/// cosine schedule, batches of 6; PyTorch's losses and final weights.
const GOLDEN: &str = include_str!("../../../../../scripts/reference/golden/transfer.json");

#[test]
fn a_head_on_fixed_features_trains_as_pytorchs_adamw_does() {
    let dev = Device::Cpu;
    let golden: serde_json::Value = serde_json::from_str(GOLDEN).unwrap();
    let floats = |v: &serde_json::Value| -> Vec<f64> {
        let flat = v.as_array().unwrap().iter().flat_map(|x| match x.as_array() {
            Some(row) => row.iter().map(|v| v.as_f64().unwrap()).collect(),
            None => vec![x.as_f64().unwrap()],
        });
        flat.collect()
    };
    let features = Tensor::from_vec(uniforms(2, 0, 12 * 32), (12, 32), &dev).unwrap();
    let labels = Tensor::from_vec((0..12u32).map(|i| i % 5).collect(), 12, &dev).unwrap();
    let net = Net::new(RESNET5, 7, &dev).unwrap();
    let bound = 1.0 / 32f64.sqrt();
    let w: Vec<f32> = (0..165).map(|i| (bound * (2.0 * uniform(1, i) - 1.0)) as f32).collect();
    let mut varmap = net.varmap.clone();
    varmap.set_one("fc.weight", Tensor::from_slice(&w[..160], (5, 32), &dev).unwrap()).unwrap();
    varmap.set_one("fc.bias", Tensor::from_slice(&w[160..], 5, &dev).unwrap()).unwrap();
    let mut opt = Opt::new(true, net.vars(net.head_prefix()).unwrap(), 1e-2, WEIGHT_DECAY).unwrap();
    let data = (features, labels);
    let mut losses = Vec::new();
    for t in 0..6 {
        let idx: Vec<usize> = (6 * (t % 2)..6 * (t % 2) + 6).collect();
        let (f, y) = rows(&data, &idx).unwrap();
        let loss =
            candle_nn::loss::cross_entropy(&Head(&net).forward(&f, None).unwrap(), &y).unwrap();
        losses.push(loss.to_scalar::<f32>().unwrap() as f64);
        opt.step(&loss.backward().unwrap(), llmpath_labs_deep::optim::cosine_lr(1e-2, t, 6))
            .unwrap();
    }
    let head = net.vars(net.head_prefix()).unwrap();
    let weight = head[0].as_tensor().flatten_all().unwrap().to_vec1::<f32>().unwrap();
    let bias = head[1].as_tensor().to_vec1::<f32>().unwrap();
    let ours = (losses.iter().copied())
        .chain(weight.iter().chain(&bias).map(|&v| v as f64))
        .collect::<Vec<_>>();
    let reference =
        [floats(&golden["losses"]), floats(&golden["weight"]), floats(&golden["bias"])].concat();
    assert_eq!(ours.len(), 6 + 165);
    let gap = ours.iter().zip(&reference).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
    assert!(gap <= 1e-6, "max |ours − PyTorch| = {gap:e}");
}
