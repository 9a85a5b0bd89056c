//! `vr-aat score FILE.csv`: scores any AAT long-format table the way vr-aat scores its
//! own sessions.

use std::path::PathBuf;

use clap::Args;

use super::Failure;
use vr_aat::aatcsv;
use vr_aat::scoring::{ScoreKind, ScoringConfig, Verdict, prepare, score, split_half};

/// Score a long-format AAT table (from vr-aat, a PC joystick AAT, a mobile AAT ...).
///
/// Needs the columns subjectid, blocknum, is_pull (1 = pull), is_target (1 = alcohol or
/// target), rt (initiation RT in ms) and error (0/1); others are ignored. Prints one row
/// per participant: trials, what pre-processing excluded (flagged trials, errors, RT
/// bounds, outliers), the error rate, and every
/// score (double differences of medians and means, D-score, median D-score). Optionally
/// the permuted split-half reliability across participants. See docs/scoring.md.
#[derive(Args, Debug)]
pub struct ScoreArgs {
    /// The table to score.
    pub file: PathBuf,
    /// Print CSV instead of a table.
    #[arg(long)]
    pub csv: bool,
    /// Use only rows whose `scored` column is 1 (as in `vr-aat export` output).
    #[arg(long)]
    pub scored_only: bool,
    /// Fastest RT kept (ms).
    #[arg(long, default_value_t = ScoringConfig::default().min_rt_ms)]
    pub min_rt: f64,
    /// Slowest RT kept (ms).
    #[arg(long, default_value_t = ScoringConfig::default().max_rt_ms)]
    pub max_rt: f64,
    /// Drop RTs more than this many SDs from the participant's mean (0 keeps all).
    #[arg(long, default_value_t = 3.0)]
    pub sd_limit: f64,
    /// Participants at or above this error rate are not scored.
    #[arg(long, default_value_t = ScoringConfig::default().max_error_rate)]
    pub max_error_rate: f64,
    /// Participants with fewer kept trials than this in any cell are not scored.
    #[arg(long, default_value_t = ScoringConfig::default().min_trials_per_cell)]
    pub min_trials: usize,
    /// Keep trials flagged for lost tracking or late frames (the `tracking_lost` and
    /// `budget_overrun` columns of vr-aat's export); by default they are left out.
    #[arg(long)]
    pub keep_flagged: bool,
    /// Also compute split-half reliability of this score across participants.
    #[arg(long, value_enum)]
    pub split_half: Option<ScoreKind>,
    /// Split-half iterations.
    #[arg(long, default_value_t = 6000, value_parser = super::at_least_one)]
    pub iterations: usize,
    /// Seed for the split-half iterations.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

fn f(v: Option<f64>) -> String {
    v.map_or_else(String::new, |x| format!("{x:.6}"))
}

pub fn run(args: ScoreArgs) -> Result<(), Failure> {
    if !(args.min_rt >= 0.0 && args.min_rt < args.max_rt && args.sd_limit >= 0.0 && args.max_error_rate > 0.0) {
        return Err(Failure::bad_input(
            "need 0 <= --min-rt < --max-rt, --sd-limit >= 0 and --max-error-rate > 0",
        ));
    }
    let config = ScoringConfig {
        min_rt_ms: args.min_rt,
        max_rt_ms: args.max_rt,
        sd_limit: (args.sd_limit > 0.0).then_some(args.sd_limit),
        max_error_rate: args.max_error_rate,
        min_trials_per_cell: args.min_trials,
        exclude_flagged: !args.keep_flagged,
    };
    let subjects = aatcsv::read(&args.file, args.scored_only).map_err(Failure::bad_input)?;
    let header = "subjectid,trials,kept,errors,too_fast,too_slow,outliers,error_rate,verdict,median_diff,mean_diff,d_score,median_d_score,flagged";
    if args.csv {
        println!("{header}");
    } else {
        println!(
            "{:<20} {:>6} {:>5} {:>6} {:>5} {:>5} {:>5} {:>7} {:>10} {:>10} {:>8} {:>8}  verdict",
            "subjectid",
            "trials",
            "kept",
            "errors",
            "fast",
            "slow",
            "outl",
            "err%",
            "median_dd",
            "mean_dd",
            "D",
            "median_D"
        );
    }
    let mut scorable = Vec::new();
    for (id, trials) in &subjects {
        let p = prepare(trials, &config);
        let s = score(&p.cells);
        let ok = p.verdict == Verdict::Scored;
        let pick = |v: Option<f64>| v.filter(|_| ok);
        let e = &p.excluded;
        if args.csv {
            println!(
                "{},{},{},{},{},{},{},{:.6},{},{},{},{},{},{}",
                id,
                p.trials,
                p.cells.pooled().len(),
                e.errors,
                e.too_fast,
                e.too_slow,
                e.outliers,
                p.error_rate,
                p.verdict.label(),
                f(pick(s.median_diff)),
                f(pick(s.mean_diff)),
                f(pick(s.d_score)),
                f(pick(s.median_d_score)),
                e.flagged
            );
        } else {
            let g = |v: Option<f64>, d: usize| pick(v).map_or_else(|| "-".to_owned(), |x| format!("{x:.d$}"));
            println!(
                "{:<20} {:>6} {:>5} {:>6} {:>5} {:>5} {:>5} {:>6.1}% {:>10} {:>10} {:>8} {:>8}  {}",
                id,
                p.trials,
                p.cells.pooled().len(),
                e.errors,
                e.too_fast,
                e.too_slow,
                e.outliers,
                100.0 * p.error_rate,
                g(s.median_diff, 1),
                g(s.mean_diff, 1),
                g(s.d_score, 3),
                g(s.median_d_score, 3),
                p.verdict.label()
            );
        }
        if ok {
            scorable.push(p.cells);
        }
    }
    if let Some(kind) = args.split_half {
        let r = split_half(&scorable, kind, args.iterations, args.seed).map_err(Failure::bad_input)?;
        let line = format!(
            "split-half reliability of the {} over {} participants, {} iterations: r = {:.3}, Spearman-Brown r = {:.3}",
            kind.label(),
            r.participants,
            r.iterations,
            r.r,
            r.r_sb
        );
        if args.csv {
            eprintln!("{line}")
        } else {
            println!("{line}")
        }
    }
    Ok(())
}
