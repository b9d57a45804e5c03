//! Labelled sentences as batches for the sentiment lab's classifiers:
//!
//! ```text
//! text ──tokenize──▶ tokens ──vocabulary (train only)──▶ ids, 0 = padding, 1 = unknown
//! ids  ──bucket by length──▶ batches ──pad──▶ ids (B, T), mask (B, T) 1 at real tokens, labels (B,)
//! ```
//!
//! Bucketing: shuffled sentences are sorted by length within pools of 50 batches and cut into
//! batches, so a batch holds sentences of similar length and pads little; the padding left is
//! masked by the models. [`Confusion`] counts (label, prediction) pairs for accuracy and F1.

use std::collections::HashMap;

use candle_core::{Device, Result, Tensor};
use llmpath_data::load::sentiment::LabelledText;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// A sentence as token ids (0 = padding, 1 = unknown) and its label (1 = positive).
#[derive(Debug, Clone)]
pub struct Example {
    pub ids: Vec<u32>,
    pub label: u32,
}

/// Token ids by frequency in `train` (ties by word), for words seen at least twice; ids start at
/// 2 (0 is padding, 1 unknown).
pub fn vocabulary(train: &[Vec<String>]) -> HashMap<String, u32> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for word in train.iter().flatten() {
        *counts.entry(word).or_default() += 1;
    }
    let mut words: Vec<(&str, usize)> = counts.into_iter().filter(|&(_, n)| n >= 2).collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    words.into_iter().enumerate().map(|(i, (w, _))| (w.to_owned(), i as u32 + 2)).collect()
}

/// A training and a test set tokenised, with the vocabulary of the training set, and the number
/// of ids (vocabulary + padding + unknown). Sentences with no tokens are dropped.
pub fn encode(
    sets: [&[LabelledText]; 2],
    tokenize: &dyn Fn(&str) -> Vec<String>,
) -> (Vec<Example>, Vec<Example>, usize) {
    let [train, test] = sets.map(|set| set.iter().map(|s| tokenize(&s.text)).collect::<Vec<_>>());
    let vocab = vocabulary(&train);
    let ids = |tokens: &[Vec<String>], set: &[LabelledText]| {
        (tokens.iter().zip(set).filter(|(t, _)| !t.is_empty()))
            .map(|(t, s)| Example {
                ids: t.iter().map(|w| vocab.get(w).copied().unwrap_or(1)).collect(),
                label: s.label as u32,
            })
            .collect::<Vec<_>>()
    };
    (ids(&train, sets[0]), ids(&test, sets[1]), vocab.len() + 2)
}

/// A seeded split: `fraction` of the shuffled examples to train on, the rest to test.
pub fn split(mut all: Vec<LabelledText>, fraction: f64) -> (Vec<LabelledText>, Vec<LabelledText>) {
    all.shuffle(&mut StdRng::seed_from_u64(0));
    let test = all.split_off((all.len() as f64 * fraction).round() as usize);
    (all, test)
}

/// Batches of example indices, bucketed: shuffled, sorted by length within pools of 50
/// batches, cut into batches, and the batches shuffled. `rng` None: in length order (eval).
pub fn batches(
    examples: &[Example],
    batch_size: usize,
    rng: Option<&mut StdRng>,
) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let Some(rng) = rng else {
        order.sort_by_key(|&i| examples[i].ids.len());
        return order.chunks(batch_size).map(<[usize]>::to_vec).collect();
    };
    order.shuffle(rng);
    let mut out = Vec::new();
    for pool in order.chunks_mut(50 * batch_size) {
        pool.sort_by_key(|&i| examples[i].ids.len());
        out.extend(pool.chunks(batch_size).map(<[usize]>::to_vec));
    }
    out.shuffle(rng);
    out
}

/// A batch as tensors: ids (B, T) padded with 0, mask (B, T) 1 at real tokens, labels (B,).
pub fn tensors(examples: &[Example], batch: &[usize], dev: &Device) -> Result<[Tensor; 3]> {
    let t = batch.iter().map(|&i| examples[i].ids.len()).max().unwrap_or(0);
    let (mut ids, mut mask) = (vec![0u32; batch.len() * t], vec![0f32; batch.len() * t]);
    for (row, &i) in batch.iter().enumerate() {
        for (k, &id) in examples[i].ids.iter().enumerate() {
            (ids[row * t + k], mask[row * t + k]) = (id, 1.0);
        }
    }
    let labels: Vec<u32> = batch.iter().map(|&i| examples[i].label).collect();
    let shape = (batch.len(), t);
    Ok([
        Tensor::from_vec(ids, shape, dev)?,
        Tensor::from_vec(mask, shape, dev)?,
        Tensor::new(labels, dev)?,
    ])
}

/// Inverted dropout with our own seeded generator (candle's draws are not seeded).
pub fn dropout(x: &Tensor, p: f64, rng: &mut StdRng) -> Result<Tensor> {
    let scale = (1.0 / (1.0 - p)) as f32;
    let keep: Vec<f32> =
        (0..x.elem_count()).map(|_| if rng.random::<f64>() < p { 0.0 } else { scale }).collect();
    x * Tensor::from_vec(keep, x.shape(), x.device())?
}

/// Counts of (label, prediction): [[true negatives, false positives], [false negatives, true positives]].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confusion(pub [[usize; 2]; 2]);

impl Confusion {
    pub fn accuracy(&self) -> f64 {
        let [[tn, fp], [fn_, tp]] = self.0;
        (tn + tp) as f64 / (tn + fp + fn_ + tp).max(1) as f64
    }
    /// F1 of the positive class.
    pub fn f1(&self) -> f64 {
        let [[_, fp], [fn_, tp]] = self.0;
        2.0 * tp as f64 / (2 * tp + fp + fn_).max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn examples(lengths: &[usize]) -> Vec<Example> {
        let ids = |n: usize, k: usize| (0..n).map(|i| ((i * 7 + k) % 9 + 1) as u32).collect();
        (lengths.iter().enumerate())
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
    fn vocabulary_keeps_words_seen_twice_by_frequency_and_encode_maps_the_rest_to_unknown() {
        let text = |s: &str, label| LabelledText { text: s.to_owned(), label };
        let train = [text("good good film", 1), text("bad film", 0), text("film good", 1)];
        let test = [text("good new film", 1), text("", 0)];
        let words = |s: &str| s.split_whitespace().map(str::to_owned).collect();
        let (train, test, n_ids) = encode([&train, &test], &words);
        // film 3×, good 3× (tie: alphabetical), bad once: unknown.
        assert_eq!(n_ids, 4);
        assert_eq!(train[0].ids, [3, 3, 2]);
        assert_eq!(train[1].ids, [1, 2]);
        assert_eq!((test.len(), &test[0].ids, test[0].label), (1, &vec![3, 1, 2], 1));
    }

    #[test]
    fn tensors_pad_with_zeros_and_mask_the_padding() {
        let set = examples(&[2, 4]);
        let [ids, mask, labels] = tensors(&set, &[0, 1], &Device::Cpu).unwrap();
        let ids = ids.to_vec2::<u32>().unwrap();
        assert_eq!(&ids[0][2..], [0, 0]);
        assert!(ids[1].iter().all(|&id| id > 0));
        assert_eq!(mask.to_vec2::<f32>().unwrap(), [[1.0, 1.0, 0.0, 0.0], [1.0; 4]]);
        assert_eq!(labels.to_vec1::<u32>().unwrap(), [0, 1]);
    }

    #[test]
    fn confusion_gives_accuracy_and_the_positive_class_f1() {
        // 50 TN, 10 FP, 5 FN, 35 TP: accuracy 0.85, F1 = 70 / 85.
        let c = Confusion([[50, 10], [5, 35]]);
        assert!((c.accuracy() - 0.85).abs() < 1e-12);
        assert!((c.f1() - 70.0 / 85.0).abs() < 1e-12);
        assert_eq!(Confusion::default().accuracy(), 0.0);
    }
}
