"""Reference numbers for the `linear_regression` lab (labs/classic/src/bin/linear_regression.rs).

The same split and preprocessing as the lab, written out step by step so both sides build the
very same matrices; scikit-learn then fits them (LinearRegression, Ridge, Lasso) and NumPy runs
the same batch gradient descent. Steps:

- rows: housing.csv (Géron's California housing, 20640 rows), y = median_house_value / 100 000;
- split: key_i = the i-th output (i = 0, 1, ...) of SplitMix64 seeded with 42; rows sorted by
  key, the first 20 % (4128) are the test set, the others the training set, in that order;
- total_bedrooms NaN -> median of the training rows; ocean_proximity one-hot with `<1H OCEAN`
  dropped (INLAND, NEAR OCEAN, NEAR BAY, ISLAND); all 12 columns standardised with the training
  mean and population std (StandardScaler);
- design matrix A = [1, Z], weights w = [intercept, coef].

Usage: scripts/reference/run.sh linear_regression  (writes scripts/reference/golden/linear_regression.json)
"""

import csv
import json
import os
import platform
import sys

import numpy as np
import sklearn
from sklearn.linear_model import Lasso, LinearRegression, Ridge
from sklearn.model_selection import train_test_split

SPLIT_SEED = 42
CATEGORIES = ["INLAND", "NEAR OCEAN", "NEAR BAY", "ISLAND"]  # "<1H OCEAN" dropped
RIDGE_ALPHA = 100.0
LASSO_ALPHA = 0.01
PATH_ALPHAS = 30  # alpha_max * 10^(-4k/29), k = 0..29
GD_CHECKPOINTS = [1_000, 3_000]  # quick and full batch-GD iterations
MASK = (1 << 64) - 1


def splitmix64(seed, i):
    """The i-th output of SplitMix64 (Steele, Lea & Flood 2014) seeded with `seed`."""
    z = (seed + (i + 1) * 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))[1:]
    x = np.array([[float(v) if v else np.nan for v in r[:8]] for r in rows])  # (20640, 8)
    y = np.array([float(r[8]) for r in rows]) / 100_000.0  # (20640,)
    onehot = np.array([[float(r[9] == c) for c in CATEGORIES] for r in rows])  # (20640, 4)
    return x, onehot, y


def split(n):
    rows = sorted(range(n), key=lambda i: splitmix64(SPLIT_SEED, i))
    return np.array(rows[n // 5 :]), np.array(rows[: n // 5])  # train, test


def r2(y, y_hat):
    return float(1.0 - ((y - y_hat) ** 2).sum() / ((y - y.mean()) ** 2).sum())


def rmse(y, y_hat):
    return float(np.sqrt(((y - y_hat) ** 2).mean()))


def weights(model):
    return [float(model.intercept_), *map(float, model.coef_)]


def scores(model, z_train, y_train, z_test, y_test):
    p_train, p_test = model.predict(z_train), model.predict(z_test)
    return {
        "scores": {
            "train_r2": r2(y_train, p_train),
            "test_r2": r2(y_test, p_test),
            "train_rmse": rmse(y_train, p_train),
            "test_rmse": rmse(y_test, p_test),
        }
    }


def published_setup(x, y):
    """sklearn's 8-feature version rebuilt from this CSV (same rows, same order), split by
    train_test_split(random_state=42): reproduces the published R^2 0.5758 (RMSE 0.7456)."""
    lon, lat, age, rooms, bedrooms, pop, households, income = x.T
    ave_bedrooms = bedrooms / households  # NaN where total_bedrooms is missing: impute the ratio
    ave_bedrooms = np.where(np.isnan(ave_bedrooms), np.nanmedian(ave_bedrooms), ave_bedrooms)
    features = np.column_stack([income, age, rooms / households, ave_bedrooms, pop, pop / households, lat, lon])
    x_tr, x_te, y_tr, y_te = train_test_split(features, y, test_size=0.2, random_state=42)
    model = LinearRegression().fit(x_tr, y_tr)
    return {"test_r2": r2(y_te, model.predict(x_te)), "test_rmse": rmse(y_te, model.predict(x_te))}


def main(path):
    data = os.environ.get("LLMPATH_DATA", os.path.join(os.path.dirname(__file__), "../../../shared/data"))
    x, onehot, y = load(os.path.join(data, "california_housing", "housing.csv"))
    context = published_setup(x, y)
    train, test = split(len(y))
    median = float(np.median(x[train, 4][~np.isnan(x[train, 4])]))
    x[:, 4] = np.where(np.isnan(x[:, 4]), median, x[:, 4])
    features = np.hstack([x, onehot])  # (20640, 12)
    mean, std = features[train].mean(axis=0), features[train].std(axis=0)  # ddof = 0
    z = (features - mean) / std
    z_train, z_test, y_train, y_test = z[train], z[test], y[train], y[test]
    a_train = np.hstack([np.ones((len(train), 1)), z_train])  # (16512, 13)

    ols = LinearRegression().fit(z_train, y_train)
    lstsq = np.linalg.lstsq(a_train, y_train, rcond=None)[0]
    h = a_train.T @ a_train / len(train)  # Hessian of ||y - A w||^2 / 2n
    eigenvalues = np.linalg.eigvalsh(h)

    eta, w = 1.0 / eigenvalues[-1], np.zeros(13)
    gd = {}
    for k in range(1, GD_CHECKPOINTS[-1] + 1):
        r = y_train - a_train @ w
        w = w + eta * (a_train.T @ r) / len(train)
        if k in GD_CHECKPOINTS:
            gd[str(k)] = w.tolist()

    ridge = Ridge(alpha=RIDGE_ALPHA).fit(z_train, y_train)
    lasso_kw = {"tol": 1e-12, "max_iter": 1_000_000}
    lasso = Lasso(alpha=LASSO_ALPHA, **lasso_kw).fit(z_train, y_train)
    alpha_max = float(np.abs(z_train.T @ (y_train - y_train.mean())).max() / len(train))
    alphas = [alpha_max * 10.0 ** (-4.0 * k / (PATH_ALPHAS - 1)) for k in range(PATH_ALPHAS)]
    lasso_path = [weights(Lasso(alpha=a, **lasso_kw).fit(z_train, y_train)) for a in alphas]

    golden = {
        "generated_by": "scripts/reference/linear_regression.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scikit-learn": sklearn.__version__},
        "data": {
            "split_seed": SPLIT_SEED,
            "n_train": len(train),
            "n_test": len(test),
            "test_head": test[:10].tolist(),
            "test_index_sum": int(test.sum()),
            "median_total_bedrooms": median,
            "mean": mean.tolist(),
            "std": std.tolist(),
        },
        "ols": {"w": weights(ols), "w_lstsq": lstsq.tolist(), **scores(ols, z_train, y_train, z_test, y_test)},
        "hessian_eigenvalues": eigenvalues.tolist(),
        "gd_eta": eta,
        "gd_w": gd,  # w after k iterations from w = 0, by k
        "ridge": {"alpha": RIDGE_ALPHA, "w": weights(ridge), **scores(ridge, z_train, y_train, z_test, y_test)},
        "lasso": {
            "alpha": LASSO_ALPHA,
            "w": weights(lasso),
            "nonzero": int(np.count_nonzero(lasso.coef_)),
            **scores(lasso, z_train, y_train, z_test, y_test),
        },
        "lasso_path": {"alpha_max": alpha_max, "alphas": alphas, "w": lasso_path},
        "published_setup": context,
    }
    with open(path, "w") as out:
        json.dump(golden, out, indent=1)
        out.write("\n")
    print(f"OLS test R2 {golden['ols']['scores']['test_r2']:.6f}, RMSE {golden['ols']['scores']['test_rmse']:.6f}")
    print(f"ridge(alpha={RIDGE_ALPHA}) test R2 {golden['ridge']['scores']['test_r2']:.6f}")
    print(f"lasso(alpha={LASSO_ALPHA}) test R2 {golden['lasso']['scores']['test_r2']:.6f}, {golden['lasso']['nonzero']} of 12 nonzero")
    print(f"kappa {eigenvalues[-1] / eigenvalues[0]:.2f}, published setup on this CSV: {context}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "linear_regression.json")
