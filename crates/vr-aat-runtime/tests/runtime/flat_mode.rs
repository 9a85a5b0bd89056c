//! Flat (desktop) mode without a window: scripted mouse input drives the same engine,
//! scene and recorder as every other mode, completes a short protocol, and leaves the
//! same kind of session record as a simulated session. The app is built on Bevy's
//! `DefaultPlugins` (those this build has: no window or renderer, but the input, time,
//! and Ctrl-C plugins a desktop app runs), so a schedule conflict with a Bevy plugin
//! fails here. tests/flat_window.rs (feature `render`) runs the real window.

use std::time::Duration;

use crate::common::*;
use bevy::input::mouse::MouseMotion;
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use vr_aat_core::locale::Language;
use vr_aat_core::participant::ParticipantId;
use vr_aat_core::records::{InputSource, SessionStatus};
use vr_aat_runtime::flat_input::{self as flat, FlatHand};
use vr_aat_runtime::live::{LiveSetup, prepare_live_session, start_live_session};
use vr_aat_runtime::scene::{Drink, DrinkState, PatientHand, SceneLayout, SceneStatus};
use vr_aat_runtime::session::{OutcomeSlot, SessionOutcome, SessionState};
use vr_aat_runtime::trial::{ActiveSession, Direction, Outcome};
use vr_aat_store::scan::read_session;
use vr_aat_store::{ParticipantLock, RecorderOptions};

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

fn flat_app(data: &std::path::Path) -> (App, u32, ParticipantLock) {
    flat_app_in(data, None)
}

fn flat_app_in(data: &std::path::Path, language: Option<Language>) -> (App, u32, ParticipantLock) {
    flat_app_with(
        data,
        LiveSetup {
            language,
            ..practice_setup(data, "flat1", InputSource::Flat, 5)
        },
    )
}

/// The flat app for `setup`, with the scripted mouse moving drinks and answering
/// questionnaires, its session begun.
fn flat_app_with(data: &std::path::Path, setup: LiveSetup) -> (App, u32, ParticipantLock) {
    let lock = ParticipantLock::acquire(data, &setup.participant).expect("lock");
    let (prepared, _) = prepare_live_session(&setup, RecorderOptions::unpaced(), &lock).expect("prepared");
    let mut app = App::new();
    app.add_plugins(DefaultPlugins)
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs_f64(1.0 / 60.0)))
        .init_resource::<OutcomeSlot>();
    start_live_session(&mut app, &prepared).expect("session starts");
    let cal = setup.calibration;
    app.add_plugins(flat::plugin)
        .insert_resource(FlatHand::new(
            cal.hand_home,
            cal.forward,
            Vec3::new(0.0, 1.2, 0.0),
            setup.body.handedness,
        ))
        .init_resource::<Script>()
        .init_resource::<Answering>()
        .add_systems(
            PreUpdate,
            (scripted_mouse, scripted_answers).before(bevy::input::InputSystems),
        );
    app.finish();
    app.cleanup();
    (app, prepared.session, lock)
}

#[test]
fn scripted_mouse_input_completes_a_protocol_and_records_it() {
    let data = tempfile::tempdir().expect("tempdir");
    let (mut app, session, _lock) = flat_app(data.path());
    assert_eq!(session, 1);
    let slot = app.world().resource::<OutcomeSlot>().clone();
    let mut saw_push_zoom = false;
    // The photodiode patch's switches: (frame display time, lit after it).
    let mut patch: Vec<(f64, bool)> = Vec::new();
    for _ in 0..60 * 120 {
        app.update();
        let status = app.world().resource::<SceneStatus>();
        if patch
            .last()
            .map_or(status.photodiode, |&(_, lit)| lit != status.photodiode)
        {
            patch.push((status.now, status.photodiode));
        }
        // The scene: while a drink is held it stays on the counter; pushed drinks shrink.
        let world = app.world_mut();
        let mut q = world.query::<(&Drink, &Transform)>();
        for (d, tf) in q.iter(world) {
            if let DrinkState::Leaving {
                kind: vr_aat_runtime::trial::FeedbackKind::PushedAway,
                ..
            } = d.state
                && tf.scale.x < 0.9
            {
                saw_push_zoom = true;
            }
        }
        if app.should_exit().is_some() {
            break;
        }
    }
    assert_eq!(app.should_exit(), Some(AppExit::Success));
    assert_eq!(
        *app.world().resource::<State<SessionState>>().get(),
        SessionState::Closed
    );
    let outcome = app
        .world()
        .get_resource::<SessionOutcome>()
        .expect("the session closed itself")
        .clone();
    let SessionOutcome::Closed {
        counts, dir: Some(dir), ..
    } = outcome.clone()
    else {
        panic!("not recorded: {outcome:?}");
    };
    assert_eq!(counts.trials_recorded, 16);
    // The windowed runner drops the app; the slot hands the same outcome to the caller.
    let report = slot.take();
    assert!(report.began, "recording began");
    assert_eq!(report.outcome, Some(outcome));
    assert!(saw_push_zoom, "a correct push zooms the drink away");

    let s = read_session(&dir).expect("reads like any session");
    assert_eq!(s.meta.status, SessionStatus::Complete);
    assert_eq!(s.meta.input_source, InputSource::Flat);
    // The recording is complete: replaying its poses gives its trials.csv byte for byte.
    let replayed = vr_aat_store::replay::replay(&dir, &Default::default()).expect("replays");
    assert_eq!(replayed.first_difference().expect("compares"), None);
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
        "frames.csv",
        "core_cost.ron",
    ] {
        assert!(dir.join(f).is_file(), "{f} written");
    }
    // The photodiode patch lights on the frame that shows each drink and goes dark on
    // the frame the movement onset is detected, logged as `movement_detected`.
    let lit: Vec<f64> = patch.iter().filter(|p| p.1).map(|p| p.0).collect();
    let dark: Vec<f64> = patch.iter().filter(|p| !p.1).map(|p| p.0).collect();
    assert_eq!(lit.len(), 16, "{patch:?}");
    assert_eq!(dark.len(), 16, "{patch:?}");
    let events = std::fs::read_to_string(dir.join("events.csv")).expect("events");
    let detected: Vec<f64> = events
        .lines()
        .filter(|l| l.contains(",movement_detected,"))
        .map(|l| l.split(',').next().and_then(|t| t.parse().ok()).expect("a time"))
        .collect();
    assert_eq!(detected.len(), 16, "{events}");
    for (i, r) in s.records.iter().enumerate() {
        assert!(
            (lit[i] - r.stimulus_onset_s).abs() < 1e-9,
            "trial {}: {} vs {}",
            r.trial,
            lit[i],
            r.stimulus_onset_s
        );
        let onset = r.movement_onset_s.expect("moved");
        assert!(
            dark[i] >= onset && dark[i] - onset < 1.0 / 60.0 + 1e-9,
            "trial {}: dark at {}, onset {onset}",
            r.trial,
            dark[i]
        );
        assert!(
            (detected[i] - dark[i]).abs() < 1e-3,
            "trial {}: logged {} vs {}",
            r.trial,
            detected[i],
            dark[i]
        );
    }
    // The hand is where the flat input put it, and the status panel reports the end.
    let world = app.world_mut();
    let hand = world.query::<&PatientHand>().single(world).expect("one hand");
    assert!(hand.tracked);
    assert!(world.resource::<SceneStatus>().finished);
    assert!(world.get_resource::<SceneLayout>().is_some());
}

/// Runs the flat app until its session closes (or `max` updates).
fn run_to_close(app: &mut App, max: usize) {
    for _ in 0..max {
        app.update();
        if app.should_exit().is_some() {
            break;
        }
    }
}

#[test]
fn the_patient_reads_their_language_and_keeps_it_for_the_next_session() {
    let data = tempfile::tempdir().expect("tempdir");
    // Session 1 in Polish: the block's instruction is Polish, and the session says so.
    let (mut app, session, lock) = flat_app_in(data.path(), Some(Language::Pl));
    assert_eq!(session, 1);
    let mut panel = None;
    for _ in 0..60 {
        app.update();
        panel = app.world().resource::<SceneStatus>().panel.clone();
        if panel.is_some() {
            break;
        }
    }
    let panel = panel.expect("the block's instruction is shown");
    assert!(
        panel.starts_with("Ćwiczenie\n\nProszę odpychać napoje alkoholowe"),
        "{panel}"
    );
    run_to_close(&mut app, 60 * 120);
    drop(app);
    drop(lock);
    let s1 = read_session(&data.path().join("flat1").join("S01")).expect("reads");
    assert_eq!(s1.meta.language, Language::Pl);
    // A next session without a language: the participant's language again (a new
    // participant reads English).
    let lock = ParticipantLock::acquire(data.path(), &ParticipantId::parse("flat1").unwrap()).expect("lock");
    assert_eq!(vr_aat_runtime::live::participant_language(&lock, 2), Language::Pl);
    let other = ParticipantLock::acquire(data.path(), &ParticipantId::parse("new1").unwrap()).expect("lock");
    assert_eq!(vr_aat_runtime::live::participant_language(&other, 1), Language::En);
}

/// A protocol like `practice` that asks the craving VAS before its first trial and
/// the SSQ after its last, written into `dir`.
fn practice_with_questionnaires(dir: &std::path::Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(asset("protocols/practice.ron")).expect("practice");
    let abs = |rel: &str| asset(rel).display().to_string();
    let text = text.replace("\"../stimuli/drinks.ron\"", &format!("{:?}", abs("stimuli/drinks.ron")));
    let end = text.rfind(')').expect("a protocol");
    let text = format!(
        "{},\n    questionnaires: [\n        Ask(questionnaire: {:?}, moment: BeforeSession),\n        Ask(questionnaire: {:?}, moment: AfterSession),\n    ],\n)\n",
        text[..end].trim_end().trim_end_matches(','),
        abs("questionnaires/craving-vas.ron"),
        abs("questionnaires/ssq.ron"),
    );
    let path = dir.join("practice-asking.ron");
    std::fs::write(&path, text).expect("write");
    path
}

/// A scripted patient on the questionnaire panel with the mouse: presses to begin,
/// moves the mouse right by [`ANSWER_DX`] pixels from the middle of the scale, clicks to
/// choose, clicks again at once (too soon: a double click confirms nothing) and half a
/// second later to confirm.
#[derive(Resource, Default)]
struct Answering {
    page: Option<(String, vr_aat_core::questionnaire::Page)>,
    since: u32,
    /// The button was pressed last frame: let it go.
    release: bool,
}

const ANSWER_DX: f32 = 60.0;

fn scripted_answers(
    mut script: ResMut<Answering>,
    asking: Option<Res<vr_aat_runtime::session::asking::Asking>>,
    mut motion: MessageWriter<MouseMotion>,
    mut buttons: MessageWriter<bevy::input::mouse::MouseButtonInput>,
) {
    let click = |buttons: &mut MessageWriter<bevy::input::mouse::MouseButtonInput>, pressed: bool| {
        buttons.write(bevy::input::mouse::MouseButtonInput {
            button: MouseButton::Left,
            state: if pressed {
                bevy::input::ButtonState::Pressed
            } else {
                bevy::input::ButtonState::Released
            },
            window: Entity::PLACEHOLDER,
        });
    };
    if std::mem::take(&mut script.release) {
        click(&mut buttons, false);
    }
    let Some((_, form)) = asking.as_deref().and_then(|a| a.form()) else {
        return;
    };
    let page = Some((form.questionnaire().id.clone(), form.page()));
    if script.page != page {
        script.page = page;
        script.since = 0;
    }
    script.since += 1;
    match (form.page(), script.since) {
        // Read for half a second, then press (and let go the next frame).
        (vr_aat_core::questionnaire::Page::Instructions, 30) => {
            click(&mut buttons, true);
            script.release = true;
        }
        (vr_aat_core::questionnaire::Page::Item(_), 20) => {
            motion.write(MouseMotion {
                delta: Vec2::new(ANSWER_DX, 0.0),
            });
        }
        (vr_aat_core::questionnaire::Page::Item(_), 30 | 33 | 60) => {
            click(&mut buttons, true);
            script.release = true;
        }
        _ => {}
    }
}

#[test]
fn the_mouse_answers_a_questionnaire_panel_and_each_answer_is_recorded() {
    let data = tempfile::tempdir().expect("tempdir");
    let setup = LiveSetup {
        protocol: vr_aat_core::data::ProtocolSource::load(&practice_with_questionnaires(data.path()))
            .expect("the protocol loads"),
        ..practice_setup(data.path(), "flatq", InputSource::Flat, 5)
    };
    let (mut app, _, _lock) = flat_app_with(data.path(), setup);

    // Before the first trial: the craving panel, in the panel, with the mouse's hints.
    let mut panels = Vec::new();
    let mut states = Vec::new();
    for _ in 0..60 * 200 {
        app.update();
        let text = app.world().resource::<SceneStatus>().shown_panel().map(str::to_owned);
        if let Some(t) = text
            && panels.last() != Some(&t)
        {
            panels.push(t);
        }
        let state = *app.world().resource::<State<SessionState>>().get();
        if states.last() != Some(&state) {
            states.push(state);
        }
        if app.should_exit().is_some() {
            break;
        }
    }
    assert_eq!(
        app.should_exit(),
        Some(AppExit::Success),
        "the session closed: {states:?} {panels:#?}"
    );
    let first = &panels[0];
    assert!(
        first.starts_with("Craving\n\nPlease answer how you feel right now.\n\nClick, or press Enter, to begin."),
        "{first}"
    );
    assert!(
        panels
            .iter()
            .any(|p| p.contains("How strong is your urge") && p.contains("●") && p.contains("  60")),
        "the chosen value is marked on the scale: {panels:#?}"
    );
    assert!(
        panels
            .iter()
            .any(|p| p.contains("You chose 60. Click again to confirm"))
    );
    // The states: asked before the trials and after them, then closed.
    let asking = states.iter().filter(|s| **s == SessionState::Asking).count();
    assert_eq!(asking, 2, "{states:?}");
    assert_eq!(states.last(), Some(&SessionState::Closed));

    let dir = data.path().join("flatq").join("S01");
    let s = read_session(&dir).expect("reads");
    assert_eq!(s.meta.status, SessionStatus::Complete);
    assert_eq!(s.records.len(), 16, "the trials ran between the questionnaires");
    let answers = vr_aat_store::files::answers::read_answers(&dir).expect("answers.csv reads");
    // Craving: 0.5 + 60/600 of the scale = 60; the SSQ's 0..3 scale: 0.6 * 3 = 1.8 -> 2.
    assert_eq!(answers.len(), 1 + 16);
    assert_eq!(
        (
            answers[0].questionnaire.as_str(),
            answers[0].moment.as_str(),
            answers[0].value
        ),
        ("craving-vas", "before_session", 60.0)
    );
    assert!(
        answers[1..]
            .iter()
            .all(|a| a.questionnaire == "ssq" && a.moment == "after_session" && a.value == 2.0)
    );
    assert!(answers.iter().all(|a| a.language == "en" && a.answered_s > a.shown_s));
    // Answered before the first drink, and after the last trial.
    let first_onset = s.records[0].stimulus_onset_s;
    assert!(answers[0].answered_s < first_onset);
    assert!(answers[1].shown_s > s.records[15].stimulus_onset_s);
    // The recording replays byte for byte: the questionnaire held the engine as recorded.
    let replayed = vr_aat_store::replay::replay(&dir, &Default::default()).expect("replays");
    assert_eq!(replayed.first_difference().expect("compares"), None);
    let summary = std::fs::read_to_string(dir.join("summary.ron")).expect("summary");
    assert!(summary.contains("answers_recorded: 17"), "{summary}");
}

/// The grip a scripted user holds (Space) while a drink that must be pulled is up,
/// when `for_pulls` is set; never otherwise.
#[derive(Resource, Default)]
struct Grip {
    for_pulls: bool,
    held: bool,
}

fn scripted_grip(
    mut grip: ResMut<Grip>,
    drinks: Query<&Drink>,
    session: Res<ActiveSession>,
    mut keys: MessageWriter<bevy::input::keyboard::KeyboardInput>,
) {
    let held_drink = drinks.iter().any(|d| d.state == DrinkState::Held);
    let (done, _) = session.progress();
    let pulling = session
        .plan()
        .blocks
        .iter()
        .flat_map(|b| b.trials.iter())
        .nth(done as usize)
        .is_some_and(|t| t.required == Direction::Pull);
    let want = grip.for_pulls && held_drink && pulling;
    if want != grip.held {
        grip.held = want;
        keys.write(bevy::input::keyboard::KeyboardInput {
            key_code: KeyCode::Space,
            logical_key: bevy::input::keyboard::Key::Space,
            state: if want {
                bevy::input::ButtonState::Pressed
            } else {
                bevy::input::ButtonState::Released
            },
            text: None,
            repeat: false,
            window: Entity::PLACEHOLDER,
        });
    }
}

/// Ascone et al. (2023)'s third grasp condition in flat mode: with the grip (Space)
/// held for pulls every trial is correct; without it the pushes still are and the pulls
/// time out, since a pull without a grasp does not move the drink.
#[test]
fn grasping_only_to_pull_in_flat_mode_needs_the_grip_for_pulls() {
    for for_pulls in [true, false] {
        let data = tempfile::tempdir().expect("tempdir");
        let mut setup = practice_setup(data.path(), "flatgrip", InputSource::Flat, 5);
        setup.protocol.protocol.response_mode = vr_aat_core::data::ResponseMode::GraspToPull;
        let (mut app, _, _lock) = flat_app_with(data.path(), setup);
        app.insert_resource(Grip { for_pulls, held: false }).add_systems(
            PreUpdate,
            scripted_grip.after(scripted_mouse).before(bevy::input::InputSystems),
        );
        run_to_close(&mut app, 60 * 240);
        let Some(SessionOutcome::Closed { dir: Some(dir), .. }) = app.world().get_resource::<SessionOutcome>().cloned()
        else {
            panic!("not recorded");
        };
        let s = read_session(&dir).expect("recorded");
        assert_eq!(s.meta.response_mode, Some(vr_aat_core::data::ResponseMode::GraspToPull));
        for r in &s.records {
            let expected = if for_pulls || r.required == Direction::Push {
                Outcome::Correct
            } else {
                Outcome::NoResponse
            };
            assert_eq!(
                r.outcome, expected,
                "trial {} ({:?}), grip for pulls: {for_pulls}",
                r.trial, r.required
            );
        }
        assert!(s.records.iter().any(|r| r.required == Direction::Pull));
    }
}
