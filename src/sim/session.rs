//! One simulated session: builds the headless app, steps it until the engine finishes.

use bevy::prelude::*;

use crate::data::{Catalogue, PatientProfile, Protocol};
use crate::input::PoseStream;
use crate::patient::{Agent, PatientError, SyntheticPatient, TrueTrial};
use crate::schedule::CoreSystems;
use crate::timing::{FrameBudget, FrameCostStats, OverrunPolicy};
use crate::trial::{
    ActiveSession, Engine, EngineConfig, OnsetTiming, PlanError, TrialCompleted, TrialRecord, plan_session,
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
}

#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Patient(#[from] PatientError),
    #[error(
        "--batch {requested}: the synthetic patient perceives the display {latency_ms} ms late, so one update may carry at most {max} frames at {hz} Hz"
    )]
    BatchTooLarge {
        requested: u32,
        max: u32,
        latency_ms: f64,
        hz: f64,
    },
    #[error(transparent)]
    Record(#[from] crate::metrics::RecordError),
    #[error("display rate {0} Hz is outside 30-240 Hz")]
    BadRate(f64),
    #[error(
        "session {session} did not finish within {limit_s:.0} s of simulated time (the patient never completed the protocol)"
    )]
    Stalled { session: u32, limit_s: f64 },
}

/// Trial records collected in memory, in completion order.
#[derive(Resource, Debug, Default)]
struct Collected(Vec<TrialRecord>);

fn collect(mut completed: MessageReader<TrialCompleted>, mut out: ResMut<Collected>) {
    out.0.extend(completed.read().map(|c| c.0.clone()));
}

/// Builds the headless app for one session: core plugins, the synthetic patient and an
/// in-memory collector. Callers may add plugins (recorders) before stepping it.
pub fn build_app(run: &SessionRun) -> Result<App, SimError> {
    if !(30.0..=240.0).contains(&run.hz) {
        return Err(SimError::BadRate(run.hz));
    }
    let plan = plan_session(run.protocol, run.catalogue, run.seed, run.session)?;
    let agent = Agent::new(run.patient.clone(), run.protocol, run.hz, run.seed, run.session)?;
    let max = agent.max_frames_per_update();
    let frames_per_update = run.frames_per_update.unwrap_or(max);
    if frames_per_update == 0 || frames_per_update > max {
        return Err(SimError::BatchTooLarge {
            requested: frames_per_update,
            max,
            latency_ms: run.patient.kinematics.perception_latency_ms,
            hz: run.hz,
        });
    }
    let mut config = EngineConfig::from_protocol(run.protocol, agent.handedness(), agent.calibration());
    config.onset_timing = run.onset_timing;
    let mut app = App::new();
    app.add_plugins((crate::app::core_plugin, crate::patient::plugin))
        .insert_resource(FrameBudget::for_display_rate(run.hz, OverrunPolicy::MeasureOnly))
        .insert_resource(ActiveSession(Engine::new(config, plan)))
        .insert_resource(SyntheticPatient {
            agent,
            frames_per_update,
        })
        .init_resource::<Collected>()
        .add_systems(Update, collect.in_set(CoreSystems::Record));
    Ok(app)
}

/// Runs one session to its end. `progress(done, total)` is called now and then.
pub fn run_session(run: &SessionRun, progress: &mut dyn FnMut(u32, u32)) -> Result<SessionOutput, SimError> {
    let mut app = build_app(run)?;
    step_to_end(&mut app, run, progress)
}

/// Steps an app built by [`build_app`] until its engine has finished, then collects the
/// output. Fails if the session's display time passes `limit_s`.
pub fn step_to_end(
    app: &mut App,
    run: &SessionRun,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<SessionOutput, SimError> {
    let (session, limit_s) = (run.session, time_limit(run));
    let started = std::time::Instant::now();
    let mut updates = 0u64;
    loop {
        app.update();
        updates += 1;
        let Some(engine) = app.world().get_resource::<ActiveSession>() else {
            break;
        };
        if let Some(speed) = run.speed.filter(|s| *s > 0.0) {
            let due = std::time::Duration::from_secs_f64(engine.now() / speed);
            if let Some(wait) = due.checked_sub(started.elapsed()) {
                std::thread::sleep(wait);
            }
        }
        if updates.is_multiple_of(256) {
            let (done, total) = engine.progress();
            progress(done, total);
        }
        if engine.is_finished() {
            // One more update releases the last records.
            app.update();
            updates += 1;
            break;
        }
        if engine.now() > limit_s {
            return Err(SimError::Stalled { session, limit_s });
        }
    }
    let world = app.world_mut();
    let records = world
        .get_resource_mut::<Collected>()
        .map(|mut c| std::mem::take(&mut c.0))
        .unwrap_or_default();
    let simulated_s = world
        .get_resource::<PoseStream>()
        .and_then(|s| s.latest_t())
        .unwrap_or(0.0);
    let frame_costs = world
        .get_resource::<FrameBudget>()
        .map(|b| b.stats.clone())
        .unwrap_or_default();
    let truth = world
        .get_resource::<SyntheticPatient>()
        .map(|p| p.agent.truth().to_vec())
        .unwrap_or_default();
    Ok(SessionOutput {
        records,
        truth,
        frame_costs,
        simulated_s,
        updates,
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
