//! Accumulates each product into the wrong cell: C[i][k] += A[i][k]·B[k][j] instead of C[i][j].

use ndarray::{Array2, ArrayView2};

pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

pub fn norm_l1(a: &[f64]) -> f64 {
    a.iter().map(|x| x.abs()).sum()
}

pub fn norm_l2(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}

pub fn transpose(a: ArrayView2<f64>) -> Array2<f64> {
    let (m, n) = a.dim();
    let mut t = Array2::zeros((n, m));
    for i in 0..m {
        for j in 0..n {
            t[[j, i]] = a[[i, j]];
        }
    }
    t
}

pub fn mat_vec(a: ArrayView2<f64>, x: &[f64]) -> Vec<f64> {
    let mut y = vec![0.0; a.nrows()];
    for i in 0..a.nrows() {
        for j in 0..a.ncols() {
            y[i] += a[[i, j]] * x[j];
        }
    }
    y
}

pub fn mat_mul(a: ArrayView2<f64>, b: ArrayView2<f64>) -> Array2<f64> {
    let (m, n) = a.dim();
    let p = b.ncols();
    let mut c = Array2::zeros((m, p));
    for i in 0..m {
        for j in 0..p {
            for k in 0..n {
                c[[i, k]] += a[[i, k]] * b[[k, j]];
            }
        }
    }
    c
}
