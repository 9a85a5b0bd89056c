//! `vr-aat reliability`: split-half reliability of the bias score across the
//! participants in the data folder.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, data_dir, reader_result};
use vr_aat::metrics::store::{read_session, scan};
use vr_aat::scoring::{ScoreKind, ScoringConfig, Verdict, prepare, split_half};
use vr_aat::sim::score_trials;

/// Split-half reliability of the bias score across the participants in the data folder.
///
/// Permuted split-half reliability of a bias score across participants (at least 5), as
/// AATtools' aat_splithalf computes it, from one session of each participant's
/// assessment and sham blocks. Reliability belongs to a group, not to one patient: for
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
    #[arg(long, value_enum, default_value_t = ScoreKind::MedianDiff)]
    pub score: ScoreKind,
    /// Random splits to average over.
    #[arg(long, default_value_t = 6000, value_parser = super::at_least_one)]
    pub iterations: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(args: ReliabilityArgs) -> Result<(), Failure> {
    let root = data_dir(args.data_dir);
    let wanted = args.session;
    // Only the chosen session of each participant is read; another damaged session
    // does not matter here.
    let found = scan(&root, &[], |dir| {
        let n = dir
            .file_name()
            .and_then(|n| vr_aat::metrics::parse_session_folder(&n.to_string_lossy()));
        if n == Some(wanted) {
            read_session(dir).map(Some)
        } else {
            Ok(None)
        }
    })
    .map_err(Failure::runtime)?;
    let mut cells = Vec::new();
    let mut skipped = Vec::new();
    for s in found.found.iter().flatten() {
        let prepared = prepare(&score_trials(&s.records), &ScoringConfig::default());
        if prepared.verdict == Verdict::Scored {
            cells.push(prepared.cells);
        } else {
            skipped.push(format!("{} ({})", s.meta.participant, prepared.verdict.label()));
        }
    }
    found.report_damage();
    let r = split_half(&cells, args.score, args.iterations, args.seed).map_err(Failure::bad_input)?;
    println!(
        "split-half reliability of the {}, session {}: {} participants, {} iterations",
        args.score.label(),
        args.session,
        r.participants,
        r.iterations
    );
    println!(
        "mean split-half r = {:.3}; Spearman-Brown corrected r = {:.3}",
        r.r, r.r_sb
    );
    if !skipped.is_empty() {
        println!("not scored: {}", skipped.join(", "));
    }
    reader_result(found.damaged.len())
}
