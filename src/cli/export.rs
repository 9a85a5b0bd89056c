//! `vr-aat export`: research formats for R, pandas and AAT tools (the tables are written
//! by `vr_aat_store::export`, streamed session by session) and FHIR Bundles for a
//! clinic's records (`vr_aat_review::fhir`).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use vr_aat_store::export::export_tables;
use vr_aat_store::output::{OutFile, check_out_folder};
use vr_aat_store::scan::read_participant;

use super::{Failure, chosen_participants, data_dir, reader_result};

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Folder to write into (created if missing; the two tables there are replaced).
    #[arg(long)]
    pub out: PathBuf,
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
}

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
    check_out_folder(&args.out, &root)?;
    std::fs::create_dir_all(&args.out)
        .map_err(|e| Failure::runtime(format!("{}: cannot create: {e}", args.out.display())))?;
    if args.fhir {
        return export_fhir(&root, &people, &args);
    }
    let (files, done) = export_tables(&root, &people, &args.out, !args.no_tracking)?;
    println!(
        "wrote {} ({} trials, {} sessions, {} participants)",
        files.trials.display(),
        done.trials,
        done.sessions,
        people.len()
    );
    if let Some(path) = &files.tracking {
        println!("wrote {} ({} pose samples)", path.display(), done.samples);
    }
    println!(
        "wrote {} ({} questionnaire answers)",
        files.answers.display(),
        done.answers
    );
    println!(
        "wrote {} ({} questionnaire scores)",
        files.scores.display(),
        done.scores
    );
    for e in &done.damaged_sessions {
        eprintln!("error: {e} (this session was left out of the export)");
    }
    for e in &done.damaged_answers {
        eprintln!("error: {e} (this session's questionnaire answers were left out of the export)");
    }
    reader_result(done.damaged_sessions.len() + done.damaged_answers.len())
}

/// One FHIR transaction Bundle per participant.
fn export_fhir(root: &Path, people: &[String], args: &ExportArgs) -> Result<(), Failure> {
    let mut damaged = 0;
    for p in people {
        let scan = read_participant(root, p).map_err(Failure::runtime)?;
        let (bundle, left_out) = vr_aat_review::fhir::bundle(p, &scan, args.iterations, args.seed);
        let resources = bundle.entry.len();
        let bundle = vr_aat_review::fhir::as_resource(bundle);
        let mut file = OutFile::create(&args.out, &format!("{p}.fhir.json"))?;
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
            "wrote {} ({} sessions, {} resources)",
            path.display(),
            scan.found.len() + scan.damaged.len(),
            resources
        );
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
