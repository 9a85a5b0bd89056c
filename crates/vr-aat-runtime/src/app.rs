//! Plugin composition: the headless core that every way of playing shares.

use bevy::prelude::*;

/// The core: system-set order, the input stream, the trial engine, the frame clock and
/// the core-cost stopwatch.
/// No rendering, no XR, no file I/O. Input sources (synthetic patient, desktop, OpenXR,
/// replay) and recorders are added beside it.
pub fn core_plugin(app: &mut App) {
    app.add_plugins((
        crate::schedule::plugin,
        crate::input::plugin,
        crate::trial::plugin,
        crate::timing::plugin,
    ));
}
