//! The small datasets scikit-learn ships: iris, digits, wine, breast cancer, diabetes.
//!
//! `iris.csv`, `wine_data.csv` and `breast_cancer.csv` start with `n_samples,n_features,<class
//! names…>`; every later row is the features then an integer class. `digits.csv.gz` is 64
//! pixels (0–16) then the digit, no header. The diabetes files are gzip, space-separated.
//! Feature names are scikit-learn's (`load_iris().feature_names`, …).

use ndarray::{Array1, Array2};

use super::{Classification, Regression, Rows, check_fields, label, number};
use crate::{DataDir, Result};

const IRIS_FEATURES: [&str; 4] = [
    "sepal length (cm)",
    "sepal width (cm)",
    "petal length (cm)",
    "petal width (cm)",
];

const WINE_FEATURES: [&str; 13] = [
    "alcohol",
    "malic_acid",
    "ash",
    "alcalinity_of_ash",
    "magnesium",
    "total_phenols",
    "flavanoids",
    "nonflavanoid_phenols",
    "proanthocyanins",
    "color_intensity",
    "hue",
    "od280/od315_of_diluted_wines",
    "proline",
];

/// Ten measurements of each cell nucleus, as mean, standard error and worst (largest) value.
const CANCER_MEASURES: [&str; 10] = [
    "radius",
    "texture",
    "perimeter",
    "area",
    "smoothness",
    "compactness",
    "concavity",
    "concave points",
    "symmetry",
    "fractal dimension",
];

/// Age, sex, body mass index, average blood pressure and six blood serum measurements.
const DIABETES_FEATURES: [&str; 10] = [
    "age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6",
];

/// Iris: (150, 4) in cm, 3 species with 50 each.
pub fn iris(dir: &DataDir) -> Result<Classification> {
    let names = IRIS_FEATURES.map(String::from).to_vec();
    counted_csv(dir, "iris", "sklearn/iris.csv", names)
}

/// Wine: (178, 13), 3 cultivars.
pub fn wine(dir: &DataDir) -> Result<Classification> {
    let names = WINE_FEATURES.map(String::from).to_vec();
    counted_csv(dir, "wine", "sklearn/wine_data.csv", names)
}

/// Breast cancer Wisconsin (diagnostic): (569, 30); class 0 malignant (212), 1 benign (357).
pub fn breast_cancer(dir: &DataDir) -> Result<Classification> {
    let names = ["mean", "error", "worst"]
        .iter()
        .flat_map(|kind| {
            CANCER_MEASURES.iter().map(move |m| match *kind {
                "error" => format!("{m} error"),
                other => format!("{other} {m}"),
            })
        })
        .collect();
    counted_csv(dir, "breast_cancer", "sklearn/breast_cancer.csv", names)
}

/// The iris/wine/breast-cancer layout: a `n_samples,n_features,<classes…>` line, then rows.
fn counted_csv(
    dir: &DataDir,
    dataset: &'static str,
    relative: &'static str,
    feature_names: Vec<String>,
) -> Result<Classification> {
    let path = dir.require(dataset, relative)?;
    let mut rows = Rows::open(&path, b',')?;
    let Some(header) = rows.next() else {
        return Err(rows.malformed(1, "the file is empty"));
    };
    let (line, header) = header?;
    let counts = (
        header.get(0).map(str::parse::<usize>),
        header.get(1).map(str::parse::<usize>),
    );
    let (Some(Ok(n_samples)), Some(Ok(n_features))) = counts else {
        return Err(rows.malformed(
            line,
            "the first line must be n_samples,n_features,<class names…>",
        ));
    };
    if n_features != feature_names.len() {
        return Err(rows.malformed(
            line,
            format!(
                "says {n_features} features, {dataset} has {}",
                feature_names.len()
            ),
        ));
    }
    let target_names: Vec<String> = header.iter().skip(2).map(String::from).collect();
    let mut x = Vec::with_capacity(n_samples * n_features);
    let mut y = Vec::with_capacity(n_samples);
    let mut last_line = line;
    while let Some(row) = rows.next() {
        let (line, record) = row?;
        last_line = line;
        check_fields(&rows, line, &record, n_features + 1)?;
        for (name, text) in feature_names.iter().zip(record.iter()) {
            x.push(number(&rows, line, name, text)?);
        }
        y.push(label(&rows, line, &record[n_features], target_names.len())?);
    }
    if y.len() != n_samples {
        return Err(rows.malformed(
            last_line,
            format!(
                "the header promises {n_samples} rows, the file has {}",
                y.len()
            ),
        ));
    }
    Ok(Classification {
        x: to_array(x, n_features),
        y: Array1::from(y),
        feature_names,
        target_names,
    })
}

/// Digits 8×8: (1797, 64) with values 0–16, pixel `(r, c)` in column `8 r + c`; classes 0–9.
pub fn digits(dir: &DataDir) -> Result<Classification> {
    let path = dir.require("digits", "sklearn/digits.csv.gz")?;
    let mut rows = Rows::open(&path, b',')?;
    let feature_names: Vec<String> = (0..64)
        .map(|i| format!("pixel_{}_{}", i / 8, i % 8))
        .collect();
    let target_names: Vec<String> = (0..10).map(|d| d.to_string()).collect();
    let (mut x, mut y) = (Vec::new(), Vec::new());
    while let Some(row) = rows.next() {
        let (line, record) = row?;
        check_fields(&rows, line, &record, 65)?;
        for (name, text) in feature_names.iter().zip(record.iter()) {
            let value = number(&rows, line, name, text)?;
            if !(0.0..=16.0).contains(&value) {
                return Err(rows.malformed(line, format!("{name}: {value} is outside 0–16")));
            }
            x.push(value);
        }
        y.push(label(&rows, line, &record[64], 10)?);
    }
    Ok(Classification {
        x: to_array(x, 64),
        y: Array1::from(y),
        feature_names,
        target_names,
    })
}

/// Diabetes: (442, 10) unscaled (age in years, sex 1/2, …; scikit-learn's `scaled=False`), and
/// the disease progression one year after baseline.
pub fn diabetes(dir: &DataDir) -> Result<Regression> {
    let data_path = dir.require("diabetes", "sklearn/diabetes_data_raw.csv.gz")?;
    let target_path = dir.require("diabetes", "sklearn/diabetes_target.csv.gz")?;
    let feature_names: Vec<String> = DIABETES_FEATURES.map(String::from).to_vec();

    let mut rows = Rows::open(&data_path, b' ')?;
    let mut x = Vec::new();
    while let Some(row) = rows.next() {
        let (line, record) = row?;
        check_fields(&rows, line, &record, 10)?;
        for (name, text) in feature_names.iter().zip(record.iter()) {
            x.push(number(&rows, line, name, text)?);
        }
    }
    let mut targets = Rows::open(&target_path, b' ')?;
    let mut y = Vec::new();
    let mut last_line = 0;
    while let Some(row) = targets.next() {
        let (line, record) = row?;
        last_line = line;
        check_fields(&targets, line, &record, 1)?;
        y.push(number(&targets, line, "target", &record[0])?);
    }
    let n = x.len() / 10;
    if y.len() != n {
        return Err(targets.malformed(
            last_line,
            format!("{} targets for {n} rows of features", y.len()),
        ));
    }
    Ok(Regression {
        x: to_array(x, 10),
        y: Array1::from(y),
        feature_names,
        target_name: "disease progression one year after baseline".into(),
    })
}

/// Row-major values into (n, width); callers pushed whole rows.
fn to_array(values: Vec<f64>, width: usize) -> Array2<f64> {
    let n = values.len() / width;
    Array2::from_shape_vec((n, width), values).expect("callers push whole rows")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::DataError;
    use crate::dir::tests::shared_data;
    use crate::load::tests::data_with;

    #[test]
    fn iris_is_150_by_4_with_50_per_class() {
        let iris = iris(&shared_data()).unwrap();
        assert_eq!(iris.x.dim(), (150, 4));
        assert_eq!(iris.class_counts(), [50, 50, 50]);
        assert_eq!(iris.target_names, ["setosa", "versicolor", "virginica"]);
        assert_eq!(iris.x.row(0).to_vec(), [5.1, 3.5, 1.4, 0.2]);
    }

    #[test]
    fn digits_are_1797_by_64_with_values_0_to_16() {
        let digits = digits(&shared_data()).unwrap();
        assert_eq!(digits.x.dim(), (1797, 64));
        assert_eq!(digits.x.fold(f64::MIN, |m, &v| m.max(v)), 16.0);
        assert_eq!(digits.x.fold(f64::MAX, |m, &v| m.min(v)), 0.0);
        assert_eq!(digits.class_counts().iter().sum::<usize>(), 1797);
        assert!(
            digits
                .class_counts()
                .iter()
                .all(|&n| (170..=190).contains(&n))
        );
        assert_eq!(digits.y[0], 0);
    }

    #[test]
    fn wine_is_178_by_13_in_3_classes() {
        let wine = wine(&shared_data()).unwrap();
        assert_eq!(wine.x.dim(), (178, 13));
        assert_eq!(wine.class_counts(), [59, 71, 48]);
        assert_eq!(wine.feature_names[12], "proline");
    }

    #[test]
    fn breast_cancer_is_569_by_30_with_212_malignant() {
        let cancer = breast_cancer(&shared_data()).unwrap();
        assert_eq!(cancer.x.dim(), (569, 30));
        assert_eq!(cancer.target_names, ["malignant", "benign"]);
        assert_eq!(cancer.class_counts(), [212, 357]);
        assert_eq!(cancer.feature_names[0], "mean radius");
        assert_eq!(cancer.feature_names[10], "radius error");
        assert_eq!(cancer.feature_names[29], "worst fractal dimension");
    }

    #[test]
    fn diabetes_is_442_by_10_unscaled() {
        let diabetes = diabetes(&shared_data()).unwrap();
        assert_eq!(diabetes.x.dim(), (442, 10));
        assert_eq!(diabetes.y.len(), 442);
        assert_eq!(diabetes.x.row(0).to_vec()[..3], [59.0, 2.0, 32.1]);
        assert_eq!(diabetes.y[0], 151.0);
    }

    #[test]
    fn truncated_row_names_file_and_line() {
        let csv = b"3,4,a,b\n1,2,3,4,0\n1,2,3\n1,2,3,4,1\n";
        let (_tmp, dir) = data_with("sklearn/iris.csv", csv);
        let err = iris(&dir).unwrap_err();
        let DataError::Malformed { path, line, what } = &err else {
            panic!("{err}")
        };
        assert!(path.ends_with("sklearn/iris.csv"));
        assert_eq!(*line, 3);
        assert!(what.contains("expected 5 fields, found 3"), "{what}");
        assert!(err.to_string().contains("iris.csv, line 3: "), "{err}");
    }

    #[test]
    fn bad_number_and_bad_class_are_reported() {
        let (_tmp, dir) = data_with("sklearn/iris.csv", b"2,4,a,b\n1,2,x,4,0\n");
        let err = iris(&dir).unwrap_err().to_string();
        assert!(
            err.contains("line 2: petal length (cm): \"x\" is not a number"),
            "{err}"
        );

        let (_tmp, dir) = data_with("sklearn/iris.csv", b"1,4,a,b\n1,2,3,4,7\n");
        let err = iris(&dir).unwrap_err().to_string();
        assert!(err.contains("line 2: target \"7\""), "{err}");

        let (_tmp, dir) = data_with("sklearn/digits.csv.gz", b"1,2\n");
        let err = digits(&dir).unwrap_err().to_string();
        assert!(
            err.contains("digits.csv.gz, line 1: expected 65 fields, found 2"),
            "{err}"
        );
    }

    #[test]
    fn short_file_breaks_the_header_promise() {
        let (_tmp, dir) = data_with("sklearn/iris.csv", b"3,4,a,b\n1,2,3,4,0\n");
        let err = iris(&dir).unwrap_err().to_string();
        assert!(err.contains("promises 3 rows, the file has 1"), "{err}");
    }

    #[test]
    fn missing_file_says_how_to_fetch() {
        let tmp = tempfile::tempdir().unwrap();
        let err = wine(&DataDir::new(tmp.path())).unwrap_err().to_string();
        assert!(err.contains("dataset `wine` is missing"), "{err}");
        assert!(err.contains("`llmpath data fetch wine`"), "{err}");
    }
}
