//! Models and the preprocessing before them, fitted on the training rows only (scikit-learn's
//! `fit` / `transform` / `predict`): a transformer learns its statistics from the rows it is
//! fitted on and applies them unchanged to any others, so nothing of a test row leaks into
//! training. The model-selection and ensembles labs build their pipelines from these; the
//! logistic-regression lab standardises with the scaler, and three labs impute medians.
//!
//! ```text
//! scaler     x ↦ (x − μ)/σ by column, μ and σ (population) of the training rows; σ = 0 counts as 1
//! median     the middle of the sorted values; of an even count, the mean of the two middle ones
//! imputer    NaN ↦ the median of the column's training values (0 if it has none)
//! pipeline   transformers t₁ … t_m, then a model f:  fit tⱼ on tⱼ₋₁(… t₁(X_train)), f on
//!            t_m(… t₁(X_train));  predict f(t_m(… t₁(X)))
//! ```
//!
//! References:
//! - Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning* (2nd ed., 2009),
//!   §7.10.2 ("the wrong and right way to do cross-validation": preprocessing inside the folds).
//! - scikit-learn user guide: `Pipeline`, `StandardScaler`, `SimpleImputer(strategy="median")`.

use ndarray::{Array1, Array2, ArrayView1, Axis};

use crate::Fallible;

/// A preprocessing step: `fit` learns from the training rows, `transform` applies it.
pub trait Transformer {
    fn fit(&mut self, x: &Array2<f64>);
    fn transform(&self, x: &Array2<f64>) -> Array2<f64>;
    /// `fit` on `x`, then `transform` it.
    fn fit_transform(&mut self, x: &Array2<f64>) -> Array2<f64> {
        self.fit(x);
        self.transform(x)
    }
}

/// A model: `fit` on X (n, d) and y (n,), `predict` ŷ. Classes are 0.0, 1.0, …
pub trait Estimator {
    fn fit(&mut self, x: &Array2<f64>, y: &[f64]) -> Fallible<()>;
    fn predict(&self, x: &Array2<f64>) -> Fallible<Vec<f64>>;
}

/// x ↦ (x − μ)/σ by column, σ the population standard deviation (1 where it is 0).
#[derive(Debug, Default)]
pub struct StandardScaler {
    mu: Array1<f64>,    // (d,)
    sigma: Array1<f64>, // (d,)
}

impl Transformer for StandardScaler {
    fn fit(&mut self, x: &Array2<f64>) {
        self.mu = x.mean_axis(Axis(0)).unwrap_or_default();
        self.sigma = x.std_axis(Axis(0), 0.0).mapv(|s| if s == 0.0 { 1.0 } else { s });
    }
    fn transform(&self, x: &Array2<f64>) -> Array2<f64> {
        (x - &self.mu) / &self.sigma
    }
}

/// The median of the values that are not NaN; `None` if there are none.
pub fn median(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let mut v: Vec<f64> = values.into_iter().filter(|v| !v.is_nan()).collect();
    v.sort_by(f64::total_cmp);
    (!v.is_empty()).then(|| (v[(v.len() - 1) / 2] + v[v.len() / 2]) / 2.0)
}

/// NaN ↦ the median of the column's training values (`SimpleImputer(strategy="median")`).
#[derive(Debug, Default)]
pub struct MedianImputer {
    median: Vec<f64>, // (d,)
}

impl Transformer for MedianImputer {
    fn fit(&mut self, x: &Array2<f64>) {
        // An all-NaN column gets 0 (scikit-learn's `keep_empty_features=True`).
        let column = |c: ArrayView1<f64>| median(c.iter().copied()).unwrap_or(0.0);
        self.median = x.columns().into_iter().map(column).collect();
    }
    fn transform(&self, x: &Array2<f64>) -> Array2<f64> {
        let mut x = x.clone();
        x.indexed_iter_mut()
            .filter(|(_, v)| v.is_nan())
            .for_each(|((_, j), v)| *v = self.median[j]);
        x
    }
}

/// Transformers, then a model: every step is fitted on the training rows only.
pub struct Pipeline {
    steps: Vec<Box<dyn Transformer>>,
    model: Box<dyn Estimator>,
}

pub fn pipeline(steps: Vec<Box<dyn Transformer>>, model: impl Estimator + 'static) -> Pipeline {
    Pipeline { steps, model: Box::new(model) }
}

impl Estimator for Pipeline {
    fn fit(&mut self, x: &Array2<f64>, y: &[f64]) -> Fallible<()> {
        let mut x = x.clone();
        for step in &mut self.steps {
            x = step.fit_transform(&x);
        }
        self.model.fit(&x, y)
    }
    fn predict(&self, x: &Array2<f64>) -> Fallible<Vec<f64>> {
        self.model.predict(&self.steps.iter().fold(x.clone(), |x, step| step.transform(&x)))
    }
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;

    #[test]
    fn the_scaler_and_the_imputer_learn_from_the_training_rows_only() {
        let mut scaler = StandardScaler::default();
        scaler.fit(&array![[1.0, 5.0], [3.0, 5.0], [5.0, 5.0]]);
        let test = scaler.transform(&array![[3.0, 7.0]]);
        assert_eq!(test.row(0).to_vec(), [0.0, 2.0]); // σ = 0 counts as 1, as in sklearn
        let train = array![
            [1.0, 5.0, f64::NAN, 1.0],
            [f64::NAN, 5.0, 2.0, 2.0],
            [3.0, 5.0, 4.0, 4.0],
            [5.0, 5.0, 6.0, 9.0]
        ];
        let mut imputer = MedianImputer::default();
        imputer.fit(&train);
        assert_eq!(imputer.median, [3.0, 5.0, 4.0, 3.0]); // odd count: the middle; even: the mean
        let test = imputer.transform(&array![[f64::NAN, 7.0, f64::NAN, 4.0]]);
        assert_eq!(test.row(0).to_vec(), [3.0, 7.0, 4.0, 4.0]);
        assert_eq!(median([f64::NAN]), None);
    }
}
