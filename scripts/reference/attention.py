"""Reference numbers for the Transformer lab (labs/llm, `transformer`), made by PyTorch (float64).

(a) Scaled dot-product attention softmax(QKᵀ/√d_k + M) V on fixed Q (2, 2, 4, 3), K (2, 2, 5, 3),
    V (2, 2, 5, 4) (d_k ≠ d_v) and a boolean mask (a causal-like band, and the last two keys of
    the second sequence as padding): F.scaled_dot_product_attention's output, which must equal
    the manual formula's; the manual weights too (SDPA does not return them).
(b) Multi-head attention: torch.nn.MultiheadAttention(8, 2 heads, batch_first) with fixed weights
    on queries x (2, 4, 8) and keys/values m (2, 5, 8), the last two keys of the second sequence
    masked (key_padding_mask): the output and each head's weights (average_attn_weights=False).
    Its in_proj_weight is W_q, W_k, W_v stacked (3·8, 8); the lab keeps them as three Linears
    q, k, v and o = out_proj, the same maths.
(c) The lab's encoder–decoder (labs/llm/src/transformer.rs), post-LN, 2 + 2 layers, 2 heads,
    d_model 16, d_ff 32, vocabulary 8 (PAD 0, BOS 1, EOS 2, five symbols), 6 positions, the
    embedding shared by encoder, decoder and output layer, in plain PyTorch functions
    (F.scaled_dot_product_attention with boolean masks, F.layer_norm), on a batch of two
    reversal examples of lengths 5 and 3 (padding in both source and target): logits, the
    label-smoothed cross-entropy (F.cross_entropy, ignore_index=PAD, label_smoothing=0.1) and
    every parameter's gradient (first 16 entries, L2 norm, Σ g ⊙ r with r = 2 u(seed 3, ·) − 1),
    with sinusoidal positions and again with learned ones.

Every weight and input is SplitMix64 (splitmix.py): w = β(2u − 1), one stream per case (seed 1
for the model, in the order of `params()`: Glorot-uniform matrices, biases with bound 1/√fan_in,
embeddings σ = d_model^{-1/2}, layer-norm gains 1 and biases 0), rounded to float32 (what the lab
trains in), then everything runs in float64.

Usage: scripts/reference/run.sh attention  (writes scripts/reference/golden/attention.json;
a few seconds)
"""

import json
import math
import platform
import sys

import numpy as np
import torch
import torch.nn.functional as F

from splitmix import uniform

torch.set_default_dtype(torch.float64)

PAD, BOS, EOS = 0, 1, 2
CONFIG = {"vocab_size": 8, "max_len": 6, "n_layer": 2, "n_head": 2, "d_model": 16, "d_ff": 32}
SMOOTHING = 0.1
FIRST = 16
# Two reversal examples: source = sequence + EOS, decoder input = BOS + reversed, target =
# reversed + EOS, padded to max_len.
SRC = [[5, 3, 7, 4, 6, EOS], [4, 7, 3, EOS, PAD, PAD]]
TGT_IN = [[BOS, 6, 4, 7, 3, 5], [BOS, 3, 7, 4, PAD, PAD]]
TGT_OUT = [[6, 4, 7, 3, 5, EOS], [3, 7, 4, EOS, PAD, PAD]]


def draws(seed, shape, bound=1.0, start=0):
    """β(2u − 1) from stream `seed`, rounded to float32, as a float64 tensor."""
    n = math.prod(shape)
    w = bound * (2.0 * uniform(seed, start, n) - 1.0)
    return torch.tensor(w.astype(np.float32), dtype=torch.float64).reshape(shape)


def sdpa_case():
    q, k, v = draws(10, (2, 2, 4, 3)), draws(11, (2, 2, 5, 3)), draws(12, (2, 2, 5, 4))
    keep = torch.tensor([[[[j <= i + 1 and (b == 0 or j < 3) for j in range(5)] for i in range(4)]]
                         for b in range(2)])  # (2, 1, 4, 5), True = may attend
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=keep)
    scores = q @ k.transpose(-2, -1) / math.sqrt(3) + torch.where(keep, 0.0, -math.inf)
    weights = torch.softmax(scores, dim=-1)
    manual = weights @ v
    assert torch.allclose(out, manual, atol=1e-12), (out - manual).abs().max()
    return {"q": q.tolist(), "k": k.tolist(), "v": v.tolist(), "keep": keep.int().tolist(),
            "output": out.tolist(), "weights": weights.tolist()}


MHA_NAMES = ["q.weight", "q.bias", "k.weight", "k.bias", "v.weight", "v.bias", "o.weight", "o.bias"]


def mha_case(d=8, heads=2):
    p, start = {}, 0
    for name in MHA_NAMES:
        shape = (d, d) if name.endswith("weight") else (d,)
        p[name] = draws(20, shape, 0.5, start)
        start += math.prod(shape)
    x, m = draws(21, (2, 4, d)), draws(22, (2, 5, d))
    pad = torch.tensor([[False] * 5, [False, False, False, True, True]])  # True = ignore
    mha = torch.nn.MultiheadAttention(d, heads, batch_first=True)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.cat([p["q.weight"], p["k.weight"], p["v.weight"]]))
        mha.in_proj_bias.copy_(torch.cat([p["q.bias"], p["k.bias"], p["v.bias"]]))
        mha.out_proj.weight.copy_(p["o.weight"])
        mha.out_proj.bias.copy_(p["o.bias"])
    out, weights = mha(x, m, m, key_padding_mask=pad, average_attn_weights=False)
    return {"d_model": d, "n_head": heads, "params": {k: v.flatten().tolist() for k, v in p.items()},
            "x": x.tolist(), "memory": m.tolist(), "padding": pad.int().tolist(),
            "output": out.tolist(), "weights": weights.tolist()}


def params(c, learned):
    """(name, shape, bound) in the lab's order (Config::params); bound None: LN gain 1 / bias 0."""
    d, ff = c["d_model"], c["d_ff"]
    out = [("embed.weight", (c["vocab_size"], d), math.sqrt(3.0 / d))]
    if learned:
        out.append(("pos.weight", (c["max_len"], d), 1.0))

    def linear(name, fan_in, fan_out):
        out.append((name + ".weight", (fan_out, fan_in), math.sqrt(6.0 / (fan_in + fan_out))))
        out.append((name + ".bias", (fan_out,), 1.0 / math.sqrt(fan_in)))

    def norm(name):
        out.extend([(name + ".weight", (d,), None), (name + ".bias", (d,), None)])

    for stack, attentions in [("encoder", ["self_attn"]), ("decoder", ["self_attn", "cross_attn"])]:
        for l in range(c["n_layer"]):
            for k, attn in enumerate(attentions):
                for w in "qkvo":
                    linear(f"{stack}.{l}.{attn}.{w}", d, d)
                norm(f"{stack}.{l}.ln{k + 1}")
            linear(f"{stack}.{l}.ffn.w1", d, ff)
            linear(f"{stack}.{l}.ffn.w2", ff, d)
            norm(f"{stack}.{l}.ln{len(attentions) + 1}")
    return out


def weights(c, learned, seed=1):
    p, start = {}, 0
    for name, shape, bound in params(c, learned):
        if bound is None:
            fill = torch.ones if name.endswith("weight") else torch.zeros
            p[name] = fill(shape).requires_grad_()
            continue
        p[name] = draws(seed, shape, bound, start).requires_grad_()
        start += math.prod(shape)
    return p


def sinusoidal(t, d):
    pos = torch.arange(t, dtype=torch.float64)[:, None]
    i = torch.arange(d)
    angle = pos / torch.pow(10000.0, (i - i % 2).to(torch.float64) / d)
    return torch.where(i % 2 == 0, torch.sin(angle), torch.cos(angle))


def mha(p, name, x, m, keep, heads):
    b, tq, d = x.shape
    split = lambda w, h: F.linear(h, p[f"{name}.{w}.weight"], p[f"{name}.{w}.bias"]).view(
        b, h.shape[1], heads, d // heads).transpose(1, 2)
    y = F.scaled_dot_product_attention(split("q", x), split("k", m), split("v", m), attn_mask=keep)
    return F.linear(y.transpose(1, 2).reshape(b, tq, d), p[f"{name}.o.weight"], p[f"{name}.o.bias"])


def transformer(p, c, src, tgt):
    d, heads = c["d_model"], c["n_head"]
    ln = lambda x, name: F.layer_norm(x, (d,), p[name + ".weight"], p[name + ".bias"], 1e-5)
    ffn = lambda x, name: F.linear(F.relu(F.linear(x, p[name + ".w1.weight"], p[name + ".w1.bias"])),
                                   p[name + ".w2.weight"], p[name + ".w2.bias"])

    def embed(ids):
        t = ids.shape[1]
        pos = p["pos.weight"][:t] if "pos.weight" in p else sinusoidal(t, d)
        return p["embed.weight"][ids] * math.sqrt(d) + pos

    t = tgt.shape[1]
    src_keep = (src != PAD)[:, None, None, :]  # (B, 1, 1, S)
    tgt_keep = (tgt != PAD)[:, None, None, :] & torch.tril(torch.ones(t, t, dtype=torch.bool))
    x = embed(src)
    for l in range(c["n_layer"]):
        e = f"encoder.{l}"
        x = ln(x + mha(p, e + ".self_attn", x, x, src_keep, heads), e + ".ln1")  # post-LN
        x = ln(x + ffn(x, e + ".ffn"), e + ".ln2")
    y = embed(tgt)
    for l in range(c["n_layer"]):
        e = f"decoder.{l}"
        y = ln(y + mha(p, e + ".self_attn", y, y, tgt_keep, heads), e + ".ln1")
        y = ln(y + mha(p, e + ".cross_attn", y, x, src_keep, heads), e + ".ln2")
        y = ln(y + ffn(y, e + ".ffn"), e + ".ln3")
    return y @ p["embed.weight"].T  # tied output layer


def summary(p, learned):
    out = {}
    for name, _, _ in params(CONFIG, learned):
        t = p[name].grad.detach().flatten()
        r = torch.tensor(2.0 * uniform(3, 0, t.numel()) - 1.0)
        out[name] = {"first": t[:FIRST].tolist(), "norm": t.norm().item(), "projection": (t @ r).item()}
    return out


def model_case(learned):
    p = weights(CONFIG, learned)
    src, tgt_in, tgt_out = torch.tensor(SRC), torch.tensor(TGT_IN), torch.tensor(TGT_OUT)
    logits = transformer(p, CONFIG, src, tgt_in)
    loss = F.cross_entropy(logits.reshape(-1, CONFIG["vocab_size"]), tgt_out.reshape(-1),
                           ignore_index=PAD, label_smoothing=SMOOTHING)
    loss.backward()
    return {"logits": logits.tolist(), "loss": loss.item(), "grad": summary(p, learned)}


def main(path):
    golden = {
        "generated_by": "scripts/reference/attention.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "torch": torch.__version__},
        "sdpa": sdpa_case(),
        "mha": mha_case(),
        "config": CONFIG,
        "label_smoothing": SMOOTHING,
        "src": SRC,
        "tgt_in": TGT_IN,
        "tgt_out": TGT_OUT,
        "sinusoidal": model_case(False),
        "learned": model_case(True),
    }
    with open(path, "w") as out:
        json.dump(golden, out, indent=1)
        out.write("\n")
    print(f"transformer loss: sinusoidal {golden['sinusoidal']['loss']:.10f}, "
          f"learned {golden['learned']['loss']:.10f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "attention.json")
