//! The trial engine does not care how samples are grouped into updates: one sample per
//! update (a headset frame), the most the synthetic patient allows, and a whole recorded
//! session replayed in a single update all give identical trial records.

use crate::common::*;
use bevy::prelude::*;
use vr_aat_runtime::input::{PoseSample, PoseStream};
use vr_aat_runtime::patient::Agent;
use vr_aat_runtime::schedule::{CoreSystems, CoreUpdate};
use vr_aat_runtime::trial::{
    ActiveSession, Engine, EngineConfig, OnsetTiming, TrialCompleted, TrialRecord, plan_session,
};

#[test]
fn one_frame_per_update_equals_the_largest_batches() {
    let (protocol, catalogue) = protocol("training-course");
    let patient = patient("biased-50ms");
    for hz in [72.0, 90.0, 120.0] {
        let single = simulate(
            &protocol,
            &catalogue,
            &patient,
            3,
            2,
            hz,
            Some(1),
            OnsetTiming::Interpolated,
        );
        let batched = simulate(
            &protocol,
            &catalogue,
            &patient,
            3,
            2,
            hz,
            None,
            OnsetTiming::Interpolated,
        );
        // (Around its questionnaires the patient moves one frame per update.)
        assert!(
            batched.updates * 2 < single.updates,
            "batched run carries several frames per update"
        );
        assert_eq!(single.records.len(), 288);
        assert_eq!(single.records, batched.records, "records differ at {hz} Hz");
    }
}

/// Plays a session with the plain engine and patient (no Bevy), keeping every sample.
fn play_plain(seed: u64) -> (Vec<PoseSample>, Vec<TrialRecord>) {
    let (protocol, catalogue) = protocol("assessment");
    let mut agent = Agent::new(patient("biased-50ms"), &protocol, 90.0, seed, 1).expect("patient fits protocol");
    let config = EngineConfig::from_protocol(&protocol, agent.handedness(), agent.calibration(), 90.0);
    let mut engine = Engine::new(config, plan_session(&protocol, &catalogue, seed, 1).expect("plan"));
    let (mut samples, mut records) = (Vec::new(), Vec::new());
    while !engine.is_finished() {
        let s = agent.next_sample();
        engine.process(&s);
        samples.push(s);
        for change in engine.take_display_changes() {
            agent.see(change);
        }
        records.extend(engine.take_records());
    }
    records.extend(engine.take_records());
    (samples, records)
}

#[derive(Resource, Default)]
struct Collected(Vec<TrialRecord>);

fn collect(mut completed: MessageReader<TrialCompleted>, mut out: ResMut<Collected>) {
    out.0.extend(completed.read().map(|c| c.0.clone()));
}

#[test]
fn a_recorded_session_replayed_in_one_update_gives_the_same_records() {
    let seed = 8;
    let (samples, plain_records) = play_plain(seed);
    assert_eq!(plain_records.len(), 168);

    // The same session closed-loop through Bevy, one frame per update.
    let (protocol, catalogue) = protocol("assessment");
    let patient = patient("biased-50ms");
    let live = simulate(
        &protocol,
        &catalogue,
        &patient,
        seed,
        1,
        90.0,
        Some(1),
        OnsetTiming::Interpolated,
    );
    assert_eq!(live.records, plain_records);

    // Replay: every sample of the session pushed before a single update.
    let agent = Agent::new(patient, &protocol, 90.0, seed, 1).expect("patient fits protocol");
    let config = EngineConfig::from_protocol(&protocol, agent.handedness(), agent.calibration(), 90.0);
    let engine = Engine::new(config, plan_session(&protocol, &catalogue, seed, 1).expect("plan"));
    let mut app = App::new();
    app.add_plugins(vr_aat_runtime::app::core_plugin)
        .insert_resource(ActiveSession(engine))
        .init_resource::<Collected>()
        .add_systems(CoreUpdate, collect.in_set(CoreSystems::Record));
    {
        let mut stream = app.world_mut().resource_mut::<PoseStream>();
        for s in samples {
            stream.push(s).expect("samples are in time order");
        }
    }
    app.update();
    assert!(app.world().resource::<ActiveSession>().is_finished());
    app.update(); // releases the records held for frame-budget verdicts
    assert_eq!(app.world().resource::<Collected>().0, plain_records);
}
