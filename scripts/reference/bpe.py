"""Byte-level BPE (GPT-2's) trained from scratch in plain Python: the merges, their counts and the
ids the `tokenize` lab (labs/text) must reproduce, on the same corpus.

Corpus (the lab's `bpe_corpus`): the non-empty lines of the first 100 000 characters of
tiny-shakespeare, every line of the 唐诗三百首 poems, and ChnSentiCorp reviews 1000–1999; each
line is one sequence. Pre-tokenisation is GPT-2's regex (`regex` module, as openai/gpt-2's
encoder.py), each piece's UTF-8 bytes mapped to GPT-2's printable characters.

Training (Sennrich et al. 2016 on bytes, Radford et al. 2019): the alphabet is the 256 byte
characters, ids in code-point order (as Hugging Face's BpeTrainer numbers them); each step merges
the most frequent adjacent pair, ties broken by the smallest (id_left, id_right) (BpeTrainer's
rule), left to right in every word; the new token gets the next id unless its string is already in
the vocabulary. Encoding: in each piece, merge the lowest-ranked adjacent pair until none is left
(GPT-2's `bpe()`).

Writes golden/bpe.json.
"""

import csv
import json
import os
import platform
import sys
from collections import Counter, defaultdict

import regex

DATA = os.environ.get(
    "LLMPATH_DATA",
    os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data"),
)
OUT = os.path.join(os.path.dirname(__file__), "golden", "bpe.json")
MERGES = 1000
GPT2_PATTERN = regex.compile(
    r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
)
SAMPLES = [
    "To be, or not to be: that is the question.",
    "the movie 's charms are many , and it never lets up .",
    "床前明月光，疑是地上霜。",
    "房间很大，早餐也不错，下次还会再来！",
]


def bytes_to_unicode():
    """GPT-2's table: printable bytes stay themselves, the others move to U+0100 + n in order."""
    printable = (
        list(range(ord("!"), ord("~") + 1))
        + list(range(ord("¡"), ord("¬") + 1))
        + list(range(ord("®"), ord("ÿ") + 1))
    )
    table, n = {}, 0
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + n)
            n += 1
    return table


BYTE_CHAR = bytes_to_unicode()


def pieces(text):
    return ["".join(BYTE_CHAR[b] for b in p.encode("utf-8")) for p in GPT2_PATTERN.findall(text)]


def reviews():
    with open(os.path.join(DATA, "chnsenticorp", "ChnSentiCorp_htl_all.csv"), encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return [row[1] for row in rows[1:]]


def tang(name):
    with open(os.path.join(DATA, "chinese_poetry", name), encoding="utf-8") as f:
        return [line for poem in json.load(f) for line in poem["paragraphs"]]


def bpe_corpus():
    with open(os.path.join(DATA, "tiny_shakespeare", "input.txt"), encoding="utf-8") as f:
        shakespeare = f.read()
    lines = [line for line in shakespeare[:100_000].split("\n") if line]
    lines += [line for line in tang("tang300.json") if line]
    lines += [r for r in reviews()[1000:2000] if r]
    return lines


def train(lines, n_merges):
    vocab = sorted(BYTE_CHAR.values())  # id → token, the alphabet in code-point order
    ids = {t: i for i, t in enumerate(vocab)}
    counts = Counter(p for line in lines for p in pieces(line))
    words = [[ids[c] for c in w] for w in counts]
    freq = list(counts.values())
    pair_counts, where = Counter(), defaultdict(set)
    for i, w in enumerate(words):
        for pair in zip(w, w[1:]):
            pair_counts[pair] += freq[i]
            where[pair].add(i)
    merges = []
    while len(vocab) < 256 + n_merges:
        live = [(c, p) for p, c in pair_counts.items() if c > 0]
        if not live:
            break
        best_count = max(c for c, _ in live)
        tied = sorted(p for c, p in live if c == best_count)
        pair = tied[0]
        token = vocab[pair[0]] + vocab[pair[1]]
        if token not in ids:
            ids[token] = len(vocab)
            vocab.append(token)
        new = ids[token]
        merges.append({"left": vocab[pair[0]], "right": vocab[pair[1]], "count": best_count,
                       "id": new, "ties": len(tied)})
        for i in sorted(where[pair]):
            w = words[i]
            for p in zip(w, w[1:]):
                pair_counts[p] -= freq[i]
            merged, k = [], 0
            while k < len(w):
                if k + 1 < len(w) and (w[k], w[k + 1]) == pair:
                    merged.append(new)
                    k += 2
                else:
                    merged.append(w[k])
                    k += 1
            words[i] = merged
            for p in zip(merged, merged[1:]):
                pair_counts[p] += freq[i]
                where[p].add(i)
    return vocab, ids, merges, counts


def encode(text, ids, ranks):
    out = []
    for piece in pieces(text):
        symbols = list(piece)
        while len(symbols) > 1:
            pairs = [(ranks.get((a, b), float("inf")), a, b) for a, b in zip(symbols, symbols[1:])]
            rank, a, b = min(pairs)
            if rank == float("inf"):
                break
            merged, k = [], 0
            while k < len(symbols):
                if k + 1 < len(symbols) and symbols[k] == a and symbols[k + 1] == b:
                    merged.append(a + b)
                    k += 2
                else:
                    merged.append(symbols[k])
                    k += 1
            symbols = merged
        out += [ids[s] for s in symbols]
    return out


def main():
    lines = bpe_corpus()
    vocab, ids, merges, counts = train(lines, MERGES)
    ranks = {(m["left"], m["right"]): r for r, m in enumerate(merges)}
    with open(os.path.join(DATA, "sst2", "dev.tsv"), encoding="utf-8") as f:
        sst2_dev = [line.split("\t", 1)[1] for line in f.read().split("\n")[1:] if line]
    with open(os.path.join(DATA, "tiny_shakespeare", "input.txt"), encoding="utf-8") as f:
        held_out = [line for line in f.read()[1_000_000:].split("\n") if line]
    texts = {
        "sst2": sst2_dev,
        "shakespeare": held_out,
        "chnsenticorp": [r for r in reviews()[:1000] if r],
        "tang": [line for line in tang("poet.tang.6000.json") if line],
    }
    bpe_tokens = {name: sum(len(encode(t, ids, ranks)) for t in lines_) for name, lines_ in texts.items()}
    result = {
        "versions": {"python": platform.python_version(), "regex": regex.__version__},
        "corpus": {"sequences": len(lines), "pieces": sum(counts.values()), "unique_pieces": len(counts)},
        "merges": merges,
        "vocab_size": len(vocab),
        "samples": [{"text": s, "ids": encode(s, ids, ranks)} for s in SAMPLES],
        "held_out": {name: {"sequences": len(t), "chars": sum(len(x) for x in t),
                            "bytes": sum(len(x.encode("utf-8")) for x in t), "bpe_tokens": bpe_tokens[name]}
                     for name, t in texts.items()},
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"bpe": result}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(merges)} merges, vocab {len(vocab)}; first: {merges[:5]}", file=sys.stderr)


if __name__ == "__main__":
    main()
