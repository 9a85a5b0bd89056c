//! Per-session summaries of a course and the table `vr-aat simulate` prints.

use std::fmt::Write as _;

use crate::scoring::{Cells, double_difference_medians};
use crate::trial::{Outcome, TrialRecord};

/// The headline numbers of one session.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionSummary {
    pub session: u32,
    pub trials: usize,
    /// Trials with a wrong first direction.
    pub wrong: usize,
    /// Trials without a response.
    pub missed: usize,
    /// Median RT (ms) of correct responses in scored blocks: push alcohol, pull alcohol,
    /// push soft, pull soft.
    pub medians_ms: [Option<f64>; 4],
    /// Double difference of those medians (ms); positive = approach bias toward alcohol.
    pub bias_ms: Option<f64>,
}

/// Summarises one session's records.
pub fn summarise(session: u32, records: &[TrialRecord]) -> SessionSummary {
    let cells = Cells::from_records(records);
    SessionSummary {
        session,
        trials: records.len(),
        wrong: records.iter().filter(|r| r.outcome == Outcome::WrongDirection).count(),
        missed: records.iter().filter(|r| r.outcome == Outcome::NoResponse).count(),
        medians_ms: cells.medians(),
        bias_ms: double_difference_medians(&cells),
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
    /// The per-session table, as plain text with aligned columns.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:>7} {:>6} {:>6} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9}",
            "session", "trials", "wrong", "missed", "push-alc", "pull-alc", "push-soft", "pull-soft", "bias"
        );
        for s in &self.sessions {
            let [pa, la, ps, ls] = s.medians_ms;
            let _ = writeln!(
                out,
                "{:>7} {:>6} {:>6} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9}",
                s.session,
                s.trials,
                s.wrong,
                s.missed,
                cell(pa),
                cell(la),
                cell(ps),
                cell(ls),
                cell(s.bias_ms)
            );
        }
        out
    }
}
