//! llmpath's datasets: the [`registry`] of every dataset (files, sizes, SHA-256, original
//! publishers), the [`DataDir`] that holds them, typed loaders in [`load`] that return ndarray
//! arrays, checksum [`verify`], and [`fetch`] from the publishers (or a mirror).
//!
//! ```no_run
//! use llmpath_data::{DataDir, load};
//!
//! let data = DataDir::resolve(None)?; // --data-dir, then LLMPATH_DATA, then the user's data dir
//! let iris = load::iris(&data)?;
//! assert_eq!(iris.x.dim(), (150, 4)); // (n_samples, n_features)
//! # Ok::<(), llmpath_data::DataError>(())
//! ```
//!
//! Loaders check formats as they read (field counts, numbers, IDX headers) but never hash: run
//! `llmpath data verify` for that.

mod dir;
pub mod fetch;
pub mod load;
pub mod registry;
pub mod verify;

use std::path::PathBuf;

pub use dir::{DATA_ENV, DataDir};
pub use fetch::{
    Fetched, Fetcher, MIRROR_ENV, NoProgress, Outcome, Progress, TerminalProgress, fetch,
};
pub use registry::{DataFile, Dataset, Origin};
pub use verify::{Checksum, DatasetStatus, FileStatus, Presence};

/// Everything that can go wrong with datasets.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// No folder was given and this platform has no per-user data folder.
    #[error(
        "cannot find a data folder for this user: set LLMPATH_DATA or pass --data-dir to a folder llmpath may write to"
    )]
    NoDataDir,
    /// A name that is not in the registry.
    #[error("unknown dataset `{name}`: `llmpath data list` names them all")]
    UnknownDataset { name: String },
    /// A file a loader needs is not in the data folder.
    #[error(
        "dataset `{dataset}` is missing from {dir} (no {file}): run `llmpath data fetch {dataset}`, or point LLMPATH_DATA at a folder holding it"
    )]
    Missing {
        dataset: &'static str,
        dir: PathBuf,
        file: &'static str,
    },
    /// Reading or writing a file failed.
    #[error("cannot {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// A row of a text file breaks its format; `line` is 1-based.
    #[error("malformed data in {path}, line {line}: {what}")]
    Malformed {
        path: PathBuf,
        line: u64,
        what: String,
    },
    /// An IDX file (MNIST) whose header or length is wrong.
    #[error("{path} is not a valid IDX file: {what}")]
    BadIdx { path: PathBuf, what: String },
    /// CIFAR-10 files (binary records, PNG sprites, labels, the tar archive) that break their format.
    #[error("{path} is not valid CIFAR-10 data: {what}")]
    BadCifar { path: PathBuf, what: String },
    /// The HTTP request failed or the connection ended early; nothing was saved.
    #[error("cannot download {url}: {reason}; no file was written")]
    Download { url: String, reason: String },
    /// A download arrived whole but with other bytes than the registry's; it was deleted.
    #[error(
        "{path}: the download from {url} has SHA-256 {actual}, expected {expected}; it was deleted, no file was written"
    )]
    ChecksumMismatch {
        path: &'static str,
        url: String,
        expected: String,
        actual: String,
    },
    /// A zip archive could not be read, or lacks a member.
    #[error("cannot unpack {member} from {url}: {reason}")]
    Archive {
        url: String,
        member: &'static str,
        reason: String,
    },
}

pub type Result<T, E = DataError> = std::result::Result<T, E>;

impl DataError {
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        DataError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

/// Lower-case hex of a digest.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
