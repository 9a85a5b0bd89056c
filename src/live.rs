//! Live sessions (flat desktop and headset): the parts every live mode shares:
//! choosing the session number, the engine with the patient's calibration, the scene,
//! the frame budget that flags trials, and the recorder.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use bevy::math::Vec3;
use bevy::prelude::*;

use crate::data::{Catalogue, Handedness, Protocol};
use crate::metrics::store::session_dirs;
use crate::metrics::{
    CalibrationMethod, CalibrationRecord, FORMAT_VERSION, FrameBudgetRecord, InputSource, RecordError, Recorder,
    RecorderOptions, SessionCounts, SessionMeta, SessionMetricsPlugin, SessionStatus, session_dir, utc_now,
};
use crate::participant::ParticipantId;
use crate::scene::SceneLayout;
use crate::schedule::CoreSystems;
use crate::timing::{FrameBudget, OverrunPolicy};
use crate::trial::{
    ActiveSession, Calibration, Engine, EngineConfig, PlanError, SessionControl, SessionPlan, plan_session,
};

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

/// A live session checked and planned, not yet recording: a headset session runs its
/// reach calibration between [`prepare_live_session`] and [`begin_live_session`].
#[derive(Clone, Debug)]
pub struct PreparedSession {
    pub setup: LiveSetup,
    pub options: RecorderOptions,
    /// The participant's session number in the course.
    pub session: u32,
    plan: SessionPlan,
}

/// Checks that the participant has a session left and plans its trials, so that a
/// mistake is reported before any window opens.
pub fn prepare_live_session(setup: &LiveSetup, options: RecorderOptions) -> Result<PreparedSession, LiveError> {
    let session = next_session(&setup.data_dir, &setup.participant)?;
    if session > setup.protocol.sessions {
        return Err(LiveError::CourseDone {
            participant: setup.participant.to_string(),
            sessions: setup.protocol.sessions,
            protocol: setup.protocol.id.clone(),
        });
    }
    let plan = plan_session(&setup.protocol, &setup.catalogue, setup.seed, session)?;
    Ok(PreparedSession {
        setup: setup.clone(),
        options,
        session,
        plan,
    })
}

/// Adds the systems every live session needs (core, scene, recording, closing) to `app`.
/// They wait, idle, until [`begin_live_session`] inserts the session.
pub fn add_live_plugins(app: &mut App, options: RecorderOptions) {
    app.add_plugins((
        crate::app::core_plugin,
        crate::scene::plugin,
        plugin,
        SessionMetricsPlugin { options },
    ));
}

/// Starts recording and inserts the engine, the frame budget and the bar's layout for
/// this calibration; from the next update the trials run.
pub fn begin_live_session(
    world: &mut World,
    prepared: &PreparedSession,
    calibration: Calibration,
    method: CalibrationMethod,
    eye_height_m: f64,
) -> Result<(), LiveError> {
    let setup = &prepared.setup;
    let config = EngineConfig::from_protocol(&setup.protocol, setup.body.handedness, calibration);
    let layout = SceneLayout::new(&config, eye_height_m as f32);
    let meta = SessionMeta {
        format_version: FORMAT_VERSION,
        participant: setup.participant.to_string(),
        session: prepared.session,
        status: SessionStatus::InProgress,
        protocol_id: setup.protocol.id.clone(),
        protocol_file: setup.protocol_file.display().to_string(),
        protocol_sha256: setup.protocol_sha256.clone(),
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        started_utc: utc_now(),
        ended_utc: None,
        display_hz: setup.display_hz,
        handedness: setup.body.handedness,
        calibration: CalibrationRecord::new(&calibration, method, eye_height_m),
        input_source: setup.source.clone(),
        seed: setup.seed,
        trials_planned: prepared.plan.trial_count() as u32,
        tracking: prepared.options.tracking,
    };
    let recorder = Recorder::start(
        &session_dir(&setup.data_dir, setup.participant.as_str(), prepared.session),
        meta,
        prepared.options,
    )?;
    world.insert_resource(ActiveSession(Engine::new(config, prepared.plan.clone())));
    world.insert_resource(FrameBudget::for_display_rate(setup.display_hz, OverrunPolicy::Flag));
    world.insert_resource(layout);
    world.insert_resource(recorder);
    if let Some(slot) = world.get_resource::<OutcomeSlot>() {
        slot.with(|r| r.began = true);
    }
    Ok(())
}

/// A flat session: prepares, adds the live systems and begins at once with the given
/// calibration (`setup.calibration`). Returns the session number.
pub fn start_live_session(app: &mut App, setup: &LiveSetup, options: RecorderOptions) -> Result<u32, LiveError> {
    let prepared = prepare_live_session(setup, options)?;
    add_live_plugins(app, options);
    begin_live_session(
        app.world_mut(),
        &prepared,
        setup.calibration,
        CalibrationMethod::Given,
        setup.body.eye_height_m,
    )?;
    Ok(prepared.session)
}

/// How the live session ended: its counts and folder, or why it could not be closed.
#[derive(Resource, Debug, Clone)]
pub struct LiveOutcome(pub Result<(SessionCounts, PathBuf), String>);

/// Hands a live session's outcome to the code that started the app. A windowed app's
/// runner takes the app by value and drops it when the window closes, so the outcome
/// cannot be read from its world afterwards; a clone of this slot outlives it.
#[derive(Resource, Clone, Debug, Default)]
pub struct OutcomeSlot(Arc<Mutex<SlotReport>>);

/// What the slot holds once the app has stopped.
#[derive(Debug, Default)]
pub struct SlotReport {
    /// The outcome, if the session (or its setup) came to one.
    pub outcome: Option<LiveOutcome>,
    /// Whether recording had begun.
    pub began: bool,
}

impl OutcomeSlot {
    fn with(&self, f: impl FnOnce(&mut SlotReport)) {
        // A panic elsewhere while holding the lock leaves the data usable.
        let mut report = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut report);
    }

    /// Takes the report, leaving an empty one.
    pub fn take(&self) -> SlotReport {
        let mut out = SlotReport::default();
        self.with(|r| std::mem::swap(r, &mut out));
        out
    }
}

/// Records `outcome` as a resource and, if the app has an [`OutcomeSlot`], in the slot.
pub fn report_outcome(world: &mut World, outcome: LiveOutcome) {
    if let Some(slot) = world.get_resource::<OutcomeSlot>() {
        let copy = outcome.clone();
        slot.with(|r| r.outcome = Some(copy));
    }
    world.insert_resource(outcome);
}

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
    report_outcome(world, LiveOutcome(outcome));
    world.write_message(AppExit::Success);
}

/// A live session (or its setup) failed: logs the reason, hands it to the caller as
/// the outcome, and asks the app to exit with an error.
pub fn fail_live_session(world: &mut World, message: String) {
    log::error!("{message}");
    report_outcome(world, LiveOutcome(Err(message)));
    world.write_message(AppExit::error());
}

/// Before the session has begun (a headset's calibration), ending it closes the
/// program: nothing has been recorded yet.
fn end_before_start(mut control: MessageReader<SessionControl>, mut exit: MessageWriter<AppExit>) {
    if control.read().any(|c| *c == SessionControl::End) {
        exit.write(AppExit::Success);
    }
}

/// Adds the systems that close a live session's recording when it ends, or the program
/// when it is ended before it began.
pub fn plugin(app: &mut App) {
    app.add_systems(Last, close_finished_session).add_systems(
        Update,
        end_before_start
            .after(CoreSystems::BeginFrame)
            .run_if(not(resource_exists::<ActiveSession>)),
    );
}
