//! Fetch: download a dataset's files over HTTP(S) and keep only what hashes right.
//!
//! Each file streams into a temporary file beside its final place while its SHA-256 is
//! computed; it is renamed into place only when the hash is one the registry accepts. A
//! mismatch or a broken connection deletes the temporary file, so a failed fetch leaves
//! nothing behind. A file already there with an accepted hash is skipped.
//!
//! `LLMPATH_DATA_MIRROR=URL` points fetch at a mirror of llmpath's data layout: every file is
//! then fetched from `URL/<registry path>` (e.g. `URL/mnist/t10k-labels-idx1-ubyte.gz`), as a
//! web server over a copy of a data folder serves it. Tests use it; so can a classroom.

use std::collections::HashMap;
use std::fs;
use std::io::{BufWriter, IsTerminal, Read, Write};
use std::path::Path;
use std::time::Duration;

use sha2::{Digest, Sha256};
use tempfile::NamedTempFile;

use crate::registry::{self, DataFile, Dataset, Origin};
use crate::{DataDir, DataError, Result, hex, verify};

/// The environment variable naming a mirror of llmpath's data layout.
pub const MIRROR_ENV: &str = "LLMPATH_DATA_MIRROR";

/// Told about each download as it goes.
pub trait Progress {
    /// A download of `what` begins; `total` bytes if known.
    fn start(&mut self, what: &str, total: Option<u64>);
    /// `bytes` more arrived.
    fn advance(&mut self, bytes: u64);
    /// The download ended (well or not).
    fn finish(&mut self);
}

/// Reports nothing.
#[derive(Debug, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&mut self, _: &str, _: Option<u64>) {}
    fn advance(&mut self, _: u64) {}
    fn finish(&mut self) {}
}

/// A progress bar on stderr (bytes, total, speed), drawn only when stdout is a terminal, so
/// pipes, scripts and `--json` stay clean.
#[derive(Debug)]
pub struct TerminalProgress {
    enabled: bool,
    bar: Option<indicatif::ProgressBar>,
}

impl TerminalProgress {
    pub fn new() -> TerminalProgress {
        TerminalProgress {
            enabled: std::io::stdout().is_terminal(),
            bar: None,
        }
    }
}

impl Default for TerminalProgress {
    fn default() -> Self {
        TerminalProgress::new()
    }
}

impl Progress for TerminalProgress {
    fn start(&mut self, what: &str, total: Option<u64>) {
        if !self.enabled {
            return;
        }
        let (bar, template) = match total {
            Some(total) => (
                indicatif::ProgressBar::new(total),
                "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
            ),
            None => (
                indicatif::ProgressBar::new_spinner(),
                "{msg} {spinner} {bytes} {bytes_per_sec}",
            ),
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what.to_owned());
        self.bar = Some(bar);
    }

    fn advance(&mut self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// What fetch did with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It was there with an accepted hash.
    AlreadyThere,
    /// Downloaded (or unpacked) and verified; `bytes` written, from `url`.
    Downloaded { bytes: u64, url: String },
}

/// One file of a fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub path: &'static str,
    pub outcome: Outcome,
}

/// Downloads datasets with one HTTP agent.
#[derive(Debug)]
pub struct Fetcher {
    agent: ureq::Agent,
    mirror: Option<String>,
}

impl Default for Fetcher {
    fn default() -> Self {
        Fetcher::new()
    }
}

/// `fetch(name, dir, progress)` with the mirror from `LLMPATH_DATA_MIRROR`, if set.
pub fn fetch(name: &str, dir: &DataDir, progress: &mut dyn Progress) -> Result<Vec<Fetched>> {
    let dataset = registry::find(name).ok_or_else(|| DataError::UnknownDataset {
        name: name.to_owned(),
    })?;
    Fetcher::new().fetch(dataset, dir, progress)
}

impl Fetcher {
    /// The mirror comes from `LLMPATH_DATA_MIRROR` when it is set and not empty.
    pub fn new() -> Fetcher {
        let mirror = std::env::var(MIRROR_ENV)
            .ok()
            .filter(|m| !m.trim().is_empty());
        Fetcher::with_mirror(mirror)
    }

    /// Fetch from `mirror` (a URL of llmpath's data layout), or from each file's origin.
    pub fn with_mirror(mirror: Option<String>) -> Fetcher {
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(30)))
            .timeout_recv_response(Some(Duration::from_secs(60)))
            // A stalled connection fails instead of hanging; big files may take long overall.
            .timeout_per_read(Some(Duration::from_secs(60)))
            .user_agent(concat!("llmpath/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Fetcher { agent, mirror }
    }

    pub fn mirror(&self) -> Option<&str> {
        self.mirror.as_deref()
    }

    /// The URL `file` is fetched from (the archive's, for a zip member).
    pub fn url_of(&self, file: &DataFile) -> String {
        match &self.mirror {
            Some(mirror) => format!("{}/{}", mirror.trim_end_matches('/'), file.path),
            None => file.origin.url().to_owned(),
        }
    }

    /// Downloads every file of `dataset` that is not already in `dir` with an accepted hash.
    /// Stops at the first failure; the files verified before it stay.
    pub fn fetch(
        &self,
        dataset: &'static Dataset,
        dir: &DataDir,
        progress: &mut dyn Progress,
    ) -> Result<Vec<Fetched>> {
        // Zip archives downloaded so far, by URL: MovieLens's nine files come from one zip.
        let mut archives: HashMap<&'static str, NamedTempFile> = HashMap::new();
        let mut report = Vec::new();
        for file in dataset.files {
            let state = verify::file_status(dir, file, true)?;
            if state.checksum == verify::Checksum::Ok {
                report.push(Fetched {
                    path: file.path,
                    outcome: Outcome::AlreadyThere,
                });
                continue;
            }
            let path = dir.file_path(file);
            let folder = path.parent().unwrap_or(dir.path()).to_owned();
            fs::create_dir_all(&folder).map_err(|e| DataError::io("create", &folder, e))?;
            let url = self.url_of(file);
            let (temp, sha256) = match (file.origin, &self.mirror) {
                (Origin::Zip { url: zip, member }, None) => {
                    let archive = match archives.entry(zip) {
                        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                        std::collections::hash_map::Entry::Vacant(e) => {
                            let label = zip.rsplit('/').next().unwrap_or(zip);
                            let (temp, _) =
                                self.download(zip, dir.path(), label, None, false, progress)?;
                            e.insert(temp)
                        }
                    };
                    unpack(archive, zip, member, &folder)?
                }
                (origin, _) => {
                    let crlf = self.mirror.is_none() && matches!(origin, Origin::UrlCrlf(_));
                    let size = match origin {
                        Origin::Equivalent { size, .. } if self.mirror.is_none() => size,
                        _ => file.size,
                    };
                    self.download(&url, &folder, file.path, Some(size), crlf, progress)?
                }
            };
            if !file.hash_ok(&sha256) {
                drop(temp); // deletes the temporary file
                return Err(DataError::ChecksumMismatch {
                    path: file.path,
                    url,
                    expected: file
                        .accepted()
                        .map(|(_, h)| h)
                        .collect::<Vec<_>>()
                        .join(" or "),
                    actual: sha256,
                });
            }
            let bytes = temp.as_file().metadata().map(|m| m.len()).unwrap_or(0);
            temp.persist(&path)
                .map_err(|e| DataError::io("move the download into", &path, e.error))?;
            report.push(Fetched {
                path: file.path,
                outcome: Outcome::Downloaded { bytes, url },
            });
        }
        Ok(report)
    }

    /// Streams `url` into a new temporary file in `folder`, hashing as it goes; `crlf` turns
    /// each CRLF into LF on the way. Returns the file and the SHA-256 of what was written.
    fn download(
        &self,
        url: &str,
        folder: &Path,
        label: &str,
        expected_size: Option<u64>,
        crlf: bool,
        progress: &mut dyn Progress,
    ) -> Result<(NamedTempFile, String)> {
        let failed = |reason: String| DataError::Download {
            url: url.to_owned(),
            reason,
        };
        let response = self
            .agent
            .get(url)
            .call()
            .map_err(|e| failed(e.to_string()))?;
        let declared = response
            .headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let temp = temp_file(folder)?;
        let mut out = BufWriter::new(temp.as_file());
        let mut reader = response.into_body().into_reader();
        let mut hasher = Sha256::new();
        let mut lines = CrlfToLf::default();
        let mut buf = vec![0; 1 << 16];
        let mut received = 0u64;
        progress.start(label, declared.or(expected_size));
        let streamed: Result<()> = (|| loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => return Ok(()),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(failed(format!(
                        "the connection broke after {received} bytes ({e})"
                    )));
                }
            };
            received += n as u64;
            progress.advance(n as u64);
            let chunk = if crlf {
                lines.convert(&buf[..n])
            } else {
                &buf[..n]
            };
            hasher.update(chunk);
            out.write_all(chunk)
                .map_err(|e| DataError::io("write", temp.path(), e))?;
        })();
        progress.finish();
        streamed?;
        if crlf && lines.pending_cr {
            hasher.update(b"\r");
            out.write_all(b"\r")
                .map_err(|e| DataError::io("write", temp.path(), e))?;
        }
        out.flush()
            .map_err(|e| DataError::io("write", temp.path(), e))?;
        drop(out);
        if let Some(declared) = declared.filter(|&d| d != received) {
            return Err(failed(format!(
                "the server promised {declared} bytes and sent {received}"
            )));
        }
        Ok((temp, hex(&hasher.finalize())))
    }
}

/// A temporary file in `folder` (same file system, so the final rename is atomic), readable by
/// all like the files it becomes; deleted unless persisted.
fn temp_file(folder: &Path) -> Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".llmpath-fetch-");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    builder
        .tempfile_in(folder)
        .map_err(|e| DataError::io("create a temporary file in", folder, e))
}

/// Copies `member` of the zip in `archive` into a temporary file in `folder`, hashing it.
fn unpack(
    archive: &NamedTempFile,
    url: &str,
    member: &'static str,
    folder: &Path,
) -> Result<(NamedTempFile, String)> {
    let broken = |reason: String| DataError::Archive {
        url: url.to_owned(),
        member,
        reason,
    };
    let file = archive
        .reopen()
        .map_err(|e| DataError::io("reopen", archive.path(), e))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| broken(e.to_string()))?;
    let mut entry = zip.by_name(member).map_err(|e| broken(e.to_string()))?;
    let temp = temp_file(folder)?;
    let mut out = BufWriter::new(temp.as_file());
    let mut hasher = Sha256::new();
    let mut buf = vec![0; 1 << 16];
    loop {
        let n = entry.read(&mut buf).map_err(|e| broken(e.to_string()))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n])
            .map_err(|e| DataError::io("write", temp.path(), e))?;
    }
    out.flush()
        .map_err(|e| DataError::io("write", temp.path(), e))?;
    drop(out);
    Ok((temp, hex(&hasher.finalize())))
}

/// Turns CRLF into LF across chunk boundaries (a lone CR stays).
#[derive(Debug, Default)]
struct CrlfToLf {
    pending_cr: bool,
    out: Vec<u8>,
}

impl CrlfToLf {
    fn convert(&mut self, chunk: &[u8]) -> &[u8] {
        self.out.clear();
        for &byte in chunk {
            if self.pending_cr && byte != b'\n' {
                self.out.push(b'\r');
            }
            self.pending_cr = byte == b'\r';
            if !self.pending_cr {
                self.out.push(byte);
            }
        }
        &self.out
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn crlf_becomes_lf_even_across_chunks() {
        let mut lines = CrlfToLf::default();
        let mut out = Vec::new();
        for chunk in [&b"a\r"[..], b"\nb\r", b"c\r\n\r", b"\n"] {
            out.extend_from_slice(lines.convert(chunk));
        }
        assert_eq!(out, b"a\nb\rc\n\n");
        assert!(!lines.pending_cr);
    }

    #[test]
    fn mirror_replaces_each_origin_with_the_layout_path() {
        let fetcher = Fetcher::with_mirror(Some("http://127.0.0.1:9/".into()));
        let mnist = registry::find("mnist").unwrap();
        assert_eq!(
            fetcher.url_of(&mnist.files[0]),
            "http://127.0.0.1:9/mnist/train-images-idx3-ubyte.gz"
        );
        let direct = Fetcher::with_mirror(None);
        assert!(
            direct
                .url_of(&mnist.files[1])
                .starts_with("https://storage.googleapis.com/")
        );
    }
}
