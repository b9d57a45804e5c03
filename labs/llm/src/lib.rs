//! What the LLM-track labs share, so each lab in `src/bin/` keeps only its own lesson:
//!
//! - [`vocab`]: a character-level vocabulary (the sorted distinct characters of a text);
//! - [`batch`]: the 90/10 split and random (x, y) windows of `block_size` tokens, y = x shifted
//!   by one, as nanoGPT's `get_batch`;
//! - [`gpt`]: a decoder-only Transformer (GPT-2's pre-LN block, nanoGPT's layout and parameter
//!   names) with SplitMix64 initial weights, and sampling with temperature and top-k;
//! - [`fused`]: the GPT's layer norm, GELU and causal softmax as single passes with their
//!   closed-form gradients (equal to candle's compositions);
//! - [`optim`]: nanoGPT's optimiser: AdamW with weight decay on matrices only, gradient clipping
//!   by the global norm, warm-up then cosine decay of the learning rate;
//! - [`lstm`]: the LSTM and the simple (tanh) RNN from scratch, PyTorch's gate order and
//!   parameter names, gate by gate and fast (all gates in one matrix product), with padding masks;
//! - [`transformer`]: the encoder–decoder Transformer of "Attention is all you need" (post-LN,
//!   sinusoidal or learned positions, padding and causal masks, label smoothing, greedy decoding);
//! - [`bow`]: bag-of-words logistic regression (binary features, one weight per word), the
//!   sentiment lab's linear baseline;
//! - [`classifier`]: the sentiment lab's classifiers (embedding → bidirectional RNN or LSTM →
//!   masked mean → linear, and the baseline) behind one trait;
//! - [`sentences`]: labelled sentences as padded, masked batches bucketed by length (the sentiment
//!   lab's data path), vocabularies from the training split, accuracy and F1.

pub mod attention;
pub mod batch;
pub mod bow;
pub mod classifier;
pub mod fused;
pub mod gpt;
pub mod lstm;
pub mod optim;
pub mod sentences;
pub mod transformer;
pub mod vocab;
