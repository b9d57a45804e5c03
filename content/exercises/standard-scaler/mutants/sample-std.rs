//! Divides the variance by n − 1 (the sample std) instead of n.

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
        let ddof = if x.nrows() > 1 { 1.0 } else { 0.0 };
        let std = x.std_axis(Axis(0), ddof);
        let scale = std.mapv(|s| if s == 0.0 { 1.0 } else { s });
        StandardScaler { mean, scale }
    }

    pub fn transform(&self, x: &Array2<f64>) -> Array2<f64> {
        (x - &self.mean) / &self.scale
    }
}
