//! A test of `../sentiment.rs`'s training loop, on the baseline.

use super::*;

const TINY: Recipe = Recipe {
    embed: 4,
    hidden: 3,
    batch_size: 4,
    sst2_epochs: 1,
    epochs: 1,
    sst2_train: None,
    chinese_train: None,
    evals_per_epoch: 1,
    sst2_target: 0.0,
    chinese_target: 0.0,
    chars_target: 0.0,
    bow_target: 0.0,
};

#[test]
fn bag_of_words_baseline_learns_which_words_are_positive() {
    let dev = Device::Cpu;
    // Positive sentences hold word 2, negative ones word 3, among noise words 4–9 shared by both.
    let set: Vec<Example> = (0..100)
        .map(|k| {
            let label = (k % 2) as u32;
            let mut ids: Vec<u32> = (0..1 + k % 5).map(|i| 4 + ((k / 2 + i) % 6) as u32).collect();
            ids.insert(k % ids.len(), 3 - label);
            Example { ids, label }
        })
        .collect();
    let model = BagOfWords::new(10, &dev).unwrap();
    let before = evaluate(&model, &set, &dev).unwrap().accuracy();
    fit(&model, [&set, &set], &TINY, 2, 0, &ProgressBar::hidden(), &dev).unwrap();
    let after = evaluate(&model, &set, &dev).unwrap();
    assert_eq!(before, 0.5); // zero weights: logits [0, 0], every sentence "negative"
    assert_eq!(after.accuracy(), 1.0, "{after:?}");
    let w = model.w.flatten_all().unwrap().to_vec1::<f32>().unwrap();
    assert!(w[2] > 0.0 && w[3] < 0.0, "{w:?}");
}
