"""PyTorch's half of scripts/bench/llm.sh (issue #8): the GPT lab's training step in PyTorch,
the same network (scripts/reference/gpt.py's `gpt`, nanoGPT's layout), initial weights
(SplitMix64 seed 42), batches (window b of batch k starts at character (k·12 + b) · 9 973
mod (n − 65) of tiny-shakespeare's first 90 %), optimiser (nanoGPT's AdamW groups, clipping at
1) and threads as labs/llm/benches/llm.rs; then the table.

    llm.py time DIR    PyTorch's steps: DIR/theirs_gpt.json (median of 10 samples, BENCH_BUDGET_S)
    llm.py table DIR   ours (criterion, DIR/round*/criterion/llm) against theirs
                       (DIR/round*/theirs_gpt.json): medians over the rounds, tokens/s, ratios
"""

import json
import os
import platform
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
sys.path.insert(0, HERE)

import gpt  # noqa: E402  (the gpt lab's reference: its network, weights and optimiser)
from dl import criterion_ms, measure  # noqa: E402  (same sampling as the deep-learning table)

BATCH, BLOCK, BATCHES, STRIDE = 12, 64, 16, 9973
CONFIG = {"block_size": BLOCK, "n_layer": 4, "n_head": 4, "n_embd": 128}
ROWS = [
    ("gpt_train_step", "train_step", "GPT training step: forward, loss, backward, clip, AdamW"),
    ("gpt_forward", "forward", "GPT forward + loss, no gradient (the loss estimates)"),
]


def batches():
    root = os.environ.get("LLMPATH_DATA", os.path.join(HERE, "../../../shared/data"))
    with open(os.path.join(root, "tiny_shakespeare", "input.txt"), encoding="utf-8") as f:
        text = f.read()
    chars = sorted(set(text))
    index = {ch: i for i, ch in enumerate(chars)}
    tokens = np.array([index[ch] for ch in text], dtype=np.int64)
    train = tokens[: len(tokens) * 9 // 10]
    out = []
    for k in range(BATCHES):
        starts = [(k * BATCH + b) * STRIDE % (len(train) - BLOCK - 1) for b in range(BATCH)]
        x = np.stack([train[s:s + BLOCK] for s in starts])
        y = np.stack([train[s + 1:s + 1 + BLOCK] for s in starts])
        out.append((torch.tensor(x), torch.tensor(y)))
    return len(chars), out


def time_theirs(d):
    threads = int(os.environ.get("THREADS", "2"))
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    torch.set_default_dtype(torch.float32)
    vocab_size, data = batches()
    config = {"vocab_size": vocab_size} | CONFIG
    p = gpt.weights(config, 42, torch.float32)
    opt = gpt.adamw(p)
    with torch.no_grad():
        loss0 = gpt.loss_of(gpt.gpt(p, data[0][0], config), data[0][1]).item()
    k = [0]

    def forward():
        k[0] = (k[0] + 1) % BATCHES
        x, y = data[k[0]]
        with torch.no_grad():
            gpt.loss_of(gpt.gpt(p, x, config), y)

    def train_step():
        k[0] = (k[0] + 1) % BATCHES
        x, y = data[k[0]]
        opt.zero_grad()
        gpt.loss_of(gpt.gpt(p, x, config), y).backward()
        torch.nn.utils.clip_grad_norm_(list(p.values()), 1.0)
        opt.step()

    results, load_before = {}, os.getloadavg()
    for key, call in [("forward", forward), ("train_step", train_step)]:
        seconds, m = measure(call)
        results[key] = {"ms": seconds * 1e3, "steps_per_sample": m}
        print(f"  {key:12} {seconds * 1e3:10.3f} ms", file=sys.stderr)
    out = {
        "results": results,
        "loss0": loss0,
        "threads": {"torch.get_num_threads": torch.get_num_threads()},
        "versions": {"python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__},
        "load_average": {"before": load_before, "after": os.getloadavg()},
    }
    with open(os.path.join(d, "theirs_gpt.json"), "w") as f:
        json.dump(out, f, indent=1)


def table(d):
    rounds = sorted(
        (os.path.join(d, r) for r in os.listdir(d) if r.startswith("round")),
        key=lambda r: int(r.rsplit("round", 1)[1]),
    )
    theirs = [json.load(open(os.path.join(r, "theirs_gpt.json"))) for r in rounds]
    ours_path = os.path.join(rounds[-1], "ours_gpt.json")
    ours = json.load(open(ours_path)) if os.path.exists(ours_path) else {}
    tokens = BATCH * BLOCK
    print(f"{len(rounds)} rounds; per round, ours / theirs in ms:")
    for bench_id, key, workload in ROWS:
        pairs = [(criterion_ms(r, bench_id, group="llm"), t["results"].get(key, {}).get("ms"))
                 for r, t in zip(rounds, theirs)]
        pairs = [(o, t) for o, t in pairs if o is not None and t is not None]
        print(f"  {key:12} " + "  ".join(f"{o:.1f}/{t:.1f}" for o, t in pairs))
    print()
    print("| workload | candle (ms) | PyTorch (ms) | candle tokens/s | PyTorch tokens/s | candle / PyTorch (time), rounds' range |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for bench_id, key, workload in ROWS:
        pairs = [(criterion_ms(r, bench_id, group="llm"), t["results"].get(key, {}).get("ms"))
                 for r, t in zip(rounds, theirs)]
        pairs = [(o, t) for o, t in pairs if o is not None and t is not None]
        if not pairs:
            continue
        o = float(np.median([o for o, _ in pairs]))
        t = float(np.median([t for _, t in pairs]))
        ratios = [o / t for o, t in pairs]
        print(f"| {workload} | {o:.2f} | {t:.2f} | {tokens / o * 1e3:,.0f} | {tokens / t * 1e3:,.0f} "
              f"| {float(np.median(ratios)):.2f} ({min(ratios):.2f}–{max(ratios):.2f}) |")
    print(f"\nSame start: loss of batch 0 at the initial weights: ours {ours.get('loss0')}, theirs {theirs[-1]['loss0']}")
    print("\nThreads and versions:")
    for name, env in ours.get("environment", {}).items():
        print(f"  ours ({name}): {json.dumps(env)}")
    print(f"  theirs: {json.dumps(theirs[-1]['threads'])} {json.dumps(theirs[-1]['versions'])}")
    print(f"  load average while PyTorch ran: {[t['load_average'] for t in theirs]}")


if __name__ == "__main__":
    command, folder = sys.argv[1], sys.argv[2]
    {"time": time_theirs, "table": table}[command](folder)
