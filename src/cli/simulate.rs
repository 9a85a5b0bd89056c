//! `vr-aat simulate`: a headless training course with a synthetic patient.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::{DEFAULT_PATIENT, DEFAULT_PROTOCOL, Failure, data_dir};
use crate::data::{load_patient, load_protocol};
use crate::participant::ParticipantId;
use crate::sim::{CourseReport, SessionRun, run_session, summarise, write_trials_csv};
use crate::trial::OnsetTiming;

/// Run a training course headless with a synthetic patient, faster than real time.
///
/// Every session goes through the same trial engine a headset session uses; the patient
/// sees what the display shows and moves a tracked hand. Prints a table per session
/// (trials, errors, median RT per condition, approach-bias score) and writes each
/// session's trials to DATA_DIR/PARTICIPANT/S<NN>/trials.csv. The same arguments give
/// byte-identical output.
#[derive(Args, Debug)]
pub struct SimulateArgs {
    /// Protocol file.
    #[arg(long, default_value = DEFAULT_PROTOCOL)]
    pub protocol: PathBuf,
    /// Synthetic-patient profile.
    #[arg(long, default_value = DEFAULT_PATIENT)]
    pub patient: PathBuf,
    /// Seed for trial order and the patient's behaviour.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Display rate in Hz (72, 90 and 120 are typical headset rates).
    #[arg(long, default_value_t = 90.0)]
    pub hz: f64,
    /// Number of sessions to run (default: all of the protocol's).
    #[arg(long)]
    pub sessions: Option<u32>,
    /// Where results go (default: $VR_AAT_DATA_DIR, else ./data).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Pseudonymous participant id for the results (default: sim-<patient id>-s<seed>).
    #[arg(long)]
    pub participant: Option<String>,
    /// Frames carried per update (1 = one headset frame per update; default: as many as
    /// the patient's perception latency allows). Results do not depend on it.
    #[arg(long)]
    pub batch: Option<u32>,
}

/// Marks a participant folder as written by `simulate`, so a re-run may replace it.
const SIMULATED_MARKER: &str = "SIMULATED";

pub fn run(args: SimulateArgs) -> Result<(), Failure> {
    let (protocol, catalogue, _) = load_protocol(&args.protocol).map_err(Failure::bad_input)?;
    let patient = load_patient(&args.patient).map_err(Failure::bad_input)?;
    let sessions = args.sessions.unwrap_or(protocol.sessions);
    if sessions == 0 || sessions > protocol.sessions {
        return Err(Failure::bad_input(format!(
            "--sessions {sessions}: protocol `{}` has sessions 1 to {}",
            protocol.id, protocol.sessions
        )));
    }
    let participant = match &args.participant {
        Some(p) => ParticipantId::parse(p),
        None => ParticipantId::parse(&format!("sim-{}-s{}", patient.id, args.seed)),
    }
    .map_err(Failure::bad_input)?;
    let root = data_dir(args.data_dir.clone());
    let folder = root.join(participant.as_str());
    prepare_folder(&folder)?;

    println!(
        "vr-aat simulate: protocol `{}` ({sessions} of {} sessions), patient `{}`, seed {}, {} Hz",
        protocol.id, protocol.sessions, patient.id, args.seed, args.hz
    );
    let bar = ProgressBar::new(u64::from(sessions));
    bar.set_style(
        ProgressStyle::with_template("{spinner} session {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let started = Instant::now();
    let mut report = CourseReport::default();
    let mut simulated_s = 0.0;
    for session in 1..=sessions {
        let run = SessionRun {
            protocol: &protocol,
            catalogue: &catalogue,
            patient: &patient,
            seed: args.seed,
            session,
            hz: args.hz,
            frames_per_update: args.batch,
            onset_timing: OnsetTiming::Interpolated,
        };
        let out = run_session(&run, &mut |done, total| {
            bar.set_message(format!("trial {done}/{total}"))
        })
        .map_err(Failure::bad_input)?;
        simulated_s += out.simulated_s;
        let dir = folder.join(format!("S{session:02}"));
        std::fs::create_dir_all(&dir)
            .map_err(|e| Failure::runtime(format!("{}: cannot create folder: {e}", dir.display())))?;
        let file = dir.join("trials.csv");
        write_trials_csv(&file, participant.as_str(), &out.records)
            .map_err(|e| Failure::runtime(format!("{}: cannot write: {e}", file.display())))?;
        report.sessions.push(summarise(session, &out.records));
        bar.inc(1);
    }
    bar.finish_and_clear();
    print!("{}", report.table());
    println!(
        "RTs: medians of correct responses in assessment and sham blocks (ms), from stimulus onset to movement onset."
    );
    println!("bias = (push-alc - pull-alc) - (push-soft - pull-soft); positive = approach bias toward alcohol.");
    println!("trial records: {}", folder.display());
    let wall = started.elapsed().as_secs_f64();
    eprintln!(
        "simulated {:.1} min of sessions in {:.2} s ({:.0}x real time)",
        simulated_s / 60.0,
        wall,
        simulated_s / wall.max(1e-9)
    );
    Ok(())
}

/// Creates the participant folder, or accepts an earlier simulation's folder; refuses to
/// touch a folder with data that `simulate` did not write.
fn prepare_folder(folder: &Path) -> Result<(), Failure> {
    let marker = folder.join(SIMULATED_MARKER);
    if folder.exists() && !marker.exists() {
        return Err(Failure::bad_input(format!(
            "{}: this participant folder holds data that `vr-aat simulate` did not write; choose another --participant or --data-dir",
            folder.display()
        )));
    }
    std::fs::create_dir_all(folder)
        .map_err(|e| Failure::runtime(format!("{}: cannot create the data folder: {e}", folder.display())))?;
    std::fs::write(
        &marker,
        "written by vr-aat simulate: synthetic data, no real participant\n",
    )
    .map_err(|e| Failure::runtime(format!("{}: cannot write: {e}", marker.display())))
}
