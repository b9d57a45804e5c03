//! The data directory: where datasets live, laid out as the registry says
//! (`mnist/train-images-idx3-ubyte.gz`, `sklearn/iris.csv`, …).

use std::path::{Path, PathBuf};

use crate::registry::{self, DataFile};
use crate::{DataError, Result};

/// The environment variable naming the data directory.
pub const DATA_ENV: &str = "LLMPATH_DATA";

/// A folder holding datasets in the registry's layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// `explicit` (from `--data-dir`), then `$LLMPATH_DATA` (when not empty), then the user's
    /// data folder (`dirs::data_dir()/llmpath/data`, e.g. `~/.local/share/llmpath/data`).
    /// The folder need not exist yet.
    pub fn resolve(explicit: Option<PathBuf>) -> Result<DataDir> {
        let from_env = std::env::var_os(DATA_ENV)
            .filter(|value| !value.is_empty())
            .map(PathBuf::from);
        explicit
            .or(from_env)
            .or_else(|| dirs::data_dir().map(|dir| dir.join("llmpath").join("data")))
            .map(DataDir::new)
            .ok_or(DataError::NoDataDir)
    }

    /// This folder, as is.
    pub fn new(root: impl Into<PathBuf>) -> DataDir {
        DataDir { root: root.into() }
    }

    pub fn path(&self) -> &Path {
        &self.root
    }

    /// Where a registry path (`/`-separated) lives in this folder.
    pub fn join(&self, relative: &str) -> PathBuf {
        relative
            .split('/')
            .fold(self.root.clone(), |path, part| path.join(part))
    }

    /// Where `file` lives in this folder.
    pub fn file_path(&self, file: &DataFile) -> PathBuf {
        self.join(file.path)
    }

    /// The path of `relative` (a file of `dataset`), or the missing-dataset error that says how
    /// to get it.
    pub fn require(&self, dataset: &'static str, relative: &'static str) -> Result<PathBuf> {
        debug_assert!(
            registry::find(dataset).is_some_and(|d| d.file(relative).is_some()),
            "{relative} is not a file of {dataset}"
        );
        let path = self.join(relative);
        if path.is_file() {
            Ok(path)
        } else {
            Err(DataError::Missing {
                dataset,
                dir: self.root.clone(),
                file: relative,
            })
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// The project's offline copy of the datasets: `$LLMPATH_DATA` (CI sets it), else
    /// `shared/data` beside the checkout.
    pub(crate) fn shared_data() -> DataDir {
        match std::env::var_os(DATA_ENV).filter(|v| !v.is_empty()) {
            Some(dir) => DataDir::new(dir),
            None => {
                DataDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
            }
        }
    }

    #[test]
    fn explicit_folder_wins() {
        let dir = DataDir::resolve(Some("/x/y".into())).unwrap();
        assert_eq!(dir.path(), Path::new("/x/y"));
    }

    #[test]
    fn join_splits_registry_paths() {
        let dir = DataDir::new("/data");
        assert_eq!(
            dir.join("sklearn/descr/iris.rst"),
            Path::new("/data/sklearn/descr/iris.rst")
        );
    }

    #[test]
    fn missing_file_names_the_dataset_and_the_fetch_command() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::new(tmp.path());
        let err = dir
            .require("mnist", "mnist/t10k-labels-idx1-ubyte.gz")
            .unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("dataset `mnist` is missing from "),
            "{text}"
        );
        assert!(text.contains(&tmp.path().display().to_string()), "{text}");
        assert!(
            text.contains(
                "run `llmpath data fetch mnist`, or point LLMPATH_DATA at a folder holding it"
            ),
            "{text}"
        );
    }
}
