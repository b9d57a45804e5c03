//! Tests of `../titanic.rs`: a child module of the lab, so they see its private items.

use std::path::PathBuf;

use super::*;

fn golden() -> Golden {
    serde_json::from_str(GOLDEN).unwrap()
}

/// train.csv from `$LLMPATH_DATA`, else the project's shared copy beside the repository.
fn train() -> DataFrame {
    let dir = std::env::var_os("LLMPATH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    read(&DataDir::new(dir).require("titanic", "titanic/train.csv").unwrap()).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= RATE_RTOL * b.abs()
}

#[test]
fn null_counts_match_pandas_isna_sum() {
    let (df, g) = (train(), golden());
    assert_eq!(df.shape(), (891, 12));
    let nulls: BTreeMap<String, f64> =
        df.columns().iter().map(|c| (c.name().to_string(), c.null_count() as f64)).collect();
    assert_eq!(nulls, g.missing);
    assert_eq!([nulls["Age"], nulls["Cabin"], nulls["Embarked"]], [177.0, 687.0, 2.0]);
}

#[test]
fn age_is_imputed_by_its_group_median_and_embarked_by_the_mode_as_in_pandas() {
    let (df, g) = (train(), golden());
    let medians = age_medians(&df).unwrap();
    let keys = row_keys(&medians, &["Sex", "Pclass"]).unwrap();
    let ours: BTreeMap<String, f64> =
        keys.into_iter().zip(numbers(&medians, "Age").unwrap()).collect();
    assert_eq!(ours, g.age_median_by_sex_class);
    let embarked_mode = mode(&df, "Embarked").unwrap();
    assert_eq!(embarked_mode, "S");
    let df = clean(df, &embarked_mode).unwrap();
    let ages = numbers(&df, "AgeFilled").unwrap();
    assert!(ages.iter().all(|a| a.is_finite()));
    assert!(close(ages.iter().sum::<f64>() / 891.0, g.age_filled_mean));
    assert_eq!(df.column("Embarked").unwrap().null_count(), 0);
    // Passenger 6 (Mr. James Moran, 3rd class, age unknown) gets the third-class men's 25.
    assert_eq!(ages[5], 25.0);
}

#[test]
fn every_survival_table_matches_pandas_groupby_counts_and_rates() {
    let g = golden();
    let df = clean(train(), &g.embarked_mode).unwrap();
    for (name, keys) in GROUPINGS {
        let ours = groups(&survival_by(&df, keys).unwrap(), keys).unwrap();
        let theirs = &g.survival[name];
        assert_eq!(ours.len(), theirs.len(), "{name}");
        for t in theirs {
            let o = ours.iter().find(|o| o.key == t.key).unwrap();
            assert_eq!((o.n, o.survived), (t.n, t.survived), "{name} {}", t.key);
            assert!(close(o.rate, t.rate), "{name} {}: {} vs {}", t.key, o.rate, t.rate);
            assert_eq!(o.rate, o.survived / o.n, "{name} {}", t.key);
        }
        let total: f64 = ours.iter().map(|o| o.n).sum();
        assert_eq!(total, 891.0, "{name}: every passenger in one group");
    }
}

#[test]
fn age_histogram_matches_numpy_histogram_of_the_known_ages() {
    let g = golden();
    let h = &g.age_histogram;
    let [died, survived] = age_histogram(&train(), &h.edges).unwrap();
    assert_eq!((&died, &survived), (&h.died, &h.survived));
    assert_eq!(died.iter().chain(&survived).sum::<f64>(), 714.0); // 891 − 177 unknown
}

#[test]
fn histogram_outline_walks_each_bar() {
    assert_eq!(outline(&[0.0, 1.0], &[3.0]), [(0.0, 0.0), (0.0, 3.0), (1.0, 3.0), (1.0, 0.0)]);
}
