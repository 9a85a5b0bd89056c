//! AAT scoring as pure functions, with R's definitions so results match the AATtools R
//! package (Kahveci, 0.0.3). The formulas, the options and the AATtools argument each
//! matches are in docs/scoring.md.
//!
//! - [`config`]: the settings (RT bounds, error trials, outlier rule, time-outs) and
//!   presets.
//! - [`stats`]: R's `median`, `mean`, `sd`, `mad`, `quantile` (type 7), Pearson `cor`.
//! - [`mod@prepare`]: which trials enter the scores, with counts of what was excluded and
//!   why, and the verdict.
//! - [`mod@prune`]: the outlying-RT rules.
//! - [`scores`]: double differences on medians and means, D-score, median D-score.
//! - [`mod@bootstrap`]: a per-participant confidence interval (resampling within cells).
//! - [`splithalf`]: permuted split-half reliability across participants, as AATtools
//!   0.0.3 computes it.
//! - [`stratified`]: stratified split-half reliability, required trials and the
//!   comparison of two reliabilities, as rapidsplithalf 0.7 computes them.
//! - [`correlation`]: Spearman-Brown, Olkin-Pratt averaging, p-values.
//! - [`multiverse`]: every standard pre-processing pipeline on one table, each with its
//!   reliability and mean score.

pub mod bootstrap;
pub mod config;
pub mod correlation;
pub mod multiverse;
pub mod prepare;
pub mod prune;
pub mod scores;
pub mod splithalf;
pub mod stats;
pub mod stratified;

pub use bootstrap::{BootstrapInterval, bootstrap, bootstrap_change, bootstrap_group};
pub use config::{ErrorTrials, Preset, ScoringConfig, Timeouts, TrialPrune};
pub use prepare::Kept;
pub use prepare::{
    Exclusions, Prepared, ScoreTrial, Usable, Verdict, kept_group, kept_group_of_usable, prepare, prepare_group,
    stimulus_key, usable,
};
pub use scores::{Cells, ScoreKind, Scores, score};
pub use splithalf::{SplitHalf, SplitHalfError, SplitHalfOptions, split_half};
pub use stats::median;
pub use stratified::{Reliability, Strata, StratifiedOptions, stratified_split_half};
