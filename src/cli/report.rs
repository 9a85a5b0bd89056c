//! `vr-aat report`: the therapist's report as a self-contained HTML page.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{Failure, chosen_participants, data_dir, reader_result};
use vr_aat_core::locale::{Language, Messages};
use vr_aat_core::participant::ParticipantId;
use vr_aat_core::records::Counted;
use vr_aat_review::report::{participant, study};
use vr_aat_review::review::ReviewOptions;
use vr_aat_store::output::{check_out_folder, write_file};
use vr_aat_store::scan::read_participant;

/// Write the therapist's report: one HTML page per participant that opens in any browser
/// without a network and prints to A4.
///
/// The page shows the course at a glance (sessions done and planned, the latest bias,
/// the change from the first to the last scored therapy session in plain words), charts of the
/// bias with its 95% interval, the median reaction times and the error rate over
/// sessions, one row per session, and the data quality (played in a headset or not,
/// display rate, late frames, tracking loss, excluded trials, pauses and why, the
/// calibration). Therapy data is a session a person played in a headset to its end;
/// only such sessions enter the headline figures unless --include-non-therapy is given.
/// The others (desktop window, synthetic patient, ended early) are shown, marked and
/// listed as left out. The numbers are those `vr-aat summary` prints.
///
/// With --all: a study page (study.html: group means per protocol, source and session,
/// split-half reliability, one row per participant; it says when participants are
/// synthetic) and every participant's page, in a folder.
///
/// Only reads the data folder and writes outside it. A damaged session is named in the
/// report and left out; the report is still written and the exit status is 2.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The participant's pseudonym (or --all).
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub participant: Option<String>,
    /// A study report with every participant's page (or those given with --participant).
    #[arg(long)]
    pub all: bool,
    /// With --all: only these participants (repeat the option).
    #[arg(long = "participant", requires = "all")]
    pub participants: Vec<String>,
    /// Where to write. One participant: a file (default PARTICIPANT-report.html here),
    /// or a folder to put PARTICIPANT.html in. --all: a folder (default `reports`).
    /// Never inside the data folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The language of the report.
    #[arg(long, default_value = "en", value_parser = super::values::language())]
    pub language: Language,
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Bootstrap resamples per interval (and random splits for the reliability).
    #[arg(long, default_value_t = 2000, value_parser = super::at_least_one)]
    pub iterations: usize,
    /// Seed for the resampling.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Count every session in the headline figures (sessions done, the change, the
    /// study's group means), therapy data or not: for teaching and testing. By default
    /// they use therapy sessions only (a person, a headset, run to its end); the others
    /// are always shown and marked.
    #[arg(long)]
    pub include_non_therapy: bool,
}

pub fn run(args: ReportArgs) -> Result<(), Failure> {
    let root = data_dir(args.data_dir.clone());
    let messages = Messages::new(args.language).map_err(Failure::runtime)?;
    let options = ReviewOptions {
        iterations: args.iterations,
        seed: args.seed,
        counted: if args.include_non_therapy {
            Counted::Everything
        } else {
            Counted::TherapyOnly
        },
        ..ReviewOptions::default()
    };
    match &args.participant {
        Some(p) => one(&root, p, args.out.as_deref(), &options, &messages),
        None => all(&root, &args, &options, &messages),
    }
}

/// Splits an output file path into its folder and name.
fn folder_and_name(path: &Path) -> (PathBuf, String) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (dir, name)
}

fn one(
    root: &Path,
    participant: &str,
    out: Option<&Path>,
    options: &ReviewOptions,
    m: &Messages,
) -> Result<(), Failure> {
    let id = ParticipantId::parse(participant).map_err(Failure::bad_input)?;
    if !root.join(id.as_str()).is_dir() {
        return Err(Failure::bad_input(format!(
            "{}: no participant `{id}` in this data folder (see `vr-aat sessions`)",
            root.display()
        )));
    }
    let (dir, name) = match out {
        Some(o) if o.is_dir() => (o.to_path_buf(), format!("{id}.html")),
        Some(o) if o.file_name().is_none() => {
            return Err(Failure::bad_input(format!(
                "--out {}: expected a file name or a folder",
                o.display()
            )));
        }
        Some(o) => folder_and_name(o),
        None => (PathBuf::from("."), format!("{id}-report.html")),
    };
    if !dir.is_dir() {
        return Err(Failure::bad_input(format!(
            "--out: the folder {} does not exist",
            dir.display()
        )));
    }
    check_out_folder(&dir, root)?;
    let scan = read_participant(root, id.as_str()).map_err(Failure::runtime)?;
    let (intake, intake_unreadable) = intake_of(root, id.as_str());
    let html = participant::html(id.as_str(), &scan, intake.as_ref(), options, m).map_err(Failure::runtime)?;
    let unreadable_events = report_unreadable_events(&scan) + intake_unreadable;
    let path = write_file(&dir, &name, html.as_bytes())?;
    println!(
        "wrote {} ({} sessions{})",
        path.display(),
        scan.found.len(),
        if scan.damaged.is_empty() {
            String::new()
        } else {
            format!(", {} damaged", scan.damaged.len())
        }
    );
    scan.report_damage();
    result(scan.damaged.len(), unreadable_events)
}

/// Status 2 when damaged sessions were left out or a session's events or answers could
/// not be read.
fn result(damaged: usize, unreadable: usize) -> Result<(), Failure> {
    reader_result(damaged)?;
    if unreadable > 0 {
        return Err(Failure::bad_input(format!(
            "{unreadable} file(s) that cannot be read (named above): their sessions are shown without their pauses or questionnaire answers"
        )));
    }
    Ok(())
}

/// The participant's intake when they had one; a damaged one is named (the page is made
/// without it) and counted.
fn intake_of(root: &Path, participant: &str) -> (Option<vr_aat_core::data::intake::Intake>, usize) {
    match vr_aat_store::files::intake::read_intake(&root.join(participant)) {
        Ok(intake) => (intake, 0),
        Err(e) => {
            eprintln!("error: {e} (the report is made without the intake)");
            (None, 1)
        }
    }
}

/// Names every session whose events.csv or answers.csv could not be read (its pauses or
/// questionnaire answers are unknown; the page says so too) and counts them.
fn report_unreadable_events(scan: &vr_aat_store::scan::Scan<vr_aat_store::scan::StoredSession>) -> usize {
    let mut n = 0;
    for s in &scan.found {
        let open = s.meta.status == vr_aat_core::records::SessionStatus::InProgress;
        if let Err(e) = vr_aat_review::review::event_summary(&s.dir, open) {
            eprintln!("error: {e} (the session is shown; its pauses are unknown)");
            n += 1;
        }
        if let Err(e) = vr_aat_store::questionnaire_results::session_results(&s.dir, &s.meta) {
            eprintln!("error: {e} (the session is shown without its questionnaire answers)");
            n += 1;
        }
    }
    n
}

fn all(root: &Path, args: &ReportArgs, options: &ReviewOptions, m: &Messages) -> Result<(), Failure> {
    let people = chosen_participants(root, &args.participants)?;
    if people.is_empty() {
        return Err(Failure::bad_input(format!(
            "{}: no participants to report on",
            root.display()
        )));
    }
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("reports"));
    if out.exists() && !out.is_dir() {
        return Err(Failure::bad_input(format!(
            "--out {}: this is a file; --all writes a folder",
            out.display()
        )));
    }
    check_out_folder(&out, root)?;
    let mut scans = Vec::new();
    for p in &people {
        let scan = read_participant(root, p.as_str()).map_err(Failure::runtime)?;
        scans.push((p.to_string(), scan));
    }
    std::fs::create_dir_all(&out).map_err(|e| Failure::runtime(format!("{}: cannot create: {e}", out.display())))?;
    let (mut damaged, mut unreadable_events) = (0, 0);
    for (p, scan) in &scans {
        let (intake, intake_unreadable) = intake_of(root, p);
        unreadable_events += intake_unreadable;
        let html = participant::html(p, scan, intake.as_ref(), options, m).map_err(Failure::runtime)?;
        write_file(&out, &format!("{p}.html"), html.as_bytes())?;
        scan.report_damage();
        damaged += scan.damaged.len();
        unreadable_events += report_unreadable_events(scan);
    }
    let html = study::html(&scans, options, m).map_err(Failure::runtime)?;
    let path = write_file(&out, "study.html", html.as_bytes())?;
    println!(
        "wrote {} and {} participant pages beside it",
        path.display(),
        scans.len()
    );
    result(damaged, unreadable_events)
}
