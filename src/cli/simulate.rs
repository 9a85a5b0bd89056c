//! `vr-aat simulate`: a headless training course with a synthetic patient (or a cohort
//! of them), recorded like any live session.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use rand::Rng;

use super::{DEFAULT_PATIENT, DEFAULT_PROTOCOL, Failure, data_dir, recover_and_report};
use crate::data::{PatientProfile, load_cohort, load_patient, load_protocol};
use crate::metrics::{Overflow, RecorderOptions};
use crate::participant::ParticipantId;
use crate::sim::{CourseReport, Recording, SessionRun, SimError, file_sha256, run_recorded_session, summarise};
use crate::trial::{OnsetTiming, rng_for};

/// Run a training course headless with a synthetic patient, faster than real time.
///
/// Every session goes through the same trial engine a headset session uses; the patient
/// sees what the display shows and moves a tracked hand. Each session is recorded under
/// DATA_DIR/PARTICIPANT/S<NN>/ (metadata, trials, tracking, events; see
/// docs/data-dictionary.md) and a table per session is printed: trials, errors, median RT
/// per condition and the approach-bias score. The same arguments give byte-identical
/// output (set SOURCE_DATE_EPOCH to fix the timestamps in session.ron too).
#[derive(Args, Debug)]
pub struct SimulateArgs {
    /// Protocol file.
    #[arg(long, default_value = DEFAULT_PROTOCOL)]
    pub protocol: PathBuf,
    /// Synthetic-patient profile.
    #[arg(long, default_value = DEFAULT_PATIENT, conflicts_with = "cohort")]
    pub patient: PathBuf,
    /// Simulate a cohort instead: participants drawn from this population file.
    #[arg(long)]
    pub cohort: Option<PathBuf>,
    /// Number of participants in the cohort.
    #[arg(long, default_value_t = 10, requires = "cohort")]
    pub participants: u32,
    /// Seed for trial order and the patients' behaviour.
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
    /// Pseudonymous participant id (default: sim-<patient id>-s<seed>; cohorts use
    /// <cohort id>-p01, -p02, ...).
    #[arg(long, conflicts_with = "cohort")]
    pub participant: Option<String>,
    /// Frames carried per update (1 = one headset frame per update; default: as many as
    /// the patient's perception latency allows). Results do not depend on it.
    #[arg(long)]
    pub batch: Option<u32>,
    /// Run at this many times real time (for watching; default: as fast as possible).
    #[arg(long)]
    pub speed: Option<f64>,
    /// Do not record the continuous pose stream (tracking.csv).
    #[arg(long)]
    pub no_tracking: bool,
    /// Print "recorded session S trial N" to stderr as each trial is synced to disk.
    #[arg(long, hide = true)]
    pub announce_recorded: bool,
}

/// Marks a participant folder as written by `simulate`, so a re-run may replace it.
const SIMULATED_MARKER: &str = "SIMULATED";

/// Random-number stream for drawing cohort participants.
const STREAM_COHORT: u64 = 4;

pub fn run(args: SimulateArgs) -> Result<(), Failure> {
    let (protocol, catalogue, _) = load_protocol(&args.protocol).map_err(Failure::bad_input)?;
    let protocol_sha256 =
        file_sha256(&args.protocol).map_err(|e| Failure::bad_input(format!("{}: {e}", args.protocol.display())))?;
    let sessions = args.sessions.unwrap_or(protocol.sessions);
    if sessions == 0 || sessions > protocol.sessions {
        return Err(Failure::bad_input(format!(
            "--sessions {sessions}: protocol `{}` has sessions 1 to {}",
            protocol.id, protocol.sessions
        )));
    }
    if args.speed.is_some_and(|s| s.is_nan() || s <= 0.0) {
        return Err(Failure::bad_input("--speed must be above 0"));
    }
    let people = participants(&args)?;
    let root = data_dir(args.data_dir.clone());
    recover_and_report(&root)?;
    for (id, _, _) in &people {
        prepare_folder(&root.join(id.as_str()))?;
    }

    let who = match &args.cohort {
        Some(c) => format!("cohort `{}` ({} participants)", c.display(), people.len()),
        None => format!("patient `{}`", people[0].1.id),
    };
    println!(
        "vr-aat simulate: protocol `{}` ({sessions} of {} sessions), {who}, seed {}, {} Hz",
        protocol.id, protocol.sessions, args.seed, args.hz
    );
    let bar = ProgressBar::new(u64::from(sessions) * people.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} session {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let options = RecorderOptions {
        overflow: Overflow::Wait,
        tracking: !args.no_tracking,
        announce: args.announce_recorded,
        ..Default::default()
    };
    let started = Instant::now();
    let mut report = CourseReport::default();
    let mut simulated_s = 0.0;
    for (participant, patient, seed) in &people {
        for session in 1..=sessions {
            let run = SessionRun {
                protocol: &protocol,
                catalogue: &catalogue,
                patient,
                seed: *seed,
                session,
                hz: args.hz,
                frames_per_update: args.batch,
                onset_timing: OnsetTiming::Interpolated,
                speed: args.speed,
            };
            let recording = Recording {
                data_dir: &root,
                participant,
                protocol_file: &args.protocol,
                protocol_sha256: &protocol_sha256,
                options,
            };
            let (out, _, _) = run_recorded_session(&run, &recording, &mut |done, total| {
                bar.set_message(format!("{participant}: trial {done}/{total}"))
            })
            .map_err(|e| match e {
                SimError::Record(e) => Failure::runtime(e),
                other => Failure::bad_input(other),
            })?;
            simulated_s += out.simulated_s;
            let mut summary = summarise(session, &out.records, &protocol.scoring);
            summary.participant = participant.to_string();
            report.sessions.push(summary);
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    print!("{}", report.table(people.len() > 1));
    println!("RTs: medians of valid trials in assessment and sham blocks (ms), stimulus onset to movement onset;");
    println!("valid = correct, within the protocol's RT bounds and SD limit (default 200-2000 ms, 3 SD).");
    println!("bias = (push-alc - pull-alc) - (push-soft - pull-soft); positive = approach bias toward alcohol.");
    println!("data folder: {}", root.display());
    let wall = started.elapsed().as_secs_f64();
    eprintln!(
        "simulated {:.1} min of sessions in {:.2} s ({:.0}x real time)",
        simulated_s / 60.0,
        wall,
        simulated_s / wall.max(1e-9)
    );
    Ok(())
}

/// The participants to simulate: (id, profile, seed).
fn participants(args: &SimulateArgs) -> Result<Vec<(ParticipantId, PatientProfile, u64)>, Failure> {
    let Some(cohort_file) = &args.cohort else {
        let patient = load_patient(&args.patient).map_err(Failure::bad_input)?;
        let id = match &args.participant {
            Some(p) => ParticipantId::parse(p),
            None => ParticipantId::parse(&format!("sim-{}-s{}", patient.id, args.seed)),
        }
        .map_err(Failure::bad_input)?;
        return Ok(vec![(id, patient, args.seed)]);
    };
    let (cohort, base) = load_cohort(cohort_file).map_err(Failure::bad_input)?;
    if !(1..=1000).contains(&args.participants) {
        return Err(Failure::bad_input("--participants must be from 1 to 1000"));
    }
    (1..=args.participants)
        .map(|i| {
            let mut rng = rng_for(args.seed, STREAM_COHORT, i, 0);
            let profile = cohort.participant(&base, i, &mut rng);
            let seed = rng.next_u64();
            let id = ParticipantId::parse(&profile.id).map_err(Failure::bad_input)?;
            Ok((id, profile, seed))
        })
        .collect()
}

/// Makes a participant folder ready: creates it, or clears an earlier simulation's
/// sessions; refuses to touch a folder with data that `simulate` did not write.
fn prepare_folder(folder: &Path) -> Result<(), Failure> {
    let marker = folder.join(SIMULATED_MARKER);
    if folder.exists() {
        if !marker.exists() {
            return Err(Failure::bad_input(format!(
                "{}: this participant folder holds data that `vr-aat simulate` did not write; choose another --participant or --data-dir",
                folder.display()
            )));
        }
        std::fs::remove_dir_all(folder).map_err(|e| {
            Failure::runtime(format!(
                "{}: cannot replace the earlier simulation: {e}",
                folder.display()
            ))
        })?;
    }
    std::fs::create_dir_all(folder)
        .map_err(|e| Failure::runtime(format!("{}: cannot create the data folder: {e}", folder.display())))?;
    std::fs::write(
        &marker,
        "written by vr-aat simulate: synthetic data, no real participant\n",
    )
    .map_err(|e| Failure::runtime(format!("{}: cannot write: {e}", marker.display())))
}
