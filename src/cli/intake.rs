//! `vr-aat intake`: record a participant's own drinks, or show them.

use std::path::PathBuf;

use clap::Args;

use vr_aat_core::data::ProtocolSource;
use vr_aat_core::data::intake::{Intake, personal_set};
use vr_aat_core::participant::ParticipantId;
use vr_aat_store::files::intake::{INTAKE_FILE, read_intake, write_intake};

use super::{Failure, data_dir, lock_participants};

/// Record the drinks a participant usually drinks and likes (the intake), or show them.
///
/// With --alcohol and/or --soft: the alcoholic drinks the patient usually drinks and the
/// soft drinks they like, as ids of the protocol's drink catalogue (`--help` of
/// `screenshot --drink` and docs/protocols.md list them). From then on the participant's
/// sessions train with a personal set: every matched pair (drinks of the two categories
/// matched in vessel shape) with a picked drink is trained, both drinks of it; every other
/// drink is untrained, so an assessment can test whether the training generalises to
/// drinks it did not train. Each session keeps its set in session.ron; `summary` shows it.
///
/// Without them: shows the participant's intake and personal set.
///
/// Everything is checked before the data folder is touched (exit 2, nothing written):
/// the ids, their category, at least one pick, at least one drink left untrained. An
/// existing intake is replaced only with --replace (the sessions already recorded keep
/// the set they were planned with). Written atomically as PARTICIPANT/intake.ron, by the
/// participant's one writer (refused while a session of theirs is being recorded).
#[derive(Args, Debug)]
pub struct IntakeArgs {
    /// The participant's pseudonym.
    pub participant: String,
    /// Alcoholic drinks the patient usually drinks (comma-separated catalogue ids).
    #[arg(long, value_delimiter = ',')]
    pub alcohol: Vec<String>,
    /// Soft drinks the patient likes (comma-separated catalogue ids).
    #[arg(long, value_delimiter = ',')]
    pub soft: Vec<String>,
    /// The protocol whose drink catalogue the ids are from (a built-in name or a file).
    #[arg(long, default_value = super::DEFAULT_PROTOCOL, value_parser = vr_aat_core::data::builtin::protocol_arg)]
    pub protocol: PathBuf,
    /// Replace an intake recorded before.
    #[arg(long)]
    pub replace: bool,
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

pub fn run(args: IntakeArgs) -> Result<(), Failure> {
    let id = ParticipantId::parse(&args.participant).map_err(Failure::bad_input)?;
    let source = ProtocolSource::load(&args.protocol).map_err(Failure::bad_input)?;
    let catalogue = &source.catalogue;
    let root = data_dir(args.data_dir.clone());
    let folder = root.join(id.as_str());
    let show = |intake: &Intake| {
        let set = personal_set(intake, catalogue);
        let untrained: Vec<&str> = catalogue
            .drinks
            .iter()
            .filter(|d| !set.contains(&d.id))
            .map(|d| d.id.as_str())
            .collect();
        println!(
            "participant {id}: usually drinks {}; likes {}",
            list(&intake.alcohol),
            list(&intake.soft)
        );
        println!("trained (the picks and their matched partners): {}", set.join(", "));
        println!("untrained: {}", untrained.join(", "));
    };
    if args.alcohol.is_empty() && args.soft.is_empty() {
        return match read_intake(&folder).map_err(Failure::bad_input)? {
            Some(intake) => {
                show(&intake);
                Ok(())
            }
            None => Err(Failure::bad_input(format!(
                "{}: participant `{id}` has no intake yet; record one with --alcohol ID,... and/or --soft ID,...",
                folder.display()
            ))),
        };
    }
    let intake = Intake {
        alcohol: args.alcohol.clone(),
        soft: args.soft.clone(),
        recorded_utc: vr_aat_store::utc_now(),
        source: "desktop".into(),
    };
    intake
        .check(catalogue)
        .map_err(|e| Failure::bad_input(format!("--alcohol/--soft: {e}")))?;
    if !args.replace && folder.join(INTAKE_FILE).exists() {
        return Err(Failure::bad_input(format!(
            "{}: participant `{id}` already has an intake; --replace replaces it (recorded sessions keep their set)",
            folder.join(INTAKE_FILE).display()
        )));
    }
    // The participant's one writer from here.
    let locks = lock_participants(&root, std::slice::from_ref(&id))?;
    vr_aat_store::atomic::create_dir_durably(&folder)
        .map_err(|e| Failure::runtime(format!("{}: cannot create: {e}", folder.display())))?;
    write_intake(&folder, &intake).map_err(Failure::runtime)?;
    let path = folder.join(INTAKE_FILE);
    drop(locks);
    println!("wrote {}", path.display());
    show(&intake);
    Ok(())
}

fn list(ids: &[String]) -> String {
    if ids.is_empty() { "-".to_owned() } else { ids.join(", ") }
}
