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

Usage: scripts/reference/run.sh lstm  (writes scripts/reference/golden/lstm.json; a second)
"""

import json
import math
import platform
import sys

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
    }
    with open(path, "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")
    print(f"lstm loss {golden['loss']:.12f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "lstm.json")
