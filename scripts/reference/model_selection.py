"""Reference numbers for the `model-selection` lab (labs/classic/src/bin/model_selection.rs).

scikit-learn's splitters, pipelines and grid search on the files the lab reads:

- iris: StratifiedKFold(5) and KFold(5) folds (shuffle=False); the fold accuracies of
  KNeighborsClassifier(k), k = 1..30, raw and after StandardScaler (a Pipeline), and
  GridSearchCV's choice over that grid;
- diabetes: KFold(5) folds and the fold R² of PolynomialFeatures(2) -> StandardScaler ->
  Ridge(alpha) for 29 alphas (the regularisation path), and GridSearchCV's best alpha.

`ensembles.py` and `forest_vs_tree.py` (the `ensembles` and `forest-vs-tree` labs) import the helpers below.

Usage: scripts/reference/run.sh model_selection  (writes scripts/reference/golden/model_selection.json)
"""

import gzip
import json
import os
import platform
import re
import sys

import numpy as np
import sklearn
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold, cross_val_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

DATA = os.environ.get("LLMPATH_DATA", os.path.join(os.path.dirname(__file__), "../../../shared/data"))
FOLDS = 5
K = list(range(1, 31))  # iris k-NN grid
ALPHAS = np.logspace(-3, 4, 29)  # ridge path: four per decade


def test_fold(splitter, x, y):
    """The fold each sample is a test sample in (n,)."""
    fold = np.empty(len(x), dtype=int)
    for f, (_, test) in enumerate(splitter.split(x, y)):
        fold[test] = f
    return fold.tolist()


def scores(model, x, y, cv, scoring="accuracy"):
    return cross_val_score(model, x, y, cv=cv, scoring=scoring).tolist()


def read_iris():
    table = np.loadtxt(os.path.join(DATA, "sklearn/iris.csv"), delimiter=",", skiprows=1)
    return table[:, :4], table[:, 4].astype(int)


def dump(golden, path):
    """Lists of numbers on one line each (folds, fold scores), the rest one value a line."""
    text = json.dumps(golden, indent=1)
    text = re.sub(r"\[[^\[\]{}\"]*\]", lambda m: json.dumps(json.loads(m.group(0))), text)
    with open(path, "w") as out:
        out.write(text + "\n")


def iris():
    x, y = read_iris()
    skf, kf = StratifiedKFold(FOLDS), KFold(FOLDS)
    knn = lambda k, scale: make_pipeline(*([StandardScaler()] if scale else []), KNeighborsClassifier(k))
    grid = GridSearchCV(
        Pipeline([("scale", "passthrough"), ("knn", KNeighborsClassifier())]),
        {"scale": ["passthrough", StandardScaler()], "knn__n_neighbors": K},
        cv=skf,
    ).fit(x, y)
    best_scaled = grid.best_params_["scale"] != "passthrough"
    best_k = grid.best_params_["knn__n_neighbors"]
    return {
        "test_fold": test_fold(skf, x, y),
        "kfold_test_fold": test_fold(kf, x, y),
        "k": K,
        "raw": [scores(knn(k, False), x, y, skf) for k in K],
        "scaled": [scores(knn(k, True), x, y, skf) for k in K],
        "best_scaled": best_scaled,
        "best_k": best_k,
        "best_score": float(grid.best_score_),
        "kfold_accuracy": scores(knn(best_k, best_scaled), x, y, kf),
    }


def diabetes():
    with gzip.open(os.path.join(DATA, "sklearn/diabetes_data_raw.csv.gz")) as f:
        x = np.loadtxt(f)
    with gzip.open(os.path.join(DATA, "sklearn/diabetes_target.csv.gz")) as f:
        y = np.loadtxt(f)
    kf = KFold(FOLDS)
    ridge = lambda a: make_pipeline(PolynomialFeatures(2, include_bias=False), StandardScaler(), Ridge(alpha=a))
    grid = GridSearchCV(ridge(1.0), {"ridge__alpha": ALPHAS}, cv=kf, scoring="r2").fit(x, y)
    return {
        "test_fold": test_fold(kf, x, y),
        "alpha": ALPHAS.tolist(),
        "fold_r2": [scores(ridge(a), x, y, kf, "r2") for a in ALPHAS],
        "best_alpha": float(grid.best_params_["ridge__alpha"]),
        "best_score": float(grid.best_score_),
    }


def main(path):
    golden = {
        "generated_by": "scripts/reference/model_selection.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scikit-learn": sklearn.__version__},
        "folds": FOLDS,
        "iris": iris(),
        "diabetes": diabetes(),
    }
    dump(golden, path)
    i, d = golden["iris"], golden["diabetes"]
    print(f"iris: best k = {i['best_k']} (scaled: {i['best_scaled']}), CV accuracy {i['best_score']:.4f}")
    print(f"diabetes: best alpha = {d['best_alpha']:.4g}, CV R2 {d['best_score']:.4f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "golden/model_selection.json"))
