"""Reference numbers for the `linear-algebra` lab (labs/classic/src/bin/linear_algebra.rs).

digits: the 8x8 digits (LLMPATH_DATA/sklearn/digits.csv.gz, checked equal to scikit-learn's
`load_digits`), centred: X = D - mean(D) for the first n images (n = 1797 full, 500 quick).
LAPACK through NumPy gives the eigenvalues of the covariance C = X^T X / (n - 1)
(`np.linalg.eigh`) and the singular values of X (`np.linalg.svd`), which the lab's power
iteration and one-sided Jacobi SVD must reproduce.

mnist: the first n training images (n = 2000 full, 500 quick) of
LLMPATH_DATA/mnist/train-images-idx3-ubyte.gz, pixels u8 / 255 in float32 (as the lab's loader
reads them) then float64, centred. `np.linalg.svd` gives all singular values, and for each rank
k in RANKS the relative Frobenius error of the truncated SVD, ||X - U_k S_k V_k^T||_F / ||X||_F,
computed explicitly and by Eckart-Young: sqrt(sum_{i>k} s_i^2) / ||X||_F.

Usage: scripts/reference/run.sh linear_algebra  (writes golden/linear_algebra.json)
"""

import gzip
import json
import os
import platform
import re
import sys

import numpy as np
import sklearn
from sklearn.datasets import load_digits

SIZES = {"full": (1797, 2000), "quick": (500, 500)}  # (digits, MNIST images)
RANKS = [1, 2, 5, 10, 20, 50, 100, 200]  # the lab's RANKS


def read_digits():
    path = os.path.join(os.environ["LLMPATH_DATA"], "sklearn", "digits.csv.gz")
    with gzip.open(path, "rt") as f:
        table = np.loadtxt(f, delimiter=",")
    pixels, labels = table[:, :64], table[:, 64].astype(int)
    reference = load_digits()
    assert np.array_equal(pixels, reference.data) and np.array_equal(labels, reference.target)
    return pixels


def read_mnist_train_images():
    """The IDX3 file: magic 0x00000803, then n, 28, 28 as big-endian u32, then the bytes."""
    path = os.path.join(os.environ["LLMPATH_DATA"], "mnist", "train-images-idx3-ubyte.gz")
    with gzip.open(path) as f:
        data = f.read()
    magic, n, rows, cols = np.frombuffer(data[:16], dtype=">u4")
    assert (magic, n, rows, cols) == (0x803, 60000, 28, 28)
    return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, rows * cols)


def digits_reference(pixels, n):
    x = pixels[:n] - pixels[:n].mean(axis=0)  # (n, 64)
    eigenvalues = np.linalg.eigh(x.T @ x / (n - 1)).eigenvalues  # ascending
    s = np.linalg.svd(x, compute_uv=False)  # descending
    return {
        "n": n,
        "top_eigenvalues": eigenvalues[::-1][:5].tolist(),
        "singular_values": s.tolist(),
        "numerical_rank": int(np.linalg.matrix_rank(x)),
    }


def mnist_reference(raw, n):
    d = (raw[:n].astype(np.float32) / np.float32(255)).astype(np.float64)  # (n, 784)
    x = d - d.mean(axis=0)
    u, s, vt = np.linalg.svd(x, full_matrices=False)  # s descending, min(n, 784) of them
    norm = np.linalg.norm(x)
    explicit = [float(np.linalg.norm(x - (u[:, :k] * s[:k]) @ vt[:k]) / norm) for k in RANKS]
    return {
        "n": n,
        "ranks": RANKS,
        "varying_pixels": int(np.sum(np.ptp(d, axis=0) > 0)),
        "frobenius_norm": float(norm),
        "singular_values": s.tolist(),
        "numerical_rank": int(np.linalg.matrix_rank(x)),  # s > s_1 max(n, 784) eps
        "rank_k_rel_error": explicit,  # at each of RANKS
        "eckart_young": [float(np.sqrt(np.sum(s[k:] ** 2)) / norm) for k in RANKS],
    }


def main(path):
    pixels, raw = read_digits(), read_mnist_train_images()
    golden = {
        "generated_by": "scripts/reference/linear_algebra.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scikit-learn": sklearn.__version__},
        "mnist_selection": "the first n training images in file order, pixels u8 / 255 as float32",
        **{
            mode: {"digits": digits_reference(pixels, n_digits), "mnist": mnist_reference(raw, n_mnist)}
            for mode, (n_digits, n_mnist) in SIZES.items()
        },
    }
    text = json.dumps(golden, indent=1)
    # Lists of numbers on one line each (singular values), the rest one value a line.
    text = re.sub(r"\[[^\[\]{}\"]*\]", lambda m: json.dumps(json.loads(m.group(0))), text)
    with open(path, "w") as out:
        out.write(text + "\n")
    for mode in SIZES:
        g = golden[mode]["digits"]
        print(f"digits {mode:5} n={g['n']}: lambda_1 {g['top_eigenvalues'][0]:.10g}, "
              f"sigma_1..3 {g['singular_values'][:3]}, rank {g['numerical_rank']}")
    for mode in SIZES:
        g = golden[mode]["mnist"]
        errors = ", ".join(f"{k}: {e:.4f}" for k, e in zip(RANKS, g["rank_k_rel_error"]))
        print(f"mnist  {mode:5} n={g['n']}: sigma_1 {g['singular_values'][0]:.10g}, rank {g['numerical_rank']} "
              f"({g['varying_pixels']} pixels vary); errors {errors}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "linear_algebra.json")
