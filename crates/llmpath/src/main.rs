//! The `llmpath` binary: glue only. `cli.rs` declares the commands, `app.rs` holds what every
//! command shares (language, progress store, clock), and each command is a module of
//! `commands/`.

mod app;
mod cli;
mod commands;
mod duration;
mod suggest;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
