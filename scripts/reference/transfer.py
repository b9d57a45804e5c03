"""Reference numbers for the transfer-learning lab (labs/deep/src/bin/transfer.rs), made by PyTorch.

Feature extraction trains only a new linear head on features a frozen backbone computed once.
This script takes that step on its own, as the lab does it (the backbone's forward pass and
batch norm are proven by cifar.py; freezing by the lab's bit-identity checks):

    features    F = u(seed 2, ·) as (12, 32), float32 (nonnegative, as ReLU + average pooling gives)
    labels      y_i = i mod 5
    head        z = W f + b, W (5, 32), b (5,): β (2 u(seed 1, ·) − 1), β = 1/√32, W then b
                (PyTorch's default nn.Linear bound; one SplitMix64 stream, row-major)
    training    AdamW (betas 0.9/0.999, eps 1e-8, weight decay 5e-4), rate 1e-2 on the cosine
                schedule η_t = ½ η₀ (1 + cos(π t / T)), T = 6 steps; batches rows 0–5 then 6–11,
                three times (no shuffle); loss = mean cross-entropy

Output (golden/transfer.json): the loss before each step, and W and b after the six steps.
Computed in float32, as the lab trains (torch.set_num_threads(1), deterministic).

Run: python scripts/reference/transfer.py scripts/reference/golden/transfer.json
"""

import json
import math
import sys

import numpy as np
import torch

from splitmix import uniform

STEPS = 6
LR = 1e-2
WEIGHT_DECAY = 5e-4


def main(path):
    torch.set_num_threads(1)
    features = torch.tensor(uniform(2, 0, 12 * 32).astype(np.float32).reshape(12, 32))
    labels = torch.arange(12) % 5
    head = torch.nn.Linear(32, 5)
    bound = 1 / math.sqrt(32)
    w = bound * (2 * uniform(1, 0, 5 * 32 + 5) - 1)
    with torch.no_grad():
        head.weight.copy_(torch.tensor(w[:160].reshape(5, 32), dtype=torch.float32))
        head.bias.copy_(torch.tensor(w[160:], dtype=torch.float32))
    opt = torch.optim.AdamW(head.parameters(), lr=LR, betas=(0.9, 0.999), eps=1e-8,
                            weight_decay=WEIGHT_DECAY)
    losses = []
    for t in range(STEPS):
        for group in opt.param_groups:
            group["lr"] = 0.5 * LR * (1 + math.cos(math.pi * t / STEPS))
        rows = slice(6 * (t % 2), 6 * (t % 2) + 6)
        loss = torch.nn.functional.cross_entropy(head(features[rows]), labels[rows])
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    out = {
        "torch": torch.__version__,
        "losses": losses,
        "weight": head.weight.detach().double().tolist(),
        "bias": head.bias.detach().double().tolist(),
    }
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "golden/transfer.json")
