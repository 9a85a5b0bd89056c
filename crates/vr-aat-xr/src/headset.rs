//! The headset session (feature `xr`), through bevy_mod_openxr: controller actions with
//! suggested bindings for the common interaction profiles, grip and head poses located
//! at the frame's predicted display time and fed to the input stream, the reach
//! calibration that starts the session, haptic pulses, the runtime's display times as
//! the frame clock, and OpenXR session states turned into pause, resume and end.
//!
//! The pure parts (bindings, pose mapping, lifecycle, calibration, haptics) live and
//! are unit-tested in `crate`; docs/headsets.md says what was run against which
//! runtime.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_mod_openxr::action_binding::{OxrSendActionBindings, OxrSuggestActionBinding};
use bevy_mod_openxr::action_set_attaching::OxrAttachActionSet;
use bevy_mod_openxr::action_set_syncing::{OxrActionSetSyncSet, OxrSyncActionSet};
use bevy_mod_openxr::exts::{OxrEnabledExtensions, OxrExtensions};
use bevy_mod_openxr::openxr_session_running;
use bevy_mod_openxr::poll_events::{OxrEventHandlerExt, OxrEventIn};
use bevy_mod_openxr::resources::{OxrFrameState, OxrInstance, Pipelined};
use bevy_mod_openxr::session::OxrSession;
use bevy_mod_xr::session::{XrSessionCreated, XrTrackingRoot, session_available};
use bevy_mod_xr::spaces::XrSpaceLocationFlags;

use bevy_mod_openxr::spaces::OxrSpaceLocationFlags;

use crate::answer_controls::AnswerControls;
use crate::bindings::{GRIP_POSE, HAPTIC, PROFILES, hand_path};
use crate::haptics::{self, Pulse};
use crate::lifecycle::{TrackingWatch, XrState, control_for, recenter_allowed};
use crate::pose::{ReferenceSpace, StageMapping, display_time_s, frame_display_time_ns, frames_skipped};
use vr_aat_core::records::EventKind;
use vr_aat_render::DrawSystems;
use vr_aat_runtime::input::{HandSample, Pose, PoseSample, PoseStream};
use vr_aat_runtime::live::calibrating::{
    self as calibration_phase, Calibrating, RuntimeDisplay, RuntimeTiming, TrackingDetail,
};
use vr_aat_runtime::recording::NoteEvent;
use vr_aat_runtime::scene::{PatientHand, SceneLayout, SceneStatus};
use vr_aat_runtime::schedule::{CoreSystems, CoreUpdate};
use vr_aat_runtime::session::asking::{AnswerInput, Asking};
use vr_aat_runtime::session::{PauseCause, SessionControl, SessionState, fail_session};
use vr_aat_runtime::texts::Texts;
use vr_aat_runtime::timing::{CoreCost, FrameClock};
use vr_aat_runtime::trial::{ActiveSession, DisplayChanged};

/// The controller actions (index 0 = left hand, 1 = right hand).
#[derive(Resource)]
struct Actions {
    set: openxr::ActionSet,
    pose: [openxr::Action<openxr::Posef>; 2],
    grip: [openxr::Action<f32>; 2],
    haptic: [openxr::Action<openxr::Haptic>; 2],
    /// Trigger and thumbstick x, for questionnaires.
    select: [openxr::Action<f32>; 2],
    stick_x: [openxr::Action<f32>; 2],
}

/// Which controller an entity follows (0 = left, 1 = right).
#[derive(Component)]
pub(crate) struct Controller(pub(crate) usize);

/// The head (the runtime's view space).
#[derive(Component)]
pub(crate) struct HeadSpace;

/// The session's clock, OpenXR state and tracking watch.
#[derive(Resource, Default)]
pub(crate) struct Clock {
    /// The first frame's submitted display time (ns), the zero of the session's times.
    start_ns: Option<i64>,
    last_t: f64,
    pub(crate) state: Option<XrState>,
    /// Holds the session while tracking is lost (see `crate::lifecycle::TrackingWatch`).
    tracking: TrackingWatch,
}

/// Adds the headset input source, haptics and session-state handling, and the reach
/// calibration that begins the session (`vr_aat_runtime::live::calibrating`).
pub fn plugin(app: &mut App) {
    app.add_plugins(calibration_phase::plugin)
        .init_resource::<Clock>()
        .init_resource::<StageFrame>()
        .add_systems(Startup, (create_actions.run_if(session_available), hold_until_focused))
        .add_systems(
            OxrSendActionBindings,
            suggest_bindings.run_if(resource_exists::<Actions>),
        )
        .add_systems(
            XrSessionCreated,
            (attach_actions, spawn_spaces).run_if(resource_exists::<Actions>),
        )
        .add_systems(
            PreUpdate,
            sync_actions
                .before(OxrActionSetSyncSet)
                .run_if(openxr_session_running.and_then(resource_exists::<Actions>)),
        )
        .add_systems(
            CoreUpdate,
            (
                recenter_key,
                display_rate,
                headset_input.run_if(openxr_session_running.and_then(resource_exists::<Actions>)),
                headset_answers.run_if(
                    openxr_session_running
                        .and_then(resource_exists::<Actions>)
                        .and_then(resource_exists::<Asking>),
                ),
                align_tracking_root.run_if(resource_changed::<StageFrame>),
            )
                .chain()
                .in_set(CoreSystems::Input)
                .before(calibration_phase::calibrate),
        )
        .add_systems(
            CoreUpdate,
            pulse
                .in_set(DrawSystems::Dress)
                .run_if(openxr_session_running.and_then(resource_exists::<Actions>)),
        )
        .add_oxr_event_handler(session_state);
}

/// The OpenXR reference space for a stance: standing uses STAGE (the floor as the
/// runtime knows it from the room setup); sitting uses LOCAL (the head's starting
/// position, no room setup needed), with the floor `eye_height_m` below the eyes.
pub fn reference_space(standing: bool, eye_height_m: f32) -> (openxr::ReferenceSpaceType, ReferenceSpace) {
    if standing {
        (openxr::ReferenceSpaceType::STAGE, ReferenceSpace::Floor)
    } else {
        (
            openxr::ReferenceSpaceType::LOCAL,
            ReferenceSpace::Seated { eye_height_m },
        )
    }
}

/// From the runtime's reference space to the stage frame: which space poses come in
/// (the caller inserts it for the stance; STAGE by default) and the recentering, set on
/// the head's first tracked pose and cleared by the recenter key. Changing it moves the
/// XR tracking root (see `align_tracking_root`).
#[derive(Resource, Clone, Copy, Debug)]
pub struct StageFrame {
    space: ReferenceSpace,
    recentred: Option<StageMapping>,
}

impl StageFrame {
    pub fn new(space: ReferenceSpace) -> Self {
        Self { space, recentred: None }
    }

    /// The mapping in use: the recentred one, or the plain space until the head is tracked.
    fn mapping(&self) -> StageMapping {
        self.recentred.unwrap_or_else(|| StageMapping::new(self.space))
    }
}

impl Default for StageFrame {
    fn default() -> Self {
        Self::new(ReferenceSpace::Floor)
    }
}

/// A setup failure the session cannot go on from: reported by `vr-aat play`, no panic.
fn fail(commands: &mut Commands, what: &str, e: impl std::fmt::Display) {
    let message = format!("{what}: {e}");
    commands.queue(move |world: &mut World| fail_session(world, message));
}

/// A headset session starts held ([`PauseCause::HeadsetNotFocused`]) until the runtime
/// first gives the app focus.
fn hold_until_focused(mut control: MessageWriter<SessionControl>) {
    control.write(SessionControl::Pause(PauseCause::HeadsetNotFocused));
}

fn create_actions(instance: Res<OxrInstance>, mut commands: Commands) {
    let made = (|| -> openxr::Result<Actions> {
        let set = instance.create_action_set("vr_aat", "vr-aat", 0)?;
        Ok(Actions {
            pose: [
                set.create_action("left_grip_pose", "Left grip pose", &[])?,
                set.create_action("right_grip_pose", "Right grip pose", &[])?,
            ],
            grip: [
                set.create_action("left_grip", "Left grip", &[])?,
                set.create_action("right_grip", "Right grip", &[])?,
            ],
            haptic: [
                set.create_action("left_haptic", "Left haptic", &[])?,
                set.create_action("right_haptic", "Right haptic", &[])?,
            ],
            select: [
                set.create_action("left_select", "Left trigger", &[])?,
                set.create_action("right_select", "Right trigger", &[])?,
            ],
            stick_x: [
                set.create_action("left_stick_x", "Left thumbstick left-right", &[])?,
                set.create_action("right_stick_x", "Right thumbstick left-right", &[])?,
            ],
            set,
        })
    })();
    match made {
        Ok(actions) => commands.insert_resource(actions),
        Err(e) => fail(&mut commands, "the OpenXR runtime refused the controller actions", e),
    }
}

/// The OpenXR extensions vr-aat asks for: the controller profiles beyond the core
/// specification (enabled only where the runtime has them). No hand tracking.
pub fn extensions() -> OxrExtensions {
    let mut exts = OxrExtensions::default();
    exts.disable_hand_tracking();
    exts.raw_mut().ext_hp_mixed_reality_controller = true;
    exts.raw_mut().bd_controller_interaction = true;
    exts
}

fn extension_enabled(enabled: &OxrEnabledExtensions, name: &str) -> bool {
    match name {
        "XR_EXT_hp_mixed_reality_controller" => enabled.raw().ext_hp_mixed_reality_controller,
        "XR_BD_controller_interaction" => enabled.raw().bd_controller_interaction,
        _ => false,
    }
}

fn suggest_bindings(
    actions: Res<Actions>,
    enabled: Res<OxrEnabledExtensions>,
    mut bindings: MessageWriter<OxrSuggestActionBinding>,
) {
    for profile in PROFILES {
        if profile.extension.is_some_and(|ext| !extension_enabled(&enabled, ext)) {
            continue;
        }
        for (i, side) in ["left", "right"].into_iter().enumerate() {
            let mut suggest = |action: openxr::sys::Action, input: &str| {
                bindings.write(OxrSuggestActionBinding {
                    action,
                    interaction_profile: profile.profile.into(),
                    bindings: vec![hand_path(side, input).into()],
                });
            };
            suggest(actions.pose[i].as_raw(), GRIP_POSE);
            suggest(actions.grip[i].as_raw(), profile.grip_input);
            suggest(actions.haptic[i].as_raw(), HAPTIC);
            suggest(actions.select[i].as_raw(), profile.select_input);
            if let Some(stick) = profile.stick_x_input {
                suggest(actions.stick_x[i].as_raw(), stick);
            }
        }
    }
}

fn attach_actions(actions: Res<Actions>, mut attach: MessageWriter<OxrAttachActionSet>) {
    attach.write(OxrAttachActionSet(actions.set.clone()));
}

fn sync_actions(actions: Res<Actions>, mut sync: MessageWriter<OxrSyncActionSet>) {
    sync.write(OxrSyncActionSet(actions.set.clone()));
}

fn spawn_spaces(actions: Res<Actions>, session: Res<OxrSession>, mut commands: Commands) {
    for (i, action) in actions.pose.iter().enumerate() {
        match session.create_action_space(action, openxr::Path::NULL, Isometry3d::IDENTITY) {
            Ok(space) => {
                commands.spawn((Controller(i), space, Transform::default()));
            }
            Err(e) => return fail(&mut commands, "the OpenXR runtime refused a controller space", e),
        }
    }
    match session.create_reference_space(openxr::ReferenceSpaceType::VIEW, Isometry3d::IDENTITY) {
        Ok(view) => {
            commands.spawn((HeadSpace, view.0, Transform::default()));
        }
        Err(e) => fail(&mut commands, "the OpenXR runtime refused the head (view) space", e),
    }
}

/// The runtime's display period: the rate recorded with the session (which begins
/// after the calibration), and the period the frame clock and the core-cost stopwatch
/// compare with.
fn display_rate(
    frame: Option<Res<OxrFrameState>>,
    display: Option<Res<RuntimeDisplay>>,
    clocks: (Option<ResMut<FrameClock>>, Option<ResMut<CoreCost>>),
    mut commands: Commands,
) {
    let Some(frame) = frame else { return };
    let period_ns = frame.predicted_display_period.as_nanos();
    if period_ns <= 0 {
        return;
    }
    let hz = 1e9 / period_ns as f64;
    if display.as_ref().is_some_and(|d| (d.hz - hz).abs() <= 0.01 * d.hz) {
        return;
    }
    if display.is_none() {
        info!("runtime display rate {hz:.1} Hz");
    }
    commands.insert_resource(RuntimeDisplay { hz });
    let (clock, cost) = clocks;
    if let Some(mut clock) = clock {
        clock.period_s = 1.0 / hz;
    }
    if let Some(mut cost) = cost {
        cost.period_s = 1.0 / hz;
    }
}

/// C (therapist's keyboard): recenter on the patient's current head pose, only while
/// calibrating (it also starts the calibration again) or paused: mid-trial the hand
/// would jump and could fire a false movement onset. Logged as an event.
fn recenter_key(
    keys: Res<ButtonInput<KeyCode>>,
    state: Res<State<SessionState>>,
    mut stage: ResMut<StageFrame>,
    calibrating: Option<ResMut<Calibrating>>,
    mut status: ResMut<SceneStatus>,
    mut notes: MessageWriter<NoteEvent>,
    texts: Res<Texts>,
) {
    if !keys.just_pressed(KeyCode::KeyC) {
        return;
    }
    if !recenter_allowed(*state.get()) {
        warn!("C (recenter) works while paused or calibrating: press P first");
        status.hint = Some(texts.text("overlay-recenter-pause-first"));
        return;
    }
    stage.recentred = None;
    if let Some(mut c) = calibrating {
        c.reach.restart();
        status.panel = None; // the calibration shows its first step again
    }
    notes.write(NoteEvent {
        event: EventKind::Recentered,
        detail: "by the therapist, on the head's next tracked pose".to_owned(),
    });
    info!("recentering on the head's next tracked pose");
}

/// The frame being prepared: its predicted time and whether rendering is pipelined.
#[derive(SystemParam)]
struct XrFrame<'w> {
    state: Res<'w, OxrFrameState>,
    pipelined: Option<Res<'w, Pipelined>>,
}

impl XrFrame<'_> {
    /// The display time (ns, the runtime's clock) this update's frame is submitted for.
    fn submitted_ns(&self) -> i64 {
        self.state.predicted_display_time.as_nanos()
    }

    /// The time (ns) bevy_mod_openxr locates the controllers and the head at for this
    /// update: one display period later under pipelined rendering.
    fn poses_ns(&self) -> i64 {
        frame_display_time_ns(
            self.state.predicted_display_time.as_nanos(),
            self.state.predicted_display_period.as_nanos(),
            self.pipelined.is_some(),
        )
    }
}

/// Where the headset input writes: the pose stream, and the messages a frame can raise.
#[derive(SystemParam)]
struct InputOut<'w, 's> {
    stream: ResMut<'w, PoseStream>,
    notes: MessageWriter<'w, NoteEvent>,
    control: MessageWriter<'w, SessionControl>,
    /// Why tracking is not good enough, for the therapist.
    detail: ResMut<'w, TrackingDetail>,
    /// Where the runtime's clock is recorded with the session: inserted on the first
    /// frame, its pose lead kept current (a runtime can change its frame period).
    commands: Commands<'w, 's>,
    timing: Option<ResMut<'w, RuntimeTiming>>,
}

/// The controllers on the questionnaire on screen: either hand's trigger presses, its
/// thumbstick steps, and the responding hand's ray points at the panel
/// ([`crate::answer_controls`]).
#[allow(clippy::too_many_arguments)]
fn headset_answers(
    (session, actions): (Res<OxrSession>, Res<Actions>),
    (asking, clock, stage): (Res<Asking>, Res<Clock>, Res<StageFrame>),
    layout: Option<Res<SceneLayout>>,
    live: Option<Res<ActiveSession>>,
    controllers: Query<(&Controller, &Transform, &XrSpaceLocationFlags)>,
    mut controls: Local<AnswerControls>,
    mut item: Local<Option<(String, vr_aat_core::questionnaire::Page)>>,
    mut out: MessageWriter<AnswerInput>,
) {
    let Some((_, form)) = asking.form() else {
        *item = None;
        return;
    };
    let now = Some((form.questionnaire().id.clone(), form.page()));
    if *item != now {
        *item = now;
        controls.new_item();
    }
    let value = |a: &openxr::Action<f32>| a.state(&session, openxr::Path::NULL).map_or(0.0, |s| s.current_state);
    let trigger = value(&actions.select[0]).max(value(&actions.select[1]));
    let (l, r) = (value(&actions.stick_x[0]), value(&actions.stick_x[1]));
    let stick = if l.abs() > r.abs() { l } else { r };
    let dominant = live.map_or(1, |s| match s.config().dominant {
        vr_aat_core::data::Handedness::Left => 0,
        vr_aat_core::data::Handedness::Right => 1,
    });
    let mapping = stage.mapping();
    let pointed = layout.as_deref().and_then(|layout| {
        let (_, tf, flags) = controllers.iter().find(|(c, ..)| c.0 == dominant)?;
        if !flags.position_tracked {
            return None;
        }
        layout.pointed_fraction(&mapping.to_stage(tf.translation, tf.rotation))
    });
    for action in controls.update(clock.last_t, trigger, stick, pointed) {
        out.write(AnswerInput(action));
    }
}

/// One pose sample per frame: its frame's display time (the time the frame is submitted
/// for), the time the crate located the spaces at (one period later under pipelined
/// rendering), and the poses from the reference space in the stage frame (recentred on
/// the head's first tracked pose).
fn headset_input(
    frame: XrFrame,
    (session, actions): (Res<OxrSession>, Res<Actions>),
    (mut clock, mut stage): (ResMut<Clock>, ResMut<StageFrame>),
    controllers: Query<(
        &Controller,
        &Transform,
        &XrSpaceLocationFlags,
        Option<&OxrSpaceLocationFlags>,
    )>,
    head: Query<(&Transform, &XrSpaceLocationFlags, Option<&OxrSpaceLocationFlags>), With<HeadSpace>>,
    live: Option<Res<ActiveSession>>,
    mut out: InputOut,
) {
    // Times since the first frame's submitted display time: the frame's own display
    // time (the stimulus onset) and the time the poses are for.
    let pose_lead_s = (frame.poses_ns() - frame.submitted_ns()) as f64 * 1e-9;
    let start = match clock.start_ns {
        Some(start) => start,
        None => {
            let start = frame.submitted_ns();
            clock.start_ns = Some(start);
            // The LSL clock at that display time, estimated: xrWaitFrame returned about
            // one display period before the time it predicts (exact would be
            // XR_KHR_convert_timespec_time, not yet used; docs/lab.md).
            let period_s = frame.state.predicted_display_period.as_nanos() as f64 * 1e-9;
            out.commands.insert_resource(RuntimeTiming {
                zero_ns: start,
                pose_lead_s,
                lsl_zero_s: Some(vr_aat_runtime::lsl::lsl_clock() + period_s),
            });
            start
        }
    };
    if let Some(timing) = out.timing.as_mut()
        && timing.pose_lead_s != pose_lead_s
    {
        timing.pose_lead_s = pose_lead_s;
    }
    let frame_t = display_time_s(frame.submitted_ns(), start) + 1e-6;
    let t = display_time_s(frame.poses_ns(), start) + 1e-6;
    if frame_t <= clock.last_t {
        return;
    }
    // Display frames the runtime skipped (the app missed its frame while the patient
    // watched): an event here; the engine flags the trial from the frame times itself.
    let period_s = frame.state.predicted_display_period.as_nanos() as f64 * 1e-9;
    let skipped = frames_skipped(clock.last_t, frame_t, period_s);
    if clock.last_t > 0.0 && skipped > 0 {
        out.notes.write(NoteEvent {
            event: EventKind::FramesSkipped,
            detail: format!("{skipped} display frame(s) skipped before this one"),
        });
    }
    clock.last_t = frame_t;
    let head_now = head.single().ok();
    if stage.recentred.is_none()
        && let Some((tf, flags, _)) = head_now
        && flags.position_tracked
    {
        let mut m = StageMapping::new(stage.space);
        m.recenter(tf.translation, tf.rotation);
        stage.recentred = Some(m);
    }
    let mapping = stage.mapping();
    let mut hands = [HandSample {
        pose: Pose::IDENTITY,
        tracked: false,
        grip: false,
    }; 2];
    let mut estimated = Vec::new();
    for (c, tf, flags, raw) in &controllers {
        if raw.is_some_and(|r| r.pos_valid() && !r.pos_tracked()) {
            estimated.push(if c.0 == 0 {
                "left controller"
            } else {
                "right controller"
            });
        }
        let grip = actions.grip[c.0]
            .state(&session, openxr::Path::NULL)
            .map_or(0.0, |s| s.current_state);
        hands[c.0] = HandSample {
            pose: mapping.to_stage(tf.translation, tf.rotation),
            tracked: flags.position_tracked,
            grip: grip > 0.5,
        };
    }
    let (head_pose, head_tracked) = head_now.map_or((Pose::IDENTITY, false), |(tf, f, raw)| {
        if raw.is_some_and(|r| r.pos_valid() && !r.pos_tracked()) {
            estimated.insert(0, "headset");
        }
        (mapping.to_stage(tf.translation, tf.rotation), f.position_tracked)
    });
    let why = (!estimated.is_empty()).then(|| {
        format!(
            "the runtime reports the {} position as estimated: valid, but not tracked",
            estimated.join(" and ")
        )
    });
    if out.detail.0 != why {
        out.detail.0 = why;
    }
    let sample = PoseSample {
        t,
        frame_t,
        head: head_pose,
        head_tracked,
        left: hands[0],
        right: hands[1],
    };
    // Lost tracking holds a running session; tracking back clears that cause (the
    // session resumes when no other cause holds it).
    if let Some(live) = live {
        let tracked = head_tracked && sample.hand(live.config().dominant).tracked;
        if let Some(request) = clock.tracking.update(t, tracked) {
            out.control.write(request);
        }
    }
    if let Err(e) = out.stream.push(sample) {
        warn!("headset sample dropped: {e}");
    }
}

/// Places the XR tracking root (the parent of the headset's cameras and spaces) at the
/// stage mapping, so that the bar is drawn where the input stream puts it. Runs when
/// the [`StageFrame`] changes (recentering), not every frame.
fn align_tracking_root(stage: Res<StageFrame>, mut root: Query<&mut Transform, With<XrTrackingRoot>>) {
    let (rotation, translation) = stage.mapping().as_rotation_translation();
    for mut tf in &mut root {
        tf.rotation = rotation;
        tf.translation = translation;
    }
}

/// Haptic pulses on the responding controller (see `crate::haptics`).
fn pulse(
    actions: Res<Actions>,
    session: Res<OxrSession>,
    live: Option<Res<ActiveSession>>,
    hand: Query<&PatientHand>,
    mut display: MessageReader<DisplayChanged>,
    mut pulsed: Local<bool>,
) {
    let Some(live) = live else { return };
    let side = match live.config().dominant {
        vr_aat_core::data::Handedness::Left => 0,
        vr_aat_core::data::Handedness::Right => 1,
    };
    let mut pulses: Vec<Pulse> = Vec::new();
    for change in display.read() {
        if matches!(change.0, vr_aat_runtime::trial::DisplayChange::StimulusShown { .. }) {
            *pulsed = false; // a new trial: its contact pulse is still to come
        }
        pulses.extend(haptics::on_display(&change.0));
    }
    let touching = hand.iter().any(|h| h.contact);
    if let Some(p) = haptics::on_contact(touching, live.movement_started(), *pulsed) {
        *pulsed = true;
        pulses.push(p);
    }
    for p in pulses {
        let vibration = openxr::HapticVibration::new()
            .amplitude(p.amplitude)
            .duration(openxr::Duration::from_nanos(p.duration_ns))
            .frequency(openxr::FREQUENCY_UNSPECIFIED);
        if let Err(e) = actions.haptic[side].apply_feedback(&session, openxr::Path::NULL, &vibration) {
            warn!("haptic pulse refused by the runtime: {e}");
        }
    }
}

/// OpenXR session states to pause, resume and end (see `crate::lifecycle`).
/// Every change is also an `xr_state` event in `events.csv` once recording has begun.
fn session_state(
    event: OxrEventIn,
    mut clock: ResMut<Clock>,
    mut control: MessageWriter<SessionControl>,
    mut notes: MessageWriter<NoteEvent>,
) {
    if let openxr::Event::SessionStateChanged(change) = *event {
        let to = match change.state() {
            openxr::SessionState::IDLE => XrState::Idle,
            openxr::SessionState::READY => XrState::Ready,
            openxr::SessionState::SYNCHRONIZED => XrState::Synchronized,
            openxr::SessionState::VISIBLE => XrState::Visible,
            openxr::SessionState::FOCUSED => XrState::Focused,
            openxr::SessionState::STOPPING => XrState::Stopping,
            openxr::SessionState::LOSS_PENDING => XrState::LossPending,
            _ => XrState::Exiting,
        };
        info!("OpenXR session state: {to:?}");
        notes.write(NoteEvent {
            event: EventKind::XrState,
            detail: format!("{:?}", change.state()),
        });
        if let Some(c) = control_for(clock.state.unwrap_or(XrState::Idle), to) {
            control.write(c);
        }
        clock.state = Some(to);
    }
}
