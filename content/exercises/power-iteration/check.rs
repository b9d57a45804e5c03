use std::fmt;

use llmpath_checker::ndarray::{Array1, Array2, array};
use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::{Check, Verdict, reference, close, property, say};

const CHECKS: &[Check] = &[
    Check {
        zh: "返回 n 个分量的单位向量 v（‖v‖ = 1）",
        en: "returns a unit vector v with n entries (‖v‖ = 1)",
        run: unit_vector,
    },
    Check {
        zh: "对角矩阵 diag(1, 3, −2)：λ₁ = 3，v = ±e₂",
        en: "diagonal matrix diag(1, 3, −2): λ₁ = 3 and v = ±e₂",
        run: diagonal,
    },
    Check {
        zh: "已知谱的随机对称矩阵 QΛQᵀ：λ₁ 与 ±v₁",
        en: "random symmetric matrices QΛQᵀ with known spectra: λ₁ and ±v₁",
        run: known_spectra,
    },
    Check {
        zh: "返回的 (λ, v) 满足 ‖Av − λv‖ ≤ tol",
        en: "the returned (λ, v) satisfies ‖Av − λv‖ ≤ tol",
        run: residual_within_tol,
    },
    Check {
        zh: "负的主特征值保留它的符号",
        en: "a negative dominant eigenvalue keeps its sign",
        run: negative_dominant,
    },
    Check {
        zh: "残差一旦 ≤ tol 就停止（40×40 矩阵，max_iter = 10⁹）",
        en: "stops as soon as the residual is ≤ tol (a 40×40 matrix, max_iter = 10⁹)",
        run: stops_early,
    },
];

const TOL: f64 = 1e-10;

/// A symmetric matrix with a known spectrum, A = Q diag(λ) Qᵀ, and a start vector v₀ = Q c.
/// λ[0] is the dominant eigenvalue and Q's first column its eigenvector.
struct Case {
    a: Array2<f64>,
    lambda1: f64,
    q1: Vec<f64>,
    v0: Vec<f64>,
}

impl fmt::Debug for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let row = |r: Vec<f64>| {
            let cells: Vec<String> = r.iter().map(|x| format!("{x:.4}")).collect();
            format!("[{}]", cells.join(", "))
        };
        let rows: Vec<String> = self.a.rows().into_iter().map(|r| row(r.to_vec())).collect();
        write!(f, "A = [{}], v0 = {}", rows.join(", "), row(self.v0.clone()))
    }
}

fn build(lambda: &[f64], q: &Array2<f64>, c: &[f64]) -> Case {
    let n = lambda.len();
    let a = Array2::from_shape_fn((n, n), |(i, j)| (0..n).map(|k| q[[i, k]] * lambda[k] * q[[j, k]]).sum());
    let v0 = (0..n).map(|i| (0..n).map(|k| q[[i, k]] * c[k]).sum()).collect();
    Case { a, lambda1: lambda[0], q1: q.column(0).to_vec(), v0 }
}

/// n in 2..=5, |λ₁| in [1, 10] with the given sign, every other |λᵢ| ≤ 0.7 |λ₁|.
fn cases(negative: bool) -> impl Strategy<Value = Case> {
    (2usize..=5).prop_flat_map(move |n| {
        (
            1.0..10.0f64,
            vec(-0.7..0.7f64, n - 1),
            vec(0.0..std::f64::consts::TAU, n * (n - 1) / 2),
            0.2..1.0f64,
            vec(-1.0..1.0f64, n - 1),
        )
            .prop_map(move |(d, ratios, angles, c0, rest)| {
                let d = if negative { -d } else { d };
                let lambda: Vec<f64> = std::iter::once(d).chain(ratios.iter().map(|r| r * d.abs())).collect();
                let c: Vec<f64> = std::iter::once(c0).chain(rest).collect();
                build(&lambda, &reference::rotations(n, &angles), &c)
            })
    })
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

fn residual(a: &Array2<f64>, lambda: f64, v: &[f64]) -> f64 {
    let r: Vec<f64> = a
        .rows()
        .into_iter()
        .zip(v)
        .map(|(row, vi)| row.iter().zip(v).map(|(aij, vj)| aij * vj).sum::<f64>() - lambda * vi)
        .collect();
    norm(&r)
}

/// The length and the norm of v, with what a wrong norm suggests.
fn unit(v: &[f64], n: usize) -> Verdict {
    if v.len() != n {
        return Err(say(
            format!("v 有 {} 个分量，应为 {n} 个（A 的维数）", v.len()),
            format!("v has {} entries, expected {n} (A's size)", v.len()),
        ));
    }
    let length = norm(v);
    match close(length, 1.0, 1e-9, 0.0) {
        true => Ok(()),
        false => Err(say(
            format!("‖v‖ = {length:e}，应为 1：每次乘以 A 之后都要除以 ‖A v‖"),
            format!("‖v‖ = {length:e}, expected 1: divide by ‖A v‖ after every product"),
        )),
    }
}

/// λ and v against the known λ₁ and v₁, with what the numbers suggest.
fn eigenpair(case: &Case, lambda: f64, v: &[f64]) -> Verdict {
    unit(v, case.q1.len())?;
    let l1 = case.lambda1;
    if close(lambda, -l1, 1e-8, 0.0) {
        return Err(say(
            format!("λ = {lambda}，而 A v ≈ {l1}·v：符号反了。‖A v‖ 总是正的，用 λ = v · (A v)"),
            format!("λ = {lambda} while A v ≈ {l1}·v: the sign is lost. ‖A v‖ is always positive; use λ = v · (A v)"),
        ));
    }
    if !close(lambda, l1, 1e-8, 0.0) {
        return Err(say(
            format!("λ = {lambda}，应为 λ₁ = {l1}（绝对值最大的特征值）"),
            format!("λ = {lambda}, expected λ₁ = {l1} (the eigenvalue largest in magnitude)"),
        ));
    }
    let cosine: f64 = v.iter().zip(&case.q1).map(|(a, b)| a * b).sum::<f64>().abs();
    match cosine >= 1.0 - 1e-8 {
        true => Ok(()),
        false => Err(say(
            format!("λ 对了，但 v 与 λ₁ 的特征向量夹角的余弦为 {cosine:.10}，不是 ±1：还没收敛"),
            format!("λ is right but v's cosine with λ₁'s eigenvector is {cosine:.10}, not ±1: not converged yet"),
        )),
    }
}

fn unit_vector() -> Verdict {
    let a = array![[2.0, 1.0], [1.0, 3.0]];
    let (_, v) = learner::power_iteration(a.view(), &[1.0, 0.0], TOL, 1000);
    unit(&v, 2).map_err(|e| say(format!("A = [[2, 1], [1, 3]]，v0 = [1, 0]：{e}"), format!("A = [[2, 1], [1, 3]], v0 = [1, 0]: {e}")))
}

fn diagonal() -> Verdict {
    let a = Array2::from_diag(&Array1::from(vec![1.0, 3.0, -2.0]));
    let (lambda, v) = learner::power_iteration(a.view(), &[1.0, 1.0, 1.0], TOL, 1000);
    let case = Case { a, lambda1: 3.0, q1: vec![0.0, 1.0, 0.0], v0: vec![1.0, 1.0, 1.0] };
    eigenpair(&case, lambda, &v).map_err(|e| say(format!("diag(1, 3, −2)，v0 = [1, 1, 1]：{e}"), format!("diag(1, 3, −2), v0 = [1, 1, 1]: {e}")))
}

fn known_spectra() -> Verdict {
    property(cases(false), |case| {
        let (lambda, v) = learner::power_iteration(case.a.view(), &case.v0, TOL, 10_000);
        eigenpair(&case, lambda, &v)
    })
}

fn residual_within_tol() -> Verdict {
    property(cases(false), |case| {
        let (lambda, v) = learner::power_iteration(case.a.view(), &case.v0, TOL, 10_000);
        unit(&v, case.q1.len())?;
        let r = residual(&case.a, lambda, &v);
        if r <= 10.0 * TOL {
            return Ok(());
        }
        let hint = match close(lambda, case.lambda1, 1e-8, 0.0) {
            true => say(
                "：λ 已经准了，v 还没有。λ 的误差按 |λ₂/λ₁|²ᵏ 缩小，比 v 快一倍，所以要用残差而不是 λ 的变化来判断停止",
                ": λ is already accurate, v is not. λ's error shrinks like |λ₂/λ₁|²ᵏ, twice as fast as v's, so stop on the residual, not on how much λ changed",
            ),
            false => String::new(),
        };
        Err(say(
            format!("‖Av − λv‖ = {r:e}，但 tol = {TOL:e}{hint}"),
            format!("‖Av − λv‖ = {r:e} but tol = {TOL:e}{hint}"),
        ))
    })
}

fn negative_dominant() -> Verdict {
    property(cases(true), |case| {
        let (lambda, v) = learner::power_iteration(case.a.view(), &case.v0, TOL, 10_000);
        eigenpair(&case, lambda, &v)
    })
}

fn stops_early() -> Verdict {
    // A = H diag(λ) H with the Householder reflection H = I − 2uuᵀ/‖u‖²; |λ₂/λ₁| = 1/2, so about
    // 40 products reach the tolerance. Ignoring tol means 10⁹ of them: a timeout.
    let n = 40;
    let u: Vec<f64> = (0..n).map(|i| ((i * 7 + 3) % 11) as f64 - 5.0).collect();
    let uu: f64 = u.iter().map(|x| x * x).sum();
    let h = Array2::from_shape_fn((n, n), |(i, j)| f64::from(u8::from(i == j)) - 2.0 * u[i] * u[j] / uu);
    let lambda: Vec<f64> = (0..n).map(|k| 10.0 / (k as f64 + 1.0)).collect();
    let case = build(&lambda, &h, &vec![1.0; n]);
    let (l, v) = learner::power_iteration(case.a.view(), &case.v0, TOL, 1_000_000_000);
    eigenpair(&case, l, &v)?;
    let r = residual(&case.a, l, &v);
    match r <= 10.0 * TOL {
        true => Ok(()),
        false => Err(say(format!("‖Av − λv‖ = {r:e}，但 tol = {TOL:e}"), format!("‖Av − λv‖ = {r:e} but tol = {TOL:e}"))),
    }
}
