//! Pre-processing: which trials enter the scores, and why the others do not.
//!
//! In order: (0) trials flagged for lost tracking or late frames are left out, when the
//! configuration says so (the default); (1) error trials are dropped; (2) RTs outside
//! fixed bounds are dropped;
//! (3) RTs more than `sd_limit` SDs from the participant's mean (of the trials left after
//! step 2) are dropped. A participant whose error rate reaches `max_error_rate` gets the
//! verdict "too many errors to score" instead of scores (AATtools' error_prune_dropcases).

use serde::{Deserialize, Serialize};

use super::scores::Cells;
use super::stats::{mean, sd};

/// Pre-processing settings; a protocol may override them (`scoring: Scoring(...)`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScoringConfig {
    /// RTs below this are anticipations (ms).
    pub min_rt_ms: f64,
    /// RTs above this are lapses (ms).
    pub max_rt_ms: f64,
    /// Drop RTs more than this many SDs from the participant's mean; `None` keeps all.
    pub sd_limit: Option<f64>,
    /// A participant with an error rate at or above this is not scored.
    pub max_error_rate: f64,
    /// Fewer kept trials than this in any cell: not scored.
    pub min_trials_per_cell: usize,
    /// Leave out trials flagged for lost tracking (their movement times could not be
    /// measured between tracked samples) or late frames, before anything else: they
    /// count neither as kept trials nor toward the error rate.
    pub exclude_flagged: bool,
}

impl Default for ScoringConfig {
    fn default() -> Self {
        Self {
            min_rt_ms: 200.0,
            max_rt_ms: 2000.0,
            sd_limit: Some(3.0),
            max_error_rate: 0.15,
            min_trials_per_cell: 5,
            exclude_flagged: true,
        }
    }
}

/// One trial as the scores see it (the columns AATtools uses).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScoreTrial {
    /// 1 = pull (approach), 0 = push (avoid).
    pub is_pull: bool,
    /// 1 = target (alcohol), 0 = control (soft drink).
    pub is_target: bool,
    /// Initiation RT (ms); `None` when there was no movement.
    pub rt_ms: Option<f64>,
    pub error: bool,
    /// Tracking was lost or a frame came late during the trial.
    pub flagged: bool,
}

/// How many trials each step removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusions {
    /// Flagged trials left out (lost tracking, late frames).
    pub flagged: usize,
    pub errors: usize,
    pub too_fast: usize,
    pub too_slow: usize,
    pub outliers: usize,
}

impl Exclusions {
    pub fn total(&self) -> usize {
        self.flagged + self.errors + self.too_fast + self.too_slow + self.outliers
    }
}

/// Whether a participant can be scored.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Verdict {
    Scored,
    /// The error rate reached the limit.
    TooManyErrors,
    /// Some cell has fewer kept trials than the minimum.
    TooFewTrials,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Scored => "scored",
            Verdict::TooManyErrors => "too many errors to score",
            Verdict::TooFewTrials => "too few valid trials to score",
        }
    }
}

/// The kept RTs by cell, with what was excluded.
#[derive(Clone, Debug, PartialEq)]
pub struct Prepared {
    pub cells: Cells,
    pub trials: usize,
    pub excluded: Exclusions,
    pub error_rate: f64,
    pub verdict: Verdict,
}

/// Applies the pre-processing steps to one participant's trials.
pub fn prepare(trials: &[ScoreTrial], config: &ScoringConfig) -> Prepared {
    let mut excluded = Exclusions::default();
    let mut kept: Vec<(usize, f64)> = Vec::with_capacity(trials.len());
    for t in trials {
        if t.flagged && config.exclude_flagged {
            excluded.flagged += 1;
            continue;
        }
        let cell = Cells::index(t.is_pull, t.is_target);
        match t.rt_ms {
            _ if t.error => excluded.errors += 1,
            None => excluded.errors += 1,
            Some(rt) if rt < config.min_rt_ms => excluded.too_fast += 1,
            Some(rt) if rt > config.max_rt_ms => excluded.too_slow += 1,
            Some(rt) => kept.push((cell, rt)),
        }
    }
    if let Some(k) = config.sd_limit {
        let rts: Vec<f64> = kept.iter().map(|(_, rt)| *rt).collect();
        if let (Some(m), Some(s)) = (mean(&rts), sd(&rts)) {
            let before = kept.len();
            kept.retain(|(_, rt)| (rt - m).abs() <= k * s);
            excluded.outliers = before - kept.len();
        }
    }
    let mut cells = Cells::default();
    for (cell, rt) in kept {
        cells.0[cell].push(rt);
    }
    let counted = trials.len() - excluded.flagged;
    let error_rate = if counted == 0 {
        0.0
    } else {
        excluded.errors as f64 / counted as f64
    };
    let verdict = if error_rate >= config.max_error_rate {
        Verdict::TooManyErrors
    } else if cells.0.iter().any(|c| c.len() < config.min_trials_per_cell.max(1)) {
        Verdict::TooFewTrials
    } else {
        Verdict::Scored
    };
    Prepared {
        cells,
        trials: trials.len(),
        excluded,
        error_rate,
        verdict,
    }
}
