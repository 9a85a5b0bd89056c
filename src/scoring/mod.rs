//! AAT scoring as pure functions, with R's definitions so results match the AATtools R
//! package (Kahveci). The formulas and their sources are in docs/scoring.md.
//!
//! - [`stats`]: R's `median`, `mean`, `sd`, `mad`, `quantile` (type 7), Pearson `cor`.
//! - [`mod@prepare`]: pre-processing (errors, fixed RT bounds, SD outliers) with counts of
//!   what was excluded and why, and the too-many-errors verdict.
//! - [`scores`]: double differences on medians and means, D-score, median D-score.
//! - [`mod@bootstrap`]: a per-participant confidence interval (resampling within cells).
//! - [`splithalf`]: permuted split-half reliability across participants.

pub mod bootstrap;
pub mod prepare;
pub mod scores;
pub mod splithalf;
pub mod stats;

pub use bootstrap::{BootstrapInterval, bootstrap, bootstrap_change};
pub use prepare::{Exclusions, Prepared, ScoreTrial, ScoringConfig, Verdict, prepare};
pub use scores::{Cells, ScoreKind, Scores, score};
pub use splithalf::{SplitHalf, split_half};
pub use stats::median;
