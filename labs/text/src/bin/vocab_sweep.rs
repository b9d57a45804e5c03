//! Vocabulary size: word-level, BPE and WordPiece vocabularies of 500 to 8 000 entries trained on
//! SST-2's training phrases with Hugging Face `tokenizers`, measured on SST-2's dev sentences.
//!
//! ```text
//! word level  the V most frequent training words; any other word → [UNK]
//! BPE         start from the characters (at most 100; rarer ones → [UNK]), merge the most
//!             frequent adjacent pair until |V| entries; a word's last piece ends in "</w>"
//! WordPiece   the same merges scored count(ab) / (count(a)·count(b)) (BERT's trainer); pieces
//!             after a word's first start with "##"; a word with a piece missing → one [UNK]
//! measures    tokens per sentence; unknown share = #[UNK] / #tokens;
//!             split share = words cut into ≥ 2 pieces / words
//! ```
//!
//! The trade-off every subword tokenizer makes: a word-level vocabulary keeps one token per word
//! but leaves a large share of the dev set unknown (31 % of tokens at 500 words, 8 % at 8 000:
//! SST-2's dev sentences are whole reviews, its training set phrases); a subword vocabulary of
//! the same size knows almost everything (below 0.1 % unknown: only characters beyond the 100
//! kept) at the price of longer sequences, from 2.1× the words at 500 entries to 1.2× at 8 000.
//! BPE and WordPiece differ by 1 % or less. Both tokenizers split on whitespace and
//! punctuation first (`Whitespace`), as BERT's does.
//!
//! Proof: `scripts/reference/vocab_sweep.py` trains the same vocabularies with the Python
//! package over the same Rust library; every vocabulary size and unknown count here must equal
//! its count exactly, and every token count within 0.01 %: the trainers break ties between
//! equally frequent merges in hash-map order, which changes from run to run (the 8 000-entry
//! WordPiece vocabulary gave 21 497 tokens on the dev sentences instead of 21 496 in 4 of 12
//! runs; Python's run gave 21 496). The trained 8 000-entry WordPiece tokenizer is saved as
//! `wordpiece-8000.json` and read back with identical ids.
//!
//! Expected result and time (release, 2 vCPU): the table above and a plot of tokens per sentence
//! and unknown share against vocabulary size; about 15 s (`--quick`: 500, 2 000 and 8 000 only).
//!
//! References:
//! - Sennrich, Haddow & Birch, "Neural machine translation of rare words with subword units",
//!   ACL (2016) (BPE, the end-of-word marker).
//! - Schuster & Nakajima, "Japanese and Korean voice search", ICASSP (2012); Devlin et al.,
//!   "BERT", NAACL (2019) (WordPiece, "##").
//! - Hugging Face tokenizers, <https://huggingface.co/docs/tokenizers> (trainers, pre-tokenizers).

use std::collections::HashMap;
use std::process::ExitCode;

use llmpath_data::DataDir;
use llmpath_data::load::sentiment::{Sst2Split, sst2};
use llmpath_lab::{LabArgs, Run};
use llmpath_labs_kit::Checks;
use llmpath_labs_kit::plot::{Chart, Plots};
use llmpath_labs_text::{Result, texts};
use serde::Deserialize;
use tokenizers::models::TrainerWrapper;
use tokenizers::models::bpe::{BPE, BpeTrainer};
use tokenizers::models::wordlevel::{WordLevel, WordLevelTrainer};
use tokenizers::models::wordpiece::{WordPiece, WordPieceTrainer};
use tokenizers::pre_tokenizers::whitespace::Whitespace;
use tokenizers::{AddedToken, Tokenizer};

const GOLDEN: &str = include_str!("../../../../scripts/reference/golden/vocab_sweep.json");
const PYTHON: &str = "scripts/reference/vocab_sweep.py (Python tokenizers)";
const SPECIAL: [&str; 5] = ["[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"];
const LIMIT_ALPHABET: usize = 100;
const KINDS: [&str; 3] = ["wordlevel", "bpe", "wordpiece"];

fn hf<T>(result: tokenizers::Result<T>) -> Result<T> {
    result.map_err(|e| e.to_string().into())
}

/// A tokenizer of `kind` with `size` entries, trained on `train` (one phrase per line).
fn train(kind: &str, size: usize, train: &[String]) -> Result<Tokenizer> {
    let special: Vec<AddedToken> =
        SPECIAL.iter().map(|t| AddedToken::from(t.to_string(), true)).collect();
    let (model, mut trainer): (tokenizers::models::ModelWrapper, TrainerWrapper) = match kind {
        "wordlevel" => (
            hf(WordLevel::builder().unk_token("[UNK]".into()).build())?.into(),
            WordLevelTrainer::builder()
                .vocab_size(size)
                .special_tokens(special)
                .show_progress(false)
                .build()
                .map_err(|e| e.to_string())?
                .into(),
        ),
        "bpe" => (
            hf(BPE::builder().unk_token("[UNK]".into()).end_of_word_suffix("</w>".into()).build())?
                .into(),
            BpeTrainer::builder()
                .vocab_size(size)
                .special_tokens(special)
                .limit_alphabet(LIMIT_ALPHABET)
                .end_of_word_suffix("</w>".into())
                .show_progress(false)
                .build()
                .into(),
        ),
        _ => (
            hf(WordPiece::builder().unk_token("[UNK]".into()).build())?.into(),
            WordPieceTrainer::builder()
                .vocab_size(size)
                .special_tokens(special)
                .limit_alphabet(LIMIT_ALPHABET)
                .continuing_subword_prefix("##".into())
                .show_progress(false)
                .build()
                .into(),
        ),
    };
    let mut tokenizer = Tokenizer::new(model);
    tokenizer.with_pre_tokenizer(Some(Whitespace {}));
    hf(tokenizer.train(&mut trainer, train.iter()))?;
    Ok(tokenizer)
}

/// What a tokenizer does to the dev sentences (the fields vocab_sweep.py writes).
#[derive(Debug, Deserialize, PartialEq)]
struct Measures {
    vocab: usize,
    tokens: usize,
    unknown: usize,
    tokens_per_sentence: f64,
    unknown_rate: f64,
    split_word_rate: f64,
}

fn measure(tokenizer: &Tokenizer, dev: &[String]) -> Result<Measures> {
    let (mut tokens, mut unknown, mut words, mut split) = (0, 0, 0, 0);
    for sentence in dev {
        let encoding = hf(tokenizer.encode(sentence.as_str(), false))?;
        tokens += encoding.get_ids().len();
        unknown += encoding.get_tokens().iter().filter(|t| *t == "[UNK]").count();
        let mut pieces_per_word: HashMap<u32, usize> = HashMap::new();
        for word in encoding.get_word_ids().iter().flatten() {
            *pieces_per_word.entry(*word).or_default() += 1;
        }
        words += pieces_per_word.len();
        split += pieces_per_word.values().filter(|&&n| n > 1).count();
    }
    Ok(Measures {
        vocab: tokenizer.get_vocab_size(true),
        tokens,
        unknown,
        tokens_per_sentence: tokens as f64 / dev.len() as f64,
        unknown_rate: unknown as f64 / tokens as f64,
        split_word_rate: split as f64 / words as f64,
    })
}

#[derive(Deserialize)]
struct Golden {
    sizes: Vec<usize>,
    results: HashMap<String, HashMap<String, Measures>>,
    sample: String,
    sample_tokens_1000: HashMap<String, Vec<String>>,
}

fn main() -> ExitCode {
    llmpath_labs_kit::main("vocab-sweep", lab)
}

fn lab(args: LabArgs) -> Result<()> {
    let golden: Golden = serde_json::from_str(GOLDEN)?;
    let pick = |i: usize| args.lang.pick(TEXT[i].0, TEXT[i].1);
    let dir = DataDir::resolve(args.data_dir.clone())?;
    let (train_set, dev) =
        (texts(sst2(&dir, Sst2Split::Train)?), texts(sst2(&dir, Sst2Split::Dev)?));
    let mut run = Run::start("vocab-sweep", "sst2", &args)?;
    let mut checks = Checks::default();
    let sizes: Vec<usize> = if args.quick { vec![500, 2000, 8000] } else { golden.sizes.clone() };
    println!("{} {} / {}\n", pick(0), train_set.len(), dev.len());
    println!("{}", pick(1));

    // 1. Every kind at every size, counted on the dev sentences and held against Python's counts.
    let mut curves: HashMap<&str, Vec<(f64, f64, f64)>> = HashMap::new();
    for kind in KINDS {
        for &size in &sizes {
            let tokenizer = train(kind, size, &train_set)?;
            let m = measure(&tokenizer, &dev)?;
            println!(
                "  {kind:<9} {size:>5} {:>8.2} {:>9.3} % {:>9.1} %",
                m.tokens_per_sentence,
                100.0 * m.unknown_rate,
                100.0 * m.split_word_rate
            );
            let theirs = &golden.results[kind][&size.to_string()];
            let key = format!("{kind}_{size}");
            // Token counts move by a token or two when tied merges are taken in another order.
            let near =
                |ours: usize, theirs: usize| ours.abs_diff(theirs) as f64 <= 1e-4 * theirs as f64;
            let differing = [
                m.vocab != theirs.vocab,
                !near(m.tokens, theirs.tokens),
                m.unknown != theirs.unknown,
            ];
            checks.compare(
                &format!("{key}_counts_differing"),
                differing.iter().filter(|&&d| d).count() as f64,
                0.0,
                0.0,
                PYTHON,
            );
            run.metric(&format!("{key}_tokens_per_sentence"), m.tokens_per_sentence);
            run.metric(&format!("{key}_unknown_rate"), m.unknown_rate);
            run.metric(&format!("{key}_split_word_rate"), m.split_word_rate);
            curves.entry(kind).or_default().push((
                size as f64,
                m.tokens_per_sentence,
                m.unknown_rate,
            ));
            if kind == "wordpiece" && size == 8000 {
                // 2. Saved and read back: the same ids for every dev sentence.
                let path = run.artifact_path("wordpiece-8000.json");
                hf(tokenizer.save(&path, true))?;
                run.artifact("wordpiece-8000.json");
                let again = hf(Tokenizer::from_file(&path))?;
                let same = dev.iter().all(|s| {
                    let ids = |t: &Tokenizer| {
                        t.encode(s.as_str(), false).map(|e| e.get_ids().to_vec()).ok()
                    };
                    ids(&tokenizer).is_some() && ids(&tokenizer) == ids(&again)
                });
                checks.compare(
                    "saved_tokenizer_ids_differ",
                    f64::from(u8::from(!same)),
                    0.0,
                    0.0,
                    "tokenizer.json round trip",
                );
            }
        }
    }

    // 3. One sentence under each 1 000-entry vocabulary.
    println!("\n{} {:?}", pick(2), golden.sample);
    for kind in KINDS {
        let tokens = hf(train(kind, 1000, &train_set)?.encode(golden.sample.as_str(), false))?
            .get_tokens()
            .to_vec();
        println!("  {kind:<9} {}", tokens.join(" "));
        let same = tokens == golden.sample_tokens_1000[kind];
        checks.compare(
            &format!("{kind}_1000_sample_differs"),
            f64::from(u8::from(!same)),
            0.0,
            0.0,
            PYTHON,
        );
    }

    // 4. The trade-off as two plots against vocabulary size.
    let plots = Plots::new(&args)?;
    let (mut lengths, mut unknowns) = (
        Chart::new(pick(3), pick(5), pick(4)).log_x(),
        Chart::new(pick(6), pick(5), pick(7)).log_x(),
    );
    for kind in KINDS {
        let points = &curves[kind];
        lengths = lengths.line(kind, points.iter().map(|&(v, t, _)| (v, t)));
        unknowns = unknowns.line(kind, points.iter().map(|&(v, _, u)| (v, 100.0 * u)));
    }
    plots.record(&mut run, "tokens_per_sentence", &lengths)?;
    plots.record(&mut run, "unknown_share", &unknowns)?;
    checks.finish(run).map_err(|e| e.to_string())?;
    Ok(())
}

/// The printed report and plot labels, (zh, en).
const TEXT: [(&str, &str); 8] = [
    ("SST-2：训练短语 / 验证句子", "SST-2: training phrases / dev sentences"),
    (
        "  类型       词表大小  词元/句   未登录占比   被切开的词占比",
        "  kind       vocab  tokens/sentence  unknown share  words split",
    ),
    ("同一句话在 1000 词条的词表下：", "One sentence under each 1 000-entry vocabulary:"),
    ("验证集上每句的词元数", "Tokens per dev sentence"),
    ("每句词元数", "tokens per sentence"),
    ("词表大小", "vocabulary size"),
    ("验证集中 [UNK] 的占比", "Share of [UNK] in the dev tokens"),
    ("[UNK] 占比（%）", "[UNK] share (%)"),
];
