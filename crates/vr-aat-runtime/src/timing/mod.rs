//! Frame timing: the display's frames as the pose stream reports them ([`FrameClock`]:
//! the real frame rate and late frames), and the core's own cost per frame
//! ([`CoreCost`], a benchmark figure, not a frame rate).

mod core_cost;
mod frame_clock;

use bevy::prelude::*;

pub use core_cost::{CoreCost, FrameCostStats};
pub use frame_clock::FrameClock;

/// Adds the core-cost stopwatch (with a [`CoreCost`] resource) and the frame clock (with
/// a [`FrameClock`] resource).
pub fn plugin(app: &mut App) {
    app.add_plugins((core_cost::plugin, frame_clock::plugin));
}
