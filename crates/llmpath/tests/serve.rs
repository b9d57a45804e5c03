//! `llmpath serve` as a learner runs it: a child process on a free port, fetched over real
//! HTTP, used alongside the CLI on the same database, stopped with Ctrl-C (SIGINT).
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::Sandbox;

/// A running `llmpath serve --port 0`, killed if a test fails before stopping it.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(sandbox: &Sandbox, extra: &[&str]) -> Server {
    let mut args = vec!["serve", "--port", "0"];
    args.extend_from_slice(extra);
    let mut child = sandbox
        .command(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let url = line
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    let port = url
        .trim_start_matches("http://127.0.0.1:")
        .trim_end_matches('/')
        .parse()
        .unwrap_or_else(|_| panic!("no port in {url}"));
    Server { child, port }
}

/// A plain HTTP/1.1 request; returns the status line and the body.
fn fetch(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (
        head.lines().next().unwrap_or("").to_owned(),
        body.to_owned(),
    )
}

fn get(port: u16, path: &str) -> (String, String) {
    fetch(port, "GET", path, &[], "")
}

#[test]
fn serve_answers_on_a_free_port_and_sees_the_clis_writes() {
    let sandbox = Sandbox::new();
    let server = start(&sandbox, &[]);
    let (status, body) = get(server.port, "/");
    assert!(status.contains("200"), "{status}\n{body}");
    assert_eq!(body.matches("<h1").count(), 1);
    assert!(
        body.contains("Your study today"),
        "LLMPATH_LANG=en is the default language"
    );

    let (_, before) = get(server.port, "/api/topics/s1.math.svd");
    assert!(before.contains("\"status\":\"pending\""), "{before}");
    sandbox.run(&["done", "s1.math.svd"]);
    let (_, after) = get(server.port, "/api/topics/s1.math.svd");
    assert!(after.contains("\"status\":\"done\""), "{after}");

    // A write from the page's form shows in the CLI.
    let (_, page) = get(server.port, "/topics/s1.math.eigen");
    let token = page
        .split("name=\"csrf-token\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let (status, _) = fetch(
        server.port,
        "POST",
        "/topics/s1.math.eigen/status",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        &format!("csrf={token}&status=learning"),
    );
    assert!(status.contains("303"), "{status}");
    let show = sandbox.json(&["show", "s1.math.eigen"]);
    assert_eq!(show["topic"]["status"], "learning");

    // Another site's page cannot use the dashboard.
    let (status, _) = fetch(
        server.port,
        "POST",
        "/topics/s1.math.eigen/status",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        "status=done",
    );
    assert!(status.contains("403"), "{status}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let sandbox = Sandbox::new();
    let mut server = start(&sandbox, &[]);
    assert!(get(server.port, "/roadmap").0.contains("200"));
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    let mut stderr = String::new();
    server
        .child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(stderr.contains("Dashboard stopped."), "{stderr}");
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let sandbox = Sandbox::new();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = sandbox
        .command(&["serve", "--port", &port])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot listen on 127.0.0.1:"), "{stderr}");
    assert!(stderr.contains("--port 0"), "{stderr}");
}

#[test]
fn the_help_lists_serve_and_its_options() {
    let sandbox = Sandbox::new();
    let help = sandbox.run(&["serve", "--help"]);
    for option in ["--port", "--bind", "--open"] {
        assert!(help.contains(option), "{help}");
    }
}
