//! The checks of the polars exercises: everything of [`llmpath_checker`], polars, and the
//! Titanic passengers as a DataFrame. A crate of its own because polars takes minutes to
//! compile: a learner pays for it when reaching a polars exercise, not before.

pub use llmpath_checker::*;
pub use polars;

use polars::prelude::*;

/// Kaggle's Titanic `train.csv` (891 passengers × 12 columns), embedded, read as polars reads
/// the file: `Age`, `Cabin` and `Embarked` have nulls.
pub fn titanic() -> PolarsResult<DataFrame> {
    let bytes = include_bytes!("../data/titanic.csv");
    CsvReadOptions::default()
        .with_has_header(true)
        .into_reader_with_file_handle(std::io::Cursor::new(&bytes[..]))
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titanic_has_891_passengers_and_177_unknown_ages() {
        let df = titanic().unwrap();
        assert_eq!(df.shape(), (891, 12));
        assert_eq!(df.column("Age").unwrap().null_count(), 177);
        let survived = df
            .column("Survived")
            .unwrap()
            .cast(&DataType::Float64)
            .unwrap();
        let survived: f64 = survived.f64().unwrap().sum().unwrap();
        assert_eq!(survived, 342.0);
    }
}
