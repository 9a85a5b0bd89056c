//! The core's own schedule, [`CoreUpdate`], and the one chained system-set enum that
//! orders every system in it.
//!
//! vr-aat's systems run in a schedule of their own, after Bevy's `Update`, for the same
//! reason avian runs physics in one: the project's systems keep Bevy's ambiguity
//! detection as an error in every app (headless, flat, headset), while the engine's and
//! the community crates' systems in `Update` (Ctrl-C handling, bevy_mod_openxr's
//! exclusive systems) cannot conflict with them.
//!
//! Input is read before the trial engine runs (reading it after is the classic one-frame
//! lag); the lifecycle applies pause, resume and end requests before the engine sees
//! this frame's samples; recording and presentation come after the engine; the frame
//! budget brackets the whole chain; drawing (feature `render`) comes last.

use bevy::app::MainScheduleOrder;
use bevy::ecs::schedule::{LogLevel, ScheduleBuildSettings, ScheduleLabel};
use bevy::prelude::*;

/// The schedule every vr-aat system runs in: once per frame, right after `Update`.
#[derive(ScheduleLabel, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CoreUpdate;

/// The stages of one core update, in order.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CoreSystems {
    /// Starts the frame-budget stopwatch; reads the therapist's keys.
    BeginFrame,
    /// Input sources push pose samples into the [`crate::input::PoseStream`]; a headset's
    /// reach calibration reads them here while no session runs.
    Input,
    /// The session lifecycle applies pause, resume and end requests (see
    /// [`crate::session`]).
    Lifecycle,
    /// The trial engine consumes the samples and emits display changes and records.
    Trials,
    /// Recording and statistics read what the engine emitted.
    Record,
    /// The scene (drink, hand, panels) reacts to display changes.
    Present,
    /// Stops the core-cost stopwatch.
    EndFrame,
    /// The lifecycle follows the engine and closes a finished session's recording.
    Close,
    /// Drawing (feature `render`): meshes, materials, screen text for this frame.
    Draw,
}

/// Adds [`CoreUpdate`] after `Update`, orders the sets and turns system-order
/// ambiguities within it into errors.
pub fn plugin(app: &mut App) {
    app.init_schedule(CoreUpdate);
    app.world_mut()
        .resource_mut::<MainScheduleOrder>()
        .insert_after(Update, CoreUpdate);
    app.configure_sets(
        CoreUpdate,
        (
            CoreSystems::BeginFrame,
            CoreSystems::Input,
            CoreSystems::Lifecycle,
            CoreSystems::Trials,
            CoreSystems::Record,
            CoreSystems::Present,
            CoreSystems::EndFrame,
            CoreSystems::Close,
            CoreSystems::Draw,
        )
            .chain(),
    );
    app.edit_schedule(CoreUpdate, |schedule| {
        schedule.set_build_settings(ScheduleBuildSettings {
            ambiguity_detection: LogLevel::Error,
            ..default()
        });
    });
}

/// Makes a headless app's update run [`CoreUpdate`] alone, preceded by what Bevy's
/// `Main` loop would run before it for such an app: the message update (`First`) and the
/// state transitions of the session lifecycle (`StateTransition`). `Main` moves every
/// schedule it runs out of the world's map and back each update (a copy of the whole
/// schedule, even an empty one), which made up a quarter of a simulated session's time
/// (profiled with perf, 2026-12-07). For the synthetic patient's app, whose systems are
/// all in [`CoreUpdate`] and the lifecycle's state schedules; call after the last plugin.
/// Live apps keep `Main`: the engine's and the community crates' systems run in its
/// schedules.
pub fn run_core_only(app: &mut App) {
    use bevy::ecs::message::{message_update_condition, message_update_system};
    use bevy::state::state::StateTransition;
    fn state_transitions(world: &mut World) {
        let _ = world.try_run_schedule(StateTransition);
    }
    app.add_systems(
        CoreUpdate,
        (
            message_update_system.run_if(message_update_condition),
            state_transitions,
        )
            .chain()
            .before(CoreSystems::BeginFrame),
    );
    app.main_mut().update_schedule = Some(CoreUpdate.intern());
}
