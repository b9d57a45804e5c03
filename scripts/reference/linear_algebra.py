"""Reference numbers for the `linear-algebra` lab (labs/classic/src/bin/linear_algebra.rs).

The 8x8 digits (LLMPATH_DATA/sklearn/digits.csv.gz, checked equal to scikit-learn's
`load_digits`), centred: X = D - mean(D) for the first n images (n = 1797 full, 500 quick).
LAPACK through NumPy gives the eigenvalues of the covariance C = X^T X / (n - 1)
(`np.linalg.eigh`), the singular values of X (`np.linalg.svd`) and the relative Frobenius error
of the rank-k reconstruction ||X - U_k S_k V_k^T||_F / ||X||_F, computed explicitly and by
Eckart-Young: sqrt(sum_{i>k} s_i^2) / ||X||_F.

Usage: scripts/reference/run.sh linear_algebra  (writes golden/linear_algebra.json)
"""

import gzip
import json
import os
import platform
import sys

import numpy as np
import sklearn
from sklearn.datasets import load_digits

SIZES = {"full": 1797, "quick": 500}
RANKS = [5, 10, 20]


def read_digits():
    path = os.path.join(os.environ["LLMPATH_DATA"], "sklearn", "digits.csv.gz")
    with gzip.open(path, "rt") as f:
        table = np.loadtxt(f, delimiter=",")
    pixels, labels = table[:, :64], table[:, 64].astype(int)
    reference = load_digits()
    assert np.array_equal(pixels, reference.data) and np.array_equal(labels, reference.target)
    return pixels


def reference(pixels, n):
    x = pixels[:n] - pixels[:n].mean(axis=0)  # (n, 64)
    eigenvalues = np.linalg.eigh(x.T @ x / (n - 1)).eigenvalues  # ascending
    u, s, vt = np.linalg.svd(x, full_matrices=False)  # s descending
    norm = np.linalg.norm(x)
    errors = {}
    for k in RANKS:
        x_k = (u[:, :k] * s[:k]) @ vt[:k]
        errors[str(k)] = {
            "explicit": float(np.linalg.norm(x - x_k) / norm),
            "eckart_young": float(np.sqrt(np.sum(s[k:] ** 2)) / norm),
        }
    return {
        "n": n,
        "frobenius_norm": float(norm),
        "top_eigenvalues": eigenvalues[::-1][:5].tolist(),
        "singular_values": s.tolist(),
        "rank_k_rel_error": errors,
        "numerical_rank": int(np.linalg.matrix_rank(x)),
    }


def main(path):
    pixels = read_digits()
    golden = {
        "generated_by": "scripts/reference/linear_algebra.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scikit-learn": sklearn.__version__},
        **{mode: reference(pixels, n) for mode, n in SIZES.items()},
    }
    with open(path, "w") as out:
        json.dump(golden, out, indent=1)
        out.write("\n")
    for mode in SIZES:
        g = golden[mode]
        print(f"{mode:5} n={g['n']}: lambda_1 {g['top_eigenvalues'][0]:.10g}, sigma_1..3 {g['singular_values'][:3]}, "
              f"rank {g['numerical_rank']}, error at k=10 {g['rank_k_rel_error']['10']['explicit']:.6f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "linear_algebra.json")
