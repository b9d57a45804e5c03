"""Reference numbers for the graded exercises' checks (content/exercises/*/check.rs).

A few checks hard-code a number made by scikit-learn; others compute their expected values
themselves and only claim that a threshold is safe. This script makes each number the way the
check defines it, on the iris file the checks embed (crates/checker/data/iris.csv, scikit-learn's
copy: a `150,4,setosa,versicolor,virginica` line, then 4 features and the species 0, 1, 2):

- lloyd-step: KMeans(3, init = rows 0, 50, 100, n_init=1, algorithm='lloyd', tol=0) on the raw
  features: `inertia_` (IRIS_INERTIA) and `n_iter_` (SKLEARN_STEPS: scikit-learn stops at the
  first iteration whose labels equal the previous one's, as the check's loop does); the same loop
  in NumPy as a second opinion.
- logistic-loss-gradient: versicolor (0) vs virginica (1); within each species, in file order,
  the flowers of rank 0, 4, 8, … are the test set (74 train, 26 test rows, sorted); features
  standardised with the training rows' mean and population std (StandardScaler);
  LogisticRegression(C=1, tol=1e-12): test flowers right (SKLEARN_CORRECT of 26). The check's own
  gradient descent (η = LEARNING_RATE = 1, EPOCHS = 1000, λ = 1/(C n) = 1/74) redone in NumPy:
  its largest gradient component at the end, its test score and its distance to scikit-learn's
  optimum; and the curvature bound λ_max(¼ X̃ᵀX̃ / n + λ diag(0, 1, …)) the comment quotes as ≤ 0.77.
- t-statistic (no hard-coded number: the check computes t and ν itself, and asks for a
  permutation p < 0.01 from 2000 seeded shuffles): SciPy's Welch test (ttest_ind,
  equal_var=False) of versicolor vs virginica sepal width, permutation_test's two-sided p
  (P(|d*| ≥ |d|), 10⁶ shuffles), and the chance that a correct learner fails the check:
  P(Binomial(2000, p) ≥ 20), (1 + 20)/2001 being the first p̂ ≥ 0.01, with p raised by five
  standard errors of its estimate.
- gaussian-mle (no hard-coded number either): SciPy's norm.fit of the 150 petal lengths
  (μ̂, σ̂ → σ̂²), and the check's gradient ascent from (1, 1), η = 1, 2000 steps, redone with
  the analytic gradient in float64 scalars: its end point and relative distance to (μ̂, σ̂²),
  which the check wants within 1e-6.

Block 4 (neural networks) computes its references in the checks themselves; PyTorch (float64)
confirms on fixed inputs that those references are PyTorch's definitions:

- activation-derivatives: `F.gelu(approximate="tanh")` and the autograd derivatives of GELU,
  sigmoid, tanh and ReLU (ReLU′(0) = 0) at a few z.
- batch-cross-entropy: `F.cross_entropy` (mean) of a batch with logits of ±1000, and its
  gradient with respect to the logits.
- conv2d-im2col: `F.conv2d` (padding 1) of small integer data the test rebuilds from formulas.
- sgd-momentum: `torch.optim.SGD(momentum=0.9, weight_decay=0.1)` for 6 steps with the
  learning rate halving each step, gradients g_t[i] = sin(1 + i + 3t).
- adam-step: `torch.optim.Adam(lr=0.01, betas=(0.9, 0.999), eps=1e-8)` for 6 steps on the same
  gradients, and on the same gradients times 1e-8 (where ε matters).

Block 5 (language models) does the same: its checks compute their own references, and PyTorch
(float64) confirms them on fixed inputs:

- attention-softmax: `F.softmax` over the last axis of scores with −∞ entries and rows ±1000
  apart (a fully masked row gives NaN there), and `F.scaled_dot_product_attention`'s row of zeros
  for a query whose every key is masked: the convention the exercise takes.
- causal-mask: `causal_lower_right(T, S)` (the query i at position S − T + i) for a few T ≤ S,
  beside `causal_upper_left` (what `is_causal=True` does), which differs once S > T.
- scaled-dot-product-attention: `F.scaled_dot_product_attention` with d_k ≠ d_v, without a mask
  and with a boolean mask that leaves one query no key.
- lstm-cell-step: `nn.LSTMCell` (gates i, f, g, o) with weights from formulas, run over 4 inputs
  from h = c = 0: h and c after each step.
- skipgram-negative-sampling: −F.logsigmoid(u_o·v_c) − Σₖ F.logsigmoid(−u_k·v_c) and its
  autograd gradients, on small vectors and on the same vectors times 30 (dot products near ±1000).
- bpe-merge (no PyTorch): the code of Sennrich et al. (2016, figure 1: get_stats and merge_vocab
  with its regex) on the paper's corpus, with the exercise's tie-break (largest count, then the
  smallest pair): 10 merges; and its counts and merges of runs such as a a a.

crates/grader/tests/exercise_references.rs asserts that each check.rs uses these numbers (and,
for blocks 4 and 5, that the check's own formulas reproduce PyTorch's).

Usage: scripts/reference/run.sh exercises  (writes scripts/reference/golden/exercises.json)
"""

import json
import math
import os
import platform
import sys
import warnings

import numpy as np
import scipy
import sklearn
from scipy import stats
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
import torch
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")
IRIS = "crates/checker/data/iris.csv"

LLOYD_ROWS = [0, 50, 100]
C = 1.0
TOL = 1e-12
MAX_ITER = 100_000
LEARNING_RATE = 1.0  # logistic-loss-gradient's LEARNING_RATE and EPOCHS
EPOCHS = 1000
PERMUTATIONS = 2000  # t-statistic: the check's shuffles, and its bound on p
P_THRESHOLD = 0.01
REFERENCE_SHUFFLES = 1_000_000
ASCENT = {"mu0": 1.0, "var0": 1.0, "learning_rate": 1.0, "steps": 2000}  # gaussian-mle
# Block 4: the optimisers' runs (sgd-momentum, adam-step).
OPTIMISER_THETA = [0.5, -1.5, 2.0]
OPTIMISER_STEPS = 6
SGD = {"momentum": 0.9, "weight_decay": 0.1, "learning_rates": [0.5**t for t in range(OPTIMISER_STEPS)]}
ADAM = {"learning_rate": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "scales": [1.0, 1e-8]}


def iris():
    table = np.loadtxt(os.path.join(ROOT, IRIS), delimiter=",", skiprows=1)
    return table[:, :4], table[:, 4].astype(int)


def lloyd_step(x):
    init = x[LLOYD_ROWS]
    km = KMeans(n_clusters=3, init=init, n_init=1, algorithm="lloyd", tol=0.0, max_iter=300).fit(x)
    default_tol = KMeans(n_clusters=3, init=init, n_init=1, algorithm="lloyd").fit(x)
    # The check's loop: step t assigns with the centres of step t − 1; it stops at the first step
    # whose labels equal the previous step's and compares that step's inertia with IRIS_INERTIA.
    centres, previous, steps, inertia = init.copy(), None, None, None
    for step in range(1, 101):
        d2 = ((x[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        labels = d2.argmin(axis=1)
        inertia = float(d2[np.arange(len(x)), labels].sum())
        if previous is not None and np.array_equal(labels, previous):
            steps = step
            break
        centres = np.array([x[labels == j].mean(axis=0) if (labels == j).any() else centres[j] for j in range(3)])
        previous = labels
    return {
        "check": "content/exercises/lloyd-step/check.rs",
        "estimator": "KMeans(n_clusters=3, init=x[[0, 50, 100]], n_init=1, algorithm='lloyd', tol=0, max_iter=300) on the raw features",
        "init_rows": LLOYD_ROWS,
        "inertia": float(km.inertia_),  # IRIS_INERTIA
        "n_iter": int(km.n_iter_),  # SKLEARN_STEPS
        "n_iter_default_tol": int(default_tol.n_iter_),
        "inertia_default_tol": float(default_tol.inertia_),
        "numpy_loop": {"steps": steps, "inertia": inertia},
    }


def logistic_split(x, species):
    """Versicolor vs virginica, every 4th flower of each species (rank 0, 4, …) to the test set."""
    train, test = [], []
    for k in (1, 2):
        for rank, i in enumerate(np.flatnonzero(species == k)):
            (test if rank % 4 == 0 else train).append(int(i))
    train, test = sorted(train), sorted(test)
    scaler = StandardScaler().fit(x[train])  # the training rows' mean and population std
    y = (species == 2).astype(float)
    return scaler.transform(x[train]), y[train], scaler.transform(x[test]), y[test], train, test


def logistic_loss_gradient(x, species):
    x_train, y_train, x_test, y_test, train, test = logistic_split(x, species)
    n = len(y_train)
    lam = 1.0 / (C * n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lbfgs may stop on ftol at the optimum
        model = LogisticRegression(C=C, tol=TOL, max_iter=MAX_ITER).fit(x_train, y_train)
    default = LogisticRegression(C=C).fit(x_train, y_train)
    correct = int(np.sum(model.predict(x_test) == y_test))

    # The check's fit: full-batch gradient descent on (1/n) Σ lossᵢ + (λ/2)‖w‖² from 0.
    design = np.column_stack([np.ones(n), x_train])
    penalised = np.array([0.0, 1.0, 1.0, 1.0, 1.0])

    def gradient(theta):
        p = 1.0 / (1.0 + np.exp(-(design @ theta)))
        return design.T @ (p - y_train) / n + lam * penalised * theta

    theta = np.zeros(5)
    for _ in range(EPOCHS):
        theta = theta - LEARNING_RATE * gradient(theta)
    logits = theta[0] + x_test @ theta[1:]
    sklearn_theta = np.concatenate([model.intercept_, model.coef_[0]])
    # σ'(z) ≤ ¼: the Hessian is at most ¼ X̃ᵀX̃ / n + λ diag(0, 1, 1, 1, 1) (X̃ with the 1s column).
    curvature = float(np.linalg.eigvalsh(0.25 * design.T @ design / n + lam * np.diag(penalised)).max())
    return {
        "check": "content/exercises/logistic-loss-gradient/check.rs",
        "estimator": f"LogisticRegression(C={C}, tol={TOL}, max_iter={MAX_ITER}) after StandardScaler fitted on the training rows",
        "split": "versicolor (0) vs virginica (1); test = rank within species % 4 == 0, in file order",
        "test_index": test,
        "n_train": n,
        "n_test": len(test),
        "lambda": lam,
        "intercept": float(model.intercept_[0]),
        "coef": model.coef_[0].tolist(),
        "test_correct": correct,  # SKLEARN_CORRECT
        "test_accuracy": float(model.score(x_test, y_test)),
        "test_correct_default_tol": int(np.sum(default.predict(x_test) == y_test)),
        "curvature_bound": curvature,  # "the loss's curvature is ≤ 0.77 here"
        "gradient_descent": {
            "learning_rate": LEARNING_RATE,  # LEARNING_RATE
            "epochs": EPOCHS,  # EPOCHS
            "max_gradient": float(np.abs(gradient(theta)).max()),  # the check wants ≤ 1e-8
            "test_correct": int(np.sum((logits > 0) == (y_test == 1.0))),
            "max_abs_diff_to_sklearn": float(np.abs(theta - sklearn_theta).max()),
        },
    }


def t_statistic(x, species):
    versicolor, virginica = x[species == 1, 1], x[species == 2, 1]
    welch = stats.ttest_ind(versicolor, virginica, equal_var=False)

    def gap(a, b, axis):
        return np.abs(np.mean(a, axis=axis) - np.mean(b, axis=axis))

    perm = stats.permutation_test(
        (versicolor, virginica),
        gap,
        permutation_type="independent",
        vectorized=True,
        n_resamples=REFERENCE_SHUFFLES,
        batch=50_000,
        alternative="greater",
        rng=np.random.default_rng(0),
    )
    p = float(perm.pvalue)
    p_high = p + 5.0 * math.sqrt(p * (1.0 - p) / REFERENCE_SHUFFLES)
    # p̂ = (1 + K)/(1 + 2000) < 0.01 ⇔ K ≤ 19: a correct learner fails when K ≥ 20.
    first_failing = math.ceil(P_THRESHOLD * (1 + PERMUTATIONS) - 1)
    return {
        "check": "content/exercises/t-statistic/check.rs",
        "samples": "sepal width (column 1) of versicolor (species 1) vs virginica (species 2)",
        "welch": {"statistic": float(welch.statistic), "df": float(welch.df), "pvalue": float(welch.pvalue)},
        "permutation": {"shuffles": REFERENCE_SHUFFLES, "seed": 0, "pvalue": p, "pvalue_plus_5_se": p_high},
        "check_permutations": PERMUTATIONS,
        "check_threshold": P_THRESHOLD,
        "first_failing_count": first_failing,
        "chance_correct_code_fails": float(stats.binom.sf(first_failing - 1, PERMUTATIONS, p_high)),
    }


def gaussian_mle(x):
    lengths = [float(v) for v in x[:, 2]]
    mu_fit, sigma_fit = (float(v) for v in stats.norm.fit(np.array(lengths)))  # MLE: mean, 1/n std
    n = len(lengths)
    mu, var = ASCENT["mu0"], ASCENT["var0"]
    for _ in range(ASCENT["steps"]):  # ∂ℓ/∂μ = Σ (x − μ)/σ², ∂ℓ/∂σ² = −n/(2σ²) + Σ (x − μ)²/(2σ⁴)
        d_mu = sum(v - mu for v in lengths) / var
        d_var = -n / (2.0 * var) + sum((v - mu) ** 2 for v in lengths) / (2.0 * var * var)
        mu, var = mu + ASCENT["learning_rate"] * d_mu / n, var + ASCENT["learning_rate"] * d_var / n
    var_fit = sigma_fit**2
    return {
        "check": "content/exercises/gaussian-mle/check.rs",
        "samples": "petal length (column 2) of all 150 flowers",
        "norm_fit": {"mu": mu_fit, "var": var_fit},
        "ascent": {
            **ASCENT,
            "mu": mu,
            "var": var,
            "rel_err_mu": abs(mu - mu_fit) / abs(mu_fit),
            "rel_err_var": abs(var - var_fit) / var_fit,
        },
    }


def optimiser_gradients(scale):
    """g_t[i] = scale · sin(1 + i + 3t) for steps t = 0 … OPTIMISER_STEPS − 1."""
    return [[scale * math.sin(1.0 + i + 3.0 * t) for i in range(len(OPTIMISER_THETA))] for t in range(OPTIMISER_STEPS)]


def optimiser_path(optimiser, param, gradients, rates=None):
    path = []
    for t, g in enumerate(gradients):
        if rates is not None:
            for group in optimiser.param_groups:
                group["lr"] = rates[t]
        param.grad = torch.tensor(g, dtype=torch.float64)
        optimiser.step()
        path.append(param.detach().tolist())
    return path


def sgd_momentum():
    param = torch.tensor(OPTIMISER_THETA, dtype=torch.float64, requires_grad=True)
    rates = SGD["learning_rates"]
    sgd = torch.optim.SGD([param], lr=rates[0], momentum=SGD["momentum"], weight_decay=SGD["weight_decay"])
    gradients = optimiser_gradients(1.0)
    return {
        "check": "content/exercises/sgd-momentum/check.rs",
        "theta": OPTIMISER_THETA,
        **SGD,
        "gradients": gradients,
        "torch_path": optimiser_path(sgd, param, gradients, rates),
    }


def adam_step():
    runs = []
    for scale in ADAM["scales"]:
        param = torch.tensor(OPTIMISER_THETA, dtype=torch.float64, requires_grad=True)
        adam = torch.optim.Adam([param], lr=ADAM["learning_rate"], betas=(ADAM["beta1"], ADAM["beta2"]), eps=ADAM["eps"])
        gradients = optimiser_gradients(scale)
        runs.append({"scale": scale, "gradients": gradients, "torch_path": optimiser_path(adam, param, gradients)})
    return {"check": "content/exercises/adam-step/check.rs", "theta": OPTIMISER_THETA, **ADAM, "runs": runs}


def conv2d_im2col():
    # Small integers from formulas the test rebuilds: every product and sum is exact.
    batch, channels, out, h, w, kh, kw, padding = 2, 3, 2, 5, 4, 3, 2, 1
    x = torch.tensor(
        [[[[((n * 7 + c * 5 + i * 3 + j) % 7) - 3 for j in range(w)] for i in range(h)] for c in range(channels)] for n in range(batch)],
        dtype=torch.float64,
    )
    weight = torch.tensor(
        [[[[((o * 5 + c * 3 + u * 2 + v) % 5) - 2 for v in range(kw)] for u in range(kh)] for c in range(channels)] for o in range(out)],
        dtype=torch.float64,
    )
    bias = torch.tensor([o - 1.0 for o in range(out)], dtype=torch.float64)
    y = F.conv2d(x, weight, bias, padding=padding)
    return {
        "check": "content/exercises/conv2d-im2col/check.rs",
        "x": "((n·7 + c·5 + i·3 + j) mod 7) − 3",
        "w": "((o·5 + c·3 + u·2 + v) mod 5) − 2",
        "b": "o − 1",
        "sizes": {"batch": batch, "channels": channels, "out": out, "h": h, "w": w, "kh": kh, "kw": kw, "padding": padding},
        "shape": list(y.shape),
        "y": y.flatten().tolist(),
    }


def batch_cross_entropy():
    logits = torch.tensor([[1000.0, 0.0, -5.0], [-1000.0, 0.0, 2.0], [0.5, -0.25, 1.5]], dtype=torch.float64, requires_grad=True)
    labels = [1, 0, 2]
    loss = F.cross_entropy(logits, torch.tensor(labels), reduction="mean")
    loss.backward()
    return {
        "check": "content/exercises/batch-cross-entropy/check.rs",
        "logits": logits.detach().tolist(),
        "labels": labels,
        "loss": loss.item(),
        "gradient": logits.grad.tolist(),
    }


def activation_derivatives():
    z = torch.tensor([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0], dtype=torch.float64, requires_grad=True)
    out = {"check": "content/exercises/activation-derivatives/check.rs", "z": z.detach().tolist()}
    for name, f in [
        ("gelu_tanh", lambda z: F.gelu(z, approximate="tanh")),
        ("sigmoid", torch.sigmoid),
        ("tanh", torch.tanh),
        ("relu", torch.relu),
    ]:
        (derivative,) = torch.autograd.grad(f(z).sum(), z)
        out[name] = {"value": f(z).detach().tolist(), "derivative": derivative.tolist()}
    return out


def attention_softmax():
    # Finite scores; `masked` marks the −∞ entries (JSON has no −∞). Rows sit ±1000 apart, and
    # row 3 is fully masked.
    scores = [[0.5, -1.0, 2.0, 0.25], [1001.0, 999.5, 1000.0, 1002.0], [-998.0, -1000.5, -999.0, -1001.0], [0.0, 1.0, 2.0, 3.0]]
    masked = [[False, True, False, False], [False, False, True, False], [True, False, False, True], [True, True, True, True]]
    s = torch.tensor(scores, dtype=torch.float64).masked_fill(torch.tensor(masked), float("-inf"))
    probs = F.softmax(s, dim=-1)
    # SDPA's convention for a query with no key: q·k = 0, v = identity, so the output row is its weights.
    allowed = ~torch.tensor(masked)
    sdpa = F.scaled_dot_product_attention(torch.zeros(4, 1, dtype=torch.float64), torch.zeros(4, 1, dtype=torch.float64), torch.eye(4, dtype=torch.float64), attn_mask=allowed)
    return {
        "check": "content/exercises/attention-softmax/check.rs",
        "scores": scores,
        "masked": masked,
        "softmax": [row if not all(m) else None for row, m in zip(probs.tolist(), masked)],
        "softmax_fully_masked_is_nan": bool(torch.isnan(probs[3]).all()),
        "sdpa_weights": sdpa.tolist(),
    }


def causal_mask():
    from torch.nn.attention.bias import causal_lower_right, causal_upper_left

    sizes = [(1, 4), (2, 5), (3, 4), (3, 7), (4, 4)]
    return {
        "check": "content/exercises/causal-mask/check.rs",
        "sizes": sizes,
        "lower_right": [causal_lower_right(t, s)._materialize().tolist() for t, s in sizes],
        "upper_left": [causal_upper_left(t, s)._materialize().tolist() for t, s in sizes],
    }


def scaled_dot_product_attention():
    # Q (3, 4), K (5, 4), V (5, 2) from formulas; query 1 is allowed no key under the mask.
    q = [[math.sin(1.0 + i + 3.0 * d) for d in range(4)] for i in range(3)]
    k = [[math.cos(2.0 + j + 5.0 * d) for d in range(4)] for j in range(5)]
    v = [[math.sin(0.5 + 2.0 * j + e) for e in range(2)] for j in range(5)]
    mask = [[True, False, True, True, False], [False] * 5, [False, False, False, True, True]]
    tq, tk, tv = (torch.tensor(m, dtype=torch.float64) for m in (q, k, v))
    return {
        "check": "content/exercises/scaled-dot-product-attention/check.rs",
        "q": q,
        "k": k,
        "v": v,
        "mask": mask,
        "output": F.scaled_dot_product_attention(tq, tk, tv).tolist(),
        "masked_output": F.scaled_dot_product_attention(tq, tk, tv, attn_mask=torch.tensor(mask)).tolist(),
    }


def lstm_cell_step():
    d, hidden, steps = 3, 2, 4
    w_ih = [[0.5 * math.sin(1.0 + r + 2.0 * j) for j in range(d)] for r in range(4 * hidden)]
    w_hh = [[0.5 * math.cos(1.0 + 3.0 * r + j) for j in range(hidden)] for r in range(4 * hidden)]
    b_ih = [0.1 * math.sin(float(r)) for r in range(4 * hidden)]
    b_hh = [0.1 * math.cos(float(r)) for r in range(4 * hidden)]
    xs = [[math.sin(0.3 + t + 2.0 * j) for j in range(d)] for t in range(steps)]
    cell = torch.nn.LSTMCell(d, hidden, dtype=torch.float64)
    with torch.no_grad():
        for name, value in (("weight_ih", w_ih), ("weight_hh", w_hh), ("bias_ih", b_ih), ("bias_hh", b_hh)):
            getattr(cell, name).copy_(torch.tensor(value, dtype=torch.float64))
        h, c = torch.zeros(1, hidden, dtype=torch.float64), torch.zeros(1, hidden, dtype=torch.float64)
        hs, cs = [], []
        for x in xs:
            h, c = cell(torch.tensor([x], dtype=torch.float64), (h, c))
            hs.append(h[0].tolist())
            cs.append(c[0].tolist())
    return {"check": "content/exercises/lstm-cell-step/check.rs", "w_ih": w_ih, "w_hh": w_hh, "b_ih": b_ih, "b_hh": b_hh, "xs": xs, "h": hs, "c": cs}


def skipgram_negative_sampling():
    centre = [0.5, -1.25, 0.75]
    context = [1.0, 0.25, -0.5]
    negatives = [[-0.5, 1.0, 0.25], [1.5, -0.75, 1.0], [-0.5, 1.0, 0.25]]  # the first drawn twice
    cases = []
    for scale in (1.0, 30.0):
        v = torch.tensor(centre, dtype=torch.float64).mul(scale).requires_grad_()
        u = torch.tensor(context, dtype=torch.float64).mul(scale).requires_grad_()
        neg = torch.tensor(negatives, dtype=torch.float64).mul(scale).requires_grad_()
        loss = -F.logsigmoid(u @ v) - F.logsigmoid(-(neg @ v)).sum()
        loss.backward()
        cases.append({"scale": scale, "loss": loss.item(), "centre": v.grad.tolist(), "context": u.grad.tolist(), "negatives": neg.grad.tolist()})
    return {"check": "content/exercises/skipgram-negative-sampling/check.rs", "centre": centre, "context": context, "negatives": negatives, "cases": cases}


def bpe_merge():
    import collections
    import re

    # Sennrich et al. (2016), figure 1, with the exercise's tie-break in place of max(pairs, key=pairs.get).
    def get_stats(vocab):
        pairs = collections.defaultdict(int)
        for word, freq in vocab.items():
            symbols = word.split()
            for i in range(len(symbols) - 1):
                pairs[symbols[i], symbols[i + 1]] += freq
        return pairs

    def merge_vocab(pair, v_in):
        v_out = {}
        bigram = re.escape(" ".join(pair))
        p = re.compile(r"(?<!\S)" + bigram + r"(?!\S)")
        for word in v_in:
            w_out = p.sub("".join(pair), word)
            v_out[w_out] = v_in[word]
        return v_out

    def best(pairs):
        return min(pairs, key=lambda pair: (-pairs[pair], pair))

    corpus = {"l o w </w>": 5, "l o w e r </w>": 2, "n e w e s t </w>": 6, "w i d e s t </w>": 3}
    vocab, merges = dict(corpus), []
    for _ in range(10):
        pairs = get_stats(vocab)
        pair = best(pairs)
        merges.append({"pair": list(pair), "count": pairs[pair], "tied": sorted(list(p) for p, n in pairs.items() if n == pairs[pair])})
        vocab = merge_vocab(pair, vocab)
    runs = {"a a a": 3, "b a a": 2, "a a a a": 1}
    return {
        "check": "content/exercises/bpe-merge/check.rs",
        "corpus": corpus,
        "merges": merges,
        "vocab_after": vocab,
        "runs": runs,
        "runs_counts": {" ".join(p): n for p, n in sorted(get_stats(runs).items())},
        "runs_merged": merge_vocab(("a", "a"), runs),
    }


BLOCK_5 = {
    "attention_softmax": attention_softmax,
    "causal_mask": causal_mask,
    "scaled_dot_product_attention": scaled_dot_product_attention,
    "lstm_cell_step": lstm_cell_step,
    "skipgram_negative_sampling": skipgram_negative_sampling,
    "bpe_merge": bpe_merge,
}


def main(path):
    x, species = iris()
    golden = {
        "generated_by": "scripts/reference/exercises.py",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "scikit-learn": sklearn.__version__,
            "torch": torch.__version__.split("+")[0],
        },
        "data": IRIS,
        "lloyd_step": lloyd_step(x),
        "logistic_loss_gradient": logistic_loss_gradient(x, species),
        "t_statistic": t_statistic(x, species),
        "gaussian_mle": gaussian_mle(x),
        "activation_derivatives": activation_derivatives(),
        "batch_cross_entropy": batch_cross_entropy(),
        "conv2d_im2col": conv2d_im2col(),
        "sgd_momentum": sgd_momentum(),
        "adam_step": adam_step(),
        **{key: make() for key, make in BLOCK_5.items()},
    }
    with open(path, "w") as out:
        json.dump(golden, out, indent=1)
        out.write("\n")
    k, lo, t, g = (golden[key] for key in ("lloyd_step", "logistic_loss_gradient", "t_statistic", "gaussian_mle"))
    print(f"lloyd-step: inertia {k['inertia']!r} after {k['n_iter']} iterations (NumPy loop: {k['numpy_loop']})")
    print(
        f"logistic-loss-gradient: {lo['test_correct']}/{lo['n_test']} test flowers right, curvature ≤ {lo['curvature_bound']:.4f}, GD {lo['gradient_descent']}"
    )
    print(f"t-statistic: Welch {t['welch']}, permutation p {t['permutation']['pvalue']:.6f}, P(fail) {t['chance_correct_code_fails']:.1e}")
    print(f"gaussian-mle: norm.fit {g['norm_fit']}, ascent {g['ascent']}")
    print(f"batch-cross-entropy: loss {golden['batch_cross_entropy']['loss']!r}; sgd-momentum: θ₆ {golden['sgd_momentum']['torch_path'][-1]}")
    print(f"adam-step: θ₆ {[run['torch_path'][-1] for run in golden['adam_step']['runs']]}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "golden/exercises.json"))
