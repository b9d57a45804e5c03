use std::f64::consts::TAU;
use std::fmt;

use llmpath_checker::ndarray::{Array1, Array2, ArrayView2, array};
use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::{Check, Verdict, close, iris, property, reference, say, shape};

const CHECKS: &[Check] = &[
    Check {
        zh: "A⁺ 的形状为 (n, m)，x 的长度为 n；三个小例子",
        en: "A⁺ has shape (n, m) and x length n; three small examples",
        run: small_examples,
    },
    Check {
        zh: "随机满秩 SVD 上的 A⁺ = V Σ⁺ Uᵀ",
        en: "A⁺ = V Σ⁺ Uᵀ on random full-rank SVDs",
        run: random_pseudo_inverse,
    },
    Check {
        zh: "四个 Penrose 条件（满秩与秩亏的随机矩阵）",
        en: "the four Penrose conditions, on random full-rank and rank-deficient matrices",
        run: penrose,
    },
    Check {
        zh: "σᵢ ≤ rcond·σ₀ 视为 0（截断阈值相对于 σ₀，矩阵尺度从 1e-8 到 1e8）",
        en: "σᵢ ≤ rcond·σ₀ counts as 0 (the cutoff is relative to σ₀; matrices scaled from 1e-8 to 1e8)",
        run: cutoff,
    },
    Check {
        zh: "列满秩的高矩阵：x 与正规方程 AᵀA x = Aᵀb 的解一致",
        en: "tall full-column-rank matrices: x equals the solution of the normal equations AᵀA x = Aᵀb",
        run: tall_normal_equations,
    },
    Check {
        zh: "秩亏矩阵：x 满足正规方程，且与零空间正交（最小范数解）",
        en: "rank-deficient matrices: x solves the normal equations and is orthogonal to the null space (minimum norm)",
        run: minimum_norm,
    },
    Check {
        zh: "iris：用其余三个测量值加截距回归花瓣宽度，与正规方程一致；加一个冗余列后仍得最小范数解",
        en: "iris: petal width on the other three measurements plus an intercept agrees with the normal equations; with a redundant column, the minimum-norm solution",
        run: iris_regression,
    },
];

/// An SVD with known factors — U (m, r) and V (n, r) with orthonormal columns, σ descending —
/// with a right-hand side b (length m, empty where unused) and the cutoff rcond.
struct Problem {
    u: Array2<f64>,
    sigma: Vec<f64>,
    vt: Array2<f64>,
    b: Vec<f64>,
    rcond: f64,
}

/// A number as a learner reads it: 3 decimals, or scientific notation when tiny or huge.
fn num(x: f64) -> String {
    if x == 0.0 {
        "0".to_owned()
    } else if x.abs() < 1e-3 || x.abs() >= 1e5 {
        format!("{x:.3e}")
    } else {
        format!("{x:.3}")
    }
}

/// rcond as written in code: 0, 1e-10, 1e-6.
fn sci(x: f64) -> String {
    match x == 0.0 {
        true => "0".to_owned(),
        false => format!("{x:e}"),
    }
}

fn list(v: &[f64]) -> String {
    let cells: Vec<String> = v.iter().map(|&x| num(x)).collect();
    format!("[{}]", cells.join(", "))
}

fn rows(a: &Array2<f64>) -> String {
    let rows: Vec<String> = a.rows().into_iter().map(|r| list(&r.to_vec())).collect();
    format!("[{}]", rows.join(", "))
}

impl fmt::Debug for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "U = {}, σ = {}, Vᵀ = {}, rcond = {}",
            rows(&self.u),
            list(&self.sigma),
            rows(&self.vt),
            sci(self.rcond)
        )?;
        match self.b.is_empty() {
            true => Ok(()),
            false => write!(f, ", b = {}", list(&self.b)),
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Any shape, every σ in [0.5, 10].
    FullRank,
    /// m > n, every σ in [0.5, 10].
    Tall,
    /// m, n ≥ 2 and at least one σ that is 0 or below 1e-12·σ₀ (rcond 1e-10 or, with zeros, 0).
    Deficient,
}

fn problems(kind: Kind) -> BoxedStrategy<Problem> {
    // Plain maps of fixed-size draws (no flat_map): shrinking stays quick and simple.
    let dims = match kind {
        Kind::FullRank => (1usize..=4, 1usize..=4).boxed(),
        Kind::Tall => (1usize..=3, 1usize..=2)
            .prop_map(|(n, extra)| (n + extra, n))
            .boxed(),
        Kind::Deficient => (2usize..=4, 2usize..=4).boxed(),
    };
    (
        dims,
        1usize..=3,
        vec(0.5..10.0f64, 4),
        vec(1e-14..1e-12f64, 3),
        any::<bool>(),
        any::<bool>(),
        vec(0.0..TAU, 10),
        vec(0.0..TAU, 6),
        vec(-5.0..5.0f64, 5),
    )
        .prop_map(
            move |((m, n), dropped, kept, tiny, zeros, rcond_zero, a_u, a_v, b)| {
                let r = m.min(n);
                let dropped = match kind {
                    Kind::Deficient => dropped.min(r - 1),
                    _ => 0,
                };
                let mut sigma = kept[..r - dropped].to_vec();
                sigma.sort_by(|a, b| b.total_cmp(a));
                let top = sigma[0];
                // The dropped values: exact zeros, or rounding noise next to σ₀.
                sigma.extend(
                    tiny[..dropped]
                        .iter()
                        .map(|t| if zeros { 0.0 } else { t * top }),
                );
                let u = reference::rotations(m, &a_u);
                let v = reference::rotations(n, &a_v);
                Problem {
                    u: Array2::from_shape_fn((m, r), |(i, j)| u[[i, j]]),
                    sigma,
                    vt: Array2::from_shape_fn((r, n), |(i, j)| v[[j, i]]),
                    b: b[..m].to_vec(),
                    rcond: if zeros && rcond_zero { 0.0 } else { 1e-10 },
                }
            },
        )
        .boxed()
}

/// Σᵢ wᵢ·left[p][i]·right[i][q], entry by entry, for left (a, r) and right (r, c).
fn product(left: ArrayView2<f64>, weights: &[f64], right: ArrayView2<f64>) -> Array2<f64> {
    Array2::from_shape_fn((left.nrows(), right.ncols()), |(p, q)| {
        (0..weights.len())
            .map(|i| weights[i] * left[[p, i]] * right[[i, q]])
            .sum()
    })
}

/// 1/σ where σ > cutoff, else 0.
fn plus(sigma: &[f64], cutoff: f64) -> Vec<f64> {
    sigma
        .iter()
        .map(|&s| if s > cutoff { 1.0 / s } else { 0.0 })
        .collect()
}

impl Problem {
    fn a(&self) -> Array2<f64> {
        product(self.u.view(), &self.sigma, self.vt.view())
    }
    fn cutoff(&self) -> f64 {
        self.rcond * self.sigma[0]
    }
    /// V·diag(w)·Uᵀ.
    fn v_w_ut(&self, w: &[f64]) -> Array2<f64> {
        product(self.vt.t(), w, self.u.t())
    }
    fn pinv(&self) -> Array2<f64> {
        self.v_w_ut(&plus(&self.sigma, self.cutoff()))
    }
    /// Σ⁺Uᵀb: x's coordinates along V's columns.
    fn coords(&self) -> Vec<f64> {
        let w = plus(&self.sigma, self.cutoff());
        (0..self.sigma.len())
            .map(|i| {
                w[i] * (0..self.b.len())
                    .map(|p| self.u[[p, i]] * self.b[p])
                    .sum::<f64>()
            })
            .collect()
    }
}

fn largest(a: &Array2<f64>) -> f64 {
    a.iter().fold(0.0, |m: f64, x| m.max(x.abs()))
}

fn same(a: &Array2<f64>, b: &Array2<f64>) -> bool {
    let atol = 1e-9 * largest(b).max(1.0);
    a.shape() == b.shape()
        && a.iter()
            .zip(b.iter())
            .all(|(x, y)| close(*x, *y, 1e-9, atol))
}

fn same_vec(a: &[f64], b: &[f64]) -> bool {
    let atol = 1e-9 * b.iter().fold(1.0, |m: f64, x| m.max(x.abs()));
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| close(*x, *y, 1e-8, atol))
}

/// What a wrong A⁺ looks like, when it looks like a known mistake.
fn recognise(p: &Problem, yours: &Array2<f64>) -> String {
    let (m, n) = (p.u.nrows(), p.vt.ncols());
    let expected = p.pinv();
    if yours.iter().any(|x| !x.is_finite()) {
        return say(
            "：A⁺ 含有 inf 或 NaN，某个为 0 的 σᵢ 被求了倒数（σᵢ ≤ rcond·σ₀ 的应当置 0）",
            ": A⁺ has inf or NaN entries: a σᵢ that is 0 was inverted (σᵢ ≤ rcond·σ₀ must become 0)",
        );
    }
    if yours.dim() == (m, n) && m != n {
        return say(
            format!("：({m}, {n}) 是 A 的形状；(m, n) 矩阵的伪逆是 (n, m)"),
            format!(": ({m}, {n}) is A's shape; the pseudo-inverse of an (m, n) matrix is (n, m)"),
        );
    }
    let kept: Vec<f64> = p
        .sigma
        .iter()
        .map(|&s| if s > p.cutoff() { s } else { 0.0 })
        .collect();
    if same(yours, &p.v_w_ut(&p.sigma)) || same(yours, &p.v_w_ut(&kept)) {
        return say(
            "：这是 Aᵀ = V Σ Uᵀ。Σ⁺ 的对角元是 1/σᵢ，不是 σᵢ",
            ": that is Aᵀ = V Σ Uᵀ. Σ⁺ holds 1/σᵢ, not σᵢ",
        );
    }
    if same(
        yours,
        &product(p.u.view(), &plus(&p.sigma, p.cutoff()), p.vt.view()),
    ) {
        return say(
            "：这是 U Σ⁺ Vᵀ，U 与 V 的位置放反了（V 是 Vᵀ 的转置）",
            ": that is U Σ⁺ Vᵀ, with U and V in each other's places (V is the transpose of Vᵀ)",
        );
    }
    if same(yours, &p.v_w_ut(&plus(&p.sigma, p.rcond))) {
        return say(
            format!(
                "：你把 σᵢ 与 rcond = {} 本身比较；阈值是 rcond·σ₀ = {}，随矩阵的尺度变化",
                sci(p.rcond),
                num(p.cutoff())
            ),
            format!(
                ": you compared σᵢ with rcond = {} itself; the cutoff is rcond·σ₀ = {}, which scales with the matrix",
                sci(p.rcond),
                num(p.cutoff())
            ),
        );
    }
    if largest(yours) > 1e3 * largest(&expected).max(1e-300) {
        return say(
            format!(
                "：A⁺ 的元素大到 {}，某个 σᵢ ≤ rcond·σ₀ = {} 被求了倒数",
                num(largest(yours)),
                num(p.cutoff())
            ),
            format!(
                ": A⁺ has entries as large as {}: a σᵢ ≤ rcond·σ₀ = {} was inverted",
                num(largest(yours)),
                num(p.cutoff())
            ),
        );
    }
    String::new()
}

/// Your A⁺ against the reference V Σ⁺ Uᵀ.
fn compare(p: &Problem, yours: &Array2<f64>) -> Verdict {
    let (m, n) = (p.u.nrows(), p.vt.ncols());
    let hint = recognise(p, yours);
    shape("A⁺", yours.shape(), &[n, m]).map_err(|e| e + &hint)?;
    let expected = p.pinv();
    if same(yours, &expected) {
        return Ok(());
    }
    let atol = 1e-9 * largest(&expected).max(1.0);
    let (i, j) = (0..n * m)
        .map(|e| (e / m, e % m))
        .find(|&(i, j)| !close(yours[[i, j]], expected[[i, j]], 1e-9, atol))
        .unwrap_or((0, 0));
    Err(say(
        format!(
            "A⁺[{i}][{j}] = {}，应为 {}{hint}",
            num(yours[[i, j]]),
            num(expected[[i, j]])
        ),
        format!(
            "A⁺[{i}][{j}] = {}, expected {}{hint}",
            num(yours[[i, j]]),
            num(expected[[i, j]])
        ),
    ))
}

fn pinv_of(p: &Problem) -> Array2<f64> {
    learner::pseudo_inverse(p.u.view(), &p.sigma, p.vt.view(), p.rcond)
}

fn x_of(p: &Problem) -> Vec<f64> {
    learner::least_squares(p.u.view(), &p.sigma, p.vt.view(), &p.b, p.rcond)
}

fn small_examples() -> Verdict {
    let examples = [
        // A = diag(4, 2): A⁺ = diag(1/4, 1/2).
        (
            Problem {
                u: Array2::eye(2),
                sigma: vec![4.0, 2.0],
                vt: Array2::eye(2),
                b: vec![1.0, 1.0],
                rcond: 1e-15,
            },
            (
                "U = I，σ = [4, 2]，Vᵀ = I（A = diag(4, 2)）",
                "U = I, σ = [4, 2], Vᵀ = I (A = diag(4, 2))",
            ),
        ),
        // A = 2·u vᵀ (3, 2), rank 1: A⁺ = ½·v uᵀ (2, 3).
        (
            Problem {
                u: array![[0.6], [0.0], [0.8]],
                sigma: vec![2.0],
                vt: array![[0.0, 1.0]],
                b: vec![1.0, 0.0, 2.0],
                rcond: 1e-15,
            },
            (
                "U = [[0.6], [0], [0.8]]，σ = [2]，Vᵀ = [[0, 1]]（A 为 3×2）",
                "U = [[0.6], [0], [0.8]], σ = [2], Vᵀ = [[0, 1]] (A is 3×2)",
            ),
        ),
        // A = diag(3, 0): σ = 0 is dropped even when rcond = 0, so A⁺ = diag(1/3, 0).
        (
            Problem {
                u: Array2::eye(2),
                sigma: vec![3.0, 0.0],
                vt: Array2::eye(2),
                b: vec![3.0, 5.0],
                rcond: 0.0,
            },
            (
                "U = I，σ = [3, 0]，Vᵀ = I，rcond = 0（A = diag(3, 0)；σ = 0 不满足 σ > rcond·σ₀）",
                "U = I, σ = [3, 0], Vᵀ = I, rcond = 0 (A = diag(3, 0); σ = 0 is not > rcond·σ₀)",
            ),
        ),
    ];
    for (p, (zh, en)) in &examples {
        let yours = pinv_of(p);
        compare(p, &yours).map_err(|e| say(format!("{zh}：{e}"), format!("{en}: {e}")))?;
        let x = x_of(p);
        let n = p.vt.ncols();
        let hint = recognise_x(p, &x);
        shape("x", &[x.len()], &[n])
            .map_err(|e| say(format!("{zh}：{e}{hint}"), format!("{en}: {e}{hint}")))?;
        let expected: Vec<f64> = p
            .pinv()
            .rows()
            .into_iter()
            .map(|row| row.iter().zip(&p.b).map(|(a, b)| a * b).sum())
            .collect();
        if !same_vec(&x, &expected) {
            return Err(say(
                format!(
                    "{zh}，b = {}：x = {}，应为 A⁺b = {}{hint}",
                    list(&p.b),
                    list(&x),
                    list(&expected)
                ),
                format!(
                    "{en}, b = {}: x = {}, expected A⁺b = {}{hint}",
                    list(&p.b),
                    list(&x),
                    list(&expected)
                ),
            ));
        }
    }
    Ok(())
}

fn random_pseudo_inverse() -> Verdict {
    property(problems(Kind::FullRank), |p| compare(&p, &pinv_of(&p)))
}

fn penrose() -> Verdict {
    let cases = prop_oneof![problems(Kind::FullRank), problems(Kind::Deficient)];
    property(cases, |p| {
        let (m, n) = (p.u.nrows(), p.vt.ncols());
        let x = pinv_of(&p);
        let hint = recognise(&p, &x);
        shape("A⁺", x.shape(), &[n, m]).map_err(|e| e + &hint)?;
        let a = p.a();
        let (ax, xa) = (a.dot(&x), x.dot(&a));
        let conditions = [
            ("A A⁺ A = A", ax.dot(&a), a.clone()),
            ("A⁺ A A⁺ = A⁺", xa.dot(&x), x.clone()),
            ("(A A⁺)ᵀ = A A⁺", ax.t().to_owned(), ax.clone()),
            ("(A⁺ A)ᵀ = A⁺ A", xa.t().to_owned(), xa.clone()),
        ];
        for (name, left, right) in conditions {
            let atol = 1e-9 * largest(&right).max(1.0);
            let worst = left
                .iter()
                .zip(right.iter())
                .map(|(l, r)| {
                    if close(*l, *r, 1e-9, atol) {
                        0.0
                    } else if (l - r).is_nan() {
                        f64::NAN
                    } else {
                        (l - r).abs()
                    }
                })
                .fold(0.0, |w: f64, d| {
                    if d.is_nan() || w.is_nan() {
                        f64::NAN
                    } else {
                        w.max(d)
                    }
                });
            if worst != 0.0 {
                return Err(say(
                    format!("{name} 不成立：两边最大相差 {}{hint}", num(worst)),
                    format!(
                        "{name} fails: the two sides differ by up to {}{hint}",
                        num(worst)
                    ),
                ));
            }
        }
        Ok(())
    })
}

fn cutoff() -> Verdict {
    // Kept values in [0.1, 1], dropped ones in [1e-9, 1e-7], all times 10^e; rcond = 1e-6.
    let cases = (
        (2usize..=4, 2usize..=4),
        1usize..=3,
        vec(0.1..1.0f64, 4),
        vec(1e-9..1e-7f64, 3),
        -8i32..=8,
        vec(0.0..TAU, 6),
        vec(0.0..TAU, 6),
    )
        .prop_map(|((m, n), dropped, kept, tiny, e, a_u, a_v)| {
            let r = m.min(n);
            let dropped = dropped.min(r - 1);
            let scale = 10f64.powi(e);
            let mut sigma: Vec<f64> = kept[..r - dropped]
                .iter()
                .chain(&tiny[..dropped])
                .map(|s| s * scale)
                .collect();
            sigma.sort_by(|a, b| b.total_cmp(a));
            let u = reference::rotations(m, &a_u);
            let v = reference::rotations(n, &a_v);
            Problem {
                u: Array2::from_shape_fn((m, r), |(i, j)| u[[i, j]]),
                sigma,
                vt: Array2::from_shape_fn((r, n), |(i, j)| v[[j, i]]),
                b: Vec::new(),
                rcond: 1e-6,
            }
        });
    property(cases, |p| compare(&p, &pinv_of(&p)))
}

/// Solves the square system M x = y by Gaussian elimination with partial pivoting.
fn solve(mut m: Array2<f64>, mut y: Vec<f64>) -> Vec<f64> {
    let n = y.len();
    for c in 0..n {
        let pivot = (c..n)
            .max_by(|&i, &j| m[[i, c]].abs().total_cmp(&m[[j, c]].abs()))
            .unwrap_or(c);
        for j in 0..n {
            m.swap([c, j], [pivot, j]);
        }
        y.swap(c, pivot);
        for i in c + 1..n {
            let f = m[[i, c]] / m[[c, c]];
            for j in c..n {
                m[[i, j]] -= f * m[[c, j]];
            }
            y[i] -= f * y[c];
        }
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let rest: f64 = (i + 1..n).map(|j| m[[i, j]] * x[j]).sum();
        x[i] = (y[i] - rest) / m[[i, i]];
    }
    x
}

/// The normal equations AᵀA x = Aᵀb, solved directly.
fn normal_equations(a: &Array2<f64>, b: &[f64]) -> Vec<f64> {
    let ata = a.t().dot(a);
    let atb = a.t().dot(&Array1::from(b.to_vec()));
    solve(ata, atb.to_vec())
}

/// Aᵀ(A x − b): zero at every least-squares solution.
fn gradient_of(a: &Array2<f64>, x: &[f64], b: &[f64]) -> Vec<f64> {
    let residual = a.dot(&Array1::from(x.to_vec())) - Array1::from(b.to_vec());
    a.t().dot(&residual).to_vec()
}

/// What a wrong x looks like, when it looks like a known mistake (and is not the answer).
fn recognise_x(p: &Problem, x: &[f64]) -> String {
    let r = p.sigma.len();
    let coords = p.coords();
    let expected: Vec<f64> = (0..p.vt.ncols())
        .map(|j| (0..r).map(|i| p.vt[[i, j]] * coords[i]).sum())
        .collect();
    if x.iter().any(|v| !v.is_finite()) {
        return say(
            "：x 含有 inf 或 NaN，某个为 0 的 σᵢ 被求了倒数",
            ": x has inf or NaN entries: a σᵢ that is 0 was inverted",
        );
    }
    if same_vec(x, &expected) {
        return String::new();
    }
    if same_vec(x, &coords) {
        return say(
            "：你的 x 等于 Σ⁺Uᵀb，每个奇异值一个数：那是 x 沿 V 的各列（Vᵀ 的各行）的坐标，不是 x 本身",
            ": your x equals Σ⁺Uᵀb, one number per singular value: those are x's coordinates along the columns of V (the rows of Vᵀ), not x itself",
        );
    }
    let a = p.a();
    let atb: Vec<f64> = a.t().dot(&Array1::from(p.b.clone())).to_vec();
    if same_vec(x, &atb) {
        return say(
            "：这是 Aᵀb = VΣUᵀb。Σ⁺ 的对角元是 1/σᵢ，不是 σᵢ",
            ": that is Aᵀb = VΣUᵀb. Σ⁺ holds 1/σᵢ, not σᵢ",
        );
    }
    String::new()
}

fn tall_normal_equations() -> Verdict {
    property(problems(Kind::Tall), |p| {
        let n = p.vt.ncols();
        let x = x_of(&p);
        let hint = recognise_x(&p, &x);
        shape("x", &[x.len()], &[n]).map_err(|e| e + &hint)?;
        let a = p.a();
        let expected = normal_equations(&a, &p.b);
        match same_vec(&x, &expected) {
            true => Ok(()),
            false => Err(say(
                format!(
                    "x = {}，而正规方程 AᵀA x = Aᵀb 的解是 {}；你的 x 的 Aᵀ(Ax − b) = {}{hint}",
                    list(&x),
                    list(&expected),
                    list(&gradient_of(&a, &x, &p.b))
                ),
                format!(
                    "x = {}, while the normal equations AᵀA x = Aᵀb give {}; your x has Aᵀ(Ax − b) = {}{hint}",
                    list(&x),
                    list(&expected),
                    list(&gradient_of(&a, &x, &p.b))
                ),
            )),
        }
    })
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

fn minimum_norm() -> Verdict {
    property(problems(Kind::Deficient), |p| {
        let n = p.vt.ncols();
        let x = x_of(&p);
        let hint = recognise_x(&p, &x);
        shape("x", &[x.len()], &[n]).map_err(|e| e + &hint)?;
        if !hint.is_empty() {
            return Err(say(
                format!("x = {}{hint}", list(&x)),
                format!("x = {}{hint}", list(&x)),
            ));
        }
        let a = p.a();
        let top = p.sigma[0];
        // (1) a least-squares solution: Aᵀ(Ax − b) = 0.
        let g = gradient_of(&a, &x, &p.b);
        let tol = 1e-8 * (1.0 + top * top * norm(&x) + top * norm(&p.b));
        if !(norm(&g) <= tol) {
            return Err(say(
                format!(
                    "x = {}：Aᵀ(Ax − b) = {}，应为 0，x 不是最小二乘解",
                    list(&x),
                    list(&g)
                ),
                format!(
                    "x = {}: Aᵀ(Ax − b) = {}, should be 0: x is not a least-squares solution",
                    list(&x),
                    list(&g)
                ),
            ));
        }
        // (2) no part in the null space: x minus its projection on the kept columns of V.
        let cut = p.cutoff();
        let mut null_part = x.clone();
        for (i, &s) in p.sigma.iter().enumerate() {
            if s > cut {
                let along: f64 = (0..n).map(|j| p.vt[[i, j]] * x[j]).sum();
                for (j, e) in null_part.iter_mut().enumerate() {
                    *e -= along * p.vt[[i, j]];
                }
            }
        }
        let expected = norm(&p.coords());
        if !(norm(&null_part) <= 1e-8 * (1.0 + expected)) {
            let why = match norm(&null_part) > 1e3 * (1.0 + expected) {
                true => say(
                    format!("；它大得异常：某个 σᵢ ≤ rcond·σ₀ = {} 被求了倒数", num(cut)),
                    format!("; it is huge: a σᵢ ≤ rcond·σ₀ = {} was inverted", num(cut)),
                ),
                false => String::new(),
            };
            return Err(say(
                format!(
                    "x = {} 满足正规方程，但在 A 的零空间中的分量长度为 {}，应为 0：它不是最短的解（最小范数解的长度为 {}）{why}{hint}",
                    list(&x),
                    num(norm(&null_part)),
                    num(expected)
                ),
                format!(
                    "x = {} solves the normal equations but has a part of length {} in A's null space, where it should have none: it is not the shortest solution (the minimum-norm one has length {}){why}{hint}",
                    list(&x),
                    num(norm(&null_part)),
                    num(expected)
                ),
            ));
        }
        Ok(())
    })
}

/// A thin SVD of a tall matrix by one-sided Jacobi rotations: U (m, n), σ descending, Vᵀ (n, n).
fn jacobi_svd(a: &Array2<f64>) -> (Array2<f64>, Vec<f64>, Array2<f64>) {
    let (m, n) = a.dim();
    let mut w = a.clone();
    let mut v = Array2::<f64>::eye(n);
    for _ in 0..40 {
        let mut rotated = false;
        for i in 0..n {
            for j in i + 1..n {
                let alpha: f64 = w.column(i).iter().map(|x| x * x).sum();
                let beta: f64 = w.column(j).iter().map(|x| x * x).sum();
                let gamma: f64 = w
                    .column(i)
                    .iter()
                    .zip(w.column(j).iter())
                    .map(|(x, y)| x * y)
                    .sum();
                if gamma.abs() <= 1e-15 * (alpha * beta).sqrt() || alpha * beta == 0.0 {
                    continue;
                }
                rotated = true;
                let zeta = (beta - alpha) / (2.0 * gamma);
                let t = zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt());
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = c * t;
                for mat in [&mut w, &mut v] {
                    for k in 0..mat.nrows() {
                        let (x, y) = (mat[[k, i]], mat[[k, j]]);
                        mat[[k, i]] = c * x - s * y;
                        mat[[k, j]] = s * x + c * y;
                    }
                }
            }
        }
        if !rotated {
            break;
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    let norms: Vec<f64> = (0..n)
        .map(|j| w.column(j).iter().map(|x| x * x).sum::<f64>().sqrt())
        .collect();
    order.sort_by(|&i, &j| norms[j].total_cmp(&norms[i]));
    let sigma: Vec<f64> = order.iter().map(|&j| norms[j]).collect();
    let mut u = Array2::<f64>::zeros((m, n));
    for (k, &j) in order.iter().enumerate() {
        // A column of noise (σ ≈ 0) is replaced by a unit vector orthogonal to the others.
        let mut col: Vec<f64> = match sigma[k] > 1e-8 * sigma[0] {
            true => w.column(j).iter().map(|x| x / sigma[k]).collect(),
            false => (0..m).map(|i| ((i * 7 + 3) % 11) as f64 - 5.0).collect(),
        };
        for _ in 0..2 {
            for q in 0..k {
                let dot: f64 = (0..m).map(|i| u[[i, q]] * col[i]).sum();
                for (i, e) in col.iter_mut().enumerate() {
                    *e -= dot * u[[i, q]];
                }
            }
        }
        let len = norm(&col);
        for (i, e) in col.iter().enumerate() {
            u[[i, k]] = e / len;
        }
    }
    let vt = Array2::from_shape_fn((n, n), |(k, i)| v[[i, order[k]]]);
    (u, sigma, vt)
}

fn rss(a: &Array2<f64>, x: &[f64], b: &[f64]) -> f64 {
    let residual = a.dot(&Array1::from(x.to_vec())) - Array1::from(b.to_vec());
    residual.iter().map(|r| r * r).sum()
}

fn iris_regression() -> Verdict {
    let (features, _) = iris();
    let b: Vec<f64> = features.iter().map(|f| f[3]).collect();
    // A = [1, sepal length, sepal width, petal length] (150, 4): full column rank.
    let a = Array2::from_shape_fn((features.len(), 4), |(i, j)| {
        if j == 0 { 1.0 } else { features[i][j - 1] }
    });
    let (u, sigma, vt) = jacobi_svd(&a);
    let x = learner::least_squares(u.view(), &sigma, vt.view(), &b, 1e-10);
    shape("x", &[x.len()], &[4])?;
    let expected = normal_equations(&a, &b);
    if !same_vec(&x, &expected) {
        let g = gradient_of(&a, &x, &b);
        return Err(say(
            format!(
                "iris，A = [1, 花萼长, 花萼宽, 花瓣长]（150×4），b = 花瓣宽：你的 x 的残差平方和为 {}，正规方程的解的残差平方和为 {}；你的 Aᵀ(Ax − b) = {}，应为 0",
                num(rss(&a, &x, &b)),
                num(rss(&a, &expected, &b)),
                list(&g)
            ),
            format!(
                "iris, A = [1, sepal length, sepal width, petal length] (150×4), b = petal width: your x leaves a residual sum of squares of {}, the normal equations' solution leaves {}; your Aᵀ(Ax − b) = {}, should be 0",
                num(rss(&a, &x, &b)),
                num(rss(&a, &expected, &b)),
                list(&g)
            ),
        ));
    }
    // One more column, sepal length + petal length: rank 4 of 5, so AᵀA is singular and the
    // normal equations have a line of solutions. The minimum-norm one has the same predictions
    // and no part along the null direction (0, 1, 0, 1, −1)/√3.
    let a2 = Array2::from_shape_fn((features.len(), 5), |(i, j)| match j {
        0 => 1.0,
        4 => features[i][0] + features[i][2],
        _ => features[i][j - 1],
    });
    let (u, sigma, vt) = jacobi_svd(&a2);
    let x2 = learner::least_squares(u.view(), &sigma, vt.view(), &b, 1e-10);
    shape("x", &[x2.len()], &[5])?;
    let along = (x2[1] + x2[3] - x2[4]) / 3f64.sqrt();
    let fitted = a.dot(&Array1::from(expected.clone()));
    let yours = a2.dot(&Array1::from(x2.clone()));
    let off = yours.iter().zip(fitted.iter()).fold(0.0, |m: f64, (y, f)| {
        if (y - f).is_nan() {
            f64::NAN
        } else {
            m.max((y - f).abs())
        }
    });
    let what = (
        "iris 加一列“花萼长 + 花瓣长”（150×5，秩 4）",
        "iris with one more column, sepal length + petal length (150×5, rank 4)",
    );
    if !(along.abs() <= 1e-8 * (1.0 + norm(&x2))) {
        let why = match !along.is_finite() || along.abs() > 1e3 {
            true => say(
                format!(
                    "：它大得异常，最小的 σ = {} 只是舍入噪声（≤ rcond·σ₀），应当置 0",
                    num(sigma[4])
                ),
                format!(
                    ": it is huge; the smallest σ = {} is rounding noise (≤ rcond·σ₀) and must be dropped",
                    num(sigma[4])
                ),
            ),
            false => String::new(),
        };
        return Err(say(
            format!(
                "{}：x 沿零空间方向 (0, 1, 0, 1, −1)/√3 的分量为 {}，最小范数解应为 0{why}",
                what.0,
                num(along)
            ),
            format!(
                "{}: x has a part {} along the null direction (0, 1, 0, 1, −1)/√3, where the minimum-norm solution has none{why}",
                what.1,
                num(along)
            ),
        ));
    }
    if !(off <= 1e-8) {
        return Err(say(
            format!(
                "{}：预测值 Ax 与 4 列时正规方程的预测最多相差 {}，应当相同（冗余列不改变最优拟合）",
                what.0,
                num(off)
            ),
            format!(
                "{}: the predictions Ax differ from the 4-column normal equations' by up to {}, and should be the same (a redundant column does not change the best fit)",
                what.1,
                num(off)
            ),
        ));
    }
    Ok(())
}
