//! `vr-aat reliability`: split-half reliability of the bias score across the
//! participants in the data folder.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, data_dir, recover_and_report};
use crate::metrics::store::{participants, read_session, session_dirs};
use crate::scoring::{ScoreKind, ScoringConfig, Verdict, prepare, split_half};
use crate::sim::score_trials;

/// Split-half reliability of the bias score across the participants in the data folder.
///
/// Permuted split-half reliability of a bias score across participants (at least 5), as
/// AATtools' aat_splithalf computes it, from one session of each participant's
/// assessment and sham blocks. Reliability belongs to a group, not to one patient: for
/// one patient use `vr-aat summary`, which gives a confidence interval.
#[derive(Args, Debug)]
pub struct ReliabilityArgs {
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Which session of each participant.
    #[arg(long, default_value_t = 1)]
    pub session: u32,
    #[arg(long, value_enum, default_value_t = ScoreKind::MedianDiff)]
    pub score: ScoreKind,
    /// Random splits to average over.
    #[arg(long, default_value_t = 6000)]
    pub iterations: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(args: ReliabilityArgs) -> Result<(), Failure> {
    let root = data_dir(args.data_dir);
    recover_and_report(&root)?;
    let mut cells = Vec::new();
    let mut skipped = Vec::new();
    for p in participants(&root).map_err(Failure::runtime)? {
        let Some((_, dir)) = session_dirs(&root, &p)
            .map_err(Failure::runtime)?
            .into_iter()
            .find(|(n, _)| *n == args.session)
        else {
            continue;
        };
        let s = read_session(&dir).map_err(Failure::bad_input)?;
        let prepared = prepare(&score_trials(&s.records), &ScoringConfig::default());
        if prepared.verdict == Verdict::Scored {
            cells.push(prepared.cells);
        } else {
            skipped.push(format!("{p} ({})", prepared.verdict.label()));
        }
    }
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
    Ok(())
}
