//! Minimum-jerk point-to-point movements (Flash & Hogan 1985): the smooth reaches the
//! synthetic patient makes.

use bevy::math::DVec3;

/// Normalised minimum-jerk position: 0 at `tau = 0`, 1 at `tau = 1`.
pub fn min_jerk(tau: f64) -> f64 {
    let t = tau.clamp(0.0, 1.0);
    t * t * t * (10.0 + t * (-15.0 + 6.0 * t))
}

/// One straight movement from `from` to `to`, starting at `start` (display time, s) and
/// lasting `duration` s. Before its start the hand is at `from`, after its end at `to`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Motion {
    pub start: f64,
    pub duration: f64,
    pub from: DVec3,
    pub to: DVec3,
}

impl Motion {
    /// A hand held still at `at` from time `start` on.
    pub fn hold(start: f64, at: DVec3) -> Self {
        Self {
            start,
            duration: 0.0,
            from: at,
            to: at,
        }
    }

    pub fn end(&self) -> f64 {
        self.start + self.duration
    }

    /// Position at display time `t` (m, stage frame).
    pub fn position(&self, t: f64) -> DVec3 {
        if self.duration <= 0.0 || t >= self.end() {
            return self.to;
        }
        if t <= self.start {
            return self.from;
        }
        self.from + (self.to - self.from) * min_jerk((t - self.start) / self.duration)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_jerk_is_smooth_and_symmetric() {
        assert_eq!(min_jerk(0.0), 0.0);
        assert_eq!(min_jerk(1.0), 1.0);
        assert!((min_jerk(0.5) - 0.5).abs() < 1e-12);
        assert!((min_jerk(0.3) + min_jerk(0.7) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn motion_holds_its_ends() {
        let m = Motion {
            start: 1.0,
            duration: 0.5,
            from: DVec3::ZERO,
            to: DVec3::X,
        };
        assert_eq!(m.position(0.0), DVec3::ZERO);
        assert_eq!(m.position(2.0), DVec3::X);
        assert!((m.position(1.25).x - 0.5).abs() < 1e-12);
    }
}
