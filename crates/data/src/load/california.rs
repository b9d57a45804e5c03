//! California housing, Géron's version (`handson-ml2`): 20640 districts of the 1990 census,
//! 8 numeric features, the categorical `ocean_proximity` and the target `median_house_value`.
//!
//! Géron removed 207 `total_bedrooms` values so learners practise imputation. They are
//! **`f64::NAN`** in `x` (count them with `x.column(4).iter().filter(|v| v.is_nan())`), as
//! pandas would show them.

use ndarray::{Array1, Array2};

use super::{Rows, check_fields, number};
use crate::{DataDir, Result};

/// `ocean_proximity`: where the district lies relative to the ocean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OceanProximity {
    /// `<1H OCEAN`: under an hour's drive from the ocean.
    LessThan1hOcean,
    /// `INLAND`
    Inland,
    /// `NEAR OCEAN`
    NearOcean,
    /// `NEAR BAY`
    NearBay,
    /// `ISLAND`
    Island,
}

impl OceanProximity {
    pub const ALL: [OceanProximity; 5] = [
        OceanProximity::LessThan1hOcean,
        OceanProximity::Inland,
        OceanProximity::NearOcean,
        OceanProximity::NearBay,
        OceanProximity::Island,
    ];

    /// The text in the CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            OceanProximity::LessThan1hOcean => "<1H OCEAN",
            OceanProximity::Inland => "INLAND",
            OceanProximity::NearOcean => "NEAR OCEAN",
            OceanProximity::NearBay => "NEAR BAY",
            OceanProximity::Island => "ISLAND",
        }
    }

    pub fn parse(text: &str) -> Option<OceanProximity> {
        OceanProximity::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

#[derive(Debug, Clone)]
pub struct CaliforniaHousing {
    /// (20640, 8), columns as `feature_names`; missing `total_bedrooms` are NaN.
    pub x: Array2<f64>,
    /// One per row of `x`.
    pub ocean_proximity: Vec<OceanProximity>,
    /// `median_house_value` in US dollars (capped at 500001).
    pub y: Array1<f64>,
    pub feature_names: Vec<String>,
    pub target_name: String,
}

const FEATURES: [&str; 8] = [
    "longitude",
    "latitude",
    "housing_median_age",
    "total_rooms",
    "total_bedrooms",
    "population",
    "households",
    "median_income",
];

/// Reads `california_housing/housing.csv`.
pub fn california_housing(dir: &DataDir) -> Result<CaliforniaHousing> {
    let path = dir.require("california_housing", "california_housing/housing.csv")?;
    let mut rows = Rows::open(&path, b',')?;
    let columns: Vec<&str> = FEATURES
        .iter()
        .copied()
        .chain(["median_house_value", "ocean_proximity"])
        .collect();
    match rows.next() {
        Some(header) => {
            let (line, header) = header?;
            if !header.iter().eq(columns.iter().copied()) {
                let what = format!("the header must be {}", columns.join(","));
                return Err(rows.malformed(line, what));
            }
        }
        None => return Err(rows.malformed(1, "the file is empty")),
    }
    let (mut x, mut y, mut ocean) = (Vec::new(), Vec::new(), Vec::new());
    while let Some(row) = rows.next() {
        let (line, record) = row?;
        check_fields(&rows, line, &record, columns.len())?;
        for (name, text) in FEATURES.iter().zip(record.iter()) {
            x.push(if *name == "total_bedrooms" && text.is_empty() {
                f64::NAN
            } else {
                number(&rows, line, name, text)?
            });
        }
        y.push(number(&rows, line, "median_house_value", &record[8])?);
        let category = OceanProximity::parse(&record[9]).ok_or_else(|| {
            rows.malformed(
                line,
                format!("ocean_proximity: {:?} is not a known category", &record[9]),
            )
        })?;
        ocean.push(category);
    }
    let n = y.len();
    Ok(CaliforniaHousing {
        x: Array2::from_shape_vec((n, FEATURES.len()), x).expect("whole rows were pushed"),
        ocean_proximity: ocean,
        y: Array1::from(y),
        feature_names: FEATURES.map(String::from).to_vec(),
        target_name: "median_house_value".into(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::BTreeSet;

    use super::*;
    use crate::dir::tests::shared_data;
    use crate::load::tests::data_with;

    #[test]
    fn has_20640_rows_207_missing_bedrooms_and_5_categories() {
        let housing = california_housing(&shared_data()).unwrap();
        assert_eq!(housing.x.dim(), (20640, 8));
        assert_eq!(housing.y.len(), 20640);
        let missing = housing.x.column(4).iter().filter(|v| v.is_nan()).count();
        assert_eq!(missing, 207);
        assert_eq!(housing.x.iter().filter(|v| v.is_nan()).count(), 207);
        let categories: BTreeSet<_> = housing.ocean_proximity.iter().copied().collect();
        assert_eq!(categories.len(), 5);
        assert_eq!(housing.ocean_proximity[0], OceanProximity::NearBay);
        assert_eq!(housing.y[0], 452600.0);
        assert_eq!(housing.y.fold(0.0_f64, |m, &v| m.max(v)), 500001.0);
    }

    #[test]
    fn unknown_category_names_the_line() {
        let csv = "longitude,latitude,housing_median_age,total_rooms,total_bedrooms,population,households,median_income,median_house_value,ocean_proximity\n-122.23,37.88,41.0,880.0,,322.0,126.0,8.3252,452600.0,ON MARS\n";
        let (_tmp, dir) = data_with("california_housing/housing.csv", csv.as_bytes());
        let err = california_housing(&dir).unwrap_err().to_string();
        assert!(
            err.contains("housing.csv, line 2: ocean_proximity: \"ON MARS\""),
            "{err}"
        );
    }
}
