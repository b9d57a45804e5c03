"""Reference numbers for the `cifar-cnn` lab (labs/deep), made by PyTorch.

The lab's three networks for CIFAR-10 images (4, 3, 32, 32), exactly as
labs/deep/src/models.rs builds them with candle:

    LeNet    conv 3→6 5×5 → ReLU → max-pool 2 → conv 6→16 5×5 → ReLU → max-pool 2 → 400 → 120
             → 84 → 10 (ReLU between)
    AlexNet  conv 3→16 → pool → 16→32 → pool → 32→48 → 48→48 → 48→32 → pool (3×3, padding 1,
             ReLU after each) → 512 → 256 → 128 → 10, dropout 0.5 after the hidden layers
    ResNet   conv 3→8 (no bias) → BN → ReLU → block 8 → block 16 (stride 2) → block 32
             (stride 2) → mean over H, W → linear 32 → 10; block(x) = ReLU(BN(conv(ReLU(BN(
             conv_s(x))))) + shortcut(x)), shortcut = BN(conv 1×1, stride s) when the shape
             changes; BatchNorm2d defaults (ε 1e-5, momentum 0.1, γ = 1, β = 0)

Weights come from SplitMix64 (splitmix.py) as in deep.py: β(2u − 1), β = 1/√fan_in, one stream
of seed 1 over the convolution and linear parameters in the order of `uniform_params` (batch
norm's γ, β are 1 and 0). The batch is x = u(seed 2) as (4, 3, 32, 32), labels LABELS.

In float64 (values rounded to float32 first): the eval-mode logits of the three networks; the
ResNet in training mode (batch statistics): logits, loss, the gradient of every parameter
(first 16 entries, L2 norm, Σ g ⊙ r with r = 2u(seed 3) − 1), and every running mean and
variance after that one forward pass; then its eval-mode logits with those running statistics.

Then the lab's three recipes in float32 on the offline subset (the first 4 000 training and
1 000 test images of CIFAR-10, ConvNetJS's PNG sprites decoded here with zlib and NumPy),
standardised per channel with the training pixels' mean and standard deviation, random crops
(zero padding 4) and horizontal flips, batches of 128, cosine schedule per step, from the same
initial weights (seed 42) but NumPy's shuffles and crops and torch's dropout masks; the quick
and the full setting (the first 2 000 training images for 2 epochs; all 4 000 for 15); the test accuracy after each epoch for seed 0, then the final test
accuracy for seeds 1–3 (the same weights, other shuffles, crops and masks): the seed-to-seed
spread the lab's margin is set from.

Usage: scripts/reference/run.sh cifar  (writes scripts/reference/golden/cifar.json; one thread,
see `seconds` in the JSON for how long the training took)
"""

import json
import math
import os
import platform
import struct
import sys
import time
import zlib

import numpy as np
import torch
import torch.nn.functional as F

from splitmix import uniform

torch.set_default_dtype(torch.float64)

LABELS = [3, 1, 4, 1]
FIRST = 16
LENET = {"convs": [(3, 6, 5, 0, True), (6, 16, 5, 0, True)], "fcs": [400, 120, 84, 10], "dropout": 0.0}
ALEXNET = {"convs": [(3, 16, 3, 1, True), (16, 32, 3, 1, True), (32, 48, 3, 1, False), (48, 48, 3, 1, False),
                     (48, 32, 3, 1, True)], "fcs": [512, 256, 128, 10], "dropout": 0.5}
RESNET = {"widths": [8, 16, 32], "classes": 10}
ARCHS = {"lenet": LENET, "alexnet": ALEXNET, "resnet": RESNET}
# The lab's recipes: (arch, AdamW?, lr, weight decay, epochs quick, epochs full).
RECIPES = {
    "lenet": ("lenet", True, 2e-3, 5e-4, 2, 15),
    "alexnet": ("alexnet", True, 1e-3, 5e-4, 2, 15),
    "resnet": ("resnet", False, 0.05, 5e-4, 2, 15),
}
# Training images: the quick setting's first 2 000, the full one's all 4 000 of the subset.
N_TRAIN = {"quick": 2000, "full": 4000}
SPREAD_SEEDS = [1, 2, 3]


def blocks(arch):
    """(name, in, out, stride) of each residual block."""
    widths, cin, out = arch["widths"], arch["widths"][0], []
    for k, w in enumerate(widths):
        out.append((f"layer{k + 1}", cin, w, 1 if k == 0 else 2))
        cin = w
    return out


def layout(arch):
    """(uniform params [(name, shape, fan_in)], batch norms [(name, channels)]) in the lab's order."""
    uni, bns = [], []
    conv = lambda name, cin, cout, k, bias: uni.extend(
        [(f"{name}.weight", (cout, cin, k, k), cin * k * k)] + ([(f"{name}.bias", (cout,), cin * k * k)] if bias else []))
    if "convs" in arch:
        for k, (cin, cout, ks, _, _) in enumerate(arch["convs"]):
            conv(f"conv{k + 1}", cin, cout, ks, True)
        for k, (a, b) in enumerate(zip(arch["fcs"], arch["fcs"][1:])):
            uni.extend([(f"fc{k + 1}.weight", (b, a), a), (f"fc{k + 1}.bias", (b,), a)])
    else:
        w0 = arch["widths"][0]
        conv("stem.conv", 3, w0, 3, False)
        bns.append(("stem.bn", w0))
        for name, cin, cout, stride in blocks(arch):
            conv(f"{name}.conv1", cin, cout, 3, False)
            bns.append((f"{name}.bn1", cout))
            conv(f"{name}.conv2", cout, cout, 3, False)
            bns.append((f"{name}.bn2", cout))
            if stride != 1 or cin != cout:
                conv(f"{name}.shortcut.conv", cin, cout, 1, False)
                bns.append((f"{name}.shortcut.bn", cout))
        last = arch["widths"][-1]
        uni.extend([("fc.weight", (arch["classes"], last), last), ("fc.bias", (arch["classes"],), last)])
    return uni, bns


def build(arch, seed, dtype):
    """Parameters (requires_grad) and buffers (running statistics) of a network."""
    uni, bns = layout(arch)
    p, buffers, start = {}, {}, 0
    for name, shape, fan_in in uni:
        n = math.prod(shape)
        w = ((2.0 * uniform(seed, start, n) - 1.0) / math.sqrt(fan_in)).astype(np.float32)
        p[name] = torch.tensor(w.astype(np.float64), dtype=dtype).reshape(shape).requires_grad_()
        start += n
    for name, c in bns:
        p[f"{name}.weight"] = torch.ones(c, dtype=dtype, requires_grad=True)
        p[f"{name}.bias"] = torch.zeros(c, dtype=dtype, requires_grad=True)
        buffers[f"{name}.running_mean"] = torch.zeros(c, dtype=dtype)
        buffers[f"{name}.running_var"] = torch.ones(c, dtype=dtype)
    return p, buffers


def forward(arch, p, buffers, x, train):
    """Logits; in training mode dropout is on and batch norm uses (and records) batch statistics."""
    if "convs" in arch:
        h = x
        for k, (_, _, _, pad, pool) in enumerate(arch["convs"]):
            h = F.relu(F.conv2d(h, p[f"conv{k + 1}.weight"], p[f"conv{k + 1}.bias"], padding=pad))
            h = F.max_pool2d(h, 2) if pool else h
        h = h.flatten(1)
        n = len(arch["fcs"]) - 1
        for k in range(n):
            h = F.linear(h, p[f"fc{k + 1}.weight"], p[f"fc{k + 1}.bias"])
            if k + 1 < n:
                h = F.relu(h)
                if arch["dropout"] > 0:
                    h = F.dropout(h, arch["dropout"], training=train)
        return h

    def bn(name, h):
        return F.batch_norm(h, buffers[f"{name}.running_mean"], buffers[f"{name}.running_var"], p[f"{name}.weight"],
                            p[f"{name}.bias"], training=train, momentum=0.1, eps=1e-5)

    h = F.relu(bn("stem.bn", F.conv2d(x, p["stem.conv.weight"], padding=1)))
    for name, cin, cout, stride in blocks(arch):
        y = F.relu(bn(f"{name}.bn1", F.conv2d(h, p[f"{name}.conv1.weight"], stride=stride, padding=1)))
        y = bn(f"{name}.bn2", F.conv2d(y, p[f"{name}.conv2.weight"], padding=1))
        skip = h
        if stride != 1 or cin != cout:
            skip = bn(f"{name}.shortcut.bn", F.conv2d(h, p[f"{name}.shortcut.conv.weight"], stride=stride))
        h = F.relu(y + skip)
    return F.linear(h.mean((2, 3)), p["fc.weight"], p["fc.bias"])


def summary(tensors):
    out = {}
    for name, t in tensors.items():
        t = t.detach().flatten()
        r = torch.tensor(2.0 * uniform(3, 0, t.numel()) - 1.0)
        out[name] = {"first": t[:FIRST].tolist(), "norm": t.norm().item(), "projection": (t @ r).item()}
    return out


def golden_batch():
    x = torch.tensor(uniform(2, 0, 4 * 3 * 32 * 32).astype(np.float32).astype(np.float64)).reshape(4, 3, 32, 32)
    return x, torch.tensor(LABELS)


# ---- the subset, decoded without PIL ----

def read_png_rgb(path):
    """An 8-bit RGB, non-interlaced PNG as (height, width, 3) uint8 (all five row filters)."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I", data[pos:pos + 4])[0], data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert (depth, colour, interlace) == (8, 2, 0), path
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(h, 1 + 3 * w)
    out, prev = np.zeros((h, 3 * w), dtype=np.int64), np.zeros(3 * w, dtype=np.int64)
    for r in range(h):
        f, line = raw[r, 0], raw[r, 1:].astype(np.int64)
        if f == 0:
            cur = line
        elif f == 1:
            cur = np.cumsum(line.reshape(w, 3), axis=0).reshape(-1) % 256
        elif f == 2:
            cur = (line + prev) % 256
        else:  # average and Paeth depend on the byte just decoded: byte by byte
            cur = np.zeros(3 * w, dtype=np.int64)
            for i in range(3 * w):
                a, up, c = (cur[i - 3] if i >= 3 else 0), prev[i], (prev[i - 3] if i >= 3 else 0)
                if f == 3:
                    pred = (a + up) // 2
                else:
                    q = a + up - c
                    pa, pb, pc = abs(q - a), abs(q - up), abs(q - c)
                    pred = a if pa <= pb and pa <= pc else (up if pb <= pc else c)
                cur[i] = (line[i] + pred) % 256
        out[r], prev = cur, cur
    return out.astype(np.uint8).reshape(h, w, 3)


def subset():
    """(train x (4000, 3, 32, 32) in [0, 1], labels), (test x (1000, …), labels)."""
    root = os.path.join(os.environ.get("LLMPATH_DATA", os.path.join(os.path.dirname(__file__), "../../../shared/data")),
                        "cifar10_subset")
    text = open(os.path.join(root, "cifar10_labels.js")).read().strip()
    labels = json.loads(text.removeprefix("var labels=").rstrip(";"))
    split = lambda batches: (
        np.concatenate([read_png_rgb(os.path.join(root, f"cifar10_batch_{b}.png")).reshape(-1, 32, 32, 3)
                        .transpose(0, 3, 1, 2) for b in batches]).astype(np.float32) / 255.0,
        np.concatenate([labels[b * 1000:(b + 1) * 1000] for b in batches]))
    return split([0, 1, 2, 3]), split([50])


def train_recipe(name, epochs, data, seed, n_train):
    """The lab's recipe on the first n_train training images: the test accuracy after each epoch."""
    (x, y), (xt, yt) = data
    x, y = x[:n_train], y[:n_train]
    arch_name, adamw, lr0, decay, _, _ = RECIPES[name]
    arch = ARCHS[arch_name]
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    mean = x.mean(axis=(0, 2, 3), dtype=np.float64)
    std = np.sqrt((x.astype(np.float64) ** 2).mean(axis=(0, 2, 3)) - mean ** 2)
    norm = lambda a: torch.tensor(((a - mean[None, :, None, None]) / std[None, :, None, None]).astype(np.float32))
    p, buffers = build(arch, 42, torch.float32)
    params = list(p.values())
    opt = (torch.optim.AdamW(params, lr=lr0, weight_decay=decay) if adamw
           else torch.optim.SGD(params, lr=lr0, momentum=0.9, weight_decay=decay))
    n = len(y)
    steps, step, accuracy = epochs * math.ceil(n / 128), 0, []
    xt_norm, yt_t = norm(xt), torch.tensor(yt)
    for _ in range(epochs):
        for idx in np.array_split(rng.permutation(n), range(128, n, 128)):
            padded = np.pad(x[idx], ((0, 0), (0, 0), (4, 4), (4, 4)))
            dy, dx, flip = rng.integers(0, 9, len(idx)), rng.integers(0, 9, len(idx)), rng.random(len(idx)) < 0.5
            xb = np.stack([padded[i, :, dy[i]:dy[i] + 32, dx[i]:dx[i] + 32] for i in range(len(idx))])
            xb[flip] = xb[flip][..., ::-1]
            for group in opt.param_groups:
                group["lr"] = 0.5 * lr0 * (1 + math.cos(math.pi * step / steps))
            opt.zero_grad()
            F.cross_entropy(forward(arch, p, buffers, norm(xb), True), torch.tensor(y[idx])).backward()
            opt.step()
            step += 1
        with torch.no_grad():
            accuracy.append((forward(arch, p, buffers, xt_norm, False).argmax(1) == yt_t).float().mean().item())
        print(f"  {name} seed {seed}: epoch {len(accuracy)}/{epochs} test accuracy {accuracy[-1]:.4f}", flush=True)
    return accuracy


def training(names=RECIPES):
    torch.set_num_threads(1)  # the build machine's 2 cores are shared
    data = subset()
    started = time.time()
    out = {}
    for setting, column in [("quick", 4), ("full", 5)]:
        out[setting] = {}
        for name in names:
            epochs = RECIPES[name][column]
            accuracy = train_recipe(name, epochs, data, 0, N_TRAIN[setting])
            spread = [train_recipe(name, epochs, data, s, N_TRAIN[setting])[-1] for s in SPREAD_SEEDS]
            out[setting][name] = {"epochs": epochs, "train_images": N_TRAIN[setting], "test_accuracy": accuracy,
                                  "seeds": SPREAD_SEEDS, "seeds_final": spread}
    return out | {"seconds": time.time() - started, "threads": 1}


def golden():
    x, y = golden_batch()
    logits = {}
    for name, arch in ARCHS.items():
        p, buffers = build(arch, 1, torch.float64)
        with torch.no_grad():
            logits[name] = forward(arch, p, buffers, x, False).tolist()
    p, buffers = build(RESNET, 1, torch.float64)
    train_logits = forward(RESNET, p, buffers, x, True)
    loss = F.cross_entropy(train_logits, y)
    loss.backward()
    with torch.no_grad():
        eval_after = forward(RESNET, p, buffers, x, False)
    uni, _ = layout(RESNET)
    return {
        "labels": LABELS,
        "uniform_params": [[name, list(shape), fan_in] for name, shape, fan_in in uni],
        "logits": logits,
        "resnet_train_logits": train_logits.tolist(),
        "resnet_train_loss": loss.item(),
        "resnet_grad": summary({k: v.grad for k, v in p.items()}),
        "resnet_running": summary(buffers),
        "resnet_eval_logits_after": eval_after.tolist(),
    }


def main(path):
    out = {
        "generated_by": "scripts/reference/cifar.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "torch": torch.__version__},
    } | golden()
    out["training"] = training()
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"resnet train-mode loss {out['resnet_train_loss']:.10f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "cifar.json")
