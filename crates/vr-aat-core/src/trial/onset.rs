//! Sub-frame timing: threshold crossings interpolated between pose samples, and the rest
//! position a movement is measured from.
//!
//! A headset samples the controllers once per displayed frame (72-120 Hz), so taking the
//! frame time of the first sample past a threshold is late by up to a whole frame
//! (8-14 ms). Linear interpolation between the last sample before and the first sample
//! after the crossing recovers most of that.

use std::collections::VecDeque;

use glam::Vec3;

/// Whether onsets are interpolated between samples or stamped with the frame time.
/// Frame stamping exists to measure what interpolation gains (and to compare with tools
/// that stamp frames, such as UXF); sessions use interpolation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnsetTiming {
    #[default]
    Interpolated,
    FrameStamped,
}

/// The time at which a quantity that was `v0` at `t0` and `v1` at `t1` reached
/// `threshold`, assuming it changed linearly in between. `v0 < threshold <= v1` (or the
/// reverse) is expected; outside that the result is clamped to `[t0, t1]`.
pub fn crossing_time(t0: f64, v0: f64, t1: f64, v1: f64, threshold: f64) -> f64 {
    let dv = v1 - v0;
    if dv == 0.0 {
        return t1;
    }
    let s = ((threshold - v0) / dv).clamp(0.0, 1.0);
    t0 + s * (t1 - t0)
}

/// The hand's recent positions over a window of display time, to tell whether it rests
/// and where: the same judgement at every display rate (a window of seconds, not of
/// samples). Reserved once; no allocation on the per-frame path.
#[derive(Clone, Debug)]
pub struct RestWindow {
    /// (display time s, position), oldest first.
    samples: VecDeque<(f64, Vec3)>,
    window_s: f64,
}

impl Default for RestWindow {
    fn default() -> Self {
        Self::new(0.15)
    }
}

impl RestWindow {
    /// A window of `window_s` seconds.
    pub fn new(window_s: f64) -> Self {
        Self {
            samples: VecDeque::with_capacity(256),
            window_s,
        }
    }

    pub fn clear(&mut self) {
        self.samples.clear();
    }

    /// Adds a tracked position at display time `t`, forgetting what is older than the
    /// window (keeping one sample at or before its start, so it spans the whole window).
    pub fn push(&mut self, t: f64, p: Vec3) {
        self.samples.push_back((t, p));
        while self.samples.get(1).is_some_and(|(t1, _)| t - t1 >= self.window_s) {
            self.samples.pop_front();
        }
    }

    /// Whether the samples span the whole window.
    pub fn is_full(&self) -> bool {
        match (self.samples.front(), self.samples.back()) {
            (Some((a, _)), Some((b, _))) => b - a >= self.window_s - 1e-9,
            _ => false,
        }
    }

    /// Mean time and position of the samples in `[from, to]` (display time), summed in
    /// a fixed order.
    fn mean_between(&self, from: f64, to: f64) -> Option<(f64, Vec3)> {
        let mut n = 0usize;
        let (mut t, mut p) = (0.0, glam::DVec3::ZERO);
        for (ts, ps) in self.samples.iter().filter(|(ts, _)| (from..=to).contains(ts)) {
            n += 1;
            t += ts;
            p += ps.as_dvec3();
        }
        (n > 0).then(|| (t / n as f64, (p / n as f64).as_vec3()))
    }

    /// Where the hand is now: the mean of the newest third of the window.
    pub fn position(&self) -> Vec3 {
        let Some((last, p)) = self.samples.back().copied() else {
            return Vec3::ZERO;
        };
        self.mean_between(last - self.window_s / 3.0, last)
            .map_or(p, |(_, m)| m)
    }

    /// The hand's speed over the window (m/s): the distance between the means of its
    /// first and last thirds over the time between them. Averaging over thirds keeps
    /// tracking noise from dominating at high display rates.
    pub fn speed(&self) -> Option<f64> {
        let (first, last) = (self.samples.front()?.0, self.samples.back()?.0);
        let third = (last - first) / 3.0;
        let (t0, p0) = self.mean_between(first, first + third)?;
        let (t1, p1) = self.mean_between(last - third, last)?;
        (t1 > t0).then(|| f64::from(p0.distance(p1)) / (t1 - t0))
    }
}

/// Peak speed (m/s) and path length (m) of a movement, on its positions resampled every
/// [`KINEMATICS_STEP_S`] and smoothed over [`KINEMATICS_SMOOTH`] steps, from `from` to
/// `to` (display times, s): the same figures at every display rate for the same
/// movement, and tracking noise does not grow with the rate.
pub fn kinematics(samples: &[(f64, Vec3)], from: f64, to: f64) -> (f64, f64) {
    if samples.len() < 2 || to <= from {
        return (0.0, 0.0);
    }
    let at = |t: f64| -> Vec3 {
        let i = samples.partition_point(|(ts, _)| *ts < t);
        match (i.checked_sub(1).and_then(|j| samples.get(j)), samples.get(i)) {
            (Some((t0, p0)), Some((t1, p1))) if t1 > t0 => p0.lerp(*p1, ((t - t0) / (t1 - t0)) as f32),
            (_, Some((_, p))) | (Some((_, p)), None) => *p,
            (None, None) => Vec3::ZERO,
        }
    };
    let steps = ((to - from) / KINEMATICS_STEP_S).ceil().max(1.0) as usize;
    let grid: Vec<Vec3> = (0..=steps)
        .map(|k| at((from + k as f64 * KINEMATICS_STEP_S).min(to)))
        .collect();
    // A centred moving average, narrowed at the ends so the ends stay where they are.
    let smooth: Vec<Vec3> = (0..grid.len())
        .map(|k| {
            let half = (KINEMATICS_SMOOTH / 2).min(k).min(grid.len() - 1 - k);
            grid[k - half..=k + half].iter().copied().sum::<Vec3>() / (2 * half + 1) as f32
        })
        .collect();
    let path: f64 = smooth.windows(2).map(|w| f64::from(w[0].distance(w[1]))).sum();
    let peak = smooth
        .windows(3)
        .map(|w| f64::from(w[0].distance(w[2])) / (2.0 * KINEMATICS_STEP_S))
        .fold(0.0, f64::max);
    (peak, path)
}

/// The grid step (s) movements are resampled on for their kinematics.
pub const KINEMATICS_STEP_S: f64 = 0.01;
/// Grid steps averaged to smooth a movement's positions (an odd number: 50 ms).
pub const KINEMATICS_SMOOTH: usize = 5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossing_is_interpolated_linearly() {
        assert!((crossing_time(1.0, 0.0, 2.0, 10.0, 2.5) - 1.25).abs() < 1e-12);
        // Falling through a threshold works too.
        assert!((crossing_time(0.0, 0.0, 1.0, -4.0, -1.0) - 0.25).abs() < 1e-12);
        assert_eq!(crossing_time(0.0, 5.0, 1.0, 5.0, 5.0), 1.0);
    }

    #[test]
    fn rest_is_judged_over_time_at_any_display_rate() {
        for hz in [60.0, 90.0, 120.0] {
            let mut w = RestWindow::new(0.15);
            let still = Vec3::new(0.2, 0.9, -0.3);
            let mut t = 0.0;
            while t < 0.1 {
                w.push(t, still);
                t += 1.0 / hz;
            }
            assert!(!w.is_full(), "{hz} Hz: 0.1 s is not a 0.15 s window");
            while t < 0.3 {
                w.push(t, still);
                t += 1.0 / hz;
            }
            assert!(w.is_full());
            assert!(w.speed().unwrap() < 1e-9);
            assert!(w.position().distance(still) < 1e-6);
            // Drifting at 5 cm/s: not resting, whatever the rate.
            let mut w = RestWindow::new(0.15);
            let mut t = 0.0;
            while t < 0.3 {
                w.push(t, still + Vec3::X * (0.05 * t) as f32);
                t += 1.0 / hz;
            }
            assert!(
                (w.speed().unwrap() - 0.05).abs() < 1e-3,
                "{hz} Hz: {}",
                w.speed().unwrap()
            );
        }
    }

    #[test]
    fn kinematics_follow_the_movement_not_the_sample_rate() {
        // 20 cm at a constant 0.5 m/s over 0.4 s.
        let figures = |hz: f64| {
            let samples: Vec<(f64, Vec3)> = (0..=(0.4 * hz) as usize)
                .map(|k| {
                    let t = k as f64 / hz;
                    (t, Vec3::X * (0.5 * t) as f32)
                })
                .collect();
            kinematics(&samples, 0.0, 0.4)
        };
        for hz in [60.0, 90.0, 120.0] {
            let (peak, path) = figures(hz);
            assert!((peak - 0.5).abs() < 1e-3, "{hz} Hz: {peak}");
            assert!((path - 0.2).abs() < 1e-3, "{hz} Hz: {path}");
        }
    }
}
