"""Reference numbers for the `kmeans` lab (labs/classic/src/bin/kmeans.rs).

scikit-learn's KMeans (greedy k-means++, Lloyd), silhouette_score and adjusted_rand_score on
the same files the lab reads ($LLMPATH_DATA/sklearn/iris.csv and digits.csv.gz, raw features):

- iris, k = 3, n_init = 10, random_state = 0: inertia (the global optimum 78.851…), ARI,
  silhouette, labels; and how often ONE k-means++ start ends at that optimum (1000 starts);
- the elbow: inertia for k = 1..10 (n_init = 10, random_state = 0);
- digits, k = 10, n_init = 10: inertia, ARI, silhouette for random_state = 0, and their range
  over random_state = 0..49 (different seeds end in different local optima);
- a hand-made pair of labellings (ARI) and 2-D points with labels (silhouette, one singleton).

Usage: scripts/reference/run.sh kmeans  (writes scripts/reference/golden/kmeans.json)
"""

import gzip
import json
import os
import platform
import sys

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score

DATA = os.environ.get("LLMPATH_DATA", os.path.join(os.path.dirname(__file__), "../../../shared/data"))
SEEDS = 200  # digits: random_state = 0..199
STARTS = 1000  # iris: single k-means++ starts to estimate the chance of the optimum


def iris():
    table = np.loadtxt(os.path.join(DATA, "sklearn/iris.csv"), delimiter=",", skiprows=1)
    return table[:, :4], table[:, 4].astype(int)


def digits():
    with gzip.open(os.path.join(DATA, "sklearn/digits.csv.gz")) as f:
        table = np.loadtxt(f, delimiter=",")
    return table[:, :64], table[:, 64].astype(int)


def fit(x, y, k, n_init, random_state):
    km = KMeans(n_clusters=k, n_init=n_init, random_state=random_state).fit(x)
    return {
        "inertia": float(km.inertia_),
        "ari": float(adjusted_rand_score(y, km.labels_)),
        "silhouette": float(silhouette_score(x, km.labels_)) if k > 1 else None,
        "n_iter": int(km.n_iter_),
        "labels": km.labels_.tolist(),
    }


def main(path):
    x, y = iris()
    best = fit(x, y, 3, 10, 0)
    starts = [KMeans(3, n_init=1, random_state=s).fit(x).inertia_ for s in range(STARTS)]
    at_optimum = float(np.mean([i <= best["inertia"] * (1 + 1e-9) for i in starts]))
    elbow = [fit(x, y, k, 10, 0)["inertia"] for k in range(1, 11)]

    xd, yd = digits()
    runs = [fit(xd, yd, 10, 10, s) for s in range(SEEDS)]
    spread = {m: [min(r[m] for r in runs), max(r[m] for r in runs)] for m in ("inertia", "ari", "silhouette")}
    digits_ref = {key: runs[0][key] for key in ("inertia", "ari", "silhouette", "n_iter")}

    labels_true = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]
    labels_pred = [1, 1, 1, 0, 0, 0, 2, 2, 2, 2, 3, 3]
    points = [[0.0, 0.0], [0.5, 0.2], [0.1, 0.9], [4.0, 4.0], [4.5, 3.5], [3.8, 4.6], [9.0, 0.0]]
    point_labels = [0, 0, 0, 1, 1, 1, 2]  # the last point is a cluster of its own: s = 0

    golden = {
        "generated_by": "scripts/reference/kmeans.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scikit-learn": sklearn.__version__},
        "iris": {
            "k": 3,
            "n_init": 10,
            "random_state": 0,
            **best,
            "single_starts": STARTS,
            "share_of_single_starts_at_optimum": at_optimum,
        },
        "elbow": {"k": list(range(1, 11)), "n_init": 10, "random_state": 0, "inertia": elbow},
        "digits": {"k": 10, "n_init": 10, "random_state": 0, **digits_ref, "seeds": SEEDS, "range": spread},
        "hand_made": {
            "labels_true": labels_true,
            "labels_pred": labels_pred,
            "ari": float(adjusted_rand_score(labels_true, labels_pred)),
            "points": points,
            "point_labels": point_labels,
            "silhouette": float(silhouette_score(np.array(points), point_labels)),
        },
    }
    with open(path, "w") as out:
        json.dump(golden, out, indent=1)
        out.write("\n")
    print(f"iris k=3: inertia {best['inertia']!r}, ARI {best['ari']:.6f}, silhouette {best['silhouette']:.6f}")
    print(f"iris: one k-means++ start reaches the optimum {at_optimum:.3f} of the time")
    print("elbow:", " ".join(f"{v:.3f}" for v in elbow))
    print(f"digits k=10: {digits_ref}, range over {SEEDS} seeds {spread}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "golden/kmeans.json"))
