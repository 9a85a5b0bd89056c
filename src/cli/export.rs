//! `vr-aat export`: research formats for R, pandas and AAT tools.

use std::io::Write as _;
use std::path::PathBuf;

use clap::Args;

use super::{Failure, data_dir, recover_and_report};
use crate::metrics::store::{participants, read_participant};
use crate::metrics::{TRACKING_FILE, TrialRow, write_atomically};
use crate::participant::ParticipantId;

/// Write long-format tables of the recorded sessions to a folder.
///
/// OUT/trials_long.csv: one row per trial, starting with the columns AAT tools exchange
/// (subjectid, session, blocknum, trialnum, stimid, is_pull, is_target, error, rt,
/// fullrt, scored = 1 for assessment and sham blocks) followed by the rest of
/// trials.csv's columns. OUT/tracking_long.csv: every
/// pose sample with participant and session columns in front (unless --no-tracking).
/// Both load as-is in R (read.csv) and pandas (read_csv); see docs/data-dictionary.md.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Folder to write into (created if missing; files there are replaced atomically).
    #[arg(long)]
    pub out: PathBuf,
    /// Participants to export (default: all).
    #[arg(long = "participant")]
    pub participants: Vec<String>,
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Skip the continuous tracking data.
    #[arg(long)]
    pub no_tracking: bool,
}

/// The columns AAT tools exchange, first in `trials_long.csv`.
pub const AAT_COLUMNS: [&str; 11] = [
    "subjectid",
    "session",
    "blocknum",
    "trialnum",
    "stimid",
    "is_pull",
    "is_target",
    "error",
    "rt",
    "fullrt",
    "scored",
];

/// The rest of trials.csv's columns, after the AAT ones (same meaning as there).
pub const MORE_COLUMNS: [&str; 17] = [
    "block_name",
    "block_kind",
    "trial_in_block",
    "category",
    "cue",
    "required",
    "given",
    "outcome",
    "corrected",
    "stimulus_onset_s",
    "movement_onset_s",
    "movement_time_ms",
    "correction_ms",
    "peak_speed_m_s",
    "distance_m",
    "tracking_lost",
    "budget_overrun",
];

pub fn run(args: ExportArgs) -> Result<(), Failure> {
    let root = data_dir(args.data_dir.clone());
    recover_and_report(&root)?;
    let people = if args.participants.is_empty() {
        participants(&root).map_err(Failure::runtime)?
    } else {
        let mut v = Vec::new();
        for p in &args.participants {
            let id = ParticipantId::parse(p).map_err(Failure::bad_input)?;
            if !root.join(id.as_str()).is_dir() {
                return Err(Failure::bad_input(format!("{}: no participant `{id}`", root.display())));
            }
            v.push(id.to_string());
        }
        v
    };
    if people.is_empty() {
        return Err(Failure::bad_input(format!(
            "{}: no participants to export",
            root.display()
        )));
    }
    // Read everything first: a corrupt session stops the export before anything is written.
    let mut sessions = Vec::new();
    for p in &people {
        sessions.extend(read_participant(&root, p).map_err(Failure::bad_input)?);
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = AAT_COLUMNS.iter().chain(MORE_COLUMNS.iter()).copied().collect();
    w.write_record(&header).map_err(Failure::runtime)?;
    let num = |v: Option<f64>| v.map_or_else(String::new, |x| x.to_string());
    let flag = |b: bool| u8::from(b).to_string();
    let mut rows = 0usize;
    for s in &sessions {
        for r in &s.records {
            let row = TrialRow::from_record(&s.meta.participant, r);
            let fields = [
                row.participant,
                row.session.to_string(),
                row.block.to_string(),
                row.trial.to_string(),
                row.stimulus_id,
                row.is_pull.to_string(),
                row.is_target.to_string(),
                row.error.to_string(),
                num(row.rt_ms),
                num(row.full_rt_ms),
                flag(r.block_kind.is_scored()),
                row.block_name,
                row.block_kind,
                row.trial_in_block.to_string(),
                row.category,
                row.cue,
                row.required,
                row.given,
                row.outcome,
                row.corrected.to_string(),
                row.stimulus_onset_s.to_string(),
                num(row.movement_onset_s),
                num(row.movement_time_ms),
                num(row.correction_ms),
                row.peak_speed_m_s.to_string(),
                row.distance_m.to_string(),
                row.tracking_lost.to_string(),
                row.budget_overrun.to_string(),
            ];
            w.write_record(&fields).map_err(Failure::runtime)?;
            rows += 1;
        }
    }
    let bytes = w.into_inner().map_err(|e| Failure::runtime(e.to_string()))?;
    std::fs::create_dir_all(&args.out)
        .map_err(|e| Failure::runtime(format!("{}: cannot create: {e}", args.out.display())))?;
    let trials_path = args.out.join("trials_long.csv");
    write_atomically(&trials_path, &bytes)
        .map_err(|e| Failure::runtime(format!("{}: cannot write: {e}", trials_path.display())))?;
    println!(
        "wrote {} ({rows} trials, {} sessions, {} participants)",
        trials_path.display(),
        sessions.len(),
        people.len()
    );

    if !args.no_tracking {
        let mut out = Vec::new();
        let mut samples = 0usize;
        let mut header_written = false;
        for s in &sessions {
            let path = s.dir.join(TRACKING_FILE);
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let mut lines = text.lines();
            let Some(head) = lines.next() else { continue };
            if !header_written {
                let _ = writeln!(out, "participant,session,{head}");
                header_written = true;
            }
            for line in lines {
                let _ = writeln!(out, "{},{},{line}", s.meta.participant, s.meta.session);
                samples += 1;
            }
        }
        if header_written {
            let path = args.out.join("tracking_long.csv");
            write_atomically(&path, &out)
                .map_err(|e| Failure::runtime(format!("{}: cannot write: {e}", path.display())))?;
            println!("wrote {} ({samples} pose samples)", path.display());
        }
    }
    Ok(())
}
