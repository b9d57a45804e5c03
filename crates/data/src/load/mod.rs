//! Typed loaders: each reads one dataset from a [`DataDir`] into ndarray arrays (`f64`
//! features, `usize` class labels) with the names of features and targets.
//!
//! They check the format as they read and fail with the file and 1-based line of the first
//! bad row, or with the missing-dataset message when a file is absent. They do not hash.

mod california;
mod cifar;
mod mnist;
pub mod sentiment;
mod sklearn;
mod titanic;

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

pub use california::{CaliforniaHousing, OceanProximity, california_housing};
pub use cifar::{
    CIFAR_PIXELS, CIFAR10_ARCHIVE, CIFAR10_CLASSES, Cifar10, CifarSource, CifarSplit, cifar10,
    cifar10_full, cifar10_subset, read_cifar_binary, read_labels_js, read_sprite_png,
};
pub use mnist::{
    IMAGE_COLS, IMAGE_ROWS, Mnist, MnistSplit, Split, mnist, mnist_split, read_idx_images,
    read_idx_labels,
};
use ndarray::{Array1, Array2};
pub use sklearn::{breast_cancer, diabetes, digits, iris, wine};
pub use titanic::{Embarked, Passenger, Sex, Titanic, titanic};

use crate::{DataError, Result};

/// A classification dataset: `x` is (n_samples, n_features), `y[i]` indexes `target_names`.
#[derive(Debug, Clone)]
pub struct Classification {
    pub x: Array2<f64>,
    pub y: Array1<usize>,
    pub feature_names: Vec<String>,
    pub target_names: Vec<String>,
}

/// A regression dataset: `x` is (n_samples, n_features), `y` the target.
#[derive(Debug, Clone)]
pub struct Regression {
    pub x: Array2<f64>,
    pub y: Array1<f64>,
    pub feature_names: Vec<String>,
    pub target_name: String,
}

impl Classification {
    /// How many samples have each class, in the order of `target_names`.
    pub fn class_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.target_names.len()];
        for &label in &self.y {
            counts[label] += 1;
        }
        counts
    }
}

/// Opens a file for reading, through gzip when its name ends in `.gz`.
fn open(path: &Path) -> Result<Box<dyn Read>> {
    let file = File::open(path).map_err(|e| DataError::io("open", path, e))?;
    let reader = BufReader::with_capacity(1 << 16, file);
    if path.extension().is_some_and(|ext| ext == "gz") {
        Ok(Box::new(flate2::read::GzDecoder::new(reader)))
    } else {
        Ok(Box::new(reader))
    }
}

/// The rows of a delimited text file, each with its 1-based line number. Rows may have any
/// number of fields: callers check the count so the error can say what was expected.
struct Rows {
    path: PathBuf,
    records: csv::StringRecordsIntoIter<Box<dyn Read>>,
}

impl Rows {
    fn open(path: &Path, delimiter: u8) -> Result<Rows> {
        let records = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            // Records end at LF; CRLF files (Kaggle's) get the CR trimmed with the field's
            // spaces. The default CRLF terminator would make csv's line numbers off by one.
            .terminator(csv::Terminator::Any(b'\n'))
            .trim(csv::Trim::All)
            .from_reader(open(path)?)
            .into_records();
        Ok(Rows {
            path: path.to_owned(),
            records,
        })
    }

    /// An error at `line` of this file.
    fn malformed(&self, line: u64, what: impl Into<String>) -> DataError {
        DataError::Malformed {
            path: self.path.clone(),
            line,
            what: what.into(),
        }
    }
}

impl Iterator for Rows {
    type Item = Result<(u64, csv::StringRecord)>;

    fn next(&mut self) -> Option<Self::Item> {
        let record = self.records.next()?;
        Some(match record {
            Ok(record) => Ok((record.position().map_or(0, |p| p.line()), record)),
            Err(err) => Err(csv_error(&self.path, err)),
        })
    }
}

fn csv_error(path: &Path, err: csv::Error) -> DataError {
    let line = err.position().map_or(0, |p| p.line());
    match err.into_kind() {
        csv::ErrorKind::Io(source) => DataError::io("read", path, source),
        csv::ErrorKind::Utf8 { err, .. } => DataError::Malformed {
            path: path.to_owned(),
            line,
            what: format!("not UTF-8 text ({err})"),
        },
        other => DataError::Malformed {
            path: path.to_owned(),
            line,
            what: format!("{other:?}"),
        },
    }
}

/// Fails unless `record` has `expected` fields.
fn check_fields(rows: &Rows, line: u64, record: &csv::StringRecord, expected: usize) -> Result<()> {
    if record.len() == expected {
        Ok(())
    } else {
        Err(rows.malformed(
            line,
            format!(
                "expected {expected} fields, found {} (a truncated row?)",
                record.len()
            ),
        ))
    }
}

/// Parses field `column` (named `name`) as a number.
fn number(rows: &Rows, line: u64, name: &str, text: &str) -> Result<f64> {
    text.trim()
        .parse()
        .map_err(|_| rows.malformed(line, format!("{name}: {text:?} is not a number")))
}

/// Parses a class label in `0..n_classes`.
fn label(rows: &Rows, line: u64, text: &str, n_classes: usize) -> Result<usize> {
    match text.trim().parse::<usize>() {
        Ok(class) if class < n_classes => Ok(class),
        _ => Err(rows.malformed(
            line,
            format!("target {text:?} is not a class number below {n_classes}"),
        )),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used)]

    use std::path::Path;

    use crate::DataDir;

    /// A temporary data folder holding `relative` with `contents` (gzipped for `.gz` names).
    pub(crate) fn data_with(relative: &str, contents: &[u8]) -> (tempfile::TempDir, DataDir) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::new(tmp.path());
        let path = dir.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        if Path::new(relative).extension().is_some_and(|e| e == "gz") {
            use std::io::Write as _;
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(contents).unwrap();
            std::fs::write(&path, gz.finish().unwrap()).unwrap();
        } else {
            std::fs::write(&path, contents).unwrap();
        }
        (tmp, dir)
    }
}
