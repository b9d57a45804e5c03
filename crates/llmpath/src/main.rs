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
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// The reader of our output went away (e.g. `| head`): not an error of ours.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
