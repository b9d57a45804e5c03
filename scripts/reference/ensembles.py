"""Reference numbers for the `ensembles` lab (labs/classic/src/bin/ensembles.rs).

scikit-learn's forests and gradient boosting beside the lab's own models (folds, pipelines and
k-NN from the model-selection lab), on the files the lab reads:

- iris: StratifiedKFold(5) folds; the fold accuracies of k-NN (k = 6, raw features: the
  model-selection grid's choice) and RandomForestClassifier;
- Titanic (train.csv): the lab's 12 features, StratifiedKFold(5) folds, the gender rule, and the
  fold accuracies of SimpleImputer(median) -> {StandardScaler -> k-NN, RandomForest,
  GradientBoosting};
- California housing: test = every 5th row (i % 5 == 0), SimpleImputer(median) fitted on the
  training rows, test R² of StandardScaler -> Ridge, RandomForestRegressor (full and the --quick
  subsample), GradientBoostingRegressor with the lab's boosting settings, and
  HistGradientBoostingRegressor.

One tree against forests on breast cancer is the `forest-vs-tree` lab's: `forest_vs_tree.py`.

The lab's forests and boosting are smartcore's, whose trees split differently: their scores are
compared with these, not required equal. k-NN and ridge must be equal.

Usage: scripts/reference/run.sh ensembles  (writes scripts/reference/golden/ensembles.json)
"""

import csv
import os
import platform
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
from sklearn.model_selection import StratifiedKFold
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from model_selection import DATA, FOLDS, dump, read_iris, scores, test_fold

# The lab's settings (ensembles.rs: IRIS_KNN_K, KNN_K, TREES, QUICK_EVERY, RIDGE_ALPHA, *_models).
IRIS_KNN_K = 6
IRIS_FOREST = {"n_estimators": 100, "max_features": 2, "random_state": 0}
TITANIC_KNN_K = 15
FOREST = {"n_estimators": 100, "min_samples_leaf": 2, "max_features": 4, "random_state": 0}
BOOST = {"n_estimators": 100, "max_depth": 3, "learning_rate": 0.1, "random_state": 0}
CALIFORNIA_FOREST = {"n_estimators": 100, "max_features": 1.0 / 3.0, "random_state": 0, "n_jobs": -1}
QUICK_TREES, QUICK_EVERY = 30, 4  # --quick: 30 trees; California trains on every 4th training row
CALIFORNIA_BOOST = {"n_estimators": 200, "max_depth": 6, "learning_rate": 0.1, "random_state": 0}
RIDGE_ALPHA = 1.0


def iris():
    x, y = read_iris()
    skf = StratifiedKFold(FOLDS)
    return {
        "test_fold": test_fold(skf, x, y),
        "knn_k": IRIS_KNN_K,
        "knn": scores(KNeighborsClassifier(IRIS_KNN_K), x, y, skf),
        "random_forest_params": IRIS_FOREST,
        "random_forest": scores(RandomForestClassifier(**IRIS_FOREST), x, y, skf),
        "random_forest_quick": scores(RandomForestClassifier(**{**IRIS_FOREST, "n_estimators": QUICK_TREES}), x, y, skf),
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
        "knn": scores(imputed(make_pipeline(StandardScaler(), KNeighborsClassifier(TITANIC_KNN_K))), x, y, skf),
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

    def r2(model, rows):
        model = make_pipeline(SimpleImputer(strategy="median"), model).fit(x[rows], y[rows])
        return float(r2_score(y[test], model.predict(x[test])))

    quick_forest = {**CALIFORNIA_FOREST, "n_estimators": QUICK_TREES}
    return {
        "test_rule": "row i is a test row when i % 5 == 0",
        "n_train": int(len(train)),
        "n_test": int(test.sum()),
        "quick_rows": int(len(quick)),
        "ridge_alpha": RIDGE_ALPHA,
        "ridge": r2(make_pipeline(StandardScaler(), Ridge(alpha=RIDGE_ALPHA)), train),
        "ridge_quick": r2(make_pipeline(StandardScaler(), Ridge(alpha=RIDGE_ALPHA)), quick),
        "random_forest_params": CALIFORNIA_FOREST,
        "random_forest": r2(RandomForestRegressor(**CALIFORNIA_FOREST), train),
        "random_forest_quick": r2(RandomForestRegressor(**quick_forest), quick),
        "gradient_boosting_params": CALIFORNIA_BOOST,
        "gradient_boosting": r2(GradientBoostingRegressor(**CALIFORNIA_BOOST), train),
        "hist_gradient_boosting": r2(HistGradientBoostingRegressor(random_state=0), train),
    }


def main(path):
    golden = {
        "generated_by": "scripts/reference/ensembles.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scikit-learn": sklearn.__version__},
        "folds": FOLDS,
        "iris": iris(),
        "titanic": titanic(),
        "california": california(),
    }
    dump(golden, path)
    i, t, c = golden["iris"], golden["titanic"], golden["california"]
    mean = lambda v: sum(v) / len(v)
    print(f"iris CV: k-NN (k = {IRIS_KNN_K}) {mean(i['knn']):.4f}, RF {mean(i['random_forest']):.4f}")
    print(
        f"titanic CV: gender rule {mean(t['gender_rule']):.4f}, k-NN {mean(t['knn']):.4f}, "
        f"RF {mean(t['random_forest']):.4f}, GB {mean(t['gradient_boosting']):.4f}"
    )
    print(
        f"california test R2: ridge {c['ridge']:.4f}, RF {c['random_forest']:.4f} (quick {c['random_forest_quick']:.4f}), "
        f"GB {c['gradient_boosting']:.4f}, HistGB {c['hist_gradient_boosting']:.4f}"
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "golden/ensembles.json"))
