"""Reference numbers for the `titanic` lab (labs/dataframe/src/bin/titanic.rs): the seed's
"analyse the Titanic survival data with Pandas" exercise, done here with pandas so the polars
lab can be checked against it.

Titanic train.csv (891 passengers) read with `pd.read_csv`: missing values per column
(`isna().sum()`), Age imputed by the median of its (Sex, Pclass) group
(`groupby(...).transform("median")`), Embarked by its mode, a deck from Cabin's first letter
("Unknown" when missing), then survival counts and rates (`groupby(...)["Survived"].agg`) by
sex, class, sex x class, age band (`pd.cut`, right-closed), family size, port and deck, and
`np.histogram` of the known ages of survivors and of the others.

Usage: scripts/reference/run.sh titanic  (writes scripts/reference/golden/titanic.json)
"""

import json
import os
import platform
import sys

import numpy as np
import pandas as pd

AGE_BINS = [0, 12, 18, 35, 60, np.inf]
AGE_LABELS = ["0-12", "13-18", "19-35", "36-60", "60+"]
AGE_EDGES = list(range(0, 85, 5))  # the age histogram: 0, 5, ..., 80


def load():
    root = os.environ.get("LLMPATH_DATA") or os.path.join(os.path.dirname(__file__), "../../../shared/data")
    return pd.read_csv(os.path.join(root, "titanic", "train.csv"))


def clean(df):
    df = df.copy()
    group_median = df.groupby(["Sex", "Pclass"])["Age"].transform("median")
    df["AgeFilled"] = df["Age"].fillna(group_median)
    df["Embarked"] = df["Embarked"].fillna(df["Embarked"].mode()[0])
    df["Deck"] = df["Cabin"].str[0].fillna("Unknown")
    band = pd.cut(df["Age"], bins=AGE_BINS, labels=AGE_LABELS, right=True)
    df["AgeBand"] = band.astype(object).where(band.notna(), "unknown")
    size = df["SibSp"] + df["Parch"] + 1
    df["Family"] = np.select([size == 1, size <= 4], ["alone", "2-4"], "5+")
    return df


def key(k):
    """A group's key as the lab spells it: "female", "1", "female, 1"."""
    return ", ".join(str(v) for v in k) if isinstance(k, tuple) else str(k)


def survival(df, keys):
    table = df.groupby(keys)["Survived"].agg(["count", "sum", "mean"])
    return [
        {"key": key(k), "n": int(r["count"]), "survived": int(r["sum"]), "rate": float(r["mean"])}
        for k, r in table.iterrows()
    ]


def main(path):
    df = load()
    filled = clean(df)
    medians = df.groupby(["Sex", "Pclass"])["Age"].median()
    survived = filled["Survived"] == 1
    ages = filled["Age"]
    histogram = {
        "edges": AGE_EDGES,
        "survived": np.histogram(ages[survived].dropna(), bins=AGE_EDGES)[0].tolist(),
        "died": np.histogram(ages[~survived].dropna(), bins=AGE_EDGES)[0].tolist(),
    }
    groupings = {
        "sex": ["Sex"],
        "class": ["Pclass"],
        "sex_class": ["Sex", "Pclass"],
        "age_band": ["AgeBand"],
        "family": ["Family"],
        "embarked": ["Embarked"],
        "deck": ["Deck"],
    }
    out = {
        "generated_by": "scripts/reference/titanic.py",
        "versions": {
            "python": platform.python_version(),
            "pandas": pd.__version__,
            "numpy": np.__version__,
        },
        "dataset": "titanic/train.csv",
        "shape": list(df.shape),
        "missing": {c: int(v) for c, v in df.isna().sum().items()},
        "age_median_by_sex_class": {key(k): float(v) for k, v in medians.items()},
        "age_filled_mean": float(filled["AgeFilled"].mean()),
        "age_filled_missing": int(filled["AgeFilled"].isna().sum()),
        "embarked_mode": df["Embarked"].mode()[0],
        "survival_rate": float(df["Survived"].mean()),
        "survival": {name: survival(filled, keys) for name, keys in groupings.items()},
        "age_histogram": histogram,
    }
    with open(path, "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {path}: missing {out['missing']}")
    for name, rows in out["survival"].items():
        print(f"  {name}: " + ", ".join(f"{r['key']} {r['survived']}/{r['n']} = {r['rate']:.3f}" for r in rows))


if __name__ == "__main__":
    main(sys.argv[1])
