//! Linear algebra: matrix products, power iteration and the SVD from scratch by one-sided
//! Jacobi rotations on the 8×8 digits, then low-rank reconstruction of MNIST by truncated SVD.
//!
//! ```text
//! X = D − 1μᵀ (n, p) centred pixels         C = XᵀX / (n − 1) (p, p) covariance
//! power iteration  v ← C v / ‖C v‖, λ = vᵀC v → λ₁, error ∝ (λ₂/λ₁)^(2k)
//! one-sided Jacobi rotate column pairs (w_i, w_j) of W = X V, starting from V = I, until all
//!                  columns are orthogonal; then σ_i = ‖w_i‖, u_i = w_i/σ_i and X = U Σ Vᵀ
//! rotation         ζ = (‖w_j‖² − ‖w_i‖²) / (2 w_i·w_j), t = sign(ζ) / (|ζ| + √(1 + ζ²)),
//!                  c = 1/√(1 + t²), s = c t:  (w_i, w_j) ← (c w_i − s w_j, s w_i + c w_j)
//! truncated SVD    X_k = Σ_{i≤k} σ_i u_i v_iᵀ = U_k Σ_k V_kᵀ;  an image x̂ = μ + X_k[r]
//! Eckart–Young     min_{rank B ≤ k} ‖X − B‖_F² = ‖X − X_k‖_F² = Σ_{i>k} σ_i²
//! storage          U_k, σ_1…σ_k, V_k: k(n + p + 1) numbers instead of n p
//! numerical rank   #{σ_i > σ₁ max(n, p) ε} (NumPy's matrix_rank) ≤ #pixels that vary
//! ```
//!
//! Digits (p = 64): the product against ndarray, power iteration against faer's eigenvalues,
//! Jacobi's singular values against faer's SVD, and all of them against NumPy/LAPACK to 1e-8.
//! MNIST (p = 784): the first 2000 training images in file order, centred; faer's thin SVD
//! against NumPy's, the rank-k error explicit and from the discarded σ², plotted against k, and
//! the first image of each digit rebuilt from k components. `scripts/reference/linear_algebra.py`
//! wrote `scripts/reference/golden/linear_algebra.json` from the same images.
//!
//! Expected result and time (release, 2 vCPU): digits λ₁ = 179.00693 after 192 iterations
//! (seed 42), σ₁…σ₃ = 567.0066, 542.2519, 504.6306 after 10 sweeps, rank 61. MNIST σ₁ = 102.111,
//! rank 625 (639 pixels vary); relative error 0.810 at k = 5, 0.586 at k = 20, 0.407 at k = 50
//! (83 % of the variance kept, 11× smaller), 0.168 at k = 200; all equal to NumPy's within 1e-8,
//! the squared errors to the discarded σ² within 1e-12. About 0.8 s, half of it reading MNIST.
//! `--quick` (500 digits: λ₁ = 178.24677, rank 56; 500 MNIST images: rank 499) about 0.5 s.
//!
//! References:
//! - Golub & Van Loan, *Matrix Computations* (4th ed., 2013), §7.3 power iteration, §8.6.3
//!   one-sided Jacobi, §2.4 the SVD and low-rank approximation.
//! - Hestenes, "Inversion of matrices by biorthogonalization and related results" (1958).
//! - Demmel & Veselić, "Jacobi's method is more accurate than QR" (SIAM J. Matrix Anal. 1992).
//! - Eckart & Young, "The approximation of one matrix by another of lower rank" (1936).
//! - Alpaydin & Kaynak, UCI Optical Recognition of Handwritten Digits (scikit-learn `digits`);
//!   LeCun, Bottou, Bengio & Haffner, "Gradient-based learning applied to document
//!   recognition" (1998), MNIST.

use std::error::Error;
use std::process::ExitCode;

use faer::{MatRef, Side};
use llmpath_data::{DataDir, load};
use llmpath_lab::{LabArgs, Lang, Run};
use llmpath_labs_kit::Checks;
use llmpath_labs_kit::plot::{Chart, ImageGrid, Plots};
use ndarray::{Array1, Array2, Axis, Slice};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, StandardNormal};
use serde::Deserialize;

const GOLDEN: &str = include_str!("../../../../scripts/reference/golden/linear_algebra.json");
const NUMPY: &str = "scripts/reference/linear_algebra.py (NumPy/LAPACK)";
/// Digits in quick mode (full mode: all 1797); MNIST training images (full, quick).
const QUICK_DIGITS: usize = 500;
const MNIST_N: [usize; 2] = [2000, 500];
/// Ranks whose reconstruction is computed explicitly and compared with NumPy's.
const RANKS: [usize; 8] = [1, 2, 5, 10, 20, 50, 100, 200];
const MAX_SWEEPS: usize = 30;

type Fallible<T> = Result<T, Box<dyn Error>>;

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn norm(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}

fn frobenius(a: &Array2<f64>) -> f64 {
    a.iter().map(|a| a * a).sum::<f64>().sqrt()
}

/// C = A B for (m, k) and (k, n): the i-l-j loop walks both row-major operands along rows.
fn matmul(a: &Array2<f64>, b: &Array2<f64>) -> Array2<f64> {
    let (m, k, n) = (a.nrows(), a.ncols(), b.ncols());
    let mut c = Array2::zeros((m, n));
    for i in 0..m {
        for l in 0..k {
            let a_il = a[[i, l]];
            for j in 0..n {
                c[[i, j]] += a_il * b[[l, j]];
            }
        }
    }
    c
}

/// λ₁ of a symmetric matrix `c` by power iteration from a random `v`, with the Rayleigh
/// quotient of every iteration (until it changes by less than 1e-15 relative).
fn power_iteration(c: &Array2<f64>, seed: u64) -> Vec<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut v: Array1<f64> = (0..c.nrows()).map(|_| StandardNormal.sample(&mut rng)).collect();
    let mut lambdas: Vec<f64> = Vec::new();
    for _ in 0..10_000 {
        v /= v.dot(&v).sqrt();
        let cv = c.dot(&v); // (p,)
        let lambda = v.dot(&cv);
        let done = lambdas.last().is_some_and(|&last| (lambda - last).abs() <= 1e-15 * lambda);
        lambdas.push(lambda);
        if done {
            break;
        }
        v = cv;
    }
    lambdas
}

/// X = W Vᵀ with W's columns w_i = σ_i u_i, sorted by σ descending.
struct Svd {
    sigma: Vec<f64>,
    w: Vec<Vec<f64>>, // columns of W, each (n,)
    v: Vec<Vec<f64>>, // columns of V, each (p,)
    sweeps: usize,
}

/// The SVD of X, given as its p columns of length n, by one-sided Jacobi rotations (module doc).
fn jacobi_svd(columns: Vec<Vec<f64>>) -> Svd {
    let (p, n) = (columns.len(), columns.first().map_or(0, Vec::len));
    let (mut w, mut v) = (columns, vec![vec![0.0; p]; p]);
    (0..p).for_each(|i| v[i][i] = 1.0);
    let tolerance = (n as f64).sqrt() * f64::EPSILON;
    let mut sweeps = 0;
    let mut rotated = true;
    while rotated && sweeps < MAX_SWEEPS {
        (rotated, sweeps) = (false, sweeps + 1);
        for j in 1..p {
            for i in 0..j {
                let (alpha, beta, gamma) =
                    (dot(&w[i], &w[i]), dot(&w[j], &w[j]), dot(&w[i], &w[j]));
                if gamma.abs() <= tolerance * (alpha * beta).sqrt() {
                    continue;
                }
                rotated = true;
                let zeta = (beta - alpha) / (2.0 * gamma);
                let t = zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt());
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = c * t;
                for m in [&mut w, &mut v] {
                    let (head, tail) = m.split_at_mut(j);
                    for (a, b) in head[i].iter_mut().zip(tail[0].iter_mut()) {
                        (*a, *b) = (c * *a - s * *b, s * *a + c * *b);
                    }
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..p).collect();
    order.sort_by(|&a, &b| norm(&w[b]).total_cmp(&norm(&w[a])));
    let sigma = order.iter().map(|&i| norm(&w[i])).collect();
    let pick = |m: &[Vec<f64>]| order.iter().map(|&i| m[i].clone()).collect();
    Svd { sigma, w: pick(&w), v: pick(&v), sweeps }
}

/// The thin SVD X = U Σ Vᵀ by faer: U (n, r), σ (r,) descending, V (p, r), r = min(n, p).
fn thin_svd(x: &Array2<f64>) -> Fallible<(Array2<f64>, Vec<f64>, Array2<f64>)> {
    let (n, p) = x.dim();
    let x = MatRef::from_row_major_slice(x.as_slice().ok_or("X not contiguous")?, n, p);
    let svd = x.thin_svd().map_err(|e| format!("faer: {e:?}"))?;
    let (u, v) = (svd.U(), svd.V());
    let sigma = svd.S().column_vector().iter().copied().collect();
    let to_ndarray = |m: MatRef<f64>| Array2::from_shape_fn(m.shape(), |(i, j)| m[(i, j)]);
    Ok((to_ndarray(u), sigma, to_ndarray(v)))
}

/// X_k = U_k Σ_k V_kᵀ (n, p): the best rank-k approximation of X.
fn rank_k(u: &Array2<f64>, sigma: &[f64], v: &Array2<f64>, k: usize) -> Array2<f64> {
    let (u_k, v_k) =
        (u.slice_axis(Axis(1), Slice::from(..k)), v.slice_axis(Axis(1), Slice::from(..k)));
    (&u_k * &Array1::from(sigma[..k].to_vec())).dot(&v_k.t()) // (n, k) (k, p)
}

fn rel_diff(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs()
}

/// What `scripts/reference/linear_algebra.py` wrote for the full or the quick run.
#[derive(Debug, Deserialize)]
struct Golden {
    digits: DigitsRef,
    mnist: MnistRef,
}

#[derive(Debug, Deserialize)]
struct DigitsRef {
    n: usize,
    top_eigenvalues: Vec<f64>,
    singular_values: Vec<f64>,
    numerical_rank: usize,
}

#[derive(Debug, Deserialize)]
struct MnistRef {
    n: usize,
    ranks: Vec<usize>,
    varying_pixels: usize,
    frobenius_norm: f64,
    singular_values: Vec<f64>,
    numerical_rank: usize,
    rank_k_rel_error: Vec<f64>, // at each of `ranks`
}

fn golden(quick: bool) -> Fallible<Golden> {
    let mut file: serde_json::Value = serde_json::from_str(GOLDEN)?;
    Ok(serde_json::from_value(file[if quick { "quick" } else { "full" }].take())?)
}

/// The first `n` MNIST training images as (n, 784) pixels in [0, 1], and their labels.
fn load_mnist(dir: &DataDir, n: usize) -> Fallible<(Array2<f64>, Vec<usize>)> {
    let train = load::mnist_split(dir, load::Split::Train)?;
    let d = train.images.slice_axis(Axis(0), Slice::from(..n)).mapv(f64::from);
    Ok((d, train.labels.iter().take(n).copied().collect()))
}

/// What both parts share.
struct Lab {
    run: Run,
    plots: Plots,
    checks: Checks,
    lang: Lang,
}

impl Lab {
    fn text(&self, i: usize) -> &'static str {
        self.lang.pick(TEXT[i].0, TEXT[i].1)
    }
}

fn main() -> ExitCode {
    llmpath_labs_kit::main("linear-algebra", lab)
}

fn lab(args: LabArgs) -> Fallible<()> {
    let g = golden(args.quick)?;
    let dir = DataDir::resolve(args.data_dir.clone())?;
    let (n, n_mnist) = if args.quick { (QUICK_DIGITS, MNIST_N[1]) } else { (1797, MNIST_N[0]) };
    let pixels = load::digits(&dir)?.x.slice_axis(Axis(0), Slice::from(..n)).to_owned(); // 0…16
    let (images, labels) = load_mnist(&dir, n_mnist)?;
    let run = Run::start("linear-algebra", "digits, mnist", &args)?;
    let mut lab =
        Lab { run, plots: Plots::new(&args)?, checks: Checks::default(), lang: args.lang };
    digits(&mut lab, &pixels, &g.digits, args.seed)?;
    mnist(&mut lab, &images, &labels, &g.mnist)?;
    lab.checks.finish(lab.run)?;
    Ok(())
}

/// Part 1 (digits, p = 64): our product, power iteration and the Jacobi SVD.
fn digits(lab: &mut Lab, d: &Array2<f64>, g: &DigitsRef, seed: u64) -> Fallible<()> {
    // 1. Centre the digits; the covariance by our product and by ndarray's.
    let (n, p) = d.dim();
    let x = d - &d.mean_axis(Axis(0)).ok_or("no digits")?; // (n, 64)
    let c = matmul(&x.t().to_owned(), &x) / (n - 1) as f64; // (64, 64)
    let c_ndarray = x.t().dot(&x) / (n - 1) as f64;
    let product_error = (&c - &c_ndarray).iter().fold(0.0, |m, e| e.abs().max(m));
    println!("{}", lab.text(0).replace("{n}", &n.to_string()));
    lab.checks.require(g.n == n, format!("golden file made with n = {}, not {n}: rerun it", g.n));
    lab.checks.compare("matmul_max_abs_diff_vs_ndarray", product_error, 0.0, 1e-10, "ndarray dot");

    // 2. λ₁ by power iteration vs faer and NumPy.
    let lambdas = power_iteration(&c, seed);
    let lambda_1 = lambdas.last().copied().unwrap_or(f64::NAN);
    let c_faer = MatRef::from_row_major_slice(c.as_slice().ok_or("C not contiguous")?, p, p);
    let eigenvalues =
        c_faer.self_adjoint_eigenvalues(Side::Lower).map_err(|e| format!("faer: {e:?}"))?;
    let lambda_faer = eigenvalues.last().copied().unwrap_or(f64::NAN); // ascending
    println!("{}", lab.text(1));
    println!("   λ₁ = {lambda_1:.10} ({} {})", lambdas.len(), lab.text(17));
    lab.checks.compare("top_eigenvalue", lambda_1, g.top_eigenvalues[0], 1e-8, NUMPY);
    let faer = "faer self_adjoint_eigenvalues";
    lab.checks.compare("top_eigenvalue_vs_faer", lambda_1, lambda_faer, 1e-8, faer);
    lab.run.metric("power_iterations", lambdas.len() as f64);
    let ratio = (g.top_eigenvalues[1] / g.top_eigenvalues[0]).powi(2);
    let error_0 = rel_diff(lambdas[0], lambda_faer);
    let errors =
        lambdas.iter().enumerate().map(|(k, &l)| ((k + 1) as f64, rel_diff(l, lambda_faer)));
    let theory = (1..=lambdas.len()).map(|k| (k as f64, error_0 * ratio.powi(k as i32 - 1)));
    let chart = Chart::new(lab.text(6), lab.text(7), "|λ − λ₁| / λ₁")
        .log_y()
        .line(lab.text(8), errors)
        .dashed(lab.text(9), theory);
    lab.plots.record(&mut lab.run, "power_iteration", &chart)?;

    // 3. The SVD by one-sided Jacobi vs faer and NumPy; X = W Vᵀ and VᵀV = I.
    let svd = jacobi_svd(x.columns().into_iter().map(|col| col.to_vec()).collect());
    let x_faer = MatRef::from_row_major_slice(x.as_slice().ok_or("X not contiguous")?, n, p);
    let sigma_faer = x_faer.singular_values().map_err(|e| format!("faer: {e:?}"))?; // descending
    let diffs = svd.sigma.iter().zip(&sigma_faer).map(|(s, f)| (s - f).abs() / sigma_faer[0]);
    let wvt = Array2::from_shape_fn((n, p), |(r, c)| {
        (0..p).map(|i| svd.w[i][r] * svd.v[i][c]).sum::<f64>()
    });
    let orthogonality = (0..p * p).map(|ij| (ij / p, ij % p));
    let orthogonality =
        orthogonality.map(|(i, j)| (dot(&svd.v[i], &svd.v[j]) - f64::from(i == j)).abs());
    let [s1, s2, s3, ..] = svd.sigma[..] else { return Err("X has fewer than 3 columns".into()) };
    println!("{}", lab.text(2));
    println!("   σ₁…σ₃ = {s1:.4}, {s2:.4}, {s3:.4} ({} {})", svd.sweeps, lab.text(18));
    for (i, (&s, &s_ref)) in svd.sigma.iter().zip(&g.singular_values).take(5).enumerate() {
        lab.checks.compare(&format!("sigma_{}", i + 1), s, s_ref, 1e-8, NUMPY);
    }
    let rank = svd.sigma.iter().filter(|&&s| s > 1e-10 * s1).count();
    lab.checks.compare("numerical_rank", rank as f64, g.numerical_rank as f64, 0.0, NUMPY);
    let faer = "faer singular_values (all 64, relative to σ₁)";
    let max_diff = diffs.fold(0.0, f64::max);
    lab.checks.compare("singular_values_max_diff_vs_faer", max_diff, 0.0, 1e-10, faer);
    let reconstruction = frobenius(&(&x - &wvt)) / frobenius(&x);
    lab.checks.compare("svd_reconstruction_rel_error", reconstruction, 0.0, 1e-12, "X = U Σ Vᵀ");
    let orthogonality = orthogonality.fold(0.0, f64::max);
    lab.checks.compare("v_orthogonality_max_error", orthogonality, 0.0, 1e-12, "VᵀV = I");
    lab.run.metric("jacobi_sweeps", svd.sweeps as f64);
    lab.checks.require(svd.sweeps < MAX_SWEEPS, "one-sided Jacobi did not converge");
    Ok(())
}

/// Part 2 (MNIST, p = 784): the truncated SVD, Eckart–Young and rebuilt images.
fn mnist(lab: &mut Lab, d: &Array2<f64>, labels: &[usize], g: &MnistRef) -> Fallible<()> {
    // 4. Centre the images; faer's thin SVD against NumPy's; the numerical rank.
    let (n, p) = d.dim();
    let mu = d.mean_axis(Axis(0)).ok_or("no images")?; // (784,)
    let x = d - &mu; // (n, 784)
    let (u, sigma, v) = thin_svd(&x)?;
    let norm_x = frobenius(&x);
    let varying = d.columns().into_iter().filter(|c| c.iter().any(|&v| v != c[0])).count();
    let rank = sigma.iter().filter(|&&s| s > sigma[0] * n.max(p) as f64 * f64::EPSILON).count();
    let max_diff = sigma.iter().zip(&g.singular_values).map(|(s, r)| (s - r).abs() / sigma[0]);
    println!("{}", lab.text(3).replace("{n}", &n.to_string()));
    let rank_text = lab.text(14).replace("{r}", &rank.to_string());
    println!("   σ₁ = {:.6}, {}", sigma[0], rank_text.replace("{v}", &varying.to_string()));
    let same = g.n == n && g.ranks == RANKS;
    lab.checks.require(same, format!("golden file made for n = {}, not {n}: rerun it", g.n));
    lab.checks.compare("mnist_frobenius_norm", norm_x, g.frobenius_norm, 1e-12, NUMPY);
    let all = "scripts/reference/linear_algebra.py (NumPy/LAPACK; all σ, relative to σ₁)";
    lab.checks.compare("mnist_sigma_max_diff", max_diff.fold(0.0, f64::max), 0.0, 1e-10, all);
    lab.checks.compare("mnist_numerical_rank", rank as f64, g.numerical_rank as f64, 0.0, NUMPY);
    lab.checks.compare("mnist_varying_pixels", varying as f64, g.varying_pixels as f64, 0.0, NUMPY);

    // 5. Eckart–Young: ‖X − X_k‖_F² = Σ_{i>k} σᵢ², explicit at RANKS, from σ for every k.
    let tail = |k: usize| sigma[k..].iter().map(|s| s * s).sum::<f64>().sqrt() / norm_x;
    let (mut eckart_young, mut explicit) = (0.0_f64, Vec::new());
    println!("{}\n{}", lab.text(4), lab.text(15));
    for (&k, &reference) in RANKS.iter().zip(&g.rank_k_rel_error) {
        let error = frobenius(&(&x - &rank_k(&u, &sigma, &v, k))) / norm_x;
        explicit.push((k as f64, error));
        eckart_young = eckart_young.max((error * error - tail(k) * tail(k)).abs());
        let (kept, ratio) =
            (100.0 * (1.0 - error * error), (n * p) as f64 / (k * (n + p + 1)) as f64);
        println!("   k = {k:>3}: {error:.6} ({kept:.1} %, {ratio:.1}×)");
        lab.checks.compare(&format!("mnist_rank_{k}_rel_error"), error, reference, 1e-8, NUMPY);
    }
    let source = "Σ_{i>k} σᵢ² / ‖X‖_F² at every explicit k";
    lab.checks.compare("mnist_eckart_young_max_abs_diff", eckart_young, 0.0, 1e-12, source);
    let chart = Chart::new(lab.text(10), lab.text(11), "‖X − X_k‖_F / ‖X‖_F")
        .log_x()
        .line("√(Σ_{i>k} σᵢ²) / ‖X‖_F", (1..sigma.len()).map(|k| (k as f64, tail(k))))
        .points(lab.text(12), explicit);
    lab.plots.record(&mut lab.run, "mnist_rank_k_error", &chart)?;

    // 6. The first image of each digit rebuilt from k components: x̂ = μ + U_k[r] Σ_k V_kᵀ.
    println!("{}", lab.text(5));
    let shown: Vec<usize> = (0..10).filter_map(|c| labels.iter().position(|&l| l == c)).collect();
    let ks = [5, 10, 20, 50, 100, 200];
    let rebuild = |r: usize, k: usize| -> Vec<f64> {
        let us: Array1<f64> = u.row(r).iter().zip(&sigma[..k]).map(|(u, s)| u * s).collect();
        (&mu + &v.slice_axis(Axis(1), Slice::from(..k)).dot(&us)).to_vec()
    };
    let rows = shown.iter().map(|&r| {
        let images = std::iter::once(d.row(r).to_vec()).chain(ks.map(|k| rebuild(r, k)));
        (format!("#{r}: {}", labels[r]), images.collect())
    });
    let col_labels = std::iter::once(lab.text(13).to_owned()).chain(ks.map(|k| format!("k = {k}")));
    let grid = ImageGrid {
        title: lab.text(16).to_owned(),
        col_labels: col_labels.collect(),
        rows: rows.collect(),
        width: load::IMAGE_COLS,
        height: load::IMAGE_ROWS,
        range: (0.0, 1.0),
    };
    lab.plots.record(&mut lab.run, "mnist_rank_k", &grid)
}

/// The printed report (0–5; `{n}` is the number of images), plot texts and labels, (zh, en).
const TEXT: [(&str, &str); 19] = [
    (
        "1. 取前 {n} 个 8×8 数字并中心化：X (n × 64)。用三重循环算出的 C = XᵀX / (n − 1) 与 ndarray 的乘积一致。",
        "1. The first {n} 8×8 digits, centred: X (n × 64). C = XᵀX / (n − 1) by a triple loop agrees with ndarray's product.",
    ),
    (
        "2. 对 C 做幂迭代，收敛到最大特征值 λ₁，每步误差缩小 (λ₂/λ₁)² 倍。",
        "2. Power iteration on C converges to its largest eigenvalue λ₁ at the rate (λ₂/λ₁)² per step.",
    ),
    (
        "3. 单边 Jacobi 旋转使 X 的各列两两正交：列的长度就是奇异值。",
        "3. One-sided Jacobi rotations orthogonalise the columns of X: their lengths are the singular values.",
    ),
    (
        "4. 取前 {n} 张 MNIST 训练图像（28×28）并中心化：X (n × 784)，用 faer 做截断 SVD。",
        "4. The first {n} MNIST training images (28×28), centred: X (n × 784), and faer's thin SVD.",
    ),
    (
        "5. Eckart–Young 定理：保留最大的 k 个奇异值，剩下的平方误差恰为 Σ_{i>k} σᵢ²。",
        "5. Eckart–Young: keeping the k largest singular values leaves a squared error of exactly Σ_{i>k} σᵢ².",
    ),
    (
        "6. 用 k 个分量重构图像：k 为 20 到 50 时数字已可辨认，k = 200 时几乎与原图无异。",
        "6. Images rebuilt from k components: the digit is legible by k = 20 to 50 and close to the original by k = 200.",
    ),
    ("数字协方差矩阵上的幂迭代", "Power iteration on the digits covariance"),
    ("迭代", "iteration"),
    ("幂迭代", "power iteration"),
    ("理论 (λ₂/λ₁)^(2k)", "theory (λ₂/λ₁)²ᵏ"),
    ("MNIST：秩 k 重构的相对误差", "MNIST: relative error of the rank-k reconstruction"),
    ("秩 k", "rank k"),
    ("显式重构 ‖X − X_k‖_F", "explicit ‖X − X_k‖_F"),
    ("原图", "original"),
    ("数值秩 {r}（有变化的像素 {v} 个）", "numerical rank {r} ({v} pixels vary)"),
    (
        "   秩 k：相对误差（保留的方差，压缩比 np / k(n + p + 1)）",
        "   rank k: relative error (variance kept, compression np / k(n + p + 1))",
    ),
    ("用 k 个奇异分量重构的 MNIST 数字", "MNIST digits rebuilt from k singular components"),
    ("次迭代", "iterations"),
    ("轮", "sweeps"),
];

#[cfg(test)]
#[path = "linear_algebra/tests.rs"]
mod tests;
