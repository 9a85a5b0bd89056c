//! `vr-aat simulate`: a headless training course with a synthetic patient (or a cohort
//! of them), recorded like any live session.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use vr_aat_core::data::intake::{Intake, personal_set, personalise};
use vr_aat_core::data::{ProtocolSource, load_cohort, load_patient};
use vr_aat_core::participant::ParticipantId;
use vr_aat_runtime::lsl::LabStreams;
use vr_aat_runtime::sim::cohort::{CourseSimulation, Participant, Progress, cohort_participants};
use vr_aat_store::{Durability, Overflow, RecorderOptions, utc_now};

use super::{DEFAULT_PATIENT, DEFAULT_PROTOCOL, Failure, data_dir, lock_participants};

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
    #[arg(long, default_value = DEFAULT_PROTOCOL, value_parser = vr_aat_core::data::builtin::protocol_arg)]
    pub protocol: PathBuf,
    /// Synthetic patient: a built-in name (biased-50ms, left-handed-slow, realistic,
    /// unbiased) or a patient profile file.
    #[arg(long, default_value = DEFAULT_PATIENT, conflicts_with = "cohort", value_parser = vr_aat_core::data::builtin::patient_arg)]
    pub patient: PathBuf,
    /// Simulate a cohort instead: participants drawn from this population, a built-in
    /// name (equal-bias, study-arm) or a cohort file.
    #[arg(long, value_parser = vr_aat_core::data::builtin::cohort_arg)]
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
    /// A dry run of a lab's recording chain: play the session in real time (--speed 1)
    /// and stream it to the Lab Streaming Layer as `play --lsl` does (markers and poses
    /// on the LSL clock). One patient, not a cohort. See docs/lab.md.
    #[arg(long, conflicts_with = "cohort")]
    pub lsl: bool,
    /// With --lsl: seconds to wait for a reader of both streams (LabRecorder recording)
    /// before the session starts; LSL gives a reader only what is sent after it
    /// connects. 0 starts at once.
    #[arg(long, default_value_t = 30.0, requires = "lsl")]
    pub lsl_wait: f64,
    /// Do not record the continuous pose stream (tracking.csv, about 9 MB per 10
    /// minutes of session at 90 Hz).
    #[arg(long, conflicts_with = "tracking")]
    pub no_tracking: bool,
    /// Record the pose stream even for a cohort of more than 20 participants (whose
    /// tracking is off by default; the estimated disk use is printed before the run).
    #[arg(long)]
    pub tracking: bool,
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
    #[arg(long, default_value = "en", value_parser = super::values::language())]
    pub language: vr_aat_core::locale::Language,
    /// Participants simulated at once (default: one per CPU core). Results do not
    /// depend on it.
    #[arg(long, value_parser = super::at_least_one)]
    pub jobs: Option<usize>,
    /// Print "recorded session S trial N" to stderr as each trial is written.
    #[arg(long, hide = true)]
    pub announce_recorded: bool,
}

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
    let intake = (!args.alcohol.is_empty() || !args.soft.is_empty()).then(|| Intake {
        alcohol: args.alcohol.clone(),
        soft: args.soft.clone(),
        recorded_utc: utc_now(),
        source: "simulated".into(),
    });
    let catalogue = match &intake {
        Some(i) => {
            i.check(&source.catalogue)
                .map_err(|e| Failure::bad_input(format!("--alcohol/--soft: {e}")))?;
            personalise(&source.catalogue, &personal_set(i, &source.catalogue))
        }
        None => source.catalogue.clone(),
    };
    if args.lsl && args.speed.is_some_and(|s| s != 1.0) {
        return Err(Failure::bad_input(
            "--lsl plays the session in real time: leave out --speed (or give --speed 1)",
        ));
    }
    if !(0.0..=3600.0).contains(&args.lsl_wait) {
        return Err(Failure::bad_input("--lsl-wait must be from 0 to 3600 s"));
    }
    let speed = if args.lsl { Some(1.0) } else { args.speed };
    let participants = participants(&args)?;
    // A large cohort's pose streams fill disks (500 participants x 6 sessions: tens of
    // GB) and say nothing its seeds do not: off unless asked for.
    let tracking = if args.no_tracking {
        false
    } else {
        args.tracking || participants.len() <= TRACKING_DEFAULT_UP_TO
    };
    let simulation = CourseSimulation {
        source: &source,
        catalogue: &catalogue,
        intake: intake.as_ref(),
        participants,
        sessions,
        hz: args.hz,
        // A dry run reports each frame as it happens: one frame per update.
        batch: if args.lsl {
            Some(args.batch.unwrap_or(1))
        } else {
            args.batch
        },
        speed,
        lsl: None,
        language: args.language,
        options: RecorderOptions {
            overflow: Overflow::Wait,
            tracking,
            announce: args.announce_recorded,
            // A simulated course is regenerated from its seed and swapped in whole: one
            // sync per session, not one per trial.
            durability: Durability::AtClose,
            ..Default::default()
        },
        jobs: args.jobs,
    };
    let root = data_dir(args.data_dir.clone());
    simulation.check(&root).map_err(Failure::bad_input)?;

    // 2. Become the one writer of these participants (refused at once if another
    //    process writes one of them).
    let ids: Vec<ParticipantId> = simulation.participants.iter().map(|p| p.id.clone()).collect();
    let locks = lock_participants(&root, &ids)?;
    let streams = if args.lsl {
        let streams = LabStreams::open(args.hz).map_err(Failure::runtime)?;
        println!("{}", streams.describe());
        if args.lsl_wait > 0.0 {
            println!(
                "LSL: waiting up to {} s for a reader of both streams (start LabRecorder's recording now)",
                args.lsl_wait
            );
            if streams.wait_for_readers(std::time::Duration::from_secs_f64(args.lsl_wait)) {
                println!("LSL: both streams have a reader; the session starts");
            } else {
                println!("LSL: no reader of both streams yet; the session starts all the same");
            }
        }
        Some(streams)
    } else {
        None
    };
    let simulation = CourseSimulation {
        lsl: streams.as_ref(),
        ..simulation
    };

    let who = match &args.cohort {
        Some(c) => format!("cohort `{}` ({} participants)", c.display(), ids.len()),
        None => format!("patient `{}`", simulation.participants[0].patient.id),
    };
    println!(
        "vr-aat simulate: protocol `{}` ({sessions} of {} sessions), {who}, seed {}, {} Hz",
        protocol.id, protocol.sessions, args.seed, args.hz
    );
    let minutes = estimated_session_s(protocol) / 60.0;
    let bytes = estimated_bytes(protocol, args.hz, tracking) * f64::from(sessions) * ids.len() as f64;
    println!(
        "estimated: about {minutes:.0} min per session, {} on disk{}",
        human_bytes(bytes),
        if tracking {
            String::new()
        } else if args.no_tracking {
            " (no pose stream: --no-tracking)".to_owned()
        } else {
            format!(
                " (no pose stream: off by default above {TRACKING_DEFAULT_UP_TO} participants; --tracking records it)"
            )
        }
    );
    let bar = ProgressBar::new(u64::from(sessions) * ids.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} session {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let started = Instant::now();
    // 3. Participants run in parallel, each on its own: its course is built beside the
    //    old one and swapped in whole.
    let done = simulation.run(&locks, &|p| match p {
        Progress::Trial {
            participant,
            done,
            total,
        } => bar.set_message(format!("{participant}: trial {done}/{total}")),
        Progress::Session => bar.inc(1),
    });
    bar.finish_and_clear();
    if let Some(streams) = &streams {
        streams.linger();
    }
    let done = done.map_err(|messages| Failure::runtime(messages.join("\n")))?;
    drop(locks);
    print!("{}", done.report.table(ids.len() > 1));
    println!("RTs: medians of valid trials in assessment and sham blocks (ms), stimulus onset to movement onset;");
    println!("valid = correct, within the protocol's RT bounds and SD limit (default 200-2000 ms, 3 SD).");
    println!("bias = (push-alc - pull-alc) - (push-soft - pull-soft); positive = approach bias toward alcohol.");
    println!("data folder: {}", root.display());
    let wall = started.elapsed().as_secs_f64();
    eprintln!(
        "simulated {:.1} min of sessions in {:.2} s ({:.0}x real time)",
        done.simulated_s / 60.0,
        wall,
        done.simulated_s / wall.max(1e-9)
    );
    Ok(())
}

/// Cohorts up to this size record the pose stream by default; larger ones do not.
const TRACKING_DEFAULT_UP_TO: usize = 20;

/// Bytes of `tracking.csv` per frame (measured: a 90 Hz training-course session).
const TRACKING_BYTES_PER_FRAME: f64 = 157.0;
/// Bytes of the other files per trial (trials.csv, events.csv, the rest).
const OTHER_BYTES_PER_TRIAL: f64 = 400.0;
/// A typical response and return home after stimulus onset (s), for the estimate.
const TYPICAL_RESPONSE_S: f64 = 1.3;

/// About how long a session of `protocol` takes (s): every trial's ITI, a typical
/// response and feedback, and the breaks between blocks.
pub(super) fn estimated_session_s(protocol: &vr_aat_core::data::Protocol) -> f64 {
    let t = &protocol.timing;
    let trials: u32 = protocol.blocks.iter().map(|b| b.trials).sum();
    f64::from(trials) * (t.iti_s + TYPICAL_RESPONSE_S + t.feedback_s) + protocol.blocks.len() as f64 * t.block_break_s
}

/// About how many bytes one session of `protocol` writes.
pub(super) fn estimated_bytes(protocol: &vr_aat_core::data::Protocol, hz: f64, tracking: bool) -> f64 {
    let trials: u32 = protocol.blocks.iter().map(|b| b.trials).sum();
    let pose = if tracking {
        estimated_session_s(protocol) * hz * TRACKING_BYTES_PER_FRAME
    } else {
        0.0
    };
    pose + f64::from(trials) * OTHER_BYTES_PER_TRIAL
}

pub(super) fn human_bytes(b: f64) -> String {
    match b {
        b if b >= 1e9 => format!("{:.1} GB", b / 1e9),
        b if b >= 1e6 => format!("{:.0} MB", b / 1e6),
        b => format!("{:.0} kB", (b / 1e3).max(1.0)),
    }
}

/// The participants to simulate: one patient, or a cohort's draw.
fn participants(args: &SimulateArgs) -> Result<Vec<Participant>, Failure> {
    let Some(cohort_file) = &args.cohort else {
        let patient = load_patient(&args.patient).map_err(Failure::bad_input)?;
        let id = match &args.participant {
            Some(p) => ParticipantId::parse(p).map_err(Failure::bad_input)?,
            None => {
                let default = format!("sim-{}-s{}", patient.id, args.seed);
                ParticipantId::parse(&default).map_err(|e| {
                    Failure::bad_input(format!(
                        "{e}: it is the default id made from patient `{}` and seed {}; name the participant with --participant (at most 32 letters, digits, '-' and '_')",
                        patient.id, args.seed
                    ))
                })?
            }
        };
        return Ok(vec![Participant {
            id,
            patient,
            seed: args.seed,
        }]);
    };
    let (cohort, base) = load_cohort(cohort_file).map_err(Failure::bad_input)?;
    if !(1..=1000).contains(&args.participants) {
        return Err(Failure::bad_input("--participants must be from 1 to 1000"));
    }
    cohort_participants(&cohort, &base, args.participants, args.seed).map_err(Failure::bad_input)
}
