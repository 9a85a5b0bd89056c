//! `vr-aat summary PARTICIPANT`: a participant's sessions side by side, with scores and
//! confidence intervals.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, data_dir, reader_result};
use vr_aat::metrics::store::{StoredStatus, read_participant};
use vr_aat::participant::ParticipantId;
use vr_aat::scoring::{
    Prepared, ScoreKind, ScoringConfig, Usable, Verdict, bootstrap, bootstrap_change, prepare, score, usable,
};
use vr_aat::sim::score_trials;

/// Show one participant's sessions with scores, confidence intervals and flags.
///
/// Per session: trials, valid trials, error rate, median RT per condition, the bias with a 95% bootstrap confidence interval, the D-score, and
/// data-quality flags; then whether the bias changed from the first to the last
/// scorable session.
///
/// Scores use the assessment and sham blocks, with the scoring settings stored in each
/// session (its protocol's `scoring`; vr-aat's defaults for sessions recorded before
/// format 3: errors out, RTs outside 200-2000 ms out, RTs 3 SDs or more from the
/// participant's mean out, time-outs and flagged trials left out; a session with 15%
/// errors or more is not scored). Time-outs are counted apart from wrong responses.
/// See docs/scoring.md.
///
/// Only reads. An interrupted session is shown with its completed trials; a damaged one
/// is named and skipped (exit status 2, the rest still shown).
#[derive(Args, Debug)]
pub struct SummaryArgs {
    /// The participant's pseudonym.
    pub participant: String,
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// The score the confidence intervals are for.
    #[arg(long, value_enum, default_value_t = ScoreKind::MedianDiff)]
    pub score: ScoreKind,
    /// Bootstrap iterations.
    #[arg(long, default_value_t = 2000, value_parser = super::at_least_one)]
    pub iterations: usize,
    /// Seed for the bootstrap.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Print CSV instead of a table.
    #[arg(long)]
    pub csv: bool,
}

/// Full precision for CSV; empty when there is no value.
fn full(v: Option<f64>) -> String {
    v.map_or_else(String::new, |x| format!("{x}"))
}

fn csv_text(s: &str) -> String {
    if s.contains([',', '"']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn f(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "-".to_owned(), |x| format!("{x:.decimals$}"))
}

pub fn run(args: SummaryArgs) -> Result<(), Failure> {
    let id = ParticipantId::parse(&args.participant).map_err(Failure::bad_input)?;
    let root = data_dir(args.data_dir.clone());
    if !root.join(id.as_str()).is_dir() {
        return Err(Failure::bad_input(format!(
            "{}: no participant `{id}` in this data folder (see `vr-aat sessions`)",
            root.display()
        )));
    }
    let scan = read_participant(&root, id.as_str()).map_err(Failure::runtime)?;
    let sessions = &scan.found;
    let decimals = if matches!(args.score, ScoreKind::DScore | ScoreKind::MedianDScore) {
        3
    } else {
        1
    };
    let header = [
        "session",
        "status",
        "trials",
        "valid",
        "error_rate",
        "timeouts",
        "push_alc",
        "pull_alc",
        "push_soft",
        "pull_soft",
        "bias_ms",
        "ci_low",
        "ci_high",
        "d_score",
        "flags",
    ];
    if args.csv {
        println!("{}", header.join(","));
    } else {
        println!(
            "participant {id}: {} sessions; score for the interval: {}",
            sessions.len(),
            args.score.label()
        );
        println!(
            "{:>7} {:<10} {:>6} {:>5} {:>6} {:>8} {:>8} {:>8} {:>9} {:>9} {:>8} {:>19} {:>7}  flags",
            "session",
            "status",
            "trials",
            "valid",
            "errors",
            "timeouts",
            "push-alc",
            "pull-alc",
            "push-soft",
            "pull-soft",
            "bias",
            "95% CI",
            "D"
        );
    }
    let mut scored: Vec<(u32, Prepared, Vec<Usable>, ScoringConfig)> = Vec::new();
    for s in sessions {
        let config = s.meta.scoring();
        let trials = score_trials(&s.records);
        let prepared = prepare(&trials, &config);
        let (kept, _) = usable(&trials, &config);
        let scores = score(&prepared.cells);
        let ok = prepared.verdict == Verdict::Scored;
        let ci = if ok {
            bootstrap(&kept, &config, args.score, args.iterations, 0.95, args.seed)
        } else {
            None
        };
        let mut flags = Vec::new();
        if let Some(reason) = &prepared.reason {
            flags.push(reason.clone());
        }
        if s.state != StoredStatus::Complete {
            flags.push(s.state.label().to_owned());
        }
        match &s.meta.input_source {
            vr_aat::metrics::InputSource::Flat => flags.push("flat mode (a desktop window, not a headset)".to_owned()),
            vr_aat::metrics::InputSource::Synthetic { .. } => flags.push("synthetic patient".to_owned()),
            _ => {}
        }
        let lost = s.records.iter().filter(|r| r.tracking_lost).count();
        if lost > 0 {
            flags.push(format!("tracking lost in {lost} trials"));
        }
        let over = s.records.iter().filter(|r| r.budget_overrun).count();
        if over > 0 {
            flags.push(format!("late frames in {over} trials"));
        }
        if ci.is_some_and(|c| c.excludes_zero()) {
            flags.push("bias differs from 0".to_owned());
        }
        let [pa, la, ps, ls] = scores.medians;
        let valid = prepared.cells.pooled().len();
        let bias = scores.get(args.score).filter(|_| ok);
        if args.csv {
            println!(
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                s.meta.session,
                s.state.label(),
                s.records.len(),
                valid,
                prepared.error_rate,
                prepared.timeouts,
                full(pa),
                full(la),
                full(ps),
                full(ls),
                full(bias),
                full(ci.map(|c| c.lower)),
                full(ci.map(|c| c.upper)),
                full(scores.d_score.filter(|_| ok)),
                csv_text(&flags.join("; "))
            );
        } else {
            let ci_text = ci.map_or_else(
                || "-".to_owned(),
                |c| format!("[{:.d$}, {:.d$}]", c.lower, c.upper, d = decimals),
            );
            println!(
                "{:>7} {:<10} {:>6} {:>5} {:>5.1}% {:>8} {:>8} {:>8} {:>9} {:>9} {:>8} {:>19} {:>7}  {}",
                s.meta.session,
                s.state.label(),
                s.records.len(),
                valid,
                100.0 * prepared.error_rate,
                prepared.timeouts,
                f(pa, 1),
                f(la, 1),
                f(ps, 1),
                f(ls, 1),
                f(bias, decimals),
                ci_text,
                f(scores.d_score.filter(|_| ok), 3),
                flags.join("; ")
            );
        }
        if ok {
            scored.push((s.meta.session, prepared, kept, config));
        }
    }
    if !args.csv {
        match (scored.first(), scored.last()) {
            (Some((a, first, first_kept, _)), Some((b, last, last_kept, config))) if a != b => {
                let change = score(&last.cells)
                    .get(args.score)
                    .zip(score(&first.cells).get(args.score))
                    .map(|(y, x)| y - x);
                let ci = bootstrap_change(
                    first_kept,
                    last_kept,
                    config,
                    args.score,
                    args.iterations,
                    0.95,
                    args.seed,
                );
                let verdict = match ci {
                    Some(c) if c.excludes_zero() => "the bias changed",
                    Some(_) => "no reliable change",
                    None => "cannot tell",
                };
                println!(
                    "change from session {a} to {b}: {} (95% CI {}): {verdict}",
                    f(change, decimals),
                    ci.map_or_else(
                        || "-".to_owned(),
                        |c| format!("[{:.d$}, {:.d$}]", c.lower, c.upper, d = decimals)
                    )
                );
            }
            _ => println!("change: needs two scorable sessions"),
        }
        println!("bias > 0: approach bias toward alcohol. valid = trials kept after pre-processing (docs/scoring.md).");
    }
    scan.report_damage();
    reader_result(scan.damaged.len())
}
