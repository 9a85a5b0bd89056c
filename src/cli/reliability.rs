//! `vr-aat reliability`: split-half reliability of the bias score across the
//! participants in the data folder, per protocol and session.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Failure, data_dir, reader_result};
use vr_aat_core::records::SessionUse;
use vr_aat_core::scoring::stratified::{self, Reliability, Strata, StratifiedOptions, stratified_split_half};
use vr_aat_core::scoring::{ScoreKind, ScoreTrial, SplitHalfOptions, kept_group, prepare, split_half, usable};
use vr_aat_core::trial::score_trials;
use vr_aat_store::scan::{StoredSession, read_session, scan};

/// `--method`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Method {
    /// Stratified by cell and stimulus, after pre-processing (rapidsplithalf 0.7;
    /// Kahveci, Bathke and Blechert 2025).
    Stratified,
    /// AATtools 0.0.3's aat_splithalf: pre-processing within each half.
    Aattools,
}

/// Split-half reliability of the bias score across the participants in the data folder.
///
/// Permuted split-half reliability of a bias score across participants (at least 5),
/// from one session of each participant's assessment and sham blocks, with the scoring
/// settings stored in the sessions. Each protocol is its own group (protocols measure
/// with different tasks), each kind of session (therapy, ended early, demo, synthetic:
/// never pooled) and each --session its own; sessions that cannot be scored as
/// a whole are left out and named.
///
/// The default method stratifies the splits by cell and stimulus after pre-processing
/// (Kahveci, Bathke and Blechert 2025; rapidsplithalf 0.7): it prints the Spearman-Brown
/// reliability, the 95% range over splits, its Monte Carlo error and the trials per
/// participant needed for --goal; with two or more groups (two sessions, two protocols)
/// it tests whether their reliabilities differ (rapidsplithalf's comprel). --method
/// aattools gives AATtools 0.0.3's aat_splithalf (uncorrected, Flanagan-Rulon, Raju).
/// Reliability belongs to a group, not to one patient: for one patient use
/// `vr-aat summary`, which gives a confidence interval.
///
/// Only reads. A damaged session is named and left out (exit status 2).
#[derive(Args, Debug)]
pub struct ReliabilityArgs {
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Which session of each participant; several (comma-separated) are each a group,
    /// compared with one another.
    #[arg(long, value_delimiter = ',', default_value = "1", value_parser = clap::value_parser!(u32).range(1..))]
    pub session: Vec<u32>,
    #[arg(long, default_value = "median-diff", value_parser = super::values::score_kind())]
    pub score: ScoreKind,
    #[arg(long, value_enum, default_value_t = Method::Stratified)]
    pub method: Method,
    /// Random splits to average over.
    #[arg(long, default_value_t = stratified::DEFAULT_SPLITS, value_parser = super::at_least_one)]
    pub iterations: usize,
    /// The reliability to reach: the trials per participant it needs are printed.
    #[arg(long, default_value_t = 0.8)]
    pub goal: f64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// With --method aattools: drop participants 3 SDs or more from the group in either
    /// half (AATtools: case_prune_3SD).
    #[arg(long)]
    pub case_prune: bool,
}

pub fn run(args: ReliabilityArgs) -> Result<(), Failure> {
    if !(args.goal > 0.0 && args.goal < 1.0) {
        return Err(Failure::bad_input(format!(
            "--goal {}: expected a reliability between 0 and 1",
            args.goal
        )));
    }
    if args.case_prune && args.method == Method::Stratified {
        return Err(Failure::bad_input(
            "--case-prune belongs to --method aattools (AATtools' case_prune_3SD)",
        ));
    }
    let root = data_dir(args.data_dir.clone());
    let wanted = args.session.clone();
    // Only the chosen sessions are read; another damaged session does not matter here.
    let found = scan(&root, &[], |dir| {
        let n = dir
            .file_name()
            .and_then(|n| vr_aat_store::layout::parse_session_folder(&n.to_string_lossy()));
        if n.is_some_and(|n| wanted.contains(&n)) {
            read_session(dir).map(Some)
        } else {
            Ok(None)
        }
    })
    .map_err(Failure::runtime)?;
    found.report_damage();
    // Groups: (protocol, session number).
    // Groups: protocol, what the sessions count as (therapy, demo, synthetic ...: never
    // pooled, as everywhere), session number.
    let mut groups: BTreeMap<(String, SessionUse, u32), Vec<&StoredSession>> = BTreeMap::new();
    for s in found.found.iter().flatten() {
        groups
            .entry((
                s.meta.protocol_id.clone(),
                SessionUse::of(&s.meta.input_source, &s.meta.status),
                s.meta.session,
            ))
            .or_default()
            .push(s);
    }
    if groups.is_empty() {
        return Err(Failure::bad_input(format!(
            "{}: split-half reliability needs at least 5 participants; none has a session {}",
            root.display(),
            args.session.iter().map(u32::to_string).collect::<Vec<_>>().join(" or ")
        )));
    }
    let mut done: Vec<(String, Reliability)> = Vec::new();
    let mut failures = Vec::new();
    let mut reported = 0;
    for ((protocol, counts_as, session), sessions) in &groups {
        let name = format!("protocol `{protocol}`, {} sessions, session {session}", counts_as.id());
        match group(&args, &name, sessions) {
            Ok(r) => {
                reported += 1;
                done.extend(r.map(|r| (name, r)));
            }
            Err(e) => {
                println!("{name}: not available: {e}");
                failures.push(e);
            }
        }
    }
    super::score::compare_groups(&done, false);
    // No group at all had a reliability: as before, an error naming why.
    if reported == 0 {
        return Err(Failure::bad_input(failures.join("; ")));
    }
    reader_result(found.damaged.len())
}

/// One group's reliability, printed; `Some` with the stratified method (for comparing
/// groups), `None` with AATtools'.
fn group(args: &ReliabilityArgs, name: &str, sessions: &[&StoredSession]) -> Result<Option<Reliability>, String> {
    let Some(first) = sessions.first() else {
        return Err("no sessions".to_owned());
    };
    let config = first.meta.scoring();
    if let Some(other) = sessions.iter().find(|s| s.meta.scoring() != config) {
        return Err(format!(
            "participants {} and {} were scored with different settings; reliability needs one setting for the group",
            first.meta.participant, other.meta.participant
        ));
    }
    // Sessions that cannot be scored as a whole (too many errors, too few trials) are left
    // out and named, as `summary` shows them; the others are split.
    let all: Vec<Vec<ScoreTrial>> = sessions.iter().map(|s| score_trials(&s.records)).collect();
    let mut skipped = Vec::new();
    let mut scored = Vec::new();
    for (s, trials) in sessions.iter().zip(&all) {
        match prepare(trials, &config).reason {
            None => scored.push(trials.as_slice()),
            Some(reason) => skipped.push(format!("{} ({reason})", s.meta.participant)),
        }
    }
    let also = if skipped.is_empty() {
        String::new()
    } else {
        format!(" (not scored: {})", skipped.join(", "))
    };
    let out = match args.method {
        Method::Stratified => {
            let kept: Vec<_> = kept_group(&scored, &config).into_iter().flatten().collect();
            let options = StratifiedOptions {
                kind: args.score,
                splits: args.iterations,
                seed: args.seed,
                strata: Strata::CellAndStimulus,
            };
            let r = stratified_split_half(&kept, &options).map_err(|e| format!("{e}{also}"))?;
            let needed = super::score::needed_for(&r, args.goal);
            println!(
                "{name}: split-half reliability of the {}, stratified by cell and stimulus (rapidsplithalf), {} participants with {:.1} kept trials each on average, {} splits",
                args.score.label(),
                r.participants,
                r.trials_per_participant,
                r.splits
            );
            println!(
                "  Spearman-Brown r = {:.3}, 95% of splits [{:.3}, {:.3}], Monte Carlo error {:.4}; for r = {}: {needed}",
                r.r, r.lower, r.upper, r.monte_carlo_error, args.goal
            );
            Some(r)
        }
        Method::Aattools => {
            let usables: Vec<_> = scored.iter().map(|t| usable(t, &config).0).collect();
            let options = SplitHalfOptions {
                kind: args.score,
                iterations: args.iterations,
                seed: args.seed,
                case_prune: args.case_prune,
                by_stimulus: false,
            };
            let r = split_half(&usables, &config.without_case_rules(), &options).map_err(|e| format!("{e}{also}"))?;
            println!(
                "{name}: split-half reliability of the {} (AATtools 0.0.3), {} participants ({:.2} on average with a score in both halves), {} iterations",
                args.score.label(),
                r.participants,
                r.avg_n,
                r.iterations
            );
            for (label, c) in [
                ("Spearman-Brown r", r.spearman_brown),
                ("uncorrected r", r.uncorrected),
                ("Flanagan-Rulon", r.flanagan_rulon),
                ("Raju's beta", r.raju),
            ] {
                println!(
                    "  {label} = {:.3}, 95% CI [{:.3}, {:.3}], p = {}",
                    c.r,
                    c.lower,
                    c.upper,
                    c.p.map_or_else(|| "NA".to_owned(), |p| format!("{p:.3e}"))
                );
            }
            None
        }
    };
    if !skipped.is_empty() {
        println!("  not scored: {}", skipped.join(", "));
    }
    Ok(out)
}
