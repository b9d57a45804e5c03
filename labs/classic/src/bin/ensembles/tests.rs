//! Tests of `../ensembles.rs`: a child module of the lab, so they see its private items.

use std::path::{Path, PathBuf};

use super::*;

fn golden() -> Golden {
    serde_json::from_str(GOLDEN).unwrap()
}

fn dir() -> DataDir {
    let shared = || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    DataDir::new(std::env::var_os("LLMPATH_DATA").map_or_else(shared, PathBuf::from))
}

/// The folds of Titanic's 12 features (the imputer itself: `pipeline`'s tests).
#[test]
fn titanic_folds_are_sklearns() {
    let survived: Vec<usize> =
        titanic_data(&dir()).unwrap().1.iter().map(|&v| v as usize).collect();
    assert_eq!(stratified_k_fold(&survived, K), golden().titanic.test_fold);
}

/// Runs one part of the lab into a temporary folder: it must meet all its references.
fn meets_references(quick: bool, seed: u64, part: impl FnOnce(&mut Lab, &Golden) -> Fallible<()>) {
    let out = tempfile::tempdir().unwrap();
    let (data_dir, lang) = (Some(dir().path().to_owned()), Lang::En);
    let mut lab =
        Lab::new(&LabArgs { out: out.path().to_owned(), seed, quick, lang, data_dir }).unwrap();
    part(&mut lab, &golden()).unwrap();
    lab.checks.finish(lab.run).unwrap();
}

#[test]
#[cfg_attr(debug_assertions, ignore = "forests and boosting, unoptimised: run with --release")]
fn titanic_knn_equals_sklearns_and_the_forest_reaches_0_80_for_any_seed() {
    for seed in [0, 1, 42] {
        meets_references(false, seed, |lab, g| titanic(lab, &g.titanic));
    }
}

#[test]
#[cfg_attr(debug_assertions, ignore = "100 trees on 16 512 rows: run with --release")]
fn california_ridge_equals_sklearns_and_the_forest_reaches_0_75() {
    meets_references(false, 42, |lab, g| california(lab, &g.california));
}

#[test]
#[cfg_attr(debug_assertions, ignore = "the whole lab, a second optimised: run with --release")]
fn quick_lab_meets_every_reference_and_draws_its_plots() {
    // California in quick mode: 30 trees on a quarter of the rows, R² ≥ 0.65.
    let out = tempfile::tempdir().unwrap();
    let (data_dir, lang) = (Some(dir().path().to_owned()), Lang::Zh);
    lab(LabArgs { out: out.path().to_owned(), seed: 42, quick: true, lang, data_dir }).unwrap();
    let report = llmpath_lab::Report::read(out.path()).unwrap();
    for plot in ["california_forest", "ensembles_beside_ours"] {
        assert!(report.artifacts.contains(&format!("{plot}.png")), "{plot}");
    }
}
