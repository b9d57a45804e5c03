"""Reference numbers for the from-scratch deep-learning labs (labs/neural): `neurons`,
`micrograd` and `tensor-autograd`, made by PyTorch (autograd, float64) and scikit-learn.

Every random number on both sides comes from SplitMix64 (Steele, Lea & Flood 2014), so the labs
start from the very same weights and batches as this script and need no shared RNG:

    u(seed, i)  = (splitmix64(seed, i) >> 11) · 2⁻⁵³            in [0, 1), exact in float64
    weights     = β (2 u − 1), drawn in order over the parameter list, each tensor row-major
                  in the labs' layout (W is (in, out); PyTorch's Linear keeps Wᵀ)
    β           = 1/√fan_in (PyTorch's nn.Linear and nn.Conv2d default bound), 1 for micrograd
    shuffles    = epoch e sorts the rows by u(seed + 1 + e, i)

What it writes (golden/neural.json):

- neurons: Rosenblatt's perceptron on iris setosa vs versicolor (raw features, file order,
  η = 1) in NumPy, with scikit-learn's `Perceptron(eta0=1, shuffle=False, tol=None)` for the
  same weights; the perceptron's mistakes on XOR per epoch; sigmoid, tanh, ReLU, GELU and their
  derivatives (torch.autograd) on a grid and at ±1000; softmax and its Jacobian; MSE, binary
  cross-entropy with logits and cross-entropy (values and gradients) at logits up to ±1000;
  a sigmoid output trained on breast cancer with MSE and with cross-entropy.
- backprop: a 64-32-10 tanh network on digits trained by full-batch gradient descent (losses
  per step, accuracies), its final loss at four learning rates, and mini-batch SGD with three
  batch sizes (the training loss after each epoch).
- micrograd: the gradients of three scalar expressions, make_moons(100, noise 0.1) and the
  loss and accuracy of micrograd's 2-16-16-1 demo (hinge loss + L2, 100 steps) per step.
- tensor: a small conv net (conv 3×3 pad 1 → ReLU → max-pool 2 → conv 3×3 → ReLU → flatten →
  linear → log-softmax → NLL) with its loss, logits and every gradient; a 784-256-10 ReLU MLP
  on MNIST (first 55 000 training images, the last 5 000 for validation), SGD with momentum
  0.9, learning rate 0.1 decayed linearly to 0 over all steps, batches of 64, 8 epochs: the
  training loss after the first steps and per epoch, validation and test loss and accuracy.

Usage: scripts/reference/run.sh neural  (writes scripts/reference/golden/neural.json; about 2
minutes on 2 cores, most of it the MNIST training)
"""

import csv
import gzip
import json
import math
import os
import platform
import sys
import time

import numpy as np
import sklearn
import torch
import torch.nn.functional as F
from sklearn.datasets import make_moons
from sklearn.linear_model import Perceptron

from splitmix import uniform

DATA = os.environ.get("LLMPATH_DATA", os.path.join(os.path.dirname(__file__), "../../../shared/data"))
SEED = 42
torch.set_default_dtype(torch.float64)


# ------------------------------------------------------------------------------ randomness ---




def init(seed, shapes_bounds):
    """Tensors of the given shapes filled with β(2u − 1) from one stream, in order."""
    out, start = [], 0
    for shape, bound in shapes_bounds:
        n = int(np.prod(shape))
        out.append(torch.tensor(bound * (2.0 * uniform(seed, start, n) - 1.0)).reshape(shape))
        start += n
    return out


def linear_init(seed, sizes):
    """[W₁ (in, out), b₁, W₂, b₂, …] with PyTorch's bound 1/√fan_in."""
    shapes = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        shapes += [((fan_in, fan_out), 1 / math.sqrt(fan_in)), ((fan_out,), 1 / math.sqrt(fan_in))]
    return [p.requires_grad_() for p in init(seed, shapes)]


def shuffle(seed, epoch, n):
    return np.argsort(uniform(seed + 1 + epoch, 0, n), kind="stable")


# ---------------------------------------------------------------------------------- data ---


def counted_csv(name):
    with open(os.path.join(DATA, "sklearn", name)) as f:
        rows = list(csv.reader(f))
    data = np.array(rows[1:], dtype=float)
    return data[:, :-1], data[:, -1].astype(int)


def digits():
    with gzip.open(os.path.join(DATA, "sklearn", "digits.csv.gz"), "rt") as f:
        data = np.array(list(csv.reader(f)), dtype=float)
    return data[:, :-1], data[:, -1].astype(int)


def split(y):
    """(train, test): test = every 4th sample of each class in file order (the classic labs' split)."""
    test = np.zeros(len(y), dtype=bool)
    for k in np.unique(y):
        test[np.flatnonzero(y == k)[::4]] = True
    return np.flatnonzero(~test), np.flatnonzero(test)


def mnist(kind):
    def read(name, offset):
        with gzip.open(os.path.join(DATA, "mnist", name)) as f:
            return np.frombuffer(f.read(), np.uint8, offset=offset)

    images = read(f"{kind}-images-idx3-ubyte.gz", 16).reshape(-1, 784)
    # As the lab: u8 / 255 in float32, then widened to float64.
    x = (images.astype(np.float32) / np.float32(255.0)).astype(np.float64)
    return torch.tensor(x), torch.tensor(read(f"{kind}-labels-idx1-ubyte.gz", 8).astype(np.int64))


# ------------------------------------------------------------------------------- neurons ---


def perceptron(x, t, max_epochs):
    """Rosenblatt: w ← w + t x, b ← b + t whenever t (w·x + b) ≤ 0; sums in feature order."""
    w, b, updates, mistakes = [0.0] * x.shape[1], 0.0, 0, []
    for _ in range(max_epochs):
        wrong = 0
        for xi, ti in zip(x.tolist(), t.tolist()):
            s = b
            for wj, xj in zip(w, xi):
                s += wj * xj
            if ti * s <= 0.0:
                w = [wj + ti * xj for wj, xj in zip(w, xi)]
                b += ti
                wrong += 1
        updates += wrong
        mistakes.append(wrong)
        if wrong == 0:
            break
    return w, b, updates, mistakes


def neurons():
    x, y = counted_csv("iris.csv")
    x, t = x[y < 2], np.where(y[y < 2] == 0, -1.0, 1.0)  # setosa −1, versicolor +1
    w, b, updates, mistakes = perceptron(x, t, 100)
    sk = Perceptron(eta0=1.0, shuffle=False, tol=None, max_iter=len(mistakes)).fit(x, t)
    xor_x, xor_t = np.array([[0.0, 0], [0, 1], [1, 0], [1, 1]]), np.array([-1.0, 1, 1, -1])
    _, _, _, xor_mistakes = perceptron(xor_x, xor_t, 20)

    z = torch.tensor(np.concatenate([np.linspace(-6.0, 6.0, 49), [-1000.0, -30.0, 30.0, 1000.0]]))
    activations = {"z": z.tolist()}
    for name, f in [("sigmoid", torch.sigmoid), ("tanh", torch.tanh), ("relu", torch.relu), ("gelu", F.gelu)]:
        zz = z.clone().requires_grad_()
        out = f(zz)
        (grad,) = torch.autograd.grad(out.sum(), zz)
        activations[name] = {"value": out.tolist(), "derivative": grad.tolist()}
    soft_z = torch.tensor([1.0, 2.0, 3.0, -1.0])
    jacobian = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, 0), soft_z)
    softmax = {
        "z": soft_z.tolist(),
        "p": torch.softmax(soft_z, 0).tolist(),
        "jacobian": jacobian.tolist(),
        "z_large": [1000.0, 0.0, -1000.0, 999.0],
        "p_large": torch.softmax(torch.tensor([1000.0, 0.0, -1000.0, 999.0]), 0).tolist(),
    }

    def loss_and_grad(f, pred, *rest):
        pred = torch.tensor(pred).requires_grad_()
        loss = f(pred, *rest)
        (grad,) = torch.autograd.grad(loss, pred)
        return {"value": loss.item(), "grad": grad.tolist()}

    mse_pred, mse_target = [0.5, -1.25, 3.0, 0.0], [1.0, -1.0, 2.0, 0.5]
    bce_z, bce_y = [-1000.0, -3.0, 0.0, 2.5, 1000.0, 40.0], [0.0, 1.0, 1.0, 0.0, 1.0, 0.0]
    ce_z = [[2.0, -1.0, 0.5, 0.0], [1000.0, -1000.0, 0.0, 999.0], [-1000.0, -1000.0, -999.0, -1000.0]]
    ce_y = [2, 3, 0]
    losses = {
        "mse": {"pred": mse_pred, "target": mse_target} | loss_and_grad(F.mse_loss, mse_pred, torch.tensor(mse_target)),
        "bce": {"z": bce_z, "y": bce_y} | loss_and_grad(F.binary_cross_entropy_with_logits, bce_z, torch.tensor(bce_y)),
        "cross_entropy": {"z": ce_z, "y": ce_y} | loss_and_grad(F.cross_entropy, ce_z, torch.tensor(ce_y)),
    }
    return {
        "perceptron": {
            "rows": len(t),
            "w": w,
            "b": b,
            "epochs": len(mistakes),
            "updates": updates,
            "mistakes_per_epoch": mistakes,
            "sklearn_w": sk.coef_[0].tolist(),
            "sklearn_b": float(sk.intercept_[0]),
            "xor_mistakes_per_epoch": xor_mistakes,
        },
        "activations": activations,
        "softmax": softmax,
        "losses": losses,
        "mse_vs_ce": mse_vs_ce(),
    }


MSE_VS_CE = {"steps": 300, "learning_rate": 0.5}


def mse_vs_ce():
    """A sigmoid output on standardised breast cancer (w = 0, b = 0), full-batch GD with each loss."""
    x, y = counted_csv("breast_cancer.csv")
    train, _ = split(y)
    x = x[train]
    x = (x - x.mean(0)) / x.std(0)
    x, y = torch.tensor(x), torch.tensor(y[train], dtype=torch.float64)
    out = {"n": len(y)} | MSE_VS_CE
    for name in ["mse", "cross_entropy"]:
        w, b = torch.zeros(x.shape[1], requires_grad=True), torch.zeros((), requires_grad=True)
        ce, accuracy = [], []
        for _ in range(MSE_VS_CE["steps"]):
            z = x @ w + b
            p = torch.sigmoid(z)
            loss = F.mse_loss(p, y) if name == "mse" else F.binary_cross_entropy_with_logits(z, y)
            ce.append(F.binary_cross_entropy_with_logits(z, y).item())
            accuracy.append(((z > 0).double() == y).double().mean().item())
            gw, gb = torch.autograd.grad(loss, [w, b])
            with torch.no_grad():
                w -= MSE_VS_CE["learning_rate"] * gw
                b -= MSE_VS_CE["learning_rate"] * gb
        out[name] = {"cross_entropy": ce, "train_accuracy": accuracy}
    return out


# ------------------------------------------------------------------------------ backprop ---

BACKPROP = {"hidden": 32, "steps": 500, "learning_rate": 1.0, "sweep": [0.01, 0.1, 1.0, 5.0],
            "batch_learning_rate": 0.5, "batch_epochs": 30, "batch_sizes": [16, 128, 1343]}


def backprop():
    """64-32-10, tanh, softmax cross-entropy; pixels / 16; full-batch GD, then mini-batch SGD."""
    x, y = digits()
    train, test = split(y)
    x = torch.tensor(x / 16.0)
    y = torch.tensor(y)
    sizes = [64, BACKPROP["hidden"], 10]

    def forward(params, rows):
        w1, b1, w2, b2 = params
        return torch.tanh(x[rows] @ w1 + b1) @ w2 + b2

    def step(params, rows, learning_rate):
        loss = F.cross_entropy(forward(params, rows), y[rows])
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, g in zip(params, grads):
                p -= learning_rate * g
        return loss.item()

    def accuracy(params, rows):
        with torch.no_grad():
            return (forward(params, rows).argmax(1) == y[rows]).double().mean().item()

    def full_batch(learning_rate):
        params = linear_init(SEED, sizes)
        return params, [step(params, train, learning_rate) for _ in range(BACKPROP["steps"])]

    params, losses = full_batch(BACKPROP["learning_rate"])
    sweep = {str(lr): full_batch(lr)[1] for lr in BACKPROP["sweep"]}
    batch_losses, batch_accuracy = {}, {}
    for size in BACKPROP["batch_sizes"]:
        batch_params, curve = linear_init(SEED, sizes), []
        for epoch in range(BACKPROP["batch_epochs"]):
            order = train[shuffle(SEED, epoch, len(train))]
            for start in range(0, len(train), size):
                step(batch_params, order[start : start + size], BACKPROP["batch_learning_rate"])
            with torch.no_grad():
                curve.append(F.cross_entropy(forward(batch_params, train), y[train]).item())
        batch_losses[str(size)], batch_accuracy[str(size)] = curve, accuracy(batch_params, test)
    return BACKPROP | {
        "n_train": len(train),
        "n_test": len(test),
        "losses": losses,
        "train_accuracy": accuracy(params, train),
        "test_accuracy": accuracy(params, test),
        "sweep_final_loss": {lr: values[-1] for lr, values in sweep.items()},
        "batch_losses": batch_losses,
        "batch_test_accuracy": batch_accuracy,
    }


# ----------------------------------------------------------------------------- micrograd ---


def scalar_grads(f, inputs):
    leaves = [torch.tensor(v, requires_grad=True) for v in inputs]
    out = f(*leaves)
    return {"inputs": inputs, "value": out.item(), "grads": [g.item() for g in torch.autograd.grad(out, leaves)]}


def micrograd_ops(a, b):
    """micrograd's test_more_ops."""
    c = a + b
    d = a * b + b**3
    c = c + c + 1
    c = c + 1 + c + (-a)
    d = d + d * 2 + (b + a).relu()
    d = d + 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    return g + 10.0 / f


def transcendental(x, y):
    return (x * y).tanh() + (y.log() * x).exp() / (x**2 + 1) - (y - x).relu()


MOONS = {"n": 100, "noise": 0.1, "random_state": 1, "sizes": [2, 16, 16, 1], "steps": 100, "alpha": 1e-4}


def micrograd():
    expressions = {
        "karpathy": scalar_grads(lambda a, b, c, f: (a * b + c) * f, [2.0, -3.0, 10.0, -2.0]),
        "more_ops": scalar_grads(micrograd_ops, [-4.0, 2.0]),
        "transcendental": scalar_grads(transcendental, [-1.5, 0.8]),
    }
    x, y01 = make_moons(n_samples=MOONS["n"], noise=MOONS["noise"], random_state=MOONS["random_state"])
    y = 2.0 * y01 - 1.0  # −1 / +1
    sizes = MOONS["sizes"]
    # micrograd's Neuron: w ~ U(−1, 1), b = 0; one stream over the layers' (in, out) weights.
    weights = init(SEED, [((a, b), 1.0) for a, b in zip(sizes[:-1], sizes[1:])])
    params = []
    for w in weights:
        params += [w.requires_grad_(), torch.zeros(w.shape[1], requires_grad=True)]
    xt, yt = torch.tensor(x), torch.tensor(y)
    losses, accuracy = [], []
    for k in range(MOONS["steps"]):
        h = xt
        for layer in range(len(weights)):
            h = h @ params[2 * layer] + params[2 * layer + 1]
            if layer < len(weights) - 1:
                h = h.relu()
        score = h[:, 0]
        data_loss = (1 + -yt * score).relu().mean()
        reg_loss = MOONS["alpha"] * sum((p * p).sum() for p in params)
        loss = data_loss + reg_loss
        losses.append(loss.item())
        accuracy.append(((yt > 0) == (score > 0)).double().mean().item())
        grads = torch.autograd.grad(loss, params)
        learning_rate = 1.0 - 0.9 * k / MOONS["steps"]
        with torch.no_grad():
            for p, g in zip(params, grads):
                p -= learning_rate * g
    return {
        "expressions": expressions,
        "moons": MOONS | {"x": x.tolist(), "y": y.tolist(), "losses": losses, "accuracy": accuracy},
    }


# -------------------------------------------------------------------------------- tensor ---

CONV_NET = {"batch": 2, "image": 8, "targets": [1, 4], "input_seed": 7}


def conv_net():
    """x (2, 1, 8, 8) → conv 1→3, 3×3, pad 1 → ReLU → max-pool 2 → (2, 3, 4, 4) → conv 3→4, 3×3
    → ReLU → (2, 4, 2, 2) → flatten (2, 16) → linear 16→5 → log-softmax → NLL."""
    x = init(CONV_NET["input_seed"], [((2, 1, 8, 8), 1.0)])[0].requires_grad_()
    w1, b1, w2, b2, w3, b3 = init(
        SEED,
        [((3, 1, 3, 3), 1 / 3), ((3,), 1 / 3), ((4, 3, 3, 3), 1 / math.sqrt(27)), ((4,), 1 / math.sqrt(27)),
         ((16, 5), 1 / 4), ((5,), 1 / 4)],
    )
    params = [x, w1, b1, w2, b2, w3, b3]
    for p in params:
        p.requires_grad_()
    h = F.max_pool2d(F.relu(F.conv2d(x, w1, b1, padding=1)), 2)
    h = F.relu(F.conv2d(h, w2, b2)).flatten(1)
    logits = h @ w3 + b3
    loss = F.nll_loss(F.log_softmax(logits, 1), torch.tensor(CONV_NET["targets"]))
    grads = torch.autograd.grad(loss, params)
    names = ["x", "conv1_w", "conv1_b", "conv2_w", "conv2_b", "linear_w", "linear_b"]
    return CONV_NET | {
        "logits": logits.tolist(),
        "loss": loss.item(),
        "grads": {name: g.flatten().tolist() for name, g in zip(names, grads)},
    }


MLP = {"sizes": [784, 256, 10], "train": 55000, "batch": 64, "epochs": 8, "learning_rate": 0.1, "momentum": 0.9,
       "first_steps": 20}


def mlp():
    x, y = mnist("train")
    x_test, y_test = mnist("t10k")
    n = MLP["train"]
    x_val, y_val, x, y = x[n:], y[n:], x[:n], y[:n]
    params = linear_init(SEED, MLP["sizes"])
    velocity = [torch.zeros_like(p) for p in params]
    batches = -(-n // MLP["batch"])
    total = MLP["epochs"] * batches

    def forward(rows_x):
        w1, b1, w2, b2 = params
        return torch.relu(rows_x @ w1 + b1) @ w2 + b2

    def evaluate(xs, ys):
        with torch.no_grad():
            logits = forward(xs)
            return F.cross_entropy(logits, ys).item(), (logits.argmax(1) == ys).double().mean().item()

    step, first_losses, epochs = 0, [], []
    for epoch in range(MLP["epochs"]):
        started, order, loss_sum = time.time(), torch.tensor(shuffle(SEED, epoch, n)), 0.0
        for start in range(0, n, MLP["batch"]):
            rows = order[start : start + MLP["batch"]]
            loss = F.cross_entropy(forward(x[rows]), y[rows])
            grads = torch.autograd.grad(loss, params)
            learning_rate = MLP["learning_rate"] * (1 - step / total)
            with torch.no_grad():  # torch.optim.SGD(momentum=0.9): v ← μv + g, p ← p − ηv
                for p, v, g in zip(params, velocity, grads):
                    v.mul_(MLP["momentum"]).add_(g)
                    p -= learning_rate * v
            loss_sum += loss.item() * len(rows)
            if step < MLP["first_steps"]:
                first_losses.append(loss.item())
            step += 1
        val_loss, val_accuracy = evaluate(x_val, y_val)
        test_loss, test_accuracy = evaluate(x_test, y_test)
        epochs.append({
            "train_loss": loss_sum / n,
            "val_loss": val_loss,
            "val_accuracy": val_accuracy,
            "test_loss": test_loss,
            "test_accuracy": test_accuracy,
            "seconds": time.time() - started,
        })
        print(f"  mnist epoch {epoch + 1}: {epochs[-1]}", flush=True)
    return MLP | {"first_losses": first_losses, "per_epoch": epochs}


def main(path):
    golden = {
        "generated_by": "scripts/reference/neural.py",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scikit-learn": sklearn.__version__,
            "torch": torch.__version__,
        },
        "seed": SEED,
        "uniform_first": uniform(SEED, 0, 4).tolist(),
        "neurons": neurons(),
        "backprop": backprop(),
        "micrograd": micrograd(),
        "tensor": {"conv_net": conv_net(), "mlp": mlp()},
    }
    with open(path, "w") as out:
        json.dump(golden, out, indent=1)
        out.write("\n")
    n, d, m, t = golden["neurons"], golden["backprop"], golden["micrograd"], golden["tensor"]
    p = n["perceptron"]
    print(f"perceptron: {p['epochs']} epochs, {p['updates']} updates, w {p['w']} b {p['b']}, sklearn {p['sklearn_w']} {p['sklearn_b']}")
    print(f"digits net: loss {d['losses'][-1]:.6f}, test accuracy {d['test_accuracy']:.4f}; batches {d['batch_test_accuracy']}")
    print(f"moons: loss {m['moons']['losses'][-1]:.6f}, accuracy {m['moons']['accuracy'][-1]}")
    print(f"conv net loss {t['conv_net']['loss']:.10f}; mnist test accuracy {t['mlp']['per_epoch'][-1]['test_accuracy']}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "neural.json")
