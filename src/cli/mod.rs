//! The command line: `vr-aat simulate`, `check` and `bench`.

mod bench;
mod check;
mod simulate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status for bad input (a data file, an argument): the user must fix something.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit status for a failure while running (a folder that cannot be written, ...).
pub const EXIT_FAILURE: u8 = 1;

/// vr-aat: approach-avoidance training for alcohol use disorder in a virtual bar.
///
/// Without a headset, `vr-aat simulate` runs a whole training course with a synthetic
/// patient through the same trial engine a headset session uses.
#[derive(Parser, Debug)]
#[command(name = "vr-aat", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Simulate(simulate::SimulateArgs),
    Check(check::CheckArgs),
    Bench(bench::BenchArgs),
}

/// Default locations, relative to the working directory (the repository root when run
/// with `cargo run`).
pub const DEFAULT_PROTOCOL: &str = "assets/protocols/training-course.ron";
pub const DEFAULT_PATIENT: &str = "assets/patients/biased-50ms.ron";
pub const DEFAULT_DATA_DIR: &str = "data";

/// A problem to report to the user, with the exit status it deserves.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub status: u8,
}

impl Failure {
    pub fn bad_input(e: impl std::fmt::Display) -> Self {
        Self {
            message: e.to_string(),
            status: EXIT_BAD_INPUT,
        }
    }
    pub fn runtime(e: impl std::fmt::Display) -> Self {
        Self {
            message: e.to_string(),
            status: EXIT_FAILURE,
        }
    }
}

/// Parses the arguments, runs the command, prints any error and returns the exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Simulate(args) => simulate::run(args),
        Command::Check(args) => check::run(args),
        Command::Bench(args) => bench::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("error: {}", f.message.replace('\n', "\nerror: "));
            ExitCode::from(f.status)
        }
    }
}

/// The data folder: `--data-dir`, else `VR_AAT_DATA_DIR`, else `./data`.
pub fn data_dir(arg: Option<PathBuf>) -> PathBuf {
    arg.or_else(|| std::env::var_os("VR_AAT_DATA_DIR").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR))
}
