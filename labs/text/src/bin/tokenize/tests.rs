//! The BPE against the tokenizers crate (its byte table, pre-tokeniser, trainer and encoder) and
//! against bpe.py's golden merges.

use std::collections::HashSet;
use std::path::PathBuf;

use llmpath_labs_text::bpe::{merge_pair, pieces};
use tokenizers::{OffsetReferential, OffsetType, PreTokenizedString, PreTokenizer};

use super::*;

fn data_dir() -> DataDir {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    DataDir::new(std::env::var_os("LLMPATH_DATA").map_or(shared, PathBuf::from))
}

/// A small corpus with repeated words (so pairs tie) in English and Chinese.
fn small_corpus() -> Vec<String> {
    let lines = [
        "the cat sat on the mat, the cat ate the rat.",
        "a hat, a bat and a cat: that is that.",
        "床前明月光，疑是地上霜。举头望明月，低头思故乡。",
        "the the the aaaa aaaaa",
    ];
    lines.iter().map(|l| l.to_string()).collect()
}

#[test]
fn byte_table_is_gpt2s_and_pieces_are_the_byte_level_pre_tokenizers() {
    let table = byte_chars();
    assert_eq!((table[usize::from(b' ')], table[usize::from(b'\n')], table[0]), ('Ġ', 'Ċ', 'Ā'));
    assert_eq!(table[usize::from(b'a')], 'a');
    let ours: HashSet<char> = table.iter().copied().collect();
    let theirs: HashSet<char> = ByteLevel::alphabet().into_iter().collect();
    assert_eq!((ours.len(), &ours), (256, &theirs));
    let text = "Hello world's 42 cats!\n  床前明月光，疑是地上霜。";
    let mut split = PreTokenizedString::from(text);
    ByteLevel::new(false, true, true).pre_tokenize(&mut split).unwrap();
    let theirs: Vec<String> = split
        .get_splits(OffsetReferential::Original, OffsetType::Byte)
        .into_iter()
        .map(|(s, _, _)| s.to_owned())
        .collect();
    assert_eq!(pieces(text, &table).unwrap(), theirs);
    assert_eq!(theirs[..3], ["Hello", "Ġworld", "'s"]);
}

#[test]
fn a_pair_merges_left_to_right_without_overlap() {
    assert_eq!(merge_pair(&[1, 1, 1], (1, 1), 9), [9, 1]);
    assert_eq!(merge_pair(&[1, 1, 1, 1], (1, 1), 9), [9, 9]);
    assert_eq!(merge_pair(&[2, 1, 2, 1], (1, 2), 9), [2, 9, 1]);
}

#[test]
fn merges_and_vocabulary_equal_bpe_trainers_on_a_small_corpus() {
    let (table, lines) = (byte_chars(), small_corpus());
    let counts = piece_counts(&lines, &table).unwrap();
    let bpe = train_bpe(&counts, 256 + 40, Tie::SmallestIds, &table);
    let trained = train_with_tokenizers(&lines, 256 + 40).unwrap().model;
    let theirs: Vec<(String, String)> = trained.merges.iter().map(MergeEntry::pair).collect();
    assert_eq!(bpe.merge_strings(), theirs);
    assert_eq!(bpe.ids, trained.vocab);
    assert!(bpe.merges.iter().any(|m| m.ties > 1), "the corpus should have ties");
}

#[test]
fn tie_rules_agree_until_the_first_tie_and_part_there() {
    let (table, lines) = (byte_chars(), small_corpus());
    let counts = piece_counts(&lines, &table).unwrap();
    let smallest = train_bpe(&counts, 256 + 40, Tie::SmallestIds, &table);
    let largest = train_bpe(&counts, 256 + 40, Tie::LargestIds, &table);
    let k = smallest.merges.iter().zip(&largest.merges).position(|(a, b)| a.pair != b.pair);
    let k = k.expect("the rules should part on this corpus");
    // Where they part both pick a pair of the same top count, among at least two.
    let (a, b) = (&smallest.merges[k], &largest.merges[k]);
    assert_eq!(a.count, b.count);
    assert!(a.ties >= 2 && a.ties == b.ties && a.pair < b.pair);
    // Before it, the same merges (and counts, ties and ids).
    assert_eq!(smallest.merges[..k], largest.merges[..k]);
}

#[test]
fn ids_survive_the_tokenizer_json_round_trip() {
    let (table, lines) = (byte_chars(), small_corpus());
    let bpe = train_bpe(&piece_counts(&lines, &table).unwrap(), 256 + 40, Tie::SmallestIds, &table);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokenizer.json");
    bpe.to_tokenizer().unwrap().save(&path, false).unwrap();
    let reloaded = load_tokenizer(&path).unwrap();
    for text in lines.iter().map(String::as_str).chain(["unseen words: 春眠不覺曉 🙂"]) {
        let ours = bpe.encode(text, &table).unwrap();
        assert_eq!(ours, reloaded.encode(text, false).unwrap().get_ids(), "{text}");
        assert_eq!(reloaded.decode(&ours, false).unwrap(), text);
    }
}

#[test]
fn a_file_that_is_no_tokenizer_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokenizer.json");
    std::fs::write(&path, "{\"model\": 3}").unwrap();
    let err = load_tokenizer(&path).err().unwrap().to_string();
    assert!(err.contains("as a Hugging Face tokenizer.json"), "{err}");
    let err = load_tokenizer(&dir.path().join("missing.json")).err().unwrap().to_string();
    assert!(err.contains("missing.json"), "{err}");
}

#[test]
fn jieba_finds_the_words_of_its_readme_sentence() {
    let words: Vec<&str> =
        Jieba::new().cut("我们中出了一个叛徒", false).iter().map(|t| t.word).collect();
    assert_eq!(words, ["我们", "中", "出", "了", "一个", "叛徒"]);
}

#[test]
#[cfg_attr(debug_assertions, ignore = "1000 merges on the lab's corpus: run in release")]
fn thousand_merges_their_counts_and_held_out_counts_equal_pythons() {
    let g = serde_json::from_str::<Golden>(GOLDEN).unwrap().bpe;
    let (table, dir) = (byte_chars(), data_dir());
    let counts = piece_counts(&bpe_corpus(&dir).unwrap(), &table).unwrap();
    let bpe = train_bpe(&counts, 256 + g.merges.len(), Tie::SmallestIds, &table);
    assert_eq!(bpe.merges.len(), g.merges.len());
    for (m, r) in bpe.merges.iter().zip(&g.merges) {
        let (a, b) = (&bpe.vocab[m.pair.0 as usize], &bpe.vocab[m.pair.1 as usize]);
        assert_eq!((a, b, m.count, m.id), (&r.left, &r.right, r.count, r.id));
    }
    for sample in &g.samples {
        assert_eq!(bpe.encode(&sample.text, &table).unwrap(), sample.ids);
    }
    for (name, lines) in held_out(&dir).unwrap() {
        assert_eq!(
            bpe.count_tokens(&lines, &table).unwrap(),
            g.held_out[name].bpe_tokens,
            "{name}"
        );
    }
}
