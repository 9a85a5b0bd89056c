//! One simulated session: builds the headless app, steps it until the engine finishes.

use bevy::prelude::*;

use crate::input::PoseStream;
use vr_aat_core::data::{Catalogue, PatientProfile, Protocol};
use vr_aat_core::records::{CalibrationMethod, Clock, InputSource, TimingRecord};
use vr_aat_store::RecordError;

use crate::lsl::LabStreams;
use crate::patient::{Agent, PatientError, SyntheticPatient, TrueTrial};
use crate::recording::SessionMetricsPlugin;
use crate::schedule::{CoreSystems, CoreUpdate};
use crate::session::{EndReason, RecordTo, SessionControl, SessionOutcome, SessionStart, begin_session};
use crate::timing::{CoreCost, FrameCostStats, RealTimeZero};
use crate::trial::{
    ActiveSession, EngineConfig, OnsetTiming, PlanError, SessionPlan, TrialCompleted, TrialRecord, plan_session,
};

/// What to simulate.
#[derive(Clone, Debug)]
pub struct SessionRun<'a> {
    pub protocol: &'a Protocol,
    pub catalogue: &'a Catalogue,
    pub patient: &'a PatientProfile,
    pub seed: u64,
    /// Session number in the course, from 1.
    pub session: u32,
    /// Display rate (frames per second).
    pub hz: f64,
    /// Frames carried per update; `None` for the most the patient allows.
    pub frames_per_update: Option<u32>,
    pub onset_timing: OnsetTiming,
    /// Simulated seconds per wall-clock second (for watching a session or testing a
    /// crash mid-session); `None` runs as fast as possible.
    pub speed: Option<f64>,
    /// The language the patient reads (and answers questionnaires in).
    pub language: vr_aat_core::locale::Language,
    /// Stream the session to the Lab Streaming Layer (a dry run of a lab's recording
    /// chain: pace it at real time, `speed` 1).
    pub lsl: Option<&'a LabStreams>,
}

/// What a simulated session produced.
#[derive(Clone, Debug)]
pub struct SessionOutput {
    pub records: Vec<TrialRecord>,
    pub truth: Vec<TrueTrial>,
    /// Per-frame cost of the core systems (measured, machine-dependent).
    pub frame_costs: FrameCostStats,
    /// Display time at the end of the session (s).
    pub simulated_s: f64,
    /// `app.update()` calls made.
    pub updates: u64,
    /// How the session closed (with its folder, when recorded).
    pub outcome: Option<SessionOutcome>,
}

#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Patient(#[from] PatientError),
    #[error(
        "--batch {requested}: must be from 1 to {max} frames per update (the synthetic patient perceives the display {latency_ms} ms late; at {hz} Hz one update may carry at most {max} frames)"
    )]
    BatchTooLarge {
        requested: u32,
        max: u32,
        latency_ms: f64,
        hz: f64,
    },
    #[error(transparent)]
    Record(#[from] RecordError),
    #[error("--hz {0}: the display rate must be from 30 to 240 Hz")]
    BadRate(f64),
    #[error("--speed must be a number above 0")]
    BadSpeed,
    #[error(
        "session {session} did not finish within {limit_s:.0} s of simulated time (the patient never completed the protocol)"
    )]
    Stalled { session: u32, limit_s: f64 },
}

impl SessionRun<'_> {
    /// Checks everything about this run without running it (or writing anything): the
    /// display rate, the trial plan, the patient against the protocol, the batch and
    /// the speed. Returns the plan, the patient and the frames per update.
    pub fn check(&self) -> Result<(SessionPlan, Agent, u32), SimError> {
        if !(30.0..=240.0).contains(&self.hz) {
            return Err(SimError::BadRate(self.hz));
        }
        if self.speed.is_some_and(|s| !(s.is_finite() && s > 0.0)) {
            return Err(SimError::BadSpeed);
        }
        let plan = plan_session(self.protocol, self.catalogue, self.seed, self.session)?;
        let agent = Agent::new(self.patient.clone(), self.protocol, self.hz, self.seed, self.session)?;
        let max = agent.max_frames_per_update();
        let frames_per_update = self.frames_per_update.unwrap_or(max);
        if frames_per_update == 0 || frames_per_update > max {
            return Err(SimError::BatchTooLarge {
                requested: frames_per_update,
                max,
                latency_ms: self.patient.kinematics.perception_latency_ms,
                hz: self.hz,
            });
        }
        Ok((plan, agent, frames_per_update))
    }
}

/// Trial records collected in memory, in completion order.
#[derive(Resource, Debug, Default)]
struct Collected(Vec<TrialRecord>);

fn collect(mut completed: MessageReader<TrialCompleted>, mut out: ResMut<Collected>) {
    out.0.extend(completed.read().map(|c| c.0.clone()));
}

/// Builds the headless app for one session: core plugins, the session lifecycle, the
/// synthetic patient, an in-memory collector and, with `record`, the session-metrics
/// plugin recording it. Everything is checked before anything is written: with `record
/// = None` this is the dry run that validates a simulation. Its update runs the core's
/// schedule alone ([`crate::schedule::run_core_only`]).
pub fn build_app(run: &SessionRun, record: Option<RecordTo>) -> Result<App, SimError> {
    let mut app = App::new();
    add_synthetic_session(&mut app, run, record)?;
    crate::schedule::run_core_only(&mut app);
    Ok(app)
}

/// Adds what [`build_app`] builds to `app` and begins the session, keeping the app's
/// own update (Bevy's `Main`): the render benchmark draws a synthetic patient's
/// session in an app with Bevy's renderer this way.
pub fn add_synthetic_session(app: &mut App, run: &SessionRun, record: Option<RecordTo>) -> Result<(), SimError> {
    let (plan, agent, frames_per_update) = run.check()?;
    let mut config = EngineConfig::from_protocol(run.protocol, agent.handedness(), agent.calibration(), run.hz);
    config.onset_timing = run.onset_timing;
    app.add_plugins((crate::app::core_plugin, crate::session::plugin, crate::patient::plugin))
        .init_resource::<Collected>()
        .add_systems(CoreUpdate, collect.in_set(CoreSystems::Record));
    if record.is_some() {
        app.add_plugins(SessionMetricsPlugin);
    }
    let start = SessionStart {
        plan,
        config,
        protocol_id: run.protocol.id.clone(),
        scoring: run.protocol.scoring,
        calibration_method: CalibrationMethod::Given,
        eye_height_m: run.patient.body.eye_height_m,
        display_hz: run.hz,
        input_source: InputSource::Synthetic {
            patient: run.patient.id.clone(),
        },
        seed: run.seed,
        language: run.language,
        personal_set: run.catalogue.personal_set.clone(),
        questionnaires: run.protocol.questionnaires_in_session(run.session),
        timing: TimingRecord {
            clock: Clock::Simulated,
            display_period_s: 1.0 / run.hz,
            pose_lead_s: 0.0,
            runtime_zero_ns: None,
            lsl_zero_s: None,
        },
        record,
    };
    app.insert_resource(SyntheticPatient {
        agent,
        frames_per_update,
    });
    // Paced at real time, the session's time 0 is now, on the LSL clock too (a dry run
    // of a lab's recording chain streams it).
    let mut start = start;
    if let Some(streams) = run.lsl {
        app.add_plugins(crate::lsl::plugin).insert_resource(streams.clone());
    }
    if run.speed == Some(1.0) {
        let zero = RealTimeZero::now();
        start.timing.lsl_zero_s = Some(zero.lsl_s);
        app.insert_resource(zero);
    }
    begin_session(app.world_mut(), start)?;
    Ok(())
}

/// Runs one session to its end, unrecorded. `progress(done, total)` is called now and then.
pub fn run_session(run: &SessionRun, progress: &mut dyn FnMut(u32, u32)) -> Result<SessionOutput, SimError> {
    let mut app = build_app(run, None)?;
    step_to_end(&mut app, run, progress)
}

/// Steps an app built by [`build_app`] until its session is closed, then collects the
/// output. A session whose display time passes `time_limit` is ended (what it recorded
/// is kept, as incomplete) and reported as stalled.
pub fn step_to_end(
    app: &mut App,
    run: &SessionRun,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<SessionOutput, SimError> {
    let (session, limit_s) = (run.session, time_limit(run));
    // Paced: each update waits for its display time, counted from the session's zero.
    let started = app
        .world()
        .get_resource::<RealTimeZero>()
        .map_or_else(std::time::Instant::now, |z| z.instant);
    let mut updates = 0u64;
    let mut stalled = false;
    // Bounded: a closed session ends the loop; the cap only guards against a bug.
    let max_updates = (limit_s * run.hz) as u64 + 1000;
    let frames_per_update = app
        .world()
        .get_resource::<SyntheticPatient>()
        .map_or(1, |p| p.frames_per_update);
    while app.world().get_resource::<SessionOutcome>().is_none() && updates < max_updates {
        // Paced: the update that processes the next frames waits until their time has
        // come, so what it reports (an LSL marker) is never sent before it happened.
        if let (Some(speed), Some(engine)) = (run.speed, app.world().get_resource::<ActiveSession>()) {
            let next = engine.now() + f64::from(frames_per_update) / run.hz;
            let due = std::time::Duration::from_secs_f64(next / speed);
            if let Some(wait) = due.checked_sub(started.elapsed()) {
                std::thread::sleep(wait);
            }
        }
        app.update();
        updates += 1;
        let Some(engine) = app.world().get_resource::<ActiveSession>() else {
            break;
        };
        let now = engine.now();
        if updates.is_multiple_of(256) {
            let (done, total) = engine.progress();
            progress(done, total);
        }
        if now > limit_s && !stalled {
            stalled = true;
            app.world_mut().write_message(SessionControl::End(EndReason::Stalled));
        }
    }
    let world = app.world_mut();
    let outcome = world.get_resource::<SessionOutcome>().cloned();
    let records = world
        .get_resource_mut::<Collected>()
        .map(|mut c| std::mem::take(&mut c.0))
        .unwrap_or_default();
    let simulated_s = world
        .get_resource::<PoseStream>()
        .and_then(|s| s.latest_t())
        .unwrap_or(0.0);
    let frame_costs = world
        .get_resource::<CoreCost>()
        .map(|b| b.stats.clone())
        .unwrap_or_default();
    let truth = world
        .get_resource::<SyntheticPatient>()
        .map(|p| p.agent.truth().to_vec())
        .unwrap_or_default();
    match outcome {
        Some(SessionOutcome::Failed(e)) => return Err(SimError::Record(RecordError::Writer(e))),
        None => return Err(SimError::Stalled { session, limit_s }),
        Some(_) if stalled => return Err(SimError::Stalled { session, limit_s }),
        Some(_) => {}
    }
    Ok(SessionOutput {
        records,
        truth,
        frame_costs,
        simulated_s,
        updates,
        outcome,
    })
}

/// A generous bound on a session's display time, to stop a patient that never finishes.
pub fn time_limit(run: &SessionRun) -> f64 {
    let t = &run.protocol.timing;
    let blocks: Vec<_> = run.protocol.blocks_in_session(run.session).collect();
    let trials: f64 = blocks.iter().map(|(_, b)| f64::from(b.trials)).sum();
    let per_trial = t.iti_s + 2.0 * t.response_timeout_s + t.feedback_s + 10.0;
    trials * per_trial + blocks.len() as f64 * t.block_break_s + 60.0
}
