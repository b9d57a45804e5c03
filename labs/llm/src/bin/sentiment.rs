//! Sentence sentiment with recurrent networks: a vanilla (tanh) RNN against an LSTM, both
//! bidirectional, and both against a bag-of-words logistic regression, on SST-2, rt-polarity,
//! the Chinese ChnSentiCorp hotel reviews (cut into jieba words, and split into characters) and
//! the waimai_10k food-delivery reviews (jieba words).
//!
//! ```text
//! x_t      = E[w_t]                                   word embeddings          (B, T, E)
//! h→_t     = cell(x_t, h→_{t−1}),  h←_t = cell(x_t, h←_{t+1})   both directions    (B, H)
//! RNN cell   h' = tanh(W_ih x + W_hh h + b)
//! LSTM cell  i, f, o = σ(·), g = tanh(·), c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c')
//! s        = (1/n) Σ_{t<n} [h→_t; h←_t]               mean over the n real steps (B, 2H)
//! logits   = W s + b                                                            (B, 2)
//! L        = −(1/B) Σ log softmax(logits)[label]       cross-entropy
//! AdamW    after clipping ‖g‖₂ to 1; dropout 0.3 on the embeddings and on s
//! baseline z = b + Σ_{distinct words v of the sentence} w_v   binary bag of words (B,)
//!          logits = [0, z], so P(positive) = σ(z): logistic regression, same loss and batches
//! ```
//!
//! The cells are `llmpath_labs_llm::lstm`'s, written from scratch and equal to PyTorch's
//! `nn.LSTM`/`nn.RNN` to 1e-5 (`tests/lstm_pytorch.rs`); the classifier around them is
//! `llmpath_labs_llm::classifier`'s, the batches `llmpath_labs_llm::sentences`'. Batches: length
//! bucketing AND masking.
//! Shuffled sentences are sorted by length within pools of 50 batches, so a batch holds sentences
//! of similar length and pads little (speed); the padding left is masked (m_t = 0: the state is
//! carried unchanged, and the mean counts real steps only), so the backward direction starts at
//! each sentence's own last word and a padded sentence gets exactly the logits it gets alone
//! (tested; without the mask its states would have read pad tokens). The mean over time, rather
//! than the last state alone, learnt the long Chinese reviews much faster (with the last states the
//! quick LSTM still said "positive" to every review after two epochs). Tokens: SST-2 and
//! rt-polarity are lower-cased and tokenised already (split on spaces); ChnSentiCorp is cut into
//! words by jieba-rs (the first 150 words of a review are kept; the one empty review is dropped),
//! and for the comparison split into characters (spaces dropped, the first 250 kept: about as much
//! text, 107 characters a review on average against 66 words). Vocabularies come from the training
//! split only (tokens seen twice; unknown tokens map to one id). The baseline
//! (`llmpath_labs_llm::bow`) sees the same tokens and vocabulary, one weight a token, trained as
//! the networks are (AdamW, weight decay 0.01, clipping, the same batches and schedule).
//!
//! Splits: SST-2 trains on the 67 349 phrases of train.tsv and reports the 872 dev sentences;
//! rt-polarity is split 90/10, ChnSentiCorp and waimai_10k 80/20, shuffled with a fixed seed (0).
//! Thresholds: the LSTM's SST-2 dev accuracy ≥ 0.80 (Tai et al. report 0.849 for an LSTM and
//! 0.875 for a BiLSTM, both with GloVe vectors; Socher et al. 0.818 for naive Bayes; chance
//! 0.51), ChnSentiCorp ≥ 0.85 (the majority class is 0.675), on words and on characters, and
//! waimai_10k ≥ 0.85 (majority 0.663);
//! the baseline's SST-2 dev accuracy ≥ 0.79, a sanity threshold set from what it reached here
//! (0.8154) less a margin (Socher et al. report 0.818 for naive Bayes). `--quick` (E = H = 32,
//! 40 000 phrases for one epoch, 3 000 reviews of each Chinese set for two; the character LSTM
//! is skipped, it would double the time) requires SST-2 ≥ 0.75, ChnSentiCorp and waimai_10k
//! ≥ 0.80 and the baseline ≥ 0.77 (0.8028).
//!
//! Expected result (release, seed 42, one thread; 14.7 min on the shared 2-core machine at load
//! 2–3, 12.2 min of CPU, of which the character LSTM 7 min), accuracy (F1 of the positive class):
//!
//! ```text
//!                        BoW LR            RNN               LSTM
//! SST-2 dev              0.8154 (0.8201)   0.8314 (0.8343)   0.8360 (0.8437)
//! rt-polarity            0.7795 (0.7806)   —                 0.7767 (0.7720)
//! ChnSentiCorp, words    0.8654 (0.9056)   0.8686 (0.9062)   0.8738 (0.9101)
//! ChnSentiCorp, chars    0.8609 (0.9015)   —                 0.8693 (0.9047)
//! waimai_10k, words      0.8832 (0.8123)   0.8919 (0.8341)   0.8919 (0.8332)
//! ```
//!
//! Honestly: with both directions and the mean over every step, the vanilla RNN comes within half a
//! point of the LSTM: these texts are short (SST-2 phrases average 9.4 tokens, reviews 66 words,
//! both cut at 150) and the mean gives the gradient a short path to every word, so the LSTM's long
//! memory is hardly needed here; it costs 1.3–4× the RNN's time. The linear baseline, trained in
//! under a second, is close behind: the LSTM leads it by 2.1 points on SST-2 (F1 +2.4), whose
//! 67 000 labelled phrases can show how words combine ("not good"), by 0.8 on ChnSentiCorp, and not
//! at all on rt-polarity (0.7767 against 0.7795), plausibly because its 9 600 sentences are too few
//! to learn more than each word's polarity (not tested here). Words against characters on
//! ChnSentiCorp: jieba's words lead by half a point with both classifiers (LSTM 0.8738 against
//! 0.8693: 7 of 1 553 reviews; BoW 0.8654 against 0.8609), within what another seed would move (one
//! seed, no significance claimed); characters need no segmenter and a vocabulary of 2 794 instead
//! of 10 802, but sequences 1.6× longer make their LSTM 2.1× slower. waimai_10k's reviews are
//! short (16.7 words) and two-thirds negative: RNN and LSTM tie at 0.8919 (F1 0.834, the positive
//! class is the hard one), 0.9 points above the baseline, the RNN in a third of the time.
//! `--quick`: SST-2 LSTM 0.7970 (RNN 0.7752; BoW 0.8028, ahead of both on 40 000 phrases seen
//! once), ChnSentiCorp LSTM 0.8326 (BoW: words 0.8345, characters 0.8352), waimai_10k LSTM
//! 0.8473 (BoW 0.8127), about 35 s of CPU. PyTorch (`scripts/reference/lstm.py`:
//! nn.LSTM over packed sequences, the same recipe and SplitMix64 initial weights, its own shuffles
//! and dropout) reaches 0.8417 on SST-2 dev (quick: 0.7856); the run requires the LSTM's SST-2
//! accuracy within 3 % of it.
//!
//! References:
//! - Hochreiter & Schmidhuber, "Long short-term memory", Neural Computation (1997).
//! - Socher et al., "Recursive deep models for semantic compositionality over a sentiment
//!   treebank", EMNLP (2013) (SST); Pang & Lee, "Seeing stars", ACL (2005) (rt-polarity).
//! - Tai, Socher & Manning, "Improved semantic representations from tree-structured LSTM
//!   networks", ACL (2015) (BiLSTM on SST-2: 0.875 with GloVe vectors).
//! - Tan Songbo, ChnSentiCorp (2008); SophonPlus, ChineseNlpCorpus (waimai_10k); Sun Junyi,
//!   jieba (2012).
//! - Wang & Manning, "Baselines and bigrams: simple, good sentiment and topic classification",
//!   ACL (2012) (bag-of-words baselines).

use std::error::Error;
use std::process::ExitCode;

use candle_core::{D, Device, Result};
use candle_nn::ParamsAdamW;
use indicatif::{ProgressBar, ProgressStyle};
use jieba_rs::Jieba;
use llmpath_data::DataDir;
use llmpath_data::load::sentiment::{self, Sst2Split};
use llmpath_lab::{LabArgs, Run};
use llmpath_labs_kit::Checks;
use llmpath_labs_kit::plot::{Chart, Plots};
use llmpath_labs_llm::bow::BagOfWords;
use llmpath_labs_llm::classifier::{Classifier, Model, Shape};
use llmpath_labs_llm::lstm::Cell;
use llmpath_labs_llm::optim::{AdamWGroups, Schedule, clip_grad_norm};
use llmpath_labs_llm::sentences::{Confusion, Example, batches, encode, split, tensors};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

/// How the classifiers are trained.
struct Recipe {
    embed: usize,
    hidden: usize,
    batch_size: usize,
    /// Epochs on SST-2's phrases, and on the smaller rt-polarity and ChnSentiCorp sets.
    sst2_epochs: usize,
    epochs: usize,
    /// SST-2 phrases and ChnSentiCorp reviews trained on (None: all).
    sst2_train: Option<usize>,
    chinese_train: Option<usize>,
    /// Dev evaluations per epoch (points of the accuracy curves).
    evals_per_epoch: usize,
    /// Accuracy thresholds: the LSTM on SST-2 dev and on ChnSentiCorp test (words, characters:
    /// full runs only), the bag-of-words baseline on SST-2 dev.
    sst2_target: f64,
    chinese_target: f64,
    chars_target: f64,
    bow_target: f64,
}

#[rustfmt::skip] // a table: one recipe a line
const FULL: Recipe = Recipe { embed: 64, hidden: 64, batch_size: 64, sst2_epochs: 2, epochs: 4, sst2_train: None, chinese_train: None, evals_per_epoch: 4, sst2_target: 0.80, chinese_target: 0.85, chars_target: 0.85, bow_target: 0.79 };
#[rustfmt::skip]
const QUICK: Recipe = Recipe { embed: 32, hidden: 32, batch_size: 32, sst2_epochs: 1, epochs: 2, sst2_train: Some(40_000), chinese_train: Some(3_000), evals_per_epoch: 4, sst2_target: 0.75, chinese_target: 0.80, chars_target: 0.80, bow_target: 0.77 };
const DROPOUT: f64 = 0.3;
/// How close the SST-2 LSTM's dev accuracy must be to PyTorch's with the same recipe (relative):
/// their shuffles and dropout draws differ, so only up to seed noise.
const SAME_RECIPE: f64 = 0.03;
const GOLDEN: &str = include_str!("../../../../scripts/reference/golden/lstm.json");
const LEARNING_RATE: f64 = 4e-3;
/// Words of a ChnSentiCorp review kept (reviews run to 1 000 words; the median is far shorter),
/// and characters when split into characters (about as much text: 1.6 characters a word).
const MAX_WORDS: usize = 150;
const MAX_CHARS: usize = 250;

fn evaluate(model: &dyn Model, examples: &[Example], dev: &Device) -> Result<Confusion> {
    let mut confusion = Confusion::default();
    for batch in batches(examples, 256, None) {
        let [ids, mask, labels] = tensors(examples, &batch, dev)?;
        let predicted = model.logits(&ids, &mask, None)?.argmax(D::Minus1)?.to_vec1::<u32>()?;
        for (y, p) in labels.to_vec1::<u32>()?.into_iter().zip(predicted) {
            confusion.0[y as usize][p as usize] += 1;
        }
    }
    Ok(confusion)
}

/// (step, mean training loss since the last point, test accuracy).
type History = Vec<(usize, f64, f64)>;

/// AdamW (weight decay 0.01 on matrices) with clipping and a cosine-decayed rate, evaluating
/// the test set `evals_per_epoch` times an epoch.
fn fit(
    model: &dyn Model,
    data: [&[Example]; 2],
    r: &Recipe,
    epochs: usize,
    seed: u64,
    bar: &ProgressBar,
    dev: &Device,
) -> std::result::Result<History, Box<dyn Error>> {
    let vars = model.varmap().all_vars();
    let params = ParamsAdamW { lr: LEARNING_RATE, weight_decay: 0.01, ..Default::default() };
    let mut opt = AdamWGroups::new(&vars, params)?;
    let mut rng = StdRng::seed_from_u64(seed);
    let per_epoch = data[0].len().div_ceil(r.batch_size);
    let total = epochs * per_epoch;
    let schedule = Schedule {
        learning_rate: LEARNING_RATE,
        min_lr: LEARNING_RATE / 10.0,
        warmup_iters: 20,
        lr_decay_iters: total,
    };
    let (mut history, mut losses, mut step) =
        (vec![(0, f64::NAN, evaluate(model, data[1], dev)?.accuracy())], 0.0, 0);
    for _ in 0..epochs {
        for batch in batches(data[0], r.batch_size, Some(&mut rng)) {
            let [ids, mask, labels] = tensors(data[0], &batch, dev)?;
            let loss = candle_nn::loss::cross_entropy(
                &model.logits(&ids, &mask, Some(&mut rng))?,
                &labels,
            )?;
            let mut grads = loss.backward()?;
            clip_grad_norm(&mut grads, &vars, 1.0)?;
            opt.step(&grads, schedule.at(step))?;
            (losses, step) = (losses + loss.to_scalar::<f32>()? as f64, step + 1);
            bar.inc(1);
            if step % (per_epoch / r.evals_per_epoch).max(1) == 0 || step == total {
                let accuracy = evaluate(model, data[1], dev)?.accuracy();
                let since = step - history.last().map_or(0, |h| h.0);
                history.push((step, losses / since as f64, accuracy));
                bar.set_message(format!("loss {:.4}  acc {accuracy:.4}", losses / since as f64));
                losses = 0.0;
            }
        }
    }
    Ok(history)
}

#[cfg(test)]
#[path = "sentiment/tests.rs"]
mod tests;

fn main() -> ExitCode {
    llmpath_labs_kit::main("sentiment", lab)
}

fn lab(args: LabArgs) -> std::result::Result<(), Box<dyn Error>> {
    let (lang, dev) = (args.lang, Device::Cpu);
    let pick = |k: usize| lang.pick(ZH[k], EN[k]);
    let r = if args.quick { &QUICK } else { &FULL };
    let mut run = Run::start("sentiment", "sst2", &args)?;
    let (plots, mut checks) = (Plots::new(&args)?, Checks::default());
    let data = DataDir::resolve(args.data_dir.clone()).map_err(|e| e.to_string())?;
    let words = |text: &str| text.to_lowercase().split_whitespace().map(str::to_owned).collect();
    let jieba = Jieba::new();
    let chinese_words = |text: &str| {
        let words =
            jieba.cut(text, true).into_iter().map(|t| t.word.trim()).filter(|w| !w.is_empty());
        words.take(MAX_WORDS).map(str::to_owned).collect()
    };
    let characters = |text: &str| {
        text.chars().filter(|c| !c.is_whitespace()).take(MAX_CHARS).map(String::from).collect()
    };

    let mut sst2 = sentiment::sst2(&data, Sst2Split::Train)?;
    sst2.shuffle(&mut StdRng::seed_from_u64(0)); // a quick run's subset: random phrases
    sst2.truncate(r.sst2_train.unwrap_or(sst2.len()));
    let sst2_dev = sentiment::sst2(&data, Sst2Split::Dev)?;
    let (mut hotel, hotel_test) = split(sentiment::chnsenticorp(&data)?, 0.8);
    hotel.truncate(r.chinese_train.unwrap_or(hotel.len()));
    // (name, train, test, vocabulary size, classifiers)
    let mut tasks = vec![];
    let (train, test, vocab) = encode([&sst2, &sst2_dev], &words);
    tasks.push(("sst2", train, test, vocab, vec![Kind::Bow, Kind::Rnn, Kind::Lstm]));
    if !args.quick {
        let (rt, rt_test) = split(sentiment::rt_polarity(&data)?, 0.9);
        let (train, test, vocab) = encode([&rt, &rt_test], &words);
        tasks.push(("rt_polarity", train, test, vocab, vec![Kind::Bow, Kind::Lstm]));
    }
    let (train, test, vocab) = encode([&hotel, &hotel_test], &chinese_words);
    let kinds = if args.quick { vec![Kind::Bow, Kind::Lstm] } else { Kind::ALL.to_vec() };
    tasks.push(("chnsenticorp", train, test, vocab, kinds));
    // The same reviews, split into characters instead of jieba's words (a quick run: the
    // baseline only, the character LSTM would double its time).
    let (train, test, vocab) = encode([&hotel, &hotel_test], &characters);
    let kinds = if args.quick { vec![Kind::Bow] } else { vec![Kind::Bow, Kind::Lstm] };
    tasks.push(("chnsenticorp_chars", train, test, vocab, kinds));
    // Food-delivery reviews: shorter (a median of 15 words), a third positive.
    let (mut waimai, waimai_test) = split(sentiment::waimai_10k(&data)?, 0.8);
    waimai.truncate(r.chinese_train.unwrap_or(waimai.len()));
    let (train, test, vocab) = encode([&waimai, &waimai_test], &chinese_words);
    let kinds = if args.quick { vec![Kind::Bow, Kind::Lstm] } else { Kind::ALL.to_vec() };
    tasks.push(("waimai_10k", train, test, vocab, kinds));

    let golden: serde_json::Value = serde_json::from_str(GOLDEN)?;
    let setting = if args.quick { "quick" } else { "full" };
    let torch = (golden["sentiment"][setting]["sst2_lstm_dev_accuracy"].as_f64())
        .ok_or(format!("lstm.json has no PyTorch {setting} SST-2 run"))?;
    let style = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")?;
    let (mut loss_chart, mut accuracy_chart) =
        (Chart::new(pick(6), pick(7), pick(8)), Chart::new(pick(9), pick(7), pick(10)));
    let mut results = vec![]; // (task, classifier, confusion)
    for (number, (name, train_set, test_set, vocab, kinds)) in tasks.iter().enumerate() {
        let positive =
            test_set.iter().filter(|e| e.label == 1).count() as f64 / test_set.len() as f64;
        let mean_len =
            train_set.iter().map(|e| e.ids.len()).sum::<usize>() as f64 / train_set.len() as f64;
        println!(
            "{}. {name}: {} {} / {} / {vocab} / {mean_len:.1} / {positive:.3}",
            number + 1,
            pick(0),
            train_set.len(),
            test_set.len()
        );
        for &kind in kinds {
            let model: Box<dyn Model> = match kind {
                Kind::Bow => Box::new(BagOfWords::new(*vocab, &dev)?),
                Kind::Rnn | Kind::Lstm => {
                    let cell = if kind == Kind::Rnn { Cell::Rnn } else { Cell::Lstm };
                    let shape = Shape { vocab: *vocab, embed: r.embed, hidden: r.hidden };
                    Box::new(Classifier::new(cell, shape, DROPOUT, args.seed, &dev)?)
                }
            };
            let epochs = if *name == "sst2" { r.sst2_epochs } else { r.epochs };
            let steps = epochs * train_set.len().div_ceil(r.batch_size);
            let bar = ProgressBar::new(steps as u64).with_style(style.clone());
            let started = std::time::Instant::now();
            let history =
                fit(model.as_ref(), [train_set, test_set], r, epochs, args.seed, &bar, &dev)?;
            bar.finish_and_clear();
            let seconds = started.elapsed().as_secs_f64();
            let c = evaluate(model.as_ref(), test_set, &dev)?;
            let [[tn, fp], [fn_, tp]] = c.0;
            println!(
                "   {}: {} {:.4}, F1 {:.4}, {} [[{tn}, {fp}], [{fn_}, {tp}]] ({seconds:.0} s)",
                kind.label(),
                pick(1),
                c.accuracy(),
                c.f1(),
                pick(2)
            );
            let key = format!("{name}_{}", kind.key());
            run.metric(&format!("{key}_f1"), c.f1());
            run.metric(&format!("{key}_seconds"), seconds);
            let target = match key.as_str() {
                "sst2_lstm" => Some((r.sst2_target, pick(3))),
                "chnsenticorp_lstm" | "waimai_10k_lstm" => Some((r.chinese_target, pick(3))),
                "chnsenticorp_chars_lstm" => Some((r.chars_target, pick(12))),
                "sst2_bow" => Some((r.bow_target, pick(11))),
                _ => None,
            };
            if let Some((target, source)) = target {
                run.compare(&format!("{key}_accuracy"), c.accuracy(), target, source);
                checks.require(
                    c.accuracy() >= target,
                    format!("{key} accuracy {:.4} < {target}", c.accuracy()),
                );
            } else {
                run.metric(&format!("{key}_accuracy"), c.accuracy());
            }
            if key == "sst2_lstm" {
                checks.compare("sst2_lstm_dev_accuracy", c.accuracy(), torch, SAME_RECIPE, pick(5));
            }
            results.push((*name, kind, c));
            if kind == Kind::Bow {
                continue; // its curves would crowd the charts (eight colours)
            }
            let label = format!("{name} {}", kind.label());
            let epochs = |h: &(usize, f64, f64)| h.0 as f64 / steps as f64 * epochs as f64;
            loss_chart = loss_chart.line(&label, history.iter().skip(1).map(|h| (epochs(h), h.1)));
            accuracy_chart = accuracy_chart.line(&label, history.iter().map(|h| (epochs(h), h.2)));
        }
    }
    // The comparison: accuracy / F1 of each classifier on each test set.
    println!("\n{}\n{:<20}{:>18}{:>18}{:>18}", pick(13), "", "BoW LR", "RNN", "LSTM");
    for (name, ..) in &tasks {
        let cell = |kind: Kind| match results.iter().find(|x| x.0 == *name && x.1 == kind) {
            Some((.., c)) => format!("{:.4} / {:.4}", c.accuracy(), c.f1()),
            None => "—".to_owned(),
        };
        println!(
            "{name:<20}{:>18}{:>18}{:>18}",
            cell(Kind::Bow),
            cell(Kind::Rnn),
            cell(Kind::Lstm)
        );
    }
    plots.record(&mut run, "loss_curves", &loss_chart)?;
    plots.record(&mut run, "accuracy_curves", &accuracy_chart)?;
    println!("{}", pick(4));
    checks.finish(run)?;
    Ok(())
}

/// The classifiers compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bow,
    Rnn,
    Lstm,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::Bow, Kind::Rnn, Kind::Lstm];
    /// In metric names.
    fn key(self) -> &'static str {
        ["bow", "rnn", "lstm"][self as usize]
    }
    fn label(self) -> &'static str {
        ["BoW LR", "RNN", "LSTM"][self as usize]
    }
}

/// The printed report and plot labels.
const EN: [&str; 14] = [
    "train / test / vocabulary / mean tokens / positive share of test:",
    "test accuracy",
    "confusion [[TN, FP], [FN, TP]]",
    "threshold (issue: SST-2 dev ≥ 0.80, ChnSentiCorp and waimai_10k ≥ 0.85; quick 0.75 / 0.80)",
    "Plots: loss_curves, accuracy_curves (x: epochs).",
    "PyTorch, same recipe and initial weights (lstm.py; ±3 %)",
    "Training loss (mean between evaluations)",
    "epoch",
    "cross-entropy",
    "Test accuracy during training",
    "accuracy",
    "sanity threshold: our run less a margin (BoW LR on SST-2 dev 0.8154; quick 0.8028)",
    "threshold as on jieba's words (character LSTM: 0.8693 here)",
    "Test accuracy / F1 (positive class)",
];
const ZH: [&str; 14] = [
    "训练集 / 测试集 / 词表大小 / 平均词元数 / 测试集正面占比：",
    "测试准确率",
    "混淆矩阵 [[TN, FP], [FN, TP]]",
    "阈值（议题：SST-2 dev ≥ 0.80，ChnSentiCorp 与 waimai_10k ≥ 0.85；快速模式 0.75 / 0.80）",
    "图：loss_curves、accuracy_curves（横轴：轮数）。",
    "PyTorch，相同配方与初始权重（lstm.py；±3 %）",
    "训练损失（两次评估之间的平均）",
    "轮数",
    "交叉熵",
    "训练过程中的测试准确率",
    "准确率",
    "合理性阈值：本实验结果减去余量（词袋逻辑回归在 SST-2 dev 上 0.8154；快速模式 0.8028）",
    "阈值与 jieba 分词相同（按字切分的 LSTM：本实验 0.8693）",
    "测试准确率 / F1（正类）",
];
