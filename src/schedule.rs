//! The one chained system-set enum that orders every core system within `Update`.
//!
//! Input is read before the trial engine runs (reading it after is the classic one-frame
//! lag); recording and presentation come after the engine; the frame budget brackets the
//! whole chain. Ambiguity detection is an error in the core's schedule.

use bevy::ecs::schedule::{LogLevel, ScheduleBuildSettings};
use bevy::prelude::*;

/// The stages of one core update, in order.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CoreSystems {
    /// Starts the frame-budget stopwatch.
    BeginFrame,
    /// Input sources push pose samples into the [`crate::input::PoseStream`].
    Input,
    /// The trial engine consumes the samples and emits display changes and records.
    Trials,
    /// Recording and statistics read what the engine emitted.
    Record,
    /// Presentation (rendering layers) reacts to display changes.
    Present,
    /// Stops the stopwatch and checks the frame budget.
    EndFrame,
}

/// Orders the sets and turns system-order ambiguities into errors.
pub fn plugin(app: &mut App) {
    app.configure_sets(
        Update,
        (
            CoreSystems::BeginFrame,
            CoreSystems::Input,
            CoreSystems::Trials,
            CoreSystems::Record,
            CoreSystems::Present,
            CoreSystems::EndFrame,
        )
            .chain(),
    );
    app.edit_schedule(Update, |schedule| {
        schedule.set_build_settings(ScheduleBuildSettings {
            ambiguity_detection: LogLevel::Error,
            ..default()
        });
    });
}
