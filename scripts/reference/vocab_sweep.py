"""BPE and WordPiece vocabularies of several sizes trained on SST-2's training phrases with
Hugging Face `tokenizers` (the Python package over the Rust crate the `vocab-sweep` lab uses),
and what they do to SST-2's dev sentences: tokens per sentence, the share of unknown tokens and
of words cut into pieces.

Both tokenizers: lower-cased text (SST-2 already is), split on whitespace and punctuation
(`Whitespace` pre-tokenizer), at most 100 initial characters (`limit_alphabet`: the rarer ones
become [UNK], so small vocabularies show unknowns), special tokens [UNK] [CLS] [SEP] [PAD] [MASK].
BPE marks word ends (`end_of_word_suffix` "</w>", as Sennrich et al. 2016); WordPiece marks word
continuations ("##", as BERT). Against them, a word-level vocabulary of the same size (the most
frequent words; every other word is [UNK]). Vocabulary sizes 500, 1000, 2000, 4000, 8000.

Writes golden/vocab_sweep.json.
"""

import json
import os
import platform
import sys

import tokenizers
from tokenizers import Tokenizer, models, pre_tokenizers, trainers

DATA = os.environ.get(
    "LLMPATH_DATA",
    os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data"),
)
SIZES = [500, 1000, 2000, 4000, 8000]
SPECIAL = ["[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"]
LIMIT_ALPHABET = 100
KINDS = ["wordlevel", "bpe", "wordpiece"]


def sentences(split):
    with open(os.path.join(DATA, "sst2", f"{split}.tsv"), encoding="utf-8") as f:
        rows = f.read().split("\n")[1:]
    return [row.split("\t", 1)[1] for row in rows if row]


def build(kind, size, train):
    if kind == "bpe":
        tok = Tokenizer(models.BPE(unk_token="[UNK]", end_of_word_suffix="</w>"))
        trainer = trainers.BpeTrainer(vocab_size=size, special_tokens=SPECIAL, limit_alphabet=LIMIT_ALPHABET,
                                      end_of_word_suffix="</w>", show_progress=False)
    elif kind == "wordlevel":
        tok = Tokenizer(models.WordLevel(unk_token="[UNK]"))
        trainer = trainers.WordLevelTrainer(vocab_size=size, special_tokens=SPECIAL, show_progress=False)
    else:
        tok = Tokenizer(models.WordPiece(unk_token="[UNK]", continuing_subword_prefix="##"))
        trainer = trainers.WordPieceTrainer(vocab_size=size, special_tokens=SPECIAL, limit_alphabet=LIMIT_ALPHABET,
                                            continuing_subword_prefix="##", show_progress=False)
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.train_from_iterator(train, trainer)
    return tok


def measure(tok, dev):
    tokens = unknown = words = split_words = 0
    for sentence in dev:
        enc = tok.encode(sentence)
        tokens += len(enc.ids)
        unknown += sum(1 for t in enc.tokens if t == "[UNK]")
        per_word = {}
        for w in enc.word_ids:
            per_word[w] = per_word.get(w, 0) + 1
        words += len(per_word)
        split_words += sum(1 for n in per_word.values() if n > 1)
    return {
        "vocab": tok.get_vocab_size(),
        "tokens_per_sentence": tokens / len(dev),
        "unknown_rate": unknown / tokens,
        "split_word_rate": split_words / words,
        "tokens": tokens,
        "unknown": unknown,
    }


def main(path):
    train, dev = sentences("train"), sentences("dev")
    results = {kind: {str(size): measure(build(kind, size, train), dev) for size in SIZES}
               for kind in KINDS}
    sample = "the movie 's charms are many , and it never lets up ."
    examples = {kind: build(kind, 1000, train).encode(sample).tokens for kind in KINDS}
    golden = {
        "generated_by": "scripts/reference/vocab_sweep.py",
        "versions": {"python": platform.python_version(), "tokenizers": tokenizers.__version__},
        "sizes": SIZES,
        "limit_alphabet": LIMIT_ALPHABET,
        "train_sentences": len(train),
        "dev_sentences": len(dev),
        "results": results,
        "sample": sample,
        "sample_tokens_1000": examples,
    }
    with open(path, "w") as out:
        json.dump(golden, out, indent=1, ensure_ascii=False)
        out.write("\n")
    for kind in results:
        for size, r in results[kind].items():
            print(f"{kind:9} {size:>5}: {r['tokens_per_sentence']:.3f} tokens/sentence, "
                  f"unknown {r['unknown_rate']:.5f}, split words {r['split_word_rate']:.4f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "vocab_sweep.json")
