//! Stratified permutation split-half reliability, as Kahveci, Bathke and Blechert (2025,
//! Psychon Bull Rev, doi 10.3758/s13423-024-02597-y) recommend and their R package
//! `rapidsplithalf` (0.7, `rapidsplit()`) computes it, with its required test size
//! (`requiredTestSize()`) and its test whether two reliabilities differ (`comprel()`).
//!
//! The data are pre-processed first (the error and outlier rules run once per
//! participant, [`super::prepare::kept_group`]), then split many times. Each split:
//! 1. every participant's kept trials are grouped by cell and stimulus (the strata);
//!    each stratum is split into two equal halves; the odd trials left over, one per
//!    odd stratum, alternate between the halves in a random order, so a participant's
//!    halves differ by at most one trial (rapidsplithalf's `stratifiedItersplits`);
//! 2. each half is scored (the double difference of the cells' means or medians; the
//!    D-scores divide by the SD, or MAD, of the half's RTs);
//! 3. the variances of the two halves' scores and their covariance are taken over the
//!    participants with a score in both.
//!
//! The reliability is the correlation of the averaged (co)variances over all splits,
//! Spearman-Brown corrected (mirrored for a negative correlation); its 95% interval is
//! the 2.5% and 97.5% quantiles of the splits' corrected correlations. The Monte Carlo
//! error (the SD of the splits' coefficients / √splits) says how much the figure would
//! move with another seed. Splits run in parallel, each with its own seeded random
//! stream, so results do not depend on the number of threads.

use rand::RngExt;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::correlation::spearman_brown;
use super::prepare::Kept;
use super::scores::{Cells, ScoreKind, score_one};
use super::splithalf::SplitHalfError;
use super::stats::{mean, quantile, sd};
use crate::rng::{STREAM_STRATIFIED, rng_for};

/// The number of splits used unless asked otherwise: rapidsplithalf's default, above the
/// ~5,400 Kahveci et al. (2025) found needed for a stable estimate.
pub const DEFAULT_SPLITS: usize = 6000;

/// How the splits are made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strata {
    /// By cell (movement x drink category) and stimulus.
    CellAndStimulus,
    /// By cell only (rapidsplithalf without `stratvars`).
    Cell,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StratifiedOptions {
    pub kind: ScoreKind,
    pub splits: usize,
    pub seed: u64,
    pub strata: Strata,
}

/// What the splits give.
#[derive(Clone, Debug, PartialEq)]
pub struct Reliability {
    /// Spearman-Brown corrected split-half reliability (rapidsplithalf's `r`).
    pub r: f64,
    /// 2.5% and 97.5% quantiles of the splits' corrected correlations (its `ci`).
    pub lower: f64,
    pub upper: f64,
    /// Monte Carlo error of `r`: SD of the splits' corrected correlations / √splits.
    pub monte_carlo_error: f64,
    /// Every split's corrected correlation (its `allcors`), for [`compare`].
    pub per_split: Vec<f64>,
    /// Participants split.
    pub participants: usize,
    /// Kept trials per participant, on average (its `nobs["testsize"]`).
    pub trials_per_participant: f64,
    pub splits: usize,
}

impl Reliability {
    /// Trials per participant needed for a reliability of `goal` ([`required_trials`]).
    pub fn required_trials(&self, goal: f64) -> Option<f64> {
        required_trials(self.r, goal, self.trials_per_participant)
    }
}

/// Trials a test needs for its reliability to reach `goal`, from `observed` with `n`
/// trials: the Spearman-Brown formula solved for the length (rapidsplithalf's
/// `requiredTestSize(obs_r, goal_r, n)`, mirrored for a negative `observed`). Infinite
/// when `observed` is 0 or below and `goal` above 0; `None` for a goal at or below 0 or
/// at or above 1.
pub fn required_trials(observed: f64, goal: f64, n: f64) -> Option<f64> {
    if !(goal > 0.0 && goal < 1.0) || observed.is_nan() {
        return None;
    }
    if observed <= 0.0 {
        return Some(f64::INFINITY);
    }
    Some((1.0 / observed - 1.0) / (1.0 / goal - 1.0) * n)
}

/// Whether two reliabilities differ: the two-sided p-value of rapidsplithalf's
/// `comprel(x, y)` on the splits' coefficients of each (`per_split`): twice the smaller
/// of the share of pairs in which `y` is below `x` and its complement. Needs at least
/// 1,000 splits each to mean much (rapidsplithalf warns below that).
pub fn compare(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.is_empty() || y.is_empty() {
        return None;
    }
    let mut sorted: Vec<f64> = y.to_vec();
    sorted.sort_by(f64::total_cmp);
    // For each x: the share of y strictly below it (a binary search, not a double loop).
    let below: f64 = x
        .iter()
        .map(|&v| sorted.partition_point(|&w| w < v) as f64 / sorted.len() as f64)
        .sum::<f64>()
        / x.len() as f64;
    Some((2.0 * below.min(1.0 - below)).min(1.0))
}

/// One participant's trials in strata: indices into the trials, stratum by stratum.
struct Participant {
    trials: Vec<Kept>,
    /// Sizes of the strata, in the order of `trials` (sorted by stratum).
    strata: Vec<usize>,
}

fn arrange(trials: &[Kept], strata: Strata) -> Participant {
    let key = |k: &Kept| match strata {
        Strata::CellAndStimulus => (k.cell, k.stimulus),
        Strata::Cell => (k.cell, 0),
    };
    let mut sorted = trials.to_vec();
    // A stable sort: trials keep their order within a stratum.
    sorted.sort_by_key(key);
    let mut sizes = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let j = sorted[i..].iter().take_while(|k| key(k) == key(&sorted[i])).count();
        sizes.push(j);
        i += j;
    }
    Participant {
        trials: sorted,
        strata: sizes,
    }
}

/// One split of one participant: true = first half.
fn split(p: &Participant, rng: &mut ChaCha8Rng, keys: &mut Vec<bool>) {
    keys.clear();
    let odd = p.strata.iter().filter(|&&n| n % 2 == 1).count();
    let first: bool = rng.random();
    let mut leftovers: Vec<bool> = (0..odd).map(|i| (i % 2 == 0) == first).collect();
    leftovers.shuffle(rng);
    let mut next = leftovers.into_iter();
    for &n in &p.strata {
        let start = keys.len();
        keys.extend((0..n).map(|i| i % 2 == 0));
        if n % 2 == 1
            && let Some(k) = next.next()
        {
            keys[start] = k;
        }
        keys[start..].shuffle(rng);
    }
}

/// The two halves' cells of one split (`keys`: true = first half).
fn fill_halves(p: &Participant, keys: &[bool], first: &mut Cells, second: &mut Cells) {
    for c in first.0.iter_mut().chain(second.0.iter_mut()) {
        c.clear();
    }
    for (t, &k) in p.trials.iter().zip(keys) {
        let half = if k { &mut *first } else { &mut *second };
        half.0[t.cell].push(t.rt);
    }
}

/// Stratified split-half reliability over `participants` (each one's kept trials, from
/// [`super::prepare::kept_group`]).
pub fn stratified_split_half(
    participants: &[Vec<Kept>],
    options: &StratifiedOptions,
) -> Result<Reliability, SplitHalfError> {
    stratified_split_half_of(participants, &[options.kind], options)
        .pop()
        .unwrap_or(Err(SplitHalfError::TooFewParticipants(0)))
}

/// As [`stratified_split_half`], for several scores from the same splits (`kinds`; the
/// options' own `kind` is not used): one result per score, in order.
pub fn stratified_split_half_of(
    participants: &[Vec<Kept>],
    kinds: &[ScoreKind],
    options: &StratifiedOptions,
) -> Vec<Result<Reliability, SplitHalfError>> {
    let n = participants.len();
    if n < 5 {
        return kinds
            .iter()
            .map(|_| Err(SplitHalfError::TooFewParticipants(n)))
            .collect();
    }
    let arranged: Vec<Participant> = participants.iter().map(|t| arrange(t, options.strata)).collect();
    // Per split, per score: (variance of first halves, of second halves, covariance,
    // participants with both).
    let per_split: Vec<Vec<Moments>> = (0..options.splits)
        .into_par_iter()
        .map_init(
            || (Vec::new(), Cells::default(), Cells::default()),
            |(keys, first, second), index| {
                let mut rng = rng_for(
                    options.seed,
                    STREAM_STRATIFIED,
                    (index >> 24) as u32,
                    (index & 0xFF_FFFF) as u32,
                );
                let mut pairs: Vec<(Vec<f64>, Vec<f64>)> = kinds
                    .iter()
                    .map(|_| (Vec::with_capacity(n), Vec::with_capacity(n)))
                    .collect();
                for p in &arranged {
                    split(p, &mut rng, keys);
                    fill_halves(p, keys, first, second);
                    for (kind, (xs, ys)) in kinds.iter().zip(&mut pairs) {
                        if let (Some(x), Some(y)) = (score_one(first, *kind), score_one(second, *kind)) {
                            xs.push(x);
                            ys.push(y);
                        }
                    }
                }
                pairs.iter().map(|(xs, ys)| moments(xs, ys)).collect()
            },
        )
        .collect();
    let trials_per_participant = participants.iter().map(Vec::len).sum::<usize>() as f64 / n as f64;
    (0..kinds.len())
        .map(|k| {
            summarise(
                per_split.iter().map(|s| s[k]),
                n,
                trials_per_participant,
                options.splits,
            )
        })
        .collect()
}

/// One split's moments of one score.
#[derive(Clone, Copy, Debug)]
struct Moments {
    var_first: f64,
    var_second: f64,
    covariance: f64,
    pairs: usize,
}

/// (variance of first halves, variance of second halves, covariance) over the
/// participants with both scores.
fn moments(xs: &[f64], ys: &[f64]) -> Moments {
    let n = xs.len();
    let (mx, my) = (mean(xs).unwrap_or(0.0), mean(ys).unwrap_or(0.0));
    let df = n.saturating_sub(1).max(1) as f64;
    let mut m = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        m.0 += (x - mx).powi(2);
        m.1 += (y - my).powi(2);
        m.2 += (x - mx) * (y - my);
    }
    Moments {
        var_first: m.0 / df,
        var_second: m.1 / df,
        covariance: m.2 / df,
        pairs: n,
    }
}

fn summarise(
    splits: impl Iterator<Item = Moments>,
    participants: usize,
    trials_per_participant: f64,
    count: usize,
) -> Result<Reliability, SplitHalfError> {
    let splits: Vec<Moments> = splits.collect();
    if let Some((i, s)) = splits.iter().enumerate().find(|(_, s)| s.pairs < 5) {
        return Err(SplitHalfError::TooFewPairs {
            iteration: i + 1,
            pairs: s.pairs,
        });
    }
    let avg = |f: fn(&Moments) -> f64| splits.iter().map(f).sum::<f64>() / splits.len().max(1) as f64;
    let r = avg(|s| s.covariance) / (avg(|s| s.var_first) * avg(|s| s.var_second)).sqrt();
    if !r.is_finite() {
        return Err(SplitHalfError::NoCorrelation { iteration: 1 });
    }
    let mut corrected: Vec<f64> = splits
        .iter()
        .map(|s| spearman_brown((s.covariance / (s.var_first * s.var_second).sqrt()).clamp(-1.0, 1.0)))
        .filter(|v| v.is_finite())
        .collect();
    let monte_carlo_error = sd(&corrected).unwrap_or(0.0) / (corrected.len().max(1) as f64).sqrt();
    let per_split = corrected.clone();
    Ok(Reliability {
        r: spearman_brown(r),
        lower: quantile(&mut corrected, 0.025).unwrap_or(f64::NAN),
        upper: quantile(&mut corrected, 0.975).unwrap_or(f64::NAN),
        monte_carlo_error,
        per_split,
        participants,
        trials_per_participant,
        splits: count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_trials_match_rapidsplithalf() {
        // requiredTestSize(obs_r = 0.5, goal_r = 0.8, n = 256) = 1024 (rapidsplithalf 0.7)
        assert!((required_trials(0.5, 0.8, 256.0).unwrap() - 1024.0).abs() < 1e-9);
        assert_eq!(required_trials(0.0, 0.8, 256.0), Some(f64::INFINITY));
        assert_eq!(required_trials(0.5, 1.0, 256.0), None);
    }

    #[test]
    fn compare_is_two_sided_and_symmetric() {
        let x: Vec<f64> = (0..1000).map(|i| 0.5 + f64::from(i) * 1e-4).collect();
        let y: Vec<f64> = (0..1000).map(|i| 0.8 + f64::from(i) * 1e-4).collect();
        assert_eq!(compare(&x, &y), Some(0.0));
        assert_eq!(compare(&y, &x), Some(0.0));
        assert!((compare(&x, &x).unwrap() - 1.0).abs() < 2e-3);
    }

    #[test]
    fn every_split_is_balanced_within_a_participant() {
        // 3 strata of 5, 4 and 3 trials: the two odd ones' leftovers go one to each half.
        let trials: Vec<Kept> = [(0, 1, 5), (0, 2, 4), (1, 1, 3)]
            .iter()
            .flat_map(|&(cell, stimulus, n)| {
                (0..n).map(move |i| Kept {
                    cell,
                    stimulus,
                    block: 1,
                    rt: f64::from(i),
                })
            })
            .collect();
        let p = arrange(&trials, Strata::CellAndStimulus);
        assert_eq!(p.strata, vec![5, 4, 3]);
        let mut rng = rng_for(1, STREAM_STRATIFIED, 0, 0);
        let mut keys = Vec::new();
        for _ in 0..200 {
            split(&p, &mut rng, &mut keys);
            assert_eq!(keys.iter().filter(|k| **k).count(), 6);
            assert_eq!(
                keys[5..9].iter().filter(|k| **k).count(),
                2,
                "an even stratum splits evenly"
            );
        }
    }
}
