//! `vr-aat score FILE.csv`: scores any AAT long-format table the way vr-aat scores its
//! own sessions, or the way AATtools does (`--preset aattools`).

use std::path::PathBuf;

use clap::Args;

use super::Failure;
use super::scoring_args::ScoringArgs;
use vr_aat_core::scoring::multiverse::multiverse;
use vr_aat_core::scoring::scores::multiblock_d_score;
use vr_aat_core::scoring::stratified::{self, Reliability, Strata, StratifiedOptions, stratified_split_half};
use vr_aat_core::scoring::{
    Kept, ScoreKind, ScoreTrial, SplitHalf, SplitHalfOptions, Usable, Verdict, bootstrap_group, kept_group,
    prepare_group, score, split_half, usable,
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
/// across participants and bootstrap intervals (aat_bootstrap). Split-half reliability
/// is stratified by cell and stimulus as Kahveci, Bathke and Blechert (2025) recommend
/// and rapidsplithalf computes it (the error and outlier rules run once, then the kept
/// trials are split), with its Monte Carlo error, the trials needed for --goal, and,
/// with several groups, whether their reliabilities differ (rapidsplithalf's comprel);
/// --split-method aattools gives AATtools 0.0.3's aat_splithalf instead.
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
    /// How --split-half splits: `stratified` (rapidsplithalf 0.7: each cell and stimulus
    /// split evenly, after pre-processing) or `aattools` (AATtools 0.0.3's aat_splithalf:
    /// pre-processing within each half; Olkin-Pratt average, Flanagan-Rulon and Raju).
    #[arg(long, value_enum, default_value_t = SplitMethod::Stratified)]
    pub split_method: SplitMethod,
    /// The stimulus column that stratified splits balance (rapidsplithalf's stratvars)
    /// [default: stimid where the table has it; without one, splits balance the cells].
    #[arg(long, value_name = "NAME")]
    pub stimulus_column: Option<String>,
    /// What the splits balance: `cell-and-stimulus` (each stimulus in each cell) or
    /// `cell` (the four cells only) [default: cell-and-stimulus; with --split-method
    /// aattools: cell, as aat_splithalf without stratvars; cell-and-stimulus there is
    /// stratvars = the stimulus column].
    #[arg(long, value_enum)]
    pub strata: Option<StrataArg>,
    /// With --split-half: the reliability to reach; the trials per participant it needs
    /// are printed (rapidsplithalf's requiredTestSize).
    #[arg(long, default_value_t = 0.8)]
    pub goal: f64,
    /// With --split-half --split-method aattools: drop participants 3 SDs or more from
    /// the group in either half (AATtools: case_prune_3SD).
    #[arg(long)]
    pub case_prune: bool,
    /// Also compute each participant's bootstrap interval of this score, and the
    /// q-reliability across participants (aat_bootstrap).
    #[arg(long, value_parser = super::values::score_kind())]
    pub bootstrap: Option<ScoreKind>,
    /// Instead of scoring with one setting: run the standard multiverse of
    /// pre-processing pipelines (error handling x RT bounds x outlier rule x score, 120
    /// in all; docs/scoring.md) and print each one's stratified split-half reliability
    /// and mean score, in a fixed order (per group). The pipelines' settings replace
    /// --preset and the other scoring options.
    #[arg(long, conflicts_with_all = ["split_half", "bootstrap"])]
    pub multiverse: bool,
    /// Split-half or bootstrap iterations [default: 6000; 500 per pipeline with
    /// --multiverse, whose Monte Carlo error is printed].
    #[arg(long, value_parser = super::at_least_one)]
    pub iterations: Option<usize>,
    /// Seed for the split-half and bootstrap iterations.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// `--split-method`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SplitMethod {
    Stratified,
    Aattools,
}

/// `--strata`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum StrataArg {
    CellAndStimulus,
    Cell,
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

const CSV_COLUMNS: &str = "subjectid,trials,kept,no_rt,timeouts,errors,error_rate,too_fast,too_slow,outliers,recoded,replaced,flagged,verdict,reason,median_diff,mean_diff,d_score,median_d_score,single_mean_diff,single_median_diff,regression,regression_se,standard_regression,multiblock_d_score";

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
        stimulus: args.stimulus_column.clone(),
    };
    if !(args.goal > 0.0 && args.goal < 1.0) {
        return Err(Failure::bad_input(format!(
            "--goal {}: expected a reliability between 0 and 1",
            args.goal
        )));
    }
    if args.case_prune && args.split_method == SplitMethod::Stratified {
        return Err(Failure::bad_input(
            "--case-prune belongs to --split-method aattools (AATtools' case_prune_3SD)",
        ));
    }
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
    if args.multiverse {
        print_multiverse(&args, &groups, args.iterations.unwrap_or(500));
        return Ok(());
    }
    let iterations = args.iterations.unwrap_or(6000);
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
    // Each group's stratified reliability, for comparing groups at the end.
    let mut reliabilities: Vec<(String, Reliability)> = Vec::new();
    for (key, subjects) in &groups {
        let prefix: String = key.iter().map(|v| format!("{},", quote(v))).collect();
        if let (false, Some(title)) = (args.csv, group_title(&args.group_by, key)) {
            println!("{title}");
        }
        let all_trials: Vec<&[ScoreTrial]> = subjects.values().map(Vec::as_slice).collect();
        let prepared = prepare_group(&all_trials, &config);
        let all_usable: Vec<Vec<Usable>> = all_trials.iter().map(|t| usable(t, &config).0).collect();
        let intervals = match args.bootstrap {
            Some(kind) => bootstrap_group(&all_usable, &config, kind, iterations, 0.95, args.seed),
            None => vec![None; all_usable.len()],
        };
        let boots: Vec<_> = intervals.iter().flatten().copied().collect();
        // The multi-block D-score's block sets: pairs of blocks from the group's first.
        let kept = kept_group(&all_trials, &config);
        let first_block = kept.iter().flatten().flatten().map(|k| k.block).min().unwrap_or(0);
        let sets: Vec<u32> = kept
            .iter()
            .flatten()
            .flatten()
            .map(|k| (k.block - first_block) / 2)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        for (((id, p), boot), kept) in subjects.keys().zip(&prepared).zip(intervals).zip(&kept) {
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
                let multiblock = kept
                    .as_ref()
                    .ok()
                    .and_then(|k| multiblock_d_score(k, first_block, &sets));
                println!(
                    "{prefix}{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}{b}",
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
                    full(pick(s.single_mean_diff)),
                    full(pick(s.single_median_diff)),
                    full(pick(s.mean_diff)),
                    full(pick(s.regression_se)),
                    full(pick(s.standard_regression)),
                    full(pick(multiblock)),
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
        let group_name = if prefix.is_empty() {
            String::new()
        } else {
            format!(" (group {})", prefix.trim_end_matches(','))
        };
        if let (Some(kind), SplitMethod::Stratified) = (args.split_half, args.split_method) {
            let kept: Vec<Vec<Kept>> = kept_group(&all_trials, &config).into_iter().flatten().collect();
            // A table without a stimulus column has only the cells to balance.
            let no_stimuli = all_trials.iter().all(|t| t.iter().all(|t| t.stimulus == 0));
            let options = StratifiedOptions {
                kind,
                splits: iterations,
                seed: args.seed,
                strata: strata(&args, no_stimuli),
            };
            match stratified_split_half(&kept, &options) {
                Ok(r) => {
                    say(stratified_text(
                        kind,
                        &group_name,
                        &r,
                        options.strata,
                        args.goal,
                        all_trials.len(),
                    ));
                    reliabilities.push((format!("group {}", prefix.trim_end_matches(',')), r));
                }
                Err(e) => say(format!(
                    "split-half reliability of the {}{group_name}: not available: {e}",
                    kind.label()
                )),
            }
        }
        if let (Some(kind), SplitMethod::Aattools) = (args.split_half, args.split_method) {
            let options = SplitHalfOptions {
                kind,
                iterations,
                seed: args.seed,
                case_prune: args.case_prune,
                // AATtools' stratvars only when asked for (its default has none).
                by_stimulus: args.strata == Some(StrataArg::CellAndStimulus),
            };
            // A reliability that cannot be estimated from these data (too few
            // participants, as in a small group) is said beside the scores, which
            // stand: it is not an input error.
            match split_half(&all_usable, &config, &options) {
                Ok(r) => say(split_half_text(kind, &r, options.by_stimulus)),
                Err(e) => say(format!(
                    "split-half reliability of the {}{group_name}: not available: {e}",
                    kind.label(),
                )),
            }
        }
    }
    compare_groups(&reliabilities, args.csv);
    Ok(())
}

/// `--multiverse`: every pipeline of the grid on each group, in the grid's fixed order.
fn print_multiverse(args: &ScoreArgs, groups: &aatcsv::ByGroup, splits: usize) {
    let group_header: String = args.group_by.iter().map(|g| format!("{},", quote(g))).collect();
    if args.csv {
        println!("{group_header}errors,rt_bounds,outliers,score,scored,mean,sd,reliability,lower,upper,mc_error");
    }
    for (key, subjects) in groups {
        let prefix: String = key.iter().map(|v| format!("{},", quote(v))).collect();
        let all_trials: Vec<&[ScoreTrial]> = subjects.values().map(Vec::as_slice).collect();
        let options = StratifiedOptions {
            kind: ScoreKind::MedianDiff,
            splits,
            seed: args.seed,
            strata: strata(args, all_trials.iter().all(|t| t.iter().all(|t| t.stimulus == 0))),
        };
        let pipelines = multiverse(&all_trials, &options);
        if !args.csv {
            if let Some(title) = group_title(&args.group_by, key) {
                println!("{title}");
            }
            println!(
                "multiverse: {} pipelines (error handling x RT bounds x outlier rule x score) over {} participants; reliability: stratified split-half, {splits} splits per pipeline",
                pipelines.len(),
                all_trials.len()
            );
            println!(
                "{:<12} {:<9} {:<13} {:<15} {:>6} {:>10} {:>10} {:>7} {:>17} {:>8}",
                "errors", "bounds", "outliers", "score", "scored", "mean", "sd", "rel.", "95% of splits", "MC err"
            );
        }
        let f = |v: Option<f64>, d: usize| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.d$}"));
        let full = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
        for p in &pipelines {
            let rel = p.reliability.as_ref().ok();
            let decimals = if p.score.in_ms() { 1 } else { 3 };
            if args.csv {
                println!(
                    "{prefix}{},{},{},{},{},{},{},{},{},{},{}",
                    p.preprocessing.errors,
                    p.preprocessing.bounds,
                    p.preprocessing.outliers,
                    p.score.name(),
                    p.scored,
                    full(p.mean),
                    full(p.sd),
                    full(rel.map(|r| r.r)),
                    full(rel.map(|r| r.lower)),
                    full(rel.map(|r| r.upper)),
                    full(rel.map(|r| r.monte_carlo_error)),
                );
            } else {
                println!(
                    "{:<12} {:<9} {:<13} {:<15} {:>6} {:>10} {:>10} {:>7} {:>17} {:>8}",
                    p.preprocessing.errors,
                    p.preprocessing.bounds,
                    p.preprocessing.outliers,
                    p.score.name(),
                    p.scored,
                    f(p.mean, decimals),
                    f(p.sd, decimals),
                    f(rel.map(|r| r.r), 3),
                    rel.map_or_else(|| "-".to_owned(), |r| format!("[{:.3}, {:.3}]", r.lower, r.upper)),
                    f(rel.map(|r| r.monte_carlo_error), 4),
                );
            }
        }
        let mut values: Vec<f64> = pipelines
            .iter()
            .filter_map(|p| p.reliability.as_ref().ok().map(|r| r.r))
            .collect();
        values.sort_by(f64::total_cmp);
        if let (Some(&lo), Some(&hi)) = (values.first(), values.last()) {
            let line = format!(
                "reliability over the {} pipelines with one: from {lo:.3} to {hi:.3}, median {:.3}; the order above is the grid's, never the results'",
                values.len(),
                vr_aat_core::scoring::median(&mut values).unwrap_or(f64::NAN)
            );
            if args.csv {
                eprintln!("{line}");
            } else {
                println!("{line}");
            }
        }
    }
}

/// The stratified reliability of one group, in words a methods section can quote.
fn stratified_text(kind: ScoreKind, group: &str, r: &Reliability, strata: Strata, goal: f64, given: usize) -> String {
    let needed = needed_for(r, goal);
    let left_out = given - r.participants;
    let left_out = if left_out > 0 {
        format!(" ({left_out} participant(s) not scored and left out)")
    } else {
        String::new()
    };
    [
        format!(
            "split-half reliability of the {}{group}, stratified by {} (rapidsplithalf), over {} participants{left_out} with {:.1} kept trials each on average, {} splits:",
            kind.label(),
            match strata {
                Strata::CellAndStimulus => "cell and stimulus",
                Strata::Cell => "cell",
            },
            r.participants,
            r.trials_per_participant,
            r.splits
        ),
        format!(
            "  Spearman-Brown r = {:.4}, 95% of splits [{:.4}, {:.4}], Monte Carlo error {:.4}",
            r.r, r.lower, r.upper, r.monte_carlo_error
        ),
        format!("  for r = {goal}: {needed}"),
    ]
    .join("\n")
}

/// With several groups: whether each pair's reliabilities differ (rapidsplithalf's
/// comprel, two-sided), one line per pair; `named` are the groups' names in words. Also
/// `vr-aat reliability`'s.
pub(super) fn compare_groups(named: &[(String, Reliability)], csv: bool) {
    for (i, (a, ra)) in named.iter().enumerate() {
        for (b, rb) in &named[i + 1..] {
            let Some(p) = stratified::compare(&ra.per_split, &rb.per_split) else {
                continue;
            };
            let line = format!(
                "reliabilities of {a} ({:.3}) and {b} ({:.3}) differ? p = {p:.4} (two-sided; rapidsplithalf's comprel over the splits)",
                ra.r, rb.r
            );
            if csv {
                eprintln!("{line}");
            } else {
                println!("{line}");
            }
        }
    }
}

/// The trials per participant a reliability needs to reach `goal`, in words. Also
/// `vr-aat reliability`'s.
pub(super) fn needed_for(r: &Reliability, goal: f64) -> String {
    match r.required_trials(goal) {
        Some(n) if n.is_finite() => format!("{:.0} kept trials per participant", n.ceil()),
        _ => "not reachable by more trials (the reliability is 0 or below)".to_owned(),
    }
}

/// A group's heading, `-- task = alcohol`; `None` without --group-by.
fn group_title(group_by: &[String], key: &[String]) -> Option<String> {
    let name: Vec<String> = group_by.iter().zip(key).map(|(g, v)| format!("{g} = {v}")).collect();
    (!name.is_empty()).then(|| format!("-- {}", name.join(", ")))
}

/// What stratified splits balance: `--strata`, else each stimulus in each cell (only
/// the cells when the table names no stimulus).
fn strata(args: &ScoreArgs, no_stimuli: bool) -> Strata {
    match args.strata {
        Some(StrataArg::Cell) => Strata::Cell,
        _ if no_stimuli => Strata::Cell,
        _ => Strata::CellAndStimulus,
    }
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

fn split_half_text(kind: ScoreKind, r: &SplitHalf, by_stimulus: bool) -> String {
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
            "split-half reliability of the {} (AATtools 0.0.3's aat_splithalf{}) over {} participants ({:.2} on average with a score in both halves), {} iterations:",
            kind.label(),
            if by_stimulus { ", stratified by stimulus" } else { "" },
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
