//! `vr-aat simulate`: a headless training course with a synthetic patient (or a cohort
//! of them), recorded like any live session.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use std::time::Instant;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use rand::Rng;

use super::{DEFAULT_PATIENT, DEFAULT_PROTOCOL, Failure, data_dir, lock_participants};
use vr_aat::data::{PatientProfile, load_cohort, load_patient};
use vr_aat::metrics::{Overflow, RecorderOptions, Replacement};
use vr_aat::participant::ParticipantId;
use vr_aat::rng::{STREAM_COHORT, rng_for};
use vr_aat::session::{ProtocolSource, RecordTo};
use vr_aat::sim::{CourseReport, SessionRun, run_recorded_session, summarise};
use vr_aat::trial::OnsetTiming;

/// Run a training course headless with a synthetic patient, faster than real time.
///
/// Every session goes through the same trial engine a headset session uses; the patient
/// sees what the display shows, moves a tracked hand and answers the protocol's
/// questionnaires. Each session is recorded under DATA_DIR/PARTICIPANT/S<NN>/
/// (metadata, trials, tracking, events, answers; see docs/data-dictionary.md) and a table per session is printed: trials, errors, median RT
/// per condition and the approach-bias score, scored with the protocol's scoring
/// settings (stored in each session.ron). The same arguments give byte-identical output
/// (set SOURCE_DATE_EPOCH to fix the timestamps in session.ron too), whatever --jobs is.
///
/// The shipped protocols, patients and cohorts are built in: name them (--protocol
/// assessment) or give a file. A cohort's participants run in parallel (--jobs); a
/// simulated session's files are synced once, when it closes, since it can be
/// regenerated from its seed (a patient's session is synced trial by trial).
///
/// Running it again for a participant replaces that participant's earlier simulation as
/// a whole, atomically: the new course is built beside the old one and swapped in when
/// it is complete, so a failure or a kill leaves the old course. Every argument is
/// checked first: bad input exits 2 with the data folder untouched. A participant being
/// written by another vr-aat process is refused (exit 1).
#[derive(Args, Debug)]
pub struct SimulateArgs {
    /// Protocol: a built-in name (assessment, practice, sham-training, training-90,
    /// training-course) or a protocol file.
    #[arg(long, default_value = DEFAULT_PROTOCOL, value_parser = vr_aat::data::builtin::protocol_arg)]
    pub protocol: PathBuf,
    /// Synthetic patient: a built-in name (biased-50ms, left-handed-slow, realistic,
    /// unbiased) or a patient profile file.
    #[arg(long, default_value = DEFAULT_PATIENT, conflicts_with = "cohort", value_parser = vr_aat::data::builtin::patient_arg)]
    pub patient: PathBuf,
    /// Simulate a cohort instead: participants drawn from this population, a built-in
    /// name (equal-bias, study-arm) or a cohort file.
    #[arg(long, value_parser = vr_aat::data::builtin::cohort_arg)]
    pub cohort: Option<PathBuf>,
    /// Number of participants in the cohort.
    #[arg(long, default_value_t = 10, requires = "cohort")]
    pub participants: u32,
    /// Seed for trial order and the patients' behaviour.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Display rate in Hz (72, 90 and 120 are typical headset rates).
    #[arg(long, default_value_t = 90.0)]
    pub hz: f64,
    /// Number of sessions to run (default: all of the protocol's).
    #[arg(long)]
    pub sessions: Option<u32>,
    /// Where results go (default: $VR_AAT_DATA_DIR, else ./data).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Pseudonymous participant id (default: sim-<patient id>-s<seed>; cohorts use
    /// <cohort id>-p01, -p02, ...).
    #[arg(long, conflicts_with = "cohort")]
    pub participant: Option<String>,
    /// Frames carried per update (1 = one headset frame per update; default: as many as
    /// the patient's perception latency allows). Results do not depend on it.
    #[arg(long)]
    pub batch: Option<u32>,
    /// Run at this many times real time (for watching; default: as fast as possible).
    #[arg(long)]
    pub speed: Option<f64>,
    /// Do not record the continuous pose stream (tracking.csv).
    #[arg(long)]
    pub no_tracking: bool,
    /// The synthetic patients' intake: alcoholic drinks they usually drink
    /// (comma-separated catalogue ids); with --soft, their sessions train a personal set
    /// as a patient's do after `vr-aat intake` (written to PARTICIPANT/intake.ron).
    #[arg(long, value_delimiter = ',')]
    pub alcohol: Vec<String>,
    /// The synthetic patients' intake: soft drinks they like (comma-separated ids).
    #[arg(long, value_delimiter = ',')]
    pub soft: Vec<String>,
    /// The language the synthetic patients read and answer the protocol's
    /// questionnaires in (recorded in session.ron and answers.csv).
    #[arg(long, value_enum, default_value_t = vr_aat::locale::Language::En)]
    pub language: vr_aat::locale::Language,
    /// Participants simulated at once (default: one per CPU core). Results do not
    /// depend on it.
    #[arg(long, value_parser = super::at_least_one)]
    pub jobs: Option<usize>,
    /// Print "recorded session S trial N" to stderr as each trial is written.
    #[arg(long, hide = true)]
    pub announce_recorded: bool,
}

/// Marks a participant folder as written by `simulate`, so a re-run may replace it.
const SIMULATED_MARKER: &str = "SIMULATED";

/// One simulated participant: id, profile, seed.
type Person = (ParticipantId, PatientProfile, u64);

pub fn run(args: SimulateArgs) -> Result<(), Failure> {
    // 1. Check every argument and file; nothing is written before all are good.
    let source = ProtocolSource::load(&args.protocol).map_err(Failure::bad_input)?;
    let protocol = &source.protocol;
    let sessions = args.sessions.unwrap_or(protocol.sessions);
    if sessions == 0 || sessions > protocol.sessions {
        return Err(Failure::bad_input(format!(
            "--sessions {sessions}: protocol `{}` has sessions 1 to {}",
            protocol.id, protocol.sessions
        )));
    }
    // The patients' own drinks (an intake), checked against the catalogue.
    let intake = (!args.alcohol.is_empty() || !args.soft.is_empty()).then(|| vr_aat::intake::Intake {
        alcohol: args.alcohol.clone(),
        soft: args.soft.clone(),
        recorded_utc: vr_aat::metrics::utc_now(),
        source: "simulated".into(),
    });
    let catalogue = match &intake {
        Some(i) => {
            i.check(&source.catalogue)
                .map_err(|e| Failure::bad_input(format!("--alcohol/--soft: {e}")))?;
            vr_aat::intake::personalise(&source.catalogue, &vr_aat::intake::personal_set(i, &source.catalogue))
        }
        None => source.catalogue.clone(),
    };
    let catalogue = &catalogue;
    let people = participants(&args)?;
    for (id, patient, seed) in &people {
        for session in 1..=sessions {
            session_run(&source, catalogue, &args, patient, *seed, session)
                .check()
                .map_err(|e| Failure::bad_input(format!("participant {id}: {e}")))?;
        }
    }
    let root = data_dir(args.data_dir.clone());
    for (id, _, _) in &people {
        check_replaceable(&root.join(id.as_str()))?;
    }

    // 2. Become the one writer of these participants (refused at once if another
    //    process writes one of them).
    let ids: Vec<ParticipantId> = people.iter().map(|(id, _, _)| id.clone()).collect();
    let locks = lock_participants(&root, &ids)?;

    let who = match &args.cohort {
        Some(c) => format!("cohort `{}` ({} participants)", c.display(), people.len()),
        None => format!("patient `{}`", people[0].1.id),
    };
    println!(
        "vr-aat simulate: protocol `{}` ({sessions} of {} sessions), {who}, seed {}, {} Hz",
        protocol.id, protocol.sessions, args.seed, args.hz
    );
    let bar = ProgressBar::new(u64::from(sessions) * people.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} session {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let options = RecorderOptions {
        overflow: Overflow::Wait,
        tracking: !args.no_tracking,
        announce: args.announce_recorded,
        // A simulated course is regenerated from its seed and swapped in whole: one sync
        // per session, not one per trial.
        durability: vr_aat::metrics::Durability::AtClose,
        ..Default::default()
    };
    let started = Instant::now();
    // 3. Participants run in parallel, each on its own: its course is built beside the
    //    old one and swapped in whole.
    let one = |((participant, patient, seed), lock): (&Person, &vr_aat::metrics::ParticipantLock)| {
        let mut summaries = Vec::new();
        let mut simulated_s = 0.0;
        check_replaceable(&lock.folder())?;
        let building = Replacement::begin(lock).map_err(Failure::runtime)?;
        let marker = building.dir().join(SIMULATED_MARKER);
        if let Err(e) = std::fs::write(
            &marker,
            "written by vr-aat simulate: synthetic data, no real participant\n",
        ) {
            building.abandon();
            return Err(Failure::runtime(format!("{}: cannot write: {e}", marker.display())));
        }
        if let Some(intake) = &intake {
            let path = building.dir().join(vr_aat::intake::INTAKE_FILE);
            if let Err(e) = vr_aat::metrics::write_ron(&path, intake) {
                building.abandon();
                return Err(Failure::runtime(e));
            }
        }
        for session in 1..=sessions {
            let run = session_run(&source, catalogue, &args, patient, *seed, session);
            let record = RecordTo {
                folder: building.dir().to_path_buf(),
                ..RecordTo::new(&root, participant, &source, options)
            };
            let result = run_recorded_session(&run, record, &mut |done, total| {
                bar.set_message(format!("{participant}: trial {done}/{total}"))
            });
            let (out, _, _) = match result {
                Ok(v) => v,
                Err(e) => {
                    building.abandon();
                    return Err(Failure::runtime(format!(
                        "participant {participant}, session {session}: {e}. The unfinished new course was removed; the participant's earlier simulation (if any) was kept unchanged"
                    )));
                }
            };
            simulated_s += out.simulated_s;
            let mut summary = summarise(session, &out.records, &protocol.scoring);
            summary.participant = participant.to_string();
            summaries.push(summary);
            bar.inc(1);
        }
        building.commit().map_err(|e| {
            Failure::runtime(format!(
                "participant {participant}: the new course could not replace the old one: {e}"
            ))
        })?;
        Ok((summaries, simulated_s))
    };
    let pool = rayon::ThreadPoolBuilder::new()
        // No more threads than participants (0: one per core).
        .num_threads(args.jobs.map_or(0, |j| j.min(people.len())))
        .build()
        .map_err(|e| Failure::runtime(format!("cannot start worker threads: {e}")))?;
    let results: Vec<Result<(Vec<_>, f64), Failure>> =
        pool.install(|| people.par_iter().zip(locks.par_iter()).map(one).collect());
    let mut report = CourseReport::default();
    let mut simulated_s = 0.0;
    let mut failures = Vec::new();
    for r in results {
        match r {
            Ok((summaries, s)) => {
                report.sessions.extend(summaries);
                simulated_s += s;
            }
            Err(f) => failures.push(f),
        }
    }
    if let Some(first) = failures.first() {
        bar.finish_and_clear();
        let status = first.status;
        let message = failures
            .iter()
            .map(|f| f.message.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        return Err(Failure { message, status });
    }
    drop(locks);
    bar.finish_and_clear();
    print!("{}", report.table(people.len() > 1));
    println!("RTs: medians of valid trials in assessment and sham blocks (ms), stimulus onset to movement onset;");
    println!("valid = correct, within the protocol's RT bounds and SD limit (default 200-2000 ms, 3 SD).");
    println!("bias = (push-alc - pull-alc) - (push-soft - pull-soft); positive = approach bias toward alcohol.");
    println!("data folder: {}", root.display());
    let wall = started.elapsed().as_secs_f64();
    eprintln!(
        "simulated {:.1} min of sessions in {:.2} s ({:.0}x real time)",
        simulated_s / 60.0,
        wall,
        simulated_s / wall.max(1e-9)
    );
    Ok(())
}

/// One simulated session of `patient`.
fn session_run<'a>(
    source: &'a ProtocolSource,
    catalogue: &'a vr_aat::data::Catalogue,
    args: &SimulateArgs,
    patient: &'a PatientProfile,
    seed: u64,
    session: u32,
) -> SessionRun<'a> {
    SessionRun {
        protocol: &source.protocol,
        catalogue,
        patient,
        seed,
        session,
        hz: args.hz,
        frames_per_update: args.batch,
        onset_timing: OnsetTiming::Interpolated,
        speed: args.speed,
        language: args.language,
    }
}

/// The participants to simulate: (id, profile, seed).
fn participants(args: &SimulateArgs) -> Result<Vec<Person>, Failure> {
    let Some(cohort_file) = &args.cohort else {
        let patient = load_patient(&args.patient).map_err(Failure::bad_input)?;
        let id = match &args.participant {
            Some(p) => ParticipantId::parse(p),
            None => ParticipantId::parse(&format!("sim-{}-s{}", patient.id, args.seed)),
        }
        .map_err(Failure::bad_input)?;
        return Ok(vec![(id, patient, args.seed)]);
    };
    let (cohort, base) = load_cohort(cohort_file).map_err(Failure::bad_input)?;
    if !(1..=1000).contains(&args.participants) {
        return Err(Failure::bad_input("--participants must be from 1 to 1000"));
    }
    (1..=args.participants)
        .map(|i| {
            let mut rng = rng_for(args.seed, STREAM_COHORT, i, 0);
            let profile = cohort.participant(&base, i, &mut rng);
            let seed = rng.next_u64();
            let id = ParticipantId::parse(&profile.id).map_err(Failure::bad_input)?;
            Ok((id, profile, seed))
        })
        .collect()
}

/// A participant folder `simulate` may replace: none yet, or one an earlier simulation
/// wrote (it has the marker). A folder with any other data is refused, untouched.
fn check_replaceable(folder: &Path) -> Result<(), Failure> {
    if folder.exists() && !folder.join(SIMULATED_MARKER).is_file() {
        return Err(Failure::bad_input(format!(
            "{}: this participant folder holds data that `vr-aat simulate` did not write; choose another --participant or --data-dir",
            folder.display()
        )));
    }
    Ok(())
}
