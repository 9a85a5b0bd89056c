//! The frame budget: how long the core may take per displayed frame, a stopwatch around
//! the core's systems each update, and statistics of the cost.
//!
//! The cost is wall-clock time from the first to the last core system of an update,
//! divided by the frames the update carried (one on a headset). A frame whose cost is
//! over the budget is an overrun; in live play it flags the trial on screen.

use std::time::{Duration, Instant};

use bevy::prelude::*;

use crate::input::PoseStream;
use crate::schedule::{CoreSystems, CoreUpdate};

/// The frame at display time `t` (s) overran the budget.
#[derive(Message, Debug, Clone, Copy, PartialEq)]
pub struct FrameOverrun {
    pub t: f64,
}

/// Whether measured overruns flag trials.
///
/// Measured times depend on the machine, not on the session's inputs, so headless runs
/// that must be byte-for-byte reproducible measure without flagging.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OverrunPolicy {
    /// Emit [`FrameOverrun`] for every overrun (live play).
    #[default]
    Flag,
    /// Keep statistics only.
    MeasureOnly,
}

/// Histogram of per-frame core cost with 1 µs bins up to 20 ms (one allocation, at start).
#[derive(Clone, Debug)]
pub struct FrameCostStats {
    bins: Vec<u64>,
    frames: u64,
    overruns: u64,
    total_s: f64,
    max_s: f64,
}

impl Default for FrameCostStats {
    fn default() -> Self {
        Self {
            bins: vec![0; Self::BINS],
            frames: 0,
            overruns: 0,
            total_s: 0.0,
            max_s: 0.0,
        }
    }
}

impl FrameCostStats {
    const BINS: usize = 20_000;

    /// Adds `frames` frames that each cost `per_frame_s` seconds.
    pub fn add(&mut self, per_frame_s: f64, frames: u64, overrun: bool) {
        let bin = ((per_frame_s * 1e6) as usize).min(Self::BINS - 1);
        self.bins[bin] += frames;
        self.frames += frames;
        if overrun {
            self.overruns += frames;
        }
        self.total_s += per_frame_s * frames as f64;
        self.max_s = self.max_s.max(per_frame_s);
    }

    pub fn frames(&self) -> u64 {
        self.frames
    }

    pub fn overruns(&self) -> u64 {
        self.overruns
    }

    pub fn mean_us(&self) -> f64 {
        if self.frames == 0 {
            0.0
        } else {
            self.total_s / self.frames as f64 * 1e6
        }
    }

    pub fn max_us(&self) -> f64 {
        self.max_s * 1e6
    }

    /// The `q` quantile (0..1) in microseconds, at 1 µs resolution (upper bin edge).
    pub fn quantile_us(&self, q: f64) -> f64 {
        if self.frames == 0 {
            return 0.0;
        }
        let target = ((q * self.frames as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (i, n) in self.bins.iter().enumerate() {
            seen += n;
            if seen >= target {
                return (i + 1) as f64;
            }
        }
        Self::BINS as f64
    }
}

/// The frame budget and the running statistics.
#[derive(Resource, Debug, Clone)]
pub struct FrameBudget {
    /// Time available per frame: one display period (s), e.g. 11.1 ms at 90 Hz.
    pub budget_s: f64,
    pub policy: OverrunPolicy,
    pub stats: FrameCostStats,
    started: Option<Instant>,
    /// Samples the pose stream had received at the end of the previous update.
    frames_seen: u64,
}

impl FrameBudget {
    /// The budget for a display refreshing `hz` times a second.
    pub fn for_display_rate(hz: f64, policy: OverrunPolicy) -> Self {
        Self {
            budget_s: 1.0 / hz,
            policy,
            stats: FrameCostStats::default(),
            started: None,
            frames_seen: 0,
        }
    }

    /// Records one update's cost by hand (for sources that time themselves, and tests).
    /// Returns whether it was an overrun.
    pub fn record_update(&mut self, cost: Duration, frames: u64) -> bool {
        let frames = frames.max(1);
        let per_frame = cost.as_secs_f64() / frames as f64;
        let overrun = per_frame > self.budget_s;
        self.stats.add(per_frame, frames, overrun);
        overrun
    }
}

/// Adds the stopwatch systems at both ends of the core chain. Expects a [`FrameBudget`]
/// resource; without one nothing is measured.
pub fn plugin(app: &mut App) {
    app.add_message::<FrameOverrun>()
        .add_systems(
            CoreUpdate,
            begin_frame
                .in_set(CoreSystems::BeginFrame)
                .run_if(resource_exists::<FrameBudget>),
        )
        .add_systems(
            CoreUpdate,
            end_frame
                .in_set(CoreSystems::EndFrame)
                .run_if(resource_exists::<FrameBudget>),
        );
}

fn begin_frame(mut budget: ResMut<FrameBudget>) {
    budget.started = Some(Instant::now());
}

fn end_frame(mut budget: ResMut<FrameBudget>, stream: Res<PoseStream>, mut overruns: MessageWriter<FrameOverrun>) {
    let Some(start) = budget.started.take() else { return };
    let frames = stream.pushed_total() - budget.frames_seen;
    budget.frames_seen = stream.pushed_total();
    if frames == 0 {
        return;
    }
    let overrun = budget.record_update(start.elapsed(), frames);
    if overrun
        && budget.policy == OverrunPolicy::Flag
        && let Some(t) = stream.latest_t()
    {
        overruns.write(FrameOverrun { t });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_come_from_the_histogram() {
        let mut s = FrameCostStats::default();
        for us in 1..=100 {
            s.add(us as f64 * 1e-6 - 1e-7, 1, false);
        }
        assert_eq!(s.quantile_us(0.5), 50.0);
        assert_eq!(s.quantile_us(0.99), 99.0);
        assert_eq!(s.frames(), 100);
    }

    #[test]
    fn an_update_over_the_budget_is_an_overrun() {
        let mut b = FrameBudget::for_display_rate(90.0, OverrunPolicy::Flag);
        assert!(!b.record_update(Duration::from_millis(5), 1));
        assert!(b.record_update(Duration::from_millis(12), 1));
        // The same cost spread over two frames is within budget.
        assert!(!b.record_update(Duration::from_millis(12), 2));
        assert_eq!(b.stats.overruns(), 1);
    }
}
