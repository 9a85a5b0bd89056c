//! A simulated session recorded through the session-metrics plugin, exactly as a live
//! session is.

use std::path::PathBuf;

use super::session::{SessionOutput, SessionRun, SimError, build_app, step_to_end};
use crate::metrics::{RecordError, SessionCounts};
use crate::session::{RecordTo, SessionOutcome};

/// Runs one session and records it as `record` says. Returns its output, counts and
/// folder.
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
            Ok((out, counts, dir))
        }
        other => Err(SimError::Record(RecordError::Writer(format!(
            "the session was not recorded: {other:?}"
        )))),
    }
}
