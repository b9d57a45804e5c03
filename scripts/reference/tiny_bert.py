"""A tiny randomly initialised BERT and its outputs (labs/bert, `tests/tiny_bert.rs` and the
`bert-classify` lab), made by Hugging Face transformers (PyTorch, float32).

    x₀ = LN(E_word[ids] + E_pos[0..T] + E_type[0])                       embeddings (B, T, C)
    x  ← LN(x + MHA(x; mask)),  x ← LN(x + W₂ GELU(W₁ x))                post-LN layers, L of them
    mean = Σ_t m_t x_t / Σ_t m_t,   cls = x_0,   pooled = tanh(W_p x_0)

A WordPiece vocabulary of 88 pieces (specials, letters, a few words and ## suffixes) and a
BertModel with 2 layers, C = 32, 2 heads, intermediate 64, every weight drawn N(0, 0.2²) (LayerNorm
gains 1 + N(0, 0.1²)) from torch.manual_seed(0), so that a wrong weight or a missed LayerNorm
shows. Written to labs/bert/tests/fixtures/tiny-bert/ as a checkpoint folder of the Hub's layout
(config.json, vocab.txt, tokenizer.json, model.safetensors), and the token ids, attention mask,
last hidden state, [CLS], mean-pooled and pooler outputs of three sentences (padded to the
longest, as the lab encodes a batch) to golden/tiny_bert.json.

Run: /tmp/torchvenv/bin/python scripts/reference/tiny_bert.py   (requirements.txt: transformers)
"""

import json
import pathlib

import torch
import transformers
from transformers import BertConfig, BertModel, BertTokenizerFast

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "labs/bert/tests/fixtures/tiny-bert"
GOLDEN = ROOT / "scripts/reference/golden/tiny_bert.json"

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
WORDS = ["the", "movie", "film", "was", "is", "great", "good", "bad", "dull", "not", "very",
         "fun", "un", "life", "less", "it", "and", "story", "acting"]
SUFFIXES = ["##ly", "##ing", "##ed", "##less", "##believ", "##able"]
PUNCT = list("!,.'-?")
LETTERS = list("abcdefghijklmnopqrstuvwxyz")
VOCAB = SPECIAL + PUNCT + LETTERS + ["##" + c for c in LETTERS] + WORDS + SUFFIXES
assert len(VOCAB) == len(set(VOCAB)) == 88

SENTENCES = [
    "The movie was GREAT!",
    "a dull, lifeless film.",
    "Unbelievably fun acting and a very good story; it's not bad",
]


def rounded(t):
    return [round(float(v), 8) for v in t.flatten().tolist()]


def main():
    FIXTURE.mkdir(parents=True, exist_ok=True)
    (FIXTURE / "vocab.txt").write_text("\n".join(VOCAB) + "\n")
    tokenizer = BertTokenizerFast(vocab={t: i for i, t in enumerate(VOCAB)}, do_lower_case=True)
    tokenizer.backend_tokenizer.save(str(FIXTURE / "tokenizer.json"))

    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(VOCAB), hidden_size=32, num_hidden_layers=2,
                        num_attention_heads=2, intermediate_size=64, max_position_embeddings=64,
                        type_vocab_size=2, hidden_act="gelu", layer_norm_eps=1e-12)
    model = BertModel(config).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "LayerNorm.weight" in name:
                p.copy_(1 + 0.1 * torch.randn_like(p))
            else:
                p.copy_(0.2 * torch.randn_like(p))
    model.save_pretrained(FIXTURE, safe_serialization=True)
    for extra in FIXTURE.iterdir():
        if extra.name not in {"config.json", "vocab.txt", "tokenizer.json", "model.safetensors"}:
            extra.unlink()

    batch = tokenizer(SENTENCES, padding=True, return_tensors="pt")
    with torch.no_grad():
        out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"],
                    token_type_ids=torch.zeros_like(batch["input_ids"]))
    h = out.last_hidden_state                                            # (B, T, C)
    m = batch["attention_mask"].unsqueeze(-1).float()                    # (B, T, 1)
    mean = (h * m).sum(1) / m.sum(1)                                     # (B, C)
    golden = {
        "made_by": f"transformers {transformers.__version__}, torch {torch.__version__}",
        "sentences": SENTENCES,
        "tokens": [tokenizer.convert_ids_to_tokens(ids) for ids in batch["input_ids"].tolist()],
        "input_ids": batch["input_ids"].tolist(),
        "attention_mask": batch["attention_mask"].tolist(),
        "shape": list(h.shape),
        "last_hidden_state": rounded(h),
        "cls": rounded(h[:, 0]),
        "mean": rounded(mean),
        "pooler": rounded(out.pooler_output),
    }
    GOLDEN.write_text(json.dumps(golden, indent=1) + "\n")
    for f in sorted(FIXTURE.iterdir()):
        print(f"{f.relative_to(ROOT)}: {f.stat().st_size} bytes")
    print(golden["tokens"])


if __name__ == "__main__":
    main()
