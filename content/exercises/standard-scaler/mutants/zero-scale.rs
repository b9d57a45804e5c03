//! Keeps σ = 0 as the scale of a constant column: 0 / 0 is NaN.

use ndarray::{Array1, Array2, Axis};

#[derive(Debug, Clone)]
pub struct StandardScaler {
    pub mean: Array1<f64>,
    pub scale: Array1<f64>,
}

impl StandardScaler {
    pub fn fit(x: &Array2<f64>) -> StandardScaler {
        let n = x.nrows() as f64;
        let mean = x.sum_axis(Axis(0)) / n;
        let scale = x.std_axis(Axis(0), 0.0);
        StandardScaler { mean, scale }
    }

    pub fn transform(&self, x: &Array2<f64>) -> Array2<f64> {
        (x - &self.mean) / &self.scale
    }
}
