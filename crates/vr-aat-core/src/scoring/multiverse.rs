//! A multiverse of pre-processing pipelines (Kahveci, Rinck, van Alebeek and Blechert
//! 2024, Behav Res Methods 56, 1551-1582, online 2023, who found 108 pipelines in 163
//! AAT studies): every combination of error handling, RT bounds, outlier rule and
//! score, each run on the same table, with each pipeline's stratified split-half
//! reliability and the group's mean score. A lab can pre-register one pipeline and show
//! beside it what the others would have given, so the choice is not made for its result.
//!
//! The grid ([`grid`]), in a fixed order that never depends on the results:
//! - error trials: kept, dropped (no error-rate limit, so every participant stays in),
//!   replaced by the block's mean correct RT + 600 ms;
//! - RT bounds: none, or 200-2000 ms;
//! - outlier rule: none, 3 SD from the mean, 3 MAD from the median, outside the 1st-99th
//!   percentile ranks, Grubbs' test at 0.05 (each within a participant);
//! - score: double difference of medians, of means, D-score, median D-score.
//!
//! 3 x 2 x 5 x 4 = 120 pipelines; the four scores of one pre-processing share its
//! splits.

use super::config::{ErrorTrials, ScoringConfig, Timeouts, TrialPrune};
use super::prepare::{ScoreTrial, kept_group};
use super::scores::{ScoreKind, score_one};
use super::stats::{mean, sd};
use super::stratified::{Reliability, StratifiedOptions, stratified_split_half_of};
use super::{Cells, SplitHalfError};

/// One pre-processing: how error trials, RT bounds and outliers are handled.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Preprocessing {
    pub errors: &'static str,
    pub bounds: &'static str,
    pub outliers: &'static str,
    pub config: ScoringConfig,
}

/// Every pre-processing of the grid, in its fixed order.
pub fn grid() -> Vec<Preprocessing> {
    let errors = [
        ("keep", ErrorTrials::Keep),
        ("drop", ErrorTrials::Drop),
        ("replace+600", ErrorTrials::Replace { penalty_ms: 600.0 }),
    ];
    let bounds = [("none", 0.0, f64::INFINITY), ("200-2000", 200.0, 2000.0)];
    let outliers = [
        ("none", TrialPrune::None),
        ("3sd", TrialPrune::Sd { limit: 3.0 }),
        ("3mad", TrialPrune::Mad { limit: 3.0 }),
        (
            "percent-1-99",
            TrialPrune::PercentSubject {
                lower: 0.01,
                upper: 0.99,
            },
        ),
        ("grubbs", TrialPrune::Grubbs { alpha: 0.05 }),
    ];
    let mut out = Vec::new();
    for (error_name, error) in errors {
        for (bound_name, min, max) in bounds {
            for (outlier_name, prune) in outliers {
                out.push(Preprocessing {
                    errors: error_name,
                    bounds: bound_name,
                    outliers: outlier_name,
                    config: ScoringConfig {
                        min_rt_ms: min,
                        max_rt_ms: max,
                        errors: error,
                        max_error_rate: f64::INFINITY,
                        prune,
                        min_trials_per_cell: 1,
                        exclude_flagged: true,
                        timeouts: Timeouts::Exclude,
                    },
                });
            }
        }
    }
    out
}

/// One pipeline's result.
#[derive(Clone, Debug)]
pub struct Pipeline {
    pub preprocessing: Preprocessing,
    pub score: ScoreKind,
    /// Participants with a score.
    pub scored: usize,
    /// The mean and SD of the participants' scores.
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub reliability: Result<Reliability, SplitHalfError>,
}

/// Runs every pipeline of [`grid`] on `participants` (each one's trials), with
/// `options.splits` stratified splits each (`options.kind` is not used).
pub fn multiverse(participants: &[&[ScoreTrial]], options: &StratifiedOptions) -> Vec<Pipeline> {
    let mut out = Vec::new();
    for preprocessing in grid() {
        let kept: Vec<_> = kept_group(participants, &preprocessing.config)
            .into_iter()
            .flatten()
            .collect();
        let reliabilities = stratified_split_half_of(&kept, &ScoreKind::DOUBLE_DIFFERENCES, options);
        for (kind, reliability) in ScoreKind::DOUBLE_DIFFERENCES.into_iter().zip(reliabilities) {
            let scores: Vec<f64> = kept
                .iter()
                .filter_map(|trials| {
                    let mut cells = Cells::default();
                    for t in trials {
                        cells.0[t.cell].push(t.rt);
                    }
                    score_one(&mut cells, kind)
                })
                .collect();
            out.push(Pipeline {
                preprocessing,
                score: kind,
                scored: scores.len(),
                mean: mean(&scores),
                sd: sd(&scores),
                reliability,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_is_fixed_and_complete() {
        let g = grid();
        assert_eq!(g.len(), 30);
        // Every combination once.
        let mut names: Vec<String> = g
            .iter()
            .map(|p| format!("{} {} {}", p.errors, p.bounds, p.outliers))
            .collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 30);
        assert_eq!((g[0].errors, g[0].bounds, g[0].outliers), ("keep", "none", "none"));
        assert!(g.iter().all(|p| p.config.problems().is_empty()));
    }
}
