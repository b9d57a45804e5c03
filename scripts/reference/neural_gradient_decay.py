"""Reference numbers for the `gradient-decay` lab (labs/neural/src/bin/gradient_decay.rs), made
by PyTorch (autograd, float64) from the same SplitMix64 weights and batch orders as the lab.

Three 10-layer networks 64 → 64 × 9 → 10 on the 8×8 digits (pixels / 16; every 4th sample of
each class is a test sample, as neural.py's backprop):

- sigmoid:  σ after each hidden layer, PyTorch's default init U(±1/√fan_in);
- relu:     ReLU, the same default init;
- relu_he:  ReLU, He's init for the weights, U(±√(6/fan_in)) (kaiming_uniform_ with gain √2),
            the same draws scaled by √6; biases keep the default bound.

Each is trained by mini-batch SGD, θ ← θ − ηg (batches of 32 in a SplitMix64 order per
epoch; no momentum: with it, the He net's path grew chaotic and a 10⁻¹³ change of the weights
changed the loss after 20 epochs). At initialisation and after every epoch it records the norm
‖∂L/∂Wₗ‖ of each layer's weight gradient on the whole training set, the training loss and the
test accuracy.

Usage: scripts/reference/run.sh neural_gradient_decay  (writes
scripts/reference/golden/neural_gradient_decay.json; about 10 s on one core)
"""

import json
import math
import platform
import sys

import numpy as np
import torch
import torch.nn.functional as F

from neural import SEED, digits, init, shuffle, split

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

CONFIG = {
    "width": 64,
    "layers": 10,
    "learning_rate": 0.05,
    "batch": 32,
    "epochs": 20,
}
NETS = {"sigmoid": (torch.sigmoid, 1.0), "relu": (torch.relu, 1.0), "relu_he": (torch.relu, math.sqrt(6.0))}


def params(gain):
    """[W₁ (in, out), b₁, …]: weights U(±gain/√fan_in), biases U(±1/√fan_in), one stream."""
    sizes = [64] + [CONFIG["width"]] * (CONFIG["layers"] - 1) + [10]
    shapes = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        shapes += [((fan_in, fan_out), gain / math.sqrt(fan_in)), ((fan_out,), 1 / math.sqrt(fan_in))]
    return [p.requires_grad_() for p in init(SEED, shapes)]


def main(path):
    x, y = digits()
    train, test = split(y)
    x, y = torch.tensor(x / 16.0), torch.tensor(y)

    def logits(ps, activation, rows):
        h = x[rows]
        for layer in range(CONFIG["layers"]):
            h = h @ ps[2 * layer] + ps[2 * layer + 1]
            if layer < CONFIG["layers"] - 1:
                h = activation(h)
        return h

    def measure(ps, activation):
        """‖∂L/∂Wₗ‖ for each layer on all training rows, the training loss, the test accuracy."""
        loss = F.cross_entropy(logits(ps, activation, train), y[train])
        grads = torch.autograd.grad(loss, ps)
        with torch.no_grad():
            right = (logits(ps, activation, test).argmax(1) == y[test]).double().mean().item()
        return [grads[2 * layer].norm().item() for layer in range(CONFIG["layers"])], loss.item(), right

    nets = {}
    for name, (activation, gain) in NETS.items():
        ps = params(gain)
        norms, loss, right = measure(ps, activation)
        record = {"grad_norms": [norms], "train_loss": [loss], "test_accuracy": [right]}
        for epoch in range(CONFIG["epochs"]):
            order = train[shuffle(SEED, epoch, len(train))]
            for start in range(0, len(train), CONFIG["batch"]):
                rows = order[start : start + CONFIG["batch"]]
                grads = torch.autograd.grad(F.cross_entropy(logits(ps, activation, rows), y[rows]), ps)
                with torch.no_grad():
                    for p, g in zip(ps, grads):
                        p -= CONFIG["learning_rate"] * g
            norms, loss, right = measure(ps, activation)
            for key, value in zip(record, (norms, loss, right)):
                record[key].append(value)
        nets[name] = record
        first = record["grad_norms"][0]
        print(f"{name}: ‖∂L/∂W₁‖/‖∂L/∂W₁₀‖ at init {first[0] / first[-1]:.3e}; "
              f"loss {record['train_loss'][-1]:.4f}, test accuracy after 5 / {CONFIG['epochs']} epochs "
              f"{record['test_accuracy'][5]:.4f} / {record['test_accuracy'][-1]:.4f}")

    golden = {
        "generated_by": "scripts/reference/neural_gradient_decay.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "torch": torch.__version__},
        "seed": SEED,
        "config": CONFIG,
        "nets": nets,
    }
    with open(path, "w") as out:
        json.dump(golden, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "neural_gradient_decay.json")
