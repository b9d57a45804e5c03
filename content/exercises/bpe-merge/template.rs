//! # One merge of byte-pair encoding / 字节对编码（BPE）的一次合并
//!
//! BPE (Sennrich et al., 2016; GPT-2's tokenizer) builds a vocabulary by merging symbols. The
//! corpus is a list of words, each a sequence of symbols with how often the word occurs. One
//! merge:
//!
//! 1. `pair_counts`: count every adjacent pair of symbols in every word, weighted by the word's
//!    frequency. Every position counts, overlapping ones too: the word a a a holds the pair
//!    (a, a) twice (as Sennrich's `get_stats` and Hugging Face's trainer count).
//! 2. `best_pair`: the most frequent pair. **Tie-break**: among pairs with the same count, the
//!    smallest, comparing the first symbols and then the second as strings (Rust's `String`
//!    order). `None` when there is no pair at all.
//! 3. `merge`: in every word, replace each occurrence of the pair by one symbol, its two symbols
//!    joined, scanning left to right; a merged symbol is not merged again in the same pass, so
//!    a a a with the pair (a, a) becomes aa a. Frequencies are unchanged.
//!
//! BPE（Sennrich 等，2016；GPT-2 的分词器）通过合并符号来构建词表。语料是一组词，每个词是一个符号
//! 序列，并带有它出现的次数。一次合并：1. `pair_counts`：统计每个词里每一对相邻符号，按词频加权；
//! 每个位置都算，重叠的也算：a a a 含有两次 (a, a)（与 Sennrich 的 `get_stats` 和 Hugging Face 的
//! 训练器一致）。2. `best_pair`：出现最多的一对。**平局规则**：次数相同时取最小的一对，先比较第一个
//! 符号、再比较第二个（Rust 的 `String` 顺序）；没有任何一对时返回 `None`。3. `merge`：在每个词里从
//! 左到右把这一对的每次出现换成一个符号（两个符号连起来）；同一遍里合并出的符号不会再被合并，所以
//! a a a 用 (a, a) 合并后是 aa a。词频不变。
//!
//! Check / 检查: `llmpath check`.

use std::collections::BTreeMap;

/// A word as its symbols, and how many times it occurs in the corpus.
pub type Word = (Vec<String>, u64);

/// How often each adjacent pair of symbols occurs in `corpus`, weighted by word frequency.
pub fn pair_counts(corpus: &[Word]) -> BTreeMap<(String, String), u64> {
    todo!("the pair counts of {} words", corpus.len())
}

/// The most frequent pair; among equal counts the smallest pair. `None` if `counts` is empty.
pub fn best_pair(counts: &BTreeMap<(String, String), u64>) -> Option<(String, String)> {
    todo!("the best of {} pairs", counts.len())
}

/// `corpus` with every occurrence of `pair` merged into one symbol, left to right.
pub fn merge(corpus: &[Word], pair: &(String, String)) -> Vec<Word> {
    todo!("merge {pair:?} in {} words", corpus.len())
}
