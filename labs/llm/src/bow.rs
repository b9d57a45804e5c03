//! Bag-of-words logistic regression, the linear baseline of the sentiment lab:
//!
//! ```text
//! x_v  = 1 if word v occurs in the sentence, else 0      binary bag of words          (V,)
//! z    = w · x + b = b + Σ_{distinct v in the sentence} w_v                         scalar
//! p    = P(positive) = σ(z) = softmax([0, z])₁           so the logits are [0, z]     (B, 2)
//! L    = −(1/B) Σ [y log p + (1 − y) log(1 − p)]          the cross-entropy of [0, z]
//! ```
//!
//! w is held as an embedding table (V, 1): the sentence's term w · x is an `index_select` of its
//! token ids and a sum over the first occurrence of each id, so no (B, V) matrix is built and the
//! gradient reaches only the rows of the words in the batch. Token id 0 is padding (skipped);
//! the unknown-word id is a feature like any other. Initial weights are zero (the problem is
//! convex: nothing to break by symmetry).
//!
//! References: Pang, Lee & Vaithyanathan, "Thumbs up? Sentiment classification using machine
//! learning techniques", EMNLP (2002) (binary unigram features); Wang & Manning, "Baselines and
//! bigrams: simple, good sentiment and topic classification", ACL (2012).

use std::collections::HashSet;

use candle_core::{DType, Device, Result, Tensor};
use candle_nn::VarMap;

use crate::lstm::Init;

/// The weights: one per word, and a bias.
pub struct BagOfWords {
    pub varmap: VarMap,
    pub w: Tensor, // (V, 1)
    pub b: Tensor, // (1,)
}

impl BagOfWords {
    /// Zero weights for a vocabulary of `vocab` ids (id 0: padding).
    pub fn new(vocab: usize, dev: &Device) -> Result<BagOfWords> {
        let varmap = VarMap::new();
        let mut init =
            Init { varmap: &varmap, seed: 0, next: 0, dtype: DType::F32, device: dev.clone() };
        let w = init.uniform("bow.weight", &[vocab, 1], 0.0)?;
        let b = init.uniform("bow.bias", &[1], 0.0)?;
        Ok(BagOfWords { varmap, w, b })
    }

    /// Logits [0, z] (B, 2) of the padded ids (B, T).
    pub fn logits(&self, ids: &Tensor) -> Result<Tensor> {
        let (b, t) = ids.dims2()?;
        let w = self.w.index_select(&ids.flatten_all()?, 0)?.reshape((b, t))?; // (B, T)
        let z = (w * first_occurrences(ids)?)?.sum_keepdim(1)?.broadcast_add(&self.b)?; // (B, 1)
        Tensor::cat(&[&z.zeros_like()?, &z], 1)
    }
}

/// (B, T): 1 where a row's id is not padding and appears for the first time, else 0.
pub fn first_occurrences(ids: &Tensor) -> Result<Tensor> {
    let rows = ids.to_vec2::<u32>()?;
    let mask: Vec<f32> = rows
        .iter()
        .flat_map(|row| {
            let mut seen = HashSet::new();
            row.iter().map(move |&id| if id != 0 && seen.insert(id) { 1.0 } else { 0.0 })
        })
        .collect();
    Tensor::from_vec(mask, ids.dims2()?, ids.device())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_scores_each_distinct_word_once_and_no_padding() {
        let dev = Device::Cpu;
        let mut model = BagOfWords::new(5, &dev).unwrap();
        let w = Tensor::new(&[[100f32], [1.0], [2.0], [4.0], [8.0]], &dev).unwrap();
        model.varmap.set_one("bow.weight", &w).unwrap();
        model.varmap.set_one("bow.bias", Tensor::new(&[0.5f32], &dev).unwrap()).unwrap();
        // "3 3 2 3", "4 1 4 pad pad"
        let ids = Tensor::new(&[[3u32, 3, 2, 3, 0], [4, 1, 4, 0, 0]], &dev).unwrap();
        let logits = model.logits(&ids).unwrap().to_vec2::<f32>().unwrap();
        assert_eq!(logits, [[0.0, 4.0 + 2.0 + 0.5], [0.0, 8.0 + 1.0 + 0.5]]);
    }

    #[test]
    fn softmax_of_zero_and_z_is_the_logistic_sigmoid() {
        let z = Tensor::new(&[[0f32, -2.0], [0.0, 0.0], [0.0, 3.0]], &Device::Cpu).unwrap();
        let p = candle_nn::ops::softmax_last_dim(&z).unwrap().to_vec2::<f32>().unwrap();
        for (row, z) in p.iter().zip([-2f32, 0.0, 3.0]) {
            assert!((row[1] - 1.0 / (1.0 + (-z).exp())).abs() < 1e-6, "{row:?}");
        }
    }
}
