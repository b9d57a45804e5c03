//! Tests of `../linear_algebra.rs`: a child module of the lab, so they see its private items.

use super::*;

/// A (6, 4) matrix of rank 3 (column 4 = column 1 + column 2); its columns.
fn small() -> (Array2<f64>, Vec<Vec<f64>>) {
    let x = Array2::from_shape_fn((6, 4), |(i, j)| match j {
        3 => (i * i + 3 * i + 1) as f64,
        _ => ((i + 1) as f64).powi(j as i32 + 1) - f64::from(j == 1),
    });
    (x.clone(), x.columns().into_iter().map(|c| c.to_vec()).collect())
}

#[test]
fn matmul_matches_ndarray_and_power_iteration_finds_faers_top_eigenvalue() {
    let (x, _) = small();
    let c = matmul(&x.t().to_owned(), &x);
    assert!((&c - &x.t().dot(&x)).iter().all(|e| e.abs() < 1e-12));
    let faer = MatRef::from_row_major_slice(c.as_slice().unwrap(), 4, 4);
    let top = *faer.self_adjoint_eigenvalues(Side::Lower).unwrap().last().unwrap();
    assert!(rel_diff(*power_iteration(&c, 42).last().unwrap(), top) < 1e-12);
}

#[test]
fn jacobi_and_faer_agree_and_the_truncated_svd_meets_eckart_young_at_every_rank() {
    let (x, columns) = small();
    let (u, sigma, v) = thin_svd(&x).unwrap();
    let jacobi = jacobi_svd(columns);
    assert!(jacobi.sigma.iter().zip(&sigma).all(|(a, b)| (a - b).abs() < 1e-12 * sigma[0]));
    assert!(sigma[3] < 1e-12 * sigma[0], "rank 3: {sigma:?}");
    for k in 0..=4 {
        let error = frobenius(&(&x - &rank_k(&u, &sigma, &v, k)));
        let discarded: f64 = sigma[k..].iter().map(|s| s * s).sum();
        assert!((error * error - discarded).abs() < 1e-10 * sigma[0] * sigma[0], "k = {k}");
    }
}
