//! Per-session summaries of a course and the table `vr-aat simulate` prints.

use std::fmt::Write as _;

use vr_aat_core::scoring::{ScoringConfig, Verdict, prepare, score};
use vr_aat_core::trial::{Outcome, TrialRecord, score_trials};

/// The headline numbers of one session.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionSummary {
    /// Participant id (empty when there is only one).
    pub participant: String,
    pub session: u32,
    pub trials: usize,
    /// Trials with a wrong first direction.
    pub wrong: usize,
    /// Trials without a response.
    pub missed: usize,
    /// Median RT (ms) of the valid trials of scored blocks: push alcohol, pull alcohol,
    /// push soft, pull soft.
    pub medians_ms: [Option<f64>; 4],
    /// Double difference of those medians (ms); positive = approach bias toward alcohol.
    pub bias_ms: Option<f64>,
    pub verdict: Verdict,
}

/// Summarises one session's records with the protocol's pre-processing.
pub fn summarise(session: u32, records: &[TrialRecord], config: &ScoringConfig) -> SessionSummary {
    let prepared = prepare(&score_trials(records), config);
    let scores = score(&prepared.cells);
    SessionSummary {
        participant: String::new(),
        session,
        trials: records.len(),
        wrong: records.iter().filter(|r| r.outcome == Outcome::WrongDirection).count(),
        missed: records.iter().filter(|r| r.outcome == Outcome::NoResponse).count(),
        medians_ms: scores.medians,
        bias_ms: scores.median_diff.filter(|_| prepared.verdict == Verdict::Scored),
        verdict: prepared.verdict,
    }
}

/// A course's summaries and how to print them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CourseReport {
    pub sessions: Vec<SessionSummary>,
}

fn cell(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |x| format!("{x:.1}"))
}

impl CourseReport {
    /// The per-session table, as plain text with aligned columns; with a participant
    /// column when `by_participant`.
    pub fn table(&self, by_participant: bool) -> String {
        let mut out = String::new();
        let who = |p: &str| {
            if by_participant {
                format!("{p:<12} ")
            } else {
                String::new()
            }
        };
        let _ = writeln!(
            out,
            "{}{:>7} {:>6} {:>6} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9}",
            who("participant"),
            "session",
            "trials",
            "wrong",
            "missed",
            "push-alc",
            "pull-alc",
            "push-soft",
            "pull-soft",
            "bias"
        );
        for s in &self.sessions {
            let [pa, la, ps, ls] = s.medians_ms;
            let bias = match s.verdict {
                Verdict::Scored => cell(s.bias_ms),
                Verdict::TooManyErrors => "errors".to_owned(),
                Verdict::TooFewTrials => "too few".to_owned(),
                Verdict::TooManyOutliers => "outliers".to_owned(),
            };
            let _ = writeln!(
                out,
                "{}{:>7} {:>6} {:>6} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9}",
                who(&s.participant),
                s.session,
                s.trials,
                s.wrong,
                s.missed,
                cell(pa),
                cell(la),
                cell(ps),
                cell(ls),
                bias
            );
        }
        out
    }
}
