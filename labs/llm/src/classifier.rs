//! The sentiment lab's sentence classifiers, behind one [`Model`] trait so one training loop
//! serves them all:
//!
//! ```text
//! x_t    = E[w_t]                                       word embeddings, dropout      (B, T, E)
//! h→, h← = bidirectional RNN or LSTM over x (masked)     llmpath_labs_llm::lstm        (B, T, H) each
//! s      = (1/n) Σ_{t<n} [h→_t; h←_t]                   mean over the n real steps    (B, 2H)
//! logits = W dropout(s) + b                                                          (B, 2)
//! ```
//!
//! and the linear baseline [`BagOfWords`] (logits [0, z]). Padded steps carry the state unchanged
//! and are left out of the mean, so a padded sentence gets exactly the logits it gets alone
//! (tested). Initial weights are PyTorch's uniform bounds drawn from SplitMix64, under PyTorch's
//! parameter names (`scripts/reference/lstm.py` builds the same network).

use candle_core::{D, DType, Device, Result, Tensor};
use candle_nn::VarMap;
use rand::rngs::StdRng;

use crate::bow::BagOfWords;
use crate::lstm::{Cell, Init, Recurrent};
use crate::sentences::dropout;

/// What training and evaluation need of a classifier.
pub trait Model {
    fn varmap(&self) -> &VarMap;
    /// Logits (B, 2) of ids and mask (B, T); `rng` Some: training, with dropout.
    fn logits(&self, ids: &Tensor, mask: &Tensor, rng: Option<&mut StdRng>) -> Result<Tensor>;
}

/// The baseline: binary bag of words → logistic regression.
impl Model for BagOfWords {
    fn varmap(&self) -> &VarMap {
        &self.varmap
    }
    fn logits(&self, ids: &Tensor, _: &Tensor, _: Option<&mut StdRng>) -> Result<Tensor> {
        BagOfWords::logits(self, ids)
    }
}

/// Embedding → bidirectional RNN or LSTM → the mean of the states → linear.
pub struct Classifier {
    pub varmap: VarMap,
    embedding: Tensor, // (V, E)
    forward: Recurrent,
    backward: Recurrent,
    head_w: Tensor, // (2, 2H)
    head_b: Tensor, // (2,)
    /// Dropout probability on the embeddings and on the mean state while training.
    dropout: f64,
}

/// The classifier's sizes.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Token ids (vocabulary + padding + unknown).
    pub vocab: usize,
    pub embed: usize,
    pub hidden: usize,
}

impl Classifier {
    pub fn new(cell: Cell, shape: Shape, dropout: f64, seed: u64, dev: &Device) -> Result<Self> {
        let Shape { vocab, embed, hidden } = shape;
        let varmap = VarMap::new();
        let mut init =
            Init { varmap: &varmap, seed, next: 0, dtype: DType::F32, device: dev.clone() };
        let embedding = init.uniform("embedding.weight", &[vocab, embed], 1.0)?;
        let forward = Recurrent::new(cell, embed, hidden, "rnn", "l0", &mut init)?;
        let backward = Recurrent::new(cell, embed, hidden, "rnn", "l0_reverse", &mut init)?;
        let bound = 1.0 / (2.0 * hidden as f64).sqrt();
        let head_w = init.uniform("head.weight", &[2, 2 * hidden], bound)?;
        let head_b = init.uniform("head.bias", &[2], bound)?;
        Ok(Classifier { varmap, embedding, forward, backward, head_w, head_b, dropout })
    }
}

impl Model for Classifier {
    fn varmap(&self) -> &VarMap {
        &self.varmap
    }
    fn logits(&self, ids: &Tensor, mask: &Tensor, mut rng: Option<&mut StdRng>) -> Result<Tensor> {
        let (b, t) = ids.dims2()?;
        let mut x = self.embedding.index_select(&ids.flatten_all()?, 0)?.reshape((b, t, ()))?;
        if let Some(rng) = rng.as_deref_mut() {
            x = dropout(&x, self.dropout, rng)?;
        }
        let (hs_f, _) = self.forward.forward(&x, Some(mask), false)?; // (B, T, H)
        let (hs_b, _) = self.backward.forward(&x, Some(mask), true)?;
        // The mean over each sentence's real steps (padded steps hold carried states: masked).
        let m = mask.unsqueeze(2)?; // (B, T, 1)
        let sum = Tensor::cat(&[&hs_f, &hs_b], D::Minus1)?.broadcast_mul(&m)?.sum(1)?; // (B, 2H)
        let mut h = sum.broadcast_div(&m.sum(1)?)?;
        if let Some(rng) = rng {
            h = dropout(&h, self.dropout, rng)?;
        }
        h.matmul(&self.head_w.t()?)?.broadcast_add(&self.head_b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sentences::{Example, tensors};

    #[test]
    fn padding_with_the_mask_leaves_a_sentences_logits_as_they_are_alone() {
        let dev = Device::Cpu;
        let set = [
            Example { ids: vec![3, 5, 2], label: 0 },
            Example { ids: vec![4, 1, 8, 9, 2, 6, 7], label: 1 },
        ];
        let shape = Shape { vocab: 10, embed: 4, hidden: 3 };
        for cell in [Cell::Rnn, Cell::Lstm] {
            let model = Classifier::new(cell, shape, 0.3, 5, &dev).unwrap();
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
}
