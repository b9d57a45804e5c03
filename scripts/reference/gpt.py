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

Then the lab's two training recipes on tiny-shakespeare (65 characters, first 90 % to train),
in float32 from the same SplitMix64 initial weights as the lab (seed 42) but NumPy's windows
(so the numbers agree only up to seed noise): nanoGPT's CPU recipe (4 layers, 4 heads, C = 128,
T = 64, batches of 12, 2000 steps, warm-up 100) and the quick one (2 layers, C = 64, T = 32,
batches of 16, 1000 steps, warm-up 50); AdamW 1e-3 → 1e-4 cosine, clipping 1.0, one thread.
The train and validation losses are means over fixed batches (50 and 20 of each split) at every
estimate, as nanoGPT's estimate_loss.

Usage: scripts/reference/run.sh gpt  (writes scripts/reference/golden/gpt.json; about 5 minutes
on one core, nearly all of it the full training run)
"""

import json
import math
import os
import platform
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

from splitmix import uniform

torch.set_default_dtype(torch.float64)

CONFIG = {"vocab_size": 11, "block_size": 8, "n_layer": 2, "n_head": 2, "n_embd": 16}
BATCH = 2
ADAMW = {"lr": 1e-3, "betas": [0.9, 0.99], "eps": 1e-8, "weight_decay": 0.1, "grad_clip": 1.0}
FIRST = 16


def params(config=CONFIG):
    """(name, shape, σ) in nanoGPT's named_parameters() order; σ = 0: a LayerNorm gain."""
    c, layers = config["n_embd"], config["n_layer"]
    proj = 0.02 / math.sqrt(2 * layers)
    out = [("transformer.wte.weight", (config["vocab_size"], c), 0.02),
           ("transformer.wpe.weight", (config["block_size"], c), 0.02)]
    for l in range(layers):
        h = f"transformer.h.{l}."
        out += [(h + "ln_1.weight", (c,), 0.0), (h + "attn.c_attn.weight", (3 * c, c), 0.02),
                (h + "attn.c_proj.weight", (c, c), proj), (h + "ln_2.weight", (c,), 0.0),
                (h + "mlp.c_fc.weight", (4 * c, c), 0.02), (h + "mlp.c_proj.weight", (c, 4 * c), proj)]
    return out + [("transformer.ln_f.weight", (c,), 0.0)]


def weights(config=CONFIG, seed=1, dtype=torch.float64):
    out, start = {}, 0
    for name, shape, std in params(config):
        if std == 0.0:
            out[name] = torch.ones(shape, dtype=dtype, requires_grad=True)
            continue
        n = math.prod(shape)
        w = (std * math.sqrt(3.0)) * (2.0 * uniform(seed, start, n) - 1.0)
        out[name] = torch.tensor(w.astype(np.float32), dtype=dtype).reshape(shape).requires_grad_()
        start += n
    return out


def tokens(seed):
    n = BATCH * CONFIG["block_size"]
    ids = (CONFIG["vocab_size"] * uniform(seed, 0, n)).astype(np.int64)
    return torch.tensor(ids).reshape(BATCH, CONFIG["block_size"])


def gpt(p, idx, config=CONFIG):
    b, t = idx.shape
    c, heads = config["n_embd"], config["n_head"]
    ln = lambda x, name: F.layer_norm(x, (c,), p[name], None, 1e-5)
    x = p["transformer.wte.weight"][idx] + p["transformer.wpe.weight"][:t]
    for l in range(config["n_layer"]):
        h = f"transformer.h.{l}."
        q, k, v = F.linear(ln(x, h + "ln_1.weight"), p[h + "attn.c_attn.weight"]).split(c, dim=2)
        q, k, v = (z.view(b, t, heads, c // heads).transpose(1, 2) for z in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(b, t, c)
        x = x + F.linear(y, p[h + "attn.c_proj.weight"])
        m = F.gelu(F.linear(ln(x, h + "ln_2.weight"), p[h + "mlp.c_fc.weight"]))
        x = x + F.linear(m, p[h + "mlp.c_proj.weight"])
    return F.linear(ln(x, "transformer.ln_f.weight"), p["transformer.wte.weight"])


def loss_of(logits, y):
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))


def summary(tensors):
    out = {}
    for name, _, _ in params():
        t = tensors[name].detach().flatten()
        r = torch.tensor(2.0 * uniform(3, 0, t.numel()) - 1.0)
        out[name] = {"first": t[:FIRST].tolist(), "norm": t.norm().item(), "projection": (t @ r).item()}
    return out


def adamw(p):
    """nanoGPT's configure_optimizers: weight decay on matrices and embeddings only."""
    decay = [v for v in p.values() if v.dim() >= 2]
    no_decay = [v for v in p.values() if v.dim() < 2]
    return torch.optim.AdamW([{"params": decay, "weight_decay": ADAMW["weight_decay"]},
                              {"params": no_decay, "weight_decay": 0.0}],
                             lr=ADAMW["lr"], betas=ADAMW["betas"], eps=ADAMW["eps"])


def two_steps():
    p = weights()
    start = {k: v.detach().clone() for k, v in p.items()}
    opt = adamw(p)
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


# The lab's two recipes (src/bin/gpt.rs): nanoGPT's CPU recipe, and the quick one.
RECIPES = {
    "full": {"n_layer": 4, "n_head": 4, "n_embd": 128, "block_size": 64, "batch_size": 12,
             "max_iters": 3000, "warmup_iters": 100, "eval_interval": 250, "eval_iters": 50},
    "quick": {"n_layer": 2, "n_head": 4, "n_embd": 64, "block_size": 32, "batch_size": 16,
              "max_iters": 1000, "warmup_iters": 50, "eval_interval": 200, "eval_iters": 20},
}


def get_lr(it, r, lr=1e-3, min_lr=1e-4):
    """nanoGPT's get_lr with lr_decay_iters = max_iters."""
    if it < r["warmup_iters"]:
        return lr * (it + 1) / (r["warmup_iters"] + 1)
    ratio = (it - r["warmup_iters"]) / (r["max_iters"] - r["warmup_iters"])
    return min_lr + 0.5 * (lr - min_lr) * (1.0 + math.cos(math.pi * ratio))


def train_recipe(r, tokens, vocab_size):
    """The recipe in float32 from the lab's initial weights (SplitMix64 seed 42), with NumPy's
    windows (so the numbers agree only up to seed noise): (step, train, val) at every estimate."""
    n = int(len(tokens) * 0.9)
    splits = (tokens[:n], tokens[n:])
    rng = np.random.default_rng(0)
    t, bsz = r["block_size"], r["batch_size"]

    def windows(data):
        i = rng.integers(0, len(data) - t, size=bsz)
        x = np.stack([data[k:k + t] for k in i])
        y = np.stack([data[k + 1:k + 1 + t] for k in i])
        return torch.tensor(x), torch.tensor(y)

    fixed = [[windows(data) for _ in range(r["eval_iters"])] for data in splits]
    config = {"vocab_size": vocab_size} | {k: r[k] for k in ("block_size", "n_layer", "n_head", "n_embd")}
    p = weights(config, 42, torch.float32)
    opt = adamw(p)
    history = []
    for it in range(r["max_iters"] + 1):
        if it % r["eval_interval"] == 0 or it == r["max_iters"]:
            with torch.no_grad():
                est = [np.mean([loss_of(gpt(p, x, config), y).item() for x, y in b]) for b in fixed]
            history.append([it, float(est[0]), float(est[1])])
            print(f"  step {it}: train {est[0]:.4f} val {est[1]:.4f}", flush=True)
        if it == r["max_iters"]:
            break
        for group in opt.param_groups:
            group["lr"] = get_lr(it, r)
        x, y = windows(splits[0])
        opt.zero_grad()
        loss_of(gpt(p, x, config), y).backward()
        torch.nn.utils.clip_grad_norm_(list(p.values()), 1.0)
        opt.step()
    return history


def training():
    root = os.environ.get("LLMPATH_DATA", os.path.join(os.path.dirname(__file__), "../../../shared/data"))
    with open(os.path.join(root, "tiny_shakespeare", "input.txt"), encoding="utf-8") as f:
        text = f.read()
    chars = sorted(set(text))
    index = {ch: i for i, ch in enumerate(chars)}
    tokens = np.array([index[ch] for ch in text], dtype=np.int64)
    torch.set_num_threads(1)
    out = {}
    for name, r in RECIPES.items():
        started = time.time()
        torch.set_default_dtype(torch.float32)
        out[name] = r | {"history": train_recipe(r, tokens, len(chars)), "seconds": time.time() - started}
        torch.set_default_dtype(torch.float64)
    return out


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
        "training": training(),
    }
    with open(path, "w") as out:
        json.dump(golden, out, indent=1)
        out.write("\n")
    print(f"gpt loss {golden['loss']:.10f}; adamw losses {golden['adamw']['losses']}, "
          f"gradient norms {golden['adamw']['grad_norms']}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "gpt.json")
