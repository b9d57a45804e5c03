//! Mini-batch training as every lab does it: shuffle each epoch, one optimiser step per batch
//! with the cosine rate, a progress bar (loss, accuracy, images/s, as tqdm shows), and the test
//! set evaluated after each epoch.
//!
//! ```text
//! loss   L = −(1/B) Σᵢ log softmax(zᵢ)[yᵢ]                                   (cross-entropy)
//! ```

use std::time::Instant;

use candle_core::{D, Result, Tensor};
use indicatif::{ProgressBar, ProgressStyle};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use crate::optim::{Opt, cosine_lr};

/// A classifier.
pub trait Model {
    /// Logits (B, classes) of a batch. With a generator it runs in training mode (dropout
    /// masks drawn from it, batch norm on batch statistics); without, in evaluation mode.
    fn forward(&self, x: &Tensor, rng: Option<&mut StdRng>) -> Result<Tensor>;
}

/// How long and how fast one network trains.
#[derive(Debug, Clone, Copy)]
pub struct Fit<'a> {
    /// Shown before the progress bar and on each epoch's line.
    pub name: &'a str,
    pub epochs: usize,
    pub batch_size: usize,
    /// The schedule's starting rate η₀.
    pub lr: f64,
}

/// Per epoch: (train loss, train accuracy, test loss, test accuracy).
pub type History = Vec<[f64; 4]>;

/// Trains `model` on `n_train` examples: each epoch shuffles 0..n_train with a generator of
/// `seed`, cuts batches of `fit.batch_size`, asks `train_batch` for their tensors (images
/// (B, …), labels (B,) as u32; it may augment with the generator) and steps `opt` at the cosine
/// rate. The same generator then draws the dropout masks. After each epoch `test` gives the
/// test (loss, accuracy). The train loss and accuracy are averaged over the epoch in training
/// mode, so they lag the test ones.
pub fn fit<M: Model>(
    model: &M,
    opt: &mut Opt,
    fit: &Fit,
    n_train: usize,
    seed: u64,
    mut train_batch: impl FnMut(&[usize], &mut StdRng) -> Result<(Tensor, Tensor)>,
    mut test: impl FnMut(&M) -> Result<(f64, f64)>,
) -> Result<History> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut order: Vec<usize> = (0..n_train).collect();
    let steps = fit.epochs * n_train.div_ceil(fit.batch_size);
    let (mut step, mut history) = (0, History::new());
    let style = ProgressStyle::with_template("{prefix} {bar:30} {pos}/{len} {msg}")
        .map_err(candle_core::Error::wrap)?;
    for epoch in 0..fit.epochs {
        order.shuffle(&mut rng);
        let bar = ProgressBar::new(n_train as u64).with_style(style.clone());
        bar.set_prefix(format!("{} {}/{}", fit.name, epoch + 1, fit.epochs));
        let (started, mut loss_sum, mut correct) = (Instant::now(), 0.0, 0);
        for (k, idx) in order.chunks(fit.batch_size).enumerate() {
            let (x, y) = train_batch(idx, &mut rng)?;
            let logits = model.forward(&x, Some(&mut rng))?;
            let loss = candle_nn::loss::cross_entropy(&logits, &y)?;
            opt.step(&loss.backward()?, cosine_lr(fit.lr, step, steps))?;
            step += 1;
            loss_sum += loss.to_scalar::<f32>()? as f64 * idx.len() as f64;
            correct += count_correct(&logits, &y)?;
            let seen = (k * fit.batch_size + idx.len()) as f64;
            bar.inc(idx.len() as u64);
            bar.set_message(format!(
                "loss {:.4}  acc {:.2} %  {:.0} img/s",
                loss_sum / seen,
                100.0 * correct as f64 / seen,
                seen / started.elapsed().as_secs_f64()
            ));
        }
        bar.finish_and_clear();
        let n = n_train as f64;
        let (test_loss, test_acc) = test(model)?;
        history.push([loss_sum / n, correct as f64 / n, test_loss, test_acc]);
        println!(
            "   {} {}/{}: train loss {:.4} acc {:.2} %, test loss {:.4} acc {:.2} %, {:.0} img/s",
            fit.name,
            epoch + 1,
            fit.epochs,
            loss_sum / n,
            100.0 * correct as f64 / n,
            test_loss,
            100.0 * test_acc,
            n / started.elapsed().as_secs_f64()
        );
    }
    Ok(history)
}

/// How many rows of `logits` (B, classes) have their maximum at the label `y` (B,).
fn count_correct(logits: &Tensor, y: &Tensor) -> Result<usize> {
    let pred = logits.argmax(D::Minus1)?.to_vec1::<u32>()?;
    Ok(pred.iter().zip(y.to_vec1::<u32>()?).filter(|&(p, y)| *p == y).count())
}

/// Mean loss, accuracy and the predictions over `n` examples in evaluation mode, `chunk` at a
/// time; `batch` gives the tensors of the examples it is asked for, unaugmented.
pub fn evaluate<M: Model>(
    model: &M,
    n: usize,
    chunk: usize,
    mut batch: impl FnMut(&[usize]) -> Result<(Tensor, Tensor)>,
) -> Result<(f64, f64, Vec<u32>)> {
    let (mut loss, mut correct, mut pred) = (0.0, 0, Vec::with_capacity(n));
    let all: Vec<usize> = (0..n).collect();
    for idx in all.chunks(chunk) {
        let (x, y) = batch(idx)?;
        let logits = model.forward(&x, None)?;
        loss += candle_nn::loss::cross_entropy(&logits, &y)?.to_scalar::<f32>()? as f64
            * idx.len() as f64;
        correct += count_correct(&logits, &y)?;
        pred.extend(logits.argmax(D::Minus1)?.to_vec1::<u32>()?);
    }
    Ok((loss / n as f64, correct as f64 / n as f64, pred))
}

/// Σ of the element counts of `vars`: a network's parameter count.
pub fn parameter_count(vars: &[candle_core::Var]) -> usize {
    vars.iter().map(|v| v.elem_count()).sum()
}
