"""Reference numbers for the small GPT lab (labs/llm, `gpt`), made by PyTorch (float64).

The tiny GPT the lab's tests build with candle, here in plain PyTorch functions (nanoGPT's
model.py with bias=False and weight tying):

    x      = wte[idx] + wpe[0..T]
    x      = x + c_proj(SDPA_causal(c_attn(LN₁(x))))       per block, 2 heads
    x      = x + mlp.c_proj(GELU(mlp.c_fc(LN₂(x))))        exact (erf) GELU
    logits = LN_f(x) wteᵀ,  loss = cross-entropy (mean over the B·T positions)

Weights come from SplitMix64 (splitmix.py), one stream (seed 1) over the parameters in the
order of `params()`, each row-major (PyTorch's and candle's layout):

    w = σ√3 (2u − 1)   (uniform with nanoGPT's standard deviations: σ = 0.02, and 0.02/√(2L)
                        for the residual projections attn.c_proj and mlp.c_proj)
    LayerNorm gains = 1
    idx    = ⌊V · u(seed 2, ·)⌋ as (B, T),  targets = ⌊V · u(seed 4, ·)⌋

Weights are rounded to float32 first (the lab trains in float32), then everything is float64.
For each parameter the JSON keeps its gradient's first 16 entries, L2 norm and Σ g ⊙ r with
r = 2 u(seed 3, ·) − 1 (a random projection: any wrong entry moves it). Then two steps of
nanoGPT's optimiser on the same batch: clip_grad_norm_ then AdamW (betas 0.9/0.99, eps 1e-8,
weight decay 0.1 on matrices only), learning rate 1e-3: the loss and gradient norm before each
step and the same summary of each parameter's change θ₂ − θ₀.

Usage: scripts/reference/run.sh gpt  (writes scripts/reference/golden/gpt.json; seconds)
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

CONFIG = {"vocab_size": 11, "block_size": 8, "n_layer": 2, "n_head": 2, "n_embd": 16}
BATCH = 2
ADAMW = {"lr": 1e-3, "betas": [0.9, 0.99], "eps": 1e-8, "weight_decay": 0.1, "grad_clip": 1.0}
FIRST = 16


def params():
    """(name, shape, σ) in nanoGPT's named_parameters() order; σ = 0: a LayerNorm gain."""
    c, layers = CONFIG["n_embd"], CONFIG["n_layer"]
    proj = 0.02 / math.sqrt(2 * layers)
    out = [("transformer.wte.weight", (CONFIG["vocab_size"], c), 0.02),
           ("transformer.wpe.weight", (CONFIG["block_size"], c), 0.02)]
    for l in range(layers):
        h = f"transformer.h.{l}."
        out += [(h + "ln_1.weight", (c,), 0.0), (h + "attn.c_attn.weight", (3 * c, c), 0.02),
                (h + "attn.c_proj.weight", (c, c), proj), (h + "ln_2.weight", (c,), 0.0),
                (h + "mlp.c_fc.weight", (4 * c, c), 0.02), (h + "mlp.c_proj.weight", (c, 4 * c), proj)]
    return out + [("transformer.ln_f.weight", (c,), 0.0)]


def weights():
    out, start = {}, 0
    for name, shape, std in params():
        if std == 0.0:
            out[name] = torch.ones(shape, requires_grad=True)
            continue
        n = math.prod(shape)
        w = (std * math.sqrt(3.0)) * (2.0 * uniform(1, start, n) - 1.0)
        out[name] = torch.tensor(w.astype(np.float32).astype(np.float64)).reshape(shape).requires_grad_()
        start += n
    return out


def tokens(seed):
    n = BATCH * CONFIG["block_size"]
    ids = (CONFIG["vocab_size"] * uniform(seed, 0, n)).astype(np.int64)
    return torch.tensor(ids).reshape(BATCH, CONFIG["block_size"])


def gpt(p, idx):
    b, t = idx.shape
    c, heads = CONFIG["n_embd"], CONFIG["n_head"]
    ln = lambda x, name: F.layer_norm(x, (c,), p[name], None, 1e-5)
    x = p["transformer.wte.weight"][idx] + p["transformer.wpe.weight"][:t]
    for l in range(CONFIG["n_layer"]):
        h = f"transformer.h.{l}."
        q, k, v = F.linear(ln(x, h + "ln_1.weight"), p[h + "attn.c_attn.weight"]).split(c, dim=2)
        q, k, v = (z.view(b, t, heads, c // heads).transpose(1, 2) for z in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(b, t, c)
        x = x + F.linear(y, p[h + "attn.c_proj.weight"])
        m = F.gelu(F.linear(ln(x, h + "ln_2.weight"), p[h + "mlp.c_fc.weight"]))
        x = x + F.linear(m, p[h + "mlp.c_proj.weight"])
    return F.linear(ln(x, "transformer.ln_f.weight"), p["transformer.wte.weight"])


def loss_of(logits, y):
    return F.cross_entropy(logits.reshape(-1, CONFIG["vocab_size"]), y.reshape(-1))


def summary(tensors):
    out = {}
    for name, _, _ in params():
        t = tensors[name].detach().flatten()
        r = torch.tensor(2.0 * uniform(3, 0, t.numel()) - 1.0)
        out[name] = {"first": t[:FIRST].tolist(), "norm": t.norm().item(), "projection": (t @ r).item()}
    return out


def two_steps():
    p = weights()
    start = {k: v.detach().clone() for k, v in p.items()}
    decay = [v for v in p.values() if v.dim() >= 2]
    no_decay = [v for v in p.values() if v.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": ADAMW["weight_decay"]},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=ADAMW["lr"], betas=ADAMW["betas"], eps=ADAMW["eps"])
    x, y = tokens(2), tokens(4)
    losses, norms = [], []
    for _ in range(2):
        opt.zero_grad()
        loss = loss_of(gpt(p, x), y)
        loss.backward()
        norms.append(torch.nn.utils.clip_grad_norm_(list(p.values()), ADAMW["grad_clip"]).item())
        opt.step()
        losses.append(loss.item())
    return {"losses": losses, "grad_norms": norms, "delta": summary({k: p[k] - start[k] for k in p})}


def main(path):
    p = weights()
    x, y = tokens(2), tokens(4)
    logits = gpt(p, x)
    loss = loss_of(logits, y)
    loss.backward()
    golden = {
        "generated_by": "scripts/reference/gpt.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "torch": torch.__version__},
        "config": CONFIG,
        "idx": x.tolist(),
        "targets": y.tolist(),
        "logits": logits.tolist(),
        "loss": loss.item(),
        "grad": summary({k: v.grad for k, v in p.items()}),
        "adamw": ADAMW | two_steps(),
    }
    with open(path, "w") as out:
        json.dump(golden, out, indent=1)
        out.write("\n")
    print(f"gpt loss {golden['loss']:.10f}; adamw losses {golden['adamw']['losses']}, "
          f"gradient norms {golden['adamw']['grad_norms']}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "gpt.json")
