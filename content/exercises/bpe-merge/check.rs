use std::collections::BTreeMap;

use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::proptest::sample::Index;
use llmpath_checker::{Check, Verdict, property, say};

const CHECKS: &[Check] = &[
    Check {
        zh: "相邻符号对按词频加权计数",
        en: "adjacent pairs are counted, weighted by word frequency",
        run: counts_match,
    },
    Check {
        zh: "重叠的对也计数：a a a 含两次 (a, a)",
        en: "overlapping pairs count too: a a a holds (a, a) twice",
        run: overlapping_counts,
    },
    Check {
        zh: "选出次数最多的一对，平局取最小的一对，没有对时为 None",
        en: "the most frequent pair is picked, ties go to the smallest pair, and None when there is none",
        run: best_pair_with_ties,
    },
    Check {
        zh: "合并替换每个词里这一对的每次出现，词频不变",
        en: "a merge replaces every occurrence of the pair in every word, frequencies unchanged",
        run: merge_matches,
    },
    Check {
        zh: "合并从左到右、不重叠：a a a → aa a，a a a a → aa aa",
        en: "a merge goes left to right without overlaps: a a a → aa a, a a a a → aa aa",
        run: merge_runs,
    },
    Check {
        zh: "在 Sennrich 论文的语料上连续合并 10 次",
        en: "ten merges in a row on the corpus of Sennrich et al.'s paper",
        run: ten_merges,
    },
];

type Word = (Vec<String>, u64);

fn word(symbols: &str, frequency: u64) -> Word {
    (symbols.split(' ').map(str::to_owned).collect(), frequency)
}

fn show(corpus: &[Word]) -> String {
    let words: Vec<String> = corpus
        .iter()
        .map(|(symbols, frequency)| format!("{}×{frequency}", symbols.join(" ")))
        .collect();
    format!("[{}]", words.join(", "))
}

/// Up to 5 words of 1..7 symbols from a, b, c and the two-letter ab, frequencies 1..10.
fn corpora() -> impl Strategy<Value = Vec<Word>> {
    const SYMBOLS: [&str; 4] = ["a", "b", "c", "ab"];
    (
        1..6usize,
        vec(1..7usize, 5),
        vec(0..4usize, 30),
        vec(1..10u64, 5),
    )
        .prop_map(|(n, lengths, symbols, frequencies)| {
            (0..n)
                .map(|w| {
                    let word = (0..lengths[w])
                        .map(|j| SYMBOLS[symbols[w * 6 + j]].to_owned())
                        .collect();
                    (word, frequencies[w])
                })
                .collect()
        })
}

/// Every adjacent position of every word, `weight(frequency)` times.
fn counts_by(corpus: &[Word], weight: fn(u64) -> u64) -> BTreeMap<(String, String), u64> {
    let mut counts = BTreeMap::new();
    for (symbols, frequency) in corpus {
        for j in 1..symbols.len() {
            let pair = (symbols[j - 1].clone(), symbols[j].clone());
            *counts.entry(pair).or_insert(0) += weight(*frequency);
        }
    }
    counts
}

fn reference_counts(corpus: &[Word]) -> BTreeMap<(String, String), u64> {
    counts_by(corpus, |frequency| frequency)
}

/// The largest count, then the smallest pair: sorted by (−count, pair), the first.
fn reference_best(counts: &BTreeMap<(String, String), u64>) -> Option<(String, String)> {
    let mut ranked: Vec<(&(String, String), &u64)> = counts.iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    ranked.first().map(|(pair, _)| (*pair).clone())
}

/// Left to right: a match emits the joined symbol and skips both of its symbols.
fn reference_merge(corpus: &[Word], pair: &(String, String)) -> Vec<Word> {
    let mut out = Vec::new();
    for (symbols, frequency) in corpus {
        let mut merged: Vec<String> = Vec::new();
        let mut rest = symbols.as_slice();
        while let Some(first) = rest.first() {
            match rest.get(1) {
                Some(second) if *first == pair.0 && *second == pair.1 => {
                    merged.push(format!("{first}{second}"));
                    rest = &rest[2..];
                }
                _ => {
                    merged.push(first.clone());
                    rest = &rest[1..];
                }
            }
        }
        out.push((merged, *frequency));
    }
    out
}

fn compare_counts(corpus: &[Word]) -> Verdict {
    let yours = learner::pair_counts(corpus);
    let expected = reference_counts(corpus);
    if yours == expected {
        return Ok(());
    }
    let pair = expected
        .keys()
        .chain(yours.keys())
        .find(|p| yours.get(*p) != expected.get(*p))
        .cloned()
        .unwrap_or_default();
    let (got, want) = (
        yours.get(&pair).copied().unwrap_or(0),
        expected.get(&pair).copied().unwrap_or(0),
    );
    let hint = match yours == counts_by(corpus, |_| 1) {
        true => say(
            "与每个词只算一次的结果相同：一个出现 n 次的词，它的每一对要算 n 次",
            "it equals counting each word once: a word that occurs n times adds n for each of its pairs",
        ),
        false => say(
            "每个词里的每个相邻位置都算一次，乘以该词的频率",
            "every adjacent position in every word counts, times the word's frequency",
        ),
    };
    Err(say(
        format!(
            "语料 {}：{pair:?} 计数为 {got}，应为 {want}：{hint}",
            show(corpus)
        ),
        format!(
            "corpus {}: {pair:?} counted {got} times, expected {want}: {hint}",
            show(corpus)
        ),
    ))
}

fn counts_match() -> Verdict {
    property(corpora(), |corpus| compare_counts(&corpus))
}

fn overlapping_counts() -> Verdict {
    compare_counts(&[word("a a a", 3), word("b a a", 2)])?;
    compare_counts(&[word("a a a a", 1)])
}

/// Counts with many ties: 2..8 pairs of the symbols a, b, c, ab, each counted 1..4 times.
fn count_maps() -> impl Strategy<Value = BTreeMap<(String, String), u64>> {
    const SYMBOLS: [&str; 4] = ["a", "b", "c", "ab"];
    vec((0..4usize, 0..4usize, 1..4u64), 0..8).prop_map(|entries| {
        entries
            .into_iter()
            .map(|(x, y, n)| ((SYMBOLS[x].to_owned(), SYMBOLS[y].to_owned()), n))
            .collect()
    })
}

fn best_pair_with_ties() -> Verdict {
    property(count_maps(), |counts| {
        let yours = learner::best_pair(&counts);
        let expected = reference_best(&counts);
        if yours == expected {
            return Ok(());
        }
        let shown: Vec<String> = counts
            .iter()
            .map(|((x, y), n)| format!("({x}, {y}): {n}"))
            .collect();
        let tie = match (&yours, &expected) {
            (Some(y), Some(e)) => counts.get(y) == counts.get(e),
            _ => false,
        };
        let hint = match (tie, &expected) {
            (true, _) => say(
                "次数相同；平局规则是取最小的一对（先比第一个符号，再比第二个）",
                "the counts are equal; the tie-break is the smallest pair (first symbols compared, then second)",
            ),
            (false, None) => say(
                "没有任何一对时应为 None",
                "with no pair at all it should be None",
            ),
            (false, Some(_)) => say(
                "应选次数最多的一对",
                "the pair with the largest count should win",
            ),
        };
        Err(say(
            format!(
                "计数 {{{}}}：你选了 {yours:?}，应为 {expected:?}：{hint}",
                shown.join(", ")
            ),
            format!(
                "counts {{{}}}: you picked {yours:?}, expected {expected:?}: {hint}",
                shown.join(", ")
            ),
        ))
    })
}

fn compare_merge(corpus: &[Word], pair: &(String, String)) -> Verdict {
    let yours = learner::merge(corpus, pair);
    let expected = reference_merge(corpus, pair);
    if yours.len() != expected.len() {
        return Err(say(
            format!(
                "语料有 {} 个词，合并后却有 {} 个",
                corpus.len(),
                yours.len()
            ),
            format!(
                "the corpus has {} words but the merge returned {}",
                corpus.len(),
                yours.len()
            ),
        ));
    }
    for (i, (y, e)) in yours.iter().zip(&expected).enumerate() {
        if y == e {
            continue;
        }
        let before = corpus[i].0.join(" ");
        let hint = match y.1 == e.1 {
            true => say(
                "从左到右扫描；匹配时输出合并后的符号并跳过这两个符号，其余符号原样保留",
                "scan left to right; on a match emit the joined symbol and step over both symbols, keeping every other symbol as it is",
            ),
            false => say(
                "合并不改变词频",
                "a merge does not change a word's frequency",
            ),
        };
        return Err(say(
            format!(
                "用 {pair:?} 合并 {before}×{}：你得到 {}×{}，应为 {}×{}：{hint}",
                corpus[i].1,
                y.0.join(" "),
                y.1,
                e.0.join(" "),
                e.1
            ),
            format!(
                "merging {pair:?} in {before}×{}: yours is {}×{}, expected {}×{}: {hint}",
                corpus[i].1,
                y.0.join(" "),
                y.1,
                e.0.join(" "),
                e.1
            ),
        ));
    }
    Ok(())
}

fn merge_matches() -> Verdict {
    property((corpora(), any::<Index>()), |(corpus, which)| {
        // A pair that occurs in the corpus.
        let pairs: Vec<(String, String)> = reference_counts(&corpus).into_keys().collect();
        match pairs.is_empty() {
            true => compare_merge(&corpus, &("a".to_owned(), "b".to_owned())),
            false => compare_merge(&corpus, &pairs[which.index(pairs.len())]),
        }
    })
}

fn merge_runs() -> Verdict {
    let pair = ("a".to_owned(), "a".to_owned());
    compare_merge(&[word("a a a", 4)], &pair)?;
    compare_merge(&[word("a a a a", 1), word("b a a a b", 2)], &pair)?;
    compare_merge(&[word("ab c ab c", 3)], &("ab".to_owned(), "c".to_owned()))
}

/// Sennrich et al. (2016), section 3.2: low, lower, newest, widest with an end-of-word mark.
fn sennrich() -> Vec<Word> {
    vec![
        word("l o w </w>", 5),
        word("l o w e r </w>", 2),
        word("n e w e s t </w>", 6),
        word("w i d e s t </w>", 3),
    ]
}

const MERGES: usize = 10;

fn ten_merges() -> Verdict {
    let (mut yours, mut expected) = (sennrich(), sennrich());
    for step in 1..=MERGES {
        let want = reference_best(&reference_counts(&expected));
        let got = learner::best_pair(&learner::pair_counts(&yours));
        let Some(want) = want else { break };
        if got.as_ref() != Some(&want) {
            return Err(say(
                format!(
                    "在 low×5、lower×2、newest×6、widest×3 上，第 {step} 次合并你选了 {got:?}，应为 {want:?}"
                ),
                format!(
                    "on low×5, lower×2, newest×6, widest×3, merge {step} picked {got:?}, expected {want:?}"
                ),
            ));
        }
        yours = learner::merge(&yours, &want);
        expected = reference_merge(&expected, &want);
        if yours != expected {
            return Err(say(
                format!(
                    "第 {step} 次合并 {want:?} 之后语料为 {}，应为 {}",
                    show(&yours),
                    show(&expected)
                ),
                format!(
                    "after merge {step}, {want:?}, the corpus is {}, expected {}",
                    show(&yours),
                    show(&expected)
                ),
            ));
        }
    }
    Ok(())
}
