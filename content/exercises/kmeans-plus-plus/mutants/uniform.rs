//! Mistake: the centres are k distinct points drawn uniformly, ignoring D.

use ndarray::Array2;
use rand::rngs::StdRng;
use rand::seq::index::sample;

pub fn kmeans_plus_plus(x: &Array2<f64>, k: usize, rng: &mut StdRng) -> Vec<usize> {
    sample(rng, x.nrows(), k).into_vec()
}
