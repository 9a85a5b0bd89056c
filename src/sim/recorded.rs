//! A simulated session recorded through the session-metrics plugin, exactly as a live
//! session would be.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::session::{SessionOutput, SessionRun, SimError, build_app, step_to_end};
use crate::metrics::{
    CalibrationMethod, CalibrationRecord, FORMAT_VERSION, FrameBudgetRecord, InputSource, RecordError, Recorder,
    RecorderOptions, SessionCounts, SessionMeta, SessionMetricsPlugin, SessionStatus, session_dir, utc_now,
};
use crate::participant::ParticipantId;
use crate::patient::SyntheticPatient;
use crate::timing::FrameBudget;
use crate::trial::ActiveSession;

/// Where and how a simulated session is recorded.
#[derive(Clone, Debug)]
pub struct Recording<'a> {
    pub data_dir: &'a Path,
    pub participant: &'a ParticipantId,
    /// The protocol file as the user named it, and its bytes' SHA-256 (hex).
    pub protocol_file: &'a Path,
    pub protocol_sha256: &'a str,
    pub options: RecorderOptions,
}

/// SHA-256 of a file's bytes, as lower-case hex.
pub fn file_sha256(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    Ok(Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect())
}

/// Runs one session and records it under `recording.data_dir`.
pub fn run_recorded_session(
    run: &SessionRun,
    recording: &Recording,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<(SessionOutput, SessionCounts, PathBuf), SimError> {
    let mut app = build_app(run)?;
    let (meta, dir) = {
        let world = app.world();
        let engine = world.get_resource::<ActiveSession>();
        let patient = world.get_resource::<SyntheticPatient>();
        let (Some(engine), Some(patient)) = (engine, patient) else {
            return Err(SimError::Record(RecordError::Writer(
                "the headless app has no session".into(),
            )));
        };
        let cal = engine.config().calibration;
        let meta = SessionMeta {
            format_version: FORMAT_VERSION,
            participant: recording.participant.to_string(),
            session: run.session,
            status: SessionStatus::InProgress,
            protocol_id: run.protocol.id.clone(),
            protocol_file: recording.protocol_file.display().to_string(),
            protocol_sha256: recording.protocol_sha256.to_owned(),
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            started_utc: utc_now(),
            ended_utc: None,
            display_hz: run.hz,
            handedness: patient.agent.handedness(),
            calibration: CalibrationRecord::new(&cal, CalibrationMethod::Given, run.patient.body.eye_height_m),
            input_source: InputSource::Synthetic {
                patient: run.patient.id.clone(),
            },
            seed: run.seed,
            trials_planned: engine.plan().trial_count() as u32,
            tracking: recording.options.tracking,
        };
        (
            meta,
            session_dir(recording.data_dir, recording.participant.as_str(), run.session),
        )
    };
    let recorder = Recorder::start(&dir, meta, recording.options)?;
    app.add_plugins(SessionMetricsPlugin {
        options: recording.options,
    })
    .insert_resource(recorder);
    let out = step_to_end(&mut app, run, progress);
    let recorder = app.world_mut().remove_resource::<Recorder>();
    let Some(recorder) = recorder else {
        return Err(SimError::Record(RecordError::Writer("the recorder disappeared".into())));
    };
    let out = match out {
        Ok(out) => out,
        Err(e) => {
            // Keep what was recorded; the session is closed as incomplete.
            let _ = recorder.finish(
                SessionStatus::Incomplete { reason: e.to_string() },
                FrameBudgetRecord::default(),
            );
            return Err(e);
        }
    };
    let frame_budget = app
        .world()
        .get_resource::<FrameBudget>()
        .map(FrameBudgetRecord::from_budget)
        .unwrap_or_default();
    let counts = recorder.finish(SessionStatus::Complete, frame_budget)?;
    Ok((out, counts, dir))
}
