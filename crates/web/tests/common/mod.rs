//! A dashboard on a temporary progress database, driven with `tower::ServiceExt::oneshot`, and
//! a seeded history: statuses, study time, a plan, a lab run with plots, exercise attempts.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use chrono::{DateTime, FixedOffset, Utc};
use llmpath_content::{Curriculum, Lang};
use llmpath_progress::{ExerciseEvent, ExerciseEventKind, Status, Store};
use llmpath_web::{Dashboard, HostCheck, Now, Options};
use tower::ServiceExt;

pub const PORT: u16 = 8737;
pub const HOST: &str = "127.0.0.1:8737";
/// A Wednesday; the seeded plan starts on the Monday before.
pub const NOW: &str = "2026-03-04T10:00:00Z";
pub const TOPIC: &str = "s1.math.vectors-matrices";

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub dashboard: Dashboard,
    pub router: Router,
    pub token: String,
    pub curriculum: Curriculum,
}

pub fn now() -> DateTime<Utc> {
    NOW.parse().expect("NOW parses")
}

/// A dashboard on an empty database.
pub fn empty() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("progress.sqlite3");
    let curriculum = Curriculum::embedded().expect("embedded curriculum");
    let clock = Arc::new(|| Now {
        now: now(),
        offset: FixedOffset::east_opt(0).expect("UTC"),
    });
    let dashboard = Dashboard::open(
        curriculum.clone(),
        Options {
            database: db.clone(),
            default_lang: Lang::En,
            clock,
            hosts: HostCheck {
                bind: IpAddr::from([127, 0, 0, 1]),
                port: PORT,
            },
        },
    )
    .expect("dashboard opens");
    let router = dashboard.router();
    let token = dashboard.csrf_token().to_owned();
    Fixture {
        dir,
        db,
        dashboard,
        router,
        token,
        curriculum,
    }
}

/// A dashboard on a database with some history.
pub fn seeded() -> Fixture {
    let fixture = empty();
    fixture.seed();
    fixture
}

impl Fixture {
    /// A second handle on the database, as the CLI opens it.
    pub fn cli_store(&self) -> Store {
        Store::open(&self.db).expect("store opens")
    }

    pub fn lab(&self) -> String {
        self.curriculum.labs[0].id.clone()
    }

    /// The output folder of the seeded lab run.
    pub fn run_dir(&self) -> PathBuf {
        self.dir.path().join("runs").join("first")
    }

    fn seed(&self) {
        let mut store = self.cli_store();
        let at = |s: &str| s.parse::<DateTime<Utc>>().expect("time");
        store
            .record_status(TOPIC, Status::Done, at("2026-03-02T09:00:00Z"))
            .expect("status");
        store
            .record_study(90, Some(TOPIC), Some("by hand"), at("2026-03-02T10:00:00Z"))
            .expect("study");
        store
            .record_study(30, None, None, at("2026-03-03T10:00:00Z"))
            .expect("study");
        let options = llmpath_plan::PlanOptions::starting("2026-03-02".parse().expect("date"));
        let status = |_: &str| Status::Pending;
        let plan = llmpath_plan::build(
            &self.curriculum,
            &options,
            &llmpath_plan::Progress {
                status: &status,
                logged_minutes: &BTreeMap::new(),
            },
        )
        .expect("plan builds");
        store
            .save_plan(&serde_json::to_string(&plan).expect("json"), now())
            .expect("plan saved");

        // A lab run: two plots, a file not in the report, a link out of the folder.
        let out = self.run_dir();
        std::fs::create_dir_all(&out).expect("run dir");
        std::fs::write(out.join("loss.svg"), SVG).expect("svg");
        std::fs::write(out.join("curve.png"), b"\x89PNG\r\n\x1a\n").expect("png");
        std::fs::write(out.join("unlisted.txt"), "not in the report").expect("txt");
        std::fs::write(self.dir.path().join("secret.txt"), "outside the run").expect("secret");
        #[cfg(unix)]
        std::os::unix::fs::symlink(self.dir.path().join("secret.txt"), out.join("escape.svg"))
            .expect("symlink");
        let report = serde_json::json!({
            "lab": self.lab(),
            "dataset": "iris",
            "seed": 42,
            "quick": false,
            "metrics": {"accuracy": 0.96, "p_value": 3.7e-59},
            "reference": {"accuracy": {"value": 0.9533, "source": "scikit-learn 1.9.1"}},
            "artifacts": ["loss.svg", "curve.png", "escape.svg", "../secret.txt"],
            "seconds": 1.25,
        });
        store
            .record_lab_run(&self.lab(), &out, 1.25, &report.to_string(), now())
            .expect("lab run");
        let exercise = self.curriculum.exercises[0].id.clone();
        for (kind, result, detail) in [
            (ExerciseEventKind::Attempt, Some("failed"), "a check"),
            (ExerciseEventKind::Hint, None, "1"),
            (ExerciseEventKind::Attempt, Some("passed"), ""),
        ] {
            store
                .record_exercise_event(&ExerciseEvent {
                    at: now(),
                    exercise: exercise.clone(),
                    kind,
                    result: result.map(str::to_owned),
                    detail: detail.to_owned(),
                })
                .expect("exercise event");
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body");
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(request("GET", path).body(Body::empty()).expect("request"))
            .await
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Reply {
        let body = form
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(
            request("POST", path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .expect("request"),
        )
        .await
    }

    pub async fn post_json(
        &self,
        path: &str,
        token: Option<&str>,
        body: &serde_json::Value,
    ) -> Reply {
        let mut builder = request("POST", path).header(header::CONTENT_TYPE, "application/json");
        if let Some(token) = token {
            builder = builder.header("x-csrf-token", token);
        }
        self.send(builder.body(Body::from(body.to_string())).expect("request"))
            .await
    }
}

/// A request with the Host a browser on 127.0.0.1:PORT sends.
pub fn request(method: &str, path: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, HOST)
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// How many `<h1` elements the page has.
    pub fn h1_count(&self) -> usize {
        self.body.matches("<h1").count()
    }
}

pub const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>"#;

pub fn exists(path: &Path) -> bool {
    path.exists()
}
