//! What every lab crate shares, kept light (plotters, no numeric crates): the plots a lab draws
//! ([`plot`]), the font they are drawn with ([`font`]), a lab's `main` ([`main`]) and the
//! references a run must meet ([`Checks`]). Each lab is one binary in its crate's `src/bin/`,
//! read top to bottom; run one with `llmpath lab run ID` or
//! `cargo run --release -p llmpath-labs-classic --bin NAME -- --out DIR [--quick] [--lang zh]`.

pub mod font;
pub mod plot;

use std::error::Error;
use std::process::ExitCode;

use clap::Parser;
use llmpath_lab::{LabArgs, Report, Run};

/// The allocator of every binary, test and bench that links this crate. candle and ndarray write
/// each op's output to a fresh buffer; glibc's malloc maps a buffer above its threshold from the
/// kernel and unmaps it on free, so every such op page-faulted and zeroed its output again (a
/// fifth of a GPT training step in `perf`: `clear_page_erms`, `exc_page_fault`, unmapping).
/// mimalloc keeps freed pages for the next buffer: the GPT's step went from 154–224 ms to
/// 96–106 ms on one thread (scripts/bench/llm.sh's bench, alternating runs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A lab's `main`: parses [`LabArgs`], runs `lab`, and turns its error into a message on stderr
/// and a non-zero exit (an error returned from `main` would print its Debug form instead).
pub fn main(name: &str, lab: fn(LabArgs) -> Result<(), Box<dyn Error>>) -> ExitCode {
    match lab(LabArgs::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{name}: {err}");
            ExitCode::FAILURE
        }
    }
}

/// The references a run must meet: [`Checks::finish`] records each comparison in the run's
/// report, finishes the run and turns the ones missed into the lab's error (a non-zero exit).
#[derive(Debug, Default)]
pub struct Checks {
    compared: Vec<(String, f64, f64, String)>,
    missed: Vec<String>,
}

impl Checks {
    /// Compares `ours` with `reference` from `source`: they must agree within `tolerance`,
    /// relative to `reference`, or absolute when `reference` is 0.
    pub fn compare(&mut self, name: &str, ours: f64, reference: f64, tolerance: f64, source: &str) {
        let scale = if reference == 0.0 {
            1.0
        } else {
            reference.abs()
        };
        let ok = (ours - reference).abs() <= tolerance * scale;
        self.require(
            ok,
            format!("{name} = {ours:e}, {source}: {reference:e} (tolerance {tolerance:e})"),
        );
        self.compared
            .push((name.to_owned(), ours, reference, source.to_owned()));
    }

    /// Requires `ok`; `what` says what was missed.
    pub fn require(&mut self, ok: bool, what: impl Into<String>) {
        if !ok {
            self.missed.push(what.into());
        }
    }

    /// Records the comparisons in `run`, finishes it (the table on stdout, `report.json`), then
    /// fails with the list of what was missed, if anything was.
    pub fn finish(self, mut run: Run) -> Result<Report, Box<dyn Error>> {
        for (name, ours, reference, source) in &self.compared {
            run.compare(name, *ours, *reference, source);
        }
        let report = run.finish()?;
        match self.missed.is_empty() {
            true => Ok(report),
            false => Err(format!("missed references:\n  {}", self.missed.join("\n  ")).into()),
        }
    }
}
