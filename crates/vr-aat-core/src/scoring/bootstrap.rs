//! A bootstrap confidence interval of one participant's bias: "how sure is this bias?"
//!
//! As AATtools' `aat_bootstrap`: each iteration resamples, with replacement, the usable
//! trials within each of the four cells (keeping each cell's size), runs the error
//! handling and outlier rule on the resample, and scores it. The interval is the 2.5%
//! and 97.5% quantiles (R type 7) of those scores; the mean and variance of the scores
//! are reported too (AATtools' `bias` and `var`, from which its q-reliability is
//! computed across participants). Iterations run in parallel, each with its own seeded
//! stream.

use rand::RngExt;
use rayon::prelude::*;

use super::config::ScoringConfig;
use super::prepare::{Dropped, Exclusions, Usable, cell_step, error_step, outlier_step, pooled_outlier_step, process};
use super::prune::Rt;
use super::scores::{ScoreKind, score_one};
use super::stats::{mean, quantile, sd};
use crate::rng::{STREAM_BOOTSTRAP, rng_for};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BootstrapInterval {
    pub lower: f64,
    pub upper: f64,
    /// The mean score over iterations.
    pub mean: f64,
    /// The variance of the scores over iterations (n - 1).
    pub variance: f64,
    /// Iterations whose score existed.
    pub iterations: usize,
}

impl BootstrapInterval {
    /// Whether the interval excludes zero: the bias is reliably different from zero.
    pub fn excludes_zero(&self) -> bool {
        self.lower > 0.0 || self.upper < 0.0
    }

    fn from_scores(mut scores: Vec<f64>, level: f64) -> Option<Self> {
        let tail = (1.0 - level) / 2.0;
        let mean_score = mean(&scores)?;
        let variance = sd(&scores).map_or(f64::NAN, |s| s * s);
        Some(Self {
            lower: quantile(&mut scores, tail)?,
            upper: quantile(&mut scores, 1.0 - tail)?,
            mean: mean_score,
            variance,
            iterations: scores.len(),
        })
    }
}

/// A resample, with replacement, of `trials` within each cell (same sizes).
fn resample(trials: &[Usable], rng: &mut rand_chacha::ChaCha8Rng) -> Vec<Usable> {
    let mut out = Vec::with_capacity(trials.len());
    for cell in 0..4 {
        let members: Vec<&Usable> = trials.iter().filter(|t| t.cell == cell).collect();
        out.extend((0..members.len()).map(|_| *members[rng.random_range(0..members.len())]));
    }
    out
}

/// The score of one resample, `None` when it cannot be scored (an empty cell, or the
/// error or outlier rule dropped it).
fn resample_score(
    trials: &[Usable],
    config: &ScoringConfig,
    kind: ScoreKind,
    rng: &mut rand_chacha::ChaCha8Rng,
) -> Option<f64> {
    let mut ex = Exclusions::default();
    let (mut cells, verdict, _) = process(&resample(trials, rng), config, 1, &mut ex);
    if matches!(verdict, super::Verdict::TooManyErrors | super::Verdict::TooManyOutliers) {
        return None;
    }
    score_one(&mut cells, kind)
}

/// A `level` (for example 0.95) percentile interval of `kind` over `iterations`
/// resamples of one participant's usable trials, seeded. `None` if no resample could
/// be scored.
pub fn bootstrap(
    trials: &[Usable],
    config: &ScoringConfig,
    kind: ScoreKind,
    iterations: usize,
    level: f64,
    seed: u64,
) -> Option<BootstrapInterval> {
    let scores: Vec<f64> = (0..iterations)
        .into_par_iter()
        .filter_map(|i| {
            let mut rng = rng_for(seed, STREAM_BOOTSTRAP, (i >> 24) as u32, (i & 0xFF_FFFF) as u32);
            resample_score(trials, config, kind, &mut rng)
        })
        .collect();
    BootstrapInterval::from_scores(scores, level)
}

/// A `level` interval of the change `score(later) - score(earlier)`, resampling both
/// sessions independently within cells: "did the bias change?"
pub fn bootstrap_change(
    earlier: &[Usable],
    later: &[Usable],
    config: &ScoringConfig,
    kind: ScoreKind,
    iterations: usize,
    level: f64,
    seed: u64,
) -> Option<BootstrapInterval> {
    let diffs: Vec<f64> = (0..iterations)
        .into_par_iter()
        .filter_map(|i| {
            let mut rng = rng_for(
                seed,
                STREAM_BOOTSTRAP,
                (1 << 7) | (i >> 24) as u32,
                (i & 0xFF_FFFF) as u32,
            );
            let x = resample_score(earlier, config, kind, &mut rng)?;
            let y = resample_score(later, config, kind, &mut rng)?;
            Some(y - x)
        })
        .collect();
    BootstrapInterval::from_scores(diffs, level)
}

/// As [`bootstrap`] for every participant of a group at once: each iteration resamples
/// every participant, as AATtools resamples the whole data set, so that a sample-wide
/// outlier rule sees them all. One interval per participant, in order.
pub fn bootstrap_group(
    participants: &[Vec<Usable>],
    config: &ScoringConfig,
    kind: ScoreKind,
    iterations: usize,
    level: f64,
    seed: u64,
) -> Vec<Option<BootstrapInterval>> {
    let per_iteration: Vec<Vec<Option<f64>>> = (0..iterations)
        .into_par_iter()
        .map(|i| {
            let mut rng = rng_for(
                seed,
                STREAM_BOOTSTRAP,
                (2 << 7) | (i >> 24) as u32,
                (i & 0xFF_FFFF) as u32,
            );
            let mut ex = vec![Exclusions::default(); participants.len()];
            let mut sets: Vec<Result<Vec<Rt>, Dropped>> = participants
                .iter()
                .zip(ex.iter_mut())
                .map(|(p, e)| error_step(&resample(p, &mut rng), config, e))
                .collect();
            if config.sample_wide() {
                pooled_outlier_step(&mut sets, config, &mut ex);
            } else {
                for (set, e) in sets.iter_mut().zip(ex.iter_mut()) {
                    if let Ok(kept) = set
                        && let Err(d) = outlier_step(kept, config, e)
                    {
                        *set = Err(d);
                    }
                }
            }
            sets.iter()
                .zip(ex.iter_mut())
                .map(|(set, e)| {
                    let kept = set.as_ref().ok()?;
                    let (mut cells, _, _) = cell_step(kept, config, 1, e);
                    score_one(&mut cells, kind)
                })
                .collect()
        })
        .collect();
    (0..participants.len())
        .map(|p| BootstrapInterval::from_scores(per_iteration.iter().filter_map(|it| it[p]).collect(), level))
        .collect()
}
