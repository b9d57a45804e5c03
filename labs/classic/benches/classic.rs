//! Classic ML side by side with NumPy / SciPy / scikit-learn (issue #4): the Rust half of
//! `scripts/bench/classic.sh`, which writes the inputs both sides read (`classic.py prepare`)
//! to a folder and passes it as `LLMPATH_BENCH_DIR`. Without it this bench measures nothing.
//!
//! Each bench times the algorithm its lab runs. The labs are binaries, so their functions
//! cannot be imported: the heavy parts call the library the lab calls (faer's QR and SVD,
//! faer and ndarray products), and the small loops around them are the lab's own functions,
//! copied here unchanged unless a comment says otherwise (each names the one it mirrors).
//!
//! - `ols`: least squares on California's 16 512 × 13 design matrix by faer's Householder QR,
//!   `linear_regression.rs` `ridge` with α = 0.
//! - `logistic`: softmax regression on 1347 standardised digits (K = 10, 650 parameters),
//!   `logistic_regression.rs` `newton` (Hessian blocks by ndarray, Cholesky by hand,
//!   backtracking), stopped when max |∇L| ≤ 1e-8, the test sklearn's lbfgs `tol` makes.
//! - `kmeans`: k = 8 on 100 000 × 16 blobs, `kmeans.rs` `kmeans_plus_plus` then `lloyd` capped
//!   at 20 iterations plus the final assignment (as scikit-learn's `max_iter = 20`).
//! - `svd`: faer's full SVD (U, Σ, V) of a 512 × 512 f64 matrix.
//! - `matmul_f32`: a 1024³ f32 product by faer; `matmul_f64`: the same in f64 by ndarray's
//!   `dot` (matrixmultiply, one thread), the product every lab calls.
//!
//! Threads: faer runs on rayon's global pool (`RAYON_NUM_THREADS`, 2 in `classic.sh`); the
//! ndarray code is single-threaded. Timing: flat sampling, 10 samples, 3 s; `classic.py`
//! reads criterion's median. `ours.json` beside the inputs keeps one answer of each bench.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use faer::linalg::solvers::SolveLstsq;
use faer::{Col, Mat};
use ndarray::{
    Array1, Array2, ArrayRef1, ArrayRef2, ArrayView1, ArrayView2, Axis, Zip, concatenate,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

/// max |∇L| at which Newton stops (sklearn: `LogisticRegression(tol=GTOL)`, lbfgs's gtol).
const GTOL: f64 = 1e-8;
/// sklearn's inverse penalty; λ = 1/(C n), as in the lab.
const C: f64 = 1.0;
const K: usize = 8;
/// 20 Lloyd iterations and the final assignment: scikit-learn's `max_iter = 20`, `tol = 0`.
const ASSIGNMENTS: usize = 20 + 1;

// ---- Inputs ---------------------------------------------------------------------------------

/// A C-order little-endian `.npy` file of `descr` ("<f8" or "<f4"): its shape and raw values.
fn npy(dir: &Path, name: &str, descr: &str) -> (Vec<usize>, Vec<u8>) {
    let path = dir.join(format!("{name}.npy"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(&bytes[..6], b"\x93NUMPY", "{}: not a .npy file", path.display());
    let (len, start) = match bytes[6] {
        1 => (usize::from(u16::from_le_bytes([bytes[8], bytes[9]])), 10),
        _ => (u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize, 12),
    };
    let header = String::from_utf8_lossy(&bytes[start..start + len]);
    assert!(header.contains(&format!("'descr': '{descr}'")), "{name}: {header}");
    assert!(header.contains("'fortran_order': False"), "{name}: {header}");
    let shape = header.split_once("'shape': (").and_then(|(_, s)| s.split_once(')'));
    let shape = shape.map_or("", |(s, _)| s).split(',').filter(|s| !s.trim().is_empty());
    let shape = shape.map(|s| s.trim().parse().expect("a dimension")).collect();
    (shape, bytes[start + len..].to_vec())
}

fn f64s(dir: &Path, name: &str) -> (Vec<usize>, Vec<f64>) {
    let (shape, raw) = npy(dir, name, "<f8");
    let values = raw.chunks_exact(8).map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes")));
    (shape, values.collect())
}

fn matrix(dir: &Path, name: &str) -> Array2<f64> {
    let (shape, values) = f64s(dir, name);
    Array2::from_shape_vec((shape[0], shape[1]), values).expect("a matrix")
}

fn vector(dir: &Path, name: &str) -> Array1<f64> {
    Array1::from(f64s(dir, name).1)
}

fn faer_f32(dir: &Path, name: &str) -> Mat<f32> {
    let (shape, raw) = npy(dir, name, "<f4");
    let v: Vec<f32> =
        raw.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes"))).collect();
    Mat::from_fn(shape[0], shape[1], |i, j| v[i * shape[1] + j])
}

// ---- OLS: linear_regression.rs ---------------------------------------------------------------

/// linear_regression.rs `ridge`: argmin ‖y − A w‖² + α Σ_{j≥1} w_j² by Householder QR of
/// [A; √α D] (α = 0: OLS).
fn ridge(a: &ArrayRef2<f64>, y: &ArrayRef1<f64>, alpha: f64) -> Array1<f64> {
    let (n, p) = a.dim();
    let d = |i: usize, j: usize| if i == j && j > 0 { alpha.sqrt() } else { 0.0 };
    let a_aug = Mat::from_fn(n + p, p, |i, j| if i < n { a[[i, j]] } else { d(i - n, j) });
    let y_aug = Col::from_fn(n + p, |i| if i < n { y[i] } else { 0.0 });
    let w = a_aug.qr().solve_lstsq(&y_aug); // (p,)
    w.iter().copied().collect()
}

// ---- Logistic regression: logistic_regression.rs (the softmax link only) ---------------------

/// 𝟙[b]
fn one(b: bool) -> f64 {
    f64::from(u8::from(b))
}

/// logistic_regression.rs `probs`, `Link::Softmax`: the softmax of each row of Z (n, K).
fn probs(z: &Array2<f64>) -> Array2<f64> {
    let mut p = z.clone();
    p.rows_mut().into_iter().for_each(|mut row| {
        let m = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        row.mapv_inplace(|v| (v - m).exp());
        row /= row.sum();
    });
    p
}

/// logistic_regression.rs `Problem` with `link = Softmax`: θ is (K, d + 1), its last column
/// the bias.
struct Problem {
    x: Array2<f64>, // (n, d + 1) = X̃
    y: Array2<f64>, // (n, K) one-hot
    lambda: f64,
}

impl Problem {
    fn new(x: &Array2<f64>, labels: &[usize], classes: usize, lambda: f64) -> Problem {
        let y = Array2::from_shape_fn((labels.len(), classes), |(i, c)| one(labels[i] == c));
        let x = concatenate![Axis(1), x.view(), Array2::ones((x.nrows(), 1))]; // `with_ones`
        Problem { x, y, lambda }
    }

    fn zeros(&self) -> Array2<f64> {
        Array2::zeros((self.y.ncols(), self.x.ncols()))
    }

    fn weights(theta: &Array2<f64>) -> Array2<f64> {
        let mut w = theta.clone();
        w.column_mut(theta.ncols() - 1).fill(0.0);
        w
    }

    fn loss(&self, theta: &Array2<f64>) -> f64 {
        let z = self.x.dot(&theta.t()); // (n, K)
        let data: f64 = (z.rows().into_iter().zip(self.y.rows()))
            .map(|(z, y)| {
                let m = z.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                m + z.mapv(|v| (v - m).exp()).sum().ln() - z.dot(&y)
            })
            .sum();
        let w = Problem::weights(theta);
        data / self.x.nrows() as f64 + 0.5 * self.lambda * (&w * &w).sum()
    }

    fn gradient(&self, theta: &Array2<f64>) -> Array2<f64> {
        let r = probs(&self.x.dot(&theta.t())) - &self.y; // (n, K)
        r.t().dot(&self.x) / self.x.nrows() as f64 + self.lambda * Problem::weights(theta)
    }

    /// ∇²L + uuᵀ, θ flattened row by row: (K(d+1), K(d+1)).
    fn hessian(&self, theta: &Array2<f64>) -> Array2<f64> {
        let p = probs(&self.x.dot(&theta.t())); // (n, K)
        let (k, m) = theta.dim();
        let block = |a: usize, b: usize| {
            let s_ab = &p.column(a) * &(one(a == b) - &p.column(b));
            (&self.x * &s_ab.insert_axis(Axis(1))).t().dot(&self.x) / self.x.nrows() as f64
        };
        let blocks: Vec<Vec<Array2<f64>>> =
            (0..k).map(|a| (a..k).map(|b| block(a, b)).collect()).collect();
        Array2::from_shape_fn((k * m, k * m), |(r, c)| {
            let ((a, i), (b, j)) = ((r / m, r % m), (c / m, c % m));
            let h = if a <= b { blocks[a][b - a][[i, j]] } else { blocks[b][a - b][[j, i]] };
            let uu = one(i == m - 1 && j == m - 1);
            h + one(r == c && i != m - 1) * self.lambda + uu
        })
    }
}

/// logistic_regression.rs `cholesky_solve`: A x = b for a symmetric positive definite A.
fn cholesky_solve(mut a: Array2<f64>, b: &[f64]) -> Result<Vec<f64>, String> {
    let m = b.len();
    for j in 0..m {
        let d = a[[j, j]] - (0..j).map(|k| a[[j, k]] * a[[j, k]]).sum::<f64>();
        if d <= 0.0 {
            return Err(format!("the Hessian is not positive definite (pivot {j}: {d:e})"));
        }
        a[[j, j]] = d.sqrt();
        for i in j + 1..m {
            a[[i, j]] =
                (a[[i, j]] - (0..j).map(|k| a[[i, k]] * a[[j, k]]).sum::<f64>()) / a[[j, j]];
        }
    }
    let mut x = b.to_vec();
    for i in 0..m {
        x[i] = (x[i] - (0..i).map(|k| a[[i, k]] * x[k]).sum::<f64>()) / a[[i, i]]; // L y = b
    }
    for i in (0..m).rev() {
        x[i] = (x[i] - (i + 1..m).map(|k| a[[k, i]] * x[k]).sum::<f64>()) / a[[i, i]]; // Lᵀx = y
    }
    Ok(x)
}

/// logistic_regression.rs `newton` from θ = 0 with backtracking; the one change: it stops when
/// max |∇L| ≤ `GTOL` (the lab stops when a step moves θ by less than 1e-10). θ, L(θ), steps.
fn newton(problem: &Problem) -> Result<(Array2<f64>, f64, usize), String> {
    let mut theta = problem.zeros();
    let mut loss = problem.loss(&theta);
    for steps in 0..100 {
        let g = problem.gradient(&theta);
        if g.fold(0.0, |m: f64, v| m.max(v.abs())) <= GTOL {
            return Ok((theta, loss, steps));
        }
        let step = cholesky_solve(problem.hessian(&theta), &g.iter().copied().collect::<Vec<_>>())?;
        let d = -Array2::from_shape_vec(theta.dim(), step).map_err(|e| e.to_string())?;
        let (slope, mut t) = ((&g * &d).sum(), 1.0); // ∇L·d < 0
        while problem.loss(&(&theta + &(t * &d))) > loss + 1e-4 * t * slope + 1e-15 && t > 1e-10 {
            t /= 2.0;
        }
        theta.scaled_add(t, &d);
        loss = problem.loss(&theta);
    }
    Err("Newton's method did not converge in 100 steps".into())
}

// ---- K-means: kmeans.rs ----------------------------------------------------------------------

/// kmeans.rs `sq_distances`: ‖xᵢ − μⱼ‖² (n, k), summed feature by feature.
fn sq_distances(x: &Array2<f64>, mu: ArrayView2<f64>) -> Array2<f64> {
    let mut d2 = Array2::zeros((x.nrows(), mu.nrows())); // (n, k)
    for (x_f, mu_f) in x.columns().into_iter().zip(mu.columns()) {
        let (x_f, mu_f) = (x_f.insert_axis(Axis(1)), mu_f.insert_axis(Axis(0))); // (n, 1), (1, k)
        Zip::from(&mut d2)
            .and_broadcast(&x_f)
            .and_broadcast(&mu_f)
            .for_each(|d2, &a, &b| *d2 += (a - b) * (a - b));
    }
    d2
}

/// kmeans.rs `argmin`.
fn argmin(v: ArrayView1<f64>) -> (usize, f64) {
    v.iter().enumerate().fold((0, f64::INFINITY), |b, (j, &d)| if d < b.1 { (j, d) } else { b })
}

/// kmeans.rs `kmeans_plus_plus`: greedy k-means++, the best of 2 + ⌊ln k⌋ draws ∝ D².
fn kmeans_plus_plus(x: &Array2<f64>, k: usize, rng: &mut StdRng) -> Array2<f64> {
    let n = x.nrows();
    let trials = 2 + (k as f64).ln() as usize;
    let mut chosen = vec![rng.random_range(0..n)];
    let mut d2 = sq_distances(x, x.select(Axis(0), &chosen).view()).remove_axis(Axis(1)); // (n,)
    for _ in 1..k {
        let mut cumsum = d2.clone(); // (n,) running Σ D²
        cumsum.accumulate_axis_inplace(Axis(0), |&before, c| *c += before);
        let (cumsum, total) = (cumsum.to_vec(), cumsum[n - 1]);
        let draw = |r: f64| cumsum.partition_point(|&c| c < r * total).min(n - 1); // np.searchsorted
        let candidates: Vec<usize> = (0..trials).map(|_| draw(rng.random())).collect();
        let mut with = sq_distances(x, x.select(Axis(0), &candidates).view()); // (n, trials)
        with.columns_mut()
            .into_iter()
            .for_each(|mut col| col.zip_mut_with(&d2, |w, &d| *w = w.min(d)));
        let (best, _) = argmin(with.sum_axis(Axis(0)).view()); // the lowest Σ D²
        chosen.push(candidates[best]);
        d2 = with.column(best).to_owned();
    }
    x.select(Axis(0), &chosen) // (k, d)
}

/// kmeans.rs `centroids`: the mean of each cluster's points (k, d) and its size.
fn centroids(x: &Array2<f64>, labels: &[usize], k: usize) -> (Array2<f64>, Vec<f64>) {
    let (mut mu, mut size) = (Array2::<f64>::zeros((k, x.ncols())), vec![0.0_f64; k]);
    for (xi, &j) in x.outer_iter().zip(labels) {
        mu.row_mut(j).scaled_add(1.0, &xi);
        size[j] += 1.0;
    }
    mu.outer_iter_mut().zip(&size).for_each(|(mut mu_j, &n_j)| mu_j /= n_j.max(1.0));
    (mu, size)
}

/// kmeans.rs `lloyd` with `MAX_ITER = ASSIGNMENTS`: the centres, the final inertia and the
/// number of centre updates (20 unless the labels stop changing first).
fn lloyd(x: &Array2<f64>, mut mu: Array2<f64>) -> (Array2<f64>, f64, usize) {
    let (n, k) = (x.nrows(), mu.nrows());
    let (mut labels, mut history) = (vec![usize::MAX; n], Vec::<f64>::new());
    loop {
        let nearest: Vec<(usize, f64)> =
            sq_distances(x, mu.view()).outer_iter().map(argmin).collect();
        let changed = labels.iter().zip(&nearest).any(|(&c, &(j, _))| c != j);
        let (new_labels, mut d2): (Vec<usize>, Vec<f64>) = nearest.into_iter().unzip(); // (n,), (n,)
        labels = new_labels;
        history.push(d2.iter().sum());
        if !changed || history.len() == ASSIGNMENTS {
            return (mu, history[history.len() - 1], history.len() - 1);
        }
        let (means, size) = centroids(x, &labels, k);
        mu = means;
        for j in (0..k).filter(|&j| size[j] == 0.0) {
            let far = (0..n).max_by(|&a, &b| d2[a].total_cmp(&d2[b])).unwrap_or(0);
            mu.row_mut(j).assign(&x.row(far));
            d2[far] = 0.0;
        }
    }
}

fn kmeans(x: &Array2<f64>) -> (Array2<f64>, f64, usize) {
    let mut rng = StdRng::seed_from_u64(0);
    lloyd(x, kmeans_plus_plus(x, K, &mut rng))
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
    let w = ridge(&a, &y, 0.0);
    checks.insert("ols", json!({"w0": w[0], "w1": w[1]}));
    group.bench_function("ols", |b| b.iter(|| ridge(black_box(&a), black_box(&y), 0.0)));

    let x = matrix(&dir, "digits_x");
    let labels: Vec<usize> = vector(&dir, "digits_y").iter().map(|&v| v as usize).collect();
    let lambda = 1.0 / (C * labels.len() as f64);
    let fit =
        || newton(&Problem::new(black_box(&x), &labels, 10, lambda)).expect("Newton converges");
    let (theta, loss, steps) = fit();
    let grad_max = Problem::new(&x, &labels, 10, lambda)
        .gradient(&theta)
        .fold(0.0, |m: f64, v| m.max(v.abs()));
    checks
        .insert("logistic", json!({"objective": loss, "grad_max": grad_max, "iterations": steps}));
    group.bench_function("logistic", |b| b.iter(fit));

    let blobs = matrix(&dir, "blobs");
    let (_, inertia, iterations) = kmeans(&blobs);
    checks.insert("kmeans", json!({"iterations": iterations, "inertia": inertia}));
    group.bench_function("kmeans", |b| b.iter(|| kmeans(black_box(&blobs))));

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
            "ndarray": "matrixmultiply without its threading feature: one thread",
        },
        "checks": checks,
    });
    let out = dir.join("ours.json");
    std::fs::write(&out, format!("{ours:#}\n"))
        .unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}

criterion_group!(benches, side_by_side);
criterion_main!(benches);
