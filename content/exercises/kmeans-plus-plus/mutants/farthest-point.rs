//! Mistake: the next centre is the farthest point (argmax D²) instead of a random draw ∝ D².

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
        let next = (0..n).fold(0, |best, i| if d2[i] > d2[best] { i } else { best });
        chosen.push(next);
        for (d, xi) in d2.iter_mut().zip(x.outer_iter()) {
            *d = d.min(squared_distance(xi, x.row(next)));
        }
    }
    chosen
}
