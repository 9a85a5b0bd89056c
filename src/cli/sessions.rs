//! `vr-aat sessions`: participants and sessions in the data folder.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, data_dir, reader_result};
use vr_aat_store::scan::{StoredStatus, read_session, scan};

/// List participants and their sessions (status, protocol, trials, source).
///
/// Only reads: works on a read-only copy of a data folder. A session a crash left open
/// is shown as "interrupted" with its completed trials (`vr-aat repair`, or the
/// participant's next session, closes it); one being recorded right now as "recording".
/// A damaged session is named (file, line, column, what was expected) and skipped, the
/// others are still listed, and the exit status is 2.
#[derive(Args, Debug)]
pub struct SessionsArgs {
    /// The data folder (default: $VR_AAT_DATA_DIR, else ./data).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

pub fn run(args: SessionsArgs) -> Result<(), Failure> {
    let root = data_dir(args.data_dir);
    let found = scan(&root, &[], read_session).map_err(Failure::runtime)?;
    println!("data folder: {}", root.display());
    if found.found.is_empty() && found.damaged.is_empty() {
        println!("no participants yet");
        return Ok(());
    }
    println!(
        "{:<22} {:>7} {:<11} {:<18} {:>13} {:<20} source",
        "participant", "session", "status", "protocol", "trials", "started (UTC)"
    );
    for s in &found.found {
        let meta = &s.meta;
        println!(
            "{:<22} {:>7} {:<11} {:<18} {:>13} {:<20} {}",
            meta.participant,
            meta.session,
            s.state.label(),
            meta.protocol_id,
            format!("{} of {}", s.records.len(), meta.trials_planned),
            meta.started_utc,
            meta.input_source.label()
        );
        match &s.state {
            StoredStatus::Incomplete(reason) => println!("{:>31} {reason}", ""),
            StoredStatus::Interrupted => println!(
                "{:>31} the recording process stopped before the session ended; `vr-aat repair` closes it",
                ""
            ),
            _ => {}
        }
    }
    found.report_damage();
    reader_result(found.damaged.len())
}
