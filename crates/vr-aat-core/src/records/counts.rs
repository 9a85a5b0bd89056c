//! `summary.ron` and `core_cost.ron`: what a session's close writes beside its records.

use serde::{Deserialize, Serialize};

use crate::trial::{Outcome, TrialRecord};

/// `summary.ron`: counts at the close of a session.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionCounts {
    pub trials_recorded: u32,
    pub trials_planned: u32,
    pub correct: u32,
    pub wrong_direction: u32,
    pub no_response: u32,
    pub tracking_lost_trials: u32,
    /// Trials during which a frame came late (`budget_overrun` in trials.csv).
    pub budget_overrun_trials: u32,
    pub tracking_samples_written: u64,
    /// Pose samples not written because the disk could not keep up.
    pub tracking_samples_dropped: u64,
    /// Questionnaire answers in `answers.csv`.
    #[serde(default)]
    pub answers_recorded: u32,
}

impl SessionCounts {
    /// Counts one more recorded trial.
    pub fn add(&mut self, r: &TrialRecord) {
        self.trials_recorded += 1;
        match r.outcome {
            Outcome::Correct => self.correct += 1,
            Outcome::WrongDirection => self.wrong_direction += 1,
            Outcome::NoResponse => self.no_response += 1,
        }
        self.tracking_lost_trials += u32::from(r.tracking_lost);
        self.budget_overrun_trials += u32::from(r.budget_overrun);
    }
}

/// `core_cost.ron`: the core's own cost per frame (machine-dependent; not a frame rate).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CoreCostRecord {
    /// One display period (µs), what the cost is compared with.
    pub period_us: f64,
    pub frames: u64,
    /// Frames whose core cost alone was more than a display period.
    pub over_period: u64,
    pub mean_us: f64,
    pub median_us: f64,
    pub p99_us: f64,
    pub max_us: f64,
}
