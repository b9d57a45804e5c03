use std::fmt;

use llmpath_checker::ndarray::{Array2, array};
use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::{Check, Verdict, reference, close, property, say, shape};

const CHECKS: &[Check] = &[
    Check {
        zh: "A_k 的形状为 (m, n)；两个小例子",
        en: "A_k has shape (m, n); two small examples",
        run: small_example,
    },
    Check {
        zh: "随机 SVD 上的 A_k = Σ_{i<k} σᵢuᵢvᵢᵀ",
        en: "A_k = Σ_{i<k} σᵢuᵢvᵢᵀ on random SVDs",
        run: random_rank_k,
    },
    Check {
        zh: "k = 0 得到零矩阵，k = r 还原 A",
        en: "k = 0 gives zeros and k = r gives back A",
        run: extremes,
    },
    Check {
        zh: "Frobenius 误差 ‖A − B‖_F",
        en: "Frobenius error ‖A − B‖_F",
        run: frobenius,
    },
    Check {
        zh: "Eckart–Young：‖A − A_k‖_F² = Σ_{i≥k} σᵢ²",
        en: "Eckart–Young: ‖A − A_k‖_F² = Σ_{i≥k} σᵢ²",
        run: eckart_young,
    },
    Check {
        zh: "按能量比例选 k：最小的 k 使 Σ_{i<k} σᵢ² ≥ share · Σσᵢ²",
        en: "choosing k by energy: the smallest k with Σ_{i<k} σᵢ² ≥ share · Σσᵢ²",
        run: energy,
    },
];

/// An SVD with known factors: U (m, r) and V (n, r) with orthonormal columns, σ descending.
struct Svd {
    u: Array2<f64>,
    sigma: Vec<f64>,
    vt: Array2<f64>,
    k: usize,
}

fn rows(a: &Array2<f64>) -> String {
    let rows: Vec<String> = a
        .rows()
        .into_iter()
        .map(|r| {
            let cells: Vec<String> = r.iter().map(|x| format!("{x:.3}")).collect();
            format!("[{}]", cells.join(", "))
        })
        .collect();
    format!("[{}]", rows.join(", "))
}

impl fmt::Debug for Svd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sigma: Vec<String> = self.sigma.iter().map(|s| format!("{s:.3}")).collect();
        write!(
            f,
            "U = {}, σ = [{}], Vᵀ = {}, k = {}",
            rows(&self.u),
            sigma.join(", "),
            rows(&self.vt),
            self.k
        )
    }
}

fn svds() -> impl Strategy<Value = Svd> {
    let angle = || 0.0..std::f64::consts::TAU;
    (1usize..=4, 1usize..=4)
        .prop_flat_map(|(m, n)| (Just(m), Just(n), 1..=m.min(n)))
        .prop_flat_map(move |(m, n, r)| {
            (
                vec(0.1..10.0f64, r),
                vec(angle(), m * (m - 1) / 2),
                vec(angle(), n * (n - 1) / 2),
                0..=r,
            )
                .prop_map(move |(mut sigma, a_u, a_v, k)| {
                    sigma.sort_by(|a, b| b.total_cmp(a));
                    let u = reference::rotations(m, &a_u);
                    let v = reference::rotations(n, &a_v);
                    Svd {
                        u: Array2::from_shape_fn((m, r), |(i, j)| u[[i, j]]),
                        sigma,
                        vt: Array2::from_shape_fn((r, n), |(i, j)| v[[j, i]]),
                        k,
                    }
                })
        })
}

/// Σ over the terms in `terms` of weight(σᵢ)·U[p][i]·Vᵀ[i][q], entry by entry.
fn reference(svd: &Svd, terms: std::ops::Range<usize>, weight: fn(f64) -> f64) -> Array2<f64> {
    let (m, n) = (svd.u.nrows(), svd.vt.ncols());
    let mut a = Array2::zeros((m, n));
    for i in terms {
        for p in 0..m {
            for q in 0..n {
                a[[p, q]] += weight(svd.sigma[i]) * svd.u[[p, i]] * svd.vt[[i, q]];
            }
        }
    }
    a
}

fn same(a: &Array2<f64>, b: &Array2<f64>) -> bool {
    a.shape() == b.shape() && a.iter().zip(b.iter()).all(|(x, y)| close(*x, *y, 1e-9, 1e-9))
}

/// Your A_k against the reference, with what a mismatch looks like.
fn compare(svd: &Svd, yours: &Array2<f64>) -> Verdict {
    let (m, n, r, k) = (svd.u.nrows(), svd.vt.ncols(), svd.sigma.len(), svd.k);
    shape("A_k", yours.shape(), &[m, n])?;
    let expected = reference(svd, 0..k, |s| s);
    if same(yours, &expected) {
        return Ok(());
    }
    let hint = if k < r && same(yours, &reference(svd, 0..k + 1, |s| s)) {
        say("：多加了一项。A_k 用 i = 0 … k−1 这 k 项", ": one term too many. A_k uses the k terms i = 0 … k−1")
    } else if k > 1 && same(yours, &reference(svd, 0..k - 1, |s| s)) {
        say("：少加了一项。A_k 用 i = 0 … k−1 这 k 项", ": one term too few. A_k uses the k terms i = 0 … k−1")
    } else if same(yours, &reference(svd, 0..k, |s| s * s)) {
        say("：每一项乘的是 σᵢ²，应为 σᵢ", ": each term is weighted by σᵢ², not σᵢ")
    } else {
        say("：uᵢ 是 U 的第 i 列，vᵢᵀ 是 Vᵀ 的第 i 行", ": uᵢ is column i of U and vᵢᵀ is row i of Vᵀ")
    };
    let (p, q) = (0..m * n)
        .map(|e| (e / n, e % n))
        .find(|&(p, q)| !close(yours[[p, q]], expected[[p, q]], 1e-9, 1e-9))
        .unwrap_or((0, 0));
    Err(say(
        format!("A_k[{p}][{q}] = {}，应为 {}{hint}", yours[[p, q]], expected[[p, q]]),
        format!("A_k[{p}][{q}] = {}, expected {}{hint}", yours[[p, q]], expected[[p, q]]),
    ))
}

fn small_example() -> Verdict {
    // A = 3·e₀e₀ᵀ + 1·e₁e₁ᵀ = diag(3, 1); its best rank-1 approximation is diag(3, 0).
    let (u, vt) = (Array2::<f64>::eye(2), Array2::<f64>::eye(2));
    let yours = learner::rank_k(u.view(), &[3.0, 1.0], vt.view(), 1);
    let svd = Svd { u, sigma: vec![3.0, 1.0], vt, k: 1 };
    compare(&svd, &yours).map_err(|e| {
        say(
            format!("U = I，σ = [3, 1]，Vᵀ = I，k = 1（A = diag(3, 1)）：{e}"),
            format!("U = I, σ = [3, 1], Vᵀ = I, k = 1 (A = diag(3, 1)): {e}"),
        )
    })?;
    // A rectangular one: U (3, 1), Vᵀ (1, 2), so A_1 = 2·u vᵀ has shape (3, 2).
    let u = array![[0.6], [0.0], [0.8]];
    let vt = array![[0.0, 1.0]];
    let yours = learner::rank_k(u.view(), &[2.0], vt.view(), 1);
    let svd = Svd { u, sigma: vec![2.0], vt, k: 1 };
    compare(&svd, &yours).map_err(|e| {
        say(
            format!("U = [[0.6], [0], [0.8]]，σ = [2]，Vᵀ = [[0, 1]]，k = 1：{e}"),
            format!("U = [[0.6], [0], [0.8]], σ = [2], Vᵀ = [[0, 1]], k = 1: {e}"),
        )
    })
}

fn random_rank_k() -> Verdict {
    property(svds(), |svd| {
        let yours = learner::rank_k(svd.u.view(), &svd.sigma, svd.vt.view(), svd.k);
        compare(&svd, &yours)
    })
}

fn extremes() -> Verdict {
    property(svds(), |svd| {
        for k in [0, svd.sigma.len()] {
            let case = Svd {
                u: svd.u.clone(),
                sigma: svd.sigma.clone(),
                vt: svd.vt.clone(),
                k,
            };
            let yours = learner::rank_k(case.u.view(), &case.sigma, case.vt.view(), k);
            compare(&case, &yours).map_err(|e| say(format!("k = {k}：{e}"), format!("k = {k}: {e}")))?;
        }
        Ok(())
    })
}

fn frobenius() -> Verdict {
    let pairs = (1usize..=4, 1usize..=4).prop_flat_map(|(m, n)| (vec(-5.0..5.0f64, m * n), vec(-5.0..5.0f64, m * n), Just((m, n))));
    property(pairs, |(a, b, (m, n))| {
        let a = Array2::from_shape_fn((m, n), |(i, j)| a[i * n + j]);
        let b = Array2::from_shape_fn((m, n), |(i, j)| b[i * n + j]);
        let squared: f64 = a.iter().zip(b.iter()).map(|(x, y)| (x - y).powi(2)).sum();
        let yours = learner::frobenius_error(a.view(), b.view());
        if close(yours, squared.sqrt(), 1e-10, 1e-12) {
            return Ok(());
        }
        let hint = match close(yours, squared, 1e-10, 1e-12) {
            true => say("：这是 ‖A − B‖_F²，还差一个平方根", ": that is ‖A − B‖_F²; a square root is missing"),
            false => String::new(),
        };
        Err(say(
            format!("‖A − B‖_F = {yours}，应为 √(Σ (Aₚ_q − Bₚ_q)²) = {}{hint}", squared.sqrt()),
            format!("‖A − B‖_F = {yours}, expected √(Σ (Aₚ_q − Bₚ_q)²) = {}{hint}", squared.sqrt()),
        ))
    })
}

fn eckart_young() -> Verdict {
    property(svds(), |svd| {
        let a = reference(&svd, 0..svd.sigma.len(), |s| s);
        let a_k = learner::rank_k(svd.u.view(), &svd.sigma, svd.vt.view(), svd.k);
        shape("A_k", a_k.shape(), a.shape())?;
        let error = learner::frobenius_error(a.view(), a_k.view());
        let left_out: f64 = svd.sigma[svd.k..].iter().map(|s| s * s).sum();
        match close(error * error, left_out, 1e-9, 1e-9) {
            true => Ok(()),
            false => Err(say(
                format!("‖A − A_k‖_F² = {}，而舍去的能量 Σ_{{i≥k}} σᵢ² = {left_out}：rank_k 与 frobenius_error 至少有一个不对", error * error),
                format!("‖A − A_k‖_F² = {} while the energy left out, Σ_{{i≥k}} σᵢ², is {left_out}: rank_k or frobenius_error is off", error * error),
            )),
        }
    })
}

fn energy() -> Verdict {
    let cases = (vec(0.01..10.0f64, 1..8), 0.05..0.99f64).prop_map(|(mut sigma, share)| {
        sigma.sort_by(|a, b| b.total_cmp(a));
        (sigma, share)
    });
    property(cases, |(sigma, share)| {
        let energy: Vec<f64> = sigma.iter().map(|s| s * s).collect();
        let total: f64 = energy.iter().sum();
        // The fraction kept by the first k values, for k = 0 … r.
        let kept = |values: &[f64], k: usize| values[..k].iter().sum::<f64>() / values.iter().sum::<f64>();
        let smallest = |values: &[f64]| (0..=values.len()).find(|&k| kept(values, k) >= share).unwrap_or(values.len());
        let expected = smallest(&energy);
        let yours = learner::rank_for_energy(&sigma, share);
        // Within rounding of the threshold either neighbour is right.
        let on_edge = (0..=sigma.len()).any(|k| close(kept(&energy, k), share, 1e-9, 0.0));
        if yours == expected || (on_edge && yours.abs_diff(expected) == 1) {
            return Ok(());
        }
        let hint = if yours == smallest(&sigma) {
            say("：你按 σᵢ 的比例计算，但能量是 σᵢ²", ": you measured the share of Σσᵢ, but the energy is σᵢ²")
        } else if yours.abs_diff(expected) == 1 {
            say("：差一。k 是保留的个数：前 k 个是 σ₀ … σ_{k−1}", ": off by one. k counts the values kept: the first k are σ₀ … σ_{k−1}")
        } else {
            String::new()
        };
        Err(say(
            format!("share = {share:.4}：你的 k = {yours}，应为 {expected}（前 {expected} 个保留 {:.4} 的能量，总能量 {total:.4}）{hint}", kept(&energy, expected)),
            format!("share = {share:.4}: your k = {yours}, expected {expected} (the first {expected} keep {:.4} of the energy, total {total:.4}){hint}", kept(&energy, expected)),
        ))
    })
}
