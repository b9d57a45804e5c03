//! # One merge of byte-pair encoding / 字节对编码（BPE）的一次合并
//!
//! The counts live in a BTreeMap, which iterates pairs from smallest to largest: keeping the
//! first pair with a strictly larger count gives the tie-break for free. The merge is one scan
//! that, on a match, emits the joined symbol and steps over both symbols, so occurrences never
//! overlap.

use std::collections::BTreeMap;

/// A word as its symbols, and how many times it occurs in the corpus.
pub type Word = (Vec<String>, u64);

/// How often each adjacent pair of symbols occurs in `corpus`, weighted by word frequency.
pub fn pair_counts(corpus: &[Word]) -> BTreeMap<(String, String), u64> {
    let mut counts = BTreeMap::new();
    for (symbols, frequency) in corpus {
        for pair in symbols.windows(2) {
            *counts
                .entry((pair[0].clone(), pair[1].clone()))
                .or_insert(0) += frequency;
        }
    }
    counts
}

/// The most frequent pair; among equal counts the smallest pair. `None` if `counts` is empty.
pub fn best_pair(counts: &BTreeMap<(String, String), u64>) -> Option<(String, String)> {
    let mut best: Option<(&(String, String), u64)> = None;
    for (pair, &count) in counts {
        if best.is_none_or(|(_, most)| count > most) {
            best = Some((pair, count));
        }
    }
    best.map(|(pair, _)| pair.clone())
}

/// `corpus` with every occurrence of `pair` merged into one symbol, left to right.
pub fn merge(corpus: &[Word], pair: &(String, String)) -> Vec<Word> {
    let joined = format!("{}{}", pair.0, pair.1);
    corpus
        .iter()
        .map(|(symbols, frequency)| {
            let mut merged = Vec::with_capacity(symbols.len());
            let mut i = 0;
            while i < symbols.len() {
                if i + 1 < symbols.len() && symbols[i] == pair.0 && symbols[i + 1] == pair.1 {
                    merged.push(joined.clone());
                    i += 2;
                } else {
                    merged.push(symbols[i].clone());
                    i += 1;
                }
            }
            (merged, *frequency)
        })
        .collect()
}
