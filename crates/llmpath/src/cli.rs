//! The command line, declared with clap's derive API; doc comments are the help text.

use std::net::IpAddr;
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveTime};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// llmpath: from zero to mastery of machine learning and large language models, offline.
///
/// With no command, prints where you are: stage, percent done, what is next, streak and hours
/// this week. 不带命令运行时显示当前进度：阶段、完成度、下一步、连续学习天数和本周学习时长。
#[derive(Debug, Parser)]
#[command(name = "llmpath", version, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Language of the output (default: from LLMPATH_LANG, then LC_ALL / LC_MESSAGES / LANG).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,

    /// Print JSON (a documented, stable schema: docs/json.md) instead of text.
    #[arg(long, global = true)]
    pub json: bool,

    /// Folder of the progress database (default: $LLMPATH_HOME, then the platform data dir).
    #[arg(long, global = true, env = "LLMPATH_HOME", value_name = "DIR")]
    pub home: Option<PathBuf>,

    /// Folder of the datasets (default: $LLMPATH_DATA, then the platform data dir).
    #[arg(long, global = true, env = "LLMPATH_DATA", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the roadmap tree with status marks. 显示学习路线图。
    Path {
        /// Only this stage (1–5).
        #[arg(long, value_name = "N")]
        stage: Option<u32>,
    },
    /// Show one topic (or stage, module, practice task) in full. 显示一个主题的全部内容。
    Show {
        /// A topic id such as s2.algorithms.logistic-regression.
        id: String,
    },
    /// List the topics you can study next (prerequisites done). 列出可以开始学习的主题。
    Next {
        /// How many to list.
        #[arg(long, short = 'n', default_value_t = 5)]
        limit: usize,
        /// List all of them.
        #[arg(long, conflicts_with = "limit")]
        all: bool,
    },
    /// Mark a topic or practice task as being learned. 标记为“学习中”。
    Start { id: String },
    /// Mark a topic or practice task as done. 标记为“已完成”。
    Done { id: String },
    /// Skip a topic or practice task (it stops blocking what depends on it). 标记为“跳过”。
    Skip { id: String },
    /// Set a topic or practice task back to pending. 重置为“未开始”。
    Reset { id: String },
    /// Log study time, e.g. `llmpath log 1h30m --topic s1.math.svd`. 记录学习时长。
    Log {
        /// How long: 90m, 1h30m, 2h (at most 24h).
        duration: String,
        /// The topic studied.
        #[arg(long)]
        topic: Option<String>,
        /// A note for your study log.
        #[arg(long)]
        note: Option<String>,
    },
    /// Hours per stage and week, streak, completion. 学习统计。
    Stats {
        /// How many recent weeks to show.
        #[arg(long, default_value_t = 8)]
        weeks: u32,
    },
    /// Make a dated study plan (stored); `plan show` lists it, `--replan` moves what is left. 制定学习计划。
    Plan(PlanArgs),
    /// What the plan has for today. 今日计划。
    Today,
    /// Export the printable stage-by-stage checklist or the plan's calendar. 导出学习清单。
    Export {
        #[command(subcommand)]
        what: ExportCommand,
    },
    /// Labs: runnable programs on real data, checked against scikit-learn / NumPy. 实验。
    Lab {
        #[command(subcommand)]
        command: LabCommand,
    },
    /// Datasets: list them, verify checksums, fetch from their publishers. 数据集：列出、校验、下载。
    Data {
        #[command(subcommand)]
        command: DataCommand,
    },
    /// Create a workspace to do the exercises and change the labs in (offline). 创建练习工作区。
    Init {
        /// The folder to create (new or empty; default: ./llmpath-workspace).
        dir: Option<PathBuf>,
    },
    /// Check an exercise (default: the current one) and record the attempt. 检查练习。
    Check {
        /// An exercise id (`llmpath list` lists them).
        id: Option<String>,
        /// Write the checker's files again (after they were changed), then check.
        #[arg(long)]
        restore: bool,
    },
    /// Re-check the current exercise on every save (keys: n next, h hint, l list, q quit). 保存即检查。
    Watch,
    /// The next hint for an exercise (default: the current one); hints used are recorded. 提示。
    Hint { id: Option<String> },
    /// The reference solution: after the exercise passed, or with --give-up (recorded). 参考答案。
    Solution {
        id: String,
        /// Give up on the exercise and see its solution (recorded in your progress).
        #[arg(long)]
        give_up: bool,
    },
    /// The exercises, with status, attempts and hints used. 练习列表。
    List,
    /// Check what the path needs on this machine and how to fix each gap. 检查环境。
    Doctor,
    /// The local dashboard in your browser: today, roadmap, plan, labs, exercises, stats. 本地仪表盘。
    Serve {
        /// Port to listen on (0: any free port; the URL printed says which).
        #[arg(long, default_value_t = 8737)]
        port: u16,
        /// Address to listen on. The default keeps the dashboard on this machine; any other
        /// address lets others on the network read and change your progress.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the dashboard in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Write all progress (the whole event log) as JSON, for backup or moving machines. 导出进度。
    ExportProgress {
        /// Output file (default: standard output).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Read progress written by export-progress; importing twice changes nothing. 导入进度。
    ImportProgress {
        /// The JSON file (`-` for standard input).
        file: PathBuf,
    },
    /// Tools for content authors. 内容作者工具。
    Dev {
        #[command(subcommand)]
        command: DevCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Validate the curriculum: format version, unique ids, prerequisites form a DAG, both
    /// languages, URLs, seed coverage; then gate every exercise with cargo (its template fails,
    /// its solution passes and is rustfmt- and clippy-clean, each mutant is rejected).
    Check {
        /// A content folder on disk to check instead of the content built into this binary.
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
        /// Only the content rules: skip building and running the exercises.
        #[arg(long)]
        no_exercises: bool,
        /// Gate only this exercise (repeatable).
        #[arg(long = "exercise", value_name = "ID")]
        exercises: Vec<String>,
        /// Where the exercises are built (default: target/llmpath-dev-check in a cargo
        /// workspace, else a folder in the system's temporary directory).
        #[arg(long, value_name = "DIR")]
        work_dir: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PlanArgs {
    #[command(subcommand)]
    pub command: Option<PlanCommand>,

    /// First day of the plan, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub start: Option<NaiveDate>,

    /// Hours a week for everything, habits included (default: the seed path's pace: stage 1
    /// in 1–2 months, math in 2–3 weeks, …).
    #[arg(long, value_name = "N")]
    pub hours_per_week: Option<f64>,

    /// Study days, e.g. mon,wed,sat (default: mon–sat).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "DAYS")]
    pub days: Vec<DayArg>,

    /// Topic ids to leave out of the plan (their dependants no longer wait for them).
    #[arg(long, value_name = "ID", num_args = 1..)]
    pub skip: Vec<String>,

    /// Finish by this day, YYYY-MM-DD; refused with the hours a week it would need if too soon.
    #[arg(long, value_name = "DATE")]
    pub until: Option<NaiveDate>,

    /// Local time each study day starts, HH:MM (default 19:00; used by the calendar).
    #[arg(long, value_name = "HH:MM", value_parser = parse_time)]
    pub at: Option<NaiveTime>,

    /// Keep what is done and move the rest, starting today; says how far behind or ahead you are.
    #[arg(long)]
    pub replan: bool,
}

fn parse_time(text: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text, "%H:%M")
        .map_err(|_| format!("{text:?} is not a time such as 19:00"))
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Show the stored plan week by week, or one week day by day.
    Show {
        /// Week number (1 = the plan's first week).
        #[arg(long, value_name = "N")]
        week: Option<i64>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DayArg {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The printable checklist: per stage, core tasks, resource links, practice goals, planned
    /// dates and your progress (ics: one calendar event per planned session).
    Checklist {
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Only this stage (1–5).
        #[arg(long, value_name = "N")]
        stage: Option<u32>,
        /// Output file (default: standard output; a PDF needs a file or a pipe).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Md,
    Html,
    Pdf,
    Csv,
    Ics,
}

#[derive(Debug, Subcommand)]
pub enum LabCommand {
    /// List the labs with their last run.
    List,
    /// Show one lab: what it shows, its topics, practice tasks, datasets and runs.
    Show { id: String },
    /// Build (first time: cargo compiles its dependencies) and run a lab.
    Run {
        id: String,
        /// The quick mode: less data or fewer iterations, same reference thresholds.
        #[arg(long)]
        quick: bool,
        /// Folder for plots and report.json (default: a new folder under the data dir's runs/).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Random seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Every dataset: present, partial or missing, size on disk, checksum state.
    List {
        /// Also check each file's SHA-256 (reads every byte).
        #[arg(long)]
        verify: bool,
    },
    /// Check the SHA-256 of each file present; fails on any mismatch.
    Verify {
        /// Only this dataset (default: all).
        name: Option<String>,
    },
    /// Download datasets from their publishers (or $LLMPATH_DATA_MIRROR), checking each file.
    Fetch {
        /// Dataset names, e.g. iris mnist.
        #[arg(conflicts_with = "all")]
        names: Vec<String>,
        /// Every dataset (about 41 MiB).
        #[arg(long)]
        all: bool,
    },
}
