//! Flat (desktop) mode without a window: scripted mouse input drives the same engine,
//! scene and recorder as every other mode, completes a short protocol, and leaves the
//! same kind of session record as a simulated session. The scene's game logic runs with
//! no render plugin at all.

mod common;

use std::time::Duration;

use bevy::input::InputPlugin;
use bevy::input::mouse::MouseMotion;
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use common::*;
use vr_aat::input::flat::{self, FlatHand};
use vr_aat::live::{LiveOutcome, OutcomeSlot, start_live_session};
use vr_aat::metrics::store::read_session;
use vr_aat::metrics::{InputSource, RecorderOptions, SessionStatus};
use vr_aat::scene::{Drink, DrinkState, PatientHand, SceneLayout, SceneStatus};
use vr_aat::trial::{ActiveSession, Direction, Outcome};

/// A scripted user: waits 0.4 s after a drink appears, then moves the mouse 15 px a
/// frame for 12 frames in the direction the instruction asks for, and lets go.
#[derive(Resource, Default)]
struct Script {
    current: Option<(u32, u32)>, // (trial, frames since shown)
}

fn scripted_mouse(
    mut script: ResMut<Script>,
    drinks: Query<&Drink>,
    session: Res<ActiveSession>,
    mut motion: MessageWriter<MouseMotion>,
) {
    let Some(drink) = drinks.iter().find(|d| d.state == DrinkState::Held) else {
        script.current = None;
        return;
    };
    let frames = match script.current {
        Some((trial, n)) if trial == drink.trial => n + 1,
        _ => 0,
    };
    script.current = Some((drink.trial, frames));
    let (done, _) = session.progress();
    let plan = session.plan();
    let spec = plan
        .blocks
        .iter()
        .flat_map(|b| b.trials.iter())
        .nth(done as usize)
        .expect("a trial");
    if (24..36).contains(&frames) {
        let dy = if spec.required == Direction::Push { -15.0 } else { 15.0 };
        motion.write(MouseMotion {
            delta: Vec2::new(0.0, dy),
        });
    }
}

fn flat_app(data: &std::path::Path) -> (App, u32) {
    let setup = practice_setup(data, "flat1", InputSource::Flat, 5);
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, InputPlugin))
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs_f64(1.0 / 60.0)))
        .init_resource::<OutcomeSlot>();
    let session = start_live_session(&mut app, &setup, RecorderOptions::default()).expect("session starts");
    let cal = setup.calibration;
    app.add_plugins(flat::plugin)
        .insert_resource(FlatHand::new(
            cal.hand_home,
            cal.forward,
            Vec3::new(0.0, 1.2, 0.0),
            setup.body.handedness,
        ))
        .init_resource::<Script>()
        .add_systems(PreUpdate, scripted_mouse.before(bevy::input::InputSystems));
    (app, session)
}

#[test]
fn scripted_mouse_input_completes_a_protocol_and_records_it() {
    let data = tempfile::tempdir().expect("tempdir");
    let (mut app, session) = flat_app(data.path());
    assert_eq!(session, 1);
    let slot = app.world().resource::<OutcomeSlot>().clone();
    let mut saw_push_zoom = false;
    for _ in 0..60 * 120 {
        app.update();
        // The scene: while a drink is held it stays on the counter; pushed drinks shrink.
        let world = app.world_mut();
        let mut q = world.query::<(&Drink, &Transform)>();
        for (d, tf) in q.iter(world) {
            if let DrinkState::Leaving {
                kind: vr_aat::trial::FeedbackKind::PushedAway,
                ..
            } = d.state
                && tf.scale.x < 0.9
            {
                saw_push_zoom = true;
            }
        }
        if app.world().get_resource::<LiveOutcome>().is_some() {
            break;
        }
    }
    let outcome = app
        .world()
        .get_resource::<LiveOutcome>()
        .expect("the session closed itself")
        .0
        .clone();
    let (counts, dir) = outcome.expect("recorded");
    assert_eq!(counts.trials_recorded, 16);
    // The windowed runner drops the app; the slot hands the same outcome to the caller.
    let report = slot.take();
    assert!(report.began, "recording began");
    let (slot_counts, slot_dir) = report.outcome.expect("the slot has the outcome").0.expect("recorded");
    assert_eq!((slot_counts.trials_recorded, &slot_dir), (16, &dir));
    assert!(saw_push_zoom, "a correct push zooms the drink away");

    let s = read_session(&dir).expect("reads like any session");
    assert_eq!(s.meta.status, SessionStatus::Complete);
    assert_eq!(s.meta.input_source, InputSource::Flat);
    assert!(
        s.records.iter().all(|r| r.outcome == Outcome::Correct),
        "{:?}",
        s.records.iter().map(|r| r.outcome).collect::<Vec<_>>()
    );
    for f in [
        "session.ron",
        "trials.csv",
        "tracking.csv",
        "events.csv",
        "summary.ron",
        "frame_budget.ron",
    ] {
        assert!(dir.join(f).is_file(), "{f} written like a simulated session's");
    }
    // The hand is where the flat input put it, and the status panel reports the end.
    let world = app.world_mut();
    let hand = world.query::<&PatientHand>().single(world).expect("one hand");
    assert!(hand.tracked);
    assert!(world.resource::<SceneStatus>().finished);
    assert!(world.get_resource::<SceneLayout>().is_some());
}
