//! A simulated session recorded through the session-metrics plugin, exactly as a live
//! session is, plus its ground truth (`truth.csv`).

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::session::{SessionOutput, SessionRun, SimError, build_app, step_to_end};
use crate::patient::TrueTrial;
use crate::session::{RecordTo, SessionOutcome};
use crate::trial::Label;
use vr_aat_core::records::SessionCounts;
use vr_aat_store::RecordError;
use vr_aat_store::atomic::write_atomically;

/// `truth.csv`: what really happened in each trial of a simulated session.
pub const TRUTH_FILE: &str = "truth.csv";

/// One row of `truth.csv`.
#[derive(Serialize)]
struct TruthRow {
    trial: u32,
    stimulus_onset_s: f64,
    movement_onset_s: Option<f64>,
    rt_ms: Option<f64>,
    direction: &'static str,
}

/// Writes a session's ground truth beside its records.
pub fn write_truth(dir: &Path, truth: &[TrueTrial]) -> Result<(), RecordError> {
    let path = dir.join(TRUTH_FILE);
    let fail = |e: String| RecordError::Writer(format!("{}: cannot write: {e}", path.display()));
    let mut w = csv::Writer::from_writer(Vec::new());
    for t in truth {
        w.serialize(TruthRow {
            trial: t.trial,
            stimulus_onset_s: t.stimulus_onset_s,
            movement_onset_s: t.movement_onset_s,
            rt_ms: t.movement_onset_s.map(|m| (m - t.stimulus_onset_s) * 1000.0),
            direction: t.direction.map_or("", Label::label),
        })
        .map_err(|e| fail(e.to_string()))?;
    }
    let bytes = w.into_inner().map_err(|e| fail(e.to_string()))?;
    write_atomically(&path, &bytes).map_err(|e| fail(e.to_string()))
}

/// Runs one session and records it as `record` says, with its ground truth. Returns its
/// output, counts and folder.
pub fn run_recorded_session(
    run: &SessionRun,
    record: RecordTo,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<(SessionOutput, SessionCounts, PathBuf), SimError> {
    let mut app = build_app(run, Some(record))?;
    let out = step_to_end(&mut app, run, progress)?;
    match &out.outcome {
        Some(SessionOutcome::Closed {
            counts, dir: Some(dir), ..
        }) => {
            let (counts, dir) = (counts.clone(), dir.clone());
            write_truth(&dir, &out.truth)?;
            Ok((out, counts, dir))
        }
        other => Err(SimError::Record(RecordError::Writer(format!(
            "the session was not recorded: {other:?}"
        )))),
    }
}
