//! The start of a headset session, without a runtime: a scripted pose source plays a
//! patient who rests, reaches and then keeps the hand at home. The reach calibration
//! runs on the live stream with nothing recorded, the session begins with what it
//! measured, and the trials run (timing out) and are recorded like any other session.

use crate::common::*;
use bevy::math::Vec3;
use bevy::prelude::*;
use vr_aat_core::calibration::{SHOULDER_BELOW_EYES_M, SHOULDER_SIDE_M, Waiting};
use vr_aat_core::records::{CalibrationMethod, InputSource, SessionStatus};
use vr_aat_runtime::input::{HandSample, Pose, PoseSample, PoseStream};
use vr_aat_runtime::live::calibrating::{self as calibration_phase, Calibrating, RuntimeDisplay, start_calibrating};
use vr_aat_runtime::live::{LiveSetup, add_live_plugins, prepare_live_session};
use vr_aat_runtime::recording::NoteEvent;
use vr_aat_runtime::scene::{SceneLayout, SceneStatus};
use vr_aat_runtime::schedule::{CoreSystems, CoreUpdate};
use vr_aat_runtime::session::{EndReason, OutcomeSlot, PauseCause, SessionControl, SessionOutcome, SessionState};
use vr_aat_runtime::trial::{EngineConfig, Outcome};
use vr_aat_store::scan::read_session;
use vr_aat_store::{ParticipantLock, RecorderOptions};

const HZ: f64 = 72.0;
const HEAD: Vec3 = Vec3::new(0.0, 1.2, 0.0);
const HOME: Vec3 = Vec3::new(0.22, 0.93, -0.32);
const REACH: Vec3 = Vec3::new(0.2, 1.02, -0.74);

/// The scripted patient: rests 5 s, reaches out over 0.5 s and holds until 9 s, comes
/// back and keeps the hand at home.
fn hand_at(t: f64) -> Vec3 {
    let along = |from: Vec3, to: Vec3, start: f64| from.lerp(to, (((t - start) / 0.5).clamp(0.0, 1.0)) as f32);
    if t < 5.0 {
        HOME
    } else if t < 9.0 {
        along(HOME, REACH, 5.0)
    } else {
        along(REACH, HOME, 9.0)
    }
}

#[derive(Resource, Default)]
struct Frames(u64);

/// While set, the responding controller reports no tracking.
#[derive(Resource, Default)]
struct HandUntracked(bool);

fn scripted_source(mut frames: ResMut<Frames>, untracked: Res<HandUntracked>, mut stream: ResMut<PoseStream>) {
    frames.0 += 1;
    let t = frames.0 as f64 / HZ;
    let hand = |p| HandSample {
        pose: Pose {
            position: p,
            orientation: Quat::IDENTITY,
        },
        tracked: true,
        grip: false,
    };
    let right = HandSample {
        tracked: !untracked.0,
        ..hand(hand_at(t))
    };
    stream
        .push(PoseSample {
            t,
            frame_t: t,
            head: Pose {
                position: HEAD,
                orientation: Quat::IDENTITY,
            },
            head_tracked: true,
            left: hand(Vec3::new(-0.2, 0.9, -0.2)),
            right,
        })
        .expect("in order");
}

fn headset_app(data: &std::path::Path) -> (App, OutcomeSlot, ParticipantLock) {
    let setup = LiveSetup {
        display_hz: 90.0,
        ..practice_setup(data, "hmd1", InputSource::Xr, 3)
    };
    let options = RecorderOptions::unpaced();
    let lock = ParticipantLock::acquire(data, &setup.participant).expect("lock");
    let (prepared, _) = prepare_live_session(&setup, options, &lock).expect("prepared");
    let provisional = EngineConfig::from_protocol(
        &setup.protocol.protocol,
        setup.body.handedness,
        setup.calibration,
        setup.display_hz,
    );
    let slot = OutcomeSlot::default();
    let mut app = App::new();
    app.add_plugins(MinimalPlugins).insert_resource(slot.clone());
    add_live_plugins(&mut app);
    app.add_plugins(calibration_phase::plugin)
        .insert_resource(SceneLayout::new(&provisional, 1.2))
        .insert_resource(RuntimeDisplay { hz: HZ })
        .init_resource::<Frames>()
        .init_resource::<HandUntracked>()
        .add_systems(
            CoreUpdate,
            scripted_source
                .in_set(CoreSystems::Input)
                .before(calibration_phase::calibrate),
        );
    start_calibrating(app.world_mut(), prepared);
    (app, slot, lock)
}

fn state(app: &App) -> SessionState {
    *app.world().resource::<State<SessionState>>().get()
}

fn panel(app: &App) -> String {
    app.world().resource::<SceneStatus>().panel.clone().unwrap_or_default()
}

#[test]
fn the_calibration_measures_the_patient_then_the_session_records() {
    let data = tempfile::tempdir().expect("tempdir");
    let (mut app, slot, _lock) = headset_app(data.path());
    let participant_dir = data.path().join("hmd1");
    // Resting is recorded once the instruction has been up 2.5 s and the hand held
    // still for 1 s; reaching waits for the arm to go out (at 5 s).
    for _ in 0..(2.0 * HZ) as u32 {
        app.update();
    }
    assert!(panel(&app).contains("Calibration 1 of 2"), "{}", panel(&app));
    assert_eq!(state(&app), SessionState::Calibrating);
    assert!(!participant_dir.exists(), "nothing is recorded during the calibration");
    for _ in 0..(2.5 * HZ) as u32 {
        app.update();
    }
    assert!(panel(&app).contains("Calibration 2 of 2"), "{}", panel(&app));
    assert!(!participant_dir.exists());

    for i in 0..(120.0 * HZ) as u32 {
        app.update();
        if i == (10.0 * HZ) as u32 {
            // What the headset layer reports (OpenXR states) goes into events.csv.
            app.world_mut().write_message(NoteEvent {
                event: vr_aat_core::records::EventKind::XrState,
                detail: "VISIBLE".into(),
            });
        }
        if app.should_exit().is_some() {
            break;
        }
    }
    let report = slot.take();
    assert!(report.began);
    let Some(SessionOutcome::Closed {
        counts, dir: Some(dir), ..
    }) = report.outcome
    else {
        panic!("not recorded: {:?}", report.outcome);
    };
    assert_eq!(counts.trials_recorded, 16);

    let s = read_session(&dir).expect("reads");
    assert_eq!(s.meta.status, SessionStatus::Complete);
    // Replaying the recorded poses with the recorded calibration and the runtime's rate
    // gives its trials.csv byte for byte.
    let replayed = vr_aat_store::replay::replay(&dir, &Default::default()).expect("replays");
    assert_eq!(replayed.first_difference().expect("compares"), None);
    let cal = s.meta.calibration;
    assert_eq!(cal.method, CalibrationMethod::ReachCalibration);
    let shoulder = HEAD + Vec3::new(SHOULDER_SIDE_M, -SHOULDER_BELOW_EYES_M, 0.0);
    let expected_reach = f64::from(REACH.distance(shoulder));
    assert!(
        (cal.arm_reach_m - expected_reach).abs() < 0.005,
        "{} vs {expected_reach}",
        cal.arm_reach_m
    );
    assert!(Vec3::from(cal.hand_home_m).distance(HOME) < 0.005);
    assert_eq!(cal.eye_height_m, Some(f64::from(HEAD.y)));
    assert_eq!(s.meta.display_hz, HZ, "the runtime's rate is recorded");
    // The scripted patient never responds: every trial times out, and the first drink
    // appears only after the calibration (hand back home at 9.5 s).
    assert!(s.records.iter().all(|r| r.outcome == Outcome::NoResponse));
    assert!(s.records[0].stimulus_onset_s > 9.5, "{}", s.records[0].stimulus_onset_s);
    let events = std::fs::read_to_string(dir.join("events.csv")).expect("events");
    assert!(events.lines().any(|l| l.ends_with(",xr_state,VISIBLE")), "{events}");
}

#[test]
fn ending_during_the_calibration_exits_with_nothing_recorded() {
    let data = tempfile::tempdir().expect("tempdir");
    let (mut app, slot, _lock) = headset_app(data.path());
    for _ in 0..(2.0 * HZ) as u32 {
        app.update();
    }
    assert_eq!(app.should_exit(), None);
    app.world_mut().write_message(SessionControl::End(EndReason::Operator));
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(app.should_exit(), Some(AppExit::Success));
    let report = slot.take();
    assert!(!report.began);
    assert!(
        matches!(report.outcome, Some(SessionOutcome::NothingRecorded(_))),
        "{:?}",
        report.outcome
    );
    assert!(!data.path().join("hmd1").exists());
}

#[test]
fn the_calibration_says_what_it_waits_for_and_holds_while_paused() {
    let data = tempfile::tempdir().expect("tempdir");
    let (mut app, _slot, _lock) = headset_app(data.path());
    // The responding controller is not tracked: the calibration does not advance, and
    // says why.
    app.world_mut().resource_mut::<HandUntracked>().0 = true;
    for _ in 0..(6.0 * HZ) as u32 {
        app.update();
    }
    let calibrating = app.world().resource::<Calibrating>();
    assert_eq!(calibrating.reach.waiting(), Waiting::HandNotTracked);
    assert!(
        calibrating
            .reach
            .status()
            .contains("right controller's position is not tracked"),
        "{}",
        calibrating.reach.status()
    );
    assert!(panel(&app).contains("Calibration 1 of 2"));
    // Tracked again, but the therapist pauses: the paused panel shows and nothing is
    // measured while the hand would have rested long enough.
    app.world_mut().resource_mut::<HandUntracked>().0 = false;
    app.world_mut()
        .write_message(SessionControl::Pause(PauseCause::Therapist));
    for _ in 0..(4.0 * HZ) as u32 {
        app.update();
    }
    assert!(panel(&app).starts_with("Paused"), "{}", panel(&app));
    assert!(app.world().get_resource::<Calibrating>().is_some());
    assert!(!app.world().resource::<Calibrating>().reach.status().contains("step 2"));
    // Resumed: the instruction is back and the calibration goes on.
    app.world_mut()
        .write_message(SessionControl::Resume(PauseCause::Therapist));
    for _ in 0..2 {
        app.update();
    }
    assert!(panel(&app).contains("Calibration"), "{}", panel(&app));
}
