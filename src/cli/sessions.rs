//! `vr-aat sessions`: participants and sessions in the data folder.

use std::path::PathBuf;

use clap::Args;

use super::{Failure, data_dir, recover_and_report};
use crate::metrics::SessionStatus;
use crate::metrics::store::{participants, read_meta, read_trials, session_dirs};

/// List participants and their sessions (status, protocol, trials, source).
///
/// Sessions that a crash left open are closed as incomplete first, with every completed
/// trial kept, and reported.
#[derive(Args, Debug)]
pub struct SessionsArgs {
    /// The data folder (default: $VR_AAT_DATA_DIR, else ./data).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

pub fn run(args: SessionsArgs) -> Result<(), Failure> {
    let root = data_dir(args.data_dir);
    recover_and_report(&root)?;
    let people = participants(&root).map_err(Failure::runtime)?;
    println!("data folder: {}", root.display());
    if people.is_empty() {
        println!("no participants yet");
        return Ok(());
    }
    println!(
        "{:<22} {:>7} {:<11} {:<18} {:>13} {:<20} source",
        "participant", "session", "status", "protocol", "trials", "started (UTC)"
    );
    for p in &people {
        for (n, dir) in session_dirs(&root, p).map_err(Failure::runtime)? {
            let meta = read_meta(&dir).map_err(Failure::bad_input)?;
            let trials = read_trials(&dir).map_err(Failure::bad_input)?;
            println!(
                "{:<22} {:>7} {:<11} {:<18} {:>13} {:<20} {}",
                p,
                n,
                meta.status.label(),
                meta.protocol_id,
                format!("{} of {}", trials.len(), meta.trials_planned),
                meta.started_utc,
                meta.input_source.label()
            );
            if let SessionStatus::Incomplete { reason } = &meta.status {
                println!("{:>31} {reason}", "");
            }
        }
    }
    Ok(())
}
