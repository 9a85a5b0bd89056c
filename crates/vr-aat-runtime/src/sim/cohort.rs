//! Simulated participants' courses recorded into a data folder, the way `vr-aat
//! simulate` does it: every run is checked before anything is written, each
//! participant's new course is built beside the old one by its one writer and swapped in
//! whole and atomically ([`Replacement`]), and participants run in parallel (rayon), each
//! on its own, with results that do not depend on how many run at once.

use std::path::Path;

use rand::Rng;
use rayon::prelude::*;
use vr_aat_core::data::intake::Intake;
use vr_aat_core::data::{Catalogue, Cohort, PatientProfile, ProtocolSource};
use vr_aat_core::locale::Language;
use vr_aat_core::participant::ParticipantId;
use vr_aat_core::rng::{STREAM_COHORT, rng_for};
use vr_aat_core::trial::OnsetTiming;
use vr_aat_store::files::intake::write_intake;
use vr_aat_store::{ParticipantLock, RecorderOptions, Replacement};

use super::course::{CourseReport, SessionSummary, summarise};
use super::recorded::run_recorded_session;
use super::session::SessionRun;
use crate::session::RecordTo;

/// Marks a participant folder as written by a simulation, so a later simulation may
/// replace it (a folder without it holds other data and is never touched).
pub const SIMULATED_MARKER: &str = "SIMULATED";

/// One simulated participant.
#[derive(Clone, Debug)]
pub struct Participant {
    pub id: ParticipantId,
    pub patient: PatientProfile,
    /// The seed of the participant's trial order and behaviour.
    pub seed: u64,
}

/// `n` participants drawn from `cohort` (each with its own profile and seed, from the
/// run's `seed`), named by their profiles' ids.
pub fn cohort_participants(
    cohort: &Cohort,
    base: &PatientProfile,
    n: u32,
    seed: u64,
) -> Result<Vec<Participant>, String> {
    (1..=n)
        .map(|i| {
            let mut rng = rng_for(seed, STREAM_COHORT, i, 0);
            let patient = cohort.participant(base, i, &mut rng);
            let seed = rng.next_u64();
            let id = ParticipantId::parse(&patient.id).map_err(|e| {
                format!(
                    "{e}: participant ids are made from the cohort id `{}`; give the cohort a shorter `id` (at most {} characters for {} participants)",
                    cohort.id,
                    32usize.saturating_sub(patient.id.len().saturating_sub(cohort.id.len())),
                    n
                )
            })?;
            Ok(Participant { id, patient, seed })
        })
        .collect()
}

/// A simulation of participants' courses.
#[derive(Clone, Debug)]
pub struct CourseSimulation<'a> {
    pub source: &'a ProtocolSource,
    /// The catalogue the sessions plan with (personalised when there is an intake).
    pub catalogue: &'a Catalogue,
    /// The participants' intake, written into each participant's folder.
    pub intake: Option<&'a Intake>,
    pub participants: Vec<Participant>,
    /// Sessions 1 to this of the protocol.
    pub sessions: u32,
    /// Display rate (Hz).
    pub hz: f64,
    /// Frames per update (`None`: as many as the patient allows).
    pub batch: Option<u32>,
    /// Simulated seconds per wall-clock second (`None`: as fast as possible).
    pub speed: Option<f64>,
    /// Stream each session to the Lab Streaming Layer (with `speed` 1: a dry run).
    pub lsl: Option<&'a crate::lsl::LabStreams>,
    pub language: Language,
    pub options: RecorderOptions,
    /// Participants simulated at once (`None`: one per CPU core).
    pub jobs: Option<usize>,
}

/// How a simulation is getting on, for a progress display (called from worker threads).
#[derive(Clone, Copy, Debug)]
pub enum Progress<'a> {
    /// A trial of `participant`'s session finished.
    Trial {
        participant: &'a ParticipantId,
        done: u32,
        total: u32,
    },
    /// A session finished.
    Session,
}

/// What a finished simulation gives.
#[derive(Debug, Default)]
pub struct Simulated {
    /// One row per session, participant by participant.
    pub report: CourseReport,
    /// Simulated time of all sessions (s).
    pub simulated_s: f64,
}

impl CourseSimulation<'_> {
    /// The run of `session` for `p`.
    pub fn session_run<'s>(&'s self, p: &'s Participant, session: u32) -> SessionRun<'s> {
        SessionRun {
            protocol: &self.source.protocol,
            catalogue: self.catalogue,
            patient: &p.patient,
            seed: p.seed,
            session,
            hz: self.hz,
            frames_per_update: self.batch,
            onset_timing: OnsetTiming::Interpolated,
            speed: self.speed,
            lsl: self.lsl,
            language: self.language,
        }
    }

    /// Checks every session of every participant and that each participant folder under
    /// `data_dir` may be replaced, writing nothing. An error is the user's to fix.
    pub fn check(&self, data_dir: &Path) -> Result<(), String> {
        for p in &self.participants {
            for session in 1..=self.sessions {
                self.session_run(p, session)
                    .check()
                    .map_err(|e| format!("participant {}: {e}", p.id))?;
            }
        }
        for p in &self.participants {
            check_replaceable(&data_dir.join(p.id.as_str()))?;
        }
        Ok(())
    }

    /// Runs every participant's course as its one writer (`locks`, in the order of the
    /// participants) and swaps each new course in whole. A participant whose course
    /// fails keeps its old one; the messages say which and why.
    pub fn run(
        &self,
        locks: &[ParticipantLock],
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<Simulated, Vec<String>> {
        let pool = rayon::ThreadPoolBuilder::new()
            // No more threads than participants (0: one per core).
            .num_threads(self.jobs.map_or(0, |j| j.min(self.participants.len())))
            .build()
            .map_err(|e| vec![format!("cannot start worker threads: {e}")])?;
        let results: Vec<Result<(Vec<SessionSummary>, f64), String>> = pool.install(|| {
            self.participants
                .par_iter()
                .zip(locks.par_iter())
                .map(|(p, lock)| self.one(p, lock, progress))
                .collect()
        });
        let mut done = Simulated::default();
        let mut failures = Vec::new();
        for r in results {
            match r {
                Ok((summaries, s)) => {
                    done.report.sessions.extend(summaries);
                    done.simulated_s += s;
                }
                Err(f) => failures.push(f),
            }
        }
        if failures.is_empty() { Ok(done) } else { Err(failures) }
    }

    /// One participant's course, built beside the old one and swapped in when complete.
    fn one(
        &self,
        p: &Participant,
        lock: &ParticipantLock,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<(Vec<SessionSummary>, f64), String> {
        let mut summaries = Vec::new();
        let mut simulated_s = 0.0;
        check_replaceable(&lock.folder())?;
        let building = Replacement::begin(lock).map_err(|e| e.to_string())?;
        let marker = building.dir().join(SIMULATED_MARKER);
        if let Err(e) = std::fs::write(
            &marker,
            "written by vr-aat simulate: synthetic data, no real participant\n",
        ) {
            building.abandon();
            return Err(format!("{}: cannot write: {e}", marker.display()));
        }
        if let Some(intake) = self.intake
            && let Err(e) = write_intake(building.dir(), intake)
        {
            building.abandon();
            return Err(e.to_string());
        }
        for session in 1..=self.sessions {
            let run = self.session_run(p, session);
            let record = RecordTo::in_folder(building.dir(), &p.id, self.source, self.options);
            let result = run_recorded_session(&run, record, &mut |done, total| {
                progress(Progress::Trial {
                    participant: &p.id,
                    done,
                    total,
                })
            });
            let (out, _, _) = match result {
                Ok(v) => v,
                Err(e) => {
                    building.abandon();
                    return Err(format!(
                        "participant {}, session {session}: {e}. The unfinished new course was removed; the participant's earlier simulation (if any) was kept unchanged",
                        p.id
                    ));
                }
            };
            simulated_s += out.simulated_s;
            let mut summary = summarise(session, &out.records, &self.source.protocol.scoring);
            summary.participant = p.id.to_string();
            summaries.push(summary);
            progress(Progress::Session);
        }
        building.commit().map_err(|e| {
            format!(
                "participant {}: the new course could not replace the old one: {e}",
                p.id
            )
        })?;
        Ok((summaries, simulated_s))
    }
}

/// A participant folder a simulation may replace: none yet, or one an earlier simulation
/// wrote (it has the marker). A folder with any other data is refused, untouched.
pub fn check_replaceable(folder: &Path) -> Result<(), String> {
    if folder.exists() && !folder.join(SIMULATED_MARKER).is_file() {
        return Err(format!(
            "{}: this participant folder holds data that `vr-aat simulate` did not write; choose another --participant or --data-dir",
            folder.display()
        ));
    }
    Ok(())
}
