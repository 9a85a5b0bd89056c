//! Synthetic-patient profiles (`assets/patients/*.ron`): how a simulated patient reacts
//! and moves. Times are in milliseconds, distances in metres.

use serde::{Deserialize, Serialize};

use super::error::Problem;

/// An ex-Gaussian reaction-time distribution: a normal (mu, sigma) plus an exponential
/// with mean tau. Mean = mu + tau; all in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExGaussian {
    pub mu_ms: f64,
    pub sigma_ms: f64,
    pub tau_ms: f64,
}

/// The RT distribution for each of the four conditions, before the injected bias.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RtByCondition {
    pub push_alcohol: ExGaussian,
    pub pull_alcohol: ExGaussian,
    pub push_soft: ExGaussian,
    pub pull_soft: ExGaussian,
}

/// A normal distribution in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NormalMs {
    pub mean_ms: f64,
    pub sd_ms: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Handedness {
    #[default]
    Right,
    Left,
}

impl Handedness {
    pub fn label(self) -> &'static str {
        match self {
            Handedness::Right => "right",
            Handedness::Left => "left",
        }
    }
}

/// How the synthetic patient moves its hand.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kinematics {
    /// How far a push or pull carries the hand, as a fraction of the arm reach. Must be
    /// larger than the protocol's push and pull thresholds.
    pub reach_amplitude_fraction: f64,
    /// Duration of a minimum-jerk push or pull.
    pub reach_duration: NormalMs,
    /// Duration of the return to the home position.
    pub return_duration_ms: f64,
    /// Standard deviation of the tracking noise added to every position, per axis (mm).
    pub positional_noise_mm: f64,
    /// Delay between a change on the display and the patient's brain knowing of it.
    /// Bounds how many frames one headless update may carry (see docs/design.md).
    pub perception_latency_ms: f64,
    /// From seeing the error feedback to starting the corrective movement.
    pub correction_delay: NormalMs,
    /// Grasp mode: the grip is pressed this long before a reach starts.
    pub grip_lead_ms: f64,
}

/// What makes a real hand and real tracking imperfect; all off by default.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Imperfections {
    /// Slow wander of the whole hand (mm/s, peak speed): a sway of 0.05 Hz in the
    /// horizontal plane, resting hand included. Part of the true trajectory.
    pub drift_mm_s: f64,
    /// Physiological tremor: amplitude (mm) of a sinusoid along one axis, part of the
    /// true trajectory.
    pub tremor_mm: f64,
    /// Tremor frequency (Hz).
    pub tremor_hz: f64,
    /// Episodes per minute in which the runtime loses the responding controller's
    /// tracking (it is occluded), at random times.
    pub occlusions_per_min: f64,
    /// How long each occlusion lasts (ms).
    pub occlusion_ms: f64,
}

impl Default for Imperfections {
    fn default() -> Self {
        Self {
            drift_mm_s: 0.0,
            tremor_mm: 0.0,
            tremor_hz: 9.0,
            occlusions_per_min: 0.0,
            occlusion_ms: 300.0,
        }
    }
}

/// Body dimensions.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// Shoulder to grip with the arm extended, metres.
    pub arm_reach_m: f64,
    /// Eye height above the floor, metres (about 1.2 seated, 1.6 standing).
    pub eye_height_m: f64,
    /// Where the dominant hand rests between trials, in the stage frame (x right, y up,
    /// -z forward), for a right-handed patient; mirrored for a left-handed one.
    pub hand_home_m: (f64, f64, f64),
}

/// Where a synthetic patient's answers to one questionnaire lie.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerLevel {
    /// In session 1, as a fraction of each item's scale from its low end (0) to its
    /// high end (1); reversed items are answered from the other end.
    pub start: f64,
    /// Change of the level per training session before this one (negative: falls with
    /// training, as craving is meant to).
    #[serde(default)]
    pub change_per_training_session: f64,
}

/// How a synthetic patient answers the protocol's questionnaires.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AnswerTendency {
    /// The level of a questionnaire not listed in `levels`.
    pub level: AnswerLevel,
    /// Levels by questionnaire id (`"craving-vas"`, `"ssq"`, `"auq"`).
    pub levels: std::collections::BTreeMap<String, AnswerLevel>,
    /// Item-to-item spread around the level (standard deviation, fraction of the scale).
    pub spread: f64,
    /// Mean time to read an item and choose (s); the confirming press follows 0.5 s later.
    pub seconds_per_item: f64,
}

impl Default for AnswerTendency {
    fn default() -> Self {
        Self {
            level: AnswerLevel {
                start: 0.5,
                change_per_training_session: 0.0,
            },
            levels: Default::default(),
            spread: 0.1,
            seconds_per_item: 3.0,
        }
    }
}

impl AnswerTendency {
    /// The level (0..1) of questionnaire `id` after `trained` training sessions.
    pub fn level(&self, id: &str, trained: u32) -> f64 {
        let l = self.levels.get(id).unwrap_or(&self.level);
        (l.start + l.change_per_training_session * f64::from(trained)).clamp(0.0, 1.0)
    }
}

/// A synthetic-patient profile file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatientProfile {
    pub id: String,
    pub description: String,
    pub rt: RtByCondition,
    /// Injected approach bias toward alcohol (ms): pushing alcohol is slowed by half of it
    /// and pulling alcohol sped up by half, so the double-difference score equals it.
    pub approach_bias_ms: f64,
    /// Probability of moving in the wrong direction (0..1).
    pub error_rate: f64,
    /// Probability of not responding at all (0..1).
    #[serde(default)]
    pub miss_rate: f64,
    #[serde(default)]
    pub handedness: Handedness,
    pub body: Body,
    pub kinematics: Kinematics,
    /// Drift, tremor and occlusions (none when left out).
    #[serde(default)]
    pub imperfections: Imperfections,
    /// Learning: the approach bias changes by this much (ms) after every session with a
    /// training block (negative: toward avoidance, as training intends); sham and
    /// assessment sessions change nothing. Session `s` starts with `approach_bias_ms`
    /// plus this times the training sessions before it.
    #[serde(default)]
    pub learning_ms_per_training_session: f64,
    /// How it answers questionnaires (in the middle of every scale when left out).
    #[serde(default)]
    pub answers: AnswerTendency,
}

impl PatientProfile {
    /// Checks meaning after parsing; returns every problem found.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let a = &self.answers;
        let levels = std::iter::once(("answers.level".to_owned(), a.level))
            .chain(a.levels.iter().map(|(id, l)| (format!("answers.levels.{id}"), *l)));
        for (path, l) in levels {
            if !(0.0..=1.0).contains(&l.start) {
                out.push(Problem::new(
                    format!("{path}.start"),
                    format!("{}", l.start),
                    "a fraction of the scale from 0 to 1",
                ));
            }
            if !(-1.0..=1.0).contains(&l.change_per_training_session) {
                out.push(Problem::new(
                    format!("{path}.change_per_training_session"),
                    format!("{}", l.change_per_training_session),
                    "a change of the fraction from -1 to 1",
                ));
            }
        }
        if !(0.0..=0.5).contains(&a.spread) {
            out.push(Problem::new("answers.spread", format!("{}", a.spread), "from 0 to 0.5"));
        }
        if !(0.5..=60.0).contains(&a.seconds_per_item) {
            out.push(Problem::new(
                "answers.seconds_per_item",
                format!("{} s", a.seconds_per_item),
                "from 0.5 to 60 s",
            ));
        }
        let conds = [
            ("rt.push_alcohol", self.rt.push_alcohol),
            ("rt.pull_alcohol", self.rt.pull_alcohol),
            ("rt.push_soft", self.rt.push_soft),
            ("rt.pull_soft", self.rt.pull_soft),
        ];
        for (name, d) in conds {
            if !(100.0..=3000.0).contains(&d.mu_ms) {
                out.push(Problem::new(
                    format!("{name}.mu_ms"),
                    format!("{} ms", d.mu_ms),
                    "from 100 to 3000 ms",
                ));
            }
            if !(d.sigma_ms > 0.0 && d.sigma_ms <= 1000.0) {
                out.push(Problem::new(
                    format!("{name}.sigma_ms"),
                    format!("{} ms", d.sigma_ms),
                    "above 0 and at most 1000 ms",
                ));
            }
            if !(d.tau_ms > 0.0 && d.tau_ms <= 2000.0) {
                out.push(Problem::new(
                    format!("{name}.tau_ms"),
                    format!("{} ms", d.tau_ms),
                    "above 0 and at most 2000 ms",
                ));
            }
        }
        if !(-500.0..=500.0).contains(&self.approach_bias_ms) {
            out.push(Problem::new(
                "approach_bias_ms",
                format!("{} ms", self.approach_bias_ms),
                "from -500 to 500 ms",
            ));
        }
        for (name, v) in [("error_rate", self.error_rate), ("miss_rate", self.miss_rate)] {
            if !(0.0..0.5).contains(&v) {
                out.push(Problem::new(name, format!("{v}"), "a probability from 0 to below 0.5"));
            }
        }
        let b = &self.body;
        if !(0.4..=1.0).contains(&b.arm_reach_m) {
            out.push(Problem::new(
                "body.arm_reach_m",
                format!("{} m", b.arm_reach_m),
                "from 0.4 to 1.0 m",
            ));
        }
        if !(0.8..=2.1).contains(&b.eye_height_m) {
            out.push(Problem::new(
                "body.eye_height_m",
                format!("{} m", b.eye_height_m),
                "from 0.8 to 2.1 m",
            ));
        }
        let (x, y, z) = b.hand_home_m;
        if !(x.abs() <= 1.0 && (0.3..=2.0).contains(&y) && z.abs() <= 1.0) {
            out.push(Problem::new(
                "body.hand_home_m",
                format!("({x}, {y}, {z})"),
                "a point within 1 m of the patient, 0.3 to 2 m above the floor",
            ));
        }
        let k = &self.kinematics;
        if !(0.05..=0.9).contains(&k.reach_amplitude_fraction) {
            out.push(Problem::new(
                "kinematics.reach_amplitude_fraction",
                format!("{}", k.reach_amplitude_fraction),
                "from 0.05 to 0.9 of the arm reach",
            ));
        }
        if !(k.reach_duration.mean_ms >= 100.0 && k.reach_duration.mean_ms <= 2000.0 && k.reach_duration.sd_ms >= 0.0) {
            out.push(Problem::new(
                "kinematics.reach_duration",
                format!("mean {} ms, sd {} ms", k.reach_duration.mean_ms, k.reach_duration.sd_ms),
                "a mean from 100 to 2000 ms and a non-negative sd",
            ));
        }
        if !(100.0..=3000.0).contains(&k.return_duration_ms) {
            out.push(Problem::new(
                "kinematics.return_duration_ms",
                format!("{} ms", k.return_duration_ms),
                "from 100 to 3000 ms",
            ));
        }
        if !(0.0..=5.0).contains(&k.positional_noise_mm) {
            out.push(Problem::new(
                "kinematics.positional_noise_mm",
                format!("{} mm", k.positional_noise_mm),
                "from 0 to 5 mm",
            ));
        }
        if !(20.0..=300.0).contains(&k.perception_latency_ms) {
            out.push(Problem::new(
                "kinematics.perception_latency_ms",
                format!("{} ms", k.perception_latency_ms),
                "from 20 to 300 ms",
            ));
        }
        if !(k.correction_delay.mean_ms >= 0.0 && k.correction_delay.sd_ms >= 0.0) {
            out.push(Problem::new(
                "kinematics.correction_delay",
                "a negative value".to_string(),
                "a non-negative mean and sd",
            ));
        }
        if !(0.0..=500.0).contains(&k.grip_lead_ms) {
            out.push(Problem::new(
                "kinematics.grip_lead_ms",
                format!("{} ms", k.grip_lead_ms),
                "from 0 to 500 ms",
            ));
        }
        let im = &self.imperfections;
        let ranges = [
            ("imperfections.drift_mm_s", im.drift_mm_s, 0.0, 15.0, "mm/s"),
            ("imperfections.tremor_mm", im.tremor_mm, 0.0, 3.0, "mm"),
            ("imperfections.tremor_hz", im.tremor_hz, 2.0, 15.0, "Hz"),
            (
                "imperfections.occlusions_per_min",
                im.occlusions_per_min,
                0.0,
                30.0,
                "per minute",
            ),
            ("imperfections.occlusion_ms", im.occlusion_ms, 20.0, 5000.0, "ms"),
        ];
        for (name, v, lo, hi, unit) in ranges {
            if !(lo..=hi).contains(&v) {
                out.push(Problem::new(
                    name,
                    format!("{v} {unit}"),
                    format!("from {lo} to {hi} {unit}"),
                ));
            }
        }
        if !(-200.0..=200.0).contains(&self.learning_ms_per_training_session) {
            out.push(Problem::new(
                "learning_ms_per_training_session",
                format!("{} ms", self.learning_ms_per_training_session),
                "from -200 to 200 ms",
            ));
        }
        out
    }
}
