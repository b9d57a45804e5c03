//! The llmpath dashboard: a local web server over the curriculum and the progress store.
//!
//! `llmpath serve` binds a [`tokio::net::TcpListener`] (127.0.0.1 by default), opens a
//! [`Dashboard`] on the learner's progress database and hands both to [`serve`]. Pages are
//! server-rendered HTML (askama templates, auto-escaped) with one small CSS and one small JS
//! file embedded in the binary; every form works without JavaScript. A JSON API lives under
//! `/api/` and is described by `openapi.yaml` (served at `/api/openapi.yaml`).
//!
//! The modules, one concern each:
//! - `snapshot`: state derived from the store, cached until `PRAGMA data_version` says the
//!   database changed (a CLI write, or one of ours), so a page view costs no work proportional
//!   to the event history;
//! - `writes`: status changes and study time, through `llmpath_progress::Store` exactly as
//!   the CLI records them (source `"web"`);
//! - `security`: the CSRF token, the `Host`/`Origin` check against DNS rebinding, and the
//!   response headers (CSP and friends);
//! - `pages`: one module per page; `charts`: the heatmap and weekly bars; `api`: JSON;
//!   `artifacts`: a lab run's plots, served only from that run's folder;
//! - `i18n`: every user-facing string in Chinese and English, and the `?lang=` / cookie switch;
//! - `error`: bilingual 400/403/404/500 pages (JSON under `/api/`), never a panic.

mod api;
mod artifacts;
mod assets;
mod charts;
mod error;
mod i18n;
mod layout;
mod pages;
mod security;
mod snapshot;
mod writes;

use std::future::Future;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::routing::{get, post};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use llmpath_content::{Curriculum, Lang};
use llmpath_progress::{Store, StoreError};

pub use error::WebError;
pub use security::HostCheck;

/// The `source` recorded on the events the dashboard writes (the CLI's is `"cli"`).
pub const EVENT_SOURCE: &str = "web";

/// The OpenAPI 3.1 description of `/api/`, served at `/api/openapi.yaml`.
pub const OPENAPI_YAML: &str = include_str!("../openapi.yaml");

/// The moment a request is answered, in the learner's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    pub now: DateTime<Utc>,
    /// The learner's UTC offset: days, weeks and streaks are local.
    pub offset: FixedOffset,
}

impl Now {
    /// The local date.
    pub fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.offset).date_naive()
    }
}

/// Reads the clock (the CLI passes one that honours `LLMPATH_NOW`, tests pin it).
pub type Clock = Arc<dyn Fn() -> Now + Send + Sync>;

/// What the dashboard needs to run.
pub struct Options {
    /// The progress database (created and migrated if needed, as the CLI does).
    pub database: PathBuf,
    /// The language of a browser that has not chosen one (`?lang=` or the cookie).
    pub default_lang: Lang,
    pub clock: Clock,
    /// The address and port the listener is bound to: the `Host` check accepts only them.
    pub hosts: HostCheck,
}

/// An open dashboard: the shared state behind every request.
#[derive(Clone)]
pub struct Dashboard {
    state: Arc<Shared>,
}

impl std::fmt::Debug for Dashboard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dashboard")
            .field("database", &self.state.database)
            .finish_non_exhaustive()
    }
}

/// State shared by all requests.
pub(crate) struct Shared {
    pub curriculum: Curriculum,
    pub database: PathBuf,
    pub cache: snapshot::Cache,
    /// The connection writes go through (`source = "web"`), one write at a time.
    pub writer: Mutex<Store>,
    pub csrf: security::CsrfToken,
    pub hosts: HostCheck,
    pub default_lang: Lang,
    pub clock: Clock,
}

impl Shared {
    pub fn now(&self) -> Now {
        (self.clock)()
    }

    /// Runs `f` with the writer store on a blocking thread.
    pub async fn write<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Shared, &mut Store) -> Result<T, WebError> + Send + 'static,
    ) -> Result<T, WebError> {
        let shared = Arc::clone(self);
        blocking(move || {
            let mut store = shared.writer.lock().unwrap_or_else(PoisonError::into_inner);
            f(&shared, &mut store)
        })
        .await
    }

    /// The current `snapshot::Snapshot`, rebuilt on a blocking thread if the database changed.
    pub async fn snapshot(self: &Arc<Self>) -> Result<Arc<snapshot::Snapshot>, WebError> {
        if let Some(snapshot) = self.cache.current(self.now().offset)? {
            return Ok(snapshot);
        }
        let shared = Arc::clone(self);
        blocking(move || {
            let offset = shared.now().offset;
            shared
                .cache
                .get(&shared.curriculum, offset)
                .map_err(WebError::from)
        })
        .await
    }
}

/// Runs blocking work (SQLite, files, PDF rendering) off the async worker threads.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, WebError> + Send + 'static,
) -> Result<T, WebError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|err| WebError::Internal(format!("a worker thread failed: {err}")))?
}

impl Dashboard {
    /// Opens the progress database twice (a reader for snapshots, a writer for the forms) plus
    /// a watcher connection for `PRAGMA data_version`.
    pub fn open(curriculum: Curriculum, options: Options) -> Result<Dashboard, StoreError> {
        let writer = Store::open(&options.database)?.with_source(EVENT_SOURCE);
        let cache = snapshot::Cache::open(&options.database)?;
        Ok(Dashboard {
            state: Arc::new(Shared {
                curriculum,
                database: options.database,
                cache,
                writer: Mutex::new(writer),
                csrf: security::CsrfToken::random(),
                hosts: options.hosts,
                default_lang: options.default_lang,
                clock: options.clock,
            }),
        })
    }

    /// The token every POST must carry (random per start; tests read it here).
    pub fn csrf_token(&self) -> &str {
        self.state.csrf.as_str()
    }

    /// Every route: pages, forms, the JSON API and static files.
    pub fn router(&self) -> Router {
        let state = Arc::clone(&self.state);
        Router::new()
            .route("/", get(pages::home::page))
            .route("/roadmap", get(pages::roadmap::page))
            .route("/topics/{id}", get(pages::topic::page))
            .route("/topics/{id}/status", post(pages::topic::set_status))
            .route("/topics/{id}/log", post(pages::topic::log_time))
            .route("/log", post(pages::topic::log_time_anywhere))
            .route("/plan", get(pages::plan::page))
            .route("/plan/export", get(pages::plan::export))
            .route("/labs", get(pages::labs::list))
            .route("/labs/{id}", get(pages::labs::lab))
            .route("/labs/{id}/runs/{n}", get(pages::labs::run))
            .route("/labs/{id}/runs/{n}/files/{*path}", get(artifacts::file))
            .route("/exercises", get(pages::exercises::page))
            .route("/stats", get(pages::stats::page))
            .merge(api::routes())
            .route("/static/{name}", get(assets::file))
            .route("/favicon.ico", get(assets::favicon))
            .fallback(error::not_found)
            // Outermost last: `frame` picks the language and renders errors, including the
            // refusals of `guard`.
            .layer(axum::middleware::from_fn_with_state(
                Arc::clone(&state),
                security::guard,
            ))
            .layer(axum::middleware::from_fn_with_state(
                Arc::clone(&state),
                error::frame,
            ))
            .with_state(state)
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then finishes the requests in
/// flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Whether `ip` only reaches this machine.
pub fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}
