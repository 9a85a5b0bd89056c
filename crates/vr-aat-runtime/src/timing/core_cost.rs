//! The core's own cost per frame: a stopwatch around the core's systems each update,
//! divided by the frames the update carried, with statistics. A benchmark figure (how
//! much of a frame the core takes), not the display's frame rate ([`super::FrameClock`]).

use std::time::Instant;

use bevy::prelude::*;
use vr_aat_core::records::CoreCostRecord;

use crate::input::PoseStream;
use crate::schedule::{CoreSystems, CoreUpdate};

/// Histogram of per-frame core cost with 1 µs bins up to 20 ms (one allocation, at start).
#[derive(Clone, Debug)]
pub struct FrameCostStats {
    bins: Vec<u64>,
    frames: u64,
    over_period: u64,
    total_s: f64,
    max_s: f64,
}

impl Default for FrameCostStats {
    fn default() -> Self {
        Self {
            bins: vec![0; Self::BINS],
            frames: 0,
            over_period: 0,
            total_s: 0.0,
            max_s: 0.0,
        }
    }
}

impl FrameCostStats {
    const BINS: usize = 20_000;

    /// Adds `frames` frames that each cost `per_frame_s` seconds; `over` when that is
    /// more than a display period.
    pub fn add(&mut self, per_frame_s: f64, frames: u64, over: bool) {
        let bin = ((per_frame_s * 1e6) as usize).min(Self::BINS - 1);
        self.bins[bin] += frames;
        self.frames += frames;
        if over {
            self.over_period += frames;
        }
        self.total_s += per_frame_s * frames as f64;
        self.max_s = self.max_s.max(per_frame_s);
    }

    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Frames whose core cost alone was more than a display period.
    pub fn over_period(&self) -> u64 {
        self.over_period
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

/// The stopwatch and its statistics.
#[derive(Resource, Debug, Clone)]
pub struct CoreCost {
    /// One display period (s), e.g. 11.1 ms at 90 Hz: what the core's cost is compared with.
    pub period_s: f64,
    pub stats: FrameCostStats,
    started: Option<Instant>,
    /// Samples the pose stream had received at the end of the previous update.
    frames_seen: u64,
}

impl CoreCost {
    /// The statistics gathered so far, as `core_cost.ron` holds them.
    pub fn record(&self) -> CoreCostRecord {
        let s = &self.stats;
        CoreCostRecord {
            period_us: self.period_s * 1e6,
            frames: s.frames(),
            over_period: s.over_period(),
            mean_us: s.mean_us(),
            median_us: s.quantile_us(0.5),
            p99_us: s.quantile_us(0.99),
            max_us: s.max_us(),
        }
    }

    /// A stopwatch for a display refreshing `hz` times a second.
    pub fn for_display_rate(hz: f64) -> Self {
        Self {
            period_s: 1.0 / hz,
            stats: FrameCostStats::default(),
            started: None,
            frames_seen: 0,
        }
    }

    /// Records one update's cost by hand (for sources that time themselves, and tests).
    pub fn record_update(&mut self, cost_s: f64, frames: u64) {
        let frames = frames.max(1);
        let per_frame = cost_s / frames as f64;
        self.stats.add(per_frame, frames, per_frame > self.period_s);
    }
}

/// Adds the stopwatch systems at both ends of the core chain. Expects a [`CoreCost`]
/// resource; without one nothing is measured.
pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        CoreUpdate,
        begin_frame
            .in_set(CoreSystems::BeginFrame)
            .run_if(resource_exists::<CoreCost>),
    )
    .add_systems(
        CoreUpdate,
        end_frame
            .in_set(CoreSystems::EndFrame)
            .run_if(resource_exists::<CoreCost>),
    );
}

fn begin_frame(mut cost: ResMut<CoreCost>) {
    cost.started = Some(Instant::now());
}

fn end_frame(mut cost: ResMut<CoreCost>, stream: Res<PoseStream>) {
    let Some(start) = cost.started.take() else { return };
    let frames = stream.pushed_total() - cost.frames_seen;
    cost.frames_seen = stream.pushed_total();
    if frames > 0 {
        cost.record_update(start.elapsed().as_secs_f64(), frames);
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
    fn an_update_over_a_display_period_is_counted() {
        let mut c = CoreCost::for_display_rate(90.0);
        c.record_update(0.005, 1);
        c.record_update(0.012, 1);
        // The same cost spread over two frames is within a period.
        c.record_update(0.012, 2);
        assert_eq!(c.stats.over_period(), 1);
    }
}
