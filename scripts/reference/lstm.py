"""Reference numbers for the from-scratch LSTM and RNN (labs/llm/src/lstm.rs), made by PyTorch
(float64) with its own modules: nn.LSTMCell, nn.LSTM and nn.RNN over a packed padded batch.

The network is the sentiment lab's classifier in miniature (vocabulary 7, E = 3, H = 4):

    e      = embedding[idx]                                  (B, T, E), B = 2, T = 5
    out, (h_n, c_n) = nn.LSTM(E, H, bidirectional=True)(pack_padded_sequence(e, lengths [5, 3]))
    logits = head([h_n forward; h_n backward]),   loss = cross-entropy against [1, 0]

Weights come from SplitMix64 (splitmix.py), one stream (seed 1) over the parameters in the
order below, each row-major (PyTorch's and candle's layout), w = bound (2u − 1) rounded to
float32 (the labs train in float32) and then held in float64:

    embedding.weight (7, 3) bound 1;  lstm.{weight_ih, weight_hh, bias_ih, bias_hh}_l0 and
    …_l0_reverse bound 1/√H (PyTorch's init);  head.weight (2, 8), head.bias (2) bound 1/√(2H)

Inputs: idx = ⌊7 u(seed 8, ·)⌋ (B, T); for one nn.LSTMCell step with the forward direction's
weights x = 2u(seed 2) − 1 (B, E), h = 2u(seed 5) − 1, c = 2u(seed 6) − 1 (B, H). And an
nn.RNN (tanh, one direction) with weights from seed 7 (bound 1/√H) over the same packed batch.
The JSON keeps every output at the real steps, the final states, the loss and every gradient.

Then the sentiment lab's SST-2 LSTM recipes (src/bin/sentiment.rs), quick and full, trained in
float32 on one thread from the lab's SplitMix64 initial weights (seed 42) with the same
vocabulary (lower-cased words seen twice in the training phrases, by count then word), length
bucketing (pools of 50 batches), bidirectional nn.LSTM over packed sequences, mean over the real
steps, dropout 0.3, AdamW 4e-3 (weight decay 0.01 on matrices) with 20 warm-up steps and cosine
decay to 4e-4, clipping at 1; NumPy's shuffles and PyTorch's dropout draws, so the dev accuracy
agrees with the lab's only up to seed noise.

Usage: scripts/reference/run.sh lstm  (writes scripts/reference/golden/lstm.json; a few minutes,
nearly all of it the full SST-2 run)
"""

import collections
import json
import math
import os
import platform
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from splitmix import uniform

torch.set_default_dtype(torch.float64)

VOCAB, EMBED, HIDDEN, BATCH, STEPS, CLASSES = 7, 3, 4, 2, 5, 2
LENGTHS = [5, 3]
TARGETS = [1, 0]


def params():
    """(name, shape, bound) in the order the stream fills them."""
    rnn = lambda suffix: [(f"lstm.{w}_{suffix}", shape, 1 / math.sqrt(HIDDEN)) for w, shape in (
        ("weight_ih", (4 * HIDDEN, EMBED)), ("weight_hh", (4 * HIDDEN, HIDDEN)),
        ("bias_ih", (4 * HIDDEN,)), ("bias_hh", (4 * HIDDEN,)))]
    head = 1 / math.sqrt(2 * HIDDEN)
    return ([("embedding.weight", (VOCAB, EMBED), 1.0)] + rnn("l0") + rnn("l0_reverse")
            + [("head.weight", (CLASSES, 2 * HIDDEN), head), ("head.bias", (CLASSES,), head)])


def draw(specs, seed):
    out, start = {}, 0
    for name, shape, bound in specs:
        n = math.prod(shape)
        w = bound * (2.0 * uniform(seed, start, n) - 1.0)
        out[name] = torch.tensor(w.astype(np.float32), dtype=torch.float64).reshape(shape)
        start += n
    return out


def symmetric(seed, shape):
    return torch.tensor(2.0 * uniform(seed, 0, math.prod(shape)) - 1.0).reshape(shape)


def load(module, weights, prefix):
    with torch.no_grad():
        for name, p in module.named_parameters():
            p.copy_(weights[prefix + name])


def real_steps(padded):
    """The outputs at each sequence's real steps: [[…per step…] per sequence]."""
    return [padded[b, :n].tolist() for b, n in enumerate(LENGTHS)]


# The sentiment lab's SST-2 LSTM recipes (QUICK and FULL in src/bin/sentiment.rs).
RECIPES = {
    "quick": {"embed": 32, "hidden": 32, "batch_size": 32, "epochs": 1, "train": 40_000},
    "full": {"embed": 64, "hidden": 64, "batch_size": 64, "epochs": 2, "train": None},
}
LEARNING_RATE, DROPOUT, WARMUP = 4e-3, 0.3, 20


def read_sst2(root, split):
    with open(os.path.join(root, "sst2", f"{split}.tsv"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t", 1) for line in f][1:]
    return [(text.lower().split(), int(label)) for label, text in rows]


def buckets(lengths, batch_size, rng):
    order = rng.permutation(len(lengths))
    out = []
    for k in range(0, len(order), 50 * batch_size):
        pool = sorted(order[k:k + 50 * batch_size], key=lambda i: lengths[i])
        out += [pool[j:j + batch_size] for j in range(0, len(pool), batch_size)]
    return [out[i] for i in rng.permutation(len(out))]


def train_sentiment(r, train_all, dev):
    rng = np.random.default_rng(0)
    train = [train_all[i] for i in rng.permutation(len(train_all))][:r["train"] or len(train_all)]
    counts = collections.Counter(w for words, _ in train for w in words)
    vocab = sorted((w for w, n in counts.items() if n >= 2), key=lambda w: (-counts[w], w))
    index = {w: i + 2 for i, w in enumerate(vocab)}
    encode = lambda data: [([index.get(w, 1) for w in words], y) for words, y in data if words]
    tr, dv = encode(train), encode(dev)
    e, h = r["embed"], r["hidden"]
    rnn = lambda suffix: [(f"lstm.{n}_{suffix}", s, 1 / math.sqrt(h)) for n, s in (
        ("weight_ih", (4 * h, e)), ("weight_hh", (4 * h, h)), ("bias_ih", (4 * h,)), ("bias_hh", (4 * h,)))]
    specs = ([("embedding.weight", (len(index) + 2, e), 1.0)] + rnn("l0") + rnn("l0_reverse")
             + [("head.weight", (2, 2 * h), 1 / math.sqrt(2 * h)), ("head.bias", (2,), 1 / math.sqrt(2 * h))])
    w = {k: v.float() for k, v in draw(specs, 42).items()}
    embedding, lstm = torch.nn.Embedding(len(index) + 2, e), torch.nn.LSTM(e, h, batch_first=True, bidirectional=True)
    head = torch.nn.Linear(2 * h, 2)
    for module, prefix in ((embedding, "embedding."), (lstm, "lstm."), (head, "head.")):
        load(module, w, prefix)
    params = [p for m in (embedding, lstm, head) for p in m.parameters()]

    def logits(batch, data, training):
        lengths = torch.tensor([len(data[i][0]) for i in batch])
        ids = torch.zeros(len(batch), int(lengths.max()), dtype=torch.long)
        for row, i in enumerate(batch):
            ids[row, :lengths[row]] = torch.tensor(data[i][0])
        x = F.dropout(embedding(ids), DROPOUT, training)
        out, _ = lstm(pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False))
        out, _ = pad_packed_sequence(out, batch_first=True)  # zeros at padding
        return head(F.dropout(out.sum(1) / lengths[:, None], DROPOUT, training))

    opt = torch.optim.AdamW([{"params": [p for p in params if p.dim() >= 2], "weight_decay": 0.01},
                             {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}],
                            lr=LEARNING_RATE)
    total = r["epochs"] * math.ceil(len(tr) / r["batch_size"])
    step = 0
    for _ in range(r["epochs"]):
        for batch in buckets([len(x) for x, _ in tr], r["batch_size"], rng):
            if step < WARMUP:
                lr = LEARNING_RATE * (step + 1) / (WARMUP + 1)
            else:
                ratio = (step - WARMUP) / max(total - WARMUP, 1)
                lr = LEARNING_RATE / 10 + 0.5 * (LEARNING_RATE * 0.9) * (1 + math.cos(math.pi * ratio))
            for group in opt.param_groups:
                group["lr"] = lr
            loss = F.cross_entropy(logits(batch, tr, True), torch.tensor([tr[i][1] for i in batch]))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            step += 1
    with torch.no_grad():
        correct = sum(int((logits(list(range(k, min(k + 256, len(dv)))), dv, False).argmax(1)
                           == torch.tensor([y for _, y in dv[k:k + 256]])).sum()) for k in range(0, len(dv), 256))
    return correct / len(dv)


def sentiment_training():
    root = os.environ.get("LLMPATH_DATA", os.path.join(os.path.dirname(__file__), "../../../shared/data"))
    train_all, dev = read_sst2(root, "train"), read_sst2(root, "dev")
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    out = {}
    for name, r in RECIPES.items():
        torch.manual_seed(0)
        started = time.time()
        out[name] = r | {"sst2_lstm_dev_accuracy": train_sentiment(r, train_all, dev), "seconds": time.time() - started}
        print(f"  sentiment {name}: {out[name]}", flush=True)
    torch.set_default_dtype(torch.float64)
    return out


def main(path):
    w = draw(params(), 1)
    idx = torch.tensor((VOCAB * uniform(8, 0, BATCH * STEPS)).astype(np.int64)).reshape(BATCH, STEPS)

    cell = torch.nn.LSTMCell(EMBED, HIDDEN)
    with torch.no_grad():
        for name, p in cell.named_parameters():  # weight_ih, weight_hh, bias_ih, bias_hh
            p.copy_(w[f"lstm.{name}_l0"])
    x, h0, c0 = symmetric(2, (BATCH, EMBED)), symmetric(5, (BATCH, HIDDEN)), symmetric(6, (BATCH, HIDDEN))
    h1, c1 = cell(x, (h0, c0))

    embedding = torch.nn.Embedding(VOCAB, EMBED)
    lstm = torch.nn.LSTM(EMBED, HIDDEN, batch_first=True, bidirectional=True)
    head = torch.nn.Linear(2 * HIDDEN, CLASSES)
    load(embedding, w, "embedding.")
    load(lstm, w, "lstm.")
    load(head, w, "head.")
    packed = pack_padded_sequence(embedding(idx), torch.tensor(LENGTHS), batch_first=True)
    out, (h_n, c_n) = lstm(packed)
    out, _ = pad_packed_sequence(out, batch_first=True)  # (B, T, 2H), zeros at padding
    logits = head(torch.cat([h_n[0], h_n[1]], dim=1))
    loss = F.cross_entropy(logits, torch.tensor(TARGETS))
    loss.backward()
    grads = {name: p.grad for module, prefix in ((embedding, "embedding."), (lstm, "lstm."), (head, "head."))
             for name, p in [(prefix + n, p) for n, p in module.named_parameters()]}

    rnn_weights = draw([(n.replace("lstm.", "rnn."), (s[0] // 4,) + s[1:], b) for n, s, b in params()[1:5]], 7)
    rnn = torch.nn.RNN(EMBED, HIDDEN, batch_first=True)
    load(rnn, rnn_weights, "rnn.")
    with torch.no_grad():
        rnn_out, rnn_h = rnn(pack_padded_sequence(embedding(idx), torch.tensor(LENGTHS), batch_first=True))
        rnn_out, _ = pad_packed_sequence(rnn_out, batch_first=True)

    golden = {
        "generated_by": "scripts/reference/lstm.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "torch": torch.__version__},
        "sizes": {"vocab": VOCAB, "embed": EMBED, "hidden": HIDDEN, "batch": BATCH, "steps": STEPS},
        "params": [[name, list(shape), bound] for name, shape, bound in params()],
        "idx": idx.tolist(),
        "lengths": LENGTHS,
        "targets": TARGETS,
        "cell": {"x": x.tolist(), "h": h0.tolist(), "c": c0.tolist(), "h_next": h1.tolist(), "c_next": c1.tolist()},
        "lstm": {
            "forward_outputs": real_steps(out[:, :, :HIDDEN]),
            "backward_outputs": real_steps(out[:, :, HIDDEN:]),
            "h_n": h_n.tolist(),
            "c_n": c_n.tolist(),
        },
        "logits": logits.tolist(),
        "loss": loss.item(),
        "grad": {name: g.flatten().tolist() for name, g in grads.items()},
        "rnn": {"outputs": real_steps(rnn_out), "h_n": rnn_h[0].tolist()},
        "sentiment": sentiment_training(),
    }
    with open(path, "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")
    print(f"lstm loss {golden['loss']:.12f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "lstm.json")
