//! `vr-aat replay`: a recorded session's pose stream run back through the trial engine.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, data_dir};
use vr_aat_core::participant::ParticipantId;
use vr_aat_store::layout::{parse_session_folder, session_dir};
use vr_aat_store::output::check_out_folder;
use vr_aat_store::replay::{ThresholdOverrides, replay};

/// Replay a recorded session: run its pose stream back through the trial engine.
///
/// Without threshold options it verifies the recording: the replayed trials must equal
/// the session's trials.csv byte for byte (exit 0), proving that the recording holds
/// everything the trials came from; a difference is printed with its line (exit 1).
///
/// With threshold options (a new onset criterion, rest window or speed, home radius, push
/// or pull distance) it derives the trials again under that criterion and writes them to
/// --out (trials.csv and replay.ron, which names the source session and the settings),
/// never into the data folder. Each drink appears at its recorded time (what the patient
/// saw, when); the new thresholds decide the resting position, the movement onset and
/// the response. replay.ron counts drinks that had to appear later than recorded.
///
/// Needs the session's tracking.csv (not recorded with `simulate --no-tracking`), its
/// events.csv and frames.csv, and its protocol file unchanged (checked by SHA-256).
/// Only reads the data folder.
#[derive(Args, Debug)]
pub struct ReplayArgs {
    /// The participant's pseudonym.
    pub participant: String,
    /// The session: its number (1) or folder name (S01).
    pub session: String,
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Folder for the derived trials.csv and replay.ron (required with a threshold
    /// option; outside the data folder).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Movement onset: distance (m) from the resting position.
    #[arg(long, value_parser = positive)]
    pub onset_distance: Option<f64>,
    /// Resting speed (m/s) below which the hand counts as at rest.
    #[arg(long, value_parser = positive)]
    pub rest_speed: Option<f64>,
    /// Rest window (s): how long the hand must rest before a drink appears.
    #[arg(long, value_parser = positive)]
    pub rest_window: Option<f64>,
    /// Home radius (m): how near its home the hand must be before a drink appears.
    #[arg(long, value_parser = positive)]
    pub home_radius: Option<f64>,
    /// A push completes at this fraction of the arm's reach (0 to 1).
    #[arg(long, value_parser = fraction)]
    pub push_fraction: Option<f64>,
    /// A pull completes at this fraction of the arm's reach (0 to 1).
    #[arg(long, value_parser = fraction)]
    pub pull_fraction: Option<f64>,
}

fn positive(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!("`{s}`: expected a number above 0")),
    }
}

fn fraction(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 1.0 => Ok(v),
        _ => Err(format!("`{s}`: expected a fraction above 0 and at most 1")),
    }
}

pub fn run(args: ReplayArgs) -> Result<(), Failure> {
    let id = ParticipantId::parse(&args.participant).map_err(Failure::bad_input)?;
    let number = args
        .session
        .parse::<u32>()
        .ok()
        .filter(|n| *n > 0)
        .or_else(|| parse_session_folder(&args.session))
        .ok_or_else(|| {
            Failure::bad_input(format!(
                "session `{}`: expected a session number (1) or folder name (S01)",
                args.session
            ))
        })?;
    let root = data_dir(args.data_dir.clone());
    let dir = session_dir(&root, id.as_str(), number);
    if !dir.is_dir() {
        return Err(Failure::bad_input(format!(
            "{}: no such session (see `vr-aat sessions`)",
            dir.display()
        )));
    }
    let overrides = ThresholdOverrides {
        onset_distance_m: args.onset_distance,
        rest_speed_m_s: args.rest_speed,
        rest_window_s: args.rest_window,
        home_radius_m: args.home_radius,
        push_fraction: args.push_fraction,
        pull_fraction: args.pull_fraction,
    };
    if !overrides.is_empty() && args.out.is_none() {
        return Err(Failure::bad_input(
            "a threshold option derives new trials: give --out FOLDER for them (the recorded session is never changed)",
        ));
    }
    if let Some(out) = &args.out {
        if out.exists() && !out.is_dir() {
            return Err(Failure::bad_input(format!(
                "--out {}: this is a file; expected a folder",
                out.display()
            )));
        }
        check_out_folder(out, &root)?;
    }
    let replayed = replay(&dir, &overrides).map_err(|e| match e {
        vr_aat_store::replay::ReplayError::Read(_) => Failure::bad_input(e),
        _ => Failure::runtime(e),
    })?;
    println!(
        "replayed {}: {} pose samples, {} pauses and resumes, {} trials",
        dir.display(),
        replayed.samples,
        replayed.pauses,
        replayed.records.len()
    );
    if let Some(out) = &args.out {
        std::fs::create_dir_all(out).map_err(|e| Failure::runtime(format!("{}: cannot create: {e}", out.display())))?;
        let path = replayed.write_derived(out, &overrides)?;
        println!("wrote {} and trials.csv beside it", path.display());
    }
    if overrides.is_empty() {
        match replayed.first_difference().map_err(Failure::runtime)? {
            None if replayed.beyond_recorded() > 0 => println!(
                "trials.csv reproduced byte for byte; the session did not run to its end, and its recorded poses complete {} more trial(s) that were not saved",
                replayed.beyond_recorded()
            ),
            None => println!("trials.csv reproduced byte for byte: the recording is complete"),
            Some((line, recorded, replayed)) => {
                return Err(Failure::runtime(format!(
                    "trials.csv differs from the replay at line {line}:\n  recorded: {recorded}\n  replayed: {replayed}"
                )));
            }
        }
    }
    Ok(())
}
