//! The display's frames as they happen: each pose sample belongs to one displayed frame,
//! and the interval between consecutive frames' display times says whether a frame came
//! late (the same rule the trial engine flags trials with).

use std::collections::VecDeque;

use bevy::prelude::*;

use crate::input::PoseStream;
use crate::schedule::{CoreSystems, CoreUpdate};
use crate::trial::LATE_FRAME_FACTOR;

/// Frames seen so far: the real frame rate over the last second and the late frames.
#[derive(Resource, Debug, Clone)]
pub struct FrameClock {
    /// The display's nominal frame period (s).
    pub period_s: f64,
    frames: u64,
    late: u64,
    /// Display times (s) of the frames in the last second.
    recent: VecDeque<f64>,
    last_t: Option<f64>,
}

impl FrameClock {
    /// A clock for a display refreshing `hz` times a second.
    pub fn new(hz: f64) -> Self {
        Self {
            period_s: 1.0 / hz,
            frames: 0,
            late: 0,
            recent: VecDeque::new(),
            last_t: None,
        }
    }

    /// A frame displayed at `t` (s): returns the interval since the frame before (s) and
    /// whether this frame came late.
    pub fn frame(&mut self, t: f64) -> (Option<f64>, bool) {
        let interval = self.last_t.map(|p| t - p);
        let late = interval.is_some_and(|i| i > LATE_FRAME_FACTOR * self.period_s);
        self.last_t = Some(t);
        self.frames += 1;
        self.late += u64::from(late);
        self.recent.push_back(t);
        while self.recent.front().is_some_and(|f| t - f > 1.0) {
            self.recent.pop_front();
        }
        (interval, late)
    }

    /// Frames per second over the last second of display time.
    pub fn rate_hz(&self) -> Option<f64> {
        let (first, last) = (self.recent.front()?, self.recent.back()?);
        (last > first).then(|| (self.recent.len() - 1) as f64 / (last - first))
    }

    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Frames shown more than [`LATE_FRAME_FACTOR`] display periods after the one before.
    pub fn late_frames(&self) -> u64 {
        self.late
    }
}

/// Counts this update's frames (one per pose sample the engine took).
pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        CoreUpdate,
        count_frames
            .in_set(CoreSystems::Record)
            .run_if(resource_exists::<FrameClock>),
    );
}

fn count_frames(mut clock: ResMut<FrameClock>, stream: Res<PoseStream>) {
    for s in stream.taken() {
        clock.frame(s.frame_t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_and_late_frames_come_from_the_display_times() {
        let mut c = FrameClock::new(90.0);
        let p = 1.0 / 90.0;
        let mut t = 0.0;
        for _ in 0..200 {
            t += p;
            assert!(!c.frame(t).1);
        }
        assert!((c.rate_hz().unwrap() - 90.0).abs() < 0.5);
        // Two frames missed: this one is late.
        t += 3.0 * p;
        let (interval, late) = c.frame(t);
        assert!(late && (interval.unwrap() - 3.0 * p).abs() < 1e-9);
        assert_eq!((c.frames(), c.late_frames()), (201, 1));
        // Jitter within half a period is not late.
        t += 1.4 * p;
        assert!(!c.frame(t).1);
    }
}
