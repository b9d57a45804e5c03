//! Mistake: the next centre is drawn with probability ∝ D, not D².

use ndarray::{Array2, ArrayView1};
use rand::Rng;
use rand::rngs::StdRng;

/// ‖a − b‖².
fn squared_distance(a: ArrayView1<f64>, b: ArrayView1<f64>) -> f64 {
    a.iter().zip(b).map(|(p, q)| (p - q) * (p - q)).sum()
}

/// The indices of the k rows of `x` chosen as initial centres, in the order chosen.
pub fn kmeans_plus_plus(x: &Array2<f64>, k: usize, rng: &mut StdRng) -> Vec<usize> {
    let n = x.nrows();
    let mut chosen = vec![rng.random_range(0..n)]; // the first centre: uniform
    // d2[i] = D(xᵢ)²: the squared distance from xᵢ to its nearest chosen centre.
    let mut d2: Vec<f64> = x
        .outer_iter()
        .map(|xi| squared_distance(xi, x.row(chosen[0])))
        .collect();
    while chosen.len() < k {
        let d: Vec<f64> = d2.iter().map(|v| v.sqrt()).collect();
        let total: f64 = d.iter().sum();
        let r = rng.random::<f64>() * total; // uniform in [0, total)
        // The first point whose running sum passes r: each point owns a stretch of length
        // D², so a point with D = 0 (a centre already) can never be drawn.
        let mut running = 0.0;
        let drawn = d.iter().position(|&d| {
            running += d;
            running > r
        });
        // Rounding can leave the last running sum a hair below r: take the last point with D > 0.
        let next = drawn.unwrap_or_else(|| d2.iter().rposition(|&d| d > 0.0).unwrap_or(0));
        chosen.push(next);
        for (d, xi) in d2.iter_mut().zip(x.outer_iter()) {
            *d = d.min(squared_distance(xi, x.row(next)));
        }
    }
    chosen
}
