//! # Standardising features: a StandardScaler / 特征标准化：StandardScaler
//!
//! `Axis(0)` runs down the rows, so reducing along it leaves one number per column. ndarray's
//! `std_axis(axis, ddof)` divides by n − ddof: ddof = 0 is the population std that NumPy and
//! scikit-learn use (pandas' `.std()` defaults to ddof = 1). Broadcasting does the rest:
//! `x − mean` subtracts the (d,) vector from every row of the (n, d) matrix.

use ndarray::{Array1, Array2, Axis};

/// What `fit` learns: one mean and one scale per column.
#[derive(Debug, Clone)]
pub struct StandardScaler {
    pub mean: Array1<f64>,
    pub scale: Array1<f64>,
}

impl StandardScaler {
    /// Learns the column means and scales of `x` (n ≥ 1 rows, d columns).
    pub fn fit(x: &Array2<f64>) -> StandardScaler {
        let n = x.nrows() as f64;
        let mean = x.sum_axis(Axis(0)) / n; // (d,)
        let std = x.std_axis(Axis(0), 0.0); // (d,), divided by n
        // A constant column would divide by 0; scikit-learn keeps its scale at 1.
        let scale = std.mapv(|s| if s == 0.0 { 1.0 } else { s });
        StandardScaler { mean, scale }
    }

    /// (x − mean) / scale, row by row, with the statistics `fit` learnt.
    pub fn transform(&self, x: &Array2<f64>) -> Array2<f64> {
        // Only the stored statistics: learning anything from `x` here would let a test set
        // leak into its own preprocessing.
        (x - &self.mean) / &self.scale
    }
}
