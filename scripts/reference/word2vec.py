"""One skip-gram negative-sampling step, one GloVe pass and a PCA, on fixed small weights, for the
`word2vec` lab (labs/text): the lab's functions must give these numbers.

- SGNS (Mikolov et al. 2013): for a centre vector v_c, its context's output vector u_o and the
  negatives' u_k, L = −log σ(u_o·v_c) − Σ_k log σ(−u_k·v_c); its gradients by PyTorch autograd
  (float64), then one SGD step v ← v − η ∂L/∂v on every row used (a row drawn twice gets both
  gradients), in NumPy.
- GloVe (Pennington et al. 2014), as the reference glove.c updates: for each (i, j, X_ij) in order,
  diff = w_i·w̃_j + b_i + b̃_j − log X_ij, f = min(1, (X/x_max)^α), cost += ½ f diff², then AdaGrad
  with the squared-gradient sums starting at 1 and added after the step.
- PCA: a fixed 12 × 5 matrix, centred; NumPy's SVD: singular values, the two leading right
  singular vectors (sign: largest |entry| positive) and the projections on them.

The weights are closed-form (sines), so the lab builds them without a file. Writes
golden/word2vec.json.
"""

import json
import math
import os
import platform

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), "golden", "word2vec.json")
V, D = 8, 4


def fixed(rows, cols, phase):
    """The lab's `fixed`: 0.1·sin(phase + 0.7·(i·cols + j) + 0.3)."""
    return np.array(
        [[0.1 * math.sin(phase + 0.7 * (i * cols + j) + 0.3) for j in range(cols)] for i in range(rows)]
    )


def sgns():
    w_in, w_out = fixed(V, D, 0.0) * 5.0, fixed(V, D, 1.0) * 5.0
    centre, context, negatives, lr = 2, 5, [1, 7, 5, 1], 0.05
    v = torch.tensor(w_in[centre], requires_grad=True)
    u = torch.tensor(w_out, requires_grad=True)
    loss = -torch.nn.functional.logsigmoid(u[context] @ v) - sum(
        torch.nn.functional.logsigmoid(-(u[k] @ v)) for k in negatives
    )
    loss.backward()
    new_in, new_out = w_in.copy(), w_out.copy()
    new_in[centre] -= lr * v.grad.numpy()
    new_out -= lr * u.grad.numpy()
    return {
        "centre": centre, "context": context, "negatives": negatives, "learning_rate": lr,
        "loss": loss.item(), "grad_centre": v.grad.tolist(), "grad_out": u.grad.tolist(),
        "w_in_after": new_in.tolist(), "w_out_after": new_out.tolist(),
    }


def glove():
    w, w_ctx = fixed(V, D, 2.0) * 5.0, fixed(V, D, 3.0) * 5.0
    b, b_ctx = fixed(1, V, 4.0)[0], fixed(1, V, 5.0)[0]
    entries = [(0, 1, 3.0), (2, 5, 0.5), (7, 3, 150.0), (0, 5, 12.0), (2, 5, 0.5)]
    x_max, alpha, lr = 100.0, 0.75, 0.05
    gsq_w, gsq_ctx = np.ones((V, D)), np.ones((V, D))
    gsq_b, gsq_b_ctx = np.ones(V), np.ones(V)
    cost = 0.0
    for i, j, x in entries:
        diff = w[i] @ w_ctx[j] + b[i] + b_ctx[j] - math.log(x)
        fdiff = diff if x > x_max else (x / x_max) ** alpha * diff
        cost += 0.5 * fdiff * diff
        fdiff *= lr
        grad_w, grad_ctx = fdiff * w_ctx[j], fdiff * w[i]
        w[i] -= grad_w / np.sqrt(gsq_w[i])
        w_ctx[j] -= grad_ctx / np.sqrt(gsq_ctx[j])
        gsq_w[i] += grad_w**2
        gsq_ctx[j] += grad_ctx**2
        b[i] -= fdiff / math.sqrt(gsq_b[i])
        b_ctx[j] -= fdiff / math.sqrt(gsq_b_ctx[j])
        gsq_b[i] += fdiff**2
        gsq_b_ctx[j] += fdiff**2
    return {
        "entries": [list(e) for e in entries], "x_max": x_max, "alpha": alpha, "learning_rate": lr,
        "cost": cost, "w_after": w.tolist(), "w_ctx_after": w_ctx.tolist(),
        "b_after": b.tolist(), "b_ctx_after": b_ctx.tolist(),
    }


def pca():
    x = fixed(12, 5, 6.0) * 10.0 + np.outer(np.arange(12.0), [1.0, -0.5, 0.25, 0.0, 0.1])
    centred = x - x.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    axes = []
    for row in vt[:2]:
        axes.append((row * np.sign(row[np.argmax(np.abs(row))])).tolist())
    return {
        "singular_values": s.tolist(), "axes": axes,
        "projections": (centred @ np.array(axes).T).tolist(),
    }


def main():
    result = {
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "torch": torch.__version__},
        "sgns": sgns(), "glove": glove(), "pca": pca(),
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"word2vec": result}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
