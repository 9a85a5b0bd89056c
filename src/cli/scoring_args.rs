//! The scoring options shared by the commands that score tables (`score`): a preset,
//! then any setting given on its own.

use clap::{Args, ValueEnum};

use super::Failure;
use vr_aat_core::scoring::{ErrorTrials, Preset, ScoringConfig, Timeouts, TrialPrune};

/// `--errors`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ErrorsArg {
    /// Remove error trials; participants at or above --max-error-rate are not scored
    /// (AATtools: error_prune_dropcases).
    Drop,
    /// Score error trials like correct ones (AATtools: prune_nothing).
    Keep,
    /// Replace an error trial's RT by its block's mean correct RT plus --error-penalty
    /// (AATtools: error_replace_blockmeanplus).
    Replace,
}

/// `--prune`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PruneArg {
    /// Keep every RT (AATtools: prune_nothing).
    None,
    /// Drop RTs --prune-limit SDs or more from the participant's mean (trial_prune_3SD).
    Sd,
    /// Drop RTs --prune-limit MADs or more from the participant's median (trial_prune_3MAD).
    Mad,
    /// As sd, and do not score participants whose share of outliers reaches
    /// --max-outliers (trial_prune_SD_dropcases).
    SdDropcases,
    /// Move RTs --prune-limit SDs or more out to the limit (trial_recode_SD).
    RecodeSd,
    /// Keep RTs whose percentile rank lies strictly between --percent-lower and
    /// --percent-upper (trial_prune_percent_subject).
    Percent,
    /// As percent, with the ranks over all participants (of a group) together
    /// (trial_prune_percent_sample).
    PercentSample,
    /// Drop the most extreme RT while Grubbs' test at --grubbs-alpha finds it an
    /// outlier (trial_prune_grubbs).
    Grubbs,
}

/// `--timeouts`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TimeoutsArg {
    /// Leave time-outs out, like trials without an RT.
    Exclude,
    /// Count time-outs as error trials.
    Errors,
}

/// Scoring settings: `--preset`, then each setting given overrides the preset's.
#[derive(Args, Debug, Clone)]
pub struct ScoringArgs {
    /// Named settings to start from: vraat (RTs 200-2000 ms, errors dropped with a 15%
    /// limit, 3-SD rule, 5 trials per cell) or aattools (AATtools' defaults: no RT
    /// bounds, errors kept, no outlier rule, every participant scored).
    #[arg(long, value_enum, default_value_t = PresetArg::Vraat)]
    pub preset: PresetArg,
    /// Fastest RT kept (ms).
    #[arg(long, value_name = "MS")]
    pub min_rt: Option<f64>,
    /// Slowest RT kept (ms); `inf` keeps all.
    #[arg(long, value_name = "MS")]
    pub max_rt: Option<f64>,
    /// What happens to error trials.
    #[arg(long, value_enum)]
    pub errors: Option<ErrorsArg>,
    /// Added to the block mean for --errors replace (ms; Greenwald et al. 2003: 600).
    #[arg(long, value_name = "MS", default_value_t = 600.0)]
    pub error_penalty: f64,
    /// With --errors drop: participants at or above this error rate are not scored;
    /// `inf` never.
    #[arg(long, value_name = "RATE")]
    pub max_error_rate: Option<f64>,
    /// The outlying-RT rule.
    #[arg(long, value_enum)]
    pub prune: Option<PruneArg>,
    /// SDs (or MADs) for --prune sd, mad, sd-dropcases and recode-sd.
    #[arg(long, value_name = "K", default_value_t = 3.0)]
    pub prune_limit: f64,
    /// For --prune sd-dropcases: the share of outliers at which a participant is not scored.
    #[arg(long, value_name = "SHARE", default_value_t = 0.15)]
    pub max_outliers: f64,
    /// For --prune percent and percent-sample: the lower percentile rank (exclusive).
    #[arg(long, value_name = "P", default_value_t = 0.01)]
    pub percent_lower: f64,
    /// For --prune percent and percent-sample: the upper percentile rank (exclusive).
    #[arg(long, value_name = "P", default_value_t = 0.99)]
    pub percent_upper: f64,
    /// For --prune grubbs: the test's level.
    #[arg(long, value_name = "ALPHA", default_value_t = 0.05)]
    pub grubbs_alpha: f64,
    /// Participants with fewer kept trials than this in any cell are not scored.
    #[arg(long, value_name = "N")]
    pub min_trials: Option<usize>,
    /// What a time-out (vr-aat's outcome `no_response`) counts as.
    #[arg(long, value_enum)]
    pub timeouts: Option<TimeoutsArg>,
    /// Keep trials flagged for lost tracking or late frames (the `tracking_lost` and
    /// `budget_overrun` columns of vr-aat's export); by default they are left out.
    #[arg(long)]
    pub keep_flagged: bool,
}

/// `--preset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PresetArg {
    Vraat,
    Aattools,
}

impl ScoringArgs {
    /// The settings, checked.
    pub fn config(&self) -> Result<ScoringConfig, Failure> {
        let preset = match self.preset {
            PresetArg::Vraat => Preset::Vraat,
            PresetArg::Aattools => Preset::Aattools,
        };
        let mut c = preset.config();
        if let Some(v) = self.min_rt {
            c.min_rt_ms = v;
        }
        if let Some(v) = self.max_rt {
            c.max_rt_ms = v;
        }
        if let Some(e) = self.errors {
            c.errors = match e {
                ErrorsArg::Drop => ErrorTrials::Drop,
                ErrorsArg::Keep => ErrorTrials::Keep,
                ErrorsArg::Replace => ErrorTrials::Replace {
                    penalty_ms: self.error_penalty,
                },
            };
        }
        if let Some(v) = self.max_error_rate {
            c.max_error_rate = v;
        }
        let k = self.prune_limit;
        if let Some(p) = self.prune {
            c.prune = match p {
                PruneArg::None => TrialPrune::None,
                PruneArg::Sd => TrialPrune::Sd { limit: k },
                PruneArg::Mad => TrialPrune::Mad { limit: k },
                PruneArg::SdDropcases => TrialPrune::SdDropCases {
                    limit: k,
                    max_outliers: self.max_outliers,
                },
                PruneArg::RecodeSd => TrialPrune::RecodeSd { limit: k },
                PruneArg::Percent => TrialPrune::PercentSubject {
                    lower: self.percent_lower,
                    upper: self.percent_upper,
                },
                PruneArg::PercentSample => TrialPrune::PercentSample {
                    lower: self.percent_lower,
                    upper: self.percent_upper,
                },
                PruneArg::Grubbs => TrialPrune::Grubbs {
                    alpha: self.grubbs_alpha,
                },
            };
        }
        if let Some(v) = self.min_trials {
            c.min_trials_per_cell = v;
        }
        if let Some(t) = self.timeouts {
            c.timeouts = match t {
                TimeoutsArg::Exclude => Timeouts::Exclude,
                TimeoutsArg::Errors => Timeouts::Errors,
            };
        }
        if self.keep_flagged {
            c.exclude_flagged = false;
        }
        let problems = c.problems();
        if problems.is_empty() {
            Ok(c)
        } else {
            Err(Failure::bad_input(
                problems
                    .iter()
                    .map(|p| {
                        let option = match p.field {
                            "min_rt_ms" => "--min-rt / --max-rt",
                            "max_error_rate" => "--max-error-rate",
                            "errors.penalty_ms" => "--error-penalty",
                            "prune.limit" => "--prune-limit",
                            "prune.max_outliers" => "--max-outliers",
                            "prune.lower" => "--percent-lower / --percent-upper",
                            "prune.alpha" => "--grubbs-alpha",
                            _ => "--min-trials",
                        };
                        format!("{option}: {} is not {}", p.value, p.expected)
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ))
        }
    }
}
