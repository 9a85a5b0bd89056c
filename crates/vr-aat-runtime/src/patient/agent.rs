//! The synthetic patient's behaviour: it perceives what the display shows (after a
//! perception latency), decides, and moves its hand along minimum-jerk reaches, with
//! tracking noise on every sample. It also keeps the ground truth of every trial.
//!
//! Closed loop without look-ahead: a sample at time `t` depends only on display changes
//! up to `t - latency`. An update that carries at most `latency` worth of frames
//! therefore gives exactly the same samples however the frames are grouped into updates.

use std::collections::VecDeque;

use bevy::math::{DVec3, Quat, Vec3};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

use super::exgauss::{BadExGaussian, ExGaussSampler};
use super::reach::Motion;
use crate::input::{HandSample, Pose, PoseSample};
use crate::trial::{Calibration, Direction, DisplayChange, FeedbackKind, Rule};
use vr_aat_core::data::{Category, Handedness, PatientProfile, Protocol, ResponseMode};
use vr_aat_core::rng::{STREAM_ANSWERS, STREAM_BEHAVIOUR, STREAM_IMPERFECTIONS, STREAM_NOISE, rng_for};

/// What really happened in one trial, for comparing with what the engine measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrueTrial {
    /// Trial number in the session, from 1.
    pub trial: u32,
    /// Stimulus onset as the patient saw it (s).
    pub stimulus_onset_s: f64,
    /// The exact time the noise-free trajectory first lies the onset distance from where
    /// the hand was at stimulus onset (s). `None` for a deliberate non-response.
    pub movement_onset_s: Option<f64>,
    /// Direction of the first movement, if any.
    pub direction: Option<Direction>,
}

/// Why the patient cannot play this protocol.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PatientError {
    #[error(transparent)]
    Rt(#[from] BadExGaussian),
    #[error(
        "patient `{patient}` reaches {reach_m:.3} m but protocol `{protocol}` needs {needed_m:.3} m to complete a push or pull: raise kinematics.reach_amplitude_fraction above the protocol's thresholds"
    )]
    ReachTooShort {
        patient: String,
        protocol: String,
        reach_m: f64,
        needed_m: f64,
    },
}

/// Drift and tremor: smooth motions added to the whole true trajectory.
#[derive(Clone, Copy, Debug, Default)]
struct Sway {
    /// Drift amplitude (m) and phases of its x and z sinusoids (rad).
    drift_m: f64,
    drift_phase: (f64, f64),
    /// Tremor amplitude (m), angular frequency (rad/s), phase and axis.
    tremor_m: f64,
    tremor_w: f64,
    tremor_phase: f64,
    tremor_axis: DVec3,
}

/// Angular frequency of the drift (rad/s): a sway of 0.05 Hz.
const DRIFT_W: f64 = std::f64::consts::TAU * 0.05;

impl Sway {
    fn new(profile: &PatientProfile, rng: &mut ChaCha8Rng) -> Self {
        let im = profile.imperfections;
        let mut angle = || rng.random_range(0.0..std::f64::consts::TAU);
        let (a, b, c, d) = (angle(), angle(), angle(), angle());
        let axis = DVec3::new(c.cos() * d.sin(), d.cos(), c.sin() * d.sin()).normalize_or(DVec3::Y);
        Self {
            drift_m: im.drift_mm_s / 1000.0 / DRIFT_W,
            drift_phase: (a, b),
            tremor_m: im.tremor_mm / 1000.0,
            tremor_w: std::f64::consts::TAU * im.tremor_hz,
            tremor_phase: angle(),
            tremor_axis: axis,
        }
    }

    /// The offset (m) at time `t` (s). A patient without drift or tremor costs no sine
    /// (three per frame were a third of a simulated session's time, profiled 2026-12-07).
    fn at(&self, t: f64) -> DVec3 {
        let mut offset = DVec3::ZERO;
        if self.drift_m != 0.0 {
            offset += DVec3::new(
                (DRIFT_W * t + self.drift_phase.0).sin(),
                0.0,
                (DRIFT_W * t + self.drift_phase.1).sin(),
            ) * self.drift_m;
        }
        if self.tremor_m != 0.0 {
            offset += self.tremor_axis * (self.tremor_m * (self.tremor_w * t + self.tremor_phase).sin());
        }
        offset
    }
}

/// The training sessions (with a training block) of `protocol` before `session`.
/// A synthetic patient playing one session.
#[derive(Debug)]
pub struct Agent {
    profile: PatientProfile,
    hz: f64,
    /// Frames produced so far; frame `k` (from 1) is shown at `k / hz`.
    frame: u64,
    calibration: Calibration,
    onset_distance_m: f64,
    /// Which movements need the grip held (the protocol's grasp condition).
    response_mode: ResponseMode,
    latency_s: f64,
    rt: [ExGaussSampler; 4],
    behaviour: ChaCha8Rng,
    noise_rng: ChaCha8Rng,
    noise: Normal<f64>,
    /// Display changes seen on screen but not yet perceived.
    unperceived: VecDeque<DisplayChange>,
    rule: Rule,
    /// Scheduled and recent motions of the dominant hand, in time order; they never
    /// overlap, so each starts where the previous one ends.
    motions: VecDeque<Motion>,
    /// Grip held from this time until release (grasp mode).
    grip_from: Option<f64>,
    truth: Vec<TrueTrial>,
    sway: Sway,
    /// Occlusions: the random stream and the current or next episode (start, end, s).
    occlusion_rng: ChaCha8Rng,
    occlusion: Option<(f64, f64)>,
    /// The last position the runtime tracked (what an occluded controller reports).
    last_tracked: Option<Pose>,
    /// How it answers questionnaires.
    answerer: super::answers::Answerer,
}

const HEAD_NOISE_SCALE: f64 = 1.0;

impl Agent {
    pub fn new(
        profile: PatientProfile,
        protocol: &Protocol,
        hz: f64,
        seed: u64,
        session: u32,
    ) -> Result<Self, PatientError> {
        let learned = profile.learning_ms_per_training_session * f64::from(protocol.training_sessions_before(session));
        let b = (profile.approach_bias_ms + learned) / 2.0;
        let rt = [
            ExGaussSampler::new(profile.rt.push_alcohol, b)?,
            ExGaussSampler::new(profile.rt.pull_alcohol, -b)?,
            ExGaussSampler::new(profile.rt.push_soft, 0.0)?,
            ExGaussSampler::new(profile.rt.pull_soft, 0.0)?,
        ];
        let reach_m = profile.kinematics.reach_amplitude_fraction * profile.body.arm_reach_m;
        let needed_m =
            protocol.thresholds.push_fraction.max(protocol.thresholds.pull_fraction) * profile.body.arm_reach_m;
        if reach_m <= needed_m + protocol.thresholds.onset_distance_m {
            return Err(PatientError::ReachTooShort {
                patient: profile.id.clone(),
                protocol: protocol.id.clone(),
                reach_m,
                needed_m,
            });
        }
        let (x, y, z) = profile.body.hand_home_m;
        let x = match profile.handedness {
            Handedness::Right => x,
            Handedness::Left => -x,
        };
        let home = Vec3::new(x as f32, y as f32, z as f32);
        let calibration = Calibration {
            arm_reach_m: profile.body.arm_reach_m,
            hand_home: home,
            forward: Vec3::NEG_Z,
        };
        let noise = Normal::new(0.0, profile.kinematics.positional_noise_mm / 1000.0).map_err(|_| BadExGaussian {
            mu_ms: 0.0,
            sigma_ms: profile.kinematics.positional_noise_mm,
            tau_ms: 0.0,
        })?;
        let mut motions = VecDeque::new();
        motions.push_back(Motion::hold(0.0, home.as_dvec3()));
        let mut imperfections = rng_for(seed, STREAM_IMPERFECTIONS, session, 0);
        let sway = Sway::new(&profile, &mut imperfections);
        let mut agent = Self {
            latency_s: profile.kinematics.perception_latency_ms / 1000.0,
            hz,
            frame: 0,
            calibration,
            onset_distance_m: protocol.thresholds.onset_distance_m,
            response_mode: protocol.response_mode,
            rt,
            behaviour: rng_for(seed, STREAM_BEHAVIOUR, session, 0),
            noise_rng: rng_for(seed, STREAM_NOISE, session, 0),
            noise,
            unperceived: VecDeque::new(),
            rule: Rule::PushAlcohol,
            motions,
            grip_from: None,
            truth: Vec::new(),
            sway,
            occlusion_rng: rng_for(seed, STREAM_IMPERFECTIONS, session, 1),
            occlusion: None,
            last_tracked: None,
            answerer: super::answers::Answerer::new(
                profile.answers.clone(),
                protocol.training_sessions_before(session),
                rng_for(seed, STREAM_ANSWERS, session, 0),
            ),
            profile,
        };
        agent.occlusion = agent.next_occlusion(0.0);
        Ok(agent)
    }

    /// The next occlusion after `t` (s): exponential gaps at the profile's rate.
    fn next_occlusion(&mut self, t: f64) -> Option<(f64, f64)> {
        let im = self.profile.imperfections;
        if im.occlusions_per_min <= 0.0 {
            return None;
        }
        let u: f64 = self.occlusion_rng.random_range(f64::EPSILON..1.0);
        let start = t - u.ln() * 60.0 / im.occlusions_per_min;
        Some((start, start + im.occlusion_ms / 1000.0))
    }

    /// Whether the responding controller is occluded at `t`.
    fn occluded(&mut self, t: f64) -> bool {
        while let Some((_, end)) = self.occlusion
            && t >= end
        {
            self.occlusion = self.next_occlusion(end);
        }
        self.occlusion.is_some_and(|(start, end)| (start..end).contains(&t))
    }

    /// The calibration a reach calibration would have measured for this patient.
    pub fn calibration(&self) -> Calibration {
        self.calibration
    }

    pub fn handedness(&self) -> Handedness {
        self.profile.handedness
    }

    /// The most frames one update may carry without changing any sample: the frames
    /// that fit in the perception latency (at least one).
    pub fn max_frames_per_update(&self) -> u32 {
        ((self.latency_s * self.hz).floor() as u32).max(1)
    }

    /// Ground truth of every trial so far.
    pub fn truth(&self) -> &[TrueTrial] {
        &self.truth
    }

    /// A change the display showed; perceived `latency` later.
    /// Its actions on the questionnaire on screen at display time `t`, `covered` while a
    /// pause covers it (see [`super::Answerer`]).
    pub fn answer(
        &mut self,
        form: Option<(&str, &vr_aat_core::questionnaire::Form)>,
        t: f64,
        covered: bool,
    ) -> Vec<vr_aat_core::questionnaire::Action> {
        self.answerer.act(form, t, covered)
    }

    pub fn see(&mut self, change: DisplayChange) {
        self.unperceived.push_back(change);
    }

    /// Produces the next frame's sample.
    pub fn next_sample(&mut self) -> PoseSample {
        self.frame += 1;
        let t = self.frame as f64 / self.hz;
        while self.unperceived.front().is_some_and(|c| c.t() + self.latency_s <= t) {
            if let Some(change) = self.unperceived.pop_front() {
                self.perceive(change, t);
            }
        }
        // Forget motions that ended long ago (keeping the one in force).
        while self.motions.len() > 1 && self.motions[1].start <= t - 2.0 {
            self.motions.pop_front();
        }
        let hand_pos = self.position_at(t);
        let home = self.calibration.hand_home.as_dvec3();
        let other_home = DVec3::new(-home.x, home.y - 0.15, home.z + 0.15);
        let head = DVec3::new(0.0, self.profile.body.eye_height_m, 0.0);
        let occluded = self.occluded(t);
        let seen = self.noisy(hand_pos, 1.0);
        let dominant = HandSample {
            // An occluded controller reports the last pose the runtime tracked.
            pose: if occluded {
                self.last_tracked.unwrap_or(seen)
            } else {
                seen
            },
            tracked: !occluded,
            grip: self.grip_from.is_some_and(|g| t >= g),
        };
        if !occluded {
            self.last_tracked = Some(seen);
        }
        let other = HandSample {
            pose: self.noisy(other_home, 1.0),
            tracked: true,
            grip: false,
        };
        let head = self.noisy(head, HEAD_NOISE_SCALE);
        let (left, right) = match self.profile.handedness {
            Handedness::Right => (other, dominant),
            Handedness::Left => (dominant, other),
        };
        PoseSample {
            t,
            frame_t: t,
            head,
            head_tracked: true,
            left,
            right,
        }
    }

    fn noisy(&mut self, p: DVec3, scale: f64) -> Pose {
        let n = DVec3::new(
            self.noise.sample(&mut self.noise_rng),
            self.noise.sample(&mut self.noise_rng),
            self.noise.sample(&mut self.noise_rng),
        );
        Pose {
            position: (p + n * scale).as_vec3(),
            orientation: Quat::IDENTITY,
        }
    }

    /// The true (noise-free) hand position at `t`: the planned movements plus drift and
    /// tremor.
    fn position_at(&self, t: f64) -> DVec3 {
        let m = self
            .motions
            .iter()
            .rev()
            .find(|m| m.start <= t)
            .or(self.motions.front());
        m.map_or(self.calibration.hand_home.as_dvec3(), |m| m.position(t)) + self.sway.at(t)
    }

    /// Schedules a movement to `to`, starting no earlier than `start` and never before
    /// the last scheduled movement has ended. Returns the motion.
    fn schedule(&mut self, start: f64, to: DVec3, duration: f64) -> Motion {
        let (last_end, from) = self.motions.back().map_or((0.0, to), |m| (m.end(), m.to));
        let m = Motion {
            start: start.max(last_end),
            duration,
            from,
            to,
        };
        self.motions.push_back(m);
        m
    }

    fn reach_duration(&mut self) -> f64 {
        let d = self.profile.kinematics.reach_duration;
        let z: f64 = rand_distr::StandardNormal.sample(&mut self.behaviour);
        ((d.mean_ms + z * d.sd_ms) / 1000.0).clamp(0.15, 2.0)
    }

    fn target(&self, dir: Direction) -> DVec3 {
        let home = self.calibration.hand_home.as_dvec3();
        let amp = self.profile.kinematics.reach_amplitude_fraction * self.profile.body.arm_reach_m;
        let fwd = self.calibration.forward.as_dvec3();
        match dir {
            Direction::Push => home + fwd * amp,
            Direction::Pull => home - fwd * amp,
        }
    }

    /// Reacts to a display change perceived at frame time `now`.
    fn perceive(&mut self, change: DisplayChange, now: f64) {
        match change {
            DisplayChange::BlockStarted { rule, .. } => self.rule = rule,
            DisplayChange::StimulusShown {
                t,
                trial,
                category,
                cue,
                ..
            } => self.respond(t, trial, category, cue, now),
            DisplayChange::Feedback {
                kind: FeedbackKind::WrongDirection {
                    correction_required: true,
                },
                ..
            } => {
                let last = self.truth.last().and_then(|tt| tt.direction);
                if let Some(wrong) = last {
                    let c = self.profile.kinematics.correction_delay;
                    let z: f64 = rand_distr::StandardNormal.sample(&mut self.behaviour);
                    let delay = ((c.mean_ms + z * c.sd_ms) / 1000.0).max(0.0);
                    let duration = self.reach_duration();
                    let to = self.target(wrong.opposite());
                    let reach = self.schedule(now + delay, to, duration);
                    // A correction that needs a grasp the wrong movement did not (a pull
                    // after a push, grasping only to pull) closes the grip before it.
                    if self.grip_from.is_none() && self.response_mode.needs_grip(wrong.opposite() == Direction::Pull) {
                        self.grip_from = Some(reach.start - self.profile.kinematics.grip_lead_ms / 1000.0);
                    }
                }
            }
            // The trial is over (the drink zooms away, comes closer or fades), or gone:
            // the hand goes back home and rests there until the next drink.
            DisplayChange::Feedback { .. } | DisplayChange::StimulusCleared { .. } => self.return_home(now),
            DisplayChange::Paused { .. } => self.return_home(now),
            DisplayChange::Resumed { .. }
            | DisplayChange::SessionFinished { .. }
            | DisplayChange::MovementDetected { .. } => {}
        }
    }

    /// Schedules a return to the home position unless the hand is already headed there.
    fn return_home(&mut self, now: f64) {
        let home = self.calibration.hand_home.as_dvec3();
        if self.motions.back().is_some_and(|m| m.to == home) {
            return;
        }
        let d = self.profile.kinematics.return_duration_ms / 1000.0;
        self.schedule(now, home, d);
        self.grip_from = None;
    }

    fn respond(&mut self, onset: f64, trial: u32, category: Category, cue: Option<vr_aat_core::data::Cue>, now: f64) {
        let miss = self.behaviour.random_bool(self.profile.miss_rate);
        let wrong = self.behaviour.random_bool(self.profile.error_rate);
        if miss {
            self.truth.push(TrueTrial {
                trial,
                stimulus_onset_s: onset,
                movement_onset_s: None,
                direction: None,
            });
            return;
        }
        let required = self.rule.direction(category, cue);
        let dir = if wrong { required.opposite() } else { required };
        let cell = match (dir, category) {
            (Direction::Push, Category::Alcohol) => 0,
            (Direction::Pull, Category::Alcohol) => 1,
            (Direction::Push, Category::Soft) => 2,
            (Direction::Pull, Category::Soft) => 3,
        };
        let duration = self.reach_duration();
        let amp = self.profile.kinematics.reach_amplitude_fraction * self.profile.body.arm_reach_m;
        // Time from reach start until the hand is the onset distance from its start.
        let lead = duration * inverse_min_jerk(self.onset_distance_m / amp);
        // The reach cannot start before the stimulus was perceived: redraw RTs that
        // would need that (rare with plausible parameters; bounded).
        let mut rt = self.rt[cell].sample(&mut self.behaviour);
        for _ in 0..100 {
            if onset + rt - lead >= now {
                break;
            }
            rt = self.rt[cell].sample(&mut self.behaviour);
        }
        let start = (onset + rt - lead).max(now);
        let to = self.target(dir);
        let reference = self.position_at(onset);
        let reach = self.schedule(start, to, duration);
        if self.response_mode.needs_grip(dir == Direction::Pull) {
            self.grip_from = Some(reach.start - self.profile.kinematics.grip_lead_ms / 1000.0);
        }
        let movement_onset_s = self.first_time_away(reference, onset);
        self.truth.push(TrueTrial {
            trial,
            stimulus_onset_s: onset,
            movement_onset_s,
            direction: Some(dir),
        });
    }

    /// The first time after `from_t` at which the noise-free hand is more than the onset
    /// distance from `reference`, solved on the trajectory to 1 µs (coarse scan, then
    /// bisection).
    fn first_time_away(&self, reference: DVec3, from_t: f64) -> Option<f64> {
        let d = self.onset_distance_m;
        let away = |t: f64| self.position_at(t).distance(reference) > d;
        let step = 0.0005;
        let mut lo = from_t;
        let mut hi = from_t;
        let limit = from_t + 10.0;
        while !away(hi) {
            lo = hi;
            hi += step;
            if hi > limit {
                return None;
            }
        }
        while hi - lo > 1e-6 {
            let mid = 0.5 * (lo + hi);
            if away(mid) { hi = mid } else { lo = mid }
        }
        Some(hi)
    }
}

/// The normalised time at which a minimum-jerk movement has covered `fraction` of its
/// amplitude (bisection; the profile is monotonic).
pub fn inverse_min_jerk(fraction: f64) -> f64 {
    let f = fraction.clamp(0.0, 1.0);
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if super::reach::min_jerk(mid) < f {
            lo = mid
        } else {
            hi = mid
        }
    }
    0.5 * (lo + hi)
}
