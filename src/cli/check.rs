//! `vr-aat check FILE...`: validates protocol, catalogue, patient, cohort and
//! questionnaire files.

use std::path::PathBuf;

use clap::Args;

use super::Failure;
use vr_aat_core::data::check_file;

/// Validate data files (protocols, stimulus catalogues, synthetic-patient profiles,
/// cohorts, questionnaires).
///
/// The kind of each file is told from the struct name it starts with. Every problem is
/// reported with the file, line and column, the field and what was expected. Exit status
/// 0 when all files are valid, 2 otherwise.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

pub fn run(args: CheckArgs) -> Result<(), Failure> {
    let mut bad = 0;
    for file in &args.files {
        match check_file(file) {
            Ok(kind) => println!("ok: {} ({})", file.display(), kind.label()),
            Err(e) => {
                bad += 1;
                eprintln!("error: {}", e.to_string().replace('\n', "\nerror: "));
            }
        }
    }
    if bad > 0 {
        return Err(Failure::bad_input(format!(
            "{bad} of {} files are not valid",
            args.files.len()
        )));
    }
    Ok(())
}
