//! The start of a headset session: the reach calibration runs on the live pose stream
//! (lifecycle state [`SessionState::Calibrating`]) before anything is recorded, then the
//! session begins with what it measured.
//!
//! Headless, so it is tested without a runtime (`tests/it/headset_start.rs`): any input
//! source that pushes samples in [`CoreSystems::Input`] before [`calibrate`] drives it.

use bevy::prelude::*;
use log::info;

use vr_aat_core::calibration::ReachCalibration;
use vr_aat_core::records::{CalibrationMethod, Clock, TimingRecord};

use super::{PreparedSession, begin_live_session};
use crate::input::PoseStream;
use crate::scene::{SceneStatus, paused_text};
use crate::schedule::{CoreSystems, CoreUpdate};
use crate::session::{PauseCauses, SessionState, fail_session};
use crate::texts::Texts;

/// The reach calibration in progress; the session begins when it is done.
#[derive(Resource)]
pub struct Calibrating {
    pub reach: ReachCalibration,
    pub prepared: PreparedSession,
}

impl Calibrating {
    pub fn new(prepared: PreparedSession) -> Self {
        Self {
            reach: ReachCalibration::new(prepared.setup.body.handedness),
            prepared,
        }
    }
}

/// The display rate (Hz) a runtime reports; recorded with the session when it begins.
#[derive(Resource, Clone, Copy, Debug, PartialEq)]
pub struct RuntimeDisplay {
    pub hz: f64,
}

/// The runtime's clock as the headset layer uses it: recorded with the session (see
/// [`TimingRecord`]).
#[derive(Resource, Clone, Copy, Debug, PartialEq)]
pub struct RuntimeTiming {
    /// The runtime's time (ns) at the first frame's display time.
    pub zero_ns: i64,
    /// How much later than its frame's display time the poses are located (s), as of
    /// the newest frame (frames.csv has every frame's).
    pub pose_lead_s: f64,
    /// The LSL clock (s) at `zero_ns`, where the headset layer knows it.
    pub lsl_zero_s: Option<f64>,
}

/// Why the runtime's tracking is not good enough, beyond "not tracked" (for example a
/// pose the runtime reports as valid but only estimated); set by the headset layer and
/// shown to the therapist with the calibration's status.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct TrackingDetail(pub Option<String>);

/// Adds [`calibrate`]; insert [`Calibrating`] and enter [`SessionState::Calibrating`]
/// to start with the calibration (see [`start_calibrating`]).
pub fn plugin(app: &mut App) {
    app.init_resource::<TrackingDetail>()
        .init_resource::<Texts>()
        .add_systems(
            CoreUpdate,
            calibrate
                .in_set(CoreSystems::Input)
                .run_if(in_state(SessionState::Calibrating).and_then(resource_exists::<Calibrating>)),
        );
}

/// Starts a headset session with the reach calibration.
pub fn start_calibrating(world: &mut World, prepared: PreparedSession) {
    world.insert_resource(Texts::new(prepared.language));
    world.insert_resource(Calibrating::new(prepared));
    world
        .resource_mut::<NextState<SessionState>>()
        .set(SessionState::Calibrating);
}

/// The calibration's status for the therapist ("step 1 of 2 (rest): waiting: ...").
pub fn calibration_status(calibrating: &Calibrating, detail: Option<&TrackingDetail>) -> String {
    let mut text = calibrating.reach.status();
    if let Some(d) = detail.and_then(|d| d.0.as_deref()) {
        text.push_str(&format!(" ({d})"));
    }
    text
}

/// Feeds the update's samples to the reach calibration and shows its instruction (or,
/// while a cause holds the session, the paused panel, and the samples are not used);
/// when it is done, begins the session (recording and trials from the next update).
pub fn calibrate(
    mut calibrating: ResMut<Calibrating>,
    mut stream: ResMut<PoseStream>,
    mut status: ResMut<SceneStatus>,
    // Why it is paused, and the patient's language.
    (causes, messages): (Res<PauseCauses>, Res<Texts>),
    display: Option<Res<RuntimeDisplay>>,
    runtime: Option<Res<RuntimeTiming>>,
    mut commands: Commands,
) {
    if causes.any() {
        let _ = stream.take_batch();
        let text = paused_text(&messages, Some(&causes));
        if status.panel.as_deref() != Some(text.as_str()) {
            status.panel = Some(text);
            status.paused = true;
        }
        return;
    }
    let was_paused = std::mem::take(&mut status.paused);
    let before = calibrating.reach.step().clone();
    let result = stream.take_batch().iter().find_map(|s| calibrating.reach.process(s));
    let stepped = *calibrating.reach.step() != before;
    if stepped {
        info!("calibration: {:?}", calibrating.reach.step());
    }
    let Some(result) = result else {
        // The instruction changes only with the step; a restart or pause clears the panel.
        if stepped || was_paused || status.panel.is_none() {
            status.panel = Some(calibrating.reach.instruction(&messages));
        }
        return;
    };
    status.panel = None;
    let mut prepared = calibrating.prepared.clone();
    if let Some(display) = display {
        prepared.setup.display_hz = display.hz;
    }
    let timing = TimingRecord {
        clock: Clock::PredictedDisplay,
        display_period_s: 1.0 / prepared.setup.display_hz,
        pose_lead_s: runtime.as_ref().map_or(0.0, |r| r.pose_lead_s),
        runtime_zero_ns: runtime.as_ref().map(|r| r.zero_ns),
        lsl_zero_s: runtime.as_ref().and_then(|r| r.lsl_zero_s),
    };
    commands.remove_resource::<Calibrating>();
    commands.queue(move |world: &mut World| {
        if let Err(e) = begin_live_session(
            world,
            &prepared,
            result.calibration,
            CalibrationMethod::ReachCalibration,
            result.eye_height_m,
            timing,
        ) {
            fail_session(world, format!("could not start recording: {e}"));
        }
    });
}
