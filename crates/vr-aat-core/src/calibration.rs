//! The reach calibration a headset session starts with: where this patient's hand rests
//! and how far their arm reaches. It sets the push and pull distances (fractions of the
//! reach, from the protocol) and where the drink stands, and is stored in the session
//! metadata.
//!
//! Two steps, each ended by holding still (no button to find):
//! 1. **Rest**: the patient rests the responding hand in front of them, where a glass
//!    would stand on the counter. Records the hand's home and the eye height.
//! 2. **Reach**: the patient stretches that arm straight forward. The reach is the
//!    distance from an estimated shoulder to the extended grip.
//!
//! A reach outside 0.4 to 1.0 m (a hand that did not move forward, or a tracking jump)
//! repeats the reach step with a hint. The calibration works on pose samples in the
//! stage frame (after recentering), so it is a plain state machine, unit-tested below.

use crate::locale::Messages;
use std::collections::VecDeque;

use glam::Vec3;

use crate::data::Handedness;
use crate::pose::PoseSample;
use crate::trial::Calibration;

/// Seconds each step's instruction is shown before holding still counts.
pub const READ_S: f64 = 2.5;
/// Seconds the hand must stay within [`STILL_RADIUS_M`] to end a step.
pub const HOLD_S: f64 = 1.0;
/// How far (m) the hand may wander from its mean while holding still.
pub const STILL_RADIUS_M: f32 = 0.02;
/// The extended hand must be at least this far (m) in front of its resting place.
pub const MIN_FORWARD_M: f32 = 0.2;
/// Plausible arm reach (m), shoulder to grip.
pub const REACH_RANGE_M: (f64, f64) = (0.4, 1.0);
/// Shoulder below the eyes (m) and to the side of the head's midline (m): adult
/// anthropometric averages (acromion about 0.13 of stature below the eyes; half the
/// biacromial breadth).
pub const SHOULDER_BELOW_EYES_M: f32 = 0.22;
pub const SHOULDER_SIDE_M: f32 = 0.18;

/// Which step the calibration is in, with the text the patient reads.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Rest,
    Reach { retry: Option<ReachProblem> },
    Done(CalibrationResult),
}

/// What the calibration measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CalibrationResult {
    pub calibration: Calibration,
    /// Eye height while resting (m above the floor).
    pub eye_height_m: f64,
}

/// What the current step is waiting for (shown to the therapist, so a calibration that
/// does not advance says why).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Waiting {
    /// No pose has arrived from the input yet.
    FirstPose,
    /// The head's position is not tracked.
    HeadNotTracked,
    /// The responding controller's position is not tracked.
    HandNotTracked,
    /// The patient is reading the instruction (2.5 s).
    Reading,
    /// The hand is moving (more than 2 cm): holding still starts again.
    HandMoving,
    /// The hand is still; the hold is not over yet.
    Holding,
    /// Resting: the hand is at eye height (not resting).
    HandTooHigh,
    /// Reaching: the hand is not yet 20 cm in front of its resting place.
    ArmNotOut,
}

impl Waiting {
    /// The reason in words, for the responding `side` ("right" / "left").
    pub fn describe(self, side: &str) -> String {
        match self {
            Waiting::FirstPose => "no pose from the headset yet".to_owned(),
            Waiting::HeadNotTracked => "the headset's position is not tracked".to_owned(),
            Waiting::HandNotTracked => format!("the {side} controller's position is not tracked"),
            Waiting::Reading => "the patient is reading the instruction".to_owned(),
            Waiting::HandMoving => format!("the {side} hand is moving; hold it still"),
            Waiting::Holding => format!("holding the {side} hand still"),
            Waiting::HandTooHigh => format!("the {side} hand is at eye height, not resting"),
            Waiting::ArmNotOut => format!("the {side} hand is not yet 20 cm in front of its resting place"),
        }
    }
}

/// The two-step reach calibration, fed one pose sample at a time.
#[derive(Clone, Debug)]
pub struct ReachCalibration {
    hand: Handedness,
    step: Step,
    waiting: Waiting,
    /// When the current step started (s); `None` until its first sample.
    step_started: Option<f64>,
    /// Recent (t, hand position) within the hold window.
    window: VecDeque<(f64, Vec3)>,
    /// Mean head position while resting.
    rest: Option<(Vec3, Vec3)>,
}

impl ReachCalibration {
    pub fn new(hand: Handedness) -> Self {
        Self {
            hand,
            step: Step::Rest,
            waiting: Waiting::FirstPose,
            step_started: None,
            window: VecDeque::new(),
            rest: None,
        }
    }

    pub fn step(&self) -> &Step {
        &self.step
    }

    /// What the current step waits for.
    pub fn waiting(&self) -> Waiting {
        self.waiting
    }

    /// The step and what it waits for, for the therapist: "step 1 of 2 (rest): waiting:
    /// the right controller's position is not tracked".
    pub fn status(&self) -> String {
        let step = match &self.step {
            Step::Rest => "step 1 of 2 (rest)",
            Step::Reach { .. } => "step 2 of 2 (reach)",
            Step::Done(_) => return "done".to_owned(),
        };
        format!("{step}: waiting: {}", self.waiting.describe(self.side()))
    }

    /// The hand's side in English (the therapist's status line).
    fn side(&self) -> &'static str {
        match self.hand {
            Handedness::Right => "right",
            Handedness::Left => "left",
        }
    }

    /// The instruction for the current step, in the patient's language.
    pub fn instruction(&self, m: &Messages) -> String {
        let side = |right: &str, left: &str| {
            m.text(match self.hand {
                Handedness::Right => right,
                Handedness::Left => left,
            })
        };
        match &self.step {
            Step::Rest => format!(
                "{}\n\n{}",
                m.text("calibration-step-1"),
                side("calibration-rest-right", "calibration-rest-left")
            ),
            Step::Reach { retry } => {
                let hint = retry.map(|h| format!("{}\n\n", h.text(m))).unwrap_or_default();
                format!(
                    "{hint}{}\n\n{}",
                    m.text("calibration-step-2"),
                    side("calibration-reach-right", "calibration-reach-left")
                )
            }
            Step::Done(_) => m.text("calibration-done"),
        }
    }

    /// Restarts from the first step (the therapist asked, or the patient moved seats).
    pub fn restart(&mut self) {
        *self = Self::new(self.hand);
    }

    /// Takes one sample; returns the result once both steps are done.
    pub fn process(&mut self, s: &PoseSample) -> Option<CalibrationResult> {
        if let Step::Done(result) = self.step {
            return Some(result);
        }
        let started = *self.step_started.get_or_insert(s.t);
        let hand = s.hand(self.hand);
        if !s.head_tracked || !hand.tracked {
            self.waiting = if s.head_tracked {
                Waiting::HandNotTracked
            } else {
                Waiting::HeadNotTracked
            };
            self.window.clear();
            return None;
        }
        self.window.push_back((s.t, hand.pose.position));
        // Keep the newest sample at or before `t - HOLD_S` so that the window spans the
        // whole hold even at a low frame rate.
        while self.window.get(1).is_some_and(|(t, _)| s.t - t >= HOLD_S) {
            self.window.pop_front();
        }
        let held_since = self.window.front().map_or(s.t, |(t, _)| *t);
        let mean = self.window.iter().map(|(_, p)| *p).sum::<Vec3>() / self.window.len() as f32;
        let still = self.window.iter().all(|(_, p)| p.distance(mean) <= STILL_RADIUS_M);
        if !still {
            // Keep only the newest position: holding still starts again from here.
            self.window.drain(..self.window.len() - 1);
            self.waiting = Waiting::HandMoving;
            return None;
        }
        if s.t < started + READ_S {
            self.waiting = Waiting::Reading;
            return None;
        }
        if s.t - held_since < HOLD_S {
            self.waiting = Waiting::Holding;
            return None;
        }
        match self.step {
            Step::Rest => {
                if mean.y > s.head.position.y - 0.1 {
                    self.waiting = Waiting::HandTooHigh; // a hand at eye height is not resting
                    return None;
                }
                self.rest = Some((mean, s.head.position));
                self.next(Step::Reach { retry: None }, s.t);
                None
            }
            Step::Reach { .. } => {
                let (home, head) = self.rest?;
                if (mean - home).dot(Vec3::NEG_Z) < MIN_FORWARD_M {
                    self.waiting = Waiting::ArmNotOut; // still on the way out (or not started yet)
                    return None;
                }
                match measure(self.hand, home, head, mean) {
                    Ok(result) => {
                        self.step = Step::Done(result);
                        Some(result)
                    }
                    Err(hint) => {
                        self.next(Step::Reach { retry: Some(hint) }, s.t);
                        None
                    }
                }
            }
            Step::Done(result) => Some(result),
        }
    }

    fn next(&mut self, step: Step, t: f64) {
        self.step = step;
        self.waiting = Waiting::Reading;
        self.step_started = Some(t);
        self.window.clear();
    }
}

/// Why a reach was not accepted (the patient is asked again).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ReachProblem {
    /// The hand did not go far enough forward from its resting place.
    TooShort,
    /// Shoulder to hand (m) is outside what an adult arm measures.
    Unusual { reach_m: f64 },
}

impl ReachProblem {
    /// What the patient reads.
    pub fn text(self, m: &Messages) -> String {
        match self {
            ReachProblem::TooShort => m.text("reach-too-short"),
            ReachProblem::Unusual { reach_m } => m.format("reach-unusual", &[("reach", format!("{reach_m:.2}"))]),
        }
    }
}

/// The calibration from the resting hand, the head while resting, and the extended
/// hand (stage frame). Forward is the stage frame's -z (recentering has turned the
/// patient's heading onto it).
pub fn measure(hand: Handedness, home: Vec3, head: Vec3, extended: Vec3) -> Result<CalibrationResult, ReachProblem> {
    let forward = Vec3::NEG_Z;
    if (extended - home).dot(forward) < MIN_FORWARD_M {
        return Err(ReachProblem::TooShort);
    }
    let side = match hand {
        Handedness::Right => 1.0,
        Handedness::Left => -1.0,
    };
    let shoulder = head + Vec3::new(side * SHOULDER_SIDE_M, -SHOULDER_BELOW_EYES_M, 0.0);
    let reach = f64::from(extended.distance(shoulder));
    if !(REACH_RANGE_M.0..=REACH_RANGE_M.1).contains(&reach) {
        return Err(ReachProblem::Unusual { reach_m: reach });
    }
    Ok(CalibrationResult {
        calibration: Calibration {
            arm_reach_m: reach,
            hand_home: home,
            forward,
        },
        eye_height_m: f64::from(head.y),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pose::{HandSample, Pose};

    const HEAD: Vec3 = Vec3::new(0.0, 1.2, 0.0);

    fn sample(t: f64, right: Vec3, tracked: bool) -> PoseSample {
        let hand = |p| HandSample {
            pose: Pose {
                position: p,
                orientation: Default::default(),
            },
            tracked,
            grip: false,
        };
        PoseSample {
            t,
            frame_t: t,
            head: Pose {
                position: HEAD,
                orientation: Default::default(),
            },
            head_tracked: true,
            left: hand(Vec3::new(-0.2, 0.8, -0.2)),
            right: hand(right),
        }
    }

    /// Feeds 90 Hz samples from `from` to `to` seconds with the hand at `at(t)`.
    fn feed(
        c: &mut ReachCalibration,
        from: f64,
        to: f64,
        at: impl Fn(f64) -> Vec3,
        tracked: bool,
    ) -> Option<CalibrationResult> {
        feed_at(c, 90.0, from, to, at, tracked)
    }

    fn feed_at(
        c: &mut ReachCalibration,
        hz: f64,
        from: f64,
        to: f64,
        at: impl Fn(f64) -> Vec3,
        tracked: bool,
    ) -> Option<CalibrationResult> {
        let mut t = from;
        let mut out = None;
        while t < to {
            out = out.or(c.process(&sample(t, at(t), tracked)));
            t += 1.0 / hz;
        }
        out
    }

    #[test]
    fn a_stuttering_runtime_still_calibrates() {
        // A few frames a second (a software renderer, a struggling PC): holding still is
        // judged over the whole second however few samples it has.
        for hz in [1.3, 2.0, 2.6, 11.0] {
            let mut c = ReachCalibration::new(Handedness::Right);
            let home = Vec3::new(0.2, 0.95, -0.3);
            let out = Vec3::new(0.18, 1.0, -0.7);
            feed_at(&mut c, hz, 0.0, 6.0, |_| home, true);
            assert_eq!(c.step(), &Step::Reach { retry: None }, "{hz} Hz");
            let r = feed_at(
                &mut c,
                hz,
                6.0,
                12.0,
                |t| home.lerp(out, ((t - 6.0) / 0.5).min(1.0) as f32),
                true,
            );
            assert!(r.is_some(), "{hz} Hz");
        }
    }

    #[test]
    fn rest_then_reach_measures_home_and_reach() {
        let mut c = ReachCalibration::new(Handedness::Right);
        let home = Vec3::new(0.2, 0.95, -0.3);
        assert_eq!(feed(&mut c, 0.0, 4.0, |_| home, true), None);
        assert_eq!(c.step(), &Step::Reach { retry: None });
        // Arm moves out over half a second, then holds.
        let out = Vec3::new(0.18, 1.0, -0.7);
        let result = feed(
            &mut c,
            4.0,
            9.0,
            |t| home.lerp(out, ((t - 4.0) / 0.5).min(1.0) as f32),
            true,
        )
        .expect("calibrated");
        assert!(result.calibration.hand_home.distance(home) < 1e-4);
        let shoulder = HEAD + Vec3::new(SHOULDER_SIDE_M, -SHOULDER_BELOW_EYES_M, 0.0);
        assert!((result.calibration.arm_reach_m - f64::from(out.distance(shoulder))).abs() < 0.01);
        assert_eq!(result.eye_height_m, f64::from(HEAD.y));
        assert!(matches!(c.step(), Step::Done(_)));
    }

    #[test]
    fn holding_still_counts_only_after_the_instruction_was_read() {
        let mut c = ReachCalibration::new(Handedness::Right);
        let home = Vec3::new(0.2, 0.95, -0.3);
        feed(&mut c, 0.0, READ_S - 0.1, |_| home, true);
        assert_eq!(c.step(), &Step::Rest, "still reading");
        feed(&mut c, READ_S - 0.1, READ_S + 0.2, |_| home, true);
        assert_eq!(c.step(), &Step::Reach { retry: None });
    }

    #[test]
    fn a_moving_or_untracked_hand_does_not_end_a_step() {
        let mut c = ReachCalibration::new(Handedness::Right);
        // Waving 10 cm at 1 Hz.
        let wave = |t: f64| Vec3::new(0.2 + 0.1 * (t * std::f64::consts::TAU).sin() as f32, 0.95, -0.3);
        feed(&mut c, 0.0, 6.0, wave, true);
        assert_eq!(c.step(), &Step::Rest);
        assert!(
            matches!(c.waiting(), Waiting::HandMoving | Waiting::Holding),
            "{:?}",
            c.waiting()
        );
        feed(&mut c, 6.0, 12.0, |_| Vec3::new(0.2, 0.95, -0.3), false);
        assert_eq!(c.step(), &Step::Rest, "tracking lost: nothing measured");
        assert_eq!(c.waiting(), Waiting::HandNotTracked);
        assert!(
            c.status().contains("right controller's position is not tracked"),
            "{}",
            c.status()
        );
    }

    #[test]
    fn a_hand_short_of_the_reach_waits_and_a_jump_is_asked_again() {
        let mut c = ReachCalibration::new(Handedness::Right);
        let home = Vec3::new(0.2, 0.95, -0.3);
        feed(&mut c, 0.0, 4.0, |_| home, true);
        // Only 10 cm forward: not a reach yet, keep waiting without a hint.
        let short = home + Vec3::new(0.0, 0.0, -0.1);
        assert_eq!(feed(&mut c, 4.0, 9.0, |_| short, true), None);
        assert_eq!(c.step(), &Step::Reach { retry: None });
        // A tracking jump to 1.6 m away: refused, with a hint, and the step starts again.
        assert_eq!(feed(&mut c, 9.0, 12.0, |_| Vec3::new(0.2, 1.0, -1.6), true), None);
        assert!(matches!(c.step(), Step::Reach { retry: Some(_) }));
        assert!(c.instruction(&Messages::default()).contains("unusual"));
        assert_eq!(
            measure(Handedness::Right, home, HEAD, short).err(),
            Some(ReachProblem::TooShort)
        );
    }

    #[test]
    fn implausible_reaches_are_refused() {
        let home = Vec3::new(0.2, 0.95, -0.3);
        // 1.5 m away: a tracking jump.
        assert!(measure(Handedness::Right, home, HEAD, Vec3::new(0.2, 1.0, -1.5)).is_err());
        // Left-handed: the shoulder is on the left.
        let r = measure(Handedness::Left, home, HEAD, Vec3::new(-0.18, 1.0, -0.65)).expect("plausible");
        let shoulder = HEAD + Vec3::new(-SHOULDER_SIDE_M, -SHOULDER_BELOW_EYES_M, 0.0);
        assert!((r.calibration.arm_reach_m - f64::from(Vec3::new(-0.18, 1.0, -0.65).distance(shoulder))).abs() < 1e-6);
    }
}
