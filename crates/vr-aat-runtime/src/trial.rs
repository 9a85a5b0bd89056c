//! The trial engine in the core schedule: each update drains the [`PoseStream`], feeds
//! every sample to the session's engine (plain Rust, `vr_aat_core::trial`) and publishes
//! what it reports as messages. Pause, resume and end reach the engine through the
//! session lifecycle ([`crate::session`]).
//!
//! The core's trial types are re-exported here, so the runtime names one `trial`.

use bevy::prelude::*;

pub use vr_aat_core::trial::{
    BlockPlan, Calibration, Direction, DisplayChange, Engine, EngineConfig, FeedbackKind, LATE_FRAME_FACTOR, Label,
    OnsetTiming, Outcome, PlanError, RestWindow, Rule, SessionPlan, TRIAL_COLUMNS, TrialRecord, TrialSpec,
    check_label_column, crossing_time, plan_session, score_trials,
};

use crate::input::PoseStream;
use crate::schedule::{CoreSystems, CoreUpdate};

/// The session's trial engine. Insert it to start a session; without it the engine
/// system does nothing.
#[derive(Resource, Debug, Deref, DerefMut)]
pub struct ActiveSession(pub Engine);

/// Something changed on screen (see [`DisplayChange`]).
#[derive(Message, Debug, Clone, PartialEq, Deref)]
pub struct DisplayChanged(pub DisplayChange);

/// A trial finished and its record is final.
#[derive(Message, Debug, Clone, PartialEq, Deref)]
pub struct TrialCompleted(pub TrialRecord);

/// Adds the trial engine's messages and its system in [`CoreSystems::Trials`].
pub fn plugin(app: &mut App) {
    app.add_message::<DisplayChanged>()
        .add_message::<TrialCompleted>()
        .add_systems(
            CoreUpdate,
            run_engine
                .in_set(CoreSystems::Trials)
                .run_if(resource_exists::<ActiveSession>),
        );
}

/// Feeds this update's samples to the engine and publishes its output.
fn run_engine(
    mut session: ResMut<ActiveSession>,
    mut stream: ResMut<PoseStream>,
    mut display: MessageWriter<DisplayChanged>,
    mut completed: MessageWriter<TrialCompleted>,
) {
    let engine = &mut session.0;
    for sample in stream.take_batch() {
        engine.process(sample);
    }
    for record in engine.take_records() {
        completed.write(TrialCompleted(record));
    }
    for change in engine.take_display_changes() {
        display.write(DisplayChanged(change));
    }
}
