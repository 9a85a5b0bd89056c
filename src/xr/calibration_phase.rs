//! The start of a headset session: the reach calibration runs on the live pose stream
//! before anything is recorded, then the session begins with what it measured.
//!
//! Headless, so it is tested without a runtime (`tests/headset_start.rs`): any input
//! source that pushes samples in [`CoreSystems::Input`] before [`calibrate`] drives it.

use bevy::prelude::*;
use log::info;

use crate::input::PoseStream;
use crate::live::{PreparedSession, begin_live_session, fail_live_session};
use crate::metrics::CalibrationMethod;
use crate::scene::SceneStatus;
use crate::schedule::CoreSystems;
use crate::xr::calibration::ReachCalibration;

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

/// Adds [`calibrate`]; insert [`Calibrating`] to start with the calibration.
pub fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        calibrate
            .in_set(CoreSystems::Input)
            .run_if(resource_exists::<Calibrating>),
    );
}

/// Feeds the update's samples to the reach calibration and shows its instruction; when
/// it is done, starts recording and the trials (from the next update).
pub fn calibrate(
    mut calibrating: ResMut<Calibrating>,
    mut stream: ResMut<PoseStream>,
    mut status: ResMut<SceneStatus>,
    display: Option<Res<RuntimeDisplay>>,
    mut commands: Commands,
) {
    let before = calibrating.reach.step().clone();
    let result = stream.take_batch().iter().find_map(|s| calibrating.reach.process(s));
    let stepped = *calibrating.reach.step() != before;
    if stepped {
        info!("calibration: {:?}", calibrating.reach.step());
    }
    let Some(result) = result else {
        // The instruction changes only with the step; a restart clears the panel.
        if stepped || status.panel.is_none() {
            status.panel = Some(calibrating.reach.instruction());
        }
        return;
    };
    status.panel = None;
    let mut prepared = calibrating.prepared.clone();
    if let Some(display) = display {
        prepared.setup.display_hz = display.hz;
    }
    commands.remove_resource::<Calibrating>();
    commands.queue(move |world: &mut World| {
        if let Err(e) = begin_live_session(
            world,
            &prepared,
            result.calibration,
            CalibrationMethod::ReachCalibration,
            result.eye_height_m,
        ) {
            fail_live_session(world, format!("could not start recording: {e}"));
        }
    });
}
