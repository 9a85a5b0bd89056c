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

/// A participant dropped as a whole in stage 2: the verdict and why.
pub type Dropped = (Verdict, String);

/// Stage 2, step 5: the error rate and error handling. The trials left for the outlier
/// rule (errors included when kept or to be replaced), or why the participant is
/// dropped.
pub fn error_step(trials: &[Usable], config: &ScoringConfig, ex: &mut Exclusions) -> Result<Vec<Rt>, Dropped> {
    let (errors, rate) = error_share(trials);
    if config.errors == ErrorTrials::Drop && rate >= config.max_error_rate {
        let reason = format!(
            "too many errors to score: {errors} of {} trials ({:.1}%, limit {:.1}%)",
            trials.len(),
            100.0 * rate,
            100.0 * config.max_error_rate
        );
        return Err((Verdict::TooManyErrors, reason));
    }
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
            tag: 0,
        });
    }
    Ok(kept)
}

/// Stage 2, step 6: the outlier rule on what the error step left.
pub fn outlier_step(kept: &mut Vec<Rt>, config: &ScoringConfig, ex: &mut Exclusions) -> Result<(), Dropped> {
    let before = kept.len();
    let pruned = prune(kept, config.prune);
    ex.outliers += pruned.removed;
    ex.recoded += pruned.recoded;
    if pruned.too_many_outliers {
        let reason = format!("too many outlying RTs to score: {} of {before}", pruned.removed);
        return Err((Verdict::TooManyOutliers, reason));
    }
    Ok(())
}

/// Stage 2, step 6, for a rule that runs over several sets together (Grubbs' test over
/// both halves of a participant; the sample-wide percentile rule over all participants):
/// the sets not dropped are pooled, the rule runs once, and each set gets its survivors
/// back, in order. `ex[i]` counts set `i`'s outliers.
pub fn pooled_outlier_step(sets: &mut [Result<Vec<Rt>, Dropped>], config: &ScoringConfig, ex: &mut [Exclusions]) {
    let mut all = Vec::new();
    let mut before = vec![0usize; sets.len()];
    for (i, set) in sets.iter_mut().enumerate() {
        if let Ok(kept) = set {
            before[i] = kept.len();
            all.extend(kept.drain(..).map(|r| Rt { tag: i as u32, ..r }));
        }
    }
    // These rules never drop a participant as a whole.
    let _ = prune(&mut all, config.prune);
    for r in all {
        if let Some(Ok(kept)) = sets.get_mut(r.tag as usize) {
            kept.push(Rt { tag: 0, ..r });
        }
    }
    for (i, set) in sets.iter().enumerate() {
        if let (Ok(kept), Some(e)) = (set, ex.get_mut(i)) {
            e.outliers += before[i] - kept.len();
        }
    }
}

/// Stage 2, steps 5 (replacement) and 7: error RTs replaced by their block's mean
/// correct RT plus the penalty, the cells, and the verdict.
pub fn cell_step(
    kept: &[Rt],
    config: &ScoringConfig,
    min_per_cell: usize,
    ex: &mut Exclusions,
) -> (Cells, Verdict, Option<String>) {
    let mut cells = Cells::default();
    for r in kept {
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

/// Stage 2 on one set of usable trials (a participant, a half or a resample), with at
/// least `min_per_cell` kept RTs needed in every cell. `ex` collects the counts.
pub fn process(
    trials: &[Usable],
    config: &ScoringConfig,
    min_per_cell: usize,
    ex: &mut Exclusions,
) -> (Cells, Verdict, Option<String>) {
    let dropped = |(verdict, reason): Dropped| (Cells::default(), verdict, Some(reason));
    let mut kept = match error_step(trials, config, ex) {
        Ok(k) => k,
        Err(d) => return dropped(d),
    };
    if let Err(d) = outlier_step(&mut kept, config, ex) {
        return dropped(d);
    }
    cell_step(&kept, config, min_per_cell, ex)
}

/// Both stages on every participant of a group (a data set, or one group of it): as
/// [`prepare`] for each, except that a sample-wide outlier rule runs over all of them
/// together.
pub fn prepare_group(participants: &[&[ScoreTrial]], config: &ScoringConfig) -> Vec<Prepared> {
    if !config.sample_wide() {
        return participants.iter().map(|t| prepare(t, config)).collect();
    }
    let mut ex = Vec::new();
    let mut sets = Vec::new();
    let mut usables = Vec::new();
    for trials in participants {
        let (u, mut e) = usable(trials, config);
        sets.push(error_step(&u, config, &mut e));
        usables.push(u);
        ex.push(e);
    }
    pooled_outlier_step(&mut sets, config, &mut ex);
    participants
        .iter()
        .zip(usables)
        .zip(sets)
        .zip(ex)
        .map(|(((trials, u), set), mut excluded)| {
            let outcome = match set {
                Ok(kept) => cell_step(&kept, config, config.min_trials_per_cell, &mut excluded),
                Err((verdict, reason)) => (Cells::default(), verdict, Some(reason)),
            };
            Prepared::new(trials, &u, excluded, outcome)
        })
        .collect()
}

/// Error trials among `trials` and their share (0 without trials).
fn error_share(trials: &[Usable]) -> (usize, f64) {
    let errors = trials.iter().filter(|t| t.error).count();
    let rate = if trials.is_empty() {
        0.0
    } else {
        errors as f64 / trials.len() as f64
    };
    (errors, rate)
}

impl Prepared {
    /// A participant's result: `trials` given, the `usable` ones, what was excluded, and
    /// stage 2's cells, verdict and reason.
    fn new(
        trials: &[ScoreTrial],
        usable: &[Usable],
        excluded: Exclusions,
        (cells, verdict, reason): (Cells, Verdict, Option<String>),
    ) -> Self {
        let (error_count, error_rate) = error_share(usable);
        Self {
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
}

/// Both stages on one participant's trials.
pub fn prepare(trials: &[ScoreTrial], config: &ScoringConfig) -> Prepared {
    let (usable_trials, mut excluded) = usable(trials, config);
    let outcome = process(&usable_trials, config, config.min_trials_per_cell, &mut excluded);
    Prepared::new(trials, &usable_trials, excluded, outcome)
}
