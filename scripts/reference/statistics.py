"""Reference numbers for the `statistics` lab (labs/classic/src/bin/statistics.rs).

Titanic train.csv (891 passengers), read with the csv module (no pandas): Bayes' rule for
P(survived | female), maximum-likelihood estimates (NumPy, and SciPy's `norm.fit` and
log-likelihoods from `norm.logpdf` / `poisson.logpmf`), two-sample t-tests of fare and age,
survivors vs non-survivors (`scipy.stats.ttest_ind`, equal_var=True and False) and the
chi-square test of independence of sex and survival (`scipy.stats.chi2_contingency`,
correction=True and False).

Usage: scripts/reference/run.sh statistics  (writes scripts/reference/golden/statistics.json)
"""

import csv
import json
import os
import platform
import sys

import numpy as np
import scipy
from scipy import stats


def load():
    root = os.environ.get("LLMPATH_DATA") or os.path.join(os.path.dirname(__file__), "../../../shared/data")
    with open(os.path.join(root, "titanic", "train.csv"), newline="") as f:
        return list(csv.DictReader(f))


def ttests(survived, died):
    out = {}
    for name, equal_var in (("student", True), ("welch", False)):
        r = stats.ttest_ind(survived, died, equal_var=equal_var)
        out[name] = {"statistic": float(r.statistic), "pvalue": float(r.pvalue), "df": float(r.df)}
    return out


def main(path):
    rows = load()
    survived = np.array([int(r["Survived"]) for r in rows])
    female = np.array([r["Sex"] == "female" for r in rows])
    n = len(rows)

    # Bayes: P(S | F) = P(F | S) P(S) / P(F), and straight from the counts.
    p_s = survived.sum() / n
    p_f_given_s = (female & (survived == 1)).sum() / survived.sum()
    p_f = female.sum() / n
    bayes = {
        "p_survived": float(p_s),
        "p_female_given_survived": float(p_f_given_s),
        "p_female": float(p_f),
        "p_survived_given_female_bayes": float(p_f_given_s * p_s / p_f),
        "p_survived_given_female_counts": float((female & (survived == 1)).sum() / female.sum()),
    }

    ages = np.array([float(r["Age"]) for r in rows if r["Age"]])
    mu, sigma = stats.norm.fit(ages)  # MLE: the mean and the 1/n standard deviation
    p_hat = survived.mean()
    sib_sp = np.array([int(r["SibSp"]) for r in rows])
    lam = sib_sp.mean()
    mle = {
        "gaussian_age_n": len(ages),
        "gaussian_age_mu": float(mu),
        "gaussian_age_sigma": float(sigma),
        "gaussian_age_mean": float(ages.mean()),
        "gaussian_age_var_mle": float(ages.var(ddof=0)),
        "gaussian_age_var_unbiased": float(ages.var(ddof=1)),
        "gaussian_age_loglik": float(stats.norm.logpdf(ages, mu, sigma).sum()),
        "bernoulli_survived_p": float(p_hat),
        "bernoulli_survived_loglik": float(stats.bernoulli.logpmf(survived, p_hat).sum()),
        "poisson_sib_sp_lambda": float(lam),
        "poisson_sib_sp_var_unbiased": float(sib_sp.var(ddof=1)),
        "poisson_sib_sp_loglik": float(stats.poisson.logpmf(sib_sp, lam).sum()),
    }

    fare = np.array([float(r["Fare"]) for r in rows])
    has_age = np.array([bool(r["Age"]) for r in rows])
    age_all = np.array([float(r["Age"]) if r["Age"] else np.nan for r in rows])
    s = survived == 1
    samples = {"fare": (fare[s], fare[~s]), "age": (age_all[s & has_age], age_all[~s & has_age])}
    ttest = {what: ttests(*ab) for what, ab in samples.items()}

    # rows: female, male; columns: died, survived
    table = np.array([[(female & (survived == k)).sum() for k in (0, 1)],
                      [(~female & (survived == k)).sum() for k in (0, 1)]])
    chi2 = {}
    for name, correction in (("yates", True), ("pearson", False)):
        r = stats.chi2_contingency(table, correction=correction)
        chi2[name] = {
            "statistic": float(r.statistic),
            "pvalue": float(r.pvalue),
            "dof": int(r.dof),
            "expected": r.expected_freq.tolist(),
        }

    golden = {
        "generated_by": "scripts/reference/statistics.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__},
        "dataset": "titanic/train.csv",
        "n_passengers": n,
        "bayes": bayes,
        "mle": mle,
        # sizes of the samples compared: survivors, non-survivors
        "ttest_n": {what: [len(a), len(b)] for what, (a, b) in samples.items()},
        "ttest": ttest,
        "sex_by_survival": table.tolist(),
        "chi2": chi2,
    }
    with open(path, "w") as out:
        json.dump(golden, out, indent=1)
        out.write("\n")
    print(f"P(survived | female) = {bayes['p_survived_given_female_bayes']:.6f}")
    for what, t in ttest.items():
        for kind in ("student", "welch"):
            r = t[kind]
            print(f"{what:4} {kind:7} t = {r['statistic']:.6f}  df = {r['df']:.3f}  p = {r['pvalue']:.6e}")
    for kind in ("yates", "pearson"):
        print(f"chi2 {kind:7} = {chi2[kind]['statistic']:.6f}  p = {chi2[kind]['pvalue']:.6e}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "statistics.json")
