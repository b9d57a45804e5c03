//! The learner's workspace, made by `llmpath init`:
//!
//! ```text
//! DIR/llmpath.toml          marks the workspace (format_version, the llmpath that wrote it)
//! DIR/README.md             how to work here (zh + en)
//! DIR/Cargo.toml, Cargo.lock   a cargo workspace: the labs, their crates and the checker
//! DIR/exercises/ID.rs       one file per exercise: the learner edits these
//! DIR/labs/…, DIR/crates/{lab,data}/…   the labs' sources, to read, change and run
//! DIR/scripts/reference/golden/…   the reference numbers the labs compile in
//! DIR/.llmpath/checker/     the hidden checks: llmpath's own files, verified before each check
//! ```
//!
//! Every file is embedded in the binary, so `init` works offline. The checker's files (and the
//! workspace's `Cargo.toml`, which could patch the checker's dependencies) must be exactly what
//! this llmpath writes: [`Workspace::verify`] refuses a changed one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use llmpath_content::{CheckerKind, Curriculum, Exercise, Source};
use serde::{Deserialize, Serialize};

use crate::GradeError;

static LABS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../labs");
static LAB_CRATE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../lab");
static DATA_CRATE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../data");
/// The reference numbers the labs compile in (`include_str!` of `scripts/reference/golden/…`).
static GOLDEN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../scripts/reference/golden");
static CHECKER_CRATE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../checker");
static CHECKER_POLARS_CRATE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../checker-polars");
static ROOT_MANIFEST: &str = include_str!("../../../Cargo.toml");
/// The versions this build was tested with: the workspace builds from the local cargo cache
/// with no registry lookup when they are there.
static LOCKFILE: &str = include_str!("../../../Cargo.lock");

/// The marker file at the workspace's root.
pub const MARKER: &str = "llmpath.toml";
/// The learner's workspace's members.
pub(crate) const MEMBERS: &str =
    "[\"crates/*\", \"labs/*\", \".llmpath/checker\", \".llmpath/checker-polars\"]";

/// `llmpath.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Marker {
    pub format_version: u32,
    /// The llmpath version that wrote the checker's files.
    pub llmpath: String,
}

/// A learner's workspace on disk.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
    pub marker: Marker,
}

impl Workspace {
    /// The workspace holding `start` (it or a parent folder has `llmpath.toml`).
    pub fn find(start: &Path) -> Result<Workspace, GradeError> {
        let start = start.canonicalize().unwrap_or_else(|_| start.to_path_buf());
        for dir in start.ancestors() {
            if dir.join(MARKER).is_file() {
                return Workspace::open(dir);
            }
        }
        Err(GradeError::NoWorkspace { start })
    }

    /// The workspace at `root`.
    pub fn open(root: &Path) -> Result<Workspace, GradeError> {
        let path = root.join(MARKER);
        let text = std::fs::read_to_string(&path).map_err(|source| GradeError::Io {
            path: path.clone(),
            source,
        })?;
        let marker: Marker = toml::from_str(&text).map_err(|err| GradeError::Marker {
            path: path.clone(),
            reason: err.to_string(),
        })?;
        Ok(Workspace {
            root: root.to_path_buf(),
            marker,
        })
    }

    /// Creates a workspace in `root` (made if missing). Refuses a folder that already holds a
    /// workspace, or anything else, so nothing of the learner's is ever overwritten.
    pub fn init(
        root: &Path,
        curriculum: &Curriculum,
        content: &Source,
    ) -> Result<Workspace, GradeError> {
        if root.join(MARKER).exists() {
            return Err(GradeError::AlreadyWorkspace {
                root: root.to_path_buf(),
            });
        }
        let occupied = std::fs::read_dir(root).is_ok_and(|mut entries| entries.next().is_some());
        if occupied {
            return Err(GradeError::NotEmpty {
                root: root.to_path_buf(),
            });
        }
        let mut files = learner_files(curriculum, content)?;
        files.extend(checker_files(curriculum, content)?);
        let marker = Marker {
            format_version: 1,
            llmpath: crate::VERSION.to_owned(),
        };
        let marker_text = toml::to_string(&marker).map_err(|err| GradeError::Marker {
            path: root.join(MARKER),
            reason: err.to_string(),
        })?;
        files.insert(PathBuf::from(MARKER), marker_text.into_bytes());
        write_all(root, &files)?;
        Ok(Workspace {
            root: root.to_path_buf(),
            marker,
        })
    }

    /// The learner's file of `exercise`.
    pub fn exercise_file(&self, exercise: &Exercise) -> PathBuf {
        self.root.join("exercises").join(exercise.file_name())
    }

    /// Refuses a workspace whose checker files differ from this llmpath's, listing them. A
    /// workspace written by another llmpath version gets this version's checker instead (the
    /// learner's files are never touched).
    pub fn verify(&mut self, curriculum: &Curriculum, content: &Source) -> Result<(), GradeError> {
        let expected = checker_files(curriculum, content)?;
        if self.marker.llmpath != crate::VERSION {
            return self.restore(curriculum, content);
        }
        let mut changed: Vec<PathBuf> = expected
            .iter()
            .filter(|(path, bytes)| {
                std::fs::read(self.root.join(path)).ok().as_ref() != Some(*bytes)
            })
            .map(|(path, _)| path.clone())
            .collect();
        // Cargo reads these before anything else: they could patch the checker's dependencies.
        for config in [".cargo/config.toml", ".cargo/config"] {
            if self.root.join(config).exists() {
                changed.push(PathBuf::from(config));
            }
        }
        match changed.is_empty() {
            true => Ok(()),
            false => Err(GradeError::Tampered { files: changed }),
        }
    }

    /// Writes this llmpath's checker files again (after an upgrade, or to undo a change).
    pub fn restore(&mut self, curriculum: &Curriculum, content: &Source) -> Result<(), GradeError> {
        let files = checker_files(curriculum, content)?;
        write_all(&self.root, &files)?;
        self.marker.llmpath = crate::VERSION.to_owned();
        let text = toml::to_string(&self.marker).map_err(|err| GradeError::Marker {
            path: self.root.join(MARKER),
            reason: err.to_string(),
        })?;
        write_all(
            &self.root,
            &BTreeMap::from([(PathBuf::from(MARKER), text.into_bytes())]),
        )
    }
}

/// What the learner works on: the exercise templates, the labs' sources, the README.
fn learner_files(
    curriculum: &Curriculum,
    content: &Source,
) -> Result<BTreeMap<PathBuf, Vec<u8>>, GradeError> {
    let mut files = BTreeMap::new();
    for exercise in &curriculum.exercises {
        let template = read_content(content, &exercise.content_file("template.rs"))?;
        files.insert(
            Path::new("exercises").join(exercise.file_name()),
            template.into_bytes(),
        );
    }
    files.extend(lab_sources());
    files.insert(PathBuf::from("Cargo.lock"), LOCKFILE.as_bytes().to_vec());
    files.insert(PathBuf::from("README.md"), README.as_bytes().to_vec());
    files.insert(PathBuf::from(".gitignore"), b"/target\n".to_vec());
    Ok(files)
}

/// The labs and everything they build from: their crates and the golden files they include.
fn lab_sources() -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for (dir, prefix) in [
        (&LABS, "labs"),
        (&LAB_CRATE, "crates/lab"),
        (&DATA_CRATE, "crates/data"),
        (&GOLDEN, "scripts/reference/golden"),
    ] {
        add_dir(dir, Path::new(prefix), &mut files);
    }
    files
}

/// llmpath's own files: the workspace manifest and the checker crate with one binary per
/// exercise (its checks, with the learner's file as the module `learner`).
pub(crate) fn checker_files(
    curriculum: &Curriculum,
    content: &Source,
) -> Result<BTreeMap<PathBuf, Vec<u8>>, GradeError> {
    let mut files = BTreeMap::new();
    files.insert(
        PathBuf::from("Cargo.toml"),
        root_manifest(MEMBERS).into_bytes(),
    );
    for kind in CheckerKind::ALL {
        let dir = Path::new(kind.dir());
        let source = match kind {
            CheckerKind::Core => &CHECKER_CRATE,
            CheckerKind::Polars => &CHECKER_POLARS_CRATE,
        };
        let mut runtime = BTreeMap::new();
        add_dir(source, dir, &mut runtime);
        runtime.retain(|path, _| !path.ends_with("Cargo.toml"));
        files.extend(runtime);
        let mut manifest = source
            .get_file("Cargo.toml")
            .and_then(|file| file.contents_utf8())
            .unwrap_or_default()
            .replace("[package]", "[package]\nautobins = false");
        for exercise in curriculum.exercises.iter().filter(|e| e.checker == kind) {
            let bin = exercise.file_name();
            manifest.push_str(&format!(
                "\n[[bin]]\nname = \"{}\"\npath = \"checks/{bin}\"\ntest = false\n",
                exercise.id
            ));
            let checks = read_content(content, &exercise.content_file("check.rs"))?;
            files.insert(
                dir.join("checks").join(&bin),
                check_program(&bin, &checks, kind).into_bytes(),
            );
        }
        files.insert(dir.join("Cargo.toml"), manifest.into_bytes());
    }
    Ok(files)
}

/// An exercise's check program: the learner's file as `mod learner`, the checks, a `main`.
pub(crate) fn check_program(learner_file: &str, checks: &str, kind: CheckerKind) -> String {
    let runtime = kind.package().replace('-', "_");
    format!(
        "// Written by llmpath: the checks of exercises/{learner_file}. `llmpath check` refuses to\n\
         // trust a changed copy (`llmpath check --restore` writes it again).\n\
         #[allow(dead_code, unused_imports, unused_variables, unused_mut)]\n\
         #[path = \"../../../exercises/{learner_file}\"]\n\
         mod learner;\n\n\
         {checks}\n\
         fn main() -> std::process::ExitCode {{\n    {runtime}::run(CHECKS)\n}}\n"
    )
}

/// The workspace manifest: this repository's, with the members the learner's workspace has.
pub(crate) fn root_manifest(members: &str) -> String {
    let mut text = String::new();
    for line in ROOT_MANIFEST.lines() {
        let line = match line {
            l if l.starts_with("members = ") => &format!("members = {members}"),
            l if l.starts_with("default-members") || l.starts_with("# Lab crates") => continue,
            l if l.starts_with("llmpath-checker = ") => {
                "llmpath-checker = { path = \".llmpath/checker\" }"
            }
            l if l.starts_with("llmpath-checker-polars = ") => {
                "llmpath-checker-polars = { path = \".llmpath/checker-polars\" }"
            }
            l => l,
        };
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// The lockfile a workspace starts from.
pub(crate) fn lockfile() -> &'static str {
    LOCKFILE
}

fn add_dir(dir: &Dir<'_>, prefix: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for file in dir.files() {
        files.insert(prefix.join(file.path()), file.contents().to_vec());
    }
    for sub in dir.dirs() {
        add_dir(sub, prefix, files);
    }
}

fn read_content(content: &Source, relative: &str) -> Result<String, GradeError> {
    content
        .read(relative)
        .map_err(|reason| GradeError::Content {
            file: relative.to_owned(),
            reason,
        })
}

pub(crate) fn write_all(root: &Path, files: &BTreeMap<PathBuf, Vec<u8>>) -> Result<(), GradeError> {
    for (relative, bytes) in files {
        let path = root.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| GradeError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, bytes).map_err(|source| GradeError::Io { path, source })?;
    }
    Ok(())
}

const README: &str = "# llmpath workspace / llmpath 练习工作区

Edit the files in `exercises/`, then run `llmpath check` (or `llmpath watch`, which re-checks on
every save). `llmpath list` shows where you are, `llmpath hint` gives the next hint, and
`llmpath solution ID` shows the reference solution once the exercise passes. The labs'
sources are in `labs/`: read them, change them, run them with `llmpath lab run ID`.

`.llmpath/checker/` holds the checks; llmpath verifies them before every check, so leave them
as they are (`llmpath check --restore` writes them again).

编辑 `exercises/` 中的文件，然后运行 `llmpath check`（或 `llmpath watch`：每次保存后自动检查）。
`llmpath list` 显示进度，`llmpath hint` 给出下一条提示，练习通过后 `llmpath solution ID` 显示参考答案。
`labs/` 中是实验的源代码：阅读、修改，并用 `llmpath lab run ID` 运行。

`.llmpath/checker/` 中是检查程序；每次检查前 llmpath 都会核对它们，请不要修改
（`llmpath check --restore` 可以恢复）。
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_has_the_learners_members_and_points_at_the_hidden_checker() {
        let manifest = root_manifest(MEMBERS);
        assert!(manifest.contains(&format!("members = {MEMBERS}")));
        assert!(manifest.contains("\".llmpath/checker-polars\""));
        assert!(!manifest.contains("default-members"));
        assert!(manifest.contains("llmpath-checker = { path = \".llmpath/checker\" }"));
        let parsed: toml::Table = toml::from_str(&manifest).expect("valid TOML");
        assert!(parsed.contains_key("workspace"));
    }

    /// A lab that compiles in a file the workspace lacks would fail to build there only.
    #[test]
    fn every_file_a_lab_includes_is_in_the_workspace() {
        let files = lab_sources();
        let mut included = 0;
        for (path, bytes) in &files {
            if path.extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let text = String::from_utf8_lossy(bytes);
            for marker in ["include_str!(\"", "include_bytes!(\""] {
                for (at, _) in text.match_indices(marker) {
                    let rest = &text[at + marker.len()..];
                    let Some(end) = rest.find('"') else { continue };
                    let mut target = path.parent().unwrap_or(Path::new("")).to_path_buf();
                    for part in Path::new(&rest[..end]).components() {
                        match part {
                            std::path::Component::ParentDir => {
                                target.pop();
                            }
                            other => target.push(other),
                        }
                    }
                    assert!(
                        files.contains_key(&target),
                        "{} includes {}, which `llmpath init` does not write",
                        path.display(),
                        target.display()
                    );
                    included += 1;
                }
            }
        }
        assert!(
            included >= 10,
            "the labs include their golden files ({included} found)"
        );
    }

    #[test]
    fn a_check_program_includes_the_learners_file_as_a_module() {
        let program = check_program(
            "dot.rs",
            "const CHECKS: &[llmpath_checker::Check] = &[];",
            CheckerKind::Core,
        );
        assert!(program.contains("#[path = \"../../../exercises/dot.rs\"]\nmod learner;"));
        assert!(program.contains("llmpath_checker::run(CHECKS)"));
    }
}
