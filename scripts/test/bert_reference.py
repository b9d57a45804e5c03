"""The lab's three sample sentences (sample_embeddings.json, written by bert_classify) against
Hugging Face transformers and sentence-transformers on the same checkpoint folder.

    ids     tokenizer(sentences, padding=True).input_ids               must be equal
    mean    Σ_t m_t h_t / Σ_t m_t   of AutoModel's last hidden state   within 1e-4
    cls     h[:, 0]                                                    within 1e-4
    st      SentenceTransformer(dir).encode(sentences) = mean / ‖mean‖  within 1e-4

Usage: python bert_reference.py MODEL_DIR SAMPLE_EMBEDDINGS_JSON
"""

import json
import sys

import numpy as np
import torch
from sentence_transformers import SentenceTransformer
from transformers import AutoModel, AutoTokenizer

TOLERANCE = 1e-4


def main():
    model_dir, sample_path = sys.argv[1], sys.argv[2]
    ours = json.load(open(sample_path))
    sentences = ours["sentences"]
    torch.set_num_threads(1)
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModel.from_pretrained(model_dir).eval()
    batch = tokenizer(sentences, padding=True, return_tensors="pt")
    with torch.no_grad():
        h = model(**batch).last_hidden_state                          # (B, T, C)
    m = batch["attention_mask"].unsqueeze(-1).float()
    mean = ((h * m).sum(1) / m.sum(1)).numpy()
    cls = h[:, 0].numpy()
    st = SentenceTransformer(model_dir, device="cpu").encode(sentences, convert_to_numpy=True)

    failed = []
    ids = batch["input_ids"].tolist()
    print(f"token ids equal: {ids == ours['input_ids']}")
    if ids != ours["input_ids"]:
        failed.append(f"ids: transformers {ids}, ours {ours['input_ids']}")
    our_mean = np.array(ours["mean"])
    our_unit = our_mean / np.linalg.norm(our_mean, axis=1, keepdims=True)
    for name, theirs, mine in [("mean", mean, our_mean), ("cls", cls, np.array(ours["cls"])),
                               ("sentence-transformers", st, our_unit)]:
        gap = float(np.abs(theirs - mine).max())
        print(f"{name}: max |Δ| = {gap:.2e}")
        if gap > TOLERANCE:
            failed.append(f"{name} differs by {gap:e}")
    if failed:
        sys.exit("\n".join(failed))
    print("the lab's embeddings equal transformers' and sentence-transformers' to 1e-4")


if __name__ == "__main__":
    main()
