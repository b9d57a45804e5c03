//! A BERT-family checkpoint as the Hugging Face Hub lays it out, loaded with candle-transformers,
//! and its sentence embeddings.
//!
//! ```text
//! folder     config.json (BertConfig), tokenizer.json (or vocab.txt: WordPiece, lower-cased),
//!            model.safetensors (parameter names with or without the `bert.` prefix)
//! ids        [CLS] wordpieces(normalise(text)) [SEP], padded with [PAD] to the batch's longest
//! h          = BertModel(ids, token types 0, mask m)                          (B, T, C)
//! cls        = h[:, 0]                                                        (B, C)
//! mean       = Σ_t m_t h_t / Σ_t m_t   (sentence-transformers' mean pooling)  (B, C)
//! pooled     = tanh(W_p h[:, 0] + b_p)  (BERT's pooler, when the checkpoint has one)
//! ```
//!
//! `pytorch_model.bin` (a pickle) is not read: only safetensors, which needs no Python to parse.
//!
//! References:
//! - Devlin et al., "BERT: Pre-training of deep bidirectional Transformers for language
//!   understanding", NAACL (2019).
//! - Reimers & Gurevych, "Sentence-BERT", EMNLP (2019): mean pooling; sentence-transformers'
//!   `models/Pooling.py`.
//! - Hugging Face transformers `models/bert/modeling_bert.py`; candle-transformers `models/bert.rs`.

use std::error::Error;
use std::path::Path;

use candle_core::{D, DType, Device, IndexOp, Tensor, Var};
use candle_nn::{Linear, Module, VarBuilder, VarMap};
use candle_transformers::models::bert::{BertEncoder, BertModel, Config};
use tokenizers::models::wordpiece::WordPiece;
use tokenizers::normalizers::bert::BertNormalizer;
use tokenizers::pre_tokenizers::bert::BertPreTokenizer;
use tokenizers::processors::bert::BertProcessing;
use tokenizers::{Model, Tokenizer, TruncationParams};

pub type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// Tokens per sentence at most: sentence-transformers' `max_seq_length` for all-MiniLM-L6-v2
/// (tokenizer.json says 128; SST-2's longest dev sentence has 68 tokens).
pub const MAX_TOKENS: usize = 256;

/// A checkpoint: its tokenizer, encoder and (if it has one) pooler.
pub struct Encoder {
    pub config: Config,
    pub tokenizer: Tokenizer,
    pub model: BertModel,
    pub pooler: Option<Linear>,
    pub parameters: usize,
    pub device: Device,
    /// The checkpoint's tensors and the prefix of the encoder's names ("" or "bert.").
    tensors: std::collections::HashMap<String, Tensor>,
    prefix: &'static str,
}

/// The encoder split for fine-tuning its top layer: the lower L − 1 layers, frozen, and the top
/// layer's weights as variables of `varmap` (named `layer.0.…`), trainable.
pub struct TopLayer {
    pub lower: BertModel,
    pub top: BertEncoder,
    pub varmap: VarMap,
}

impl TopLayer {
    /// The top layer on the lower layers' output h (B, T, C) under the mask m (B, T): its hidden
    /// state and masked mean, as [`Encoder::forward`] computes them.
    pub fn forward(&self, h: &Tensor, mask: &Tensor) -> Result<(Tensor, Tensor)> {
        let m = mask.to_dtype(DType::F32)?; // (B, T)
        // BERT's additive mask: 0 for a token, the smallest f32 for padding, (B, 1, 1, T).
        let additive = ((1.0 - &m)? * f32::MIN as f64)?.unsqueeze(1)?.unsqueeze(1)?;
        let hidden = self.top.forward(h, &additive)?;
        let m = m.unsqueeze(D::Minus1)?;
        let mean = hidden.broadcast_mul(&m)?.sum(1)?.broadcast_div(&m.sum(1)?)?;
        Ok((hidden, mean))
    }
}

/// A batch of sentences as the model reads them.
pub struct Batch {
    pub ids: Vec<Vec<u32>>,
    /// 1 for a token, 0 for padding; same shape as `ids`.
    pub mask: Vec<Vec<u32>>,
}

/// What the model makes of a batch.
pub struct Output {
    /// Last hidden state (B, T, C).
    pub hidden: Tensor,
    /// h[:, 0] (B, C).
    pub cls: Tensor,
    /// Masked mean over the tokens (B, C).
    pub mean: Tensor,
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()).into())
}

impl Encoder {
    /// Loads a checkpoint folder; each error says which file is wrong and what the folder needs.
    pub fn load(dir: &Path, device: &Device) -> Result<Encoder> {
        let needs = "a BERT checkpoint folder holds config.json, tokenizer.json (or vocab.txt) and model.safetensors";
        if !dir.is_dir() {
            return Err(format!("{} is not a folder: {needs}", dir.display()).into());
        }
        let config_path = dir.join("config.json");
        if !config_path.is_file() {
            return Err(format!("{} has no config.json: {needs}", dir.display()).into());
        }
        let config = read(&config_path)?;
        let tokenizer = if dir.join("tokenizer.json").is_file() {
            let path = dir.join("tokenizer.json");
            Tokenizer::from_file(&path)
                .map_err(|e| format!("{} is not a tokenizer.json: {e}", path.display()))?
        } else if dir.join("vocab.txt").is_file() {
            wordpiece(&dir.join("vocab.txt"))?
        } else {
            return Err(format!(
                "{} has neither tokenizer.json nor vocab.txt: {needs}",
                dir.display()
            )
            .into());
        };
        let weights = dir.join("model.safetensors");
        if !weights.is_file() {
            let why = match dir.join("pytorch_model.bin").is_file() {
                true => {
                    "it has pytorch_model.bin, a PyTorch pickle, which this lab does not read: save the model again with save_pretrained(DIR, safe_serialization=True) to get model.safetensors"
                }
                false => needs,
            };
            return Err(format!("{} has no model.safetensors: {why}", dir.display()).into());
        }
        let weights = read(&weights)?;
        Encoder::from_parts(&config, tokenizer, weights, device)
            .map_err(|e| format!("cannot load the checkpoint in {}: {e}", dir.display()).into())
    }

    /// A checkpoint from its files' bytes (the tiny BERT the lab embeds).
    pub fn from_parts(
        config: &[u8],
        mut tokenizer: Tokenizer,
        weights: Vec<u8>,
        device: &Device,
    ) -> Result<Encoder> {
        let config: Config = serde_json::from_slice(config)
            .map_err(|e| format!("config.json is not a BERT config: {e}"))?;
        let max_length = MAX_TOKENS.min(config.max_position_embeddings);
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams { max_length, ..Default::default() }))
            .map_err(|e| format!("tokenizer: {e}"))?;
        let tensors = candle_core::safetensors::load_buffer(&weights, device)
            .map_err(|e| format!("model.safetensors: {e}"))?;
        let parameters = tensors.values().map(Tensor::elem_count).sum();
        // Checkpoints saved from BertForMaskedLM or BertForSequenceClassification prefix the
        // encoder's names with `bert.`; a bare BertModel (all-MiniLM-L6-v2) does not.
        let prefix = match tensors.contains_key("bert.embeddings.word_embeddings.weight") {
            true => "bert.",
            false => "",
        };
        let vb = VarBuilder::from_tensors(tensors.clone(), DType::F32, device);
        let vb = if prefix.is_empty() { vb } else { vb.pp("bert") };
        let model = BertModel::load(vb.clone(), &config)
            .map_err(|e| format!("model.safetensors does not match config.json: {e}"))?;
        let pooler = match vb.contains_tensor("pooler.dense.weight") {
            true => Some(candle_nn::linear(
                config.hidden_size,
                config.hidden_size,
                vb.pp("pooler.dense"),
            )?),
            false => None,
        };
        let device = device.clone();
        Ok(Encoder { config, tokenizer, model, pooler, parameters, device, tensors, prefix })
    }

    /// This checkpoint split for fine-tuning its top layer (a copy: `self` is left as it is).
    pub fn split_top(&self) -> Result<TopLayer> {
        let l = self.config.num_hidden_layers;
        let lower_config = Config { num_hidden_layers: l.saturating_sub(1), ..self.config.clone() };
        let vb = VarBuilder::from_tensors(self.tensors.clone(), DType::F32, &self.device);
        let vb = if self.prefix.is_empty() { vb } else { vb.pp("bert") };
        let lower = BertModel::load(vb, &lower_config)?;
        let varmap = VarMap::new();
        let top_names = format!("{}encoder.layer.{}.", self.prefix, l.saturating_sub(1));
        {
            let mut vars = varmap.data().lock().map_err(|e| e.to_string())?;
            for (name, t) in &self.tensors {
                if let Some(rest) = name.strip_prefix(&top_names) {
                    vars.insert(format!("layer.0.{rest}"), Var::from_tensor(t)?);
                }
            }
        }
        let top_config = Config { num_hidden_layers: 1, ..self.config.clone() };
        let top = BertEncoder::load(
            VarBuilder::from_varmap(&varmap, DType::F32, &self.device),
            &top_config,
        )?;
        Ok(TopLayer { lower, top, varmap })
    }

    /// Token ids of each sentence, padded to the longest with `pad_token_id`.
    pub fn tokenize(&self, sentences: &[&str]) -> Result<Batch> {
        let encodings = self
            .tokenizer
            .encode_batch(sentences.to_vec(), true)
            .map_err(|e| format!("tokenizer: {e}"))?;
        let t = encodings.iter().map(|e| e.get_ids().len()).max().unwrap_or(0);
        let pad = self.config.pad_token_id as u32;
        let (mut ids, mut mask) = (Vec::new(), Vec::new());
        for e in &encodings {
            let n = e.get_ids().len();
            ids.push(e.get_ids().iter().copied().chain(std::iter::repeat_n(pad, t - n)).collect());
            mask.push((0..t).map(|i| u32::from(i < n)).collect());
        }
        Ok(Batch { ids, mask })
    }

    /// The last hidden state and both sentence embeddings of a batch.
    pub fn forward(&self, batch: &Batch) -> Result<Output> {
        let ids = Tensor::new(batch.ids.clone(), &self.device)?; // (B, T)
        let mask = Tensor::new(batch.mask.clone(), &self.device)?; // (B, T)
        let hidden = self.model.forward(&ids, &ids.zeros_like()?, Some(&mask))?; // (B, T, C)
        let m = mask.to_dtype(DType::F32)?.unsqueeze(D::Minus1)?; // (B, T, 1)
        let mean = hidden.broadcast_mul(&m)?.sum(1)?.broadcast_div(&m.sum(1)?)?; // (B, C)
        let cls = hidden.i((.., 0))?.contiguous()?;
        Ok(Output { hidden, cls, mean })
    }

    /// BERT's pooler on [CLS], if the checkpoint has one.
    pub fn pooled(&self, out: &Output) -> Result<Option<Tensor>> {
        Ok(match &self.pooler {
            Some(dense) => Some(dense.forward(&out.cls)?.tanh()?),
            None => None,
        })
    }

    /// [CLS] and mean-pooled embeddings of many sentences, `batch_size` at a time, sentences of
    /// similar length together (less padding); `progress` is called after each batch with the
    /// number done. Returns (cls, mean), each (N, C), in the order of `sentences`.
    pub fn embed(
        &self,
        sentences: &[&str],
        batch_size: usize,
        mut progress: impl FnMut(usize),
    ) -> Result<(Tensor, Tensor)> {
        let lengths: Vec<usize> = sentences.iter().map(|s| s.split_whitespace().count()).collect();
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        order.sort_by_key(|&i| lengths[i]);
        let (mut cls, mut mean) = (Vec::new(), Vec::new());
        for (k, chunk) in order.chunks(batch_size.max(1)).enumerate() {
            let texts: Vec<&str> = chunk.iter().map(|&i| sentences[i]).collect();
            let out = self.forward(&self.tokenize(&texts)?)?;
            cls.push(out.cls);
            mean.push(out.mean);
            progress((k * batch_size + chunk.len()).min(sentences.len()));
        }
        // Back to the input order: row r of the sorted result belongs to sentence order[r].
        let mut back = vec![0u32; sentences.len()];
        for (r, &i) in order.iter().enumerate() {
            back[i] = r as u32;
        }
        let back = Tensor::new(back, &self.device)?;
        let gather = |parts: Vec<Tensor>| -> Result<Tensor> {
            Ok(Tensor::cat(&parts, 0)?.index_select(&back, 0)?)
        };
        Ok((gather(cls)?, gather(mean)?))
    }
}

/// BERT's uncased WordPiece tokenizer from a vocab.txt, as transformers' BertTokenizerFast builds
/// it: clean text, split CJK characters, lower-case (accents stripped with it), split on
/// whitespace and punctuation, greedy longest-match wordpieces, [CLS] … [SEP].
pub fn wordpiece(vocab: &Path) -> Result<Tokenizer> {
    let path = vocab.to_str().ok_or_else(|| format!("{} is not UTF-8", vocab.display()))?;
    let model = WordPiece::from_file(path)
        .unk_token("[UNK]".into())
        .build()
        .map_err(|e| format!("{} is not a WordPiece vocabulary: {e}", vocab.display()))?;
    let id = |token: &str| {
        model
            .get_vocab()
            .get(token)
            .copied()
            .ok_or_else(|| format!("{} has no {token}", vocab.display()))
    };
    let (cls, sep) = (id("[CLS]")?, id("[SEP]")?);
    let mut tokenizer = Tokenizer::new(model);
    tokenizer
        .with_normalizer(Some(BertNormalizer::new(true, true, None, true)))
        .map_err(|e| format!("tokenizer: {e}"))?;
    tokenizer.with_pre_tokenizer(Some(BertPreTokenizer));
    tokenizer.with_post_processor(Some(BertProcessing::new(
        ("[SEP]".into(), sep),
        ("[CLS]".into(), cls),
    )));
    Ok(tokenizer)
}
