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
    /// Which stimulus was shown: equal numbers for equal stimuli within one data set
    /// (0 when not known). Stratified split-half reliability splits each stimulus's
    /// trials evenly ([`super::stratified`]).
    pub stimulus: u32,
}

/// The number [`ScoreTrial::stimulus`] gives a stimulus name: a 32-bit FNV-1a hash,
/// the same in every data set and session (never 0, which means "not known").
pub fn stimulus_key(name: &str) -> u32 {
    let hash = name
        .bytes()
        .fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    hash.max(1)
}

/// A trial that passed [`usable`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Usable {
    pub cell: usize,
    pub block: u32,
    pub stimulus: u32,
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
            stimulus: t.stimulus,
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
            stimulus: t.stimulus,
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

/// A trial that entered the scores, with its stimulus: what stratified split-half
/// reliability splits ([`super::stratified`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Kept {
    pub cell: usize,
    pub stimulus: u32,
    pub block: u32,
    /// RT (ms), an error's replaced by its block's mean where the settings say so.
    pub rt: f64,
}

/// Stage 2, step 5 (replacement): error RTs replaced by their block's mean correct RT
/// plus the penalty; an error whose block has no correct RT is left out (R's mean is
/// NaN and the score skips the trial).
fn replace_errors(kept: &[Rt], config: &ScoringConfig, ex: &mut Exclusions) -> Vec<Kept> {
    let mut out = Vec::with_capacity(kept.len());
    replace_errors_each(kept, config, ex, |k| out.push(k));
    out
}

/// [`replace_errors`], handing each trial to `each` (no list in between: split-half
/// runs this thousands of times).
fn replace_errors_each(kept: &[Rt], config: &ScoringConfig, ex: &mut Exclusions, mut each: impl FnMut(Kept)) {
    for r in kept {
        let rt = match config.errors {
            ErrorTrials::Replace { penalty_ms } if r.error => {
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
        each(Kept {
            cell: r.cell,
            stimulus: r.stimulus,
            block: r.block,
            rt,
        });
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
    let mut counts = [0usize; 4];
    for r in kept {
        counts[r.cell] += 1;
    }
    let mut cells = Cells(counts.map(Vec::with_capacity));
    replace_errors_each(kept, config, ex, |k| cells.0[k.cell].push(k.rt));
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

/// One participant of a group after stage 1 and stage 2's error and outlier steps.
struct Stage2 {
    usable: Vec<Usable>,
    excluded: Exclusions,
    kept: Result<Vec<Rt>, Dropped>,
}

/// Stage 1 and stage 2's error and outlier steps on every participant of a group: per
/// participant, except that a sample-wide outlier rule runs over all of them together.
fn stage_two(participants: &[&[ScoreTrial]], config: &ScoringConfig) -> Vec<Stage2> {
    stage_two_of(
        participants.iter().map(|trials| usable(trials, config)).collect(),
        config,
    )
}

/// [`stage_two`] from each participant's usable trials and what stage 1 excluded.
fn stage_two_of(stage_one: Vec<(Vec<Usable>, Exclusions)>, config: &ScoringConfig) -> Vec<Stage2> {
    let mut out: Vec<Stage2> = stage_one
        .into_iter()
        .map(|(usable, mut excluded)| {
            let mut kept = error_step(&usable, config, &mut excluded);
            if !config.sample_wide()
                && let Ok(k) = &mut kept
                && let Err(d) = outlier_step(k, config, &mut excluded)
            {
                kept = Err(d);
            }
            Stage2 { usable, excluded, kept }
        })
        .collect();
    if config.sample_wide() {
        let mut sets: Vec<_> = out
            .iter_mut()
            .map(|p| std::mem::replace(&mut p.kept, Ok(Vec::new())))
            .collect();
        let mut ex: Vec<Exclusions> = out.iter().map(|p| p.excluded).collect();
        pooled_outlier_step(&mut sets, config, &mut ex);
        for ((p, set), e) in out.iter_mut().zip(sets).zip(ex) {
            p.kept = set;
            p.excluded = e;
        }
    }
    out
}

/// Both stages on every participant of a group (a data set, or one group of it): as
/// [`prepare`] for each, except that a sample-wide outlier rule runs over all of them
/// together.
pub fn prepare_group(participants: &[&[ScoreTrial]], config: &ScoringConfig) -> Vec<Prepared> {
    participants
        .iter()
        .zip(stage_two(participants, config))
        .map(|(trials, p)| {
            let mut excluded = p.excluded;
            let outcome = match p.kept {
                Ok(kept) => cell_step(&kept, config, config.min_trials_per_cell, &mut excluded),
                Err((verdict, reason)) => (Cells::default(), verdict, Some(reason)),
            };
            Prepared::new(trials, &p.usable, excluded, outcome)
        })
        .collect()
}

/// Both stages on every participant of a group, as [`prepare_group`], giving each
/// scored participant's kept trials with their stimuli, or why the participant is not
/// scored.
pub fn kept_group(participants: &[&[ScoreTrial]], config: &ScoringConfig) -> Vec<Result<Vec<Kept>, String>> {
    kept_of(stage_two(participants, config), config)
}

/// [`kept_group`] from each participant's usable trials (stage 1 done, as a session
/// review keeps them).
pub fn kept_group_of_usable(participants: &[&[Usable]], config: &ScoringConfig) -> Vec<Result<Vec<Kept>, String>> {
    let stage_one = participants
        .iter()
        .map(|u| (u.to_vec(), Exclusions::default()))
        .collect();
    kept_of(stage_two_of(stage_one, config), config)
}

fn kept_of(stage_two: Vec<Stage2>, config: &ScoringConfig) -> Vec<Result<Vec<Kept>, String>> {
    stage_two
        .into_iter()
        .map(|p| {
            let mut excluded = p.excluded;
            let kept = p.kept.map_err(|(_, reason)| reason)?;
            let (_, verdict, reason) = cell_step(&kept, config, config.min_trials_per_cell, &mut excluded);
            match verdict {
                Verdict::Scored => Ok(replace_errors(&kept, config, &mut excluded)),
                _ => Err(reason.unwrap_or_else(|| format!("{verdict:?}"))),
            }
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
