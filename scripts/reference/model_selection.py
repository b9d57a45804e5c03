"""Reference numbers for the `model-selection` lab (labs/classic/src/bin/model_selection.rs).

scikit-learn's splitters, pipelines, grid search and ensembles on the files the lab reads:

- iris: StratifiedKFold(5) and KFold(5) folds (shuffle=False); the fold accuracies of
  KNeighborsClassifier(k), k = 1..30, raw and after StandardScaler (a Pipeline), and
  GridSearchCV's choice over that grid;
- diabetes: KFold(5) folds and the fold R² of PolynomialFeatures(2) -> StandardScaler ->
  Ridge(alpha) for 29 alphas (the regularisation path), and GridSearchCV's best alpha;
- Titanic (train.csv): the lab's 12 features, StratifiedKFold(5) folds, the gender rule, and
  the fold accuracies of SimpleImputer(median) -> {StandardScaler -> k-NN, RandomForest,
  GradientBoosting};
- California housing: test = every 5th row (i % 5 == 0), SimpleImputer(median) fitted on the
  training rows, test R² of RandomForestRegressor (full and the --quick subsample),
  GradientBoostingRegressor with the lab's boosting settings, and HistGradientBoosting.

Usage: scripts/reference/run.sh model_selection  (writes scripts/reference/golden/model_selection.json)
"""

import csv
import gzip
import json
import os
import platform
import re
import sys

import numpy as np
import sklearn
from sklearn.ensemble import (
    GradientBoostingClassifier,
    GradientBoostingRegressor,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import Ridge
from sklearn.metrics import r2_score
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold, cross_val_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

DATA = os.environ.get("LLMPATH_DATA", os.path.join(os.path.dirname(__file__), "../../../shared/data"))
FOLDS = 5
K = list(range(1, 31))  # iris k-NN grid
ALPHAS = np.logspace(-3, 4, 29)  # ridge path: four per decade
# The lab's settings (model_selection.rs: KNN_K, TREES, QUICK_EVERY, titanic_models, california_models).
TITANIC_KNN_K = 15
FOREST = {"n_estimators": 100, "min_samples_leaf": 2, "max_features": 4, "random_state": 0}
CALIFORNIA_FOREST = {"n_estimators": 100, "max_features": 1.0 / 3.0, "random_state": 0, "n_jobs": -1}
QUICK_TREES, QUICK_EVERY = 30, 4  # --quick: 30 trees on every 4th training row
BOOST = {"n_estimators": 100, "max_depth": 3, "learning_rate": 0.1, "random_state": 0}
CALIFORNIA_BOOST = {"n_estimators": 200, "max_depth": 6, "learning_rate": 0.1, "random_state": 0}


def test_fold(splitter, x, y):
    """The fold each sample is a test sample in (n,)."""
    fold = np.empty(len(x), dtype=int)
    for f, (_, test) in enumerate(splitter.split(x, y)):
        fold[test] = f
    return fold.tolist()


def scores(model, x, y, cv, scoring="accuracy"):
    return cross_val_score(model, x, y, cv=cv, scoring=scoring).tolist()


def iris():
    table = np.loadtxt(os.path.join(DATA, "sklearn/iris.csv"), delimiter=",", skiprows=1)
    x, y = table[:, :4], table[:, 4].astype(int)
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


TITLES = {"Mr": 0, "Miss": 1, "Mlle": 1, "Ms": 1, "Mrs": 2, "Mme": 2, "Master": 3}  # the rest: 4


def passenger(row):
    """The lab's 12 features; a missing age is NaN (imputed inside the pipeline)."""
    title = TITLES.get(row["Name"].split(", ", 1)[1].split(".", 1)[0], 4)
    port = row["Embarked"] or "S"
    age = float(row["Age"]) if row["Age"] else np.nan
    fare = float(row["Fare"]) if row["Fare"] else np.nan
    flags = [port == "C", port == "Q", title == 1, title == 2, title == 3, title == 4]
    return [int(row["Pclass"]), float(row["Sex"] == "female"), age, int(row["SibSp"]), int(row["Parch"]), fare] + [
        float(b) for b in flags
    ]


def titanic():
    with open(os.path.join(DATA, "titanic/train.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    x = np.array([passenger(r) for r in rows])
    y = np.array([int(r["Survived"]) for r in rows])
    skf = StratifiedKFold(FOLDS)
    folds = np.array(test_fold(skf, x, y))
    female = x[:, 1] == 1
    imputed = lambda model: make_pipeline(SimpleImputer(strategy="median"), model)
    return {
        "features": ["pclass", "female", "age", "sib_sp", "parch", "fare"]
        + ["embarked_c", "embarked_q", "title_miss", "title_mrs", "title_master", "title_rare"],
        "test_fold": folds.tolist(),
        "gender_rule": [float(np.mean(female[folds == f] == y[folds == f])) for f in range(FOLDS)],
        "knn_k": TITANIC_KNN_K,
        "knn": scores(make_pipeline(SimpleImputer(strategy="median"), StandardScaler(), KNeighborsClassifier(TITANIC_KNN_K)), x, y, skf),
        "random_forest_params": FOREST,
        "random_forest": scores(imputed(RandomForestClassifier(**FOREST)), x, y, skf),
        "gradient_boosting_params": BOOST,
        "gradient_boosting": scores(imputed(GradientBoostingClassifier(**BOOST)), x, y, skf),
    }


def california():
    with open(os.path.join(DATA, "california_housing/housing.csv"), newline="") as f:
        rows = list(csv.reader(f))[1:]
    ocean = ["<1H OCEAN", "INLAND", "NEAR OCEAN", "NEAR BAY", "ISLAND"]
    x = np.array([[float(v) if v else np.nan for v in r[:8]] + [float(r[9] == o) for o in ocean] for r in rows])
    y = np.array([float(r[8]) for r in rows]) / 1e5  # $100k
    test = np.arange(len(y)) % 5 == 0
    train = np.where(~test)[0]
    quick = train[::QUICK_EVERY]
    imputer = SimpleImputer(strategy="median").fit(x[train])
    x_test = imputer.transform(x[test])

    def r2(model, rows):
        model.fit(imputer.transform(x[rows]), y[rows])
        return float(r2_score(y[test], model.predict(x_test)))

    quick_forest = {**CALIFORNIA_FOREST, "n_estimators": QUICK_TREES}
    quick_imputer = SimpleImputer(strategy="median").fit(x[quick])
    quick_model = RandomForestRegressor(**quick_forest).fit(quick_imputer.transform(x[quick]), y[quick])
    return {
        "test_rule": "row i is a test row when i % 5 == 0",
        "n_train": int(len(train)),
        "n_test": int(test.sum()),
        "random_forest_params": CALIFORNIA_FOREST,
        "random_forest": r2(RandomForestRegressor(**CALIFORNIA_FOREST), train),
        "quick_rows": int(len(quick)),
        "random_forest_quick": float(r2_score(y[test], quick_model.predict(quick_imputer.transform(x[test])))),
        "gradient_boosting_params": CALIFORNIA_BOOST,
        "gradient_boosting": r2(GradientBoostingRegressor(**CALIFORNIA_BOOST), train),
        "hist_gradient_boosting": r2(HistGradientBoostingRegressor(random_state=0), train),
    }


def main(path):
    golden = {
        "generated_by": "scripts/reference/model_selection.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scikit-learn": sklearn.__version__},
        "folds": FOLDS,
        "iris": iris(),
        "diabetes": diabetes(),
        "titanic": titanic(),
        "california": california(),
    }
    text = json.dumps(golden, indent=1)
    # Lists of numbers on one line each (folds, fold scores), the rest one value a line.
    text = re.sub(r"\[[^\[\]{}\"]*\]", lambda m: json.dumps(json.loads(m.group(0))), text)
    with open(path, "w") as out:
        out.write(text + "\n")
    i, d, t, c = golden["iris"], golden["diabetes"], golden["titanic"], golden["california"]
    print(f"iris: best k = {i['best_k']} (scaled: {i['best_scaled']}), CV accuracy {i['best_score']:.4f}")
    print(f"diabetes: best alpha = {d['best_alpha']:.4g}, CV R2 {d['best_score']:.4f}")
    mean = lambda v: sum(v) / len(v)
    print(
        f"titanic CV: gender rule {mean(t['gender_rule']):.4f}, k-NN {mean(t['knn']):.4f}, "
        f"RF {mean(t['random_forest']):.4f}, GB {mean(t['gradient_boosting']):.4f}"
    )
    print(
        f"california test R2: RF {c['random_forest']:.4f} (quick {c['random_forest_quick']:.4f}), "
        f"GB {c['gradient_boosting']:.4f}, HistGB {c['hist_gradient_boosting']:.4f}"
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "golden/model_selection.json"))
