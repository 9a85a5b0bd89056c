//! Scoring settings: which trials enter the scores, and how errors, time-outs and
//! outlying RTs are handled. Each option names the AATtools argument it matches
//! (docs/scoring.md has the whole mapping).

use serde::{Deserialize, Serialize};

/// What happens to error trials (AATtools' `errortrialfunc`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum ErrorTrials {
    /// Error trials are removed; a participant whose error rate reaches
    /// `max_error_rate` is not scored (`error_prune_dropcases`).
    Drop,
    /// Error trials are scored like correct ones (`prune_nothing`, AATtools' default).
    Keep,
    /// An error trial's RT becomes the mean RT of the correct trials in its block plus
    /// `penalty_ms` (`error_replace_blockmeanplus` with `errorbonus`; Greenwald et al.
    /// 2003 use 600 ms).
    Replace { penalty_ms: f64 },
}

/// How outlying RTs are handled within each participant (AATtools' `trialdropfunc`),
/// after error trials were handled. `limit` is in SDs or MADs; "within" means from
/// the participant's mean (median) over the trials that reached this step.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum TrialPrune {
    /// Keep every RT (`prune_nothing`, AATtools' default).
    None,
    /// Drop RTs `limit` or more SDs from the mean (`trial_prune_3SD` with limit 3).
    Sd { limit: f64 },
    /// Drop RTs `limit` or more MADs from the median (`trial_prune_3MAD` with limit 3).
    Mad { limit: f64 },
    /// Drop RTs `limit` or more SDs from the mean, and do not score a participant whose
    /// share of such RTs reaches `max_outliers` (`trial_prune_SD_dropcases` with
    /// `trialsd` and `maxoutliers`).
    SdDropCases { limit: f64, max_outliers: f64 },
    /// Move RTs `limit` or more SDs from the mean to mean ± limit x SD
    /// (`trial_recode_SD` with `trialsd`).
    RecodeSd { limit: f64 },
    /// Keep RTs whose percentile rank, (rank - 1) / (n - 1), lies strictly between
    /// `lower` and `upper` (`trial_prune_percent_subject`, defaults 0.01 and 0.99).
    PercentSubject { lower: f64, upper: f64 },
    /// As `PercentSubject`, with the percentile ranks over all participants together
    /// (`trial_prune_percent_sample`); on one session alone, over that session.
    PercentSample { lower: f64, upper: f64 },
    /// Drop the most extreme RT while Grubbs' test finds it an outlier at level `alpha`,
    /// one at a time (`trial_prune_grubbs`, alpha 0.05). In split-half it runs over both
    /// halves of a participant together, as AATtools does.
    Grubbs { alpha: f64 },
}

/// What a time-out (a trial whose push or pull did not complete in time) counts as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Timeouts {
    /// Left out, like a trial without an RT: not an error, not scored.
    Exclude,
    /// Counted as an error trial (handled as `errors` says).
    Errors,
}

/// Pre-processing settings; a protocol may override them (`scoring: ScoringConfig(...)`)
/// and every session stores the settings it was run with.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScoringConfig {
    /// RTs below this are anticipations (ms); removed before anything else, like a
    /// filter applied to the data before AATtools is called.
    pub min_rt_ms: f64,
    /// RTs above this are lapses (ms); `inf` keeps all.
    pub max_rt_ms: f64,
    /// What happens to error trials.
    pub errors: ErrorTrials,
    /// With `errors: Drop`, a participant whose error rate is at or above this is not
    /// scored (`maxerrors`); `inf` never.
    pub max_error_rate: f64,
    /// How outlying RTs are handled.
    pub prune: TrialPrune,
    /// Fewer kept trials than this in any cell: not scored (AATtools has no such
    /// rule; 1 matches it).
    pub min_trials_per_cell: usize,
    /// Leave out trials flagged for lost tracking (their movement times could not be
    /// measured between tracked samples) or late frames, before anything else: they
    /// count neither as kept trials nor toward the error rate.
    pub exclude_flagged: bool,
    /// What a time-out counts as.
    pub timeouts: Timeouts,
}

impl Default for ScoringConfig {
    /// vr-aat's defaults (Kahveci et al. 2024's recommendations for the AAT).
    fn default() -> Self {
        Self {
            min_rt_ms: 200.0,
            max_rt_ms: 2000.0,
            errors: ErrorTrials::Drop,
            max_error_rate: 0.15,
            prune: TrialPrune::Sd { limit: 3.0 },
            min_trials_per_cell: 5,
            exclude_flagged: true,
            timeouts: Timeouts::Exclude,
        }
    }
}

/// Named settings (`--preset`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// vr-aat's defaults: RTs 200-2000 ms, errors dropped, participants at 15% errors
    /// or more not scored, 3-SD rule, 5 trials per cell.
    Vraat,
    /// AATtools' defaults (aat_compute, aat_splithalf, aat_bootstrap with no
    /// trialdropfunc or errortrialfunc given): no RT bounds, error trials kept, no
    /// outlier rule, every participant scored.
    Aattools,
}

impl Preset {
    pub fn config(self) -> ScoringConfig {
        match self {
            Preset::Vraat => ScoringConfig::default(),
            Preset::Aattools => ScoringConfig {
                min_rt_ms: 0.0,
                max_rt_ms: f64::INFINITY,
                errors: ErrorTrials::Keep,
                max_error_rate: f64::INFINITY,
                prune: TrialPrune::None,
                min_trials_per_cell: 1,
                exclude_flagged: true,
                timeouts: Timeouts::Exclude,
            },
        }
    }
}

/// One setting out of range: the field, the value and what was expected.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigProblem {
    pub field: &'static str,
    pub value: String,
    pub expected: &'static str,
}

impl ScoringConfig {
    /// The settings in one line of words, for a methods section or a printed assumption:
    /// RT bounds, errors, the outlier rule, the minimum per cell, time-outs.
    pub fn describe(&self) -> String {
        let bounds = match (self.min_rt_ms > 0.0, self.max_rt_ms.is_finite()) {
            (false, false) => "no RT bounds".to_owned(),
            (true, false) => format!("RTs from {} ms", self.min_rt_ms),
            (false, true) => format!("RTs up to {} ms", self.max_rt_ms),
            (true, true) => format!("RTs {}-{} ms", self.min_rt_ms, self.max_rt_ms),
        };
        let errors = match self.errors {
            ErrorTrials::Drop if self.max_error_rate.is_finite() => format!(
                "error trials dropped (participants at {}% errors or more not scored)",
                100.0 * self.max_error_rate
            ),
            ErrorTrials::Drop => "error trials dropped".to_owned(),
            ErrorTrials::Keep => "error trials kept".to_owned(),
            ErrorTrials::Replace { penalty_ms } => {
                format!("error RTs replaced by their block's mean + {penalty_ms} ms")
            }
        };
        let prune = match self.prune {
            TrialPrune::None => "no outlier rule".to_owned(),
            TrialPrune::Sd { limit } => format!("RTs {limit} SD or more from the mean dropped"),
            TrialPrune::Mad { limit } => format!("RTs {limit} MAD or more from the median dropped"),
            TrialPrune::SdDropCases { limit, max_outliers } => format!(
                "RTs {limit} SD or more from the mean dropped (participants at {}% outliers or more not scored)",
                100.0 * max_outliers
            ),
            TrialPrune::RecodeSd { limit } => format!("RTs {limit} SD or more from the mean moved to the limit"),
            TrialPrune::PercentSubject { lower, upper } => {
                format!("RTs outside each participant's {lower}-{upper} percentile ranks dropped")
            }
            TrialPrune::PercentSample { lower, upper } => {
                format!("RTs outside the sample's {lower}-{upper} percentile ranks dropped")
            }
            TrialPrune::Grubbs { alpha } => format!("Grubbs' test at {alpha} per participant"),
        };
        let timeouts = match self.timeouts {
            Timeouts::Exclude => "time-outs left out",
            Timeouts::Errors => "time-outs counted as errors",
        };
        format!(
            "{bounds}; {errors}; {prune}; at least {} trial(s) per cell; {timeouts}",
            self.min_trials_per_cell
        )
    }

    /// Whether the outlier rule runs over all participants together.
    pub fn sample_wide(&self) -> bool {
        matches!(self.prune, TrialPrune::PercentSample { .. })
    }

    /// The same settings without the rules that drop a whole participant (the error
    /// rate limit, the outlier share limit): for halves of participants who were already
    /// judged scorable as a whole.
    pub fn without_case_rules(&self) -> Self {
        let prune = match self.prune {
            TrialPrune::SdDropCases { limit, .. } => TrialPrune::SdDropCases {
                limit,
                max_outliers: f64::INFINITY,
            },
            other => other,
        };
        Self {
            max_error_rate: f64::INFINITY,
            prune,
            ..*self
        }
    }

    /// Every setting that is out of range (empty when the settings are usable).
    pub fn problems(&self) -> Vec<ConfigProblem> {
        let mut out = Vec::new();
        let mut p = |field, value: String, expected| out.push(ConfigProblem { field, value, expected });
        if !(self.min_rt_ms >= 0.0 && self.min_rt_ms.is_finite() && self.min_rt_ms < self.max_rt_ms) {
            p(
                "min_rt_ms",
                format!("{} ms with max_rt_ms {} ms", self.min_rt_ms, self.max_rt_ms),
                "0 <= min_rt_ms < max_rt_ms (max_rt_ms may be inf)",
            );
        }
        if self.max_error_rate.is_nan() || self.max_error_rate <= 0.0 {
            p(
                "max_error_rate",
                format!("{}", self.max_error_rate),
                "a rate above 0 (1 or inf: never)",
            );
        }
        if let ErrorTrials::Replace { penalty_ms } = self.errors
            && !(penalty_ms.is_finite() && penalty_ms >= 0.0)
        {
            p(
                "errors.penalty_ms",
                format!("{penalty_ms}"),
                "a number of ms, 0 or more",
            );
        }
        let limit_ok = |k: f64| k.is_finite() && k > 0.0;
        match self.prune {
            TrialPrune::None => {}
            TrialPrune::Sd { limit } | TrialPrune::Mad { limit } | TrialPrune::RecodeSd { limit } => {
                if !limit_ok(limit) {
                    p("prune.limit", format!("{limit}"), "a positive number of SDs or MADs");
                }
            }
            TrialPrune::SdDropCases { limit, max_outliers } => {
                if !limit_ok(limit) {
                    p("prune.limit", format!("{limit}"), "a positive number of SDs");
                }
                if max_outliers.is_nan() || max_outliers <= 0.0 {
                    p("prune.max_outliers", format!("{max_outliers}"), "a share above 0");
                }
            }
            TrialPrune::Grubbs { alpha } => {
                if alpha.is_nan() || alpha <= 0.0 || alpha >= 1.0 {
                    p("prune.alpha", format!("{alpha}"), "a level between 0 and 1");
                }
            }
            TrialPrune::PercentSubject { lower, upper } | TrialPrune::PercentSample { lower, upper } => {
                if !(0.0 <= lower && lower < upper && upper <= 1.0) {
                    p(
                        "prune.lower",
                        format!("{lower} with upper {upper}"),
                        "0 <= lower < upper <= 1",
                    );
                }
            }
        }
        if self.min_trials_per_cell == 0 {
            p("min_trials_per_cell", "0".into(), "at least 1");
        }
        out
    }
}
