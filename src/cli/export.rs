//! `vr-aat export`: research formats for R, pandas and AAT tools (the tables are written
//! by `vr_aat_store::export`, streamed session by session) and FHIR Bundles for a
//! clinic's records (`vr_aat_review::fhir`).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use vr_aat_store::export::{ANSWERS_TABLE, SCORES_TABLE, TRACKING_TABLE, TRIALS_TABLE, export_tables};
use vr_aat_store::output::{OutFile, check_out_folder, remove_output};
use vr_aat_store::scan::read_participant;

use super::{Failure, chosen_participants, counted, data_dir, reader_result};

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Folder to write into (created if missing; the tables there are replaced).
    #[arg(long, required_unless_present = "bids")]
    pub out: Option<PathBuf>,
    /// Write a BIDS dataset into this folder instead (BIDS 1.9 with Motion-BIDS: trials
    /// and events as beh, the pose stream as motion, questionnaires as phenotype, the
    /// session folders in sourcedata; docs/lab.md). The folder must be new, empty, or an
    /// earlier vr-aat BIDS export, which is replaced whole.
    #[arg(long, value_name = "OUT", conflicts_with_all = ["out", "fhir", "no_tracking"])]
    pub bids: Option<PathBuf>,
    /// With --bids: an author of the dataset, for dataset_description.json (repeat for
    /// each; without any, bids-validator warns that there are none).
    #[arg(long = "author", requires = "bids")]
    pub authors: Vec<String>,
    /// Participants to export (default: all).
    #[arg(long = "participant")]
    pub participants: Vec<String>,
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Skip the continuous tracking data.
    #[arg(long)]
    pub no_tracking: bool,
    /// Write HL7 FHIR R4 transaction Bundles (one per participant) instead of the tables.
    #[arg(long, conflicts_with = "no_tracking")]
    pub fhir: bool,
    /// With --fhir: bootstrap resamples for the bias's 95% interval.
    #[arg(long, default_value_t = 2000, value_parser = super::at_least_one, requires = "fhir")]
    pub iterations: usize,
    /// With --fhir: seed for the resampling.
    #[arg(long, default_value_t = 1, requires = "fhir")]
    pub seed: u64,
    /// With --fhir: the most entries one transaction Bundle holds; a participant's
    /// resources go into as many Bundles as that takes (PARTICIPANT.1-of-2.fhir.json,
    /// ...; load them in order). Servers limit transactions (Medplum: 50 updates).
    #[arg(long, default_value_t = vr_aat_review::fhir::DEFAULT_MAX_ENTRIES, value_parser = super::at_least_one, requires = "fhir")]
    pub max_entries: usize,
}

/// The tables' names, in the order `export` prints them.
const TABLES: [&str; 4] = [TRIALS_TABLE, TRACKING_TABLE, ANSWERS_TABLE, SCORES_TABLE];

pub fn run(args: ExportArgs) -> Result<(), Failure> {
    let root = data_dir(args.data_dir.clone());
    let people: Vec<String> = chosen_participants(&root, &args.participants)?
        .iter()
        .map(ToString::to_string)
        .collect();
    if people.is_empty() {
        return Err(Failure::bad_input(format!(
            "{}: no participants to export",
            root.display()
        )));
    }
    if let Some(out) = &args.bids {
        return export_bids(&root, &people, out, &args.authors);
    }
    let Some(out) = args.out.clone() else {
        return Err(Failure::bad_input("give --out DIR (or --bids DIR)"));
    };
    check_out_folder(&out, &root)?;
    std::fs::create_dir_all(&out).map_err(|e| Failure::runtime(format!("{}: cannot create: {e}", out.display())))?;
    if args.fhir {
        return export_fhir(&root, &people, &out, &args);
    }
    // What is there now, a link included (never followed).
    let existed = |name: &str| std::fs::symlink_metadata(out.join(name)).is_ok();
    let verb = |before: bool| if before { "replaced" } else { "wrote" };
    let before: Vec<bool> = TABLES.iter().map(|name| existed(name)).collect();
    let (files, done) = export_tables(&root, &people, &out, !args.no_tracking)?;
    println!(
        "{} {} ({}, {}, {})",
        verb(before[0]),
        files.trials.display(),
        counted(done.trials, "trial", "trials"),
        counted(done.sessions, "session", "sessions"),
        counted(people.len(), "participant", "participants")
    );
    match &files.tracking {
        Some(path) => println!(
            "{} {} ({})",
            verb(before[1]),
            path.display(),
            counted(done.samples, "pose sample", "pose samples")
        ),
        None if before[1] => {
            remove_output(&out, TRACKING_TABLE)?;
            println!(
                "removed {} (an earlier export's; --no-tracking writes none, so it would no longer match the other tables)",
                out.join(TRACKING_TABLE).display()
            );
        }
        None => {}
    }
    println!(
        "{} {} ({})",
        verb(before[2]),
        files.answers.display(),
        counted(done.answers, "questionnaire answer", "questionnaire answers")
    );
    println!(
        "{} {} ({})",
        verb(before[3]),
        files.scores.display(),
        counted(done.scores, "questionnaire score", "questionnaire scores")
    );
    for e in &done.damaged_sessions {
        eprintln!("error: {e} (this session was left out of the export)");
    }
    for e in &done.damaged_answers {
        eprintln!("error: {e} (this session's questionnaire answers were left out of the export)");
    }
    reader_result(done.damaged_sessions.len() + done.damaged_answers.len())
}

/// Each participant's FHIR transaction Bundles: `P.fhir.json` when one holds them all,
/// else `P.1-of-N.fhir.json` ... An earlier export's Bundles of the same participant
/// that this one does not write again are removed (and named), so the folder never
/// holds a mix.
fn export_fhir(root: &Path, people: &[String], out: &Path, args: &ExportArgs) -> Result<(), Failure> {
    let mut damaged = 0;
    for p in people {
        let scan = read_participant(root, p).map_err(Failure::runtime)?;
        let (bundles, left_out) = vr_aat_review::fhir::bundles(p, &scan, args.iterations, args.seed, args.max_entries);
        let count = bundles.len();
        let mut written_names = Vec::new();
        for (i, bundle) in bundles.into_iter().enumerate() {
            let name = if count == 1 {
                format!("{p}.fhir.json")
            } else {
                format!("{p}.{}-of-{count}.fhir.json", i + 1)
            };
            let resources = bundle.entry.len();
            let replaces = std::fs::symlink_metadata(out.join(&name)).is_ok();
            let bundle = vr_aat_review::fhir::as_resource(bundle);
            let mut file = OutFile::create(out, &name)?;
            let written = serde_json::to_writer_pretty(&mut file.out, &bundle)
                .map_err(std::io::Error::from)
                .and_then(|_| writeln!(file.out));
            if let Err(e) = written {
                let f = file.fail(e);
                file.discard();
                return Err(f.into());
            }
            let path = file.finish()?;
            println!(
                "{} {} ({} of {count}: {}{})",
                if replaces { "replaced" } else { "wrote" },
                path.display(),
                i + 1,
                counted(resources, "resource", "resources"),
                if i == 0 {
                    format!(
                        "; {} in all",
                        counted(scan.found.len() + scan.damaged.len(), "session", "sessions")
                    )
                } else {
                    String::new()
                }
            );
            written_names.push(name);
        }
        for stale in stale_bundles(out, p, &written_names) {
            remove_output(out, &stale)?;
            println!(
                "removed {} (an earlier export's Bundle of {p}; this export's are listed above)",
                out.join(&stale).display()
            );
        }
        for e in &scan.damaged {
            eprintln!("error: {e} (in the Bundle as a Procedure with status `unknown`)");
        }
        for e in &left_out {
            eprintln!("error: {e} (this session's questionnaire responses are not in the Bundle)");
        }
        damaged += scan.damaged.len() + left_out.len();
    }
    reader_result(damaged)
}

/// The BIDS dataset of `people` in `out` (built beside it, moved into place whole).
fn export_bids(root: &Path, people: &[String], out: &Path, authors: &[String]) -> Result<(), Failure> {
    check_out_folder(out, root)?;
    let replaces = std::fs::symlink_metadata(out.join("dataset_description.json")).is_ok();
    let done = vr_aat_store::bids::export_bids(root, people, out, authors)?;
    println!(
        "{} BIDS dataset {} ({}, {}, {}, {}; {} files, {:.1} MB)",
        if replaces { "replaced" } else { "wrote" },
        out.display(),
        counted(done.participants, "participant", "participants"),
        counted(done.sessions, "session", "sessions"),
        counted(done.trials, "trial", "trials"),
        counted(done.samples, "pose sample", "pose samples"),
        done.files,
        done.bytes as f64 / 1e6
    );
    for e in &done.damaged {
        eprintln!("error: {e} (this session was left out of the dataset)");
    }
    reader_result(done.damaged.len())
}

/// The names in `out` of `participant`'s Bundles (`P.fhir.json`, `P.K-of-N.fhir.json`)
/// other than `keep`.
fn stale_bundles(out: &Path, participant: &str, keep: &[String]) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(out) else {
        return Vec::new();
    };
    let mut stale: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| {
            let Some(middle) = name
                .strip_prefix(participant)
                .and_then(|rest| rest.strip_prefix('.'))
                .and_then(|rest| rest.strip_suffix("fhir.json"))
            else {
                return false;
            };
            let part = |m: &str| {
                m.strip_suffix('.')
                    .and_then(|m| m.split_once("-of-"))
                    .is_some_and(|(k, n)| k.parse::<u32>().is_ok() && n.parse::<u32>().is_ok())
            };
            middle.is_empty() || part(middle)
        })
        .filter(|name| !keep.contains(name))
        .collect();
    stale.sort();
    stale
}
