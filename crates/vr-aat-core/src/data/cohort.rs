//! Cohort files (`assets/cohorts/*.ron`): a population of synthetic participants whose
//! bias, speed and error rate are drawn from distributions, for studying group
//! statistics such as split-half reliability.

use rand::Rng;
use rand_distr::{Distribution, StandardNormal};
use serde::{Deserialize, Serialize};

use super::error::Problem;
use super::patient_profile::PatientProfile;

/// A normal distribution, clipped to `[min, max]`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spread {
    pub mean: f64,
    pub sd: f64,
    pub min: f64,
    pub max: f64,
}

impl Spread {
    pub fn draw<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let z: f64 = StandardNormal.sample(rng);
        (self.mean + z * self.sd).clamp(self.min, self.max)
    }

    fn problems(&self, field: &str, out: &mut Vec<Problem>) {
        if !(self.sd >= 0.0 && self.min <= self.max && (self.min..=self.max).contains(&self.mean)) {
            out.push(Problem::new(
                field,
                format!("mean {}, sd {}, min {}, max {}", self.mean, self.sd, self.min, self.max),
                "sd >= 0 and min <= mean <= max",
            ));
        }
    }
}

/// A cohort file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cohort {
    /// Participant ids are `<id>-p01`, `<id>-p02`, ...
    pub id: String,
    pub description: String,
    /// The profile every participant starts from, relative to this file.
    pub base_patient: String,
    /// Each participant's injected approach bias (ms).
    pub approach_bias_ms: Spread,
    /// Added to every condition's mu (ms): slower or faster participants.
    pub speed_shift_ms: Spread,
    /// Each participant's wrong-direction rate.
    pub error_rate: Spread,
}

impl Cohort {
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        if !super::catalogue::is_valid_id(&self.id) || self.id.len() > 24 {
            out.push(Problem::new(
                "id",
                format!("`{}`", self.id),
                "1-24 characters of a-z, 0-9 and '-'",
            ));
        }
        self.approach_bias_ms.problems("approach_bias_ms", &mut out);
        self.speed_shift_ms.problems("speed_shift_ms", &mut out);
        self.error_rate.problems("error_rate", &mut out);
        if self.approach_bias_ms.min < -500.0 || self.approach_bias_ms.max > 500.0 {
            out.push(Problem::new(
                "approach_bias_ms",
                "range beyond ±500 ms".to_string(),
                "min and max within -500..500 ms",
            ));
        }
        if self.speed_shift_ms.min < -300.0 || self.speed_shift_ms.max > 1000.0 {
            out.push(Problem::new(
                "speed_shift_ms",
                "range beyond -300..1000 ms".to_string(),
                "min and max within -300..1000 ms",
            ));
        }
        if self.error_rate.min < 0.0 || self.error_rate.max >= 0.5 {
            out.push(Problem::new(
                "error_rate",
                "range outside 0..0.5".to_string(),
                "min >= 0 and max < 0.5",
            ));
        }
        out
    }

    /// The profile of participant `index` (from 1), drawn with `rng`.
    pub fn participant<R: Rng + ?Sized>(&self, base: &PatientProfile, index: u32, rng: &mut R) -> PatientProfile {
        let mut p = base.clone();
        p.id = format!("{}-p{index:02}", self.id);
        p.description = format!("participant {index} of cohort {}", self.id);
        p.approach_bias_ms = self.approach_bias_ms.draw(rng);
        let shift = self.speed_shift_ms.draw(rng);
        for c in [
            &mut p.rt.push_alcohol,
            &mut p.rt.pull_alcohol,
            &mut p.rt.push_soft,
            &mut p.rt.pull_soft,
        ] {
            c.mu_ms += shift;
        }
        p.error_rate = self.error_rate.draw(rng);
        p
    }
}
