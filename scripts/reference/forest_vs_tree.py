"""Reference numbers for the `forest-vs-tree` lab (labs/classic/src/bin/forest_vs_tree.rs).

One decision tree against random forests on breast cancer (the file the lab reads):
StratifiedKFold(5) folds; the fold accuracies of DecisionTreeClassifier and RandomForestClassifier
(sqrt(30) = 5 features a split, bootstrap) for every max_depth in 1, 2, 4, 8, None and every
n_estimators in 1, 5, 25, 100 (random_state=0), and at max_depth=None the forests again with
random_state 0..4 (the spread over seeds).

The lab's trees and forests are smartcore's: its depth-1 and depth-2 trees must equal these fold
by fold, the rest is compared, not required equal.

Usage: scripts/reference/run.sh forest_vs_tree  (writes scripts/reference/golden/forest_vs_tree.json)
"""

import os
import platform
import sys

import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import StratifiedKFold
from sklearn.tree import DecisionTreeClassifier

from model_selection import DATA, FOLDS, dump, scores, test_fold

# The lab's settings (forest_vs_tree.rs: TREES, DEPTHS, SEEDS); None: unlimited depth.
TREES = [1, 5, 25, 100]
DEPTHS = [1, 2, 4, 8, None]
SEEDS = 5


def breast_cancer():
    table = np.loadtxt(os.path.join(DATA, "sklearn/breast_cancer.csv"), delimiter=",", skiprows=1)
    x, y = table[:, :30], table[:, 30].astype(int)
    skf = StratifiedKFold(FOLDS)

    def forest(n, depth, seed=0):
        model = RandomForestClassifier(n_estimators=n, max_depth=depth, random_state=seed, n_jobs=-1)
        return scores(model, x, y, skf)

    return {
        "test_fold": test_fold(skf, x, y),
        "n_trees": TREES,
        "max_depth": DEPTHS,
        "tree": [scores(DecisionTreeClassifier(max_depth=d, random_state=0), x, y, skf) for d in DEPTHS],
        "forest": [[forest(n, d) for n in TREES] for d in DEPTHS],
        "seeds": SEEDS,
        "forest_seeds": [[forest(n, None, s) for s in range(SEEDS)] for n in TREES],
    }


def main(path):
    golden = {
        "generated_by": "scripts/reference/forest_vs_tree.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scikit-learn": sklearn.__version__},
        "folds": FOLDS,
        "breast_cancer": breast_cancer(),
    }
    dump(golden, path)
    b = golden["breast_cancer"]
    for d, depth in enumerate(DEPTHS):
        cells = [f"{n}: {np.mean(f):.4f} ± {np.std(f):.4f}" for n, f in zip(TREES, b["forest"][d])]
        tree = b["tree"][d]
        print(f"breast cancer, max_depth {depth}: tree {np.mean(tree):.4f} ± {np.std(tree):.4f} | " + ", ".join(cells))
    spread = [np.mean(np.std(np.array(runs), axis=0)) for runs in b["forest_seeds"]]
    print("breast cancer, std over seeds of a fold's accuracy: " + ", ".join(f"{n}: {s:.4f}" for n, s in zip(TREES, spread)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "golden/forest_vs_tree.json"))
