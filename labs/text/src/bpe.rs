//! Byte-level BPE from scratch, the `tokenize` lab's model (its module doc has the algorithm):
//! GPT-2's byte table and pre-tokeniser, Sennrich's merge loop with a stated tie rule, the
//! encoder, and the trained merges as a Hugging Face tokenizer.
//!
//! References: Sennrich, Haddow & Birch, "Neural machine translation of rare words with subword
//! units", ACL (2016); Radford et al., "Language models are unsupervised multitask learners"
//! (2019), §2.2, and openai/gpt-2 `encoder.py`.

use std::collections::{HashMap, HashSet};
use std::error::Error;

use tokenizers::models::bpe::{BPE, Vocab};
use tokenizers::pre_tokenizers::byte_level::ByteLevel;
use tokenizers::{OffsetReferential, OffsetType, PreTokenizedString, PreTokenizer, Tokenizer};

use crate::Result;

/// GPT-2's byte → character table: printable bytes stay themselves, the other 68 (controls,
/// space, …) move to U+0100, U+0101, … in byte order.
pub fn byte_chars() -> [char; 256] {
    let printable = |b: u8| matches!(b, b'!'..=b'~' | 0xA1..=0xAC | 0xAE..=0xFF);
    let mut table = ['\0'; 256];
    let mut moved = 0;
    for b in 0..=255u8 {
        table[usize::from(b)] = match printable(b) {
            true => char::from(b),
            false => {
                moved += 1;
                char::from_u32(255 + moved).unwrap_or('\0')
            }
        };
    }
    table
}

/// The pieces of `text` by GPT-2's regex (the tokenizers crate's ByteLevel split), each written
/// in byte symbols by [`byte_chars`].
pub fn pieces(text: &str, table: &[char; 256]) -> Result<Vec<String>> {
    let mut split = PreTokenizedString::from(text);
    hf(ByteLevel::new(false, true, true).pre_tokenize(&mut split))?;
    let spans = split.get_splits(OffsetReferential::Original, OffsetType::Byte);
    let piece = |(start, end): (usize, usize)| {
        text.as_bytes()[start..end].iter().map(|&b| table[usize::from(b)]).collect()
    };
    Ok(spans.into_iter().map(|(_, span, _)| piece(span)).collect())
}

/// A tokenizers result as the lab's (its errors are `Send + Sync`).
pub fn hf<T>(result: tokenizers::Result<T>) -> Result<T> {
    result.map_err(|e| -> Box<dyn Error> { e })
}

/// How many times each piece occurs in `lines`, in first-seen order.
pub fn piece_counts(lines: &[String], table: &[char; 256]) -> Result<Vec<(String, u64)>> {
    let (mut counts, mut index) = (Vec::<(String, u64)>::new(), HashMap::new());
    for line in lines {
        for piece in pieces(line, table)? {
            let i = *index.entry(piece.clone()).or_insert_with(|| {
                counts.push((piece, 0));
                counts.len() - 1
            });
            counts[i].1 += 1;
        }
    }
    Ok(counts)
}

#[derive(Clone, Copy, PartialEq)]
pub enum Tie {
    /// Of the pairs with the top count, the smallest (id_a, id_b): BpeTrainer's and bpe.py's.
    SmallestIds,
    /// The largest: a rule as valid, to show where the rules part.
    LargestIds,
}

/// One merge: the pair of token ids, how often it occurred, the token it makes, and how many
/// pairs shared the top count.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    pub pair: (u32, u32),
    pub count: u64,
    pub id: u32,
    pub ties: usize,
}

/// A byte-level BPE: id → token (the 256 byte symbols in code-point order, then merged tokens)
/// and the merges in the order learnt.
pub struct Bpe {
    pub vocab: Vec<String>,
    pub ids: HashMap<String, u32>,
    pub merges: Vec<Merge>,
}

/// Sennrich's loop on byte symbols until the vocabulary holds `vocab_size` tokens. Pair counts
/// are kept up to date by re-counting only the pieces that held the merged pair.
pub fn train_bpe(
    counts: &[(String, u64)], vocab_size: usize, tie: Tie, table: &[char; 256],
) -> Bpe {
    let mut vocab: Vec<String> = table.iter().map(char::to_string).collect();
    vocab.sort_by_key(|t| t.chars().next().map_or(0, u32::from));
    let mut ids: HashMap<String, u32> = (0..).zip(&vocab).map(|(i, t)| (t.clone(), i)).collect();
    let mut words: Vec<Vec<u32>> = counts
        .iter()
        .map(|(piece, _)| {
            piece.chars().map(|c| ids.get(&c.to_string()).copied().unwrap_or(0)).collect()
        })
        .collect();
    let (mut pair_counts, mut where_) = (HashMap::<(u32, u32), u64>::new(), HashMap::new());
    for (i, w) in words.iter().enumerate() {
        for pair in w.windows(2).map(|p| (p[0], p[1])) {
            *pair_counts.entry(pair).or_default() += counts[i].1;
            where_.entry(pair).or_insert_with(HashSet::new).insert(i);
        }
    }
    let mut merges = Vec::new();
    while vocab.len() < vocab_size {
        let Some(top) = pair_counts.values().copied().max().filter(|&c| c > 0) else { break };
        let tied = pair_counts.iter().filter(|&(_, &c)| c == top).map(|(&p, _)| p);
        let pair = match tie {
            Tie::SmallestIds => tied.clone().min(),
            Tie::LargestIds => tied.clone().max(),
        };
        let Some(pair) = pair else { break };
        let token = format!("{}{}", vocab[pair.0 as usize], vocab[pair.1 as usize]);
        let id = *ids.entry(token.clone()).or_insert_with(|| {
            vocab.push(token);
            vocab.len() as u32 - 1
        });
        merges.push(Merge { pair, count: top, id, ties: tied.count() });
        let mut touched: Vec<usize> = where_.get(&pair).into_iter().flatten().copied().collect();
        touched.sort_unstable();
        for i in touched {
            for p in words[i].windows(2).map(|p| (p[0], p[1])) {
                pair_counts.entry(p).and_modify(|c| *c -= counts[i].1);
            }
            words[i] = merge_pair(&words[i], pair, id);
            for p in words[i].windows(2).map(|p| (p[0], p[1])) {
                *pair_counts.entry(p).or_default() += counts[i].1;
                where_.entry(p).or_insert_with(HashSet::new).insert(i);
            }
        }
        pair_counts.retain(|_, c| *c > 0);
    }
    Bpe { vocab, ids, merges }
}

/// `word` with every `pair`, left to right and not overlapping, replaced by `id`.
pub fn merge_pair(word: &[u32], pair: (u32, u32), id: u32) -> Vec<u32> {
    let (mut out, mut i) = (Vec::with_capacity(word.len()), 0);
    while i < word.len() {
        if i + 1 < word.len() && (word[i], word[i + 1]) == pair {
            out.push(id);
            i += 2;
        } else {
            out.push(word[i]);
            i += 1;
        }
    }
    out
}

impl Bpe {
    /// The ids of `text`: in each piece, merge the lowest-ranked pair present until none is.
    pub fn encode(&self, text: &str, table: &[char; 256]) -> Result<Vec<u32>> {
        let rank: HashMap<(u32, u32), (usize, u32)> =
            self.merges.iter().enumerate().map(|(r, m)| (m.pair, (r, m.id))).collect();
        let mut ids = Vec::new();
        for piece in pieces(text, table)? {
            ids.extend(self.encode_piece(&piece, &rank));
        }
        Ok(ids)
    }

    /// One piece (byte symbols), given each merge's (rank, new id).
    pub fn encode_piece(&self, piece: &str, rank: &HashMap<(u32, u32), (usize, u32)>) -> Vec<u32> {
        let mut word: Vec<u32> =
            piece.chars().map(|c| self.ids.get(&c.to_string()).copied().unwrap_or(0)).collect();
        loop {
            let ranked = word
                .windows(2)
                .filter_map(|p| rank.get(&(p[0], p[1])).map(|&(r, id)| (r, id, (p[0], p[1]))));
            let Some((_, id, pair)) = ranked.min() else { return word };
            word = merge_pair(&word, pair, id);
        }
    }

    /// How many tokens each line of `lines` takes, summed (pieces cached: text repeats).
    pub fn count_tokens(&self, lines: &[String], table: &[char; 256]) -> Result<usize> {
        let rank: HashMap<(u32, u32), (usize, u32)> =
            self.merges.iter().enumerate().map(|(r, m)| (m.pair, (r, m.id))).collect();
        let mut cache: HashMap<String, usize> = HashMap::new();
        let mut total = 0;
        for line in lines {
            for piece in pieces(line, table)? {
                total += match cache.get(&piece) {
                    Some(&n) => n,
                    None => {
                        let n = self.encode_piece(&piece, &rank).len();
                        cache.insert(piece, n);
                        n
                    }
                };
            }
        }
        Ok(total)
    }

    /// The token pairs of the merges, as tokenizer.json lists them.
    pub fn merge_strings(&self) -> Vec<(String, String)> {
        let token = |id: u32| self.vocab[id as usize].clone();
        self.merges.iter().map(|m| (token(m.pair.0), token(m.pair.1))).collect()
    }

    /// A Hugging Face tokenizer with this vocabulary and these merges, GPT-2's pre-tokeniser and
    /// byte-level decoder.
    pub fn to_tokenizer(&self) -> Result<Tokenizer> {
        let vocab: Vocab = self.ids.iter().map(|(t, &id)| (t.clone(), id)).collect();
        let bpe = hf(BPE::builder().vocab_and_merges(vocab, self.merge_strings()).build())?;
        let mut tokenizer = Tokenizer::new(bpe);
        tokenizer.with_pre_tokenizer(Some(ByteLevel::new(false, true, true)));
        tokenizer.with_decoder(Some(ByteLevel::default()));
        Ok(tokenizer)
    }
}
