//! Tests of `../sentiment.rs`'s batching (bucketing loses no sentence; padding plus the mask
//! leave a sentence's logits as they are alone) and of its training loop on the baseline.

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

fn examples(lengths: &[usize]) -> Vec<Example> {
    let ids = |n: usize, k: usize| (0..n).map(|i| ((i * 7 + k) % 9 + 1) as u32).collect();
    lengths
        .iter()
        .enumerate()
        .map(|(k, &n)| Example { ids: ids(n, k), label: (k % 2) as u32 })
        .collect()
}

#[test]
fn bucketed_batches_hold_every_sentence_once_sorted_within_a_batch() {
    let set = examples(&(0..500).map(|k| 1 + (k * 37) % 40).collect::<Vec<_>>());
    let batches = batches(&set, 8, Some(&mut StdRng::seed_from_u64(1)));
    let mut seen: Vec<usize> = batches.concat();
    seen.sort_unstable();
    assert_eq!(seen, (0..500).collect::<Vec<_>>());
    for batch in &batches {
        assert!(batch.windows(2).all(|w| set[w[0]].ids.len() <= set[w[1]].ids.len()));
    }
    // Bucketing pads far less than random batches would: under 10 % of the positions.
    let padded: usize = batches
        .iter()
        .map(|b| b.len() * b.iter().map(|&i| set[i].ids.len()).max().unwrap_or(0))
        .sum();
    let real: usize = set.iter().map(|e| e.ids.len()).sum();
    assert!(((padded - real) as f64) < 0.1 * real as f64, "{padded} vs {real}");
}

#[test]
fn padding_with_the_mask_leaves_a_sentences_logits_as_they_are_alone() {
    let dev = Device::Cpu;
    let set = examples(&[3, 7]);
    for cell in [Cell::Rnn, Cell::Lstm] {
        let model = Classifier::new(cell, 10, &TINY, 5, &dev).unwrap();
        let [ids, mask, _] = tensors(&set, &[0, 1], &dev).unwrap();
        assert_eq!(mask.sum_all().unwrap().to_scalar::<f32>().unwrap(), 10.0);
        let together = model.logits(&ids, &mask, None).unwrap().to_vec2::<f32>().unwrap();
        let [ids, mask, _] = tensors(&set, &[0], &dev).unwrap();
        let alone = model.logits(&ids, &mask, None).unwrap().to_vec2::<f32>().unwrap();
        for (a, b) in together[0].iter().zip(&alone[0]) {
            assert!((a - b).abs() < 1e-6, "{cell:?}: {together:?} vs {alone:?}");
        }
    }
}

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
