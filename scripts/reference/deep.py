"""Reference numbers for the candle labs (labs/deep): `mnist-cnn`, made by PyTorch (float64).

A LeNet-5-style network, exactly as the lab builds it with candle:

    conv 1→6, 5×5, pad 2 → ReLU → max-pool 2 → conv 6→16, 5×5 → ReLU → max-pool 2 → flatten (400)
    → linear 120 → ReLU → linear 84 → ReLU → linear 10 → cross-entropy (mean over the batch)

Weights and inputs come from SplitMix64 (Steele, Lea & Flood 2014), as in neural.py, so the lab
needs no shared file of weights:

    u(seed, i)  = (splitmix64(seed, i) >> 11) · 2⁻⁵³            in [0, 1)
    weights     = β (2 u − 1) with β = 1/√fan_in (PyTorch's default bound for Conv2d and Linear),
                  seed 1, one stream over the parameters in the order of PARAMS, each tensor
                  row-major in PyTorch's layout (candle uses the same: conv (out, in, kh, kw),
                  linear (out, in))
    batch       = x = u(seed 2, ·) as (4, 1, 28, 28); labels LABELS
    projection  = r = 2 u(seed 3, ·) − 1 with the shape of each parameter

Every value is rounded to float32 first (the lab trains in float32), then computed in float64.
For each parameter the JSON keeps its gradient's first 16 entries, its L2 norm and Σ g ⊙ r (a
random projection: any wrong entry moves it), instead of all 61 706 numbers. Then two steps of
AdamW (lr 1e-3, betas 0.9/0.999, eps 1e-8, weight decay 0.01) and, from the same start, two of
SGD with momentum (lr 0.05, momentum 0.9, weight decay 5e-4), on the same batch: the loss before
each step and the same summary of each parameter's change Δ = θ₂ − θ₀.

Then the lab's two training recipes, in float32 with the same SplitMix64 initial weights (seed
42) but NumPy's shuffles, shifts and dropout masks (so the numbers agree only up to seed noise):
the MLP (SGD + momentum) and the CNN (AdamW), cosine schedule per step, batches of 128, the
quick setting (first 20 000 training images; 1 and 2 epochs) and the full one (60 000; 4 and 10
epochs), with the test accuracy after each epoch.

Usage: scripts/reference/run.sh deep  (writes scripts/reference/golden/deep.json; about 10
minutes on 2 cores, nearly all of it the full training runs)
"""

import gzip
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

LABELS = [3, 1, 4, 1]
PARAMS = [
    ("conv1.weight", (6, 1, 5, 5), 25),
    ("conv1.bias", (6,), 25),
    ("conv2.weight", (16, 6, 5, 5), 150),
    ("conv2.bias", (16,), 150),
    ("fc1.weight", (120, 400), 400),
    ("fc1.bias", (120,), 400),
    ("fc2.weight", (84, 120), 120),
    ("fc2.bias", (84,), 120),
    ("fc3.weight", (10, 84), 84),
    ("fc3.bias", (10,), 84),
]
ADAMW = {"lr": 1e-3, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.01}
SGD = {"lr": 0.05, "momentum": 0.9, "weight_decay": 5e-4}
FIRST = 16




def as_f32(a):
    return torch.tensor(a.astype(np.float32).astype(np.float64))


def weights():
    out, start = {}, 0
    for name, shape, fan_in in PARAMS:
        n = math.prod(shape)
        w = (2.0 * uniform(1, start, n) - 1.0) / math.sqrt(fan_in)
        out[name] = as_f32(w).reshape(shape).requires_grad_()
        start += n
    return out


def batch():
    x = as_f32(uniform(2, 0, 4 * 28 * 28)).reshape(4, 1, 28, 28)
    return x, torch.tensor(LABELS)


def lenet(p, x):
    h = F.max_pool2d(F.relu(F.conv2d(x, p["conv1.weight"], p["conv1.bias"], padding=2)), 2)
    h = F.max_pool2d(F.relu(F.conv2d(h, p["conv2.weight"], p["conv2.bias"])), 2)
    h = h.flatten(1)
    h = F.relu(F.linear(h, p["fc1.weight"], p["fc1.bias"]))
    h = F.relu(F.linear(h, p["fc2.weight"], p["fc2.bias"]))
    return F.linear(h, p["fc3.weight"], p["fc3.bias"])


def summary(tensors):
    out = {}
    for name, shape, _ in PARAMS:
        t = tensors[name].detach().flatten()
        r = torch.tensor(2.0 * uniform(3, 0, t.numel()) - 1.0)
        out[name] = {"first": t[:FIRST].tolist(), "norm": t.norm().item(), "projection": (t @ r).item()}
    return out


def two_steps(make_optimizer):
    p = weights()
    start = {k: v.detach().clone() for k, v in p.items()}
    opt = make_optimizer(list(p.values()))
    x, y = batch()
    losses = []
    for _ in range(2):
        opt.zero_grad()
        loss = F.cross_entropy(lenet(p, x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return {"losses": losses, "delta": summary({k: p[k] - start[k] for k in p})}


MLP_PARAMS = [("fc1.weight", (256, 784), 784), ("fc1.bias", (256,), 784), ("fc2.weight", (128, 256), 256),
              ("fc2.bias", (128,), 256), ("fc3.weight", (10, 128), 128), ("fc3.bias", (10,), 128)]


def mnist(kind, n):
    root = os.path.join(os.environ.get("LLMPATH_DATA", os.path.join(os.path.dirname(__file__), "../../../shared/data")), "mnist")
    read = lambda name, skip: np.frombuffer(gzip.open(os.path.join(root, name)).read()[skip:], dtype=np.uint8)
    x = read(f"{kind}-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28)[:n].astype(np.float32) / 255.0
    return torch.tensor(x, dtype=torch.float32), torch.tensor(read(f"{kind}-labels-idx1-ubyte.gz", 8)[:n].astype(np.int64))


def net32(params, seed):
    out, start = {}, 0
    for name, shape, fan_in in params:
        n = math.prod(shape)
        w = (2.0 * uniform(seed, start, n) - 1.0) / math.sqrt(fan_in)
        out[name] = torch.tensor(w.astype(np.float32)).reshape(shape).requires_grad_()
        start += n
    return out


def forward32(p, x, cnn, train):
    drop = lambda h, q: F.dropout(h, q, training=train)
    if cnn:
        h = F.max_pool2d(F.relu(F.conv2d(x, p["conv1.weight"], p["conv1.bias"], padding=2)), 2)
        h = F.max_pool2d(F.relu(F.conv2d(h, p["conv2.weight"], p["conv2.bias"])), 2).flatten(1)
    else:
        h = x.flatten(1)
    q = 0.25 if cnn else 0.2
    h = drop(F.relu(F.linear(h, p["fc1.weight"], p["fc1.bias"])), q)
    h = drop(F.relu(F.linear(h, p["fc2.weight"], p["fc2.bias"])), q)
    return F.linear(h, p["fc3.weight"], p["fc3.bias"])


def train_recipe(cnn, n, epochs):
    """The lab's recipe; test accuracy after each epoch."""
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    norm = lambda x: (x - 0.1307) / 0.3081
    x, y = mnist("train", n)
    xt, yt = mnist("t10k", 10_000)
    p = net32(PARAMS if cnn else MLP_PARAMS, 42)
    lr0 = 3e-3 if cnn else 0.05
    opt = (torch.optim.AdamW(list(p.values()), lr=lr0, weight_decay=0.01) if cnn
           else torch.optim.SGD(list(p.values()), lr=lr0, momentum=0.9, weight_decay=5e-4))
    steps, step, accuracy = epochs * math.ceil(n / 128), 0, []
    for _ in range(epochs):
        order = torch.tensor(rng.permutation(n))
        for idx in order.split(128):
            xb = x[idx]
            if cnn:  # a shift of up to 2 px each way, zero fill: pad 2, crop 28 at a random corner
                padded, (dy, dx) = F.pad(xb, (2, 2, 2, 2)), rng.integers(0, 5, size=(2, len(idx)))
                xb = torch.stack([padded[i, :, dy[i]:dy[i] + 28, dx[i]:dx[i] + 28] for i in range(len(idx))])
            for group in opt.param_groups:
                group["lr"] = 0.5 * lr0 * (1 + math.cos(math.pi * step / steps))
            opt.zero_grad()
            F.cross_entropy(forward32(p, norm(xb), cnn, True), y[idx]).backward()
            opt.step()
            step += 1
        with torch.no_grad():
            accuracy.append((forward32(p, norm(xt), cnn, False).argmax(1) == yt).float().mean().item())
        print(f"  {'cnn' if cnn else 'mlp'} n={n}: epoch {len(accuracy)} test accuracy {accuracy[-1]:.4f}", flush=True)
    return accuracy


def training():
    torch.set_num_threads(2)
    with torch.no_grad():
        torch.set_default_dtype(torch.float32)
    started = time.time()
    out = {
        "quick": {"mlp": train_recipe(False, 20_000, 1), "cnn": train_recipe(True, 20_000, 2)},
        "full": {"mlp": train_recipe(False, 60_000, 4), "cnn": train_recipe(True, 60_000, 10)},
    }
    torch.set_default_dtype(torch.float64)
    return out | {"seconds": time.time() - started}


def main(path):
    p = weights()
    x, y = batch()
    logits = lenet(p, x)
    loss = F.cross_entropy(logits, y)
    loss.backward()
    golden = {
        "generated_by": "scripts/reference/deep.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "torch": torch.__version__},
        "labels": LABELS,
        "uniform_first": uniform(1, 0, 4).tolist(),
        "logits": logits.tolist(),
        "loss": loss.item(),
        "grad": summary({k: v.grad for k, v in p.items()}),
        "adamw": ADAMW | two_steps(lambda ps: torch.optim.AdamW(ps, lr=ADAMW["lr"], betas=ADAMW["betas"], eps=ADAMW["eps"], weight_decay=ADAMW["weight_decay"])),
        "sgd": SGD | two_steps(lambda ps: torch.optim.SGD(ps, lr=SGD["lr"], momentum=SGD["momentum"], weight_decay=SGD["weight_decay"])),
        "training": training(),
    }
    with open(path, "w") as out:
        json.dump(golden, out, indent=1)
        out.write("\n")
    print(f"lenet loss {golden['loss']:.10f}; adamw losses {golden['adamw']['losses']}; sgd losses {golden['sgd']['losses']}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "deep.json")
