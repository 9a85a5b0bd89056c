//! The windowed app: flat desktop play, and screenshots of chosen moments.

use std::path::PathBuf;

use bevy::app::{PluginGroupBuilder, TerminalCtrlCHandlerPlugin};
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};
use bevy::window::{ExitCondition, WindowCloseRequested, WindowResolution};

use super::{DrinkCatalogue, OverlayInfo, bar_plugin, flat_plugin};
use vr_aat_core::data::{Block, BlockKind, BlockSessions, BlockStimuli, Catalogue, Category, PatientProfile, Protocol};
use vr_aat_runtime::flat_input::{self as flat, FlatHand};
use vr_aat_runtime::live::{LiveError, PreparedSession, start_live_session};
use vr_aat_runtime::patient::{Agent, SyntheticPatient};
use vr_aat_runtime::scene::{Drink, DrinkState, Moment, SceneLayout, SceneStatus};
use vr_aat_runtime::session::{EndReason, OutcomeSlot, SessionControl, SessionOutcome};
use vr_aat_runtime::trial::{ActiveSession, Engine, EngineConfig, FeedbackKind, plan_session};

/// Why a window could not be opened or a session not run.
#[derive(Debug, thiserror::Error)]
pub enum PlayError {
    #[error(
        "no display: neither DISPLAY nor WAYLAND_DISPLAY is set. `vr-aat play --flat` needs a desktop session; on a machine without one, run it under Xvfb (apt-get install xvfb mesa-vulkan-drivers libvulkan1; xvfb-run -s '-screen 0 1280x720x24' vr-aat ...)"
    )]
    NoDisplay,
    #[error(transparent)]
    Live(#[from] LiveError),
    #[error("{0}")]
    Setup(String),
}

pub fn check_display() -> Result<(), PlayError> {
    let set = |v: &str| std::env::var_os(v).is_some_and(|s| !s.is_empty());
    if set("DISPLAY") || set("WAYLAND_DISPLAY") {
        Ok(())
    } else {
        Err(PlayError::NoDisplay)
    }
}

/// Whether Bevy's renderer will find a GPU adapter, asked as it asks (the backends in
/// `WGPU_BACKEND`, else all of them): it panics when it finds none, so this is checked
/// first, before a window opens or a session begins. Vulkan on a GPU, or Mesa's
/// lavapipe on the CPU, is an adapter.
pub fn check_gpu() -> Result<(), PlayError> {
    let descriptor = wgpu::InstanceDescriptor::new_without_display_handle_from_env();
    let backends = descriptor.backends;
    if backends.is_empty() {
        return Err(PlayError::Setup(format!(
            "WGPU_BACKEND={:?} names no graphics backend (expected e.g. vulkan or gl): unset it, or name one",
            std::env::var("WGPU_BACKEND").unwrap_or_default()
        )));
    }
    let instance = wgpu::Instance::new(descriptor);
    if bevy::tasks::block_on(instance.enumerate_adapters(backends)).is_empty() {
        Err(PlayError::Setup(format!(
            "found no GPU adapter (backends: {backends:?}): install the GPU's Vulkan driver, or Mesa's lavapipe to draw on the CPU (apt-get install mesa-vulkan-drivers libvulkan1)"
        )))
    } else {
        Ok(())
    }
}

/// The desktop window: closing it asks the session to end (see [`close_ends_session`]).
pub(crate) fn window_plugin(title: &str, size: (u32, u32)) -> WindowPlugin {
    WindowPlugin {
        primary_window: Some(Window {
            title: title.to_owned(),
            resolution: WindowResolution::new(size.0, size.1),
            ..default()
        }),
        exit_condition: ExitCondition::OnPrimaryClosed,
        close_when_requested: false,
        ..default()
    }
}

/// Bevy's default plugins as every live app (flat, headset) uses them: with its window,
/// and without Bevy's Ctrl-C handler (which quits without closing the recording; the
/// live plugins end the session on Ctrl-C instead).
pub fn live_default_plugins(title: &str, size: (u32, u32)) -> PluginGroupBuilder {
    DefaultPlugins
        .build()
        .disable::<TerminalCtrlCHandlerPlugin>()
        .set(window_plugin(title, size))
}

/// Closing the window ends the session cleanly (the recording is closed first); before
/// the session has begun it ends the program.
fn close_ends_session(mut requests: MessageReader<WindowCloseRequested>, mut control: MessageWriter<SessionControl>) {
    for _ in requests.read() {
        control.write(SessionControl::End(EndReason::Operator));
    }
}

/// How a live window looks, besides its session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiveView {
    /// Size of the desktop window (px).
    pub window: (u32, u32),
    /// Show the photodiode patch (see [`super::photodiode`]).
    pub photodiode: bool,
}

/// What every live window adds: the drinks, the therapist's overlay, the photodiode
/// patch if asked for, closing the window ends the session, and the slot the outcome
/// leaves the app by.
pub fn add_live_view(
    app: &mut App,
    prepared: &PreparedSession,
    view: LiveView,
    extra_keys: Option<&'static str>,
    slot: &OutcomeSlot,
) {
    if view.photodiode {
        app.insert_resource(super::photodiode::PhotodiodeMode);
    }
    app.add_plugins(super::photodiode::plugin);
    let setup = &prepared.setup;
    app.insert_resource(DrinkCatalogue(setup.protocol.catalogue.clone()))
        .insert_resource(OverlayInfo {
            participant: setup.participant.to_string(),
            session: prepared.session,
            extra_keys,
        })
        .insert_resource(slot.clone())
        .add_systems(PreUpdate, close_ends_session);
}

/// The outcome a live app left in its slot once it has stopped.
pub fn outcome_after_run(slot: &OutcomeSlot) -> Result<SessionOutcome, PlayError> {
    let report = slot.take();
    match report.outcome {
        Some(outcome) => Ok(outcome),
        None if !report.began => Ok(SessionOutcome::NothingRecorded(
            "the session ended before it began; nothing was recorded".into(),
        )),
        None => Err(PlayError::Setup(
            "the window closed before the session could be closed; its finished trials are on disk and the participant's next session (or `vr-aat repair`) closes it as incomplete".into(),
        )),
    }
}

/// The flat-mode app exactly as `vr-aat play --flat` runs it: the live default plugins
/// with a window, the live plugins, the bar, the mouse-and-keys hand, the therapist's
/// view; the session begun. Run it with `app.run()`.
pub fn flat_app(prepared: &PreparedSession, view: LiveView, slot: &OutcomeSlot) -> Result<App, PlayError> {
    let setup = &prepared.setup;
    let mut app = App::new();
    app.add_plugins(live_default_plugins("vr-aat: flat mode", view.window))
        .insert_resource(slot.clone());
    start_live_session(&mut app, prepared)?;
    let cal = setup.calibration;
    let eye = Vec3::new(0.0, setup.body.eye_height_m as f32, 0.0);
    add_live_view(&mut app, prepared, view, None, slot);
    app.add_plugins((bar_plugin, flat_plugin, flat::plugin))
        .insert_resource(FlatHand::new(cal.hand_home, cal.forward, eye, setup.body.handedness));
    Ok(app)
}

/// Runs a flat (desktop) session to its end: recorded like any other session. The
/// caller checks for a GPU adapter ([`check_gpu`]) before it prepares the session, so
/// that nothing is prepared for a renderer that cannot start (`vr-aat play` does).
pub fn run_flat(prepared: &PreparedSession, view: LiveView) -> Result<SessionOutcome, PlayError> {
    check_display()?;
    let slot = OutcomeSlot::default();
    let mut app = flat_app(prepared, view, &slot)?;
    app.run();
    outcome_after_run(&slot)
}

/// What to capture.
#[derive(Resource, Clone, Debug)]
struct Capture {
    moment: Moment,
    out: PathBuf,
    requested: bool,
    done: bool,
    updates_after_done: u32,
    /// Frames drawn before the capture was requested.
    frames: u32,
}

fn moment_reached(moment: Moment, status: &SceneStatus, drinks: &[&Drink]) -> bool {
    let d = drinks.first();
    match moment {
        Moment::Instructions => status.panel.is_some() && status.now > 0.5,
        Moment::Stimulus => d.is_some_and(|d| d.state == DrinkState::Held && status.now - d.shown_at > 0.25),
        Moment::Push => d.is_some_and(|d| matches!(d.state, DrinkState::Leaving { kind: FeedbackKind::PushedAway, since, .. } if status.now - since > 0.2)),
        Moment::Pull => d.is_some_and(|d| matches!(d.state, DrinkState::Leaving { kind: FeedbackKind::PulledCloser, since, .. } if status.now - since > 0.2)),
        Moment::Wrong => status.hint.is_some() && d.is_some(),
        Moment::Timeout => d.is_some_and(|d| d.opacity < 0.6),
        Moment::Drinks => drinks.len() > 1,
        Moment::Questionnaire | Moment::Symptoms => status
            .question
            .as_deref()
            .is_some_and(|q| q.contains('●') || q.contains('▶')),
    }
}

fn capture(
    mut commands: Commands,
    mut capture: ResMut<Capture>,
    status: Res<SceneStatus>,
    drinks: Query<&Drink>,
    mut exit: MessageWriter<AppExit>,
    time: Res<Time<Real>>,
) {
    if capture.done {
        capture.updates_after_done += 1;
        if capture.updates_after_done > 2 {
            exit.write(AppExit::Success);
        }
        return;
    }
    if capture.requested {
        return;
    }
    capture.frames += 1;
    // (A lineup has no trial to wait for, and the first block's instructions stay up for
    // 30 s of display time: both are captured once the renderer has had time to compile
    // its pipelines and draw them for a few frames. A build without optimisation, as in
    // CI's window tests, compiles them slowly.)
    if matches!(capture.moment, Moment::Drinks | Moment::Instructions)
        && (capture.frames < 8 || time.elapsed_secs() < 10.0)
    {
        return;
    }
    let all: Vec<&Drink> = drinks.iter().collect();
    if moment_reached(capture.moment, &status, &all) {
        capture.requested = true;
        let path = capture.out.clone();
        commands
            .spawn(Screenshot::primary_window())
            .observe(save_to_disk(path))
            .observe(|_: On<ScreenshotCaptured>, mut c: ResMut<Capture>| c.done = true);
    }
}

/// Every drink on the counter for a contact sheet: matched pairs side by side (alcohol
/// left), four pairs in a back row and the rest in a front row, drinks without a partner
/// at the end.
fn lineup(commands: &mut Commands, catalogue: &Catalogue, layout: &SceneLayout) {
    let mut order: Vec<&vr_aat_core::data::Drink> = Vec::new();
    for d in catalogue.drinks.iter().filter(|d| d.category == Category::Alcohol) {
        order.push(d);
        if let Some(partner) = d.matched_with.as_deref().and_then(|m| catalogue.get(m)) {
            order.push(partner);
        }
    }
    for d in &catalogue.drinks {
        if !order.iter().any(|o| o.id == d.id) {
            order.push(d);
        }
    }
    let per_row = order.len().div_ceil(2);
    let right = layout.forward.cross(Vec3::Y).normalize_or(Vec3::X);
    let centre = lineup_centre(layout);
    for (i, d) in order.iter().enumerate() {
        let (row, col) = (i / per_row, i % per_row);
        // Pairs a little apart from each other; the front row nearer the patient.
        let x = (col as f32 - (per_row as f32 - 1.0) / 2.0) * 0.12 + if col % 2 == 0 { -0.012 } else { 0.012 };
        let at = centre + right * x - layout.forward * (row as f32 * 0.28);
        commands.spawn((
            Name::new(format!("drink {}", d.id)),
            Drink {
                trial: i as u32 + 1,
                stimulus_id: d.id.clone(),
                category: d.category,
                cue: None,
                shown_at: 0.0,
                state: DrinkState::Still,
                opacity: 1.0,
            },
            Transform::from_translation(at),
        ));
    }
}

/// The middle of the drinks lineup, on the counter in front of the patient.
fn lineup_centre(layout: &SceneLayout) -> Vec3 {
    Vec3::new(0.0, layout.drink_home.y, layout.drink_home.z) + layout.forward * 0.35
}

/// What a screenshot shows and where it goes.
#[derive(Clone, Debug)]
pub struct Shot {
    pub moment: Moment,
    /// The drink's id in the catalogue.
    pub drink: String,
    /// The PNG file to write.
    pub out: PathBuf,
    /// Draw the photodiode patch.
    pub photodiode: bool,
    /// The language of the texts on screen.
    pub language: vr_aat_core::locale::Language,
}

/// Renders the shot's moment with its drink and a synthetic patient in its language and
/// saves a PNG; with `photodiode`, the patch is drawn as in `play --photodiode`.
pub fn screenshot(
    shot: &Shot,
    catalogue: Catalogue,
    base: &Protocol,
    patient: PatientProfile,
) -> Result<(), PlayError> {
    let Shot {
        moment,
        drink,
        out,
        photodiode,
        language,
    } = shot.clone();
    let drink = drink.as_str();
    check_display()?;
    check_gpu()?;
    let def = catalogue
        .get(drink)
        .ok_or_else(|| PlayError::Setup(format!("--drink {drink}: no such drink in the catalogue")))?;
    let alcohol = def.category == Category::Alcohol;
    // A two-trial block with just this drink, mapped so the patient's movement gives the
    // feedback asked for.
    let push = !matches!(moment, Moment::Pull);
    let mut protocol = base.clone();
    protocol.sessions = 1;
    protocol.instruction = vr_aat_core::data::Instruction::StimulusRelevant;
    // The instruction panel (or a questionnaire before the trials) stays up, no drink.
    protocol.timing.block_break_s = if matches!(moment, Moment::Instructions | Moment::Questionnaire | Moment::Symptoms)
    {
        30.0
    } else {
        0.3
    };
    protocol.timing.iti_s = 0.3;
    protocol.blocks = vec![Block {
        name: "screenshot".into(),
        kind: BlockKind::Assessment,
        trials: 2,
        alcohol_share: if alcohol { 1.0 } else { 0.0 },
        alcohol_push_share: if push == alcohol { 1.0 } else { 0.0 },
        stimuli: BlockStimuli::Ids(vec![drink.to_owned()]),
        sessions: BlockSessions::All,
    }];
    let mut patient = patient;
    // A quick reader: the panel shows a choice within a second of display time.
    patient.answers.seconds_per_item = 0.5;
    patient.error_rate = if moment == Moment::Wrong { 1.0 } else { 0.0 };
    patient.miss_rate = if moment == Moment::Timeout { 1.0 } else { 0.0 };
    // A questionnaire is answered one frame per update (docs/design.md): at 30 Hz the
    // panel shows a choice after fewer frames drawn.
    let hz = if matches!(moment, Moment::Questionnaire | Moment::Symptoms) {
        30.0
    } else {
        90.0
    };
    let agent = Agent::new(patient.clone(), &protocol, hz, 1, 1).map_err(|e| PlayError::Setup(e.to_string()))?;
    let plan = plan_session(&protocol, &catalogue, 1, 1).map_err(|e| PlayError::Setup(e.to_string()))?;
    let config = EngineConfig::from_protocol(&protocol, agent.handedness(), agent.calibration(), hz);
    let layout = SceneLayout::new(&config, patient.body.eye_height_m as f32);
    let frames = agent.max_frames_per_update().min(3);
    let lineup_catalogue = catalogue.clone();
    let mut app = App::new();
    // Pipelines compiled in the frame that first needs them (Bevy's synchronous
    // compilation): the session advances by frames, not by the clock, so on a slow
    // machine the moment could otherwise come before the bar's pipelines are ready and
    // the picture show a half-drawn frame.
    app.add_plugins(
        DefaultPlugins
            .set(window_plugin("vr-aat: screenshot", (1280, 720)))
            .set(bevy::render::RenderPlugin {
                synchronous_pipeline_compilation: true,
                ..default()
            }),
    );
    app.add_plugins((
        vr_aat_runtime::app::core_plugin,
        vr_aat_runtime::scene::plugin,
        vr_aat_runtime::patient::plugin,
        bar_plugin,
        flat_plugin,
        super::photodiode::plugin,
    ))
    .insert_resource(layout)
    .insert_resource(vr_aat_runtime::texts::Texts::new(language))
    .insert_resource(DrinkCatalogue(catalogue))
    .insert_resource(Capture {
        moment,
        out: out.clone(),
        requested: false,
        done: false,
        updates_after_done: 0,
        frames: 0,
    })
    .add_systems(Last, capture);
    if photodiode {
        app.insert_resource(super::photodiode::PhotodiodeMode);
    }
    if moment == Moment::Drinks {
        // The drinks alone: no trials, no panel, no patient.
        let centre = lineup_centre(&layout);
        app.add_systems(Startup, move |mut commands: Commands| {
            lineup(&mut commands, &lineup_catalogue, &layout)
        })
        .add_systems(
            PostUpdate,
            move |mut camera: Query<&mut Transform, With<super::EyeCamera>>| {
                // A step back and up from the patient's seat, over the whole lineup.
                for mut tf in &mut camera {
                    *tf = Transform::from_translation(Vec3::new(centre.x, centre.y + 0.55, centre.z + 1.05))
                        .looking_at(centre - Vec3::Y * 0.05, Vec3::Y);
                }
            },
        );
    } else {
        app.insert_resource(ActiveSession(Engine::new(config, plan)))
            .insert_resource(SyntheticPatient {
                agent,
                frames_per_update: frames,
            });
    }
    // A questionnaire before the trials, answered by the synthetic patient.
    let questionnaire = match moment {
        Moment::Questionnaire => Some("craving-vas"),
        Moment::Symptoms => Some("ssq"),
        _ => None,
    };
    if let Some(name) = questionnaire {
        let path = PathBuf::from(format!(
            "{}questionnaires/{name}.ron",
            vr_aat_core::data::builtin::PREFIX
        ));
        let q = vr_aat_core::data::load_questionnaire(&path).map_err(|e| PlayError::Setup(e.to_string()))?;
        app.add_plugins(vr_aat_runtime::session::asking::plugin)
            .init_resource::<vr_aat_runtime::session::PauseCauses>()
            .init_resource::<vr_aat_runtime::session::EndRequested>()
            .insert_resource(vr_aat_runtime::session::asking::Asking::new(
                vec![(vr_aat_core::data::AskMoment::BeforeSession, q)],
                language,
                vr_aat_core::questionnaire::Controls::Mouse,
            ));
    }
    app.run();
    if out.is_file() {
        Ok(())
    } else {
        Err(PlayError::Setup(format!(
            "{}: the screenshot was not written",
            out.display()
        )))
    }
}
