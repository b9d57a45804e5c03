//! What the text labs share: the corpora they read, the same way `scripts/reference/bpe.py`
//! reads them, how far a number is from its reference, word vectors' tools ([`vectors`]), and
//! the models of the `tokenize` lab ([`bpe`]) and of the `word2vec` lab ([`skipgram`],
//! [`glove`]).
//!
//! The labs are binaries in `src/bin/`; run one with `llmpath lab run ID` or
//! `cargo run --release -p llmpath-labs-text --bin NAME -- --out DIR [--quick] [--lang zh]`.

pub mod bpe;
pub mod glove;
pub mod skipgram;
pub mod vectors;

use std::error::Error;

use llmpath_data::DataDir;
use llmpath_data::load::sentiment::LabelledText;
use serde::Deserialize;

pub type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// The whole of tiny-shakespeare (1 115 394 ASCII characters).
pub fn shakespeare(dir: &DataDir) -> Result<String> {
    Ok(std::fs::read_to_string(dir.require("tiny_shakespeare", "tiny_shakespeare/input.txt")?)?)
}

/// The texts of labelled sentences (SST-2, ChnSentiCorp, …: `llmpath_data::load::sentiment`),
/// in file order, without their labels.
pub fn texts(rows: Vec<LabelledText>) -> Vec<String> {
    rows.into_iter().map(|row| row.text).collect()
}

#[derive(Deserialize)]
struct Poem {
    paragraphs: Vec<String>,
}

/// The poems of one chinese_poetry file (`tang300.json`, `poet.tang.0.json`, …), each as its
/// lines (`paragraphs`), in traditional characters.
pub fn tang_poems(dir: &DataDir, file: &'static str) -> Result<Vec<Vec<String>>> {
    let text = std::fs::read_to_string(dir.require("chinese_poetry", file)?)?;
    let poems: Vec<Poem> =
        serde_json::from_str(&text).map_err(|e| format!("{file} is not a poem list: {e}"))?;
    Ok(poems.into_iter().map(|p| p.paragraphs).collect())
}

/// How far a lab's numbers are from the reference's: max |aᵢ − bᵢ| / max(1, |bᵢ|), relative for
/// large values and absolute below 1; ∞ if the lengths differ.
pub fn gap<'a>(ours: impl IntoIterator<Item = &'a f64>, theirs: &[f64]) -> f64 {
    let ours: Vec<f64> = ours.into_iter().copied().collect();
    let worst = ours.iter().zip(theirs).map(|(a, b)| (a - b).abs() / b.abs().max(1.0));
    if ours.len() == theirs.len() { worst.fold(0.0, f64::max) } else { f64::INFINITY }
}
