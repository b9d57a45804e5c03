"""The Python half of scripts/bench/classic.sh (issue #4): classic ML side by side.

    classic.py prepare DIR   writes the inputs both sides read (.npy) into DIR
    classic.py time DIR      times NumPy / SciPy / scikit-learn on them: DIR/theirs.json
    classic.py table DIR     prints ours (criterion's DIR/criterion, DIR/ours.json) / theirs

Both sides read the same .npy files, so they fit the same numbers; the Rust half is the
criterion bench labs/classic/benches/classic.rs. Inputs:

- california_a.npy (16512, 13), california_y.npy: the linear_regression lab's training design
  matrix A = [1 Z] (12 standardised features: 8 numbers with total_bedrooms' NaNs set to the
  training median, 4 one-hot ocean_proximity) and y in $100 000, built by the lab's reference
  script's own `load` and `split` (scripts/reference/linear_regression.py);
- digits_x.npy (1347, 64), digits_y.npy: the logistic_regression lab's digits training rows
  (test = every 4th sample of each class), standardised on them (StandardScaler);
- blobs.npy (100 000, 16): make_blobs(centers=8, center_box=(-1, 1), cluster_std=1,
  random_state=0); the centres overlap, so Lloyd needs more than 20 iterations from any start
  (24 to 89 over 10 seeds) and max_iter=20 runs exactly 20 on both sides;
- svd.npy (512, 512) f64 and matmul_{a,b}.npy (1024, 1024) f64, matmul_{a,b}32.npy the same
  rounded to f32: standard normal, default_rng(0).

Timing, the same protocol as the criterion bench (flat sampling, 10 samples): warm up for 1 s,
then 10 samples of m calls each, m chosen so the samples take about 3 s in all (at least one
call each); the time is the median over the samples of the mean time of a call.
"""

import json
import os
import platform
import sys
import time
import warnings

import numpy as np
import scipy
import scipy.linalg
import sklearn
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_info

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
os.environ.setdefault("LLMPATH_DATA", os.path.join(HERE, "../../../shared/data"))
import linear_regression as lr_ref  # noqa: E402  (the lab's reference scripts)
import logistic_regression as logit_ref  # noqa: E402

SAMPLES = 10
BUDGET_S = 3.0
WARM_UP_S = 1.0
# Both sides stop when max |∇L| ≤ GTOL: sklearn's lbfgs `tol` is exactly that test (gtol) on
# the lab's objective (mean cross-entropy + ½ λ‖W‖², λ = 1/(C n), bias not penalised).
GTOL = 1e-8
K, LLOYD_ITERATIONS = 8, 20

# (id, workload, what we run, what they run): the table's rows, in order. The ids are the
# criterion bench ids of labs/classic/benches/classic.rs; `theirs` keys classic.py's timings.
ROWS = [
    ("ols", "ols", "OLS, California 16 512 × 13 (f64)", "faer QR (the lab's `ridge`, α = 0)",
     "sklearn LinearRegression().fit (SciPy lstsq, gelsd)"),
    ("ols", "ols_qr", "OLS, same, QR against QR", "faer QR (the lab's `ridge`, α = 0)",
     "scipy.linalg.lstsq(lapack_driver='gelsy')"),
    ("logistic", "logistic", f"logistic, digits 1347 × 64, K = 10, to max|∇L| ≤ {GTOL:g}",
     "the lab's L-BFGS (m = 10, backtracking)", f"sklearn LogisticRegression(lbfgs, tol={GTOL:g})"),
    ("logistic_newton", "logistic_newton", "logistic, same, Newton against Newton",
     "the lab's Newton (Cholesky, backtracking)", f"sklearn LogisticRegression(newton-cholesky, tol={GTOL:g})"),
    ("kmeans", "kmeans", "k-means, k = 8, 100 000 × 16 blobs (f64), 20 Lloyd iterations",
     "the lab's k-means++ + Lloyd (a product per chunk, chunks on rayon)", "sklearn KMeans(n_init=1, max_iter=20, tol=0)"),
    ("svd", "svd", "SVD 512 × 512 f64, U Σ Vᵀ", "faer `svd`", "numpy.linalg.svd (gesdd)"),
    ("matmul_f32", "matmul_f32", "matmul 1024³ f32", "faer `&a * &b`", "numpy a @ b (sgemm)"),
    ("matmul_f64", "matmul_f64", "matmul 1024³ f64", "ndarray `a.dot(&b)` (what the labs call; matrixmultiply threaded)",
     "numpy a @ b (dgemm)"),
]


def prepare(out):
    os.makedirs(out, exist_ok=True)
    save = lambda name, a: np.save(os.path.join(out, f"{name}.npy"), np.ascontiguousarray(a))  # noqa: E731

    # linear_regression.rs `prepare`, as scripts/reference/linear_regression.py builds it.
    data = os.environ["LLMPATH_DATA"]
    x, onehot, y = lr_ref.load(os.path.join(data, "california_housing", "housing.csv"))
    train, _ = lr_ref.split(len(y))
    median = float(np.median(x[train, 4][~np.isnan(x[train, 4])]))
    x[:, 4] = np.where(np.isnan(x[:, 4]), median, x[:, 4])
    features = np.hstack([x, onehot])  # (20640, 12)
    mean, std = features[train].mean(axis=0), features[train].std(axis=0)
    z_train = (features[train] - mean) / std
    save("california_a", np.hstack([np.ones((len(train), 1)), z_train]))  # (16512, 13)
    save("california_y", y[train])

    # logistic_regression.rs `evaluate` on digits: training rows, standardised.
    x, y = logit_ref.digits()
    train, _ = logit_ref.split(y)
    save("digits_x", StandardScaler().fit_transform(x[train]))  # (1347, 64)
    save("digits_y", y[train].astype(np.float64))

    blobs, _ = make_blobs(n_samples=100_000, n_features=16, centers=K, center_box=(-1.0, 1.0), random_state=0)
    save("blobs", blobs)
    rng = np.random.default_rng(0)
    save("svd", rng.standard_normal((512, 512)))
    a, b = rng.standard_normal((1024, 1024)), rng.standard_normal((1024, 1024))
    save("matmul_a", a)
    save("matmul_b", b)
    save("matmul_a32", a.astype(np.float32))
    save("matmul_b32", b.astype(np.float32))


def measure(call):
    """Median over SAMPLES samples of the mean seconds of one call (see the module doc)."""
    start, calls = time.perf_counter(), 0
    while calls == 0 or time.perf_counter() - start < WARM_UP_S:
        call()
        calls += 1
    per_call = (time.perf_counter() - start) / calls
    m = max(1, int(BUDGET_S / (SAMPLES * per_call)))
    samples = []
    for _ in range(SAMPLES):
        t = time.perf_counter()
        for _ in range(m):
            call()
        samples.append((time.perf_counter() - t) / m)
    return float(np.median(samples)), m


def softmax_gradient_max(model, x, y):
    """max |∇L| of the lab's objective at sklearn's fit (K = 10, bias unpenalised)."""
    n, lam = len(y), 1.0 / len(y)
    z = x @ model.coef_.T + model.intercept_
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    r = p - np.eye(p.shape[1])[y]
    return float(max(np.abs(r.T @ x / n + lam * model.coef_).max(), np.abs(r.sum(axis=0) / n).max()))


def fit_logistic(x, y, solver):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lbfgs may report stopping on ftol
        return LogisticRegression(C=1.0, solver=solver, tol=GTOL, max_iter=100_000).fit(x, y)


def time_theirs(d):
    load = lambda name: np.load(os.path.join(d, f"{name}.npy"))  # noqa: E731
    results, load_before = {}, os.getloadavg()

    def run(key, call, check):
        seconds, m = measure(call)
        results[key] = {"ms": seconds * 1e3, "calls_per_sample": m, "check": check(call())}
        print(f"  {key:16} {seconds * 1e3:10.3f} ms   {results[key]['check']}", file=sys.stderr)

    a, y = load("california_a"), load("california_y")
    z = a[:, 1:]
    ols_w = lambda m: {"w0": float(m.intercept_), "w1": float(m.coef_[0])}  # noqa: E731
    run("ols", lambda: LinearRegression().fit(z, y), ols_w)
    run("ols_qr", lambda: scipy.linalg.lstsq(a, y, lapack_driver="gelsy"),
        lambda r: {"w0": float(r[0][0]), "w1": float(r[0][1])})

    x, labels = load("digits_x"), load("digits_y").astype(int)
    objective = lambda m: logit_ref.objective(m, x, labels)  # noqa: E731
    for key, solver in [("logistic", "lbfgs"), ("logistic_newton", "newton-cholesky")]:
        run(key, lambda s=solver: fit_logistic(x, labels, s),
            lambda m: {"objective": objective(m), "grad_max": softmax_gradient_max(m, x, labels),
                       "iterations": int(m.n_iter_[0])})

    blobs = load("blobs")
    kmeans = lambda: KMeans(K, init="k-means++", n_init=1, max_iter=LLOYD_ITERATIONS, tol=0.0, random_state=0).fit(blobs)  # noqa: E731
    run("kmeans", kmeans, lambda m: {"iterations": int(m.n_iter_), "inertia": float(m.inertia_)})

    s = load("svd")
    run("svd", lambda: np.linalg.svd(s), lambda r: {"sigma_1": float(r[1][0])})
    for key, suffix in [("matmul_f32", "32"), ("matmul_f64", "")]:
        ma, mb = load(f"matmul_a{suffix}"), load(f"matmul_b{suffix}")
        run(key, lambda ma=ma, mb=mb: ma @ mb, lambda c: {"c00": float(c[0, 0]), "sum": float(c.sum(dtype=np.float64))})

    threads = {k: os.environ.get(k) for k in
               ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"]}
    keep = ["user_api", "internal_api", "prefix", "version", "num_threads", "threading_layer", "architecture"]
    info = {
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                     "scikit-learn": sklearn.__version__},
        "environment": threads,
        "threadpools": [{k: pool.get(k) for k in keep} for pool in threadpool_info()],
        "loadavg_before": load_before,
        "loadavg_after": os.getloadavg(),
        "results": results,
    }
    with open(os.path.join(d, "theirs.json"), "w") as f:
        json.dump(info, f, indent=1)


def criterion_ms(d, bench_id):
    path = os.path.join(d, "criterion", "classic", bench_id, "new", "estimates.json")
    with open(path) as f:
        return json.load(f)["median"]["point_estimate"] / 1e6


def table(d):
    with open(os.path.join(d, "theirs.json")) as f:
        theirs = json.load(f)
    with open(os.path.join(d, "ours.json")) as f:
        ours = json.load(f)
    print("| workload | ours | theirs | ours (ms) | theirs (ms) | ours / theirs |")
    print("| --- | --- | --- | ---: | ---: | ---: |")
    for bench_id, key, workload, what_ours, what_theirs in ROWS:
        o, t = criterion_ms(d, bench_id), theirs["results"][key]["ms"]
        print(f"| {workload} | {what_ours} | {what_theirs} | {o:.2f} | {t:.2f} | {o / t:.2f} |")
    print("\nSame answers (ours; theirs):")
    for bench_id, key, *_ in ROWS:
        print(f"  {key:16} {json.dumps(ours['checks'][bench_id])}; {json.dumps(theirs['results'][key]['check'])}")
    print("\nThreads and kernels:")
    print(f"  ours:   {json.dumps(ours['environment'])}")
    print(f"  theirs: {json.dumps(theirs['environment'])}")
    for pool in theirs["threadpools"]:
        print(f"          {json.dumps(pool)}")
    print(f"  versions: {json.dumps(theirs['versions'])}")
    print(f"  load average (1, 5, 15 min) around the Python timings: {theirs['loadavg_before']} → {theirs['loadavg_after']}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("prepare", "time", "table"):
        sys.exit(__doc__)
    {"prepare": prepare, "time": time_theirs, "table": table}[sys.argv[1]](sys.argv[2])
