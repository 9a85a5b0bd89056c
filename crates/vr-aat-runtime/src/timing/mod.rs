//! Frame timing: the display's frames as the pose stream reports them ([`FrameClock`]:
//! the real frame rate and late frames), and the core's own cost per frame
//! ([`CoreCost`], a benchmark figure, not a frame rate).

mod core_cost;
mod frame_clock;

use std::time::Instant;

use bevy::prelude::*;

pub use core_cost::{CoreCost, FrameCostStats};
pub use frame_clock::FrameClock;

/// Adds the core-cost stopwatch (with a [`CoreCost`] resource) and the frame clock (with
/// a [`FrameClock`] resource).
pub fn plugin(app: &mut App) {
    app.add_plugins((core_cost::plugin, frame_clock::plugin));
}

/// The Lab Streaming Layer clock now (s): liblsl's `local_clock()`, the machine's
/// monotonic clock (`CLOCK_MONOTONIC` on Linux, which Rust's `Instant` reads too).
pub fn lsl_clock() -> f64 {
    labstream::clock()
}

/// A real-time session's time 0 on two clocks read at the same moment: Rust's
/// [`Instant`] (what Bevy's real time and the flat input read) and the Lab Streaming
/// Layer clock ([`lsl_clock`]), recorded in `session.ron` as `lsl_zero_s`.
/// Inserted by the modes that run in real time (flat play, a simulation paced at real
/// time); the headset's zero is the runtime's first display time instead.
#[derive(Resource, Clone, Copy, Debug)]
pub struct RealTimeZero {
    pub instant: Instant,
    /// The LSL clock (s) at `instant`.
    pub lsl_s: f64,
}

impl RealTimeZero {
    /// Now.
    pub fn now() -> Self {
        let instant = Instant::now();
        let lsl_s = lsl_clock();
        Self { instant, lsl_s }
    }

    /// Session time (s) of `instant` (negative before the zero).
    pub fn session_t(&self, instant: Instant) -> f64 {
        match instant.checked_duration_since(self.instant) {
            Some(d) => d.as_secs_f64(),
            None => -self.instant.duration_since(instant).as_secs_f64(),
        }
    }
}
