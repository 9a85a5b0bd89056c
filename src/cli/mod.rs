//! The command line: `vr-aat simulate`, `play`, `screenshot`, `sessions`, `summary`,
//! `reliability`, `export`, `score`, `check` and `bench`.

mod bench;
mod check;
mod export;
mod play;
mod reliability;
mod score;
mod sessions;
mod simulate;
mod summary;

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
    Play(play::PlayArgs),
    Screenshot(play::ScreenshotArgs),
    Sessions(sessions::SessionsArgs),
    Summary(summary::SummaryArgs),
    Reliability(reliability::ReliabilityArgs),
    Export(export::ExportArgs),
    Score(score::ScoreArgs),
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
        Command::Play(args) => play::run(args),
        Command::Screenshot(args) => play::screenshot(args),
        Command::Sessions(args) => sessions::run(args),
        Command::Summary(args) => summary::run(args),
        Command::Reliability(args) => reliability::run(args),
        Command::Export(args) => export::run(args),
        Command::Score(args) => score::run(args),
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

/// Closes sessions that a crash left open, and says so.
pub fn recover_and_report(data_dir: &std::path::Path) -> Result<(), Failure> {
    let recovered = crate::metrics::store::recover(data_dir).map_err(Failure::runtime)?;
    for r in recovered {
        eprintln!(
            "note: {} was interrupted (the program stopped before the session ended); closed it as incomplete with {} trials kept",
            r.dir.display(),
            r.trials_kept
        );
    }
    Ok(())
}

/// The data folder: `--data-dir`, else `VR_AAT_DATA_DIR`, else `./data`.
pub fn data_dir(arg: Option<PathBuf>) -> PathBuf {
    arg.or_else(|| std::env::var_os("VR_AAT_DATA_DIR").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR))
}
