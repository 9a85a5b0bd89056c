//! `vr-aat reliability`: split-half reliability of the bias score across the
//! participants in the data folder.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, data_dir, reader_result};
use vr_aat_core::scoring::{ScoreKind, SplitHalfOptions, prepare, split_half, usable};
use vr_aat_core::trial::score_trials;
use vr_aat_store::scan::{read_session, scan};

/// Split-half reliability of the bias score across the participants in the data folder.
///
/// Permuted split-half reliability of a bias score across participants (at least 5), as
/// AATtools' aat_splithalf computes it, from one session of each participant's
/// assessment and sham blocks, with the scoring settings stored in the sessions: sessions
/// that cannot be scored as a whole are left out (and named), the others' halves get
/// the same error handling and outlier rule (but are not dropped for their error rate
/// in a half; `vr-aat score --split-half` on an export applies AATtools' per-half rules). Reports the Spearman-Brown corrected
/// reliability with its 95% interval over iterations and p-value, and the uncorrected,
/// Flanagan-Rulon and Raju coefficients. Reliability belongs to a group, not to one patient: for
/// one patient use `vr-aat summary`, which gives a confidence interval.
///
/// Only reads. A damaged session is named and left out (exit status 2).
#[derive(Args, Debug)]
pub struct ReliabilityArgs {
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Which session of each participant.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub session: u32,
    #[arg(long, default_value = "median-diff", value_parser = super::values::score_kind())]
    pub score: ScoreKind,
    /// Random splits to average over.
    #[arg(long, default_value_t = 6000, value_parser = super::at_least_one)]
    pub iterations: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Drop participants 3 SDs or more from the group in either half (AATtools:
    /// case_prune_3SD).
    #[arg(long)]
    pub case_prune: bool,
}

pub fn run(args: ReliabilityArgs) -> Result<(), Failure> {
    let root = data_dir(args.data_dir);
    let wanted = args.session;
    // Only the chosen session of each participant is read; another damaged session
    // does not matter here.
    let found = scan(&root, &[], |dir| {
        let n = dir
            .file_name()
            .and_then(|n| vr_aat_store::layout::parse_session_folder(&n.to_string_lossy()));
        if n == Some(wanted) {
            read_session(dir).map(Some)
        } else {
            Ok(None)
        }
    })
    .map_err(Failure::runtime)?;
    let sessions: Vec<_> = found.found.iter().flatten().collect();
    found.report_damage();
    let Some(first) = sessions.first() else {
        return Err(Failure::bad_input(format!(
            "{}: split-half reliability needs at least 5 participants; none has a session {wanted}",
            root.display()
        )));
    };
    let config = first.meta.scoring();
    if let Some(other) = sessions.iter().find(|s| s.meta.scoring() != config) {
        return Err(Failure::bad_input(format!(
            "participants {} and {} were scored with different settings (their protocols' `scoring`); reliability needs one setting for the group",
            first.meta.participant, other.meta.participant
        )));
    }
    // Sessions that cannot be scored as a whole (too many errors, too few trials) are left
    // out and named, as `summary` shows them; the others are split.
    let mut trials = Vec::new();
    let mut skipped = Vec::new();
    for s in &sessions {
        let all = score_trials(&s.records);
        let prepared = prepare(&all, &config);
        match prepared.reason {
            None => trials.push(usable(&all, &config).0),
            Some(reason) => skipped.push(format!("{} ({reason})", s.meta.participant)),
        }
    }
    let options = SplitHalfOptions {
        kind: args.score,
        iterations: args.iterations,
        seed: args.seed,
        case_prune: args.case_prune,
    };
    let r = split_half(&trials, &config.without_case_rules(), &options).map_err(|e| {
        let also = if skipped.is_empty() {
            String::new()
        } else {
            format!(" (not scored: {})", skipped.join(", "))
        };
        Failure::bad_input(format!("{e}{also}"))
    })?;
    println!(
        "split-half reliability of the {}, session {}: {} participants ({:.2} on average with a score in both halves), {} iterations",
        args.score.label(),
        args.session,
        r.participants,
        r.avg_n,
        r.iterations
    );
    for (name, c) in [
        ("Spearman-Brown r", r.spearman_brown),
        ("uncorrected r", r.uncorrected),
        ("Flanagan-Rulon", r.flanagan_rulon),
        ("Raju's beta", r.raju),
    ] {
        println!(
            "  {name} = {:.3}, 95% CI [{:.3}, {:.3}], p = {}",
            c.r,
            c.lower,
            c.upper,
            c.p.map_or_else(|| "NA".to_owned(), |p| format!("{p:.3e}"))
        );
    }
    if !skipped.is_empty() {
        println!("not scored: {}", skipped.join(", "));
    }
    reader_result(found.damaged.len())
}
