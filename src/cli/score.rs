//! `vr-aat score FILE.csv`: scores any AAT long-format table the way vr-aat scores its
//! own sessions, or the way AATtools does (`--preset aattools`).

use std::path::PathBuf;

use clap::Args;

use super::Failure;
use super::scoring_args::ScoringArgs;
use vr_aat_core::scoring::{
    ScoreKind, ScoreTrial, SplitHalf, SplitHalfOptions, Usable, Verdict, bootstrap_group, prepare_group, score,
    split_half, usable,
};
use vr_aat_store::long_format::{self as aatcsv, Columns};

/// Score a long-format AAT table (from vr-aat, a PC joystick AAT, a mobile AAT ...).
///
/// Reads one row per trial: a participant, pull (1) or push (0), target (1) or control
/// (0), the RT in ms (empty or NA when there was none) and error (1) or correct (1)
/// columns; name them with the --*-column options (defaults: subjectid, is_pull,
/// is_target, rt, error). Other columns are ignored. Prints one row per participant
/// (and per group with --group-by): trials, what pre-processing left out and why, the
/// error rate, the verdict with its reason, and every score (double differences of
/// medians and means, D-score, median D-score). --csv prints full precision.
///
/// --preset aattools reproduces an AATtools default analysis; each option named in
/// docs/scoring.md matches an AATtools argument. Optionally split-half reliability
/// across participants (aat_splithalf) and bootstrap intervals (aat_bootstrap).
#[derive(Args, Debug)]
pub struct ScoreArgs {
    /// The table to score.
    pub file: PathBuf,
    /// Print CSV (full precision) instead of a table.
    #[arg(long)]
    pub csv: bool,
    /// The character between columns: `,` (default), `;`, `tab` or any one character.
    #[arg(long, default_value = ",", value_parser = parse_delimiter)]
    pub delimiter: u8,
    /// Use only rows whose `scored` column is 1 (as in `vr-aat export` output).
    #[arg(long)]
    pub scored_only: bool,
    /// The participant column.
    #[arg(long, value_name = "NAME", default_value = "subjectid")]
    pub subject_column: String,
    /// The pull column (1 = pull / approach, 0 = push / avoid).
    #[arg(long, value_name = "NAME", default_value = "is_pull")]
    pub pull_column: String,
    /// The target column (1 = target, e.g. alcohol; 0 = control).
    #[arg(long, value_name = "NAME", default_value = "is_target")]
    pub target_column: String,
    /// The RT column (ms).
    #[arg(long, value_name = "NAME", default_value = "rt")]
    pub rt_column: String,
    /// The error column (1 = error) [default: error].
    #[arg(long, value_name = "NAME", conflicts_with = "correct_column")]
    pub error_column: Option<String>,
    /// A correct column (1 = correct) instead of an error column.
    #[arg(long, value_name = "NAME")]
    pub correct_column: Option<String>,
    /// The block column, used when present (--errors replace needs it).
    #[arg(long, value_name = "NAME", default_value = "blocknum")]
    pub block_column: String,
    /// Score each group of these columns apart (comma-separated or repeated), e.g.
    /// `--group-by task` or `--group-by session` for vr-aat's export.
    #[arg(long, value_name = "NAME", value_delimiter = ',')]
    pub group_by: Vec<String>,
    #[command(flatten)]
    pub scoring: ScoringArgs,
    /// Also compute split-half reliability of this score across participants (per group).
    #[arg(long, value_parser = super::values::score_kind())]
    pub split_half: Option<ScoreKind>,
    /// With --split-half: drop participants 3 SDs or more from the group in either half
    /// (AATtools: case_prune_3SD).
    #[arg(long)]
    pub case_prune: bool,
    /// Also compute each participant's bootstrap interval of this score, and the
    /// q-reliability across participants (aat_bootstrap).
    #[arg(long, value_parser = super::values::score_kind())]
    pub bootstrap: Option<ScoreKind>,
    /// Split-half or bootstrap iterations.
    #[arg(long, default_value_t = 6000, value_parser = super::at_least_one)]
    pub iterations: usize,
    /// Seed for the split-half and bootstrap iterations.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
        _ => Err(format!("`{s}`: expected one character, or `tab`")),
    }
}

/// Full precision (the shortest text that reads back as the same number).
fn full(v: Option<f64>) -> String {
    v.map_or_else(String::new, |x| format!("{x}"))
}

fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

const CSV_COLUMNS: &str = "subjectid,trials,kept,no_rt,timeouts,errors,error_rate,too_fast,too_slow,outliers,recoded,replaced,flagged,verdict,reason,median_diff,mean_diff,d_score,median_d_score";

pub fn run(args: ScoreArgs) -> Result<(), Failure> {
    let config = args.scoring.config()?;
    let columns = Columns {
        subject: args.subject_column.clone(),
        pull: args.pull_column.clone(),
        target: args.target_column.clone(),
        rt: args.rt_column.clone(),
        error: args.error_column.clone(),
        correct: args.correct_column.clone(),
        block: args.block_column.clone(),
        group_by: args.group_by.clone(),
        scored_only: args.scored_only,
    };
    let table = aatcsv::read(&args.file, &columns, args.delimiter).map_err(Failure::bad_input)?;
    for (column, _) in &table.pooled {
        eprintln!(
            "note: column `{column}` has more than one value and its rows are pooled into one score per participant; --group-by {column} scores each apart"
        );
    }
    if table.incomplete_rows > 0 {
        eprintln!(
            "note: {} row(s) with an empty or NA pull, target or error value were left out (as AATtools does)",
            table.incomplete_rows
        );
    }
    let groups = table.groups;
    let group_header: String = args.group_by.iter().map(|g| format!("{},", quote(g))).collect();
    let boot_header = if args.bootstrap.is_some() {
        ",boot_mean,boot_lower,boot_upper,boot_var"
    } else {
        ""
    };
    if args.csv {
        println!("{group_header}{CSV_COLUMNS}{boot_header}");
    } else {
        println!(
            "{:<20} {:>6} {:>5} {:>5} {:>6} {:>7} {:>5} {:>5} {:>5} {:>10} {:>10} {:>8} {:>8}  verdict",
            "subjectid",
            "trials",
            "kept",
            "no_rt",
            "errors",
            "err%",
            "fast",
            "slow",
            "outl",
            "median_dd",
            "mean_dd",
            "D",
            "median_D"
        );
    }
    for (key, subjects) in &groups {
        let prefix: String = key.iter().map(|v| format!("{},", quote(v))).collect();
        if !args.csv && !args.group_by.is_empty() {
            let name: Vec<String> = args
                .group_by
                .iter()
                .zip(key)
                .map(|(g, v)| format!("{g} = {v}"))
                .collect();
            println!("-- {}", name.join(", "));
        }
        let all_trials: Vec<&[ScoreTrial]> = subjects.values().map(Vec::as_slice).collect();
        let prepared = prepare_group(&all_trials, &config);
        let all_usable: Vec<Vec<Usable>> = all_trials.iter().map(|t| usable(t, &config).0).collect();
        let intervals = match args.bootstrap {
            Some(kind) => bootstrap_group(&all_usable, &config, kind, args.iterations, 0.95, args.seed),
            None => vec![None; all_usable.len()],
        };
        let boots: Vec<_> = intervals.iter().flatten().copied().collect();
        for ((id, p), boot) in subjects.keys().zip(&prepared).zip(intervals) {
            let s = score(&p.cells);
            let ok = p.verdict == Verdict::Scored;
            let pick = |v: Option<f64>| v.filter(|_| ok);
            let e = &p.excluded;
            if args.csv {
                let b = match (args.bootstrap, boot) {
                    (None, _) => String::new(),
                    (Some(_), Some(b)) => format!(",{},{},{},{}", b.mean, b.lower, b.upper, b.variance),
                    (Some(_), None) => ",,,,".to_owned(),
                };
                println!(
                    "{prefix}{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}{b}",
                    quote(id),
                    p.trials,
                    p.cells.pooled().len(),
                    e.no_rt,
                    p.timeouts,
                    p.error_count,
                    p.error_rate,
                    e.too_fast,
                    e.too_slow,
                    e.outliers,
                    e.recoded,
                    e.replaced,
                    e.flagged,
                    p.verdict.label(),
                    quote(p.reason.as_deref().unwrap_or("")),
                    full(pick(s.median_diff)),
                    full(pick(s.mean_diff)),
                    full(pick(s.d_score)),
                    full(pick(s.median_d_score)),
                );
            } else {
                let g = |v: Option<f64>, d: usize| pick(v).map_or_else(|| "-".to_owned(), |x| format!("{x:.d$}"));
                println!(
                    "{:<20} {:>6} {:>5} {:>5} {:>6} {:>6.1}% {:>5} {:>5} {:>5} {:>10} {:>10} {:>8} {:>8}  {}",
                    id,
                    p.trials,
                    p.cells.pooled().len(),
                    e.no_rt,
                    p.error_count,
                    100.0 * p.error_rate,
                    e.too_fast,
                    e.too_slow,
                    e.outliers,
                    g(s.median_diff, 1),
                    g(s.mean_diff, 1),
                    g(s.d_score, 3),
                    g(s.median_d_score, 3),
                    p.reason.as_deref().unwrap_or("scored")
                );
                if let Some(b) = boot {
                    println!(
                        "{:<20} bootstrap 95% interval [{:.3}, {:.3}], mean {:.3}",
                        "", b.lower, b.upper, b.mean
                    );
                }
            }
        }
        let say = |line: String| {
            if args.csv {
                eprintln!("{line}")
            } else {
                println!("{line}")
            }
        };
        if let Some(kind) = args.bootstrap {
            say(q_reliability(kind, &boots));
        }
        if let Some(kind) = args.split_half {
            let options = SplitHalfOptions {
                kind,
                iterations: args.iterations,
                seed: args.seed,
                case_prune: args.case_prune,
            };
            // A reliability that cannot be estimated from these data (too few
            // participants, as in a small group) is said beside the scores, which
            // stand: it is not an input error.
            match split_half(&all_usable, &config, &options) {
                Ok(r) => say(split_half_text(kind, &r)),
                Err(e) => say(format!(
                    "split-half reliability of the {}{}: not available: {e}",
                    kind.label(),
                    if prefix.is_empty() {
                        String::new()
                    } else {
                        format!(" (group {})", prefix.trim_end_matches(','))
                    }
                )),
            }
        }
    }
    Ok(())
}

/// AATtools' q-reliability of bootstrapped scores: 1 - mean(variance) / variance(means).
fn q_reliability(kind: ScoreKind, boots: &[vr_aat_core::scoring::BootstrapInterval]) -> String {
    let means: Vec<f64> = boots.iter().map(|b| b.mean).collect();
    let within = boots.iter().map(|b| b.variance).sum::<f64>() / boots.len().max(1) as f64;
    let between = vr_aat_core::scoring::stats::sd(&means).map(|s| s * s);
    match between {
        Some(bv) if boots.len() >= 2 => format!(
            "bootstrap reliability of the {} over {} participants: q = {}",
            kind.label(),
            boots.len(),
            1.0 - within / bv
        ),
        _ => format!(
            "bootstrap reliability of the {}: fewer than 2 participants have an interval",
            kind.label()
        ),
    }
}

fn split_half_text(kind: ScoreKind, r: &SplitHalf) -> String {
    let c = |name: &str, x: &vr_aat_core::scoring::splithalf::Coefficient| {
        format!(
            "  {name} = {:.4}, 95% CI [{:.4}, {:.4}], p = {}",
            x.r,
            x.lower,
            x.upper,
            x.p.map_or_else(|| "NA".to_owned(), |p| format!("{p:.4e}"))
        )
    };
    [
        format!(
            "split-half reliability of the {} over {} participants ({:.2} on average with a score in both halves), {} iterations:",
            kind.label(),
            r.participants,
            r.avg_n,
            r.iterations
        ),
        c("Spearman-Brown r", &r.spearman_brown),
        c("uncorrected r", &r.uncorrected),
        c("Flanagan-Rulon", &r.flanagan_rulon),
        c("Raju's beta", &r.raju),
    ]
    .join("\n")
}
