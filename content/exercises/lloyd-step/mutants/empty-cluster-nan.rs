//! Mistake: every centre is divided by its size, so an empty cluster becomes 0/0 = NaN.

use ndarray::{Array2, ArrayView1};

/// What one Lloyd step gives.
#[derive(Debug, Clone)]
pub struct Step {
    /// The updated centres (k × d): the mean of each cluster; an empty cluster keeps its centre.
    pub centres: Array2<f64>,
    /// The index of each point's nearest centre (n of them).
    pub labels: Vec<usize>,
    /// Σᵢ ‖xᵢ − μ_{labels[i]}‖², measured to the centres passed in.
    pub inertia: f64,
}

/// ‖a − b‖².
fn squared_distance(a: ArrayView1<f64>, b: ArrayView1<f64>) -> f64 {
    a.iter().zip(b).map(|(p, q)| (p - q) * (p - q)).sum()
}

/// One Lloyd step: assign the n × d points `x` to the k × d `centres`, then update the centres.
pub fn lloyd_step(x: &Array2<f64>, centres: &Array2<f64>) -> Step {
    // Assignment: each point to its nearest centre, J summed on the way.
    let mut labels = Vec::with_capacity(x.nrows());
    let mut inertia = 0.0;
    for xi in x.outer_iter() {
        let (mut best, mut best_d2) = (0, f64::INFINITY);
        for (j, mu) in centres.outer_iter().enumerate() {
            let d2 = squared_distance(xi, mu);
            if d2 < best_d2 {
                (best, best_d2) = (j, d2); // strict <: a tie keeps the lowest index
            }
        }
        labels.push(best);
        inertia += best_d2; // squared: J is a sum of squared distances
    }
    // Update: sum and count each cluster's points, then divide.
    let mut sums = Array2::<f64>::zeros(centres.dim()); // (k, d)
    let mut sizes = vec![0usize; centres.nrows()]; // (k,)
    for (xi, &j) in x.outer_iter().zip(&labels) {
        sums.row_mut(j).scaled_add(1.0, &xi);
        sizes[j] += 1;
    }
    let mut updated = centres.clone();
    for ((mut mu, sum), &size) in updated.outer_iter_mut().zip(sums.outer_iter()).zip(&sizes) {
        mu.assign(&(&sum / size as f64));
    }
    Step {
        centres: updated,
        labels,
        inertia,
    }
}
