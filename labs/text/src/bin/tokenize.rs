//! Tokenization: characters, words, jieba's Chinese words, and byte-level BPE trained from scratch
//! beside Hugging Face's `BpeTrainer`, with token counts of English and Chinese under each scheme.
//!
//! ```text
//! bytes      GPT-2's table maps each byte to a printable character (' ' → 'Ġ', '\n' → 'Ċ'), so
//!            any UTF-8 text is a string over 256 symbols: no unknown token, ever
//! pieces     GPT-2's regex splits text before BPE:  's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+|
//!            ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+   (merges never cross a piece: "Ġthe" but not "e.")
//! train      vocabulary V₀ = the 256 byte symbols; repeat until |V| = 256 + n:
//!            (a, b) = argmax over adjacent pairs of Σ_pieces count(piece)·#(a b in piece)
//!            ties: the smallest (id_a, id_b)   (BpeTrainer's rule; any rule is "BPE")
//!            replace a b by the new symbol ab, left to right, in every piece; V ← V ∪ {ab}
//! encode     in each piece, merge the adjacent pair learnt first (lowest rank) until none is left
//! ```
//!
//! The BPE is the library's [`bpe`](llmpath_labs_text::bpe); this file checks it against the
//! tokenizers crate and Python, and counts tokens under each scheme.
//!
//! The corpus is English and Chinese: the first 100 000 characters of tiny-shakespeare, the 唐诗
//! 三百首 and ChnSentiCorp reviews 1000–1999, one line a sequence. The lab trains n = 1000 merges
//! (300 with `--quick`) from scratch, prints the first ones step by step, trains the same with the
//! tokenizers crate's `BpeTrainer` on the same pieces and checks the merges and the vocabulary
//! are equal; with the opposite tie rule the merges part at the first tie, which a test shows.
//! Its vocabulary and merges are saved as a `tokenizer.json` (a Hugging Face file), reloaded with
//! `Tokenizer::from_file` and must give the ids of the lab's own encoder. `scripts/reference/bpe.py`
//! trains the same in plain Python (golden/bpe.json). Token counts per character are measured on
//! held-out text (SST-2 dev, the end of tiny-shakespeare, ChnSentiCorp reviews 0–999, poet.tang.6000)
//! for characters, UTF-8 bytes, whitespace words, jieba words, the BPE, and `--tokenizer PATH` (any
//! pretrained `tokenizer.json`, e.g. GPT-2's or bert-base-chinese's).
//!
//! Expected result and time (release, 2 vCPU): the 1000 merges, their counts, the 1256-token
//! vocabulary and the held-out token counts equal BpeTrainer's and Python's; the ids survive the
//! tokenizer.json round trip. The first merges build Chinese characters out of their three UTF-8
//! bytes (the full-width comma "，" first: ChnSentiCorp is the largest part of the corpus); the
//! first all-English token comes at merge 22. 602 of the 1000 merges are chosen among tied pairs,
//! and the opposite tie rule parts at merge 28. Tokens per character: BPE 0.54 on English (SST-2,
//! Shakespeare), 0.99 on modern Chinese reviews and 1.56 on Tang poems, against 2.9–3.0 UTF-8 bytes;
//! jieba gives 0.62 words a character. About 8 s (`--quick`, 300 merges: about 5 s).
//!
//! References:
//! - Sennrich, Haddow & Birch, "Neural machine translation of rare words with subword units",
//!   ACL (2016): BPE for words.
//! - Radford et al., "Language models are unsupervised multitask learners" (2019), §2.2: byte-level
//!   BPE, the pre-tokenisation regex; openai/gpt-2 `encoder.py`.
//! - Hugging Face tokenizers, `models/bpe/trainer.rs` (BpeTrainer) and `pre_tokenizers/byte_level.rs`.
//! - Sun Junyi, jieba (2012): prefix-dictionary DAG, max-probability path, HMM for unknown words.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use jieba_rs::Jieba;
use llmpath_data::DataDir;
use llmpath_data::load::sentiment::{Sst2Split, chnsenticorp, sst2};
use llmpath_lab::{LabArgs, Run};
use llmpath_labs_kit::Checks;
use llmpath_labs_kit::plot::{BarChart, Plots};
use llmpath_labs_text::bpe::{Merge, Tie, byte_chars, hf, piece_counts, train_bpe};
use llmpath_labs_text::{Result, shakespeare, tang_poems, texts};
use serde::Deserialize;
use tokenizers::Tokenizer;
use tokenizers::models::TrainerWrapper;
use tokenizers::models::bpe::{BPE, BpeTrainer};
use tokenizers::pre_tokenizers::byte_level::ByteLevel;

const GOLDEN: &str = include_str!("../../../../scripts/reference/golden/bpe.json");
const PYTHON: &str = "scripts/reference/bpe.py (Python)";
const HF: &str = "tokenizers BpeTrainer";

/// The same training by the tokenizers crate, on the same pieces: its tokenizer.json's model.
fn train_with_tokenizers(lines: &[String], vocab_size: usize) -> Result<TrainedFile> {
    let mut trainer: TrainerWrapper = BpeTrainer::builder()
        .vocab_size(vocab_size)
        .min_frequency(0)
        .initial_alphabet(ByteLevel::alphabet().into_iter().collect())
        .show_progress(false)
        .build()
        .into();
    let mut tokenizer = Tokenizer::new(BPE::default());
    tokenizer.with_pre_tokenizer(Some(ByteLevel::new(false, true, true)));
    hf(tokenizer.train(&mut trainer, lines.iter()))?;
    Ok(serde_json::from_str(&hf(tokenizer.to_string(false))?)?)
}

/// The model part of a tokenizer.json: merges are "a b" strings in older files, pairs in newer.
#[derive(Deserialize)]
struct TrainedFile {
    model: TrainedModel,
}

#[derive(Deserialize)]
struct TrainedModel {
    vocab: HashMap<String, u32>,
    merges: Vec<MergeEntry>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum MergeEntry {
    Pair(String, String),
    Joined(String),
}

impl MergeEntry {
    fn pair(&self) -> (String, String) {
        match self {
            MergeEntry::Pair(a, b) => (a.clone(), b.clone()),
            MergeEntry::Joined(s) => {
                let (a, b) = s.split_once(' ').unwrap_or((s, ""));
                (a.to_owned(), b.to_owned())
            }
        }
    }
}

/// What bpe.py wrote (the fields the lab uses).
#[derive(Deserialize)]
struct Golden {
    bpe: Reference,
}

#[derive(Deserialize)]
struct Reference {
    corpus: CorpusRef,
    merges: Vec<MergeRef>,
    samples: Vec<Sample>,
    held_out: HashMap<String, HeldOut>,
}

#[derive(Deserialize)]
struct CorpusRef {
    sequences: usize,
    pieces: u64,
    unique_pieces: usize,
}

#[derive(Deserialize)]
struct MergeRef {
    left: String,
    right: String,
    count: u64,
    id: u32,
}

#[derive(Deserialize)]
struct Sample {
    text: String,
    ids: Vec<u32>,
}

#[derive(Deserialize)]
struct HeldOut {
    bpe_tokens: usize,
}

/// Characters `range` of tiny-shakespeare (ASCII), or an error if the file is not the one expected.
fn part(text: &str, range: std::ops::Range<usize>) -> Result<&str> {
    let hint =
        "tiny_shakespeare/input.txt is not the expected file: `llmpath data verify` checks it";
    Ok(text.get(range).filter(|_| text.len() == 1_115_394).ok_or(hint)?)
}

/// The training lines: tiny-shakespeare's first 100 000 characters, the 唐诗三百首, ChnSentiCorp
/// reviews 1000–1999 (bpe.py's `bpe_corpus`).
fn bpe_corpus(dir: &DataDir) -> Result<Vec<String>> {
    let text = shakespeare(dir)?;
    let mut lines: Vec<String> = part(&text, 0..100_000)?.split('\n').map(str::to_owned).collect();
    lines.extend(tang_poems(dir, "chinese_poetry/tang300.json")?.into_iter().flatten());
    lines.extend(texts(chnsenticorp(dir)?).into_iter().skip(1000).take(1000));
    lines.retain(|l| !l.is_empty());
    Ok(lines)
}

/// The held-out texts token counts are measured on: (name, language, lines).
fn held_out(dir: &DataDir) -> Result<Vec<(&'static str, Vec<String>)>> {
    let text = shakespeare(dir)?;
    let tail = part(&text, 1_000_000..text.len())?
        .split('\n')
        .filter(|l| !l.is_empty())
        .map(str::to_owned);
    let poems = tang_poems(dir, "chinese_poetry/poet.tang.6000.json")?.into_iter().flatten();
    Ok(vec![
        ("sst2", texts(sst2(dir, Sst2Split::Dev)?)),
        ("shakespeare", tail.collect()),
        (
            "chnsenticorp",
            texts(chnsenticorp(dir)?).into_iter().take(1000).filter(|r| !r.is_empty()).collect(),
        ),
        ("tang", poems.filter(|l| !l.is_empty()).collect()),
    ])
}

/// A pretrained tokenizer.json, or a message that says what is wrong with it.
fn load_tokenizer(path: &Path) -> Result<Tokenizer> {
    Tokenizer::from_file(path).map_err(|e| {
        format!("cannot load {} as a Hugging Face tokenizer.json: {e}", path.display()).into()
    })
}

/// The lab's arguments: every lab's, and a pretrained tokenizer to compare with.
#[derive(clap::Parser)]
struct Args {
    #[command(flatten)]
    lab: LabArgs,
    /// A pretrained tokenizer.json (e.g. GPT-2's, from the Hugging Face Hub) to count tokens with too.
    #[arg(long, value_name = "PATH")]
    tokenizer: Option<PathBuf>,
}

fn main() -> ExitCode {
    match lab(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("tokenize: {err}");
            ExitCode::FAILURE
        }
    }
}

/// A token as its byte symbols, and as text where its bytes are whole UTF-8 characters.
fn show(token: &str, table: &[char; 256]) -> String {
    let bytes: Vec<u8> =
        token.chars().filter_map(|c| table.iter().position(|&t| t == c)).map(|b| b as u8).collect();
    match String::from_utf8(bytes) {
        Ok(text) => format!("{token} {text:?}"),
        Err(_) => token.to_owned(),
    }
}

fn lab(args: Args) -> Result<()> {
    let Args { lab: args, tokenizer: pretrained_path } = args;
    let g = serde_json::from_str::<Golden>(GOLDEN)?.bpe;
    let pick = |i: usize| args.lang.pick(TEXT[i].0, TEXT[i].1);
    let dir = DataDir::resolve(args.data_dir.clone())?;
    let pretrained = pretrained_path.as_deref().map(load_tokenizer).transpose()?;
    let mut run =
        Run::start("tokenize", "tiny_shakespeare, sst2, chnsenticorp, chinese_poetry", &args)?;
    let (plots, mut checks) = (Plots::new(&args)?, Checks::default());

    // 1. Characters and words; Chinese has no spaces, jieba finds its words.
    let jieba = Jieba::new();
    let jieba_words = |text: &str| -> Vec<String> {
        let words = jieba.cut(text, true).into_iter().map(|t| t.word);
        words.filter(|w| !w.trim().is_empty()).map(str::to_owned).collect()
    };
    for text in [&g.samples[0].text, &g.samples[3].text] {
        println!("{text}");
        println!("  {} {:?}", pick(0), text.chars().collect::<Vec<_>>());
        println!("  {} {:?}", pick(1), text.split_whitespace().collect::<Vec<_>>());
        println!("  {} {:?}", pick(2), jieba_words(text));
    }

    // 2. Byte-level BPE from scratch, the first merges step by step.
    let table = byte_chars();
    let lines = bpe_corpus(&dir)?;
    let counts = piece_counts(&lines, &table)?;
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    println!("\n{} {} / {total} / {}", pick(3), lines.len(), counts.len());
    let c = &g.corpus;
    checks.compare("corpus_sequences", lines.len() as f64, c.sequences as f64, 0.0, PYTHON);
    checks.compare("corpus_pieces", total as f64, c.pieces as f64, 0.0, PYTHON);
    checks.compare(
        "corpus_unique_pieces",
        counts.len() as f64,
        c.unique_pieces as f64,
        0.0,
        PYTHON,
    );
    let n_merges = if args.quick { 300 } else { 1000 };
    let vocab_size = 256 + n_merges;
    let bpe = train_bpe(&counts, vocab_size, Tie::SmallestIds, &table);
    for (step, m) in bpe.merges.iter().enumerate().take(12) {
        let (a, b) = (&bpe.vocab[m.pair.0 as usize], &bpe.vocab[m.pair.1 as usize]);
        let new = &bpe.vocab[m.id as usize];
        let (a, b, new) = (show(a, &table), show(b, &table), show(new, &table));
        println!("  {:>2}. {a} + {b}  ×{} → {new} = {}", step + 1, m.count, m.id);
    }
    let english_merges = bpe.merges.iter().position(|m| bpe.vocab[m.id as usize].is_ascii());
    println!("  … {} {}", pick(4), english_merges.map_or(0, |i| i + 1));
    let differing = |ours: &[Merge], reference: &[MergeRef]| {
        let mut d = ours.len().abs_diff(reference.len().min(ours.len()));
        for (m, r) in ours.iter().zip(reference) {
            let (a, b) = (&bpe.vocab[m.pair.0 as usize], &bpe.vocab[m.pair.1 as usize]);
            d += usize::from((a, b, m.count, m.id) != (&r.left, &r.right, r.count, r.id));
        }
        d as f64
    };
    checks.compare(
        "merges_differing_from_python",
        differing(&bpe.merges, &g.merges),
        0.0,
        0.0,
        PYTHON,
    );
    run.metric("merges", bpe.merges.len() as f64);
    run.metric("vocab_size", bpe.vocab.len() as f64);

    // 3. The same with the tokenizers crate's BpeTrainer, then the other tie rule.
    let trained = train_with_tokenizers(&lines, vocab_size)?.model;
    let hf_merges: Vec<(String, String)> = trained.merges.iter().map(MergeEntry::pair).collect();
    let ours = bpe.merge_strings();
    let merge_gap = ours.iter().zip(&hf_merges).filter(|(a, b)| a != b).count()
        + ours.len().abs_diff(hf_merges.len());
    checks.compare("merges_differing_from_tokenizers", merge_gap as f64, 0.0, 0.0, HF);
    let vocab_gap = bpe.ids.iter().filter(|&(t, id)| trained.vocab.get(t) != Some(id)).count()
        + bpe.ids.len().abs_diff(trained.vocab.len());
    checks.compare("vocab_entries_differing_from_tokenizers", vocab_gap as f64, 0.0, 0.0, HF);
    println!("{} {} / {}", pick(5), ours.len() - merge_gap.min(ours.len()), ours.len());
    let other = train_bpe(&counts, vocab_size, Tie::LargestIds, &table);
    let parted = bpe.merges.iter().zip(&other.merges).position(|(a, b)| a.pair != b.pair);
    if let Some(k) = parted {
        let m = &bpe.merges[k];
        println!("{} {} ({} {}, ×{})", pick(6), k + 1, m.ties, pick(7), m.count);
        run.metric("tie_rules_part_at_merge", (k + 1) as f64);
    }
    let tied = bpe.merges.iter().filter(|m| m.ties > 1).count();
    run.metric("merges_chosen_among_ties", tied as f64);

    // 4. Saved as a tokenizer.json, reloaded: the same ids as the lab's own encoder.
    let path = run.artifact_path("tokenizer.json");
    hf(bpe.to_tokenizer()?.save(&path, true))?;
    run.artifact("tokenizer.json");
    let reloaded = load_tokenizer(&path)?;
    let mut id_mismatches = 0;
    for sample in &g.samples {
        let ours = bpe.encode(&sample.text, &table)?;
        let encoding = hf(reloaded.encode(sample.text.as_str(), false))?;
        let decoded = hf(reloaded.decode(&ours, false))?;
        id_mismatches +=
            usize::from(ours != encoding.get_ids()) + usize::from(decoded != sample.text);
        if !args.quick {
            checks.require(
                ours == sample.ids,
                format!("ids of {:?} differ from bpe.py's", sample.text),
            );
        }
        println!("{} → {ours:?}", sample.text);
    }
    checks.compare("tokenizer_json_round_trip_mismatches", id_mismatches as f64, 0.0, 0.0, HF);

    // 5. Tokens per character on held-out English and Chinese under each scheme.
    let texts = held_out(&dir)?;
    let mut schemes = vec![pick(8), pick(9), pick(10), pick(11), pick(12)];
    if pretrained.is_some() {
        schemes.push(pick(13));
    }
    let categories: Vec<String> = schemes.iter().map(|s| s.to_string()).collect();
    let mut chart = BarChart::new(pick(14), pick(15), pick(16), &categories);
    println!("\n{:<14} {}", "", categories.join(" | "));
    for (name, lines) in &texts {
        let chars: usize = lines.iter().map(|l| l.chars().count()).sum();
        let bytes: usize = lines.iter().map(String::len).sum();
        let words: usize = lines.iter().map(|l| l.split_whitespace().count()).sum();
        let jieba_count: usize = lines.iter().map(|l| jieba_words(l).len()).sum();
        let bpe_count = bpe.count_tokens(lines, &table)?;
        if !args.quick {
            let reference = g.held_out.get(*name).map_or(f64::NAN, |h| h.bpe_tokens as f64);
            checks.compare(&format!("{name}_bpe_tokens"), bpe_count as f64, reference, 0.0, PYTHON);
        }
        let mut per_char = vec![chars, bytes, words, jieba_count, bpe_count];
        if let Some(tokenizer) = &pretrained {
            let mut n = 0;
            for line in lines {
                n += hf(tokenizer.encode(line.as_str(), false))?.len();
            }
            per_char.push(n);
        }
        let per_char: Vec<f64> = per_char.iter().map(|&n| n as f64 / chars as f64).collect();
        let keys = ["chars", "bytes", "words", "jieba", "bpe", "pretrained"];
        for (key, value) in keys.iter().zip(&per_char) {
            run.metric(&format!("{name}_{key}_per_char"), *value);
        }
        let row: Vec<String> = per_char.iter().map(|v| format!("{v:.3}")).collect();
        println!("{name:<14} {}", row.join(" | "));
        chart = chart.series(name, per_char);
    }
    plots.record(&mut run, "tokens_per_char", &chart)?;
    checks.finish(run)?;
    Ok(())
}

/// The printed report and plot labels, (zh, en).
const TEXT: [(&str, &str); 17] = [
    ("字符：", "characters:"),
    ("空格分词：", "whitespace words:"),
    ("jieba 分词：", "jieba words:"),
    ("BPE 语料：序列 / 片段 / 不同片段", "BPE corpus: sequences / pieces / distinct pieces"),
    ("第一个纯英文的新词元出现在第几次合并：", "the first all-English token comes at merge"),
    ("与 tokenizers 的 BpeTrainer 相同的合并：", "merges equal to tokenizers' BpeTrainer:"),
    (
        "换一种平局规则（最大 id 优先），合并序列从第几步开始不同：",
        "with the other tie rule (largest ids first) the merges part at merge",
    ),
    ("个并列", "pairs tied"),
    ("字符", "characters"),
    ("UTF-8 字节", "UTF-8 bytes"),
    ("空格分词", "whitespace words"),
    ("jieba 分词", "jieba words"),
    ("字节级 BPE", "byte-level BPE"),
    ("预训练分词器", "pretrained tokenizer"),
    ("每个字符的词元数：英文与中文", "Tokens per character: English and Chinese"),
    ("切分方式", "scheme"),
    ("词元数 / 字符数", "tokens / characters"),
];

#[cfg(test)]
#[path = "tokenize/tests.rs"]
mod tests;
