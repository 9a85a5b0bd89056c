//! Beginning a session, the same way for simulated, flat and headset sessions: the one
//! place the session's metadata (`session.ron`) is put together, the recorder started
//! and the engine inserted.

use std::path::{Path, PathBuf};

use bevy::prelude::*;
use vr_aat_core::data::ProtocolSource;
use vr_aat_core::participant::ParticipantId;
use vr_aat_core::questionnaire::Controls;
use vr_aat_core::records::{
    CalibrationMethod, CalibrationRecord, InputSource, SessionMeta, SessionStatus, TimingRecord,
};
use vr_aat_store::layout::{FORMAT_VERSION, session_folder_name};
use vr_aat_store::{FileStorage, OpenStorage, RecordError, Recorder, RecorderOptions, utc_now};

use super::StepHold;
use super::asking::Asking;
use super::{OutcomeSlot, SessionState};
use crate::lsl::{LabStreams, lsl_clock};
use crate::recording::SessionRecorder;
use crate::timing::{CoreCost, FrameClock};
use crate::trial::{ActiveSession, Engine, EngineConfig, SessionPlan};

/// Where and how a session is recorded.
#[derive(Clone)]
pub struct RecordTo {
    /// The participant's folder (`DATA_DIR/PARTICIPANT`, or the folder a simulated
    /// course is built in before it replaces the old one).
    pub folder: PathBuf,
    pub participant: ParticipantId,
    /// The protocol file as the user named it, and its bytes' SHA-256 (hex).
    pub protocol_file: PathBuf,
    pub protocol_sha256: String,
    pub options: RecorderOptions,
    /// What the writer writes through: the files on disk ([`FileStorage::opener`]) but
    /// in tests of slow and failing disks.
    pub storage: OpenStorage,
}

impl RecordTo {
    /// Recording into the participant's folder under `data_dir` through the files on
    /// disk.
    pub fn new(
        data_dir: &Path,
        participant: &ParticipantId,
        protocol: &ProtocolSource,
        options: RecorderOptions,
    ) -> Self {
        Self::in_folder(&data_dir.join(participant.as_str()), participant, protocol, options)
    }

    /// Recording into `folder` (the participant's folder, or the one a simulated course
    /// is built in before it replaces the old one) through the files on disk.
    pub fn in_folder(
        folder: &Path,
        participant: &ParticipantId,
        protocol: &ProtocolSource,
        options: RecorderOptions,
    ) -> Self {
        Self {
            folder: folder.to_path_buf(),
            participant: participant.clone(),
            protocol_file: protocol.file.clone(),
            protocol_sha256: protocol.sha256.clone(),
            options,
            storage: FileStorage::opener(),
        }
    }
}

impl std::fmt::Debug for RecordTo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordTo")
            .field("folder", &self.folder)
            .field("participant", &self.participant)
            .finish_non_exhaustive()
    }
}

/// Everything a session begins with.
#[derive(Clone, Debug)]
pub struct SessionStart {
    /// The session's trials (and its number in the course).
    pub plan: SessionPlan,
    /// Timing, thresholds, the responding hand and the calibration.
    pub config: EngineConfig,
    pub protocol_id: String,
    /// The protocol's scoring settings, stored with the session so that every reader
    /// scores it the same way.
    pub scoring: vr_aat_core::scoring::ScoringConfig,
    /// How the calibration in `config` was obtained, and the eye height (m) the bar is
    /// laid out for.
    pub calibration_method: CalibrationMethod,
    pub eye_height_m: f64,
    /// Display rate (Hz): late frames are judged against its period; `display_hz` in
    /// `session.ron`.
    pub display_hz: f64,
    pub input_source: InputSource,
    pub seed: u64,
    /// The language the patient reads.
    pub language: vr_aat_core::locale::Language,
    /// The participant's personal set of trained drinks (from their intake), if any.
    pub personal_set: Option<Vec<String>>,
    /// The questionnaires asked in this session, with their moment, in the protocol's
    /// order ([`vr_aat_core::data::Protocol::questionnaires_in_session`]).
    pub questionnaires: Vec<(
        vr_aat_core::data::AskMoment,
        vr_aat_core::data::questionnaire::Questionnaire,
    )>,
    /// Where the session's times come from (recorded in `session.ron`).
    pub timing: TimingRecord,
    /// `None` runs the session without recording it (tests, benchmarks).
    pub record: Option<RecordTo>,
}

impl SessionStart {
    /// The session's metadata as it is recorded when it begins.
    fn meta(&self, record: &RecordTo) -> SessionMeta {
        SessionMeta {
            format_version: FORMAT_VERSION,
            participant: record.participant.to_string(),
            session: self.plan.session,
            status: SessionStatus::InProgress,
            protocol_id: self.protocol_id.clone(),
            protocol_file: record.protocol_file.display().to_string(),
            protocol_sha256: record.protocol_sha256.clone(),
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            started_utc: utc_now(),
            ended_utc: None,
            display_hz: self.display_hz,
            handedness: self.config.dominant,
            calibration: CalibrationRecord::new(&self.config.calibration, self.calibration_method, self.eye_height_m),
            input_source: self.input_source.clone(),
            seed: self.seed,
            trials_planned: self.plan.trial_count() as u32,
            tracking: record.options.tracking,
            timing: Some(self.timing),
            scoring: Some(self.scoring),
            language: self.language,
            personal_set: self.personal_set.clone(),
            response_mode: Some(self.config.response_mode),
        }
    }
}

/// Begins the session: starts its recorder (if it is recorded), inserts the engine, the
/// frame clock and the core-cost stopwatch, and moves the lifecycle to Running (from
/// the next frame). The app must have the lifecycle ([`super::plugin`]) and, to record, the
/// [`crate::recording::SessionMetricsPlugin`].
pub fn begin_session(world: &mut World, start: SessionStart) -> Result<(), RecordError> {
    if let Some(record) = &start.record {
        let dir = record.folder.join(session_folder_name(start.plan.session));
        let recorder = Recorder::start_with(&dir, start.meta(record), record.options, record.storage.clone())?;
        world.insert_resource(SessionRecorder(recorder));
    }
    if let Some(mut streams) = world.get_resource_mut::<LabStreams>() {
        // A session without a real-time zero (which the commands do not stream) is
        // stamped as if its time 0 were now.
        let zero = start.timing.lsl_zero_s.unwrap_or_else(lsl_clock);
        let tap = streams.begin(zero, start.input_source.clone());
        if let Some(mut recorder) = world.get_resource_mut::<SessionRecorder>() {
            recorder.tap_events(tap);
        }
    }
    world.insert_resource(CoreCost::for_display_rate(start.display_hz));
    world.insert_resource(FrameClock::new(start.display_hz));
    let controls = match start.input_source {
        InputSource::Xr => Controls::Headset,
        _ => Controls::Mouse,
    };
    world.insert_resource(Asking::new(start.questionnaires, start.language, controls));
    world.insert_resource(StepHold::default());
    world.insert_resource(ActiveSession(Engine::new(start.config, start.plan)));
    world
        .resource_mut::<NextState<SessionState>>()
        .set(SessionState::Running);
    if let Some(slot) = world.get_resource::<OutcomeSlot>() {
        slot.with(|r| r.began = true);
    }
    Ok(())
}
