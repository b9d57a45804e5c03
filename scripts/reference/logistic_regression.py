"""Reference numbers for the `logistic-regression` lab (labs/classic/src/bin/logistic_regression.rs).

Reads the same files as the lab (LLMPATH_DATA: sklearn/*.csv, titanic/train.csv), builds the
same features and the same split, standardises with StandardScaler fitted on the training part
and fits scikit-learn's LogisticRegression(C=1, solver='lbfgs') with a tiny tol and a large
max_iter, so that it stops at the optimum the lab's Newton method reaches:

    sklearn minimises   C Σ_i loss_i + ½‖w‖²
    the lab minimises   (1/n) Σ_i loss_i + (λ/2)‖w‖²     (divide by C n: λ = 1/(C n))

Split (a deterministic rule, no random generator to reproduce): within each class, in file
order, the samples whose rank in the class is a multiple of 4 (0, 4, 8, …) form the test set.

Titanic features (train.csv only; Kaggle's test.csv has no labels): female, pclass == 2,
pclass == 3, age (missing ages get the median age of the training part), sibsp, parch, fare.

For each dataset the golden file keeps the test rows, sklearn's θ = [coef_ intercept_] (K, d + 1)
from lbfgs and, as a second opinion, from newton-cholesky, the test predictions and confusion
matrix, and `metrics`: the objective at the optimum, accuracy and, for binary problems,
precision, recall, F1, roc_auc_score and average_precision_score of the test probabilities
(kept as `test_proba`) and of tied scores (`tied_scores`: the probabilities floored to 0.1).

Usage: scripts/reference/run.sh logistic_regression  (writes golden/logistic_regression.json)
"""

import csv
import gzip
import json
import os
import platform
import sys
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    confusion_matrix,
    f1_score,
    log_loss,
    precision_score,
    recall_score,
    roc_auc_score,
)
from sklearn.preprocessing import StandardScaler

C = 1.0
TOL = 1e-12
MAX_ITER = 100_000
DATA = os.environ.get("LLMPATH_DATA", os.path.join(os.path.dirname(__file__), "../../../shared/data"))


def counted_csv(name):
    """iris.csv / breast_cancer.csv: a `n_samples,n_features,<classes>` line, then rows."""
    with open(os.path.join(DATA, "sklearn", name)) as f:
        rows = list(csv.reader(f))
    data = np.array(rows[1:], dtype=float)
    return data[:, :-1], data[:, -1].astype(int)


def digits():
    with gzip.open(os.path.join(DATA, "sklearn", "digits.csv.gz"), "rt") as f:
        data = np.array(list(csv.reader(f)), dtype=float)
    return data[:, :-1], data[:, -1].astype(int)


def titanic_rows():
    with open(os.path.join(DATA, "titanic", "train.csv"), newline="") as f:
        return list(csv.DictReader(f))


def split(y):
    """Test = every 4th sample of each class in file order (rank within the class % 4 == 0)."""
    test = np.zeros(len(y), dtype=bool)
    for k in np.unique(y):
        members = np.flatnonzero(y == k)
        test[members[::4]] = True
    return np.flatnonzero(~test), np.flatnonzero(test)


def titanic_features(rows, train):
    ages = [float(rows[i]["Age"]) for i in train if rows[i]["Age"] != ""]
    median_age = float(np.median(ages))
    x = [
        [
            1.0 if r["Sex"] == "female" else 0.0,
            1.0 if r["Pclass"] == "2" else 0.0,
            1.0 if r["Pclass"] == "3" else 0.0,
            float(r["Age"]) if r["Age"] != "" else median_age,
            float(r["SibSp"]),
            float(r["Parch"]),
            float(r["Fare"]),
        ]
        for r in rows
    ]
    return np.array(x), median_age


def objective(model, x, y):
    """(1/n) Σ cross-entropy + (λ/2)‖W‖² with λ = 1/(C n), the lab's loss."""
    lam = 1.0 / (C * len(y))
    return log_loss(y, model.predict_proba(x), labels=model.classes_) + 0.5 * lam * float(np.sum(model.coef_**2))


def fit(x, y, solver):
    model = LogisticRegression(C=C, solver=solver, tol=TOL, max_iter=MAX_ITER)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lbfgs may stop on ftol ("ABNORMAL") at the optimum
        model.fit(x, y)
    return model


def dataset(x, y, train, test, extra=None):
    scaler = StandardScaler().fit(x[train])
    x_train, x_test = scaler.transform(x[train]), scaler.transform(x[test])
    model = fit(x_train, y[train], "lbfgs")
    newton = fit(x_train, y[train], "newton-cholesky")
    pred = model.predict(x_test)
    theta = lambda m: np.column_stack([m.coef_, m.intercept_])  # noqa: E731  (K, d + 1), bias last
    metrics = {
        "objective": objective(model, x_train, y[train]),
        "train_accuracy": accuracy_score(y[train], model.predict(x_train)),
        "test_accuracy": accuracy_score(y[test], pred),
    }
    out = {
        "n_train": len(train),
        "n_test": len(test),
        "test_index": test.tolist(),
        "lambda": 1.0 / (C * len(train)),
        "n_iter": int(model.n_iter_[0]),
        "theta": theta(model).tolist(),
        "theta_newton_cholesky": theta(newton).tolist(),
        "lbfgs_vs_newton_cholesky": float(np.max(np.abs(theta(model) - theta(newton))) / np.max(np.abs(theta(newton)))),
        "test_predictions": pred.tolist(),
        "confusion": confusion_matrix(y[test], pred).tolist(),
        "metrics": metrics,
    }
    if len(model.classes_) == 2:  # positive class 1 (benign; survived)
        proba = model.predict_proba(x_test)[:, 1]
        tied = np.floor(proba * 10.0) / 10.0
        out |= {"test_proba": proba.tolist(), "tied_scores": tied.tolist()}
        metrics |= {
            "precision": precision_score(y[test], pred),
            "recall": recall_score(y[test], pred),
            "f1": f1_score(y[test], pred),
            "roc_auc": roc_auc_score(y[test], proba),
            "average_precision": average_precision_score(y[test], proba),
            "roc_auc_tied": roc_auc_score(y[test], tied),
            "average_precision_tied": average_precision_score(y[test], tied),
        }
    return out | (extra or {})


def main(path):
    results = {}
    for name, (x, y) in {
        "breast_cancer": counted_csv("breast_cancer.csv"),
        "iris": counted_csv("iris.csv"),
        "digits": digits(),
    }.items():
        train, test = split(y)
        results[name] = dataset(x, y, train, test)
    rows = titanic_rows()
    y = np.array([int(r["Survived"]) for r in rows])
    train, test = split(y)
    x, median_age = titanic_features(rows, train)
    results["titanic"] = dataset(x, y, train, test, {"median_age": median_age})

    golden = {
        "generated_by": "scripts/reference/logistic_regression.py",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "scikit-learn": sklearn.__version__,
        },
        "estimator": f"LogisticRegression(C={C}, solver='lbfgs', tol={TOL}, max_iter={MAX_ITER}) after StandardScaler",
        "split": "test = rank within class % 4 == 0, in file order",
        "C": C,
        "fits": results,
    }
    with open(path, "w") as out:
        json.dump(golden, out, indent=1)
        out.write("\n")
    for name, r in results.items():
        m = r["metrics"]
        line = f"{name:14} n={r['n_train']}+{r['n_test']} acc {m['test_accuracy']:.4f} obj {m['objective']:.12f} lbfgs-vs-newton {r['lbfgs_vs_newton_cholesky']:.1e} iters {r['n_iter']}"
        if "roc_auc" in m:
            line += f" auc {m['roc_auc']:.6f} ap {m['average_precision']:.6f}"
        print(line)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "logistic_regression.json")
