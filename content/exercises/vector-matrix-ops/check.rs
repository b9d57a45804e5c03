use llmpath_checker::ndarray::{Array2, Axis, Slice};
use llmpath_checker::proptest::collection::vec;
use llmpath_checker::proptest::prelude::*;
use llmpath_checker::{Check, Verdict, close, property, say, shape};

const CHECKS: &[Check] = &[
    Check {
        zh: "点积 a · b = Σ aᵢbᵢ",
        en: "dot product a · b = Σ aᵢbᵢ",
        run: dot_product,
    },
    Check {
        zh: "L1 与 L2 范数",
        en: "L1 and L2 norms",
        run: norms,
    },
    Check {
        zh: "转置：形状为 (n, m)，且 Aᵀ[j][i] = A[i][j]",
        en: "transpose: shape (n, m) and Aᵀ[j][i] = A[i][j]",
        run: transposes,
    },
    Check {
        zh: "矩阵乘向量：形状与每个元素",
        en: "matrix–vector product: shape and every entry",
        run: matrix_vector,
    },
    Check {
        zh: "矩阵乘矩阵：随机形状下与三重循环一致",
        en: "matrix–matrix product matches a triple loop on random shapes",
        run: matrix_matrix,
    },
    Check {
        zh: "对任意内存布局的视图（转置视图、跨步切片）同样正确",
        en: "works on views of any memory layout (transposed views, strided slices)",
        run: any_layout,
    },
];

// Small integers keep every sum exact and the inputs in a diagnosis readable.
fn entry() -> impl Strategy<Value = f64> {
    (-9i32..=9).prop_map(f64::from)
}

fn vector_pair() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    (1usize..8).prop_flat_map(|n| (vec(entry(), n), vec(entry(), n)))
}

/// A matrix as rows, so that a failing input prints as [[…], […]].
fn matrix(rows: usize, cols: usize) -> impl Strategy<Value = Vec<Vec<f64>>> {
    vec(vec(entry(), cols), rows)
}

fn array(rows: &[Vec<f64>]) -> Array2<f64> {
    Array2::from_shape_fn((rows.len(), rows[0].len()), |(i, j)| rows[i][j])
}

/// C = A B by the textbook triple loop.
fn reference_product(a: &[Vec<f64>], b: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let p = b[0].len();
    let mut c = vec![vec![0.0; p]; a.len()];
    for (c_row, a_row) in c.iter_mut().zip(a) {
        for (a_ik, b_row) in a_row.iter().zip(b) {
            for (c_ij, b_kj) in c_row.iter_mut().zip(b_row) {
                *c_ij += a_ik * b_kj;
            }
        }
    }
    c
}

/// Σₖ A[i][k] B[k][j] over k in `ks` only: what a loop with a wrong bound computes.
fn partial_entry(a: &[Vec<f64>], b: &[Vec<f64>], i: usize, j: usize, ks: std::ops::Range<usize>) -> f64 {
    ks.map(|k| a[i][k] * b[k][j]).sum()
}

fn transpose_rows(a: &[Vec<f64>]) -> Vec<Vec<f64>> {
    (0..a[0].len()).map(|j| a.iter().map(|row| row[j]).collect()).collect()
}

fn dot_product() -> Verdict {
    let yours = learner::dot(&[1.0, 2.0, 3.0], &[4.0, -5.0, 6.0]);
    if !close(yours, 12.0, 1e-12, 1e-12) {
        return Err(say(
            format!("[1, 2, 3] · [4, −5, 6] 得到 {yours}，应为 1·4 + 2·(−5) + 3·6 = 12"),
            format!("[1, 2, 3] · [4, −5, 6] gives {yours}, expected 1·4 + 2·(−5) + 3·6 = 12"),
        ));
    }
    property(vector_pair(), |(a, b)| {
        let yours = learner::dot(&a, &b);
        let terms: Vec<f64> = a.iter().zip(&b).map(|(x, y)| x * y).collect();
        let expected: f64 = terms.iter().sum();
        if close(yours, expected, 1e-12, 1e-12) {
            return Ok(());
        }
        let n = terms.len();
        let without_last: f64 = terms[..n - 1].iter().sum();
        let without_first: f64 = terms[1..].iter().sum();
        if n > 1 && (close(yours, without_last, 1e-12, 1e-12) || close(yours, without_first, 1e-12, 1e-12)) {
            return Err(say(
                format!("得到 {yours}，应为 {expected}：少加了第一项或最后一项，检查循环的边界"),
                format!("{yours}, expected {expected}: the first or the last term is missing; check the loop bounds"),
            ));
        }
        Err(say(
            format!("得到 {yours}，应为 Σ aᵢbᵢ = {expected}"),
            format!("{yours}, expected Σ aᵢbᵢ = {expected}"),
        ))
    })
}

fn norms() -> Verdict {
    let (l1, l2) = (learner::norm_l1(&[3.0, -4.0]), learner::norm_l2(&[3.0, -4.0]));
    if !close(l1, 7.0, 1e-12, 1e-12) || !close(l2, 5.0, 1e-12, 1e-12) {
        let hint = match (close(l1, -1.0, 1e-12, 1e-12), close(l2, 25.0, 1e-12, 1e-12)) {
            (true, _) => say("：L1 忘了取绝对值？", ": L1 without the absolute values?"),
            (_, true) => say("：L2 还差一个平方根", ": L2 is missing a square root"),
            _ => String::new(),
        };
        return Err(say(
            format!("[3, −4] 的范数：L1 = {l1}（应为 |3| + |−4| = 7），L2 = {l2}（应为 √(9 + 16) = 5）{hint}"),
            format!("norms of [3, −4]: L1 = {l1} (expected |3| + |−4| = 7), L2 = {l2} (expected √(9 + 16) = 5){hint}"),
        ));
    }
    property(vec(entry(), 1..8), |a| {
        let l1: f64 = a.iter().map(|x| x.abs()).sum();
        let squares: f64 = a.iter().map(|x| x * x).sum();
        let yours = learner::norm_l1(&a);
        if !close(yours, l1, 1e-12, 1e-12) {
            let plain: f64 = a.iter().sum();
            let hint = match close(yours, plain, 1e-12, 1e-12) {
                true => say("：这是 Σ aᵢ，忘了取绝对值？", ": that is Σ aᵢ; the absolute values are missing?"),
                false => String::new(),
            };
            return Err(say(
                format!("L1 范数为 {yours}，应为 Σ|aᵢ| = {l1}{hint}"),
                format!("the L1 norm is {yours}, expected Σ|aᵢ| = {l1}{hint}"),
            ));
        }
        let yours = learner::norm_l2(&a);
        if !close(yours, squares.sqrt(), 1e-12, 1e-12) {
            let hint = match close(yours, squares, 1e-12, 1e-12) && squares != 1.0 {
                true => say("：这是 Σaᵢ²，也就是 ‖a‖₂²，还差一个平方根", ": that is Σaᵢ², i.e. ‖a‖₂²; a square root is missing"),
                false => String::new(),
            };
            return Err(say(
                format!("L2 范数为 {yours}，应为 √(Σaᵢ²) = {}{hint}", squares.sqrt()),
                format!("the L2 norm is {yours}, expected √(Σaᵢ²) = {}{hint}", squares.sqrt()),
            ));
        }
        Ok(())
    })
}

fn transposes() -> Verdict {
    let cases = (1usize..5, 1usize..5).prop_flat_map(|(m, n)| matrix(m, n));
    property(cases, |a| {
        let (m, n) = (a.len(), a[0].len());
        let yours = learner::transpose(array(&a).view());
        shape("Aᵀ", yours.shape(), &[n, m])?;
        for (i, row) in a.iter().enumerate() {
            for (j, &value) in row.iter().enumerate() {
                if yours[[j, i]] == value {
                    continue;
                }
                let flat: Vec<f64> = a.iter().flatten().copied().collect();
                let reshaped = yours.iter().zip(&flat).all(|(y, f)| y == f);
                let hint = match reshaped {
                    true => say(
                        "：你把 A 的数按阅读顺序重新排成了 (n, m)，这是 reshape，不是转置",
                        ": you laid A's numbers out again in reading order as (n, m); that is a reshape, not a transpose",
                    ),
                    false => String::new(),
                };
                return Err(say(
                    format!("Aᵀ[{j}][{i}] = {}，应等于 A[{i}][{j}] = {value}{hint}", yours[[j, i]]),
                    format!("Aᵀ[{j}][{i}] = {}, expected A[{i}][{j}] = {value}{hint}", yours[[j, i]]),
                ));
            }
        }
        Ok(())
    })
}

fn matrix_vector() -> Verdict {
    let cases = (1usize..5, 1usize..5).prop_flat_map(|(m, n)| (matrix(m, n), vec(entry(), n)));
    property(cases, |(a, x)| {
        let yours = learner::mat_vec(array(&a).view(), &x);
        shape("A x", &[yours.len()], &[a.len()])?;
        for (i, row) in a.iter().enumerate() {
            let expected: f64 = row.iter().zip(&x).map(|(aij, xj)| aij * xj).sum();
            if close(yours[i], expected, 1e-12, 1e-12) {
                continue;
            }
            let along_column = a.len() == x.len()
                && (0..a.len()).all(|r| {
                    let t: f64 = (0..x.len()).map(|j| a[j][r] * x[j]).sum();
                    close(yours[r], t, 1e-12, 1e-12)
                });
            let hint = match along_column {
                true => say(
                    "：这是 Aᵀx。(A x)ᵢ 沿 A 的第 i 行求和",
                    ": that is Aᵀx. (A x)ᵢ sums along row i of A",
                ),
                false => String::new(),
            };
            return Err(say(
                format!("(A x)[{i}] = {}，应为 Σⱼ A[{i}][j]·x[j] = {expected}{hint}", yours[i]),
                format!("(A x)[{i}] = {}, expected Σⱼ A[{i}][j]·x[j] = {expected}{hint}", yours[i]),
            ));
        }
        Ok(())
    })
}

fn matrix_matrix() -> Verdict {
    let cases = (1usize..5, 1usize..5, 1usize..5).prop_flat_map(|(m, n, p)| (matrix(m, n), matrix(n, p)));
    property(cases, |(a, b)| {
        let yours = learner::mat_mul(array(&a).view(), array(&b).view());
        let (m, n, p) = (a.len(), b.len(), b[0].len());
        shape("A B", yours.shape(), &[m, p])?;
        let expected = reference_product(&a, &b);
        for i in 0..m {
            for j in 0..p {
                let (y, e) = (yours[[i, j]], expected[i][j]);
                if close(y, e, 1e-12, 1e-12) {
                    continue;
                }
                let short = e != 0.0
                    && (close(y, partial_entry(&a, &b, i, j, 0..n - 1), 1e-12, 1e-12)
                        || close(y, partial_entry(&a, &b, i, j, 1..n), 1e-12, 1e-12));
                let swapped = m == n
                    && n == p
                    && reference_product(&a, &transpose_rows(&b))
                        .iter()
                        .flatten()
                        .zip(yours.iter())
                        .all(|(r, y)| close(*y, *r, 1e-12, 1e-12));
                let hint = match (short, swapped) {
                    (true, _) => say(
                        "：少了 k = 0 或 k = n−1 那一项，检查 k 循环的边界",
                        ": the term k = 0 or k = n−1 is missing; check the bounds of the loop over k",
                    ),
                    (_, true) => say(
                        "：整个结果等于 A Bᵀ，B 的两个下标是否写反了？",
                        ": the whole result equals A Bᵀ; are B's two indices swapped?",
                    ),
                    _ => String::new(),
                };
                return Err(say(
                    format!("(A B)[{i}][{j}] = {y}，应为 Σₖ A[{i}][k]·B[k][{j}] = {e}{hint}"),
                    format!("(A B)[{i}][{j}] = {y}, expected Σₖ A[{i}][k]·B[k][{j}] = {e}{hint}"),
                ));
            }
        }
        Ok(())
    })
}

fn any_layout() -> Verdict {
    let cases = (1usize..5, 1usize..5, 1usize..5)
        .prop_flat_map(|(m, n, p)| (matrix(m, n), matrix(n, 2 * p)));
    property(cases, |(a, wide)| {
        // A stored transposed and viewed through `.t()` (column-major); B every other column of
        // a wider matrix (a strided view). Each is compared with your own result on a copy in
        // standard layout, so only a dependence on the layout fails here.
        let a_storage = array(&transpose_rows(&a));
        let a_view = a_storage.t();
        let wide_array = array(&wide);
        let b_view = wide_array.slice_axis(Axis(1), Slice::new(0, None, 2));
        let b: Vec<Vec<f64>> = wide
            .iter()
            .map(|row| row.iter().step_by(2).copied().collect())
            .collect();
        let (a_std, b_std) = (array(&a), array(&b));
        let same = |x: &Array2<f64>, y: &Array2<f64>| {
            x.shape() == y.shape() && x.iter().zip(y.iter()).all(|(p, q)| close(*p, *q, 1e-12, 1e-12))
        };
        let fail = |what: &str| {
            Err(say(
                format!("{what} 在非标准布局的视图上与在标准布局的同一矩阵上结果不同：用 [[i, j]] 取元素，不要读底层存储"),
                format!("{what} differs between a view that is not in standard layout and the same matrix in standard layout: index with [[i, j]] rather than reading the raw storage"),
            ))
        };
        if !same(&learner::mat_mul(a_view, b_view), &learner::mat_mul(a_std.view(), b_std.view())) {
            return fail("A B");
        }
        let x: Vec<f64> = (0..a[0].len()).map(|j| j as f64 - 1.0).collect();
        if learner::mat_vec(a_view, &x) != learner::mat_vec(a_std.view(), &x) {
            return fail("A x");
        }
        if !same(&learner::transpose(b_view), &learner::transpose(b_std.view())) {
            return fail("Bᵀ");
        }
        Ok(())
    })
}
