//! Tests of the lab in `../model_selection.rs`, a child module of it (they see its private items).

use std::path::{Path, PathBuf};

use super::*;

fn golden() -> Golden {
    serde_json::from_str(GOLDEN).unwrap()
}

fn dir() -> DataDir {
    let shared = || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    DataDir::new(std::env::var_os("LLMPATH_DATA").map_or_else(shared, PathBuf::from))
}

#[test]
fn folds_are_sklearns() {
    // StratifiedKFold(3) on labels that first appear as 2, 0, 1 (made by scikit-learn 1.9.1).
    let y = [2, 2, 0, 1, 0, 2, 1, 1, 0, 2, 2, 0, 2];
    assert_eq!(stratified_k_fold(&y, 3), [0, 0, 0, 0, 0, 1, 1, 2, 1, 1, 2, 2, 2]);
    assert_eq!(k_fold(7, 3), [0, 0, 0, 1, 1, 2, 2]);
    let (g, dir) = (golden(), dir());
    let iris = load::iris(&dir).unwrap().y.to_vec();
    assert_eq!(stratified_k_fold(&iris, K), g.iris.test_fold);
    assert_eq!(k_fold(iris.len(), K), g.iris.kfold_test_fold);
    assert_eq!(k_fold(load::diabetes(&dir).unwrap().y.len(), K), g.diabetes.test_fold);
}

/// Records the targets (here: row numbers) each fit sees.
struct Spy(Vec<Vec<f64>>);

impl Estimator for Spy {
    fn fit(&mut self, _: &Array2<f64>, y: &[f64]) -> Fallible<()> {
        self.0.push(y.to_vec());
        Ok(())
    }
    fn predict(&self, x: &Array2<f64>) -> Fallible<Vec<f64>> {
        Ok(vec![0.0; x.nrows()])
    }
}

#[test]
fn transformers_and_fits_see_the_training_rows_only() {
    let folds = k_fold(10, 3);
    let (x, rows) = (Array2::zeros((10, 1)), Vec::from_iter((0..10).map(f64::from)));
    let mut spy = Spy(Vec::new());
    cross_val_score(&mut spy, (&x, &rows), &folds, accuracy).unwrap();
    for (f, seen) in spy.0.iter().enumerate() {
        assert_eq!(seen, &split(&folds, f).0.iter().map(|&i| i as f64).collect::<Vec<_>>());
    }
    // Learnt from the training rows, applied unchanged to others.
    let mut scaler = StandardScaler::default();
    scaler.fit(&ndarray::array![[1.0, 5.0], [3.0, 5.0], [5.0, 5.0]]);
    let test = scaler.transform(&ndarray::array![[3.0, 7.0]]);
    assert_eq!(test.row(0).to_vec(), [0.0, 2.0]); // σ = 0 counts as 1, as in sklearn
    let quadratic = Quadratic.transform(&ndarray::array![[2.0, 3.0, 5.0]]);
    assert_eq!(quadratic.row(0).to_vec(), [2.0, 3.0, 5.0, 4.0, 6.0, 10.0, 9.0, 15.0, 25.0]);
}

#[test]
fn knn_grid_and_ridge_path_equal_sklearns_fold_by_fold_and_pick_its_best() {
    let out = tempfile::tempdir().unwrap();
    let (data_dir, lang) = (Some(dir().path().to_owned()), Lang::Zh);
    lab(LabArgs { out: out.path().to_owned(), seed: 42, quick: true, lang, data_dir }).unwrap();
    let report = llmpath_lab::Report::read(out.path()).unwrap();
    for plot in ["iris_grid_search", "ridge_path"] {
        assert!(report.artifacts.contains(&format!("{plot}.png")), "{plot}");
    }
}
