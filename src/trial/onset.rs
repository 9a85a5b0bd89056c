//! Sub-frame timing: threshold crossings interpolated between pose samples, and the rest
//! position a movement is measured from.
//!
//! A headset samples the controllers once per displayed frame (72-120 Hz), so taking the
//! frame time of the first sample past a threshold is late by up to a whole frame
//! (8-14 ms). Linear interpolation between the last sample before and the first sample
//! after the crossing recovers most of that.

use bevy::math::Vec3;

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

/// The last few hand positions, to estimate where the hand rests and whether it is still.
/// A fixed array: no allocation on the per-frame path.
#[derive(Clone, Debug)]
pub struct RestWindow {
    positions: [Vec3; Self::LEN],
    len: usize,
    next: usize,
}

impl Default for RestWindow {
    fn default() -> Self {
        Self {
            positions: [Vec3::ZERO; Self::LEN],
            len: 0,
            next: 0,
        }
    }
}

impl RestWindow {
    /// Number of samples averaged (about 90 ms at 90 Hz).
    pub const LEN: usize = 8;

    pub fn clear(&mut self) {
        self.len = 0;
        self.next = 0;
    }

    pub fn push(&mut self, p: Vec3) {
        self.positions[self.next] = p;
        self.next = (self.next + 1) % Self::LEN;
        self.len = (self.len + 1).min(Self::LEN);
    }

    pub fn is_full(&self) -> bool {
        self.len == Self::LEN
    }

    /// Mean position of the window, summed in a fixed order so the result does not
    /// depend on where the ring buffer wrapped.
    pub fn mean(&self) -> Vec3 {
        if self.len == 0 {
            return Vec3::ZERO;
        }
        let start = (self.next + Self::LEN - self.len) % Self::LEN;
        let mut sum = bevy::math::DVec3::ZERO;
        for i in 0..self.len {
            sum += self.positions[(start + i) % Self::LEN].as_dvec3();
        }
        (sum / self.len as f64).as_vec3()
    }

    /// Largest distance of any sample from the mean (m): small when the hand is still.
    pub fn spread(&self) -> f32 {
        let m = self.mean();
        let start = (self.next + Self::LEN - self.len) % Self::LEN;
        (0..self.len)
            .map(|i| self.positions[(start + i) % Self::LEN].distance(m))
            .fold(0.0, f32::max)
    }
}

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
    fn rest_window_averages_the_last_samples() {
        let mut w = RestWindow::default();
        for i in 0..20 {
            w.push(Vec3::new(i as f32, 0.0, 0.0));
        }
        // Last 8 samples: 12..=19, mean 15.5.
        assert!((w.mean().x - 15.5).abs() < 1e-6);
        assert!((w.spread() - 3.5).abs() < 1e-6);
    }
}
