//! What every command shares: the curriculum, the output language, the progress store and the
//! clock.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use chrono::{DateTime, FixedOffset, Local, NaiveDate, Offset, Utc};
use llmpath_content::{Curriculum, Item, Lang, Source};
use llmpath_progress::Store;
use llmpath_state::LearnerState;

use crate::cli::{GlobalArgs, LangArg};
use crate::suggest;

/// The progress database's file name inside the home folder.
pub const DATABASE_FILE: &str = "progress.sqlite3";

pub struct App {
    pub curriculum: Curriculum,
    /// Where the curriculum was read: the embedded content, or `$LLMPATH_CONTENT` (a content
    /// folder on disk, for authors trying a change and for tests of fixture courses).
    pub content: Source,
    pub lang: Lang,
    pub json: bool,
    home: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
}

impl App {
    pub fn new(global: GlobalArgs) -> Result<App> {
        let content = std::env::var_os("LLMPATH_CONTENT")
            .filter(|dir| !dir.is_empty())
            .map_or(Source::Embedded, |dir| Source::Dir(dir.into()));
        let curriculum = match &content {
            Source::Embedded => Curriculum::embedded().context(
                "the curriculum built into this llmpath is invalid (a build from a broken checkout?)",
            )?,
            Source::Dir(dir) => Curriculum::load(&content).with_context(|| {
                format!("LLMPATH_CONTENT={}: `llmpath dev check --content DIR` lists what to fix", dir.display())
            })?,
        };
        Ok(App {
            curriculum,
            content,
            lang: lang(&global),
            json: global.json,
            home: global.home,
            data_dir: global.data_dir,
        })
    }

    /// `--home`, `$LLMPATH_HOME`, then the platform data dir (e.g. ~/.local/share/llmpath).
    pub fn home(&self) -> Result<PathBuf> {
        match &self.home {
            Some(home) => Ok(home.clone()),
            None => dirs::data_dir()
                .map(|dir| dir.join("llmpath"))
                .ok_or_else(|| anyhow!("cannot find a data folder for this user: set LLMPATH_HOME to a folder llmpath may write to")),
        }
    }

    pub fn database_path(&self) -> Result<PathBuf> {
        Ok(self.home()?.join(DATABASE_FILE))
    }

    /// Opens (creating on first use) the progress store.
    pub fn store(&self) -> Result<Store> {
        let path = self.database_path()?;
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).with_context(|| {
                format!("cannot create the llmpath home folder {}: set LLMPATH_HOME to a folder you can write to", folder.display())
            })?;
        }
        open_store(&path)
    }

    /// The learner's state derived from the store.
    pub fn state<'a>(&'a self, store: &Store) -> Result<LearnerState<'a>> {
        let statuses = store
            .statuses(&|id| self.curriculum.canonical_id(id))
            .context("cannot read progress")?;
        Ok(LearnerState::new(&self.curriculum, statuses))
    }

    /// Resolves a user-given id, or fails with the nearest ids.
    pub fn find(&self, id: &str) -> Result<Item<'_>> {
        self.curriculum.find(id).ok_or_else(|| {
            let hint = suggest::nearest(id, self.curriculum.ids());
            anyhow!("unknown id {id:?}.{hint}\n`llmpath path` lists every topic id.")
        })
    }

    /// Picks the zh or en variant of a message.
    pub fn t<'s>(&self, zh: &'s str, en: &'s str) -> &'s str {
        pick(self.lang, zh, en)
    }
}

/// Writes `bytes` to `path` through a temporary file beside it and a rename, so a crash never
/// leaves half a file (a half-written backup is worse than none).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(folder)
        .with_context(|| format!("cannot write in {}", folder.display()))?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

pub fn open_store(path: &Path) -> Result<Store> {
    Store::open(path)
        .with_context(|| format!("cannot open the progress database {}", path.display()))
}

/// The clock, read once per command: now, the learner's local offset and local date (days,
/// weeks and streaks are local).
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub now: DateTime<Utc>,
    pub offset: FixedOffset,
    pub today: NaiveDate,
}

impl Clock {
    /// `LLMPATH_NOW` (RFC 3339) pins the clock, so tests and demos are reproducible.
    pub fn read() -> Result<Clock> {
        let now = match std::env::var("LLMPATH_NOW") {
            Ok(value) => DateTime::parse_from_rfc3339(&value)
                .map(|at| at.with_timezone(&Utc))
                .with_context(|| {
                    format!(
                        "LLMPATH_NOW={value:?} is not an RFC 3339 time such as 2026-01-05T09:30:00Z"
                    )
                })?,
            Err(_) => Utc::now(),
        };
        let offset = now.with_timezone(&Local).offset().fix();
        Ok(Clock {
            now,
            offset,
            today: now.with_timezone(&offset).date_naive(),
        })
    }
}

/// `--lang`, else [`lang_from_env`].
pub fn lang(global: &GlobalArgs) -> Lang {
    global.lang.map_or_else(lang_from_env, |lang| match lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    })
}

/// Picks the zh or en variant of a message.
pub fn pick<'s>(lang: Lang, zh: &'s str, en: &'s str) -> &'s str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// `LLMPATH_LANG`, then the POSIX locale variables: Chinese when they say `zh`, else English.
fn lang_from_env() -> Lang {
    let chosen = ["LLMPATH_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty());
    match chosen {
        Some(value) if value.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
        _ => Lang::En,
    }
}
