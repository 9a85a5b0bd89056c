//! Pre-processing: which trials enter the scores, and why the others do not.
//!
//! In two stages, in AATtools' order (docs/scoring.md):
//!
//! 1. [`usable`] (once per participant, before any split or resample; like filtering a
//!    data frame before calling AATtools): trials flagged for lost tracking or late
//!    frames (when `exclude_flagged`), trials without an RT (AATtools drops rows with
//!    a missing RT), time-outs (when `timeouts: Exclude`) and RTs outside the fixed
//!    bounds are left out.
//! 2. [`process`] (on those trials, or on a half or a resample of them): the error rate
//!    and error-trial handling, then the outlying-RT rule, then error replacement, then
//!    the cells and the verdict.

use serde::{Deserialize, Serialize};

use super::config::{ErrorTrials, ScoringConfig, Timeouts};
use super::prune::{Rt, prune};
use super::scores::Cells;
use super::stats::mean;

/// One trial as the scores see it (the columns AATtools uses).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScoreTrial {
    /// 1 = pull (approach), 0 = push (avoid).
    pub is_pull: bool,
    /// 1 = target (alcohol), 0 = control (soft drink).
    pub is_target: bool,
    /// Initiation RT (ms); `None` when there was no movement.
    pub rt_ms: Option<f64>,
    /// The first response was wrong, or (for a time-out) none completed.
    pub error: bool,
    /// No push or pull completed before the time-out.
    pub timed_out: bool,
    /// Tracking was lost or a frame came late during the trial.
    pub flagged: bool,
    /// The block the trial belongs to (for error replacement by block mean).
    pub block: u32,
}

/// A trial that passed [`usable`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Usable {
    pub cell: usize,
    pub block: u32,
    pub rt: f64,
    pub error: bool,
}

/// How many trials each step removed or changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusions {
    /// Flagged trials left out (lost tracking, late frames).
    pub flagged: usize,
    /// Trials without an RT (no movement), left out before anything else.
    pub no_rt: usize,
    /// Time-outs left out (`timeouts: Exclude`).
    pub timeouts: usize,
    pub too_fast: usize,
    pub too_slow: usize,
    /// Error trials removed (`errors: Drop`).
    pub errors: usize,
    /// Outlying RTs removed.
    pub outliers: usize,
    /// Outlying RTs moved to the limit (`RecodeSd`).
    pub recoded: usize,
    /// Error trials whose RT was replaced by the block mean plus the penalty.
    pub replaced: usize,
}

impl Exclusions {
    /// Trials removed (recoded and replaced ones stay in).
    pub fn total(&self) -> usize {
        self.flagged + self.no_rt + self.timeouts + self.too_fast + self.too_slow + self.errors + self.outliers
    }
}

/// Whether a participant can be scored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    Scored,
    /// The error rate reached the limit.
    TooManyErrors,
    /// The share of outlying RTs reached the limit (`SdDropCases`).
    TooManyOutliers,
    /// Some cell has fewer kept trials than the minimum.
    TooFewTrials,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Scored => "scored",
            Verdict::TooManyErrors => "too many errors to score",
            Verdict::TooManyOutliers => "too many outlying RTs to score",
            Verdict::TooFewTrials => "too few valid trials to score",
        }
    }
}

/// The kept RTs by cell, with what was excluded.
#[derive(Clone, Debug, PartialEq)]
pub struct Prepared {
    pub cells: Cells,
    /// Trials given.
    pub trials: usize,
    pub excluded: Exclusions,
    /// Error trials among the usable trials.
    pub error_count: usize,
    /// `error_count` / usable trials (0 when there are none).
    pub error_rate: f64,
    /// Time-outs among the trials given (however they were handled).
    pub timeouts: usize,
    pub verdict: Verdict,
    /// Why not scored, naming the cell or the rate that decided it.
    pub reason: Option<String>,
}

/// Stage 1: the trials that enter scoring, with what was left out.
pub fn usable(trials: &[ScoreTrial], config: &ScoringConfig) -> (Vec<Usable>, Exclusions) {
    let mut ex = Exclusions::default();
    let mut out = Vec::with_capacity(trials.len());
    for t in trials {
        if t.flagged && config.exclude_flagged {
            ex.flagged += 1;
            continue;
        }
        let Some(rt) = t.rt_ms else {
            ex.no_rt += 1;
            continue;
        };
        if t.timed_out && config.timeouts == Timeouts::Exclude {
            ex.timeouts += 1;
            continue;
        }
        if rt < config.min_rt_ms {
            ex.too_fast += 1;
            continue;
        }
        if rt > config.max_rt_ms {
            ex.too_slow += 1;
            continue;
        }
        out.push(Usable {
            cell: Cells::index(t.is_pull, t.is_target),
            block: t.block,
            rt,
            error: t.error || t.timed_out,
        });
    }
    (out, ex)
}

/// Stage 2 on one set of usable trials (a participant, a half or a resample), with at
/// least `min_per_cell` kept RTs needed in every cell. `ex` collects the counts.
pub fn process(
    trials: &[Usable],
    config: &ScoringConfig,
    min_per_cell: usize,
    ex: &mut Exclusions,
) -> (Cells, Verdict, Option<String>) {
    let mut cells = Cells::default();
    let errors = trials.iter().filter(|t| t.error).count();
    let rate = if trials.is_empty() {
        0.0
    } else {
        errors as f64 / trials.len() as f64
    };
    if config.errors == ErrorTrials::Drop && rate >= config.max_error_rate {
        let reason = format!(
            "too many errors to score: {errors} of {} trials ({:.1}%, limit {:.1}%)",
            trials.len(),
            100.0 * rate,
            100.0 * config.max_error_rate
        );
        return (cells, Verdict::TooManyErrors, Some(reason));
    }
    // Error handling, then the outlier rule on what is left (errors included when kept).
    let mut kept: Vec<Rt> = Vec::with_capacity(trials.len());
    for t in trials {
        if t.error && config.errors == ErrorTrials::Drop {
            ex.errors += 1;
            continue;
        }
        kept.push(Rt {
            cell: t.cell,
            block: t.block,
            rt: t.rt,
            error: t.error,
            recoded: false,
        });
    }
    let before = kept.len();
    let pruned = prune(&mut kept, config.prune);
    ex.outliers += pruned.removed;
    ex.recoded += pruned.recoded;
    if pruned.too_many_outliers {
        let reason = format!("too many outlying RTs to score: {} of {before}", pruned.removed);
        return (cells, Verdict::TooManyOutliers, Some(reason));
    }
    for r in &kept {
        let rt = match config.errors {
            ErrorTrials::Replace { penalty_ms } if r.error => {
                // The mean of the block's correct, unchanged RTs; none: R's mean is
                // NaN and the score skips the trial.
                let correct: Vec<f64> = kept
                    .iter()
                    .filter(|q| !q.error && q.block == r.block && !q.recoded)
                    .map(|q| q.rt)
                    .collect();
                let Some(m) = mean(&correct) else { continue };
                ex.replaced += 1;
                m + penalty_ms
            }
            _ => r.rt,
        };
        cells.0[r.cell].push(rt);
    }
    let need = min_per_cell.max(1);
    if let Some(i) = (0..4).find(|&i| cells.0[i].len() < need) {
        let reason = format!(
            "too few valid trials to score: {} has {} kept trial(s), {} needed",
            Cells::NAMES[i],
            cells.0[i].len(),
            need
        );
        return (cells, Verdict::TooFewTrials, Some(reason));
    }
    (cells, Verdict::Scored, None)
}

/// Both stages on one participant's trials.
pub fn prepare(trials: &[ScoreTrial], config: &ScoringConfig) -> Prepared {
    let (usable_trials, mut excluded) = usable(trials, config);
    let error_count = usable_trials.iter().filter(|t| t.error).count();
    let error_rate = if usable_trials.is_empty() {
        0.0
    } else {
        error_count as f64 / usable_trials.len() as f64
    };
    let (cells, verdict, reason) = process(&usable_trials, config, config.min_trials_per_cell, &mut excluded);
    Prepared {
        cells,
        trials: trials.len(),
        excluded,
        error_count,
        error_rate,
        timeouts: trials.iter().filter(|t| t.timed_out).count(),
        verdict,
        reason,
    }
}
