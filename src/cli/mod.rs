//! The command line: `vr-aat simulate`, `play`, `screenshot`, `sessions`, `summary`,
//! `reliability`, `report`, `replay`, `export`, `score`, `power`, `repair`, `check`,
//! `bench` and `doctor` (the installation check).
//!
//! Writers (`simulate`, `play`, `repair`) take the participant's lock and check every
//! argument and file before they touch the data folder. Readers (`sessions`,
//! `summary`, `reliability`, `report`, `replay`, `export`) only read it.

mod bench;
mod bench_render;
mod check;
mod doctor;
mod export;
mod intake;
mod play;
mod power;
mod reliability;
mod repair;
mod replay;
mod report;
mod score;
mod scoring_args;
mod sessions;
mod simulate;
mod summary;
mod values;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status for bad input (an argument, a data file, a damaged session that was
/// skipped): the user must fix something.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit status for a failure while running (a folder that cannot be written, another
/// process recording the same participant, no headset runtime, ...).
pub const EXIT_FAILURE: u8 = 1;

/// vr-aat: approach-avoidance training for alcohol use disorder in a virtual bar.
///
/// Without a headset, `vr-aat simulate` runs a whole training course with a synthetic
/// patient through the same trial engine a headset session uses.
///
/// Exit status: 0 done; 1 failed while running (nothing half-written is left; see the
/// message); 2 bad input (nothing written), or damaged data was found, named and
/// skipped (the rest was still shown).
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
    Intake(intake::IntakeArgs),
    Sessions(sessions::SessionsArgs),
    Summary(summary::SummaryArgs),
    Reliability(reliability::ReliabilityArgs),
    Report(report::ReportArgs),
    Replay(replay::ReplayArgs),
    Export(export::ExportArgs),
    Score(score::ScoreArgs),
    Power(power::PowerArgs),
    Repair(repair::RepairArgs),
    Check(check::CheckArgs),
    Bench(bench::BenchArgs),
    Doctor(doctor::DoctorArgs),
}

/// The default protocol and patient: built-in names (see [`vr_aat_core::data::builtin`]).
pub const DEFAULT_PROTOCOL: &str = "training-course";
pub const DEFAULT_PATIENT: &str = "biased-50ms";
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

impl From<vr_aat_store::output::OutputError> for Failure {
    /// An output folder that cannot be (a file, inside the data folder) is bad input; a
    /// failure while writing is a runtime failure.
    fn from(e: vr_aat_store::output::OutputError) -> Self {
        if e.is_bad_input() {
            Failure::bad_input(format!("--out {e}"))
        } else {
            Failure::runtime(e)
        }
    }
}

/// Before a command opens the headset: where the OpenXR loader is installed only under
/// its versioned name, this starts vr-aat again so that the headset layer finds it
/// (`vr_aat_xr::probe::make_loader_findable`).
#[cfg(feature = "xr")]
fn loader_for_headset(cli: &Cli) {
    let headset = match &cli.command {
        Command::Play(a) => !a.flat,
        Command::Doctor(a) => !a.flat,
        _ => false,
    };
    if headset && let Err(why) = vr_aat_xr::probe::make_loader_findable() {
        eprintln!(
            "warning: the OpenXR loader is installed only as libopenxr_loader.so.1, and vr-aat could not show it to the headset layer ({why}); installing libopenxr-dev also helps"
        );
    }
}

/// Parses the arguments, runs the command, prints any error and returns the exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    #[cfg(feature = "xr")]
    loader_for_headset(&cli);
    let result = match cli.command {
        Command::Simulate(args) => simulate::run(args),
        Command::Play(args) => play::run(args),
        Command::Screenshot(args) => play::screenshot(args),
        Command::Intake(args) => intake::run(args),
        Command::Sessions(args) => sessions::run(args),
        Command::Summary(args) => summary::run(args),
        Command::Reliability(args) => reliability::run(args),
        Command::Report(args) => report::run(args),
        Command::Replay(args) => replay::run(args),
        Command::Export(args) => export::run(args),
        Command::Score(args) => score::run(args),
        Command::Power(args) => power::run(args),
        Command::Repair(args) => repair::run(args),
        Command::Check(args) => check::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Doctor(args) => doctor::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("error: {}", f.message.replace('\n', "\nerror: "));
            ExitCode::from(f.status)
        }
    }
}

/// Takes the locks of the participants a writer is about to change (all or none):
/// another process writing one of them is refused at once, before anything is touched.
pub fn lock_participants(
    data_dir: &std::path::Path,
    participants: &[vr_aat_core::participant::ParticipantId],
) -> Result<Vec<vr_aat_store::ParticipantLock>, Failure> {
    vr_aat_store::ParticipantLock::acquire_all(data_dir, participants).map_err(|e| match e {
        vr_aat_store::LockError::CaseClash { .. } => Failure::bad_input(e),
        _ => Failure::runtime(e),
    })
}

/// The participants a command was given (`--participant`, each once), or every
/// participant in the data folder when none was. A given one that is not a pseudonym or
/// has no folder is bad input.
pub fn chosen_participants(
    data_dir: &std::path::Path,
    given: &[String],
) -> Result<Vec<vr_aat_core::participant::ParticipantId>, Failure> {
    use vr_aat_core::participant::ParticipantId;
    if given.is_empty() {
        let all = vr_aat_store::scan::participants(data_dir).map_err(Failure::runtime)?;
        return Ok(all.iter().filter_map(|p| ParticipantId::parse(p).ok()).collect());
    }
    let mut out = Vec::new();
    for p in given {
        let id = ParticipantId::parse(p).map_err(Failure::bad_input)?;
        if !data_dir.join(id.as_str()).is_dir() {
            return Err(Failure::bad_input(format!(
                "{}: no participant `{id}` (see `vr-aat sessions`)",
                data_dir.display()
            )));
        }
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

/// What a reader ends with: success, or status 2 when damaged sessions were skipped
/// (each was named on stderr as it was found).
pub fn reader_result(damaged: usize) -> Result<(), Failure> {
    if damaged == 0 {
        Ok(())
    } else {
        Err(Failure::bad_input(format!(
            "{damaged} damaged session(s) skipped (named above); the rest is shown. `vr-aat repair` closes sessions a crash left open; a damaged file must be fixed or moved aside by hand"
        )))
    }
}

/// The data folder: `--data-dir`, else `VR_AAT_DATA_DIR` (when not empty), else `./data`.
pub fn data_dir(arg: Option<PathBuf>) -> PathBuf {
    arg.or_else(|| {
        std::env::var_os("VR_AAT_DATA_DIR")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
    .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR))
}

/// `n` and the noun in the form that count takes ("1 participant", "2 participants").
pub(crate) fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A count of at least 1 (iterations, a session number), for clap.
pub fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("`{s}`: expected a whole number of at least 1")),
    }
}
