//! `vr-aat summary PARTICIPANT`: a participant's sessions side by side, with scores and
//! confidence intervals.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, data_dir, reader_result};
use vr_aat_core::participant::ParticipantId;
use vr_aat_core::records::{Counted, SessionUse};
use vr_aat_core::scoring::ScoreKind;
use vr_aat_review::review::{ChangeReading, ReviewOptions, SessionReview, course_change, not_counted, review_session};
use vr_aat_store::scan::read_participant;

/// Show one participant's sessions with scores, confidence intervals and flags.
///
/// Per session: trials, valid trials, error rate, median RT per condition, the bias with a 95% bootstrap confidence interval, the D-score, and
/// data-quality flags; then whether the bias changed from the first to the last
/// scorable session; then the scores of every questionnaire answered, per session and
/// moment (not with --csv: `export` writes them as tables).
///
/// Scores use the assessment and sham blocks, with the scoring settings stored in each
/// session (its protocol's `scoring`; vr-aat's defaults for sessions recorded before
/// format 3: errors out, RTs outside 200-2000 ms out, RTs 3 SDs or more from the
/// participant's mean out, time-outs and flagged trials left out; a session with 15%
/// errors or more is not scored). Time-outs are counted apart from wrong responses.
/// See docs/scoring.md.
///
/// Only reads. An interrupted session is shown with its completed trials; a damaged one
/// is named and skipped (exit status 2, the rest still shown); a damaged answers.csv is
/// named and only that session's questionnaires are left out.
#[derive(Args, Debug)]
pub struct SummaryArgs {
    /// The participant's pseudonym.
    pub participant: String,
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// The score the confidence intervals are for.
    #[arg(long, default_value = "median-diff", value_parser = super::values::score_kind())]
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
    /// Count every session in the change, therapy data or not (demonstrations,
    /// synthetic patients, sessions that ended early): for teaching and testing. By
    /// default the change uses therapy sessions only (a person, a headset, run to its end).
    #[arg(long)]
    pub include_non_therapy: bool,
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
    let decimals = if args.score.in_ms() { 1 } else { 3 };
    // The score column says its unit: ms for the double differences, none for D-scores.
    let score_column = match args.score {
        k if k.in_ms() => "bias_ms",
        ScoreKind::DScore => "bias_d_score",
        ScoreKind::MedianDScore => "bias_median_d_score",
        _ => "bias_standard_regression",
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
        score_column,
        "ci_low",
        "ci_high",
        "d_score",
        "counts_as",
        "flags",
        "bias_trained_ms",
        "bias_untrained_ms",
    ];
    if args.csv {
        println!("{}", header.join(","));
    } else {
        let therapy = sessions
            .iter()
            .filter(|s| SessionUse::of(&s.meta.input_source, &s.meta.status).is_therapy())
            .count();
        println!(
            "participant {id}: {} sessions, {therapy} of them therapy data; score for the interval: {}",
            sessions.len(),
            args.score.label()
        );
        print_intake(&root.join(id.as_str()), sessions);
        println!(
            "{:>7} {:<10} {:>6} {:>5} {:>6} {:>8} {:>8} {:>8} {:>9} {:>9} {:>8} {:>19} {:>7} {:<11}  flags",
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
            "D",
            "counts as"
        );
    }
    let options = ReviewOptions {
        kind: args.score,
        iterations: args.iterations,
        seed: args.seed,
        counted: if args.include_non_therapy {
            Counted::Everything
        } else {
            Counted::TherapyOnly
        },
    };
    let reviews: Vec<SessionReview> = sessions.iter().map(|s| review_session(s, &options)).collect();
    for r in &reviews {
        let [pa, la, ps, ls] = r.medians;
        if args.csv {
            println!(
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                r.session,
                r.state.label(),
                r.trials,
                r.valid,
                r.error_rate,
                r.timeouts,
                full(pa),
                full(la),
                full(ps),
                full(ls),
                full(r.score),
                full(r.ci.map(|c| c.lower)),
                full(r.ci.map(|c| c.upper)),
                full(r.d_score),
                r.session_use.id(),
                csv_text(&r.flags_english()),
                full(r.bias_trained_ms),
                full(r.bias_untrained_ms)
            );
        } else {
            let ci_text = r.ci.map_or_else(
                || "-".to_owned(),
                |c| format!("[{:.d$}, {:.d$}]", c.lower, c.upper, d = decimals),
            );
            println!(
                "{:>7} {:<10} {:>6} {:>5} {:>5.1}% {:>8} {:>8} {:>8} {:>9} {:>9} {:>8} {:>19} {:>7} {:<11}  {}",
                r.session,
                r.state.label(),
                r.trials,
                r.valid,
                100.0 * r.error_rate,
                r.timeouts,
                f(pa, 1),
                f(la, 1),
                f(ps, 1),
                f(ls, 1),
                f(r.score, decimals),
                ci_text,
                f(r.d_score, 3),
                r.session_use.id(),
                r.flags_english()
            );
        }
    }
    if !args.csv {
        let which = match options.counted {
            Counted::TherapyOnly => "therapy sessions",
            Counted::Everything => "all sessions, on purpose (--include-non-therapy)",
        };
        match course_change(&reviews, &options) {
            Some(c) => {
                let verdict = match c.reading() {
                    ChangeReading::Decreased | ChangeReading::Increased => "the bias changed",
                    ChangeReading::NoReliableChange => "no reliable change",
                    ChangeReading::CannotTell => "cannot tell",
                };
                println!(
                    "change from session {} to {} ({which}): {} (95% CI {}): {verdict}",
                    c.from,
                    c.to,
                    f(c.change, decimals),
                    c.ci.map_or_else(
                        || "-".to_owned(),
                        |c| format!("[{:.d$}, {:.d$}]", c.lower, c.upper, d = decimals)
                    )
                );
            }
            None => println!("change ({which}): needs two scored sessions of these"),
        }
        let left_out = not_counted(&reviews, options.counted);
        if !left_out.is_empty() {
            let listed: Vec<String> = left_out
                .iter()
                .map(|(n, what)| format!("session {n}: {}", what.english()))
                .collect();
            println!(
                "not therapy data, left out of the change (--include-non-therapy counts them): {}",
                listed.join("; ")
            );
        }
        println!("bias > 0: approach bias toward alcohol. valid = trials kept after pre-processing (docs/scoring.md).");
        print_drink_sets(&reviews);
        print_questionnaires(&reviews);
    }
    scan.report_damage();
    // A damaged answers.csv is named; the session's trials are shown all the same.
    let mut damaged = scan.damaged.len();
    for r in &reviews {
        if let Err(e) = &r.questionnaires {
            eprintln!("error: {e} (the session's questionnaire answers were skipped)");
            damaged += 1;
        }
    }
    reader_result(damaged)
}

/// The bias over the drinks each session trained and over those it left untrained
/// (whether the training generalises); nothing when no session's drink sets are known.
fn print_drink_sets(reviews: &[SessionReview]) {
    if reviews
        .iter()
        .all(|r| r.bias_trained_ms.is_none() && r.bias_untrained_ms.is_none())
    {
        return;
    }
    println!("bias (ms) by drink: trained (the drinks trained) / untrained (held back, generalisation):");
    for r in reviews {
        println!(
            "{:>7} trained {:>8} untrained {:>8}",
            r.session,
            f(r.bias_trained_ms, 1),
            f(r.bias_untrained_ms, 1)
        );
    }
}

/// The participant's own drinks (their intake) and the personal set their sessions
/// trained, when they had an intake.
fn print_intake(folder: &std::path::Path, sessions: &[vr_aat_store::scan::StoredSession]) {
    match vr_aat_store::files::intake::read_intake(folder) {
        Ok(Some(i)) => {
            let list = |v: &[String]| if v.is_empty() { "-".to_owned() } else { v.join(", ") };
            println!(
                "own drinks (intake, {}): usually drinks {}; likes {}",
                i.recorded_utc.get(..10).unwrap_or(""),
                list(&i.alcohol),
                list(&i.soft)
            );
        }
        Ok(None) => {}
        Err(e) => eprintln!("error: {e} (the intake is not shown)"),
    }
    let with_set: Vec<String> = sessions
        .iter()
        .filter(|s| s.meta.personal_set.is_some())
        .map(|s| s.meta.session.to_string())
        .collect();
    if let Some(set) = sessions.iter().rev().find_map(|s| s.meta.personal_set.as_ref()) {
        println!(
            "personal set trained in session(s) {}: {}",
            with_set.join(", "),
            set.join(", ")
        );
    }
}

/// The questionnaires' scores, one row per score (nothing when no session asked any).
fn print_questionnaires(reviews: &[SessionReview]) {
    let rows: Vec<_> = reviews
        .iter()
        .filter_map(|r| Some((r.session, r.questionnaires.as_ref().ok()?)))
        .flat_map(|(session, results)| results.iter().map(move |q| (session, q)))
        .collect();
    if rows.is_empty() {
        return;
    }
    println!();
    println!("questionnaires (scored by their own rules, docs/questionnaires.md):");
    println!(
        "{:>7} {:<18} {:<13} {:>8}  scores",
        "session", "moment", "questionnaire", "answered"
    );
    let mut instruments: Vec<(String, String, String)> = Vec::new();
    for (session, q) in rows {
        let scores = q
            .scores
            .iter()
            .map(|(id, _, v)| match q.readings.iter().find(|(r, _)| r == id) {
                Some((_, band)) => format!(
                    "{id} {} ({}{})",
                    f(*v, 1),
                    band.label.en,
                    if band.caution { ": READ WITH CARE" } else { "" }
                ),
                None => format!("{id} {}", f(*v, 1)),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let answered = match q.items {
            Some(n) => format!("{}/{n}", q.items_answered),
            None => format!("{}/?", q.items_answered),
        };
        let scores = if q.items.is_none() {
            "no definition found for this questionnaire: not scored".to_owned()
        } else {
            scores
        };
        println!(
            "{session:>7} {:<18} {:<13} {answered:>8}  {scores}",
            q.moment, q.questionnaire
        );
        if let (Some(name), Some(v)) = (&q.name, q.validation) {
            let entry = (q.questionnaire.clone(), name.clone(), v.english().to_owned());
            if !instruments.contains(&entry) {
                instruments.push(entry);
            }
        }
    }
    for (id, name, validation) in instruments {
        println!("{id}: {name}; {validation}");
    }
}
