//! The contract between `llmpath lab run` and a lab program.
//!
//! The runner starts a lab's binary through cargo with [`LabArgs`] (`--out DIR --seed N
//! [--quick] [--lang zh|en] [--data-dir DIR]`). The lab prints a readable report to stdout,
//! writes its plots and `report.json` ([`Report`]) into `--out`, and exits 0; a reference it
//! misses is a failure it reports with a non-zero exit.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};

#[cfg(feature = "testing")]
pub mod testing;

/// The report file every run writes into its output folder.
pub const REPORT_FILE: &str = "report.json";

/// Arguments every lab takes (clap; `LabArgs::parse()` in a lab's `main`).
#[derive(Debug, Clone, clap::Parser)]
pub struct LabArgs {
    /// Folder for plots and report.json (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Random seed.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// The quick mode tests use: less data or fewer iterations, same reference thresholds.
    #[arg(long)]
    pub quick: bool,
    /// Language of plot labels and the printed report.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Datasets folder (default: $LLMPATH_DATA, then the platform data dir).
    #[arg(long, env = "LLMPATH_DATA", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// Picks the zh or en variant.
    pub fn pick<'s>(self, zh: &'s str, en: &'s str) -> &'s str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// A number to meet, and where it comes from (a scikit-learn script, a paper).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    pub value: f64,
    pub source: String,
}

/// `report.json`: `{"lab", "dataset", "seed", "metrics", "reference", "artifacts", "seconds"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub lab: String,
    pub dataset: String,
    pub seed: u64,
    pub quick: bool,
    pub metrics: BTreeMap<String, f64>,
    pub reference: BTreeMap<String, Reference>,
    /// Files written, relative to the output folder.
    pub artifacts: Vec<String>,
    pub seconds: f64,
}

/// Errors reading a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a lab report: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
}

impl Report {
    pub fn read(folder: &Path) -> Result<Report, ReportError> {
        let path = folder.join(REPORT_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| ReportError::Read {
            path: path.clone(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|source| ReportError::Parse { path, source })
    }
}

/// Collects a run's results; [`Run::finish`] prints the table and writes `report.json`.
#[derive(Debug)]
pub struct Run {
    args: LabArgs,
    report: Report,
    started: Instant,
}

impl Run {
    pub fn start(lab: &str, dataset: &str, args: &LabArgs) -> std::io::Result<Run> {
        std::fs::create_dir_all(&args.out)?;
        Ok(Run {
            args: args.clone(),
            report: Report {
                lab: lab.to_owned(),
                dataset: dataset.to_owned(),
                seed: args.seed,
                quick: args.quick,
                metrics: BTreeMap::new(),
                reference: BTreeMap::new(),
                artifacts: Vec::new(),
                seconds: 0.0,
            },
            started: Instant::now(),
        })
    }

    pub fn args(&self) -> &LabArgs {
        &self.args
    }

    /// Where to write an artifact called `name`.
    pub fn artifact_path(&self, name: &str) -> PathBuf {
        self.args.out.join(name)
    }

    /// Records a metric.
    pub fn metric(&mut self, name: &str, value: f64) {
        self.report.metrics.insert(name.to_owned(), value);
    }

    /// Records a metric with the reference it is compared to.
    pub fn compare(&mut self, name: &str, value: f64, reference: f64, source: &str) {
        self.metric(name, value);
        self.report.reference.insert(
            name.to_owned(),
            Reference {
                value: reference,
                source: source.to_owned(),
            },
        );
    }

    /// Records a file written into the output folder.
    pub fn artifact(&mut self, name: &str) {
        self.report.artifacts.push(name.to_owned());
    }

    pub fn report(&self) -> &Report {
        &self.report
    }

    /// Prints the metrics beside their references and writes `report.json`.
    pub fn finish(mut self) -> std::io::Result<Report> {
        self.report.seconds = self.started.elapsed().as_secs_f64();
        let lang = self.args.lang;
        println!();
        println!(
            "{:<32} {:>14} {:>14}  {}",
            lang.pick("指标", "metric"),
            lang.pick("我们的结果", "ours"),
            lang.pick("参考值", "reference"),
            lang.pick("来源", "source")
        );
        for (name, value) in &self.report.metrics {
            match self.report.reference.get(name) {
                Some(reference) => println!(
                    "{name:<32} {:>14} {:>14}  {}",
                    format_number(*value),
                    format_number(reference.value),
                    reference.source
                ),
                None => println!("{name:<32} {:>14}", format_number(*value)),
            }
        }
        println!();
        println!(
            "{} {} ({:.2} s)",
            lang.pick("输出：", "Output:"),
            self.args.out.display(),
            self.report.seconds
        );
        let json = serde_json::to_string_pretty(&self.report).map_err(std::io::Error::other)?;
        std::fs::write(self.args.out.join(REPORT_FILE), json + "\n")?;
        Ok(self.report)
    }
}

/// A metric as the report table prints it: six decimals, in scientific notation when that is
/// what shows the value (p-values of 1e-59, counts in the millions), so every reader of a
/// report (the lab's own table, the dashboard's run page) shows the same digits.
///
/// ```
/// assert_eq!(llmpath_lab::format_number(0.576_123_4), "0.576123");
/// assert_eq!(llmpath_lab::format_number(3.7117e-59), "3.711700e-59");
/// assert_eq!(llmpath_lab::format_number(2.5e9), "2.500000e9");
/// ```
pub fn format_number(value: f64) -> String {
    let magnitude = value.abs();
    if value != 0.0 && !(1e-3..1e7).contains(&magnitude) {
        format!("{value:.6e}")
    } else {
        format!("{value:.6}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_switch_to_scientific_notation_outside_a_readable_range() {
        assert_eq!(format_number(0.576_123_4), "0.576123");
        assert_eq!(format_number(3.7117e-59), "3.711700e-59");
        assert_eq!(format_number(0.0), "0.000000");
        assert_eq!(format_number(-12.5), "-12.500000");
        assert_eq!(format_number(2.5e9), "2.500000e9");
    }
}
