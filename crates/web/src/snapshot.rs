//! The learner's state as the pages read it, derived from the store once per change.
//!
//! Every request first asks a dedicated "watch" connection for `PRAGMA data_version` (a
//! counter SQLite bumps whenever *another* connection commits: the CLI in a terminal, or our own
//! writer). While it is unchanged the last [`Snapshot`] is reused, so a page view does no work
//! proportional to the event history: statuses, minutes per day, week, topic and stage, the
//! parsed plan, the lab runs with their reports and the exercise history are all precomputed.
//! When it changed, one request rebuilds the snapshot on a blocking thread (the others wait for
//! it, then share it); while it did not, the check runs on the async worker ([`Cache::current`]).
//! The version is read *before* the data, so a commit racing a rebuild only causes one more
//! rebuild, never a stale page.
//!
//! A snapshot also keeps the pages rendered from it ([`Snapshot::cached_page`]), keyed by
//! language, local date and address: a page is rendered once per change of the database, and
//! served from memory until the next; its gzip variant ([`CachedPage::gzip`]) is compressed
//! once, for the first client that accepts it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock};
use std::time::Duration;

use axum::body::Bytes;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};
use flate2::Compression;
use flate2::write::GzEncoder;
use llmpath_content::Curriculum;
use llmpath_lab::Report;
use llmpath_plan::Plan;
use llmpath_progress::{EventKind, StatusEntry, Store, StoreError, stats};
use llmpath_state::LearnerState;
use llmpath_state::exercises::ExerciseHistory;
use llmpath_state::time::{StudyTime, WeekMinutes, recent_weeks};
use rusqlite::{Connection, OpenFlags};

/// Study events kept per topic for the topic page's log.
const STUDIES_PER_TOPIC: usize = 20;
/// Rendered pages kept per snapshot (a page is a few tens of kilobytes, a fifth of that gzipped).
const MAX_CACHED_PAGES: usize = 256;

/// The cached snapshot and what keeps it fresh.
pub struct Cache {
    /// Only ever runs `PRAGMA data_version`: it must never write, or it would miss its own
    /// commits.
    watch: Mutex<Connection>,
    /// Reads the store when the snapshot is rebuilt (one rebuild at a time).
    reader: Mutex<Store>,
    current: RwLock<Option<Arc<Snapshot>>>,
}

impl Cache {
    /// Opens the reader and the watch connection on the database `path` (already created and
    /// migrated by [`Store::open`]).
    pub fn open(path: &Path) -> Result<Cache, StoreError> {
        let reader = Store::open(path)?;
        let db = |source| StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        };
        let watch = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(db)?;
        watch.busy_timeout(Duration::from_secs(10)).map_err(db)?;
        Ok(Cache {
            watch: Mutex::new(watch),
            reader: Mutex::new(reader),
            current: RwLock::new(None),
        })
    }

    fn version(&self) -> Result<i64, StoreError> {
        let watch = self.watch.lock().unwrap_or_else(PoisonError::into_inner);
        watch
            .prepare_cached("PRAGMA data_version")
            .and_then(|mut statement| statement.query_row([], |row| row.get(0)))
            .map_err(|source| StoreError::Sqlite {
                path: watch.path().map(PathBuf::from).unwrap_or_default(),
                source,
            })
    }

    /// The snapshot, if the database has not changed since it was built; `None` when it must be
    /// (re)built with [`Cache::get`]. One `PRAGMA data_version`: in WAL mode a look at the shared
    /// wal-index, no disk read, a few microseconds, so the async handlers call it directly and
    /// only a rebuild goes to a blocking thread (the hop cost more than the check under load).
    pub fn current(&self, offset: FixedOffset) -> Result<Option<Arc<Snapshot>>, StoreError> {
        Ok(self.fresh(self.version()?, offset))
    }

    fn fresh(&self, version: i64, offset: FixedOffset) -> Option<Arc<Snapshot>> {
        let current = self.current.read().unwrap_or_else(PoisonError::into_inner);
        current
            .as_ref()
            .filter(|snapshot| snapshot.version == version && snapshot.offset == offset)
            .cloned()
    }

    /// The snapshot of the database as it is now, in the time zone `offset`. Blocking.
    pub fn get(
        &self,
        curriculum: &Curriculum,
        offset: FixedOffset,
    ) -> Result<Arc<Snapshot>, StoreError> {
        let version = self.version()?;
        if let Some(snapshot) = self.fresh(version, offset) {
            return Ok(snapshot);
        }
        let reader = self.reader.lock().unwrap_or_else(PoisonError::into_inner);
        // Another request may have rebuilt it while this one waited for the reader.
        let version = self.version()?;
        if let Some(snapshot) = self.fresh(version, offset) {
            return Ok(snapshot);
        }
        let snapshot = Arc::new(Snapshot::build(&reader, curriculum, version, offset)?);
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(&snapshot));
        Ok(snapshot)
    }
}

/// A rendered page, and its gzip variant once a client asked for it.
#[derive(Debug)]
pub struct CachedPage {
    pub html: Bytes,
    gzip: OnceLock<Option<Bytes>>,
}

impl CachedPage {
    /// The page gzipped, `None` if compressing failed. At the default level that is 1.5-2 ms
    /// for a 60 KB page (flate2's default backend on 2 shared cores): paid once per page and
    /// change of the database, where compressing every response would cost 50 times what
    /// serving a cached page does.
    pub fn gzip(&self) -> Option<&Bytes> {
        self.gzip
            .get_or_init(|| {
                let mut encoder = GzEncoder::new(
                    Vec::with_capacity(self.html.len() / 4),
                    Compression::default(),
                );
                encoder.write_all(&self.html).ok()?;
                encoder.finish().ok().map(Bytes::from)
            })
            .as_ref()
    }
}

/// A study session, for the topic page's log.
#[derive(Debug, Clone)]
pub struct Study {
    pub at: DateTime<Utc>,
    pub minutes: u32,
    pub note: Option<String>,
}

/// The stored plan, if any.
#[derive(Debug, Clone)]
pub enum PlanState {
    None,
    Ready {
        revision: u32,
        plan: Plan,
    },
    /// The stored JSON does not parse (a plan from a newer llmpath?): the message says so.
    Unreadable(String),
}

/// One lab run; `n` counts the runs of its lab from 1, oldest first (its address).
#[derive(Debug, Clone)]
pub struct Run {
    pub lab: String,
    pub n: usize,
    pub at: DateTime<Utc>,
    pub out: PathBuf,
    pub seconds: f64,
    pub report: Result<Report, String>,
}

/// Everything the pages read, derived from one version of the database.
#[derive(Debug)]
pub struct Snapshot {
    pub version: i64,
    pub offset: FixedOffset,
    pub statuses: BTreeMap<String, StatusEntry>,
    pub minutes_by_day: BTreeMap<NaiveDate, u32>,
    pub study_days: BTreeSet<NaiveDate>,
    pub minutes_per_week: BTreeMap<(i32, u32), u32>,
    /// Minutes per topic and stage, on no topic, in all (as `llmpath stats` counts them).
    pub time: StudyTime,
    /// Newest first, at most [`STUDIES_PER_TOPIC`] per topic.
    pub studies_by_topic: HashMap<String, Vec<Study>>,
    pub plan: PlanState,
    /// Oldest first.
    pub runs: Vec<Run>,
    pub exercises: ExerciseHistory,
    /// Pages rendered from this snapshot.
    pages: Mutex<HashMap<String, Arc<CachedPage>>>,
}

impl Snapshot {
    fn build(
        store: &Store,
        curriculum: &Curriculum,
        version: i64,
        offset: FixedOffset,
    ) -> Result<Snapshot, StoreError> {
        let canonical = |id: &str| curriculum.canonical_id(id);
        let events = store.events()?;
        let statuses = llmpath_progress::current_statuses(&events, &canonical);
        let mut minutes_by_day: BTreeMap<NaiveDate, u32> = BTreeMap::new();
        let mut studies_by_topic: HashMap<String, Vec<Study>> = HashMap::new();
        for event in events.iter().rev() {
            if let EventKind::Study {
                minutes,
                topic,
                note,
            } = &event.kind
            {
                let day = event.at.with_timezone(&offset).date_naive();
                let sum = minutes_by_day.entry(day).or_default();
                *sum = sum.saturating_add(*minutes);
                if let Some(topic) = topic {
                    let list = studies_by_topic.entry(canonical(topic)).or_default();
                    if list.len() < STUDIES_PER_TOPIC {
                        list.push(Study {
                            at: event.at,
                            minutes: *minutes,
                            note: note.clone(),
                        });
                    }
                }
            }
        }
        let plan = match store.latest_plan()? {
            None => PlanState::None,
            Some(stored) => match Plan::from_stored(&stored) {
                Ok(plan) => PlanState::Ready {
                    revision: stored.revision,
                    plan,
                },
                Err(err) => PlanState::Unreadable(err.to_string()),
            },
        };
        let mut counts: HashMap<String, usize> = HashMap::new();
        let runs = store
            .lab_runs(None)?
            .into_iter()
            .map(|run| {
                let n = counts.entry(run.lab.clone()).or_default();
                *n += 1;
                Run {
                    n: *n,
                    at: run.at,
                    out: PathBuf::from(&run.out),
                    seconds: run.seconds,
                    report: serde_json::from_str(&run.report_json).map_err(|e| e.to_string()),
                    lab: run.lab,
                }
            })
            .collect();
        Ok(Snapshot {
            version,
            offset,
            study_days: stats::study_days(&events, &offset),
            minutes_per_week: stats::minutes_per_week(&events, &offset),
            statuses,
            minutes_by_day,
            time: StudyTime::new(curriculum, &events),
            studies_by_topic,
            plan,
            runs,
            exercises: ExerciseHistory::new(store.exercise_events(None)?),
            pages: Mutex::new(HashMap::new()),
        })
    }

    /// A page rendered from this snapshot under `key`.
    pub fn cached_page(&self, key: &str) -> Option<Arc<CachedPage>> {
        let pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        pages.get(key).cloned()
    }

    /// Keeps a rendered page (until the snapshot is replaced; at most [`MAX_CACHED_PAGES`]).
    pub fn cache_page(&self, key: String, html: Bytes) -> Arc<CachedPage> {
        let page = Arc::new(CachedPage {
            html,
            gzip: OnceLock::new(),
        });
        let mut pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        if pages.len() < MAX_CACHED_PAGES {
            pages.insert(key, Arc::clone(&page));
        }
        page
    }

    /// The curriculum joined with this snapshot's statuses.
    pub fn learner<'c>(&self, curriculum: &'c Curriculum) -> LearnerState<'c> {
        LearnerState::new(curriculum, self.statuses.clone())
    }

    pub fn streak(&self, today: NaiveDate) -> stats::Streak {
        stats::streak(&self.study_days, today)
    }

    /// Minutes studied in the ISO week (Monday first) holding `today`.
    pub fn minutes_in_week(&self, today: NaiveDate) -> u32 {
        let monday =
            today - chrono::Duration::days(i64::from(today.weekday().num_days_from_monday()));
        self.minutes_by_day
            .range(monday..monday + chrono::Duration::days(7))
            .map(|(_, minutes)| *minutes)
            .sum()
    }

    /// The last `weeks` ISO weeks up to the one holding `today`, oldest first.
    pub fn recent_weeks(&self, today: NaiveDate, weeks: u32) -> Vec<WeekMinutes> {
        recent_weeks(&self.minutes_per_week, today, weeks)
    }

    pub fn plan(&self) -> Option<(u32, &Plan)> {
        match &self.plan {
            PlanState::Ready { revision, plan } => Some((*revision, plan)),
            _ => None,
        }
    }

    /// The runs of one lab, oldest first.
    pub fn runs_of<'a>(&'a self, lab: &'a str) -> impl DoubleEndedIterator<Item = &'a Run> + 'a {
        self.runs.iter().filter(move |run| run.lab == lab)
    }

    pub fn run(&self, lab: &str, n: usize) -> Option<&Run> {
        self.runs.iter().find(|run| run.lab == lab && run.n == n)
    }
}
