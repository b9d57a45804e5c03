//! Tests of `../model_selection.rs`: a child module of the lab, so they see its private items.

use std::path::{Path, PathBuf};

use super::*;

fn golden() -> Golden {
    serde_json::from_str(GOLDEN).unwrap()
}

fn dir() -> DataDir {
    let shared = || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    DataDir::new(std::env::var_os("LLMPATH_DATA").map_or_else(shared, PathBuf::from))
}

/// The folds on the lab's data (on small cases: `cross_validation`'s tests).
#[test]
fn folds_are_sklearns() {
    let (g, dir) = (golden(), dir());
    let iris = load::iris(&dir).unwrap().y.to_vec();
    assert_eq!(stratified_k_fold(&iris, K), g.iris.test_fold);
    assert_eq!(k_fold(iris.len(), K), g.iris.kfold_test_fold);
    assert_eq!(k_fold(load::diabetes(&dir).unwrap().y.len(), K), g.diabetes.test_fold);
}

/// (The scaler, and the rows each fit sees: `pipeline`'s and `cross_validation`'s tests.)
#[test]
fn quadratic_features_are_polynomial_features_2() {
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
