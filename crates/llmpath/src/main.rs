//! The `llmpath` binary: glue only. `cli.rs` declares the commands, `app.rs` holds what every
//! command shares (language, progress store, clock), and each command is a module of
//! `commands/`.

/// `println!` that returns an error instead of panicking when stdout is closed early
/// (`llmpath path | head`); `main` treats a broken pipe as a normal end.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(err) = writeln!(std::io::stdout().lock(), $($arg)*) {
            return Err(err.into());
        }
    }};
}

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
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) if err.downcast_ref::<Silent>().is_some() => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// A failure the command has already reported on stdout (a check that did not pass): exit 1
/// without another message.
#[derive(Debug)]
pub struct Silent;

impl std::fmt::Display for Silent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("reported above")
    }
}

impl std::error::Error for Silent {}

/// The reader of our output went away (e.g. `| head`): not an error of ours.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
