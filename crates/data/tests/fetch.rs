//! `fetch` against local HTTP servers on 127.0.0.1 serving the offline copy of the data (as a
//! mirror of llmpath's data layout, or as a file's origin): good downloads land and verify;
//! altered or cut-short downloads are refused and leave no file behind.
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;

use llmpath_data::registry::{self, DataFile, Dataset, Origin};
use llmpath_data::{
    Checksum, DataDir, DataError, Fetched, Fetcher, NoProgress, Outcome, Presence, load, verify,
};

/// The offline copy of the datasets.
fn shared_data() -> PathBuf {
    match std::env::var_os("LLMPATH_DATA").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    }
}

/// A tiny_http server on an ephemeral port; `route` maps a request path (without the leading
/// `/`) to a body, or `None` for 404. Stops when dropped.
struct Server {
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
    url: String,
    requests: Arc<AtomicUsize>,
}

impl Server {
    fn start(route: impl Fn(&str) -> Option<Vec<u8>> + Send + 'static) -> Server {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let requests = Arc::new(AtomicUsize::new(0));
        let (srv, count) = (Arc::clone(&server), Arc::clone(&requests));
        let thread = std::thread::spawn(move || {
            while let Ok(request) = srv.recv() {
                count.fetch_add(1, Ordering::SeqCst);
                let response = match route(request.url().trim_start_matches('/')) {
                    Some(body) => tiny_http::Response::from_data(body),
                    None => {
                        tiny_http::Response::from_data(b"not here".to_vec()).with_status_code(404)
                    }
                };
                let _ = request.respond(response);
            }
        });
        Server {
            server,
            thread: Some(thread),
            url: format!("http://127.0.0.1:{port}"),
            requests,
        }
    }

    /// Serves the offline copy, passing each file through `alter`.
    fn mirror(alter: fn(&mut Vec<u8>)) -> Server {
        let root = shared_data();
        Server::start(move |path| {
            let mut bytes = std::fs::read(root.join(path)).ok()?;
            alter(&mut bytes);
            Some(bytes)
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A server that promises the whole of `body` in Content-Length, sends half and hangs up
/// (tiny_http always finishes a response, so this one speaks raw HTTP). Serves `connections`
/// requests, then its thread ends.
fn cut_short_server(body: Vec<u8>, connections: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(connections) {
            let mut stream = stream.unwrap();
            let mut request = Vec::new();
            let mut byte = [0; 1];
            while !request.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                request.push(byte[0]);
            }
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body[..body.len() / 2]);
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    });
    url
}

/// Every file under `dir`, recursively (temporary files included).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

fn leak<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}

/// A one-off dataset whose files come from `origin(file)` (tests of origins other than the
/// mirror).
fn dataset_from(name: &'static str, files: &[(&'static DataFile, Origin)]) -> &'static Dataset {
    let files: Vec<DataFile> = files
        .iter()
        .map(|(file, origin)| DataFile {
            origin: *origin,
            ..**file
        })
        .collect();
    let template = registry::find(name).unwrap();
    leak(Dataset {
        files: Box::leak(files.into_boxed_slice()),
        ..*template
    })
}

fn url(base: &str, path: &str) -> &'static str {
    Box::leak(format!("{base}/{path}").into_boxed_str())
}

#[test]
fn good_download_lands_verifies_and_loads_then_is_skipped() {
    let server = Server::mirror(|_| {});
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::new(tmp.path());
    let fetcher = Fetcher::with_mirror(Some(format!("{}/", server.url)));
    let iris = registry::find("iris").unwrap();

    let report = fetcher.fetch(iris, &dir, &mut NoProgress).unwrap();
    assert_eq!(report.len(), 3);
    for Fetched { path, outcome } in &report {
        let Outcome::Downloaded { bytes, url } = outcome else {
            panic!("{path}: {outcome:?}")
        };
        assert_eq!(*bytes, iris.file(path).unwrap().size);
        assert_eq!(*url, format!("{}/{path}", server.url));
    }
    let state = verify::status(&dir, iris, true).unwrap();
    assert_eq!(
        (state.presence, state.checksum),
        (Presence::Present, Checksum::Ok)
    );
    assert_eq!(load::iris(&dir).unwrap().x.dim(), (150, 4));
    assert_eq!(
        files_under(tmp.path()).len(),
        3,
        "no temporary file is left"
    );

    let again = fetcher.fetch(iris, &dir, &mut NoProgress).unwrap();
    assert!(
        again.iter().all(|f| f.outcome == Outcome::AlreadyThere),
        "{again:?}"
    );
    assert_eq!(server.requests.load(Ordering::SeqCst), 3);
}

#[test]
fn altered_download_is_refused_and_nothing_is_left() {
    let server = Server::mirror(|bytes| {
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x20;
    });
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::new(tmp.path());
    let fetcher = Fetcher::with_mirror(Some(server.url.clone()));
    let err = fetcher
        .fetch(registry::find("titanic").unwrap(), &dir, &mut NoProgress)
        .unwrap_err();
    let DataError::ChecksumMismatch {
        path,
        expected,
        actual,
        ..
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!(*path, "titanic/train.csv");
    assert_eq!(
        expected,
        "7d118fef8b6ccf7f81111877bc388536f7b1e498a655e3d649d19aaa010e9f6f"
    );
    assert_ne!(actual, expected);
    let text = err.to_string();
    assert!(text.contains(expected) && text.contains(actual), "{text}");
    assert_eq!(files_under(tmp.path()), Vec::<PathBuf>::new());
}

#[test]
fn download_cut_short_is_refused_and_nothing_is_left() {
    let body = std::fs::read(shared_data().join("tiny_shakespeare/input.txt")).unwrap();
    let base = cut_short_server(body, 1);
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::new(tmp.path());
    let err = Fetcher::with_mirror(Some(base))
        .fetch(
            registry::find("tiny_shakespeare").unwrap(),
            &dir,
            &mut NoProgress,
        )
        .unwrap_err();
    assert!(matches!(err, DataError::Download { .. }), "{err}");
    assert!(err.to_string().contains("no file was written"), "{err}");
    assert_eq!(files_under(tmp.path()), Vec::<PathBuf>::new());
}

#[test]
fn missing_file_on_the_server_is_a_clear_error() {
    let server = Server::start(|_| None);
    let tmp = tempfile::tempdir().unwrap();
    let err = Fetcher::with_mirror(Some(server.url.clone()))
        .fetch(
            registry::find("wine").unwrap(),
            &DataDir::new(tmp.path()),
            &mut NoProgress,
        )
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("sklearn/wine_data.csv") && err.contains("404"),
        "{err}"
    );
    assert_eq!(files_under(tmp.path()), Vec::<PathBuf>::new());
}

#[test]
fn zip_members_are_unpacked_from_one_download_and_checked() {
    // A zip laid out like GroupLens's ml-100k.zip, holding two of its small files.
    let movielens = registry::find("movielens_100k").unwrap();
    let members = ["u.genre", "u.info"];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for name in members {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file(format!("ml-100k/{name}"), options).unwrap();
        zip.write_all(&std::fs::read(shared_data().join("movielens_100k").join(name)).unwrap())
            .unwrap();
    }
    let archive = zip.finish().unwrap().into_inner();
    let server = Server::start(move |path| (path == "ml-100k.zip").then(|| archive.clone()));
    let zip_url = url(&server.url, "ml-100k.zip");
    let files: Vec<(&'static DataFile, Origin)> = members
        .iter()
        .map(|name| {
            let file = movielens.file(&format!("movielens_100k/{name}")).unwrap();
            let Origin::Zip { member, .. } = file.origin else {
                panic!("{file:?}")
            };
            (
                file,
                Origin::Zip {
                    url: zip_url,
                    member,
                },
            )
        })
        .collect();
    let dataset = dataset_from("movielens_100k", &files);

    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::new(tmp.path());
    let report = Fetcher::with_mirror(None)
        .fetch(dataset, &dir, &mut NoProgress)
        .unwrap();
    assert_eq!(report.len(), 2);
    assert_eq!(
        server.requests.load(Ordering::SeqCst),
        1,
        "the archive is fetched once"
    );
    assert_eq!(
        verify::status(&dir, dataset, true).unwrap().checksum,
        Checksum::Ok
    );
    assert_eq!(files_under(tmp.path()).len(), 2, "the archive is not kept");
}

#[test]
fn crlf_origin_is_converted_to_the_registrys_lf_bytes() {
    let sst2 = registry::find("sst2").unwrap();
    let dev = sst2.file("sst2/dev.tsv").unwrap();
    let lf = std::fs::read(shared_data().join(dev.path)).unwrap();
    let crlf = String::from_utf8(lf)
        .unwrap()
        .replace('\n', "\r\n")
        .into_bytes();
    let server = Server::start(move |_| Some(crlf.clone()));
    let dataset = dataset_from(
        "sst2",
        &[(dev, Origin::UrlCrlf(url(&server.url, "dev.tsv")))],
    );

    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::new(tmp.path());
    Fetcher::with_mirror(None)
        .fetch(dataset, &dir, &mut NoProgress)
        .unwrap();
    let state = verify::status(&dir, dataset, true).unwrap();
    assert_eq!(state.checksum, Checksum::Ok);
}

#[test]
fn publishers_equivalent_file_is_accepted_with_its_own_hash() {
    // Another gzip of the same labels stands in for LeCun's train-images gzip.
    let labels = shared_data().join("mnist/t10k-labels-idx1-ubyte.gz");
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(labels).unwrap())
        .read_to_end(&mut raw)
        .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&raw).unwrap();
    let other = gz.finish().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    std::fs::write(scratch.path().join("other.gz"), &other).unwrap();
    let sha256 = verify::sha256_file(&scratch.path().join("other.gz")).unwrap();
    let size = other.len() as u64;
    let server = Server::start(move |_| Some(other.clone()));

    let mnist = registry::find("mnist").unwrap();
    let file = mnist.file("mnist/t10k-labels-idx1-ubyte.gz").unwrap();
    let equivalent = Origin::Equivalent {
        url: url(&server.url, "t10k-labels-idx1-ubyte.gz"),
        size,
        sha256: Box::leak(sha256.into_boxed_str()),
    };
    let dataset = dataset_from("mnist", &[(file, equivalent)]);
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::new(tmp.path());
    Fetcher::with_mirror(None)
        .fetch(dataset, &dir, &mut NoProgress)
        .unwrap();
    assert_eq!(
        verify::status(&dir, dataset, true).unwrap().checksum,
        Checksum::Ok
    );
    let read = load::read_idx_labels(&dir.join(file.path)).unwrap();
    assert_eq!(read.len(), 10000);
}

#[test]
fn fetch_by_name_refuses_unknown_names() {
    let tmp = tempfile::tempdir().unwrap();
    let err = llmpath_data::fetch("irs", &DataDir::new(tmp.path()), &mut NoProgress).unwrap_err();
    assert!(matches!(err, DataError::UnknownDataset { .. }), "{err}");
}
