//! The controller on a questionnaire, as plain Rust (tested without a headset): the
//! trigger presses (once per pull past [`PRESS_AT`], released below [`RELEASE_AT`]),
//! the thumbstick steps along the scale (once when pushed past [`STICK_AT`], then every
//! [`STICK_REPEAT_S`] while held), and pointing the controller's ray at the panel moves
//! the choice when the pointed spot moves by more than [`POINT_MOVE`] of the scale
//! (so a still hand does not undo a thumbstick step).

use vr_aat_core::questionnaire::Action;

/// Trigger value (0..1) that presses, and below which it is released again.
pub const PRESS_AT: f32 = 0.7;
pub const RELEASE_AT: f32 = 0.3;
/// Thumbstick deflection (0..1) that steps, and the repeat interval (s) while held.
pub const STICK_AT: f32 = 0.6;
pub const STICK_REPEAT_S: f64 = 0.3;
/// Smallest change of the pointed spot (fraction of the scale) that moves the choice.
pub const POINT_MOVE: f64 = 0.01;

/// The controller's state between frames.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AnswerControls {
    pressed: bool,
    /// Direction held and the display time of its last step.
    stick: Option<(i32, f64)>,
    pointed: Option<f64>,
}

impl AnswerControls {
    /// One frame at display time `t`: the trigger value, the thumbstick's left-right
    /// axis (-1..1), and where the controller points along the scale (if at the panel).
    pub fn update(&mut self, t: f64, trigger: f32, stick_x: f32, pointed: Option<f64>) -> Vec<Action> {
        let mut out = Vec::new();
        if let Some(p) = pointed
            && self.pointed.is_none_or(|q| (p - q).abs() > POINT_MOVE)
        {
            self.pointed = Some(p);
            out.push(Action::Point(p));
        }
        let dir = if stick_x > STICK_AT {
            1
        } else if stick_x < -STICK_AT {
            -1
        } else {
            0
        };
        match (dir, self.stick) {
            (0, _) => self.stick = None,
            (d, Some((held, last))) if d == held => {
                if t - last >= STICK_REPEAT_S {
                    self.stick = Some((d, t));
                    out.push(Action::Step(d));
                }
            }
            (d, _) => {
                self.stick = Some((d, t));
                out.push(Action::Step(d));
            }
        }
        if !self.pressed && trigger >= PRESS_AT {
            self.pressed = true;
            out.push(Action::Press);
        } else if self.pressed && trigger <= RELEASE_AT {
            self.pressed = false;
        }
        out
    }

    /// Forgets the pointed spot (a new item: pointing at the same spot chooses again).
    pub fn new_item(&mut self) {
        self.pointed = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_press_per_pull_and_steps_that_repeat() {
        let mut c = AnswerControls::default();
        assert_eq!(c.update(0.0, 0.8, 0.0, None), vec![Action::Press]);
        assert!(c.update(0.1, 0.9, 0.0, None).is_empty(), "held: no second press");
        assert!(c.update(0.2, 0.5, 0.0, None).is_empty(), "not released yet");
        assert!(c.update(0.3, 0.1, 0.0, None).is_empty());
        assert_eq!(c.update(0.4, 0.75, 0.0, None), vec![Action::Press]);
        // The thumbstick: a step, then one every 0.3 s while held.
        assert_eq!(c.update(1.0, 0.0, 0.9, None), vec![Action::Step(1)]);
        assert!(c.update(1.1, 0.0, 0.9, None).is_empty());
        assert_eq!(c.update(1.3, 0.0, 0.9, None), vec![Action::Step(1)]);
        assert_eq!(c.update(1.35, 0.0, -0.9, None), vec![Action::Step(-1)]);
        assert!(c.update(1.4, 0.0, 0.2, None).is_empty());
        // Pointing moves the choice when the spot moves.
        assert_eq!(c.update(2.0, 0.0, 0.0, Some(0.4)), vec![Action::Point(0.4)]);
        assert!(c.update(2.1, 0.0, 0.0, Some(0.405)).is_empty(), "a still hand");
        assert_eq!(c.update(2.2, 0.0, 0.0, Some(0.5)), vec![Action::Point(0.5)]);
        c.new_item();
        assert_eq!(c.update(2.3, 0.0, 0.0, Some(0.5)), vec![Action::Point(0.5)]);
    }
}
