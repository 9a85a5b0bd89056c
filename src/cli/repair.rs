//! `vr-aat repair`: closes what crashes left open, as the participants' writer.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, chosen_participants, data_dir};
use vr_aat_store::repair::repair_participant;
use vr_aat_store::{LockError, ParticipantLock};

/// Close sessions that a crash left open, and name damaged data.
///
/// For each participant (all, or those given with --participant), as that participant's
/// one writer: closes sessions left "in progress" by a process that is gone (every
/// complete trial kept, a cut-off last row removed, status "incomplete: interrupted"),
/// removes what sessions that stopped before their first trial left, and names every
/// session it cannot repair (left exactly as it is). It goes on after a problem.
///
/// The readers (sessions, summary, export, reliability) never change anything; they show
/// such sessions as interrupted. `simulate` and `play` repair their own participant
/// before they start.
///
/// Exit status: 0 all in order; 2 damaged data remains (named); 1 a participant is
/// being recorded right now (skipped).
#[derive(Args, Debug)]
pub struct RepairArgs {
    /// Participants to repair (default: all).
    #[arg(long = "participant")]
    pub participants: Vec<String>,
    /// The data folder (default: $VR_AAT_DATA_DIR, else ./data).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

pub fn run(args: RepairArgs) -> Result<(), Failure> {
    let root = data_dir(args.data_dir);
    let ids = chosen_participants(&root, &args.participants)?;
    let (mut busy, mut problems, mut repaired) = (0, 0, 0);
    for id in &ids {
        let lock = match ParticipantLock::acquire(&root, id) {
            Ok(lock) => lock,
            Err(e @ LockError::Busy { .. }) => {
                eprintln!("note: {e}");
                busy += 1;
                continue;
            }
            Err(e) => {
                eprintln!("error: {e}");
                busy += 1;
                continue;
            }
        };
        let report = repair_participant(&lock);
        report.report();
        problems += report.problems.len();
        repaired += report.recovered.len() + report.removed_starts.len();
    }
    println!(
        "repair: {} participants checked, {repaired} repairs, {problems} damaged sessions left as they are, {busy} skipped (being recorded, or the folder cannot be written)",
        ids.len()
    );
    if problems > 0 {
        return Err(Failure::bad_input(format!(
            "{problems} session(s) could not be repaired (named above)"
        )));
    }
    if busy > 0 {
        return Err(Failure::runtime(format!(
            "{busy} participant(s) could not be checked now"
        )));
    }
    Ok(())
}
