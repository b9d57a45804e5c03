//! `llmpath data list|verify|fetch` end to end: on the offline copy of the datasets, on a
//! sandbox data folder, and fetching from a local mirror on 127.0.0.1.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;
use std::thread::JoinHandle;

use common::Sandbox;
use serde_json::Value;

/// The offline copy of the datasets (CI sets LLMPATH_DATA to it).
fn shared_data() -> PathBuf {
    match std::env::var_os("LLMPATH_DATA").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    }
}

/// A mirror of llmpath's data layout: tiny_http on an ephemeral port serving the offline copy.
struct Mirror {
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
    url: String,
}

impl Mirror {
    fn start() -> Mirror {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let url = format!(
            "http://127.0.0.1:{}/",
            server.server_addr().to_ip().unwrap().port()
        );
        let (srv, root) = (Arc::clone(&server), shared_data());
        let thread = std::thread::spawn(move || {
            while let Ok(request) = srv.recv() {
                let path = root.join(request.url().trim_start_matches('/'));
                let _ = match std::fs::read(path) {
                    Ok(bytes) => request.respond(tiny_http::Response::from_data(bytes)),
                    Err(_) => request.respond(tiny_http::Response::empty(404)),
                };
            }
        });
        Mirror {
            server,
            thread: Some(thread),
            url,
        }
    }
}

impl Drop for Mirror {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Runs `llmpath ARGS` with the data folder `data` (and the mirror, if any).
fn run(sandbox: &Sandbox, data: &Path, mirror: Option<&str>, args: &[&str]) -> Output {
    let mut command = sandbox.command(args);
    command.env("LLMPATH_DATA", data);
    match mirror {
        Some(url) => command.env("LLMPATH_DATA_MIRROR", url),
        None => command.env_remove("LLMPATH_DATA_MIRROR"),
    };
    command.output().unwrap()
}

fn ok(sandbox: &Sandbox, data: &Path, mirror: Option<&str>, args: &[&str]) -> String {
    let output = run(sandbox, data, mirror, args);
    if !output.status.success() {
        sandbox.dump(args, &output);
        panic!("llmpath {args:?} failed");
    }
    String::from_utf8(output.stdout).unwrap()
}

fn failing(sandbox: &Sandbox, data: &Path, args: &[&str]) -> (String, String) {
    let output = run(sandbox, data, None, args);
    if output.status.success() {
        sandbox.dump(args, &output);
        panic!("llmpath {args:?} succeeded but should have failed");
    }
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn dataset<'a>(list: &'a Value, name: &str) -> &'a Value {
    list["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == name)
        .unwrap()
}

#[test]
fn list_json_on_the_offline_copy_shows_every_dataset_present() {
    let sandbox = Sandbox::new();
    let out = ok(&sandbox, &shared_data(), None, &["data", "list", "--json"]);
    let list: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(list["schema"], "llmpath.data-list/1");
    assert_eq!(list["verified"], false);
    let datasets = list["datasets"].as_array().unwrap();
    assert_eq!(datasets.len(), 20);
    // All but those only `llmpath data fetch` brings: the full CIFAR-10 (170 MB), text8 (100 MB)
    // and the all-MiniLM-L6-v2 encoder (91 MB).
    let fetch_only = ["cifar10", "text8", "all_minilm_l6_v2"];
    for d in datasets
        .iter()
        .filter(|d| !fetch_only.iter().any(|name| d["name"] == *name))
    {
        assert_eq!(d["status"], "present", "{}", d["name"]);
        assert_eq!(d["checksum"], "unchecked", "{}", d["name"]);
        assert_eq!(d["bytes_on_disk"], d["bytes"], "{}", d["name"]);
        assert!(d["summary"]["zh"].is_string() && d["summary"]["en"].is_string());
    }
    for name in fetch_only {
        assert_eq!(dataset(&list, name)["status"], "missing", "{name}");
    }
    let mnist = dataset(&list, "mnist");
    assert_eq!(mnist["files"].as_array().unwrap().len(), 4);
    assert!(
        mnist["files"][1]["url"]
            .as_str()
            .unwrap()
            .starts_with("https://storage.googleapis.com/")
    );
    let movielens = dataset(&list, "movielens_100k");
    assert!(
        movielens["files"][0]["url"]
            .as_str()
            .unwrap()
            .starts_with("https://files.grouplens.org/")
    );
}

#[test]
fn list_in_an_empty_folder_says_missing_and_how_to_fetch() {
    let sandbox = Sandbox::new();
    let data = sandbox.dir.path().join("data");
    let list: Value = serde_json::from_str(&ok(
        &sandbox,
        &data,
        None,
        &["data", "list", "--json", "--verify"],
    ))
    .unwrap();
    assert_eq!(list["verified"], true);
    assert!(
        list["datasets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["status"] == "missing")
    );
    let text = ok(&sandbox, &data, None, &["data", "list"]);
    assert!(
        text.contains("Fetch what is missing: llmpath data fetch iris digits"),
        "{text}"
    );
}

#[test]
fn verify_passes_on_the_offline_copy() {
    let sandbox = Sandbox::new();
    let out = ok(&sandbox, &shared_data(), None, &["data", "verify"]);
    assert!(
        out.contains("mnist") && out.contains("4/4 files ok"),
        "{out}"
    );
    assert!(!out.contains("MISMATCH"), "{out}");
    let json: Value = serde_json::from_str(&ok(
        &sandbox,
        &shared_data(),
        None,
        &["data", "verify", "iris", "--json"],
    ))
    .unwrap();
    assert_eq!(json["schema"], "llmpath.data-verify/1");
    assert_eq!(json["ok"], true);
    assert_eq!(json["datasets"][0]["checksum"], "ok");
}

#[test]
fn verify_fails_naming_the_file_with_one_altered_byte() {
    let sandbox = Sandbox::new();
    let data = sandbox.dir.path().join("data");
    let iris = [
        "sklearn/iris.csv",
        "sklearn/descr/iris.rst",
        "sklearn/COPYING.scikit-learn",
    ];
    for file in iris {
        // Read and write (not copy): CI's offline copy is read-only.
        let mut bytes = std::fs::read(shared_data().join(file)).unwrap();
        if file == "sklearn/iris.csv" {
            bytes[200] ^= 1;
        }
        std::fs::create_dir_all(data.join(file).parent().unwrap()).unwrap();
        std::fs::write(data.join(file), bytes).unwrap();
    }
    let (stdout, stderr) = failing(&sandbox, &data, &["data", "verify"]);
    assert!(
        stdout.contains("MISMATCH") && stdout.contains("iris.csv"),
        "{stdout}"
    );
    assert!(
        stderr.contains("1 file(s) do not match the registry: sklearn/iris.csv"),
        "{stderr}"
    );
    assert!(stderr.contains("llmpath data fetch iris"), "{stderr}");

    let (_, stderr) = failing(&sandbox, &data, &["data", "verify", "iris"]);
    assert!(stderr.contains("sklearn/iris.csv"), "{stderr}");
    // Present and listed as such, but mismatched once verified.
    let list: Value = serde_json::from_str(&ok(
        &sandbox,
        &data,
        None,
        &["data", "list", "--json", "--verify"],
    ))
    .unwrap();
    let iris = dataset(&list, "iris");
    assert_eq!(
        (&iris["status"], &iris["checksum"]),
        (&Value::from("present"), &Value::from("mismatch"))
    );
}

#[test]
fn verify_of_a_named_missing_dataset_fails_with_the_fetch_command() {
    let sandbox = Sandbox::new();
    let (_, stderr) = failing(
        &sandbox,
        &sandbox.dir.path().join("data"),
        &["data", "verify", "mnist"],
    );
    assert!(
        stderr.contains("dataset `mnist` is missing")
            && stderr.contains("llmpath data fetch mnist"),
        "{stderr}"
    );
}

#[test]
fn fetch_iris_from_a_local_mirror_into_an_empty_folder() {
    let mirror = Mirror::start();
    let sandbox = Sandbox::new();
    let data = sandbox.dir.path().join("data");
    let output = run(
        &sandbox,
        &data,
        Some(&mirror.url),
        &["data", "fetch", "iris"],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        sandbox.dump(&["data", "fetch", "iris"], &output);
        panic!("fetch failed");
    }
    assert!(
        stdout.contains("downloaded     sklearn/iris.csv (2.7 KiB"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("Mirror: {}", mirror.url)),
        "{stdout}"
    );
    // stdout is a pipe: no progress bar anywhere.
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(
        std::fs::read(data.join("sklearn/iris.csv")).unwrap(),
        std::fs::read(shared_data().join("sklearn/iris.csv")).unwrap()
    );
    ok(&sandbox, &data, None, &["data", "verify", "iris"]);

    // Again: nothing to download.
    let json: Value = serde_json::from_str(&ok(
        &sandbox,
        &data,
        Some(&mirror.url),
        &["data", "fetch", "iris", "--json"],
    ))
    .unwrap();
    assert_eq!(json["schema"], "llmpath.data-fetch/1");
    assert_eq!(json["datasets"][0]["ok"], true);
    let outcomes: Vec<&Value> = json["datasets"][0]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["outcome"])
        .collect();
    assert_eq!(outcomes, [&Value::from("already-there"); 3]);
}

#[test]
fn fetch_reports_a_dataset_the_mirror_lacks_and_fails() {
    let mirror = Mirror::start();
    let sandbox = Sandbox::new();
    let data = sandbox.dir.path().join("data");
    let bogus = format!("{}nothing-here/", mirror.url);
    let output = run(&sandbox, &data, Some(&bogus), &["data", "fetch", "wine"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("1 of 1 dataset(s) could not be fetched") && stderr.contains("404"),
        "{stderr}"
    );
}

#[test]
fn unknown_names_get_the_nearest_ones() {
    let sandbox = Sandbox::new();
    let data = sandbox.dir.path().join("data");
    let (_, stderr) = failing(&sandbox, &data, &["data", "fetch", "irs"]);
    assert!(
        stderr.contains("unknown dataset \"irs\". Did you mean: iris?"),
        "{stderr}"
    );
    let (_, stderr) = failing(&sandbox, &data, &["data", "verify", "mnst"]);
    assert!(stderr.contains("Did you mean: mnist"), "{stderr}");
    let (_, stderr) = failing(&sandbox, &data, &["data", "fetch"]);
    assert!(stderr.contains("--all"), "{stderr}");
    assert!(!data.exists(), "nothing was created");
}

#[test]
fn doctor_counts_datasets_from_the_registry() {
    let sandbox = Sandbox::new();
    let output = run(
        &sandbox,
        &sandbox.dir.path().join("data"),
        None,
        &["doctor", "--json"],
    );
    let doctor: Value = serde_json::from_slice(&output.stdout).unwrap();
    let data = doctor["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "data")
        .unwrap();
    assert!(
        data["detail"]
            .as_str()
            .unwrap()
            .contains("0 of 17 datasets present"),
        "{data}"
    );
    assert!(
        data["fix"]
            .as_str()
            .unwrap()
            .contains("llmpath data fetch iris"),
        "{data}"
    );
}
