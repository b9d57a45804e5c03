//! Classic ML side by side with NumPy / SciPy / scikit-learn (issue #4): the Rust half of
//! `scripts/bench/classic.sh`, which writes the inputs both sides read (`classic.py prepare`)
//! to a folder and passes it as `LLMPATH_BENCH_DIR`. Without it this bench measures nothing.
//!
//! Each bench times the labs' own code: the lab files are included below as modules, so what
//! runs here is what `llmpath lab run` runs.
//!
//! - `ols`: least squares on California's 16 512 × 13 design matrix, `linear_regression.rs`
//!   `ridge` with α = 0 (faer's Householder QR).
//! - `logistic`: softmax regression on 1347 standardised digits (K = 10, 650 parameters),
//!   `logistic_regression.rs` `lbfgs` (the crate's `lbfgs::minimise`) until max |∇L| ≤ 1e-8,
//!   the test sklearn's lbfgs `tol` makes; `logistic_newton`: the lab's `newton` to the same
//!   tolerance.
//! - `kmeans`: k = 8 on 100 000 × 16 blobs, `kmeans.rs` `kmeans_plus_plus` then `lloyd` with
//!   20 centre updates and a final assignment (scikit-learn's `max_iter = 20`, `tol = 0`).
//! - `svd`: faer's full SVD (U, Σ, V) of a 512 × 512 f64 matrix.
//! - `matmul_f32`: a 1024³ f32 product by faer; `matmul_f64`: the same in f64 by ndarray's
//!   `dot`, the product every lab calls (matrixmultiply, threaded above 16 384 ≤ mk + kn).
//!
//! Threads: rayon's global pool (`RAYON_NUM_THREADS`, 2 in `classic.sh`) runs faer and the
//! labs' chunked loops; matrixmultiply has its own (`MATMUL_NUM_THREADS`, else the physical
//! cores, at most 4). Timing: flat sampling, 10 samples, 3 s; `classic.py` reads criterion's
//! median. `ours.json` beside the inputs keeps one answer of each bench.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use faer::Mat;
use ndarray::{Array1, Array2};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::{Value, json};

use llmpath_labs_classic::lbfgs::max_abs;
use logistic_regression::{Problem, lbfgs, newton};
// The labs' allocator (mimalloc, set in labs/kit), so the bench times what the labs run.
use llmpath_labs_kit as _;

#[allow(dead_code)]
#[path = "../src/bin/kmeans.rs"]
mod kmeans;
#[allow(dead_code)]
#[path = "../src/bin/linear_regression.rs"]
mod linear_regression;
#[allow(dead_code)]
#[path = "../src/bin/logistic_regression.rs"]
mod logistic_regression;

/// max |∇L| at which L-BFGS and Newton stop (sklearn: `LogisticRegression(tol=GTOL)`).
const GTOL: f64 = 1e-8;
/// sklearn's inverse penalty; λ = 1/(C n), as in the lab.
const C: f64 = 1.0;
const K: usize = 8;
/// Centre updates, then a final assignment: scikit-learn's `max_iter = 20`, `tol = 0`.
const LLOYD_ITERATIONS: usize = 20;

/// `lbfgs` or `newton`: θ* and L before and after each step.
type Fit = fn(&Problem, f64) -> Result<(Array2<f64>, Vec<f64>), String>;

// ---- Inputs ---------------------------------------------------------------------------------

/// `name`.npy of `dir`, as NumPy wrote it.
fn npy<A: ndarray_npy::ReadableElement, D: ndarray::Dimension>(
    dir: &Path,
    name: &str,
) -> ndarray::Array<A, D> {
    let path = dir.join(format!("{name}.npy"));
    ndarray_npy::read_npy(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn matrix(dir: &Path, name: &str) -> Array2<f64> {
    npy(dir, name)
}

fn vector(dir: &Path, name: &str) -> Array1<f64> {
    npy(dir, name)
}

fn faer_f32(dir: &Path, name: &str) -> Mat<f32> {
    let m: Array2<f32> = npy(dir, name);
    Mat::from_fn(m.nrows(), m.ncols(), |i, j| m[[i, j]])
}

// ---- The benches -----------------------------------------------------------------------------

fn side_by_side(c: &mut Criterion) {
    let Some(dir) = std::env::var_os("LLMPATH_BENCH_DIR").map(PathBuf::from) else {
        eprintln!("classic: LLMPATH_BENCH_DIR is not set; run scripts/bench/classic.sh");
        return;
    };
    let mut checks = BTreeMap::<&str, Value>::new();
    let mut group = c.benchmark_group("classic");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));

    let (a, y) = (matrix(&dir, "california_a"), vector(&dir, "california_y"));
    let ridge = linear_regression::ridge;
    let w = ridge(&a, &y, 0.0);
    checks.insert("ols", json!({"w0": w[0], "w1": w[1]}));
    group.bench_function("ols", |b| b.iter(|| ridge(black_box(&a), black_box(&y), 0.0)));

    let x = matrix(&dir, "digits_x");
    let labels: Vec<usize> = vector(&dir, "digits_y").iter().map(|&v| v as usize).collect();
    let lambda = 1.0 / (C * labels.len() as f64);
    let problem = || Problem::new(black_box(&x), &labels, 10, lambda);
    for (id, fit) in [("logistic", lbfgs as Fit), ("logistic_newton", newton)] {
        let (theta, losses) = fit(&problem(), GTOL).expect("the fit converges");
        let grad_max = max_abs(&problem().loss_gradient(&theta).1);
        let (objective, iterations) = (losses[losses.len() - 1], losses.len() - 1);
        let check = json!({"objective": objective, "grad_max": grad_max, "iterations": iterations});
        checks.insert(id, check);
        group.bench_function(id, |b| b.iter(|| fit(&problem(), GTOL).expect("converges")));
    }

    let blobs = matrix(&dir, "blobs");
    let k_means = |x: &Array2<f64>| {
        let mu = kmeans::kmeans_plus_plus(x, K, &mut StdRng::seed_from_u64(0));
        kmeans::lloyd(x, mu, LLOYD_ITERATIONS)
    };
    let fit = k_means(&blobs);
    let iterations = fit.history.len() - 1;
    checks.insert("kmeans", json!({"iterations": iterations, "inertia": fit.inertia}));
    group.bench_function("kmeans", |b| b.iter(|| k_means(black_box(&blobs))));

    let s = matrix(&dir, "svd");
    let s = Mat::from_fn(s.nrows(), s.ncols(), |i, j| s[[i, j]]);
    let svd = s.svd().expect("the SVD converges");
    checks.insert("svd", json!({"sigma_1": svd.S().column_vector()[0]}));
    group.bench_function("svd", |b| b.iter(|| black_box(&s).svd().expect("the SVD converges")));

    let (a32, b32) = (faer_f32(&dir, "matmul_a32"), faer_f32(&dir, "matmul_b32"));
    let c32 = &a32 * &b32;
    let sum32: f64 = (0..c32.ncols())
        .flat_map(|j| c32.col(j).iter().map(|&v| f64::from(v)).collect::<Vec<_>>())
        .sum();
    checks.insert("matmul_f32", json!({"c00": c32[(0, 0)], "sum": sum32}));
    group.bench_function("matmul_f32", |b| b.iter(|| black_box(&a32) * black_box(&b32)));

    let (a64, b64) = (matrix(&dir, "matmul_a"), matrix(&dir, "matmul_b"));
    let c64 = a64.dot(&b64);
    checks.insert("matmul_f64", json!({"c00": c64[[0, 0]], "sum": c64.sum()}));
    group.bench_function("matmul_f64", |b| b.iter(|| black_box(&a64).dot(black_box(&b64))));
    group.finish();

    let env = |k: &str| std::env::var(k).ok();
    let threads = std::thread::available_parallelism().map_or(0, usize::from);
    let ours = json!({
        "environment": {
            "RAYON_NUM_THREADS": env("RAYON_NUM_THREADS"),
            "available_parallelism": threads,
            "faer": format!("{:?} (Rayon(0): all of rayon's pool)", faer::get_global_parallelism()),
            "MATMUL_NUM_THREADS": env("MATMUL_NUM_THREADS"),
            "ndarray": "matrixmultiply, threading feature: MATMUL_NUM_THREADS or physical cores",
        },
        "checks": checks,
    });
    let out = dir.join("ours.json");
    std::fs::write(&out, format!("{ours:#}\n"))
        .unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}

criterion_group!(benches, side_by_side);
criterion_main!(benches);
