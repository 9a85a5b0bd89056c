//! Live sessions (flat desktop now, headset later): the parts every live mode shares:
//! choosing the session number, the engine with the patient's calibration, the scene,
//! the frame budget that flags trials, and the recorder.

use std::path::{Path, PathBuf};

use bevy::math::Vec3;
use bevy::prelude::*;

use crate::data::{Catalogue, Handedness, Protocol};
use crate::metrics::store::session_dirs;
use crate::metrics::{
    CalibrationRecord, FORMAT_VERSION, FrameBudgetRecord, InputSource, RecordError, Recorder, RecorderOptions,
    SessionCounts, SessionMeta, SessionMetricsPlugin, SessionStatus, session_dir, utc_now,
};
use crate::participant::ParticipantId;
use crate::scene::SceneLayout;
use crate::timing::{FrameBudget, OverrunPolicy};
use crate::trial::{ActiveSession, Calibration, Engine, EngineConfig, PlanError, plan_session};

/// The patient's body for a live session (before a headset reach calibration exists, or
/// in flat mode).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Body {
    pub handedness: Handedness,
    /// Shoulder to grip, arm extended (m).
    pub arm_reach_m: f64,
    /// Eye height (m): about 1.2 seated, 1.6 standing.
    pub eye_height_m: f64,
}

impl Body {
    /// The calibration a flat session uses: the hand rests 20 cm to the dominant side,
    /// 25 cm below the eyes and 30 cm in front.
    pub fn calibration(&self) -> Calibration {
        let side = if self.handedness == Handedness::Right {
            0.2
        } else {
            -0.2
        };
        Calibration {
            arm_reach_m: self.arm_reach_m,
            hand_home: Vec3::new(side, (self.eye_height_m - 0.25) as f32, -0.3),
            forward: Vec3::NEG_Z,
        }
    }
}

/// Everything needed to start a live session.
#[derive(Clone, Debug)]
pub struct LiveSetup {
    pub protocol: Protocol,
    pub catalogue: Catalogue,
    pub protocol_file: PathBuf,
    pub protocol_sha256: String,
    pub participant: ParticipantId,
    pub data_dir: PathBuf,
    pub body: Body,
    pub calibration: Calibration,
    /// Display rate (Hz) for the frame budget.
    pub display_hz: f64,
    pub source: InputSource,
    pub seed: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    #[error("participant {participant} has done all {sessions} sessions of protocol `{protocol}`")]
    CourseDone {
        participant: String,
        sessions: u32,
        protocol: String,
    },
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Record(#[from] RecordError),
    #[error("{0}")]
    Store(String),
}

/// The next session number of a participant (1 for a new one).
pub fn next_session(data_dir: &Path, participant: &ParticipantId) -> Result<u32, LiveError> {
    if !data_dir.join(participant.as_str()).is_dir() {
        return Ok(1);
    }
    let dirs = session_dirs(data_dir, participant.as_str()).map_err(|e| LiveError::Store(e.to_string()))?;
    Ok(dirs.last().map_or(1, |(n, _)| n + 1))
}

/// Adds the core, the scene and the recorder for a live session to `app`, starting the
/// recording. Returns the session number. Input sources and rendering are added by the
/// caller.
pub fn start_live_session(app: &mut App, setup: &LiveSetup, options: RecorderOptions) -> Result<u32, LiveError> {
    let session = next_session(&setup.data_dir, &setup.participant)?;
    if session > setup.protocol.sessions {
        return Err(LiveError::CourseDone {
            participant: setup.participant.to_string(),
            sessions: setup.protocol.sessions,
            protocol: setup.protocol.id.clone(),
        });
    }
    let plan = plan_session(&setup.protocol, &setup.catalogue, setup.seed, session)?;
    let config = EngineConfig::from_protocol(&setup.protocol, setup.body.handedness, setup.calibration);
    let layout = SceneLayout::new(&config, setup.body.eye_height_m as f32);
    let cal = setup.calibration;
    let meta = SessionMeta {
        format_version: FORMAT_VERSION,
        participant: setup.participant.to_string(),
        session,
        status: SessionStatus::InProgress,
        protocol_id: setup.protocol.id.clone(),
        protocol_file: setup.protocol_file.display().to_string(),
        protocol_sha256: setup.protocol_sha256.clone(),
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        started_utc: utc_now(),
        ended_utc: None,
        display_hz: setup.display_hz,
        handedness: setup.body.handedness,
        calibration: CalibrationRecord {
            arm_reach_m: cal.arm_reach_m,
            hand_home_m: cal.hand_home.into(),
            forward: cal.forward.into(),
        },
        input_source: setup.source.clone(),
        seed: setup.seed,
        trials_planned: plan.trial_count() as u32,
        tracking: options.tracking,
    };
    let recorder = Recorder::start(
        &session_dir(&setup.data_dir, setup.participant.as_str(), session),
        meta,
        options,
    )?;
    app.add_plugins((
        crate::app::core_plugin,
        crate::scene::plugin,
        plugin,
        SessionMetricsPlugin { options },
    ))
    .insert_resource(ActiveSession(Engine::new(config, plan)))
    .insert_resource(FrameBudget::for_display_rate(setup.display_hz, OverrunPolicy::Flag))
    .insert_resource(layout)
    .insert_resource(recorder);
    Ok(session)
}

/// How the live session ended: its counts and folder, or why it could not be closed.
#[derive(Resource, Debug, Clone)]
pub struct LiveOutcome(pub Result<(SessionCounts, PathBuf), String>);

/// Closes the recording once the engine has finished (all trials done, or ended by the
/// operator), then asks the app to exit. Runs in `Last`, after the frame's recording.
fn close_finished_session(world: &mut World, mut updates_since_finish: Local<u32>) {
    if world.get_resource::<Recorder>().is_none() {
        return;
    }
    let Some((finished, done, total)) = world.get_resource::<ActiveSession>().map(|s| {
        let (done, total) = s.progress();
        (s.is_finished(), done, total)
    }) else {
        return;
    };
    if !finished {
        return;
    }
    // One update releases the last records, the next records them.
    *updates_since_finish += 1;
    if *updates_since_finish < 2 {
        return;
    }
    let stats = world.get_resource::<FrameBudget>().map(FrameBudgetRecord::from_budget);
    let Some(recorder) = world.remove_resource::<Recorder>() else {
        return;
    };
    let dir = recorder.dir().to_path_buf();
    let status = if done == total {
        SessionStatus::Complete
    } else {
        SessionStatus::Incomplete {
            reason: format!("ended by the operator after {done} of {total} trials"),
        }
    };
    let outcome = recorder
        .finish(status, stats.unwrap_or_default())
        .map(|c| (c, dir))
        .map_err(|e| e.to_string());
    world.insert_resource(LiveOutcome(outcome));
    world.write_message(AppExit::Success);
}

/// Adds the system that closes a live session's recording when it ends.
pub fn plugin(app: &mut App) {
    app.add_systems(Last, close_finished_session);
}
