//! What is on disk: per dataset present / partial / missing, size, and (when asked, since it
//! reads every byte) whether each file's SHA-256 matches the registry.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::registry::{DataFile, Dataset};
use crate::{DataDir, DataError, Result, hex};

/// How much of a dataset is on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Every file is there.
    Present,
    /// Some files are there.
    Partial,
    /// None is.
    Missing,
}

/// The checksum state of a file, or of a dataset (the worst of its files).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checksum {
    /// Not hashed (not asked to verify, or nothing there to verify).
    Unchecked,
    /// Every file there has an accepted SHA-256.
    Ok,
    /// A file's size or SHA-256 is not the registry's.
    Mismatch,
}

impl Presence {
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Present => "present",
            Presence::Partial => "partial",
            Presence::Missing => "missing",
        }
    }
}

impl Checksum {
    pub fn as_str(self) -> &'static str {
        match self {
            Checksum::Unchecked => "unchecked",
            Checksum::Ok => "ok",
            Checksum::Mismatch => "mismatch",
        }
    }
}

/// One file on disk.
#[derive(Debug, Clone)]
pub struct FileStatus {
    pub file: &'static DataFile,
    /// Size on disk; `None` when missing.
    pub size: Option<u64>,
    pub checksum: Checksum,
    /// The SHA-256 found, when the file was hashed (a file of the wrong size is not).
    pub sha256: Option<String>,
}

/// One dataset on disk.
#[derive(Debug, Clone)]
pub struct DatasetStatus {
    pub dataset: &'static Dataset,
    pub presence: Presence,
    /// Bytes on disk of the registry's files.
    pub bytes: u64,
    pub checksum: Checksum,
    pub files: Vec<FileStatus>,
}

impl DatasetStatus {
    /// The files whose checksum is wrong.
    pub fn mismatched(&self) -> impl Iterator<Item = &FileStatus> {
        self.files
            .iter()
            .filter(|f| f.checksum == Checksum::Mismatch)
    }

    /// The files not on disk.
    pub fn missing(&self) -> impl Iterator<Item = &FileStatus> {
        self.files.iter().filter(|f| f.size.is_none())
    }
}

/// SHA-256 of a file, lower-case hex.
pub fn sha256_file(path: &Path) -> Result<String> {
    let mut file = File::open(path).map_err(|e| DataError::io("open", path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0; 1 << 16];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| DataError::io("read", path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// The state of one file; hashes it only when `verify`.
pub fn file_status(dir: &DataDir, file: &'static DataFile, verify: bool) -> Result<FileStatus> {
    let path = dir.file_path(file);
    let size = std::fs::metadata(&path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    let (checksum, sha256) = match size {
        Some(size) if verify && !file.size_ok(size) => (Checksum::Mismatch, None),
        Some(_) if verify => {
            let sha256 = sha256_file(&path)?;
            let state = if file.hash_ok(&sha256) {
                Checksum::Ok
            } else {
                Checksum::Mismatch
            };
            (state, Some(sha256))
        }
        _ => (Checksum::Unchecked, None),
    };
    Ok(FileStatus {
        file,
        size,
        checksum,
        sha256,
    })
}

/// The state of a dataset; hashes its files only when `verify`.
pub fn status(dir: &DataDir, dataset: &'static Dataset, verify: bool) -> Result<DatasetStatus> {
    let files = dataset
        .files
        .iter()
        .map(|file| file_status(dir, file, verify))
        .collect::<Result<Vec<_>>>()?;
    let present = files.iter().filter(|f| f.size.is_some()).count();
    let presence = match present {
        0 => Presence::Missing,
        n if n == files.len() => Presence::Present,
        _ => Presence::Partial,
    };
    let checksum = if files.iter().any(|f| f.checksum == Checksum::Mismatch) {
        Checksum::Mismatch
    } else if files.iter().any(|f| f.checksum == Checksum::Ok) {
        Checksum::Ok
    } else {
        Checksum::Unchecked
    };
    Ok(DatasetStatus {
        dataset,
        presence,
        bytes: files.iter().filter_map(|f| f.size).sum(),
        checksum,
        files,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::dir::tests::shared_data;
    use crate::registry::{NOT_IN_OFFLINE_COPY, datasets, find};

    #[test]
    fn every_file_of_the_offline_copy_matches_the_registry() {
        let dir = shared_data();
        let offline = datasets()
            .iter()
            .filter(|d| !NOT_IN_OFFLINE_COPY.contains(&d.name));
        for dataset in offline {
            let state = status(&dir, dataset, true).unwrap();
            assert_eq!(state.presence, Presence::Present, "{}", dataset.name);
            assert_eq!(state.checksum, Checksum::Ok, "{}", dataset.name);
            assert_eq!(state.bytes, dataset.size(), "{}", dataset.name);
        }
    }

    #[test]
    fn partial_copy_with_an_altered_byte_is_partial_and_mismatched() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::new(tmp.path());
        let titanic = find("titanic").unwrap();
        assert_eq!(
            status(&dir, titanic, false).unwrap().presence,
            Presence::Missing
        );

        let train = titanic.file("titanic/train.csv").unwrap();
        let mut bytes = std::fs::read(shared_data().file_path(train)).unwrap();
        bytes[100] ^= 1;
        std::fs::create_dir_all(tmp.path().join("titanic")).unwrap();
        std::fs::write(dir.file_path(train), &bytes).unwrap();

        let unchecked = status(&dir, titanic, false).unwrap();
        assert_eq!(unchecked.presence, Presence::Partial);
        assert_eq!(unchecked.checksum, Checksum::Unchecked);
        let checked = status(&dir, titanic, true).unwrap();
        assert_eq!(checked.checksum, Checksum::Mismatch);
        let bad: Vec<&str> = checked.mismatched().map(|f| f.file.path).collect();
        assert_eq!(bad, ["titanic/train.csv"]);
        assert_eq!(checked.missing().count(), 2);
    }
}
